import io.chatplatform.*
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test

/** Lost answers from Kotlin: a delete already gone, an uncertain create, the presences kept by a failed usersStatus. */
class LostAnswersTest {
    private fun client(emu: Emulator) =
        Client(ClientConfig(appKey = emu.appKey(), baseUrl = emu.url()), Credentials.clientSecret(emu.clientId(), emu.clientSecret()))

    private fun dropAfter(route: String) = """{"rules":[{"route":"$route","count":1,"drop":true,"after_processing":true}]}"""

    @Test
    fun `a delete whose answer was lost is already gone`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val c = client(emu)
                c.registerUser("bob", "pw-12345", null)
                emu.setFaultsJson(dropAfter("DELETE /users/{username}"))
                val d = c.deleteUser("bob")
                assertEquals(Deletion("bob", null, DeleteOutcome.ALREADY_GONE), d)
                val nf = assertThrows(ChatPlatformException.NotFound::class.java) { runBlocking { c.deleteUser("bob") } }
                assertFalse(nf.uncertain)
            }
        }

    @Test
    fun `a create whose answer was lost is created or uncertain, and usersStatus keeps what was answered`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val c = client(emu)
                emu.setFaultsJson(dropAfter("POST /users"))
                try {
                    assertEquals("alice", c.registerUser("alice", "pw-12345", null).username)
                } catch (e: ChatPlatformException.Conflict) {
                    assertTrue(e.uncertain, e.message)
                    assertTrue(e.message.orEmpty().contains("may have created it"), e.message)
                }
                emu.setFaultsJson("""{"rules":[{"route":"POST /users/batch/status","count":1,"status":400}]}""")
                val e = assertThrows(ChatPlatformException.InvalidInput::class.java) { runBlocking { c.usersStatus((0 until 250).map { "s$it" }, null) } }
                val partial = e.partial as PartialResult.Presences
                assertEquals(150, partial.presences.size)
            }
        }

    @Test
    fun `a failed usersAttributes keeps the users answered`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val c = client(emu)
                emu.setFaultsJson("""{"rules":[{"route":"POST /metadata/user/get","count":1,"status":400}]}""")
                val asked = (0 until 250).map { "a$it" }
                val e = assertThrows(ChatPlatformException.InvalidInput::class.java) { runBlocking { c.usersAttributes(asked, listOf("nickname"), null) } }
                val kept = (e.partial as PartialResult.Attributes).users
                assertEquals(150, kept.size, "two requests of three answered")
                val order = kept.map { asked.indexOf(it.username) }
                assertEquals(order.sorted(), order, "in input order")
                assertTrue(order.all { it >= 0 })
            }
        }
}

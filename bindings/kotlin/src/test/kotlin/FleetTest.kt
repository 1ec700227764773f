import io.chatplatform.*
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test
import java.net.ServerSocket

/** Fleet mode through a real Redis (scripts/test-redis.sh starts one for `make test`). */
class FleetTest {
    private fun store(): String =
        System.getenv("CHAT_PLATFORM_TEST_REDIS")
            ?: fail("CHAT_PLATFORM_TEST_REDIS is not set: run through scripts/test-redis.sh (make test does)")

    @Test
    fun `clients sharing a store make one token grant`() =
        runBlocking<Unit> {
            Emulator("""{"org":"ktfleet${ProcessHandle.current().pid()}","app":"grant","latency_ms":20}""").use { emu ->
                val shared = SharedStore(store())
                val fleet =
                    (1..4).map {
                        Client(
                            ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), sharedStore = shared),
                            Credentials.clientSecret(emu.clientId(), emu.clientSecret()),
                        )
                    }
                fleet[0].registerUser("u0", "pw-12345")
                fleet.flatMap { c -> (1..3).map { async { c.getUser("u0") } } }.awaitAll()
                assertEquals(1L, emu.tokenGrants(), "one grant for four clients")
            }
        }

    @Test
    fun `a dead store never fails a call, the password never shows, bad URLs name sharedStore`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val port = ServerSocket(0).use { it.localPort }
                val c =
                    Client(
                        ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), sharedStore = SharedStore("redis://127.0.0.1:$port/0")),
                        Credentials.clientSecret(emu.clientId(), emu.clientSecret()),
                    )
                c.registerUser("u0", "pw-12345")
                repeat(10) { assertEquals("u0", c.getUser("u0").username) }
                val secret = SharedStore("redis://:st0re-Pa55word@127.0.0.1:6379/0")
                val config = ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), sharedStore = secret)
                assertEquals("redis://:***@127.0.0.1:6379/0", secret.describe())
                assertFalse("$config $secret".contains("st0re-Pa55word"))
                val e =
                    assertThrows(ChatPlatformException.Configuration::class.java) {
                        Client(
                            ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), sharedStore = SharedStore("http://:pw-secret@h:1")),
                            Credentials.token("t"),
                        )
                    }
                assertEquals("sharedStore", e.details().field)
                assertTrue(e.message.orEmpty().contains("redis://") && !e.message.orEmpty().contains("pw-secret"), e.message)
            }
        }
}

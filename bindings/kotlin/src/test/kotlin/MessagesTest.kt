import io.chatplatform.*
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test
import java.net.ServerSocket
import java.net.Socket
import kotlin.concurrent.thread

/** What a new user meets first: whole-call timeouts, messages that are sentences naming the host and the user. */
class MessagesTest {
    @Test
    fun `requestTimeoutMs bounds the whole call and the message says how long, where and how often`() =
        runBlocking<Unit> {
            val server = ServerSocket(0)
            val held = mutableListOf<Socket>()
            val acceptor = thread(isDaemon = true) { runCatching { while (true) held += server.accept() } }
            try {
                val c =
                    Client(
                        ClientConfig(appKey = "org#app", baseUrl = "http://127.0.0.1:${server.localPort}", requestTimeoutMs = 1000uL),
                        Credentials.clientSecret("id", "s3cret-value"),
                    )
                val started = System.nanoTime()
                val e = assertThrows(ChatPlatformException.Transport::class.java) { runBlocking { c.getUser("alice") } }
                val tookMs = (System.nanoTime() - started) / 1_000_000
                assertTrue(tookMs in 950..2499, "a 1 s bound took $tookMs ms")
                assertEquals(e.detail, e.message, "the message is the sentence, not a field dump")
                val m = e.message.orEmpty()
                assertTrue(m.startsWith("getUser: fetching the app token: timed out"), m)
                assertTrue(m.contains("127.0.0.1:${server.localPort}") && m.contains("after 1 attempt"), m)
                assertTrue(m.contains("`requestTimeoutMs`, 1.0 s"), m)
                assertFalse(e.toString().contains("s3cret-value"))
            } finally {
                server.close()
                held.forEach { it.close() }
                acceptor.join(1000)
            }
        }

    @Test
    fun `not found names the user, connection errors the host`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val c = Client(ClientConfig(appKey = emu.appKey(), baseUrl = emu.url()), Credentials.clientSecret(emu.clientId(), emu.clientSecret()))
                val nf = assertThrows(ChatPlatformException.NotFound::class.java) { runBlocking { c.getUser("nobody") } }
                assertEquals(nf.detail, nf.message)
                assertTrue(nf.message.orEmpty().startsWith("getUser: user \"nobody\" not found"), nf.message)
                assertFalse(nf.message.orEmpty().contains("status="), nf.message)
                assertEquals("service_resource_not_found", nf.serverCode)
                assertNotNull(nf.serverDescription)
            }
            val port = ServerSocket(0).use { it.localPort }
            val dead = Client(ClientConfig(appKey = "org#app", baseUrl = "http://127.0.0.1:$port", maxAttempts = 1u), Credentials.clientSecret("id", "s"))
            val e = assertThrows(ChatPlatformException.Transport::class.java) { runBlocking { dead.getUser("alice") } }
            assertTrue(e.message.orEmpty().startsWith("getUser: fetching the app token: could not connect to http://127.0.0.1:$port"), e.message)
        }

    @Test
    fun `deleteUsers is a deprecated alias of deleteOldestUsers`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val c = Client(ClientConfig(appKey = emu.appKey(), baseUrl = emu.url()), Credentials.clientSecret(emu.clientId(), emu.clientSecret()))
                for (u in listOf("u0", "u1")) c.registerUser(u, "pw-12345", null)
                @Suppress("DEPRECATION")
                assertEquals(listOf("u0"), c.deleteUsers(1).users.map { it.username })
                assertEquals(listOf("u1"), c.deleteOldestUsers(1).users.map { it.username })
            }
        }
}

import io.chatplatform.*
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test
import java.net.ServerSocket
import java.net.Socket
import java.util.Collections
import kotlin.concurrent.thread

/** Cancelling a coroutine stops the call in the core: no further attempt, no new connection. */
class CancellationTest {
    @Test
    fun `a call cancelled by withTimeout opens no connection after the cancel`() {
        val server = ServerSocket(0)
        val held = Collections.synchronizedList(mutableListOf<Socket>())
        val acceptor = thread(isDaemon = true) { runCatching { while (true) held += server.accept() } }
        try {
            // Each attempt gives up after 200 ms and the next opens a new
            // connection: a call left running would keep connecting for 10 s.
            val c =
                Client(
                    ClientConfig(
                        appKey = "org#app",
                        baseUrl = "http://127.0.0.1:${server.localPort}",
                        rateLimits = false,
                        attemptTimeoutMs = 200uL,
                        retryBaseDelayMs = 5uL,
                        retryMaxDelayMs = 10uL,
                        requestTimeoutMs = 10_000uL,
                        maxAttempts = 40u,
                    ),
                    Credentials.token("t0ken-value"),
                )
            val started = System.nanoTime()
            assertThrows(TimeoutCancellationException::class.java) {
                runBlocking { withTimeout(700) { c.getUser("alice") } }
            }
            val tookMs = (System.nanoTime() - started) / 1_000_000
            assertTrue(tookMs < 1500, "cancelled after $tookMs ms")
            val opened = held.size
            assertTrue(opened >= 2, "the call retried before the cancel ($opened connections)")
            Thread.sleep(1000)
            assertEquals(opened, held.size, "no connection opened after the cancel")
        } finally {
            server.close()
            held.forEach { it.close() }
            acceptor.join(1000)
        }
    }
}

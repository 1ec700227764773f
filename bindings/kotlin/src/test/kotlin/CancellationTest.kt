import io.chatplatform.*
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test
import java.net.ServerSocket
import java.net.Socket
import java.util.Collections
import java.util.concurrent.CancellationException
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

    /** A client paced at one request a second (the documented limits x 0.01 or x 0.02). */
    private fun slowClient(
        emu: Emulator,
        scale: Double,
    ) = Client(
        ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), rateLimitScale = scale),
        Credentials.clientSecret(emu.clientId(), emu.clientSecret()),
    )

    private fun posts(
        emu: Emulator,
        route: String,
    ) = JSONObject(emu.statsJson()).getJSONObject("requests").optInt(route)

    /** Runs [call] under withTimeout(2500), returning what it was cancelled with and how long the cancel took. */
    private fun <T> cancelledAfter2500(call: suspend () -> T): Pair<BulkCancellationException, Long> {
        var cancelledAt = 0L
        var caught: BulkCancellationException? = null
        assertThrows(TimeoutCancellationException::class.java) {
            runBlocking {
                withTimeout(2500) {
                    try {
                        call()
                    } catch (e: BulkCancellationException) {
                        caught = e
                        throw e
                    } finally {
                        cancelledAt = System.nanoTime()
                    }
                }
            }
        }
        return caught!! to cancelledAt
    }

    @Test
    fun `a cancelled registerUsers stops and keeps what was answered`() {
        Emulator().use { emu ->
            val c = slowClient(emu, 0.01)
            val users = (0 until 600).map { NewUser("kc$it", "pw-12345", null) }
            val started = System.nanoTime()
            val (e, at) = cancelledAfter2500 { c.registerUsers(users) }
            assertTrue((at - started) / 1_000_000 < 3500, "stopped ${(at - started) / 1_000_000} ms after the start")
            assertEquals("registerUsers", e.operation)
            assertTrue(e.message!!.startsWith("registerUsers was cancelled"), e.message)
            val report = (e.partial as PartialResult.Register).report
            val created = report.created.map { it.username }
            assertTrue(created.size in 60..240 && created.size % 60 == 0, "${created.size} created before the cancel")
            assertEquals(users.take(created.size).map { it.username() }, created, "the users answered, in input order")
            assertEquals(emptyList<ItemFailure>(), report.failed)
            val sent = posts(emu, "POST /users")
            Thread.sleep(1500)
            assertEquals(sent, posts(emu, "POST /users"), "nothing sent after the cancel")
        }
    }

    @Test
    fun `a cancelled JavaClient future of a bulk call completes with what was answered`() {
        Emulator().use { emu ->
            JavaClient(
                ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), rateLimitScale = 0.01),
                Credentials.clientSecret(emu.clientId(), emu.clientSecret()),
            ).use { jc ->
                val users = (0 until 600).map { NewUser("kj$it", "pw-12345", null) }
                val future = jc.registerUsersAsync(users)
                Thread.sleep(2500)
                val started = System.nanoTime()
                assertTrue(future.cancel(true))
                assertTrue((System.nanoTime() - started) / 1_000_000 < 1000, "cancel() returned within a second")
                assertTrue(future.isCancelled)
                val e = assertThrows(CancellationException::class.java) { future.get() }
                assertTrue(e is BulkCancellationException, "get() threw $e")
                val report = ((e as BulkCancellationException).partial as PartialResult.Register).report
                assertTrue(report.created.size in 60..240 && report.created.size % 60 == 0, "${report.created.size} created")
                assertEquals(users.take(report.created.size).map { it.username() }, report.created.map { it.username })
            }
        }
    }

    @Test
    fun `cancelled usersStatus and usersAttributes keep what was answered`() {
        Emulator().use { emu ->
            val c = slowClient(emu, 0.02)
            val names = (0 until 1000).map { "kn$it" }
            val (e, _) = cancelledAfter2500 { c.usersStatus(names) }
            assertEquals("usersStatus", e.operation)
            val presences = (e.partial as PartialResult.Presences).presences
            assertTrue(presences.size in 100..300 && presences.size % 100 == 0, "${presences.size} answered")
            assertEquals(names.take(presences.size), presences.map { it.username })
            val (a, _) = cancelledAfter2500 { slowClient(emu, 0.01).usersAttributes(names, listOf("nickname")) }
            assertEquals("usersAttributes", a.operation)
            val users = (a.partial as PartialResult.Attributes).users
            assertTrue(users.size in 100..300 && users.size % 100 == 0, "${users.size} answered")
            assertEquals(names.take(users.size), users.map { it.username })
        }
    }
}

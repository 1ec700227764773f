import io.chatplatform.*
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import java.util.Collections

/** An EventListener gets a ClientEvent per attempt and per call; the README's OpenTelemetry example runs. */
class EventsTest {
    private fun watched(emu: Emulator): Pair<Client, MutableList<ClientEvent>> {
        val seen = Collections.synchronizedList(mutableListOf<ClientEvent>())
        val listener =
            object : EventListener {
                override fun onEvent(event: ClientEvent) {
                    seen += event
                }
            }
        val c =
            Client(
                ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), retryBaseDelayMs = 1uL),
                Credentials.clientSecret(emu.clientId(), emu.clientSecret()),
                listener,
            )
        return c to seen
    }

    @Test
    fun `each attempt and call is an event with its route`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val (c, seen) = watched(emu)
                assertThrows(ChatPlatformException.NotFound::class.java) { runBlocking { c.getUser("ghost-user") } }
                c.flushEvents() // delivered on a thread of their own
                val calls = seen.filter { it.kind == EventKind.CALL }
                assertEquals(listOf("fetch_token", "get_user"), calls.map { it.operation })
                val get = calls[1]
                assertEquals(listOf("GET", "/users/{username}", 1, 404, "NOT_FOUND"), listOf(get.method, get.route, get.attempt, get.status, get.error))
                assertTrue(get.serverCode != null && get.durationMs > 0.0)
                val shown = seen.joinToString()
                assertFalse(shown.contains("ghost-user") || shown.contains(emu.clientSecret()), shown)
            }
        }

    @Test
    fun `a retried attempt says why`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val (c, seen) = watched(emu)
                c.registerUser("alice", "pw-12345", null)
                c.flushEvents()
                seen.clear()
                emu.setFaultsJson("""{"rules":[{"route":"GET /users/{username}","count":1,"status":503}]}""")
                assertEquals("alice", c.getUser("alice").username)
                c.flushEvents()
                val attempts = seen.filter { it.kind == EventKind.ATTEMPT }
                assertEquals(
                    listOf(listOf(1, 503, true, "server_error"), listOf(2, 200, false, null)),
                    attempts.map {
                        listOf(it.attempt, it.status, it.retry, it.retryReason)
                    },
                )
            }
        }

    @Test
    fun `a slow listener never slows the calls, and flushEvents waits for it`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val seen = Collections.synchronizedList(mutableListOf<ClientEvent>())
                val slow =
                    object : EventListener {
                        override fun onEvent(event: ClientEvent) {
                            Thread.sleep(50)
                            seen += event
                        }
                    }
                val c =
                    Client(
                        ClientConfig(appKey = emu.appKey(), baseUrl = emu.url()),
                        Credentials.clientSecret(emu.clientId(), emu.clientSecret()),
                        slow,
                    )
                c.registerUser("slow", "pw-12345", null)
                val started = System.nanoTime()
                repeat(20) { c.getUser("slow") }
                val callsMs = (System.nanoTime() - started) / 1_000_000
                // 40 events at 50 ms each would be 2 s on the requests' path.
                assertTrue(callsMs < 1000, "20 calls took $callsMs ms with a slow listener")
                c.flushEvents()
                assertEquals(44, seen.size, "every event delivered once flushed (token, register, 20 calls)")
                assertEquals(List(20) { "get_user" }, seen.filter { it.kind == EventKind.CALL }.map { it.operation }.takeLast(20))
            }
        }

    @Test
    fun `the README events example is readme-Events-kt and runs`() {
        val readmeText = File(Scenario.repo, "bindings/kotlin/README.md").readText()
        val section = readmeText.substringAfter("\n## Watching it run").substringBefore("\n## ")
        val block = section.substringAfter("```kotlin\n").substringBefore("```")
        val source = File("src/test/kotlin/readme/Events.kt").readText().substringAfter("package readme\n\n")
        assertEquals(source.trim(), block.trim(), "the README's events block must match src/test/kotlin/readme/Events.kt")
        val out = ByteArrayOutputStream()
        val old = System.out
        System.setOut(PrintStream(out, true))
        try {
            runBlocking { readme.events() }
        } finally {
            System.setOut(old)
        }
        val lines = out.toString().trim().lines()
        assertEquals(
            listOf("span POST /token 200 UNSET", "span POST /users 200 UNSET", "span GET /users/{username} 404 ERROR", "attempts timed: 3"),
            lines,
        )
    }
}

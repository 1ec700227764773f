import io.chatplatform.*
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test

/** Idiomatic behaviour: coroutines, Flow paging, the exception hierarchy, no secrets in toString. */
class ClientTest {
    private fun client(
        emu: Emulator,
        maxAttempts: UInt = 6u,
    ) = Client(
        ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), maxAttempts = maxAttempts, retryBaseDelayMs = 1uL, minTokenIntervalMs = 0uL),
        Credentials.clientSecret(emu.clientId(), emu.clientSecret()),
    )

    @Test
    fun `parallel coroutines share one token fetch`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                emu.setFaultsJson("""{"rules":[{"route":"POST /token","count":1,"latency_ms":100}]}""")
                val c = client(emu)
                c.registerUserOpen("cold", "pw", null)
                val users = (1..100).map { async { c.getUser("cold") } }.awaitAll()
                assertEquals(100, users.size)
                assertTrue(users.all { it.username == "cold" })
                assertEquals(1L, emu.tokenGrants())
            }
        }

    @Test
    fun `the Flow pages lazily over many pages`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val c = client(emu)
                val report = c.registerUsers((0 until 250).map { NewUser("f$it", "pw", null) })
                assertEquals(250, report.created.size)
                assertTrue(report.failed.isEmpty())
                val before = JSONObject(emu.statsJson()).getJSONObject("requests").optInt("GET /users")
                val firstFive = c.iterUsers(100).take(5).toList()
                assertEquals(5, firstFive.size)
                assertEquals(1, JSONObject(emu.statsJson()).getJSONObject("requests").getInt("GET /users") - before, "one page fetched")
                val all = c.iterUsers(100).map { it.username }.toList()
                assertEquals((0 until 250).map { "f$it" }.sorted(), all.sorted())
                val e = assertThrows(ChatPlatformException.InvalidInput::class.java) { runBlocking { c.iterUsers(0).toList() } }
                assertEquals("pageSize", e.details().field)
            }
        }

    @Test
    fun `each exception variant from its case, logged at trace level`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val logs = java.util.concurrent.ConcurrentLinkedQueue<LogRecord>()
                assertTrue(
                    setLogSink(LogLevel.TRACE) { r ->
                        if (r.message.contains("op=delete_user")) throw IllegalStateException("a sink that throws")
                        logs.add(r)
                    },
                )
                val c = client(emu, maxAttempts = 2u)
                c.registerUser("exists", "pw", null)
                c.setPassword("exists", "hunter2-password")
                c.registerUser("gone", "pw", null)
                c.deleteUser("gone")
                val seen = mutableListOf<String>()

                suspend fun <T : ChatPlatformException> expect(
                    cls: Class<T>,
                    block: suspend () -> Unit,
                ): T {
                    val e = runCatching { block() }.exceptionOrNull()
                    if (e != null) seen += listOf(e.toString(), e.message.orEmpty(), e.stackTraceToString())
                    assertTrue(cls.isInstance(e), "expected ${cls.simpleName}, got $e")
                    assertTrue(e is ChatPlatformException)
                    return cls.cast(e)
                }
                val invalid = expect(ChatPlatformException.InvalidInput::class.java) { c.getUser("not valid") }
                assertEquals("username", invalid.field)
                assertEquals("startHour", expect(ChatPlatformException.InvalidInput::class.java) { c.setNoDisturb("exists", -1, 3) }.field)
                val hour = expect(ChatPlatformException.InvalidInput::class.java) { c.setNoDisturb("exists", 25, 3) }
                assertEquals("startHour", hour.field)
                assertEquals("setNoDisturb", hour.operation)
                assertTrue(hour.detail.startsWith("setNoDisturb: invalid `startHour`: "), hour.detail)
                val total = expect(ChatPlatformException.InvalidInput::class.java) { c.usersStatusFlow(sequenceOf("a"), -1) }
                assertEquals("usersStatus: invalid `total`: must be a count, 0 or more (got -1)", total.detail)
                val nf = expect(ChatPlatformException.NotFound::class.java) { c.getUser("ghost") }
                assertEquals(404.toUShort(), nf.status)
                assertEquals("service_resource_not_found", nf.serverCode)
                expect(ChatPlatformException.Conflict::class.java) { c.registerUser("EXISTS", "pw", null) }
                val wrong = Client(ClientConfig(appKey = emu.appKey(), baseUrl = emu.url()), Credentials.clientSecret(emu.clientId(), "wrong"))
                expect(ChatPlatformException.Unauthorized::class.java) { wrong.getUser("exists") }
                expect(ChatPlatformException.Configuration::class.java) {
                    Client(ClientConfig(appKey = "not-a-key", baseUrl = emu.url()), Credentials.token("t"))
                }
                expect(ChatPlatformException.Transport::class.java) {
                    Client(ClientConfig(appKey = "a#b", baseUrl = "http://127.0.0.1:9", maxAttempts = 1u), Credentials.token("t")).getUser("x")
                }
                emu.setFaultsJson("""{"rules":[{"route":"GET /users/{username}","count":5,"status":429,"retry_after":"0"}]}""")
                // Unpaced, the attempts run out (paced, throttling is the pacer's and only time ends it).
                val unpaced =
                    Client(
                        ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), maxAttempts = 2u, retryBaseDelayMs = 1uL, rateLimits = false),
                        Credentials.clientSecret(emu.clientId(), emu.clientSecret()),
                    )
                val rl = expect(ChatPlatformException.RateLimited::class.java) { unpaced.getUser("exists") }
                assertTrue(rl.retryable())
                assertEquals(0L, rl.retryAfterMs)
                emu.setFaultsJson("""{"rules":[{"route":"GET /users/{username}","count":5,"status":503}]}""")
                expect(ChatPlatformException.Server::class.java) { c.getUser("exists") }
                emu.setFaultsJson("""{"rules":[{"route":"GET /users/{username}","count":1,"status":429,"error":"resource_limited"}]}""")
                assertFalse(expect(ChatPlatformException.LimitExceeded::class.java) { c.getUser("exists") }.retryable())
                val internal = expect(ChatPlatformException.Internal::class.java) { debugPanicForTests() }
                assertTrue(internal.detail.contains("panic"))
                // Every error kind above and every log record, searched for the secrets in play.
                val token = c.fetchToken().accessToken()
                clearLogSink()
                assertTrue(seen.size >= 30)
                for (r in logs) seen += "${r.level} ${r.target} ${r.message}"
                for (t in seen) {
                    for (s in listOf(emu.clientSecret(), token, "hunter2-password", "wrong")) {
                        assertFalse(t.contains(s), "$s leaked in $t")
                    }
                }

                // The log really is verbose: token grants, each request, retries and failures.
                fun has(
                    level: LogLevel,
                    text: String,
                ) = logs.any { it.level == level && it.message.contains(text) && it.target.startsWith("chat_platform") }
                assertTrue(has(LogLevel.DEBUG, "request done op=register_user method=POST path=/users status=200"), logs.take(5).toString())
                assertTrue(has(LogLevel.DEBUG, "request failed op=get_user method=GET path=/users/ghost status=404"))
                assertTrue(has(LogLevel.INFO, "fetched a new app token"))
                assertFalse(logs.any { it.message.contains("op=delete_user") }, "the throwing sink's event was dropped")
                assertTrue(logs.size >= 15, "${logs.size} records")
                val after = logs.size
                c.getUser("exists")
                assertEquals(after, logs.size, "clearLogSink stops delivery")
            }
        }

    @Test
    fun `no secret in toString or messages`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val secret = emu.clientSecret()
                val creds = Credentials.clientSecret(emu.clientId(), secret)
                val config = ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), minTokenIntervalMs = 0uL)
                val c = Client(config, creds)
                val token = c.fetchToken()
                val texts =
                    mutableListOf(c.toString(), creds.toString(), config.toString(), token.toString(), NewUser("n", "hunter2-password", null).toString())

                fun keep(e: Throwable?) = e?.let { texts += listOf(it.toString(), it.message.orEmpty()) }
                keep(runCatching { c.registerUser("bad name", "hunter2-password", null) }.exceptionOrNull())
                keep(runCatching { c.setPassword("ghost", "hunter2-password") }.exceptionOrNull())
                runCatching { Client(config, Credentials.clientSecret(emu.clientId(), "wrong-secret-value")).fetchToken() }
                    .exceptionOrNull()
                    ?.let { texts += listOf(it.toString(), it.message.orEmpty(), it.stackTraceToString()) }
                assertEquals(12, texts.size)
                for (t in texts) {
                    for (s in listOf(secret, token.accessToken(), "hunter2-password", "wrong-secret-value")) {
                        assertFalse(t.contains(s), "$s leaked in $t")
                    }
                }
                assertTrue(token.accessToken().startsWith("YWMt"))
            }
        }

    @Test
    fun `emulator helpers and the demo style flow`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val c = emu.client()
                c.registerUser("h1", "pw", "H")
                assertTrue(emu.setPresence("h1", true))
                assertEquals(Presence.ONLINE, c.userStatus("h1"))
                assertTrue(emu.addOfflineMessage("h1", "m1", false))
                assertEquals(1L, c.offlineMessageCount("h1"))
                assertEquals(DeliveryStatus.UNDELIVERED, c.offlineMessageStatus("h1", "m1"))
                assertEquals(DisplayStyle.WITH_DETAILS, c.setNotificationDisplayStyle("h1", DisplayStyle.WITH_DETAILS).notificationDisplayStyle)
                assertTrue(emu.revokeTokens() >= 1)
                assertEquals("h1", c.getUser("h1").username)
                assertEquals(2L, emu.tokenGrants())
                assertThrows(ChatPlatformException::class.java) { emu.setConfigJson("""{"no_such_setting":1}""") }
                emu.stop()
                assertThrows(ChatPlatformException::class.java) { emu.url() }
            }
        }

    @Test
    fun `a server that never answers times out, bad input never reaches it`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val c =
                    Client(
                        ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), requestTimeoutMs = 500uL, maxAttempts = 1u),
                        Credentials.clientSecret(emu.clientId(), emu.clientSecret()),
                    )
                c.fetchToken()
                val before = emu.totalRequests()
                for (bad in listOf("", "a/b", "../x", "a?b", "a#b", "a%2F", "名字", "x".repeat(100_000))) {
                    val e = runCatching { c.getUser(bad) }.exceptionOrNull()
                    assertTrue(e is ChatPlatformException.InvalidInput, "$bad: $e")
                }
                val many = runCatching { c.blockUsers("owner", (0 until 10_000).map { "u$it" }) }.exceptionOrNull()
                assertEquals("usernames", (many as ChatPlatformException.InvalidInput).field)
                assertEquals(before, emu.totalRequests(), "nothing was sent")
                emu.setFaultsJson("""{"rules":[{"count":1,"latency_ms":60000}]}""")
                val t0 = System.nanoTime()
                val e = runCatching { c.getUser("anyone") }.exceptionOrNull()
                val tookMs = (System.nanoTime() - t0) / 1_000_000
                assertTrue(e is ChatPlatformException.Transport, "$e")
                assertTrue((e as ChatPlatformException.Transport).detail.contains("timed out"), e.detail)
                assertTrue(tookMs in 450..1999, "$tookMs ms")
            }
        }
}

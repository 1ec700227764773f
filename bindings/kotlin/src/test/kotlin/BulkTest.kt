import io.chatplatform.*
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test

/**
 * Bulk work from Kotlin: a Sequence or a Flow in, batches out as a Flow, progress
 * as a lambda, and a source that throws halfway: a clear error after the batches
 * already started, nothing lost or sent twice.
 */
class BulkTest {
    private fun client(emu: Emulator) =
        Client(
            ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), minTokenIntervalMs = 0uL),
            Credentials.clientSecret(emu.clientId(), emu.clientSecret()),
        )

    private suspend fun stored(c: Client) =
        c
            .iterUsers(100)
            .toList()
            .map { it.username }
            .sorted()

    @Test
    fun `a Flow streams through in batches with progress`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val c = client(emu)
                val users =
                    flow {
                        for (i in 0 until 250) emit(if (i == 7) NewUser("not valid", "pw", null) else NewUser("flow$i", "pw-12345", null))
                    }
                val batches = c.registerUsersFlow(users, total = 250L).toList()
                assertEquals(listOf(60, 60, 60, 60, 10), batches.sortedBy { it.firstIndex }.map { it.count })
                assertEquals(249, batches.sumOf { it.created.size })
                val failed = batches.flatMap { it.failed }
                assertEquals(listOf(7 to "INVALID_INPUT"), failed.map { it.index.toInt() to it.kind })
                val last = batches.map { it.progress }.maxBy { it.done }
                assertEquals(listOf(250L, 249L, 1L), listOf(last.done, last.succeeded, last.failed))
                assertEquals(250L, last.total)
                assertEquals(5, JSONObject(emu.statsJson()).getJSONObject("requests").getInt("POST /users"), "the invalid user was not sent")

                val seen = mutableListOf<BulkProgress>()
                val report = c.registerUsers((0 until 130).map { NewUser("prog$it", "pw-12345", null) }) { seen += it }
                assertEquals(130, report.created.size)
                assertEquals(130L, seen.maxOf { it.done })

                val statuses = c.usersStatusFlow((0 until 150).asSequence().map { "flow$it" }).toList()
                assertEquals(listOf(0L, 100L), statuses.map { it.firstIndex }.sorted())
                assertTrue(statuses.all { it.error == null })
            }
        }

    @Test
    fun `every batch has the same shape, a refused request included`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val c = client(emu)
                c.registerUsers(listOf(NewUser("shape0", "pw-12345", null), NewUser("shape1", "pw-12345", null)))
                val reg = c.registerUsersFlow(sequenceOf(NewUser("shape9", "pw-12345", null), NewUser("shape0", "pw-12345", null))).toList().single()
                assertEquals(listOf("shape9"), reg.created.map { it.username })
                val dup: RegisterFailure = reg.failed.single()
                assertEquals(listOf("shape0", "CONFLICT"), listOf(dup.username, dup.kind))
                assertEquals(1L, dup.index)
                assertNull(reg.error)
                // A request refused as a whole: its names are in `failed`, with its error.
                emu.setFaultsJson("""{"rules":[{"route":"POST /users/batch/status","count":1,"status":400}]}""")
                val refused = c.usersStatusFlow(sequenceOf("shape0", "shape1")).toList().single()
                assertTrue(refused.presences.isEmpty())
                assertEquals(400.toUShort(), refused.error?.status)
                assertEquals(listOf("shape0" to 0L, "shape1" to 1L), refused.failed.map { it.username to it.index })
                assertEquals(2L, refused.progress.failed)
                val report = c.setPushNicknames(listOf(PushNickname("shape0", "Zed"), PushNickname("shape-missing", "Nobody")))
                val missing: PushNicknameFailure = report.failed.single()
                assertEquals(listOf("shape-missing", "NOT_FOUND"), listOf(missing.username, missing.kind))
                assertEquals(1L, missing.index)
            }
        }

    @Test
    fun `an onProgress that throws does not stop the work`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val c = client(emu)
                val calls = mutableListOf<Long>()
                val e =
                    assertThrows(ProgressCallbackException::class.java) {
                        runBlocking {
                            c.registerUsers((0 until 250).map { NewUser("bar$it", "pw-12345", null) }) {
                                calls += it.done
                                if (it.done >= 60L) throw IllegalStateException("the progress bar broke")
                            }
                        }
                    }
                assertTrue(e.cause is IllegalStateException && e.cause?.message == "the progress bar broke", "cause: ${e.cause}")
                assertEquals(250, e.report.created.size, "the work went on, its report attached")
                assertEquals(1, calls.count { it >= 60L }, "not called again after it threw")
                assertEquals(250, stored(c).size)

                // A ProgressSink of one's own that throws: the work goes on, the sink is dropped.
                var sinkCalls = 0
                val sink =
                    object : ProgressSink {
                        override fun progress(progress: BulkProgress) {
                            sinkCalls++
                            throw IllegalStateException("sink broke")
                        }
                    }
                val report = c.registerUsers((0 until 130).map { NewUser("sink$it", "pw-12345", null) }, sink)
                assertEquals(130, report.created.size, "the whole report, not an Internal error")
                assertEquals(1, sinkCalls, "not called again after it threw")
            }
        }

    @Test
    fun `a source throwing halfway loses nothing and sends nothing twice`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val c = client(emu)
                var pulled = 0
                val breaks =
                    sequence {
                        for (i in 0 until 1000) {
                            pulled++
                            if (i == 150) throw IllegalStateException("the export file is truncated")
                            yield(NewUser("half$i", "pw-12345", null))
                        }
                    }
                val got = mutableListOf<RegisterBatch>()
                val e =
                    assertThrows(ChatPlatformException.InvalidInput::class.java) {
                        runBlocking { c.registerUsersFlow(breaks).collect { got += it } }
                    }
                assertTrue(e.detail.startsWith("registerUsers: the input failed: "), e.detail)
                assertTrue(e.detail.contains("the export file is truncated"), e.detail)
                // What the source threw, as thrown, is the cause.
                assertTrue(e.cause is IllegalStateException, "cause: ${e.cause}")
                assertEquals("the export file is truncated", e.cause?.message)
                assertEquals(150, got.sumOf { it.created.size }, "the batches before the failure")
                assertEquals(151, pulled, "reading stops at the failure")
                assertEquals((0 until 150).map { "half$it" }.sorted(), stored(c), "each user once")

                // A Flow that throws: the same, the emitted items first.
                val flowGot = mutableListOf<RegisterBatch>()
                val broken =
                    flow {
                        for (i in 0 until 70) emit(NewUser("fl$i", "pw-12345", null))
                        throw IllegalStateException("no more rows")
                    }
                val fe =
                    assertThrows(ChatPlatformException.InvalidInput::class.java) {
                        runBlocking { c.registerUsersFlow(broken).collect { flowGot += it } }
                    }
                assertEquals("no more rows", fe.cause?.message)
                assertEquals(70, flowGot.sumOf { it.created.size })
            }
        }

    @Test
    fun `a bad rateLimitScale or batchConcurrency is named when the client is made`() {
        Emulator().use { emu ->
            for (scale in listOf(0.0, -1.5, Double.NaN)) {
                val e =
                    assertThrows(ChatPlatformException.Configuration::class.java) {
                        Client(ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), rateLimitScale = scale), Credentials.token("t"))
                    }
                assertEquals("rateLimitScale", e.details().field)
                assertTrue(e.details().detail.contains("`rateLimitScale` must be a positive number"), e.details().detail)
            }
            val e =
                assertThrows(ChatPlatformException.Configuration::class.java) {
                    Client(ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), batchConcurrency = 0u), Credentials.token("t"))
                }
            assertEquals("batchConcurrency", e.details().field)
        }
    }
}

import io.chatplatform.*
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test
import java.util.Collections

/** The user system beyond the reference: secrets never shown, typed arguments, flows. */
class TokensAndPagingTest {
    private val appId = "970CA35de60c44645bbae8a215061b33"
    private val cert = "5CFd2fd1755d40ecb72977518be15d3b"

    @Test
    fun `token vectors reproduce, and a minted token reads back`() {
        val t = chatUserToken(appId, cert, "2882341273", 600u, 1111111u, 1u)
        assertTrue(t.token().startsWith("007eJxTYNAIsnbS3v/A5t2TC6feR15r"))
        val minted = chatUserToken(appId, cert, "alice", 900u)
        val info = parseChatToken(minted.token())
        assertEquals("alice", info.userId)
        assertEquals(900L, info.expireSeconds)
        assertEquals(minted.expiresAt(), info.privileges["user"])
        assertTrue(verifyChatToken(minted.token(), cert))
        assertFalse(verifyChatToken(minted.token(), "0".repeat(32)))
    }

    @Test
    fun `no secret of user tokens, minted tokens, certificates or webhooks shows`() =
        runBlocking<Unit> {
            val logs = Collections.synchronizedList(mutableListOf<String>())
            setLogSink(LogLevel.TRACE) { r -> logs += "${r.target} ${r.message}" }
            try {
                Emulator().use { emu ->
                    val c = emu.client()
                    c.registerUser("alice", "Pa55word-beyond")
                    val ut = c.userToken("alice", "Pa55word-beyond")
                    val it = c.userTokenWithoutPassword("bob", null, true)
                    val minted = chatAppToken(emu.appId(), emu.appCertificate(), 600u)
                    val creds = Credentials.appCertificate(emu.appId(), emu.appCertificate())
                    val agora = Client(ClientConfig(appKey = emu.appKey(), baseUrl = emu.url()), creds)
                    val exchanged = agora.fetchToken()
                    val texts = mutableListOf(ut.toString(), it.toString(), minted.toString(), creds.toString(), agora.toString(), exchanged.toString())

                    fun keep(e: Throwable?) = e?.let { texts += listOf(it.toString(), it.message.orEmpty(), it.stackTraceToString()) }
                    val wrong = runCatching { c.userToken("alice", "Pa55word-wrong") }.exceptionOrNull()
                    assertTrue(wrong is ChatPlatformException.Unauthorized, "$wrong")
                    keep(wrong)
                    val forgedCert = "fedcba9876543210fedcba9876543210"
                    val forged =
                        Client(
                            ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), maxAttempts = 1u),
                            Credentials.appCertificate(emu.appId(), forgedCert),
                        )
                    keep(runCatching { forged.getUser("alice") }.exceptionOrNull())
                    val bad = runCatching { chatUserToken(appId, "not-hex-but-Secret-cert", "alice", 60u) }.exceptionOrNull()
                    assertEquals("appCertificate", (bad as ChatPlatformException.InvalidInput).field)
                    keep(bad)
                    texts += verifyWebhook("""{"callId":"c","timestamp":1,"security":"x"}""", "webhook-rule-S3CRET").toString()
                    texts += logs
                    assertTrue(logs.any { it.contains("request done") }, "the log is really verbose")
                    val secrets =
                        listOf(
                            ut.accessToken(),
                            it.accessToken(),
                            minted.token(),
                            exchanged.accessToken(),
                            emu.appCertificate(),
                            forgedCert,
                            "not-hex-but-Secret-cert",
                            "webhook-rule-S3CRET",
                            "Pa55word-beyond",
                            "Pa55word-wrong",
                        )
                    for (t in texts) for (s in secrets) assertFalse(t.contains(s), "$s leaked in $t")
                }
            } finally {
                clearLogSink()
            }
        }

    @Test
    fun `contacts and mutes flow lazily, attributes come in batches`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val c = emu.client()
                c.registerUsers((0 until 7).map { NewUser("u$it", "pw-12345", null) })
                for (i in 1 until 7) c.addContact("u0", "u$i")
                assertEquals((6 downTo 1).map { "u$it" }, c.iterContacts("u0", 2).map { it.username }.toList())
                for (i in 0 until 5) c.muteUser("u$i", 600, listOf(ChatType.CHAT))
                assertEquals((0 until 5).map { "u$it" }, c.iterMutes(2).map { it.username }.toList())
                val batches = c.usersAttributesFlow((0 until 7).asSequence().map { "u$it" }, listOf("nickname")).toList()
                assertEquals(7, batches.sumOf { it.count })
                assertTrue(batches.all { it.error == null })
                val e = runCatching { chatTypesFromNames(listOf("chat", "voice")) }.exceptionOrNull()
                assertEquals("chatTypes[1]", (e as ChatPlatformException.InvalidInput).field)
                val scope = pushScopeFromName("user", "u1")
                assertEquals(PushScope.User("u1"), scope)
                assertEquals(PushMode.NONE, c.setPushSetting("u0", scope, PushMode.NONE).mode)
            }
        }
}

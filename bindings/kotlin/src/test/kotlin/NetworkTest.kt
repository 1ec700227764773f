import io.chatplatform.*
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test
import java.io.File

/**
 * Proxies and TLS from Kotlin: the HTTPS emulator with and without its CA, and
 * the real proxies of scripts/test-proxies.sh (kotlin-test.sh runs Maven under it).
 */
class NetworkTest {
    private val repo = File(System.getProperty("chatplatform.repo") ?: "../..").canonicalFile

    private fun env(name: String) =
        System.getenv(name)
            ?: fail<String>("$name is not set: run under scripts/test-proxies.sh (kotlin-test.sh does)")

    private fun log(name: String) = File(repo, env(name))

    private fun logHas(
        file: File,
        needle: String,
    ): Boolean {
        repeat(50) {
            if (file.readText().contains(needle)) return true
            Thread.sleep(20)
        }
        return false
    }

    private fun client(
        emu: Emulator,
        base: String = emu.url(),
        proxy: Proxy? = Proxy.none(),
        ca: List<String> = emptyList(),
    ) = Client(
        ClientConfig(
            appKey = emu.appKey(),
            baseUrl = base,
            maxAttempts = 2u,
            retryBaseDelayMs = 1uL,
            connectTimeoutMs = 2000uL,
            proxy = proxy,
            caCertificatesPem = ca,
        ),
        Credentials.clientSecret(emu.clientId(), emu.clientSecret()),
    )

    @Test
    fun `HTTPS needs the emulator's CA and works with it`() =
        runBlocking<Unit> {
            Emulator("""{"tls": true}""").use { emu ->
                assertTrue(emu.url().startsWith("https://"), emu.url())
                val ca = emu.caPem() ?: fail("no CA for an HTTPS emulator")
                val e = assertThrows(ChatPlatformException.Configuration::class.java) { runBlocking { client(emu).fetchToken() } }
                assertTrue(e.detail.contains("TLS failed") && e.detail.contains("caCertificates"), e.detail)
                assertFalse(e.retryable(), "a certificate failure is not retryable")
                val c = client(emu, ca = listOf(ca))
                c.registerUser("tls-kotlin", "pw-12345", null)
                assertEquals("tls-kotlin", c.getUser("tls-kotlin").username)
                assertEquals("tls-kotlin", emu.client().getUser("tls-kotlin").username, "the emulator's own client trusts its CA")
                val bad = assertThrows(ChatPlatformException.Configuration::class.java) { client(emu, ca = listOf("not a certificate")) }
                assertTrue(bad.detail.contains("CA certificate"), bad.detail)
            }
        }

    @Test
    fun `through a proxy, a CONNECT tunnel, NO_PROXY and credentials that never show`() =
        runBlocking<Unit> {
            val open = env("CHAT_PLATFORM_TEST_PROXY")
            Emulator().use { emu ->
                client(emu, proxy = Proxy.url(open)).registerUser("via-proxy-kotlin", "pw-12345", null)
                client(emu, proxy = Proxy.url(open)).getUser("via-proxy-kotlin")
                assertTrue(logHas(log("CHAT_PLATFORM_TEST_PROXY_LOG"), "GET ${emu.url()}/demo-org/demo-app/users/via-proxy-kotlin"))

                client(emu, proxy = Proxy.url(open, noProxy = listOf("127.0.0.1"))).getUser("via-proxy-kotlin")
                Thread.sleep(200)
                val direct = log("CHAT_PLATFORM_TEST_PROXY_LOG").readText().split("GET ${emu.url()}/demo-org/demo-app/users/via-proxy-kotlin").size - 1
                assertEquals(1, direct, "a NO_PROXY host went through the proxy")

                val password = env("CHAT_PLATFORM_TEST_AUTH_PROXY_PASSWORD")
                val auth = Proxy.url(env("CHAT_PLATFORM_TEST_AUTH_PROXY"), env("CHAT_PLATFORM_TEST_AUTH_PROXY_USER"), password)
                val config = ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), proxy = auth)
                assertFalse(config.toString().contains(password), "the password shows in $config")
                assertFalse(auth.describe().contains(password))
                val c = client(emu, proxy = auth)
                assertEquals("via-proxy-kotlin", c.getUser("via-proxy-kotlin").username)
                val nf = assertThrows(ChatPlatformException.NotFound::class.java) { runBlocking { c.getUser("nobody") } }
                assertFalse(nf.toString().contains(password) || nf.stackTraceToString().contains(password))
                // A GET with a fixed token: tinyproxy answers a POST's 407 before reading its body and resets.
                val tokenClient =
                    Client(
                        ClientConfig(appKey = emu.appKey(), baseUrl = emu.url(), maxAttempts = 1u, proxy = Proxy.url(env("CHAT_PLATFORM_TEST_AUTH_PROXY"))),
                        Credentials.token("a-fixed-token"),
                    )
                val refused = assertThrows(ChatPlatformException.Configuration::class.java) { runBlocking { tokenClient.getUser("anyone") } }
                assertEquals(407.toUShort(), refused.status)
            }
            Emulator("""{"tls": true}""").use { emu ->
                client(emu, proxy = Proxy.url(open), ca = listOf(emu.caPem()!!)).fetchToken()
                val port = emu.url().substringAfterLast(':')
                assertTrue(logHas(log("CHAT_PLATFORM_TEST_PROXY_LOG"), "CONNECT 127.0.0.1:$port"), "no CONNECT tunnel in the proxy's log")
            }
        }

    @Test
    fun `a dead proxy fails fast naming it, and the environment's proxies apply`() =
        runBlocking<Unit> {
            val dead = env("CHAT_PLATFORM_TEST_DEAD_PROXY")
            Emulator().use { emu ->
                val started = System.nanoTime()
                val e =
                    assertThrows(ChatPlatformException.Transport::class.java) {
                        runBlocking { client(emu, proxy = Proxy.url(dead, "someone", "hunter2-secret")).fetchToken() }
                    }
                assertTrue((System.nanoTime() - started) / 1_000_000 < 5000, "took too long")
                assertTrue(e.detail.contains("through the proxy ${dead.removePrefix("http://")}"), e.detail)
                assertFalse(e.toString().contains("hunter2-secret"))
                // The environment (HTTP_PROXY, NO_PROXY=127.0.0.1): by name through the proxy.
                val byName = emu.url().replace("127.0.0.1", "localhost")
                client(emu, base = byName, proxy = null).registerUser("env-proxy-kotlin", "pw-12345", null)
                assertTrue(logHas(log("CHAT_PLATFORM_TEST_PROXY_LOG"), "$byName/demo-org/demo-app/users"), "HTTP_PROXY was not used")
            }
        }
}

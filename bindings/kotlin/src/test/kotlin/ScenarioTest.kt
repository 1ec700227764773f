import io.chatplatform.*
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test

/** Plays tests/scenario/scenario.json through the Kotlin binding. */
class ScenarioTest {
    private fun admin(
        emu: Emulator,
        name: String,
        a: Map<String, Any?>,
    ) {
        when (name) {
            "reset" -> {
                emu.reset()
            }

            "set_config" -> {
                emu.setConfigJson(JSONObject(a).toString())
            }

            "set_presence" -> {
                assertTrue(emu.setPresence(ScenarioOperations.s(a, "username"), a["online"] as Boolean))
            }

            "add_offline_messages" -> {
                @Suppress("UNCHECKED_CAST")
                (a["messages"] as List<Map<String, Any?>>).forEach {
                    assertTrue(emu.addOfflineMessage(ScenarioOperations.s(a, "username"), ScenarioOperations.s(it, "id"), it["delivered"] as Boolean))
                }
            }

            "revoke_tokens" -> {
                emu.revokeTokens()
            }

            "set_devices" -> {
                @Suppress("UNCHECKED_CAST")
                val devices =
                    (a["devices"] as List<Map<String, Any?>>).map {
                        EmulatorDevice(ScenarioOperations.s(it, "resource"), ScenarioOperations.s(it, "device_uuid"), ScenarioOperations.s(it, "device_name"))
                    }
                assertTrue(emu.setDevices(ScenarioOperations.s(a, "username"), devices))
            }

            else -> {
                fail("unknown admin step $name")
            }
        }
    }

    @Test
    fun `the shared scenario plays through the Kotlin binding`() =
        runBlocking<Unit> {
            Emulator().use { emu ->
                val client = emu.client()
                val saved = mutableMapOf<String, Any?>()
                val seen = mutableSetOf<String>()
                for (idx in 0 until Scenario.steps.length()) {
                    val step = Scenario.steps.getJSONObject(idx)

                    @Suppress("UNCHECKED_CAST")
                    val args = Scenario.expand(step.optJSONObject("args") ?: JSONObject(), saved) as Map<String, Any?>
                    if (step.has("admin")) {
                        admin(emu, step.getString("admin"), args)
                        continue
                    }
                    if (step.has("check")) {
                        val stats = JSONObject(emu.statsJson()).toMap()
                        Scenario.mismatch(step.get("expect"), stats, "stats")?.let { fail<Unit>("step $idx: $it") }
                        continue
                    }
                    val op = step.getString("op")
                    seen += op
                    val expect = step.getJSONObject("expect")
                    val before = emu.totalRequests()
                    val outcome = runCatching { Scenario.canon(ScenarioOperations.call(client, emu, op, args)) }
                    val sent = emu.totalRequests() - before
                    if (expect.has("ok")) {
                        val result = outcome.getOrElse { fail("step $idx ($op): expected success, got $it") }
                        Scenario.mismatch(expect.get("ok"), result)?.let { fail<Unit>("step $idx ($op): $it") }
                        step.optJSONObject("save")?.let { save ->
                            for (k in save.keySet()) saved[k] = (result as Map<*, *>)[save.getString(k)]
                        }
                    } else {
                        val e =
                            outcome.exceptionOrNull() as? ChatPlatformException
                                ?: fail("step $idx ($op): expected ${expect.get("error")}, got ${outcome.getOrNull()}")
                        val d = e.details()
                        assertEquals(expect.getString("error"), e.code(), "step $idx ($op): ${d.detail}")
                        if (expect.has("status")) {
                            assertEquals(
                                expect
                                    .opt("status")
                                    .takeIf {
                                        it != JSONObject.NULL
                                    }?.let { (it as Number).toInt() },
                                d.status?.toInt(),
                                "step $idx status",
                            )
                        }
                        if (expect.has("server_code")) assertEquals(expect.getString("server_code"), d.serverCode, "step $idx serverCode")
                        if (expect.has("field")) assertEquals(Scenario.camel(expect.getString("field")), d.field, "step $idx field")
                        if (expect.optBoolean("sent", true) == false) assertEquals(0L, sent, "step $idx ($op): invalid input reached the server")
                    }
                }
                assertEquals(55, seen.size)
                client.close()
            }
        }

    @Test
    fun `the matcher rejects mismatches`() {
        assertNotNull(Scenario.mismatch(JSONObject("""{"username":"a"}"""), mapOf("username" to "b")))
        assertNotNull(Scenario.mismatch(org.json.JSONArray("""["a","b"]"""), listOf("a")))
        assertNotNull(Scenario.mismatch(JSONObject("""{"${'$'}len":2}"""), listOf(1)))
        assertNull(Scenario.mismatch(JSONObject("""{"missing":null}"""), mapOf<String, Any?>()))
    }
}

import io.chatplatform.*
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test

/** Plays tests/scenario/scenario.json through the Kotlin binding. */
class ScenarioTest {
    private fun s(
        a: Map<String, Any?>,
        k: String,
    ) = a[k] as String

    private fun os(
        a: Map<String, Any?>,
        k: String,
    ) = a[k] as String?

    private fun i(
        a: Map<String, Any?>,
        k: String,
    ) = (a[k] as Number).toInt()

    @Suppress("UNCHECKED_CAST")
    private fun names(
        a: Map<String, Any?>,
        k: String,
    ) = a[k] as List<String>

    private suspend fun call(
        c: Client,
        emu: Emulator,
        op: String,
        a: Map<String, Any?>,
    ): Any? =
        when (op) {
            "fetch_token" -> {
                c.fetchToken()
            }

            "register_user_open" -> {
                c.registerUserOpen(s(a, "username"), s(a, "password"), os(a, "nickname"))
            }

            "register_user" -> {
                c.registerUser(s(a, "username"), s(a, "password"), os(a, "nickname"))
            }

            "register_users" -> {
                @Suppress("UNCHECKED_CAST")
                (a["users"] as List<Map<String, Any?>>).let { users ->
                    c.registerUsers(users.map { NewUser(s(it, "username"), s(it, "password"), os(it, "nickname")) })
                }
            }

            "get_user" -> {
                c.getUser(s(a, "username"))
            }

            "list_users" -> {
                c.listUsers((a["limit"] as Number?)?.toInt(), os(a, "cursor"))
            }

            "iter_users" -> {
                c.iterUsers(i(a, "page_size")).toList()
            }

            "delete_user" -> {
                c.deleteUser(s(a, "username"))
            }

            "delete_oldest_users" -> {
                c.deleteOldestUsers(i(a, "limit"))
            }

            "set_password" -> {
                c.setPassword(s(a, "username"), s(a, "new_password"))
            }

            "set_push_nickname" -> {
                c.setPushNickname(s(a, "username"), s(a, "nickname"))
            }

            "set_notification_display_style" -> {
                c.setNotificationDisplayStyle(s(a, "username"), displayStyleFromCode(i(a, "style")))
            }

            "set_no_disturb" -> {
                c.setNoDisturb(s(a, "username"), i(a, "start_hour"), i(a, "end_hour"))
            }

            "clear_no_disturb" -> {
                c.clearNoDisturb(s(a, "username"))
            }

            "add_contact" -> {
                c.addContact(s(a, "owner"), s(a, "contact"))
            }

            "remove_contact" -> {
                c.removeContact(s(a, "owner"), s(a, "contact"))
            }

            "list_contacts" -> {
                c.listContacts(s(a, "owner"))
            }

            "list_blocked" -> {
                c.listBlocked(s(a, "owner"))
            }

            "block_users" -> {
                c.blockUsers(s(a, "owner"), names(a, "usernames"))
            }

            "unblock_user" -> {
                c.unblockUser(s(a, "owner"), s(a, "blocked"))
            }

            "user_status" -> {
                c.userStatus(s(a, "username"))
            }

            "users_status" -> {
                c.usersStatus(names(a, "usernames"))
            }

            "offline_message_count" -> {
                c.offlineMessageCount(s(a, "username"))
            }

            "offline_message_status" -> {
                c.offlineMessageStatus(s(a, "username"), s(a, "msg_id"))
            }

            "deactivate_user" -> {
                c.deactivateUser(s(a, "username"))
            }

            "activate_user" -> {
                c.activateUser(s(a, "username"))
            }

            "disconnect_user" -> {
                c.disconnectUser(s(a, "username"))
            }

            else -> {
                ScenarioBeyond.call(c, emu, op, a)
            }
        }

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
                assertTrue(emu.setPresence(s(a, "username"), a["online"] as Boolean))
            }

            "add_offline_messages" -> {
                @Suppress("UNCHECKED_CAST")
                (a["messages"] as List<Map<String, Any?>>).forEach {
                    assertTrue(emu.addOfflineMessage(s(a, "username"), s(it, "id"), it["delivered"] as Boolean))
                }
            }

            "revoke_tokens" -> {
                emu.revokeTokens()
            }

            "set_devices" -> {
                @Suppress("UNCHECKED_CAST")
                val devices =
                    (a["devices"] as List<Map<String, Any?>>).map {
                        EmulatorDevice(s(it, "resource"), s(it, "device_uuid"), s(it, "device_name"))
                    }
                assertTrue(emu.setDevices(s(a, "username"), devices))
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
                    val outcome = runCatching { Scenario.canon(call(client, emu, op, args)) }
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

import io.chatplatform.*
import kotlinx.coroutines.flow.toList

/** The scenario's operations beyond the reference, through the Kotlin binding. */
object ScenarioBeyond {
    private fun s(
        a: Map<String, Any?>,
        k: String,
    ) = a[k] as String

    private fun os(
        a: Map<String, Any?>,
        k: String,
    ) = a[k] as String?

    private fun l(
        a: Map<String, Any?>,
        k: String,
    ) = (a[k] as Number?)?.toLong()

    private fun i(
        a: Map<String, Any?>,
        k: String,
    ) = (a[k] as Number?)?.toInt()

    @Suppress("UNCHECKED_CAST")
    private fun strings(
        a: Map<String, Any?>,
        k: String,
    ) = a[k] as List<String>

    private fun scope(a: Map<String, Any?>) = pushScopeFromName(s(a, "scope"), os(a, "target"))

    suspend fun call(
        c: Client,
        emu: Emulator,
        op: String,
        a: Map<String, Any?>,
    ): Any? =
        when (op) {
            "user_token" -> {
                c.userToken(s(a, "username"), s(a, "password"), l(a, "ttl_seconds"))
            }

            "user_token_without_password" -> {
                c.userTokenWithoutPassword(s(a, "username"), l(a, "ttl_seconds"), a["create_user"] as Boolean? ?: false)
            }

            "chat_user_token" -> {
                chatUserToken(
                    s(a, "app_id"),
                    s(a, "app_certificate"),
                    s(a, "user_id"),
                    l(a, "expire_seconds")!!.toUInt(),
                    l(a, "issued_at")?.toUInt(),
                    l(a, "salt")?.toUInt(),
                )
            }

            "chat_app_token" -> {
                chatAppToken(s(a, "app_id"), s(a, "app_certificate"), l(a, "expire_seconds")!!.toUInt(), l(a, "issued_at")?.toUInt(), l(a, "salt")?.toUInt())
            }

            "parse_chat_token" -> {
                parseChatToken(s(a, "token"))
            }

            "verify_chat_token" -> {
                verifyChatToken(s(a, "token"), s(a, "app_certificate"))
            }

            "verify_webhook" -> {
                verifyWebhook(s(a, "body"), s(a, "secret"))
            }

            "app_certificate_token" -> {
                Client(ClientConfig(appKey = emu.appKey(), baseUrl = emu.url()), Credentials.appCertificate(emu.appId(), emu.appCertificate()))
                    .use { it.fetchToken() }
            }

            "list_devices" -> {
                c.listDevices(s(a, "username"))
            }

            "logout_device" -> {
                c.logoutDevice(s(a, "username"), s(a, "resource"))
            }

            "set_user_attributes" -> {
                @Suppress("UNCHECKED_CAST")
                c.setUserAttributes(s(a, "username"), a["attributes"] as Map<String, String>)
            }

            "get_user_attributes" -> {
                c.getUserAttributes(s(a, "username"))
            }

            "delete_user_attributes" -> {
                c.deleteUserAttributes(s(a, "username"))
            }

            "users_attributes" -> {
                c.usersAttributes(strings(a, "usernames"), strings(a, "keys"))
            }

            "user_attributes_usage" -> {
                c.userAttributesUsage()
            }

            "mute_user" -> {
                val types = chatTypesFromNames((a["chat_types"] as List<*>?)?.map { it as String } ?: emptyList())
                c.muteUser(s(a, "username"), l(a, "seconds"), types)
            }

            "unmute_user" -> {
                c.unmuteUser(s(a, "username"), chatTypesFromNames(strings(a, "chat_types")))
            }

            "get_mute" -> {
                c.getMute(s(a, "username"))
            }

            "list_mutes" -> {
                c.listMutes(i(a, "page"), i(a, "page_size"))
            }

            "iter_mutes" -> {
                c.iterMutes(i(a, "page_size")!!).toList()
            }

            "list_contacts_page" -> {
                c.listContactsPage(s(a, "owner"), i(a, "limit"), os(a, "cursor"), a["with_remarks"] as Boolean? ?: false)
            }

            "iter_contacts" -> {
                c.iterContacts(s(a, "owner"), i(a, "page_size")!!).toList()
            }

            "set_contact_remark" -> {
                c.setContactRemark(s(a, "owner"), s(a, "contact"), s(a, "remark"))
            }

            "set_push_nicknames" -> {
                @Suppress("UNCHECKED_CAST")
                c.setPushNicknames((a["nicknames"] as List<Map<String, Any?>>).map { PushNickname(s(it, "username"), s(it, "nickname")) })
            }

            "get_push_setting" -> {
                c.getPushSetting(s(a, "username"), scope(a))
            }

            "set_push_setting" -> {
                val sc = scope(a)
                val mode = os(a, "mode")?.let { pushModeFromName(it) }
                c.setPushSetting(s(a, "username"), sc, mode, os(a, "dnd_interval"), l(a, "dnd_duration_seconds"))
            }

            "get_push_language" -> {
                c.getPushLanguage(s(a, "username"))
            }

            "set_push_language" -> {
                c.setPushLanguage(s(a, "username"), s(a, "language"))
            }

            else -> {
                error("the scenario names an unknown operation $op")
            }
        }
}

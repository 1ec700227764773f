import io.chatplatform.*
import kotlinx.coroutines.flow.toList

/** Every operation of the shared scenario, called through the Kotlin binding: the one dispatch table ScenarioTest plays. */
object ScenarioOperations {
    fun s(
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

    private fun l(
        a: Map<String, Any?>,
        k: String,
    ) = (a[k] as Number?)?.toLong()

    private fun oi(
        a: Map<String, Any?>,
        k: String,
    ) = (a[k] as Number?)?.toInt()

    private fun scope(a: Map<String, Any?>) = pushScopeFromName(s(a, "scope"), os(a, "target"))

    suspend fun call(
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
                c.usersAttributes(names(a, "usernames"), names(a, "keys"))
            }

            "user_attributes_usage" -> {
                c.userAttributesUsage()
            }

            "mute_user" -> {
                val types = chatTypesFromNames((a["chat_types"] as List<*>?)?.map { it as String } ?: emptyList())
                c.muteUser(s(a, "username"), l(a, "seconds"), types)
            }

            "unmute_user" -> {
                c.unmuteUser(s(a, "username"), chatTypesFromNames(names(a, "chat_types")))
            }

            "get_mute" -> {
                c.getMute(s(a, "username"))
            }

            "list_mutes" -> {
                c.listMutes(oi(a, "page"), oi(a, "page_size"))
            }

            "iter_mutes" -> {
                c.iterMutes(oi(a, "page_size")!!).toList()
            }

            "list_contacts_page" -> {
                c.listContactsPage(s(a, "owner"), oi(a, "limit"), os(a, "cursor"), a["with_remarks"] as Boolean? ?: false)
            }

            "iter_contacts" -> {
                c.iterContacts(s(a, "owner"), oi(a, "page_size")!!).toList()
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

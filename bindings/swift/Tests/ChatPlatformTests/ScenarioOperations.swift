import ChatPlatform
import Foundation
import XCTest

// Every operation of the shared scenario through the Swift binding, and the
// canonical form of what each returns.

func canonMap(_ m: [String: String]) -> JSON { .object(m.mapValues { .string($0) }) }
func str(_ s: String?) -> JSON { opt(s) { .string($0) } }

func canon(_ t: UserToken) -> JSON { .object(["expires_in": opt(t.expiresIn()) { num($0) }, "user": canon(t.user())]) }
func canon(_ t: MintedToken) -> JSON {
    .object(["token": .string(t.token()), "issued_at": num(t.issuedAt()), "expire_seconds": num(t.expireSeconds()), "expires_at": num(t.expiresAt())])
}
func canon(_ t: ChatTokenInfo) -> JSON {
    .object([
        "app_id": .string(t.appId), "issued_at": num(t.issuedAt), "expire_seconds": num(t.expireSeconds),
        "expires_at": num(t.expiresAt), "salt": num(t.salt), "user_id": str(t.userId),
        "privileges": .object(t.privileges.mapValues { num($0) }),
    ])
}
func canon(_ d: Device) -> JSON {
    .object(["resource": .string(d.resource), "platform": .string(d.platform), "device_uuid": str(d.deviceUuid), "device_name": str(d.deviceName)])
}
func canon(_ u: UserAttributes) -> JSON { .object(["username": .string(u.username), "attributes": canonMap(u.attributes)]) }
func canon(_ m: MuteStatus) -> JSON {
    .object(["username": .string(m.username), "chat": num(m.chat), "groupchat": num(m.groupchat), "chatroom": num(m.chatroom),
             "server_time": opt(m.serverTime) { num($0) }])
}
func name(_ t: ChatType) -> String {
    switch t {
    case .chat: return "chat"
    case .groupChat: return "groupchat"
    case .chatRoom: return "chatroom"
    }
}
func canon(_ e: MuteEntry) -> JSON { .object(["username": .string(e.username), "chat_type": .string(name(e.chatType)), "remaining": num(e.remaining)]) }
func canon(_ p: MutePage) -> JSON {
    .object(["entries": .array(p.entries.map(canon)), "next_page": opt(p.nextPage) { num($0) }, "server_time": opt(p.serverTime) { num($0) }])
}
func canon(_ c: Contact) -> JSON { .object(["username": .string(c.username), "remark": str(c.remark)]) }
func canon(_ p: ContactPage) -> JSON { .object(["contacts": .array(p.contacts.map(canon)), "cursor": str(p.cursor)]) }
func canon(_ r: PushNicknameReport) -> JSON {
    .object([
        "updated": .array(r.updated.map { .string($0) }),
        "failed": .array(r.failed.map { .object(["username": .string($0.username), "index": num($0.index), "kind": .string($0.kind), "reason": .string($0.reason)]) }),
    ])
}
func canon(_ s: PushSetting) -> JSON {
    let mode: JSON
    switch s.mode {
    case .none: mode = .null
    case .some(.default): mode = .string("DEFAULT")
    case .some(.all): mode = .string("ALL")
    case .some(.at): mode = .string("AT")
    case .some(.none): mode = .string("NONE")
    }
    return .object(["mode": mode, "dnd_interval": str(s.dndInterval), "dnd_until": opt(s.dndUntil) { num($0) }])
}
func canon(_ v: WebhookVerification) -> JSON {
    let status: String
    switch v.status {
    case .valid: status = "valid"
    case .invalid: status = "invalid"
    case .missingFields: status = "missing_fields"
    case .malformed: status = "malformed"
    }
    return .object(["status": .string(status), "missing_fields": .array(v.missingFields.map { .string($0) }), "detail": .string(v.detail)])
}

/// Calls one operation of the shared scenario through the Swift binding:
/// the one dispatch table `ScenarioTests` plays.
func callOperation(_ c: Client, _ emu: Emulator, _ op: String, _ a: JSON) async throws -> JSON {
    let s = { (k: String) in a[k].string! }
    let o = { (k: String) in a[k].string }
    let i64 = { (k: String) in a[k].int.map(Int64.init) }
    let i32 = { (k: String) in a[k].int.map(Int32.init) }
    let u32 = { (k: String) in a[k].int.map(UInt32.init) }
    let i = { (k: String) in Int32(a[k].int!) }
    let names = { (k: String) in (a[k].array ?? []).map { $0.string! } }
    let scope = { try pushScopeFromName(scope: s("scope"), target: o("target")) }
    switch op {
    case "fetch_token":
        let t = try await c.fetchToken()
        return .object(["expires_in": opt(t.expiresIn()) { num($0) }, "application": opt(t.application()) { .string($0) }])
    case "register_user_open": return canon(try await c.registerUserOpen(username: s("username"), password: s("password"), nickname: o("nickname")))
    case "register_user": return canon(try await c.registerUser(username: s("username"), password: s("password"), nickname: o("nickname")))
    case "register_users":
        let users = a["users"].array!.map { NewUser(username: $0["username"].string!, password: $0["password"].string!, nickname: $0["nickname"].string) }
        return canon(try await c.registerUsers(users: users))
    case "get_user": return canon(try await c.getUser(username: s("username")))
    case "list_users": return canon(try await c.listUsers(limit: a["limit"].int.map(Int32.init), cursor: o("cursor")))
    case "iter_users":
        var all: [JSON] = []
        for try await u in c.iterUsers(pageSize: i("page_size")) { all.append(canon(u)) }
        return .array(all)
    case "delete_user": return canon(try await c.deleteUser(username: s("username")))
    case "delete_oldest_users": return canon(try await c.deleteOldestUsers(limit: i("limit")))
    case "set_password": try await c.setPassword(username: s("username"), newPassword: s("new_password")); return .null
    case "set_push_nickname": return canon(try await c.setPushNickname(username: s("username"), nickname: s("nickname")))
    case "set_notification_display_style":
        return canon(try await c.setNotificationDisplayStyle(username: s("username"), style: try displayStyleFromCode(code: i("style"))))
    case "set_no_disturb": return canon(try await c.setNoDisturb(username: s("username"), startHour: i("start_hour"), endHour: i("end_hour")))
    case "clear_no_disturb": return canon(try await c.clearNoDisturb(username: s("username")))
    case "add_contact": return canon(try await c.addContact(owner: s("owner"), contact: s("contact")))
    case "remove_contact": return canon(try await c.removeContact(owner: s("owner"), contact: s("contact")))
    case "list_contacts": return canon(try await c.listContacts(owner: s("owner")))
    case "list_blocked": return canon(try await c.listBlocked(owner: s("owner")))
    case "block_users": return canon(try await c.blockUsers(owner: s("owner"), usernames: names("usernames")))
    case "unblock_user": return canon(try await c.unblockUser(owner: s("owner"), blocked: s("blocked")))
    case "user_status": return canon(try await c.userStatus(username: s("username")))
    case "users_status": return canon(try await c.usersStatus(usernames: names("usernames")))
    case "offline_message_count": return num(try await c.offlineMessageCount(username: s("username")))
    case "offline_message_status": return canon(try await c.offlineMessageStatus(username: s("username"), msgId: s("msg_id")))
    case "deactivate_user": return canon(try await c.deactivateUser(username: s("username")))
    case "activate_user": try await c.activateUser(username: s("username")); return .null
    case "disconnect_user": return .bool(try await c.disconnectUser(username: s("username")))
    case "user_token": return canon(try await c.userToken(username: s("username"), password: s("password"), ttlSeconds: i64("ttl_seconds")))
    case "user_token_without_password":
        return canon(try await c.userTokenWithoutPassword(username: s("username"), ttlSeconds: i64("ttl_seconds"), createUser: a["create_user"].boolValue ?? false))
    case "chat_user_token":
        return canon(try chatUserToken(appId: s("app_id"), appCertificate: s("app_certificate"), userId: s("user_id"),
                                       expireSeconds: u32("expire_seconds")!, issuedAt: u32("issued_at"), salt: u32("salt")))
    case "chat_app_token":
        return canon(try chatAppToken(appId: s("app_id"), appCertificate: s("app_certificate"), expireSeconds: u32("expire_seconds")!,
                                      issuedAt: u32("issued_at"), salt: u32("salt")))
    case "parse_chat_token": return canon(try parseChatToken(token: s("token")))
    case "verify_chat_token": return .bool(try verifyChatToken(token: s("token"), appCertificate: s("app_certificate")))
    case "verify_webhook": return canon(try verifyWebhook(body: s("body"), secret: s("secret")))
    case "app_certificate_token":
        let agora = try Client(config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url()),
                               credentials: Credentials.appCertificate(appId: try emu.appId(), appCertificate: try emu.appCertificate()))
        let t = try await agora.fetchToken()
        return .object(["expires_in": opt(t.expiresIn()) { num($0) }])
    case "list_devices": return .array(try await c.listDevices(username: s("username")).map(canon))
    case "logout_device": return .bool(try await c.logoutDevice(username: s("username"), resource: s("resource")))
    case "set_user_attributes":
        let attrs = a["attributes"].object!.mapValues { $0.string! }
        return canonMap(try await c.setUserAttributes(username: s("username"), attributes: attrs))
    case "get_user_attributes": return canonMap(try await c.getUserAttributes(username: s("username")))
    case "delete_user_attributes": try await c.deleteUserAttributes(username: s("username")); return .null
    case "users_attributes": return .array(try await c.usersAttributes(usernames: names("usernames"), keys: names("keys")).map(canon))
    case "user_attributes_usage": return num(try await c.userAttributesUsage())
    case "mute_user":
        let types = try chatTypesFromNames(names: names("chat_types"))
        try await c.muteUser(username: s("username"), seconds: i64("seconds"), chatTypes: types)
        return .null
    case "unmute_user":
        try await c.unmuteUser(username: s("username"), chatTypes: try chatTypesFromNames(names: names("chat_types")))
        return .null
    case "get_mute": return canon(try await c.getMute(username: s("username")))
    case "list_mutes": return canon(try await c.listMutes(page: i32("page"), pageSize: i32("page_size")))
    case "iter_mutes":
        var all: [JSON] = []
        for try await m in c.iterMutes(pageSize: i32("page_size")!) { all.append(canon(m)) }
        return .array(all)
    case "list_contacts_page":
        return canon(try await c.listContactsPage(owner: s("owner"), limit: i32("limit"), cursor: o("cursor"), withRemarks: a["with_remarks"].boolValue ?? false))
    case "iter_contacts":
        var all: [JSON] = []
        for try await x in c.iterContacts(owner: s("owner"), pageSize: i32("page_size")!) { all.append(canon(x)) }
        return .array(all)
    case "set_contact_remark": try await c.setContactRemark(owner: s("owner"), contact: s("contact"), remark: s("remark")); return .null
    case "set_push_nicknames":
        let list = a["nicknames"].array!.map { PushNickname(username: $0["username"].string!, nickname: $0["nickname"].string!) }
        return canon(try await c.setPushNicknames(nicknames: list))
    case "get_push_setting": return canon(try await c.getPushSetting(username: s("username"), scope: try scope()))
    case "set_push_setting":
        let sc = try scope()
        let mode = try o("mode").map { try pushModeFromName(name: $0) }
        return canon(try await c.setPushSetting(username: s("username"), scope: sc, mode: mode, dndInterval: o("dnd_interval"),
                                                dndDurationSeconds: i64("dnd_duration_seconds")))
    case "get_push_language": return .string(try await c.getPushLanguage(username: s("username")))
    case "set_push_language": return .string(try await c.setPushLanguage(username: s("username"), language: s("language")))
    default: XCTFail("unknown operation \(op)"); return .null
    }
}

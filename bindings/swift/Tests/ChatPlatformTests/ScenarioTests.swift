import ChatPlatform
import Foundation
import XCTest

/// Plays tests/scenario/scenario.json through the Swift binding.
final class ScenarioTests: XCTestCase {
    static let repo = ProcessInfo.processInfo.environment["CHAT_PLATFORM_REPO"] ?? "../.."

    func camel(_ s: String) -> String {
        let parts = s.split(separator: "_", omittingEmptySubsequences: false)
        return parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
    }

    func expand(_ v: JSON, _ saved: [String: JSON]) -> JSON {
        switch v {
        case .string(let s) where s.hasPrefix("$"): return saved[String(s.dropFirst())] ?? v
        case .object(let o) where o.count == 1 && o["$repeat"] != nil:
            let a = o["$repeat"]!.array!
            return .string(String(repeating: a[0].string!, count: a[1].int!))
        case .object(let o) where o.count == 1 && o["$users"] != nil:
            let g = o["$users"]!
            return .array((0..<g["count"].int!).map { .object(["username": .string("\(g["prefix"].string!)\($0)"), "password": g["password"]]) })
        case .object(let o) where o.count == 1 && o["$nicknames"] != nil:
            let g = o["$nicknames"]!
            return .array((0..<g["count"].int!).map {
                .object(["username": .string("\(g["prefix"].string!)\($0)"), "nickname": .string("\(g["nickname"].string!)\($0)")])
            })
        case .object(let o) where o.count == 1 && o["$names"] != nil:
            let g = o["$names"]!
            return .array((0..<g["count"].int!).map { .string("\(g["prefix"].string!)\($0)") })
        case .object(let o): return .object(o.mapValues { expand($0, saved) })
        case .array(let a): return .array(a.map { expand($0, saved) })
        default: return v
        }
    }

    func call(_ c: Client, _ emu: Emulator, _ op: String, _ a: JSON) async throws -> JSON {
        let s = { (k: String) in a[k].string! }
        let o = { (k: String) in a[k].string }
        let i = { (k: String) in Int32(a[k].int!) }
        let names = { (k: String) in a[k].array!.map { $0.string! } }
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
        default: return try await callBeyond(c, emu, op, a)
        }
    }

    func admin(_ emu: Emulator, _ name: String, _ a: JSON) throws {
        switch name {
        case "reset": try emu.reset()
        case "set_config":
            let body = a.object!.map { k, v in "\"\(k)\": \(v)" }.joined(separator: ", ")
            try emu.setConfigJson(json: "{\(body)}")
        case "set_presence": XCTAssertTrue(try emu.setPresence(username: a["username"].string!, online: a["online"].boolValue!))
        case "add_offline_messages":
            for m in a["messages"].array! {
                XCTAssertTrue(try emu.addOfflineMessage(username: a["username"].string!, id: m["id"].string!, delivered: m["delivered"].boolValue!))
            }
        case "revoke_tokens": _ = try emu.revokeTokens()
        case "set_devices":
            let devices = a["devices"].array!.map {
                EmulatorDevice(resource: $0["resource"].string!, deviceUuid: $0["device_uuid"].string!, deviceName: $0["device_name"].string!)
            }
            XCTAssertTrue(try emu.setDevices(username: a["username"].string!, devices: devices))
        default: XCTFail("unknown admin step \(name)")
        }
    }

    func testTheSharedScenarioPlaysThroughSwift() async throws {
        let text = try String(contentsOfFile: "\(Self.repo)/tests/scenario/scenario.json", encoding: .utf8)
        let steps = try JSON.parse(text)["steps"].array!
        let emu = try Emulator()
        defer { emu.stop() }
        let client = try emu.client()
        var saved: [String: JSON] = [:]
        var seen = Set<String>()
        for (idx, step) in steps.enumerated() {
            let args = expand(step["args"] == .null ? .object([:]) : step["args"], saved)
            if let name = step["admin"].string { try admin(emu, name, args); continue }
            if step["check"] != .null {
                let stats = try JSON.parse(try emu.statsJson())
                if let m = mismatch(step["expect"], stats, "stats") { XCTFail("step \(idx): \(m)") }
                continue
            }
            let op = step["op"].string!
            seen.insert(op)
            let expect = step["expect"]
            let before = try emu.totalRequests()
            var result: JSON?
            var failure: ChatPlatformError?
            do { result = try await call(client, emu, op, args) } catch let e as ChatPlatformError { failure = e }
            let sent = try emu.totalRequests() - before
            if expect["ok"] != .null || expect.object?["ok"] != nil {
                guard let r = result else { XCTFail("step \(idx) (\(op)): expected success, got \(String(describing: failure))"); continue }
                if let m = mismatch(expect["ok"], r) { XCTFail("step \(idx) (\(op)): \(m)") }
                for (name, field) in step["save"].object ?? [:] { saved[name] = r[field.string!] }
            } else {
                guard let e = failure else { XCTFail("step \(idx) (\(op)): expected an error, got \(String(describing: result))"); continue }
                let d = e.details()
                XCTAssertEqual(e.code(), expect["error"].string!, "step \(idx) (\(op)): \(d.detail)")
                if expect.object?["status"] != nil { XCTAssertEqual(d.status.map { Int($0) }, expect["status"].int, "step \(idx) status") }
                if let sc = expect["server_code"].string { XCTAssertEqual(d.serverCode, sc, "step \(idx) serverCode") }
                if let f = expect["field"].string { XCTAssertEqual(d.field, camel(f), "step \(idx) field") }
                if expect["sent"] == .bool(false) { XCTAssertEqual(sent, 0, "step \(idx) (\(op)): invalid input reached the server") }
            }
        }
        XCTAssertEqual(seen.count, 55)
    }

    func testTheMatcherRejectsMismatches() throws {
        XCTAssertNotNil(mismatch(try JSON.parse(#"{"username":"a"}"#), try JSON.parse(#"{"username":"b"}"#)))
        XCTAssertNotNil(mismatch(try JSON.parse(#"["a","b"]"#), try JSON.parse(#"["a"]"#)))
        XCTAssertNotNil(mismatch(try JSON.parse(#"{"$len":2}"#), try JSON.parse("[1]")))
        XCTAssertNotNil(mismatch(try JSON.parse("1"), try JSON.parse("true")))
        XCTAssertNil(mismatch(try JSON.parse(#"{"missing":null}"#), try JSON.parse("{}")))
    }
}

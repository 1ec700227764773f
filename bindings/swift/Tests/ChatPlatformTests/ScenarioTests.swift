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
            do { result = try await callOperation(client, emu, op, args) } catch let e as ChatPlatformError { failure = e }
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

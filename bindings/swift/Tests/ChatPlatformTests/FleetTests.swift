import ChatPlatform
import Foundation
import XCTest

/// Fleet mode through a real Redis (scripts/test-redis.sh starts one for
/// `make test`; swift-test.sh passes its URL into the Swift root).
final class FleetTests: XCTestCase {
    func testClientsSharingAStoreMakeOneTokenGrant() async throws {
        let url = try XCTUnwrap(ProcessInfo.processInfo.environment["CHAT_PLATFORM_TEST_REDIS"],
                                "CHAT_PLATFORM_TEST_REDIS is not set: run through scripts/test-redis.sh (make test does)")
        let emu = try Emulator(settingsJson: "{\"org\":\"swfleet\(getpid())\",\"app\":\"grant\",\"latency_ms\":20}")
        defer { emu.stop() }
        let store = SharedStore(url: url)
        let fleet = try (1...4).map { _ in
            try Client(config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url(), sharedStore: store),
                       credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: try emu.clientSecret()))
        }
        _ = try await fleet[0].registerUser(username: "u0", password: "pw-12345")
        try await withThrowingTaskGroup(of: String.self) { group in
            for c in fleet { for _ in 0..<3 { group.addTask { try await c.getUser(username: "u0").username } } }
            for try await name in group { XCTAssertEqual(name, "u0") }
        }
        XCTAssertEqual(try emu.tokenGrants(), 1, "one grant for four clients")
    }

    func testADeadStoreNeverFailsACallAndThePasswordNeverShows() async throws {
        let dead = try XCTUnwrap(ProcessInfo.processInfo.environment["CHAT_PLATFORM_TEST_DEAD_REDIS"])
        let emu = try Emulator()
        defer { emu.stop() }
        let c = try Client(config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url(), sharedStore: SharedStore(url: dead)),
                           credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: try emu.clientSecret()))
        _ = try await c.registerUser(username: "u0", password: "pw-12345")
        for _ in 0..<10 {
            let name = try await c.getUser(username: "u0").username
            XCTAssertEqual(name, "u0")
        }
        let secret = SharedStore(url: "redis://:st0re-Pa55word@127.0.0.1:6379/0")
        XCTAssertEqual(secret.describe(), "redis://:***@127.0.0.1:6379/0")
        XCTAssertFalse("\(secret) \(String(reflecting: secret))".contains("st0re-Pa55word"))
        do {
            _ = try Client(config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url(), sharedStore: SharedStore(url: "http://:pw-secret@h:1")),
                           credentials: Credentials.token(token: "t"))
            XCTFail("a http:// store was accepted")
        } catch let e as ChatPlatformError {
            XCTAssertEqual(e.details().field, "sharedStore")
            XCTAssertFalse(e.localizedDescription.contains("pw-secret"), e.localizedDescription)
        }
    }
}

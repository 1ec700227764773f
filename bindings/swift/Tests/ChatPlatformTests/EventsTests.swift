import ChatPlatform
import Foundation
import XCTest

/// A listener gets a ClientEvent per attempt and per call, with the route
/// (never a user name) and why an attempt is retried.
final class EventsTests: XCTestCase {
    func testEachAttemptAndCallIsAnEventAndRetriesSayWhy() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let seen = CollectedEvents()
        let c = try Client(
            config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url(), retryBaseDelayMs: 1),
            credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: try emu.clientSecret()),
            onEvent: ClosureEventListener { e in seen.add(e) }
        )
        do {
            _ = try await c.getUser(username: "ghost-user")
            XCTFail("found a user that does not exist")
        } catch {}
        await c.flushEvents() // delivered on a thread of their own
        let calls = seen.all().filter { $0.kind == .call }
        XCTAssertEqual(calls.map(\.operation), ["fetch_token", "get_user"])
        XCTAssertEqual(calls[1].route, "/users/{username}")
        XCTAssertEqual(calls[1].status, 404)
        XCTAssertEqual(calls[1].error, "NOT_FOUND")
        XCTAssertNotNil(calls[1].serverCode)
        XCTAssertFalse("\(seen.all())".contains("ghost-user"))

        _ = try await c.registerUser(username: "alice", password: "pw-12345")
        await c.flushEvents()
        seen.clear()
        try emu.setFaultsJson(json: #"{"rules":[{"route":"GET /users/{username}","count":1,"status":503}]}"#)
        _ = try await c.getUser(username: "alice")
        await c.flushEvents()
        let attempts = seen.all().filter { $0.kind == .attempt }
        XCTAssertEqual(attempts.map(\.status), [503, 200])
        XCTAssertEqual(attempts.map(\.retryReason), ["server_error", nil])
        XCTAssertEqual(attempts.map(\.attempt), [1, 2])
    }
}

final class CollectedEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [ClientEvent] = []
    func add(_ e: ClientEvent) { lock.lock(); items.append(e); lock.unlock() }
    func all() -> [ClientEvent] { lock.lock(); defer { lock.unlock() }; return items }
    func clear() { lock.lock(); items.removeAll(); lock.unlock() }
}

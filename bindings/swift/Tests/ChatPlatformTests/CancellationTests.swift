import ChatPlatform
import Foundation
import XCTest

/// Cancelling a Task stops the call in the core: it throws CancellationError
/// at once, and no further attempt is made.
final class CancellationTests: XCTestCase {
    func testACancelledTaskThrowsCancellationErrorAndSendsNothingMore() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        // Every lookup of a user is answered after 10 s; each attempt gives up
        // after 200 ms and the next is sent: a call left running would keep
        // sending for 10 s.
        try emu.setFaultsJson(json: #"{"rules":[{"route":"GET /users/{username}","count":1000,"latency_ms":10000}]}"#)
        let c = try Client(
            config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url(), requestTimeoutMs: 10000,
                                 attemptTimeoutMs: 200, maxAttempts: 40, retryBaseDelayMs: 5, retryMaxDelayMs: 10,
                                 rateLimits: false),
            credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: try emu.clientSecret())
        )
        let task = Task { try await c.getUser(username: "alice") }
        try await Task.sleep(nanoseconds: 700_000_000)
        let cancelled = Date()
        task.cancel()
        let result = await task.result
        let took = Date().timeIntervalSince(cancelled)
        switch result {
        case .success: XCTFail("the cancelled call returned a user")
        case .failure(let e): XCTAssertTrue(e is CancellationError, "threw \(e)")
        }
        XCTAssertLessThan(took, 1.0, "ended \(took) s after the cancel")
        let sent = try emu.totalRequests()
        XCTAssertGreaterThanOrEqual(sent, 3, "a token and at least two attempts before the cancel")
        try await Task.sleep(nanoseconds: 1_000_000_000)
        XCTAssertEqual(try emu.totalRequests(), sent, "no request after the cancel")
        // The client still works.
        try emu.setFaultsJson(json: #"{"rules":[]}"#)
        _ = try await c.registerUser(username: "after", password: "pw-12345")
        let after = try await c.getUser(username: "after")
        XCTAssertEqual(after.username, "after")
    }

    func testATaskCancelledBeforeTheCallSendsNothing() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let c = try Client(
            config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url()),
            credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: try emu.clientSecret())
        )
        let before = try emu.totalRequests()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await c.deleteUser(username: "nobody")
        }
        let result = await task.result
        if case .failure(let e) = result { XCTAssertTrue(e is CancellationError, "threw \(e)") } else { XCTFail("returned") }
        try await Task.sleep(nanoseconds: 200_000_000)
        XCTAssertEqual(try emu.totalRequests(), before, "nothing was sent")
    }
}

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

    /// A client paced at one request a second (the documented limits x `scale`).
    private func slowClient(_ emu: Emulator, _ scale: Double) throws -> Client {
        try Client(
            config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url(), rateLimitScale: scale),
            credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: try emu.clientSecret())
        )
    }

    /// Runs `call` in a Task cancelled after 2.5 s; what it threw.
    private func cancelledAfter2500<T: Sendable>(_ call: @escaping @Sendable () async throws -> T) async throws -> BulkCancellationError {
        let task = Task { try await call() }
        try await Task.sleep(nanoseconds: 2_500_000_000)
        let cancelled = Date()
        task.cancel()
        let result = await task.result
        let took = Date().timeIntervalSince(cancelled)
        XCTAssertLessThan(took, 1.0, "ended \(took) s after the cancel")
        switch result {
        case .success: XCTFail("the cancelled call returned"); throw CancellationError()
        case .failure(let e):
            guard let b = e as? BulkCancellationError else { XCTFail("threw \(e)"); throw e }
            return b
        }
    }

    func testACancelledRegisterUsersStopsAndKeepsWhatWasAnswered() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let c = try slowClient(emu, 0.01)
        let users = (0..<600).map { NewUser(username: "sc\($0)", password: "pw-12345") }
        let e = try await cancelledAfter2500 { try await c.registerUsers(users: users) }
        XCTAssertEqual(e.operation, "registerUsers")
        XCTAssertTrue(e.description.hasPrefix("registerUsers was cancelled"), e.description)
        guard case .register(let report) = e.partial else { return XCTFail("partial \(e.partial)") }
        let created = report.created.map(\.username)
        XCTAssertTrue((60...240).contains(created.count) && created.count % 60 == 0, "\(created.count) created before the cancel")
        XCTAssertEqual(created, users.prefix(created.count).map { $0.username() }, "the users answered, in input order")
        XCTAssertEqual(report.failed, [])
        let sent = try emu.totalRequests()
        try await Task.sleep(nanoseconds: 1_500_000_000)
        XCTAssertEqual(try emu.totalRequests(), sent, "nothing sent after the cancel")
    }

    func testCancelledUsersStatusAndUsersAttributesKeepWhatWasAnswered() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let names = (0..<1000).map { "sn\($0)" }
        let c = try slowClient(emu, 0.02)
        let e = try await cancelledAfter2500 { try await c.usersStatus(usernames: names) }
        XCTAssertEqual(e.operation, "usersStatus")
        guard case .presences(let presences) = e.partial else { return XCTFail("partial \(e.partial)") }
        XCTAssertTrue((100...300).contains(presences.count) && presences.count % 100 == 0, "\(presences.count) answered")
        XCTAssertEqual(presences.map(\.username), Array(names.prefix(presences.count)))
        let m = try slowClient(emu, 0.01)
        let a = try await cancelledAfter2500 { try await m.usersAttributes(usernames: names, keys: ["nickname"]) }
        XCTAssertEqual(a.operation, "usersAttributes")
        guard case .attributes(let users) = a.partial else { return XCTFail("partial \(a.partial)") }
        XCTAssertTrue((100...300).contains(users.count) && users.count % 100 == 0, "\(users.count) answered")
        XCTAssertEqual(users.map(\.username), Array(names.prefix(users.count)))
    }
}

import ChatPlatform
import Foundation
import XCTest

/// Idiomatic behaviour: structured concurrency, AsyncSequence paging, error cases, no secrets.
final class ClientTests: XCTestCase {
    func client(_ emu: Emulator, maxAttempts: UInt32 = 6) throws -> Client {
        try Client(
            config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url(), maxAttempts: maxAttempts, retryBaseDelayMs: 1, minTokenIntervalMs: 0),
            credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: try emu.clientSecret())
        )
    }

    func testParallelTasksShareOneTokenFetch() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        try emu.setFaultsJson(json: #"{"rules":[{"route":"POST /token","count":1,"latency_ms":100}]}"#)
        let c = try client(emu)
        _ = try await c.registerUserOpen(username: "cold", password: "pw")
        let names = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<100 { group.addTask { try await c.getUser(username: "cold").username } }
            var all: [String] = []
            for try await n in group { all.append(n) }
            return all
        }
        XCTAssertEqual(names.count, 100)
        XCTAssertEqual(try emu.tokenGrants(), 1)
    }

    func testAsyncSequencePagesLazily() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let c = try client(emu)
        let report = try await c.registerUsers(users: (0..<250).map { NewUser(username: "s\($0)", password: "pw") })
        XCTAssertEqual(report.created.count, 250)
        XCTAssertTrue(report.failed.isEmpty)
        var seen: [String] = []
        for try await u in c.iterUsers(pageSize: 100) { seen.append(u.username) }
        XCTAssertEqual(seen.sorted(), (0..<250).map { "s\($0)" }.sorted())
        do {
            for try await _ in c.iterUsers(pageSize: 0) {}
            XCTFail("page size 0 must fail")
        } catch let e as ChatPlatformError {
            XCTAssertEqual(e.code(), "INVALID_INPUT")
            XCTAssertEqual(e.details().field, "pageSize")
        }
    }

    var seen: [String] = []

    func expectError(_ code: String, _ body: () async throws -> Void, file: StaticString = #filePath, line: UInt = #line) async -> ChatPlatformError? {
        do {
            try await body()
            XCTFail("expected \(code)", file: file, line: line)
        } catch let e as ChatPlatformError {
            seen += [String(describing: e), String(reflecting: e), e.localizedDescription]
            XCTAssertEqual(e.code(), code, e.details().detail, file: file, line: line)
            return e
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
        return nil
    }

    func testEachErrorCaseFromItsCauseLoggedAtTraceLevel() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let logs = Records()
        XCTAssertTrue(setLogSink(level: .trace) { r in logs.add(r) })
        let c = try client(emu, maxAttempts: 2)
        _ = try await c.registerUser(username: "exists", password: "pw")
        _ = try await c.setPassword(username: "exists", newPassword: "hunter2-password")
        let invalid = await expectError("INVALID_INPUT") { _ = try await c.getUser(username: "not valid") }
        if case .InvalidInput(_, _, _, _, _, let field, _, _, _)? = invalid { XCTAssertEqual(field, "username") } else { XCTFail("not InvalidInput") }
        let hour = await expectError("INVALID_INPUT") { _ = try await c.setNoDisturb(username: "exists", startHour: 25, endHour: 1) }
        XCTAssertEqual(hour?.details().field, "startHour")
        XCTAssertEqual(hour?.details().operation, "setNoDisturb")
        XCTAssertTrue(hour?.details().detail.hasPrefix("setNoDisturb: invalid `startHour`: ") ?? false, "\(String(describing: hour))")
        let nf = await expectError("NOT_FOUND") { _ = try await c.getUser(username: "ghost") }
        XCTAssertEqual(nf?.details().status, 404)
        XCTAssertEqual(nf?.details().serverCode, "service_resource_not_found")
        _ = await expectError("CONFLICT") { _ = try await c.registerUser(username: "EXISTS", password: "pw") }
        let wrong = try Client(config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url()),
                               credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: "wrong"))
        _ = await expectError("UNAUTHORIZED") { _ = try await wrong.getUser(username: "exists") }
        _ = await expectError("CONFIGURATION") { _ = try Client(config: ClientConfig(appKey: "no-key", baseUrl: "http://x"), credentials: Credentials.token(token: "t")) }
        let dead = try Client(config: ClientConfig(appKey: "a#b", baseUrl: "http://127.0.0.1:9", maxAttempts: 1), credentials: Credentials.token(token: "t"))
        let t = await expectError("TRANSPORT") { _ = try await dead.getUser(username: "x") }
        XCTAssertEqual(t?.retryable(), true)
        try emu.setFaultsJson(json: #"{"rules":[{"route":"GET /users/{username}","count":5,"status":429,"retry_after":"0"}]}"#)
        // Unpaced, the attempts run out (paced, throttling is the pacer's and only time ends it).
        let unpaced = try Client(
            config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url(), maxAttempts: 2, retryBaseDelayMs: 1, rateLimits: false),
            credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: try emu.clientSecret())
        )
        let rl = await expectError("RATE_LIMITED") { _ = try await unpaced.getUser(username: "exists") }
        XCTAssertEqual(rl?.details().retryAfterMs, 0)
        try emu.setFaultsJson(json: #"{"rules":[{"route":"GET /users/{username}","count":5,"status":503}]}"#)
        _ = await expectError("SERVER") { _ = try await c.getUser(username: "exists") }
        try emu.setFaultsJson(json: #"{"rules":[{"route":"GET /users/{username}","count":1,"status":429,"error":"resource_limited"}]}"#)
        let q = await expectError("LIMIT_EXCEEDED") { _ = try await c.getUser(username: "exists") }
        XCTAssertEqual(q?.retryable(), false)
        let p = await expectError("INTERNAL") { _ = try await debugPanicForTests() }
        XCTAssertTrue(p?.details().detail.contains("panic") ?? false)
        // Every error kind above and every log record, searched for the secrets in play.
        let token = try await c.fetchToken().accessToken()
        clearLogSink()
        XCTAssertGreaterThanOrEqual(seen.count, 30)
        let records = logs.all()
        let texts = seen + records.map { "\($0.level) \($0.target) \($0.message)" }
        for t in texts {
            for s in [try emu.clientSecret(), token, "hunter2-password", "wrong"] { XCTAssertFalse(t.contains(s), "\(s) leaked in \(t)") }
        }
        // The log really is verbose: token grants, each request, retries and failures.
        func has(_ level: LogLevel, _ text: String) -> Bool {
            records.contains { $0.level == level && $0.message.contains(text) && $0.target.hasPrefix("chat_platform") }
        }
        XCTAssertTrue(has(.debug, "request done op=register_user method=POST path=/users status=200"), "\(records.prefix(5))")
        XCTAssertTrue(has(.debug, "request failed op=get_user method=GET path=/users/ghost status=404"))
        XCTAssertTrue(has(.info, "fetched a new app token"))
        XCTAssertGreaterThanOrEqual(records.count, 15)
        _ = try await c.getUser(username: "exists")
        XCTAssertEqual(logs.all().count, records.count, "clearLogSink stops delivery")
    }

    func testNoSecretInDescriptions() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let secret = try emu.clientSecret()
        let creds = Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: secret)
        let config = ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url(), minTokenIntervalMs: 0)
        let c = try Client(config: config, credentials: creds)
        let token = try await c.fetchToken()
        var texts = [String(describing: c), String(describing: creds), String(describing: config), String(reflecting: config),
                     String(describing: token), String(describing: NewUser(username: "n", password: "hunter2-password"))]
        for body in [
            { _ = try await c.registerUser(username: "bad name", password: "hunter2-password") },
            { try await c.setPassword(username: "ghost", newPassword: "hunter2-password") },
            { _ = try await Client(config: config, credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: "wrong-secret-value")).fetchToken() },
        ] as [() async throws -> Void] {
            do { try await body(); XCTFail("expected an error") } catch {
                texts += [String(describing: error), String(reflecting: error), error.localizedDescription]
            }
        }
        XCTAssertEqual(texts.count, 15)
        for t in texts {
            for s in [secret, token.accessToken(), "hunter2-password", "wrong-secret-value"] {
                XCTAssertFalse(t.contains(s), "\(s) leaked in \(t)")
            }
        }
        XCTAssertTrue(token.accessToken().hasPrefix("YWMt"))
    }

    func testGeneratedNamesMatchTheDesignTable() throws {
        // A compile-time check: every DESIGN operation exists under its camelCase name.
        let ops: [String: Any] = [
            "fetchToken": Client.fetchToken, "registerUserOpen": Client.registerUserOpen, "registerUser": Client.registerUser,
            "registerUsers": Client.registerUsers, "getUser": Client.getUser, "listUsers": Client.listUsers,
            "iterUsers": Client.iterUsers, "deleteUser": Client.deleteUser, "deleteOldestUsers": Client.deleteOldestUsers,
            "setPassword": Client.setPassword, "setPushNickname": Client.setPushNickname,
            "setNotificationDisplayStyle": Client.setNotificationDisplayStyle, "setNoDisturb": Client.setNoDisturb,
            "clearNoDisturb": Client.clearNoDisturb, "addContact": Client.addContact, "removeContact": Client.removeContact,
            "listContacts": Client.listContacts, "listBlocked": Client.listBlocked, "blockUsers": Client.blockUsers,
            "unblockUser": Client.unblockUser, "userStatus": Client.userStatus, "usersStatus": Client.usersStatus,
            "offlineMessageCount": Client.offlineMessageCount, "offlineMessageStatus": Client.offlineMessageStatus,
            "deactivateUser": Client.deactivateUser, "activateUser": Client.activateUser, "disconnectUser": Client.disconnectUser,
        ]
        XCTAssertEqual(ops.count, 27)
    }

    func testAServerThatNeverAnswersTimesOutAndBadInputIsNotSent() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let c = try Client(
            config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url(), requestTimeoutMs: 500, maxAttempts: 1),
            credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: try emu.clientSecret())
        )
        _ = try await c.fetchToken()
        let before = try emu.totalRequests()
        for bad in ["", "a/b", "../x", "a?b", "a#b", "a%2F", "名字", String(repeating: "x", count: 100_000)] {
            _ = await expectError("INVALID_INPUT") { _ = try await c.getUser(username: bad) }
        }
        let many = await expectError("INVALID_INPUT") { _ = try await c.blockUsers(owner: "owner", usernames: (0..<10_000).map { "u\($0)" }) }
        XCTAssertEqual(many?.details().field, "usernames")
        XCTAssertEqual(try emu.totalRequests(), before, "nothing was sent")
        try emu.setFaultsJson(json: #"{"rules":[{"count":1,"latency_ms":60000}]}"#)
        let t0 = Date()
        let e = await expectError("TRANSPORT") { _ = try await c.getUser(username: "anyone") }
        let took = Date().timeIntervalSince(t0)
        XCTAssertTrue(e?.details().detail.contains("timed out") ?? false)
        XCTAssertTrue(took >= 0.45 && took < 2.0, "\(took) s")
        let host = try emu.url().replacingOccurrences(of: "http://", with: "")
        XCTAssertTrue(e?.details().detail.contains(host) ?? false, e?.details().detail ?? "")
    }

    func testMessagesAreSentencesNamingTheUser() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let c = try Client(
            config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url()),
            credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: try emu.clientSecret())
        )
        let e = await expectError("NOT_FOUND") { _ = try await c.getUser(username: "nobody") }
        let detail = e?.details().detail ?? ""
        XCTAssertTrue(detail.hasPrefix("getUser: user \"nobody\" not found"), detail)
        XCTAssertEqual(e?.localizedDescription, detail, "the description is the sentence, not the enum case")
        XCTAssertEqual(e?.details().serverCode, "service_resource_not_found")
        _ = try await c.registerUser(username: "u0", password: "pw-12345", nickname: nil)
        let page = try await c.deleteOldestUsers(limit: 1)
        XCTAssertEqual(page.users.map { $0.username }, ["u0"])
    }

    func testLostAnswersAlreadyGoneAndPartialPresences() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let c = try Client(
            config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url()),
            credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: try emu.clientSecret())
        )
        _ = try await c.registerUser(username: "bob", password: "pw-12345", nickname: nil)
        try emu.setFaultsJson(json: #"{"rules":[{"route":"DELETE /users/{username}","count":1,"drop":true,"after_processing":true}]}"#)
        let d = try await c.deleteUser(username: "bob")
        XCTAssertEqual(d, Deletion(username: "bob", user: nil, outcome: .alreadyGone))
        let nf = await expectError("NOT_FOUND") { _ = try await c.deleteUser(username: "bob") }
        XCTAssertEqual(nf?.details().uncertain, false)
        try emu.setFaultsJson(json: #"{"rules":[{"route":"POST /users/batch/status","count":1,"status":400}]}"#)
        let e = await expectError("INVALID_INPUT") { _ = try await c.usersStatus(usernames: (0..<250).map { "s\($0)" }, progress: nil) }
        guard case .presences(let kept)? = e?.details().partial else { return XCTFail("no partial presences") }
        XCTAssertEqual(kept.count, 150)
        try emu.setFaultsJson(json: #"{"rules":[{"route":"POST /metadata/user/get","count":1,"status":400}]}"#)
        let asked = (0..<250).map { "a\($0)" }
        let ae = await expectError("INVALID_INPUT") { _ = try await c.usersAttributes(usernames: asked, keys: ["nickname"], progress: nil) }
        guard case .attributes(let users)? = ae?.details().partial else { return XCTFail("no partial attributes") }
        XCTAssertEqual(users.count, 150, "two requests of three answered")
        let order = users.map { u in asked.firstIndex(of: u.username) ?? -1 }
        XCTAssertEqual(order, order.sorted())
        XCTAssertFalse(order.contains(-1))
    }
}

/// Log records collected from the library's threads.
final class Records: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [LogRecord] = []

    func add(_ r: LogRecord) {
        lock.lock(); defer { lock.unlock() }
        items.append(r)
    }

    func all() -> [LogRecord] {
        lock.lock(); defer { lock.unlock() }
        return items
    }
}

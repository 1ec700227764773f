import ChatPlatform
import Foundation
import XCTest

/// Proxies, TLS and argument errors from Swift: the HTTPS emulator with and
/// without its CA, and the real proxies of scripts/test-proxies.sh
/// (swift-test.sh runs `swift test` under it).
final class NetworkTests: XCTestCase {
    func env(_ name: String) throws -> String {
        guard let v = ProcessInfo.processInfo.environment[name], !v.isEmpty else {
            throw XCTSkip("\(name) is not set") // swift-test.sh counts a skip as a failure
        }
        return v
    }

    func logHas(_ name: String, _ needle: String) throws -> Bool {
        let path = ScenarioTests.repo + "/" + (try env(name))
        for _ in 0..<50 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.contains(needle) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    func client(_ emu: Emulator, base: String? = nil, proxy: Proxy? = Proxy.none(), ca: [String] = []) throws -> Client {
        try Client(
            config: ClientConfig(appKey: try emu.appKey(), baseUrl: try base ?? emu.url(), connectTimeoutMs: 2000,
                                 maxAttempts: 2, retryBaseDelayMs: 1, proxy: proxy, caCertificatesPem: ca),
            credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: try emu.clientSecret())
        )
    }

    func testHttpsNeedsTheEmulatorsCaAndWorksWithIt() async throws {
        let emu = try Emulator(settingsJson: #"{"tls": true}"#)
        defer { emu.stop() }
        XCTAssertTrue(try emu.url().hasPrefix("https://"))
        let ca = try XCTUnwrap(try emu.caPem())
        do {
            _ = try await client(emu).fetchToken()
            XCTFail("an untrusted certificate must fail")
        } catch let e as ChatPlatformError {
            XCTAssertEqual(e.code(), "CONFIGURATION")
            XCTAssertTrue(e.details().detail.contains("TLS failed") && e.details().detail.contains("caCertificates"), e.details().detail)
            XCTAssertFalse(e.retryable())
        }
        let c = try client(emu, ca: [ca])
        _ = try await c.registerUser(username: "tls-swift", password: "pw-12345")
        let got = try await c.getUser(username: "tls-swift")
        XCTAssertEqual(got.username, "tls-swift")
        let viaEmulatorClient = try await emu.client().getUser(username: "tls-swift")
        XCTAssertEqual(viaEmulatorClient.username, "tls-swift")
    }

    func testProxiesTunnelsNoProxyCredentialsAndADeadProxy() async throws {
        let open = try env("CHAT_PLATFORM_TEST_PROXY")
        let emu = try Emulator()
        defer { emu.stop() }
        let url = try emu.url()
        _ = try await client(emu, proxy: Proxy.url(url: open)).registerUser(username: "via-proxy-swift", password: "pw-12345")
        XCTAssertTrue(try logHas("CHAT_PLATFORM_TEST_PROXY_LOG", "POST \(url)/demo-org/demo-app/users"))
        _ = try await client(emu, proxy: Proxy.url(url: open, noProxy: ["127.0.0.1"])).getUser(username: "via-proxy-swift")
        XCTAssertFalse(try logHas("CHAT_PLATFORM_TEST_PROXY_LOG", "GET \(url)/demo-org/demo-app/users/via-proxy-swift"),
                       "a NO_PROXY host went through the proxy")

        let password = try env("CHAT_PLATFORM_TEST_AUTH_PROXY_PASSWORD")
        let auth = Proxy.url(url: try env("CHAT_PLATFORM_TEST_AUTH_PROXY"), username: try env("CHAT_PLATFORM_TEST_AUTH_PROXY_USER"), password: password)
        let config = ClientConfig(appKey: try emu.appKey(), baseUrl: url, proxy: auth)
        XCTAssertFalse(String(describing: config).contains(password) || String(reflecting: config).contains(password))
        let records = CollectedLines()
        setLogSink(level: .trace) { r in records.add("\(r.target) \(r.message)") }
        let viaAuth = try await client(emu, proxy: auth).getUser(username: "via-proxy-swift")
        XCTAssertEqual(viaAuth.username, "via-proxy-swift")
        clearLogSink()
        XCTAssertTrue(records.lines.contains { $0.contains("request done") }, "the trace-level log is on")
        XCTAssertFalse(records.lines.contains { $0.contains(password) }, "the proxy password is in a log record")

        let dead = try env("CHAT_PLATFORM_TEST_DEAD_PROXY")
        do {
            _ = try await client(emu, proxy: Proxy.url(url: dead, username: "someone", password: "hunter2-secret")).fetchToken()
            XCTFail("a dead proxy must fail")
        } catch let e as ChatPlatformError {
            XCTAssertEqual(e.code(), "TRANSPORT")
            XCTAssertTrue(e.details().detail.contains("through the proxy \(dead.replacingOccurrences(of: "http://", with: ""))"), e.details().detail)
            XCTAssertFalse(String(reflecting: e).contains("hunter2-secret"))
        }

        // The environment (HTTP_PROXY, NO_PROXY=127.0.0.1): by name through the proxy.
        let byName = url.replacingOccurrences(of: "127.0.0.1", with: "localhost")
        _ = try await client(emu, base: byName, proxy: nil).registerUser(username: "env-proxy-swift", password: "pw-12345")
        XCTAssertTrue(try logHas("CHAT_PLATFORM_TEST_PROXY_LOG", "\(byName)/demo-org/demo-app/users"), "HTTP_PROXY was not used")

        let tls = try Emulator(settingsJson: #"{"tls": true}"#)
        defer { tls.stop() }
        _ = try await client(tls, proxy: Proxy.url(url: open), ca: [try XCTUnwrap(try tls.caPem())]).fetchToken()
        let port = try tls.url().split(separator: ":").last.map(String.init) ?? ""
        XCTAssertTrue(try logHas("CHAT_PLATFORM_TEST_PROXY_LOG", "CONNECT 127.0.0.1:\(port)"), "no CONNECT tunnel")
    }

    func testNegativeHoursAndLimitsNameTheOperationAndTheArgument() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let c = try emu.client()
        do {
            _ = try await c.setNoDisturb(username: "bob", startHour: -1, endHour: 5)
            XCTFail("a negative hour must fail")
        } catch let e as ChatPlatformError {
            XCTAssertEqual(e.details().detail, "setNoDisturb: invalid `startHour`: must be an hour 0-23 (got -1)")
            XCTAssertEqual(e.details().field, "startHour")
        }
        do {
            _ = try await c.deleteOldestUsers(limit: -3)
            XCTFail("a negative limit must fail")
        } catch let e as ChatPlatformError {
            XCTAssertEqual(e.details().detail, "deleteOldestUsers: invalid `limit`: must be between 1 and 500 (got -3)")
        }
        do {
            for try await _ in c.usersStatusStream(from: AsyncStream<String> { $0.yield("a"); $0.finish() }, total: -1) {}
            XCTFail("a negative total must fail")
        } catch let e as ChatPlatformError {
            XCTAssertEqual(e.details().detail, "usersStatus: invalid `total`: must be a count, 0 or more (got -1)")
        }
        XCTAssertEqual(try emu.totalRequests(), 0)
    }
}

/// Log records collected from the library's threads.
final class CollectedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return items }
}

import ChatPlatform
import Foundation
import XCTest

/// The user system beyond the reference: secrets never shown, typed arguments, sequences.
final class TokensAndPagingTests: XCTestCase {
    let appId = "970CA35de60c44645bbae8a215061b33"
    let cert = "5CFd2fd1755d40ecb72977518be15d3b"

    func testTokenVectorsReproduceAndAMintedTokenReadsBack() throws {
        let t = try chatUserToken(appId: appId, appCertificate: cert, userId: "2882341273", expireSeconds: 600, issuedAt: 1_111_111, salt: 1)
        XCTAssertTrue(t.token().hasPrefix("007eJxTYNAIsnbS3v/A5t2TC6feR15r"))
        let minted = try chatUserToken(appId: appId, appCertificate: cert, userId: "alice", expireSeconds: 900)
        let info = try parseChatToken(token: minted.token())
        XCTAssertEqual(info.userId, "alice")
        XCTAssertEqual(info.expireSeconds, 900)
        XCTAssertEqual(info.privileges["user"], minted.expiresAt())
        XCTAssertTrue(try verifyChatToken(token: minted.token(), appCertificate: cert))
        XCTAssertFalse(try verifyChatToken(token: minted.token(), appCertificate: String(repeating: "0", count: 32)))
    }

    func testNoSecretOfTokensCertificatesOrWebhooksShows() async throws {
        let logs = CollectedLines()
        XCTAssertTrue(setLogSink(level: .trace) { r in logs.add("\(r.target) \(r.message)") })
        defer { clearLogSink() }
        let emu = try Emulator()
        defer { emu.stop() }
        let c = try emu.client()
        _ = try await c.registerUser(username: "alice", password: "Pa55word-beyond")
        let ut = try await c.userToken(username: "alice", password: "Pa55word-beyond")
        let it = try await c.userTokenWithoutPassword(username: "bob", createUser: true)
        let minted = try chatAppToken(appId: try emu.appId(), appCertificate: try emu.appCertificate(), expireSeconds: 600)
        let creds = Credentials.appCertificate(appId: try emu.appId(), appCertificate: try emu.appCertificate())
        let agora = try Client(config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url()), credentials: creds)
        let exchanged = try await agora.fetchToken()
        var texts = [ut, it, minted, creds, agora, exchanged].map { String(describing: $0) }
        do { _ = try await c.userToken(username: "alice", password: "Pa55word-wrong"); XCTFail("a wrong password passed") } catch {
            texts.append(String(describing: error))
            guard case ChatPlatformError.Unauthorized = error else { return XCTFail("\(error)") }
        }
        let forgedCert = "fedcba9876543210fedcba9876543210"
        let forged = try Client(config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url(), maxAttempts: 1),
                                credentials: Credentials.appCertificate(appId: try emu.appId(), appCertificate: forgedCert))
        do { _ = try await forged.getUser(username: "alice"); XCTFail("a forged token passed") } catch { texts.append(String(describing: error)) }
        do { _ = try chatUserToken(appId: appId, appCertificate: "not-hex-but-Secret-cert", userId: "alice", expireSeconds: 60) } catch let e as ChatPlatformError {
            XCTAssertEqual(e.details().field, "appCertificate")
            texts.append(String(describing: e))
        }
        texts.append(String(describing: try verifyWebhook(body: #"{"callId":"c","timestamp":1,"security":"x"}"#, secret: "webhook-rule-S3CRET")))
        texts += logs.lines
        XCTAssertTrue(logs.lines.contains { $0.contains("request done") }, "the log is really verbose")
        let secrets = [ut.accessToken(), it.accessToken(), minted.token(), exchanged.accessToken(), try emu.appCertificate(),
                       forgedCert, "not-hex-but-Secret-cert", "webhook-rule-S3CRET", "Pa55word-beyond", "Pa55word-wrong"]
        for t in texts { for s in secrets { XCTAssertFalse(t.contains(s), "\(s) leaked in \(t)") } }
    }

    func testContactsAndMutesIterateLazily() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let c = try emu.client()
        _ = try await c.registerUsers(users: (0..<7).map { NewUser(username: "u\($0)", password: "pw-12345") })
        for i in 1..<7 { _ = try await c.addContact(owner: "u0", contact: "u\(i)") }
        var contacts: [String] = []
        for try await x in c.iterContacts(owner: "u0", pageSize: 2) { contacts.append(x.username) }
        XCTAssertEqual(contacts, (1..<7).reversed().map { "u\($0)" })
        for i in 0..<5 { try await c.muteUser(username: "u\(i)", seconds: 600, chatTypes: [.chat]) }
        var muted: [String] = []
        for try await m in c.iterMutes(pageSize: 2) { muted.append(m.username) }
        XCTAssertEqual(muted, (0..<5).map { "u\($0)" })
        let names = AsyncStream<String> { out in
            for i in 0..<7 { out.yield("u\(i)") }
            out.finish()
        }
        var answered: Int32 = 0
        for try await b in c.usersAttributesStream(from: names, keys: ["nickname"]) {
            XCTAssertNil(b.error)
            answered += b.count
        }
        XCTAssertEqual(answered, 7)
        let s = try await c.setPushSetting(username: "u0", scope: .user(peer: "u1"), mode: PushMode.none)
        XCTAssertEqual(s.mode, PushMode.none)
    }
}

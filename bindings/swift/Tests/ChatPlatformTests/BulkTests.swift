import ChatPlatform
import Foundation
import XCTest

/// Bulk work from Swift: an AsyncSequence in, batches out as an
/// AsyncThrowingStream, progress as a closure, and a source that throws
/// halfway: a clear error after the batches already started, nothing lost or
/// sent twice.
final class BulkTests: XCTestCase {
    struct Truncated: Error {}

    func users(_ prefix: String, _ n: Int, failAt: Int? = nil, pulled: Counter? = nil) -> AsyncThrowingStream<NewUser, Error> {
        var i = 0
        return AsyncThrowingStream(unfolding: {
            guard i < n else { return nil }
            pulled?.bump()
            if i == failAt { throw Truncated() }
            defer { i += 1 }
            return i == 7 && failAt == nil ? NewUser(username: "not valid", password: "pw") : NewUser(username: "\(prefix)\(i)", password: "pw-12345")
        })
    }

    func testAnAsyncSequenceStreamsThroughInBatchesWithProgress() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let c = try emu.client()
        var batches: [RegisterBatch] = []
        for try await b in c.registerUsersStream(from: users("seq", 250), total: 250) { batches.append(b) }
        XCTAssertEqual(batches.map(\.count).sorted(by: >), [60, 60, 60, 60, 10])
        XCTAssertEqual(batches.map(\.created.count).reduce(0, +), 249)
        XCTAssertEqual(batches.flatMap(\.failed).map(\.index), [7])
        let last = try XCTUnwrap(batches.map(\.progress).max { $0.done < $1.done })
        XCTAssertEqual([last.done, last.total ?? 0, last.succeeded, last.failed], [250, 250, 249, 1])

        let seen = CollectedProgress()
        let report = try await c.registerUsers(
            users: (0..<130).map { NewUser(username: "prog\($0)", password: "pw-12345") },
            progress: ClosureProgressSink { p in seen.add(p) })
        XCTAssertEqual(report.created.count, 130)
        XCTAssertEqual(seen.all.map(\.done).max(), 130)
    }

    func testEveryBatchHasTheSameShapeARefusedRequestIncluded() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let c = try emu.client()
        _ = try await c.registerUsers(users: [NewUser(username: "shape0", password: "pw-12345"), NewUser(username: "shape1", password: "pw-12345")])
        let again = AsyncThrowingStream<NewUser, Error> { k in
            k.yield(NewUser(username: "shape9", password: "pw-12345"))
            k.yield(NewUser(username: "shape0", password: "pw-12345"))
            k.finish()
        }
        var regs: [RegisterBatch] = []
        for try await b in c.registerUsersStream(from: again) { regs.append(b) }
        XCTAssertEqual(regs.flatMap(\.created).map(\.username), ["shape9"])
        let dup: RegisterFailure = try XCTUnwrap(regs.flatMap(\.failed).first)
        XCTAssertEqual([dup.username, dup.kind], ["shape0", "CONFLICT"])
        XCTAssertEqual(dup.index, 1)
        // A request refused as a whole: its names are in `failed`, with its error.
        try emu.setFaultsJson(json: #"{"rules":[{"route":"POST /users/batch/status","count":1,"status":400}]}"#)
        let names = AsyncThrowingStream<String, Error> { k in
            k.yield("shape0")
            k.yield("shape1")
            k.finish()
        }
        var status: [StatusBatch] = []
        for try await b in c.usersStatusStream(from: names) { status.append(b) }
        let refused = try XCTUnwrap(status.first)
        XCTAssertTrue(refused.presences.isEmpty)
        XCTAssertEqual(refused.error?.status, 400)
        XCTAssertEqual(refused.failed.map(\.username), ["shape0", "shape1"])
        XCTAssertEqual(refused.failed.map(\.index), [0, 1])
        XCTAssertEqual(refused.progress.failed, 2)
    }

    func testASourceThrowingHalfwayLosesNothingAndSendsNothingTwice() async throws {
        let emu = try Emulator()
        defer { emu.stop() }
        let c = try emu.client()
        let pulled = Counter()
        var created = 0
        do {
            for try await b in c.registerUsersStream(from: users("half", 1000, failAt: 150, pulled: pulled)) {
                created += b.created.count
            }
            XCTFail("the source's failure must end the stream")
        } catch let e as ChatPlatformError {
            XCTAssertEqual(e.code(), "INVALID_INPUT")
            XCTAssertTrue(e.details().detail.hasPrefix("registerUsers: the input failed: "), e.details().detail)
        }
        XCTAssertEqual(created, 150, "the batches before the failure")
        XCTAssertEqual(pulled.value, 151, "reading stops at the failure")
        var stored: [String] = []
        for try await u in c.iterUsers() { stored.append(u.username) }
        XCTAssertEqual(stored.sorted(), (0..<150).map { "half\($0)" }.sorted(), "each user once")
    }

    func testABadRateLimitScaleOrBatchConcurrencyIsNamedWhenTheClientIsMade() throws {
        let emu = try Emulator()
        defer { emu.stop() }
        for scale in [0.0, -1.5, Double.nan] {
            XCTAssertThrowsError(try Client(config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url(), rateLimitScale: scale),
                                            credentials: Credentials.token(token: "t"))) { error in
                let d = (error as? ChatPlatformError)?.details()
                XCTAssertEqual((error as? ChatPlatformError)?.code(), "CONFIGURATION")
                XCTAssertEqual(d?.field, "rateLimitScale")
                XCTAssertTrue(d?.detail.contains("`rateLimitScale` must be a positive number") ?? false, d?.detail ?? "")
            }
        }
        XCTAssertThrowsError(try Client(config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url(), batchConcurrency: 0),
                                        credentials: Credentials.token(token: "t"))) { error in
            XCTAssertEqual((error as? ChatPlatformError)?.details().field, "batchConcurrency")
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func bump() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}

final class CollectedProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [BulkProgress] = []
    func add(_ p: BulkProgress) { lock.lock(); items.append(p); lock.unlock() }
    var all: [BulkProgress] { lock.lock(); defer { lock.unlock() }; return items }
}

// Hand-written: Swift's AsyncSequences as the library's lazy sources, its
// batches as AsyncThrowingStreams, progress as a closure. The work (chunking,
// pacing, in-flight sizing, progress) is the Rust core's.

/// How many items one call to a source hands over at most (fewer calls across the FFI).
private let handoff = 64

/// A user `registerUsers` did not register, and why (an `ItemFailure`).
public typealias RegisterFailure = ItemFailure

/// A push nickname `setPushNicknames` did not set, and why (an `ItemFailure`).
public typealias PushNicknameFailure = ItemFailure

/// Reads an AsyncSequence a few items at a time. When it throws, the items
/// read before are handed over first and the error on the next call, so
/// nothing read is lost. The library calls it from one task at a time.
final class SequenceSource<S: AsyncSequence>: @unchecked Sendable {
    private var iterator: S.AsyncIterator
    private var failure: Error?

    init(_ sequence: S) {
        iterator = sequence.makeAsyncIterator()
    }

    func take() async throws -> [S.Element]? {
        if let f = failure { throw SourceError.Failed(reason: String(describing: f)) }
        var out: [S.Element] = []
        do {
            while out.count < handoff, let item = try await iterator.next() {
                out.append(item)
            }
        } catch {
            if out.isEmpty { throw SourceError.Failed(reason: String(describing: error)) }
            failure = error
        }
        return out.isEmpty ? nil : out
    }
}

final class AsyncUserSource<S: AsyncSequence>: UserSource, @unchecked Sendable where S.Element == NewUser {
    let source: SequenceSource<S>
    init(_ s: S) { source = SequenceSource(s) }
    func nextUsers() async throws -> [NewUser]? { try await source.take() }
}

final class AsyncNameSource<S: AsyncSequence>: NameSource, @unchecked Sendable where S.Element == String {
    let source: SequenceSource<S>
    init(_ s: S) { source = SequenceSource(s) }
    func nextNames() async throws -> [String]? { try await source.take() }
}

/// A closure as a `ProgressSink`:
/// `try await client.registerUsers(users: users, progress: ClosureProgressSink { p in print(p.done) })`.
public final class ClosureProgressSink: ProgressSink, @unchecked Sendable {
    private let body: @Sendable (BulkProgress) -> Void
    /// A sink that hands the progress to `body` after each batch (on the library's threads).
    public init(_ body: @escaping @Sendable (BulkProgress) -> Void) { self.body = body }
    public func progress(progress: BulkProgress) { body(progress) }
}

/// A stream that throws `error` at once (a bad argument: nothing was sent).
private func failing<T>(_ error: Error) -> AsyncThrowingStream<T, Error> {
    AsyncThrowingStream(unfolding: { throw error })
}

extension Client {
    /// Registers users from an AsyncSequence (any size: only the requests in
    /// flight are held), yielding each batch (created, failed, progress) as it
    /// completes. If the sequence throws, the batches already started are
    /// yielded and the stream then throws `ChatPlatformError.InvalidInput`.
    public func registerUsersStream<S: AsyncSequence>(from users: S, total: Int64? = nil) -> AsyncThrowingStream<RegisterBatch, Error>
    where S.Element == NewUser {
        do {
            let batches = try registerUsersStream(source: AsyncUserSource(users), total: total)
            return AsyncThrowingStream(unfolding: { try await batches.next() })
        } catch {
            return failing(error)
        }
    }

    /// The presence of users from an AsyncSequence of usernames, a batch at a
    /// time as answers arrive.
    public func usersStatusStream<S: AsyncSequence>(from usernames: S, total: Int64? = nil) -> AsyncThrowingStream<StatusBatch, Error>
    where S.Element == String {
        do {
            let batches = try usersStatusStream(source: AsyncNameSource(usernames), total: total)
            return AsyncThrowingStream(unfolding: { try await batches.next() })
        } catch {
            return failing(error)
        }
    }

    /// The attributes named in `keys` of users from an AsyncSequence of
    /// usernames, a batch at a time as answers arrive; a failed request fails
    /// its batch only (`batch.error`).
    public func usersAttributesStream<S: AsyncSequence>(from usernames: S, keys: [String], total: Int64? = nil)
        -> AsyncThrowingStream<AttributesBatch, Error>
    where S.Element == String {
        do {
            let batches = try usersAttributesStream(source: AsyncNameSource(usernames), keys: keys, total: total)
            return AsyncThrowingStream(unfolding: { try await batches.next() })
        } catch {
            return failing(error)
        }
    }
}

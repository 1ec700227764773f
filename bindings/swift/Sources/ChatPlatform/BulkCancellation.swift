// Hand-written: the bulk calls that a cancelled Task stops rather than
// drops. A cancelled call's Rust future is dropped, which would lose what
// was answered; these run the call in a Task of its own and fire its
// StopSignal instead, so the core ends it at once with what it has.

/// A bulk call (`registerUsers(users:)`, `usersStatus(usernames:)`,
/// `usersAttributes(usernames:keys:)`) was cancelled with its `Task`: it
/// stopped at once (the requests in flight dropped, nothing more sent) and
/// `partial` holds what was answered before. Other calls throw Swift's
/// `CancellationError`; this one carries the partial result:
///
/// ```swift
/// do { _ = try await client.registerUsers(users: users) }
/// catch let e as BulkCancellationError { save(e.partial) }
/// ```
public struct BulkCancellationError: Error, CustomStringConvertible {
    /// The operation cancelled, named as its other errors name it: `registerUsers`,
    /// `usersStatus` or `usersAttributes`.
    public let operation: String
    /// What the call had answered when it was cancelled.
    public let partial: PartialResult

    /// What happened, in a sentence.
    public var description: String {
        "\(operation) was cancelled: it stopped at once; what it had answered is in `partial`"
    }
}

/// Runs `call` so that cancelling the caller's Task stops it (see `BulkCancellationError`).
private func stoppable<T: Sendable>(
    _ operation: String,
    _ partial: @escaping (T) -> PartialResult,
    _ call: @escaping @Sendable (StopSignal) async throws -> T
) async throws -> T {
    let stop = StopSignal()
    // Not a child of the caller's Task: its cancellation must not drop the call.
    let work = Task { try await call(stop) }
    let result = await withTaskCancellationHandler {
        await work.result
    } onCancel: {
        stop.stop()
    }
    guard Task.isCancelled else { return try result.get() }
    switch result {
    case .success(let value): throw BulkCancellationError(operation: operation, partial: partial(value))
    case .failure(let error): throw error
    }
}

extension Client {
    /// Registers many users: requests of 60 paced at the service's budget.
    /// Every input user appears once in the report, created or failed with a
    /// reason; the list is checked whole first. `progress` hears after each
    /// batch. A failure keeps the report so far in its `partial`; cancelled,
    /// the call stops at once and throws `BulkCancellationError` with it.
    public func registerUsers(users: [NewUser], progress: ProgressSink? = nil) async throws -> RegisterReport {
        try await stoppable("registerUsers", { .register(report: $0) }) { stop in
            try await self.registerUsersUntil(users: users, progress: progress, stop: stop)
        }
    }

    /// The presence of many users, in the order asked (requests of 100 paced
    /// at the service's budget). `progress` hears after each batch.
    /// Cancelled, the call stops at once and throws `BulkCancellationError`
    /// with the presences answered.
    public func usersStatus(usernames: [String], progress: ProgressSink? = nil) async throws -> [UserPresence] {
        try await stoppable("usersStatus", { .presences(presences: $0) }) { stop in
            try await self.usersStatusUntil(usernames: usernames, progress: progress, stop: stop)
        }
    }

    /// The attributes named in `keys` of many users, one result per user in
    /// the order asked (requests of 100 paced at the service's budget).
    /// `progress` hears after each batch. Cancelled, the call stops at once
    /// and throws `BulkCancellationError` with the users answered.
    public func usersAttributes(usernames: [String], keys: [String], progress: ProgressSink? = nil) async throws -> [UserAttributes] {
        try await stoppable("usersAttributes", { .attributes(users: $0) }) { stop in
            try await self.usersAttributesUntil(usernames: usernames, keys: keys, progress: progress, stop: stop)
        }
    }
}

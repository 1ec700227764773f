/// An `EventListener` from a closure:
/// `Client(config: config, credentials: credentials, onEvent: ClosureEventListener { e in record(e) })`
/// gets a `ClientEvent` for each HTTP attempt and each call. The closure runs
/// in order on a thread of its own, shortly after each event
/// (`await client.flushEvents()` waits for those so far): record and return.
public final class ClosureEventListener: EventListener, @unchecked Sendable {
    private let body: @Sendable (ClientEvent) -> Void
    /// A listener that hands each event to `body`.
    public init(_ body: @escaping @Sendable (ClientEvent) -> Void) { self.body = body }
    public func onEvent(event: ClientEvent) { body(event) }
}

/// An `EventListener` from a closure:
/// `Client(config: config, credentials: credentials, onEvent: ClosureEventListener { e in record(e) })`
/// gets a `ClientEvent` for each HTTP attempt and each call. The closure runs
/// on the library's threads as the work goes on: record and return.
public final class ClosureEventListener: EventListener, @unchecked Sendable {
    private let body: @Sendable (ClientEvent) -> Void
    /// A listener that hands each event to `body`.
    public init(_ body: @escaping @Sendable (ClientEvent) -> Void) { self.body = body }
    public func onEvent(event: ClientEvent) { body(event) }
}

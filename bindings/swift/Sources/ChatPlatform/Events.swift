/// Receives a `ClientEvent` for each HTTP attempt and each call of the
/// client it was given to (`Client(config:credentials:onEvent:)`), in order,
/// on a thread of its own, at most a millisecond after each happens: the
/// requests never wait for it. `await client.flushEvents()` waits until every
/// event so far has been received. Return quickly: past 10,000 events
/// waiting, new ones are dropped (with a warning in the log).
///
/// Implement `onEvent(event:)`; the generated `EventSink` it refines gets the
/// events a batch at a time (one call across the FFI per batch), and
/// `onEvents(events:)` below hands them on one by one.
public protocol EventListener: EventSink {
    /// One event.
    func onEvent(event: ClientEvent)
}

extension EventListener {
    /// Hands each event of a batch to `onEvent(event:)`, in order.
    public func onEvents(events: [ClientEvent]) {
        for e in events { onEvent(event: e) }
    }
}

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

package io.chatplatform

// Hand-written: the listener users implement, over the generated EventSink
// (one call across the FFI per batch of events, not per event).

/**
 * Receives a [ClientEvent] for each HTTP attempt and each call of the client
 * it was given to (`Client(config, credentials, onEvent)`), in order, on a
 * thread of its own, at most a millisecond after each happens: the requests
 * never wait for it. [Client.flushEvents] waits until every event so far has
 * been received. Return quickly: past 10,000 events waiting, new ones are
 * dropped (with a warning in the log). An exception thrown here is dropped.
 *
 * ```kotlin
 * val client = Client(config, credentials, EventListener { e -> println("${e.operation} ${e.status}") })
 * ```
 */
fun interface EventListener : EventSink {
    /** One event. */
    fun onEvent(event: ClientEvent)

    /** Hands each event of a batch to [onEvent], in order. */
    override fun onEvents(events: List<ClientEvent>) = events.forEach(::onEvent)
}

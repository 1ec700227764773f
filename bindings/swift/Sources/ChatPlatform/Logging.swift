// Hand-written: a closure as the library's log sink.

/// A `LogSink` that calls a closure with each record.
public final class ClosureLogSink: LogSink, @unchecked Sendable {
    private let body: @Sendable (LogRecord) -> Void

    /// A sink that hands each record to `body` (called on the library's threads).
    public init(_ body: @escaping @Sendable (LogRecord) -> Void) {
        self.body = body
    }

    public func log(record: LogRecord) {
        body(record)
    }
}

/// Sends the library's log events at `level` and more severe to `log`, e.g.
/// `setLogSink(level: .debug) { r in logger.debug("\(r.message)") }`. The
/// closure runs on the library's threads, possibly concurrently. Returns
/// `false` if another Rust logging subscriber owns the process.
/// `clearLogSink()` stops delivery.
@discardableResult
public func setLogSink(level: LogLevel, _ log: @escaping @Sendable (LogRecord) -> Void) -> Bool {
    setLogSink(sink: ClosureLogSink(log), level: level)
}

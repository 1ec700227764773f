package io.chatplatform

/**
 * Sends the library's log events at [level] and more severe to [log], e.g.
 * `setLogSink(LogLevel.DEBUG) { r -> logger.debug("{} {}", r.target, r.message) }`.
 * [log] runs on the library's threads, possibly concurrently; an exception it
 * throws drops that event. Returns `false` if another Rust logging subscriber
 * owns the process. [clearLogSink] stops delivery.
 */
fun setLogSink(
    level: LogLevel,
    log: (LogRecord) -> Unit,
): Boolean =
    setLogSink(
        object : LogSink {
            override fun log(record: LogRecord) = log(record)
        },
        level,
    )

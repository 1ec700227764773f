package io.chatplatform

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.withContext

// Hand-written: the bulk calls that a cancelled coroutine stops rather than
// drops. UniFFI drops a cancelled call's Rust future, which would lose what
// was answered; these run the call out of the caller's cancellation and fire
// its StopSignal instead, so the core ends it at once with what it has.

/**
 * A bulk call ([registerUsers], [usersStatus], [usersAttributes]) was
 * cancelled (its coroutine, a `withTimeout`, its scope): it stopped at once
 * (the requests in flight dropped, nothing more sent) and [partial] holds
 * what was answered before. It is a [CancellationException], so cancellation
 * goes on as usual; catch it inside the cancelled coroutine to keep the
 * partial result:
 *
 * ```kotlin
 * withTimeout(60.seconds) {
 *     try { client.registerUsers(users) }
 *     catch (e: BulkCancellationException) { save(e.partial); throw e }
 * }
 * ```
 */
class BulkCancellationException(
    /** The operation cancelled, named as its other errors name it: `registerUsers`, `usersStatus` or `usersAttributes`. */
    val operation: String,
    /** What the call had answered when it was cancelled. */
    val partial: PartialResult,
    cause: Throwable?,
) : CancellationException("$operation was cancelled: it stopped at once; what it had answered is in `partial`") {
    init {
        initCause(cause)
    }
}

/** Runs [call] so that cancelling the caller stops it (see [BulkCancellationException]). */
private suspend fun <T> stoppable(
    operation: String,
    partial: (T) -> PartialResult,
    call: suspend (StopSignal) -> T,
): T =
    StopSignal().use { stop ->
        // Not a child of the caller: the caller's cancellation must not drop it.
        val work = CoroutineScope(Dispatchers.Unconfined).async { call(stop) }
        try {
            work.await()
        } catch (cancelled: CancellationException) {
            stop.stop()
            val got = withContext(NonCancellable) { runCatching { work.await() } }
            got.exceptionOrNull()?.let { cancelled.addSuppressed(it) }
            throw got.map { BulkCancellationException(operation, partial(it), cancelled) }.getOrElse { cancelled }
        }
    }

/**
 * Registers many users: requests of 60 paced at the service's budget. Every
 * input user appears once in the report, created or failed with a reason; the
 * list is checked whole first. [progress] hears after each batch. A failure
 * keeps the report so far in the exception's `partial`; cancelled, the call
 * stops at once and throws [BulkCancellationException] with it.
 */
suspend fun Client.registerUsers(
    users: List<NewUser>,
    progress: ProgressSink? = null,
): RegisterReport = stoppable("registerUsers", { PartialResult.Register(it) }) { registerUsersUntil(users, progress, it) }

/**
 * The presence of many users, in the order asked (requests of 100 paced at
 * the service's budget). [progress] hears after each batch. Cancelled, the
 * call stops at once and throws [BulkCancellationException] with the
 * presences answered.
 */
suspend fun Client.usersStatus(
    usernames: List<String>,
    progress: ProgressSink? = null,
): List<UserPresence> = stoppable("usersStatus", { PartialResult.Presences(it) }) { usersStatusUntil(usernames, progress, it) }

/**
 * The attributes named in [keys] of many users, one result per user in the
 * order asked (requests of 100 paced at the service's budget). [progress]
 * hears after each batch. Cancelled, the call stops at once and throws
 * [BulkCancellationException] with the users answered.
 */
suspend fun Client.usersAttributes(
    usernames: List<String>,
    keys: List<String>,
    progress: ProgressSink? = null,
): List<UserAttributes> = stoppable("usersAttributes", { PartialResult.Attributes(it) }) { usersAttributesUntil(usernames, keys, progress, it) }

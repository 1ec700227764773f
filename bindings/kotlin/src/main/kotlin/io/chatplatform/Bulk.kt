package io.chatplatform

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import java.util.concurrent.atomic.AtomicReference

// Hand-written: Kotlin's lazy sources (Sequence, Flow) as the library's
// sources, its batches as a Flow, progress as a lambda. The work (chunking,
// pacing, in-flight sizing, progress) is the Rust core's.

/** How many items one call to a source hands over at most (fewer calls across the FFI). */
private const val HANDOFF = 64

/** A user `registerUsers` did not register, and why (an [ItemFailure]). */
typealias RegisterFailure = ItemFailure

/** A push nickname `setPushNicknames` did not set, and why (an [ItemFailure]). */
typealias PushNicknameFailure = ItemFailure

/**
 * The first exception a lazy source threw, kept so that the error the
 * operation ends with carries it as its cause.
 */
private class Thrown {
    private val first = AtomicReference<Throwable?>(null)

    fun failed(e: Throwable): SourceException {
        first.compareAndSet(null, e)
        return SourceException.Failed(e.toString())
    }

    /** [e] with the source's exception as its cause (when it has none yet). */
    fun chain(e: ChatPlatformException): ChatPlatformException {
        val cause = first.get()
        if (cause != null && e.cause == null) runCatching { e.initCause(cause) }
        return e
    }
}

/**
 * Reads a [Sequence] a few items at a time. When it throws, the items read
 * before are handed over first and the exception on the next call, so nothing
 * read is lost.
 */
private class SequenceSource<T>(
    sequence: Sequence<T>,
    private val thrown: Thrown = Thrown(),
) {
    private val iterator = sequence.iterator()
    private var failure: Throwable? = null

    @Synchronized
    fun take(): List<T>? {
        failure?.let { throw thrown.failed(it) }
        val out = ArrayList<T>(HANDOFF)
        try {
            while (out.size < HANDOFF && iterator.hasNext()) out.add(iterator.next())
        } catch (e: Throwable) {
            if (out.isEmpty()) throw thrown.failed(e)
            failure = e
        }
        return out.ifEmpty { null }
    }
}

/**
 * Reads a channel fed by a [Flow] a few items at a time; the flow's exception
 * comes after the items it emitted before it.
 */
private suspend fun <T> ReceiveChannel<T>.take(thrown: Thrown): List<T>? {
    val first = receiveCatching()
    first.exceptionOrNull()?.let { throw thrown.failed(it) }
    if (first.isClosed) return null
    return buildList {
        add(first.getOrThrow())
        while (size < HANDOFF) add(tryReceive().getOrNull() ?: break)
    }
}

/** This sequence as a lazy [UserSource] for [Client.registerUsersStream]. */
fun Sequence<NewUser>.asUserSource(): UserSource = userSource(Thrown())

private fun Sequence<NewUser>.userSource(thrown: Thrown): UserSource {
    val s = SequenceSource(this, thrown)
    return object : UserSource {
        override suspend fun nextUsers(): List<NewUser>? = s.take()
    }
}

/**
 * Collects this flow into a channel in [scope]; the flow's exception closes
 * the channel (and reaches the library through it) instead of failing [scope].
 */
private fun <T> Flow<T>.channelIn(scope: CoroutineScope): ReceiveChannel<T> {
    val channel = Channel<T>(HANDOFF)
    scope.launch {
        try {
            collect { channel.send(it) }
            channel.close()
        } catch (e: CancellationException) {
            channel.close(e)
            throw e
        } catch (e: Throwable) {
            channel.close(e)
        }
    }
    return channel
}

/** This flow as a lazy [UserSource], collected in [scope]. */
fun Flow<NewUser>.asUserSource(scope: CoroutineScope): UserSource = userSource(scope, Thrown())

private fun Flow<NewUser>.userSource(
    scope: CoroutineScope,
    thrown: Thrown,
): UserSource {
    val channel = channelIn(scope)
    return object : UserSource {
        override suspend fun nextUsers(): List<NewUser>? = channel.take(thrown)
    }
}

/** This sequence as a lazy [NameSource] for [Client.usersStatusStream]. */
fun Sequence<String>.asNameSource(): NameSource = nameSource(Thrown())

private fun Sequence<String>.nameSource(thrown: Thrown): NameSource {
    val s = SequenceSource(this, thrown)
    return object : NameSource {
        override suspend fun nextNames(): List<String>? = s.take()
    }
}

/** This flow as a lazy [NameSource], collected in [scope]. */
fun Flow<String>.asNameSource(scope: CoroutineScope): NameSource = nameSource(scope, Thrown())

private fun Flow<String>.nameSource(
    scope: CoroutineScope,
    thrown: Thrown,
): NameSource {
    val channel = channelIn(scope)
    return object : NameSource {
        override suspend fun nextNames(): List<String>? = channel.take(thrown)
    }
}

/** The batches as a cold [Flow]. */
fun RegisterBatches.asFlow(): Flow<RegisterBatch> = batchFlow(Thrown()) { next() }

/** The batches as a cold [Flow]. */
fun StatusBatches.asFlow(): Flow<StatusBatch> = batchFlow(Thrown()) { next() }

/** Emits [next]'s batches until it returns null; its error carries what the source threw as cause. */
private fun <B> batchFlow(
    thrown: Thrown,
    next: suspend () -> B?,
): Flow<B> =
    flow {
        while (true) {
            val batch =
                try {
                    next()
                } catch (e: ChatPlatformException) {
                    throw thrown.chain(e)
                }
            emit(batch ?: break)
        }
    }

/**
 * The batches of the stream [open] makes on a source collected from a [Flow]
 * in the returned flow's own scope (collecting it starts the work).
 */
private fun <B> flowSourced(open: CoroutineScope.(Thrown) -> suspend () -> B?): Flow<B> =
    flow {
        coroutineScope {
            val thrown = Thrown()
            emitAll(batchFlow(thrown, open(thrown)))
        }
    }

/** The batches of the stream [open] makes on a source read from a [Sequence]. */
private fun <B> sequenceSourced(open: (Thrown) -> suspend () -> B?): Flow<B> {
    val thrown = Thrown()
    return batchFlow(thrown, open(thrown))
}

/**
 * Registers users from a [Flow], emitting each batch (created, failed, progress)
 * as it completes; only the requests in flight are held. If [users] throws, the
 * batches already started are emitted and the flow then fails with
 * `ChatPlatformException.InvalidInput` whose cause is the flow's exception.
 */
fun Client.registerUsersFlow(
    users: Flow<NewUser>,
    total: Long? = null,
): Flow<RegisterBatch> = flowSourced { registerUsersStream(users.userSource(this, it), total)::next }

/** Registers users from a [Sequence], emitting each batch as it completes (the same failure rules). */
fun Client.registerUsersFlow(
    users: Sequence<NewUser>,
    total: Long? = null,
): Flow<RegisterBatch> = sequenceSourced { registerUsersStream(users.userSource(it), total)::next }

/** The presence of users from a [Flow], a batch at a time as answers arrive. */
fun Client.usersStatusFlow(
    usernames: Flow<String>,
    total: Long? = null,
): Flow<StatusBatch> = flowSourced { usersStatusStream(usernames.nameSource(this, it), total)::next }

/** The presence of users from a [Sequence], a batch at a time. */
fun Client.usersStatusFlow(
    usernames: Sequence<String>,
    total: Long? = null,
): Flow<StatusBatch> = sequenceSourced { usersStatusStream(usernames.nameSource(it), total)::next }

/**
 * The attributes named in [keys] of users from a [Flow], a batch at a time as
 * answers arrive; a failed request fails its batch only (`batch.error`).
 */
fun Client.usersAttributesFlow(
    usernames: Flow<String>,
    keys: List<String>,
    total: Long? = null,
): Flow<AttributesBatch> = flowSourced { usersAttributesStream(usernames.nameSource(this, it), keys, total)::next }

/** The attributes named in [keys] of users from a [Sequence], a batch at a time. */
fun Client.usersAttributesFlow(
    usernames: Sequence<String>,
    keys: List<String>,
    total: Long? = null,
): Flow<AttributesBatch> = sequenceSourced { usersAttributesStream(usernames.nameSource(it), keys, total)::next }

/** The batches as a cold [Flow]. */
fun AttributesBatches.asFlow(): Flow<AttributesBatch> = batchFlow(Thrown()) { next() }

/**
 * The work of a bulk call finished, but its `onProgress` lambda threw: [cause]
 * is what it threw (the lambda was not called again), [report] what was done.
 */
class ProgressCallbackException(
    cause: Throwable,
    /** What the bulk call did: every user, created or failed. */
    val report: RegisterReport,
) : RuntimeException("onProgress threw $cause; the work went on and finished, its report is attached", cause)

/** A lambda as a [ProgressSink] that keeps, instead of throwing, what the lambda throws. */
private class GuardedProgress(
    private val onProgress: (BulkProgress) -> Unit,
) : ProgressSink {
    @Volatile var threw: Throwable? = null

    override fun progress(progress: BulkProgress) {
        if (threw != null) return
        try {
            onProgress(progress)
        } catch (e: Throwable) {
            threw = e
        }
    }
}

/**
 * [Client.registerUsers] with a lambda that hears the progress after each batch.
 * If the lambda throws, it is not called again, the work goes on, and the call
 * then throws [ProgressCallbackException] with the report.
 */
suspend fun Client.registerUsers(
    users: List<NewUser>,
    onProgress: (BulkProgress) -> Unit,
): RegisterReport {
    val sink = GuardedProgress(onProgress)
    val report = registerUsers(users, sink)
    sink.threw?.let { throw ProgressCallbackException(it, report) }
    return report
}

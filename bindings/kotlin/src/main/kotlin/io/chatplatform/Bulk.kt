package io.chatplatform

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch

// Hand-written: Kotlin's lazy sources (Sequence, Flow) as the library's
// sources, its batches as a Flow, progress as a lambda. The work (chunking,
// pacing, in-flight sizing, progress) is the Rust core's.

/** How many items one call to a source hands over at most (fewer calls across the FFI). */
private const val HANDOFF = 64

private fun failed(e: Throwable) = SourceException.Failed(e.toString())

/**
 * Reads a [Sequence] a few items at a time. When it throws, the items read
 * before are handed over first and the exception on the next call, so nothing
 * read is lost.
 */
private class SequenceSource<T>(
    sequence: Sequence<T>,
) {
    private val iterator = sequence.iterator()
    private var failure: Throwable? = null

    @Synchronized
    fun take(): List<T>? {
        failure?.let { throw failed(it) }
        val out = ArrayList<T>(HANDOFF)
        try {
            while (out.size < HANDOFF && iterator.hasNext()) out.add(iterator.next())
        } catch (e: Throwable) {
            if (out.isEmpty()) throw failed(e)
            failure = e
        }
        return out.ifEmpty { null }
    }
}

/**
 * Reads a channel fed by a [Flow] a few items at a time; the flow's exception
 * comes after the items it emitted before it.
 */
private suspend fun <T> ReceiveChannel<T>.take(): List<T>? {
    val first = receiveCatching()
    first.exceptionOrNull()?.let { throw failed(it) }
    if (first.isClosed) return null
    return buildList {
        add(first.getOrThrow())
        while (size < HANDOFF) add(tryReceive().getOrNull() ?: break)
    }
}

/** This sequence as a lazy [UserSource] for [Client.registerUsersStream]. */
fun Sequence<NewUser>.asUserSource(): UserSource {
    val s = SequenceSource(this)
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
fun Flow<NewUser>.asUserSource(scope: CoroutineScope): UserSource {
    val channel = channelIn(scope)
    return object : UserSource {
        override suspend fun nextUsers(): List<NewUser>? = channel.take()
    }
}

/** This sequence as a lazy [NameSource] for [Client.usersStatusStream]. */
fun Sequence<String>.asNameSource(): NameSource {
    val s = SequenceSource(this)
    return object : NameSource {
        override suspend fun nextNames(): List<String>? = s.take()
    }
}

/** This flow as a lazy [NameSource], collected in [scope]. */
fun Flow<String>.asNameSource(scope: CoroutineScope): NameSource {
    val channel = channelIn(scope)
    return object : NameSource {
        override suspend fun nextNames(): List<String>? = channel.take()
    }
}

/** The batches as a cold [Flow]. */
fun RegisterBatches.asFlow(): Flow<RegisterBatch> =
    flow {
        while (true) emit(next() ?: break)
    }

/** The batches as a cold [Flow]. */
fun StatusBatches.asFlow(): Flow<StatusBatch> =
    flow {
        while (true) emit(next() ?: break)
    }

/**
 * Registers users from a [Flow], emitting each batch (created, failed, progress)
 * as it completes; only the requests in flight are held. If [users] throws, the
 * batches already started are emitted and the flow then fails with
 * `ChatPlatformException.InvalidInput`.
 */
fun Client.registerUsersFlow(
    users: Flow<NewUser>,
    total: ULong? = null,
): Flow<RegisterBatch> =
    flow {
        coroutineScope {
            val source = users.asUserSource(this)
            val batches = registerUsersStream(source, total)
            while (true) emit(batches.next() ?: break)
        }
    }

/** Registers users from a [Sequence], emitting each batch as it completes. */
fun Client.registerUsersFlow(
    users: Sequence<NewUser>,
    total: ULong? = null,
): Flow<RegisterBatch> = registerUsersStream(users.asUserSource(), total).asFlow()

/** The presence of users from a [Flow], a batch at a time as answers arrive. */
fun Client.usersStatusFlow(
    usernames: Flow<String>,
    total: ULong? = null,
): Flow<StatusBatch> =
    flow {
        coroutineScope {
            val source = usernames.asNameSource(this)
            val batches = usersStatusStream(source, total)
            while (true) emit(batches.next() ?: break)
        }
    }

/** The presence of users from a [Sequence], a batch at a time. */
fun Client.usersStatusFlow(
    usernames: Sequence<String>,
    total: ULong? = null,
): Flow<StatusBatch> = usersStatusStream(usernames.asNameSource(), total).asFlow()

/** [Client.registerUsers] with a lambda that hears the progress after each batch. */
suspend fun Client.registerUsers(
    users: List<NewUser>,
    onProgress: (BulkProgress) -> Unit,
): RegisterReport =
    registerUsers(
        users,
        object : ProgressSink {
            override fun progress(progress: BulkProgress) = onProgress(progress)
        },
    )

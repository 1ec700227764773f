package io.chatplatform

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow

// Hand-written: the paged calls beyond the reference as Flows, and webhook
// checks from a String body. The work is the Rust core's.

/** Emits every item of [nextPage]'s pages, one page held at a time, until it returns null. */
private fun <T> pagedFlow(nextPage: suspend () -> List<T>?): Flow<T> =
    flow {
        while (true) {
            val page = nextPage() ?: break
            for (item in page) emit(item)
        }
    }

/**
 * Every muted user (one entry per chat type) as a cold [Flow], [pageSize]
 * (1-50) entries per request. An invalid page size fails when collected.
 */
fun Client.iterMutes(pageSize: Int = 50): Flow<MuteEntry> =
    flow {
        mutePages(pageSize).use { pager -> emitAll(pagedFlow { pager.nextPage() }) }
    }

/** Every contact of [owner] with its remark as a cold [Flow], [pageSize] (1-50) per request. */
fun Client.iterContacts(
    owner: String,
    pageSize: Int = 50,
): Flow<Contact> =
    flow {
        contactPages(owner, pageSize).use { pager -> emitAll(pagedFlow { pager.nextPage() }) }
    }

/**
 * Checks a webhook request's signature from its raw body as text (read the
 * body as a String before any JSON parsing: re-encoding can change the signed
 * timestamp). See [verifyWebhook] for bytes.
 */
fun verifyWebhook(
    body: String,
    secret: String,
): WebhookVerification = verifyWebhook(body.toByteArray(Charsets.UTF_8), secret)

/** The old name of [Client.deleteOldestUsers]: it deletes the oldest users, not the ones you name. */
@Deprecated(
    "Renamed deleteOldestUsers: it deletes the oldest users, not the ones you name",
    ReplaceWith("deleteOldestUsers(limit)"),
)
suspend fun Client.deleteUsers(limit: Int): UserPage = deleteOldestUsers(limit)

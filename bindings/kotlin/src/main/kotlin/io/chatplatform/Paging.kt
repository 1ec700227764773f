package io.chatplatform

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow

// Hand-written: every paged list (users, muted users, contacts) as a cold
// Flow over its generated pager, one page held at a time. The work is the
// Rust core's (one pager for every list).

/** Emits every item of [nextPage]'s pages, one page held at a time, until it returns null. */
private fun <T> pagedFlow(nextPage: suspend () -> List<T>?): Flow<T> =
    flow {
        while (true) {
            val page = nextPage() ?: break
            for (item in page) emit(item)
        }
    }

/**
 * Every user as a cold [Flow], fetched [pageSize] (1-100) at a time; only one
 * page is held in memory. An invalid page size fails when the flow is collected.
 */
fun Client.iterUsers(pageSize: Int = 100): Flow<User> =
    flow {
        pages(pageSize).use { pager -> emitAll(pagedFlow { pager.nextPage() }) }
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

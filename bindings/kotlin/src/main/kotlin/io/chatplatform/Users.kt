package io.chatplatform

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * Every user as a cold [Flow], fetched [pageSize] (1-100) at a time; only one
 * page is held in memory. An invalid page size fails when the flow is collected.
 */
fun Client.iterUsers(pageSize: Int = 100): Flow<User> =
    flow {
        val pager = pages(pageSize)
        pager.use {
            while (true) {
                val page = it.nextPage() ?: break
                for (user in page) emit(user)
            }
        }
    }

package io.chatplatform

// Hand-written: the users resource's old names. The work is the Rust core's.

/** The old name of [Client.deleteOldestUsers]: it deletes the oldest users, not the ones you name. */
@Deprecated(
    "Renamed deleteOldestUsers: it deletes the oldest users, not the ones you name",
    ReplaceWith("deleteOldestUsers(limit)"),
)
suspend fun Client.deleteUsers(limit: Int): UserPage = deleteOldestUsers(limit)

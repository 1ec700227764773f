// Hand-written: the users resource's old names. The work is the Rust core's.

extension Client {
    /// The old name of `deleteOldestUsers(limit:)`: it deletes the oldest users, not the ones you name.
    @available(*, deprecated, renamed: "deleteOldestUsers(limit:)",
               message: "it deletes the oldest users, not the ones you name")
    public func deleteUsers(limit: Int32) async throws -> UserPage {
        try await deleteOldestUsers(limit: limit)
    }
}

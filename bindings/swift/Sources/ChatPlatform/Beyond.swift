// Hand-written: the paged calls beyond the reference as AsyncSequences, and
// webhook checks from a String body. The work is the Rust core's.

import Foundation

/// The items of pages fetched one after another; one page held at a time.
public struct PagedSequence<Element>: AsyncSequence {
    let start: () throws -> (() async throws -> [Element]?)

    public func makeAsyncIterator() -> Iterator {
        Iterator(start: start)
    }

    /// Fetches the next page when the current one is used up.
    public struct Iterator: AsyncIteratorProtocol {
        let start: () throws -> (() async throws -> [Element]?)
        var nextPage: (() async throws -> [Element]?)?
        var buffer: [Element] = []
        var done = false

        public mutating func next() async throws -> Element? {
            while buffer.isEmpty {
                if done { return nil }
                if nextPage == nil { nextPage = try start() }
                guard let page = try await nextPage!() else {
                    done = true
                    return nil
                }
                buffer = page.reversed()
            }
            return buffer.popLast()
        }
    }
}

extension Client {
    /// Every muted user (one entry per chat type), `pageSize` (1-50) per
    /// request: `for try await m in client.iterMutes() { ... }`.
    public func iterMutes(pageSize: Int32 = 50) -> PagedSequence<MuteEntry> {
        PagedSequence {
            let pager = try self.mutePages(pageSize: pageSize)
            return { try await pager.nextPage() }
        }
    }

    /// Every contact of `owner` with its remark, `pageSize` (1-50) per request.
    public func iterContacts(owner: String, pageSize: Int32 = 50) -> PagedSequence<Contact> {
        PagedSequence {
            let pager = try self.contactPages(owner: owner, pageSize: pageSize)
            return { try await pager.nextPage() }
        }
    }
}

/// Checks a webhook request's signature from its raw body as text (before any
/// JSON parsing: re-encoding can change the signed timestamp).
public func verifyWebhook(body: String, secret: String) throws -> WebhookVerification {
    try verifyWebhook(body: Data(body.utf8), secret: secret)
}

extension Client {
    /// The old name of `deleteOldestUsers(limit:)`: it deletes the oldest users, not the ones you name.
    @available(*, deprecated, renamed: "deleteOldestUsers(limit:)",
               message: "it deletes the oldest users, not the ones you name")
    public func deleteUsers(limit: Int32) async throws -> UserPage {
        try await deleteOldestUsers(limit: limit)
    }
}

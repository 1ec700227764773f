// Hand-written: every paged list (users, muted users, contacts) as an
// AsyncSequence over its generated pager, one page held at a time. The work
// is the Rust core's (one pager for every list).

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

/// Every user, paged lazily (`iterUsers`).
public typealias UserSequence = PagedSequence<User>

extension Client {
    /// Every user, fetched `pageSize` (1-100) at a time; one page in memory:
    /// `for try await user in client.iterUsers() { ... }`.
    public func iterUsers(pageSize: Int32 = 100) -> PagedSequence<User> {
        PagedSequence {
            let pager = try self.pages(pageSize: pageSize)
            return { try await pager.nextPage() }
        }
    }

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

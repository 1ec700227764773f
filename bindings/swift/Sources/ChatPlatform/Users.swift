// Hand-written: every user as an AsyncSequence over the generated pager.

/// Every user, fetched `pageSize` (1-100) at a time; one page in memory.
public struct UserSequence: AsyncSequence {
    public typealias Element = User

    let client: Client
    let pageSize: Int32

    public func makeAsyncIterator() -> Iterator {
        Iterator(client: client, pageSize: pageSize)
    }

    /// Fetches the next page when the current one is used up.
    public struct Iterator: AsyncIteratorProtocol {
        let client: Client
        let pageSize: Int32
        var pager: UserPager?
        var buffer: [User] = []
        var done = false

        init(client: Client, pageSize: Int32) {
            self.client = client
            self.pageSize = pageSize
        }

        public mutating func next() async throws -> User? {
            while buffer.isEmpty {
                if done { return nil }
                if pager == nil { pager = try client.pages(pageSize: pageSize) }
                guard let page = try await pager!.nextPage() else {
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
    /// Every user: `for try await user in client.iterUsers() { ... }`.
    public func iterUsers(pageSize: Int32 = 100) -> UserSequence {
        UserSequence(client: self, pageSize: pageSize)
    }
}

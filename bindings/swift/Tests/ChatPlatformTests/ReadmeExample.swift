import ChatPlatform

func readmeExample() async throws {
    let emu = try Emulator()                 // a local Chat Platform API, for offline tests
    let client = try Client(
        config: ClientConfig(appKey: try emu.appKey(), baseUrl: try emu.url()),
        credentials: Credentials.clientSecret(clientId: try emu.clientId(), clientSecret: try emu.clientSecret())
    )
    _ = try await client.registerUser(username: "alice", password: "s3cret-pw", nickname: "Alice")
    let report = try await client.registerUsers(users: [NewUser(username: "bob", password: "pw-1"),
                                                        NewUser(username: "carol", password: "pw-2")])
    print("\(report.created.count) created, \(report.failed.count) failed")
    for try await user in client.iterUsers(pageSize: 100) {   // an AsyncSequence, one page at a time
        print(user.username)
    }
    do {
        _ = try await client.getUser(username: "nobody")
    } catch ChatPlatformError.NotFound(_, let status, let serverCode, _, _, _, _) {
        print("no such user: \(status ?? 0) \(serverCode ?? "")")
    }
    emu.stop()
}

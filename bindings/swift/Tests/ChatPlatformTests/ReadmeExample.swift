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
    } catch let e as ChatPlatformError where e.code() == "NOT_FOUND" {
        print(e.localizedDescription)   // getUser: user "nobody" not found (HTTP 404 ...)
    }
    // Bulk work, paced at the service's budget, with progress after every batch:
    let imported = try await client.registerUsers(
        users: (0..<600).map { NewUser(username: "user\($0)", password: "pw-\($0)") },
        progress: ClosureProgressSink { p in print("\(p.done)/\(p.total ?? 0) users, \(p.failed) failed") })
    print("\(imported.created.count) imported")
    // For millions, stream: any AsyncSequence in, each batch out as it completes.
    let late = AsyncStream<NewUser> { users in
        for i in 0..<130 { users.yield(NewUser(username: "late\(i)", password: "pw-\(i)")) }
        users.finish()
    }
    for try await batch in client.registerUsersStream(from: late) {
        for f in batch.failed { print("users[\(f.index)] \(f.username): \(f.reason)") }
        print("\(batch.progress.done) done, \(batch.created.count) created in this batch")
    }
    // Beyond the reference: login tokens, Agora chat tokens, mutes, push, webhooks.
    let login = try await client.userToken(username: "alice", password: "s3cret-pw", ttlSeconds: 3600)
    let minted = try chatUserToken(appId: try emu.appId(), appCertificate: try emu.appCertificate(), userId: "alice", expireSeconds: 600)
    print("\(login.user().username): \(try parseChatToken(token: minted.token()).privileges)")
    try await client.muteUser(username: "bob", seconds: 600, chatTypes: [.chat])
    _ = try await client.setPushSetting(username: "alice", scope: .user(peer: "bob"), mode: PushMode.none, dndDurationSeconds: 3600)
    print(try verifyWebhook(body: #"{"callId":"c1","timestamp":1,"security":"x"}"#, secret: "rule-secret").status)
    emu.stop()
}

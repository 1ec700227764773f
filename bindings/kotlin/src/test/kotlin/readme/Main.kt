package readme

import io.chatplatform.*
import kotlinx.coroutines.flow.collect

suspend fun main() {
    val emu = Emulator(null) // a local Chat Platform API, for offline tests
    val client =
        Client(
            ClientConfig(appKey = emu.appKey(), baseUrl = emu.url()),
            Credentials.clientSecret(emu.clientId(), emu.clientSecret()),
        )
    client.registerUser("alice", "s3cret-pw", "Alice")
    val report = client.registerUsers(listOf(NewUser("bob", "pw-1", null), NewUser("carol", "pw-2", null)))
    println("${report.created.size} created, ${report.failed.size} failed")
    client.iterUsers(pageSize = 100).collect { println(it.username) } // a Flow, one page at a time
    try {
        client.getUser("nobody")
    } catch (e: ChatPlatformException.NotFound) {
        println("no such user: ${e.status} ${e.serverCode}")
    }
    // Bulk work, paced at the service's budget, with progress after every batch:
    val imported =
        client.registerUsers(List(600) { NewUser("user$it", "pw-$it", null) }) { p ->
            System.err.print("\r${p.done}/${p.total} users, ${p.failed} failed, ${p.elapsedMs} ms")
        }
    println("\n${imported.created.size} imported")
    // For millions, stream: a Sequence or a Flow in, each batch out as it completes.
    val late = generateSequence(0) { it + 1 }.take(130).map { NewUser("late$it", "pw-$it", null) }
    client.registerUsersFlow(late).collect { batch ->
        batch.failed.forEach { println("users[${it.index}] ${it.username}: ${it.reason}") }
        println("${batch.progress.done} done, ${batch.created.size} created in this batch")
    }
    // Beyond the reference: login tokens, Agora chat tokens, mutes, push, webhooks.
    val login = client.userToken("alice", "s3cret-pw", ttlSeconds = 3600) // hand login.accessToken() to the app
    val minted = chatUserToken(emu.appId(), emu.appCertificate(), "alice", 600u) // minted here, no request
    println("${login.user().username}: ${parseChatToken(minted.token()).privileges}")
    client.muteUser("bob", seconds = 600, chatTypes = listOf(ChatType.CHAT))
    client.setPushSetting("alice", PushScope.User(peer = "bob"), mode = PushMode.NONE, dndDurationSeconds = 3600)
    println(verifyWebhook("""{"callId":"c1","timestamp":1,"security":"x"}""", "rule-secret").status) // INVALID
    emu.stop()
}

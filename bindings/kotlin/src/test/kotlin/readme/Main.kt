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
    emu.stop()
}

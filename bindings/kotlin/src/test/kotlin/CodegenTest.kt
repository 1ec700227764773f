import io.chatplatform.Client
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.io.File

/** The generated API names are the DESIGN table's operations in camelCase. */
class CodegenTest {
    @Test
    fun `generated Client methods match the DESIGN operations`() {
        val design =
            listOf(
                "fetch_token",
                "register_user_open",
                "register_user",
                "register_users",
                "get_user",
                "list_users",
                "delete_user",
                "delete_oldest_users",
                "set_password",
                "set_push_nickname",
                "set_notification_display_style",
                "set_no_disturb",
                "clear_no_disturb",
                "add_contact",
                "remove_contact",
                "list_contacts",
                "list_blocked",
                "block_users",
                "unblock_user",
                "user_status",
                "users_status",
                "offline_message_count",
                "offline_message_status",
                "deactivate_user",
                "activate_user",
                "disconnect_user",
            ).map { Scenario.camel(it) }.toSet()
        // The bulk calls a cancelled coroutine stops rather than drops are
        // hand-written (BulkCancellation.kt) over the generated `…Until` forms.
        val stoppable = setOf("registerUsers", "usersStatus")
        val generated =
            Client::class.java.declaredMethods
                .map { it.name }
                .map { if (it.endsWith("Until") && it.removeSuffix("Until") in stoppable) it.removeSuffix("Until") else it }
                .toSet()
        assertEquals(emptySet<String>(), design - generated, "operations missing from the generated Client")
        // iterUsers (6b) is the hand-written Flow over `pages`.
        assertEquals(true, "pages" in generated)
        val source = File("target/generated-sources/uniffi/io/chatplatform/chat_platform_ffi.kt").readText()
        for (op in design) {
            val name = if (op in stoppable) "${op}Until" else op
            assertEquals(true, source.contains("suspend fun `$name`("), "$name is a suspend fun")
        }
    }
}

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream

/** The package README's Kotlin example (bindings/kotlin/README.md) is readme/Main.kt verbatim, and it runs. */
class ReadmeTest {
    @Test
    fun `the README Kotlin example is this file and runs`() {
        val readmeText = File(Scenario.repo, "bindings/kotlin/README.md").readText()
        val section = readmeText.substringAfter("\n## Quick start").substringBefore("\n## ")
        val block = section.substringAfter("```kotlin\n").substringBefore("```")
        val source = File("src/test/kotlin/readme/Main.kt").readText().substringAfter("package readme\n\n")
        assertEquals(source.trim(), block.trim(), "bindings/kotlin/README.md's Kotlin block must match bindings/kotlin/src/test/kotlin/readme/Main.kt")
        val out = ByteArrayOutputStream()
        val old = System.out
        System.setOut(PrintStream(out, true))
        try {
            runBlocking { readme.main() }
        } finally {
            System.setOut(old)
        }
        val text = out.toString()
        assertTrue(text.contains("2 created, 0 failed"), text)
        assertTrue(text.contains("alice") && text.contains("no such user: 404 service_resource_not_found"), text)
    }
}

package bench

import io.chatplatform.Client
import io.chatplatform.ClientConfig
import io.chatplatform.ClientEvent
import io.chatplatform.Credentials
import io.chatplatform.EventListener
import kotlinx.coroutines.*
import kotlinx.coroutines.future.await
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

/**
 * The Kotlin side of `make bench` (bench/run.sh), run with `java -cp ... bench.BenchKt`:
 *   latency URL N | latency-events URL N (the same with an EventListener counting the events)
 *   | throughput URL CONC SECONDS | throughput-javahttp URL CONC SECONDS
 */
private const val APP = "demo-org/demo-app"
private const val ID = "YXA6emulator-client-id"
private const val SECRET = "YXA6emulator-client-secret"

suspend fun runFor(
    conc: Int,
    seconds: Double,
    call: suspend () -> Unit,
): Double =
    coroutineScope {
        val done = AtomicLong()
        val stop = AtomicBoolean(false)
        val jobs =
            (1..conc).map {
                launch {
                    while (!stop.get()) {
                        call()
                        done.incrementAndGet()
                    }
                }
            }
        delay(500)
        val start = done.get()
        val t = System.nanoTime()
        delay((seconds * 1000).toLong())
        val calls = done.get() - start
        val elapsed = (System.nanoTime() - t) / 1e9
        stop.set(true)
        jobs.joinAll()
        calls / elapsed
    }

fun main(args: Array<String>) =
    runBlocking(Dispatchers.Default) {
        val (mode, url) = args
        val seen = AtomicLong()
        val counter =
            object : EventListener {
                override fun onEvent(event: ClientEvent) {
                    seen.incrementAndGet()
                }
            }
        val client =
            Client(
                ClientConfig(appKey = "demo-org#demo-app", baseUrl = url, rateLimits = false, batchConcurrency = 4u),
                Credentials.clientSecret(ID, SECRET),
                if (mode == "latency-events") counter else null,
            )
        val out =
            when (mode) {
                "latency", "latency-events" -> {
                    // Every latency client warms up for the same 5 s first (here the JIT
                    // compilers, which share the one core, finish their work).
                    val warm = System.nanoTime() + 5_000_000_000L
                    while (System.nanoTime() < warm) client.getUser("bench500")
                    val samples =
                        (1..args[2].toInt())
                            .map {
                                val t = System.nanoTime()
                                client.getUser("bench500")
                                (System.nanoTime() - t) / 1000.0
                            }.sorted()
                    """{"median_us": ${samples[samples.size / 2]}}"""
                }

                "throughput" -> {
                    client.fetchToken()
                    """{"calls_per_s": ${runFor(args[2].toInt(), args[3].toDouble()) { client.getUser("bench500") }}}"""
                }

                "throughput-javahttp" -> {
                    val http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    val tokenBody = """{"grant_type":"client_credentials","client_id":"$ID","client_secret":"$SECRET"}"""
                    val tr =
                        http
                            .send(
                                HttpRequest
                                    .newBuilder(URI("$url/$APP/token"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(tokenBody))
                                    .build(),
                                HttpResponse.BodyHandlers.ofString(),
                            ).body()
                    val token = Regex("\"access_token\":\"([^\"]+)\"").find(tr)!!.groupValues[1]
                    val req =
                        HttpRequest
                            .newBuilder(URI("$url/$APP/users/bench500"))
                            .header("Authorization", "Bearer $token")
                            .header("Accept", "application/json")
                            .GET()
                            .build()
                    val rate =
                        runFor(args[2].toInt(), args[3].toDouble()) {
                            val r = http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).await()
                            check(r.statusCode() == 200)
                            check(
                                org.json
                                    .JSONObject(r.body())
                                    .getJSONArray("entities")
                                    .length() == 1,
                            )
                        }
                    """{"calls_per_s": $rate}"""
                }

                else -> {
                    error("unknown mode $mode")
                }
            }
        println(out)
    }

package readme

import io.chatplatform.*
import io.opentelemetry.api.common.AttributeKey
import io.opentelemetry.api.common.Attributes
import io.opentelemetry.api.trace.SpanKind
import io.opentelemetry.api.trace.StatusCode
import io.opentelemetry.sdk.metrics.SdkMeterProvider
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter
import io.opentelemetry.sdk.trace.SdkTracerProvider
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor
import java.time.Instant

suspend fun events() {
    val spans = InMemorySpanExporter.create()
    val metrics = InMemoryMetricReader.create()
    val tracer =
        SdkTracerProvider
            .builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build()
            .get("chat-platform")
    val meter =
        SdkMeterProvider
            .builder()
            .registerMetricReader(metrics)
            .build()
            .get("chat-platform")
    val attemptTime = meter.histogramBuilder("chat_platform.attempt.duration").setUnit("ms").build()
    val retried = meter.counterBuilder("chat_platform.attempt.retries").build()
    val toTelemetry =
        object : EventListener {
            override fun onEvent(event: ClientEvent) {
                val attributes =
                    Attributes
                        .builder()
                        .put("chat_platform.operation", event.operation)
                        .put("http.request.method", event.method)
                        .put("http.route", event.route)
                        .apply { event.status?.let { put("http.response.status_code", it.toLong()) } }
                        .build()
                if (event.kind == EventKind.ATTEMPT) {
                    attemptTime.record(event.durationMs, attributes)
                    if (event.retry) retried.add(1, attributes.toBuilder().put("chat_platform.retry_reason", event.retryReason!!).build())
                    return
                }
                val end = Instant.now() // a call: one client span, from its start to now
                val span =
                    tracer
                        .spanBuilder("${event.method} ${event.route}")
                        .setSpanKind(SpanKind.CLIENT)
                        .setStartTimestamp(end.minusNanos((event.durationMs * 1e6).toLong()))
                        .setAllAttributes(attributes)
                        .setAttribute("chat_platform.attempts", event.attempt.toLong())
                        .startSpan()
                event.error?.let { span.setStatus(StatusCode.ERROR, it) }
                span.end(end)
            }
        }
    val emu = Emulator(null)
    val client =
        Client(
            ClientConfig(appKey = emu.appKey(), baseUrl = emu.url()),
            Credentials.clientSecret(emu.clientId(), emu.clientSecret()),
            toTelemetry,
        )
    client.registerUser("dora", "pw-12345", null)
    runCatching { client.getUser("nobody") } // NotFound
    client.flushEvents() // events reach the listener on a thread of their own: wait for them
    emu.stop()
    val status = AttributeKey.longKey("http.response.status_code")
    spans.finishedSpanItems.forEach { println("span ${it.name} ${it.attributes.get(status)} ${it.status.statusCode}") }
    println("attempts timed: ${metrics.collectAllMetrics().first { it.name == "chat_platform.attempt.duration" }.histogramData.points.sumOf { it.count }}")
}

package io.chatplatform

// Hand-written: webhook checks from a String body. The work is the Rust core's.

/**
 * Checks a webhook request's signature from its raw body as text (read the
 * body as a String before any JSON parsing: re-encoding can change the signed
 * timestamp). See [verifyWebhook] for bytes.
 */
fun verifyWebhook(
    body: String,
    secret: String,
): WebhookVerification = verifyWebhook(body.toByteArray(Charsets.UTF_8), secret)

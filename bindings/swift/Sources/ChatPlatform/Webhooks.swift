// Hand-written: webhook checks from a String body. The work is the Rust core's.

import Foundation

/// Checks a webhook request's signature from its raw body as text (before any
/// JSON parsing: re-encoding can change the signed timestamp).
public func verifyWebhook(body: String, secret: String) throws -> WebhookVerification {
    try verifyWebhook(body: Data(body.utf8), secret: secret)
}

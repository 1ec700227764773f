import io.chatplatform.*
import org.json.JSONArray
import org.json.JSONObject
import java.io.File

/** The shared scenario's argument generators, canonical results and matcher. */
object Scenario {
    val repo: File = File(System.getProperty("chatplatform.repo") ?: "../..").canonicalFile
    val steps: JSONArray = JSONObject(File(repo, "tests/scenario/scenario.json").readText()).getJSONArray("steps")

    fun camel(s: String) = Regex("_([a-z])").replace(s) { it.groupValues[1].uppercase() }

    fun expand(
        v: Any?,
        saved: Map<String, Any?>,
    ): Any? =
        when {
            v is String && v.startsWith("$") -> {
                if (saved.containsKey(v.drop(1))) saved[v.drop(1)] else v
            }

            v is JSONObject && v.length() == 1 && v.has("\$repeat") -> {
                v.getJSONArray("\$repeat").let { it.getString(0).repeat(it.getInt(1)) }
            }

            v is JSONObject && v.length() == 1 && v.has("\$users") -> {
                v.getJSONObject("\$users").let { g ->
                    (0 until g.getInt("count")).map { mapOf("username" to "${g.getString("prefix")}$it", "password" to g.getString("password")) }
                }
            }

            v is JSONObject && v.length() == 1 && v.has("\$nicknames") -> {
                v.getJSONObject("\$nicknames").let { g ->
                    (0 until g.getInt("count")).map {
                        mapOf("username" to "${g.getString("prefix")}$it", "nickname" to "${g.getString("nickname")}$it")
                    }
                }
            }

            v is JSONObject && v.length() == 1 && v.has("\$names") -> {
                v.getJSONObject("\$names").let { g ->
                    (0 until g.getInt("count")).map { "${g.getString("prefix")}$it" }
                }
            }

            v is JSONObject -> {
                v.keySet().associateWith { expand(v.get(it), saved) }
            }

            v is JSONArray -> {
                (0 until v.length()).map { expand(v.get(it), saved) }
            }

            v == JSONObject.NULL -> {
                null
            }

            else -> {
                v
            }
        }

    fun user(u: User): Map<String, Any?> =
        mapOf(
            "uuid" to u.uuid,
            "username" to u.username,
            "activated" to u.activated,
            "nickname" to u.nickname,
            "created" to u.created,
            "modified" to u.modified,
            "notification_display_style" to
                when (u.notificationDisplayStyle) {
                    DisplayStyle.NOTIFICATION_ONLY -> 0
                    DisplayStyle.WITH_DETAILS -> 1
                    null -> null
                },
            "notification_no_disturbing" to u.notificationNoDisturbing,
            "notification_no_disturbing_start" to u.notificationNoDisturbingStart,
            "notification_no_disturbing_end" to u.notificationNoDisturbingEnd,
            "notifier_name" to u.notifierName,
            "device_token" to u.deviceToken,
        )

    /** A result in the scenario's canonical form. */
    fun canon(v: Any?): Any? =
        when (v) {
            null, Unit -> {
                null
            }

            is User -> {
                user(v)
            }

            is UserPage -> {
                mapOf("users" to v.users.map(::user), "cursor" to v.cursor)
            }

            is Deletion -> {
                mapOf("username" to v.username, "user" to v.user?.let(::user), "outcome" to v.outcome.name.lowercase())
            }

            is RegisterReport -> {
                mapOf(
                    "created" to v.created.map(::user),
                    "failed" to
                        v.failed.map {
                            mapOf("username" to it.username, "index" to it.index, "kind" to it.kind, "reason" to it.reason, "uncertain" to it.uncertain)
                        },
                )
            }

            is Presence -> {
                v.name.lowercase()
            }

            is DeliveryStatus -> {
                v.name.lowercase()
            }

            is UserPresence -> {
                mapOf("username" to v.username, "presence" to v.presence.name.lowercase())
            }

            is TokenInfo -> {
                mapOf("expires_in" to v.expiresIn(), "application" to v.application())
            }

            is List<*> -> {
                v.map(::canon)
            }

            is UserToken -> {
                mapOf("expires_in" to v.expiresIn(), "user" to user(v.user()))
            }

            is MintedToken -> {
                mapOf("token" to v.token(), "issued_at" to v.issuedAt(), "expire_seconds" to v.expireSeconds().toLong(), "expires_at" to v.expiresAt())
            }

            is ChatTokenInfo -> {
                mapOf(
                    "app_id" to v.appId,
                    "issued_at" to v.issuedAt,
                    "expire_seconds" to v.expireSeconds.toLong(),
                    "expires_at" to v.expiresAt,
                    "salt" to v.salt.toLong(),
                    "user_id" to v.userId,
                    "privileges" to v.privileges,
                )
            }

            is Device -> {
                mapOf("resource" to v.resource, "platform" to v.platform, "device_uuid" to v.deviceUuid, "device_name" to v.deviceName)
            }

            is UserAttributes -> {
                mapOf("username" to v.username, "attributes" to v.attributes)
            }

            is MuteStatus -> {
                mapOf("username" to v.username, "chat" to v.chat, "groupchat" to v.groupchat, "chatroom" to v.chatroom, "server_time" to v.serverTime)
            }

            is MuteEntry -> {
                mapOf("username" to v.username, "chat_type" to chatTypeName(v.chatType), "remaining" to v.remaining)
            }

            is MutePage -> {
                mapOf("entries" to v.entries.map(::canon), "next_page" to v.nextPage?.toLong(), "server_time" to v.serverTime)
            }

            is Contact -> {
                mapOf("username" to v.username, "remark" to v.remark)
            }

            is ContactPage -> {
                mapOf("contacts" to v.contacts.map(::canon), "cursor" to v.cursor)
            }

            is PushNicknameReport -> {
                mapOf(
                    "updated" to v.updated,
                    "failed" to v.failed.map { mapOf("username" to it.username, "index" to it.index.toLong(), "kind" to it.kind, "reason" to it.reason) },
                )
            }

            is PushSetting -> {
                mapOf("mode" to v.mode?.name, "dnd_interval" to v.dndInterval, "dnd_until" to v.dndUntil)
            }

            is WebhookVerification -> {
                mapOf("status" to v.status.name.lowercase(), "missing_fields" to v.missingFields, "detail" to v.detail)
            }

            is Map<*, *> -> {
                v
            }

            else -> {
                v
            }
        }

    private fun chatTypeName(t: ChatType) =
        when (t) {
            ChatType.CHAT -> "chat"
            ChatType.GROUP_CHAT -> "groupchat"
            ChatType.CHAT_ROOM -> "chatroom"
        }

    private fun num(x: Any?): Double? = (x as? Number)?.toDouble()

    /** Checks [actual] against [expected] (org.json values); returns a mismatch or null. */
    fun mismatch(
        expected: Any?,
        actual: Any?,
        path: String = "result",
    ): String? {
        if (expected is JSONObject && expected.has("\$len")) {
            val n =
                when (actual) {
                    is List<*> -> actual.size
                    is String -> actual.length
                    else -> return "$path: no length: $actual"
                }
            return if (n == expected.getInt("\$len")) null else "$path: expected length ${expected.getInt("\$len")}, got $n"
        }
        if (expected is JSONObject && expected.has("\$type")) {
            val ok =
                when (expected.getString("\$type")) {
                    "string" -> actual is String
                    "number" -> actual is Number
                    "boolean" -> actual is Boolean
                    else -> false
                }
            return if (ok) null else "$path: expected a ${expected.getString("\$type")}, got $actual"
        }
        if (expected is JSONObject) {
            val m = actual as? Map<*, *> ?: return "$path: expected an object, got $actual"
            for (k in expected.keySet()) mismatch(expected.get(k), m[k], "$path.$k")?.let { return it }
            return null
        }
        if (expected is JSONArray) {
            val l = actual as? List<*> ?: return "$path: expected an array, got $actual"
            if (l.size != expected.length()) return "$path: expected ${expected.length()} items, got ${l.size}: $l"
            for (i in 0 until l.size) mismatch(expected.get(i), l[i], "$path[$i]")?.let { return it }
            return null
        }
        if (expected == JSONObject.NULL) return if (actual == null) null else "$path: expected null, got $actual"
        if (expected is Number) return if (num(actual) == num(expected)) null else "$path: expected $expected, got $actual"
        return if (expected == actual) null else "$path: expected $expected, got $actual"
    }
}

import ChatPlatform

/// Results in the scenario's canonical JSON form.
func opt<T>(_ v: T?, _ f: (T) -> JSON) -> JSON { v.map(f) ?? .null }
func num<T: BinaryInteger>(_ v: T) -> JSON { .number(Double(v)) }

func canon(_ u: User) -> JSON {
    .object([
        "uuid": .string(u.uuid), "username": .string(u.username), "activated": .bool(u.activated),
        "nickname": opt(u.nickname) { .string($0) }, "created": opt(u.created) { num($0) },
        "modified": opt(u.modified) { num($0) },
        "notification_display_style": opt(u.notificationDisplayStyle) { $0 == .withDetails ? .number(1) : .number(0) },
        "notification_no_disturbing": opt(u.notificationNoDisturbing) { .bool($0) },
        "notification_no_disturbing_start": opt(u.notificationNoDisturbingStart) { num($0) },
        "notification_no_disturbing_end": opt(u.notificationNoDisturbingEnd) { num($0) },
        "notifier_name": opt(u.notifierName) { .string($0) }, "device_token": opt(u.deviceToken) { .string($0) },
    ])
}

func canon(_ p: UserPage) -> JSON { .object(["users": .array(p.users.map(canon)), "cursor": opt(p.cursor) { .string($0) }]) }

func canon(_ d: Deletion) -> JSON {
    .object(["username": .string(d.username), "user": opt(d.user) { canon($0) },
             "outcome": .string(d.outcome == .alreadyGone ? "already_gone" : "deleted")])
}

func canon(_ r: RegisterReport) -> JSON {
    .object([
        "created": .array(r.created.map(canon)),
        "failed": .array(r.failed.map {
            .object(["username": .string($0.username), "index": num($0.index), "kind": .string($0.kind), "reason": .string($0.reason),
                     "uncertain": .bool($0.uncertain)])
        }),
    ])
}

func canon(_ p: Presence) -> JSON { .string(p == .online ? "online" : "offline") }
func canon(_ d: DeliveryStatus) -> JSON { .string(d == .delivered ? "delivered" : "undelivered") }
func canon(_ all: [UserPresence]) -> JSON {
    .array(all.map { .object(["username": .string($0.username), "presence": canon($0.presence)]) })
}
func canon(_ names: [String]) -> JSON { .array(names.map { .string($0) }) }

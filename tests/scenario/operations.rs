//! Every operation of the scenario (`scenario.json`), called through the
//! Rust client: the one dispatch table the runner (`tests/scenario.rs`) plays.

use std::collections::BTreeMap;
use std::time::Duration;

use chat_platform::chat_token::{self, MintOptions};
use chat_platform::validate::{range_arg, seconds_arg, MAX_TTL_SECONDS};
use chat_platform::{
    webhook, ChatType, Client, DisplayStyle, Error, NewUser, PushMode, PushNickname, PushScope,
    PushSettingUpdate,
};
use chat_platform_emulator::Emulator;
use futures_util::TryStreamExt;
use serde_json::{json, Value};

pub fn s(args: &Value, k: &str) -> String {
    args[k]
        .as_str()
        .unwrap_or_else(|| panic!("argument {k} missing in {args}"))
        .to_owned()
}

fn opt(args: &Value, k: &str) -> Option<String> {
    args.get(k).and_then(Value::as_str).map(str::to_owned)
}

fn u32a(args: &Value, k: &str) -> u32 {
    args[k]
        .as_u64()
        .unwrap_or_else(|| panic!("argument {k} missing")) as u32
}

fn names(args: &Value, k: &str) -> Vec<String> {
    args[k]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

fn to_json<T: serde::Serialize>(r: Result<T, Error>) -> Result<Value, Error> {
    r.map(|v| serde_json::to_value(v).unwrap())
}

pub async fn call(client: &Client, emu: &Emulator, op: &str, a: &Value) -> Result<Value, Error> {
    match op {
        "fetch_token" => to_json(client.fetch_token().await),
        "register_user_open" => to_json(
            client
                .register_user_open(
                    &s(a, "username"),
                    &s(a, "password"),
                    opt(a, "nickname").as_deref(),
                )
                .await,
        ),
        "register_user" => to_json(
            client
                .register_user(
                    &s(a, "username"),
                    &s(a, "password"),
                    opt(a, "nickname").as_deref(),
                )
                .await,
        ),
        "register_users" => {
            let users: Vec<NewUser> = a["users"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| NewUser {
                    username: s(u, "username"),
                    password: s(u, "password").into(),
                    nickname: opt(u, "nickname"),
                })
                .collect();
            to_json(client.register_users(&users).await)
        }
        "get_user" => to_json(client.get_user(&s(a, "username")).await),
        "list_users" => {
            let limit = a.get("limit").and_then(Value::as_u64).map(|l| l as u32);
            to_json(client.list_users(limit, opt(a, "cursor").as_deref()).await)
        }
        "iter_users" => match client.iter_users(u32a(a, "page_size")) {
            Ok(stream) => to_json(stream.try_collect::<Vec<_>>().await),
            Err(e) => Err(e),
        },
        "delete_user" => to_json(client.delete_user(&s(a, "username")).await),
        "delete_oldest_users" => to_json(client.delete_oldest_users(u32a(a, "limit")).await),
        "set_password" => to_json(
            client
                .set_password(&s(a, "username"), &s(a, "new_password"))
                .await,
        ),
        "set_push_nickname" => to_json(
            client
                .set_push_nickname(&s(a, "username"), &s(a, "nickname"))
                .await,
        ),
        "set_notification_display_style" => {
            match DisplayStyle::from_code(a["style"].as_i64().unwrap()) {
                Ok(style) => to_json(
                    client
                        .set_notification_display_style(&s(a, "username"), style)
                        .await,
                ),
                Err(e) => Err(e),
            }
        }
        "set_no_disturb" => to_json(
            client
                .set_no_disturb(
                    &s(a, "username"),
                    u32a(a, "start_hour"),
                    u32a(a, "end_hour"),
                )
                .await,
        ),
        "clear_no_disturb" => to_json(client.clear_no_disturb(&s(a, "username")).await),
        "add_contact" => to_json(client.add_contact(&s(a, "owner"), &s(a, "contact")).await),
        "remove_contact" => to_json(
            client
                .remove_contact(&s(a, "owner"), &s(a, "contact"))
                .await,
        ),
        "list_contacts" => to_json(client.list_contacts(&s(a, "owner")).await),
        "list_blocked" => to_json(client.list_blocked(&s(a, "owner")).await),
        "block_users" => to_json(
            client
                .block_users(&s(a, "owner"), &names(a, "usernames"))
                .await,
        ),
        "unblock_user" => to_json(client.unblock_user(&s(a, "owner"), &s(a, "blocked")).await),
        "user_status" => to_json(client.user_status(&s(a, "username")).await),
        "users_status" => to_json(client.users_status(&names(a, "usernames")).await),
        "offline_message_count" => to_json(client.offline_message_count(&s(a, "username")).await),
        "offline_message_status" => to_json(
            client
                .offline_message_status(&s(a, "username"), &s(a, "msg_id"))
                .await,
        ),
        "deactivate_user" => to_json(client.deactivate_user(&s(a, "username")).await),
        "activate_user" => to_json(client.activate_user(&s(a, "username")).await),
        "disconnect_user" => to_json(client.disconnect_user(&s(a, "username")).await),
        "user_token" => {
            let t = ttl("user_token", a)?;
            to_json(
                client
                    .user_token(&s(a, "username"), &s(a, "password"), t)
                    .await,
            )
        }
        "user_token_without_password" => {
            let t = ttl("user_token_without_password", a)?;
            let create = a
                .get("create_user")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            to_json(
                client
                    .user_token_without_password(&s(a, "username"), t, create)
                    .await,
            )
        }
        "chat_user_token" => minted(chat_token::user_token(
            &s(a, "app_id"),
            &s(a, "app_certificate"),
            &s(a, "user_id"),
            range_arg(
                "chat_user_token",
                "expire_seconds",
                int(a, "expire_seconds").unwrap(),
                0,
                u32::MAX,
            )?,
            mint_options(a),
        )),
        "chat_app_token" => minted(chat_token::app_token(
            &s(a, "app_id"),
            &s(a, "app_certificate"),
            range_arg(
                "chat_app_token",
                "expire_seconds",
                int(a, "expire_seconds").unwrap(),
                0,
                u32::MAX,
            )?,
            mint_options(a),
        )),
        "parse_chat_token" => chat_token::parse(&s(a, "token")).map(|t| {
            json!({
                "app_id": t.app_id, "issued_at": t.issued_at, "expire_seconds": t.expire_seconds,
                "expires_at": t.expires_at, "salt": t.salt, "user_id": t.chat_user_id(),
                "privileges": t.chat_privileges(),
            })
        }),
        "verify_chat_token" => chat_token::parse(&s(a, "token"))
            .and_then(|t| t.verify(&s(a, "app_certificate")))
            .map(Value::Bool),
        "app_certificate_token" => {
            let agora = Client::builder()
                .base_url(emu.url())
                .app_key(emu.app_key())
                .app_certificate(emu.app_id(), emu.app_certificate())
                .build()?;
            to_json(agora.fetch_token().await)
        }
        "list_devices" => to_json(client.list_devices(&s(a, "username")).await),
        "logout_device" => to_json(
            client
                .logout_device(&s(a, "username"), &s(a, "resource"))
                .await,
        ),
        "set_user_attributes" => {
            let attrs: BTreeMap<String, String> = a["attributes"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                .collect();
            to_json(client.set_user_attributes(&s(a, "username"), &attrs).await)
        }
        "get_user_attributes" => to_json(client.get_user_attributes(&s(a, "username")).await),
        "delete_user_attributes" => to_json(client.delete_user_attributes(&s(a, "username")).await),
        "users_attributes" => to_json(
            client
                .users_attributes(&names(a, "usernames"), &names(a, "keys"))
                .await,
        ),
        "user_attributes_usage" => to_json(client.user_attributes_usage().await),
        "mute_user" => {
            let types = chat_types(a)?;
            let secs = int(a, "seconds")
                .map(|v| range_arg("mute_user", "seconds", v, 0, u32::MAX))
                .transpose()?;
            to_json(client.mute_user(&s(a, "username"), secs, &types).await)
        }
        "unmute_user" => {
            let types = chat_types(a)?;
            to_json(client.unmute_user(&s(a, "username"), &types).await)
        }
        "get_mute" => to_json(client.get_mute(&s(a, "username")).await),
        "list_mutes" => {
            let page = int(a, "page").map(|v| v as u32);
            let size = int(a, "page_size").map(|v| v as u32);
            to_json(client.list_mutes(page, size).await)
        }
        "iter_mutes" => match client.iter_mutes(int(a, "page_size").unwrap() as u32) {
            Ok(st) => to_json(st.try_collect::<Vec<_>>().await),
            Err(e) => Err(e),
        },
        "list_contacts_page" => {
            let limit = int(a, "limit").map(|v| v as u32);
            let remarks = a
                .get("with_remarks")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            to_json(
                client
                    .list_contacts_page(&s(a, "owner"), limit, opt(a, "cursor").as_deref(), remarks)
                    .await,
            )
        }
        "iter_contacts" => {
            match client.iter_contacts(&s(a, "owner"), int(a, "page_size").unwrap() as u32) {
                Ok(st) => to_json(st.try_collect::<Vec<_>>().await),
                Err(e) => Err(e),
            }
        }
        "set_contact_remark" => to_json(
            client
                .set_contact_remark(&s(a, "owner"), &s(a, "contact"), &s(a, "remark"))
                .await,
        ),
        "set_push_nicknames" => {
            let list: Vec<PushNickname> = a["nicknames"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| PushNickname::new(s(n, "username"), s(n, "nickname")))
                .collect();
            to_json(client.set_push_nicknames(&list).await)
        }
        "get_push_setting" => {
            let sc = scope("get_push_setting", a)?;
            to_json(client.get_push_setting(&s(a, "username"), &sc).await)
        }
        "set_push_setting" => {
            const OP: &str = "set_push_setting";
            let sc = scope(OP, a)?;
            let mode = opt(a, "mode")
                .map(|m| PushMode::parse("mode", &m).map_err(|e| e.with_operation(OP)))
                .transpose()?;
            let dnd_duration = int(a, "dnd_duration_seconds")
                .map(|d| seconds_arg(OP, "dnd_duration_seconds", d, 7 * 24 * 3600))
                .transpose()?;
            let update = PushSettingUpdate {
                mode,
                dnd_interval: opt(a, "dnd_interval"),
                dnd_duration,
            };
            to_json(
                client
                    .set_push_setting(&s(a, "username"), &sc, &update)
                    .await,
            )
        }
        "get_push_language" => to_json(client.get_push_language(&s(a, "username")).await),
        "set_push_language" => to_json(
            client
                .set_push_language(&s(a, "username"), &s(a, "language"))
                .await,
        ),
        "verify_webhook" => to_json(webhook::verify(s(a, "body").as_bytes(), &s(a, "secret"))),
        other => panic!("the scenario names an unknown operation {other:?}"),
    }
}

fn int(a: &Value, k: &str) -> Option<i64> {
    a.get(k).and_then(Value::as_i64)
}

fn minted(r: chat_platform::Result<chat_token::MintedToken>) -> Result<Value, Error> {
    r.map(|t| {
        let mut v = serde_json::to_value(&t).unwrap();
        v["token"] = json!(t.token.expose());
        v
    })
}

fn mint_options(a: &Value) -> MintOptions {
    MintOptions {
        issued_at: int(a, "issued_at").map(|v| v as u32),
        salt: int(a, "salt").map(|v| v as u32),
    }
}

fn ttl(op: &'static str, a: &Value) -> Result<Option<Duration>, Error> {
    int(a, "ttl_seconds")
        .map(|t| seconds_arg(op, "ttl_seconds", t, MAX_TTL_SECONDS))
        .transpose()
}

fn chat_types(a: &Value) -> Result<Vec<ChatType>, Error> {
    a.get("chat_types")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .enumerate()
                .map(|(i, t)| ChatType::parse(&format!("chat_types[{i}]"), t.as_str().unwrap()))
                .collect()
        })
        .unwrap_or(Ok(Vec::new()))
        .map_err(|e| e.with_operation("mute_user"))
}

fn scope(op: &'static str, a: &Value) -> Result<PushScope, Error> {
    PushScope::parse(&s(a, "scope"), opt(a, "target").as_deref()).map_err(|e| e.with_operation(op))
}

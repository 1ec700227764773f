//! Global mutes: mute, unmute, a user's mute, and every muted user. The core's `src/api/mutes.rs`, from JavaScript.

use super::prelude::*;

operations! {
    #[doc = " Mutes a user for `seconds` (1 to 2,147,483,647; absent: for good) in"]
    #[doc = " the given chat types (absent: all three)."]
    fn mute_user("username: string, seconds?: number | null, chatTypes?: Array<'chat' | 'groupchat' | 'chatroom'> | null, options?: CallOptions | null", "Promise<void>")
        (username: String, seconds: Option<i64>, chat_types: Option<Vec<String>>) -> () {
        c => {
            const OP: &str = "mute_user";
            let types = parse_chat_types(OP, chat_types)?;
            let secs = seconds.map(|s| core::validate::range_arg(OP, "seconds", s, 0, u32::MAX)).transpose()?;
            c.mute_user(&username, secs, &types).await
        }
    }

    #[doc = " Lifts a user's mute in the given chat types (absent: all three)."]
    fn unmute_user("username: string, chatTypes?: Array<'chat' | 'groupchat' | 'chatroom'> | null, options?: CallOptions | null", "Promise<void>")
        (username: String, chat_types: Option<Vec<String>>) -> () {
        c => {
            let types = parse_chat_types("unmute_user", chat_types)?;
            c.unmute_user(&username, &types).await
        }
    }

    #[doc = " Seconds left of a user's mute per chat type."]
    fn get_mute("username: string, options?: CallOptions | null") (username: String) -> MuteStatus {
        c => c.get_mute(&username).await.map(MuteStatus::from)
    }

    #[doc = " One page of muted users: `page` from 1, `pageSize` 1-50."]
    fn list_mutes("page?: number | null, pageSize?: number | null, options?: CallOptions | null") (page: Option<i64>, page_size: Option<i64>) -> MutePage {
        c => {
            const OP: &str = "list_mutes";
            let page = page.map(|p| core::validate::range_arg(OP, "page", p, 1, u32::MAX)).transpose()?;
            let size = page_size.map(|p| core::validate::mute_page_arg(OP, "page_size", Some(p))).transpose()?;
            c.list_mutes(page, size).await.map(MutePage::from)
        }
    }
}

#[napi]
impl Client {
    /// Every muted user, `pageSize` (1-50, default 50) entries per request:
    /// `for await (const m of client.iterMutes())`. `{ signal }` last: an
    /// abort rejects the pending `next()` with an `AbortError` and ends the
    /// iteration.
    #[napi(ts_args_type = "pageSize?: number | null, options?: CallOptions | null")]
    pub fn iter_mutes(
        &self,
        env: Env,
        page_size: Unknown<'_>,
        options: Unknown<'_>,
    ) -> Result<MuteIterator> {
        const OP: &str = "iter_mutes";
        let size: Option<i64> = args::FromArg::from_arg(&env, OP, "page_size", Some(page_size))?;
        let watch = crate::abort::watch(&env, OP, options)?;
        let stream = core::validate::mute_page_arg(OP, "page_size", size)
            .and_then(|s| self.core.iter_mutes(s))
            .map_err(|e| to_js(&env, &e))?;
        MuteIterator::new(&env, OP, stream, watch)
    }
}

/// Chat types by name (`'chat'`, `'groupchat'`, `'chatroom'`); none: all three.
fn parse_chat_types(op: &'static str, v: Option<Vec<String>>) -> core::Result<Vec<core::ChatType>> {
    v.unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, t)| core::ChatType::parse(&format!("chat_types[{i}]"), t))
        .collect::<core::Result<_>>()
        .map_err(|e| e.with_operation(op))
}

//! The emulator's data: users in creation order, looked up ignoring case,
//! with their settings, contacts, blocklists, presence and offline messages.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;

use serde_json::{json, Map, Value};

use crate::reply::now_ms;

/// Rarely set fields, kept out of line so a million plain users stay small.
#[derive(Debug, Default, Clone)]
pub(crate) struct Extra {
    pub display_style: Option<u8>,
    pub no_disturb: Option<bool>,
    pub nd_start: Option<u8>,
    pub nd_end: Option<u8>,
    pub notifier_name: Option<String>,
    pub device_token: Option<String>,
    pub contacts: Vec<u64>,
    pub blocks: Vec<u64>,
    pub online: bool,
    /// Offline messages: id → delivered.
    pub offline: Vec<(String, bool)>,
    /// Devices logged in: (resource, device UUID, device name).
    pub devices: Vec<(String, String, String)>,
    /// User attributes.
    pub metadata: BTreeMap<String, String>,
    /// Mutes per chat type (`chat`, `groupchat`, `chatroom`): the end,
    /// seconds since the epoch, or -1 for good.
    pub mutes: BTreeMap<&'static str, i64>,
    /// Remarks given to contacts: contact seq → remark.
    pub remarks: HashMap<u64, String>,
    /// Push settings: (`user` | `chatgroup`, key lowercased) → setting.
    pub push: HashMap<(String, String), PushSetting>,
    /// The push translation language (`""`: none).
    pub language: String,
}

/// One push setting (app level or one conversation).
#[derive(Debug, Default, Clone)]
pub(crate) struct PushSetting {
    pub mode: Option<String>,
    pub interval: Option<String>,
    /// End of the one-off do-not-disturb period, ms since the epoch.
    pub until: Option<i64>,
}

#[derive(Debug, Clone)]
pub(crate) struct UserRec {
    pub uuid: u128,
    pub username: Box<str>,
    pub password: Box<str>,
    pub created: i64,
    pub modified: i64,
    pub activated: bool,
    pub nickname: Option<Box<str>>,
    pub extra: Option<Box<Extra>>,
}

impl UserRec {
    pub(crate) fn extra(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Default::default)
    }

    pub(crate) fn online(&self) -> bool {
        self.extra
            .as_ref()
            .is_some_and(|e| e.online || !e.devices.is_empty())
    }

    /// Bytes of attributes stored (keys and values).
    pub(crate) fn metadata_bytes(&self) -> usize {
        self.extra.as_ref().map_or(0, |e| {
            e.metadata.iter().map(|(k, v)| k.len() + v.len()).sum()
        })
    }

    /// The user entity as the service returns it.
    pub(crate) fn entity(&self) -> Value {
        let mut m = Map::new();
        m.insert("uuid".into(), Value::String(fmt_uuid(self.uuid)));
        m.insert("type".into(), json!("user"));
        m.insert("created".into(), json!(self.created));
        m.insert("modified".into(), json!(self.modified));
        m.insert("username".into(), Value::String(self.username.to_string()));
        m.insert("activated".into(), json!(self.activated));
        if let Some(n) = &self.nickname {
            m.insert("nickname".into(), Value::String(n.to_string()));
        }
        if let Some(e) = &self.extra {
            if let Some(v) = e.no_disturb {
                m.insert("notification_no_disturbing".into(), json!(v));
            }
            if let Some(v) = e.nd_start {
                m.insert("notification_no_disturbing_start".into(), json!(v));
            }
            if let Some(v) = e.nd_end {
                m.insert("notification_no_disturbing_end".into(), json!(v));
            }
            if let Some(v) = e.display_style {
                m.insert("notification_display_style".into(), json!(v));
            }
            if let Some(v) = &e.notifier_name {
                m.insert("notifier_name".into(), json!(v));
            }
            if let Some(v) = &e.device_token {
                m.insert("device_token".into(), json!(v));
            }
        }
        Value::Object(m)
    }
}

/// Formats a UUID in the 8-4-4-4-12 form.
pub(crate) fn fmt_uuid(u: u128) -> String {
    let h = format!("{u:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// A time-based (version 1 style) UUID, unique within the process.
pub(crate) fn new_uuid(seq: u64) -> u128 {
    let ms = now_ms() as u128;
    let rand = u128::from(fastrand::u32(..));
    (ms << 80) | (0x11e8u128 << 64) | (u128::from(seq & 0xffff_ffff) << 32) | rand
}

/// All users of the app.
#[derive(Debug, Default)]
pub(crate) struct Store {
    users: BTreeMap<u64, UserRec>,
    by_name: HashMap<Box<str>, u64>,
    next_seq: u64,
    /// Users whose contact or block lists are non-empty.
    with_lists: HashSet<u64>,
}

impl Store {
    pub(crate) fn len(&self) -> usize {
        self.users.len()
    }

    pub(crate) fn find(&self, name: &str) -> Option<u64> {
        self.by_name
            .get(name.to_ascii_lowercase().as_str())
            .copied()
    }

    pub(crate) fn get(&self, seq: u64) -> Option<&UserRec> {
        self.users.get(&seq)
    }

    pub(crate) fn get_mut(&mut self, seq: u64) -> Option<&mut UserRec> {
        self.users.get_mut(&seq)
    }

    pub(crate) fn by_name(&self, name: &str) -> Option<&UserRec> {
        self.find(name).and_then(|s| self.users.get(&s))
    }

    /// Creates a user; `None` when the name is taken (ignoring case).
    pub(crate) fn create(
        &mut self,
        username: &str,
        password: &str,
        nickname: Option<&str>,
    ) -> Option<u64> {
        let key: Box<str> = username.to_ascii_lowercase().into();
        if self.by_name.contains_key(&key) {
            return None;
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        let now = now_ms();
        self.users.insert(
            seq,
            UserRec {
                uuid: new_uuid(seq),
                username: username.into(),
                password: password.into(),
                created: now,
                modified: now,
                activated: true,
                nickname: nickname.map(Into::into),
                extra: None,
            },
        );
        self.by_name.insert(key, seq);
        Some(seq)
    }

    /// Deletes a user and removes it from every other user's lists.
    pub(crate) fn delete(&mut self, seq: u64) -> Option<UserRec> {
        let rec = self.users.remove(&seq)?;
        self.by_name
            .remove(rec.username.to_ascii_lowercase().as_str());
        self.with_lists.remove(&seq);
        let holders: Vec<u64> = self.with_lists.iter().copied().collect();
        for h in holders {
            if let Some(e) = self.users.get_mut(&h).and_then(|u| u.extra.as_mut()) {
                e.contacts.retain(|&c| c != seq);
                e.blocks.retain(|&c| c != seq);
                if e.contacts.is_empty() && e.blocks.is_empty() {
                    self.with_lists.remove(&h);
                }
            }
        }
        Some(rec)
    }

    /// Users from `start` on (creation order): up to `limit`, and the next start if more remain.
    pub(crate) fn page(&self, start: u64, limit: usize) -> (Vec<u64>, Option<u64>) {
        let mut it = self
            .users
            .range((Bound::Included(start), Bound::Unbounded))
            .map(|(k, _)| *k);
        let seqs: Vec<u64> = it.by_ref().take(limit).collect();
        (seqs, it.next())
    }

    pub(crate) fn mark_lists(&mut self, seq: u64) {
        self.with_lists.insert(seq);
    }

    pub(crate) fn names(&self, seqs: &[u64]) -> Vec<Value> {
        seqs.iter()
            .filter_map(|s| self.users.get(s))
            .map(|u| Value::String(u.username.to_string()))
            .collect()
    }

    /// Every user, in creation order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &UserRec> {
        self.users.values()
    }

    pub(crate) fn clear(&mut self) {
        *self = Store::default();
    }
}

//! What repeating each operation does. When a request's answer is lost (a
//! dropped connection, a timeout, a 500/502/504), the client cannot know
//! whether it took effect; whether it may send it again depends on what a
//! repeat does, not on the HTTP method: batch status is a read sent by POST,
//! adding a contact is a POST that is safe to repeat, and a DELETE repeated
//! after a lost answer finds nothing.

use std::fmt;

/// What sending an operation's request a second time does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RepeatEffect {
    /// Nothing new: a read (batch status and batch attributes included, though
    /// sent by POST), or a grant that creates nothing.
    Nothing,
    /// The same state again: a set-like write (contacts, blocks, flags,
    /// settings, passwords).
    SameState,
    /// The repeat of a delete that worked finds nothing ("not found"): the
    /// client reports the deletion as done, with the fact visible
    /// ([`crate::DeleteOutcome::AlreadyGone`]).
    AlreadyGone,
    /// The repeat of a create that worked finds it existing ("conflict"):
    /// the client checks whether this call created it, and says so or marks
    /// the outcome uncertain.
    AlreadyExists,
    /// Not safe: a repeat does something else (the batch delete by count
    /// would delete the next users). Never repeated after a lost answer.
    Unsafe,
}

impl RepeatEffect {
    /// Whether a request whose answer was lost may be sent again.
    pub fn repeatable(self) -> bool {
        self != RepeatEffect::Unsafe
    }

    /// The effect as the README's table names it.
    pub fn name(self) -> &'static str {
        match self {
            RepeatEffect::Nothing => "nothing new",
            RepeatEffect::SameState => "the same state",
            RepeatEffect::AlreadyGone => "already gone",
            RepeatEffect::AlreadyExists => "already exists",
            RepeatEffect::Unsafe => "unsafe",
        }
    }
}

impl fmt::Display for RepeatEffect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

use RepeatEffect::{AlreadyExists, AlreadyGone, Nothing, SameState, Unsafe};

/// Every operation that sends a request, with what a repeat does.
pub const OPERATIONS: &[(&str, RepeatEffect)] = &[
    ("fetch_token", Nothing),
    ("register_user_open", AlreadyExists),
    ("register_user", AlreadyExists),
    ("register_users", AlreadyExists),
    ("get_user", Nothing),
    ("list_users", Nothing),
    ("delete_user", AlreadyGone),
    ("delete_oldest_users", Unsafe),
    ("set_password", SameState),
    ("set_push_nickname", SameState),
    ("set_notification_display_style", SameState),
    ("set_no_disturb", SameState),
    ("clear_no_disturb", SameState),
    ("add_contact", SameState),
    ("remove_contact", AlreadyGone),
    ("list_contacts", Nothing),
    ("list_blocked", Nothing),
    ("block_users", SameState),
    ("unblock_user", AlreadyGone),
    ("user_status", Nothing),
    ("users_status", Nothing),
    ("offline_message_count", Nothing),
    ("offline_message_status", Nothing),
    ("deactivate_user", SameState),
    ("activate_user", SameState),
    ("disconnect_user", SameState),
    ("user_token", Nothing),
    ("user_token_without_password", Nothing),
    ("list_devices", Nothing),
    ("logout_device", SameState),
    ("set_user_attributes", SameState),
    ("get_user_attributes", Nothing),
    ("delete_user_attributes", SameState),
    ("users_attributes", Nothing),
    ("user_attributes_usage", Nothing),
    ("mute_user", SameState),
    ("unmute_user", SameState),
    ("get_mute", Nothing),
    ("list_mutes", Nothing),
    ("list_contacts_page", Nothing),
    ("iter_contacts", Nothing),
    ("set_contact_remark", SameState),
    ("set_push_nicknames", SameState),
    ("get_push_setting", Nothing),
    ("set_push_setting", SameState),
    ("get_push_language", Nothing),
    ("set_push_language", SameState),
];

/// What repeating operation `op` does, if it sends requests.
pub fn repeat_effect(op: &str) -> Option<RepeatEffect> {
    OPERATIONS.iter().find(|(o, _)| *o == op).map(|(_, e)| *e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_entry_per_operation() {
        let mut names: Vec<&str> = OPERATIONS.iter().map(|(o, _)| *o).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "an operation listed twice");
        assert_eq!(repeat_effect("delete_oldest_users"), Some(Unsafe));
        assert!(!Unsafe.repeatable() && AlreadyGone.repeatable());
    }
}

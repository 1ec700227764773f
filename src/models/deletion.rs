//! What a delete did, including when its answer was lost.

use serde::Serialize;

use super::User;

/// How a delete ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeleteOutcome {
    /// The service answered: this call deleted it.
    Deleted,
    /// An earlier attempt of this call got no answer and the repeat found
    /// nothing: as far as the client can know, this call deleted it and the
    /// answer was lost (the service's description of the deleted entity is
    /// lost with it).
    AlreadyGone,
}

impl DeleteOutcome {
    /// `deleted` or `already_gone`.
    pub fn name(self) -> &'static str {
        match self {
            DeleteOutcome::Deleted => "deleted",
            DeleteOutcome::AlreadyGone => "already_gone",
        }
    }
}

/// The result of `delete_user`, `remove_contact` and `unblock_user`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Deletion {
    /// The username the call was about (the user deleted, the contact
    /// removed, the user unblocked), as given.
    pub username: String,
    /// The user as the service described it in its answer; `None` when the
    /// answer was lost ([`DeleteOutcome::AlreadyGone`]).
    pub user: Option<User>,
    /// How the delete ended.
    pub outcome: DeleteOutcome,
}

impl Deletion {
    /// True when the answer was lost and the repeat found nothing.
    pub fn already_gone(&self) -> bool {
        self.outcome == DeleteOutcome::AlreadyGone
    }
}

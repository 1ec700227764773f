//! User attributes (the service's user metadata).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::bulk::{Counted, Progress};
use crate::error::Error;

/// One user's attributes, as asked of [`crate::Client::users_attributes`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserAttributes {
    /// The username as asked.
    pub username: String,
    /// The attributes asked for that the user has (empty when none, or when
    /// the user does not exist).
    pub attributes: BTreeMap<String, String>,
}

/// One request's worth of [`crate::Client::users_attributes_stream`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AttributesBatch {
    /// The input index of the batch's first username.
    pub first_index: u64,
    /// How many input usernames the batch holds.
    pub count: usize,
    /// Each user's attributes, in input order (empty when the request failed).
    pub users: Vec<UserAttributes>,
    /// Why the request failed, if it did.
    pub error: Option<Error>,
    /// The whole operation's progress after this batch.
    pub progress: Progress,
}

impl Counted for AttributesBatch {
    fn counts(&self) -> (u64, u64) {
        match self.error {
            None => (self.count as u64, 0),
            Some(_) => (0, self.count as u64),
        }
    }
    fn set_progress(&mut self, p: Progress) {
        self.progress = p;
    }
}

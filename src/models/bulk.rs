//! What bulk operations hand back: one batch per request, the input items
//! that failed with their reasons, and the progress so far. One shape for
//! every bulk operation (registration, presence, attributes, push nicknames).

use std::time::Duration;

use serde::Serialize;

use crate::error::{Error, ErrorKind};

/// How far a bulk operation has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Input items handled so far (sent and answered, or refused before sending).
    pub done: u64,
    /// All the input items, when known in advance.
    pub total: Option<u64>,
    /// Items that succeeded (users created, names answered).
    pub succeeded: u64,
    /// Items that failed (each with its reason in its batch).
    pub failed: u64,
    /// Time since the operation started.
    pub elapsed: Duration,
}

impl Progress {
    /// `done / total`, when the total is known.
    pub fn fraction(&self) -> Option<f64> {
        self.total
            .filter(|t| *t > 0)
            .map(|t| self.done as f64 / t as f64)
    }
}

/// An input item a bulk operation did not do: which one, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemFailure {
    /// The username as given in the input.
    pub username: String,
    /// Position of the item in the input.
    pub index: usize,
    /// The kind of failure (`Conflict` for an existing user, ...).
    #[serde(serialize_with = "crate::models::ser_kind")]
    pub kind: ErrorKind,
    /// The service's reason, or the error that stopped the request.
    pub reason: String,
    /// True when the outcome is not known: the item's request got no
    /// answer at least once, so it may have taken effect (a user found
    /// existing that this import may have created; the client could not
    /// show that it did).
    pub uncertain: bool,
}

impl ItemFailure {
    /// The item at input `index`, failed because of `e`.
    pub(crate) fn of(username: impl Into<String>, index: u64, e: &Error) -> Self {
        ItemFailure {
            username: username.into(),
            index: index as usize,
            kind: e.kind(),
            reason: e.to_string(),
            uncertain: e.is_uncertain(),
        }
    }
}

/// One request's worth of a bulk operation, as it came back: the users
/// created by [`crate::Client::register_users_stream`] ([`RegisterBatch`]),
/// the presences of [`crate::Client::users_status_stream`]
/// ([`StatusBatch`]), the attributes of
/// [`crate::Client::users_attributes_stream`] ([`AttributesBatch`]).
///
/// Each of the batch's `count` input items is in `items` or in `failed`.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch<T> {
    /// The input index of the batch's first item.
    pub first_index: u64,
    /// How many input items the batch holds.
    pub count: usize,
    /// What the service did for the batch's items, in input order.
    pub items: Vec<T>,
    /// The input index of each of `items`, in the same order.
    pub indices: Vec<u64>,
    /// The items not done, each with its reason and input index, in input
    /// order.
    pub failed: Vec<ItemFailure>,
    /// Why the request failed as a whole, if it did (its items are then
    /// all in `failed`, with this reason).
    pub error: Option<Error>,
    /// The whole operation's progress after this batch.
    pub progress: Progress,
}

impl<T> Batch<T> {
    /// An empty batch of `count` input items from `first_index`.
    pub(crate) fn new(first_index: u64, count: usize) -> Self {
        Batch {
            first_index,
            count,
            items: Vec::with_capacity(count),
            indices: Vec::with_capacity(count),
            failed: Vec::new(),
            error: None,
            progress: Progress::default(),
        }
    }

    /// A batch of `names` (from input index `first_index`) whose request
    /// failed as a whole with `e`: every item failed with it.
    pub(crate) fn failed_with<'a>(
        first_index: u64,
        names: impl ExactSizeIterator<Item = &'a str>,
        e: Error,
    ) -> Self {
        let mut b = Batch::new(first_index, names.len());
        b.failed = names
            .enumerate()
            .map(|(i, n)| ItemFailure::of(n, first_index + i as u64, &e))
            .collect();
        b.error = Some(e);
        b
    }

    /// Adds the item at input `index` as done.
    pub(crate) fn push(&mut self, index: u64, item: T) {
        self.indices.push(index);
        self.items.push(item);
    }

    /// Items of the batch that succeeded and failed.
    pub(crate) fn counts(&self) -> (u64, u64) {
        (self.items.len() as u64, self.failed.len() as u64)
    }
}

/// A batch of [`crate::Client::register_users_stream`]: the users created.
pub type RegisterBatch = Batch<crate::models::User>;
/// A batch of [`crate::Client::users_status_stream`]: the presences answered.
pub type StatusBatch = Batch<crate::models::UserPresence>;
/// A batch of [`crate::Client::users_attributes_stream`]: the users' attributes.
pub type AttributesBatch = Batch<crate::models::UserAttributes>;

/// Everything a bulk operation's batches held, in input order, once it ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Collected<T> {
    /// Every item done, in input order.
    pub items: Vec<T>,
    /// Every item not done, with its reason, in input order.
    pub failed: Vec<ItemFailure>,
    /// The first request that failed as a whole, if any (its items are in
    /// `failed`).
    pub request_error: Option<Error>,
    /// The input source's failure, if it failed (the items read before it
    /// were done or failed as usual; nothing after it was read).
    pub source_error: Option<Error>,
}

impl<T> Default for Collected<T> {
    fn default() -> Self {
        Collected {
            items: Vec::new(),
            failed: Vec::new(),
            request_error: None,
            source_error: None,
        }
    }
}

impl<T> Collected<T> {
    /// The first error of the operation: a failed request's, else the
    /// source's.
    pub fn first_error(&self) -> Option<&Error> {
        self.request_error.as_ref().or(self.source_error.as_ref())
    }

    /// A list-in, list-out call's answer: the items, or the first error
    /// with the items answered kept on it ([`Error::partial`]).
    pub(crate) fn into_result(
        self,
        partial: fn(Vec<T>) -> crate::Partial,
    ) -> crate::Result<Vec<T>> {
        match self.request_error.or(self.source_error) {
            None => Ok(self.items),
            Some(e) => Err(e.with_partial(partial(self.items))),
        }
    }
}

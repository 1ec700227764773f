//! Bulk operations from Kotlin and Swift: lazy sources implemented on the
//! foreign side (`UserSource`, `NameSource`: a Kotlin `Sequence` or `Flow`, a
//! Swift `AsyncSequence`, through the hand-written helpers), results pulled a
//! batch at a time (`RegisterBatches`, `StatusBatches`: a Flow, an
//! AsyncSequence), progress as a foreign callback. The core does the work.

use std::sync::Arc;

use chat_platform as core;
use futures_util::stream::{self, BoxStream, StreamExt};

use crate::client::guarded;
use crate::error::{ChatPlatformError, ErrorDetails};
use crate::records::{NewUser, User, UserAttributes, UserPresence};

/// Why a foreign source could not give more items (it threw).
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum SourceError {
    /// The source failed; `reason` says why.
    #[error("{reason}")]
    Failed {
        /// What went wrong, as the source said.
        reason: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for SourceError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        SourceError::Failed { reason: e.reason }
    }
}

/// A lazy source of users to register, implemented in Kotlin or Swift
/// (`Sequence.asUserSource()`, `Flow.asUserSource()`, `AsyncSequence`).
#[uniffi::export(with_foreign)]
#[async_trait::async_trait]
pub trait UserSource: Send + Sync {
    /// The next users (any number; up to 60 fills one request), or null at
    /// the end. Throwing ends the operation after the requests already
    /// started.
    async fn next_users(&self) -> Result<Option<Vec<Arc<NewUser>>>, SourceError>;
}

/// A lazy source of usernames, implemented in Kotlin or Swift.
#[uniffi::export(with_foreign)]
#[async_trait::async_trait]
pub trait NameSource: Send + Sync {
    /// The next usernames (any number; up to 100 fills one request), or
    /// null at the end. Throwing ends the operation after the requests
    /// already started.
    async fn next_names(&self) -> Result<Option<Vec<String>>, SourceError>;
}

/// Receives the progress of a bulk operation after each batch (called on
/// the library's threads; return quickly).
#[uniffi::export(with_foreign)]
pub trait ProgressSink: Send + Sync {
    /// The progress so far.
    fn progress(&self, progress: BulkProgress);
}

/// How far a bulk operation has got (`BulkProgress`, not `Progress`: Swift's
/// Foundation has one). Counts are signed (`Long`, `Int64`) so that Java can
/// read them too, as `ItemFailure.index` is.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct BulkProgress {
    /// Input items handled so far.
    pub done: i64,
    /// All the input items, when known.
    pub total: Option<i64>,
    /// Items that succeeded (users created, names answered).
    pub succeeded: i64,
    /// Items that failed.
    pub failed: i64,
    /// Milliseconds since the operation started.
    pub elapsed_ms: i64,
}

/// A count as a signed number (no bulk call counts past 2^63).
fn signed(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl From<core::Progress> for BulkProgress {
    fn from(p: core::Progress) -> Self {
        BulkProgress {
            done: signed(p.done),
            total: p.total.map(signed),
            succeeded: signed(p.succeeded),
            failed: signed(p.failed),
            elapsed_ms: signed(p.elapsed.as_millis() as u64),
        }
    }
}

/// Declares the batch of one bulk operation (the core's one `Batch`, its
/// items under the name this kind of item goes by) and the object its
/// batches are pulled from (a Kotlin Flow, a Swift AsyncSequence).
macro_rules! batch_kind {
    (
        $doc:literal, $name:ident { $items:ident: $ffi:ty = $core:ty, $itemdoc:literal },
        $batches:ident, $batchesdoc:literal
    ) => {
        #[doc = $doc]
        #[derive(Debug, Clone, PartialEq, uniffi::Record)]
        pub struct $name {
            /// The input index of the batch's first item.
            pub first_index: i64,
            /// How many input items the batch holds.
            pub count: i32,
            #[doc = $itemdoc]
            pub $items: Vec<$ffi>,
            /// The items not done, each with its reason and input index.
            pub failed: Vec<ItemFailure>,
            /// Why the request failed as a whole, if it did (its items are
            /// then all in `failed`).
            pub error: Option<ErrorDetails>,
            /// The whole operation's progress after this batch.
            pub progress: BulkProgress,
        }

        impl From<core::Batch<$core>> for $name {
            fn from(b: core::Batch<$core>) -> Self {
                $name {
                    first_index: signed(b.first_index),
                    count: i32::try_from(b.count).unwrap_or(i32::MAX),
                    $items: b.items.into_iter().map(<$ffi>::from).collect(),
                    failed: b.failed.into_iter().map(ItemFailure::from).collect(),
                    error: b.error.map(|e| ChatPlatformError::from(e).details()),
                    progress: b.progress.into(),
                }
            }
        }

        #[doc = $batchesdoc]
        #[derive(uniffi::Object)]
        pub struct $batches(
            Arc<tokio::sync::Mutex<BoxStream<'static, core::Result<core::Batch<$core>>>>>,
        );

        impl $batches {
            pub(crate) fn new(
                s: impl futures_util::Stream<Item = core::Result<core::Batch<$core>>>
                    + Send
                    + 'static,
            ) -> Arc<Self> {
                Arc::new($batches(Arc::new(tokio::sync::Mutex::new(s.boxed()))))
            }
        }

        #[uniffi::export]
        impl $batches {
            /// The next batch, or null at the end; the source's failure is
            /// thrown after the batches already started.
            pub async fn next(&self) -> Result<Option<$name>, ChatPlatformError> {
                let s = self.0.clone();
                guarded(async move { s.lock().await.next().await.transpose() })
                    .await
                    .map(|b| b.map($name::from))
            }
        }
    };
}

batch_kind!(
    "One request's worth of a bulk registration, as it came back.",
    RegisterBatch { created: User = core::User, "Users created, in input order." },
    RegisterBatches,
    "The batches of a bulk registration, pulled one at a time (Kotlin's `registerUsersFlow`, Swift's `registerUsers(from:)` are built on it)."
);
batch_kind!(
    "One request's worth of a bulk presence query, as it came back.",
    StatusBatch { presences: UserPresence = core::UserPresence, "Their presence, in input order." },
    StatusBatches,
    "The batches of a bulk presence query, pulled one at a time."
);
batch_kind!(
    "One request's worth of a bulk attribute query, as it came back.",
    AttributesBatch { users: UserAttributes = core::UserAttributes, "Each user's attributes, in input order." },
    AttributesBatches,
    "The batches of a bulk attribute query, pulled one at a time."
);

fn source_error(op: &'static str, e: SourceError) -> core::Error {
    core::Error::source_failed(op, e)
}

/// The users of a foreign source, a chunk at a time; its error ends them.
pub(crate) fn users_of(
    source: Arc<dyn UserSource>,
) -> BoxStream<'static, core::Result<core::NewUser>> {
    stream::unfold(Some(source), |s| async move {
        let src = s?;
        match src.next_users().await {
            Ok(Some(users)) => {
                let items: Vec<core::Result<core::NewUser>> =
                    users.iter().map(|u| Ok(u.inner.clone())).collect();
                Some((stream::iter(items), Some(src)))
            }
            Ok(None) => None,
            Err(e) => Some((
                stream::iter(vec![Err(source_error("register_users", e))]),
                None,
            )),
        }
    })
    .flatten()
    .boxed()
}

pub(crate) fn names_of(
    op: &'static str,
    source: Arc<dyn NameSource>,
) -> BoxStream<'static, core::Result<String>> {
    stream::unfold(Some(source), move |s| async move {
        let src = s?;
        match src.next_names().await {
            Ok(Some(names)) => Some((
                stream::iter(names.into_iter().map(Ok).collect::<Vec<_>>()),
                Some(src),
            )),
            Ok(None) => None,
            Err(e) => Some((stream::iter(vec![Err(source_error(op, e))]), None)),
        }
    })
    .flatten()
    .boxed()
}

/// The core's progress callback for a foreign `ProgressSink`. A sink that
/// throws (UniFFI turns that into a panic here) must not abort the work, whose
/// requests in flight would go unreported: it is logged once as a warning and
/// not called again. (Kotlin's `registerUsers(list) { }` catches the lambda's
/// exception itself and throws it, with the report, once the work is done.)
pub(crate) fn progress_fn(
    mut sink: Option<Arc<dyn ProgressSink>>,
) -> impl FnMut(&core::Progress) + Send {
    move |p: &core::Progress| {
        let Some(s) = &sink else { return };
        let call =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| s.progress((*p).into())));
        if let Err(panic) = call {
            tracing::warn!(
                "the progress sink failed and is not called again (the work goes on): {}",
                chat_platform_support::panic_message(panic.as_ref())
            );
            sink = None;
        }
    }
}

/// An input item a bulk operation did not do (a user not registered, a
/// push nickname not set, a name whose request failed), and why.
/// (`RegisterFailure` and `PushNicknameFailure` name it too.)
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ItemFailure {
    /// The username as given.
    pub username: String,
    /// Its position in the input.
    pub index: i64,
    /// The error code (`CONFLICT` for an existing user, `NOT_FOUND`, ...).
    pub kind: String,
    /// The service's reason, or the error that stopped the request.
    pub reason: String,
    /// True when the outcome is unknown: the item's request got no answer at
    /// least once, so it may have taken effect (a user found existing that
    /// this import may have created).
    pub uncertain: bool,
}

impl From<core::ItemFailure> for ItemFailure {
    fn from(f: core::ItemFailure) -> Self {
        ItemFailure {
            username: f.username,
            index: f.index as i64,
            kind: f.kind.code().to_owned(),
            reason: f.reason,
            uncertain: f.uncertain,
        }
    }
}

//! The objects a paged list is pulled from, a page at a time (the core's one
//! `Pager`).

use std::sync::Arc;

use chat_platform as core;

use crate::client::guarded;
use crate::error::ChatPlatformError;
use crate::records::User;
use crate::records::{Contact, MuteEntry};

/// Declares the object a paged list is pulled from, a page at a time (the
/// core's one `Pager`); Kotlin's `iter*` Flows and Swift's `iter*`
/// AsyncSequences are built on it (one `pagedFlow`, one `PagedSequence`).
macro_rules! pager {
    ($doc:literal, $name:ident, $core:ty => $ffi:ty) => {
        #[doc = $doc]
        #[derive(uniffi::Object)]
        pub struct $name(Arc<tokio::sync::Mutex<core::Pager<$core>>>);

        impl $name {
            pub(crate) fn new(pager: core::Pager<$core>) -> Arc<Self> {
                Arc::new($name(Arc::new(tokio::sync::Mutex::new(pager))))
            }
        }

        #[uniffi::export]
        impl $name {
            /// The next page, or null after the last one.
            pub async fn next_page(&self) -> Result<Option<Vec<$ffi>>, ChatPlatformError> {
                let pager = self.0.clone();
                let page = guarded(async move { pager.lock().await.next_page().await }).await?;
                Ok(page.map(|p| p.into_iter().map(<$ffi>::from).collect()))
            }
        }
    };
}

pager!("Pages through every user.", UserPager, core::User => User);
pager!("Pages through every muted user (one entry per chat type).", MutePager, core::MuteEntry => MuteEntry);
pager!("Pages through a user's contacts, with remarks.", ContactPager, core::Contact => Contact);

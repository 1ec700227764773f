//! Walking every user, one page in memory at a time.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::User;
use crate::validate;

/// Fetches pages of users one after another, following cursors.
pub struct UserPager {
    client: Client,
    page_size: u32,
    cursor: Option<String>,
    started: bool,
    done: bool,
}

impl fmt::Debug for UserPager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserPager")
            .field("page_size", &self.page_size)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl UserPager {
    /// The next page, or `None` after the last one. After an error the pager
    /// is finished (call again to get `None`).
    pub async fn next_page(&mut self) -> Result<Option<Vec<User>>> {
        if self.done {
            return Ok(None);
        }
        let result = self
            .client
            .list_users(Some(self.page_size), self.cursor.as_deref())
            .await;
        let page = match result {
            Ok(p) => p,
            Err(e) => {
                self.done = true;
                return Err(e.with_operation("iter_users"));
            }
        };
        if self.started && page.cursor.is_some() && page.cursor == self.cursor {
            self.done = true;
            return Err(Error::decode("the service returned the same cursor twice")
                .with_operation("iter_users"));
        }
        self.started = true;
        self.done = page.cursor.is_none();
        self.cursor = page.cursor;
        Ok(Some(page.users))
    }

    /// True once the last page was returned (or an error ended paging).
    pub fn is_done(&self) -> bool {
        self.done
    }
}

/// A stream of every user, paging lazily. Ends after the last page, or after
/// yielding one error; once ended it keeps returning `None`.
pub struct UserStream {
    inner: Pin<Box<dyn Stream<Item = Result<User>> + Send>>,
}

impl fmt::Debug for UserStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UserStream")
    }
}

impl Stream for UserStream {
    type Item = Result<User>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl Client {
    /// A pager over all users, `page_size` (1-100) per request.
    pub fn pages(&self, page_size: u32) -> Result<UserPager> {
        validate::limit("page_size", page_size).map_err(|e| e.with_operation("iter_users"))?;
        Ok(UserPager {
            client: self.clone(),
            page_size,
            cursor: None,
            started: false,
            done: false,
        })
    }

    /// Every user as a stream, fetched `page_size` (1-100) at a time; only
    /// one page is held in memory.
    pub fn iter_users(&self, page_size: u32) -> Result<UserStream> {
        let pager = self.pages(page_size)?;
        let s = stream::unfold(
            (pager, VecDeque::new()),
            |(mut pager, mut buf)| async move {
                loop {
                    if let Some(u) = buf.pop_front() {
                        return Some((Ok(u), (pager, buf)));
                    }
                    match pager.next_page().await {
                        Ok(Some(users)) => buf.extend(users),
                        Ok(None) => return None,
                        Err(e) => return Some((Err(e), (pager, buf))),
                    }
                }
            },
        );
        // Fused: polling again after the end (or after an error) keeps answering None.
        Ok(UserStream {
            inner: Box::pin(s.fuse()),
        })
    }
}

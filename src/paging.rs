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

/// One page's fetch, and the fetch of the page after it.
struct Step<T>(Box<dyn FnOnce() -> futures_util::future::BoxFuture<'static, PageResult<T>> + Send>);

type PageResult<T> = Result<(Vec<T>, Option<Step<T>>)>;

fn step<T, K, F, Fut>(fetch: std::sync::Arc<F>, key: K) -> Step<T>
where
    T: Send + 'static,
    K: Send + 'static,
    F: Fn(K) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<K>)>> + Send + 'static,
{
    Step(Box::new(move || {
        Box::pin(async move {
            let (items, next) = fetch(key).await?;
            Ok((items, next.map(|k| step(fetch, k))))
        })
    }))
}

/// Fetches pages of items one after another (muted users, contacts): the
/// pager behind the `iter_*` streams, for callers that want whole pages.
pub struct Pager<T> {
    next: Option<Step<T>>,
}

impl<T> fmt::Debug for Pager<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pager")
            .field("done", &self.next.is_none())
            .finish()
    }
}

impl<T: Send + 'static> Pager<T> {
    /// A pager starting at `first`; `fetch` gets a page's key and returns its
    /// items and the next page's key (`None` after the last page).
    pub(crate) fn new<K, F, Fut>(first: K, fetch: F) -> Self
    where
        K: Send + 'static,
        F: Fn(K) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<(Vec<T>, Option<K>)>> + Send + 'static,
    {
        Pager {
            next: Some(step(std::sync::Arc::new(fetch), first)),
        }
    }

    /// The next page, or `None` after the last one. After an error the pager
    /// is finished.
    pub async fn next_page(&mut self) -> Result<Option<Vec<T>>> {
        let Some(Step(fetch)) = self.next.take() else {
            return Ok(None);
        };
        let (items, next) = fetch().await?;
        self.next = next;
        Ok(Some(items))
    }

    /// True once the last page was returned (or an error ended paging).
    pub fn is_done(&self) -> bool {
        self.next.is_none()
    }

    /// The items of every page as a stream, one page held at a time.
    pub fn into_stream(self) -> ItemStream<T> {
        let s = stream::unfold((self, VecDeque::new()), |(mut pager, mut buf)| async move {
            loop {
                if let Some(item) = buf.pop_front() {
                    return Some((Ok(item), (pager, buf)));
                }
                match pager.next_page().await {
                    Ok(Some(items)) => buf.extend(items),
                    Ok(None) => return None,
                    Err(e) => return Some((Err(e), (pager, buf))),
                }
            }
        });
        ItemStream {
            inner: Box::pin(s.fuse()),
        }
    }
}

/// A stream of items paged lazily (muted users, contacts). Ends after the
/// last page, or after yielding one error.
pub struct ItemStream<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T>> + Send>>,
}

impl<T> fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ItemStream")
    }
}

impl<T> Stream for ItemStream<T> {
    type Item = Result<T>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

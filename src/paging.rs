//! Walking a paged list (users, muted users, contacts), one page in memory
//! at a time: one pager and one stream for every list.

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

impl Client {
    /// A pager over all users, `page_size` (1-100) per request.
    pub fn pages(&self, page_size: u32) -> Result<UserPager> {
        const OP: &str = "iter_users";
        validate::limit("page_size", page_size).map_err(|e| e.with_operation(OP))?;
        let client = self.clone();
        Ok(Pager::by_cursor(OP, move |cursor| {
            let client = client.clone();
            async move {
                let page = client
                    .list_users(Some(page_size), cursor.as_deref())
                    .await?;
                Ok((page.users, page.cursor))
            }
        }))
    }

    /// Every user as a stream, fetched `page_size` (1-100) at a time; only
    /// one page is held in memory.
    pub fn iter_users(&self, page_size: u32) -> Result<UserStream> {
        self.pages(page_size).map(Pager::into_stream)
    }
}

/// The pager of every user ([`Client::pages`]).
pub type UserPager = Pager<User>;
/// Every user, paged lazily ([`Client::iter_users`]).
pub type UserStream = ItemStream<User>;

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

/// Fetches pages of items one after another (users, muted users,
/// contacts): the one pager behind every `iter_*` stream, for callers that
/// want whole pages.
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

    /// A pager over a list paged by cursor, starting without one: `fetch`
    /// gets a page's cursor and returns its items and the next page's
    /// cursor (`None` after the last page). A cursor the service hands back
    /// twice in a row ends paging with a decode error rather than looping.
    /// Errors name `op`.
    pub(crate) fn by_cursor<F, Fut>(op: &'static str, fetch: F) -> Self
    where
        F: Fn(Option<String>) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<(Vec<T>, Option<String>)>> + Send + 'static,
    {
        let fetch = std::sync::Arc::new(fetch);
        Pager::new(None::<String>, move |cursor: Option<String>| {
            let page = fetch(cursor.clone());
            async move {
                let (items, next) = page.await.map_err(|e| e.with_operation(op))?;
                if next.is_some() && next == cursor {
                    return Err(Error::decode("the service returned the same cursor twice")
                        .with_operation(op));
                }
                Ok((items, next.map(Some)))
            }
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_cursor_handed_back_twice_ends_paging_with_an_error() {
        // Pages "a" then "b"; the page at "b" hands back "b" again.
        let pager = Pager::by_cursor("iter_users", |cursor: Option<String>| async move {
            Ok(match cursor.as_deref() {
                None => (vec![1], Some("a".to_string())),
                Some("a") => (vec![2], Some("b".to_string())),
                _ => (vec![3], Some("b".to_string())),
            })
        });
        let items: Vec<Result<i32>> = pager.into_stream().collect().await;
        assert_eq!(items.len(), 3, "{items:?}");
        assert_eq!(items[0].as_ref().unwrap(), &1);
        assert_eq!(items[1].as_ref().unwrap(), &2);
        let e = items[2].as_ref().unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Decode);
        assert_eq!(e.operation(), Some("iter_users"));
        assert!(e.to_string().contains("the same cursor twice"), "{e}");
    }

    #[tokio::test]
    async fn the_last_page_ends_the_stream() {
        let pager = Pager::by_cursor("iter_contacts", |cursor: Option<String>| async move {
            Ok(match cursor {
                None => (vec!["x"], Some("next".to_string())),
                Some(_) => (vec!["y", "z"], None),
            })
        });
        let items: Vec<&str> = pager.into_stream().map(|r| r.unwrap()).collect().await;
        assert_eq!(items, vec!["x", "y", "z"]);
    }
}

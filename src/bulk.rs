//! Streaming bulk work: a lazy input cut into request-sized chunks, each sent
//! as it is ready, as many in flight as the budget says, results handed back
//! as they arrive with the progress so far.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use futures_core::Stream;
use futures_util::stream::{FuturesUnordered, StreamExt};
use tokio_util::task::AbortOnDropHandle;

use crate::budget::{self, EndpointGroup};
use crate::client::Client;
use crate::error::Result;
use crate::models::{Batch, Collected, Progress};

/// How many batch requests of `group` a pipeline of `client` may have in
/// flight, asked again as the measured round trip changes.
pub(crate) fn in_flight_limit(
    client: &Client,
    group: EndpointGroup,
) -> impl Fn() -> usize + Send + 'static {
    let c = client.clone();
    move || {
        budget::in_flight(
            c.inner.budget.as_ref(),
            c.inner.config.batch_concurrency,
            group,
        )
    }
}

impl Client {
    /// The bulk pipeline of endpoint `group`: `input` in requests of `size`,
    /// as many in flight as the budget says, each request's batch made by
    /// `send` (given a clone of this client, the input index of the chunk's
    /// first item, and the chunk).
    pub(crate) fn pipeline<S, I, T, Fut>(
        &self,
        input: S,
        size: usize,
        total: Option<u64>,
        group: EndpointGroup,
        send: impl Fn(Client, u64, Vec<I>) -> Fut + Send + 'static,
    ) -> Pipeline<S, I, T>
    where
        S: Stream<Item = Result<I>> + Send,
        Fut: Future<Output = Batch<T>> + Send + 'static,
    {
        let client = self.clone();
        Pipeline::new(
            Chunks::new(input, size),
            total,
            self.inner.clock.clone(),
            in_flight_limit(self, group),
            move |first, chunk| Box::pin(send(client.clone(), first, chunk)),
        )
    }
}

/// A chunk of input: the input index of its first item, and the items.
type Chunk<T> = (u64, Vec<T>);

/// A boxed, sendable future.
pub(crate) type Job<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// Runs `job` as a task of the current tokio runtime, so that it goes on
/// while the caller is not polling the pipeline (awaiting another call of the
/// same client between batches: a request left unpolled would hold its turn
/// in the budget's queue, or the token fetch, and that call would wait for it
/// forever). Its first step runs here, inline, so that the requests take
/// their turns in the order they are sent. Aborted when dropped. Outside a
/// runtime the job runs inline, as before.
fn detach<R: Send + 'static>(mut job: Job<R>, cx: &mut Context<'_>) -> Job<R> {
    let Ok(rt) = tokio::runtime::Handle::try_current() else {
        return job;
    };
    match job.as_mut().poll(cx) {
        Poll::Ready(r) => Box::pin(std::future::ready(r)),
        Poll::Pending => Box::pin(Detached(AbortOnDropHandle::new(rt.spawn(job)))),
    }
}

/// A spawned job, aborted when its pipeline drops it (a dropped stream
/// sends nothing more).
struct Detached<R>(AbortOnDropHandle<R>);

impl<R> Future for Detached<R> {
    type Output = R;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        match Pin::new(&mut self.0).poll(cx) {
            Poll::Ready(Ok(r)) => Poll::Ready(r),
            // The job panicked: as it would have inline.
            Poll::Ready(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            // Aborted: only on drop, so never seen here.
            Poll::Ready(Err(_)) | Poll::Pending => Poll::Pending,
        }
    }
}

/// Reads `input` in chunks of `size`: each chunk with the input index of its
/// first item. An input error ends the chunks after the items before it: the
/// error comes last.
pub(crate) struct Chunks<S, T> {
    input: Option<Pin<Box<S>>>,
    size: usize,
    next_index: u64,
    buf: Vec<T>,
    failed: Option<crate::Error>,
}

impl<S, T> Chunks<S, T>
where
    S: Stream<Item = Result<T>> + Send,
{
    pub(crate) fn new(input: S, size: usize) -> Self {
        Chunks {
            input: Some(Box::pin(input)),
            size,
            next_index: 0,
            buf: Vec::with_capacity(size),
            failed: None,
        }
    }

    /// The next full (or last) chunk: `Some(Ok((first_index, items)))`,
    /// then `Some(Err(e))` if the input failed, then `None`.
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Chunk<T>>>> {
        loop {
            let Some(input) = self.input.as_mut() else {
                if !self.buf.is_empty() {
                    return Poll::Ready(Some(Ok(self.take())));
                }
                return Poll::Ready(self.failed.take().map(Err));
            };
            match input.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(item))) => {
                    self.buf.push(item);
                    if self.buf.len() >= self.size {
                        return Poll::Ready(Some(Ok(self.take())));
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    self.failed = Some(e);
                    self.input = None;
                }
                Poll::Ready(None) => self.input = None,
            }
        }
    }

    fn take(&mut self) -> Chunk<T> {
        let first = self.next_index;
        let items = std::mem::replace(&mut self.buf, Vec::with_capacity(self.size));
        self.next_index += items.len() as u64;
        (first, items)
    }
}

/// Sends one chunk (its first input index, its items) as one request.
type Sender<I, T> = Box<dyn Fn(u64, Vec<I>) -> Job<Batch<T>> + Send>;

/// The pipeline: chunks from the input, one request each (`send`), at most
/// `limit()` in flight (asked again as requests finish), results in
/// completion order with the progress so far. An input error is yielded after
/// every request already started has been.
pub(crate) struct Pipeline<S, I, T> {
    chunks: Chunks<S, I>,
    send: Sender<I, T>,
    limit: Box<dyn Fn() -> usize + Send>,
    running: FuturesUnordered<Job<Batch<T>>>,
    input_done: bool,
    input_error: Option<crate::Error>,
    progress: Progress,
    started: Instant,
    clock: std::sync::Arc<dyn crate::clock::Clock>,
}

impl<S, I, T> Pipeline<S, I, T>
where
    S: Stream<Item = Result<I>> + Send,
{
    pub(crate) fn new(
        chunks: Chunks<S, I>,
        total: Option<u64>,
        clock: std::sync::Arc<dyn crate::clock::Clock>,
        limit: impl Fn() -> usize + Send + 'static,
        send: impl Fn(u64, Vec<I>) -> Job<Batch<T>> + Send + 'static,
    ) -> Self {
        Pipeline {
            chunks,
            send: Box::new(send),
            limit: Box::new(limit),
            running: FuturesUnordered::new(),
            input_done: false,
            input_error: None,
            progress: Progress {
                total,
                ..Progress::default()
            },
            started: clock.now(),
            clock,
        }
    }
}

impl<S, I, T> Stream for Pipeline<S, I, T>
where
    S: Stream<Item = Result<I>> + Send,
    I: Unpin,
    T: Send + 'static,
{
    type Item = Result<Batch<T>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Every field is Unpin (the input is boxed), so the pipeline is too.
        let this = self.get_mut();
        while !this.input_done && this.running.len() < (this.limit)().max(1) {
            match this.chunks.poll_chunk(cx) {
                Poll::Pending => break,
                Poll::Ready(Some(Ok((first, items)))) => {
                    let job = (this.send)(first, items);
                    this.running.push(detach(job, cx));
                }
                Poll::Ready(Some(Err(e))) => {
                    this.input_error = Some(e);
                    this.input_done = true;
                }
                Poll::Ready(None) => this.input_done = true,
            }
        }
        match this.running.poll_next_unpin(cx) {
            Poll::Ready(Some(mut r)) => {
                let (ok, failed) = r.counts();
                let p = &mut this.progress;
                p.done += ok + failed;
                p.succeeded += ok;
                p.failed += failed;
                p.elapsed = this.clock.now().saturating_duration_since(this.started);
                r.progress = *p;
                // A finished request frees a slot: make sure the input is polled again.
                cx.waker().wake_by_ref();
                Poll::Ready(Some(Ok(r)))
            }
            Poll::Ready(None) if this.input_done => Poll::Ready(this.input_error.take().map(Err)),
            _ => Poll::Pending,
        }
    }
}

/// The batch of `names` (from input index `first`) whose request answered
/// `result`: one item per name, in order, or every name failed with the
/// request's error.
pub(crate) fn answered<T>(first: u64, names: &[String], result: Result<Vec<T>>) -> Batch<T> {
    match result {
        Ok(items) => {
            let mut b = Batch::new(first, names.len());
            b.indices = (first..first + items.len() as u64).collect();
            b.items = items;
            b
        }
        Err(e) => Batch::failed_with(first, names.iter().map(String::as_str), e),
    }
}

/// A bulk call's way out (a binding's cancellation: an aborted signal):
/// when it resolves, the call stops at once, dropping the requests in flight
/// (nothing more is sent), and reports what was answered before.
pub type Stop = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Runs a bulk operation's batches to their end (or until `until`
/// resolves), calling `progress` after each: every item in input order,
/// done or failed, with the first failed request and the source's failure.
/// The one collector behind every list-in, report-out bulk call; nothing
/// answered is dropped.
pub(crate) async fn collect<T, S>(
    batches: S,
    mut progress: impl FnMut(&Progress) + Send,
    until: Option<Stop>,
) -> Collected<T>
where
    S: Stream<Item = Result<Batch<T>>>,
{
    let mut batches = Box::pin(batches);
    let mut until = until.unwrap_or_else(|| Box::pin(std::future::pending()));
    let mut answered: Vec<Batch<T>> = Vec::new();
    let mut out = Collected::default();
    loop {
        // `None`: stopped; the batches still running are dropped with the stream.
        let next = std::future::poll_fn(|cx| {
            if until.as_mut().poll(cx).is_ready() {
                return Poll::Ready(None);
            }
            batches.as_mut().poll_next(cx).map(Some)
        })
        .await;
        let Some(Some(item)) = next else { break };
        match item {
            Ok(mut b) => {
                progress(&b.progress);
                if let Some(e) = b.error.take() {
                    out.request_error.get_or_insert(e);
                }
                answered.push(b);
            }
            Err(e) => out.source_error = Some(e),
        }
    }
    // Each batch is a run of the input, its items and failures in input order.
    answered.sort_by_key(|b| b.first_index);
    for b in answered {
        out.items.extend(b.items);
        out.failed.extend(b.failed);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;
    use crate::models::ItemFailure;
    use futures_util::stream;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    /// Items ending in 7 fail, the rest are done (doubled).
    fn pipeline(
        input: Vec<Result<u32>>,
        limit: usize,
        peak: Arc<AtomicUsize>,
    ) -> Pipeline<impl Stream<Item = Result<u32>> + Send, u32, u32> {
        let running = Arc::new(AtomicUsize::new(0));
        let total = Some(input.len() as u64);
        Pipeline::new(
            Chunks::new(stream::iter(input), 3),
            total,
            Arc::new(SystemClock),
            move || limit,
            move |first, items| {
                let (running, peak) = (running.clone(), peak.clone());
                Box::pin(async move {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    // Later chunks of three answer sooner: completion order
                    // is not input order.
                    tokio::time::sleep(Duration::from_millis(5 * (3 - first % 3))).await;
                    running.fetch_sub(1, Ordering::SeqCst);
                    let mut b = Batch::new(first, items.len());
                    for (i, item) in items.into_iter().enumerate() {
                        let index = first + i as u64;
                        if item % 10 == 7 {
                            b.failed.push(ItemFailure {
                                username: item.to_string(),
                                index: index as usize,
                                kind: crate::ErrorKind::Conflict,
                                reason: "sevens fail".into(),
                                uncertain: false,
                            });
                        } else {
                            b.push(index, item * 2);
                        }
                    }
                    b
                })
            },
        )
    }

    #[tokio::test]
    async fn every_item_once_in_chunks_with_progress_and_bounded_in_flight() {
        let peak = Arc::new(AtomicUsize::new(0));
        let input: Vec<Result<u32>> = (0..20).map(Ok).collect();
        let out: Vec<Batch<u32>> = pipeline(input, 2, peak.clone())
            .map(|r| r.unwrap())
            .collect()
            .await;
        let mut seen: Vec<u64> = out
            .iter()
            .flat_map(|b| {
                b.indices
                    .iter()
                    .copied()
                    .chain(b.failed.iter().map(|f| f.index as u64))
            })
            .collect();
        seen.sort();
        assert_eq!(seen, (0..20).collect::<Vec<_>>());
        for b in &out {
            assert_eq!(b.first_index % 3, 0, "a chunk knows its input index");
        }
        assert_eq!(out.len(), 7, "6 chunks of 3 and one of 2");
        assert!(
            peak.load(Ordering::SeqCst) <= 2,
            "in flight bounded by the limit"
        );
        let last = out.last().unwrap().progress;
        assert_eq!(
            (last.done, last.total, last.succeeded, last.failed),
            (20, Some(20), 18, 2)
        );
        assert!(out
            .windows(2)
            .all(|w| w[0].progress.done < w[1].progress.done));
    }

    #[tokio::test]
    async fn the_collector_puts_every_item_back_in_input_order() {
        let peak = Arc::new(AtomicUsize::new(0));
        let input: Vec<Result<u32>> = (0..20).map(Ok).collect();
        let mut calls = 0;
        let c = collect(pipeline(input, 4, peak), |_| calls += 1, None).await;
        let expected: Vec<u32> = (0..20).filter(|i| i % 10 != 7).map(|i| i * 2).collect();
        assert_eq!(c.items, expected);
        let failed: Vec<usize> = c.failed.iter().map(|f| f.index).collect();
        assert_eq!(failed, vec![7, 17]);
        assert_eq!(calls, 7, "progress after each batch");
        assert!(c.request_error.is_none() && c.source_error.is_none());
    }

    #[tokio::test]
    async fn an_input_error_comes_after_the_work_already_started() {
        let peak = Arc::new(AtomicUsize::new(0));
        let mut input: Vec<Result<u32>> = (0..8).map(Ok).collect();
        input.push(Err(crate::Error::config("the source broke")));
        input.push(Ok(99));
        let c = collect(pipeline(input, 4, peak), |_| {}, None).await;
        let done: Vec<u32> = c.items.iter().map(|i| i / 2).collect();
        assert_eq!(
            done,
            vec![0, 1, 2, 3, 4, 5, 6],
            "nothing lost, nothing after the error"
        );
        assert_eq!(c.failed.len(), 1, "7 failed");
        assert!(c.source_error.is_some());
    }

    #[tokio::test]
    async fn a_stopped_collector_keeps_what_was_answered_and_drops_the_rest() {
        // One request at a time: the first two chunks of three are answered
        // in 10 ms each, the third would take 10 s. Stopped at 100 ms, the
        // call ends then, the third dropped unanswered.
        struct Dropped(Arc<AtomicUsize>);
        impl Drop for Dropped {
            fn drop(&mut self) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        let dropped = Arc::new(AtomicUsize::new(0));
        let seen = dropped.clone();
        let batches = Pipeline::new(
            Chunks::new(stream::iter((0..30u32).map(Ok)), 3),
            Some(30),
            Arc::new(SystemClock),
            || 1,
            move |first, items| {
                let guard = Dropped(dropped.clone());
                Box::pin(async move {
                    let ms = if first < 6 { 10 } else { 10_000 };
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                    std::mem::forget(guard);
                    let mut b = Batch::new(first, items.len());
                    for (i, item) in items.into_iter().enumerate() {
                        b.push(first + i as u64, item);
                    }
                    b
                }) as Job<Batch<u32>>
            },
        );
        let started = std::time::Instant::now();
        let until: Stop = Box::pin(tokio::time::sleep(Duration::from_millis(100)));
        let c = collect(batches, |_| {}, Some(until)).await;
        let took = started.elapsed();
        assert_eq!(
            c.items,
            vec![0, 1, 2, 3, 4, 5],
            "the answered batches are kept"
        );
        assert!(c.failed.is_empty() && c.first_error().is_none());
        assert!(
            took < Duration::from_secs(5),
            "stopped at once, not after the request ({took:?})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(
            seen.load(Ordering::SeqCst),
            1,
            "the request in flight was dropped"
        );
    }
}

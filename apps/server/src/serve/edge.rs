//! The listener: accepts connections up to a cap, serves each with hyper's HTTP/1 and HTTP/2
//! connection builder and a timer, and closes connections that hold the server without
//! using it.
//!
//! - **Header-read timeout**: hyper's own HTTP/1 `header_read_timeout` bounds the wait for a
//!   request's head (and, in hyper 1.x, the wait for the next request on a keep-alive
//!   connection: its timer starts when hyper waits for a head, not at the head's first
//!   byte — so an idle HTTP/1 connection closes after the shorter of this and
//!   `keep_alive_idle`; `tests/e2e/tests/edge.rs` pins it). Before a connection's first request — while HTTP/1 or HTTP/2 is still being
//!   told apart, where hyper has no timer — the watchdog below gives it the same time to
//!   send its first request.
//! - **Keep-alive idle timeout**: the watchdog closes a connection with no request in flight
//!   once no byte has moved either way for `keep_alive_idle`.
//! - **Connection cap**: beyond `max_connections`, a new connection is accepted and closed at
//!   once, with a log line, so the kernel's backlog does not hide the overload.
//! - **Graceful shutdown**: once stopped, nothing new is accepted and every connection is
//!   asked to finish its in-flight requests; serving returns when the last has closed.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore};
use tokio::time::Instant;
use tower::{Service, ServiceExt};

/// How the listener treats connections.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EdgeLimits {
    /// Longest wait for a request's head (and for a new connection's first request).
    pub(crate) header_read_timeout: Duration,
    /// A connection with no request in flight closes after this long without a byte.
    pub(crate) keep_alive_idle: Duration,
    /// Most connections served at once.
    pub(crate) max_connections: usize,
}

impl EdgeLimits {
    /// The limits from the configuration.
    pub(crate) fn from_config(http: &frontdesk_config::HttpSettings) -> Self {
        Self {
            header_read_timeout: http.header_read_timeout,
            keep_alive_idle: http.keep_alive_idle,
            max_connections: http.max_connections,
        }
    }
}

/// Serves `app` on `listener` until `stop` completes, then lets open connections finish.
///
/// # Errors
/// None today: accept errors are logged and retried, as `axum::serve` does.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: EdgeLimits,
    stop: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(limits.keep_alive_idle / 2)
        .keep_alive_timeout(limits.header_read_timeout);
    let make = app.into_make_service_with_connect_info::<SocketAddr>();
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    accept_error(error).await;
                    continue;
                }
            },
        };
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            tracing::warn!(
                max_connections = limits.max_connections,
                "connection limit reached: closing a new connection at once"
            );
            drop(stream);
            continue;
        };
        let Ok(service) = make.clone().oneshot(peer).await;
        let activity = Arc::new(Activity::new());
        let service = TowerToHyperService::new(Tracked {
            inner: service,
            activity: Arc::clone(&activity),
        });
        let io = TokioIo::new(Watched {
            inner: stream,
            activity: Arc::clone(&activity),
        });
        let connection = builder
            .serve_connection_with_upgrades(io, service)
            .into_owned();
        let connection = graceful.watcher().watch(connection);
        tokio::spawn(async move {
            tokio::select! {
                served = connection => {
                    if let Err(error) = served {
                        tracing::debug!(error = %error, "connection ended with an error");
                    }
                }
                () = watchdog(&activity, limits) => {
                    tracing::debug!("closing a connection that sent nothing in time");
                }
            }
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Accept errors: a connection that failed before it was accepted is nothing; anything else
/// (out of file descriptors, most often) waits a moment before accepting again.
async fn accept_error(error: io::Error) {
    if matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(%error, "accepting a connection failed");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// Completes when the connection should close: before its first request, `header_read`
/// after it was accepted; later, with no request in flight, `keep_alive_idle` after the
/// last byte moved. It re-reads the state whenever a request begins or ends, so the first
/// request's end starts the idle clock at once (not when the header-read wait would have
/// ended).
async fn watchdog(activity: &Activity, limits: EdgeLimits) {
    loop {
        let now = Instant::now();
        let deadline = if activity.in_flight.load(Ordering::Acquire) > 0 {
            None
        } else if activity.started.load(Ordering::Acquire) {
            Some(activity.last_moved() + limits.keep_alive_idle)
        } else {
            Some(activity.accepted + limits.header_read_timeout)
        };
        // A request beginning or ending changes the deadline: wake for it too.
        let changed = activity.changed.notified();
        match deadline {
            Some(deadline) if deadline <= now => return,
            Some(deadline) => {
                tokio::select! {
                    () = tokio::time::sleep_until(deadline) => {}
                    () = changed => {}
                }
            }
            None => changed.await,
        }
    }
}

/// What a connection has been doing.
struct Activity {
    accepted: Instant,
    /// Milliseconds after `accepted` when a byte last moved.
    last_moved_ms: AtomicU64,
    started: AtomicBool,
    in_flight: AtomicUsize,
    /// Signalled when a request begins or ends (a stored permit if the watchdog is busy).
    changed: Notify,
}

impl Activity {
    fn new() -> Self {
        Self {
            accepted: Instant::now(),
            last_moved_ms: AtomicU64::new(0),
            started: AtomicBool::new(false),
            in_flight: AtomicUsize::new(0),
            changed: Notify::new(),
        }
    }

    fn moved(&self) {
        let elapsed = u64::try_from(self.accepted.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_moved_ms.fetch_max(elapsed, Ordering::AcqRel);
    }

    fn last_moved(&self) -> Instant {
        self.accepted + Duration::from_millis(self.last_moved_ms.load(Ordering::Acquire))
    }
}

/// Counts a request in flight from the call until its response future ends.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn begin(activity: &Arc<Activity>) -> Self {
        activity.started.store(true, Ordering::Release);
        activity.in_flight.fetch_add(1, Ordering::AcqRel);
        activity.changed.notify_one();
        Self(Arc::clone(activity))
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
        self.0.moved();
        self.0.changed.notify_one();
    }
}

/// The application's service, counting requests in flight on the connection.
#[derive(Clone)]
struct Tracked<S> {
    inner: S,
    activity: Arc<Activity>,
}

impl<S, R> Service<R> for Tracked<S>
where
    S: Service<R>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        let guard = InFlight::begin(&self.activity);
        let answer = self.inner.call(request);
        Box::pin(async move {
            let answer = answer.await;
            drop(guard);
            answer
        })
    }
}

/// The socket, noting when bytes move.
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.moved();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(written)) if written > 0) {
            self.activity.moved();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(written)) if written > 0) {
            self.activity.moved();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

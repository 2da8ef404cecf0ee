//! Test helpers: an in-process SMTP server and a header parser.
//!
//! [`SmtpSink`] listens on `127.0.0.1` on a free port and speaks enough real SMTP for any
//! client (lettre included): greeting, `EHLO`/`HELO`, `MAIL FROM`, `RCPT TO`, `DATA` with
//! dot-unstuffing, `RSET`, `NOOP` and `QUIT`. It records what it accepts and can be told to
//! fail or slow down while running.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

/// How the sink answers the end of `DATA`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DataReply {
    /// `250`: the message is recorded.
    #[default]
    Accept,
    /// `451`: try again later; nothing is recorded.
    TempFail,
    /// `550`: rejected for good; nothing is recorded.
    PermFail,
}

/// How the sink behaves; see [`SmtpSink::set_behaviour`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SinkBehaviour {
    /// The reply to the end of `DATA`.
    pub reply_to_data: DataReply,
    /// How long to wait before that reply.
    pub delay_per_message: Duration,
}

/// A message the sink accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMail {
    /// The `MAIL FROM` address (without angle brackets).
    pub mail_from: String,
    /// The `RCPT TO` addresses (without angle brackets).
    pub rcpt_to: Vec<String>,
    /// The message, dot-unstuffed, lines ending in CRLF, without the final `.` line.
    pub data: String,
    /// When the end of `DATA` arrived.
    pub received_at: Instant,
}

/// Largest message the sink takes (advertised with `SIZE`).
const MAX_SIZE: usize = 10 * 1024 * 1024;

struct Shared {
    behaviour: Mutex<SinkBehaviour>,
    received: Mutex<Vec<ReceivedMail>>,
    count: watch::Sender<usize>,
}

impl Shared {
    fn behaviour(&self) -> SinkBehaviour {
        *self
            .behaviour
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn received(&self) -> MutexGuard<'_, Vec<ReceivedMail>> {
        self.received.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// An SMTP server in the test process.
pub struct SmtpSink {
    address: SocketAddr,
    shared: Arc<Shared>,
    server: Mutex<Option<JoinHandle<()>>>,
}

impl std::fmt::Debug for SmtpSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSink")
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

impl SmtpSink {
    /// Starts a sink on `127.0.0.1` on a free port. Needs a tokio runtime.
    ///
    /// # Errors
    /// The I/O error when no port can be bound.
    pub async fn start(behaviour: SinkBehaviour) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared {
            behaviour: Mutex::new(behaviour),
            received: Mutex::new(Vec::new()),
            count: watch::Sender::new(0),
        });
        let server = tokio::spawn(serve(listener, Arc::clone(&shared)));
        Ok(Self {
            address,
            shared,
            server: Mutex::new(Some(server)),
        })
    }

    /// Where it listens.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// Changes how it answers from the next message on.
    pub fn set_behaviour(&self, behaviour: SinkBehaviour) {
        *self
            .shared
            .behaviour
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = behaviour;
    }

    /// Every message accepted so far, oldest first.
    pub fn received(&self) -> Vec<ReceivedMail> {
        self.shared.received().clone()
    }

    /// Waits until at least `count` messages were accepted or `timeout` passed, and returns
    /// every message accepted by then (check the length: it may be short on timeout).
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<ReceivedMail> {
        let mut changes = self.shared.count.subscribe();
        let _reached = tokio::time::timeout(timeout, changes.wait_for(|n| *n >= count)).await;
        self.received()
    }

    /// Stops listening and drops every open connection; connecting is then refused.
    pub async fn stop(&self) {
        let server = self
            .server
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(server) = server {
            server.abort();
            // Once the aborted task is gone its listener and connections are closed.
            let _cancelled = server.await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        if let Some(server) = self
            .server
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            server.abort();
        }
    }
}

async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    // Dropping the set (when this task is aborted) aborts every connection.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _peer)) = accepted {
                    // Replies are small; without this, Nagle's algorithm and delayed ACKs
                    // add ~40 ms to every command round trip on loopback.
                    let _ = stream.set_nodelay(true);
                    connections.spawn(session(stream, Arc::clone(&shared)));
                }
            }
            Some(_finished) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// One SMTP session. Any I/O error ends it.
async fn session(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    writer
        .write_all(b"220 frontdesk-sink ESMTP ready\r\n")
        .await?;
    let mut mail_from: Option<String> = None;
    let mut rcpt_to: Vec<String> = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let command = String::from_utf8_lossy(&line);
        let command = command.trim_end_matches(['\r', '\n']);
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let reply: String = match verb.as_str() {
            "EHLO" => format!(
                "250-frontdesk-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-PIPELINING\r\n250 SIZE {MAX_SIZE}\r\n"
            ),
            "HELO" => "250 frontdesk-sink\r\n".to_owned(),
            "MAIL" => match path_argument(command, "MAIL FROM:") {
                Some(address) => {
                    mail_from = Some(address);
                    rcpt_to.clear();
                    "250 2.1.0 OK\r\n".to_owned()
                }
                None => "501 5.5.4 Syntax: MAIL FROM:<address>\r\n".to_owned(),
            },
            "RCPT" => match (&mail_from, path_argument(command, "RCPT TO:")) {
                (None, _) => "503 5.5.1 MAIL first\r\n".to_owned(),
                (Some(_), Some(address)) => {
                    rcpt_to.push(address);
                    "250 2.1.5 OK\r\n".to_owned()
                }
                (Some(_), None) => "501 5.5.4 Syntax: RCPT TO:<address>\r\n".to_owned(),
            },
            "DATA" => match (&mail_from, rcpt_to.is_empty()) {
                (Some(from), false) => {
                    writer
                        .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                        .await?;
                    let data = read_data(&mut reader).await?;
                    let behaviour = shared.behaviour();
                    if !behaviour.delay_per_message.is_zero() {
                        tokio::time::sleep(behaviour.delay_per_message).await;
                    }
                    let reply = match (behaviour.reply_to_data, data) {
                        (_, None) => "552 5.3.4 Message too big\r\n",
                        (DataReply::TempFail, Some(_)) => {
                            "451 4.3.0 Temporary failure, try again later\r\n"
                        }
                        (DataReply::PermFail, Some(_)) => "550 5.7.1 Message rejected\r\n",
                        (DataReply::Accept, Some(data)) => {
                            let mail = ReceivedMail {
                                mail_from: from.clone(),
                                rcpt_to: std::mem::take(&mut rcpt_to),
                                data,
                                received_at: Instant::now(),
                            };
                            let count = {
                                let mut received = shared.received();
                                received.push(mail);
                                received.len()
                            };
                            shared.count.send_replace(count);
                            "250 2.0.0 OK queued\r\n"
                        }
                    };
                    mail_from = None;
                    rcpt_to.clear();
                    reply.to_owned()
                }
                (None, _) => "503 5.5.1 MAIL first\r\n".to_owned(),
                (Some(_), true) => "503 5.5.1 RCPT first\r\n".to_owned(),
            },
            "RSET" => {
                mail_from = None;
                rcpt_to.clear();
                "250 2.0.0 OK\r\n".to_owned()
            }
            "NOOP" => "250 2.0.0 OK\r\n".to_owned(),
            "QUIT" => {
                writer.write_all(b"221 2.0.0 Bye\r\n").await?;
                writer.shutdown().await?;
                return Ok(());
            }
            _ => "502 5.5.2 Command not implemented\r\n".to_owned(),
        };
        writer.write_all(reply.as_bytes()).await?;
    }
}

/// The address in `<...>` after `prefix` (case-insensitive), ignoring any parameters.
fn path_argument(command: &str, prefix: &str) -> Option<String> {
    let head = command.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = command[prefix.len()..].trim_start();
    let rest = rest.strip_prefix('<')?;
    let end = rest.find('>')?;
    Some(rest[..end].to_owned())
}

/// Reads the message after `354` up to the `.` line, dot-unstuffed. `None` when it was
/// larger than [`MAX_SIZE`] (it is still read to the end).
async fn read_data<R>(reader: &mut R) -> std::io::Result<Option<String>>
where
    R: tokio::io::AsyncBufRead + Unpin,
{
    let mut data = Vec::new();
    let mut too_big = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b".\r\n" || line == b".\n" {
            break;
        }
        let unstuffed = line.strip_prefix(b".").unwrap_or(&line);
        if data.len() + unstuffed.len() > MAX_SIZE {
            too_big = true;
        } else {
            data.extend_from_slice(unstuffed);
        }
    }
    Ok((!too_big).then(|| String::from_utf8_lossy(&data).into_owned()))
}

/// The header fields of the message `raw` (up to the first empty line), in order, with
/// folded lines unfolded. Values are trimmed; names keep their case.
pub fn parse_headers(raw: &str) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in raw.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push_str(line);
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim_start().to_owned()));
        }
    }
    for (_, value) in &mut headers {
        *value = value.trim().to_owned();
    }
    headers
}

/// The value of the first header `name` (case-insensitive) in `headers`.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

#[cfg(test)]
mod tests {
    use super::{parse_headers, path_argument};

    #[test]
    fn headers_are_unfolded_and_stop_at_the_body() {
        let raw = "Subject: a long\r\n subject\r\nTo: x@y.z\r\n\r\nNot: a header\r\n";
        assert_eq!(
            parse_headers(raw),
            vec![
                ("Subject".to_owned(), "a long subject".to_owned()),
                ("To".to_owned(), "x@y.z".to_owned()),
            ]
        );
    }

    #[test]
    fn paths_are_read_with_parameters_ignored() {
        assert_eq!(
            path_argument("MAIL FROM:<a@b.c> BODY=8BITMIME", "MAIL FROM:"),
            Some("a@b.c".to_owned())
        );
        assert_eq!(
            path_argument("mail from: <>", "MAIL FROM:"),
            Some(String::new())
        );
        assert_eq!(path_argument("RCPT TO:x", "RCPT TO:"), None);
    }
}

//! The transports: SMTP against the in-process sink, files, memory, and the raw message.

use std::time::Duration;

use frontdesk_kernel::{EmailAddress, PersonName};
use frontdesk_mail::test_support::{DataReply, SinkBehaviour, SmtpSink, header, parse_headers};
use frontdesk_mail::{
    FileTransport, MailSettings, MailTransportKind, MemoryTransport, SmtpConfig, SmtpSecurity,
    SmtpTransport, build_transport, render_raw,
};
use frontdesk_messaging::{Envelope, MailTransport, RenderedMail, TransportError};
use secrecy::SecretString;
use time::macros::datetime;

const WAIT: Duration = Duration::from_secs(5);

fn envelope() -> Envelope {
    Envelope {
        from: EmailAddress::parse("desk@acme.example").expect("valid address"),
        from_name: Some("Acme Ltd".to_owned()),
        to: EmailAddress::parse("jane@example.org").expect("valid address"),
        to_name: Some(PersonName::parse("Jane Doe").expect("valid name")),
        content: RenderedMail {
            subject: "Case C-1042: new activity".to_owned(),
            html: "<p>Status changed from <b>New</b> to <b>Open</b></p>".to_owned(),
            text: "Status changed from New to Open".to_owned(),
        },
        message_id: "0192d3f0-7c1e-7a00-8000-000000000001@acme.example".to_owned(),
        date: datetime!(2026-01-02 10:00:00 UTC),
        list_unsubscribe: Some("https://desk.example/u/fdu_sample".to_owned()),
    }
}

fn plain_smtp(sink: &SmtpSink) -> SmtpConfig {
    SmtpConfig::new("127.0.0.1", sink.port(), SmtpSecurity::Plain)
        .with_timeout(Duration::from_secs(5))
}

async fn sink(reply_to_data: DataReply) -> SmtpSink {
    SmtpSink::start(SinkBehaviour {
        reply_to_data,
        delay_per_message: Duration::ZERO,
    })
    .await
    .expect("the sink starts")
}

/// The header names of `raw`, lower-cased.
fn header_names(raw: &str) -> Vec<String> {
    parse_headers(raw)
        .into_iter()
        .map(|(name, _)| name.to_ascii_lowercase())
        .collect()
}

fn assert_complete_message(raw: &str) {
    let headers = parse_headers(raw);
    let get = |name: &str| header(&headers, name).unwrap_or_default().to_owned();
    assert_eq!(get("From"), "\"Acme Ltd\" <desk@acme.example>");
    assert_eq!(get("To"), "\"Jane Doe\" <jane@example.org>");
    assert_eq!(get("Subject"), "Case C-1042: new activity");
    assert_eq!(get("Date"), "Fri, 02 Jan 2026 10:00:00 +0000");
    assert_eq!(
        get("Message-ID"),
        "<0192d3f0-7c1e-7a00-8000-000000000001@acme.example>"
    );
    assert_eq!(
        get("List-Unsubscribe"),
        "<https://desk.example/u/fdu_sample>"
    );
    assert_eq!(get("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
    assert_eq!(get("MIME-Version"), "1.0");
    assert!(
        get("Content-Type").starts_with("multipart/alternative;"),
        "{}",
        get("Content-Type")
    );
    let plain = raw
        .find("Content-Type: text/plain; charset=utf-8")
        .expect("a text/plain part");
    let html = raw
        .find("Content-Type: text/html; charset=utf-8")
        .expect("a text/html part");
    assert!(plain < html, "text/plain comes first");
    assert!(raw.contains("Status changed from New to Open"));
    assert!(raw.contains("<p>Status changed from <b>New</b> to <b>Open</b></p>"));
}

#[tokio::test]
async fn smtp_delivers_a_complete_message() {
    let sink = sink(DataReply::Accept).await;
    let transport = SmtpTransport::new(&plain_smtp(&sink)).expect("transport");
    transport.send(&envelope()).await.expect("accepted");
    let received = sink.wait_for(1, WAIT).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].mail_from, "desk@acme.example");
    assert_eq!(received[0].rcpt_to, vec!["jane@example.org".to_owned()]);
    assert_complete_message(&received[0].data);
    // What arrives is what `render_raw` makes (up to the random MIME boundary).
    let rendered = render_raw(&envelope()).expect("renders");
    assert_eq!(
        parse_headers(&received[0].data)[..8],
        parse_headers(&rendered)[..8]
    );
}

#[tokio::test]
async fn smtp_omits_unsubscribe_headers_when_there_is_no_url() {
    let sink = sink(DataReply::Accept).await;
    let transport = SmtpTransport::new(&plain_smtp(&sink)).expect("transport");
    let mut envelope = envelope();
    envelope.list_unsubscribe = None;
    transport.send(&envelope).await.expect("accepted");
    let received = sink.wait_for(1, WAIT).await;
    let names = header_names(&received[0].data);
    assert!(
        !names
            .iter()
            .any(|name| name.starts_with("list-unsubscribe"))
    );
}

#[tokio::test]
async fn smtp_reports_a_451_as_transient() {
    let sink = sink(DataReply::TempFail).await;
    let transport = SmtpTransport::new(&plain_smtp(&sink)).expect("transport");
    let error = transport.send(&envelope()).await.expect_err("refused");
    assert!(matches!(error, TransportError::Transient(_)), "{error:?}");
    assert!(sink.received().is_empty());

    // The sink's behaviour changes at run time: the retry goes through.
    sink.set_behaviour(SinkBehaviour::default());
    transport
        .send(&envelope())
        .await
        .expect("accepted on retry");
    assert_eq!(sink.wait_for(1, WAIT).await.len(), 1);
}

#[tokio::test]
async fn smtp_reports_a_550_as_permanent() {
    let sink = sink(DataReply::PermFail).await;
    let transport = SmtpTransport::new(&plain_smtp(&sink)).expect("transport");
    let error = transport.send(&envelope()).await.expect_err("refused");
    assert!(matches!(error, TransportError::Permanent(_)), "{error:?}");
    assert!(sink.received().is_empty());
}

#[tokio::test]
async fn smtp_reports_a_stopped_server_as_transient() {
    let sink = sink(DataReply::Accept).await;
    let transport = SmtpTransport::new(&plain_smtp(&sink)).expect("transport");
    sink.stop().await;
    let error = transport.send(&envelope()).await.expect_err("refused");
    assert!(matches!(error, TransportError::Transient(_)), "{error:?}");
}

#[tokio::test]
async fn smtp_reports_a_slow_server_as_transient() {
    let sink = SmtpSink::start(SinkBehaviour {
        reply_to_data: DataReply::Accept,
        delay_per_message: Duration::from_secs(3),
    })
    .await
    .expect("the sink starts");
    let config = plain_smtp(&sink).with_timeout(Duration::from_millis(300));
    let transport = SmtpTransport::new(&config).expect("transport");
    let error = transport.send(&envelope()).await.expect_err("too slow");
    assert!(matches!(error, TransportError::Transient(_)), "{error:?}");
}

#[tokio::test]
async fn smtp_errors_never_contain_the_password() {
    // The sink offers no AUTH, so logging in fails.
    let sink = sink(DataReply::Accept).await;
    let password = "correct-horse-battery-staple";
    let config = plain_smtp(&sink).with_credentials("desk", SecretString::from(password));
    let transport = SmtpTransport::new(&config).expect("transport");
    let error = transport
        .send(&envelope())
        .await
        .expect_err("cannot log in");
    assert!(!error.to_string().contains(password), "{error}");
    assert!(!format!("{error:?}").contains(password));
    assert!(!format!("{transport:?}").contains(password));
    assert!(sink.received().is_empty());
}

#[tokio::test]
async fn header_injection_through_names_and_subject_is_impossible() {
    let sink = sink(DataReply::Accept).await;
    let transport = SmtpTransport::new(&plain_smtp(&sink)).expect("transport");
    let mut envelope = envelope();
    envelope.from_name = Some("Acme\r\nBcc: victim@evil.example\r\nX-Injected: yes".to_owned());
    envelope.content.subject = "Hello\r\nBcc: victim@evil.example\nX-Injected: yes".to_owned();
    transport.send(&envelope).await.expect("accepted");
    let received = sink.wait_for(1, WAIT).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].rcpt_to, vec!["jane@example.org".to_owned()]);
    let names = header_names(&received[0].data);
    assert!(!names.contains(&"bcc".to_owned()), "{names:?}");
    assert!(!names.contains(&"x-injected".to_owned()), "{names:?}");
    for line in received[0].data.split("\r\n") {
        assert!(
            !line.starts_with("Bcc:") && !line.starts_with("X-Injected:"),
            "{line}"
        );
    }
    let headers = parse_headers(&received[0].data);
    // The name is one line and encoded (RFC 2047) because of the colon.
    let from = header(&headers, "From").unwrap_or_default();
    assert!(
        from.starts_with("=?utf-8?") && from.ends_with(" <desk@acme.example>"),
        "{from}"
    );
    assert_eq!(
        header(&headers, "Subject"),
        Some("Hello Bcc: victim@evil.example X-Injected: yes")
    );
    assert_eq!(names.iter().filter(|name| *name == "from").count(), 1);
    assert_eq!(names.iter().filter(|name| *name == "subject").count(), 1);
}

#[tokio::test]
async fn bad_message_ids_and_unsubscribe_urls_are_permanent_failures() {
    let mut bad_id = envelope();
    bad_id.message_id = "x@y\r\nBcc: victim@evil.example".to_owned();
    assert!(matches!(
        render_raw(&bad_id),
        Err(TransportError::Permanent(_))
    ));
    let mut bad_url = envelope();
    bad_url.list_unsubscribe = Some("https://desk.example/u/x>\r\nBcc: v@evil.example".to_owned());
    assert!(matches!(
        render_raw(&bad_url),
        Err(TransportError::Permanent(_))
    ));
    let memory = MemoryTransport::new();
    assert!(memory.send(&bad_url).await.is_err());
    assert!(memory.sent().is_empty());
}

#[tokio::test]
async fn the_sink_unstuffs_leading_dots() {
    let sink = sink(DataReply::Accept).await;
    let transport = SmtpTransport::new(&plain_smtp(&sink)).expect("transport");
    let mut envelope = envelope();
    envelope.content.text = "line one\n.leading dot\n.\nend".to_owned();
    transport.send(&envelope).await.expect("accepted");
    let received = sink.wait_for(1, WAIT).await;
    assert!(
        received[0]
            .data
            .contains("\r\nline one\r\n.leading dot\r\n.\r\nend\r\n"),
        "{}",
        received[0].data
    );
}

#[tokio::test]
async fn file_transport_writes_one_parsable_eml_per_message() {
    let dir = std::env::temp_dir().join(format!(
        "frontdesk-mail-test-{}-{}",
        std::process::id(),
        line!()
    ));
    let _fresh = std::fs::remove_dir_all(&dir);
    let transport = FileTransport::new(dir.join("nested")).expect("creates the directory");
    transport.send(&envelope()).await.expect("written");
    let mut second = envelope();
    second.message_id = "second@acme.example".to_owned();
    transport.send(&second).await.expect("written");

    let mut files: Vec<_> = std::fs::read_dir(transport.dir())
        .expect("listable")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    assert_eq!(
        files,
        vec![
            "0192d3f0-7c1e-7a00-8000-000000000001@acme.example.eml".to_owned(),
            "second@acme.example.eml".to_owned(),
        ]
    );
    let raw =
        std::fs::read_to_string(transport.path_for(&envelope().message_id)).expect("readable");
    assert_complete_message(&raw);
    std::fs::remove_dir_all(&dir).expect("cleaned up");
}

#[tokio::test]
async fn memory_transport_keeps_what_it_sent() {
    let memory = MemoryTransport::new();
    memory.send(&envelope()).await.expect("kept");
    let sent = memory.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].envelope, envelope());
    assert_complete_message(&sent[0].raw);
    memory.clear();
    assert!(memory.sent().is_empty());
}

#[tokio::test]
async fn build_transport_follows_the_setting() {
    let sink = sink(DataReply::Accept).await;
    let smtp = build_transport(&MailSettings::Smtp {
        host: "127.0.0.1".to_owned(),
        port: sink.port(),
        security: SmtpSecurity::Plain,
        credentials: None,
    })
    .expect("smtp");
    smtp.send(&envelope()).await.expect("accepted");
    assert_eq!(sink.wait_for(1, WAIT).await.len(), 1);

    let kind = MailTransportKind::from_setting(&MailSettings::Memory).expect("memory");
    let memory = kind.memory().expect("a memory transport").clone();
    kind.into_dyn().send(&envelope()).await.expect("kept");
    assert_eq!(memory.sent().len(), 1);

    for security in [SmtpSecurity::StartTls, SmtpSecurity::Tls] {
        let kind = MailTransportKind::from_setting(&MailSettings::Smtp {
            host: "smtp.example.org".to_owned(),
            port: 587,
            security,
            credentials: Some(("desk".to_owned(), SecretString::from("pw"))),
        })
        .expect("tls settings are accepted");
        assert!(matches!(kind, MailTransportKind::Smtp(_)));
    }
}

//! Mail through the outbox to a real SMTP server on loopback, on SQLite and PostgreSQL:
//! test mail headers, recipient limits, template administration with validation and legacy
//! import, dead letters and their retry, and captcha challenges shared by replicas.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::Duration;

use frontdesk_e2e::TestApp;
use frontdesk_e2e::json_of;
use frontdesk_mail::test_support::{SinkBehaviour, SmtpSink, parse_headers};
use reqwest::StatusCode;
use serde_json::json;

frontdesk_e2e::on_both_databases!(url => test_mail_reaches_smtp_with_headers,
    templates_are_validated_and_legacy_imported,
    undeliverable_mail_is_dead_then_retried,
    captcha_solutions_are_accepted_once_across_replicas
);

async fn start_with_smtp(database_url: &str, sink: &SmtpSink) -> TestApp {
    let smtp = format!("smtp://{}", sink.address());
    TestApp::start_with(
        database_url,
        &[
            ("FRONTDESK_MAIL", &smtp),
            ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "20"),
            ("FRONTDESK_MAIL_FROM", "desk@frontdesk.example"),
        ],
    )
    .await
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

async fn test_mail_reaches_smtp_with_headers(database_url: &str) {
    let sink = SmtpSink::start(SinkBehaviour::default())
        .await
        .expect("SMTP sink starts");
    let app = start_with_smtp(database_url, &sink).await;
    let org = app.bootstrap("mailing").await;

    let queued = app
        .client
        .post(app.url("/api/v1/mail/test"))
        .bearer_auth(&org.token)
        .json(&json!({"to": "Ops@Example.org"}))
        .send()
        .await
        .expect("test mail");
    assert_eq!(queued.status(), StatusCode::ACCEPTED);
    let queued = json_of(queued).await;
    let message_id = queued["message_id"].as_str().expect("id").to_owned();

    let received = sink.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(received.len(), 1, "the worker delivered the test mail");
    let mail = &received[0];
    assert_eq!(mail.rcpt_to, vec!["Ops@example.org".to_owned()]);
    let headers = parse_headers(&mail.data);
    assert!(
        header(&headers, "From")
            .expect("From")
            .contains("desk@frontdesk.example")
    );
    assert!(
        header(&headers, "From")
            .expect("From")
            .contains("Org mailing")
    );
    assert!(
        header(&headers, "To")
            .expect("To")
            .contains("Ops@example.org")
    );
    assert!(header(&headers, "Date").is_some());
    assert!(header(&headers, "Subject").is_some_and(|s| !s.is_empty()));
    assert_eq!(
        header(&headers, "Message-ID"),
        Some(format!("<{message_id}@frontdesk.test>").as_str())
    );
    assert!(
        header(&headers, "Content-Type")
            .expect("Content-Type")
            .starts_with("multipart/alternative")
    );
    assert!(mail.data.contains("text/plain") && mail.data.contains("text/html"));
    assert!(
        header(&headers, "List-Unsubscribe").is_none(),
        "test mail is not a notification"
    );

    // A second mail of the same kind to the same person within a minute is refused, loudly.
    let again = app
        .client
        .post(app.url("/api/v1/mail/test"))
        .bearer_auth(&org.token)
        .json(&json!({"to": "ops@example.org"}))
        .send()
        .await
        .expect("again");
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(again.headers().contains_key("retry-after"));
    assert_eq!(
        json_of(again).await["type"],
        "urn:frontdesk:problem:recipient-rate-limited"
    );

    let injected = app
        .client
        .post(app.url("/api/v1/mail/test"))
        .bearer_auth(&org.token)
        .json(&json!({"to": "a@x.test\r\nBcc: b@x.test"}))
        .send()
        .await
        .expect("injection");
    assert_eq!(injected.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(injected).await["errors"][0]["field"], "to");

    app.stop().await;
    sink.stop().await;
}

async fn templates_are_validated_and_legacy_imported(database_url: &str) {
    let app = TestApp::start(database_url).await;
    let org = app.bootstrap("templates").await;
    let url = |path: &str| app.url(&format!("/api/v1/mail-templates/{path}"));

    let default = json_of(
        app.client
            .get(url("temporary_password/en"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(default["is_default"], true);
    assert!(
        default["text"]
            .as_str()
            .expect("text")
            .contains("{{temporary_password}}")
            || default["text"]
                .as_str()
                .expect("text")
                .contains("temporary_password")
    );

    // Legacy import, as in older help desks.
    let legacy = json!({
        "subject": "Your password at <CompanyName>",
        "html": "<p>Dear &lt;ResourceName&gt;</p><p>Login: &lt;ResourceLogin&gt;</p><p>Temporary Password: &lt;ResourceTempPassword&gt;</p>",
        "text": "Dear <ResourceName>\n\nLogin: <ResourceLogin>\nTemporary Password: <ResourceTempPassword>\n\nKind regards, <CompanyName>",
    });
    let saved = app
        .client
        .put(url("temporary_password/en"))
        .bearer_auth(&org.token)
        .json(&legacy)
        .send()
        .await
        .expect("put");
    assert_eq!(saved.status(), StatusCode::OK);
    let saved = json_of(saved).await;
    assert_eq!(saved["is_default"], false);
    assert_eq!(saved["subject"], "Your password at {{company_name}}");
    assert!(
        saved["text"]
            .as_str()
            .expect("text")
            .contains("Login: {{login}}\nTemporary Password: {{temporary_password}}")
    );
    let stored = json_of(
        app.client
            .get(url("temporary_password/en"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(stored["text"], saved["text"]);

    let preview = json_of(
        app.client
            .post(url("temporary_password/en/preview"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("preview"),
    )
    .await;
    assert_eq!(preview["subject"], "Your password at Org templates");
    assert!(
        preview["text"]
            .as_str()
            .expect("text")
            .contains("Login: jane.doe")
    );

    // Missing a required placeholder: 422 naming it; nothing saved.
    let missing = json!({"subject": "Hi", "html": "<p>{{login}}</p>", "text": "{{login}} {{temporary_password}}"});
    let refused = app
        .client
        .put(url("temporary_password/en"))
        .bearer_auth(&org.token)
        .json(&missing)
        .send()
        .await
        .expect("put");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = json_of(refused).await;
    assert_eq!(
        refused["type"],
        "urn:frontdesk:problem:template-missing-placeholders"
    );
    assert_eq!(refused["errors"][0]["field"], "html");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("temporary_password")
    );
    let unchanged = json_of(
        app.client
            .get(url("temporary_password/en"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(unchanged["subject"], "Your password at {{company_name}}");

    // Does not compile.
    let broken = json!({"subject": "Hi", "html": "{{#if login}}{{login}} {{temporary_password}}", "text": "{{login}} {{temporary_password}}"});
    let refused = app
        .client
        .put(url("temporary_password/en"))
        .bearer_auth(&org.token)
        .json(&broken)
        .send()
        .await
        .expect("put");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        json_of(refused).await["type"],
        "urn:frontdesk:problem:template-does-not-compile"
    );

    // HTML output escapes data.
    let escaping = json!({"subject": "{{login}}", "html": "<p>{{login}} {{temporary_password}}</p>", "text": "{{login}} {{temporary_password}}"});
    let preview = json_of(
        app.client
            .post(url("temporary_password/fr/preview"))
            .bearer_auth(&org.token)
            .json(&escaping)
            .send()
            .await
            .expect("preview"),
    )
    .await;
    assert_eq!(preview["html"], "<p>jane.doe Tmp-4821-kite</p>");

    assert_eq!(
        app.client
            .delete(url("temporary_password/en"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("delete")
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.client
            .delete(url("temporary_password/en"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("delete")
            .status(),
        StatusCode::NOT_FOUND
    );
    let back = json_of(
        app.client
            .get(url("temporary_password/en"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(back["is_default"], true);

    for bad in ["nope/en", "temporary_password/de"] {
        let response = app
            .client
            .get(url(bad))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("get");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{bad}");
    }
    // Agents may not touch templates.
    let agent = app
        .client
        .post(app.url("/api/v1/staff-users"))
        .bearer_auth(&org.token)
        .json(&json!({"email": "agent@templates.example", "name": "Agent", "profiles": ["agent", "case_admin"]}))
        .send()
        .await
        .expect("agent");
    let agent_id = json_of(agent).await["user"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let agent_token = json_of(
        app.client
            .post(app.url(&format!("/api/v1/staff-users/{agent_id}/api-tokens")))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("token"),
    )
    .await["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let forbidden = app
        .client
        .get(url("temporary_password/en"))
        .bearer_auth(&agent_token)
        .send()
        .await
        .expect("get");
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    app.stop().await;
}

async fn undeliverable_mail_is_dead_then_retried(database_url: &str) {
    let sink = SmtpSink::start(SinkBehaviour {
        reply_to_data: frontdesk_mail::test_support::DataReply::PermFail,
        ..SinkBehaviour::default()
    })
    .await
    .expect("SMTP sink starts");
    let app = start_with_smtp(database_url, &sink).await;
    let org = app.bootstrap("deadletters").await;
    let queued = app
        .client
        .post(app.url("/api/v1/mail/test"))
        .bearer_auth(&org.token)
        .json(&json!({"to": "bounce@example.org"}))
        .send()
        .await
        .expect("queue");
    assert_eq!(queued.status(), StatusCode::ACCEPTED);
    let id = json_of(queued).await["message_id"]
        .as_str()
        .expect("id")
        .to_owned();

    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let dead = loop {
        let page = json_of(
            app.client
                .get(app.url("/api/v1/mail/dead"))
                .bearer_auth(&org.token)
                .send()
                .await
                .expect("dead"),
        )
        .await;
        if page["items"]
            .as_array()
            .is_some_and(|items| !items.is_empty())
        {
            break page;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the message never became dead"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(dead["items"][0]["id"], id);
    assert!(
        dead["items"][0]["last_error"]
            .as_str()
            .expect("error")
            .contains("550")
    );

    sink.set_behaviour(SinkBehaviour::default());
    let retried = app
        .client
        .post(app.url(&format!("/api/v1/mail/dead/{id}/retry")))
        .bearer_auth(&org.token)
        .send()
        .await
        .expect("retry");
    assert_eq!(retried.status(), StatusCode::ACCEPTED);
    let delivered = sink.wait_for(1, Duration::from_secs(20)).await;
    assert!(
        delivered.iter().any(|mail| mail.data.contains(&id)),
        "the retried message was delivered"
    );
    let again = app
        .client
        .post(app.url(&format!("/api/v1/mail/dead/{id}/retry")))
        .bearer_auth(&org.token)
        .send()
        .await
        .expect("retry");
    assert_eq!(again.status(), StatusCode::NOT_FOUND);

    // Another organisation cannot see or retry it.
    let other = app.bootstrap("otherdead").await;
    let foreign = app
        .client
        .post(app.url(&format!("/api/v1/mail/dead/{id}/retry")))
        .bearer_auth(&other.token)
        .send()
        .await
        .expect("retry");
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);
    app.stop().await;
    sink.stop().await;
}

async fn captcha_solutions_are_accepted_once_across_replicas(database_url: &str) {
    let first = TestApp::start(database_url).await;
    let second = TestApp::start(database_url).await;
    let challenge = json_of(
        first
            .client
            .get(first.url("/api/v1/public/captcha"))
            .send()
            .await
            .expect("captcha"),
    )
    .await;
    assert_eq!(challenge["algorithm"], "SHA-256");
    assert!(
        challenge["salt"]
            .as_str()
            .expect("salt")
            .contains("expires=")
    );
    let parsed = frontdesk_kernel::CaptchaChallenge {
        algorithm: challenge["algorithm"].as_str().expect("a").into(),
        challenge: challenge["challenge"].as_str().expect("c").into(),
        maxnumber: challenge["maxnumber"].as_u64().expect("m"),
        salt: challenge["salt"].as_str().expect("s").into(),
        signature: challenge["signature"].as_str().expect("sig").into(),
    };
    let solution = frontdesk_captcha::solve_for_tests(&parsed);
    // Replica two verifies replica one's challenge (shared key), once (shared replay store).
    let verifier_two =
        frontdesk_server::wiring::captcha_verifier(&second.config, second.server.database())
            .await
            .expect("verifier");
    let verifier_one =
        frontdesk_server::wiring::captcha_verifier(&first.config, first.server.database())
            .await
            .expect("verifier");
    assert_eq!(verifier_two.verify(&solution, None).await, Ok(()));
    assert_eq!(
        verifier_one.verify(&solution, None).await,
        Err(frontdesk_kernel::CaptchaError::Replayed)
    );
    assert_eq!(
        verifier_two.verify(&solution, None).await,
        Err(frontdesk_kernel::CaptchaError::Replayed)
    );
    assert_eq!(
        verifier_one.verify("bm90IGEgc29sdXRpb24=", None).await,
        Err(frontdesk_kernel::CaptchaError::Invalid)
    );

    let script = first
        .client
        .get(first.url("/assets/altcha.js"))
        .send()
        .await
        .expect("widget");
    assert_eq!(script.status(), StatusCode::OK);
    assert!(
        script.headers()["content-type"]
            .to_str()
            .expect("ct")
            .starts_with("text/javascript")
    );
    assert!(script.text().await.expect("js").contains("altcha-widget"));
    first.stop().await;
    second.stop().await;
}

//! Guest intake end to end, on SQLite and PostgreSQL, with a real SMTP server: solve the
//! captcha, submit the form, read the mail, follow the link, see the case, comment; staff
//! change the status → notification with RFC 8058 headers → one-click unsubscribe → the
//! next change sends nothing to that contact. Plus the bad input the issue lists.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::Duration;

use frontdesk_e2e::json_of;
use frontdesk_e2e::{TestApp, hidden_input, solved_captcha};
use frontdesk_mail::test_support::{ReceivedMail, SinkBehaviour, SmtpSink, parse_headers};
use reqwest::StatusCode;
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(url => a_guest_follows_a_case_and_unsubscribes,
    bad_submissions_store_nothing
);

/// The first `{base}/{prefix}…` link in a mail's text, as a path.
fn link_in(mail: &ReceivedMail, prefix: &str) -> String {
    let marker = format!("{}{prefix}", frontdesk_e2e::PUBLIC_BASE);
    let start = mail.data.find(&marker).expect("the mail carries the link")
        + frontdesk_e2e::PUBLIC_BASE.len();
    let rest = &mail.data[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .unwrap_or(rest.len());
    rest[..end].to_owned()
}

fn mails_to<'a>(mails: &'a [ReceivedMail], address: &str) -> Vec<&'a ReceivedMail> {
    mails
        .iter()
        .filter(|m| m.rcpt_to.iter().any(|r| r.eq_ignore_ascii_case(address)))
        .collect()
}

async fn submit(app: &TestApp, org: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/public/orgs/{org}/forms/contact/cases")))
        .json(body)
        .send()
        .await
        .expect("submit")
}

async fn a_guest_follows_a_case_and_unsubscribes(database_url: &str) {
    let sink = SmtpSink::start(SinkBehaviour::default())
        .await
        .expect("SMTP sink starts");
    let app = frontdesk_e2e::mailing_to(database_url, &sink).await;
    let org = app.bootstrap("guests").await;

    // The public form renders, labelled, in the form's language.
    let page = app
        .client
        .get(app.url("/o/guests/forms/contact"))
        .send()
        .await
        .expect("form");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("for=\"f-email\"") && html.contains("altcha-widget"));

    let captcha = solved_captcha(&app).await;
    let accepted = submit(&app, "guests", &json!({
        "first_name": "Gail", "last_name": "Guest", "email": "Gail@Example.org",
        "title": "Heating broken", "description": "No heat since Monday.", "priority": "high", "altcha": captcha,
    }))
    .await;
    assert_eq!(
        accepted.status(),
        StatusCode::ACCEPTED,
        "{:?}",
        accepted.text().await
    );

    let mails = sink.wait_for(1, Duration::from_secs(20)).await;
    let confirmation = mails_to(&mails, "Gail@example.org");
    assert_eq!(confirmation.len(), 1);
    let link = link_in(confirmation[0], "/g/fdg_");

    // The link trades itself for a case cookie and a clean URL.
    let opened = app.client.get(app.url(&link)).send().await.expect("open");
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    let location = opened.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(location.starts_with("/cases/") && !location.contains("fdg_"));
    let cookie = opened.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    assert!(cookie.starts_with("fd_guest_"));
    let case_page = app
        .client
        .get(app.url(&location))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("case");
    assert_eq!(case_page.status(), StatusCode::OK);
    assert_eq!(case_page.headers()["referrer-policy"], "no-referrer");
    let html = case_page.text().await.expect("html");
    assert!(html.contains("Heating broken") && html.contains("<details"));
    frontdesk_e2e::assert_machine_times(&html);
    let csrf = hidden_input(&html, "csrf");
    let no_cookie = app
        .client
        .get(app.url(&location))
        .send()
        .await
        .expect("case");
    assert_eq!(no_cookie.status(), StatusCode::NOT_FOUND);

    let commented = app
        .client
        .post(app.url(&format!("{location}/comments")))
        .header("cookie", &cookie)
        .form(&[("body", "Still cold today."), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("comment");
    assert_eq!(commented.status(), StatusCode::SEE_OTHER);
    let html = app
        .client
        .get(app.url(&location))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("case")
        .text()
        .await
        .expect("html");
    assert!(html.contains("Still cold today."));
    let forged = app
        .client
        .post(app.url(&format!("{location}/comments")))
        .header("cookie", &cookie)
        .form(&[("body", "forged"), ("csrf", "nope")])
        .send()
        .await
        .expect("comment");
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);

    // Staff see the case and the contact, and change the status: the guest is notified.
    let cases = json_of(
        app.client
            .get(app.url("/api/v1/cases"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("cases"),
    )
    .await;
    assert_eq!(cases["items"].as_array().expect("items").len(), 1);
    let case_id = cases["items"][0]["id"].as_str().expect("id").to_owned();
    assert_eq!(location, format!("/cases/{case_id}"));
    let detail = json_of(
        app.client
            .get(app.url(&format!("/api/v1/cases/{case_id}")))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("case"),
    )
    .await;
    assert_eq!(detail["contacts"][0]["email"], "Gail@example.org");
    let changed = app
        .client
        .post(app.url(&format!("/api/v1/cases/{case_id}/status")))
        .bearer_auth(&org.token)
        .json(&json!({"status": "open", "comment": "A technician is on the way."}))
        .send()
        .await
        .expect("status");
    assert_eq!(changed.status(), StatusCode::OK);
    let mails = sink.wait_for(2, Duration::from_secs(20)).await;
    let to_guest = mails_to(&mails, "Gail@example.org");
    assert_eq!(to_guest.len(), 2, "confirmation + notification");
    let notification = to_guest[1];
    let headers = parse_headers(&notification.data);
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let unsubscribe = header("List-Unsubscribe").expect("List-Unsubscribe");
    assert!(
        unsubscribe.starts_with(&format!("<{}/u/fdu_", frontdesk_e2e::PUBLIC_BASE)),
        "{unsubscribe}"
    );
    let unsubscribe_path = unsubscribe
        .trim_matches(|c| c == '<' || c == '>')
        .trim_start_matches(frontdesk_e2e::PUBLIC_BASE)
        .to_owned();

    // The GET page changes nothing; the one-click POST needs no cookie or CSRF token.
    let confirm = app
        .client
        .get(app.url(&unsubscribe_path))
        .send()
        .await
        .expect("page");
    assert_eq!(confirm.status(), StatusCode::OK);
    let one_click = app
        .client
        .post(app.url(&unsubscribe_path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("unsubscribe");
    assert_eq!(one_click.status(), StatusCode::OK);

    // The next change sends nothing to the guest. A test mail queued after it is the fence:
    // once it arrives, anything queued before it has been sent too.
    let changed = app
        .client
        .post(app.url(&format!("/api/v1/cases/{case_id}/status")))
        .bearer_auth(&org.token)
        .json(&json!({"status": "resolved"}))
        .send()
        .await
        .expect("status");
    assert_eq!(changed.status(), StatusCode::OK);
    let fence = app
        .client
        .post(app.url("/api/v1/mail/test"))
        .bearer_auth(&org.token)
        .json(&json!({"to": "fence@example.org"}))
        .send()
        .await
        .expect("fence");
    assert_eq!(fence.status(), StatusCode::ACCEPTED);
    let mails = sink.wait_for(3, Duration::from_secs(20)).await;
    assert_eq!(mails_to(&mails, "fence@example.org").len(), 1);
    assert_eq!(
        mails_to(&mails, "Gail@example.org").len(),
        2,
        "no notification after unsubscribing"
    );

    // Revoked links answer 410 with a way to get a new one; another organisation sees nothing.
    let revoked = app
        .client
        .delete(app.url(&format!("/api/v1/cases/{case_id}/guest-access")))
        .bearer_auth(&org.token)
        .send()
        .await
        .expect("revoke");
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let gone = app
        .client
        .get(app.url(&location))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("case");
    assert_eq!(gone.status(), StatusCode::GONE);
    assert!(gone.text().await.expect("html").contains("case_number"));
    let other = app.bootstrap("strangers").await;
    let hidden = app
        .client
        .get(app.url(&format!("/api/v1/cases/{case_id}")))
        .bearer_auth(&other.token)
        .send()
        .await
        .expect("case");
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    let new_link = app
        .client
        .post(app.url("/o/guests/new-link"))
        .form(&[("email", "nobody@example.org"), ("case_number", "1")])
        .send()
        .await
        .expect("new link");
    let unknown = new_link.text().await.expect("html");
    let known = app
        .client
        .post(app.url("/o/guests/new-link"))
        .form(&[("email", "gail@example.org"), ("case_number", "#1")])
        .send()
        .await
        .expect("new link")
        .text()
        .await
        .expect("html");
    assert_eq!(unknown, known, "no enumeration through the new-link form");
    app.stop().await;
    sink.stop().await;
}

async fn bad_submissions_store_nothing(database_url: &str) {
    let sink = SmtpSink::start(SinkBehaviour::default())
        .await
        .expect("SMTP sink starts");
    let app = frontdesk_e2e::mailing_to(database_url, &sink).await;
    let org = app.bootstrap("badintake").await;
    let count = || async {
        json_of(
            app.client
                .get(app.url("/api/v1/cases"))
                .bearer_auth(&org.token)
                .send()
                .await
                .expect("cases"),
        )
        .await["items"]
            .as_array()
            .expect("items")
            .len()
    };

    let missing = submit(
        &app,
        "badintake",
        &json!({"title": "x", "altcha": solved_captcha(&app).await}),
    )
    .await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let missing = json_of(missing).await;
    let fields: Vec<&str> = missing["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field"))
        .collect();
    for field in ["first_name", "last_name", "email"] {
        assert!(fields.contains(&field), "{field} missing from {fields:?}");
    }

    let injected = submit(&app, "badintake", &json!({
        "first_name": "A", "last_name": "B", "email": "a@x.test\r\nBcc: b@x.test", "title": "t", "altcha": solved_captcha(&app).await,
    }))
    .await;
    assert_eq!(injected.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let huge = submit(&app, "badintake", &json!({
        "first_name": "A", "last_name": "B", "email": "a@example.org", "title": "t", "description": "x".repeat(1_000_000),
    }))
    .await;
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let body = json!({"first_name": "A", "last_name": "B", "email": "a@example.org", "title": "t"});
    let no_captcha = submit(&app, "badintake", &body).await;
    assert_eq!(no_captcha.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        json_of(no_captcha).await["type"],
        "urn:frontdesk:problem:captcha"
    );
    let mut wrong = body.clone();
    wrong["altcha"] = json!("bm90IGEgc29sdXRpb24=");
    assert_eq!(
        submit(&app, "badintake", &wrong).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let unknown = app
        .client
        .post(app.url("/api/v1/public/orgs/nope/forms/contact/cases"))
        .json(&body)
        .send()
        .await
        .expect("submit");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let unknown_page = app
        .client
        .get(app.url("/o/nope/forms/contact"))
        .send()
        .await
        .expect("page");
    assert_eq!(unknown_page.status(), StatusCode::NOT_FOUND);
    assert!(
        unknown_page.headers()["content-type"]
            .to_str()
            .expect("ct")
            .starts_with("text/html")
    );
    assert_eq!(count().await, 0, "nothing stored by refused submissions");

    // Idempotency: the same key and body creates one case; a different body is a conflict.
    let mut good = body.clone();
    good["altcha"] = json!(solved_captcha(&app).await);
    let send = |payload: Value, key: &'static str| {
        let request = app
            .client
            .post(app.url("/api/v1/public/orgs/badintake/forms/contact/cases"))
            .header("idempotency-key", key)
            .json(&payload);
        async move { request.send().await.expect("submit") }
    };
    assert_eq!(
        send(good.clone(), "key-1").await.status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(
        send(good.clone(), "key-1").await.status(),
        StatusCode::ACCEPTED
    );
    let mut different = good.clone();
    different["title"] = json!("another");
    assert_eq!(
        send(different, "key-1").await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(count().await, 1);

    // The HTML form re-renders with the input kept and messages by the fields.
    let rerendered = app
        .client
        .post(app.url("/o/badintake/forms/contact"))
        .form(&[
            ("first_name", "Kept"),
            ("last_name", ""),
            ("email", "not-an-address"),
            ("title", "t"),
        ])
        .send()
        .await
        .expect("form");
    assert_eq!(rerendered.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = rerendered.text().await.expect("html");
    assert!(html.contains("value=\"Kept\""));
    assert!(html.contains("f-email-error"));
    assert_eq!(count().await, 1);
    app.stop().await;
    sink.stop().await;
}

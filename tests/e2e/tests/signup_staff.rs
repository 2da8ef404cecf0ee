//! Staff sign-up over HTTP on SQLite and PostgreSQL, with mail through a real SMTP server:
//! an administrator allows registration and creates a staff link bounded by a domain; a
//! person signs up on `/r/{token}` (the same "check your email" page), gets the activation
//! mail, opens the confirm page and confirms: 303 to `/staff` with a console session that
//! opens the console; the staff list shows them with the agent profile only; the link's use
//! names them; a disallowed domain is refused; the used activation link sends to the staff
//! sign-in page with the address filled in, never a session; the chosen password signs in
//! afterwards; an address that already has a staff user gets a mail pointing to the staff
//! sign-in page; and a staff link bounded by neither domains nor a use limit is refused.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::Duration;

use frontdesk_e2e::{
    TestApp, TestOrg, hidden_input, json_of, path_of, set_cookie, solved_captcha, staff_session,
};
use frontdesk_e2e::{call, link_in, mail_text};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(url => a_staff_link_signs_an_agent_up);

const PASSWORD: &str = "correct horse battery staple";

/// Posts the sign-up form at `path` with a fresh captcha.
async fn sign_up(app: &TestApp, path: &str, email: &str) -> (StatusCode, String) {
    let solution = solved_captcha(app).await;
    let answer = app
        .client
        .post(app.url(path))
        .form(&[
            ("first_name", "Sam"),
            ("last_name", "Agent"),
            ("email", email),
            ("password", PASSWORD),
            ("altcha", solution.as_str()),
        ])
        .send()
        .await
        .expect("sign up");
    let status = answer.status();
    (status, answer.text().await.expect("html"))
}

/// The staff users the API lists whose address is `email`.
async fn staff_named(app: &TestApp, org: &TestOrg, email: &str) -> Vec<Value> {
    let list = call(app, org, Method::GET, "/api/v1/staff-users", None).await;
    assert_eq!(list.status(), StatusCode::OK);
    let list = json_of(list).await;
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|user| user["email"] == email)
        .cloned()
        .collect()
}

async fn a_staff_link_signs_an_agent_up(database_url: &str) {
    let (sink, app) = frontdesk_e2e::with_mail_sink(database_url).await;
    let org = app.bootstrap("staffsignup").await;
    let switched = call(
        &app,
        &org,
        Method::PATCH,
        "/api/v1/org",
        Some(json!({"registration_enabled": true})),
    )
    .await;
    assert_eq!(switched.status(), StatusCode::OK);

    // A staff link bounded by neither domains nor a use limit is refused.
    let unbounded = call(
        &app,
        &org,
        Method::POST,
        "/api/v1/registration-links",
        Some(json!({"role": "staff"})),
    )
    .await;
    assert_eq!(unbounded.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let created = call(
        &app,
        &org,
        Method::POST,
        "/api/v1/registration-links",
        Some(json!({
            "role": "staff", "auto_case_form": "contact",
            "allowed_domains": ["team.example"],
        })),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = json_of(created).await;
    let link_id = created["id"].as_str().expect("id").to_owned();
    let link = path_of(created["url"].as_str().expect("url"));

    // A disallowed domain is refused and makes nothing.
    let (status, html) = sign_up(&app, &link, "sam@elsewhere.example").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("certain domains"), "{html}");
    assert!(
        staff_named(&app, &org, "sam@elsewhere.example")
            .await
            .is_empty()
    );

    // The sign-up: the "check your email" page, a disabled agent, the activation mail.
    let (status, sent_page) = sign_up(&app, &link, "sam@team.example").await;
    assert_eq!(status, StatusCode::OK);
    assert!(sent_page.contains("Check your email"), "{sent_page}");
    let waiting = staff_named(&app, &org, "sam@team.example").await;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0]["profiles"], json!(["agent"]));
    assert_eq!(waiting[0]["disabled"], true, "no sign-in before activation");
    let received = sink.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(received.len(), 1, "only the accepted sign-up mailed");
    assert_eq!(received[0].rcpt_to, vec!["sam@team.example".to_owned()]);
    let activation = path_of(&link_in(&received[0], "/a/"));
    assert!(activation.starts_with("/a/fda_"), "{activation}");

    // The confirm page uses nothing, twice over.
    for _ in 0..2 {
        let page = app
            .client
            .get(app.url(&activation))
            .send()
            .await
            .expect("page");
        assert_eq!(page.status(), StatusCode::OK, "the confirm page opens");
        assert!(set_cookie(page.headers(), "fd_session").is_none());
    }
    let page = app
        .client
        .get(app.url(&activation))
        .send()
        .await
        .expect("page");
    let csrf_cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let html = page.text().await.expect("html");
    assert!(html.contains("sam@team.example"), "{html}");
    let csrf = hidden_input(&html, "csrf");

    // A POST without the form's token activates nothing.
    let stale = app
        .client
        .post(app.url(&activation))
        .form(&[("csrf", "forged")])
        .send()
        .await
        .expect("stale");
    assert_eq!(stale.status(), StatusCode::OK, "the confirm page again");
    assert!(set_cookie(stale.headers(), "fd_session").is_none());
    assert_eq!(
        staff_named(&app, &org, "sam@team.example").await[0]["disabled"],
        true
    );

    // Activation: 303 to the console, with a console session that opens it.
    let done = app
        .client
        .post(app.url(&activation))
        .header("cookie", format!("fd_csrf={csrf_cookie}"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("activate");
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(done.headers()["location"], "/staff");
    let session = set_cookie(done.headers(), "fd_session").expect("a console session");
    let console = app
        .client
        .get(app.url("/staff"))
        .header("cookie", format!("fd_session={session}"))
        .send()
        .await
        .expect("console");
    assert_eq!(
        console.status(),
        StatusCode::OK,
        "the session opens the console"
    );

    // Enabled, the agent profile only; the use counted, naming the person.
    let active = staff_named(&app, &org, "sam@team.example").await;
    assert_eq!(active.len(), 1);
    assert_eq!(active[0]["profiles"], json!(["agent"]), "never more");
    assert_eq!(active[0]["disabled"], false);
    assert_eq!(active[0]["name"], "Sam Agent");
    let uses = json_of(
        call(
            &app,
            &org,
            Method::GET,
            &format!("/api/v1/registration-links/{link_id}/uses"),
            None,
        )
        .await,
    )
    .await;
    let items = uses["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{uses}");
    assert_eq!(items[0]["email"], "sam@team.example");
    let one = json_of(
        call(
            &app,
            &org,
            Method::GET,
            &format!("/api/v1/registration-links/{link_id}"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(one["uses"], 1, "{one}");

    // The used link: the staff sign-in page with the address, never a session.
    let again = app
        .client
        .get(app.url(&activation))
        .send()
        .await
        .expect("again");
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        again.headers()["location"],
        "/staff/login?org=staffsignup&email=sam%40team.example"
    );
    assert!(set_cookie(again.headers(), "fd_session").is_none());
    let login = app
        .client
        .get(app.url("/staff/login?org=staffsignup&email=sam%40team.example"))
        .send()
        .await
        .expect("login");
    let login = login.text().await.expect("html");
    assert!(
        login.contains("value=\"sam@team.example\""),
        "the address is filled in: {login}"
    );
    assert!(login.contains("value=\"staffsignup\""), "{login}");
    let reposted = app
        .client
        .post(app.url(&activation))
        .header("cookie", format!("fd_csrf={csrf_cookie}"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("again");
    assert_eq!(reposted.status(), StatusCode::SEE_OTHER);
    assert!(
        reposted.headers()["location"]
            .to_str()
            .expect("location")
            .starts_with("/staff/login?")
    );
    assert!(set_cookie(reposted.headers(), "fd_session").is_none());

    // The chosen password signs in from now on.
    staff_session(&app, "staffsignup", "sam@team.example", PASSWORD).await;

    // The same address again: the same page, and a mail pointing to the staff sign-in.
    let (status, same_page) = sign_up(&app, &link, "sam@team.example").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(same_page, sent_page, "the same answer whoever signs up");
    let received = sink.wait_for(2, Duration::from_secs(20)).await;
    assert_eq!(received.len(), 2);
    let exists = mail_text(&received[1]);
    assert!(
        exists.contains("/staff/login?org=staffsignup&email=sam%40team.example"),
        "{exists}"
    );
    assert!(!exists.contains("/a/fda_"), "no activation link");
    assert_eq!(staff_named(&app, &org, "sam@team.example").await.len(), 1);

    app.stop().await;
    sink.stop().await;
}

//! Public share links over HTTP on SQLite and PostgreSQL: create → view → revoke → 410, the
//! interstitial and password pages, max views under 32 concurrent requests, who may share,
//! and the bad input the issue lists.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use frontdesk_e2e::json_of;
use frontdesk_e2e::{PUBLIC_BASE, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(app => share_view_revoke,
    limited_and_protected_links,
    who_may_share
);

/// A case created through the public API (captcha solved), and its id.
async fn a_case(app: &TestApp, org: &str, token: &str, email: &str) -> String {
    let solution = frontdesk_e2e::solved_captcha(app).await;
    let created = app
        .client
        .post(app.url(&format!("/api/v1/public/orgs/{org}/forms/contact/cases")))
        .json(&json!({"first_name": "Sam", "last_name": "Shared", "email": email, "title": "Leaking roof", "description": "Water in the attic.", "altcha": solution}))
        .send()
        .await
        .expect("submit");
    assert_eq!(created.status(), StatusCode::ACCEPTED);
    let cases = json_of(
        app.client
            .get(app.url("/api/v1/cases"))
            .bearer_auth(token)
            .send()
            .await
            .expect("cases"),
    )
    .await;
    cases["items"]
        .as_array()
        .expect("items")
        .last()
        .expect("a case")["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

async fn enable_sharing(app: &TestApp, token: &str) {
    let patched = app
        .client
        .patch(app.url("/api/v1/forms/contact"))
        .bearer_auth(token)
        .json(&json!({"share_links_enabled": true}))
        .send()
        .await
        .expect("patch");
    assert_eq!(patched.status(), StatusCode::OK);
}

async fn share(app: &TestApp, token: &str, case: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/cases/{case}/share-links")))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("share")
}

fn path_of(url: &str) -> String {
    url.strip_prefix(PUBLIC_BASE).expect("base").to_owned()
}

async fn share_view_revoke(app: &TestApp) {
    let org = app.bootstrap("sharing").await;
    let case = a_case(app, "sharing", &org.token, "sam@example.org").await;
    let comment = app
        .client
        .post(app.url(&format!("/api/v1/cases/{case}/comments")))
        .bearer_auth(&org.token)
        .json(&json!({"body": "internal: check the insurance", "visibility": "internal"}))
        .send()
        .await
        .expect("comment");
    assert_eq!(comment.status(), StatusCode::CREATED);

    // The addon is off by default: 409 with a clear type.
    let off = share(app, &org.token, &case, &json!({})).await;
    assert_eq!(off.status(), StatusCode::CONFLICT);
    assert_eq!(
        json_of(off).await["type"],
        "urn:frontdesk:problem:share-links-disabled"
    );
    enable_sharing(app, &org.token).await;

    let created = share(app, &org.token, &case, &json!({"label": "for the insurer"})).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = json_of(created).await;
    let url = created["url"].as_str().expect("url");
    assert!(url.starts_with(&format!("{PUBLIC_BASE}/s/fds_")));
    assert!(
        created["mailto"]
            .as_str()
            .expect("mailto")
            .starts_with("mailto:")
    );
    let link_id = created["id"].as_str().expect("id").to_owned();

    let page = app
        .client
        .get(app.url(&path_of(url)))
        .header("user-agent", "e2e-test")
        .send()
        .await
        .expect("view");
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    assert_eq!(page.headers()["cache-control"], "no-store");
    assert!(
        page.headers()["x-robots-tag"]
            .to_str()
            .expect("robots")
            .contains("noindex")
    );
    assert!(page.headers().contains_key("content-security-policy"));
    let html = page.text().await.expect("html");
    assert!(html.contains("Leaking roof") && html.contains("<html lang=\"en\""));
    assert!(!html.contains("insurance"), "internal notes never show");
    assert!(
        !html.contains("sam@example.org"),
        "contact details do not show"
    );
    assert!(html.contains("/staff/login"));

    let listed = json_of(
        app.client
            .get(app.url(&format!("/api/v1/cases/{case}/share-links")))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("list"),
    )
    .await;
    assert_eq!(listed[0]["views"], 1);
    assert!(
        !listed.to_string().contains("fds_"),
        "tokens are never listed"
    );
    let views = json_of(
        app.client
            .get(app.url(&format!("/api/v1/share-links/{link_id}/views")))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("views"),
    )
    .await;
    assert_eq!(views[0]["user_agent"], "e2e-test");
    assert!(!views.to_string().contains("127.0.0.1"), "IPs are hashed");

    let revoked = app
        .client
        .delete(app.url(&format!("/api/v1/share-links/{link_id}")))
        .bearer_auth(&org.token)
        .send()
        .await
        .expect("revoke");
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let gone = app
        .client
        .get(app.url(&path_of(url)))
        .send()
        .await
        .expect("view");
    assert_eq!(gone.status(), StatusCode::GONE);

    // Wrong kind, truncated, padded, guessed: 404, telling nothing more.
    let token = path_of(url).trim_start_matches("/s/").to_owned();
    for bad in [
        format!("/s/{}", token.replacen("fds_", "fdg_", 1)),
        format!("/s/{}", &token[..token.len() - 1]),
        format!("/s/{token}="),
        "/s/fds_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned(),
    ] {
        assert_eq!(
            app.client
                .get(app.url(&bad))
                .send()
                .await
                .expect("bad")
                .status(),
            StatusCode::NOT_FOUND,
            "{bad}"
        );
    }
}

async fn limited_and_protected_links(app: &TestApp) {
    let org = app.bootstrap("limits").await;
    let case = a_case(app, "limits", &org.token, "lim@example.org").await;
    enable_sharing(app, &org.token).await;

    for bad in [
        json!({"max_views": 0}),
        json!({"expires_at": "2100-01-01T00:00:00Z"}),
        json!({"expires_at": "2000-01-01T00:00:00Z"}),
        json!({"password": "short"}),
    ] {
        let refused = share(app, &org.token, &case, &bad).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }

    // max_views: GET is an interstitial that counts nothing; 32 concurrent POSTs count 3.
    let limited = json_of(share(app, &org.token, &case, &json!({"max_views": 3})).await).await;
    let path = path_of(limited["url"].as_str().expect("url"));
    for _ in 0..5 {
        let interstitial = app.client.get(app.url(&path)).send().await.expect("get");
        assert_eq!(interstitial.status(), StatusCode::OK);
        assert!(
            !interstitial
                .text()
                .await
                .expect("html")
                .contains("Leaking roof")
        );
    }
    let posts = (0..32).map(|_| {
        let request = app.client.post(app.url(&path)).form(&[("go", "1")]);
        async move { request.send().await.expect("post").status() }
    });
    let statuses = futures::future::join_all(posts).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        3,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::GONE)
    );
    assert_eq!(
        app.client
            .get(app.url(&path))
            .send()
            .await
            .expect("get")
            .status(),
        StatusCode::GONE
    );

    // Password: a page first; wrong passwords answer the same page; the right one shows it.
    let protected = json_of(
        share(
            app,
            &org.token,
            &case,
            &json!({"password": "a long shared secret"}),
        )
        .await,
    )
    .await;
    let path = path_of(protected["url"].as_str().expect("url"));
    let page = app.client.get(app.url(&path)).send().await.expect("get");
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.text()
            .await
            .expect("html")
            .contains("type=\"password\"")
    );
    let wrong = app
        .client
        .post(app.url(&path))
        .form(&[("password", "not it at all")])
        .send()
        .await
        .expect("post");
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let right = app
        .client
        .post(app.url(&path))
        .form(&[("password", "a long shared secret")])
        .send()
        .await
        .expect("post");
    assert_eq!(right.status(), StatusCode::OK);
    assert!(right.text().await.expect("html").contains("Leaking roof"));
}

async fn who_may_share(app: &TestApp) {
    let org = app.bootstrap("permissions").await;
    let case = a_case(app, "permissions", &org.token, "perm@example.org").await;
    enable_sharing(app, &org.token).await;
    let agent = json_of(
        app.client
            .post(app.url("/api/v1/staff-users"))
            .bearer_auth(&org.token)
            .json(&json!({"email": "agent@permissions.example", "name": "Agent", "profiles": ["agent"]}))
            .send()
            .await
            .expect("agent"),
    )
    .await;
    let agent_id = agent["user"]["id"].as_str().expect("id").to_owned();
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
    assert_eq!(
        share(app, &agent_token, &case, &json!({})).await.status(),
        StatusCode::FORBIDDEN
    );
    let granted = app
        .client
        .put(app.url("/api/v1/forms/contact/share-permissions"))
        .bearer_auth(&org.token)
        .json(&json!({"profile": "agent", "share_publicly": true}))
        .send()
        .await
        .expect("grant");
    assert_eq!(granted.status(), StatusCode::NO_CONTENT);
    let permissions = json_of(
        app.client
            .get(app.url("/api/v1/forms/contact/share-permissions"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("list"),
    )
    .await;
    assert!(
        permissions
            .as_array()
            .expect("list")
            .iter()
            .any(|p| p["profile"] == "agent" && p["share_publicly"] == true)
    );
    assert_eq!(
        share(app, &agent_token, &case, &json!({})).await.status(),
        StatusCode::CREATED
    );

    // Another organisation's case: 404, never the data.
    let other = app.bootstrap("elsewhere").await;
    enable_sharing(app, &other.token).await;
    assert_eq!(
        share(app, &other.token, &case, &json!({})).await.status(),
        StatusCode::NOT_FOUND
    );
}

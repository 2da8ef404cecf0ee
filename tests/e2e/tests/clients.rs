//! Clients over HTTP, on SQLite and on PostgreSQL: the staff API (create, list and search
//! with `%` literal, read with contacts and case count, rename, another organisation's
//! client answering 404), contacts and cases linked to a client, a case made public, the
//! case list's client filter, another organisation's client refused on a case (422); and
//! the console's clients pages, signed in like a browser.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use frontdesk_e2e::{TestApp, TestOrg, hidden_input, json_of, solved_captcha};
use reqwest::StatusCode;
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(app => clients_over_the_api, clients_in_the_console);

async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("get")
}

async fn post(app: &TestApp, token: &str, path: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("post")
}

async fn patch(app: &TestApp, token: &str, path: &str, body: &Value) -> reqwest::Response {
    app.client
        .patch(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("patch")
}

/// Creates a client named `name`; returns its id.
async fn create_client(app: &TestApp, org: &TestOrg, name: &str) -> String {
    let created = post(app, &org.token, "/api/v1/clients", &json!({ "name": name })).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let body = json_of(created).await;
    assert_eq!(
        body["name"],
        name.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    assert!(
        body["created_at"]
            .as_str()
            .is_some_and(|at| at.ends_with('Z'))
    );
    body["id"].as_str().expect("id").to_owned()
}

/// Submits a public case to `org`'s contact form (from an address of its own: one mail per
/// recipient per minute) and returns the organisation's newest case.
async fn submit(app: &TestApp, org: &TestOrg, slug: &str, title: &str) -> Value {
    let accepted = app
        .client
        .post(app.url(&format!("/api/v1/public/orgs/{slug}/forms/contact/cases")))
        .json(&json!({
            "first_name": "Gail", "last_name": "Guest",
            "email": format!("{}@example.org", title.to_lowercase().replace(' ', ".")),
            "title": title, "description": "Please help.", "altcha": solved_captcha(app).await,
        }))
        .send()
        .await
        .expect("submit");
    assert_eq!(
        accepted.status(),
        StatusCode::ACCEPTED,
        "{:?}",
        accepted.text().await
    );
    let cases = json_of(get(app, &org.token, "/api/v1/cases").await).await;
    cases["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|case| case["title"] == title)
        .cloned()
        .expect("the new case")
}

fn names(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["name"].as_str().expect("name"))
        .collect()
}

async fn clients_over_the_api(app: &TestApp) {
    let acme = app.bootstrap("acme").await;
    let other = app.bootstrap("other").await;
    let profits = create_client(app, &acme, "More   Profits Inc.").await;
    let percent = create_client(app, &acme, "100% Sure").await;
    create_client(app, &acme, "Acme Widgets").await;
    let theirs = create_client(app, &other, "Their Client").await;

    let invalid = post(
        app,
        &acme.token,
        "/api/v1/clients",
        &json!({ "name": "  " }),
    )
    .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(invalid).await["errors"][0]["field"], "name");

    let all = json_of(get(app, &acme.token, "/api/v1/clients").await).await;
    assert_eq!(
        names(&all),
        ["100% Sure", "Acme Widgets", "More Profits Inc."]
    );
    assert_eq!(all["total"], 3);
    assert_eq!(all["page"], 1);
    assert!(all["next_page"].is_null() && all["next_after"].is_null());
    let paged = json_of(get(app, &acme.token, "/api/v1/clients?per_page=2&page=1").await).await;
    assert_eq!(
        (paged["total"].as_u64(), paged["next_page"].as_u64()),
        (Some(3), Some(2))
    );
    let found = json_of(get(app, &acme.token, "/api/v1/clients?q=%25").await).await;
    assert_eq!(names(&found), ["100% Sure"], "% matches only itself");
    let found = json_of(get(app, &acme.token, "/api/v1/clients?q=PROFITS").await).await;
    assert_eq!(names(&found), ["More Profits Inc."]);
    let theirs_listed = json_of(get(app, &other.token, "/api/v1/clients").await).await;
    assert_eq!(names(&theirs_listed), ["Their Client"]);

    // Another organisation's client is not found, read or changed.
    for path in [
        format!("/api/v1/clients/{theirs}"),
        "/api/v1/clients/nope".to_owned(),
    ] {
        let missing = get(app, &acme.token, &path).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let hijack = patch(
        app,
        &acme.token,
        &format!("/api/v1/clients/{theirs}"),
        &json!({ "name": "Hijacked" }),
    )
    .await;
    assert_eq!(hijack.status(), StatusCode::NOT_FOUND);

    // Rename.
    let renamed = patch(
        app,
        &acme.token,
        &format!("/api/v1/clients/{profits}"),
        &json!({ "name": "More Profits Ltd" }),
    )
    .await;
    assert_eq!(renamed.status(), StatusCode::OK);
    assert_eq!(json_of(renamed).await["name"], "More Profits Ltd");

    // A contact created for the client; another organisation's client is refused.
    let contact = post(
        app,
        &acme.token,
        "/api/v1/contacts",
        &json!({"email": "john@profits.example", "first_name": "John", "last_name": "Smith", "client_id": profits}),
    )
    .await;
    assert_eq!(contact.status(), StatusCode::CREATED);
    let contact = json_of(contact).await;
    assert_eq!(contact["client_id"], profits.as_str());
    let stranger = post(
        app,
        &acme.token,
        "/api/v1/contacts",
        &json!({"email": "eve@other.example", "first_name": "Eve", "last_name": "Other", "client_id": theirs}),
    )
    .await;
    assert_eq!(stranger.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(stranger).await["errors"][0]["field"], "client_id");

    // A case linked to the client and made public.
    let case = submit(app, &acme, "acme", "Invoice missing").await;
    let unrelated = submit(app, &acme, "acme", "Printer jam").await;
    assert!(case["client_id"].is_null());
    assert_eq!(case["public"], false);
    let case_path = format!("/api/v1/cases/{}", case["id"].as_str().expect("id"));
    let linked = patch(
        app,
        &acme.token,
        &case_path,
        &json!({ "client_id": profits, "public": true }),
    )
    .await;
    assert_eq!(linked.status(), StatusCode::OK);
    let linked = json_of(linked).await;
    assert_eq!(
        (&linked["client_id"], &linked["public"]),
        (&json!(profits), &json!(true))
    );
    let detail = json_of(get(app, &acme.token, &case_path).await).await;
    assert_eq!(detail["client_name"], "More Profits Ltd");
    let events: Vec<&str> = detail["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|entry| entry["visibility"] == "internal")
        .map(|entry| entry["event"]["type"].as_str().expect("type"))
        .collect();
    assert_eq!(events, ["client_changed", "public_changed"]);

    let refused = patch(
        app,
        &acme.token,
        &case_path,
        &json!({ "client_id": theirs, "public": null }),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = json_of(refused).await;
    let fields: Vec<&str> = refused["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|error| error["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["public"], "the wire's problems come first");
    let refused = patch(
        app,
        &acme.token,
        &case_path,
        &json!({ "client_id": theirs }),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(refused).await["errors"][0]["field"], "client_id");
    let detail = json_of(get(app, &acme.token, &case_path).await).await;
    assert_eq!(detail["client_id"], profits.as_str(), "nothing changed");

    // The case list's client filter.
    let filtered =
        json_of(get(app, &acme.token, &format!("/api/v1/cases?client={profits}")).await).await;
    let titles: Vec<&str> = filtered["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|case| case["title"].as_str().expect("title"))
        .collect();
    assert_eq!(titles, ["Invoice missing"]);
    assert!(unrelated["client_id"].is_null());
    let none = json_of(
        get(
            app,
            &other.token,
            &format!("/api/v1/cases?client={profits}"),
        )
        .await,
    )
    .await;
    assert!(none["items"].as_array().expect("items").is_empty());

    // The client with its contacts and case count.
    let client = json_of(get(app, &acme.token, &format!("/api/v1/clients/{profits}")).await).await;
    assert_eq!(client["name"], "More Profits Ltd");
    assert_eq!(client["case_count"], 1);
    assert_eq!(client["contacts"][0]["email"], "john@profits.example");
    assert_eq!(client["contacts"].as_array().map(Vec::len), Some(1));

    // Clearing the client.
    let cleared = patch(app, &acme.token, &case_path, &json!({ "client_id": null })).await;
    assert_eq!(cleared.status(), StatusCode::OK);
    assert!(json_of(cleared).await["client_id"].is_null());
    let client = json_of(get(app, &acme.token, &format!("/api/v1/clients/{percent}")).await).await;
    assert_eq!(client["case_count"], 0);
}

/// A signed-in console session.
struct Staff<'a> {
    app: &'a TestApp,
    session: String,
    csrf: String,
}

impl Staff<'_> {
    async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .app
            .client
            .get(self.app.url(path))
            .header("cookie", format!("fd_session={}", self.session))
            .send()
            .await
            .expect("get");
        (response.status(), response.text().await.expect("body"))
    }

    /// Posts the form (with the CSRF token); answers the status and the `Location`.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, Option<String>) {
        let mut form: Vec<(&str, &str)> = vec![("csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        let response = self
            .app
            .client
            .post(self.app.url(path))
            .header("cookie", format!("fd_session={}", self.session))
            .form(&form)
            .send()
            .await
            .expect("post");
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        (response.status(), location)
    }
}

/// Sets the admin's password through the setup link, then signs in at `/staff/login`.
async fn sign_in<'a>(app: &'a TestApp, org: &TestOrg, slug: &str) -> Staff<'a> {
    let password = "correct horse battery staple";
    frontdesk_e2e::set_password(app, &org.setup_path(), password).await;
    let email = format!("admin@{slug}.example");
    let session = frontdesk_e2e::staff_session(app, slug, &email, password).await;
    let mut staff = Staff {
        app,
        session,
        csrf: String::new(),
    };
    let (status, html) = staff.get("/staff/clients").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    staff.csrf = hidden_input(&html, "csrf");
    staff
}

async fn clients_in_the_console(app: &TestApp) {
    let acme = app.bootstrap("acme").await;
    let other = app.bootstrap("other").await;
    let theirs = create_client(app, &other, "Their Client").await;
    let staff = sign_in(app, &acme, "acme").await;

    let (status, html) = staff.get("/staff/clients").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(r#"href="/staff/clients""#),
        "Clients in the navigation"
    );
    assert!(html.contains("New client") && html.contains("No clients yet."));

    let (status, html) = staff.get("/staff/clients/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Create client"));
    let (status, _) = staff.post("/staff/clients/new", &[("name", " ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, location) = staff
        .post("/staff/clients/new", &[("name", "More Profits Inc.")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let page = location.expect("the new client's page");
    assert!(page.starts_with("/staff/clients/"));
    let id = page.trim_start_matches("/staff/clients/").to_owned();

    // Its page; rename; a contact and a case of the client show on it.
    let (status, html) = staff.get(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("More Profits Inc.") && html.contains("Contact users"));
    let (status, location) = staff
        .post(&format!("{page}/name"), &[("name", "More Profits Ltd")])
        .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some(page.as_str()))
    );
    // A contact created for the client from its page's link; another organisation's client
    // is refused on the field.
    let (_, html) = staff.get(&page).await;
    let new_contact = format!("/staff/contacts/new?client={id}");
    assert!(html.contains(&new_contact), "New contact for this client");
    let (status, html) = staff.get(&new_contact).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!(
            r#"<option value="{id}" selected>More Profits Ltd</option>"#
        )),
        "{html}"
    );
    let contact = [
        ("first_name", "John"),
        ("last_name", "Smith"),
        ("email", "john@profits.example"),
        ("phone", ""),
        ("address", ""),
        ("client", theirs.as_str()),
    ];
    let (status, _) = staff.post("/staff/contacts/new", &contact).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut contact = contact;
    contact[5] = ("client", id.as_str());
    let (status, location) = staff.post("/staff/contacts/new", &contact).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.is_some_and(|to| to.starts_with("/staff/contacts/")));
    let case = submit(app, &acme, "acme", "Invoice missing").await;
    let case_id = case["id"].as_str().expect("id");
    let unrelated = submit(app, &acme, "acme", "Printer jam").await;
    let unrelated_id = unrelated["id"].as_str().expect("id");

    // The case page's Details panel: Client select and Public case checkbox.
    let case_page = format!("/staff/cases/{case_id}");
    let (status, html) = staff.get(&case_page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"name="client""#) && html.contains("Public case"));
    assert!(
        html.contains(&format!(
            r#"<option value="{id}">More Profits Ltd</option>"#
        )),
        "{html}"
    );
    let details = [
        ("title", "Invoice missing"),
        ("description", "Please help."),
        ("priority", "normal"),
        ("project", ""),
        ("client", id.as_str()),
        ("public", "on"),
    ];
    let (status, _) = staff.post(&format!("{case_page}/details"), &details).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let detail = json_of(get(app, &acme.token, &format!("/api/v1/cases/{case_id}")).await).await;
    assert_eq!(
        (&detail["client_id"], &detail["public"]),
        (&json!(id), &json!(true))
    );
    let (_, html) = staff.get(&case_page).await;
    assert!(html.contains(&format!(
        r#"<option value="{id}" selected>More Profits Ltd</option>"#
    )));
    assert!(html.contains("Made a public case"));
    let mut stranger = details;
    stranger[4] = ("client", theirs.as_str());
    let (status, _) = staff.post(&format!("{case_page}/details"), &stranger).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "refused with a flash");
    let detail = json_of(get(app, &acme.token, &format!("/api/v1/cases/{case_id}")).await).await;
    assert_eq!(
        detail["client_id"],
        id.as_str(),
        "another organisation's client is refused"
    );

    let (_, html) = staff.get(&page).await;
    assert!(html.contains("More Profits Ltd"));
    assert!(html.contains("John Smith") && html.contains("john@profits.example"));
    assert!(html.contains(&format!(r#"href="/staff/cases/{case_id}""#)));
    assert!(html.contains("1 case"));
    let filtered = format!("/staff/cases?client={id}");
    assert!(html.contains(&filtered), "All cases of this client");
    let (status, html) = staff.get(&filtered).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!(r#"href="/staff/cases/{case_id}""#)));
    assert!(html.contains(&format!(r#"name="client" value="{id}""#)));
    assert!(!html.contains(&format!(r#"href="/staff/cases/{unrelated_id}""#)));

    // The list and its search.
    let (_, html) = staff.get("/staff/clients?q=profits").await;
    assert!(html.contains("1 client") && html.contains(&page));
    let (_, html) = staff.get("/staff/clients?q=%25").await;
    assert!(html.contains("No client matches"));

    // Another organisation's client is not found.
    let (status, _) = staff.get(&format!("/staff/clients/{theirs}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = staff.get("/staff/clients/not-an-id").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

//! The console's contact users pages over real HTTP on SQLite and PostgreSQL, signed in
//! through `/staff/login` like a browser, with mail read from a real SMTP server on
//! loopback: **Add contact user** on the client page (what was typed kept; a taken username
//! explained beside its field, 409); the contact user's page (**Send password** mails a
//! temporary password that no page ever shows, "Sent to …"; a taken username when renamed;
//! **Disable**/**Enable**); **Grant access to all public cases**, a per-case grant, the
//! Open / Closed filter, **Revoke**; another client's case refused with a readable message;
//! the case page's **Who has access** panel shows and drops each entry; another
//! organisation's contact user is the 404 page; a form without its CSRF token changes
//! nothing — in English and in French.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::Duration;

use frontdesk_access::{BootstrapOrganisation, OrgName, OrgSlug};
use frontdesk_e2e::mail_text;
use frontdesk_e2e::{PUBLIC_BASE, TestApp, TestOrg, hidden_input, json_of, set_cookie};
use frontdesk_kernel::{EmailAddress, Language, PersonName};
use frontdesk_mail::test_support::{SinkBehaviour, SmtpSink};
use reqwest::StatusCode;
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(url => contact_users_in_english, contact_users_in_french);

/// The words a scenario looks for, in the organisation's language.
struct Words {
    add: &'static str,
    send_password: &'static str,
    public_cases: &'static str,
    who: &'static str,
    username_taken: &'static str,
    sent_to: &'static str,
    staff_of: &'static str,
    by_grant: &'static str,
    by_rule: &'static str,
    unknown_case: &'static str,
    not_found: &'static str,
    expired: &'static str,
    enable: &'static str,
}

const ENGLISH: Words = Words {
    add: "Add contact user",
    send_password: "Send password",
    public_cases: "Grant access to all public cases",
    who: "Who has access",
    username_taken: "This username is taken in your organisation.",
    sent_to: "Sent to John.Smith@more-profits.example.",
    staff_of: "Staff of Org",
    by_grant: "Editor by grant since",
    by_rule: "Viewer through",
    unknown_case: "That case is not one of this user",
    not_found: "Not found",
    expired: "This form expired",
    enable: ">Enable<",
};

const FRENCH: Words = Words {
    add: "Ajouter un utilisateur contact",
    send_password: "Envoyer le mot de passe",
    public_cases: "Donner accès à tous les dossiers publics",
    who: "Qui a accès",
    username_taken: "Cet identifiant est déjà pris dans votre organisation.",
    sent_to: "Envoyé à John.Smith@more-profits.example.",
    staff_of: "L’équipe de Org",
    by_grant: "Éditeur par accès accordé depuis",
    by_rule: "Lecteur via",
    unknown_case: "Ce dossier n’appartient à aucun des clients",
    not_found: "Introuvable",
    expired: "Ce formulaire a expiré",
    enable: ">Activer<",
};

/// A signed-in console session.
struct Staff<'a> {
    app: &'a TestApp,
    session: String,
    csrf: String,
}

/// What a console request answered.
struct Answer {
    status: StatusCode,
    location: Option<String>,
    flash: Option<String>,
    html: String,
}

impl Staff<'_> {
    async fn get(&self, path: &str) -> Answer {
        self.get_with_flash(path, None).await
    }

    async fn get_with_flash(&self, path: &str, flash: Option<&str>) -> Answer {
        let cookie = match flash {
            Some(flash) => format!("fd_session={}; fd_flash={flash}", self.session),
            None => format!("fd_session={}", self.session),
        };
        let response = self
            .app
            .client
            .get(self.app.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .expect("get");
        answer(response).await
    }

    /// `POST path` with this session's CSRF token and `fields`.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let mut form: Vec<(&str, &str)> = vec![("csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        self.post_raw(path, &form).await
    }

    async fn post_raw(&self, path: &str, form: &[(&str, &str)]) -> Answer {
        let response = self
            .app
            .client
            .post(self.app.url(path))
            .header("cookie", format!("fd_session={}", self.session))
            .form(form)
            .send()
            .await
            .expect("post");
        answer(response).await
    }

    /// A `POST` that must answer 303 with the flash `flash`; returns where it went and the
    /// page there, with the flash shown.
    async fn post_ok(&self, path: &str, fields: &[(&str, &str)], flash: &str) -> (String, String) {
        let answer = self.post(path, fields).await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "{path}: {}",
            answer.html
        );
        let location = answer.location.expect("a redirect");
        let cookie = answer.flash.expect("a flash message");
        assert!(cookie.ends_with(flash), "{cookie} is not {flash}");
        let page = self.get_with_flash(&location, Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{location}");
        (location, page.html)
    }
}

async fn answer(response: reqwest::Response) -> Answer {
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let flash = set_cookie(response.headers(), "fd_flash");
    Answer {
        status: response.status(),
        location,
        flash,
        html: response.text().await.expect("body"),
    }
}

async fn organisation(app: &TestApp, slug: &str, language: Language) -> TestOrg {
    let created = app
        .access
        .bootstrap(BootstrapOrganisation {
            slug: OrgSlug::parse(slug).expect("slug"),
            name: OrgName::parse(&format!("Org {slug}")).expect("name"),
            admin_email: EmailAddress::parse(&format!("admin@{slug}.example")).expect("email"),
            admin_name: PersonName::parse("Ada Admin").expect("name"),
            base_url: PUBLIC_BASE.parse().expect("url"),
            default_language: language,
        })
        .await
        .expect("bootstrap succeeds");
    let token = created.api_token.expose().to_owned();
    TestOrg { created, token }
}

async fn sign_in<'a>(app: &'a TestApp, org: &TestOrg) -> Staff<'a> {
    let password = "correct horse battery staple";
    frontdesk_e2e::set_password(app, &org.setup_path(), password).await;
    let slug = org.created.organisation.slug.as_str().to_owned();
    let email = format!("admin@{slug}.example");
    let session = frontdesk_e2e::staff_session(app, &slug, &email, password).await;
    let mut staff = Staff {
        app,
        session,
        csrf: String::new(),
    };
    let list = staff.get("/staff/clients").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.html);
    staff.csrf = hidden_input(&list.html, "csrf");
    staff
}

async fn api(
    app: &TestApp,
    org: &TestOrg,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> Value {
    let mut request = app
        .client
        .request(method, app.url(path))
        .bearer_auth(&org.token);
    if !body.is_null() {
        request = request.json(&body);
    }
    let response = request.send().await.expect("api");
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    json_of(response).await
}

/// A case on the contact form, on `client`; answers its id.
async fn new_case(app: &TestApp, org: &TestOrg, title: &str, client: &str) -> String {
    let slug = org.created.organisation.slug.as_str().to_owned();
    let accepted = app
        .client
        .post(app.url(&format!("/api/v1/public/orgs/{slug}/forms/contact/cases")))
        .json(&json!({
            "first_name": "Guest", "last_name": "Person", "email": format!("{title}@guests.example").replace(' ', "-"),
            "title": title, "description": "Please help.",
            "altcha": frontdesk_e2e::solved_captcha(app).await,
        }))
        .send()
        .await
        .expect("submit");
    assert_eq!(accepted.status(), StatusCode::ACCEPTED);
    let cases = api(app, org, reqwest::Method::GET, "/api/v1/cases", Value::Null).await;
    let id = cases["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|case| case["title"] == title)
        .expect("the new case is listed")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    api(
        app,
        org,
        reqwest::Method::PATCH,
        &format!("/api/v1/cases/{id}"),
        json!({"client_id": client}),
    )
    .await;
    id
}

/// The id in a `/staff/contact-users/{id}` address.
fn user_of(location: &str) -> String {
    location
        .strip_prefix("/staff/contact-users/")
        .expect("a contact user's page")
        .to_owned()
}

async fn contact_users_in_english(database_url: &str) {
    scenario(database_url, Language::En, &ENGLISH).await;
}

async fn contact_users_in_french(database_url: &str) {
    scenario(database_url, Language::Fr, &FRENCH).await;
}

async fn scenario(database_url: &str, language: Language, words: &Words) {
    let sink = SmtpSink::start(SinkBehaviour::default())
        .await
        .expect("SMTP sink starts");
    let smtp = format!("smtp://{}", sink.address());
    let app = TestApp::start_with(
        database_url,
        &[
            ("FRONTDESK_MAIL", &smtp),
            ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "20"),
        ],
    )
    .await;
    let org = organisation(&app, "workbook", language).await;
    let staff = sign_in(&app, &org).await;
    let client = api(
        &app,
        &org,
        reqwest::Method::POST,
        "/api/v1/clients",
        json!({"name": "More Profits Inc."}),
    )
    .await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let client_page = format!("/staff/clients/{client}");

    // The client page offers Add contact user; a bad address keeps what was typed (422).
    let page = staff.get(&client_page).await;
    assert!(page.html.contains(words.add), "{}", page.html);
    let add = format!("{client_page}/contact-users");
    let refused = staff
        .post(
            &add,
            &[
                ("first_name", "John"),
                ("last_name", "Smith"),
                ("email", "john@"),
                ("username", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.html.contains(r#"value="john@""#),
        "{}",
        refused.html
    );
    assert!(refused.html.contains(r#"id="new-user-email-error""#));

    // Created: the page of the new user; the client page lists it.
    let (location, html) = staff
        .post_ok(
            &add,
            &[
                ("first_name", "John"),
                ("last_name", "Smith"),
                ("email", "John.Smith@more-profits.example"),
                ("username", "jsmith"),
            ],
            "flash-contact-user-created",
        )
        .await;
    let john = user_of(&location);
    assert!(html.contains("John Smith"), "{html}");
    assert!(html.contains(words.send_password));
    assert!(html.contains(words.public_cases));
    let listed = staff.get(&client_page).await.html;
    assert!(listed.contains(&location), "{listed}");
    assert!(listed.contains("jsmith"));

    // The same username again, in capitals: 409, explained beside the field, kept.
    let taken = staff
        .post(
            &add,
            &[
                ("first_name", "Jane"),
                ("last_name", "Smith"),
                ("email", "jane@more-profits.example"),
                ("username", "JSMITH"),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert!(taken.html.contains(words.username_taken), "{}", taken.html);
    assert!(taken.html.contains(r#"value="JSMITH""#));
    assert!(taken.html.contains(r#"value="jane@more-profits.example""#));
    let (jane_location, _) = staff
        .post_ok(
            &add,
            &[
                ("first_name", "Jane"),
                ("last_name", "Smith"),
                ("email", "jane@more-profits.example"),
                ("username", ""),
            ],
            "flash-contact-user-created",
        )
        .await;
    let renamed = staff
        .post(
            &format!("{jane_location}/username"),
            &[("username", "JSmith")],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::CONFLICT);
    assert!(renamed.html.contains(words.username_taken));
    assert!(renamed.html.contains(r#"value="JSmith""#));
    staff
        .post_ok(
            &format!("{jane_location}/username"),
            &[("username", "jane.s")],
            "flash-contact-user-saved",
        )
        .await;

    // Send password: the mail carries the temporary password; no page ever shows it.
    let (_, sent) = staff
        .post_ok(
            &format!("{location}/send-password"),
            &[("mode", "temporary")],
            "flash-contact-user-password-sent",
        )
        .await;
    assert!(sent.contains(words.sent_to), "{sent}");
    let mail = sink.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(mail[0].rcpt_to, ["John.Smith@more-profits.example"]);
    let text = mail_text(&mail[0]);
    assert!(text.contains("jsmith"), "{text}");
    let shown = staff.get(&location).await.html;
    let secret = text
        .split_whitespace()
        .find(|word| word.len() == 24 && word.matches('-').count() == 4)
        .expect("the mail carries a grouped temporary password")
        .to_owned();
    assert!(!sent.contains(&secret) && !shown.contains(&secret));

    // Again within the minute: held back and said so.
    staff
        .post_ok(
            &format!("{location}/send-password"),
            &[("mode", "temporary")],
            "flash-contact-user-mailed-recently",
        )
        .await;

    // Jane gets a set-password link instead; no page shows it either.
    let (_, linked) = staff
        .post_ok(
            &format!("{jane_location}/send-password"),
            &[("mode", "link")],
            "flash-contact-user-password-sent",
        )
        .await;
    assert!(linked.contains("jane@more-profits.example"), "{linked}");
    let mail = sink.wait_for(2, Duration::from_secs(20)).await;
    assert_eq!(mail.len(), 2, "the held-back mail was not sent");
    let to_jane = mail
        .iter()
        .find(|mail| mail.rcpt_to == ["jane@more-profits.example"])
        .expect("Jane's mail");
    assert!(mail_text(to_jane).contains(&format!("{PUBLIC_BASE}/a/fda_")));
    assert!(!linked.contains("fda_"));

    // Disable, then Enable.
    let (_, disabled) = staff
        .post_ok(
            &format!("{location}/state"),
            &[("disabled", "true")],
            "flash-contact-user-disabled",
        )
        .await;
    assert!(disabled.contains(words.enable), "{disabled}");
    staff
        .post_ok(
            &format!("{location}/state"),
            &[("disabled", "false")],
            "flash-contact-user-enabled",
        )
        .await;

    // Cases: two of the client (one public), one of another client.
    let open_case = new_case(&app, &org, "Heating broken", &client).await;
    let public_case = new_case(&app, &org, "Public notice", &client).await;
    api(
        &app,
        &org,
        reqwest::Method::PATCH,
        &format!("/api/v1/cases/{public_case}"),
        json!({"public": true}),
    )
    .await;
    let rivals = api(
        &app,
        &org,
        reqwest::Method::POST,
        "/api/v1/clients",
        json!({"name": "Rivals"}),
    )
    .await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let other_case = new_case(&app, &org, "Not yours", &rivals).await;

    // Who has access: only staff so far.
    let case_page = format!("/staff/cases/{open_case}");
    let before = staff.get(&case_page).await.html;
    assert!(before.contains(words.who), "{before}");
    assert!(before.contains(words.staff_of));
    assert!(!before.contains(&location));

    // Grant one case (editor): listed on the user's page, shown on the case page.
    let page = staff.get(&location).await.html;
    assert!(
        page.contains("Heating broken") && !page.contains("Not yours"),
        "{page}"
    );
    let (_, granted) = staff
        .post_ok(
            &format!("{location}/grants"),
            &[("case", open_case.as_str()), ("role", "editor")],
            "flash-contact-user-granted",
        )
        .await;
    assert!(granted.contains("/revoke"), "{granted}");
    let after = staff.get(&case_page).await.html;
    assert!(after.contains(&location), "{after}");
    assert!(after.contains(words.by_grant), "{after}");
    let open_only = staff.get(&format!("{location}?status=open")).await.html;
    assert!(open_only.contains("/revoke"));
    let closed_only = staff.get(&format!("{location}?status=closed")).await.html;
    assert!(!closed_only.contains("/revoke"), "{closed_only}");

    // Another client's case: a readable refusal, nothing granted.
    let (_, refused) = staff
        .post_ok(
            &format!("{location}/grants"),
            &[("case", other_case.as_str()), ("role", "viewer")],
            "flash-contact-user-grant-unknown-case",
        )
        .await;
    assert!(refused.contains(words.unknown_case), "{refused}");
    let other_page = staff.get(&format!("/staff/cases/{other_case}")).await.html;
    assert!(!other_page.contains(&location));

    // The rule: open public cases; the public case's panel names the user through it.
    staff
        .post_ok(
            &format!("{location}/public-cases"),
            &[("open", "on")],
            "flash-contact-user-public-cases-saved",
        )
        .await;
    let public_page = format!("/staff/cases/{public_case}");
    let covered = staff.get(&public_page).await.html;
    assert!(covered.contains(&location), "{covered}");
    assert!(covered.contains(words.by_rule), "{covered}");
    let rule = api(
        &app,
        &org,
        reqwest::Method::GET,
        &format!("/api/v1/contact-users/{john}/public-cases"),
        Value::Null,
    )
    .await;
    assert_eq!(rule, json!({"open": true, "closed": false}));
    staff
        .post_ok(
            &format!("{location}/public-cases"),
            &[],
            "flash-contact-user-public-cases-removed",
        )
        .await;
    assert!(!staff.get(&public_page).await.html.contains(&location));

    // Revoke: gone from the user's page and from Who has access.
    let revoke = granted
        .split("action=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|action| action.ends_with("/revoke"))
        .expect("a revoke form")
        .to_owned();
    // Through another user's page the grant is not theirs: nothing is revoked.
    let elsewhere = revoke.replacen(&location, &jane_location, 1);
    staff
        .post_ok(&elsewhere, &[], "flash-contact-user-grant-gone")
        .await;
    assert!(staff.get(&case_page).await.html.contains(&location));
    staff
        .post_ok(&revoke, &[], "flash-contact-user-grant-revoked")
        .await;
    assert!(!staff.get(&case_page).await.html.contains(&location));
    assert!(!staff.get(&location).await.html.contains("/revoke"));

    // A form without its CSRF token changes nothing.
    let stale = staff
        .post_raw(
            &format!("{location}/grants"),
            &[("case", open_case.as_str())],
        )
        .await;
    assert_eq!(stale.status, StatusCode::SEE_OTHER);
    let cookie = stale.flash.expect("a flash");
    assert!(cookie.ends_with("flash-form-expired"));
    let shown = staff.get_with_flash(&location, Some(&cookie)).await.html;
    assert!(shown.contains(words.expired), "{shown}");
    assert!(!shown.contains("/revoke"));
    let stale_add = staff
        .post_raw(
            &add,
            &[
                ("first_name", "Eve"),
                ("last_name", "Stale"),
                ("email", "eve@more-profits.example"),
            ],
        )
        .await;
    assert_eq!(stale_add.status, StatusCode::SEE_OTHER);
    assert!(!staff.get(&client_page).await.html.contains("Eve Stale"));

    // Another organisation's contact user: the 404 page, and its actions change nothing.
    let other = organisation(&app, "elsewhere", language).await;
    let outsider = sign_in(&app, &other).await;
    let foreign = outsider.get(&location).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert!(foreign.html.contains(words.not_found));
    let foreign_grant = outsider
        .post(&format!("{location}/public-cases"), &[("open", "on")])
        .await;
    assert_eq!(foreign_grant.status, StatusCode::NOT_FOUND);
    let rule = api(
        &app,
        &org,
        reqwest::Method::GET,
        &format!("/api/v1/contact-users/{john}/public-cases"),
        Value::Null,
    )
    .await;
    assert_eq!(rule, json!({"open": false, "closed": false}));

    app.stop().await;
    sink.stop().await;
}

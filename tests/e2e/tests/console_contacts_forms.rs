//! The console's contacts and forms pages over real HTTP on SQLite and PostgreSQL, signed
//! in through `/staff/login` like a browser (the bootstrap admin first sets a password
//! through its setup link; double-submit CSRF cookie, then the session cookie), with mail
//! read from a real SMTP server on loopback:
//! create a contact (refused fields kept, a known address linked), find it by search, email
//! it through the outbox (and the recipient limit), associate it with a case by number;
//! create a form, edit its fields and settings and turn its Share Case Publicly addon on;
//! stale forms change nothing; other organisations' records are the 404 page; an agent
//! typing a forms address gets the 403 page — in English and in French.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::Duration;

use frontdesk_access::{BootstrapOrganisation, OrgName, OrgSlug};
use frontdesk_e2e::{PUBLIC_BASE, TestApp, TestOrg, hidden_input, json_of, path_of, set_cookie};
use frontdesk_kernel::{EmailAddress, Language, PersonName};
use frontdesk_mail::test_support::{SinkBehaviour, SmtpSink};
use reqwest::StatusCode;
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(url => contacts_and_forms_in_english,
    contacts_and_forms_in_french,
    agents_are_kept_out_of_forms
);

/// The words a scenario looks for, in the organisation's language.
struct Words {
    new_contact: &'static str,
    required: &'static str,
    bad_email: &'static str,
    exists: &'static str,
    profile: &'static str,
    email_panel: &'static str,
    send_email: &'static str,
    no_match: &'static str,
    limited: &'static str,
    unknown_case: &'static str,
    malformed_case: &'static str,
    share_addon: &'static str,
    on: &'static str,
    bad_order: &'static str,
    bad_slug: &'static str,
    slug_taken: &'static str,
    not_found: &'static str,
    message: &'static str,
    message_probe: &'static str,
}

const ENGLISH: Words = Words {
    new_contact: "New contact",
    required: "This field is required.",
    bad_email: "Enter a valid email address, like name@example.org.",
    exists: "A contact with this email address already exists.",
    profile: "Public profile",
    email_panel: "Email contact",
    send_email: "Send email",
    no_match: "No contact matches",
    limited: "please wait",
    unknown_case: "There is no case #999.",
    malformed_case: "Enter a case number, such as 42.",
    share_addon: "Share Case Publicly",
    on: "On",
    bad_order: "Enter a whole number from 1 to 999.",
    bad_slug: "An address name is 1 to 40 lower-case letters",
    slug_taken: "A form with this address name already exists.",
    not_found: "Not found",
    message: "Your parcel is ready to collect at the front desk.",
    message_probe: "parcel is ready",
};

const FRENCH: Words = Words {
    new_contact: "Nouveau contact",
    required: "Ce champ est obligatoire.",
    bad_email: "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.",
    exists: "Un contact avec cette adresse e-mail existe déjà.",
    profile: "Profil public",
    email_panel: "Écrire au contact",
    send_email: "Envoyer l’e-mail",
    no_match: "Aucun contact ne correspond",
    limited: "patientez",
    unknown_case: "Il n’y a pas de dossier #999.",
    malformed_case: "Saisissez un numéro de dossier, par exemple 42.",
    share_addon: "Partage public des dossiers",
    on: "Activé",
    bad_order: "Saisissez un nombre entier de 1 à 999.",
    bad_slug: "Un nom d’adresse comporte 1 à 40 lettres minuscules",
    slug_taken: "Un formulaire porte déjà ce nom d’adresse.",
    not_found: "Introuvable",
    message: "Votre colis vous attend à l’accueil.",
    message_probe: "colis vous attend",
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
    retry_after: Option<String>,
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
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let location = header("location");
    let retry_after = header("retry-after");
    let flash = set_cookie(response.headers(), "fd_flash");
    Answer {
        status: response.status(),
        location,
        flash,
        retry_after,
        html: response.text().await.expect("body"),
    }
}

/// Sets the password of the member whose setup link is `setup_path`, then signs them in.
async fn sign_in<'a>(app: &'a TestApp, org: &str, email: &str, setup_path: &str) -> Staff<'a> {
    let password = "correct horse battery staple";
    frontdesk_e2e::set_password(app, setup_path, password).await;
    let session = frontdesk_e2e::staff_session(app, org, email, password).await;
    let mut staff = Staff {
        app,
        session,
        csrf: String::new(),
    };
    let list = staff.get("/staff/contacts").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.html);
    staff.csrf = hidden_input(&list.html, "csrf");
    staff
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
        .expect("bootstrap");
    let token = created.api_token.expose().to_owned();
    TestOrg { created, token }
}

async fn start_with_smtp(database_url: &str, sink: &SmtpSink) -> TestApp {
    let smtp = format!("smtp://{}", sink.address());
    TestApp::start_with(
        database_url,
        &[
            ("FRONTDESK_MAIL", &smtp),
            ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "20"),
        ],
    )
    .await
}

/// Submits a case through the public API and returns it as the staff API shows it.
async fn a_case(app: &TestApp, org: &TestOrg, slug: &str, email: &str, title: &str) -> Value {
    let solution = frontdesk_e2e::solved_captcha(app).await;
    let created = app
        .client
        .post(app.url(&format!("/api/v1/public/orgs/{slug}/forms/contact/cases")))
        .json(&json!({"first_name": "Sam", "last_name": "Sharp", "email": email, "title": title, "altcha": solution}))
        .send()
        .await
        .expect("submit");
    assert_eq!(created.status(), StatusCode::ACCEPTED);
    let cases = json_of(
        app.client
            .get(app.url("/api/v1/cases"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("cases"),
    )
    .await;
    cases["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|case| case["title"] == title)
        .expect("the case")
        .clone()
}

async fn api_get(app: &TestApp, org: &TestOrg, path: &str) -> Value {
    let response = app
        .client
        .get(app.url(path))
        .bearer_auth(&org.token)
        .send()
        .await
        .expect("api");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    json_of(response).await
}

async fn contacts_and_forms_in_english(database_url: &str) {
    contacts_and_forms(database_url, Language::En, &ENGLISH).await;
}

async fn contacts_and_forms_in_french(database_url: &str) {
    contacts_and_forms(database_url, Language::Fr, &FRENCH).await;
}

async fn contacts_and_forms(database_url: &str, language: Language, words: &Words) {
    let sink = SmtpSink::start(SinkBehaviour::default())
        .await
        .expect("SMTP sink starts");
    let app = start_with_smtp(database_url, &sink).await;
    let slug = format!("desk-{}", language.code());
    let org = organisation(&app, &slug, language).await;
    let admin_email = format!("admin@{slug}.example");
    let admin = sign_in(&app, &slug, &admin_email, &org.setup_path()).await;

    // Create a contact: refused fields come back beside their inputs, typed values kept.
    let list = admin.get("/staff/contacts").await;
    assert!(list.html.contains(words.new_contact), "{}", list.html);
    assert!(list.html.contains("data-live-search"));
    let form = admin.get("/staff/contacts/new").await;
    assert_eq!(form.status, StatusCode::OK);
    let refused = admin
        .post(
            "/staff/contacts/new",
            &[
                ("first_name", " "),
                ("last_name", "Lovelace"),
                ("email", "ada-at-example"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.html.contains(words.required), "{}", refused.html);
    assert!(refused.html.contains(words.bad_email));
    assert!(refused.html.contains(r#"value="Lovelace""#));
    assert!(refused.html.contains(r#"value="ada-at-example""#));

    let (contact_path, page) = admin
        .post_ok(
            "/staff/contacts/new",
            &[
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
                ("email", "Ada.Lovelace@Example.org"),
                ("phone", "+44 20 7946 0000"),
                ("address", "12 St James's Square\nLondon"),
            ],
            "flash-contacts-created",
        )
        .await;
    assert!(
        contact_path.starts_with("/staff/contacts/"),
        "{contact_path}"
    );
    assert!(page.contains("Ada Lovelace"));
    assert!(page.contains(words.profile));
    assert!(page.contains("+44 20 7946 0000"));
    assert!(page.contains(words.email_panel) && page.contains(words.send_email));

    // The same address again: said clearly, with a link to the contact that has it.
    let twin = admin
        .post(
            "/staff/contacts/new",
            &[
                ("first_name", "Augusta"),
                ("last_name", "King"),
                ("email", "ada.lovelace@example.org"),
            ],
        )
        .await;
    assert_eq!(twin.status, StatusCode::CONFLICT);
    assert!(twin.html.contains(words.exists), "{}", twin.html);
    assert!(twin.html.contains(&format!(r#"href="{contact_path}""#)));
    assert!(twin.html.contains(r#"value="Augusta""#));

    // Find it by search.
    let found = admin.get("/staff/contacts?q=lovel").await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.html.contains(&format!(r#"href="{contact_path}""#)));
    let by_email = admin.get("/staff/contacts?q=ADA.LOVELACE%40").await;
    assert!(by_email.html.contains(&format!(r#"href="{contact_path}""#)));
    let none = admin.get("/staff/contacts?q=babbage&page=x").await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(none.html.contains(words.no_match), "{}", none.html);
    assert!(!none.html.contains(&contact_path));

    // Email it: the message goes through the outbox to the SMTP server.
    let (back, _) = admin
        .post_ok(
            &format!("{contact_path}/email"),
            &[("subject", "Your parcel"), ("body", words.message)],
            "flash-contacts-emailed",
        )
        .await;
    assert_eq!(back, contact_path);
    let received = sink.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(received.len(), 1, "the worker delivered the message");
    assert_eq!(
        received[0].rcpt_to,
        vec!["Ada.Lovelace@example.org".to_owned()]
    );
    assert!(
        received[0].data.contains(words.message_probe),
        "{}",
        received[0].data
    );

    // Refused message fields are kept beside their inputs; nothing is sent.
    let empty = admin
        .post(
            &format!("{contact_path}/email"),
            &[("subject", "Hello"), ("body", "  ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.html.contains(r#"value="Hello""#));
    assert!(
        empty
            .html
            .contains(r#"<details class="panel" id="email" open"#)
    );

    // Again at once: the recipient limit holds it back and says how long to wait.
    let again = admin
        .post(
            &format!("{contact_path}/email"),
            &[("subject", "Reminder"), ("body", "Still waiting.")],
        )
        .await;
    assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(again.retry_after.is_some());
    assert!(again.html.contains(words.limited), "{}", again.html);
    assert!(again.html.contains(r#"value="Reminder""#));

    // A stale form changes nothing.
    let stale = admin
        .post_raw(
            &format!("{contact_path}/email"),
            &[("csrf", "stale"), ("subject", "Stale"), ("body", "Stale.")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::SEE_OTHER);
    assert_eq!(stale.location.as_deref(), Some(contact_path.as_str()));
    assert!(stale.flash.expect("flash").ends_with("flash-form-expired"));

    // Associate it with a case picked by number.
    let case = a_case(&app, &org, &slug, "sam@example.org", "Broken locker").await;
    let number = case["number"].as_u64().expect("number");
    let case_id = case["id"].as_str().expect("id").to_owned();
    let malformed = admin
        .post(&format!("{contact_path}/cases"), &[("case", "locker")])
        .await;
    assert_eq!(malformed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        malformed.html.contains(words.malformed_case),
        "{}",
        malformed.html
    );
    let unknown = admin
        .post(&format!("{contact_path}/cases"), &[("case", "#999")])
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown.html.contains(words.unknown_case),
        "{}",
        unknown.html
    );
    let (_, page) = admin
        .post_ok(
            &format!("{contact_path}/cases"),
            &[("case", &format!("#{number}"))],
            "flash-contacts-associated",
        )
        .await;
    assert!(
        page.contains(&format!(r#"href="/staff/cases/{case_id}""#)),
        "{page}"
    );
    let detail = api_get(&app, &org, &format!("/api/v1/cases/{case_id}")).await;
    let emails: Vec<&str> = detail["contacts"]
        .as_array()
        .expect("contacts")
        .iter()
        .filter_map(|c| c["email"].as_str())
        .collect();
    assert!(emails.contains(&"Ada.Lovelace@example.org"), "{emails:?}");

    // Another organisation's contact, or an id that is none, is the console's 404 page.
    let other = organisation(&app, &format!("other-{}", language.code()), language).await;
    let foreign = app
        .client
        .post(app.url("/api/v1/contacts"))
        .bearer_auth(&other.token)
        .json(&json!({"first_name": "Eve", "last_name": "Else", "email": "eve@example.org"}))
        .send()
        .await
        .expect("foreign contact");
    assert_eq!(foreign.status(), StatusCode::CREATED);
    let foreign_id = json_of(foreign).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    for path in [
        format!("/staff/contacts/{foreign_id}"),
        "/staff/contacts/not-an-id".to_owned(),
    ] {
        let missing = admin.get(&path).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{path}");
        assert!(missing.html.contains(words.not_found));
    }
    let foreign_mail = admin
        .post(
            &format!("/staff/contacts/{foreign_id}/email"),
            &[("subject", "Hi"), ("body", "Hi.")],
        )
        .await;
    assert_eq!(foreign_mail.status, StatusCode::NOT_FOUND);

    // Forms: the list shows the default form with its addon off and its public link.
    let forms = admin.get("/staff/forms").await;
    assert_eq!(forms.status, StatusCode::OK);
    assert!(forms.html.contains(r#"href="/staff/forms/contact""#));
    assert!(
        forms
            .html
            .contains(&format!(r#"href="/o/{slug}/forms/contact""#))
    );
    assert!(forms.html.contains(words.share_addon));

    // Create one: every mistake at once, then a taken address, then the real thing.
    let bad = admin
        .post(
            "/staff/forms/new",
            &[
                ("name", " "),
                ("slug", "Not A Slug"),
                ("default_language", "en"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains(words.bad_slug), "{}", bad.html);
    assert!(bad.html.contains(r#"value="Not A Slug""#));
    let taken = admin
        .post(
            "/staff/forms/new",
            &[
                ("name", "Again"),
                ("slug", "contact"),
                ("default_language", "en"),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert!(taken.html.contains(words.slug_taken));
    let (form_path, editor) = admin
        .post_ok(
            "/staff/forms/new",
            &[
                ("name", "Repairs"),
                ("slug", "repairs"),
                ("default_language", language.code()),
            ],
            "flash-forms-created",
        )
        .await;
    assert_eq!(form_path, "/staff/forms/repairs");
    assert!(editor.contains(words.share_addon));
    let editor_csrf = hidden_input(&editor, "csrf");
    assert_eq!(editor_csrf, admin.csrf);

    // Edit it: show the project as the first required field in section "Work", hide the
    // phone, let guests edit pending cases, no notifications, and the addon on.
    let mut settings: Vec<(&str, &str)> = vec![
        ("name", "Repairs & upkeep"),
        ("default_language", "fr"),
        ("order_first_name", "10"),
        ("order_last_name", "20"),
        ("order_email", "30"),
        ("show_title", "on"),
        ("required_title", "on"),
        ("order_title", "40"),
        ("show_description", "on"),
        ("order_description", "50"),
        ("show_project", "on"),
        ("required_project", "on"),
        ("order_project", "5"),
        ("section_project", "Work"),
        ("guest_edit", "new"),
        ("guest_edit", "pending"),
        ("share_links_enabled", "on"),
    ];
    let mut wrong = settings.clone();
    wrong.push(("order_title", "first"));
    wrong.retain(|(key, value)| *key != "order_title" || *value == "first");
    let refused = admin.post(&form_path, &wrong).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.html.contains(words.bad_order), "{}", refused.html);
    assert!(refused.html.contains(r#"value="Repairs &amp; upkeep""#));
    let unchanged = api_get(&app, &org, "/api/v1/forms/repairs").await;
    assert_eq!(unchanged["share_links_enabled"], false, "nothing was saved");

    let (_, saved) = admin
        .post_ok(&form_path, &settings, "flash-forms-saved")
        .await;
    assert!(
        saved.contains(r#"name="share_links_enabled" value="on" checked"#),
        "{saved}"
    );
    let stored = api_get(&app, &org, "/api/v1/forms/repairs").await;
    assert_eq!(stored["name"], "Repairs & upkeep");
    assert_eq!(stored["default_language"], "fr");
    assert_eq!(stored["share_links_enabled"], true);
    assert_eq!(stored["notify_contacts"], false);
    assert_eq!(stored["guest_edit_statuses"], json!(["new", "pending"]));
    let fields: Vec<(&str, bool)> = stored["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            (
                f["field"].as_str().expect("field"),
                f["required"].as_bool().expect("required"),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("project", true),
            ("first_name", true),
            ("last_name", true),
            ("email", true),
            ("title", true),
            ("description", false),
        ]
    );
    assert_eq!(stored["fields"][0]["section"], "Work");

    // Up and down save too: move the description above the title.
    settings.push(("move", "up:description"));
    admin
        .post_ok(&form_path, &settings, "flash-forms-saved")
        .await;
    let moved = api_get(&app, &org, "/api/v1/forms/repairs").await;
    assert_eq!(moved["fields"][4]["field"], "description");
    assert_eq!(moved["fields"][5]["field"], "title");

    // The list and the API agree: the addon is on.
    let forms = admin.get("/staff/forms").await;
    let row = &forms.html[forms.html.find("/staff/forms/repairs").expect("row")..];
    let row = &row[..row.find("</tr>").expect("end of row")];
    assert!(row.contains(words.on), "{row}");
    let listed = api_get(&app, &org, "/api/v1/forms").await;
    let slugs: Vec<&str> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|f| f["slug"].as_str())
        .collect();
    assert_eq!(slugs, ["contact", "repairs"]);
    assert!(listed["next_after"].is_null());

    // Stale editor: nothing changes.
    let stale = admin
        .post_raw(
            &form_path,
            &[
                ("csrf", "stale"),
                ("name", "Hijacked"),
                ("default_language", "en"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::SEE_OTHER);
    assert_eq!(stale.location.as_deref(), Some(form_path.as_str()));
    assert_eq!(
        api_get(&app, &org, "/api/v1/forms/repairs").await["name"],
        "Repairs & upkeep"
    );
    let missing = admin.get("/staff/forms/no-such-form").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let missing = admin.get("/staff/forms/Not%20A%20Slug").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    app.stop().await;
    sink.stop().await;
}

async fn agents_are_kept_out_of_forms(database_url: &str) {
    let app = TestApp::start(database_url).await;
    let org = organisation(&app, "agents", Language::En).await;
    let created = app
        .client
        .post(app.url("/api/v1/staff-users"))
        .bearer_auth(&org.token)
        .json(&json!({"email": "agent@agents.example", "name": "Ann Agent", "profiles": ["agent"]}))
        .send()
        .await
        .expect("create agent");
    assert_eq!(created.status(), StatusCode::CREATED);
    let setup = path_of(
        json_of(created).await["setup_url"]
            .as_str()
            .expect("setup url"),
    );
    let agent = sign_in(&app, "agents", "agent@agents.example", &setup).await;

    // No Forms in the navigation, and every forms address typed is the 403 page.
    let home = agent.get("/staff/contacts").await;
    assert!(!home.html.contains(r#"href="/staff/forms""#));
    for path in ["/staff/forms", "/staff/forms/new", "/staff/forms/contact"] {
        let refused = agent.get(path).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        assert!(refused.html.contains("Not available to you"));
    }
    let refused = agent
        .post(
            "/staff/forms/contact",
            &[
                ("name", "Hijacked"),
                ("default_language", "en"),
                ("share_links_enabled", "on"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let refused = agent
        .post(
            "/staff/forms/new",
            &[
                ("name", "Mine"),
                ("slug", "mine"),
                ("default_language", "en"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let form = api_get(&app, &org, "/api/v1/forms/contact").await;
    assert_eq!(form["share_links_enabled"], false, "nothing changed");
    let listed = api_get(&app, &org, "/api/v1/forms").await;
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));

    // Agents work contacts: they list, create and write to them.
    let (contact_path, _) = agent
        .post_ok(
            "/staff/contacts/new",
            &[
                ("first_name", "Grace"),
                ("last_name", "Hopper"),
                ("email", "grace@example.org"),
            ],
            "flash-contacts-created",
        )
        .await;
    let page = agent.get(&contact_path).await;
    assert_eq!(page.status, StatusCode::OK);
    app.stop().await;
}

//! The console's cases pages over real HTTP on SQLite and PostgreSQL, signed in through
//! `/staff/login` like a browser (double-submit CSRF cookie, then the session cookie): the
//! list with search, filters and paging; the case page; reply and internal note; status;
//! details; assignee; "Share case publicly" (create, shown once, email, views, revoke); stale
//! forms; who sees the share panel; in English and in French.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use frontdesk_access::{BootstrapOrganisation, OrgName, OrgSlug};
use frontdesk_e2e::{PUBLIC_BASE, TestApp, TestOrg, hidden_input, json_of, path_of, set_cookie};
use frontdesk_kernel::{EmailAddress, Language, PersonName};
use reqwest::StatusCode;
use serde_json::json;

frontdesk_e2e::on_both_databases!(app => case_work_in_english,
    case_work_in_french,
    the_share_panel_follows_the_rules
);

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
    cache_control: Option<String>,
    html: String,
}

impl Staff<'_> {
    async fn get(&self, path: &str) -> Answer {
        self.get_with_flash(path, None).await
    }

    /// `GET path`, carrying the flash cookie a previous answer set.
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

    /// A `POST` that must answer 303 back to `back` with the flash `flash`; returns the page
    /// it leads to, with the flash shown.
    async fn post_ok(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        back: &str,
        flash: &str,
    ) -> String {
        let answer = self.post(path, fields).await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "{path}: {}",
            answer.html
        );
        assert_eq!(answer.location.as_deref(), Some(back));
        let cookie = answer.flash.expect("a flash message");
        assert!(cookie.ends_with(flash), "{cookie} is not {flash}");
        let page = self.get_with_flash(back, Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        page.html
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
    let cache_control = header("cache-control");
    let flash = set_cookie(response.headers(), "fd_flash");
    Answer {
        status: response.status(),
        location,
        flash,
        cache_control,
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
    let list = staff.get("/staff/cases").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.html);
    staff.csrf = hidden_input(&list.html, "csrf");
    staff
}

/// Creates organisation `slug` speaking `language`, with sharing on for its form.
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

/// Submits a case through the public API and returns its id (the newest case).
async fn a_case(app: &TestApp, org: &str, token: &str, email: &str, title: &str) -> String {
    let solution = frontdesk_e2e::solved_captcha(app).await;
    let created = app
        .client
        .post(app.url(&format!("/api/v1/public/orgs/{org}/forms/contact/cases")))
        .json(&json!({"first_name": "Sam", "last_name": "Sharp", "email": email, "title": title, "description": "Water in the attic.", "altcha": solution}))
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
    let items = cases["items"].as_array().expect("items");
    items
        .iter()
        .find(|case| case["title"] == title)
        .expect("the case")["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

/// The value of the read-only field holding a new share link.
fn share_url(html: &str) -> String {
    let field = html.find("id=\"share-url\"").expect("the link field");
    let tag_end = html[field..].find('>').expect("end of tag") + field;
    let tag = &html[field..tag_end];
    assert!(tag.contains("readonly"), "{tag}");
    let start = tag.find("value=\"").expect("a value") + 7;
    let end = tag[start..].find('"').expect("closing quote") + start;
    tag[start..end].to_owned()
}

/// The text inside the first `<tag …id="id"…>…</tag>` of `html`.
fn element<'h>(html: &'h str, id: &str) -> &'h str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} is on the page"));
    let close = html[start..]
        .find("</details>")
        .map_or(html.len(), |end| start + end);
    &html[start..close]
}

async fn case_work_in_english(app: &TestApp) {
    let org = organisation(app, "console-en", Language::En).await;
    enable_sharing(app, &org.token).await;
    let roof = a_case(
        app,
        "console-en",
        &org.token,
        "sam@example.org",
        "Leaking roof",
    )
    .await;
    let _boiler = a_case(
        app,
        "console-en",
        &org.token,
        "kim@example.org",
        "Cold boiler",
    )
    .await;
    let staff = sign_in(
        app,
        "console-en",
        "admin@console-en.example",
        &org.setup_path(),
    )
    .await;
    let page_path = format!("/staff/cases/{roof}");

    // The list: every case, its toolbar labelled, links to the case pages.
    let list = staff.get("/staff/cases").await;
    assert!(list.html.contains("data-live-search"));
    for label in [
        "Search", "Status", "Form", "Priority", "Assignee", "Sort by",
    ] {
        assert!(list.html.contains(&format!(">{label}</label>")), "{label}");
    }
    assert!(list.html.contains("1–2 of 2"), "{}", list.html);
    assert!(list.html.contains("Leaking roof") && list.html.contains("Cold boiler"));
    assert!(list.html.contains(&format!("href=\"{page_path}\"")));
    assert!(list.html.contains("sam@example.org"));
    let searched = staff.get("/staff/cases?q=ROOF").await;
    assert!(searched.html.contains("1–1 of 1"));
    assert!(!searched.html.contains("Cold boiler"));
    let by_contact = staff.get("/staff/cases?q=kim%40example").await;
    assert!(by_contact.html.contains("Cold boiler") && !by_contact.html.contains("Leaking roof"));
    let nothing = staff.get("/staff/cases?q=volcano&status=closed").await;
    assert!(nothing.html.contains("No case matches this search."));
    let sorted = staff
        .get("/staff/cases?sort=title&assignee=unassigned&form=contact")
        .await;
    let (cold, leak) = (
        sorted.html.find("Cold boiler").expect("cold"),
        sorted.html.find("Leaking roof").expect("leak"),
    );
    assert!(cold < leak, "sorted by title");
    let lenient = staff
        .get("/staff/cases?status=lost&page=-3&sort=sideways")
        .await;
    assert_eq!(lenient.status, StatusCode::OK);
    assert!(lenient.html.contains("1–2 of 2"));
    let beyond = staff.get("/staff/cases?page=2").await;
    assert!(beyond.html.contains("rel=\"prev\"") && beyond.html.contains("href=\"/staff/cases\""));

    // The case page: summary and panels.
    let page = staff.get(&page_path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Case #1: Leaking roof"));
    assert!(page.html.contains("class=\"summary\""));
    for panel in [
        "Details",
        "Contacts",
        "Timeline",
        "Status",
        "Assignee",
        "Guest access",
        "Share case publicly",
    ] {
        assert!(
            page.html.contains(&format!("<summary>{panel}</summary>")),
            "{panel}"
        );
    }
    assert!(page.html.contains("href=\"/staff/contacts/"));
    assert!(page.html.contains("Case created."));
    assert_eq!(
        staff.get("/staff/cases/not-a-case").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        staff
            .get("/staff/cases/0190a0f0-0000-7000-8000-000000000001")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // A stale form changes nothing.
    let stale = staff
        .post_raw(
            &format!("{page_path}/comments"),
            &[
                ("csrf", "stale"),
                ("body", "forged"),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::SEE_OTHER);
    assert_eq!(stale.location.as_deref(), Some(page_path.as_str()));
    assert_eq!(stale.flash.as_deref(), Some("err.flash-form-expired"));
    assert!(!staff.get(&page_path).await.html.contains("forged"));

    // Reply, internal note, an empty reply.
    let html = staff
        .post_ok(
            &format!("{page_path}/comments"),
            &[("body", "We will send a roofer."), ("visibility", "public")],
            &page_path,
            "flash-reply-added",
        )
        .await;
    assert!(html.contains("We will send a roofer."));
    assert!(html.contains("Your reply is on the timeline"));
    let html = staff
        .post_ok(
            &format!("{page_path}/comments"),
            &[
                ("body", "Check the insurance first."),
                ("visibility", "internal"),
            ],
            &page_path,
            "flash-note-added",
        )
        .await;
    let note = html.find("Check the insurance first.").expect("the note");
    let item = html[..note].rfind("<li").expect("its entry");
    assert!(
        html[item..note].contains("class=\"internal\"")
            && html[item..note].contains("Internal note")
    );
    let empty = staff
        .post(
            &format!("{page_path}/comments"),
            &[("body", "  "), ("visibility", "internal")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.html.contains("id=\"reply-body-error\""));
    assert!(
        empty
            .html
            .contains("Write a message of 1 to 10,000 characters.")
    );
    assert!(
        empty.html.contains("value=\"internal\" checked"),
        "the choice is kept"
    );

    // Status.
    let html = staff
        .post_ok(
            &format!("{page_path}/status"),
            &[("status", "open"), ("comment", "A roofer comes on Monday.")],
            &page_path,
            "flash-status-changed",
        )
        .await;
    assert!(html.contains("Status changed from New to Open."));
    assert!(html.contains("A roofer comes on Monday."));
    assert!(html.contains("class=\"badge status-open\""));

    // Details: an empty title comes back with what was typed.
    let bad = staff
        .post(
            &format!("{page_path}/details"),
            &[
                ("title", " "),
                ("description", "Kept as typed"),
                ("priority", "high"),
                ("project", "Roofs"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains("id=\"details-title-error\""));
    assert!(bad.html.contains("Kept as typed") && bad.html.contains("value=\"Roofs\""));
    let html = staff
        .post_ok(
            &format!("{page_path}/details"),
            &[
                ("title", "Leaking roof, attic"),
                ("description", "Water in the attic."),
                ("priority", "urgent"),
                ("project", "Roofs"),
            ],
            &page_path,
            "flash-case-saved",
        )
        .await;
    assert!(html.contains("Case #1: Leaking roof, attic"));
    assert!(html.contains("Priority: Normal → Urgent"));

    // Assignee.
    let admin = org.created.admin.id.to_string();
    let html = staff
        .post_ok(
            &format!("{page_path}/assignee"),
            &[("assignee", &admin)],
            &page_path,
            "flash-assignee-saved",
        )
        .await;
    assert!(html.contains("Assigned to Ada Admin."));
    let mine = staff.get("/staff/cases?assignee=me").await;
    assert!(mine.html.contains("1–1 of 1") && mine.html.contains("Leaking roof, attic"));
    let unknown = staff
        .post(
            &format!("{page_path}/assignee"),
            &[("assignee", "0190a0f0-0000-7000-8000-000000000001")],
        )
        .await;
    assert_eq!(unknown.flash.as_deref(), Some("err.flash-assignee-unknown"));

    // Share case publicly: a bad expiry keeps the form; a new link is shown once.
    let bad = staff
        .post(
            &format!("{page_path}/share-links"),
            &[
                ("label", "For the insurer"),
                ("days", "1000"),
                ("max_views", ""),
                ("password", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains("Enter a number of days from 1 to 90."));
    assert!(bad.html.contains("value=\"For the insurer\""));
    let created = staff
        .post(
            &format!("{page_path}/share-links"),
            &[
                ("label", "For the insurer"),
                ("days", "3"),
                ("max_views", ""),
                ("password", ""),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.html);
    assert_eq!(created.cache_control.as_deref(), Some("no-store"));
    assert!(
        created.flash.is_none(),
        "the link never travels in a cookie"
    );
    let url = share_url(&created.html);
    assert!(url.starts_with(&format!("{PUBLIC_BASE}/s/fds_")), "{url}");
    let panel = element(&created.html, "share");
    assert!(panel.contains("<summary>Share case publicly</summary>"));
    assert!(panel.contains(">Create new share</button>"));
    assert!(panel.contains("data-copy=\"share-url\"") && panel.contains(">Copy link</button>"));
    assert!(panel.contains("href=\"mailto:?subject=") && panel.contains(">Email this link</a>"));
    assert!(panel.contains(">Email this link</button>"));
    assert!(panel.contains("For the insurer"));
    assert!(
        !staff.get(&page_path).await.html.contains(&url),
        "shown only once"
    );

    // Email it: a bad address keeps the link on the page; a good one sends it.
    let link_id = {
        let marker = format!("{page_path}/share-links/");
        let start = created.html.find(&marker).expect("the email form") + marker.len();
        created.html[start..start + 36].to_owned()
    };
    let email_path = format!("{page_path}/share-links/{link_id}/email");
    let bad = staff
        .post(
            &email_path,
            &[("url", &url), ("to", "not an address"), ("message", "")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(share_url(&bad.html), url);
    assert!(bad.html.contains("Enter a valid email address"));
    staff
        .post_ok(
            &email_path,
            &[
                ("url", &url),
                ("to", "insurer@example.org"),
                ("message", "Our case, as promised."),
            ],
            &page_path,
            "flash-share-mailed",
        )
        .await;

    // A view shows in the list and the log.
    let viewed = app
        .client
        .get(app.url(&path_of(&url)))
        .header("user-agent", "e2e-browser")
        .send()
        .await
        .expect("view");
    assert_eq!(viewed.status(), StatusCode::OK);
    let html = staff.get(&page_path).await.html;
    let panel = element(&html, "share");
    assert!(panel.contains("View log") && panel.contains("e2e-browser"));
    assert!(panel.contains(">Active</span>"));

    // Revoke: stale first (nothing changes), then for real.
    let revoke_path = format!("{page_path}/share-links/{link_id}/revoke");
    let stale = staff.post_raw(&revoke_path, &[("csrf", "stale")]).await;
    assert_eq!(stale.flash.as_deref(), Some("err.flash-form-expired"));
    let still = app
        .client
        .get(app.url(&path_of(&url)))
        .send()
        .await
        .expect("view");
    assert_eq!(still.status(), StatusCode::OK);
    let html = staff
        .post_ok(&revoke_path, &[], &page_path, "flash-share-revoked")
        .await;
    assert!(element(&html, "share").contains(">Revoked</span>"));
    assert!(html.contains("The link no longer works."));
    let gone = app
        .client
        .get(app.url(&path_of(&url)))
        .send()
        .await
        .expect("view");
    assert_eq!(gone.status(), StatusCode::GONE);
    let other = staff
        .post(
            &format!("{page_path}/share-links/0190a0f0-0000-7000-8000-000000000001/revoke"),
            &[],
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);

    // Guest access: new links for the contacts, then none.
    staff
        .post_ok(
            &format!("{page_path}/guest-access/reissue"),
            &[],
            &page_path,
            "flash-guest-reissued",
        )
        .await;

    // Contacts: find another one, add them with a link to follow the case.
    let no_match = staff.get(&format!("{page_path}?contact_q=nobody")).await;
    assert!(
        no_match
            .html
            .contains("No other contact matches this search.")
    );
    let found = staff.get(&format!("{page_path}?contact_q=kim")).await;
    let contact = option_value(&found.html, "contact-choice");
    assert!(found.html.contains("kim@example.org"));
    let html = staff
        .post_ok(
            &format!("{page_path}/contacts"),
            &[("contact", &contact), ("send_access", "yes")],
            &page_path,
            "flash-contact-added-invited",
        )
        .await;
    assert!(html.contains(&format!("href=\"/staff/contacts/{contact}\"")));
    // Sam was sent a new link moments ago: nothing goes out, and the page says so.
    let limited = staff
        .post(&format!("{page_path}/guest-access/reissue"), &[])
        .await;
    assert_eq!(
        limited.flash.as_deref(),
        Some("err.flash-recipient-limited")
    );
    let bad = staff
        .post(&format!("{page_path}/contacts"), &[("contact", "someone")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains("id=\"contact-choice-error\""));
    staff
        .post_ok(
            &format!("{page_path}/guest-access/revoke"),
            &[],
            &page_path,
            "flash-guest-revoked",
        )
        .await;
}

/// The value of the first option of the `<select id="id">`.
fn option_value(html: &str, id: &str) -> String {
    let select = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} is on the page"));
    let marker = "<option value=\"";
    let start = html[select..].find(marker).expect("an option") + select + marker.len();
    let end = html[start..].find('"').expect("closing quote") + start;
    html[start..end].to_owned()
}

async fn case_work_in_french(app: &TestApp) {
    let org = organisation(app, "console-fr", Language::Fr).await;
    enable_sharing(app, &org.token).await;
    let case = a_case(
        app,
        "console-fr",
        &org.token,
        "lea@example.fr",
        "Fuite d’eau",
    )
    .await;
    let staff = sign_in(
        app,
        "console-fr",
        "admin@console-fr.example",
        &org.setup_path(),
    )
    .await;
    let page_path = format!("/staff/cases/{case}");

    let list = staff.get("/staff/cases").await;
    assert!(list.html.contains("<html lang=\"fr\""));
    assert!(list.html.contains("1–1 sur 1"));
    for label in [
        "Rechercher",
        "Statut",
        "Formulaire",
        "Priorité",
        "Responsable",
        "Trier par",
    ] {
        assert!(
            list.html.contains(&format!(">{label}</label>")),
            "{label}: {}",
            list.html
        );
    }
    let none = staff.get("/staff/cases?q=volcan").await;
    assert!(
        none.html
            .contains("Aucun dossier ne correspond à cette recherche.")
    );

    let page = staff.get(&page_path).await;
    assert!(page.html.contains("Dossier #1 : Fuite d’eau"));
    for panel in [
        "Détails",
        "Contacts",
        "Historique",
        "Statut",
        "Responsable",
        "Accès invité",
        "Partager le dossier publiquement",
    ] {
        assert!(
            page.html.contains(&format!("<summary>{panel}</summary>")),
            "{panel}"
        );
    }

    let html = staff
        .post_ok(
            &format!("{page_path}/comments"),
            &[
                ("body", "Un plombier passe lundi."),
                ("visibility", "public"),
            ],
            &page_path,
            "flash-reply-added",
        )
        .await;
    assert!(html.contains("Votre réponse figure dans l’historique"));
    let html = staff
        .post_ok(
            &format!("{page_path}/status"),
            &[("status", "pending"), ("comment", "")],
            &page_path,
            "flash-status-changed",
        )
        .await;
    assert!(
        html.contains("Statut passé de « Nouveau » à « En attente »."),
        "{html}"
    );

    let bad = staff
        .post(&format!("{page_path}/share-links"), &[("days", "0")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.html
            .contains("Saisissez un nombre de jours entre 1 et 90.")
    );
    let created = staff
        .post(
            &format!("{page_path}/share-links"),
            &[("label", "Pour l’assureur"), ("max_views", "2")],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK);
    let url = share_url(&created.html);
    assert!(url.starts_with(&format!("{PUBLIC_BASE}/s/fds_")));
    let panel = element(&created.html, "share");
    for label in [
        ">Créer un nouveau partage</button>",
        ">Copier le lien</button>",
        ">Envoyer ce lien par e-mail</a>",
        ">Envoyer ce lien par e-mail</button>",
        ">Révoquer</button>",
    ] {
        assert!(panel.contains(label), "{label}");
    }
    assert!(panel.contains("0 sur 2"));
    let link_id = {
        let marker = format!("{page_path}/share-links/");
        let start = created.html.find(&marker).expect("a link form") + marker.len();
        created.html[start..start + 36].to_owned()
    };
    let html = staff
        .post_ok(
            &format!("{page_path}/share-links/{link_id}/revoke"),
            &[],
            &page_path,
            "flash-share-revoked",
        )
        .await;
    assert!(html.contains("Le lien ne fonctionne plus."));
    assert!(element(&html, "share").contains(">Révoqué</span>"));
    let stale = staff
        .post_raw(
            &format!("{page_path}/status"),
            &[("csrf", "périmé"), ("status", "closed")],
        )
        .await;
    let page = staff
        .get_with_flash(&page_path, stale.flash.as_deref())
        .await;
    assert!(
        page.html.contains("Ce formulaire a expiré avant l’envoi."),
        "{}",
        page.html
    );
    assert!(
        page.html.contains("class=\"badge status-pending\""),
        "nothing changed"
    );
}

async fn the_share_panel_follows_the_rules(app: &TestApp) {
    let org = organisation(app, "console-rules", Language::En).await;
    let case = a_case(
        app,
        "console-rules",
        &org.token,
        "sam@example.org",
        "Leaking roof",
    )
    .await;
    let admin = sign_in(
        app,
        "console-rules",
        "admin@console-rules.example",
        &org.setup_path(),
    )
    .await;
    let page_path = format!("/staff/cases/{case}");

    // The form's addon is off: no panel, and creating anyway is refused.
    let page = admin.get(&page_path).await;
    assert!(!page.html.contains("Share case publicly"));
    let refused = admin.post(&format!("{page_path}/share-links"), &[]).await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert_eq!(
        refused.flash.as_deref(),
        Some("err.flash-share-unavailable")
    );

    // An agent works the case but may not share it.
    enable_sharing(app, &org.token).await;
    assert!(
        admin
            .get(&page_path)
            .await
            .html
            .contains("Share case publicly")
    );
    let created = json_of(
        app.client
            .post(app.url("/api/v1/staff-users"))
            .bearer_auth(&org.token)
            .json(&json!({"email": "agent@console-rules.example", "name": "Ann Agent", "profiles": ["agent"]}))
            .send()
            .await
            .expect("create agent"),
    )
    .await;
    let setup = path_of(created["setup_url"].as_str().expect("setup url"));
    let agent = sign_in(app, "console-rules", "agent@console-rules.example", &setup).await;
    let page = agent.get(&page_path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("<summary>Timeline</summary>"));
    assert!(!page.html.contains("Share case publicly"));
    let refused = agent.post(&format!("{page_path}/share-links"), &[]).await;
    assert_eq!(
        refused.flash.as_deref(),
        Some("err.flash-share-unavailable")
    );
    agent
        .post_ok(
            &format!("{page_path}/comments"),
            &[("body", "On it."), ("visibility", "internal")],
            &page_path,
            "flash-note-added",
        )
        .await;

    // Another organisation's case is not found.
    let other = organisation(app, "console-other", Language::En).await;
    let theirs = a_case(
        app,
        "console-other",
        &other.token,
        "x@example.org",
        "Their case",
    )
    .await;
    assert_eq!(
        admin.get(&format!("/staff/cases/{theirs}")).await.status,
        StatusCode::NOT_FOUND
    );
    let forged = admin
        .post(
            &format!("/staff/cases/{theirs}/status"),
            &[("status", "closed")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
}

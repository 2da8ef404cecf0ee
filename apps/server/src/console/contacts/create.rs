//! `GET|POST /staff/contacts/new`: create a contact, optionally for a client (`?client=`
//! preselects one, as the client page's link does). Refused fields come back beside their
//! inputs with what was typed kept (422); an address the organisation already knows says so
//! and links to that contact (409).

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_contacts::{Client, Contact, CreateContactError, NewContact, PageNumber};
use frontdesk_kernel::{ClientId, EmailAddress, Uuid};
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};
use serde::Deserialize;

use crate::console::contacts::contact_path;
use crate::console::contacts::messages::{self, FieldMessages, message_for};
use crate::console::contacts::widgets::{Field, Kind};
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// The fields of the new-contact form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct ContactInput {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    address: String,
    /// The client's id, or empty for none.
    #[serde(default)]
    client: String,
}

impl ContactInput {
    /// The value typed into field `name`.
    fn typed(&self, name: &str) -> String {
        match name {
            "first_name" => self.first_name.clone(),
            "last_name" => self.last_name.clone(),
            "email" => self.email.clone(),
            "phone" => self.phone.clone(),
            "address" => self.address.clone(),
            "client_id" => self.client.clone(),
            _ => String::new(),
        }
    }

    /// The domain request: blank optional fields are absent.
    fn to_domain(&self) -> NewContact {
        let optional = |raw: &str| (!raw.trim().is_empty()).then(|| raw.to_owned());
        NewContact {
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            phone: optional(&self.phone),
            address: optional(&self.address),
            // A malformed id names no client, so the use case refuses the field.
            client_id: match self.client.trim() {
                "" => None,
                raw => Some(raw.parse().unwrap_or(ClientId::from_uuid(Uuid::nil()))),
            },
        }
    }
}

/// What went wrong with a submission, for the page that shows it again.
enum Refusal {
    /// Nothing yet: the empty form.
    None,
    /// These fields were refused.
    Fields(FieldMessages),
    /// The address belongs to this contact already (when it could be found).
    Exists(Option<Contact>),
}

/// `GET /staff/contacts/new`.
pub(super) async fn show(
    State(app): State<AppState>,
    console: Console,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ManageContacts) {
        return refused;
    }
    let input = ContactInput {
        client: pairs
            .iter()
            .find(|(key, _)| key == "client")
            .map(|(_, value)| value.trim().to_owned())
            .unwrap_or_default(),
        ..ContactInput::default()
    };
    let clients = client_choices(&app, &console).await;
    let body = form_page(
        console.texts,
        &console.csrf,
        &input,
        &clients,
        &Refusal::None,
    );
    frame::page(
        &console,
        &app.cookies,
        Section::Contacts,
        &console.texts.get("contacts-new-title"),
        &body,
    )
}

/// `POST /staff/contacts/new`.
pub(super) async fn submit(
    State(app): State<AppState>,
    console: Console,
    Form(input): Form<ContactInput>,
) -> Response {
    if !console.csrf_ok(&input.csrf) {
        return redirect_with(
            &app.cookies,
            "/staff/contacts/new",
            Tone::Failure,
            "flash-form-expired",
        );
    }
    if let Some(refused) = console.refuse_without(Permission::ManageContacts) {
        return refused;
    }
    let refusal = match app
        .contacts
        .create_contact(&console.actor, input.to_domain())
        .await
    {
        Ok(created) => {
            return redirect_with(
                &app.cookies,
                &contact_path(created.id),
                Tone::Success,
                "flash-contacts-created",
            );
        }
        Err(CreateContactError::Forbidden(_)) => return frame::forbidden(&console),
        Err(CreateContactError::InvalidFields(errors)) => Refusal::Fields(messages::explain(
            &errors,
            |name| input.typed(name),
            messages::contact_field,
        )),
        Err(CreateContactError::ContactExists) => {
            match existing(&app, &console, &input.email).await {
                Ok(found) => Refusal::Exists(found),
                Err(response) => return response,
            }
        }
        Err(CreateContactError::Repository(error)) => return internal_error(&error),
    };
    let status = match refusal {
        Refusal::Exists(_) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let clients = client_choices(&app, &console).await;
    let body = form_page(console.texts, &console.csrf, &input, &clients, &refusal);
    frame::page_with_status(
        &console,
        &app.cookies,
        status,
        Section::Contacts,
        &console.texts.get("contacts-new-title"),
        &body,
    )
}

/// The clients the form offers (the first [`PageNumber::MAX_PER_PAGE`] by name; none when
/// the search fails, and then the form has no client field).
async fn client_choices(app: &AppState, console: &Console) -> Vec<Client> {
    app.contacts
        .search_clients(&console.actor, None, 1, PageNumber::MAX_PER_PAGE)
        .await
        .map(|found| found.rows)
        .unwrap_or_default()
}

/// The contact that already has `raw`'s address, found through the contact search.
async fn existing(
    app: &AppState,
    console: &Console,
    raw: &str,
) -> Result<Option<Contact>, Response> {
    let Ok(email) = EmailAddress::parse(raw.trim()) else {
        return Ok(None);
    };
    match app
        .contacts
        .search_contacts(&console.actor, Some(email.as_str().to_owned()), 1, 100)
        .await
    {
        Ok(found) => Ok(found
            .rows
            .into_iter()
            .find(|contact| contact.email.normalised() == email.normalised())),
        Err(frontdesk_contacts::SearchContactsError::Forbidden(_)) => Ok(None),
        Err(frontdesk_contacts::SearchContactsError::Repository(error)) => {
            Err(internal_error(&error))
        }
    }
}

fn form_page(
    t: Texts,
    csrf: &str,
    input: &ContactInput,
    clients: &[Client],
    refusal: &Refusal,
) -> Markup {
    let no_messages = FieldMessages::new();
    let messages = match refusal {
        Refusal::Fields(messages) => messages,
        _ => &no_messages,
    };
    let error = |name: &str| message_for(messages, name).map(|key| t.get(key));
    let client_error = error("client_id");
    let (first, last, email, phone, address) = (
        error("first_name"),
        error("last_name"),
        error("email"),
        error("phone"),
        error("address"),
    );
    let optional = t.get("contacts-optional");
    let labels = [
        t.get("contacts-first-name"),
        t.get("contacts-last-name"),
        t.get("contacts-email"),
        t.get("contacts-phone"),
        t.get("contacts-address"),
    ];
    html! {
        p { a href="/staff/contacts" { "← " (t.get("contacts-title")) } }
        h1 { (t.get("contacts-new-title")) }
        p.hint { (t.get("contacts-new-intro")) }
        @match refusal {
            Refusal::Fields(_) => div.flash.err role="alert" { (t.get("contacts-errors")) },
            Refusal::Exists(found) => div.flash.err role="alert" {
                (t.get("contacts-exists"))
                @if let Some(contact) = found {
                    " "
                    a href=(contact_path(contact.id)) {
                        (t.with("contacts-exists-link", &[("name", Arg::from(contact.full_name()))]))
                    }
                }
            },
            Refusal::None => {},
        }
        form.card method="post" action="/staff/contacts/new" novalidate {
            input type="hidden" name="csrf" value=(csrf);
            (Field { error: first.as_deref(), autocomplete: Some("off"), ..Field::new("first_name", &labels[0], &input.first_name) }.render())
            (Field { error: last.as_deref(), autocomplete: Some("off"), ..Field::new("last_name", &labels[1], &input.last_name) }.render())
            (Field { error: email.as_deref(), kind: Kind::Email, autocomplete: Some("off"), ..Field::new("email", &labels[2], &input.email) }.render())
            (Field { error: phone.as_deref(), kind: Kind::Tel, required: false, hint: Some(&optional), ..Field::new("phone", &labels[3], &input.phone) }.render())
            (Field { error: address.as_deref(), kind: Kind::Multiline, required: false, hint: Some(&optional), ..Field::new("address", &labels[4], &input.address) }.render())
            @if !clients.is_empty() || client_error.is_some() {
                label for="field-client_id" { (t.get("case-client")) " " span.hint { (optional) } }
                select #field-client_id name="client"
                    aria-invalid=[client_error.as_ref().map(|_| "true")]
                    aria-describedby=[client_error.as_ref().map(|_| "field-client_id-error")] {
                    option value="" selected[input.client.is_empty()] { (t.get("case-no-client")) }
                    @for client in clients {
                        option value=(client.id) selected[input.client == client.id.to_string()] { (client.name.as_str()) }
                    }
                }
                @if let Some(error) = &client_error {
                    span.field-error #field-client_id-error { (error) }
                }
            }
            button type="submit" { (t.get("contacts-create")) }
        }
    }
}

//! `GET|POST /o/{org}/forms/{form}/embed`: the public case form without the page chrome,
//! for an `<iframe>` on one of the organisation's allowed sites. Its CSP
//! `frame-ancestors` lists exactly those sites (`'none'` when there are none); it speaks
//! `?lang=` when Frontdesk speaks it, else the form's language; it reports its height to
//! the host page's loader script. The same rules as the hosted form apply (captcha,
//! limits, validation, the confirmation mail); no cookie is set.

use axum::Form as HtmlForm;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use frontdesk_access::{EmbedOrigin, Organisation, frame_ancestors};
use frontdesk_cases::{FieldError, Form, PublicFormError, Submission, SubmitError};
use frontdesk_kernel::Language;
use maud::{DOCTYPE, Markup, html};
use serde::Deserialize;

use crate::embed::assets::RESIZE;
use crate::extract::ClientIp;
use crate::http::Embeddable;
use crate::pages::brand::{Brand, presented};
use crate::pages::i18n::{Text, t};
use crate::pages::public_form::{FormInput, form_fields, raw_submission};
use crate::pages::{internal_error, not_found};
use crate::state::AppState;

/// The query of the embedded form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct EmbedQuery {
    /// The visitor's language (`en`, `fr`); the form's own when absent or unknown.
    #[serde(default)]
    lang: Option<String>,
}

impl EmbedQuery {
    /// The language asked for, as typed.
    pub(crate) fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }
}

/// The language of an embedded form: `lang` when Frontdesk speaks it, else `fallback`.
pub(crate) fn language_of(lang: Option<&str>, fallback: Language) -> Language {
    lang.map(|raw| raw.trim().to_ascii_lowercase())
        .and_then(|raw| {
            let primary = raw.split(['-', '_']).next().unwrap_or_default().to_owned();
            Language::parse(&primary).ok()
        })
        .unwrap_or(fallback)
}

/// The CSP of the embedded form: the hosted form's (the ALTCHA widget's inline style and
/// `blob:` worker), framed only by `origins`.
pub(crate) fn embed_csp(origins: &[EmbedOrigin]) -> String {
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' https: data:; connect-src 'self'; worker-src 'self' blob:; \
         form-action 'self'; frame-ancestors {}; base-uri 'none'",
        frame_ancestors(origins)
    )
}

struct Embedded<'a> {
    org: &'a Organisation,
    form: &'a Form,
    language: Language,
    origins: &'a [EmbedOrigin],
}

impl Embedded<'_> {
    fn action(&self) -> String {
        format!(
            "/o/{}/forms/{}/embed?lang={}",
            self.org.slug,
            self.form.slug.as_str(),
            self.language.code()
        )
    }

    /// The document around `body`, with its CSP and the marker that lets it be framed.
    fn document(&self, status: StatusCode, title: &str, body: &Markup) -> Response {
        let brand = Brand::of(self.org);
        let markup = html! {
            (DOCTYPE)
            html lang=(self.language.code()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta name="robots" content="noindex";
                    title { (title) " · " (brand.title) }
                    link rel="stylesheet" href="/assets/frontdesk.css";
                    (brand.head())
                    script src="/assets/altcha.js" defer {}
                    script src=(RESIZE.path) defer {}
                }
                body.embedded {
                    main { (body) }
                }
            }
        };
        let mut response = (status, Html(markup.into_string())).into_response();
        if let Ok(csp) = HeaderValue::from_str(&embed_csp(self.origins)) {
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, csp);
            response.extensions_mut().insert(Embeddable);
        }
        response
    }

    fn form_page(
        &self,
        status: StatusCode,
        input: &FormInput,
        errors: &[FieldError],
        general: Option<&str>,
    ) -> Response {
        let language = self.language;
        let captcha_error = errors.iter().find(|e| e.field == "altcha");
        let body = html! {
            h1 { (self.form.name) }
            @if !errors.is_empty() || general.is_some() {
                p.error role="alert" { (general.unwrap_or(t(language, Text::FixErrors))) }
            }
            form method="post" action=(self.action()) novalidate {
                (form_fields(language, self.form, input, errors, |_| true))
                div.field {
                    label for="altcha" { (t(language, Text::SecurityCheck)) }
                    altcha-widget id="altcha" challengeurl="/api/v1/public/captcha" name="altcha" hidefooter {}
                    @if let Some(error) = captcha_error {
                        span.field-error role="alert" { (error.message) }
                    }
                }
                button type="submit" { (t(language, Text::Submit)) }
            }
        };
        self.document(status, &self.form.name, &body)
    }

    fn thanks(&self) -> Response {
        let language = self.language;
        let body = html! {
            h1 { (t(language, Text::ThanksTitle)) }
            p role="status" { (t(language, Text::ThanksText)) }
        };
        self.document(StatusCode::OK, t(language, Text::ThanksTitle), &body)
    }
}

/// The form, its organisation under its portal title, and its allowed origins.
async fn load(
    app: &AppState,
    org: &str,
    form: &str,
) -> Result<(Organisation, Form, Vec<EmbedOrigin>), Response> {
    let (org, form) = match app.cases.public_form(org, form).await {
        Ok(found) => found,
        Err(PublicFormError::NotFound) => return Err(not_found()),
        Err(PublicFormError::Repository(error)) => return Err(internal_error(&error)),
    };
    let origins = app
        .embed
        .origins_of(org.id)
        .await
        .map_err(|error| internal_error(&error))?;
    Ok((presented(app, org).await, form, origins))
}

/// `GET /o/{org}/forms/{form}/embed?lang=`.
pub(crate) async fn show(
    State(app): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    query: Result<Query<EmbedQuery>, QueryRejection>,
) -> Response {
    let Ok(Path((org, form))) = path else {
        return not_found();
    };
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let (org, form, origins) = match load(&app, &org, &form).await {
        Ok(loaded) => loaded,
        Err(response) => return response,
    };
    let embedded = Embedded {
        org: &org,
        form: &form,
        language: language_of(query.lang.as_deref(), form.default_language),
        origins: &origins,
    };
    embedded.form_page(StatusCode::OK, &FormInput::new(), &[], None)
}

/// `POST /o/{org}/forms/{form}/embed?lang=` (form-encoded): creates the case and thanks, or
/// shows the form again with each error beside its field and the input kept.
pub(crate) async fn submit(
    State(app): State<AppState>,
    ClientIp(client_ip): ClientIp,
    path: Result<Path<(String, String)>, PathRejection>,
    query: Result<Query<EmbedQuery>, QueryRejection>,
    HtmlForm(input): HtmlForm<FormInput>,
) -> Response {
    let Ok(Path((org_slug, form_slug))) = path else {
        return not_found();
    };
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let (org, form, origins) = match load(&app, &org_slug, &form_slug).await {
        Ok(loaded) => loaded,
        Err(response) => return response,
    };
    let embedded = Embedded {
        org: &org,
        form: &form,
        language: language_of(query.lang.as_deref(), form.default_language),
        origins: &origins,
    };
    let submission = Submission {
        org_slug,
        form_slug,
        fields: raw_submission(&input),
        client_ip,
        idempotency_key: None,
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    match app.cases.submit(submission).await {
        Ok(_) => embedded.thanks(),
        Err(SubmitError::Invalid(errors)) => {
            embedded.form_page(unprocessable, &input, &errors, None)
        }
        Err(SubmitError::Captcha(error)) => {
            let errors = [FieldError {
                field: "altcha".into(),
                message: error.to_string(),
            }];
            embedded.form_page(unprocessable, &input, &errors, None)
        }
        Err(
            SubmitError::RateLimited {
                retry_after_seconds,
            }
            | SubmitError::RecipientLimited {
                retry_after_seconds,
            },
        ) => {
            let mut response = embedded.form_page(
                StatusCode::TOO_MANY_REQUESTS,
                &input,
                &[],
                Some(t(embedded.language, Text::TooMany)),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
            response
        }
        Err(SubmitError::NotFound) => not_found(),
        Err(error @ (SubmitError::IdempotencyConflict | SubmitError::Repository(_))) => {
            internal_error(&error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_visitors_language_wins_when_frontdesk_speaks_it() {
        assert_eq!(language_of(Some("fr"), Language::En), Language::Fr);
        assert_eq!(language_of(Some("FR-ca"), Language::En), Language::Fr);
        assert_eq!(language_of(Some("de"), Language::Fr), Language::Fr);
        assert_eq!(language_of(Some(""), Language::En), Language::En);
        assert_eq!(language_of(None, Language::Fr), Language::Fr);
    }

    #[test]
    fn only_the_allowed_origins_may_frame() {
        assert!(embed_csp(&[]).contains("frame-ancestors 'none';"));
        let origins = [
            EmbedOrigin::parse("https://www.acme.example").unwrap(),
            EmbedOrigin::parse("http://127.0.0.1:4000").unwrap(),
        ];
        assert!(
            embed_csp(&origins)
                .contains("frame-ancestors https://www.acme.example http://127.0.0.1:4000;")
        );
    }
}

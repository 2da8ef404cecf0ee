//! The handlebars engine and the shipped templates.

use frontdesk_kernel::Language;
use frontdesk_mail::HandlebarsEngine;
use frontdesk_messaging::{
    MailTemplate, RenderedMail, TemplateEngine, TemplateKind, TemplateRuleError,
    missing_placeholders,
};
use serde_json::json;

fn template(subject: &str, html: &str, text: &str) -> MailTemplate {
    MailTemplate {
        subject: subject.to_owned(),
        html: html.to_owned(),
        text: text.to_owned(),
    }
}

fn render_default(kind: TemplateKind, language: Language) -> RenderedMail {
    let engine = HandlebarsEngine::new();
    engine
        .render(
            &engine.default_template(kind, language),
            &kind.sample_data(),
        )
        .expect("a shipped template renders its sample data")
}

#[test]
fn every_default_template_compiles_and_keeps_its_required_placeholders() {
    let engine = HandlebarsEngine::new();
    for kind in TemplateKind::ALL {
        for language in Language::ALL {
            let template = engine.default_template(kind, language);
            let at = format!("{kind}/{}", language.code());
            assert_eq!(engine.check(&template), Ok(()), "{at}");
            assert_eq!(template.check_rules(kind), Ok(()), "{at}");
            assert!(
                missing_placeholders(kind, &template.html).is_empty(),
                "{at} html"
            );
            assert!(
                missing_placeholders(kind, &template.text).is_empty(),
                "{at} text"
            );
            for part in [&template.html, &template.text] {
                assert!(
                    part.contains("{{organisation_name}}"),
                    "{at}: no organisation name"
                );
                assert!(part.contains("{{#if recipient_name}}"), "{at}: no greeting");
            }
        }
    }
}

#[test]
fn every_default_template_renders_its_sample_data_in_both_languages() {
    for kind in TemplateKind::ALL {
        let sample = kind.sample_data();
        for language in Language::ALL {
            let at = format!("{kind}/{}", language.code());
            let mail = render_default(kind, language);
            assert!(!mail.subject.is_empty(), "{at}");
            assert!(!mail.subject.contains(['\r', '\n']), "{at}");
            for body in [&mail.html, &mail.text] {
                assert!(body.contains("Jane Doe"), "{at}: recipient not greeted");
                assert!(body.contains("Acme Ltd"), "{at}: organisation missing");
                assert!(!body.contains("{{"), "{at}: unrendered placeholder");
                for placeholder in kind.required_placeholders() {
                    let value = sample[placeholder]
                        .as_str()
                        .expect("sample values are strings");
                    assert!(body.contains(value), "{at}: {placeholder} not rendered");
                }
            }
            assert!(
                mail.html
                    .contains(&format!("<html lang=\"{}\">", language.code())),
                "{at}"
            );
            assert!(
                !mail.html.contains("http://") && !mail.html.contains("src="),
                "{at}: external resource"
            );
        }
    }
}

#[test]
fn french_templates_are_not_the_english_ones() {
    let engine = HandlebarsEngine::new();
    for kind in TemplateKind::ALL {
        let en = engine.default_template(kind, Language::En);
        let fr = engine.default_template(kind, Language::Fr);
        assert_ne!(en.subject, fr.subject, "{kind}");
        assert_ne!(en.html, fr.html, "{kind}");
        assert_ne!(en.text, fr.text, "{kind}");
        let rendered = render_default(kind, Language::Fr);
        assert!(rendered.text.starts_with("Bonjour Jane Doe,"), "{kind}");
        assert!(rendered.text.contains("Bien cordialement,"), "{kind}");
    }
}

#[test]
fn optional_data_may_be_missing() {
    let engine = HandlebarsEngine::new();
    for kind in TemplateKind::ALL {
        for language in Language::ALL {
            let data: serde_json::Map<_, _> = kind
                .required_placeholders()
                .iter()
                .map(|name| {
                    (
                        (*name).to_owned(),
                        json!(format!("https://x.example/{name}")),
                    )
                })
                .collect();
            let mail = engine
                .render(&engine.default_template(kind, language), &data.into())
                .expect("renders without optional data");
            let hello = if language == Language::En {
                "Hello,"
            } else {
                "Bonjour,"
            };
            assert!(mail.text.starts_with(hello), "{kind}/{}", language.code());
        }
    }
}

#[test]
fn data_is_escaped_in_the_html_body_only() {
    let engine = HandlebarsEngine::new();
    let data = json!({ "name": "<script>alert('x')</script> & co" });
    let mail = engine
        .render(
            &template("Hi {{name}}", "<p>{{name}}</p>", "Hi {{name}}"),
            &data,
        )
        .expect("renders");
    assert_eq!(
        mail.html,
        "<p>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co</p>"
    );
    assert_eq!(mail.text, "Hi <script>alert('x')</script> & co");
    assert_eq!(mail.subject, "Hi <script>alert('x')</script> & co");
}

#[test]
fn the_shipped_html_escapes_data_too() {
    let engine = HandlebarsEngine::new();
    let mut data = TemplateKind::CaseNotification.sample_data();
    data["case_title"] = json!("<b>Heating</b>");
    let mail = engine
        .render(
            &engine.default_template(TemplateKind::CaseNotification, Language::En),
            &data,
        )
        .expect("renders");
    assert!(mail.html.contains("&lt;b&gt;Heating&lt;/b&gt;"));
    assert!(!mail.html.contains("<b>Heating"));
    assert!(mail.text.contains("<b>Heating</b>"));
}

#[test]
fn subject_line_breaks_are_collapsed() {
    let engine = HandlebarsEngine::new();
    let data = json!({ "title": "Broken\r\nBcc: victim@evil.example\nheating" });
    let mail = engine
        .render(&template("Case: {{title}}\n", "x", "x"), &data)
        .expect("renders");
    assert_eq!(
        mail.subject,
        "Case: Broken Bcc: victim@evil.example heating"
    );
}

#[test]
fn missing_data_renders_empty() {
    let engine = HandlebarsEngine::new();
    let mail = engine
        .render(
            &template("[{{nope}}]", "<p>{{a.b.c}}</p>", "{{#if x}}x{{/if}}-{{y}}"),
            &json!({}),
        )
        .expect("strict mode is off");
    assert_eq!(
        (
            mail.subject.as_str(),
            mail.html.as_str(),
            mail.text.as_str()
        ),
        ("[]", "<p></p>", "-")
    );
}

#[test]
fn check_names_the_part_that_does_not_compile() {
    let engine = HandlebarsEngine::new();
    let broken = "{{#if x}}never closed";
    for (part, candidate) in [
        ("subject", template(broken, "ok", "ok")),
        ("html", template("ok", broken, "ok")),
        ("text", template("ok", "ok", broken)),
    ] {
        match engine.check(&candidate) {
            Err(TemplateRuleError::DoesNotCompile {
                part: named,
                message,
            }) => {
                assert_eq!(named, part);
                assert!(!message.is_empty());
            }
            other => panic!("{part}: expected DoesNotCompile, got {other:?}"),
        }
    }
    // The first failing part is reported.
    assert!(matches!(
        engine.check(&template("{{/if}}", broken, broken)),
        Err(TemplateRuleError::DoesNotCompile {
            part: "subject",
            ..
        })
    ));
}

#[test]
fn check_rejects_templates_that_can_never_render() {
    let engine = HandlebarsEngine::new();
    assert!(matches!(
        engine.check(&template("ok", "{{> missing_partial}}", "ok")),
        Err(TemplateRuleError::DoesNotCompile { part: "html", .. })
    ));
    assert!(matches!(
        engine.check(&template("ok", "ok", "{{no_such_helper name}}")),
        Err(TemplateRuleError::DoesNotCompile { part: "text", .. })
    ));
}

#[test]
fn render_reports_the_failing_part() {
    let engine = HandlebarsEngine::new();
    let error = engine
        .render(&template("ok", "ok", "{{#if x}}"), &json!({}))
        .expect_err("does not compile");
    assert!(error.0.starts_with("text:"), "{error}");
}

fn snapshot_text(mail: &RenderedMail) -> String {
    format!(
        "Subject: {}\n\n===== text =====\n{}\n===== html =====\n{}",
        mail.subject, mail.text, mail.html
    )
}

#[test]
fn snapshot_temporary_password_en() {
    let mail = render_default(TemplateKind::TemporaryPassword, Language::En);
    insta::assert_snapshot!(snapshot_text(&mail));
}

#[test]
fn snapshot_temporary_password_fr() {
    let mail = render_default(TemplateKind::TemporaryPassword, Language::Fr);
    insta::assert_snapshot!(snapshot_text(&mail));
}

#[test]
fn snapshot_case_notification_en() {
    let mail = render_default(TemplateKind::CaseNotification, Language::En);
    insta::assert_snapshot!(snapshot_text(&mail));
}

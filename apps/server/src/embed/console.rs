//! The console's panel of copy-paste snippets beside each form (`/staff/forms/{slug}`):
//! the iframe of the embedded page with its loader, and the widget script.

use frontdesk_access::Organisation;
use frontdesk_cases::Form;
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};

use crate::embed::snippets;

/// The snippets of `form`, each in a read-only field with **Copy**.
pub(crate) fn snippets_panel(t: Texts, org: &Organisation, form: &Form) -> Markup {
    let base = org.base_url.as_str().trim_end_matches('/');
    let (iframe, script) = snippets(base, org.slug.as_str(), form.slug.as_str(), &form.name);
    let rows = [
        (
            "embed-snippet-iframe-code",
            "embed-snippet-iframe",
            "embed-snippet-iframe-hint",
            iframe,
        ),
        (
            "embed-snippet-script-code",
            "embed-snippet-script",
            "embed-snippet-script-hint",
            script,
        ),
    ];
    html! {
        section.card #embed aria-labelledby="embed-title" {
            h2 #embed-title { (t.get("embed-snippets-title")) }
            p.hint { (t.get("embed-snippets-none")) " " a href="/staff/settings/embed" { (t.get("embed-settings-title")) } }
            @for (id, label, hint, code) in &rows {
                label for=(id) { (t.get(label)) }
                small id={ (id) "-hint" } { (t.get(hint)) }
                textarea id=(id) readonly rows="3" spellcheck="false" aria-describedby={ (id) "-hint" } { (code) }
                button.secondary type="button" data-copy=(id) data-copied=(t.get("embed-snippet-copied")) hidden
                    aria-label=(t.with("embed-snippet-copy-named", &[("what", Arg::from(t.get(label)))])) {
                    (t.get("embed-snippet-copy"))
                }
                span id={ (id) "-status" } role="status" {}
            }
        }
    }
}

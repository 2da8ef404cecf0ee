//! Every language has every message, with the same placeholders, and every file parses.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement, Variant};
use frontdesk_kernel::Language;
use frontdesk_l10n::{Arg, CATALOG_DIR, Texts};

/// Message id → the placeholders (`$name`) its value and attributes use.
type Catalog = BTreeMap<String, BTreeSet<String>>;

fn variables_in_inline(expression: &InlineExpression<String>, into: &mut BTreeSet<String>) {
    match expression {
        InlineExpression::VariableReference { id } => {
            into.insert(id.name.clone());
        }
        InlineExpression::Placeable { expression } => variables_in_expression(expression, into),
        InlineExpression::FunctionReference { arguments, .. }
        | InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            for argument in &arguments.positional {
                variables_in_inline(argument, into);
            }
            for named in &arguments.named {
                variables_in_inline(&named.value, into);
            }
        }
        _ => {}
    }
}

fn variables_in_expression(expression: &Expression<String>, into: &mut BTreeSet<String>) {
    match expression {
        Expression::Inline(inline) => variables_in_inline(inline, into),
        Expression::Select { selector, variants } => {
            variables_in_inline(selector, into);
            for Variant { value, .. } in variants {
                variables_in_pattern(value, into);
            }
        }
    }
}

fn variables_in_pattern(pattern: &Pattern<String>, into: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            variables_in_expression(expression, into);
        }
    }
}

fn catalog(language: Language) -> Catalog {
    let dir = Path::new(CATALOG_DIR).join(language.code());
    let mut catalog = Catalog::new();
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("a readable catalog entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} has no .ftl files", dir.display());
    for file in files {
        let source = fs::read_to_string(&file).expect("a readable catalog file");
        let resource = fluent_syntax::parser::parse(source)
            .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", file.display()));
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                let mut variables = BTreeSet::new();
                if let Some(value) = &message.value {
                    variables_in_pattern(value, &mut variables);
                }
                for attribute in &message.attributes {
                    variables_in_pattern(&attribute.value, &mut variables);
                }
                let id = message.id.name.clone();
                assert!(
                    catalog.insert(id.clone(), variables).is_none(),
                    "{id} is defined twice in {}",
                    language.code()
                );
            }
        }
    }
    catalog
}

#[test]
fn every_language_has_every_message_with_the_same_placeholders() {
    let english = catalog(Language::En);
    assert!(english.len() > 10, "the English catalog looks empty");
    for language in Language::ALL {
        let other = catalog(language);
        let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: missing {missing:?}, not in English {extra:?}",
            language.code()
        );
        for (id, variables) in &english {
            assert_eq!(
                &other[id],
                variables,
                "{} uses other placeholders than English in {id}",
                language.code()
            );
        }
    }
}

#[test]
fn every_message_renders_in_every_language() {
    let english = catalog(Language::En);
    for language in Language::ALL {
        let texts = Texts::new(language);
        for (id, variables) in &english {
            // Every placeholder gets a value (2, which selects a plural form everywhere).
            let args: Vec<(&'static str, Arg)> = variables
                .iter()
                .map(|name| (&*Box::leak(name.clone().into_boxed_str()), Arg::from(2_u64)))
                .collect();
            let text = texts.with(id, &args);
            assert!(
                !text.trim().is_empty(),
                "{id} is empty in {}",
                language.code()
            );
        }
    }
}

#[test]
fn plural_forms_follow_the_count() {
    let en = Texts::new(Language::En);
    let fr = Texts::new(Language::Fr);
    let count = |n: u64| [("count", Arg::from(n))];
    assert_eq!(en.with("dashboard-open-cases", &count(1)), "open case");
    assert_eq!(en.with("dashboard-open-cases", &count(3)), "open cases");
    assert_eq!(fr.with("dashboard-open-cases", &count(1)), "dossier ouvert");
    assert_eq!(
        fr.with("dashboard-open-cases", &count(3)),
        "dossiers ouverts"
    );
}

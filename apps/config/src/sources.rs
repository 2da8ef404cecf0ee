//! Raw values from the TOML file and the environment, before validation: the file's keys
//! and the `FRONTDESK_*` variables are matched against [`KEYS`], later sources override
//! earlier ones, and each value is taken out once by the setting that reads it.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::RangeInclusive;
use std::path::Path;

use crate::keys::{KEYS, Key, known_keys, sections};
use crate::{CONFIG_FILE_ENV_VAR, ConfigError, ENV_PREFIX, InvalidValue, Origin};

/// A raw value before validation.
pub(crate) enum Raw {
    Text(String),
    Integer(i64),
    Boolean(bool),
    Other(&'static str),
}

/// Raw values by dotted TOML key, later sources overriding earlier ones.
#[derive(Default)]
pub(crate) struct Sources {
    values: BTreeMap<&'static str, (Raw, Origin)>,
}

impl Sources {
    pub(crate) fn read_file(&mut self, path: &Path) -> Result<(), ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::ReadFile {
            path: path.to_owned(),
            source,
        })?;
        let table: toml::Table = toml::from_str(&text).map_err(|error| {
            let start = error.span().map_or(0, |span| span.start).min(text.len());
            let before = text.get(..start).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let column = before
                .rsplit('\n')
                .next()
                .map_or(0, |line| line.chars().count())
                + 1;
            ConfigError::Syntax {
                path: path.to_owned(),
                line,
                column,
                message: error.message().trim().to_owned(),
            }
        })?;
        self.read_table(path, "", table)
    }

    /// Takes the keys of `table` (the top level when `section` is empty), refusing any key
    /// that is not a known setting or section.
    fn read_table(
        &mut self,
        path: &Path,
        section: &str,
        table: toml::Table,
    ) -> Result<(), ConfigError> {
        for (name, value) in table {
            let dotted = if section.is_empty() {
                name.clone()
            } else {
                format!("{section}.{name}")
            };
            if let Some(known) = KEYS.iter().find(|key| key.toml == dotted) {
                let origin = Origin::File {
                    key: dotted,
                    path: path.to_owned(),
                };
                self.values.insert(known.toml, (Raw::from(value), origin));
            } else if section.is_empty() && sections().any(|known| known == name) {
                let toml::Value::Table(inner) = value else {
                    return Err(ConfigError::Invalid {
                        origin: Origin::File {
                            key: dotted,
                            path: path.to_owned(),
                        },
                        problem: format!("expected a table, written [{name}]"),
                    });
                };
                self.read_table(path, &name, inner)?;
            } else {
                return Err(ConfigError::UnknownKey {
                    path: path.to_owned(),
                    key: dotted,
                    known: known_keys(section),
                });
            }
        }
        Ok(())
    }

    pub(crate) fn read_env(
        &mut self,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<(), ConfigError> {
        let mut vars: Vec<(String, String)> = env
            .into_iter()
            .filter(|(name, _)| name.starts_with(ENV_PREFIX) && name != CONFIG_FILE_ENV_VAR)
            .collect();
        vars.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, value) in vars {
            let Some(known) = KEYS.iter().find(|key| key.env == name) else {
                return Err(ConfigError::UnknownEnvVar {
                    var: name,
                    known: KEYS
                        .iter()
                        .map(|key| key.env)
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            };
            if value.trim().is_empty() {
                continue;
            }
            self.values
                .insert(known.toml, (Raw::Text(value), Origin::Env { var: name }));
        }
        Ok(())
    }

    /// The text value of `key` run through `parse`, if set.
    pub(crate) fn text<T>(
        &mut self,
        key: &Key,
        parse: impl FnOnce(&str) -> Result<T, InvalidValue>,
    ) -> Result<Option<T>, ConfigError> {
        let Some((raw, origin)) = self.values.remove(key.toml) else {
            return Ok(None);
        };
        let Raw::Text(text) = raw else {
            return Err(ConfigError::Invalid {
                origin,
                problem: format!("expected a string, found {}", raw.kind()),
            });
        };
        let text = text.trim();
        if text.chars().any(char::is_control) {
            return Err(ConfigError::Invalid {
                origin,
                problem: "must not contain control characters or line breaks".to_owned(),
            });
        }
        parse(text)
            .map(Some)
            .map_err(|InvalidValue(problem)| ConfigError::Invalid { origin, problem })
    }

    /// The whole number value of `key`, if set, checked against `range`.
    pub(crate) fn number<T>(
        &mut self,
        key: &Key,
        range: RangeInclusive<T>,
    ) -> Result<Option<T>, ConfigError>
    where
        T: TryFrom<i64> + PartialOrd + fmt::Display + std::str::FromStr,
    {
        let Some((raw, origin)) = self.values.remove(key.toml) else {
            return Ok(None);
        };
        let value = match raw {
            Raw::Integer(number) => T::try_from(number).ok(),
            Raw::Text(text) => text.trim().parse::<T>().ok(),
            Raw::Boolean(_) | Raw::Other(_) => None,
        };
        match value {
            Some(value) if range.contains(&value) => Ok(Some(value)),
            _ => Err(ConfigError::Invalid {
                origin,
                problem: format!(
                    "expected a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            }),
        }
    }

    /// The boolean value of `key`, if set (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`
    /// from the environment).
    pub(crate) fn boolean(&mut self, key: &Key) -> Result<Option<bool>, ConfigError> {
        let Some((raw, origin)) = self.values.remove(key.toml) else {
            return Ok(None);
        };
        let value = match raw {
            Raw::Boolean(value) => Some(value),
            Raw::Text(text) => match text.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => Some(true),
                "false" | "0" | "no" | "off" => Some(false),
                _ => None,
            },
            Raw::Integer(_) | Raw::Other(_) => None,
        };
        value.map(Some).ok_or_else(|| ConfigError::Invalid {
            origin,
            problem: "expected true or false".to_owned(),
        })
    }
}

impl From<toml::Value> for Raw {
    fn from(value: toml::Value) -> Self {
        match value {
            toml::Value::String(text) => Self::Text(text),
            toml::Value::Integer(number) => Self::Integer(number),
            toml::Value::Boolean(value) => Self::Boolean(value),
            other => Self::Other(other.type_str()),
        }
    }
}

impl Raw {
    /// The TOML type name, for errors (never the value itself).
    fn kind(&self) -> &'static str {
        match self {
            Self::Text(_) => "string",
            Self::Integer(_) => "integer",
            Self::Boolean(_) => "boolean",
            Self::Other(kind) => kind,
        }
    }
}

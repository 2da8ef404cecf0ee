//! Logging settings: the filter and the output format.

use crate::keys::{LOG_FILTER, LOG_FORMAT};
use crate::sources::Sources;
use crate::{ConfigError, InvalidValue};

/// Logging settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSettings {
    /// `tracing` filter directive, such as `info` or `frontdesk=debug,info`; checked by the
    /// binary that installs the subscriber.
    pub filter: String,
    /// Output format.
    pub format: LogFormat,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

impl LogSettings {
    /// The configured filter (`info` unless set) and format (text unless set).
    pub(crate) fn from_sources(sources: &mut Sources) -> Result<Self, ConfigError> {
        Ok(Self {
            filter: sources
                .text(&LOG_FILTER, |raw| {
                    if raw.is_empty() {
                        Err(InvalidValue::new("expected a log filter such as info"))
                    } else {
                        Ok(raw.to_owned())
                    }
                })?
                .unwrap_or_else(|| "info".to_owned()),
            format: sources
                .text(&LOG_FORMAT, |raw| match raw.to_ascii_lowercase().as_str() {
                    "text" => Ok(LogFormat::Text),
                    "json" => Ok(LogFormat::Json),
                    _ => Err(InvalidValue::new("expected text or json")),
                })?
                .unwrap_or(LogFormat::Text),
        })
    }
}

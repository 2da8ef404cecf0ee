//! What can be wrong with a configuration, and where the value at fault came from.

use std::fmt;
use std::path::PathBuf;

/// Where a value came from, as the operator would look for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An environment variable.
    Env {
        /// Its name.
        var: String,
    },
    /// A key in the TOML file.
    File {
        /// Dotted key, such as `http.body_limit_bytes`.
        key: String,
        /// The file.
        path: PathBuf,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Env { var } => write!(f, "environment variable {var}"),
            Self::File { key, path } => write!(f, "`{key}` in config file {}", path.display()),
        }
    }
}

/// Why the configuration cannot be used. The `Display` text is meant for the operator and
/// never contains a password.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file could not be read.
    #[error("cannot read config file {}: {source}", path.display())]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The config file is not valid TOML.
    #[error("config file {} is not valid TOML (line {line}, column {column}): {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What the TOML parser said (without the offending line's text).
        message: String,
    },
    /// The config file has a key Frontdesk does not know.
    #[error("unknown key `{key}` in config file {}; known keys here: {known}", path.display())]
    UnknownKey {
        /// The file.
        path: PathBuf,
        /// Dotted key, such as `http.body_limit`.
        key: String,
        /// The keys allowed at that level.
        known: String,
    },
    /// A `FRONTDESK_*` environment variable Frontdesk does not know.
    #[error("unknown environment variable {var}; known variables: {known}")]
    UnknownEnvVar {
        /// Its name.
        var: String,
        /// The variables Frontdesk reads.
        known: String,
    },
    /// A value has the wrong shape or is out of range.
    #[error("{origin}: {problem}")]
    Invalid {
        /// Where the value came from.
        origin: Origin,
        /// What is wrong and what is expected.
        problem: String,
    },
    /// Values that are fine alone but not together.
    #[error("{0}")]
    Inconsistent(String),
}

/// Why a database URL or mail setting was refused; the message never repeats the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(pub(crate) String);

impl InvalidValue {
    pub(crate) fn new(problem: impl Into<String>) -> Self {
        Self(problem.into())
    }
}

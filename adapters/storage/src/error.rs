//! Errors an operator sees when the database cannot be reached or prepared.

/// Why the database could not be opened, migrated or reached. Messages name the file or
/// host but never a password.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The URL's scheme is not one Frontdesk supports.
    #[error(
        "unsupported database URL scheme {scheme:?}: use sqlite://PATH?mode=rwc, sqlite::memory: \
         or postgres://USER@HOST:PORT/DATABASE"
    )]
    UnsupportedScheme {
        /// The scheme found (or `(none)`).
        scheme: String,
    },
    /// The URL has a supported scheme but cannot be understood.
    #[error("the {backend} database URL is invalid: {reason}")]
    InvalidUrl {
        /// `SQLite` or `PostgreSQL`.
        backend: &'static str,
        /// What is wrong, with any password removed.
        reason: String,
    },
    /// The database did not accept a connection.
    #[error("cannot connect to {target}: {reason}")]
    Connect {
        /// The file or host, user and database, never the password.
        target: String,
        /// What the driver said, with any password removed.
        reason: String,
    },
    /// Applying migrations failed; the schema may be partly upgraded.
    #[error("database migration failed on {target}: {source}")]
    Migration {
        /// The file or host.
        target: String,
        /// The failure.
        #[source]
        source: sea_orm::DbErr,
    },
    /// The database did not answer a query.
    #[error("the database at {target} does not answer: {source}")]
    Unavailable {
        /// The file or host.
        target: String,
        /// The failure.
        #[source]
        source: sea_orm::DbErr,
    },
}

//! `impl <Port> for Database` for every access and messaging port. Reads use the reader
//! pool, writes the caller's unit of work or (for single-row writes) the writer pool.

mod attempts;
mod audit;
mod captcha;
mod housekeeping;
mod organisations;
mod outbox;
mod sessions;
mod settings;
mod staff;
mod templates;
mod tokens;

pub use outbox::OutboxCounts;

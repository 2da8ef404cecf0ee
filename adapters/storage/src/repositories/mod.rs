//! `impl <Port> for Database` for every access, messaging, cases, contacts and sharing port. Reads use the reader
//! pool, writes the caller's unit of work or (for single-row writes) the writer pool.

mod attempts;
mod audit;
mod captcha;
mod cases;
mod clients;
mod contact_user_sessions;
mod contact_users;
mod contacts;
mod embed;
mod forms;
mod grants;
mod guest;
mod housekeeping;
mod idempotency;
mod limits;
mod organisations;
mod outbox;
mod overview;
mod pending_sign_ups;
mod portal;
mod portal_users;
mod registration;
mod sealing;
mod sessions;
mod settings;
mod sharing;
mod staff;
mod templates;
mod timeline;
mod tokens;
mod views;

pub use outbox::OutboxCounts;
pub use sealing::{OutboxSealing, SealingKey};

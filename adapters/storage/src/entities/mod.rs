//! sea-orm entities, one module per table. They never leave this crate: repositories
//! convert them to and from domain types.

pub mod access_grants;
pub mod action_tokens;
pub mod api_tokens;
pub mod audit_events;
pub mod captcha_replays;
pub mod case_contacts;
pub mod cases;
pub mod clients;
pub mod contact_case_unsubscribes;
pub mod contact_user_clients;
pub mod contact_user_links;
pub mod contact_user_sessions;
pub mod contact_users;
pub mod contacts;
pub mod embed_origins;
pub mod failed_attempts;
pub mod form_share_permissions;
pub mod forms;
pub mod guest_access;
pub mod idempotency_keys;
pub mod mail_templates;
pub mod organisations;
pub mod outbox_messages;
pub mod pending_sign_ups;
pub mod portal_settings;
pub mod public_cases_rules;
pub mod registration_links;
pub mod registration_uses;
pub mod settings;
pub mod share_link_views;
pub mod share_links;
pub mod staff_sessions;
pub mod staff_users;
pub mod timeline_entries;
pub mod unsubscribe_grants;

//! The Frontdesk server: public pages, the staff console and JSON API, and the admin
//! command line. This crate only wires: rules live in the domain crates, storage and
//! hashing in the adapters.

pub(crate) mod api;
pub(crate) mod app;
pub mod cli;
pub(crate) mod console;
pub(crate) mod csrf;
pub(crate) mod embed;
pub(crate) mod extract;
pub(crate) mod health;
pub(crate) mod http;
pub(crate) mod links;
pub(crate) mod openapi;
pub(crate) mod pages;
pub(crate) mod portal;
pub(crate) mod problem;
pub mod serve;
pub(crate) mod state;
pub mod wiring;

pub use serve::{RunningServer, ServeError, ServeOptions, start};

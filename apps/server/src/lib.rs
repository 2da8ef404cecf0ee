//! The Frontdesk server: public pages, the staff console and JSON API, and the admin
//! command line. This crate only wires: rules live in the domain crates, storage and
//! hashing in the adapters.

pub mod api;
pub mod app;
pub mod cli;
pub(crate) mod console;
pub mod csrf;
pub mod extract;
pub mod health;
pub mod http;
pub mod links;
pub mod openapi;
pub mod pages;
pub mod problem;
pub mod serve;
pub mod state;
pub mod wiring;

pub use serve::{RunningServer, ServeError, ServeOptions, start};

//! Errors shared by several access use cases.

/// The acting staff user lacks a permission the use case needs.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
#[error("you do not have permission to {0}")]
pub struct Forbidden(pub crate::Permission);

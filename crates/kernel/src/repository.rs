//! The shared vocabulary of persistence: one error type for infrastructure failures and the
//! unit of work that groups writes into one transaction.

use std::any::Any;

/// A store failed or returned something the domain cannot use. Domain rules never produce
/// this; it means "try again later" or "call the operator".
#[derive(Debug, thiserror::Error)]
pub enum RepositoryError {
    /// A uniqueness rule was violated (e.g. a slug or email that already exists).
    #[error("a record with the same {0} already exists")]
    Conflict(&'static str),
    /// The store is unreachable, timed out or failed.
    #[error("the database is unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A stored row does not map back to a valid domain value.
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

impl RepositoryError {
    /// Wraps any store failure as [`RepositoryError::Unavailable`].
    pub fn unavailable(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Unavailable(Box::new(error))
    }
}

/// A database transaction in progress. Ports that take `&mut dyn UnitOfWork` write inside
/// it; nothing is visible to others until [`UnitOfWork::commit`]. Dropping it without
/// committing rolls everything back.
#[async_trait::async_trait]
pub trait UnitOfWork: Send {
    /// Lets the adapter that created this unit of work reach its own transaction type.
    fn as_any(&mut self) -> &mut (dyn Any + Send);

    /// Makes every write in this unit of work durable and visible, atomically.
    ///
    /// # Errors
    /// [`RepositoryError`] when the commit fails; then nothing was written.
    async fn commit(self: Box<Self>) -> Result<(), RepositoryError>;
}

/// A unit of work as ports receive it: `uow: &mut Uow`. (The alias pins the trait object's
/// lifetime to `'static`, which keeps port signatures simple to implement and to mock.)
pub type Uow = dyn UnitOfWork;

/// Starts units of work.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait TransactionRunner: Send + Sync {
    /// Begins a write transaction.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store cannot start one.
    async fn begin(&self) -> Result<Box<dyn UnitOfWork>, RepositoryError>;
}

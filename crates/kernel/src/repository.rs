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
        Self::Unavailable(Box::new(StoreFailure(Box::new(error))))
    }

    /// Whether `cause`, or an error in its chain, is a store that is unavailable — also
    /// behind use-case errors that wrap a [`RepositoryError`] transparently, so pages can
    /// answer "try again shortly" (503) rather than "something went wrong" (500).
    pub fn is_unavailable_cause(cause: &(dyn std::error::Error + 'static)) -> bool {
        let mut current = Some(cause);
        while let Some(error) = current {
            if error.is::<StoreFailure>()
                || matches!(error.downcast_ref::<Self>(), Some(Self::Unavailable(_)))
            {
                return true;
            }
            current = error.source();
        }
        false
    }
}

/// The store's own error behind [`RepositoryError::Unavailable`], so that the failure can
/// be recognised in an error chain whatever wraps it.
#[derive(Debug, thiserror::Error)]
#[error("the store failed")]
pub struct StoreFailure(#[source] Box<dyn std::error::Error + Send + Sync>);

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

#[cfg(test)]
mod tests {
    use super::RepositoryError;

    #[derive(Debug, thiserror::Error)]
    enum UseCaseError {
        #[error("not found")]
        NotFound,
        #[error(transparent)]
        Repository(#[from] RepositoryError),
    }

    #[test]
    fn an_unavailable_store_is_recognised_through_transparent_wrappers() {
        let down = RepositoryError::unavailable(std::io::Error::other("connection refused"));
        assert!(RepositoryError::is_unavailable_cause(&down));
        let wrapped = UseCaseError::from(down);
        assert!(RepositoryError::is_unavailable_cause(&wrapped));
        assert!(!RepositoryError::is_unavailable_cause(
            &UseCaseError::NotFound
        ));
        let conflict = UseCaseError::from(RepositoryError::Conflict("slug"));
        assert!(!RepositoryError::is_unavailable_cause(&conflict));
        let corrupt = RepositoryError::Corrupt("bad row".into());
        assert!(!RepositoryError::is_unavailable_cause(&corrupt));
    }
}

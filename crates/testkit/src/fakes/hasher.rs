//! A password hasher that costs nothing.

use std::sync::atomic::{AtomicBool, Ordering};

use frontdesk_kernel::{
    NewPassword, PasswordHash, PasswordHasher, PasswordHashingError, PasswordVerification,
};
use secrecy::{ExposeSecret, SecretString};

/// A [`PasswordHasher`] that costs nothing: the "hash" is `fake$` followed by the password.
/// [`FakeHasher::set_busy`] makes every call fail with [`PasswordHashingError::Busy`].
#[derive(Debug, Default)]
pub struct FakeHasher {
    busy: AtomicBool,
}

impl FakeHasher {
    /// A hasher that answers every call.
    pub fn new() -> Self {
        Self::default()
    }

    /// While `busy`, every call fails with [`PasswordHashingError::Busy`].
    pub fn set_busy(&self, busy: bool) {
        self.busy.store(busy, Ordering::SeqCst);
    }

    /// The hash this fake stores for `password`.
    pub fn hash_of(password: &str) -> PasswordHash {
        PasswordHash::from_phc(format!("fake${password}"))
    }

    fn check_busy(&self) -> Result<(), PasswordHashingError> {
        if self.busy.load(Ordering::SeqCst) {
            Err(PasswordHashingError::Busy)
        } else {
            Ok(())
        }
    }
}

#[async_trait::async_trait]
impl PasswordHasher for FakeHasher {
    async fn hash(&self, password: &NewPassword) -> Result<PasswordHash, PasswordHashingError> {
        self.check_busy()?;
        Ok(Self::hash_of(password.expose()))
    }

    async fn verify(
        &self,
        candidate: &SecretString,
        hash: Option<PasswordHash>,
    ) -> Result<PasswordVerification, PasswordHashingError> {
        self.check_busy()?;
        let matches = hash.is_some_and(|hash| hash == Self::hash_of(candidate.expose_secret()));
        Ok(if matches {
            PasswordVerification::Match
        } else {
            PasswordVerification::Mismatch
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_fake_hasher_matches_only_its_own_hash_and_can_be_busy() {
        let hasher = FakeHasher::new();
        let password = NewPassword::parse(SecretString::from("correct horse battery")).unwrap();
        let hash = hasher.hash(&password).await.unwrap();
        let right = SecretString::from("correct horse battery");
        let wrong = SecretString::from("wrong horse battery");
        assert_eq!(
            hasher.verify(&right, Some(hash.clone())).await,
            Ok(PasswordVerification::Match)
        );
        assert_eq!(
            hasher.verify(&wrong, Some(hash.clone())).await,
            Ok(PasswordVerification::Mismatch)
        );
        assert_eq!(
            hasher.verify(&right, None).await,
            Ok(PasswordVerification::Mismatch)
        );
        hasher.set_busy(true);
        assert_eq!(
            hasher.verify(&right, Some(hash.clone())).await,
            Err(PasswordHashingError::Busy)
        );
        assert_eq!(
            hasher.hash(&password).await,
            Err(PasswordHashingError::Busy)
        );
    }
}

//! Password hashing adapter: argon2id on Tokio's blocking threads behind a bounded admission
//! scheme.
//!
//! [`Argon2Hasher`] implements the kernel port [`PasswordHasher`]. At most
//! [`HasherLimits::max_concurrent`] hashes run at once and at most
//! [`HasherLimits::max_waiting`] more wait for a slot; any call beyond that is refused at once
//! with [`PasswordHashingError::Busy`] (the HTTP layer answers 429), so a flood of logins can
//! never stall the async runtime or pile up unbounded work.
//!
//! ```
//! use frontdesk_kernel::{NewPassword, PasswordHasher, PasswordVerification};
//! use frontdesk_passwords::{Argon2Hasher, HasherLimits};
//! use secrecy::SecretString;
//!
//! # tokio::runtime::Runtime::new()?.block_on(async {
//! let hasher = Argon2Hasher::with_params_for_tests(HasherLimits::default());
//! let password = NewPassword::parse(SecretString::from("correct horse battery staple"))?;
//! let hash = hasher.hash(&password).await?;
//! let right = SecretString::from("correct horse battery staple");
//! assert_eq!(hasher.verify(&right, Some(hash.clone())).await?, PasswordVerification::Match);
//! let wrong = SecretString::from("tr0ub4dor&3");
//! assert_eq!(hasher.verify(&wrong, Some(hash)).await?, PasswordVerification::Mismatch);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::num::NonZeroUsize;
use std::sync::{Arc, OnceLock};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{
    Error as PhcError, PasswordHash as PhcHash, PasswordHasher as _, PasswordVerifier as _,
    SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use frontdesk_kernel::{
    NewPassword, PasswordHash, PasswordHasher, PasswordHashingError, PasswordVerification,
};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// OWASP memory cost for argon2id, in KiB (19 MiB).
pub const OWASP_MEMORY_KIB: u32 = 19_456;
/// OWASP iteration count for argon2id.
pub const OWASP_ITERATIONS: u32 = 2;
/// OWASP degree of parallelism for argon2id.
pub const OWASP_PARALLELISM: u32 = 1;

/// Password the dummy hash is made from; it only has to be fixed, not secret.
const DUMMY_PASSWORD: &[u8] = b"frontdesk-dummy-password-for-unknown-accounts";

/// How much work one hash costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HasherCost {
    /// argon2id with the OWASP parameters (m=19456 KiB, t=2, p=1). Use this in production.
    #[default]
    Owasp,
    /// argon2id with the smallest parameters argon2 accepts (m=8 KiB, t=1, p=1).
    ///
    /// **For tests only; never use it in production**: such hashes are cheap to brute-force.
    FastForTestsOnly,
}

impl HasherCost {
    fn params(self) -> Params {
        let (m, t, p) = match self {
            Self::Owasp => (OWASP_MEMORY_KIB, OWASP_ITERATIONS, OWASP_PARALLELISM),
            Self::FastForTestsOnly => (Params::MIN_M_COST, Params::MIN_T_COST, 1),
        };
        // Both parameter sets are within argon2's bounds, so this never falls back.
        Params::new(m, t, p, None).unwrap_or_default()
    }
}

/// How many hashes may run and wait at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HasherLimits {
    /// Hashes running at the same time, each on its own blocking thread (at least 1 is used).
    pub max_concurrent: usize,
    /// Calls that may wait for a running slot; calls beyond this get
    /// [`PasswordHashingError::Busy`].
    pub max_waiting: usize,
}

impl Default for HasherLimits {
    /// One running hash per available CPU but one (at least one), so sign-ins can never take
    /// every core from the pages (DESIGN §7, measured by `frontdesk-bench http --hashing`),
    /// and four times that many waiting.
    fn default() -> Self {
        let cpus = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
        let running = cpus.saturating_sub(1).max(1);
        Self {
            max_concurrent: running,
            max_waiting: running.saturating_mul(4),
        }
    }
}

/// argon2id [`PasswordHasher`] running on blocking threads behind a bounded semaphore.
///
/// Cloning is cheap; clones share the same limits and slots.
#[derive(Clone)]
pub struct Argon2Hasher {
    inner: Arc<Inner>,
}

struct Inner {
    argon2: Argon2<'static>,
    /// Permits for calls admitted (running or waiting): `max_concurrent + max_waiting`.
    admission: Arc<Semaphore>,
    admission_capacity: usize,
    /// Permits for calls running on a blocking thread: `max_concurrent`.
    running: Arc<Semaphore>,
    running_capacity: usize,
    /// PHC string of the dummy hash used when there is no account, made on first use.
    dummy: OnceLock<Result<String, PhcError>>,
}

/// Both permits of one admitted call; dropping it frees the slots.
struct Admitted {
    _admission: OwnedSemaphorePermit,
    _running: OwnedSemaphorePermit,
}

impl Argon2Hasher {
    /// A production hasher: argon2id with the OWASP parameters and the given limits.
    pub fn new(limits: HasherLimits) -> Self {
        Self::with_cost(HasherCost::Owasp, limits)
    }

    /// A hasher with cheap parameters ([`HasherCost::FastForTestsOnly`]) so other crates'
    /// tests run fast.
    ///
    /// **Never use it in production**: its hashes are cheap to brute-force.
    pub fn with_params_for_tests(limits: HasherLimits) -> Self {
        Self::with_cost(HasherCost::FastForTestsOnly, limits)
    }

    /// A hasher with an explicit cost. Production code should use [`Argon2Hasher::new`].
    pub fn with_cost(cost: HasherCost, limits: HasherLimits) -> Self {
        let running_capacity = limits.max_concurrent.clamp(1, Semaphore::MAX_PERMITS / 2);
        let waiting = limits.max_waiting.min(Semaphore::MAX_PERMITS / 2);
        let admission_capacity = running_capacity + waiting;
        Self {
            inner: Arc::new(Inner {
                argon2: Argon2::new(Algorithm::Argon2id, Version::V0x13, cost.params()),
                admission: Arc::new(Semaphore::new(admission_capacity)),
                admission_capacity,
                running: Arc::new(Semaphore::new(running_capacity)),
                running_capacity,
                dummy: OnceLock::new(),
            }),
        }
    }

    /// Calls admitted right now: those hashing plus those waiting for a slot.
    pub fn in_flight(&self) -> usize {
        self.inner.admission_capacity - self.inner.admission.available_permits()
    }

    /// Calls hashing on a blocking thread right now.
    pub fn running(&self) -> usize {
        self.inner.running_capacity - self.inner.running.available_permits()
    }

    /// Takes an admission slot without waiting (or answers `Busy`), then waits for a running
    /// slot.
    async fn admit(&self) -> Result<Admitted, PasswordHashingError> {
        let admission = Arc::clone(&self.inner.admission)
            .try_acquire_owned()
            .map_err(|_| PasswordHashingError::Busy)?;
        let running = Arc::clone(&self.inner.running)
            .acquire_owned()
            .await
            .map_err(|_| PasswordHashingError::Failed("the hasher was shut down".to_owned()))?;
        Ok(Admitted {
            _admission: admission,
            _running: running,
        })
    }

    /// Runs `work` on a blocking thread once admitted. The permits move into the blocking
    /// task, so a slot stays taken until the CPU work really ends, even if the caller gives up.
    async fn run<T, F>(&self, work: F) -> Result<T, PasswordHashingError>
    where
        T: Send + 'static,
        F: FnOnce(&Inner) -> Result<T, PasswordHashingError> + Send + 'static,
    {
        let permits = self.admit().await?;
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            let result = work(&inner);
            drop(permits);
            result
        })
        .await
        .map_err(|_| PasswordHashingError::Failed("the hashing thread stopped".to_owned()))?
    }
}

impl std::fmt::Debug for Argon2Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Argon2Hasher")
            .field("params", self.inner.argon2.params())
            .field("max_concurrent", &self.inner.running_capacity)
            .field("in_flight", &self.in_flight())
            .finish_non_exhaustive()
    }
}

impl Inner {
    fn hash(&self, password: &[u8]) -> Result<String, PasswordHashingError> {
        let salt = SaltString::generate(&mut OsRng);
        self.argon2
            .hash_password(password, &salt)
            .map(|hash| hash.to_string())
            .map_err(|error| PasswordHashingError::Failed(format!("argon2 hashing: {error}")))
    }

    fn verify(
        &self,
        candidate: &[u8],
        phc: &str,
    ) -> Result<PasswordVerification, PasswordHashingError> {
        let parsed = PhcHash::new(phc).map_err(|error| {
            PasswordHashingError::Failed(format!("stored password hash is not valid: {error}"))
        })?;
        match self.argon2.verify_password(candidate, &parsed) {
            Ok(()) => Ok(PasswordVerification::Match),
            Err(PhcError::Password) => Ok(PasswordVerification::Mismatch),
            Err(error) => Err(PasswordHashingError::Failed(format!(
                "stored password hash cannot be checked: {error}"
            ))),
        }
    }

    /// Spends one verification on the dummy hash and answers `Mismatch` either way.
    fn verify_dummy(&self, candidate: &[u8]) -> Result<PasswordVerification, PasswordHashingError> {
        let dummy = self.dummy.get_or_init(|| {
            let salt = SaltString::encode_b64(b"frontdesk-dummy-salt")?;
            Ok(self
                .argon2
                .hash_password(DUMMY_PASSWORD, &salt)?
                .to_string())
        });
        let dummy = dummy
            .as_ref()
            .map_err(|error| PasswordHashingError::Failed(format!("argon2 dummy hash: {error}")))?;
        self.verify(candidate, dummy)?;
        Ok(PasswordVerification::Mismatch)
    }
}

#[async_trait::async_trait]
impl PasswordHasher for Argon2Hasher {
    async fn hash(&self, password: &NewPassword) -> Result<PasswordHash, PasswordHashingError> {
        let secret = SecretString::from(password.expose());
        self.run(move |inner| inner.hash(secret.expose_secret().as_bytes()))
            .await
            .map(PasswordHash::from_phc)
    }

    async fn verify(
        &self,
        candidate: &SecretString,
        hash: Option<PasswordHash>,
    ) -> Result<PasswordVerification, PasswordHashingError> {
        let candidate = candidate.clone();
        let stored = hash.map(|hash| hash.as_str().to_owned());
        self.run(move |inner| {
            let candidate = candidate.expose_secret().as_bytes();
            match stored {
                Some(phc) => inner.verify(candidate, &phc),
                None => inner.verify_dummy(candidate),
            }
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    const PASSWORD: &str = "correct horse battery staple";

    fn new_password(text: &str) -> NewPassword {
        NewPassword::parse(SecretString::from(text)).unwrap()
    }

    fn fast(max_concurrent: usize, max_waiting: usize) -> Argon2Hasher {
        Argon2Hasher::with_params_for_tests(HasherLimits {
            max_concurrent,
            max_waiting,
        })
    }

    /// Polls `condition` until it holds, failing the test after a generous deadline.
    async fn wait_until(mut condition: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !condition() {
            assert!(Instant::now() < deadline, "condition not reached in time");
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn hash_then_verify_matches() {
        let hasher = fast(2, 8);
        let hash = hasher.hash(&new_password(PASSWORD)).await.unwrap();
        let verdict = hasher
            .verify(&SecretString::from(PASSWORD), Some(hash.clone()))
            .await
            .unwrap();
        assert_eq!(verdict, PasswordVerification::Match);
        assert_eq!(hasher.in_flight(), 0);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn wrong_password_mismatches() {
        let hasher = fast(2, 8);
        let hash = hasher.hash(&new_password(PASSWORD)).await.unwrap();
        let verdict = hasher
            .verify(
                &SecretString::from("correct horse battery stapler"),
                Some(hash.clone()),
            )
            .await
            .unwrap();
        assert_eq!(verdict, PasswordVerification::Mismatch);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn unknown_account_mismatches_after_a_dummy_check() {
        let hasher = fast(2, 8);
        for _ in 0..2 {
            let verdict = hasher
                .verify(&SecretString::from(PASSWORD), None)
                .await
                .unwrap();
            assert_eq!(verdict, PasswordVerification::Mismatch);
        }
        assert!(hasher.inner.dummy.get().is_some_and(Result::is_ok));
        // Even the dummy password itself never matches an unknown account.
        let verdict = hasher
            .verify(
                &SecretString::from(std::str::from_utf8(DUMMY_PASSWORD).unwrap()),
                None,
            )
            .await
            .unwrap();
        assert_eq!(verdict, PasswordVerification::Mismatch);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn corrupt_hash_fails_without_revealing_the_password() {
        let hasher = fast(2, 8);
        for phc in [
            "not a phc string",
            "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$%%%",
            "",
        ] {
            let error = hasher
                .verify(
                    &SecretString::from(PASSWORD),
                    Some(PasswordHash::from_phc(phc.to_owned())),
                )
                .await
                .unwrap_err();
            let PasswordHashingError::Failed(message) = &error else {
                panic!("expected Failed, got {error:?}");
            };
            assert!(!message.contains("horse"), "{message}");
            assert!(!error.to_string().contains("horse"));
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn production_cost_uses_owasp_parameters() {
        let hasher = Argon2Hasher::new(HasherLimits::default());
        let hash = hasher.hash(&new_password(PASSWORD)).await.unwrap();
        assert!(
            hash.as_str().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            hash.as_str()
        );
        // A hash made with the fast test cost still verifies: parameters come from the PHC.
        let verdict = fast(1, 1)
            .verify(&SecretString::from(PASSWORD), Some(hash.clone()))
            .await
            .unwrap();
        assert_eq!(verdict, PasswordVerification::Match);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn saturated_hasher_answers_busy_at_once() {
        let hasher = Argon2Hasher::new(HasherLimits {
            max_concurrent: 1,
            max_waiting: 0,
        });
        let first = tokio::spawn({
            let hasher = hasher.clone();
            async move { hasher.hash(&new_password(PASSWORD)).await }
        });
        wait_until(|| hasher.in_flight() == 1 || first.is_finished()).await;
        let second = hasher.hash(&new_password(PASSWORD)).await;
        let first = first.await.unwrap();
        let busy = [&first, &second]
            .iter()
            .filter(|result| matches!(result, Err(PasswordHashingError::Busy)))
            .count();
        assert_eq!(busy, 1, "first: {first:?}, second: {second:?}");
        assert!(first.is_ok() || second.is_ok());
        assert_eq!(hasher.in_flight(), 0);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn waiting_calls_are_bounded_and_run_when_a_slot_frees() {
        let hasher = fast(1, 1);
        // Hold the only running slot so admitted calls must wait.
        let held = hasher.admit().await.unwrap();
        assert_eq!((hasher.in_flight(), hasher.running()), (1, 1));

        let waiting = tokio::spawn({
            let hasher = hasher.clone();
            async move { hasher.hash(&new_password(PASSWORD)).await }
        });
        wait_until(|| hasher.in_flight() == 2).await;
        assert_eq!(
            hasher.hash(&new_password(PASSWORD)).await.unwrap_err(),
            PasswordHashingError::Busy
        );
        assert_eq!(
            hasher
                .verify(&SecretString::from(PASSWORD), None)
                .await
                .unwrap_err(),
            PasswordHashingError::Busy
        );
        assert!(!waiting.is_finished());

        drop(held);
        assert!(waiting.await.unwrap().is_ok());
        assert_eq!(hasher.in_flight(), 0);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn zero_concurrency_is_raised_to_one() {
        let hasher = fast(0, 0);
        assert!(hasher.hash(&new_password(PASSWORD)).await.is_ok());
    }

    #[test]
    fn default_limits_leave_one_cpu_to_the_pages() {
        let cpus = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
        let limits = HasherLimits::default();
        assert_eq!(limits.max_concurrent, cpus.saturating_sub(1).max(1));
        assert_eq!(limits.max_waiting, limits.max_concurrent * 4);
    }
}

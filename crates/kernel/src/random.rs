//! The only ways the domain obtains randomness: secret bytes for tokens and fresh ids.

use rand::TryRngCore;
use rand::rngs::OsRng;
use uuid::Uuid;

/// Fills buffers with unpredictable bytes for secret tokens.
#[cfg_attr(feature = "mock", mockall::automock)]
pub trait TokenSource: Send + Sync {
    /// Fills `buffer` with secret random bytes.
    fn fill(&self, buffer: &mut [u8]);
}

/// Secret bytes from the operating system's CSPRNG.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsTokenSource;

impl TokenSource for OsTokenSource {
    fn fill(&self, buffer: &mut [u8]) {
        // The OS generator only fails when the platform has no entropy source at all, in
        // which case no secret can be made safely and stopping is the only correct outcome.
        OsRng
            .try_fill_bytes(buffer)
            .expect("the operating system's random source is unavailable");
    }
}

/// Makes new entity ids.
#[cfg_attr(feature = "mock", mockall::automock)]
pub trait IdGenerator: Send + Sync {
    /// A new, unique, time-ordered UUID.
    fn new_uuid(&self) -> Uuid;
}

/// UUID v7 ids (time-ordered, so indexes stay compact).
#[derive(Debug, Clone, Copy, Default)]
pub struct UuidV7Generator;

impl IdGenerator for UuidV7Generator {
    fn new_uuid(&self) -> Uuid {
        Uuid::now_v7()
    }
}

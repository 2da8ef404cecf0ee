//! The keys queued mail is sealed with, as the server and every worker load them.
//!
//! The current key is the configured `[at_rest] key`, or else the one in `[at_rest]
//! key_file` (default `frontdesk-sealing.key` in the working directory, beside the default
//! database file), which the first process to start creates with 32 random bytes, readable
//! by its owner only. A server and a standalone worker started from the same directory
//! share it. Copying the database alone then copies no working link.

use std::io::Write as _;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use frontdesk_config::{AtRestKey, AtRestSettings, CurrentKey};
use frontdesk_kernel::{OsTokenSource, TokenSource};
use frontdesk_storage::{OutboxSealing, SealingKey};
use secrecy::{ExposeSecret as _, SecretBox};

use crate::WorkerStartError;

/// The id of a key generated into a key file.
const GENERATED_KEY_ID: &str = "local";

/// The sealing keys `settings` name: the current one first, then the older ones.
///
/// # Errors
/// [`WorkerStartError::Sealing`] when the key file cannot be read or created, or holds no
/// valid key, or two keys share an id.
pub fn outbox_sealing(settings: &AtRestSettings) -> Result<OutboxSealing, WorkerStartError> {
    let current = match &settings.current {
        CurrentKey::Configured(key) => key.clone(),
        CurrentKey::File(path) => key_from_file(path)?,
    };
    let older = settings
        .old_keys
        .iter()
        .map(storage_key)
        .collect::<Result<Vec<_>, _>>()?;
    OutboxSealing::new(storage_key(&current)?, older).map_err(WorkerStartError::Sealing)
}

fn storage_key(key: &AtRestKey) -> Result<SealingKey, WorkerStartError> {
    SealingKey::new(
        &key.id,
        SecretBox::new(Box::new(*key.secret.expose_secret())),
    )
    .map_err(WorkerStartError::Sealing)
}

/// Reads the key in `path`, creating the file with a new key if it does not exist. Two
/// processes starting at once agree: the file appears whole (written aside, then linked
/// into place), and the one that loses reads the winner's key.
fn key_from_file(path: &Path) -> Result<AtRestKey, WorkerStartError> {
    let shown = path.display();
    if path.exists() {
        return key_from_file_existing(path);
    }
    let mut secret = [0u8; 32];
    OsTokenSource.fill(&mut secret);
    let line = format!("{GENERATED_KEY_ID}:{}\n", URL_SAFE_NO_PAD.encode(secret));
    let mut suffix = [0u8; 8];
    OsTokenSource.fill(&mut suffix);
    let aside = path.with_extension(format!("tmp-{}", URL_SAFE_NO_PAD.encode(suffix)));
    let written = write_private(&aside, line.as_bytes());
    let linked = written.and_then(|()| std::fs::hard_link(&aside, path));
    let _ = std::fs::remove_file(&aside);
    match linked {
        Ok(()) => {
            tracing::warn!(
                file = %shown,
                "generated a new key for sealing queued mail; keep this file with the \
                 database's backups but apart from them, or set [at_rest] key"
            );
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(error) => {
            return Err(WorkerStartError::Sealing(format!(
                "cannot create the sealing key file {shown}: {error}"
            )));
        }
    }
    key_from_file_existing(path)
}

fn key_from_file_existing(path: &Path) -> Result<AtRestKey, WorkerStartError> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        WorkerStartError::Sealing(format!(
            "cannot read the sealing key file {}: {error}",
            path.display()
        ))
    })?;
    AtRestKey::parse(&text).map_err(|_| {
        WorkerStartError::Sealing(format!(
            "the sealing key file {} does not hold a key (KEY_ID:SECRET)",
            path.display()
        ))
    })
}

/// Writes a new file readable and writable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(current: CurrentKey) -> AtRestSettings {
        AtRestSettings {
            current,
            old_keys: Vec::new(),
            dead_mail_retention: std::time::Duration::from_hours(24),
        }
    }

    #[test]
    fn a_missing_key_file_is_created_once_and_then_reused() {
        let dir = std::env::temp_dir().join(format!("frontdesk-key-{}", uuid_like()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("frontdesk-sealing.key");
        let first = outbox_sealing(&settings(CurrentKey::File(path.clone()))).unwrap();
        assert_eq!(first.current_id(), GENERATED_KEY_ID);
        let text = std::fs::read_to_string(&path).unwrap();
        let again = AtRestKey::parse(&text).unwrap();
        let second = key_from_file(&path).unwrap();
        assert_eq!(again.secret.expose_secret(), second.secret.expose_secret());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "garbage").unwrap();
        let error = outbox_sealing(&settings(CurrentKey::File(path.clone())))
            .unwrap_err()
            .to_string();
        assert!(error.contains("does not hold a key"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_configured_key_and_older_keys_are_used_and_ids_stay_unique() {
        let key = AtRestKey::parse(&format!("k2:{}", URL_SAFE_NO_PAD.encode([2u8; 32]))).unwrap();
        let old = AtRestKey::parse(&format!("k1:{}", URL_SAFE_NO_PAD.encode([1u8; 32]))).unwrap();
        let mut with_old = settings(CurrentKey::Configured(key.clone()));
        with_old.old_keys = vec![old];
        assert_eq!(outbox_sealing(&with_old).unwrap().current_id(), "k2");
        let mut twice = settings(CurrentKey::Configured(key.clone()));
        twice.old_keys = vec![key];
        assert!(outbox_sealing(&twice).is_err());
    }

    fn uuid_like() -> String {
        let mut bytes = [0u8; 8];
        OsTokenSource.fill(&mut bytes);
        URL_SAFE_NO_PAD.encode(bytes)
    }
}

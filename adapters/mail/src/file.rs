//! [`FileTransport`]: one `.eml` file per message, for development.

use std::path::{Path, PathBuf};

use frontdesk_messaging::{Envelope, MailTransport, TransportError};

use crate::{MailSetupError, render_raw};

/// Writes each message to `<dir>/<message id>.eml`.
///
/// The file is written under a temporary name and then renamed, so a reader never sees half
/// a message. Sending the same message again replaces its file.
#[derive(Debug, Clone)]
pub struct FileTransport {
    dir: PathBuf,
}

impl FileTransport {
    /// A transport writing into `dir`, which is created if it does not exist.
    ///
    /// # Errors
    /// [`MailSetupError::Directory`] when the directory cannot be created.
    pub fn new(dir: impl Into<PathBuf>) -> Result<Self, MailSetupError> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(|error| MailSetupError::Directory {
            dir: dir.clone(),
            message: error.to_string(),
        })?;
        Ok(Self { dir })
    }

    /// The directory messages are written to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file the message with `message_id` is written to.
    pub fn path_for(&self, message_id: &str) -> PathBuf {
        self.dir.join(format!("{}.eml", file_stem(message_id)))
    }
}

/// `message_id` as a safe file name: only ASCII letters, digits, `@`, `.`, `-`, `_` and
/// `+` are kept, others become `_`, and it never starts with a dot.
fn file_stem(message_id: &str) -> String {
    let stem: String = message_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '-' | '_' | '+') {
                c
            } else {
                '_'
            }
        })
        .collect();
    match stem.strip_prefix('.') {
        Some(rest) => format!("_{rest}"),
        None => stem,
    }
}

#[async_trait::async_trait]
impl MailTransport for FileTransport {
    async fn send(&self, envelope: &Envelope) -> Result<(), TransportError> {
        let raw = render_raw(envelope)?;
        let stem = file_stem(&envelope.message_id);
        let target = self.dir.join(format!("{stem}.eml"));
        // A dot name is ignored by readers that list `*.eml`.
        let temporary = self.dir.join(format!(".{stem}.eml.tmp"));
        let io_error = |error: std::io::Error| {
            TransportError::Transient(format!("could not write {}: {error}", target.display()))
        };
        tokio::fs::write(&temporary, raw.as_bytes())
            .await
            .map_err(io_error)?;
        if let Err(error) = tokio::fs::rename(&temporary, &target).await {
            let _ignored = tokio::fs::remove_file(&temporary).await;
            return Err(io_error(error));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn message_ids_become_safe_file_names() {
        assert_eq!(file_stem("abc@desk.example"), "abc@desk.example");
        assert_eq!(file_stem("../../etc/passwd"), "_._.._etc_passwd");
        assert_eq!(file_stem(".hidden"), "_hidden");
    }
}

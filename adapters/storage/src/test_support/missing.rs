//! What a test does when a service it needs — `PostgreSQL` or Chromium — is missing.
//!
//! By default a missing service **fails** the test, with a message saying how to start it.
//! A developer who cannot run it may skip those tests explicitly with one variable,
//! [`SKIP_MISSING_VAR`]: `FRONTDESK_TEST_SKIP_MISSING=postgres,chromium` (any of the two
//! names, comma-separated). Under CI — any non-empty `CI` variable — the opt-out is refused
//! and a missing service always fails.
//!
//! An opted-out run says how many tests it skipped on stdout once the test binary has
//! finished. libtest captures what tests print, and a Rust static is never dropped, so the
//! count cannot be printed from inside the process at its end. Instead the first skip
//! starts a small `sh` process that inherits the binary's stdout and reads one line per skip
//! from a pipe. The binary keeps the pipe's writing end in a static; the kernel closes it
//! when the binary exits, however it exits, and `sh` then prints the count and the skipped
//! tests after libtest's own result. Should `sh` be unavailable, each skip is written at once
//! to the binary's stdout file descriptor instead (which libtest does not capture).

use std::io::Write as _;
use std::os::fd::AsFd as _;
use std::process::{ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};

/// The variable that lets a run skip the tests whose service is missing (outside CI only).
pub const SKIP_MISSING_VAR: &str = "FRONTDESK_TEST_SKIP_MISSING";

/// A service some tests need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// A `PostgreSQL` server.
    Postgres,
    /// Chromium and `chromedriver`.
    Chromium,
}

impl Service {
    /// Every service, in the order the messages list them.
    pub const ALL: [Self; 2] = [Self::Postgres, Self::Chromium];

    /// Its name in [`SKIP_MISSING_VAR`].
    pub fn name(self) -> &'static str {
        match self {
            Self::Postgres => "postgres",
            Self::Chromium => "chromium",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::Postgres => "PostgreSQL",
            Self::Chromium => "Chromium",
        }
    }

    fn how_to_start(self) -> &'static str {
        match self {
            Self::Postgres => {
                "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` \
                 (or point FRONTDESK_TEST_POSTGRES_URL at another server)"
            }
            Self::Chromium => "install it with `apt-get install chromium chromium-driver`",
        }
    }
}

/// What a test whose service is missing does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It returns early: the run opted out of this service.
    Skip,
    /// It fails with this message.
    Fail(String),
}

/// Whether a `CI` variable with this value means a CI run: any non-empty value does.
pub fn is_ci(ci: Option<&str>) -> bool {
    ci.is_some_and(|value| !value.trim().is_empty())
}

/// Whether this process runs under CI (see [`is_ci`]).
pub fn running_in_ci() -> bool {
    is_ci(std::env::var("CI").ok().as_deref())
}

/// The verdict for a test that needs `service`, which is missing because of `reason`, given
/// the values of `CI` and of [`SKIP_MISSING_VAR`] (`None` when unset). A pure function:
/// [`service_missing`] applies it to the real environment.
pub fn verdict(
    service: Service,
    reason: &str,
    ci: Option<&str>,
    skip_missing: Option<&str>,
) -> Verdict {
    let missing = format!("{} is needed by this test but {reason}", service.title());
    let skip_missing = skip_missing
        .map(str::trim)
        .filter(|list| list.split(',').any(|entry| !entry.trim().is_empty()));
    if is_ci(ci) {
        let refused = skip_missing.map_or(String::new(), |list| {
            format!(" ({SKIP_MISSING_VAR}={list} is refused under CI)")
        });
        return Verdict::Fail(format!(
            "{missing}. CI is set, so a missing service is a failure{refused}: {}.",
            service.how_to_start()
        ));
    }
    let Some(list) = skip_missing else {
        return Verdict::Fail(format!(
            "{missing}: {}; or skip the tests that need it explicitly with {SKIP_MISSING_VAR}={} \
             (not under CI).",
            service.how_to_start(),
            service.name()
        ));
    };
    let mut listed = false;
    for entry in list
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
    {
        match Service::ALL
            .into_iter()
            .find(|known| known.name().eq_ignore_ascii_case(entry))
        {
            Some(known) => listed |= known == service,
            None => {
                return Verdict::Fail(format!(
                    "{SKIP_MISSING_VAR}={list} names `{entry}`, which is not a service; expected a \
                     comma-separated list of {}.",
                    Service::ALL.map(Service::name).join(", ")
                ));
            }
        }
    }
    if listed {
        Verdict::Skip
    } else {
        Verdict::Fail(format!(
            "{missing}: {}; {SKIP_MISSING_VAR}={list} does not name {}.",
            service.how_to_start(),
            service.name()
        ))
    }
}

/// Called by a test whose `service` is missing because of `reason`: fails the test with
/// [`verdict`]'s message, or — when this run opted out of `service` — warns, counts the skip
/// for the end-of-run summary and returns, so the caller returns early.
///
/// # Panics
/// Unless the run opted out of `service` outside CI.
pub fn service_missing(service: Service, reason: &str) {
    let ci = std::env::var("CI").ok();
    let skip_missing = std::env::var(SKIP_MISSING_VAR).ok();
    match verdict(service, reason, ci.as_deref(), skip_missing.as_deref()) {
        Verdict::Fail(message) => panic!("{message}"),
        Verdict::Skip => {
            let test = std::thread::current().name().unwrap_or("a test").to_owned();
            eprintln!(
                "SKIPPED ({SKIP_MISSING_VAR}): {test} needs {} but {reason}",
                service.title()
            );
            record_skip(&format!("{test} ({})", service.name()));
        }
    }
}

/// The pipe to the process that prints the summary, once started (`None` if it could not be).
static SUMMARY: OnceLock<Option<Mutex<ChildStdin>>> = OnceLock::new();

/// Prints, after its input closes, how many lines it read and which.
const SUMMARY_SCRIPT: &str = r#"n=0; list=''
while IFS= read -r line; do n=$((n+1)); list="$list
  - $line"; done
printf '\n%s: %s test(s) SKIPPED because %s names a missing service:%s\n\n' "$0" "$n" "$1" "$list""#;

fn record_skip(line: &str) {
    let summary = SUMMARY.get_or_init(|| {
        let binary = std::env::args()
            .next()
            .and_then(|path| {
                std::path::Path::new(&path)
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "test binary".to_owned());
        Command::new("sh")
            .arg("-c")
            .arg(SUMMARY_SCRIPT)
            .arg(binary)
            .arg(SKIP_MISSING_VAR)
            .stdin(Stdio::piped())
            .stdout(Stdio::inherit())
            .stderr(Stdio::null())
            .spawn()
            .ok()
            .and_then(|mut child| child.stdin.take())
            .map(Mutex::new)
    });
    let written = summary.as_ref().is_some_and(|pipe| {
        pipe.lock()
            .is_ok_and(|mut pipe| writeln!(pipe, "{line}").is_ok())
    });
    if !written {
        // libtest captures `print!`, not writes to the stdout file descriptor itself.
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            let _ = writeln!(
                std::fs::File::from(fd),
                "SKIPPED ({SKIP_MISSING_VAR}): {line}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Service, Verdict, is_ci, verdict};

    fn fails(verdict: &Verdict, needles: &[&str]) {
        let Verdict::Fail(message) = verdict else {
            panic!("expected a failure, got {verdict:?}");
        };
        for needle in needles {
            assert!(message.contains(needle), "{needle:?} not in {message:?}");
        }
    }

    #[test]
    fn any_non_empty_ci_is_ci() {
        assert!(!is_ci(None));
        assert!(!is_ci(Some("")));
        assert!(!is_ci(Some("  ")));
        for value in ["true", "1", "yes", "false", "TRUE"] {
            assert!(is_ci(Some(value)), "CI={value}");
        }
    }

    #[test]
    fn a_missing_service_fails_with_how_to_start_it_by_default() {
        for ci in [None, Some("")] {
            for skip in [None, Some(""), Some(" , ")] {
                let postgres = verdict(Service::Postgres, "unreachable", ci, skip);
                fails(
                    &postgres,
                    &[
                        "PostgreSQL is needed by this test but unreachable",
                        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
                        "FRONTDESK_TEST_SKIP_MISSING=postgres",
                    ],
                );
                let chromium = verdict(Service::Chromium, "is not installed", ci, skip);
                fails(
                    &chromium,
                    &[
                        "apt-get install chromium chromium-driver",
                        "FRONTDESK_TEST_SKIP_MISSING=chromium",
                    ],
                );
            }
        }
    }

    #[test]
    fn the_opt_out_skips_only_the_services_it_names() {
        let both = Some("postgres,chromium");
        assert_eq!(verdict(Service::Postgres, "x", None, both), Verdict::Skip);
        assert_eq!(verdict(Service::Chromium, "x", None, both), Verdict::Skip);
        assert_eq!(
            verdict(Service::Postgres, "x", Some(""), Some(" Postgres , ")),
            Verdict::Skip
        );
        fails(
            &verdict(Service::Chromium, "x", None, Some("postgres")),
            &["apt-get install", "does not name chromium"],
        );
        fails(
            &verdict(Service::Postgres, "x", None, Some("chromium")),
            &["pg_ctlcluster", "does not name postgres"],
        );
    }

    #[test]
    fn under_ci_the_opt_out_is_refused() {
        for ci in ["true", "1", "false"] {
            for service in Service::ALL {
                fails(
                    &verdict(service, "x", Some(ci), Some("postgres,chromium")),
                    &["CI is set", "is refused under CI"],
                );
                fails(&verdict(service, "x", Some(ci), None), &["CI is set"]);
            }
        }
    }

    #[test]
    fn an_unknown_name_in_the_opt_out_is_named() {
        fails(
            &verdict(Service::Postgres, "x", None, Some("postgres,chrome")),
            &["`chrome`", "postgres, chromium"],
        );
    }
}

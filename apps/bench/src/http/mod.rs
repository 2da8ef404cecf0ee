//! `frontdesk-bench http`: the release server as a child process against a raw axum + SQL
//! baseline in this process, on the same database, driven by the same load generator.

mod baseline;
mod hashing;
mod load;
mod seed;
mod server;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;

use self::baseline::Baseline;
use self::load::{MakeRequest, Measured, Settings};
use self::seed::{GuestCase, ShareUnavailable};
use self::server::{Server, Store};

/// Arguments of `frontdesk-bench http`.
#[derive(Debug, clap::Args)]
pub struct HttpArgs {
    /// Run on a fresh database `fd_bench_<uuid>` created on this `PostgreSQL` server (and
    /// dropped at the end) instead of a fresh `SQLite` file.
    #[arg(long)]
    postgres: Option<String>,
    /// Seconds of each measured phase (after a 2 s warm-up).
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 32)]
    connections: u32,
    /// Cases seeded for the view scenarios.
    #[arg(long, default_value_t = 200)]
    cases: u64,
    /// Connections used to seed the cases through the public API.
    #[arg(long, default_value_t = 8)]
    seed_connections: u64,
    /// Also measure whether password hashing starves the runtime: the guest view's p99
    /// alone and while failed sign-ins arrive at twice the hashing capacity.
    #[arg(long)]
    hashing: bool,
    /// Captchas solved before the creation phase (default: 2000 + 1000 per second of
    /// warm-up and measurement); the phase stops early when they run out.
    #[arg(long)]
    captchas: Option<usize>,
}

/// A DESIGN §7 target.
#[derive(Debug, Clone, Copy)]
struct Target {
    ratio: f64,
    p99: Duration,
}

const VIEW_TARGET: Target = Target {
    ratio: 0.70,
    p99: Duration::from_millis(5),
};
const CREATE_TARGET: Target = Target {
    ratio: 0.70,
    p99: Duration::from_millis(25),
};

/// One scenario's figures.
struct Row {
    name: &'static str,
    frontdesk: Measured,
    baseline: Measured,
    target: Target,
}

/// Runs the HTTP benchmark and prints its table.
///
/// # Errors
/// Missing server binary, database or seeding failures.
pub async fn run(args: HttpArgs) -> Result<(), String> {
    let binary = server::binary()?;
    let dir = std::env::temp_dir().join(format!(
        "frontdesk-bench-http-{}-{}",
        std::process::id(),
        uuid::Uuid::now_v7().simple()
    ));
    let mail_dir = dir.join("mail");
    std::fs::create_dir_all(&mail_dir).map_err(|e| e.to_string())?;
    let outcome = match Store::create(&dir, args.postgres.as_deref()).await {
        Ok(store) => {
            let outcome = with_store(&args, &binary, &store, &mail_dir).await;
            store.drop_database().await;
            outcome
        }
        Err(error) => Err(error),
    };
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

async fn with_store(
    args: &HttpArgs,
    binary: &Path,
    store: &Store,
    mail_dir: &Path,
) -> Result<(), String> {
    let env = server::environment(store, mail_dir);
    let created = server::bootstrap(binary, &env).await?;
    let api_token = created["api_token"]
        .as_str()
        .ok_or_else(|| format!("no api_token in {created}"))?
        .to_owned();
    let server = Server::start(binary, &env).await?;
    eprintln!(
        "frontdesk-bench: {} on {} ({})",
        binary.display(),
        server.base,
        store.backend
    );
    let outcome = with_server(args, store, &server, &api_token, mail_dir.to_path_buf()).await;
    let log = server.log.lock().await.clone();
    server.stop().await;
    if outcome.is_err() && !log.is_empty() {
        eprintln!("frontdesk-bench: last server log lines:");
        for line in log.iter().rev().take(20).rev() {
            eprintln!("  {line}");
        }
    }
    outcome
}

fn get_with_cookie(base: &str, targets: Vec<(String, Option<String>)>) -> MakeRequest {
    let targets: Arc<Vec<(String, Option<String>)>> = Arc::new(
        targets
            .into_iter()
            .map(|(path, cookie)| (format!("{base}{path}"), cookie))
            .collect(),
    );
    Arc::new(move |client, n| {
        let len = u64::try_from(targets.len()).unwrap_or(1).max(1);
        let (url, cookie) = &targets[usize::try_from(n % len).unwrap_or_default()];
        let request = client.get(url);
        Some(match cookie {
            Some(cookie) => request.header("cookie", cookie),
            None => request,
        })
    })
}

fn create_requests(
    base: &str,
    kind: &'static str,
    captchas: Option<Arc<Vec<String>>>,
) -> MakeRequest {
    let url = format!("{base}/api/v1/public/orgs/bench/forms/contact/cases");
    Arc::new(move |client, n| {
        let altcha = match &captchas {
            Some(captchas) => captchas.get(usize::try_from(n).ok()?)?.as_str(),
            None => "",
        };
        Some(
            client
                .post(&url)
                .header("x-forwarded-for", seed::forwarded_for(n))
                .json(&seed::submission(kind, n, altcha)),
        )
    })
}

#[expect(
    clippy::too_many_lines,
    reason = "the benchmark reads as one script: seed, measure, report"
)]
async fn with_server(
    args: &HttpArgs,
    store: &Store,
    server: &Server,
    api_token: &str,
    mail_dir: PathBuf,
) -> Result<(), String> {
    let settings = Settings {
        connections: args.connections,
        warm_up: Duration::from_secs(2),
        measured: Duration::from_secs(args.seconds),
    };
    // Seed: public submissions, their guest links from the mail files, the guest cookies.
    let seeding = std::time::Instant::now();
    seed::submit_many(&server.base, "seed", args.cases, args.seed_connections).await?;
    let links = seed::guest_links(
        &mail_dir,
        usize::try_from(args.cases).unwrap_or(usize::MAX),
        Duration::from_mins(2),
    )
    .await?;
    let client = load::client()?;
    let mut cases: Vec<GuestCase> = Vec::with_capacity(links.len());
    for link in &links {
        cases.push(seed::open_guest_link(&client, &server.base, link).await?);
    }
    let shares = match seed::share_links(&client, &server.base, api_token, &cases).await {
        Ok(paths) => Ok(paths),
        Err(ShareUnavailable::NotBuilt(why)) => {
            Err(format!("skipped: share links are not built yet ({why})"))
        }
        Err(ShareUnavailable::Failed(why)) => {
            Err(format!("skipped: making share links failed ({why})"))
        }
    };
    eprintln!(
        "frontdesk-bench: seeded {} cases with guest links{} in {:.1?}",
        cases.len(),
        if shares.is_ok() {
            " and share links"
        } else {
            ""
        },
        seeding.elapsed()
    );
    let baseline = Baseline::start(&store.url)?;
    let mut rows = Vec::new();
    let mut notes = Vec::new();

    let guest_targets: Vec<(String, Option<String>)> = cases
        .iter()
        .map(|case| (case.path.clone(), Some(case.cookie.clone())))
        .collect();
    eprintln!("frontdesk-bench: guest view …");
    let frontdesk = load::drive(
        settings,
        StatusCode::OK,
        get_with_cookie(&server.base, guest_targets.clone()),
    )
    .await?;
    let raw = load::drive(
        settings,
        StatusCode::OK,
        get_with_cookie(&baseline.base, guest_targets),
    )
    .await?;
    rows.push(Row {
        name: "guest view",
        frontdesk,
        baseline: raw,
        target: VIEW_TARGET,
    });
    let guest_targets_for_hashing: Vec<(String, Option<String>)> = cases
        .iter()
        .map(|case| (case.path.clone(), Some(case.cookie.clone())))
        .collect();

    match &shares {
        Ok(paths) => {
            eprintln!("frontdesk-bench: share view …");
            let targets: Vec<(String, Option<String>)> =
                paths.iter().map(|p| (p.clone(), None)).collect();
            let frontdesk = load::drive(
                settings,
                StatusCode::OK,
                get_with_cookie(&server.base, targets.clone()),
            )
            .await?;
            let raw = load::drive(
                settings,
                StatusCode::OK,
                get_with_cookie(&baseline.base, targets),
            )
            .await?;
            rows.push(Row {
                name: "share view",
                frontdesk,
                baseline: raw,
                target: VIEW_TARGET,
            });
        }
        Err(why) => notes.push(format!("share view: {why}")),
    }

    let hashing = if args.hashing {
        eprintln!("frontdesk-bench: guest view under sign-ins at twice the hashing capacity …");
        Some(
            hashing::run(
                &server.base,
                get_with_cookie(&server.base, guest_targets_for_hashing),
                settings,
            )
            .await?,
        )
    } else {
        None
    };

    let wanted = args
        .captchas
        .unwrap_or_else(|| usize::try_from(2000 + 1000 * (args.seconds + 2)).unwrap_or(20_000));
    eprintln!("frontdesk-bench: solving {wanted} captchas …");
    let solving = std::time::Instant::now();
    let captchas = Arc::new(seed::solved_captchas(&server.base, wanted, 8).await?);
    eprintln!(
        "frontdesk-bench: solved {} captchas in {:.1?}; public case creation …",
        captchas.len(),
        solving.elapsed()
    );
    let frontdesk = load::drive(
        settings,
        StatusCode::ACCEPTED,
        create_requests(&server.base, "load", Some(captchas.clone())),
    )
    .await?;
    if frontdesk.exhausted {
        notes.push(format!(
            "public case creation: the {} pre-solved captchas ran out after {:.1?} of the measured phase (use --captchas)",
            captchas.len(),
            frontdesk.elapsed
        ));
    }
    let raw = load::drive(
        settings,
        StatusCode::ACCEPTED,
        create_requests(&baseline.base, "base", None),
    )
    .await?;
    rows.push(Row {
        name: "public case creation",
        frontdesk,
        baseline: raw,
        target: CREATE_TARGET,
    });
    baseline.stop().await;

    report(args, store, &rows, &notes);
    if let Some(hashing) = &hashing {
        report_hashing(hashing);
    }
    Ok(())
}

/// DESIGN §7: link-view p99 within 2× of its unloaded value while sign-ins arrive at twice
/// the hashing capacity.
fn report_hashing(report: &hashing::HashingReport) {
    let (unloaded, loaded) = (report.unloaded.p99(), report.loaded.p99());
    let ratio = if unloaded.is_zero() {
        f64::INFINITY
    } else {
        loaded.as_secs_f64() / unloaded.as_secs_f64()
    };
    println!(
        "hashing: capacity {:.0} sign-ins/s; guest view alone {:.0} req/s p99 {}, under sign-ins at 2x capacity {:.0} req/s p99 {} ({ratio:.2}x; target <= 2.00x: {})",
        report.capacity,
        report.unloaded.rate(),
        ms(unloaded),
        report.loaded.rate(),
        ms(loaded),
        if ratio <= 2.0 && report.loaded.ok > 0 {
            "PASS"
        } else {
            "MISS"
        },
    );
    println!(
        "hashing: sign-ins started {}, hashed (401) {}, refused as busy (429) {}",
        report.sign_ins_sent, report.sign_ins_hashed, report.sign_ins_refused
    );
}

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

fn report(args: &HttpArgs, store: &Store, rows: &[Row], notes: &[String]) {
    println!(
        "frontdesk-bench http: {}, {} connections, {} s measured after 2 s warm-up, {} cores, release={}",
        store.backend,
        args.connections,
        args.seconds,
        std::thread::available_parallelism().map_or(0, std::num::NonZeroUsize::get),
        !cfg!(debug_assertions)
    );
    println!(
        "{:<22} {:>10} {:>10} {:>10} | {:>10} {:>10} {:>10} | {:>6} | target",
        "scenario", "FD req/s", "FD p50", "FD p99", "raw req/s", "raw p50", "raw p99", "ratio"
    );
    for row in rows {
        let ratio = if row.baseline.rate() > 0.0 {
            row.frontdesk.rate() / row.baseline.rate()
        } else {
            0.0
        };
        let ratio_ok = ratio >= row.target.ratio;
        let p99_ok = row.frontdesk.p99() <= row.target.p99 && row.frontdesk.ok > 0;
        println!(
            "{:<22} {:>10.0} {:>10} {:>10} | {:>10.0} {:>10} {:>10} | {:>5.2}x | ratio >= {:.2}: {}, p99 <= {}: {}",
            row.name,
            row.frontdesk.rate(),
            ms(row.frontdesk.p50()),
            ms(row.frontdesk.p99()),
            row.baseline.rate(),
            ms(row.baseline.p50()),
            ms(row.baseline.p99()),
            ratio,
            row.target.ratio,
            if ratio_ok { "PASS" } else { "MISS" },
            ms(row.target.p99),
            if p99_ok { "PASS" } else { "MISS" },
        );
        for (who, measured) in [("Frontdesk", &row.frontdesk), ("baseline", &row.baseline)] {
            if measured.errors > 0 {
                println!(
                    "  {who}: {} failed requests besides {} good ones; first: {}",
                    measured.errors,
                    measured.ok,
                    measured.first_error.as_deref().unwrap_or("?")
                );
            }
        }
    }
    for note in notes {
        println!("note: {note}");
    }
}

//! `frontdesk-bench outbox`: enqueue → accepted by a loopback SMTP server: latency p50/p99
//! at a steady rate, then drain throughput for a burst, with the real worker, the real
//! lettre SMTP transport and a real database (a fresh SQLite file, or `--database` URL).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use frontdesk_access::{BootstrapOrganisation, OrgName, OrgSlug};
use frontdesk_config::Config;
use frontdesk_kernel::{EmailAddress, Language, PersonName, TransactionRunner};
use frontdesk_mail::test_support::{ReceivedMail, SinkBehaviour, SmtpSink, parse_headers};
use frontdesk_messaging::{NewMail, TemplateKind};
use frontdesk_server::wiring;
use frontdesk_storage::Database;
use frontdesk_worker::Worker;

use crate::stats::percentile;

fn message_id_of(mail: &ReceivedMail) -> Option<String> {
    parse_headers(&mail.data)
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("Message-ID"))
        .map(|(_, value)| {
            value
                .trim_matches(|c| c == '<' || c == '>')
                .split('@')
                .next()
                .unwrap_or_default()
                .to_owned()
        })
}

/// Runs the outbox benchmark and prints its figures.
///
/// # Errors
/// Any set-up failure, or messages that never arrived.
#[expect(
    clippy::too_many_lines,
    reason = "the benchmark reads as one script: set up, measure, report"
)]
pub async fn outbox(
    database: Option<String>,
    rate: u32,
    seconds: u32,
    burst: u32,
) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("frontdesk-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let url =
        database.unwrap_or_else(|| format!("sqlite://{}?mode=rwc", dir.join("bench.db").display()));
    let sink = SmtpSink::start(SinkBehaviour::default())
        .await
        .map_err(|e| e.to_string())?;
    let env = [
        ("FRONTDESK_DATABASE_URL", url.clone()),
        ("FRONTDESK_MAIL", format!("smtp://{}", sink.address())),
        (
            "FRONTDESK_BASE_URL",
            "https://bench.frontdesk.example".to_owned(),
        ),
        ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "10".to_owned()),
        ("FRONTDESK_OUTBOX_BATCH_SIZE", "50".to_owned()),
        ("FRONTDESK_LOG", "error".to_owned()),
    ]
    .map(|(k, v)| (k.to_owned(), v));
    let config = Config::load(None, env).map_err(|e| e.to_string())?;
    let database = Database::connect(&url).await.map_err(|e| e.to_string())?;
    database.migrate().await.map_err(|e| e.to_string())?;
    let access = wiring::access_service(&config, &database, wiring::hasher(&config));
    let org = access
        .bootstrap(BootstrapOrganisation {
            slug: OrgSlug::parse("bench").map_err(|e| e.to_string())?,
            name: OrgName::parse("Bench").map_err(|e| e.to_string())?,
            admin_email: EmailAddress::parse("admin@bench.example").map_err(|e| e.to_string())?,
            admin_name: PersonName::parse("Bench").map_err(|e| e.to_string())?,
            base_url: config.base_url.clone(),
            default_language: Language::En,
        })
        .await
        .map_err(|e| e.to_string())?
        .organisation;
    let messaging = wiring::messaging_service(&database);
    let jobs = frontdesk_worker::jobs::standard(&database, &config).map_err(|e| e.to_string())?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(
        Worker::new(jobs, config.worker.poll_interval).run(async move {
            let _ = stopped.await;
        }),
    );
    let store: Arc<dyn TransactionRunner> = Arc::new(database.clone());
    let enqueue = |n: u32| {
        let messaging = messaging.clone();
        let store = store.clone();
        async move {
            let mut uow = store.begin().await.map_err(|e| e.to_string())?;
            let id = messaging
                .enqueue(
                    uow.as_mut(),
                    NewMail {
                        org_id: org.id,
                        to: EmailAddress::parse(&format!("person{n}@bench.example"))
                            .map_err(|e| e.to_string())?,
                        to_name: None,
                        kind: TemplateKind::Test,
                        language: Language::En,
                        data: serde_json::json!({}),
                        unsubscribe_url: None,
                    },
                )
                .await
                .map_err(|e| e.to_string())?;
            uow.commit().await.map_err(|e| e.to_string())?;
            Ok::<_, String>(id.to_string())
        }
    };

    // Phase 1: steady rate, latency per message.
    let total = rate * seconds;
    let mut enqueued_at: HashMap<String, Instant> = HashMap::new();
    let started = Instant::now();
    for n in 0..total {
        let due = started + Duration::from_secs_f64(f64::from(n) / f64::from(rate));
        tokio::time::sleep_until(due.into()).await;
        let id = enqueue(n).await?;
        enqueued_at.insert(id, Instant::now());
    }
    let received = sink.wait_for(total as usize, Duration::from_mins(2)).await;
    let mut latencies: Vec<Duration> = received
        .iter()
        .filter_map(|mail| {
            Some(
                mail.received_at
                    .checked_duration_since(*enqueued_at.get(&message_id_of(mail)?)?)
                    .unwrap_or_default(),
            )
        })
        .collect();
    latencies.sort();

    // Phase 2: a burst, drained as fast as the worker can.
    let burst_start = Instant::now();
    for n in 0..burst {
        enqueue(total + n).await?;
    }
    let enqueue_time = burst_start.elapsed();
    let all = sink
        .wait_for((total + burst) as usize, Duration::from_mins(5))
        .await;
    let drained = burst_start.elapsed();
    let _ = stop.send(());
    let _ = worker.await;
    sink.stop().await;
    let _ = database.close().await;
    let _ = std::fs::remove_dir_all(&dir);

    let backend = if url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    println!(
        "outbox benchmark ({backend}, release={})",
        !cfg!(debug_assertions)
    );
    println!(
        "  latency phase: {total} messages at {rate}/s; delivered {}",
        latencies.len()
    );
    println!(
        "    enqueue -> SMTP accept: p50 {:?}  p99 {:?}  max {:?}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or_default()
    );
    println!(
        "  burst phase: {burst} messages enqueued in {enqueue_time:?} ({:.0}/s), all delivered after {drained:?}: {:.0} messages/s",
        f64::from(burst) / enqueue_time.as_secs_f64(),
        f64::from(burst) / drained.as_secs_f64()
    );
    if all.len() < (total + burst) as usize {
        return Err(format!(
            "only {} of {} messages arrived",
            all.len(),
            total + burst
        ));
    }
    Ok(())
}

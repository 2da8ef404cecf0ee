//! Seeding through the public API: solved captchas, public submissions, guest links read
//! from the mail files the server's worker writes, guest cookies and share links.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use frontdesk_kernel::CaptchaChallenge;
use reqwest::{Client, StatusCode};
use serde::Deserialize;

use super::server::BASE_URL;

/// The JSON of `GET /api/v1/public/captcha`.
#[derive(Debug, Deserialize)]
struct ChallengeBody {
    algorithm: String,
    challenge: String,
    maxnumber: u64,
    salt: String,
    signature: String,
}

/// A distinct client address for request `n` (the server trusts `X-Forwarded-For` here, and
/// limits public submissions per address).
pub fn forwarded_for(n: u64) -> String {
    let n = u32::try_from(n % (1 << 24)).unwrap_or_default();
    Ipv4Addr::from(0x0A00_0000 | n).to_string()
}

/// Fetches one challenge and solves it.
///
/// # Errors
/// When the server does not hand out an ALTCHA challenge.
pub async fn solved_captcha(client: &Client, base: &str) -> Result<String, String> {
    let response = client
        .get(format!("{base}/api/v1/public/captcha"))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if response.status() != StatusCode::OK {
        return Err(format!("GET /api/v1/public/captcha: {}", response.status()));
    }
    let body: ChallengeBody = response.json().await.map_err(|e| e.to_string())?;
    let challenge = CaptchaChallenge {
        algorithm: body.algorithm,
        challenge: body.challenge,
        maxnumber: body.maxnumber,
        salt: body.salt,
        signature: body.signature,
    };
    Ok(frontdesk_captcha::solve_for_tests(&challenge))
}

/// Fetches and solves `count` challenges over `connections` connections.
///
/// # Errors
/// When fetching fails.
pub async fn solved_captchas(
    base: &str,
    count: usize,
    connections: usize,
) -> Result<Vec<String>, String> {
    let per_task = count.div_ceil(connections.max(1));
    let mut tasks = Vec::new();
    for _ in 0..connections.max(1) {
        let client = super::load::client()?;
        let base = base.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut solved = Vec::with_capacity(per_task);
            for _ in 0..per_task {
                solved.push(solved_captcha(&client, &base).await?);
            }
            Ok::<_, String>(solved)
        }));
    }
    let mut all = Vec::with_capacity(count);
    for task in tasks {
        all.extend(task.await.map_err(|e| e.to_string())??);
    }
    all.truncate(count);
    Ok(all)
}

/// The JSON body of a public submission for person `n` of `kind` with a solved `altcha`.
pub fn submission(kind: &str, n: u64, altcha: &str) -> serde_json::Value {
    serde_json::json!({
        "first_name": "Bench",
        "last_name": format!("{kind} {n}"),
        "email": format!("{kind}{n}@bench.example"),
        "title": format!("Benchmark case {kind} {n}"),
        "description": "The printer on the second floor prints every page twice.\nPlease have a look.",
        "altcha": altcha,
    })
}

/// Submits one public case for person `n` of `kind`.
///
/// # Errors
/// When the server refuses it.
pub async fn submit(client: &Client, base: &str, kind: &str, n: u64) -> Result<(), String> {
    let altcha = solved_captcha(client, base).await?;
    let response = client
        .post(format!(
            "{base}/api/v1/public/orgs/bench/forms/contact/cases"
        ))
        .header("x-forwarded-for", forwarded_for(n + 1_000_000))
        .json(&submission(kind, n, &altcha))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else {
        Err(format!(
            "public submission {n}: {status}: {}",
            response.text().await.unwrap_or_default()
        ))
    }
}

/// Every `/g/fdg_…` path in `raw` (a mail file), decoding quoted-printable soft breaks and
/// base64 parts.
fn guest_paths_in(raw: &str, found: &mut BTreeSet<String>) {
    let mut texts = vec![raw.replace("=\r\n", "").replace("=\n", "")];
    // Base64 parts: runs of base64 lines after a blank line.
    let mut block = String::new();
    for line in raw.lines() {
        let line = line.trim();
        if !line.is_empty()
            && line
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        {
            block.push_str(line);
        } else {
            if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(&block) {
                texts.push(String::from_utf8_lossy(&bytes).into_owned());
            }
            block.clear();
        }
    }
    for text in texts {
        let mut rest = text.as_str();
        while let Some(at) = rest.find("/g/fdg_") {
            let candidate: String = rest[at + 3..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                .collect();
            if candidate.len() == 4 + 43 {
                found.insert(format!("/g/{candidate}"));
            }
            rest = &rest[at + 3..];
        }
    }
}

/// Waits until the mail directory holds at least `count` distinct guest links.
///
/// # Errors
/// When they do not all arrive within `deadline`.
pub async fn guest_links(
    mail_dir: &Path,
    count: usize,
    deadline: Duration,
) -> Result<Vec<String>, String> {
    let until = Instant::now() + deadline;
    loop {
        let mut found = BTreeSet::new();
        if let Ok(entries) = std::fs::read_dir(mail_dir) {
            for entry in entries.flatten() {
                if let Ok(raw) = std::fs::read(entry.path()) {
                    guest_paths_in(&String::from_utf8_lossy(&raw), &mut found);
                }
            }
        }
        if found.len() >= count {
            return Ok(found.into_iter().take(count).collect());
        }
        if Instant::now() > until {
            return Err(format!(
                "only {} of {count} guest links arrived in {} within {deadline:?} \
                 (BASE_URL {BASE_URL})",
                found.len(),
                mail_dir.display()
            ));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A guest's case: its path and the cookie that opens it.
#[derive(Debug, Clone)]
pub struct GuestCase {
    /// Case id.
    pub id: String,
    /// `/cases/{id}`.
    pub path: String,
    /// `name=value` to send as `Cookie`.
    pub cookie: String,
}

/// Trades a `/g/{token}` link for the case cookie (`303` + `Set-Cookie`).
///
/// # Errors
/// When the server does not answer with a redirect and a cookie.
pub async fn open_guest_link(client: &Client, base: &str, link: &str) -> Result<GuestCase, String> {
    let response = client
        .get(format!("{base}{link}"))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    if !status.is_redirection() {
        return Err(format!("GET {link}: {status} (expected 303)"));
    }
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .ok_or("no Location")?
        .to_owned();
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("fd_guest_"))
        .and_then(|v| v.split(';').next())
        .ok_or("no guest cookie")?
        .to_owned();
    let path = location
        .strip_prefix(BASE_URL)
        .unwrap_or(&location)
        .to_owned();
    let id = path
        .strip_prefix("/cases/")
        .ok_or_else(|| format!("unexpected redirect to {location}"))?
        .to_owned();
    Ok(GuestCase { id, path, cookie })
}

/// Why share links could not be made.
#[derive(Debug)]
pub enum ShareUnavailable {
    /// The routes answer 404/405: the feature is not built yet.
    NotBuilt(String),
    /// Something else went wrong.
    Failed(String),
}

/// Switches the share-link addon on for the `contact` form and makes one link per case;
/// returns the `/s/{token}` paths.
///
/// # Errors
/// [`ShareUnavailable`].
pub async fn share_links(
    client: &Client,
    base: &str,
    api_token: &str,
    cases: &[GuestCase],
) -> Result<Vec<String>, ShareUnavailable> {
    let failed = |e: reqwest::Error| ShareUnavailable::Failed(e.to_string());
    let response = client
        .patch(format!("{base}/api/v1/forms/contact"))
        .bearer_auth(api_token)
        .json(&serde_json::json!({ "share_links_enabled": true }))
        .send()
        .await
        .map_err(failed)?;
    let status = response.status();
    if matches!(
        status,
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
    ) {
        return Err(ShareUnavailable::NotBuilt(format!(
            "PATCH /api/v1/forms/contact: {status}"
        )));
    }
    if !status.is_success() {
        let body = response.text().await.unwrap_or_default();
        return Err(ShareUnavailable::Failed(format!(
            "PATCH /api/v1/forms/contact: {status}: {body}"
        )));
    }
    let mut paths = Vec::with_capacity(cases.len());
    for case in cases {
        let response = client
            .post(format!("{base}/api/v1/cases/{}/share-links", case.id))
            .bearer_auth(api_token)
            .json(&serde_json::json!({}))
            .send()
            .await
            .map_err(failed)?;
        let status = response.status();
        if matches!(
            status,
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
        ) {
            return Err(ShareUnavailable::NotBuilt(format!(
                "POST /api/v1/cases/{{id}}/share-links: {status}"
            )));
        }
        if status != StatusCode::CREATED {
            let body = response.text().await.unwrap_or_default();
            return Err(ShareUnavailable::Failed(format!(
                "POST /api/v1/cases/{{id}}/share-links: {status}: {body}"
            )));
        }
        let body: serde_json::Value = response.json().await.map_err(failed)?;
        let url = body["url"]
            .as_str()
            .ok_or_else(|| ShareUnavailable::Failed(format!("no url in {body}")))?;
        let path = url.find("/s/").map(|at| &url[at..]).ok_or_else(|| {
            ShareUnavailable::Failed(format!("share url {url:?} has no /s/ path"))
        })?;
        paths.push(path.to_owned());
    }
    Ok(paths)
}

/// Submits `count` public cases over `connections` connections.
///
/// # Errors
/// The first refused submission.
pub async fn submit_many(
    base: &str,
    kind: &'static str,
    count: u64,
    connections: u64,
) -> Result<(), String> {
    let next = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let client = super::load::client()?;
        let base = base.to_owned();
        let next = next.clone();
        tasks.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if n >= count {
                    return Ok::<_, String>(());
                }
                submit(&client, &base, kind, n).await?;
            }
        }));
    }
    for task in tasks {
        task.await.map_err(|e| e.to_string())??;
    }
    Ok(())
}

use std::sync::Mutex;

use frontdesk_kernel::{OsTokenSource, RepositoryError, TransactionRunner};
use frontdesk_testkit::{FakeClock, SequenceTokenSource};
use proptest::prelude::*;

use super::*;
use crate::InMemoryReplayStore;

const SECRET: &str = "an-altcha-test-key-of-at-least-32-bytes";

struct Fixture {
    verifier: AltchaVerifier,
    clock: Arc<FakeClock>,
}

fn fixture() -> Fixture {
    fixture_with(Arc::new(InMemoryReplayStore::new(Arc::new(
        FakeClock::new(),
    ))))
}

fn fixture_with(replay: Arc<dyn CaptchaReplayStore>) -> Fixture {
    let clock = Arc::new(FakeClock::new());
    let verifier = AltchaVerifier::new(
        AltchaKey::from_secret(SECRET).unwrap(),
        AltchaSettings {
            max_number: 1_000,
            ..AltchaSettings::default()
        },
        replay,
        clock.clone(),
        Arc::new(SequenceTokenSource::default()),
    );
    Fixture { verifier, clock }
}

async fn new_challenge(verifier: &AltchaVerifier) -> CaptchaChallenge {
    verifier
        .challenge()
        .await
        .unwrap()
        .expect("ALTCHA issues challenges")
}

fn sign(key: &str, challenge: &str) -> String {
    let mut mac = HmacSha256::new_from_slice(key.as_bytes()).unwrap();
    mac.update(challenge.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn encode(payload: &serde_json::Value) -> String {
    base64::engine::general_purpose::STANDARD.encode(payload.to_string())
}

fn decode(solution: &str) -> serde_json::Value {
    serde_json::from_slice(&BASE64.decode(solution).unwrap()).unwrap()
}

/// A payload signed with the test key for an arbitrary salt and number.
fn signed_payload(salt: &str, number: u64) -> serde_json::Value {
    let challenge = hash_hex(salt, number);
    serde_json::json!({
        "algorithm": "SHA-256",
        "challenge": challenge,
        "number": number,
        "salt": salt,
        "signature": sign(SECRET, &challenge),
    })
}

#[tokio::test]
async fn a_challenge_has_the_classic_altcha_format() {
    let Fixture { verifier, clock } = fixture();
    let challenge = new_challenge(&verifier).await;

    assert_eq!(challenge.algorithm, "SHA-256");
    assert_eq!(challenge.maxnumber, 1_000);
    let expires = (clock.now() + Duration::minutes(10)).unix_timestamp();
    let (random, query) = challenge.salt.split_once('?').unwrap();
    assert_eq!(random.len(), 24);
    assert!(
        random
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    assert_eq!(query, format!("expires={expires}&"));

    let number = (0..=challenge.maxnumber)
        .find(|n| hash_hex(&challenge.salt, *n) == challenge.challenge)
        .expect("the secret number is within 0..=maxnumber");
    let mut direct = Sha256::new();
    direct.update(format!("{}{number}", challenge.salt));
    assert_eq!(hex::encode(direct.finalize()), challenge.challenge);

    let mut mac = HmacSha256::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(challenge.challenge.as_bytes());
    mac.verify_slice(&hex::decode(&challenge.signature).unwrap())
        .expect("the signature is HMAC-SHA-256 of the challenge");
}

#[tokio::test]
async fn challenges_differ_and_their_numbers_stay_within_max_number() {
    let clock = Arc::new(FakeClock::new());
    let verifier = AltchaVerifier::new(
        AltchaKey::generate(&OsTokenSource),
        AltchaSettings {
            max_number: 3,
            ..AltchaSettings::default()
        },
        Arc::new(InMemoryReplayStore::new(clock.clone())),
        clock,
        Arc::new(OsTokenSource),
    );
    let mut seen_numbers = std::collections::HashSet::new();
    let mut salts = std::collections::HashSet::new();
    for _ in 0..200 {
        let challenge = new_challenge(&verifier).await;
        let number = (0..=3)
            .find(|n| hash_hex(&challenge.salt, *n) == challenge.challenge)
            .expect("number within 0..=3");
        seen_numbers.insert(number);
        salts.insert(challenge.salt);
    }
    assert_eq!(seen_numbers.len(), 4, "every number in 0..=max occurs");
    assert_eq!(salts.len(), 200, "salts are not reused");
}

#[tokio::test]
async fn a_solved_challenge_is_accepted_once_then_replayed() {
    let Fixture { verifier, .. } = fixture();
    let solution = solve_for_tests(&new_challenge(&verifier).await);

    assert_eq!(verifier.verify(&solution, None).await, Ok(()));
    assert_eq!(
        verifier.verify(&solution, None).await,
        Err(CaptchaError::Replayed)
    );
}

#[tokio::test]
async fn a_checked_solution_is_spent_only_in_a_unit_of_work() {
    let Fixture { verifier, .. } = fixture();
    let solution = solve_for_tests(&new_challenge(&verifier).await);
    let store = frontdesk_testkit::InMemoryStore::new();

    let pass = verifier.check(&solution, None).await.expect("checks");
    assert!(pass.replay_key().is_some(), "an ALTCHA pass is single-use");
    assert_eq!(
        verifier.check(&solution, None).await,
        Ok(pass.clone()),
        "checking spends nothing"
    );
    let mut uow = store.begin().await.expect("begin");
    assert_eq!(verifier.spend_in(uow.as_mut(), pass.clone()).await, Ok(()));
    assert_eq!(
        verifier.spend_in(uow.as_mut(), pass).await,
        Err(CaptchaError::Replayed),
        "a pass is spent once"
    );
    assert_eq!(
        verifier.verify(&solution, None).await,
        Err(CaptchaError::Replayed),
        "a spent solution no longer verifies"
    );
    assert_eq!(
        verifier.spend_in(uow.as_mut(), CaptchaPass::spent()).await,
        Ok(()),
        "a pass with nothing to record spends as nothing"
    );
}

#[tokio::test]
async fn checking_refuses_what_verifying_refuses() {
    let Fixture { verifier, .. } = fixture();
    assert_eq!(verifier.check("", None).await, Err(CaptchaError::Missing));
    assert_eq!(
        verifier.check("bm90IGpzb24", None).await,
        Err(CaptchaError::Invalid)
    );
}

#[tokio::test]
async fn the_widget_payload_is_accepted_without_padding_and_with_extra_fields() {
    let Fixture { verifier, .. } = fixture();
    let mut payload = decode(&solve_for_tests(&new_challenge(&verifier).await));
    payload["took"] = serde_json::json!(1234);
    let unpadded = base64::engine::general_purpose::STANDARD_NO_PAD.encode(payload.to_string());

    assert_eq!(
        verifier.verify(&format!(" {unpadded}\n"), None).await,
        Ok(())
    );
}

#[tokio::test]
async fn an_empty_solution_is_missing() {
    let Fixture { verifier, .. } = fixture();
    assert_eq!(verifier.verify("", None).await, Err(CaptchaError::Missing));
    assert_eq!(
        verifier.verify("  \r\n", None).await,
        Err(CaptchaError::Missing)
    );
}

#[tokio::test]
async fn undecodable_or_malformed_solutions_are_invalid() {
    let Fixture { verifier, .. } = fixture();
    let mut wrong_algorithm = signed_payload("abc?expires=9999999999&", 5);
    wrong_algorithm["algorithm"] = serde_json::json!("SHA-512");
    let mut negative_number = signed_payload("abc?expires=9999999999&", 5);
    negative_number["number"] = serde_json::json!(-5);
    let too_long = "A".repeat(MAX_SOLUTION_LEN + 4);
    let cases = [
        "not base64 at all!".to_owned(),
        base64::engine::general_purpose::STANDARD.encode("not json"),
        encode(&serde_json::json!({"algorithm": "SHA-256"})),
        encode(&wrong_algorithm),
        encode(&negative_number),
        too_long,
    ];
    for case in cases {
        assert_eq!(
            verifier.verify(&case, None).await,
            Err(CaptchaError::Invalid),
            "{case:.60}"
        );
    }
}

#[tokio::test]
async fn a_forged_signature_is_invalid() {
    let Fixture { verifier, .. } = fixture();
    let mut payload = decode(&solve_for_tests(&new_challenge(&verifier).await));
    let challenge = payload["challenge"].as_str().unwrap().to_owned();
    payload["signature"] =
        serde_json::json!(sign("another-key-that-is-also-32-bytes-long", &challenge));
    assert_eq!(
        verifier.verify(&encode(&payload), None).await,
        Err(CaptchaError::Invalid)
    );

    payload["signature"] = serde_json::json!("not hex");
    assert_eq!(
        verifier.verify(&encode(&payload), None).await,
        Err(CaptchaError::Invalid)
    );
}

#[tokio::test]
async fn a_challenge_the_client_made_up_is_invalid() {
    let Fixture { verifier, clock } = fixture();
    let salt = format!(
        "00?expires={}&",
        (clock.now() + Duration::minutes(5)).unix_timestamp()
    );
    let challenge = hash_hex(&salt, 1);
    let payload = serde_json::json!({
        "algorithm": "SHA-256", "challenge": challenge, "number": 1, "salt": salt,
        "signature": sign("a-key-the-attacker-chose-of-32-bytes!", &challenge),
    });
    assert_eq!(
        verifier.verify(&encode(&payload), None).await,
        Err(CaptchaError::Invalid)
    );
}

#[tokio::test]
async fn a_wrong_number_is_invalid() {
    let Fixture { verifier, .. } = fixture();
    let mut payload = decode(&solve_for_tests(&new_challenge(&verifier).await));
    let number = payload["number"].as_u64().unwrap();
    payload["number"] = serde_json::json!(number + 1);
    assert_eq!(
        verifier.verify(&encode(&payload), None).await,
        Err(CaptchaError::Invalid)
    );
}

#[tokio::test]
async fn a_tampered_salt_or_expiry_is_invalid() {
    let Fixture { verifier, clock } = fixture();
    let challenge = new_challenge(&verifier).await;
    let original = decode(&solve_for_tests(&challenge));

    let later = (clock.now() + Duration::days(365)).unix_timestamp();
    let (random, _) = challenge.salt.split_once('?').unwrap();
    for salt in [
        format!("{random}?expires={later}&"),
        format!("ff{}", challenge.salt),
        random.to_owned(),
    ] {
        let mut payload = original.clone();
        payload["salt"] = serde_json::json!(salt);
        assert_eq!(
            verifier.verify(&encode(&payload), None).await,
            Err(CaptchaError::Invalid)
        );
    }
    assert_eq!(
        verifier.verify(&encode(&original), None).await,
        Ok(()),
        "untouched still works"
    );
}

#[tokio::test]
async fn a_challenge_sent_after_its_expiry_is_expired() {
    let Fixture { verifier, clock } = fixture();
    let solution = solve_for_tests(&new_challenge(&verifier).await);
    clock.advance(Duration::minutes(10));
    assert_eq!(
        verifier.verify(&solution, None).await,
        Err(CaptchaError::Expired)
    );
    clock.advance(Duration::hours(1));
    assert_eq!(
        verifier.verify(&solution, None).await,
        Err(CaptchaError::Expired)
    );
}

#[tokio::test]
async fn a_challenge_sent_just_before_its_expiry_is_accepted() {
    let Fixture { verifier, clock } = fixture();
    let solution = solve_for_tests(&new_challenge(&verifier).await);
    clock.advance(Duration::minutes(10) - Duration::seconds(1));
    assert_eq!(verifier.verify(&solution, None).await, Ok(()));
}

#[tokio::test]
async fn a_signed_salt_without_a_usable_expiry_is_expired() {
    let Fixture { verifier, .. } = fixture();
    for salt in [
        "abcdef",
        "abcdef?",
        "abcdef?foo=1&",
        "abcdef?expires=&",
        "abcdef?expires=-1&",
        "abcdef?expires=1e9&",
    ] {
        let solution = encode(&signed_payload(salt, 42));
        assert_eq!(
            verifier.verify(&solution, None).await,
            Err(CaptchaError::Expired),
            "{salt}"
        );
    }
}

#[derive(Default)]
struct RecordingStore {
    calls: Mutex<Vec<([u8; 32], OffsetDateTime)>>,
    fail: bool,
}

#[async_trait::async_trait]
impl CaptchaReplayStore for RecordingStore {
    async fn first_use(
        &self,
        key: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        if self.fail {
            return Err(RepositoryError::unavailable(std::io::Error::other(
                "connection refused",
            )));
        }
        self.calls.lock().unwrap().push((*key, expires_at));
        Ok(true)
    }
}

#[tokio::test]
async fn the_replay_key_is_the_challenge_digest_kept_until_the_challenge_expires() {
    let store = Arc::new(RecordingStore::default());
    let Fixture { verifier, clock } = fixture_with(store.clone());
    let challenge = new_challenge(&verifier).await;
    verifier
        .verify(&solve_for_tests(&challenge), None)
        .await
        .unwrap();

    let calls = store.calls.lock().unwrap();
    let expected_key: [u8; 32] = Sha256::digest(challenge.challenge.as_bytes()).into();
    assert_eq!(
        calls.as_slice(),
        &[(expected_key, clock.now() + Duration::minutes(10))]
    );
}

#[tokio::test]
async fn a_failing_replay_store_makes_the_check_unavailable() {
    let store = Arc::new(RecordingStore {
        fail: true,
        ..RecordingStore::default()
    });
    let Fixture { verifier, .. } = fixture_with(store);
    let solution = solve_for_tests(&new_challenge(&verifier).await);
    assert!(matches!(
        verifier.verify(&solution, None).await,
        Err(CaptchaError::Unavailable(_))
    ));
}

#[tokio::test]
async fn solve_for_tests_returns_a_refused_payload_for_an_unsolvable_challenge() {
    let Fixture { verifier, .. } = fixture();
    let mut challenge = new_challenge(&verifier).await;
    challenge.maxnumber = 0;
    challenge.challenge = hash_hex("something else", 0);
    let solution = solve_for_tests(&challenge);
    assert_eq!(decode(&solution)["number"], 0);
    assert_eq!(
        verifier.verify(&solution, None).await,
        Err(CaptchaError::Invalid)
    );
}

#[test]
fn a_key_needs_32_bytes() {
    assert_eq!(
        AltchaKey::from_secret("short").unwrap_err(),
        AltchaKeyError::TooShort { min: 32, actual: 5 }
    );
    assert!(AltchaKey::from_secret(&"x".repeat(31)).is_err());
    let key = AltchaKey::from_secret(&"x".repeat(32)).unwrap();
    assert_eq!(key.expose_bytes(), "x".repeat(32).as_bytes());
    assert_eq!(
        AltchaKey::from_bytes(key.expose_bytes())
            .unwrap()
            .expose_bytes(),
        key.expose_bytes()
    );
}

#[test]
fn a_generated_key_comes_from_the_token_source() {
    let random = SequenceTokenSource::default();
    let first = AltchaKey::generate(&random);
    let second = AltchaKey::generate(&random);
    assert_eq!(first.expose_bytes().len(), AltchaKey::MIN_LEN);
    assert_ne!(first.expose_bytes(), second.expose_bytes());
}

#[test]
fn debug_output_never_shows_the_key() {
    let Fixture { verifier, .. } = fixture();
    let key = AltchaKey::from_secret(SECRET).unwrap();
    for shown in [
        format!("{verifier:?}"),
        format!("{verifier:#?}"),
        format!("{key:?}"),
    ] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains(&hex::encode(SECRET)), "{shown}");
        assert!(shown.contains("REDACTED"), "{shown}");
    }
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(future)
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        ".*".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::hash_map(
                prop_oneof![
                    Just("algorithm".to_owned()),
                    Just("challenge".to_owned()),
                    Just("number".to_owned()),
                    Just("salt".to_owned()),
                    Just("signature".to_owned()),
                    ".*",
                ],
                inner,
                0..7
            )
            .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn verify_never_panics_on_arbitrary_strings(solution in ".*") {
        let Fixture { verifier, .. } = fixture();
        let outcome = block_on(verifier.verify(&solution, None));
        prop_assert!(matches!(outcome, Err(CaptchaError::Missing | CaptchaError::Invalid)));
    }

    #[test]
    fn verify_never_panics_on_base64_of_arbitrary_json(value in arb_json(), padded in any::<bool>()) {
        let Fixture { verifier, .. } = fixture();
        let text = value.to_string();
        let solution = if padded {
            base64::engine::general_purpose::STANDARD.encode(text)
        } else {
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(text)
        };
        let outcome = block_on(verifier.verify(&solution, None));
        prop_assert!(matches!(outcome, Err(CaptchaError::Missing | CaptchaError::Invalid)));
    }

    #[test]
    fn verify_never_panics_on_correctly_signed_arbitrary_salts(
        salt in prop_oneof![
            ".*",
            "[0-9a-f]{0,24}(\\?|&)?((expires=[-+0-9e]{0,22})|[a-z=]{0,9})?&?(expires=[0-9]{0,12})?&?",
        ],
        number in any::<u64>(),
    ) {
        let Fixture { verifier, .. } = fixture();
        let solution = encode(&signed_payload(&salt, number));
        let outcome = block_on(verifier.verify(&solution, None));
        prop_assert!(!matches!(outcome, Err(CaptchaError::Unavailable(_) | CaptchaError::Missing)));
    }
}

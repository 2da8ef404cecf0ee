//! Builds the application's services from configuration and a database.

use std::sync::Arc;

use frontdesk_access::{AccessPorts, AccessService, SessionPolicy};
use frontdesk_captcha::{
    AltchaKey, AltchaSettings, AltchaVerifier, SiteVerifyConfig, SiteVerifyProvider,
    SiteVerifyVerifier,
};
use frontdesk_config::{CaptchaProvider, Config};
use frontdesk_kernel::{
    CaptchaVerifier, OsTokenSource, PasswordHasher, RepositoryError, SystemClock, TokenSource,
    UuidV7Generator,
};
use frontdesk_mail::HandlebarsEngine;
use frontdesk_messaging::{MessagingPorts, MessagingService, RecipientLimits};
use frontdesk_passwords::{Argon2Hasher, HasherLimits};
use frontdesk_storage::Database;
use secrecy::ExposeSecret;

use crate::links::RouterLinks;
use crate::state::{AppState, CookiePolicy, Services};

/// The access service over `database`, hashing with `hasher`.
pub fn access_service(
    config: &Config,
    database: &Database,
    hasher: Arc<dyn PasswordHasher>,
) -> AccessService {
    let store = Arc::new(database.clone());
    let ports = AccessPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        initialiser: store.clone(),
        staff: store.clone(),
        api_tokens: store.clone(),
        action_tokens: store.clone(),
        sessions: store.clone(),
        attempts: store.clone(),
        audit: store,
        hasher,
        links: Arc::new(RouterLinks),
        clock: Arc::new(SystemClock),
        tokens: Arc::new(OsTokenSource),
        ids: Arc::new(UuidV7Generator),
    };
    AccessService::new(ports, session_policy(config))
}

/// The session lifetimes of `config`, for staff and contact users alike.
pub fn session_policy(config: &Config) -> SessionPolicy {
    SessionPolicy {
        idle: time_duration(config.sessions.idle_timeout),
        absolute: time_duration(config.sessions.absolute_timeout),
    }
}

fn time_duration(duration: std::time::Duration) -> time::Duration {
    time::Duration::try_from(duration).unwrap_or(time::Duration::MAX)
}

/// The production password hasher for `config`.
pub fn hasher(config: &Config) -> Arc<dyn PasswordHasher> {
    Arc::new(Argon2Hasher::new(HasherLimits {
        max_concurrent: config.passwords.max_concurrent_hashes,
        max_waiting: config.passwords.max_waiting_hashes,
    }))
}

/// The messaging service over `database`.
pub fn messaging_service(database: &Database) -> MessagingService {
    let store = Arc::new(database.clone());
    MessagingService::new(
        MessagingPorts {
            transactions: store.clone(),
            outbox: store.clone(),
            templates: store.clone(),
            engine: Arc::new(HandlebarsEngine::new()),
            organisations: store,
            clock: Arc::new(SystemClock),
            ids: Arc::new(UuidV7Generator),
        },
        RecipientLimits::default(),
    )
}

/// The cases service over `database`, sending mail through `messaging` and checking public
/// submissions with `captcha`.
pub fn cases_service(
    database: &Database,
    messaging: MessagingService,
    captcha: Arc<dyn CaptchaVerifier>,
) -> frontdesk_cases::CasesService {
    let store = Arc::new(database.clone());
    frontdesk_cases::CasesService::new(
        frontdesk_cases::CasesPorts {
            transactions: store.clone(),
            organisations: store.clone(),
            forms: store.clone(),
            cases: store.clone(),
            timeline: store.clone(),
            guest_access: store.clone(),
            views: store.clone(),
            overview: store.clone(),
            staff: store.clone(),
            idempotency: store.clone(),
            contacts: store.clone(),
            clients: store.clone(),
            grants: store.clone(),
            audit: store.clone(),
            contact_users: store.clone(),
            attempts: store,
            captcha,
            mail: Arc::new(messaging),
            links: Arc::new(RouterLinks),
            clock: Arc::new(SystemClock),
            tokens: Arc::new(OsTokenSource),
            ids: Arc::new(UuidV7Generator),
        },
        frontdesk_cases::IntakePolicy::default(),
    )
}

/// The contacts service over `database`, sending mail through `messaging`.
pub fn contacts_service(
    database: &Database,
    messaging: MessagingService,
) -> frontdesk_contacts::ContactsService {
    let store = Arc::new(database.clone());
    frontdesk_contacts::ContactsService::new(frontdesk_contacts::ContactsPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        contacts: store.clone(),
        clients: store,
        mail: Arc::new(messaging),
        clock: Arc::new(SystemClock),
        ids: Arc::new(UuidV7Generator),
    })
}

/// The contact-user service over `database`, mailing through `messaging`.
pub fn contact_users_service(
    database: &Database,
    messaging: MessagingService,
    hasher: Arc<dyn PasswordHasher>,
) -> frontdesk_contacts::ContactUsersService {
    let store = Arc::new(database.clone());
    frontdesk_contacts::ContactUsersService::new(frontdesk_contacts::ContactUsersPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        contacts: store.clone(),
        clients: store.clone(),
        users: store.clone(),
        user_links: store.clone(),
        sessions: store.clone(),
        attempts: store.clone(),
        audit: store,
        mail: Arc::new(messaging),
        links: Arc::new(RouterLinks),
        hasher,
        clock: Arc::new(SystemClock),
        tokens: Arc::new(OsTokenSource),
        ids: Arc::new(UuidV7Generator),
    })
}

/// The grants service over `database`.
pub fn grants_service(database: &Database) -> frontdesk_access::GrantsService {
    let store = Arc::new(database.clone());
    frontdesk_access::GrantsService::new(frontdesk_access::GrantsPorts {
        transactions: store.clone(),
        grants: store.clone(),
        rules: store.clone(),
        cases: store.clone(),
        users: store.clone(),
        audit: store,
        clock: Arc::new(SystemClock),
        ids: Arc::new(UuidV7Generator),
    })
}

/// The customer portal's settings service over `database`.
pub fn portal_service(database: &Database) -> frontdesk_access::PortalService {
    let store = Arc::new(database.clone());
    frontdesk_access::PortalService::new(frontdesk_access::PortalPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        portal: store.clone(),
        audit: store,
        clock: Arc::new(SystemClock),
        ids: Arc::new(UuidV7Generator),
    })
}

/// The service of the sites allowed to embed the forms, over `database`.
pub fn embed_service(database: &Database) -> frontdesk_access::EmbedService {
    let store = Arc::new(database.clone());
    frontdesk_access::EmbedService::new(frontdesk_access::EmbedPorts {
        transactions: store.clone(),
        origins: store.clone(),
        audit: store,
        clock: Arc::new(SystemClock),
        ids: Arc::new(UuidV7Generator),
    })
}

/// The registration-link service over `database`, mailing through `messaging`.
pub fn registration_service(
    database: &Database,
    messaging: MessagingService,
) -> frontdesk_registration::RegistrationService {
    let store = Arc::new(database.clone());
    frontdesk_registration::RegistrationService::new(frontdesk_registration::RegistrationPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        links: store.clone(),
        clients: store.clone(),
        forms: store.clone(),
        audit: store,
        mail: Arc::new(messaging),
        public_links: Arc::new(RouterLinks),
        clock: Arc::new(SystemClock),
        tokens: Arc::new(OsTokenSource),
        ids: Arc::new(UuidV7Generator),
    })
}

/// The sign-up and activation service over `database`, mailing through `messaging`.
pub fn sign_up_service(
    database: &Database,
    messaging: MessagingService,
    hasher: Arc<dyn PasswordHasher>,
    captcha: Arc<dyn CaptchaVerifier>,
) -> frontdesk_registration::SignUpService {
    let store = Arc::new(database.clone());
    frontdesk_registration::SignUpService::new(frontdesk_registration::SignUpPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        links: store.clone(),
        pending: store.clone(),
        contacts: store.clone(),
        users: store.clone(),
        user_links: store.clone(),
        sessions: store.clone(),
        staff: store.clone(),
        staff_links: store.clone(),
        staff_sessions: store.clone(),
        cases: store.clone(),
        forms: store.clone(),
        grants: store.clone(),
        audit: store,
        mail: Arc::new(messaging),
        public_links: Arc::new(RouterLinks),
        captcha,
        hasher,
        clock: Arc::new(SystemClock),
        tokens: Arc::new(OsTokenSource),
        ids: Arc::new(UuidV7Generator),
    })
}

/// The sharing service over `database`.
pub fn sharing_service(
    database: &Database,
    messaging: MessagingService,
    hasher: Arc<dyn PasswordHasher>,
) -> frontdesk_sharing::SharingService {
    let store = Arc::new(database.clone());
    frontdesk_sharing::SharingService::new(frontdesk_sharing::SharingPorts {
        transactions: store.clone(),
        share_links: store.clone(),
        permissions: store.clone(),
        cases: store.clone(),
        forms: store.clone(),
        timeline: store.clone(),
        views: store.clone(),
        attempts: store.clone(),
        audit: store,
        hasher,
        mail: Arc::new(messaging),
        links: Arc::new(RouterLinks),
        clock: Arc::new(SystemClock),
        tokens: Arc::new(OsTokenSource),
        ids: Arc::new(UuidV7Generator),
    })
}

/// Why the captcha verifier could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum CaptchaSetupError {
    /// The shared ALTCHA key could not be read or stored.
    #[error("cannot load the shared captcha key: {0}")]
    Key(#[from] RepositoryError),
    /// The configured key is unusable.
    #[error("the captcha key is unusable: {0}")]
    BadKey(String),
    /// The siteverify client could not be built.
    #[error("cannot set up the captcha service: {0}")]
    SiteVerify(String),
}

/// Name under which the generated ALTCHA key is shared through the database.
const ALTCHA_KEY_SETTING: &str = "captcha.altcha_hmac_key";

/// The captcha verifier `config` asks for. A generated ALTCHA key is stored in the database
/// on first start, so every replica verifies every other replica's challenges.
///
/// # Errors
/// See [`CaptchaSetupError`].
pub async fn captcha_verifier(
    config: &Config,
    database: &Database,
) -> Result<Arc<dyn CaptchaVerifier>, CaptchaSetupError> {
    let settings = &config.captcha;
    let provider = match settings.provider {
        CaptchaProvider::Altcha => {
            let key = if let Some(secret) = &settings.secret {
                AltchaKey::from_secret(secret.expose_secret())
            } else {
                let bytes = database
                    .shared_secret(ALTCHA_KEY_SETTING, || {
                        let mut key = vec![0u8; 32];
                        OsTokenSource.fill(&mut key);
                        key
                    })
                    .await?;
                AltchaKey::from_bytes(&bytes)
            }
            .map_err(|error| CaptchaSetupError::BadKey(error.to_string()))?;
            let altcha = AltchaSettings {
                max_number: settings.altcha_max_number,
                expires_after: time_duration(settings.altcha_expires),
            };
            return Ok(Arc::new(AltchaVerifier::new(
                key,
                altcha,
                Arc::new(database.clone()),
                Arc::new(SystemClock),
                Arc::new(OsTokenSource),
            )));
        }
        CaptchaProvider::Turnstile => SiteVerifyProvider::Turnstile,
        CaptchaProvider::HCaptcha => SiteVerifyProvider::HCaptcha,
        CaptchaProvider::ReCaptcha => SiteVerifyProvider::ReCaptcha,
    };
    let secret = settings
        .secret
        .clone()
        .ok_or_else(|| CaptchaSetupError::BadKey("no secret configured".into()))?;
    let mut site = SiteVerifyConfig::new(provider, secret);
    if let Some(url) = &settings.verify_url {
        site = site.with_endpoint(url.clone());
    }
    if let Some(host) = config.base_url.host_str() {
        site = site.with_expected_hostname(host.to_owned());
    }
    let verifier = SiteVerifyVerifier::new(site)
        .map_err(|error| CaptchaSetupError::SiteVerify(error.to_string()))?;
    Ok(Arc::new(verifier))
}

/// The application state for `config` over `database`.
///
/// # Errors
/// [`CaptchaSetupError`] when the captcha verifier cannot be set up.
pub async fn app_state(
    config: &Config,
    database: &Database,
    hasher: Arc<dyn PasswordHasher>,
) -> Result<AppState, CaptchaSetupError> {
    let captcha = captcha_verifier(config, database).await?;
    let messaging = messaging_service(database);
    Ok(AppState::new(Services {
        access: access_service(config, database, hasher.clone()),
        cases: cases_service(database, messaging.clone(), captcha.clone()),
        contacts: contacts_service(database, messaging.clone()),
        contact_users: contact_users_service(database, messaging.clone(), hasher.clone())
            .with_session_policy(session_policy(config))
            .with_portal_users(Arc::new(database.clone())),
        grants: grants_service(database),
        sharing: sharing_service(database, messaging.clone(), hasher.clone()),
        portal: portal_service(database),
        embed: embed_service(database),
        registration: registration_service(database, messaging.clone()),
        sign_up: sign_up_service(database, messaging.clone(), hasher.clone(), captcha.clone())
            .with_session_policy(session_policy(config)),
        messaging,
        sms: Arc::new(frontdesk_mail::LoggingSmsSender),
        captcha,
        database: database.clone(),
        cookies: Arc::new(CookiePolicy {
            secure: config.base_url.scheme() == "https",
        }),
        trusted_proxies: config.http.trusted_proxies,
    }))
}

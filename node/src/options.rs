//! `new Client(options)`: the options object, checked key by key before
//! anything else (an unknown or misspelled key, a snake_case spelling, a
//! value of the wrong type, no options at all: each a `CONFIGURATION` error
//! naming the option), then the core client.

use chat_platform as core;
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// Client settings. Durations are in milliseconds.
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct ClientOptions {
    /// Base URL, e.g. `https://a1.easecdn.com` or an emulator's URL.
    pub base_url: Option<String>,
    /// A documented data center instead of `baseUrl`.
    #[napi(ts_type = "'domestic1' | 'domestic2' | 'singapore1'")]
    pub region: Option<String>,
    /// The app key, `org#app`.
    pub app_key: Option<String>,
    /// Org name (with `app`, instead of `appKey`).
    pub org: Option<String>,
    /// App name (with `org`, instead of `appKey`).
    pub app: Option<String>,
    /// The app's client id (tokens are then fetched and refreshed automatically).
    pub client_id: Option<String>,
    /// The app's client secret.
    pub client_secret: Option<String>,
    /// A fixed token instead of client id and secret (never refreshed).
    pub token: Option<String>,
    /// An Agora app ID (with `appCertificate`, instead of client id and
    /// secret): the client mints AccessToken2 app tokens and exchanges them.
    pub app_id: Option<String>,
    /// The Agora app certificate (never shown).
    pub app_certificate: Option<String>,
    /// The app token's lifetime to ask for, whole seconds in ms (default:
    /// the console's setting; with an app certificate 24 h, the most).
    pub app_token_ttl: Option<f64>,
    /// Time allowed to connect (default 10000 ms).
    pub connect_timeout: Option<f64>,
    /// Time allowed for the whole call: every attempt, every wait between
    /// attempts and the token fetch it triggers, not the time queued for the
    /// rate budget (default 30000 ms).
    pub request_timeout: Option<f64>,
    /// Time allowed for one HTTP attempt, within `requestTimeout` (default:
    /// whatever is left of it).
    pub attempt_timeout: Option<f64>,
    /// Most attempts per request, the first included (default 6).
    pub max_attempts: Option<f64>,
    /// Backoff base (default 200 ms).
    pub retry_base_delay: Option<f64>,
    /// Longest backoff wait (default 10000 ms).
    pub retry_max_delay: Option<f64>,
    /// Longest total time per request, retries included (default 60000 ms).
    pub retry_max_elapsed: Option<f64>,
    /// Refresh tokens this long before expiry (default 300000 ms).
    pub token_refresh_margin: Option<f64>,
    /// Least time between token fetches (default 1000 ms).
    pub min_token_interval: Option<f64>,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// Pace requests at the service's per-app limits, adapting to throttling
    /// (default true).
    pub rate_limits: Option<bool>,
    /// A plan with higher limits: the documented ones times this (default 1).
    pub rate_limit_scale: Option<f64>,
    /// A fixed number of batch requests in flight (default: rate x measured round trip).
    pub batch_concurrency: Option<f64>,
    /// A proxy for every request, `http://host:port` (credentials may be in
    /// the URL); replaces the environment's `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY`.
    pub proxy: Option<String>,
    /// The proxy's user name (Basic authentication; never shown).
    pub proxy_username: Option<String>,
    /// The proxy's password (never shown).
    pub proxy_password: Option<String>,
    /// Hosts that bypass the proxy, `NO_PROXY` syntax (`'localhost,.corp,10.0.0.0/8'`) or an array.
    pub no_proxy: Option<Either<String, Vec<String>>>,
    /// Read `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` from the environment (default true).
    pub proxy_from_env: Option<bool>,
    /// Extra CA certificates to trust, PEM text (one string or several).
    pub ca_certificates: Option<Either<String, Vec<String>>>,
    /// Extra CA certificates to trust, PEM files (read when the client is built).
    pub ca_certificate_files: Option<Either<String, Vec<String>>>,
    /// Fleet mode: a Redis URL (`redis://:password@host:6379/0`, `rediss://`
    /// for TLS; the password never shown). Every process of the app using it
    /// shares one rate budget and one app token; Redis failing never fails a
    /// call (local pacing and token meanwhile, one warning).
    pub shared_store: Option<String>,
    /// Called with a `ClientEvent` for each HTTP attempt and each call, on
    /// the JS thread (queued: it never slows the calls down).
    #[napi(ts_type = "(event: ClientEvent) => void")]
    pub on_event: Option<FunctionRef<crate::events::ClientEvent, ()>>,
}

fn list(v: Option<Either<String, Vec<String>>>) -> Vec<String> {
    match v {
        None => Vec::new(),
        Some(Either::A(s)) => vec![s],
        Some(Either::B(v)) => v,
    }
}

/// Builds a core client from options: the core checks them, applies its
/// defaults and names a setting that breaks its rule.
pub(crate) fn build(env: &Env, o: ClientOptions) -> core::Result<core::Client> {
    let events = match &o.on_event {
        Some(f) => Some(
            crate::events::hook(env, f)
                .map_err(|e| core::Error::invalid_setting("on_event", e.reason))?,
        ),
        None => None,
    };
    let region = match o.region.as_deref() {
        None => None,
        Some("domestic1") => Some(core::Region::Domestic1),
        Some("domestic2") => Some(core::Region::Domestic2),
        Some("singapore1") => Some(core::Region::Singapore1),
        Some(r) => {
            return Err(core::Error::invalid_setting(
                "region",
                format_args!("must be 'domestic1', 'domestic2' or 'singapore1', not {r:?}"),
            ))
        }
    };
    core::Settings {
        base_url: o.base_url,
        region,
        app_key: o.app_key,
        org: o.org,
        app: o.app,
        client_id: o.client_id,
        client_secret: o.client_secret.map(Into::into),
        token: o.token.map(Into::into),
        app_id: o.app_id,
        app_certificate: o.app_certificate.map(Into::into),
        app_token_ttl: o.app_token_ttl,
        connect_timeout: o.connect_timeout,
        request_timeout: o.request_timeout,
        attempt_timeout: o.attempt_timeout,
        max_attempts: o.max_attempts,
        retry_base_delay: o.retry_base_delay,
        retry_max_delay: o.retry_max_delay,
        retry_max_elapsed: o.retry_max_elapsed,
        token_refresh_margin: o.token_refresh_margin,
        min_token_interval: o.min_token_interval,
        user_agent: o.user_agent,
        rate_limits: o.rate_limits,
        rate_limit_scale: o.rate_limit_scale,
        batch_concurrency: o.batch_concurrency,
        proxy: o.proxy.map(Into::into),
        proxy_username: o.proxy_username.map(Into::into),
        proxy_password: o.proxy_password.map(Into::into),
        no_proxy: list(o.no_proxy),
        proxy_from_env: o.proxy_from_env,
        proxy_config: None,
        ca_certificates: list(o.ca_certificates),
        ca_certificate_files: list(o.ca_certificate_files)
            .into_iter()
            .map(Into::into)
            .collect(),
        shared_store: o.shared_store.map(core::StoreUrl::new),
    }
    .builder(
        core::TimeUnit::Milliseconds,
        concat!("chat-platform-node/", env!("CARGO_PKG_VERSION")),
    )?
    .event_hook(events)
    .build()
}

/// The JavaScript type an option takes.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Str,
    Num,
    Bool,
    /// A string or an array of strings.
    Strs,
    /// A function.
    Func,
}

/// Every option of `ClientOptions`, as JavaScript spells it, and its type.
const OPTIONS: &[(&str, Kind)] = &[
    ("baseUrl", Kind::Str),
    ("sharedStore", Kind::Str),
    ("region", Kind::Str),
    ("appKey", Kind::Str),
    ("org", Kind::Str),
    ("app", Kind::Str),
    ("clientId", Kind::Str),
    ("clientSecret", Kind::Str),
    ("token", Kind::Str),
    ("appId", Kind::Str),
    ("appCertificate", Kind::Str),
    ("appTokenTtl", Kind::Num),
    ("connectTimeout", Kind::Num),
    ("requestTimeout", Kind::Num),
    ("attemptTimeout", Kind::Num),
    ("maxAttempts", Kind::Num),
    ("retryBaseDelay", Kind::Num),
    ("retryMaxDelay", Kind::Num),
    ("retryMaxElapsed", Kind::Num),
    ("tokenRefreshMargin", Kind::Num),
    ("minTokenInterval", Kind::Num),
    ("userAgent", Kind::Str),
    ("rateLimits", Kind::Bool),
    ("rateLimitScale", Kind::Num),
    ("batchConcurrency", Kind::Num),
    ("proxy", Kind::Str),
    ("proxyUsername", Kind::Str),
    ("proxyPassword", Kind::Str),
    ("noProxy", Kind::Strs),
    ("proxyFromEnv", Kind::Bool),
    ("caCertificates", Kind::Strs),
    ("caCertificateFiles", Kind::Strs),
    ("onEvent", Kind::Func),
];

/// `snake_case` → `camelCase`.
fn camel(s: &str) -> String {
    core::camel_case(s)
}

/// The option a misspelled key most likely meant (one or two letters off,
/// or the same ignoring case).
pub(crate) fn near(key: &str, known: &[&str]) -> Option<String> {
    let lower = key.to_ascii_lowercase();
    known
        .iter()
        .find(|k| k.to_ascii_lowercase() == lower || edits(&lower, &k.to_ascii_lowercase()) <= 2)
        .map(|k| (*k).to_owned())
}

/// Levenshtein distance (short strings only).
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != b[j]))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn type_name(v: &Unknown<'_>) -> String {
    crate::args::type_of(v)
}

/// Checks an options object against `known`: present, an object, no
/// unknown key (a snake_case one is named with its camelCase spelling), each
/// value of its option's type (`undefined` and `null` count as absent).
pub(crate) fn check_object<'a>(
    what: &str,
    v: Unknown<'a>,
    known: &[(&str, Kind)],
    example: &str,
) -> core::Result<Option<Object<'a>>> {
    let kind = v.get_type().unwrap_or(ValueType::Unknown);
    if matches!(kind, ValueType::Undefined | ValueType::Null) {
        return Ok(None);
    }
    if kind != ValueType::Object || v.is_array().unwrap_or(false) {
        return Err(core::Error::invalid_setting(
            "options",
            format_args!(
                "of {what} must be an object {example}, not {}",
                type_name(&v)
            ),
        ));
    }
    let obj = unsafe { v.cast::<Object>() }
        .map_err(|e| core::Error::invalid_setting("options", e.reason))?;
    let keys = Object::keys(&obj).map_err(|e| core::Error::invalid_setting("options", e.reason))?;
    let names: Vec<&str> = known.iter().map(|(k, _)| *k).collect();
    for key in keys {
        let Some((_, kind)) = known.iter().find(|(k, _)| *k == key) else {
            let camel_key = camel(&key);
            let hint = if key.contains('_') && names.contains(&camel_key.as_str()) {
                format!("options are camelCase in JavaScript: '{camel_key}'")
            } else if let Some(k) = near(&key, &names) {
                format!("did you mean '{k}'?")
            } else {
                format!("the options are {}", names.join(", "))
            };
            return Err(core::Error::setting_error(
                &key,
                format!("'{key}' is not an option of {what} ({hint}); nothing was set"),
            ));
        };
        let value: Unknown = obj
            .get_named_property(&key)
            .map_err(|e| core::Error::invalid_setting(&key, e.reason))?;
        let t = value.get_type().unwrap_or(ValueType::Unknown);
        let ok = match (kind, t) {
            (_, ValueType::Undefined | ValueType::Null) => true,
            (Kind::Str, ValueType::String) => true,
            (Kind::Num, ValueType::Number) => true,
            (Kind::Bool, ValueType::Boolean) => true,
            (Kind::Strs, ValueType::String) => true,
            (Kind::Strs, ValueType::Object) => is_string_array(&value),
            (Kind::Func, ValueType::Function) => true,
            _ => false,
        };
        if !ok {
            let expected = match kind {
                Kind::Str => "a string",
                Kind::Num => "a number",
                Kind::Bool => "a boolean",
                Kind::Strs => "a string or an array of strings",
                Kind::Func => "a function",
            };
            return Err(core::Error::invalid_setting(
                &key,
                format_args!("of {what} must be {expected}, not {}", type_name(&value)),
            ));
        }
    }
    Ok(Some(obj))
}

fn is_string_array(v: &Unknown<'_>) -> bool {
    if !v.is_array().unwrap_or(false) {
        return false;
    }
    let Ok(arr) = (unsafe { v.cast::<Array>() }) else {
        return false;
    };
    (0..arr.len()).all(|i| {
        arr.get::<Unknown>(i)
            .ok()
            .flatten()
            .is_some_and(|x| x.get_type().ok() == Some(ValueType::String))
    })
}

/// The options of `new Client(options)` (or `emulator.client(options)`,
/// where they are optional), checked.
pub(crate) fn client_options(env: &Env, what: &str, v: Unknown<'_>) -> core::Result<ClientOptions> {
    let _ = env;
    let example = "{ baseUrl, appKey, clientId, clientSecret }";
    match check_object(what, v, OPTIONS, example)? {
        Some(obj) => unsafe { obj.to_unknown().cast::<ClientOptions>() }
            .map_err(|e| core::Error::invalid_setting("options", e.reason)),
        None if what == "new Client" => Err(core::Error::invalid_setting(
            "options",
            format_args!("are needed: new Client({example}), or `region` instead of `baseUrl`"),
        )),
        None => Ok(ClientOptions::default()),
    }
}

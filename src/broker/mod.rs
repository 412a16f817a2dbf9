//! Everything that speaks Kafka, through rdkafka (librdkafka 2.12, built statically).
//!
//! Why one room: client configuration, error translation and the embedded broker are easy to
//! get subtly wrong (a secret in an error, a 60-second hang on a dead address); keeping rdkafka
//! behind this door means the rest of evctl sees plain types and errors it can match on.

pub mod admin;
pub mod consumer;
pub mod embedded;
pub mod groups;
pub mod producer;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rdkafka::client::{Client, ClientContext};
use rdkafka::config::{ClientConfig, RDKafkaLogLevel};
use rdkafka::consumer::ConsumerContext;
use rdkafka::error::KafkaError;
use rdkafka::message::DeliveryResult;
use rdkafka::metadata::Metadata;
use rdkafka::producer::ProducerContext;
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::Message;
use rdkafka_sys as rdsys;

use crate::domain::connection::{redacted, Connection};
pub use crate::domain::offsets::OffsetReset;

/// Errors callers can match on; `commands` adds context, `main` prints them.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    #[error("cannot reach broker {brokers}: {reason}")]
    Unreachable { brokers: String, reason: String },
    #[error("invalid client property {property}: {reason}")]
    Property { property: String, reason: String },
    #[error("topic '{topic}' already exists on {brokers}")]
    TopicExists { topic: String, brokers: String },
    #[error("topic '{topic}' does not exist on {brokers}")]
    TopicNotFound { topic: String, brokers: String },
    #[error("{what} is not supported by {brokers}{hint}")]
    Unsupported {
        what: String,
        brokers: String,
        hint: String,
    },
    #[error("{context}: {source}")]
    Kafka {
        context: String,
        #[source]
        source: KafkaError,
    },
    #[error("embedded broker: {0}")]
    Embedded(String),
    /// The read cannot go on as configured (an answer larger than the client accepts).
    #[error("reading from {brokers}: {reason}")]
    Unreadable { brokers: String, reason: String },
    /// librdkafka refused to queue one record (too large, unknown partition, ...).
    #[error("line {line}: producing to '{topic}': {reason}")]
    Record {
        line: usize,
        topic: String,
        reason: String,
    },
    /// A transactional call failed; `failure` says what the caller may do next.
    #[error("{context}: {reason}")]
    Transaction {
        context: String,
        reason: String,
        failure: TxnFailure,
    },
}

/// What a failed transactional call allows (librdkafka's classification).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxnFailure {
    /// Call it again.
    Retriable,
    /// Abort the transaction, rewind the inputs, go on.
    Abortable,
    /// The producer is unusable (fenced, refused by the broker, ...).
    Fatal,
}

impl BrokerError {
    /// Classifies a transactional call's error as librdkafka does.
    pub fn transaction(context: impl Into<String>, source: KafkaError) -> Self {
        let (failure, reason) = match &source {
            KafkaError::Transaction(e) if e.is_fatal() => (TxnFailure::Fatal, e.to_string()),
            KafkaError::Transaction(e) if e.txn_requires_abort() => {
                (TxnFailure::Abortable, e.to_string())
            }
            KafkaError::Transaction(e) if e.is_retriable() => {
                (TxnFailure::Retriable, e.to_string())
            }
            other => (TxnFailure::Fatal, other.to_string()),
        };
        Self::Transaction {
            context: context.into(),
            reason,
            failure,
        }
    }

    pub fn kafka(context: impl Into<String>, source: KafkaError) -> Self {
        Self::Kafka {
            context: context.into(),
            source,
        }
    }
}

/// How long we wait for a first answer from a cluster before calling it unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(8);

/// Shared state behind every client's callbacks: transport failures (to fail fast with the
/// real reason) and delivery reports (to count, never to drop).
#[derive(Default)]
pub struct Shared {
    transport_failed: AtomicBool,
    last_problem: Mutex<Option<String>>,
    pub delivered: AtomicU64,
    pub delivered_bytes: AtomicU64,
    pub failed: AtomicU64,
    /// (input line, reason) of the first failed delivery.
    pub first_failure: Mutex<Option<(usize, String)>>,
    /// The input line of every failed delivery, in report order (each is reported, none
    /// dropped: a user can re-send exactly those).
    pub failed_lines: Mutex<Vec<usize>>,
    /// Partitions whose read position the broker no longer had (retention deleted it), as
    /// librdkafka reported them: taken by the reader and said to the user.
    resets: Mutex<Vec<OffsetReset>>,
    /// Why reads cannot go on (librdkafka would reconnect and retry forever).
    unreadable: Mutex<Option<String>>,
    log: ClientLog,
}

/// librdkafka's "Receive failed: Invalid response size 900149 (0..2000): increase
/// receive.message.max.bytes" as our sentence with the fix; None for any other line. The
/// broker sends the same answer again on every retry, so this never heals by waiting.
fn frame_too_large(msg: &str) -> Option<String> {
    let rest = msg.split_once("Invalid response size ")?.1;
    if !rest.contains("receive.message.max.bytes") {
        return None;
    }
    let size = rest.split(' ').next()?;
    let limit = rest
        .split_once("..")
        .and_then(|(_, r)| r.split(')').next())
        .unwrap_or("?");
    Some(format!(
        "the broker answered with {size} bytes, more than receive.message.max.bytes ({limit}); raise it with -X receive.message.max.bytes=N (above the largest record batch, and at least fetch.max.bytes + 512)"
    ))
}

/// Parses librdkafka's warning "T [P]: offset reset (at offset N (leader epoch E), broker B)
/// to offset BEGINNING: fetch failed due to requested offset not available on the broker:
/// Broker: Offset out of range".
fn parse_offset_reset(msg: &str) -> Option<OffsetReset> {
    // lines from the log queue begin with the thread: "[thrd:main]: "
    let msg = match msg.strip_prefix("[thrd:") {
        Some(rest) => rest.split_once("]: ")?.1,
        None => msg,
    };
    let (head, rest) = msg.split_once("]: offset reset (at ")?;
    let (topic, partition) = head.rsplit_once(" [")?;
    let at = rest
        .strip_prefix("offset ")
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok());
    let to = rest.split_once(") to ")?.1.split(':').next()?;
    Some(OffsetReset {
        topic: topic.to_string(),
        partition: partition.parse().ok()?,
        at,
        to_end: to.contains("END") && !to.contains("BEGINNING"),
    })
}

impl Shared {
    fn note_problem(&self, msg: &str) {
        if let Ok(mut p) = self.last_problem.lock() {
            *p = Some(msg.to_string());
        }
    }

    fn note_unreadable(&self, msg: &str) {
        if let (Some(why), Ok(mut u)) = (frame_too_large(msg), self.unreadable.lock()) {
            u.get_or_insert(why);
        }
    }

    /// Why reads cannot go on, once librdkafka said so (see [`frame_too_large`]).
    pub fn unreadable(&self) -> Option<String> {
        self.unreadable.lock().ok().and_then(|u| u.clone())
    }

    pub fn last_problem(&self) -> Option<String> {
        self.last_problem.lock().ok().and_then(|p| p.clone())
    }

    /// The read positions lost since the last call (see [`OffsetReset`]).
    pub fn take_resets(&self) -> Vec<OffsetReset> {
        self.resets
            .lock()
            .map(|mut r| std::mem::take(&mut *r))
            .unwrap_or_default()
    }
}

/// The one rdkafka context evctl uses for consumers, producers and admin clients.
#[derive(Clone, Default)]
pub struct EvContext {
    pub shared: Arc<Shared>,
}

fn is_transport_failure(fac: &str, msg: &str) -> bool {
    fac == "FAIL"
        || msg.contains("Connection refused")
        || msg.contains("Failed to resolve")
        || msg.contains("SSL handshake failed")
        || msg.contains("Authentication failed")
        || msg.contains("brokers are down")
}

impl ClientContext for EvContext {
    fn log(&self, level: RDKafkaLogLevel, fac: &str, msg: &str) {
        if is_transport_failure(fac, msg) {
            self.shared.transport_failed.store(true, Ordering::Relaxed);
            self.shared.note_problem(msg);
            self.shared.note_unreadable(msg);
        }
        // (the same text at debug level is a planned reset, nothing lost)
        let warning = level as i32 <= RDKafkaLogLevel::Warning as i32;
        if warning && fac == "OFFSET" {
            if let (Some(r), Ok(mut all)) = (parse_offset_reset(msg), self.shared.resets.lock()) {
                all.push(r);
            }
        }
        if let Some(log) = &self.shared.log {
            log(&format!("librdkafka {level:?} {fac}: {msg}"));
        }
    }

    fn error(&self, error: KafkaError, reason: &str) {
        if is_transport_failure("", reason) {
            self.shared.transport_failed.store(true, Ordering::Relaxed);
        }
        self.shared.note_problem(reason);
        self.shared.note_unreadable(reason);
        if let Some(log) = &self.shared.log {
            log(&format!("librdkafka error: {error}: {reason}"));
        }
    }
}

impl ConsumerContext for EvContext {}

impl ProducerContext for EvContext {
    /// The input line number, so a failed delivery can be reported against its input.
    type DeliveryOpaque = usize;

    fn delivery(&self, result: &DeliveryResult<'_>, line: usize) {
        match result {
            Ok(m) => {
                self.shared.delivered.fetch_add(1, Ordering::Relaxed);
                let n = m.payload_len() + m.key().map_or(0, <[u8]>::len);
                self.shared
                    .delivered_bytes
                    .fetch_add(n as u64, Ordering::Relaxed);
            }
            Err((e, m)) => {
                self.shared.failed.fetch_add(1, Ordering::Relaxed);
                if let Ok(mut f) = self.shared.first_failure.lock() {
                    if f.is_none() {
                        let size = m.payload_len() + m.key().map_or(0, <[u8]>::len);
                        *f = Some((line, failure_reason(e, size)));
                    }
                }
                if let Ok(mut lines) = self.shared.failed_lines.lock() {
                    lines.push(line);
                }
            }
        }
    }
}

/// Why a record was not produced, with its size and the fix when it was too large for the
/// client's `message.max.bytes` or the broker's `max.message.bytes`.
pub(crate) fn failure_reason(e: &KafkaError, size: usize) -> String {
    if e.rdkafka_error_code() == Some(RDKafkaErrorCode::MessageSizeTooLarge) {
        format!(
            "the record is {size} bytes (key and value), more than the limit ({e}); raise the client's with -X message.max.bytes=N and the topic's max.message.bytes, or send smaller records"
        )
    } else if e.rdkafka_error_code() == Some(RDKafkaErrorCode::MessageTimedOut) {
        format!(
            "{e}: no broker acknowledged it within message.timeout.ms (librdkafka's default is 300000; set it with -X message.timeout.ms=N); re-send these lines when the cluster is back"
        )
    } else {
        e.to_string()
    }
}

/// Where a client's debug lines go (`-v`): the caller's reporter, as a plain function because
/// this room does not print. None: quiet clients, librdkafka logs warnings only to us.
pub type ClientLog = Option<Arc<dyn Fn(&str) + Send + Sync>>;

/// Builds a client configuration; secrets stay inside it and only redacted forms are logged.
pub fn client_config(conn: &Connection, log: &ClientLog) -> ClientConfig {
    let mut cfg = ClientConfig::new();
    cfg.set("bootstrap.servers", &conn.brokers);
    cfg.set("client.id", "evctl");
    // fail metadata requests quickly instead of retrying for a minute
    cfg.set("socket.connection.setup.timeout.ms", "5000");
    // librdkafka connects to a broker it has just learnt (the partition leaders, the
    // idempotent producer's id, the group coordinator) at most once per
    // reconnect.backoff.ms / 2 (min 11 ms): its default 100 ms made every command wait
    // ~45 ms for its second connection. The back-off still doubles per failure up to
    // reconnect.backoff.max.ms (10 s), so a down broker is not hammered.
    cfg.set("reconnect.backoff.ms", "20");
    for (k, v) in &conn.properties {
        cfg.set(k, v);
    }
    cfg.set_log_level(if log.is_some() {
        RDKafkaLogLevel::Debug
    } else {
        RDKafkaLogLevel::Warning
    });
    cfg
}

/// With `-v`: the properties a client is made with, as it will hold them (secrets redacted),
/// the user's apart from evctl's own defaults, and how to get librdkafka's debug log.
pub(crate) fn show_properties(role: &str, cfg: &ClientConfig, conn: &Connection, log: &ClientLog) {
    let Some(log) = log else { return };
    let mut all: Vec<(&str, &str)> = cfg.config_map().iter().map(|(k, v)| (*k, *v)).collect();
    all.sort();
    // the brokers and a group come from the user's -b/--context and -g
    let by_user = |k: &str, v: &str| {
        k == "bootstrap.servers"
            || (k == "group.id" && v != "evctl")
            || (conn.has_property(k) && !conn.defaults.iter().any(|d| d == k))
    };
    let list = |user: bool| -> String {
        all.iter()
            .filter(|(k, v)| by_user(k, v) == user)
            .map(|(k, v)| redacted(k, v))
            .collect::<Vec<_>>()
            .join(" ")
    };
    log(&format!("evctl: {role} properties: {}", list(true)));
    log(&format!(
        "evctl: {role} properties (evctl's defaults): {}",
        list(false)
    ));
    if !conn.has_property("debug") {
        log("evctl: librdkafka's debug log: add -X debug=broker,topic,msg (or -X debug=all) with -v");
    }
}

pub fn new_context(log: &ClientLog) -> EvContext {
    EvContext {
        shared: Arc::new(Shared {
            log: log.clone(),
            ..Shared::default()
        }),
    }
}

/// Turns rdkafka's client-creation errors into a message that names the property but never
/// echoes its value (it may be a password).
pub fn creation_error(e: KafkaError) -> BrokerError {
    match e {
        KafkaError::ClientConfig(_, desc, key, _value) => BrokerError::Property {
            property: key,
            reason: desc,
        },
        KafkaError::ClientCreation(desc) => BrokerError::Property {
            property: "(client)".into(),
            reason: desc,
        },
        other => BrokerError::kafka("creating the Kafka client", other),
    }
}

/// Fetches metadata (all topics, or one), failing fast and by name when the cluster cannot be
/// reached: a refused connection is reported in about a second, a silent one after
/// [`CONNECT_TIMEOUT`].
///
/// `serve` polls the client's queue so that librdkafka's log and error events (which carry the
/// reason, e.g. "Connection refused") reach [`EvContext`] while we wait.
pub fn fetch_metadata<C: ClientContext>(
    client: &Client<C>,
    shared: &Shared,
    brokers: &str,
    topic: Option<&str>,
    serve: &dyn Fn(),
) -> Result<Metadata, BrokerError> {
    let start = Instant::now();
    loop {
        serve();
        match client.fetch_metadata(topic, Duration::from_millis(250)) {
            Ok(md) if !md.brokers().is_empty() => return Ok(md),
            Ok(_) => {}
            Err(KafkaError::MetadataFetch(code))
                if !matches!(
                    code,
                    rdkafka::types::RDKafkaErrorCode::OperationTimedOut
                        | rdkafka::types::RDKafkaErrorCode::BrokerTransportFailure
                        | rdkafka::types::RDKafkaErrorCode::AllBrokersDown
                ) =>
            {
                return Err(BrokerError::kafka(
                    format!("reading metadata from {brokers}"),
                    KafkaError::MetadataFetch(code),
                ))
            }
            Err(_) => {}
        }
        serve();
        let elapsed = start.elapsed();
        let failed = shared.transport_failed.load(Ordering::Relaxed);
        // an answer above receive.message.max.bytes comes again on every retry: say the fix
        // now (a metadata answer grows with the cluster's topics, so it may be the first)
        let unreadable = shared.unreadable();
        if unreadable.is_some()
            || (failed && elapsed > Duration::from_millis(1500))
            || elapsed > CONNECT_TIMEOUT
        {
            let reason = unreadable
                .or_else(|| shared.last_problem())
                .unwrap_or_else(|| format!("no answer within {}s", CONNECT_TIMEOUT.as_secs()));
            let protocol = configured(client, "security.protocol").unwrap_or_default();
            return Err(BrokerError::Unreachable {
                brokers: brokers.to_string(),
                reason: with_hint(&tidy_reason(&reason), &protocol),
            });
        }
    }
}

/// (low, high) watermarks of one partition. A leader that is moving (an election, a broker
/// restarting) answers "not leader" for a moment: asked again every 100 ms until `timeout`,
/// so a read that starts during a leader change does not fail for it.
pub(crate) fn watermarks_of<C: ConsumerContext>(
    consumer: &rdkafka::consumer::BaseConsumer<C>,
    topic: &str,
    partition: i32,
    timeout: Duration,
) -> Result<(i64, i64), BrokerError> {
    use rdkafka::consumer::Consumer as _;
    let deadline = Instant::now() + timeout;
    loop {
        match consumer.fetch_watermarks(topic, partition, timeout) {
            Ok(w) => return Ok(w),
            Err(e) if is_leader_moving(&e) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => {
                return Err(BrokerError::kafka(
                    format!("reading the offsets of {topic}/{partition}"),
                    e,
                ))
            }
        }
    }
}

/// Errors that say a partition's leader is changing, not that something is wrong.
fn is_leader_moving(e: &KafkaError) -> bool {
    matches!(
        e.rdkafka_error_code(),
        Some(
            RDKafkaErrorCode::NotLeaderForPartition
                | RDKafkaErrorCode::LeaderNotAvailable
                | RDKafkaErrorCode::BrokerNotAvailable
                | RDKafkaErrorCode::FencedLeaderEpoch
                | RDKafkaErrorCode::UnknownLeaderEpoch
        )
    )
}

/// A client property as librdkafka holds it (defaults included).
fn configured<C: ClientContext>(client: &Client<C>, name: &str) -> Option<String> {
    let name = std::ffi::CString::new(name).ok()?;
    let mut buf = vec![0u8; 256];
    let mut size = buf.len();
    // SAFETY: the client is live; rd_kafka_conf returns its configuration (not to be freed);
    // conf_get writes at most `size` bytes, NUL included, and sets `size` to what it needed.
    let rc = unsafe {
        let conf = rdkafka_sys::rd_kafka_conf(client.native_ptr());
        rdkafka_sys::rd_kafka_conf_get(conf, name.as_ptr(), buf.as_mut_ptr().cast(), &mut size)
    };
    if rc != rdkafka_sys::rd_kafka_conf_res_t::RD_KAFKA_CONF_OK || size == 0 || size > buf.len() {
        return None;
    }
    buf.truncate(size - 1);
    String::from_utf8(buf).ok()
}

/// The likely fix for what a failed connection looked like: a TLS listener spoken to in
/// plaintext stays silent, one that wants SASL drops the connection.
fn with_hint(reason: &str, protocol: &str) -> String {
    let protocol = protocol.to_ascii_lowercase();
    let plain = protocol.is_empty() || protocol == "plaintext";
    let hint = if reason.starts_with("no answer within") && !protocol.contains("ssl") {
        Some("if the listener uses TLS, add -X security.protocol=ssl (or sasl_ssl)")
    } else if (reason.contains("connection reset by peer") || reason.contains("Broken pipe"))
        && plain
    {
        // (the listener drops a client that does not start with SASL: librdkafka sees a reset,
        // or a broken pipe when its next request was already on the way)
        Some("if the listener needs SASL, add -X security.protocol=sasl_plaintext (or sasl_ssl) with sasl.mechanism and sasl.username")
    } else if reason.contains("certificate verify failed")
        || reason.contains("certificate could not be verified")
    {
        // the TLS handshake itself worked: the listener is TLS, its certificate is the matter
        Some("trust the broker's CA with -X ssl.ca.location=FILE (PEM), or a context's properties")
    } else if reason.contains("in state SSL_HANDSHAKE") && protocol.contains("ssl") {
        // a plaintext listener answers a TLS hello by closing, sometimes before librdkafka
        // can say "wrong version number"
        Some("if the listener is PLAINTEXT, drop security.protocol=ssl (or use sasl_plaintext)")
    } else if reason.contains("authentication failed") || reason.contains("Authentication failed") {
        Some("check sasl.username and the password (--sasl-password-file, EVCTL_SASL_PASSWORD)")
    } else {
        None
    };
    match hint {
        Some(h) => format!("{reason}; {h}"),
        None => reason.to_string(),
    }
}

/// librdkafka's messages start with the broker's internal name; the user gave us the address.
fn tidy_reason(reason: &str) -> String {
    let r = reason.trim();
    let r = match r.find(": ") {
        Some(i) if r[..i].contains("/bootstrap") || r[..i].contains('#') => &r[i + 2..],
        _ => r,
    };
    r.to_string()
}

/// True when the cluster is librdkafka's mock (our embedded broker): used to explain the APIs
/// it lacks instead of waiting for them to time out.
pub fn is_mock_cluster<C: ClientContext>(client: &Client<C>) -> bool {
    // a client that has had a Metadata answer knows the id already: no request then
    let id = client.fetch_cluster_id(Duration::ZERO).or_else(|| {
        ask_cluster_metadata(client, Duration::from_secs(2));
        client.fetch_cluster_id(Duration::from_secs(2))
    });
    id.is_some_and(|id| id.starts_with("mockCluster"))
}

/// Sends a Metadata request for no topic (brokers and cluster id only) and waits for its
/// answer. The cluster id is only known after a first Metadata answer, which a new client
/// without topics does not ask for on its own until its 1 s timer: every probe waited ~1.1 s
/// (each group read's start, `simulate`'s five group starts on `dev up`).
fn ask_cluster_metadata<C: ClientContext>(client: &Client<C>, timeout: Duration) {
    let mut md: *const rdsys::rd_kafka_metadata_t = std::ptr::null();
    let ms = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: the handle is live; all_topics = 0 with no topic handle asks for the topics
    // this client knows (none here); the answer, when there is one, is freed once.
    unsafe {
        let err =
            rdsys::rd_kafka_metadata(client.native_ptr(), 0, std::ptr::null_mut(), &mut md, ms);
        if err == rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR && !md.is_null() {
            rdsys::rd_kafka_metadata_destroy(md);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_resets_are_read_from_librdkafkas_warning() {
        let r = parse_offset_reset(
            "orders [3]: offset reset (at offset 40000 (leader epoch -1), broker 1) to offset \
             BEGINNING: fetch failed due to requested offset not available on the broker: \
             Broker: Offset out of range",
        );
        assert_eq!(
            r,
            Some(OffsetReset {
                topic: "orders".into(),
                partition: 3,
                at: Some(40000),
                to_end: false,
            })
        );
        let cached = parse_offset_reset(
            "a [b] c [0]: offset reset (at offset 7, broker 2) to cached BEGINNING offset \
             offset 120 (leader epoch 0): fetch failed: Broker: Offset out of range",
        )
        .unwrap();
        assert_eq!((cached.topic.as_str(), cached.partition), ("a [b] c", 0));
        assert!(!cached.to_end);
        let end =
            parse_offset_reset("t [1]: offset reset (at offset 9, broker 1) to offset END: x");
        assert!(end.unwrap().to_end);
        let queued = parse_offset_reset(
            "[thrd:main]: ret [0]: offset reset (at offset 5, broker 1) to offset BEGINNING: x",
        )
        .unwrap();
        assert_eq!((queued.topic.as_str(), queued.at), ("ret", Some(5)));
        assert_eq!(parse_offset_reset("Fetch backoff for 100ms"), None);
        assert_eq!(
            parse_offset_reset("t [x]: offset reset (at offset 1) to END"),
            None
        );
    }

    #[test]
    fn an_answer_above_the_receive_limit_is_unreadable_with_the_fix() {
        let why = frame_too_large(
            "[thrd:app]: evctl#consumer-1: 127.0.0.1:19092/111: Receive failed: Invalid \
             response size 900149 (0..2000): increase receive.message.max.bytes (after 0ms in \
             state UP)",
        )
        .unwrap();
        assert!(
            why.starts_with("the broker answered with 900149 bytes"),
            "{why}"
        );
        assert!(why.contains("receive.message.max.bytes (2000)"), "{why}");
        assert!(why.contains("-X receive.message.max.bytes=N"), "{why}");
        assert_eq!(frame_too_large("Connect to ipv4#127.0.0.1:1 failed"), None);
        let shared = Shared::default();
        shared.note_unreadable(
            "Receive failed: Invalid response size 5 (0..1): increase receive.message.max.bytes",
        );
        shared.note_unreadable(
            "Receive failed: Invalid response size 7 (0..1): increase receive.message.max.bytes",
        );
        assert!(
            shared.unreadable().unwrap().contains(" 5 bytes"),
            "the first cause is kept"
        );
    }

    #[test]
    fn reasons_lose_the_internal_broker_name() {
        assert_eq!(
            tidy_reason(
                "127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused"
            ),
            "Connect to ipv4#127.0.0.1:1 failed: Connection refused"
        );
        assert_eq!(tidy_reason("plain"), "plain");
    }

    #[test]
    fn hints_name_the_likely_fix() {
        let reset = "Disconnected: connection reset by peer (after 0ms in state SSL_HANDSHAKE)";
        assert!(with_hint(reset, "ssl").contains("PLAINTEXT"));
        assert!(with_hint("no answer within 8s", "").contains("security.protocol=ssl"));
        assert!(with_hint("Disconnected: connection reset by peer", "").contains("SASL"));
        assert!(with_hint("Send failed: Broken pipe (after 0ms in state UP)", "").contains("SASL"));
        assert!(!with_hint("Send failed: Broken pipe", "sasl_plaintext").contains("add -X"));
        assert!(with_hint("SASL authentication failed", "sasl_plaintext").contains("password"));
        assert_eq!(with_hint("other", "ssl"), "other");
        // an untrusted certificate: a TLS listener, so no PLAINTEXT advice
        let untrusted = "SSL handshake failed: error:0A000086:SSL routines::certificate verify \
                         failed: broker certificate could not be verified, verify that \
                         ssl.ca.location is correctly configured (after 3ms in state SSL_HANDSHAKE)";
        let hinted = with_hint(untrusted, "ssl");
        assert!(hinted.contains("ssl.ca.location=FILE"), "{hinted}");
        assert!(!hinted.contains("PLAINTEXT"), "{hinted}");
    }
}

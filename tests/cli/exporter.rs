//! `evctl lag --serve` scraped by a real Prometheus (Debian's `prometheus`, started here on a
//! free port with a scrape config pointing at the exporter): the values read back through
//! Prometheus's HTTP API are the truth (a group 70 behind reads 70; seconds within a second of
//! the record's own age; a caught-up group reads 0 seconds), and `promtool check metrics`
//! passes on the exposition. `dlq list`'s pending counts and `--fail-above` beside it.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common;

use common::{free_port, unique, Daemon, KillOnDrop, Target};
use serde_json::Value;

/// A plain HTTP/1.0 GET of a loopback URL's body (no client library needed for two calls).
fn try_get(url: &str) -> Result<String, String> {
    let rest = url.strip_prefix("http://").ok_or("not an http URL")?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut s = TcpStream::connect(host).map_err(|e| format!("{url}: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    write!(s, "GET /{path} HTTP/1.0\r\nHost: {host}\r\n\r\n").map_err(|e| e.to_string())?;
    let mut raw = String::new();
    s.read_to_string(&mut raw).map_err(|e| e.to_string())?;
    let (head, body) = raw.split_once("\r\n\r\n").ok_or("not an HTTP answer")?;
    if !(head.starts_with("HTTP/1.") && head.contains(" 200 ")) {
        return Err(format!("{url}: {head}"));
    }
    Ok(body.to_string())
}

fn get(url: &str) -> String {
    try_get(url).unwrap_or_else(|e| panic!("{e}"))
}

/// Percent-encodes a PromQL query for a URL.
fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A Prometheus server scraping `target` (HOST:PORT) every 500 ms, in `dir`.
struct Prometheus {
    url: String,
    _child: KillOnDrop,
}

impl Prometheus {
    fn start(dir: &Path, target: &str) -> Self {
        let config = dir.join("prometheus.yml");
        std::fs::write(
            &config,
            format!(
                "global:\n  scrape_interval: 500ms\n  scrape_timeout: 400ms\nscrape_configs:\n  \
                 - job_name: evctl\n    static_configs:\n      - targets: ['{target}']\n"
            ),
        )
        .unwrap();
        let port = free_port();
        let child = Command::new("prometheus")
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Debian's prometheus (scripts/install-test-deps.sh installs it)");
        Self {
            url: format!("http://127.0.0.1:{port}"),
            _child: KillOnDrop::new(child),
        }
    }

    /// The value of an instant query once it has one (within 30 s): (sample time s, value).
    fn value(&self, query: &str, ok: impl Fn(f64) -> bool) -> (f64, f64) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut last = String::new();
        while Instant::now() < deadline {
            let url = format!("{}/api/v1/query?query={}", self.url, encode(query));
            if let Ok(body) = try_get(&url) {
                let v: Value = serde_json::from_str(&body).unwrap();
                if let Some(sample) = v["data"]["result"][0]["value"].as_array() {
                    let at = sample[0].as_f64().unwrap();
                    let value: f64 = sample[1].as_str().unwrap().parse().unwrap();
                    if ok(value) {
                        return (at, value);
                    }
                }
                last = body;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("{query}: no acceptable value within 30 s; last answer: {last}");
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn flow(t: &Target, topic: &str) {
    let (behind, caught) = (unique("g-behind"), unique("g-caught"));
    // written a minute ago (their own timestamps): the group is that far behind, no waiting
    let then = now_ms() - 60_000;
    let input: String = (0..100)
        .map(|i| {
            format!(
                "{{\"key\":\"k\",\"value\":\"v-{i}\",\"timestamp\":{}}}\n",
                then + i
            )
        })
        .collect();
    t.produce(topic, &input, &["--input", "envelope", "--keep-timestamp"]);
    for (group, n) in [(&behind, "30"), (&caught, "100")] {
        t.cmd()
            .args(["consume", topic, "-g", group, "-n", n, "-o", "raw", "-q"])
            .assert()
            .success();
    }
    let dlq = format!("{topic}.dlq");
    t.produce(&dlq, "a\nb\nc\n", &[]);
    let exporter = Daemon::start(&[
        "lag",
        &behind,
        &caught,
        "--serve",
        "127.0.0.1:0",
        "--interval",
        "500ms",
        "-o",
        "json",
        "-q",
        "-b",
        &t.brokers,
    ]);
    let metrics = exporter.get("metrics");
    // the exposition itself passes Prometheus's own linter
    let text = get(&metrics);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("metrics.txt");
    std::fs::write(&file, &text).unwrap();
    let lint = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::fs::File::open(&file).unwrap())
        .output()
        .expect("promtool (Debian's prometheus package)");
    assert!(lint.status.success(), "promtool: {lint:?}\n{text}");
    let target = metrics
        .trim_start_matches("http://")
        .trim_end_matches("/metrics");
    let prom = Prometheus::start(dir.path(), target);
    let (_, lag) = prom.value(
        &format!("kafka_consumergroup_group_sum_lag{{group=\"{behind}\"}}"),
        |_| true,
    );
    assert_eq!(lag, 70.0);
    let (_, lag) = prom.value(
        &format!("kafka_consumergroup_group_lag{{group=\"{behind}\",topic=\"{topic}\"}}"),
        |_| true,
    );
    assert_eq!(lag, 70.0);
    // seconds behind: the age of the first unconsumed record (offset 30) when sampled
    let first = t.consume_jsonl(&[topic, "--from", "30", "-n", "1"]);
    let ts = first[0]["timestamp"].as_i64().expect("a timestamp") as f64 / 1000.0;
    let (at, secs) = prom.value(
        &format!("kafka_consumer_lag_seconds{{group=\"{behind}\",topic=\"{topic}\"}}"),
        |_| true,
    );
    let age = at - ts;
    assert!(
        (secs - age).abs() <= 1.0,
        "lag seconds {secs}, the record's age {age}"
    );
    let (_, caught_up) = prom.value(
        &format!("kafka_consumergroup_group_max_lag_seconds{{group=\"{caught}\"}}"),
        |_| true,
    );
    assert_eq!(caught_up, 0.0);
    let (_, depth) = prom.value(&format!("evctl_dlq_depth{{topic=\"{dlq}\"}}"), |_| true);
    assert_eq!(depth, 3.0);
    let (_, up) = prom.value("evctl_lag_up", |_| true);
    assert_eq!(up, 1.0);
    assert!(
        exporter.stop().success(),
        "SIGTERM ends the exporter with 0"
    );
    dlq_alerts(t, &dlq);
}

/// `dlq list` counts what the replay group has not passed; `--fail-above` alerts on it.
fn dlq_alerts(t: &Target, dlq: &str) {
    let list = || -> Value {
        let out = t
            .cmd()
            .args(["dlq", "list", "-o", "json"])
            .output()
            .unwrap();
        let all: Value = serde_json::from_slice(&out.stdout).unwrap();
        all.as_array()
            .unwrap()
            .iter()
            .find(|d| d["topic"] == dlq)
            .cloned()
            .unwrap_or_else(|| panic!("{dlq} not listed: {all}"))
    };
    let d = list();
    assert_eq!(
        (&d["depth"], &d["pending"], &d["replayed"]),
        (&3.into(), &3.into(), &0.into()),
        "{d}"
    );
    // this test's DLQ only: on the shared real broker other tests' DLQs hold records too
    let only_ours = format!("^{}$", dlq.replace('.', "\\."));
    t.cmd()
        .args(["dlq", "list", "--fail-above", "2", "--pattern", &only_ours])
        .assert()
        .code(1);
    t.cmd()
        .args(["dlq", "replay", dlq, "-q"])
        .assert()
        .success();
    let d = list();
    assert_eq!(
        (&d["pending"], &d["replayed"]),
        (&0.into(), &3.into()),
        "{d}"
    );
    t.cmd()
        .args(["dlq", "list", "--fail-above", "0", "--pattern", &only_ours])
        .assert()
        .success();
}

#[test]
fn prometheus_scrapes_the_exporter_on_the_embedded_broker() {
    let topic = unique("exported");
    let t = Target::embedded(&[(&topic, 1), (&format!("{topic}.dlq"), 1)]);
    flow(&t, &topic);
    // it cannot list groups: every group is refused at once (not a warning every cycle)
    t.cmd()
        .args(["lag", "--serve", "127.0.0.1:0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "name the groups: evctl lag GROUP",
        ));
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn prometheus_scrapes_the_exporter_on_the_real_broker() {
    let topic = unique("exported");
    let t = Target::real(&[(&topic, 1), (&format!("{topic}.dlq"), 1)]);
    flow(&t, &topic);
}

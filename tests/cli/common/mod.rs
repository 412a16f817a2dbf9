//! Shared helpers for end-to-end tests: run the real binary against a broker.
//!
//! Every test gets its own broker: an embedded one (`evctl dev broker`, a child process that
//! is stopped on drop) or, for the real-broker suite, the one named by `EVCTL_TEST_BROKERS`
//! with uniquely named topics. The same flows run against both (see `flows`).
#![allow(dead_code)]

pub mod dlq;
pub mod flows;
pub mod pane;
pub mod tail;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_evctl")
}

/// `evctl` with a clean environment (no inherited broker/context/config).
pub fn evctl() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::new(bin());
    c.env_remove("EVCTL_BROKERS")
        .env_remove("EVCTL_CONTEXT")
        .env("EVCTL_CONFIG", "/nonexistent/evctl-test-config.toml")
        .timeout(Duration::from_secs(60));
    c
}

/// A std Command for evctl (for pipelines and long-running children).
pub fn evctl_std() -> Command {
    let mut c = Command::new(bin());
    c.env_remove("EVCTL_BROKERS")
        .env_remove("EVCTL_CONTEXT")
        .env("EVCTL_CONFIG", "/nonexistent/evctl-test-config.toml");
    c
}

/// A long-running evctl child (`dev broker`, `dev registry`, `dev up`, a simulation part) that
/// prints one JSON object when ready; killed on drop.
pub struct Daemon {
    child: Child,
    /// The first line it printed.
    pub info: serde_json::Value,
}

impl Daemon {
    pub fn start(args: &[&str]) -> Self {
        let mut child = evctl_std()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn evctl");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the first line");
        let info = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("evctl {args:?} printed {line:?}: {e}"));
        Self { child, info }
    }

    /// A text field of the first line.
    pub fn get(&self, key: &str) -> String {
        self.info[key]
            .as_str()
            .unwrap_or_else(|| panic!("no {key} in {}", self.info))
            .to_string()
    }

    /// Sends SIGTERM and returns the exit status (it must stop cleanly).
    pub fn stop(mut self) -> std::process::ExitStatus {
        unsafe_kill(self.child.id(), 15);
        wait_with_timeout(&mut self.child, Duration::from_secs(10)).expect("stops on SIGTERM")
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An `evctl dev broker` child process.
pub struct DevBroker {
    daemon: Daemon,
    pub bootstrap: String,
}

impl DevBroker {
    pub fn start(args: &[&str]) -> Self {
        let mut all = vec!["dev", "broker", "-o", "json", "--quiet"];
        all.extend_from_slice(args);
        let daemon = Daemon::start(&all);
        let bootstrap = daemon.get("bootstrap_servers");
        Self { daemon, bootstrap }
    }

    /// Sends SIGTERM and returns the exit status (the broker must stop cleanly).
    pub fn stop(self) -> std::process::ExitStatus {
        self.daemon.stop()
    }
}

pub fn unsafe_kill(pid: u32, sig: i32) {
    // The `kill` command keeps the tests free of unsafe code.
    let _ = Command::new("kill")
        .args([format!("-{sig}"), pid.to_string()])
        .status();
}

pub fn wait_with_timeout(child: &mut Child, t: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < t {
        if let Ok(Some(s)) = child.try_wait() {
            return Some(s);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// Waits for a child (killing it and failing the test after `within`); its exit code and
/// stderr.
pub fn finish(mut child: Child, within: Duration) -> (i32, String) {
    let Some(status) = wait_with_timeout(&mut child, within) else {
        // no orphan left reading from a broker that is gone
        let _ = child.kill();
        let _ = child.wait();
        panic!("evctl did not end within {within:?}");
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (status.code().unwrap_or(-1), err)
}

/// A child killed (and reaped) on drop, so a failed assertion leaves no process behind.
pub struct KillOnDrop(pub Option<Child>);

impl KillOnDrop {
    pub fn new(child: Child) -> Self {
        Self(Some(child))
    }

    /// The child, to wait for it (no longer killed on drop).
    pub fn take(&mut self) -> Child {
        self.0.take().expect("the child was taken already")
    }

    pub fn id(&self) -> u32 {
        self.0.as_ref().map_or(0, Child::id)
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Some(mut c) = self.0.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// The lines of a child's pipe, read on a thread as they come (so the pipe never fills):
/// a test waits for the line that says what it needs instead of sleeping.
pub struct Lines {
    rx: std::sync::mpsc::Receiver<String>,
    /// Every line received so far, for failure messages.
    pub seen: Vec<String>,
}

impl Lines {
    pub fn of(pipe: impl Read + Send + 'static) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        // reads to the end even when nobody listens any more: a pipe closed early would
        // end the child as a closed stderr does
        std::thread::spawn(move || {
            for l in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = tx.send(l);
            }
        });
        Self {
            rx,
            seen: Vec::new(),
        }
    }

    /// The next line, if one comes within `within`.
    pub fn next(&mut self, within: Duration) -> Option<String> {
        let l = self.rx.recv_timeout(within).ok()?;
        self.seen.push(l.clone());
        Some(l)
    }

    /// Waits for the first line that `want` accepts; fails the test naming what came
    /// instead after `within`.
    pub fn wait_for(&mut self, want: impl Fn(&str) -> bool, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.next(left) {
                Some(l) if want(&l) => return l,
                Some(_) => {}
                None => panic!(
                    "no awaited line within {within:?}; got:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }
}

/// Waits until process `pid`'s main thread is blocked writing to a full pipe (Linux's
/// /proc/PID/wchan names the kernel function it sleeps in): the observable moment a reader
/// that is not read from is held back.
pub fn wait_until_blocked_on_a_pipe(pid: u32, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        let wchan = std::fs::read_to_string(format!("/proc/{pid}/wchan")).unwrap_or_default();
        if wchan.contains("pipe") {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "process {pid} never blocked on its pipe (wchan {wchan:?})"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Where a flow runs: the embedded broker or a real one.
pub struct Target {
    pub brokers: String,
    pub real: bool,
    _dev: Option<DevBroker>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Asserts a finished evctl exited 0, showing its stderr when it did not.
pub fn assert_succeeded(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A loopback port nobody listens on right now (for a server a test starts).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A topic name unique to this process and call.
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

impl Target {
    /// An embedded broker with these topics (name, partitions) created up front.
    pub fn embedded(topics: &[(&str, i32)]) -> Self {
        Self::embedded_with(topics, &[])
    }

    /// The embedded broker with more `dev broker` flags (e.g. `--retention-bytes`).
    pub fn embedded_with(topics: &[(&str, i32)], extra: &[&str]) -> Self {
        let mut args: Vec<String> = extra.iter().map(|a| a.to_string()).collect();
        // the mock creates all --topic topics with one partition count; create the rest by
        // giving each its own count through separate flags is not possible, so use the max
        let max = topics.iter().map(|(_, p)| *p).max().unwrap_or(4);
        args.push("--partitions".into());
        args.push(max.to_string());
        for (t, _) in topics {
            args.push("--topic".into());
            args.push((*t).to_string());
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let dev = DevBroker::start(&refs);
        Self {
            brokers: dev.bootstrap.clone(),
            real: false,
            _dev: Some(dev),
        }
    }

    /// A broker someone else started (e.g. `simulate marketplace --keep-running`).
    pub fn at(brokers: &str) -> Self {
        Self {
            brokers: brokers.to_string(),
            real: false,
            _dev: None,
        }
    }

    /// The real broker from EVCTL_TEST_BROKERS, with these topics created (see
    /// [`needed_env`]: the tests that call it are ignored unless asked for).
    pub fn real(topics: &[(&str, i32)]) -> Self {
        let brokers = real_brokers();
        for (t, p) in topics {
            evctl()
                .args([
                    "topics",
                    "create",
                    t,
                    "-p",
                    &p.to_string(),
                    "-b",
                    &brokers,
                    "-q",
                ])
                .assert()
                .success();
        }
        Self {
            brokers,
            real: true,
            _dev: None,
        }
    }

    pub fn cmd(&self) -> assert_cmd::Command {
        let mut c = evctl();
        c.env("EVCTL_BROKERS", &self.brokers);
        c
    }

    pub fn std_cmd(&self) -> Command {
        let mut c = evctl_std();
        c.env("EVCTL_BROKERS", &self.brokers);
        c
    }

    /// Produces `input` (with extra args) and asserts success.
    pub fn produce(&self, topic: &str, input: &str, args: &[&str]) {
        self.cmd()
            .args(["produce", topic, "-q"])
            .args(args)
            .write_stdin(input.to_string())
            .assert()
            .success();
    }

    /// Consumes with args and returns stdout as parsed JSONL envelopes.
    /// Waits until `topic` holds at least `n` records (a bounded read each time): the
    /// observable moment a producer's records have arrived.
    pub fn wait_for_records(&self, topic: &str, n: usize, within: Duration) {
        let deadline = Instant::now() + within;
        loop {
            let have = self.consume_jsonl(&[topic]).len();
            if have >= n {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{topic} holds {have} records, not {n}, after {within:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn consume_jsonl(&self, args: &[&str]) -> Vec<serde_json::Value> {
        let out = self
            .cmd()
            .arg("consume")
            .args(args)
            .args(["-o", "jsonl"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out)
            .expect("utf8")
            .lines()
            .map(|l| serde_json::from_str(l).expect("envelope JSON"))
            .collect()
    }
}

pub fn values(envs: &[serde_json::Value]) -> Vec<String> {
    let mut v: Vec<String> = envs
        .iter()
        .map(|e| match &e["value"] {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    v.sort();
    v
}

/// What an `#[ignore = "needs …"]` test needs from the environment: a test that needs a real
/// broker (or a TLS/SASL one, or nisshi itself) is ignored by a plain `cargo test`; run with
/// `--include-ignored` (as `.ci/run` does) it must find what it needs, or fail naming it.
pub fn needed_env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: this test needs it (it is #[ignore]d unless asked for; .ci/run sets it)")
    })
}

/// The real broker's address (EVCTL_TEST_BROKERS).
pub fn real_brokers() -> String {
    needed_env("EVCTL_TEST_BROKERS")
}

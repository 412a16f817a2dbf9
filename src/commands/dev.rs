//! `evctl dev broker`: runs the embedded broker in the foreground until Ctrl-C/SIGTERM.

use std::io::Write;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context as _;

use super::{signals, Outcome};
use crate::broker::embedded::EmbeddedCluster;
use crate::cli::Globals;

#[derive(Debug)]
pub enum DevRequest {
    Broker {
        brokers: i32,
        partitions: i32,
        topics: Vec<String>,
        json: bool,
    },
    Registry {
        port: u16,
        json: bool,
    },
    Up {
        partitions: i32,
        topics: Vec<String>,
        json: bool,
        port: u16,
    },
}

pub fn run(g: Globals, r: DevRequest) -> anyhow::Result<Outcome> {
    let (brokers, partitions, topics, json) = match r {
        DevRequest::Broker {
            brokers,
            partitions,
            topics,
            json,
        } => (brokers, partitions, topics, json),
        DevRequest::Registry { port, json } => return run_registry(g, port, json),
        DevRequest::Up {
            partitions,
            topics,
            json,
            port,
        } => return run_up(g, partitions, topics, json, port),
    };
    let stop = signals::stop_flag()?;
    let cluster = EmbeddedCluster::start(brokers)?;
    for t in &topics {
        cluster.create_topic(t, partitions, brokers.min(3))?;
    }
    let bootstrap = cluster.bootstrap_servers();
    let mut out = std::io::stdout().lock();
    if json {
        let v = serde_json::json!({ "bootstrap_servers": bootstrap, "brokers": brokers, "topics": topics });
        writeln!(out, "{v}")
    } else {
        writeln!(out, "{bootstrap}")
    }
    .and_then(|()| out.flush())
    .context("writing the bootstrap address")?;
    drop(out);
    if !g.quiet {
        eprintln!(
            "evctl: embedded broker ready at {bootstrap} ({brokers} broker{}); Ctrl-C to stop",
            if brokers == 1 { "" } else { "s" }
        );
    }
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(cluster);
    if !g.quiet {
        eprintln!("evctl: embedded broker stopped");
    }
    Ok(Outcome::Success)
}

/// Serves the in-memory Schema Registry over HTTP on 127.0.0.1 until Ctrl-C/SIGTERM.
fn run_registry(g: Globals, port: u16, json: bool) -> anyhow::Result<Outcome> {
    let stop = signals::stop_flag()?;
    let (url, http) = spawn_registry(port, std::sync::Arc::clone(&stop), g.verbose)?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::json!({ "schema_registry": url }))
    } else {
        writeln!(out, "{url}")
    }
    .and_then(|()| out.flush())
    .context("writing the registry address")?;
    drop(out);
    if !g.quiet {
        eprintln!("evctl: schema registry ready at {url}; Ctrl-C to stop");
    }
    http.join()
        .map_err(|_| anyhow::anyhow!("the registry thread panicked"))??;
    if !g.quiet {
        eprintln!("evctl: schema registry stopped");
    }
    Ok(Outcome::Success)
}

/// Answers registry requests until `stop` is set.
fn serve_registry(
    server: &tiny_http::Server,
    stop: &std::sync::atomic::AtomicBool,
    verbose: bool,
) -> anyhow::Result<()> {
    use std::io::Read as _;
    let g = Globals {
        verbose,
        quiet: true,
    };
    let mut state = crate::codec::registry_server::RegistryState::default();
    let json_header = tiny_http::Header::from_bytes(
        &b"Content-Type"[..],
        &b"application/vnd.schemaregistry.v1+json"[..],
    )
    .map_err(|()| anyhow::anyhow!("building a header"))?;
    while !stop.load(Ordering::Relaxed) {
        let Ok(Some(mut req)) = server.recv_timeout(Duration::from_millis(100)) else {
            continue;
        };
        let mut body = Vec::new();
        // a body that cannot be read is answered as an empty (invalid) one
        let _ = req.as_reader().take(16 << 20).read_to_end(&mut body);
        let (path, query) = match req.url().split_once('?') {
            Some((p, q)) => (p.to_string(), q.to_string()),
            None => (req.url().to_string(), String::new()),
        };
        let (status, value) = state.handle(req.method().as_str(), &path, &query, &body);
        if g.verbose {
            eprintln!("evctl: registry {} {} -> {status}", req.method(), req.url());
        }
        let resp = tiny_http::Response::from_string(value.to_string())
            .with_status_code(status)
            .with_header(json_header.clone());
        // a client that went away is not our problem
        let _ = req.respond(resp);
    }
    Ok(())
}

/// Starts the in-memory registry on 127.0.0.1:`port` (0: any free port) on its own thread,
/// serving until `stop` is set; returns its URL.
pub(crate) fn spawn_registry(
    port: u16,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    verbose: bool,
) -> anyhow::Result<(String, std::thread::JoinHandle<anyhow::Result<()>>)> {
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = server
        .server_addr()
        .to_ip()
        .context("the registry's listening address")?;
    let http = std::thread::Builder::new()
        .name("registry".into())
        .spawn(move || serve_registry(&server, &stop, verbose))
        .context("starting the registry thread")?;
    Ok((format!("http://{addr}"), http))
}

/// `evctl dev up`: the embedded broker and the registry in one process.
fn run_up(
    g: Globals,
    partitions: i32,
    topics: Vec<String>,
    json: bool,
    port: u16,
) -> anyhow::Result<Outcome> {
    let stop = signals::stop_flag()?;
    let cluster = EmbeddedCluster::start(1)?;
    for t in &topics {
        cluster.create_topic(t, partitions, 1)?;
    }
    let (url, http) = spawn_registry(port, std::sync::Arc::clone(&stop), g.verbose)?;
    let bootstrap = cluster.bootstrap_servers();
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::json!({ "bootstrap_servers": bootstrap, "schema_registry": url, "topics": topics }))
    } else {
        writeln!(out, "EVCTL_BROKERS={bootstrap}\nEVCTL_SCHEMA_REGISTRY={url}")
    }
    .and_then(|()| out.flush())
    .context("writing the addresses")?;
    drop(out);
    if !g.quiet {
        eprintln!(
            "evctl: embedded broker at {bootstrap}, schema registry at {url}; Ctrl-C to stop"
        );
    }
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let served = http
        .join()
        .map_err(|_| anyhow::anyhow!("the registry thread panicked"))?;
    drop(cluster);
    served?;
    if !g.quiet {
        eprintln!("evctl: stopped");
    }
    Ok(Outcome::Success)
}

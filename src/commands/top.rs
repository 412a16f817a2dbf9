//! `evctl top`: the live dashboard. A collector thread samples the cluster every `--interval`
//! (group lag through the same `Sampler` and `domain::lag` rules as `evctl lag`, topic ends,
//! DLQ depths and their newest error) and a funnel thread follows the flow's topics; each
//! sample goes to the screen (`tui`) as one `Snapshot` over a channel. With `--simulate` the
//! marketplace runs in this process on the embedded broker and the dashboard watches it.
//!
//! Why threads and a channel (DESIGN §2, gitui/bottom): broker round trips never stall a key
//! press, and the screen is tested with snapshots alone.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context as _};

use super::Outcome;
use crate::broker::groups::Watermarks;
use crate::domain::connection::{Connection, ConnectionArgs};
use crate::domain::dashboard::{DlqDepth, Snapshot, TopicEnds};
use crate::domain::deadletter::provenance;
use crate::domain::envelope::RecordRef;
use crate::domain::filter::CORRELATION_HEADERS;
use crate::domain::funnel::{Funnel, FunnelSpec};
use crate::domain::lag::History;
use crate::domain::offsets::StartSpec;
use crate::domain::topics::dlq_origin;
use crate::output;
use crate::output::reporter::{Captured, Reporter, Verbosity};
use crate::output::{Out, ReportFormat};
use crate::scan::lag::Sampler;
use crate::scan::{Flow, ScanSpec, Scanner, Sink, TopicSelection};
use crate::session::{context, now_ms, signals};
use crate::simulate::model::events::Topic;
use crate::simulate::model::report::SimReport;
use crate::simulate::{self, Ended, LiveFn, Observer, SimulateRequest, Started};
use crate::tui;

#[derive(Debug)]
pub struct TopRequest {
    pub conn: ConnectionArgs,
    /// Groups to show where the broker cannot list them (the embedded one); added to the list
    /// elsewhere.
    pub groups: Vec<String>,
    pub interval: Duration,
    pub window: usize,
    pub stuck_after: Duration,
    /// `--funnel a,b,c`; None: the marketplace's topics when they exist.
    pub funnel: Option<Vec<String>>,
    /// Where the funnel starts reading.
    pub since: StartSpec,
    /// Run the marketplace here and watch it.
    pub simulate: Option<SimulateRequest>,
}

/// The marketplace as a funnel: created → paid → reserved → shipped, cancellations, and the
/// dead letters of any of its topics.
fn marketplace() -> FunnelSpec {
    let step = |label: &str, t: Topic| (label.to_string(), t.name().to_string());
    FunnelSpec {
        steps: vec![
            step("created", Topic::OrderCreated),
            step("paid", Topic::PaymentCompleted),
            step("reserved", Topic::InventoryReserved),
            step("shipped", Topic::OrderShipped),
        ],
        cancelled: Some(Topic::OrderCancelled.name().to_string()),
        also: [
            Topic::PaymentRequested,
            Topic::PaymentFailed,
            Topic::InventoryRejected,
        ]
        .iter()
        .map(|t| t.name().to_string())
        .collect(),
    }
}

/// Feeds the funnel from a follow scan: topic, order id (a correlation header, else the key)
/// and timestamp of each record; values are never decoded.
struct FunnelSink {
    funnel: Arc<Mutex<Funnel>>,
}

impl Sink for FunnelSink {
    fn record(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow> {
        let id = rec
            .headers
            .iter()
            .find(|(n, _)| {
                CORRELATION_HEADERS
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(n))
            })
            .and_then(|(_, v)| *v)
            .or(rec.key);
        let (Some(id), Ok(mut f)) = (id, self.funnel.lock()) else {
            return Ok(Flow::Continue);
        };
        if let Some(place) = f.spec().place(rec.topic) {
            f.observe(place, id, rec.timestamp.unwrap_or_else(now_ms));
        }
        Ok(Flow::Continue)
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        Ok(())
    }
}

/// The funnel's topics that exist: its steps, cancellation, other topics and their DLQs.
fn funnel_topics(spec: &FunnelSpec, existing: &[String]) -> Vec<String> {
    existing
        .iter()
        .filter(|t| spec.place(t).is_some() || spec.flow_topics().any(|f| f == t.as_str()))
        .cloned()
        .collect()
}

/// Starts the funnel thread when its flow exists: the spec asked for, or the marketplace's
/// when every one of its steps is a topic.
fn start_funnel(
    conn: &Connection,
    r: &TopRequest,
    existing: &[String],
    stop: &Arc<AtomicBool>,
    rep: &Reporter,
) -> anyhow::Result<Option<(SharedFunnel, Worker)>> {
    let spec = match &r.funnel {
        Some(topics) => {
            if let Some(t) = topics.iter().find(|t| !existing.contains(t)) {
                bail!("--funnel: topic '{t}' does not exist on {}", conn.brokers);
            }
            FunnelSpec::flow(topics)
        }
        None => {
            let m = marketplace();
            if !m.steps.iter().all(|(_, t)| existing.contains(t)) {
                return Ok(None);
            }
            m
        }
    };
    let scan = ScanSpec {
        route: None,
        topics: TopicSelection::Names(funnel_topics(&spec, existing)),
        from: r.since,
        until: None,
        group: None,
    };
    let funnel = Arc::new(Mutex::new(Funnel::new(spec)));
    let scanner = Scanner::open(conn, &scan, rep)?;
    let (stop, rep, shared) = (Arc::clone(stop), rep.clone(), Arc::clone(&funnel));
    let handle = std::thread::Builder::new()
        .name("funnel".into())
        .spawn(move || {
            let mut sink = FunnelSink { funnel: shared };
            // the screen shows the funnel as far as it got; a failure ends only the funnel
            let _ = scanner.run(&mut sink, &stop, &rep);
        })
        .context("starting the funnel")?;
    Ok(Some((funnel, handle)))
}

type SharedFunnel = Arc<Mutex<Funnel>>;
type Worker = std::thread::JoinHandle<()>;
/// The simulation thread: how it ended, and its report (none when it ended before it began).
type Simulation = std::thread::JoinHandle<anyhow::Result<(Ended, Option<SimReport>)>>;

/// The collector's state across samples.
struct Collector {
    sampler: Sampler,
    history: History,
    groups: Vec<String>,
    /// The broker lists groups (ListGroups); false on the embedded one.
    listing: bool,
    funnel: Option<SharedFunnel>,
    stuck_after_ms: i64,
    budget: Duration,
    source: String,
    /// Per DLQ: the end it had when its newest error was read, and that error.
    newest: HashMap<String, (i64, Option<String>, Option<i64>)>,
    notes: Vec<String>,
    /// The simulation's own counters, with `--simulate`.
    live: Option<LiveFn>,
    /// What the collector's and the funnel's clients said (notes, warnings): shown on the
    /// status line, never written over the screen.
    said: Captured,
}

impl Collector {
    fn sample(&mut self) -> anyhow::Result<Snapshot> {
        let marks = self.sampler.watermarks()?;
        let mut groups = if self.listing || !self.groups.is_empty() {
            let wanted = if self.listing {
                &[][..]
            } else {
                &self.groups[..]
            };
            self.sampler.sample(wanted, &marks, Some(self.budget))?
        } else {
            Vec::new()
        };
        if self.listing && !self.groups.is_empty() {
            groups.retain(|g| self.groups.contains(&g.name));
        }
        self.history
            .judge(groups.iter_mut().flat_map(|g| g.partitions.iter_mut()));
        let topics = topic_ends(&marks);
        let dlqs = self.dlqs(&marks)?;
        let at_ms = now_ms();
        let funnel = self
            .funnel
            .as_ref()
            .and_then(|f| f.lock().ok().map(|f| f.view(at_ms, self.stuck_after_ms)));
        Ok(Snapshot {
            at_ms,
            source: self.source.clone(),
            groups,
            topics,
            dlqs,
            funnel,
            counters: self.counters(),
            notes: self.notes(),
            error: None,
        })
    }

    /// What the simulation counted that no topic shows.
    fn counters(&self) -> Vec<(String, u64)> {
        let Some(live) = &self.live else {
            return Vec::new();
        };
        let m = live();
        let sum = |f: fn(&crate::simulate::model::report::ServiceStats) -> u64| {
            m.services.values().map(|(s, _)| f(s)).sum::<u64>()
        };
        let mut v = vec![
            ("orders sent".into(), m.orders_sent),
            ("retries".into(), sum(|s| s.retries)),
            ("duplicates".into(), sum(|s| s.duplicates)),
        ];
        if let Some(c) = &m.canary {
            v.push(("canary same".into(), c.agreed));
            v.push(("canary differ".into(), c.disagreed));
        }
        v
    }

    /// The fixed notes, then the latest line the clients said.
    fn notes(&self) -> Vec<String> {
        let said = self.said.text();
        let latest = said.lines().rev().find(|l| !l.trim().is_empty());
        self.notes
            .iter()
            .cloned()
            .chain(latest.map(|l| l.trim_start_matches("evctl: ").to_string()))
            .collect()
    }

    /// Each DLQ's depth, and the error its newest record carries (read again only when it grew).
    fn dlqs(&mut self, marks: &[Watermarks]) -> anyhow::Result<Vec<DlqDepth>> {
        let mut by_topic: HashMap<&str, Vec<(i32, i64, i64)>> = HashMap::new();
        for ((t, p), (low, high)) in marks {
            if dlq_origin(t).is_some() {
                by_topic.entry(t).or_default().push((*p, *low, *high));
            }
        }
        let mut out = Vec::new();
        for (name, parts) in by_topic {
            let depth: i64 = parts.iter().map(|(_, l, h)| h - l).sum();
            let end: i64 = parts.iter().map(|(_, _, h)| h).sum();
            let stale = self.newest.get(name).is_none_or(|(e, _, _)| *e != end);
            if stale {
                let last: Vec<_> = parts
                    .iter()
                    .filter(|(_, l, h)| h > l)
                    .map(|(p, _, h)| ((name.to_string(), *p), h - 1))
                    .collect();
                let mut newest: Option<(i64, Option<String>)> = None;
                self.sampler
                    .probe()
                    .records_at(&last, Duration::from_secs(2), |r| {
                        let ts = r.timestamp.unwrap_or(0);
                        if newest.as_ref().is_none_or(|(t, _)| ts >= *t) {
                            newest = Some((ts, provenance(r.headers).error));
                        }
                    })?;
                let (ts, err) = newest.map_or((None, None), |(t, e)| (Some(t), e));
                self.newest.insert(name.to_string(), (end, err, ts));
            }
            let (_, err, ts) = self.newest.get(name).cloned().unwrap_or_default();
            out.push(DlqDepth {
                name: name.to_string(),
                depth,
                newest_error: err,
                newest_ms: ts,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}

fn topic_ends(marks: &[Watermarks]) -> Vec<TopicEnds> {
    let mut by: Vec<TopicEnds> = Vec::new();
    for ((t, p), (low, high)) in marks {
        match by.iter_mut().find(|e| &e.name == t) {
            Some(e) => {
                e.partitions += 1;
                e.end += high;
                e.held += high - low;
                e.partition_ends.push((*p, *high));
            }
            None => by.push(TopicEnds {
                name: t.clone(),
                partitions: 1,
                end: *high,
                held: high - low,
                partition_ends: vec![(*p, *high)],
            }),
        }
    }
    by.sort_by(|a, b| a.name.cmp(&b.name));
    by
}

/// Samples every `interval` until the screen hangs up or `stop` is set.
fn collect(mut c: Collector, interval: Duration, tx: SyncSender<Snapshot>, stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::Relaxed) {
        let started = Instant::now();
        let snap = c.sample().unwrap_or_else(|e| Snapshot {
            at_ms: now_ms(),
            error: Some(format!("{e:#}")),
            ..Snapshot::default()
        });
        if tx.send(snap).is_err() {
            return;
        }
        while started.elapsed() < interval && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Connects, starts the funnel and the collector; the screen reads the returned channel.
fn start(
    conn: &Connection,
    r: &TopRequest,
    groups: Vec<String>,
    live: Option<LiveFn>,
    stop: &Arc<AtomicBool>,
    verbosity: Verbosity,
) -> anyhow::Result<(Receiver<Snapshot>, Vec<Worker>)> {
    let (quiet, said) = Reporter::capture(verbosity);
    let rep = &quiet;
    let mut sampler = Sampler::new(conn, rep)?;
    let listing = !sampler.is_mock();
    let mut notes = Vec::new();
    if !listing && groups.is_empty() {
        notes.push(
            "the embedded broker cannot list consumer groups: name them with --group".to_string(),
        );
    }
    // the answer is per partition, in no promised order
    let mut existing: Vec<String> = sampler
        .watermarks()?
        .into_iter()
        .map(|((t, _), _)| t)
        .collect();
    existing.sort();
    existing.dedup();
    let (funnel, funnel_thread) = match start_funnel(conn, r, &existing, stop, rep)? {
        Some((f, h)) => (Some(f), Some(h)),
        None => (None, None),
    };
    let c = Collector {
        sampler,
        history: History::new(r.window),
        groups,
        listing,
        funnel,
        stuck_after_ms: r.stuck_after.as_millis() as i64,
        budget: r.interval,
        source: conn.brokers.clone(),
        newest: HashMap::new(),
        notes,
        live,
        said,
    };
    // one snapshot in flight: a slow screen never queues stale numbers
    let (tx, rx) = sync_channel(1);
    let (interval, stop) = (r.interval, Arc::clone(stop));
    let collector = std::thread::Builder::new()
        .name("collector".into())
        .spawn(move || collect(c, interval, tx, stop))
        .context("starting the collector")?;
    Ok((
        rx,
        std::iter::once(collector).chain(funnel_thread).collect(),
    ))
}

/// The simulation thread, and what it said when it started.
fn start_simulation(
    sim: SimulateRequest,
    stop: &Arc<AtomicBool>,
) -> anyhow::Result<(Started, Simulation)> {
    let (tx, rx) = channel();
    let observer = Observer {
        started: tx,
        stop: Arc::clone(stop),
    };
    // its lines would tear the screen apart: it reports to a buffer
    let (rep, _said) = Reporter::capture(Verbosity::default());
    let handle = std::thread::Builder::new()
        .name("simulation".into())
        .spawn(move || {
            let mut report = None;
            let ended = simulate::run(&rep, sim, Some(observer), &mut |r| {
                report = Some(r.clone());
                Ok(())
            })?;
            Ok((ended, report))
        })
        .context("starting the simulation")?;
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(s) => Ok((s, handle)),
        Err(_) => {
            stop.store(true, Ordering::Relaxed);
            match handle.join() {
                Ok(Err(e)) => Err(e.context("the simulation did not start")),
                _ => Err(anyhow!("the simulation did not start within 60 s")),
            }
        }
    }
}

pub fn run(rep: &Reporter, out: &mut Out, mut r: TopRequest) -> anyhow::Result<Outcome> {
    if !out.is_terminal() {
        bail!("evctl top draws on a terminal and stdout is not one; for scripts use `evctl lag -o json`");
    }
    let stop = signals::stop_flag()?;
    let (conn, sim, live) = match r.simulate.take() {
        Some(sim) => {
            let (started, handle) = start_simulation(sim, &stop)?;
            r.groups.extend(started.groups);
            let conn = Connection {
                brokers: started.brokers,
                properties: Vec::new(),
                schema_registry: Some(started.registry),
                registry_ca_file: None,
                context: None,
                password_file: None,
                defaults: Vec::new(),
            };
            (conn, Some(handle), Some(started.live))
        }
        None => (context::connection(&r.conn)?, None, None),
    };
    let groups = std::mem::take(&mut r.groups);
    let shown = start(&conn, &r, groups, live, &stop, rep.verbosity()).and_then(|(rx, workers)| {
        let color = !crate::output::no_color();
        let view = tui::state::View::new(r.interval.as_millis() as u64);
        let screen = tui::terminal::run(&rx, &stop, tui::render::Theme { color }, view)
            .context("drawing on the terminal");
        // the screen is gone: stop the threads (the collector's and funnel's clients before
        // the simulation's broker goes), then say how the simulation went
        stop.store(true, Ordering::Relaxed);
        join_workers(rep, workers);
        screen
    });
    stop.store(true, Ordering::Relaxed);
    if let Ok(Some(log)) = &shown {
        rep.note(format!(
            "what the clients wrote to stderr while the screen was up is in {}",
            log.display()
        ));
    }
    let ran = sim.map(|h| h.join().map_err(|_| anyhow!("the simulation panicked")));
    // the screen's own failure first: it is what stopped the simulation
    shown?;
    let Some(ran) = ran else {
        return Ok(Outcome::Success);
    };
    // quitting before the run finished cuts it short: its report says so, and so does the
    // exit status (130); a finished run's outcome is its invariants'
    let (ended, report) = ran??;
    match &report {
        Some(report) => output::simulation::write(out, report, ReportFormat::Text),
        None => output::write_text(out, output::simulation::NOT_STARTED),
    }
    .context("writing the simulation's report")?;
    Ok(ended.into())
}

/// Joins the collector and the funnel once their stop flag is set. A sample waiting on an
/// unreachable broker must not hold the shell for long: after 3 s the ones still waiting are
/// named and left to end with the process.
fn join_workers(rep: &Reporter, workers: Vec<Worker>) {
    let deadline = Instant::now() + Duration::from_secs(3);
    while workers.iter().any(|w| !w.is_finished()) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    for w in workers {
        if w.is_finished() {
            if w.join().is_err() {
                rep.warn("a dashboard thread panicked");
            }
        } else {
            let name = w
                .thread()
                .name()
                .unwrap_or("a dashboard thread")
                .to_string();
            rep.note(format!(
                "{name} was still waiting for the broker; not waited for"
            ));
        }
    }
}

//! `--canary SERVICE`: a shadow of one service (article §9.3), beside its production members.
//!
//! One consumer in its own group reads the service's inputs and decides on each with its own
//! state (its own "database") and no producer at all: its outputs and side effects are
//! disabled by construction, not by a flag it could forget. The same consumer reads what
//! production published (the service's output topics, and its inputs' DLQs for the ones it
//! dead-lettered) and the pure [`Comparison`] matches the two sides by decision id.
//!
//! It runs in the process that runs the service, so both start with the same stock and knobs;
//! it stops after production's members have, reading first to the end of its topics as they
//! were then, so every decision production made is there to compare.

use super::readmodel::read_committing;
use super::{Shared, Slot};
use crate::broker::consumer::Consumer;
use crate::domain::envelope::RecordRef;
use crate::session::now_ms;
use crate::simulate::model::canary::{
    dead_lettered, decision_id, output_id, shadow_decide, verdict, Comparison, Fault,
};
use crate::simulate::model::events::Topic;
use crate::simulate::model::report::CanaryReport;
use crate::simulate::model::services::{Service, ServiceKind};
use anyhow::anyhow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tracing::{info, warn};

/// The longest the canary reads on after production stopped, to reach the end of its topics.
const DRAIN_WITHIN: Duration = Duration::from_secs(10);

/// The canary and what it shares with the run.
#[derive(Clone)]
pub(super) struct CanaryRun {
    pub(super) kind: ServiceKind,
    pub(super) fault: Option<Fault>,
    pub(super) state: Arc<Mutex<Service>>,
    pub(super) compare: Arc<Mutex<Comparison>>,
    /// Set once production's members have stopped.
    pub(super) stop: Arc<AtomicBool>,
}

impl CanaryRun {
    /// Its shadow consumer group: the service's, with `-canary`.
    pub(super) fn group(sh: &Shared, kind: ServiceKind) -> String {
        sh.group(&format!("{}-canary", kind.name()))
    }

    /// What it reads: the service's inputs, its outputs, and its inputs' DLQs.
    pub(super) fn topics(kind: ServiceKind) -> Vec<String> {
        let inputs = kind.inputs().iter().map(|t| t.name().to_string());
        let outputs = kind.outputs().iter().map(|t| t.name().to_string());
        let dlqs = kind.inputs().iter().map(|t| t.dlq());
        inputs.chain(outputs).chain(dlqs).collect()
    }

    /// What the comparison found (the figures so far, if the run stops early).
    pub(super) fn report(&self, sh: &Shared) -> anyhow::Result<CanaryReport> {
        let compare = self
            .compare
            .lock()
            .map_err(|_| anyhow!("canary: comparison lock poisoned"))?;
        let withheld = self.state.lock().map_or(0, |s| s.effects.total());
        Ok(compare.report(self.kind, &Self::group(sh, self.kind), self.fault, withheld))
    }
}

/// The canary's consumer: reads, decides, compares; after its stop flag, drains and ends.
pub(super) fn run_canary(sh: Shared, run: CanaryRun, slot: Slot) -> anyhow::Result<()> {
    let group = CanaryRun::group(&sh, run.kind);
    let consumer = Consumer::connect(&sh.consumer_conn(), Some(&group), Some("earliest"), &sh.log)?;
    let topics = CanaryRun::topics(run.kind);
    consumer.topics(&topics)?;
    consumer.subscribe(&topics)?;
    info!(group = %group, fault = run.fault.map(Fault::name), "canary started");
    let production_group = sh.group(run.kind.name());
    let mut drain: Option<Drain> = None;
    read_committing(
        &sh,
        &consumer,
        &slot,
        "canary",
        |r| read(&sh, &run, &production_group, r),
        |consumer, idle| {
            if !run.stop.load(Ordering::Relaxed) {
                return Ok(false);
            }
            let d = match &mut drain {
                Some(d) => d,
                None => drain.insert(Drain::start(consumer)?),
            };
            if idle && d.reached(consumer) {
                return Ok(true);
            }
            let late = d.since.elapsed() > DRAIN_WITHIN;
            if late {
                warn!(group = %group, "canary stopped before the end of its topics");
            }
            Ok(late)
        },
    )
}

/// Where the canary's topics ended when production stopped, and where its group stood then.
struct Drain {
    ends: Vec<((String, i32), i64)>,
    /// The group's committed offsets: a partition nothing came to in this run (its records
    /// are earlier runs', on a shared cluster) has no position, and is read to there.
    committed: Vec<((String, i32), Option<i64>)>,
    since: Instant,
}

impl Drain {
    fn start(consumer: &Consumer) -> anyhow::Result<Self> {
        let assigned = consumer.assignment();
        let mut ends = Vec::new();
        for (topic, p) in &assigned {
            let (_, high) = consumer.watermarks(topic, *p)?;
            ends.push(((topic.clone(), *p), high));
        }
        Ok(Self {
            ends,
            committed: consumer.committed(&assigned)?,
            since: Instant::now(),
        })
    }

    /// Every partition read up to its end (positions move past transaction markers).
    fn reached(&self, consumer: &Consumer) -> bool {
        let at = consumer.positions();
        let known = |tp: &(String, i32)| {
            let position = at.iter().find(|(t, _)| t == tp).map(|(_, o)| *o);
            let committed = self
                .committed
                .iter()
                .find(|(t, _)| t == tp)
                .and_then(|(_, o)| *o);
            position.max(committed).unwrap_or(0)
        };
        self.ends.iter().all(|(tp, end)| known(tp) >= *end)
    }
}

/// One record: an input is decided on, an output or a dead letter of production's noted.
fn read(
    sh: &Shared,
    run: &CanaryRun,
    production_group: &str,
    r: &RecordRef<'_>,
) -> anyhow::Result<()> {
    let lock_err = || anyhow!("canary: lock poisoned");
    // a decision without an eventId (a record from elsewhere) is named by where its input was
    let fallback = |t: &str, p: &str, o: &str| format!("{t}/{p}/{o}");
    if r.topic.ends_with(".dlq") {
        if r.header_text("dlq.consumer.group").as_deref() != Some(production_group) {
            return Ok(());
        }
        let input = match r.header_text("eventId") {
            Some(id) => id.into_owned(),
            None => fallback(
                &r.header_text("dlq.original.topic").unwrap_or_default(),
                &r.header_text("dlq.original.partition").unwrap_or_default(),
                &r.header_text("dlq.original.offset").unwrap_or_default(),
            ),
        };
        let reason = r.header_text("dlq.error").unwrap_or_default();
        let mut c = run.compare.lock().map_err(|_| lock_err())?;
        c.production(decision_id(run.kind, &input), dead_lettered(&reason));
        return Ok(());
    }
    let Some(topic) = Topic::from_name(r.topic) else {
        return Ok(());
    };
    let decoded = sh.codec.decode(topic, r.value);
    if !run.kind.inputs().contains(&topic) {
        // production's output: unreadable ones are the projection's to count
        match decoded {
            Ok(e) if e.meta.source == run.kind.name() => {
                let mut c = run.compare.lock().map_err(|_| lock_err())?;
                c.production(output_id(&e.meta.event_id), verdict(&e));
            }
            _ => {}
        }
        return Ok(());
    }
    let (input, order_id, ours) = match decoded {
        Ok(e) => {
            let mut state = run.state.lock().map_err(|_| lock_err())?;
            let ours = shadow_decide(&mut state, &e, r.partition, sh.max_retries, now_ms());
            (e.meta.event_id, e.order_id, ours)
        }
        Err(reason) => (
            r.header_text("eventId").map_or_else(
                || fallback(r.topic, &r.partition.to_string(), &r.offset.to_string()),
                |id| id.into_owned(),
            ),
            r.key
                .map(String::from_utf8_lossy)
                .unwrap_or_default()
                .into_owned(),
            dead_lettered(&format!("undecodable: {reason}")),
        ),
    };
    let mut c = run.compare.lock().map_err(|_| lock_err())?;
    c.canary(decision_id(run.kind, &input), &order_id, topic.name(), ours);
    Ok(())
}

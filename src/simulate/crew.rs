//! The members this process runs (`--services`): each service's `--replicas` group members and
//! the status projection; their start barrier, their replacement after a crash, their stop.

use super::canary::{run_canary, CanaryRun};
use super::faults::ChaosDriver;
use super::members::{spawn_member, Counters, Crashed, Member, ServiceRun, StoppedWaiting};
use super::provider::Provider;
use super::readmodel::{run_projection, ReadModel};
use super::worker::Worker;
use super::{slot_name, PartitionCounts, Shared, SimulateRequest, Slot};
use crate::simulate::model::canary::{canary_knobs, Comparison};
use crate::simulate::model::events::Topic;
use crate::simulate::model::gateway::initial_stock;
use crate::simulate::model::report::CanaryReport;
use crate::simulate::model::services::{Knobs, Service, ServiceKind};
use anyhow::{anyhow, bail};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long nothing may move before the members are stopped, and the longest wait for it.
const QUIET_FOR: Duration = Duration::from_millis(60);
const GRACE: Duration = Duration::from_millis(300);

pub(super) struct Crew {
    pub(super) threads: Vec<Worker>,
    /// Per local group: the members' assignment sizes, and the partitions the group reads.
    groups: Vec<(Vec<Slot>, usize)>,
    pub(super) services: Vec<ServiceRun>,
    pub(super) model: Arc<Mutex<ReadModel>>,
    /// Notified by the projection when an order finishes (or a record is dead-lettered):
    /// what `--max-in-flight`'s held gateway waits on.
    pub(super) finishing: Arc<Condvar>,
    /// `--canary`: its thread, stopped after production's members.
    canary: Option<(Worker, CanaryRun)>,
}

/// What the members left when they stopped.
pub(super) struct Stopped {
    pub(super) services: Vec<ServiceRun>,
    pub(super) model: Arc<Mutex<ReadModel>>,
    pub(super) canary: Option<CanaryReport>,
    /// The first member that failed.
    pub(super) failure: Option<anyhow::Error>,
}

impl Crew {
    /// Starts the local members; they join their groups and wait for the start signal.
    pub(super) fn start(
        sh: &Shared,
        r: &SimulateRequest,
        expected_orders: u64,
        counts: &PartitionCounts,
    ) -> anyhow::Result<Self> {
        let mut crew = Self {
            threads: Vec::new(),
            groups: Vec::new(),
            services: Vec::new(),
            model: Arc::new(Mutex::new(ReadModel::new()?)),
            finishing: Arc::new(Condvar::new()),
            canary: None,
        };
        let partitions = |topics: &mut dyn Iterator<Item = String>| -> usize {
            topics.map(|t| counts.get(&t).copied().unwrap_or(0)).sum()
        };
        if r.parts.projection {
            let (sh, model) = (sh.clone(), Arc::clone(&crew.model));
            let finishing = Arc::clone(&crew.finishing);
            let slot = Slot::default();
            let all = &mut Topic::ALL
                .iter()
                .flat_map(|t| [t.name().to_string(), t.dlq()]);
            crew.groups.push((vec![Arc::clone(&slot)], partitions(all)));
            let stop = Arc::clone(&sh.stop);
            crew.threads
                .push(Worker::spawn("projection", &stop, move || {
                    run_projection(sh, model, &finishing, slot)
                })?);
        }
        let knobs = Knobs {
            seed: r.scenario.seed,
            decline_rate: r.scenario.decline_rate,
            failure_rate: r.scenario.failure_rate,
        };
        // inventory keeps one stock pool per partition of its input (see `Service`): each
        // starts with the stock for its share of the orders
        let pools = counts
            .get(Topic::PaymentCompleted.name())
            .copied()
            .unwrap_or(1)
            .max(1) as u64;
        let stock = initial_stock(r.scenario.seed, expected_orders.div_ceil(pools));
        // room for the run's orders up front (up to a few million: beyond, they grow)
        let room = usize::try_from(expected_orders.min(4_000_000)).unwrap_or(0);
        if let Ok(mut m) = crew.model.lock() {
            m.projection.make_room(room);
        }
        for &kind in &r.parts.services {
            let mut service = Service::new(kind, knobs, stock.clone());
            service.make_room(room);
            let svc = ServiceRun {
                kind,
                state: Arc::new(Mutex::new(service)),
                counters: Arc::new(Counters::default()),
                crash: Arc::new(AtomicBool::new(false)),
                abort: Arc::new(AtomicBool::new(false)),
                provider: (kind == ServiceKind::Payment).then(|| {
                    let sc = &r.scenario;
                    Arc::new(Provider::new(sc.breaker_failures, sc.breaker_cooldown))
                }),
            };
            let mut slots = Vec::new();
            for i in 0..r.scenario.replicas {
                let slot = Slot::default();
                slots.push(Arc::clone(&slot));
                let name = format!("{}-{i}", kind.name());
                let me = Member {
                    name: name.clone(),
                    slot_name: name.clone(),
                    slot,
                };
                crew.threads.push(spawn_member(sh, &svc, me)?);
            }
            let inputs = &mut kind.inputs().iter().map(|t| t.name().to_string());
            crew.groups.push((slots, partitions(inputs)));
            crew.services.push(svc);
        }
        if let Some(c) = r.scenario.canary {
            if r.parts.services.contains(&c.service) {
                let mut service = Service::new(c.service, canary_knobs(knobs, c.fault), stock);
                service.make_room(room);
                let run = CanaryRun {
                    kind: c.service,
                    fault: c.fault,
                    state: Arc::new(Mutex::new(service)),
                    compare: Arc::new(Mutex::new(Comparison::default())),
                    stop: Arc::new(AtomicBool::new(false)),
                };
                let slot = Slot::default();
                let topics = &mut CanaryRun::topics(c.service).into_iter();
                crew.groups
                    .push((vec![Arc::clone(&slot)], partitions(topics)));
                let (sh, r2) = (sh.clone(), run.clone());
                let worker = Worker::spawn("canary", &run.stop, move || run_canary(sh, r2, slot))?;
                crew.canary = Some((worker, run));
            }
        }
        Ok(crew)
    }

    /// The start barrier: orders flow only once every group has settled (all its partitions
    /// held, by as many members as can hold one). Starting earlier works too, but each late
    /// join is a rebalance, and every rebalance redelivers uncommitted records and stalls the
    /// flow. `shared`: other processes are in the groups too, so a group is ready once each
    /// local member holds a partition (or after 10 s: there may be more members than
    /// partitions).
    pub(super) fn wait_for_assignments(
        &self,
        interrupted: &AtomicBool,
        shared: bool,
    ) -> anyhow::Result<()> {
        let start = Instant::now();
        loop {
            let settled = self.groups.iter().all(|(slots, partitions)| {
                let held: Vec<usize> = slots.iter().map(|s| s.load(Ordering::Relaxed)).collect();
                let total = held.iter().sum::<usize>();
                if shared {
                    held.iter().all(|&n| n > 0) || start.elapsed() > Duration::from_secs(10)
                } else {
                    total == *partitions
                        && held.iter().filter(|&&n| n > 0).count() == slots.len().min(*partitions)
                }
            });
            if settled {
                return Ok(());
            }
            if let Some(w) = self.threads.iter().find(|w| w.is_finished()) {
                bail!("{} stopped while joining its consumer group", w.name());
            }
            if interrupted.load(Ordering::Relaxed) {
                bail!("interrupted while the consumer groups were forming");
            }
            if start.elapsed() > Duration::from_secs(60) {
                bail!("the consumer groups did not settle within 60 s (is the broker reachable and are the topics there?)");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Joins a member that stopped: one the chaos plan crashed is replaced by a new member in
    /// its place (a rebalance) and noted; anything else is the run's failure.
    pub(super) fn replace_stopped(
        &mut self,
        sh: &Shared,
        chaos: &mut Option<ChaosDriver>,
    ) -> anyhow::Result<()> {
        if let Some((w, _)) = self.canary.as_ref().filter(|(w, _)| w.is_finished()) {
            let name = w.name().to_string();
            let e = self.canary.take().map(|(w, _)| w.join());
            return Err(match e {
                Some(Err(e)) => e,
                _ => anyhow!("{name} stopped early"),
            });
        }
        let Some(pos) = self.threads.iter().position(Worker::is_finished) else {
            return Ok(());
        };
        let stopped = self.threads.remove(pos);
        let name = stopped.name().to_string();
        let e = stopped
            .join()
            .err()
            .unwrap_or_else(|| anyhow!("{name} stopped early"));
        let (Some(c), Some(driver)) = (e.downcast_ref::<Crashed>(), chaos.as_mut()) else {
            return Err(e);
        };
        let Some(svc) = self
            .services
            .iter()
            .find(|s| name.starts_with(s.kind.name()))
        else {
            return Err(e);
        };
        let new_name = format!("{name}r");
        let me = Member {
            name: new_name.clone(),
            slot_name: slot_name(&name).to_string(),
            slot: Slot::default(),
        };
        self.threads.push(spawn_member(sh, svc, me)?);
        driver.note(format!("{name} {c}; restarted as {new_name}"));
        Ok(())
    }

    /// `--canary`: the service it shadows and its comparison, shared for the live metrics.
    pub(super) fn canary_comparison(&self) -> Option<(ServiceKind, Arc<Mutex<Comparison>>)> {
        self.canary
            .as_ref()
            .map(|(_, run)| (run.kind, Arc::clone(&run.compare)))
    }

    /// Input records handled so far by the local services.
    pub(super) fn processed(&self) -> u64 {
        self.services
            .iter()
            .map(|s| s.counters.processed.load(Ordering::Relaxed))
            .sum()
    }

    /// Waits until nothing moves here for [`QUIET_FOR`] (at most [`GRACE`]): records still in
    /// flight when the last order finished (a late duplicate, a second DLQ write after a
    /// crash) are read before the members stop. A fetch waits at most 50 ms, so a record
    /// written before the wait began has been read by its end.
    pub(super) fn wait_until_quiet(&self) {
        let moved = || {
            let read = self.model.lock().map(|m| m.read).unwrap_or_default();
            (self.processed(), read)
        };
        let start = Instant::now();
        let (mut last, mut since) = (moved(), Instant::now());
        while since.elapsed() < QUIET_FOR && start.elapsed() < GRACE {
            std::thread::sleep(Duration::from_millis(10));
            let now = moved();
            if now != last {
                (last, since) = (now, Instant::now());
            }
        }
    }

    /// (orders terminal, malformed records dead-lettered), as the projection sees them.
    pub(super) fn finished(&self) -> (u64, u64) {
        self.model
            .lock()
            .map(|m| {
                (
                    m.projection.terminal(),
                    m.projection.dead_letters_without_order,
                )
            })
            .unwrap_or_default()
    }

    /// Stops every member (after it settled what it handled) and joins it; then the canary,
    /// once it has read what they published.
    pub(super) fn stop(self, sh: &Shared, stop: &AtomicBool) -> Stopped {
        stop.store(true, Ordering::Relaxed);
        let mut failure = None;
        for w in self.threads {
            match w.join() {
                // a member the chaos plan crashed after the last look for stopped members (on
                // a late record, a duplicate or a retry, once every order had ended): planned,
                // not the run's failure; the invariants were judged on what it had done
                Err(e) if e.downcast_ref::<Crashed>().is_some() => {}
                // cut short while an event waited for the payment provider's breaker
                Err(e) if e.downcast_ref::<StoppedWaiting>().is_some() => {}
                Err(e) => {
                    failure.get_or_insert(e);
                }
                Ok(()) => {}
            }
        }
        let mut canary = None;
        if let Some((worker, run)) = self.canary {
            run.stop.store(true, Ordering::Relaxed);
            match worker.join().and_then(|()| run.report(sh)) {
                Ok(report) => canary = Some(report),
                Err(e) => {
                    failure.get_or_insert(e);
                }
            }
        }
        Stopped {
            services: self.services,
            model: self.model,
            canary,
            failure,
        }
    }
}

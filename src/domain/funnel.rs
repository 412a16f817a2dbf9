//! The order funnel `top` shows: how many orders reached each step of a flow (created → paid
//! → reserved → shipped for the marketplace, or any topics given with `--funnel`), how many
//! ended cancelled or dead-lettered, and how many sit in a step longer than `--stuck-after`.
//!
//! Why pure and fed by (place, order, time): the collector reads only topic, key, headers and
//! timestamp of each record (no value decoding), and these rules (distinct orders per step,
//! out-of-order arrival across topics, what counts as finished) are tested without a broker.
//! Orders are remembered by a 64-bit hash of their id, so a million orders cost ~40 MB, not
//! their strings.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::topics::dlq_origin;

/// The flow: its steps in order (the last one finishes an order), and the topic that
/// cancels one, if the flow has it.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelSpec {
    /// (label, topic)
    pub steps: Vec<(String, String)>,
    pub cancelled: Option<String>,
    /// Further topics of the flow whose dead letters count (the marketplace's inner topics).
    pub also: Vec<String>,
}

/// Where a record puts its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Step(usize),
    Cancelled,
    DeadLettered,
}

impl FunnelSpec {
    /// A flow named by its topics; each step is labelled with its topic.
    pub fn flow(topics: &[String]) -> Self {
        Self {
            steps: topics.iter().map(|t| (t.clone(), t.clone())).collect(),
            cancelled: None,
            also: Vec::new(),
        }
    }

    /// The place of a record on `topic`: a step, the cancellation, or a dead letter of any
    /// topic of the flow (`order.created.dlq`). None: not part of the flow.
    pub fn place(&self, topic: &str) -> Option<Place> {
        if let Some(i) = self.steps.iter().position(|(_, t)| t == topic) {
            return Some(Place::Step(i));
        }
        if self.cancelled.as_deref() == Some(topic) {
            return Some(Place::Cancelled);
        }
        let origin = dlq_origin(topic)?;
        self.flow_topics()
            .any(|t| t == origin)
            .then_some(Place::DeadLettered)
    }

    /// Every topic of the flow (not its DLQs).
    pub fn flow_topics(&self) -> impl Iterator<Item = &str> {
        self.steps
            .iter()
            .map(|(_, t)| t.as_str())
            .chain(self.cancelled.as_deref())
            .chain(self.also.iter().map(String::as_str))
    }
}

const CANCELLED: u8 = u8::MAX - 1;
const DEAD: u8 = u8::MAX;

#[derive(Debug, Clone, Copy)]
struct Progress {
    /// The furthest step seen, or CANCELLED / DEAD.
    at: u8,
    /// Steps seen, one bit each (so a duplicate is not counted twice).
    seen: u32,
    /// When it reached `at`.
    since_ms: i64,
}

/// The running funnel.
#[derive(Debug)]
pub struct Funnel {
    spec: FunnelSpec,
    orders: HashMap<u64, Progress>,
    reached: Vec<u64>,
    cancelled: u64,
    dead: u64,
}

/// One step's numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepCount {
    pub label: String,
    /// Distinct orders that reached it.
    pub reached: u64,
    /// Orders whose furthest step is this one, for longer than `stuck_after`.
    pub stuck: u64,
}

/// What the screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FunnelView {
    pub steps: Vec<StepCount>,
    pub cancelled: u64,
    pub dead_lettered: u64,
    /// Orders not finished (not at the last step, not cancelled, not dead-lettered).
    pub open: u64,
}

impl Funnel {
    pub fn new(spec: FunnelSpec) -> Self {
        let n = spec.steps.len();
        Self {
            spec,
            orders: HashMap::new(),
            reached: vec![0; n],
            cancelled: 0,
            dead: 0,
        }
    }

    pub fn spec(&self) -> &FunnelSpec {
        &self.spec
    }

    /// A record of `order` at `place`, stamped `ts_ms`.
    pub fn observe(&mut self, place: Place, order: &[u8], ts_ms: i64) {
        let mut h = std::hash::DefaultHasher::new();
        order.hash(&mut h);
        let p = self.orders.entry(h.finish()).or_insert(Progress {
            at: 0,
            seen: 0,
            since_ms: ts_ms,
        });
        let last = self.spec.steps.len().saturating_sub(1);
        match place {
            Place::Step(i) => {
                let bit = 1u32 << i.min(31);
                if p.seen & bit == 0 {
                    p.seen |= bit;
                    self.reached[i] += 1;
                }
                // a finished order stays finished; otherwise it is at its furthest step
                let finished = p.at >= CANCELLED || p.at as usize == last;
                if !finished && i as u8 > p.at {
                    p.at = i as u8;
                    p.since_ms = ts_ms;
                }
            }
            Place::Cancelled if p.at != CANCELLED && p.at != DEAD => {
                p.at = CANCELLED;
                self.cancelled += 1;
            }
            Place::DeadLettered if p.at != DEAD => {
                if p.at == CANCELLED {
                    self.cancelled -= 1;
                }
                p.at = DEAD;
                self.dead += 1;
            }
            Place::Cancelled | Place::DeadLettered => {}
        }
    }

    /// The counts now; `stuck_after_ms`: how long an order may sit in one step.
    pub fn view(&self, now_ms: i64, stuck_after_ms: i64) -> FunnelView {
        let last = self.spec.steps.len().saturating_sub(1);
        let mut stuck = vec![0u64; self.spec.steps.len()];
        let mut open = 0;
        for p in self.orders.values() {
            let at = p.at as usize;
            if p.at >= CANCELLED || at == last {
                continue;
            }
            open += 1;
            if now_ms - p.since_ms > stuck_after_ms {
                stuck[at] += 1;
            }
        }
        FunnelView {
            steps: self
                .spec
                .steps
                .iter()
                .zip(&self.reached)
                .zip(stuck)
                .map(|(((label, _), reached), stuck)| StepCount {
                    label: label.clone(),
                    reached: *reached,
                    stuck,
                })
                .collect(),
            cancelled: self.cancelled,
            dead_lettered: self.dead,
            open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> Funnel {
        Funnel::new(FunnelSpec {
            steps: ["created", "paid", "shipped"]
                .iter()
                .map(|s| (s.to_string(), format!("order.{s}")))
                .collect(),
            cancelled: Some("order.cancelled".into()),
            also: vec!["payment.requested".into()],
        })
    }

    fn counts(v: &FunnelView) -> Vec<(u64, u64)> {
        v.steps.iter().map(|s| (s.reached, s.stuck)).collect()
    }

    #[test]
    fn places_come_from_topics_and_their_dlqs() {
        let f = shop();
        let spec = f.spec();
        assert_eq!(spec.place("order.paid"), Some(Place::Step(1)));
        assert_eq!(spec.place("order.cancelled"), Some(Place::Cancelled));
        assert_eq!(
            spec.place("payment.requested.dlq"),
            Some(Place::DeadLettered)
        );
        assert_eq!(spec.place("order.created.DLT"), Some(Place::DeadLettered));
        assert_eq!(spec.place("payment.requested"), None);
        assert_eq!(spec.place("other.dlq"), None);
        assert_eq!(
            FunnelSpec::flow(&["a".into(), "b".into()]).place("b"),
            Some(Place::Step(1))
        );
    }

    #[test]
    fn orders_move_through_the_steps_and_stuck_ones_are_counted() {
        let mut f = shop();
        f.observe(Place::Step(0), b"o1", 0);
        f.observe(Place::Step(0), b"o2", 0);
        f.observe(Place::Step(0), b"o3", 0);
        f.observe(Place::Step(1), b"o1", 1_000);
        f.observe(Place::Step(2), b"o1", 2_000);
        f.observe(Place::Cancelled, b"o2", 2_000);
        // a duplicate delivery counts once
        f.observe(Place::Step(0), b"o3", 500);
        let v = f.view(40_000, 30_000);
        assert_eq!(counts(&v), [(3, 1), (1, 0), (1, 0)]);
        assert_eq!((v.cancelled, v.dead_lettered, v.open), (1, 0, 1));
        // not stuck yet when the step was reached recently
        assert_eq!(counts(&f.view(20_000, 30_000))[0], (3, 0));
    }

    #[test]
    fn arrival_out_of_order_and_dead_letters() {
        let mut f = shop();
        // shipped read before paid (different topics, different partitions)
        f.observe(Place::Step(2), b"o1", 3_000);
        f.observe(Place::Step(0), b"o1", 1_000);
        f.observe(Place::Step(1), b"o1", 2_000);
        let v = f.view(100_000, 30_000);
        assert_eq!(counts(&v), [(1, 0), (1, 0), (1, 0)]);
        assert_eq!(v.open, 0);
        f.observe(Place::Step(0), b"o9", 0);
        f.observe(Place::Cancelled, b"o9", 0);
        f.observe(Place::DeadLettered, b"o9", 0);
        f.observe(Place::DeadLettered, b"o9", 0);
        let v = f.view(100_000, 30_000);
        assert_eq!((v.cancelled, v.dead_lettered, v.open), (0, 1, 0));
    }
}

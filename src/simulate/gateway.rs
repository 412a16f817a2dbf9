//! The gateway's producer: seeded orders (and malformed records) at the asked pace.

use super::backpressure::Throttle;
use super::codec::{send_event, send_keyed};
use super::evolve::Evolving;
use super::{Load, Shared, FLUSH_TIMEOUT};
use crate::broker::producer::Producer;
use crate::codec::avro_codec::confluent_header;
use crate::session::now_ms;
use crate::simulate::model::events::Topic;
use crate::simulate::model::gateway::{Gateway, Generated};
use anyhow::bail;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the gateway sent.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Sent {
    pub(super) orders: u64,
    pub(super) poison: u64,
    /// Order numbers 0..numbers were given out when the gateway last counted (orders and
    /// poison together; with `--http`, posted orders hold some of them).
    pub(super) numbers: u64,
    /// Orders sent twice (`--chaos`).
    pub(super) duplicated: u64,
}

/// What the gateway thread runs with.
pub(super) struct GatewayRun {
    pub(super) sh: Shared,
    pub(super) gw: Gateway,
    pub(super) load: Load,
    pub(super) sent: Arc<Mutex<Sent>>,
    /// Set by the watch to stop early (Ctrl-C).
    pub(super) halt: Arc<AtomicBool>,
    /// `--chaos`: the record numbers sent twice.
    pub(super) twice: std::ops::Range<u64>,
    /// The next order number (shared with `--http`).
    pub(super) next: Arc<AtomicU64>,
    /// `--max-in-flight`.
    pub(super) throttle: Option<Arc<Throttle>>,
    /// `--evolve`: tried at the halfway record.
    pub(super) evolving: Option<Arc<Mutex<Evolving>>>,
}

/// The gateway: generates orders (and the occasional malformed record) and produces them.
pub(super) fn run_gateway(run: GatewayRun) -> anyhow::Result<()> {
    let GatewayRun {
        sh,
        gw,
        load,
        sent,
        halt,
        twice,
        next,
        throttle,
        evolving,
    } = run;
    let mut evolve_at = evolving
        .as_ref()
        .and_then(|e| e.lock().ok().map(|e| e.at()))
        .unwrap_or(u64::MAX);
    let (mut producer, _) =
        Producer::connect(&sh.producer_conn(None), Topic::OrderCreated.name(), &sh.log)?;
    let poison_id = sh
        .codec
        .by_topic
        .get(&Topic::OrderCreated)
        .copied()
        .unwrap_or(0);
    let start = Instant::now();
    // records made here; their numbers come from the counter `--http` shares
    let mut made = 0u64;
    let mut tally = Sent::default();
    loop {
        if halt.load(Ordering::Relaxed) {
            break;
        }
        match load {
            Load::Orders(total) if made >= total => break,
            Load::Rate { rate, duration } => {
                let due = Duration::from_secs_f64(made as f64 / rate);
                if due >= duration {
                    break;
                }
                if let Some(wait) = due.checked_sub(start.elapsed()) {
                    std::thread::sleep(wait);
                }
            }
            Load::Orders(_) => {}
        }
        // back-pressure: wait for room before the order is made (its time is when it goes)
        if let Some(t) = &throttle {
            if !t.admit(&halt) {
                break;
            }
        }
        let n = next.fetch_add(1, Ordering::Relaxed);
        if n >= evolve_at {
            if let Some(Ok(mut e)) = evolving.as_ref().map(|e| e.lock()) {
                e.tick(&sh.codec, n, tally.orders)?;
            }
            // tried once: no lock per record after it
            evolve_at = u64::MAX;
        }
        match gw.generate(n, now_ms()) {
            Generated::Order(e) => {
                send_event(&mut producer, &sh.codec, &e)?;
                tally.orders += 1;
                // chaos: the same event again, as a producer retry after a lost ack would
                if twice.contains(&n) {
                    send_event(&mut producer, &sh.codec, &e)?;
                    tally.duplicated += 1;
                }
            }
            Generated::Poison(id) => {
                // framed like an OrderCreated, but the datum is cut short
                let mut value = Vec::new();
                confluent_header(poison_id, &mut value);
                value.extend_from_slice(&[0x08, b'e', b'v']);
                let headers = [
                    ("eventId", Some(id.as_bytes())),
                    ("correlationId", Some(id.as_bytes())),
                ];
                send_keyed(
                    &mut producer,
                    Topic::OrderCreated.name(),
                    &id,
                    &value,
                    &headers,
                )?;
                tally.poison += 1;
            }
        }
        made += 1;
        tally.numbers = n + 1;
        if made.is_multiple_of(64) {
            if let Ok(mut s) = sent.lock() {
                *s = tally;
            }
        }
    }
    producer.flush(FLUSH_TIMEOUT)?;
    let stats = producer.stats();
    if stats.failed > 0 {
        bail!("gateway: {} order(s) not delivered", stats.failed);
    }
    if let Ok(mut s) = sent.lock() {
        *s = tally;
    }
    let (orders, malformed) = (tally.orders, tally.poison);
    if halt.load(Ordering::Relaxed) {
        tracing::info!(orders, malformed, "gateway stopped before the last order");
    } else {
        tracing::info!(orders, malformed, "gateway sent every order");
    }
    Ok(())
}

//! Events ⇄ Confluent-framed values for the simulation, in the format the run was asked for
//! (`--format avro|protobuf|json-schema`): the schemas built into the binary (schemas/, one
//! file per event in each format), registered once, and the send that adds key and headers.
//!
//! Avro goes through the typed datums of [`wire`](super::wire) (the fast path the benchmarks
//! measure); Protobuf and JSON Schema through the generic codec, from and to the event's
//! JSON form, which has the same field names in all three.

use super::wire::{read_created_v2, read_event, write_created_v2, write_event};
use crate::broker::producer::{OutRecord, Producer};
use crate::codec::avro_codec::{confluent_header, split_confluent};
use crate::codec::framed::Framed;
use crate::codec::registry::{Registry, RegistryError};
use crate::codec::schema::{Schema, SchemaKind};
use crate::simulate::model::events::{traceparent, Event, Topic};
use anyhow::{anyhow, Context as _};
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

/// The event contracts, built into the binary so it runs anywhere.
pub(super) const SCHEMAS: [(Topic, &str); 8] = [
    (
        Topic::OrderCreated,
        include_str!("../../schemas/order.created.avsc"),
    ),
    (
        Topic::PaymentRequested,
        include_str!("../../schemas/payment.requested.avsc"),
    ),
    (
        Topic::PaymentCompleted,
        include_str!("../../schemas/payment.completed.avsc"),
    ),
    (
        Topic::PaymentFailed,
        include_str!("../../schemas/payment.failed.avsc"),
    ),
    (
        Topic::InventoryReserved,
        include_str!("../../schemas/inventory.reserved.avsc"),
    ),
    (
        Topic::InventoryRejected,
        include_str!("../../schemas/inventory.rejected.avsc"),
    ),
    (
        Topic::OrderShipped,
        include_str!("../../schemas/order.shipped.avsc"),
    ),
    (
        Topic::OrderCancelled,
        include_str!("../../schemas/order.cancelled.avsc"),
    ),
];

/// The same contracts as Protobuf (field names map to the Avro ones in ProtoJSON).
pub(super) const PROTO_SCHEMAS: [(Topic, &str); 8] = [
    (
        Topic::OrderCreated,
        include_str!("../../schemas/order.created.proto"),
    ),
    (
        Topic::PaymentRequested,
        include_str!("../../schemas/payment.requested.proto"),
    ),
    (
        Topic::PaymentCompleted,
        include_str!("../../schemas/payment.completed.proto"),
    ),
    (
        Topic::PaymentFailed,
        include_str!("../../schemas/payment.failed.proto"),
    ),
    (
        Topic::InventoryReserved,
        include_str!("../../schemas/inventory.reserved.proto"),
    ),
    (
        Topic::InventoryRejected,
        include_str!("../../schemas/inventory.rejected.proto"),
    ),
    (
        Topic::OrderShipped,
        include_str!("../../schemas/order.shipped.proto"),
    ),
    (
        Topic::OrderCancelled,
        include_str!("../../schemas/order.cancelled.proto"),
    ),
];

/// The same contracts as JSON Schema (draft-07).
pub(super) const JSON_SCHEMAS: [(Topic, &str); 8] = [
    (
        Topic::OrderCreated,
        include_str!("../../schemas/order.created.json"),
    ),
    (
        Topic::PaymentRequested,
        include_str!("../../schemas/payment.requested.json"),
    ),
    (
        Topic::PaymentCompleted,
        include_str!("../../schemas/payment.completed.json"),
    ),
    (
        Topic::PaymentFailed,
        include_str!("../../schemas/payment.failed.json"),
    ),
    (
        Topic::InventoryReserved,
        include_str!("../../schemas/inventory.reserved.json"),
    ),
    (
        Topic::InventoryRejected,
        include_str!("../../schemas/inventory.rejected.json"),
    ),
    (
        Topic::OrderShipped,
        include_str!("../../schemas/order.shipped.json"),
    ),
    (
        Topic::OrderCancelled,
        include_str!("../../schemas/order.cancelled.json"),
    ),
];

/// OrderCreated's next version per format (`--evolve`: a field added the compatible way) and
/// a breaking one (`--evolve-breaking`: totalCents becomes a string).
const EVOLVED: [(SchemaKind, &str, &str); 3] = [
    (
        SchemaKind::Avro,
        include_str!("../../schemas/evolve/order.created.v2.avsc"),
        include_str!("../../schemas/evolve/order.created.breaking.avsc"),
    ),
    (
        SchemaKind::Protobuf,
        include_str!("../../schemas/evolve/order.created.v2.proto"),
        include_str!("../../schemas/evolve/order.created.breaking.proto"),
    ),
    (
        SchemaKind::Json,
        include_str!("../../schemas/evolve/order.created.v2.json"),
        include_str!("../../schemas/evolve/order.created.breaking.json"),
    ),
];

/// What v2 orders carry in their new field.
const CHANNEL: &str = "web";

/// The text of OrderCreated's next version in `kind` (`breaking`: the one the registry must
/// refuse).
fn evolved_text(kind: SchemaKind, breaking: bool) -> &'static str {
    let (_, v2, bad) = EVOLVED
        .iter()
        .find(|(k, _, _)| *k == kind)
        .copied()
        .unwrap_or(EVOLVED[0]);
    if breaking {
        bad
    } else {
        v2
    }
}

/// OrderCreated v2 once registered: its id, and (Protobuf, JSON Schema) its encoder.
struct NextVersion {
    id: u32,
    encoder: Option<Framed>,
}

/// How the registry took OrderCreated's next version.
pub(super) enum Evolved {
    /// Registered under this id: the gateway writes it from now on.
    Registered(u32),
    /// Refused as incompatible (409), with the registry's words: v1 stays.
    Refused(String),
}

/// The contracts in one format, with their file extension (for messages).
fn contracts(kind: SchemaKind) -> ([(Topic, &'static str); 8], &'static str) {
    match kind {
        SchemaKind::Avro => (SCHEMAS, "avsc"),
        SchemaKind::Protobuf => (PROTO_SCHEMAS, "proto"),
        SchemaKind::Json => (JSON_SCHEMAS, "json"),
    }
}

/// How one topic's events become bytes and back, besides Avro's typed datums.
struct Generic {
    schema: Schema,
    encoder: Framed,
}

/// Events ⇄ Confluent-framed values, with the ids the registry gave the schemas. Avro datums
/// are written and read by [`wire`](super::wire), which a test holds to these schemas.
pub(super) struct Codec {
    kind: SchemaKind,
    pub(super) by_topic: HashMap<Topic, u32>,
    /// The topic each id was registered for.
    pub(super) topic_of: HashMap<u32, Topic>,
    /// Protobuf and JSON Schema: each topic's schema and encoder.
    generic: HashMap<Topic, Generic>,
    registry: Registry,
    /// OrderCreated v2 (`--evolve`), once registered: by this process's gateway, or (with
    /// `--services`) learnt from the registry on the first v2 record read here.
    v2: OnceLock<NextVersion>,
    /// Schema ids the registry said are not v2: asked once, not for every record they frame.
    not_v2: Mutex<HashSet<u32>>,
}

impl Codec {
    /// Registers every schema of the format under `<topic>-value` (the same id comes back
    /// when it is already there).
    pub(super) fn register(reg: Registry, kind: SchemaKind) -> anyhow::Result<Self> {
        let mut by_topic = HashMap::new();
        let mut topic_of = HashMap::new();
        let mut generic = HashMap::new();
        let (schemas, ext) = contracts(kind);
        for (topic, text) in schemas {
            let file = format!("{}.{ext}", topic.name());
            let schema = Schema::parse(kind, &file, text, Vec::new())
                .map_err(|e| anyhow!("schemas/{file}: {e}"))?;
            let subject = format!("{}-value", topic.name());
            let id = reg
                .register_typed(&subject, kind, text, &[])
                .with_context(|| format!("registering {subject}"))?;
            if kind != SchemaKind::Avro {
                let encoder = Framed::new(schema.clone(), id, None)
                    .map_err(|e| anyhow!("schemas/{file}: {e}"))?;
                generic.insert(topic, Generic { schema, encoder });
            }
            by_topic.insert(topic, id);
            topic_of.insert(id, topic);
        }
        Ok(Self {
            kind,
            by_topic,
            topic_of,
            generic,
            registry: reg,
            v2: OnceLock::new(),
            not_v2: Mutex::new(HashSet::new()),
        })
    }

    /// Registers OrderCreated's next version under `order.created-value`, through the
    /// registry's compatibility check; once registered, the gateway writes it.
    pub(super) fn evolve(&self, breaking: bool) -> anyhow::Result<Evolved> {
        let subject = format!("{}-value", Topic::OrderCreated.name());
        let text = evolved_text(self.kind, breaking);
        match self.registry.register_typed(&subject, self.kind, text, &[]) {
            Ok(id) if breaking => Ok(Evolved::Registered(id)),
            Ok(id) => {
                let _ = self.v2.set(self.next_version(id, text)?);
                Ok(Evolved::Registered(id))
            }
            Err(RegistryError::Api {
                code: 409, message, ..
            }) => Ok(Evolved::Refused(message)),
            Err(e) => Err(anyhow!(e).context(format!("registering {subject}'s next version"))),
        }
    }

    fn next_version(&self, id: u32, text: &str) -> anyhow::Result<NextVersion> {
        let encoder = match self.kind {
            SchemaKind::Avro => None,
            kind => {
                let file = format!("evolve/order.created.v2.{}", contracts(kind).1);
                let schema = Schema::parse(kind, &file, text, Vec::new())
                    .map_err(|e| anyhow!("schemas/{file}: {e}"))?;
                Some(Framed::new(schema, id, None).map_err(|e| anyhow!("schemas/{file}: {e}"))?)
            }
        };
        Ok(NextVersion { id, encoder })
    }

    /// OrderCreated v2 under `id`: known already, or learnt now if the registry has our v2
    /// under that id (another process of a `--services` run registered it).
    fn v2_is(&self, id: u32) -> bool {
        if let Some(v) = self.v2.get() {
            return v.id == id;
        }
        if self.not_v2.lock().is_ok_and(|s| s.contains(&id)) {
            return false;
        }
        let text = evolved_text(self.kind, false);
        // one retry: a registry that failed once is asked again before the record is given up
        // (it is then dead-lettered as undecodable, and replayable); only its answers are kept
        let Ok(t) = self
            .registry
            .schema_by_id(id)
            .or_else(|_| self.registry.schema_by_id(id))
        else {
            return false;
        };
        if !same_schema(&t, text) {
            if let Ok(mut s) = self.not_v2.lock() {
                s.insert(id);
            }
            return false;
        }
        if let Ok(v) = self.next_version(id, text) {
            let _ = self.v2.set(v);
        }
        true
    }

    /// For an order.created record, which version of its schema wrote it, as an index into
    /// a per-version count (0: v1, 1: v2); None for the other topics.
    pub(super) fn created_version(&self, topic: Topic, bytes: Option<&[u8]>) -> Option<usize> {
        if topic != Topic::OrderCreated {
            return None;
        }
        let id = bytes.and_then(split_confluent).map(|(id, _)| id);
        Some(usize::from(
            matches!((id, self.v2.get()), (Some(id), Some(v)) if v.id == id),
        ))
    }

    pub(super) fn encode(&self, e: &Event) -> anyhow::Result<Vec<u8>> {
        let id = self
            .by_topic
            .get(&e.topic())
            .ok_or_else(|| anyhow!("no schema for {}", e.topic().name()))?;
        let mut out = Vec::with_capacity(160);
        let v2 = self.v2.get().filter(|_| e.topic() == Topic::OrderCreated);
        if let Some(v2) = v2 {
            return self.encode_v2(e, v2, out);
        }
        if self.kind == SchemaKind::Avro {
            confluent_header(*id, &mut out);
            write_event(e, &mut out);
            return Ok(out);
        }
        let g = self
            .generic
            .get(&e.topic())
            .ok_or_else(|| anyhow!("no schema for {}", e.topic().name()))?;
        let json = serde_json::to_vec(&e.to_json())?;
        g.encoder
            .encode_to(&json, &mut out)
            .map_err(|reason| anyhow!("{}: {reason}", e.topic().name()))?;
        Ok(out)
    }

    /// OrderCreated v2: v1's event with the new field.
    fn encode_v2(&self, e: &Event, v2: &NextVersion, mut out: Vec<u8>) -> anyhow::Result<Vec<u8>> {
        let Some(encoder) = &v2.encoder else {
            confluent_header(v2.id, &mut out);
            write_created_v2(e, CHANNEL, &mut out);
            return Ok(out);
        };
        let mut json = e.to_json();
        if let Some(o) = json.as_object_mut() {
            o.insert("channel".into(), CHANNEL.into());
        }
        encoder
            .encode_to(&serde_json::to_vec(&json)?, &mut out)
            .map_err(|reason| anyhow!("{} (v2): {reason}", e.topic().name()))?;
        Ok(out)
    }

    /// The event in a record of `topic`. The services read with v1's schemas; an OrderCreated
    /// v2 record is read as v1's reader reads it (Avro: resolution drops the added field;
    /// Protobuf: an unknown field; JSON: a property v1 does not name).
    pub(super) fn decode(&self, topic: Topic, bytes: Option<&[u8]>) -> Result<Event, String> {
        let bytes = bytes.ok_or("no value")?;
        let (id, datum) = split_confluent(bytes).ok_or("not in the Confluent wire format")?;
        let known = self.by_topic.get(&topic) == Some(&id);
        let other_topics = self.topic_of.contains_key(&id);
        if !known && !other_topics && topic == Topic::OrderCreated && self.v2_is(id) {
            if self.kind == SchemaKind::Avro {
                return read_created_v2(datum);
            }
        } else if !known {
            return Err(match self.topic_of.get(&id) {
                Some(t) => format!("schema id {id} is {}'s, not {}'s", t.name(), topic.name()),
                None => format!("schema id {id} is not {}'s schema", topic.name()),
            });
        }
        let Some(g) = self.generic.get(&topic) else {
            return read_event(topic, datum);
        };
        let value = match &g.schema {
            Schema::Protobuf(p) => p.decode_payload_plain(datum).map_err(|e| e.to_string())?,
            other => other
                .decode(datum, Default::default())
                .map_err(|e| e.to_string())?,
        };
        if let Schema::Json(s) = &g.schema {
            s.validate(&value)
                .map_err(|e| format!("{}: {e}", topic.name()))?;
        }
        Event::from_json(topic, &value)
    }
}

/// Whether a schema the registry holds is `ours` (the text as registered, or the same JSON).
fn same_schema(theirs: &str, ours: &str) -> bool {
    if theirs.trim() == ours.trim() {
        return true;
    }
    let parse = |t: &str| serde_json::from_str::<serde_json::Value>(t).ok();
    matches!((parse(theirs), parse(ours)), (Some(a), Some(b)) if a == b)
}

/// Sends an event keyed by its order, with the eventId/correlationId/traceparent headers.
pub(super) fn send_event(p: &mut Producer, codec: &Codec, e: &Event) -> anyhow::Result<()> {
    let value = codec.encode(e)?;
    let trace = traceparent(&e.meta.correlation_id, &e.meta.event_id);
    let headers = [
        ("eventId", Some(e.meta.event_id.as_bytes())),
        ("correlationId", Some(e.meta.correlation_id.as_bytes())),
        ("traceparent", Some(trace.as_bytes())),
    ];
    send_keyed(p, e.topic().name(), &e.order_id, &value, &headers)
}

/// Queues one keyed record with headers (the partitioner picks the partition by key).
pub(super) fn send_keyed(
    p: &mut Producer,
    topic: &str,
    key: &str,
    value: &[u8],
    headers: &[(&str, Option<&[u8]>)],
) -> anyhow::Result<()> {
    p.send(
        topic,
        &OutRecord {
            key: Some(key.as_bytes()),
            value: Some(value),
            headers,
            partition: None,
            timestamp: None,
            line: 0,
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::registry_serve;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn a_schema_id_that_is_not_v2_is_asked_of_the_registry_once() {
        let stop = Arc::new(AtomicBool::new(false));
        let asked = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&asked);
        let log: registry_serve::RequestLog = Some(Arc::new(move |line: &str| {
            if line.contains("/schemas/ids/") {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }));
        let (url, thread) = registry_serve::spawn(0, Arc::clone(&stop), log).unwrap();
        let codec = Codec::register(Registry::new(&url, None, None), SchemaKind::Avro).unwrap();
        // a schema someone else registered, framing a record on order.created
        let foreign = Registry::new(&url, None, None)
            .register_typed("other-value", SchemaKind::Avro, r#""string""#, &[])
            .unwrap();
        let mut value = Vec::new();
        confluent_header(foreign, &mut value);
        value.push(0);
        for _ in 0..3 {
            let e = codec.decode(Topic::OrderCreated, Some(&value)).unwrap_err();
            assert_eq!(
                e,
                format!("schema id {foreign} is not order.created's schema")
            );
        }
        assert_eq!(asked.load(Ordering::Relaxed), 1);
        stop.store(true, Ordering::Relaxed);
        thread.finish().unwrap();
    }
}

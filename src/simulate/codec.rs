//! Events ⇄ Confluent-framed values for the simulation, in the format the run was asked for
//! (`--format avro|protobuf|json-schema`): the schemas built into the binary (schemas/, one
//! file per event in each format), registered once, and the send that adds key and headers.
//!
//! Avro goes through the typed datums of [`wire`](super::wire) (the fast path the benchmarks
//! measure); Protobuf and JSON Schema through the generic codec, from and to the event's
//! JSON form, which has the same field names in all three.

use super::wire::{read_event, write_event};
use crate::broker::producer::{OutRecord, Producer};
use crate::codec::avro_codec::{confluent_header, split_confluent};
use crate::codec::framed::Framed;
use crate::codec::registry::Registry;
use crate::codec::schema::{Schema, SchemaKind};
use crate::simulate::model::events::{traceparent, Event, Topic};
use anyhow::{anyhow, Context as _};
use std::collections::HashMap;

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
}

impl Codec {
    /// Registers every schema of the format under `<topic>-value` (the same id comes back
    /// when it is already there).
    pub(super) fn register(reg: &Registry, kind: SchemaKind) -> anyhow::Result<Self> {
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
        })
    }

    pub(super) fn encode(&self, e: &Event) -> anyhow::Result<Vec<u8>> {
        let id = self
            .by_topic
            .get(&e.topic())
            .ok_or_else(|| anyhow!("no schema for {}", e.topic().name()))?;
        let mut out = Vec::with_capacity(160);
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

    pub(super) fn decode(&self, topic: Topic, bytes: Option<&[u8]>) -> Result<Event, String> {
        let bytes = bytes.ok_or("no value")?;
        let (id, datum) = split_confluent(bytes).ok_or("not in the Confluent wire format")?;
        if self.by_topic.get(&topic) != Some(&id) {
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

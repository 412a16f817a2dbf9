//! Events ⇄ Confluent-framed Avro for the simulation: the schemas built into the binary,
//! registered once, and the send that adds key and headers.

use crate::broker::producer::{OutRecord, Producer};
use crate::codec::avro_codec::{confluent_header, encode_json, split_confluent, DecodeOptions};
use crate::codec::avro_schema::AvroSchema;
use crate::codec::registry::Registry;
use crate::codec::values::KnownSchemas;
use crate::pipeline::events::{traceparent, Event, Topic};
use anyhow::{anyhow, Context as _};
use std::collections::HashMap;

/// The event contracts, built into the binary so it runs anywhere.
pub(super) const SCHEMAS: [(Topic, &str); 8] = [
    (
        Topic::OrderCreated,
        include_str!("../../../schemas/order.created.avsc"),
    ),
    (
        Topic::PaymentRequested,
        include_str!("../../../schemas/payment.requested.avsc"),
    ),
    (
        Topic::PaymentCompleted,
        include_str!("../../../schemas/payment.completed.avsc"),
    ),
    (
        Topic::PaymentFailed,
        include_str!("../../../schemas/payment.failed.avsc"),
    ),
    (
        Topic::InventoryReserved,
        include_str!("../../../schemas/inventory.reserved.avsc"),
    ),
    (
        Topic::InventoryRejected,
        include_str!("../../../schemas/inventory.rejected.avsc"),
    ),
    (
        Topic::OrderShipped,
        include_str!("../../../schemas/order.shipped.avsc"),
    ),
    (
        Topic::OrderCancelled,
        include_str!("../../../schemas/order.cancelled.avsc"),
    ),
];

/// Events ⇄ Confluent-framed Avro, with the ids the registry gave the schemas. Decoding goes
/// through the shared decoder's [`KnownSchemas`] (every id is known: nothing is looked up).
pub(super) struct Codec {
    pub(super) by_topic: HashMap<Topic, (u32, AvroSchema)>,
    /// The topic each id was registered for.
    pub(super) topic_of: HashMap<u32, Topic>,
    known: KnownSchemas,
}

impl Codec {
    /// Registers every schema under `<topic>-value` (the same id comes back when it is
    /// already there).
    pub(super) fn register(reg: &Registry) -> anyhow::Result<Self> {
        let mut by_topic = HashMap::new();
        let mut topic_of = HashMap::new();
        let mut known = KnownSchemas::default();
        for (topic, text) in SCHEMAS {
            let schema = AvroSchema::parse_str(text)
                .map_err(|e| anyhow!("schemas/{}.avsc: {e}", topic.name()))?;
            let subject = format!("{}-value", topic.name());
            let id = reg
                .register(&subject, text)
                .with_context(|| format!("registering {subject}"))?;
            by_topic.insert(topic, (id, schema.clone()));
            topic_of.insert(id, topic);
            known.insert(id, subject, schema);
        }
        Ok(Self {
            by_topic,
            topic_of,
            known,
        })
    }

    pub(super) fn encode(&self, e: &Event) -> anyhow::Result<Vec<u8>> {
        let (id, schema) = self
            .by_topic
            .get(&e.topic())
            .ok_or_else(|| anyhow!("no schema for {}", e.topic().name()))?;
        let mut out = Vec::with_capacity(128);
        confluent_header(*id, &mut out);
        encode_json(schema, &e.to_json(), &mut out)
            .map_err(|err| anyhow!("encoding {} {}: {err}", e.topic().name(), e.meta.event_id))?;
        Ok(out)
    }

    pub(super) fn decode(&self, topic: Topic, bytes: Option<&[u8]>) -> Result<Event, String> {
        let bytes = bytes.ok_or("no value")?;
        let (id, _) = split_confluent(bytes).ok_or("not in the Confluent wire format")?;
        match self.topic_of.get(&id) {
            Some(t) if *t != topic => {
                return Err(format!(
                    "schema id {id} is {}'s, not {}'s",
                    t.name(),
                    topic.name()
                ))
            }
            _ => {}
        }
        let (_, v) = self.known.decode(bytes, DecodeOptions::default())?;
        Event::from_json(topic, &v)
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

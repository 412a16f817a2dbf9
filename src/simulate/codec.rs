//! Events ⇄ Confluent-framed Avro for the simulation: the schemas built into the binary,
//! registered once, and the send that adds key and headers.

use super::wire::{read_event, write_event};
use crate::broker::producer::{OutRecord, Producer};
use crate::codec::avro_codec::{confluent_header, split_confluent};
use crate::codec::avro_schema::AvroSchema;
use crate::codec::registry::Registry;
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

/// Events ⇄ Confluent-framed Avro, with the ids the registry gave the schemas. The datums
/// are written and read by [`wire`](super::wire), which a test holds to these schemas.
pub(super) struct Codec {
    pub(super) by_topic: HashMap<Topic, u32>,
    /// The topic each id was registered for.
    pub(super) topic_of: HashMap<u32, Topic>,
}

impl Codec {
    /// Registers every schema under `<topic>-value` (the same id comes back when it is
    /// already there).
    pub(super) fn register(reg: &Registry) -> anyhow::Result<Self> {
        let mut by_topic = HashMap::new();
        let mut topic_of = HashMap::new();
        for (topic, text) in SCHEMAS {
            AvroSchema::parse_str(text)
                .map_err(|e| anyhow!("schemas/{}.avsc: {e}", topic.name()))?;
            let subject = format!("{}-value", topic.name());
            let id = reg
                .register(&subject, text)
                .with_context(|| format!("registering {subject}"))?;
            by_topic.insert(topic, id);
            topic_of.insert(id, topic);
        }
        Ok(Self { by_topic, topic_of })
    }

    pub(super) fn encode(&self, e: &Event) -> anyhow::Result<Vec<u8>> {
        let id = self
            .by_topic
            .get(&e.topic())
            .ok_or_else(|| anyhow!("no schema for {}", e.topic().name()))?;
        let mut out = Vec::with_capacity(160);
        confluent_header(*id, &mut out);
        write_event(e, &mut out);
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
        read_event(topic, datum)
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

//! The events' Avro datums written and read field by field, in the order of schemas/*.avsc.
//!
//! Why not the generic codec: it goes through a JSON tree (an event became a `Value`, the
//! `Value` became bytes, and back), which was a quarter of a burst's CPU. These functions write
//! and read the same bytes directly; a test holds them to the generic codec byte for byte
//! for every event kind, so a schema change that they miss fails there.

use crate::codec::avro_codec::{write_str, zigzag, CodecError, Reader};
use crate::simulate::model::events::{Body, Event, Item, Meta, Topic};

/// Appends the event's datum (without the Confluent header) to `out`.
pub(super) fn write_event(e: &Event, out: &mut Vec<u8>) {
    let m = &e.meta;
    write_str(out, &m.event_id);
    zigzag(out, 1); // correlationId: the "string" branch of ["null", "string"]
    write_str(out, &m.correlation_id);
    zigzag(out, m.timestamp);
    write_str(out, &m.source);
    write_str(out, &e.order_id);
    match &e.body {
        Body::OrderCreated {
            customer_id,
            items,
            total_cents,
        } => {
            write_str(out, customer_id);
            write_items(out, items);
            zigzag(out, i64::from(*total_cents));
            zigzag(out, m.timestamp); // createdAt
        }
        Body::PaymentRequested {
            customer_id: id,
            amount_cents,
            items,
        }
        | Body::PaymentCompleted {
            payment_id: id,
            amount_cents,
            items,
        } => {
            write_str(out, id);
            zigzag(out, i64::from(*amount_cents));
            write_items(out, items);
        }
        Body::PaymentFailed { reason } | Body::OrderCancelled { reason } => write_str(out, reason),
        Body::InventoryReserved {
            reservation_id,
            items,
        } => {
            write_str(out, reservation_id);
            write_items(out, items);
        }
        Body::InventoryRejected { product_id, reason } => {
            write_str(out, product_id);
            write_str(out, reason);
        }
        Body::OrderShipped {
            shipment_id,
            carrier,
        } => {
            write_str(out, shipment_id);
            write_str(out, carrier);
        }
    }
}

/// An array as the generic codec writes it: one block, then the closing empty block.
fn write_items(out: &mut Vec<u8>, items: &[Item]) {
    if !items.is_empty() {
        zigzag(out, items.len() as i64);
        for i in items {
            write_str(out, &i.product_id);
            zigzag(out, i64::from(i.quantity));
            zigzag(out, i64::from(i.price_cents));
        }
    }
    out.push(0);
}

/// Reads an event of `topic` from its datum; the error names the topic and what was wrong.
/// OrderCreated v2's datum (`--evolve`, schemas/evolve/order.created.v2.avsc): v1's fields,
/// then `channel`.
pub(super) fn write_created_v2(e: &Event, channel: &str, out: &mut Vec<u8>) {
    write_event(e, out);
    write_str(out, channel);
}

/// An OrderCreated v2 datum read by v1's reader, as Avro's schema resolution does: the field
/// the writer added (`channel`, last) is read past and dropped.
pub(super) fn read_created_v2(datum: &[u8]) -> Result<Event, String> {
    let topic = Topic::OrderCreated;
    let fail = |e: CodecError| format!("{} (v2): {}", topic.name(), e.message);
    let mut r = Reader::new(datum);
    let e = read_fields(topic, &mut r).map_err(fail)?;
    r.str().map_err(fail)?;
    if !r.at_end() {
        return Err(format!(
            "{} (v2): trailing bytes after the datum",
            topic.name()
        ));
    }
    Ok(e)
}

pub(super) fn read_event(topic: Topic, datum: &[u8]) -> Result<Event, String> {
    let mut r = Reader::new(datum);
    let e = read_fields(topic, &mut r).map_err(|e| format!("{}: {}", topic.name(), e.message))?;
    if !r.at_end() {
        return Err(format!("{}: trailing bytes after the datum", topic.name()));
    }
    Ok(e)
}

fn read_fields(topic: Topic, r: &mut Reader<'_>) -> Result<Event, CodecError> {
    let s = |r: &mut Reader<'_>| r.str().map(str::to_string);
    let event_id = s(r)?;
    let correlation = match r.long()? {
        0 => None,
        1 => Some(s(r)?),
        n => {
            return Err(CodecError {
                path: "correlationId".into(),
                message: format!("union branch {n} of 2"),
            })
        }
    };
    let timestamp = r.long()?;
    let source = s(r)?;
    let order_id = s(r)?;
    let body = match topic {
        Topic::OrderCreated => {
            let customer_id = s(r)?;
            let items = read_items(r)?;
            let total_cents = r.int()?;
            r.long()?; // createdAt: the event's timestamp again
            Body::OrderCreated {
                customer_id,
                items,
                total_cents,
            }
        }
        Topic::PaymentRequested => Body::PaymentRequested {
            customer_id: s(r)?,
            amount_cents: r.int()?,
            items: read_items(r)?,
        },
        Topic::PaymentCompleted => Body::PaymentCompleted {
            payment_id: s(r)?,
            amount_cents: r.int()?,
            items: read_items(r)?,
        },
        Topic::PaymentFailed => Body::PaymentFailed { reason: s(r)? },
        Topic::InventoryReserved => Body::InventoryReserved {
            reservation_id: s(r)?,
            items: read_items(r)?,
        },
        Topic::InventoryRejected => Body::InventoryRejected {
            product_id: s(r)?,
            reason: s(r)?,
        },
        Topic::OrderShipped => Body::OrderShipped {
            shipment_id: s(r)?,
            carrier: s(r)?,
        },
        Topic::OrderCancelled => Body::OrderCancelled { reason: s(r)? },
    };
    Ok(Event {
        meta: Meta {
            event_id,
            // null means "not part of a transaction": the order id stands in
            correlation_id: correlation.unwrap_or_else(|| order_id.clone()),
            timestamp,
            source,
        },
        order_id,
        body,
    })
}

fn read_items(r: &mut Reader<'_>) -> Result<Vec<Item>, CodecError> {
    let mut items = Vec::new();
    while let Some(n) = r.items()? {
        items.reserve(n);
        for _ in 0..n {
            items.push(Item {
                product_id: r.str()?.to_string(),
                quantity: r.int()?,
                price_cents: r.int()?,
            });
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::super::codec::SCHEMAS;
    use super::{read_event, write_event};
    use crate::codec::avro_codec::{decode_json, encode_json, DecodeOptions};
    use crate::codec::avro_schema::AvroSchema;
    use crate::simulate::model::events::{Body, Event, Item, Meta};

    fn items(n: usize) -> Vec<Item> {
        (0..n)
            .map(|i| Item {
                product_id: format!("p-{i}-é"),
                quantity: i as i32 + 1,
                price_cents: -(i as i32) * 1000 - 7,
            })
            .collect()
    }

    /// One event of every kind, with empty and full item lists and long strings.
    fn every_kind() -> Vec<Event> {
        let s = |x: &str| x.to_string();
        let bodies = vec![
            Body::OrderCreated {
                customer_id: s("c-1"),
                items: items(3),
                total_cents: i32::MAX,
            },
            Body::OrderCreated {
                customer_id: s(""),
                items: items(0),
                total_cents: 0,
            },
            Body::PaymentRequested {
                customer_id: s("c-2"),
                amount_cents: -5,
                items: items(1),
            },
            Body::PaymentCompleted {
                payment_id: "x".repeat(300),
                amount_cents: i32::MIN,
                items: items(70),
            },
            Body::PaymentFailed {
                reason: s("card declined"),
            },
            Body::InventoryReserved {
                reservation_id: s("r-1"),
                items: items(2),
            },
            Body::InventoryRejected {
                product_id: s("p-9"),
                reason: s("out of stock"),
            },
            Body::OrderShipped {
                shipment_id: s("s-1"),
                carrier: s("DHL"),
            },
            Body::OrderCancelled {
                reason: s("payment failed"),
            },
        ];
        bodies
            .into_iter()
            .enumerate()
            .map(|(i, body)| Event {
                meta: Meta {
                    event_id: format!("e-{i}"),
                    correlation_id: format!("o-{i}"),
                    timestamp: 1_700_000_000_000 + i as i64 * 1_000_003,
                    source: s("order-service"),
                },
                order_id: format!("o-{i}"),
                body,
            })
            .collect()
    }

    fn schema_of(e: &Event) -> AvroSchema {
        let (_, text) = SCHEMAS.iter().find(|(t, _)| *t == e.topic()).unwrap();
        AvroSchema::parse_str(text).unwrap()
    }

    #[test]
    fn typed_datums_are_the_generic_codecs_byte_for_byte() {
        for e in every_kind() {
            let schema = schema_of(&e);
            let mut generic = Vec::new();
            encode_json(&schema, &e.to_json(), &mut generic).unwrap();
            let mut typed = Vec::new();
            write_event(&e, &mut typed);
            assert_eq!(typed, generic, "{}", e.topic().name());
            let back = read_event(e.topic(), &generic).unwrap();
            assert_eq!(back, e);
            let v = decode_json(&schema, &typed, DecodeOptions::default()).unwrap();
            assert_eq!(Event::from_json(e.topic(), &v).unwrap(), e);
        }
    }

    #[test]
    fn a_null_correlation_id_reads_as_the_order() {
        let e = &every_kind()[4];
        let mut v = e.to_json();
        v["correlationId"] = serde_json::Value::Null;
        let mut bytes = Vec::new();
        encode_json(&schema_of(e), &v, &mut bytes).unwrap();
        let back = read_event(e.topic(), &bytes).unwrap();
        assert_eq!(back.meta.correlation_id, e.order_id);
    }

    #[test]
    fn cut_or_extended_datums_are_errors_never_panics() {
        for e in every_kind() {
            let mut bytes = Vec::new();
            write_event(&e, &mut bytes);
            for end in 0..bytes.len() {
                assert!(read_event(e.topic(), &bytes[..end]).is_err());
            }
            let mut longer = bytes.clone();
            longer.push(0);
            let err = read_event(e.topic(), &longer).unwrap_err();
            assert!(err.contains("trailing bytes"), "{err}");
            // every other kind's reader, on these bytes: an error or an event, not a panic
            for other in every_kind() {
                let _ = read_event(other.topic(), &bytes);
            }
        }
    }

    #[test]
    fn a_block_claiming_more_items_than_bytes_is_refused() {
        let mut e = every_kind()[5].clone();
        e.body = Body::InventoryReserved {
            reservation_id: "r".into(),
            items: Vec::new(),
        };
        let mut bytes = Vec::new();
        write_event(&e, &mut bytes);
        bytes.pop(); // the empty array's closing block
        crate::codec::avro_codec::zigzag(&mut bytes, 1 << 40);
        let err = read_event(e.topic(), &bytes).unwrap_err();
        assert!(err.contains("claims"), "{err}");
    }
}

//! Fuzz targets: the parsers that read bytes evctl does not control (records, headers,
//! envelopes, schemas, command-line positions), each as one function that must never panic
//! and must keep the round-trip promises the commands make. `fuzz/` runs them under
//! libFuzzer (cargo fuzz); `tests/cli/fuzz_corpus.rs` replays the committed corpus and every
//! finding through the same functions in `cargo test`, so a fixed crash stays fixed.

use crate::codec::avro_codec::{
    confluent_header, decode_json, encode_json, split_confluent, DecodeOptions,
};
use crate::codec::avro_schema::AvroSchema;
use crate::codec::compat;
use crate::codec::proto::{read_indexes, write_indexes, ProtoSchema};
use crate::codec::wire::{framing, Framing, VALUE_SCHEMA_ID_HEADER};
use crate::domain::deadletter;
use crate::domain::envelope::{
    classify_value, decode_envelope, encode_envelope, Header, RecordRef,
};
use crate::domain::offsets::{EndSpec, StartSpec};

/// A fuzz target: takes any bytes, panics only on a bug.
pub type Target = fn(&[u8]);

/// The targets by name, as `fuzz/fuzz_targets/*.rs` and the corpus directories name them.
pub const TARGETS: &[(&str, Target)] = &[
    ("confluent_framing", confluent_framing),
    ("avro_decode", avro_decode),
    ("envelope", envelope),
    ("offsets", offsets),
    ("dlq_headers", dlq_headers),
    ("schema", schema),
    ("protobuf", protobuf),
];

/// Splits fuzz input into fields: each is a length byte then that many bytes (the last one
/// takes what is left), so one input drives several arguments.
fn fields(mut data: &[u8], n: usize) -> Vec<&[u8]> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        if i + 1 == n || data.is_empty() {
            out.push(data);
            data = &[];
            continue;
        }
        let len = usize::from(data[0]).min(data.len() - 1);
        out.push(&data[1..=len]);
        data = &data[len + 1..];
    }
    out
}

/// The Confluent wire framing (magic byte, schema id, payload): split, rebuilt, classified.
pub fn confluent_framing(data: &[u8]) {
    if let Some((id, payload)) = split_confluent(data) {
        let mut again = Vec::new();
        confluent_header(id, &mut again);
        again.extend_from_slice(payload);
        assert_eq!(again, data, "framing does not rebuild the same bytes");
    }
    let _ = classify_value(data);
    header_framing(data);
}

/// The header framing: the first byte says how many of the next bytes are the
/// `__value_schema_id` header, the rest is the value.
fn header_framing(data: &[u8]) {
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let (h, v) = rest.split_at(usize::from(n).min(rest.len()));
    let headers = [(VALUE_SCHEMA_ID_HEADER, Some(h))];
    if let Framing::Framed(f) = framing(&headers, false, v) {
        assert!(
            f.datum.len() <= h.len() + v.len(),
            "the datum outgrew its bytes"
        );
    }
}

/// Schemas the Avro target decodes against: every type, logical types, unions, nesting,
/// recursion.
const AVRO_SCHEMAS: &[&str] = &[
    r#"{"type":"record","name":"All","fields":[
        {"name":"n","type":"null"},{"name":"b","type":"boolean"},{"name":"i","type":"int"},
        {"name":"l","type":"long"},{"name":"f","type":"float"},{"name":"d","type":"double"},
        {"name":"s","type":"string"},{"name":"by","type":"bytes"},
        {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B","C"]}},
        {"name":"fx","type":{"type":"fixed","name":"F","size":3}},
        {"name":"a","type":{"type":"array","items":"long"}},
        {"name":"m","type":{"type":"map","values":["null","string"]}},
        {"name":"u","type":["null","int","string",{"type":"array","items":"E"}]}]}"#,
    r#"{"type":"record","name":"Logical","fields":[
        {"name":"dec","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
        {"name":"fdec","type":{"type":"fixed","name":"FD","size":5,"logicalType":"decimal","precision":10,"scale":3}},
        {"name":"uuid","type":{"type":"string","logicalType":"uuid"}},
        {"name":"date","type":{"type":"int","logicalType":"date"}},
        {"name":"tms","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"tus","type":{"type":"long","logicalType":"timestamp-micros"}},
        {"name":"tod","type":{"type":"int","logicalType":"time-millis"}},
        {"name":"dur","type":{"type":"fixed","name":"Dur","size":12,"logicalType":"duration"}}]}"#,
    r#"{"type":"record","name":"Node","fields":[{"name":"v","type":"int"},
        {"name":"next","type":["null","Node"]},
        {"name":"kids","type":{"type":"array","items":"Node"}}]}"#,
    r#"{"type":"array","items":{"type":"map","values":{"type":"array","items":"null"}}}"#,
    include_str!("../schemas/order.created.avsc"),
    include_str!("../schemas/payment.failed.avsc"),
];

/// Avro binary decoding of arbitrary bytes against a schema (the first byte picks it). What
/// decodes must encode back, and decode again to the same value: consume | produce keeps it.
pub fn avro_decode(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let text = AVRO_SCHEMAS[usize::from(pick) % AVRO_SCHEMAS.len()];
    let schema = AvroSchema::parse_str(text).expect("the fuzz schemas parse");
    for rfc3339 in [false, true] {
        let opts = DecodeOptions { rfc3339 };
        let Ok(v) = decode_json(&schema, bytes, opts) else {
            continue;
        };
        let mut out = Vec::new();
        encode_json(&schema, &v, &mut out)
            .unwrap_or_else(|e| panic!("decoded {v} does not encode back: {e}"));
        let again = decode_json(&schema, &out, opts).expect("re-encoded bytes decode");
        assert_eq!(again, v, "a decode | encode round trip changed the value");
    }
}

/// The envelope parser (`produce --input envelope`) on any line; and any record written as
/// an envelope (`consume -o jsonl`) reads back with the same key, value and headers.
pub fn envelope(data: &[u8]) {
    let _ = decode_envelope(data);
    let f = fields(data, 5);
    let (Ok(h1), Ok(h2)) = (std::str::from_utf8(f[2]), std::str::from_utf8(f[3])) else {
        return;
    };
    let headers: Vec<Header<'_>> = vec![(h1, Some(f[1])), (h2, None), (h1, Some(f[4]))];
    let rec = RecordRef {
        topic: "t",
        partition: 0,
        offset: 1,
        timestamp: Some(2),
        key: Some(f[0]),
        value: Some(f[4]),
        headers: &headers,
        value_error: None,
        value_invalid: None,
    };
    let mut line = Vec::new();
    encode_envelope(&mut line, &rec);
    let back = decode_envelope(&line).unwrap_or_else(|e| {
        panic!(
            "an envelope evctl wrote does not parse: {e}: {}",
            String::from_utf8_lossy(&line)
        )
    });
    assert_eq!(back.key.as_deref(), Some(f[0]), "key changed");
    assert_eq!(back.value.as_deref(), Some(f[4]), "value changed");
    let mut want: Vec<(String, Option<Vec<u8>>)> = headers
        .iter()
        .map(|(n, v)| ((*n).to_string(), v.map(<[u8]>::to_vec)))
        .collect();
    let mut got = back.headers.clone();
    // headers of one name keep their order; names may be grouped
    want.sort_by(|a, b| a.0.cmp(&b.0));
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got, want, "headers changed");
}

/// The `--from` / `--until` grammar, and resolving any position against any watermarks.
pub fn offsets(data: &[u8]) {
    let f = fields(data, 2);
    let Ok(text) = std::str::from_utf8(f[1]) else {
        return;
    };
    let mut nums = [0i64; 3];
    for (i, chunk) in f[0].chunks(8).take(3).enumerate() {
        let mut b = [0u8; 8];
        b[..chunk.len()].copy_from_slice(chunk);
        nums[i] = i64::from_le_bytes(b);
    }
    let (low, high) = (nums[0].min(nums[1]), nums[0].max(nums[1]));
    let found = (nums[2] % 3 != 0).then_some(nums[2]);
    if let Ok(s) = StartSpec::parse(text, nums[2]) {
        let at = s.resolve(low, high, found);
        assert!(
            (low..=high).contains(&at),
            "{s:?} resolved outside [{low}, {high}]"
        );
    }
    if let Ok(e) = EndSpec::parse(text, nums[2]) {
        assert!(e.resolve(high, found) <= high);
    }
}

/// DLQ provenance in any of the conventions read (evctl, Spring's binary ints, Connect),
/// from hostile header bytes.
pub fn dlq_headers(data: &[u8]) {
    const NAMES: &[&str] = &[
        "dlq.original.topic",
        "dlq.original.partition",
        "dlq.original.offset",
        "dlq.error",
        "dlq.attempts",
        "kafka_dlt-original-topic",
        "kafka_dlt-original-partition",
        "kafka_dlt-original-offset",
        "kafka_dlt-exception-message",
        "__connect.errors.topic",
        "__connect.errors.partition",
        "__connect.errors.offset",
        "replay.count",
        "replay.of",
    ];
    let mut headers: Vec<Header<'_>> = Vec::new();
    let mut rest = data;
    while let Some((&tag, tail)) = rest.split_first() {
        let len = usize::from(tail.first().copied().unwrap_or(0)).min(tail.len().saturating_sub(1));
        let value = tail.get(1..=len).unwrap_or(&[]);
        let name = NAMES[usize::from(tag) % NAMES.len()];
        headers.push((name, (tag & 0x80 == 0).then_some(value)));
        rest = tail.get(len + 1..).unwrap_or(&[]);
    }
    let p = deadletter::provenance(&headers);
    let _ = deadletter::destination(&p, None, "orders.dlq");
    let _ = deadletter::replay_count(&headers);
    if let Some((_, Some(v))) = headers.iter().find(|(n, _)| *n == "replay.of") {
        let _ = deadletter::parse_replay_of(v, "orders.dlq");
    }
}

/// The schema parser and the compatibility checker, on any text (two schemas split at the
/// first zero byte, checked both ways).
pub fn schema(data: &[u8]) {
    let (a, b) = match data.iter().position(|&c| c == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, data),
    };
    let (Ok(a), Ok(b)) = (std::str::from_utf8(a), std::str::from_utf8(b)) else {
        return;
    };
    let (Ok(ra), Ok(rb)) = (AvroSchema::parse_str(a), AvroSchema::parse_str(b)) else {
        return;
    };
    let _ = compat::check(&ra, &rb);
    let _ = compat::check(&rb, &ra);
    assert!(
        compat::check(&ra, &ra).is_empty(),
        "a schema is incompatible with itself: {a}"
    );
}

/// The file the Protobuf target decodes against: nesting, recursion, maps, oneofs, enums,
/// repeated and packed fields, 64-bit numbers, a well-known type.
const PROTO: &str = r#"syntax = "proto3";
package fuzz;
import "google/protobuf/timestamp.proto";
message Order {
  string id = 1;
  int64 cents = 2;
  repeated Line lines = 3;
  map<string, int32> stock = 4;
  oneof pay { string card = 5; bytes token = 6; }
  Status status = 7;
  google.protobuf.Timestamp at = 8;
  Order parent = 9;
  repeated sint32 deltas = 10;
  double rate = 11;
  message Line { string sku = 1; fixed32 qty = 2; message Note { string text = 1; } }
  enum Status { NEW = 0; PAID = 1; }
}
message Refund { string id = 1; Order order = 2; }
"#;

/// The Protobuf framing and decode: the message-index array (count, indexes, limits), the
/// message it names, the bytes as that message. Any input is a value or one clear error;
/// an array that reads writes back to the same path.
pub fn protobuf(data: &[u8]) {
    static SCHEMA: std::sync::OnceLock<ProtoSchema> = std::sync::OnceLock::new();
    let schema = SCHEMA.get_or_init(|| {
        ProtoSchema::compile("fuzz.proto", vec![("fuzz.proto".into(), PROTO.into())])
            .expect("the fuzz schema compiles")
    });
    if let Ok((path, _)) = read_indexes(data) {
        let mut again = Vec::new();
        write_indexes(&path, &mut again);
        assert_eq!(
            read_indexes(&again).map(|(p, _)| p),
            Ok(path),
            "index array round trip"
        );
    }
    let tree = schema.decode_payload(data);
    // the one-pass text path agrees with the tree path on what decodes, and writes JSON
    let mut text = Vec::new();
    let fast = schema.decode_payload_text(data, &mut text);
    assert_eq!(fast.is_ok(), tree.is_ok(), "the two decode paths disagree");
    if fast.is_ok() {
        serde_json::from_slice::<serde_json::Value>(&text).expect("the text path writes JSON");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_split_by_length_bytes_and_the_last_takes_the_rest() {
        assert_eq!(
            fields(&[2, b'a', b'b', b'c', b'd'], 2),
            vec![&b"ab"[..], b"cd"]
        );
        assert_eq!(fields(&[9, b'a'], 3), vec![&b"a"[..], b"", b""]);
        assert_eq!(fields(&[], 2), vec![&b""[..], b""]);
    }

    #[test]
    fn every_target_takes_empty_and_small_inputs() {
        for (_, target) in TARGETS {
            for input in [&b""[..], b"\0", b"\xff\xff\xff", b"{}", b"-5"] {
                target(input);
            }
        }
    }
}

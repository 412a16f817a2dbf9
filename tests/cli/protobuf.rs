//! Protobuf values end to end: records framed as the Java and Python clients frame them
//! (magic byte, schema id, message-index array, message) are read by `consume` with the
//! `.proto` files of `--schemas DIR` (imports from its folders), on both brokers.

use crate::common;

use base64::Engine as _;
use common::{unique, Target};

const MONEY: &str = "syntax = \"proto3\";\npackage common;\nmessage Money { int64 cents = 1; }\n";
const ORDER: &str = "syntax = \"proto3\";\npackage shop;\nimport \"common/money.proto\";\n\
    message Order { string id = 1; common.Money total = 2; message Line { int32 qty = 1; } }\n\
    message Refund { string id = 1; }\n";

/// The three messages of SCHEMA-FORMATS §1 (schema id 1), as envelopes with base64 values.
fn envelopes() -> String {
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    [
        // Order{id: "o-1", total: {cents: 5}}, path [0]
        &[
            0, 0, 0, 0, 1, 0x00, 0x0a, 0x03, b'o', b'-', b'1', 0x12, 0x02, 0x08, 0x05,
        ][..],
        // Refund{id: "o-1"}, path [1]
        &[0, 0, 0, 0, 1, 0x02, 0x02, 0x0a, 0x03, b'o', b'-', b'1'][..],
        // Order.Line{qty: 3}, path [0, 0]
        &[0, 0, 0, 0, 1, 0x04, 0x00, 0x00, 0x08, 0x03][..],
    ]
    .iter()
    .map(|v| {
        format!(
            "{{\"key\":\"o-1\",\"value\":\"{}\",\"value_encoding\":\"base64\"}}\n",
            b64(v)
        )
    })
    .collect()
}

fn read_protobuf(t: &Target, topic: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("common")).unwrap();
    std::fs::write(dir.path().join("common/money.proto"), MONEY).unwrap();
    std::fs::write(dir.path().join(format!("{topic}.proto")), ORDER).unwrap();
    t.produce(topic, &envelopes(), &["--input", "envelope"]);
    let schemas = dir.path().to_str().unwrap();
    let got = t.consume_jsonl(&[topic, "--schemas", schemas]);
    let values: Vec<&serde_json::Value> = got.iter().map(|e| &e["value"]).collect();
    assert_eq!(
        values,
        [
            &serde_json::json!({"id": "o-1", "total": {"cents": "5"}}),
            &serde_json::json!({"id": "o-1"}),
            &serde_json::json!({"qty": 3}),
        ]
    );
}

#[test]
fn protobuf_values_on_the_embedded_broker() {
    let t = Target::embedded(&[("pb-orders", 1)]);
    read_protobuf(&t, "pb-orders");
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn protobuf_values_on_the_real_broker() {
    let topic = unique("pb-orders");
    let t = Target::real(&[(&topic, 1)]);
    read_protobuf(&t, &topic);
}

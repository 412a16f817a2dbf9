//! evctl's Avro codec against the reference library (the `apache-avro` crate): for every
//! schema in `schemas/` and for generated schemas (every type, logical types, unions, nested
//! and recursive records), generated data is encoded by evctl; the reference must read those
//! bytes and write the very same bytes back, and evctl must read them back to the same value.

use apache_avro::Schema as RefSchema;
use evctl::codec::avro_codec::{decode_json, encode_json, DecodeOptions};
use evctl::codec::avro_schema::{AvroSchema, Node, NodeId, Primitive};
use serde_json::{json, Map, Value};

/// A small deterministic generator (xorshift), so a failure names a reproducible case.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

fn text(rng: &mut Rng) -> String {
    const PARTS: &[&str] = &["", "a", "order", "ü", "€", "\"", "\\", "\n", "日本", "0"];
    (0..rng.below(6))
        .map(|_| PARTS[rng.below(PARTS.len() as u64) as usize])
        .collect()
}

fn latin1(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| char::from(rng.below(256) as u8)).collect()
}

fn decimal_text(rng: &mut Rng, precision: u32, scale: u32) -> String {
    let digits = 1 + rng.below(u64::from(precision)) as usize;
    let mut d: String = (0..digits)
        .map(|_| char::from(b'0' + rng.below(10) as u8))
        .collect();
    while d.len() <= scale as usize {
        d.insert(0, '0');
    }
    let cut = d.len() - scale as usize;
    let mut s = d[..cut].trim_start_matches('0').to_string();
    if s.is_empty() {
        s.push('0');
    }
    if scale > 0 {
        s.push('.');
        s.push_str(&d[cut..]);
    }
    if rng.chance(40) && !s.trim_matches(|c| c == '0' || c == '.').is_empty() {
        s.insert(0, '-');
    }
    s
}

/// A value of node `id` as evctl's decoder shows it (plain JSON, unions unwrapped).
fn value(s: &AvroSchema, id: NodeId, rng: &mut Rng, depth: usize) -> Value {
    let logical = s.logical(id);
    match s.node(id) {
        Node::Primitive(p) => match (p, logical) {
            (Primitive::Null, _) => Value::Null,
            (Primitive::Boolean, _) => Value::Bool(rng.chance(50)),
            (Primitive::Int, _) => json!((rng.next() as i64 as i32) >> rng.below(31)),
            (Primitive::Long, _) => json!((rng.next() as i64) >> rng.below(63)),
            (Primitive::Float, _) => json!(f64::from((rng.below(2000) as f32 - 1000.0) / 8.0)),
            (Primitive::Double, _) => json!((rng.next() as i64 >> 11) as f64 / 1024.0),
            (Primitive::Bytes, Some("decimal")) => {
                let scale = s.decimal_scale(id).unwrap_or(0);
                json!(decimal_text(rng, 9.max(scale), scale))
            }
            (Primitive::Bytes, _) => {
                let n = rng.below(8) as usize;
                json!(latin1(rng, n))
            }
            (Primitive::String, Some("uuid")) => {
                json!(format!(
                    "{:08x}-0000-4000-8000-{:012x}",
                    rng.next() as u32,
                    rng.next() >> 16
                ))
            }
            (Primitive::String, _) => json!(text(rng)),
        },
        Node::Array(items) => {
            let n = if depth > 3 { 0 } else { rng.below(4) };
            Value::Array((0..n).map(|_| value(s, *items, rng, depth + 1)).collect())
        }
        Node::Map(values) => {
            // at most one entry: the reference keeps maps in a HashMap, so it writes several
            // entries back in its own order (the same map, other bytes)
            let n = if depth > 3 { 0 } else { rng.below(2) };
            let mut m = Map::new();
            for i in 0..n {
                m.insert(
                    format!("k{i}{}", text(rng)),
                    value(s, *values, rng, depth + 1),
                );
            }
            Value::Object(m)
        }
        Node::Union(branches) => {
            // deep down, the null branch (recursion ends) when there is one
            let null = branches
                .iter()
                .position(|b| matches!(s.node(*b), Node::Primitive(Primitive::Null)));
            let pick = match null {
                Some(n) if depth > 3 => n,
                _ => rng.below(branches.len() as u64) as usize,
            };
            value(s, branches[pick], rng, depth + 1)
        }
        Node::Fixed { size, .. } => json!(latin1(rng, *size)),
        Node::Enum { symbols, .. } => json!(symbols[rng.below(symbols.len() as u64) as usize]),
        Node::Record { fields, .. } => {
            let mut m = Map::new();
            for f in fields {
                m.insert(f.name.clone(), value(s, f.ty, rng, depth + 1));
            }
            Value::Object(m)
        }
    }
}

/// A generated schema: a record of random fields (primitives, logical types, enums, fixed,
/// arrays, maps, unions of null and one other type, nested records, a recursive link).
fn schema_text(rng: &mut Rng, n: usize) -> String {
    let mut names = 0;
    let root = format!("Gen{n}");
    let fields: Vec<Value> = (0..1 + rng.below(7))
        .map(|i| json!({"name": format!("f{i}"), "type": ty(rng, 0, &mut names, &root)}))
        .collect();
    json!({"type": "record", "name": root, "namespace": "gen", "fields": fields}).to_string()
}

fn ty(rng: &mut Rng, depth: usize, names: &mut usize, root: &str) -> Value {
    let leaf = depth > 2;
    let pick = rng.below(if leaf { 14 } else { 20 });
    fn name(names: &mut usize, kind: &str) -> String {
        *names += 1;
        format!("{kind}{names}")
    }
    match pick {
        0 => json!("null"),
        1 => json!("boolean"),
        2 => json!("int"),
        3 => json!("long"),
        4 => json!("float"),
        5 => json!("double"),
        6 => json!("bytes"),
        7 => json!("string"),
        8 => {
            json!({"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": rng.below(5)})
        }
        9 => json!({"type": "string", "logicalType": "uuid"}),
        10 => json!({"type": "int", "logicalType": "date"}),
        11 => {
            let logical = ["timestamp-millis", "timestamp-micros"][rng.below(2) as usize];
            json!({"type": "long", "logicalType": logical})
        }
        12 => json!({"type": "enum", "name": name(names, "E"), "symbols": ["A", "B", "C_1"]}),
        13 => json!({"type": "fixed", "name": name(names, "F"), "size": 1 + rng.below(6)}),
        14 => json!({"type": "array", "items": ty(rng, depth + 1, names, root)}),
        15 => json!({"type": "map", "values": ty(rng, depth + 1, names, root)}),
        16 | 17 => {
            let other = ty(rng, depth + 1, names, root);
            // a union cannot hold null twice, nor another union
            if other == json!("null") || other.is_array() {
                json!(["null", "string"])
            } else {
                json!(["null", other])
            }
        }
        18 => {
            let fields: Vec<Value> = (0..1 + rng.below(4))
                .map(|i| json!({"name": format!("n{i}"), "type": ty(rng, depth + 1, names, root)}))
                .collect();
            json!({"type": "record", "name": name(names, "R"), "fields": fields})
        }
        _ => json!(["null", root]),
    }
}

/// One case: evctl encodes; the reference reads and re-writes the same bytes; evctl reads
/// them back to the same value.
fn check(label: &str, text: &str, rng: &mut Rng, values: usize) {
    let ours = AvroSchema::parse_str(text).unwrap_or_else(|e| panic!("{label}: {e:?}"));
    let theirs = RefSchema::parse_str(text).unwrap_or_else(|e| panic!("{label}: reference: {e}"));
    for i in 0..values {
        let v = value(&ours, ours.root, rng, 0);
        let mut bytes = Vec::new();
        encode_json(&ours, &v, &mut bytes).unwrap_or_else(|e| panic!("{label} #{i}: {v}: {e:?}"));
        let read = apache_avro::from_avro_datum(&theirs, &mut &bytes[..], None)
            .unwrap_or_else(|e| panic!("{label} #{i}: the reference cannot read {v}: {e}"));
        let again = apache_avro::to_avro_datum(&theirs, read.clone())
            .unwrap_or_else(|e| panic!("{label} #{i}: the reference cannot write {read:?}: {e}"));
        assert_eq!(again, bytes, "{label} #{i}: {v} (reference read {read:?})");
        let back = decode_json(&ours, &again, DecodeOptions::default())
            .unwrap_or_else(|e| panic!("{label} #{i}: {e:?}"));
        assert_eq!(back, v, "{label} #{i}");
    }
}

#[test]
fn every_schema_file_agrees_with_the_reference() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let mut rng = Rng(0x5eed);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "avsc") {
            continue; // the same contracts as Protobuf and JSON Schema
        }
        let text = std::fs::read_to_string(&path).unwrap();
        check(&path.display().to_string(), &text, &mut rng, 200);
        n += 1;
    }
    assert!(n >= 8, "{n} schema files");
}

#[test]
fn generated_schemas_agree_with_the_reference() {
    let mut rng = Rng(0x0e7c_71a5);
    for n in 0..300 {
        let text = schema_text(&mut rng, n);
        check(&format!("generated #{n}: {text}"), &text, &mut rng, 20);
    }
}

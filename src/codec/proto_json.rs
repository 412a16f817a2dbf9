//! ProtoJSON text → Protobuf binary in one pass, without a JSON tree or a dynamic message: the
//! fast path of `produce --value-format protobuf`.
//!
//! Why: going through prost-reflect's `DynamicMessage` (a map of boxed values per message,
//! then its encoding) cost 0.21x the speed of producing the JSON as is, and a `serde_json`
//! tree first still 0.44x (most of it building and hashing the tree). This compiles the
//! descriptor once into a [`Plan`] (fields by JSON name, their kinds and keys) and drives
//! serde_json's parser with it, writing each field as it is read: the wire format is the
//! record's fields in the JSON's order, which every Protobuf parser accepts (and in field-number
//! order, byte for byte what the Java and Python clients write, when the JSON is in that order,
//! as ProtoJSON printers write it). It covers what event contracts are made of: scalars, enums
//! (by name or number), strings, bytes, nested messages, repeated fields (packed where the field
//! is). Anything else (maps, the well-known types with their own JSON forms, special float
//! spellings, a key it does not know or meets twice, a number that does not fit) stops it, and
//! the caller takes the dynamic path, which encodes it or names what is wrong. A test holds the
//! two paths to the same bytes.

use std::collections::HashMap;
use std::fmt;

use base64::Engine as _;
use prost::encoding::encode_varint;
use prost_reflect::{EnumDescriptor, Kind, MessageDescriptor};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// A message type compiled for encoding, with every message type it reaches.
#[derive(Debug, Clone)]
pub struct Plan {
    pub(super) messages: Vec<MessagePlan>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct MessagePlan {
    /// By field number.
    pub(super) fields: Vec<FieldPlan>,
}

#[derive(Debug, Clone)]
pub(super) struct FieldPlan {
    pub(super) number: u32,
    pub(super) json_name: String,
    name: String,
    /// The field's key (number and wire type) as a varint; packed lists use `packed_key`.
    key: Vec<u8>,
    packed_key: Option<Vec<u8>>,
    pub(super) kind: FieldKind,
    pub(super) list: bool,
    /// Written even when it holds the default (proto2, `optional`, message fields).
    pub(super) presence: bool,
}

#[derive(Debug, Clone)]
pub(super) enum FieldKind {
    Int32,
    Int64,
    Uint32,
    Uint64,
    Sint32,
    Sint64,
    Bool,
    Enum(EnumDescriptor),
    Fixed32,
    Sfixed32,
    Fixed64,
    Sfixed64,
    Float,
    Double,
    String,
    Bytes,
    /// Index into [`Plan::messages`].
    Message(usize),
    /// Maps and the well-known types: the dynamic path.
    Other,
}

/// The most fields a message may have for the fast path (a duplicate key is found with a
/// bit per field).
const MAX_FIELDS: usize = 128;

impl Plan {
    /// The plan for `desc` and the message types its fields reach.
    pub fn new(desc: &MessageDescriptor) -> Self {
        let mut plan = Plan {
            messages: Vec::new(),
        };
        let mut index = HashMap::new();
        plan.add(desc, &mut index);
        plan
    }

    fn add(&mut self, desc: &MessageDescriptor, index: &mut HashMap<String, usize>) -> usize {
        if let Some(&i) = index.get(desc.full_name()) {
            return i;
        }
        let i = self.messages.len();
        index.insert(desc.full_name().to_string(), i);
        self.messages.push(MessagePlan::default());
        let mut fields: Vec<_> = desc.fields().collect();
        fields.sort_by_key(|f| f.number());
        let mut plans = Vec::with_capacity(fields.len());
        for f in &fields {
            let kind = match f.kind() {
                _ if f.is_map() => FieldKind::Other,
                Kind::Message(m) if m.full_name().starts_with("google.protobuf.") => {
                    FieldKind::Other
                }
                Kind::Message(m) => FieldKind::Message(self.add(&m, index)),
                k => scalar_kind(k),
            };
            let wire = wire_type(&kind);
            plans.push(FieldPlan {
                number: f.number(),
                json_name: f.json_name().to_string(),
                name: f.name().to_string(),
                key: varint_bytes(u64::from(f.number()) << 3 | wire),
                packed_key: f
                    .is_packed()
                    .then(|| varint_bytes(u64::from(f.number()) << 3 | 2)),
                kind,
                list: f.is_list(),
                presence: f.supports_presence(),
            });
        }
        self.messages[i].fields = plans;
        i
    }

    /// Appends the message in `json` (ProtoJSON text) to `out`; None (with `out` partly
    /// written: the caller truncates) when the fast path does not cover it.
    pub fn encode(&self, json: &[u8], out: &mut Vec<u8>) -> Option<()> {
        let mut de = serde_json::Deserializer::from_slice(json);
        let seed = MessageSeed {
            plan: self,
            msg: 0,
            out,
        };
        seed.deserialize(&mut de).ok()?;
        de.end().ok()
    }
}

fn scalar_kind(k: Kind) -> FieldKind {
    match k {
        Kind::Int32 => FieldKind::Int32,
        Kind::Int64 => FieldKind::Int64,
        Kind::Uint32 => FieldKind::Uint32,
        Kind::Uint64 => FieldKind::Uint64,
        Kind::Sint32 => FieldKind::Sint32,
        Kind::Sint64 => FieldKind::Sint64,
        Kind::Bool => FieldKind::Bool,
        Kind::Enum(e) => FieldKind::Enum(e),
        Kind::Fixed32 => FieldKind::Fixed32,
        Kind::Sfixed32 => FieldKind::Sfixed32,
        Kind::Fixed64 => FieldKind::Fixed64,
        Kind::Sfixed64 => FieldKind::Sfixed64,
        Kind::Float => FieldKind::Float,
        Kind::Double => FieldKind::Double,
        Kind::String => FieldKind::String,
        Kind::Bytes => FieldKind::Bytes,
        Kind::Message(_) => FieldKind::Other,
    }
}

pub(super) fn wire_type(k: &FieldKind) -> u64 {
    match k {
        FieldKind::Double | FieldKind::Fixed64 | FieldKind::Sfixed64 => 1,
        FieldKind::Float | FieldKind::Fixed32 | FieldKind::Sfixed32 => 5,
        FieldKind::String | FieldKind::Bytes | FieldKind::Message(_) | FieldKind::Other => 2,
        _ => 0,
    }
}

fn varint_bytes(n: u64) -> Vec<u8> {
    let mut v = Vec::with_capacity(10);
    encode_varint(n, &mut v);
    v
}

/// Puts the length of what was written since `start` in front of it.
fn close_len(out: &mut Vec<u8>, start: usize) {
    let len = out.len() - start;
    let mut tmp = Vec::with_capacity(10);
    encode_varint(len as u64, &mut tmp);
    out.extend_from_slice(&tmp);
    out[start..].rotate_right(tmp.len());
}

/// Why the fast path stopped: the caller takes the dynamic path, which says what is wrong.
fn off_path<E: de::Error>() -> E {
    E::custom("off the fast path")
}

/// One message, read as a JSON object.
struct MessageSeed<'p, 'o> {
    plan: &'p Plan,
    msg: usize,
    out: &'o mut Vec<u8>,
}

impl<'de> DeserializeSeed<'de> for MessageSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MessageSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let fields = &self.plan.messages[self.msg].fields;
        if fields.len() > MAX_FIELDS {
            return Err(off_path());
        }
        let mut seen = [0u64; MAX_FIELDS / 64];
        while let Some(i) = map.next_key_seed(KeySeed(fields))? {
            let bit = 1u64 << (i % 64);
            if seen[i / 64] & bit != 0 {
                return Err(off_path());
            }
            seen[i / 64] |= bit;
            map.next_value_seed(FieldSeed {
                plan: self.plan,
                field: &fields[i],
                out: &mut *self.out,
                place: Place::Field,
            })?;
        }
        Ok(())
    }
}

/// A key: the index of the field it names (by JSON name or proto name).
struct KeySeed<'p>(&'p [FieldPlan]);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = usize;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, k: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|f| f.json_name == k || f.name == k)
            .ok_or_else(off_path)
    }
}

/// Where a value sits: a field's whole value (a list for a repeated field), or one element
/// of a repeated field, packed (the value alone) or not (each with its key).
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Field,
    Packed,
    Unpacked,
}

/// One value of a field, with its key where it takes one.
struct FieldSeed<'p, 'o> {
    plan: &'p Plan,
    field: &'p FieldPlan,
    out: &'o mut Vec<u8>,
    place: Place,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl FieldSeed<'_, '_> {
    /// A scalar: its key (unless packed, or left out as a field's default) and its bytes.
    fn scalar<E: de::Error>(self, v: Scalar<'_>) -> Result<(), E> {
        if self.place == Place::Field && self.field.list {
            return Err(off_path());
        }
        let start = self.out.len();
        if self.place != Place::Packed {
            self.out.extend_from_slice(&self.field.key);
        }
        let default = write_scalar(&self.field.kind, v, self.out).ok_or_else(off_path)?;
        if default && self.place == Place::Field && !self.field.presence {
            self.out.truncate(start);
        }
        Ok(())
    }

    fn item(&mut self, place: Place) -> FieldSeed<'_, '_> {
        FieldSeed {
            plan: self.plan,
            field: self.field,
            out: &mut *self.out,
            place,
        }
    }
}

impl<'de> Visitor<'de> for FieldSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a ProtoJSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        match self.place {
            Place::Field => Ok(()), // null is the default
            _ => Err(off_path()),
        }
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<(), E> {
        self.scalar(Scalar::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<(), E> {
        self.scalar(Scalar::Int(n))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<(), E> {
        self.scalar(Scalar::Uint(n))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<(), E> {
        self.scalar(Scalar::Float(n))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        self.scalar(Scalar::Str(s))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let FieldKind::Message(m) = self.field.kind else {
            return Err(off_path());
        };
        if self.place == Place::Field && self.field.list {
            return Err(off_path());
        }
        self.out.extend_from_slice(&self.field.key);
        let start = self.out.len();
        MessageSeed {
            plan: self.plan,
            msg: m,
            out: &mut *self.out,
        }
        .visit_map(map)?;
        close_len(self.out, start);
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        if self.place != Place::Field || !self.field.list {
            return Err(off_path());
        }
        let Some(key) = &self.field.packed_key else {
            while seq.next_element_seed(self.item(Place::Unpacked))?.is_some() {}
            return Ok(());
        };
        let before = self.out.len();
        self.out.extend_from_slice(key);
        let start = self.out.len();
        while seq.next_element_seed(self.item(Place::Packed))?.is_some() {}
        if self.out.len() == start {
            self.out.truncate(before); // an empty packed list is left out
        } else {
            close_len(self.out, start);
        }
        Ok(())
    }
}

/// A JSON scalar as the parser read it.
#[derive(Clone, Copy)]
enum Scalar<'a> {
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(&'a str),
}

impl Scalar<'_> {
    /// An integer, or one in a string (ProtoJSON quotes 64-bit ones).
    fn int(self) -> Option<i64> {
        match self {
            Self::Int(n) => Some(n),
            Self::Uint(n) => i64::try_from(n).ok(),
            Self::Str(s) => s.parse().ok(),
            _ => None,
        }
    }

    fn uint(self) -> Option<u64> {
        match self {
            Self::Int(n) => u64::try_from(n).ok(),
            Self::Uint(n) => Some(n),
            Self::Str(s) => s.parse().ok(),
            _ => None,
        }
    }

    /// "NaN", "Infinity", quoted numbers: the dynamic path.
    fn float(self) -> Option<f64> {
        match self {
            Self::Int(n) => Some(n as f64),
            Self::Uint(n) => Some(n as f64),
            Self::Float(n) => Some(n),
            _ => None,
        }
    }
}

/// Writes one scalar (or enum) value without its key; Some(whether it is the default, which
/// a field without presence leaves out).
fn write_scalar(k: &FieldKind, v: Scalar<'_>, out: &mut Vec<u8>) -> Option<bool> {
    let default = match k {
        FieldKind::Int32 => varint(i64::from(i32::try_from(v.int()?).ok()?) as u64, out),
        FieldKind::Int64 => varint(v.int()? as u64, out),
        FieldKind::Uint32 => varint(u64::from(u32::try_from(v.uint()?).ok()?), out),
        FieldKind::Uint64 => varint(v.uint()?, out),
        FieldKind::Sint32 => {
            let n = i32::try_from(v.int()?).ok()?;
            varint(u64::from(((n << 1) ^ (n >> 31)) as u32), out)
        }
        FieldKind::Sint64 => {
            let n = v.int()?;
            varint(((n << 1) ^ (n >> 63)) as u64, out)
        }
        FieldKind::Bool => match v {
            Scalar::Bool(b) => varint(u64::from(b), out),
            _ => return None,
        },
        FieldKind::Enum(e) => {
            let n = match v {
                Scalar::Str(s) => e.get_value_by_name(s)?.number(),
                other => i32::try_from(other.int()?).ok()?,
            };
            varint(i64::from(n) as u64, out)
        }
        FieldKind::Fixed32 => fixed(&u32::try_from(v.uint()?).ok()?.to_le_bytes(), out),
        FieldKind::Sfixed32 => fixed(&i32::try_from(v.int()?).ok()?.to_le_bytes(), out),
        FieldKind::Fixed64 => fixed(&v.uint()?.to_le_bytes(), out),
        FieldKind::Sfixed64 => fixed(&v.int()?.to_le_bytes(), out),
        FieldKind::Float => {
            let f = v.float()? as f32;
            out.extend_from_slice(&f.to_le_bytes());
            f == 0.0
        }
        FieldKind::Double => {
            let f = v.float()?;
            out.extend_from_slice(&f.to_le_bytes());
            f == 0.0
        }
        FieldKind::String => match v {
            Scalar::Str(s) => bytes(s.as_bytes(), out),
            _ => return None,
        },
        FieldKind::Bytes => match v {
            Scalar::Str(s) => {
                let b = base64::engine::general_purpose::STANDARD.decode(s).ok()?;
                bytes(&b, out)
            }
            _ => return None,
        },
        FieldKind::Message(_) | FieldKind::Other => return None,
    };
    Some(default)
}

/// Writes a varint; whether it is zero.
fn varint(n: u64, out: &mut Vec<u8>) -> bool {
    encode_varint(n, out);
    n == 0
}

fn fixed(b: &[u8], out: &mut Vec<u8>) -> bool {
    out.extend_from_slice(b);
    b.iter().all(|x| *x == 0)
}

/// Length-delimited bytes; whether they are empty.
fn bytes(b: &[u8], out: &mut Vec<u8>) -> bool {
    encode_varint(b.len() as u64, out);
    out.extend_from_slice(b);
    b.is_empty()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::codec::proto::ProtoSchema;
    use prost::Message as _;
    use prost_reflect::DynamicMessage;
    use serde_json::{json, Value};

    /// Every kind of field (shared with `proto_json_out`'s tests).
    pub(crate) const FILE: &str = "syntax = \"proto3\"; package t;
        enum Color { RED = 0; GREEN = 1; }
        message Inner { string s = 1; repeated int32 packed = 2; }
        message All {
          int32 i32 = 1; int64 i64 = 2; uint32 u32 = 3; uint64 u64 = 4; sint32 s32 = 5;
          sint64 s64 = 6; bool b = 7; Color c = 8; fixed32 f32 = 9; sfixed32 sf32 = 10;
          fixed64 f64 = 11; sfixed64 sf64 = 12; float fl = 13; double d = 14; string s = 15;
          bytes by = 16; Inner inner = 17; repeated Inner inners = 18; repeated string names = 19;
          optional int32 maybe = 20; repeated Color colors = 21; repeated double ds = 22;
          oneof pick { string a = 23; int32 n = 24; }
        }";

    fn dynamic(desc: &MessageDescriptor, v: &Value) -> Vec<u8> {
        DynamicMessage::deserialize(desc.clone(), v)
            .unwrap()
            .encode_to_vec()
    }

    #[test]
    fn the_fast_path_writes_the_dynamic_paths_bytes() {
        let s = ProtoSchema::compile("t.proto", vec![("t.proto".into(), FILE.into())]).unwrap();
        let desc = s.message_at(&s.path_of(Some("t.All")).unwrap()).unwrap();
        let plan = Plan::new(&desc);
        let cases = [
            json!({"i32": -5, "i64": "-9000000000", "u32": 7, "u64": "18446744073709551615",
                   "s32": -3, "s64": "-4", "b": true, "c": "GREEN", "f32": 9, "sf32": -10,
                   "f64": "11", "sf64": "-12", "fl": 1.5, "d": -2.25, "s": "héllo", "by": "AQID",
                   "inner": {"s": "x", "packed": [1, -2, 300]},
                   "inners": [{"s": "a"}, {}], "names": ["p", ""], "maybe": 0,
                   "colors": ["RED", "GREEN", 1]}),
            json!({"i32": 0, "s": "", "b": false, "c": "RED", "inner": {}}),
            json!({}),
            json!({"i32": null, "inner": null}),
        ];
        for v in cases {
            let mut fast = Vec::new();
            assert!(
                plan.encode(v.to_string().as_bytes(), &mut fast).is_some(),
                "{v}"
            );
            assert_eq!(fast, dynamic(&desc, &v), "{v}");
        }
    }

    /// Keys in another order than the fields' numbers: the fields in the JSON's order, which
    /// decode to the same message; escapes in keys and strings are read as JSON reads them.
    #[test]
    fn any_key_order_decodes_to_the_same_message() {
        let s = ProtoSchema::compile("t.proto", vec![("t.proto".into(), FILE.into())]).unwrap();
        let desc = s.message_at(&s.path_of(Some("t.All")).unwrap()).unwrap();
        let plan = Plan::new(&desc);
        let text =
            r#"{"s": "a\"b\u00e9", "inner": {"packed": [2], "s": "x"}, "\u0069\u0033\u0032": 7}"#;
        let mut fast = Vec::new();
        assert!(plan.encode(text.as_bytes(), &mut fast).is_some());
        let v: Value = serde_json::from_str(text).unwrap();
        let want = DynamicMessage::deserialize(desc.clone(), &v).unwrap();
        assert_eq!(DynamicMessage::decode(desc, fast.as_slice()).unwrap(), want);
    }

    #[test]
    fn what_it_does_not_cover_goes_to_the_dynamic_path() {
        let s = ProtoSchema::compile("t.proto", vec![("t.proto".into(), FILE.into())]).unwrap();
        let desc = s.message_at(&s.path_of(Some("t.All")).unwrap()).unwrap();
        let plan = Plan::new(&desc);
        for v in [
            json!({"nope": 1}),
            json!({"d": "NaN"}),
            json!({"i32": 1.5}),
            json!({"i32": 3000000000u64}),
            json!({"c": "BLUE"}),
            json!({"s": 5}),
            json!([1]),
            json!({"names": "p"}),
            json!({"inner": [{}]}),
            json!({"inners": [null]}),
        ] {
            assert!(
                plan.encode(v.to_string().as_bytes(), &mut Vec::new())
                    .is_none(),
                "{v}"
            );
        }
        for text in [
            r#"{"s": "a", "s": "b"}"#,
            r#"{"i32": 1, "i32": 2}"#,
            r#"{"s": "a"} x"#,
        ] {
            assert!(
                plan.encode(text.as_bytes(), &mut Vec::new()).is_none(),
                "{text}"
            );
        }
    }
}

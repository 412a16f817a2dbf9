//! JSON text → Avro binary in one pass, driven by the schema, without building a
//! `serde_json::Value` (issue #3's budget: encoding must keep ≥ 0.7× raw produce speed;
//! parsing every line into a `Value` first cost 5×, mostly in allocation and map hashing).
//!
//! It is a fast path, not a second codec: it takes only the plain, unambiguous shapes
//! (fields in schema order, one union branch of the value's JSON kind) and gives up on
//! anything else. The caller then runs [`super::avro_codec::encode_json`], which produces the
//! same bytes or the error with its field path. So the two can never disagree on what is
//! valid, and error messages come from one place.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::avro_codec::{encode_value, latin1, zigzag};
use super::avro_schema::{AvroSchema, Node, NodeId, Primitive};

/// Encodes JSON text as an Avro datum of `schema` onto `out`. Returns false (with `out` as it
/// was) when the fast path does not apply or the input does not fit; use `encode_json` then.
pub fn encode_json_text(schema: &AvroSchema, json: &[u8], out: &mut Vec<u8>) -> bool {
    let start = out.len();
    let mut de = serde_json::Deserializer::from_slice(json);
    let ok = Enc {
        s: schema,
        id: schema.root,
        out,
    }
    .deserialize(&mut de)
    .is_ok()
        && de.end().is_ok();
    if !ok {
        out.truncate(start);
    }
    ok
}

/// "Not on the fast path": the reason is recomputed by the `Value` path.
fn give_up<E: de::Error>() -> E {
    E::custom("")
}

struct Enc<'a> {
    s: &'a AvroSchema,
    id: NodeId,
    out: &'a mut Vec<u8>,
}

impl<'de> DeserializeSeed<'de> for Enc<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// The union branch for a JSON kind: the first branch of that kind, as the `Value` path picks.
fn branch(s: &AvroSchema, branches: &[NodeId], fits: impl Fn(&Node) -> bool) -> Option<usize> {
    branches.iter().position(|b| fits(s.node(*b)))
}

impl Enc<'_> {
    /// Scalars in a union: pick the branch, write its index, then the value through `f`.
    fn union_scalar<E: de::Error>(
        self,
        fits: impl Fn(&Node) -> bool,
        f: impl FnOnce(Enc<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let Node::Union(branches) = self.s.node(self.id) else {
            return Err(give_up());
        };
        let i = branch(self.s, branches, fits).ok_or_else(give_up)?;
        zigzag(self.out, i as i64);
        f(Enc {
            s: self.s,
            id: branches[i],
            out: self.out,
        })
    }

    fn is_union(&self) -> bool {
        matches!(self.s.node(self.id), Node::Union(_))
    }

    fn int<E: de::Error>(self, n: i64) -> Result<(), E> {
        match self.s.node(self.id) {
            Node::Primitive(Primitive::Int) if i32::try_from(n).is_ok() => zigzag(self.out, n),
            Node::Primitive(Primitive::Long) => zigzag(self.out, n),
            Node::Primitive(Primitive::Float) => {
                self.out.extend_from_slice(&(n as f64 as f32).to_le_bytes())
            }
            Node::Primitive(Primitive::Double) => {
                self.out.extend_from_slice(&(n as f64).to_le_bytes())
            }
            _ => return Err(give_up()),
        }
        Ok(())
    }

    fn float<E: de::Error>(self, f: f64) -> Result<(), E> {
        match self.s.node(self.id) {
            Node::Primitive(Primitive::Float) => {
                self.out.extend_from_slice(&(f as f32).to_le_bytes())
            }
            Node::Primitive(Primitive::Double) => self.out.extend_from_slice(&f.to_le_bytes()),
            _ => return Err(give_up()),
        }
        Ok(())
    }

    fn string<E: de::Error>(self, v: &str) -> Result<(), E> {
        match self.s.node(self.id) {
            Node::Primitive(Primitive::String) => {
                zigzag(self.out, v.len() as i64);
                self.out.extend_from_slice(v.as_bytes());
            }
            Node::Enum { symbols, .. } => {
                let i = symbols.iter().position(|x| x == v).ok_or_else(give_up)?;
                zigzag(self.out, i as i64);
            }
            // decimals (text to two's complement) are the Value path's business
            Node::Primitive(Primitive::Bytes) if self.s.decimal_scale(self.id).is_none() => {
                let b = latin1(v).ok_or_else(give_up)?;
                zigzag(self.out, b.len() as i64);
                self.out.extend_from_slice(&b);
            }
            Node::Fixed { size, .. } => {
                let b = latin1(v).filter(|b| b.len() == *size).ok_or_else(give_up)?;
                self.out.extend_from_slice(&b);
            }
            // timestamps as RFC 3339 text: the Value path's business
            _ => return Err(give_up()),
        }
        Ok(())
    }

    /// Avro blocks lead with their item count, known only at the end: `open_block` leaves a
    /// one-byte slot, `close_block` fills it (widening it when the count needs more bytes)
    /// and ends the array or map with the empty block; an empty one is just that 0.
    fn open_block(out: &mut Vec<u8>) -> usize {
        out.push(0);
        out.len() - 1
    }

    fn close_block(out: &mut Vec<u8>, slot: usize, count: usize) {
        if count == 0 {
            return;
        }
        let mut n = [0u8; 10];
        let mut len = 0;
        let mut z = (count as u64) << 1;
        while z >= 0x80 {
            n[len] = (z as u8 & 0x7f) | 0x80;
            z >>= 7;
            len += 1;
        }
        n[len] = z as u8;
        out[slot] = n[0];
        if len > 0 {
            out.splice(slot + 1..slot + 1, n[1..=len].iter().copied());
        }
        out.push(0);
    }
}

/// A record key → the index of that field. Keys are read as bytes (no UTF-8 check: they
/// only ever equal field names, which are ASCII) and the expected next field is tried first.
struct FieldIndex<'a> {
    fields: &'a [super::avro_schema::Field],
    next: usize,
}

impl<'de> DeserializeSeed<'de> for FieldIndex<'_> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_bytes(self)
    }
}

impl<'de> Visitor<'de> for FieldIndex<'_> {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<usize, E> {
        if self
            .fields
            .get(self.next)
            .is_some_and(|f| f.name.as_bytes() == v)
        {
            return Ok(self.next);
        }
        let i = self.fields.iter().position(|f| f.name.as_bytes() == v);
        i.ok_or_else(give_up)
    }
}

/// A map key, written as an Avro string.
struct MapKey<'a>(&'a mut Vec<u8>);

impl<'de> DeserializeSeed<'de> for MapKey<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for MapKey<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        zigzag(self.0, v.len() as i64);
        self.0.extend_from_slice(v.as_bytes());
        Ok(())
    }
}

impl<'de> Visitor<'de> for Enc<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value of the schema")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        match self.s.node(self.id) {
            Node::Primitive(Primitive::Null) => Ok(()),
            Node::Union(_) => self.union_scalar(
                |n| matches!(n, Node::Primitive(Primitive::Null)),
                |_| Ok(()),
            ),
            _ => Err(give_up()),
        }
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        match self.s.node(self.id) {
            Node::Primitive(Primitive::Boolean) => {
                self.out.push(u8::from(v));
                Ok(())
            }
            Node::Union(_) => self.union_scalar(
                |n| matches!(n, Node::Primitive(Primitive::Boolean)),
                |e| {
                    e.out.push(u8::from(v));
                    Ok(())
                },
            ),
            _ => Err(give_up()),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        if self.is_union() {
            // the Value path tries the first numeric branch, then every branch: only the
            // first numeric branch is taken here, and a misfit goes back to it
            return self.union_scalar(
                |n| {
                    matches!(
                        n,
                        Node::Primitive(
                            Primitive::Int | Primitive::Long | Primitive::Float | Primitive::Double
                        )
                    )
                },
                |e| e.int(v),
            );
        }
        self.int(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.visit_i64(i64::try_from(v).map_err(|_| give_up())?)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        if self.is_union() {
            return self.union_scalar(
                |n| matches!(n, Node::Primitive(Primitive::Float | Primitive::Double)),
                |e| e.float(v),
            );
        }
        self.float(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if self.is_union() {
            return self.union_scalar(
                |n| matches!(n, Node::Primitive(Primitive::String)),
                |e| e.string(v),
            );
        }
        self.string(v)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (s, out) = (self.s, self.out);
        let items = match s.node(self.id) {
            Node::Array(items) => *items,
            Node::Union(branches) => {
                let i = branch(s, branches, |n| matches!(n, Node::Array(_))).ok_or_else(give_up)?;
                zigzag(out, i as i64);
                match s.node(branches[i]) {
                    Node::Array(items) => *items,
                    _ => return Err(give_up()),
                }
            }
            _ => return Err(give_up()),
        };
        let slot = Self::open_block(out);
        let mut count = 0;
        while seq
            .next_element_seed(Enc {
                s,
                id: items,
                out: &mut *out,
            })?
            .is_some()
        {
            count += 1;
        }
        Self::close_block(out, slot, count);
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (s, out) = (self.s, self.out);
        match s.node(self.id) {
            Node::Record { fields, .. } => {
                // fields in schema order only; fields left out are filled from defaults
                let defaults = |from: usize, to: usize, out: &mut Vec<u8>| {
                    fields[from..to].iter().try_for_each(|f| {
                        let d = f.default.as_ref().ok_or_else(give_up)?;
                        encode_value(s, f.ty, d, out).map_err(|_| give_up())
                    })
                };
                let mut next = 0;
                while let Some(i) = map.next_key_seed(FieldIndex { fields, next })? {
                    if i < next {
                        return Err(give_up()); // out of order, or repeated
                    }
                    defaults(next, i, out)?;
                    map.next_value_seed(Enc {
                        s,
                        id: fields[i].ty,
                        out: &mut *out,
                    })?;
                    next = i + 1;
                }
                defaults(next, fields.len(), out)
            }
            Node::Map(values) => {
                let slot = Self::open_block(out);
                let mut keys: Vec<(usize, usize)> = Vec::new();
                loop {
                    let k = out.len();
                    if map.next_key_seed(MapKey(&mut *out))?.is_none() {
                        break;
                    }
                    // a repeated key: the Value path keeps the last one
                    let key = (k, out.len());
                    if keys.iter().any(|&(a, b)| out[a..b] == out[key.0..key.1]) {
                        return Err(give_up());
                    }
                    keys.push(key);
                    map.next_value_seed(Enc {
                        s,
                        id: *values,
                        out: &mut *out,
                    })?;
                }
                Self::close_block(out, slot, keys.len());
                Ok(())
            }
            // objects in unions may be Avro's {"branch": value} wrapper: the Value path decides
            _ => Err(give_up()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::avro_codec::encode_json;
    use serde_json::Value;

    const SCHEMA: &str = r#"{"type":"record","name":"T","namespace":"x","fields":[
        {"name":"s","type":"string"},
        {"name":"o","type":["null","string"],"default":null},
        {"name":"i","type":"int"},
        {"name":"l","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"f","type":"float","default":0},
        {"name":"d","type":"double","default":0},
        {"name":"b","type":"boolean","default":false},
        {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"]},"default":"A"},
        {"name":"a","type":{"type":"array","items":{"type":"record","name":"I","fields":[
            {"name":"p","type":"string"},{"name":"q","type":"int"}]}},"default":[]},
        {"name":"m","type":{"type":"map","values":"long"},"default":{}},
        {"name":"u","type":["null","long","double",{"type":"array","items":"int"}],"default":null},
        {"name":"by","type":"bytes","default":""}]}"#;

    /// The fast path either declines or writes exactly what the Value path writes.
    fn same(schema: &AvroSchema, json: &str) -> bool {
        let mut fast = vec![9];
        let taken = encode_json_text(schema, json.as_bytes(), &mut fast);
        let slow = serde_json::from_str::<Value>(json).ok().and_then(|v| {
            let mut out = vec![9];
            encode_json(schema, &v, &mut out).ok().map(|()| out)
        });
        if taken {
            assert_eq!(Some(&fast), slow.as_ref(), "{json}");
        } else {
            assert_eq!(fast, vec![9], "{json}: output left as it was");
        }
        taken
    }

    #[test]
    fn plain_shapes_take_the_fast_path_and_match() {
        let s = AvroSchema::parse_str(SCHEMA).unwrap();
        for json in [
            r#"{"s":"a","o":null,"i":1,"l":5,"f":1.5,"d":-2,"b":true,"e":"B","a":[{"p":"x","q":2},{"p":"y","q":-3}],"m":{"k":7},"u":[1,2],"by":""}"#,
            r#"{"s":"a","o":"c","i":-2147483648,"l":1795341600000}"#,
            r#"{"s":"esc\"aped\u00e9","o":"x","i":0,"l":0,"f":3,"d":1e300,"b":false,"e":"A","a":[],"m":{},"u":12}"#,
            r#"{"s":"","o":null,"i":1,"l":2,"f":0.1,"d":0.2,"b":true,"e":"A","a":[],"m":{},"u":2.5}"#,
            r#" {"s":"x","i":1,"l":2} "#,
            &format!(
                r#"{{"s":"x","i":1,"l":2,"u":[{}]}}"#,
                vec!["7"; 300].join(",")
            ),
            r#"{"s":"x","i":1,"l":2,"f":0,"d":0,"b":true,"e":"A","a":[],"m":{"a":1,"b":2},"u":null,"by":"\u00ff\u0000"}"#,
        ] {
            assert!(same(&s, json), "fast path declined {json}");
        }
    }

    #[test]
    fn other_shapes_are_declined_not_misencoded() {
        let s = AvroSchema::parse_str(SCHEMA).unwrap();
        for json in [
            r#"{"i":1,"s":"a","l":2}"#,                              // out of order
            r#"{"s":"a","o":{"string":"c"},"i":1,"l":2}"#,           // Avro JSON union encoding
            r#"{"s":"a","i":1,"l":"2026-11-22T10:00:00Z"}"#,         // timestamp as text
            r#"{"s":"a","i":2147483648,"l":2}"#,                     // int overflow
            r#"{"s":"a","i":1}"#,                                    // missing, no default
            r#"{"s":"a","i":1,"l":2,"zz":1}"#,                       // unknown field
            r#"{"s":"a","i":1,"l":2,"f":0,"d":0,"b":true,"e":"C"}"#, // unknown symbol
            r#"{"s":"a","i":1,"l":2} x"#,                            // trailing garbage
            r#"{"s":"a","i":1.5,"l":2}"#,
            r#"{"s":1,"i":1,"l":2}"#,
            r#"{"s":"a","i":1,"l":2,"f":0,"d":0,"b":true,"e":"A","a":[],"m":{"a":1,"a":2}}"#,
            r#"{"s":"a","i":1,"l":2,"f":0,"d":0,"b":true,"e":"A","a":[],"m":{},"u":null,"by":"\u0100"}"#,
            "not json",
        ] {
            assert!(!same(&s, json), "fast path took {json}");
        }
    }
}

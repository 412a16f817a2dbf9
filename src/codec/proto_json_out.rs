//! Protobuf binary → canonical ProtoJSON text in one pass, without a dynamic message or a JSON
//! tree: the fast path of every reader (`consume`, `tail`, `dlq show`) on Protobuf values.
//!
//! Why: decoding into prost-reflect's `DynamicMessage`, then a `serde_json` tree, then text
//! cost about 5 µs a record, most of a Protobuf read. This walks the wire bytes with the same
//! [`Plan`] the encoder uses and writes the JSON as prost-reflect prints it (fields by number,
//! JSON names, defaults left out, 64-bit integers quoted, enums by name, bytes as base64). It
//! covers messages whose fields come in ascending number order with a repeated field's values
//! together, as every Protobuf serializer writes them; anything else (an unknown or repeated
//! singular field, fields out of order, maps, the well-known types, groups, a nesting deeper
//! than prost's limit, invalid UTF-8) answers None and the caller takes the dynamic path, which
//! decodes it or names what is wrong. A test holds the two paths to the same text.

use base64::Engine as _;

use super::proto_json::{FieldKind, FieldPlan, Plan};

/// prost's recursion limit: deeper nesting is the dynamic path's to refuse.
const MAX_DEPTH: usize = 100;

impl Plan {
    /// Appends the message in `bytes` as ProtoJSON to `out`; None (with `out` partly written:
    /// the caller truncates) when the fast path does not cover it.
    pub fn decode(&self, bytes: &[u8], out: &mut Vec<u8>) -> Option<()> {
        let mut r = Reader { b: bytes, pos: 0 };
        self.message(0, &mut r, bytes.len(), out, 0)
    }

    fn message(
        &self,
        msg: usize,
        r: &mut Reader<'_>,
        end: usize,
        out: &mut Vec<u8>,
        depth: usize,
    ) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        let fields = &self.messages[msg].fields;
        out.push(b'{');
        let mut first = true;
        let mut last_number = 0u32;
        let mut next = r.tag(end)?;
        while let Some((number, wire)) = next {
            if number <= last_number {
                return None; // out of order, or a singular field twice
            }
            last_number = number;
            let f = fields
                .binary_search_by_key(&number, |f| f.number)
                .ok()
                .map(|i| &fields[i])?;
            let start = out.len();
            let was_first = first;
            comma(&mut first, out);
            out.push(b'"');
            out.extend_from_slice(f.json_name.as_bytes());
            out.extend_from_slice(b"\":");
            if f.list {
                next = self.list(f, wire, r, end, out, depth)?;
                continue;
            }
            let default = self.value(f, wire, r, end, out, depth)?;
            if default && !f.presence {
                out.truncate(start); // a default is left out, as prost-reflect leaves it
                first = was_first;
            }
            next = r.tag(end)?;
        }
        out.push(b'}');
        Some(())
    }

    /// A repeated field's values, packed or not, as long as its number goes on; the tag after.
    fn list(
        &self,
        f: &FieldPlan,
        wire: u8,
        r: &mut Reader<'_>,
        end: usize,
        out: &mut Vec<u8>,
        depth: usize,
    ) -> Option<Option<(u32, u8)>> {
        out.push(b'[');
        let mut first = true;
        let mut wire = wire;
        let element_wire = super::proto_json::wire_type(&f.kind) as u8;
        // packed: one length-delimited run of values whose own wire type is not 2
        let packable = element_wire != 2;
        loop {
            if wire == 2 && packable {
                let len = r.len(end)?;
                let stop = r.pos + len;
                while r.pos < stop {
                    comma(&mut first, out);
                    self.value(f, element_wire, r, stop, out, depth)?;
                }
            } else {
                comma(&mut first, out);
                self.value(f, wire, r, end, out, depth)?;
            }
            match r.tag(end)? {
                Some((n, w)) if n == f.number => wire = w,
                other => {
                    out.push(b']');
                    return Some(other);
                }
            }
        }
    }

    /// One value of a field read with wire type `wire`, within `end`; Some(whether it is the
    /// default).
    fn value(
        &self,
        f: &FieldPlan,
        wire: u8,
        r: &mut Reader<'_>,
        end: usize,
        out: &mut Vec<u8>,
        depth: usize,
    ) -> Option<bool> {
        if u64::from(wire) != super::proto_json::wire_type(&f.kind) {
            return None;
        }
        let default = match &f.kind {
            FieldKind::Int32 => number(i64::from(r.varint(end)? as i32), out),
            FieldKind::Int64 => quoted(r.varint(end)? as i64, out),
            FieldKind::Uint32 => number(i64::from(r.varint(end)? as u32), out),
            FieldKind::Uint64 => quoted(r.varint(end)?, out),
            FieldKind::Sint32 => {
                let n = r.varint(end)? as u32;
                number(i64::from((n >> 1) as i32 ^ -((n & 1) as i32)), out)
            }
            FieldKind::Sint64 => {
                let n = r.varint(end)?;
                quoted((n >> 1) as i64 ^ -((n & 1) as i64), out)
            }
            FieldKind::Bool => {
                let b = r.varint(end)? != 0;
                out.extend_from_slice(if b { b"true" } else { b"false" });
                !b
            }
            FieldKind::Enum(e) => {
                let n = r.varint(end)? as i32;
                match e.get_value(n) {
                    Some(v) => {
                        out.push(b'"');
                        out.extend_from_slice(v.name().as_bytes());
                        out.push(b'"');
                    }
                    None => {
                        out.extend_from_slice(n.to_string().as_bytes());
                    }
                }
                n == 0
            }
            FieldKind::Fixed32 => number(i64::from(u32::from_le_bytes(r.fixed(end)?)), out),
            FieldKind::Sfixed32 => number(i64::from(i32::from_le_bytes(r.fixed(end)?)), out),
            FieldKind::Fixed64 => quoted(u64::from_le_bytes(r.fixed(end)?), out),
            FieldKind::Sfixed64 => quoted(i64::from_le_bytes(r.fixed(end)?), out),
            FieldKind::Float => {
                let x = f32::from_le_bytes(r.fixed(end)?);
                float(x.is_finite().then(|| serde_json::to_vec(&x).ok())?, out)?;
                x == 0.0
            }
            FieldKind::Double => {
                let x = f64::from_le_bytes(r.fixed(end)?);
                float(x.is_finite().then(|| serde_json::to_vec(&x).ok())?, out)?;
                x == 0.0
            }
            FieldKind::String => {
                let b = r.bytes(end)?;
                let s = std::str::from_utf8(b).ok()?;
                serde_json::to_writer(&mut *out, s).ok()?;
                s.is_empty()
            }
            FieldKind::Bytes => {
                let b = r.bytes(end)?;
                out.push(b'"');
                let mut text = String::new();
                base64::engine::general_purpose::STANDARD.encode_string(b, &mut text);
                out.extend_from_slice(text.as_bytes());
                out.push(b'"');
                b.is_empty()
            }
            FieldKind::Message(m) => {
                let len = r.len(end)?;
                let stop = r.pos + len;
                self.message(*m, r, stop, out, depth + 1)?;
                (r.pos == stop).then_some(())?;
                false
            }
            FieldKind::Other => return None,
        };
        Some(default)
    }
}

/// A comma before every element but the first.
fn comma(first: &mut bool, out: &mut Vec<u8>) {
    if !*first {
        out.push(b',');
    }
    *first = false;
}

/// Writes a 32-bit integer as a JSON number; whether it is zero.
fn number(n: i64, out: &mut Vec<u8>) -> bool {
    out.extend_from_slice(n.to_string().as_bytes());
    n == 0
}

/// Writes a 64-bit integer as ProtoJSON does, in quotes; whether it is zero.
fn quoted<T: std::fmt::Display + Default + PartialEq>(n: T, out: &mut Vec<u8>) -> bool {
    out.push(b'"');
    out.extend_from_slice(n.to_string().as_bytes());
    out.push(b'"');
    n == T::default()
}

/// A finite float as serde_json prints it (NaN and the infinities take the dynamic path).
fn float(text: Option<Vec<u8>>, out: &mut Vec<u8>) -> Option<()> {
    out.extend_from_slice(&text?);
    Some(())
}

/// A cursor over wire bytes; every read is bounded by `end` (a message's own length).
struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    /// A varint as prost reads it (its limits included).
    fn varint(&mut self, end: usize) -> Option<u64> {
        let mut rest = self.b.get(self.pos..end)?;
        let before = rest.len();
        let n = prost::encoding::decode_varint(&mut rest).ok()?;
        self.pos += before - rest.len();
        Some(n)
    }

    /// The next field's (number, wire type); Some(None) at the end of the message.
    fn tag(&mut self, end: usize) -> Option<Option<(u32, u8)>> {
        if self.pos == end {
            return Some(None);
        }
        let t = self.varint(end)?;
        let number = u32::try_from(t >> 3).ok().filter(|n| *n > 0)?;
        Some(Some((number, (t & 7) as u8)))
    }

    fn len(&mut self, end: usize) -> Option<usize> {
        let n = usize::try_from(self.varint(end)?).ok()?;
        (n <= end - self.pos).then_some(n)
    }

    fn bytes(&mut self, end: usize) -> Option<&[u8]> {
        let n = self.len(end)?;
        let b = &self.b[self.pos..self.pos + n];
        self.pos += n;
        Some(b)
    }

    fn fixed<const N: usize>(&mut self, end: usize) -> Option<[u8; N]> {
        let b = self
            .b
            .get(self.pos..self.pos + N)
            .filter(|_| self.pos + N <= end)?;
        self.pos += N;
        b.try_into().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::proto::ProtoSchema;
    use prost::Message as _;
    use prost_reflect::DynamicMessage;
    use serde_json::json;

    use crate::codec::proto_json::tests::FILE;

    fn all() -> prost_reflect::MessageDescriptor {
        let s = ProtoSchema::compile("t.proto", vec![("t.proto".into(), FILE.into())]).unwrap();
        s.message_at(&s.path_of(Some("t.All")).unwrap()).unwrap()
    }

    /// What the dynamic path prints for `bytes`.
    fn dynamic(desc: &prost_reflect::MessageDescriptor, bytes: &[u8]) -> String {
        let m = DynamicMessage::decode(desc.clone(), bytes).unwrap();
        serde_json::to_string(&m).unwrap()
    }

    #[test]
    fn the_fast_path_prints_what_the_dynamic_path_prints() {
        let desc = all();
        let plan = Plan::new(&desc);
        for v in [
            json!({"i32": -5, "i64": "-9000000000", "u32": 7, "u64": "18446744073709551615",
                   "s32": -3, "s64": "-4", "b": true, "c": "GREEN", "f32": 9, "sf32": -10,
                   "f64": "11", "sf64": "-12", "fl": 1.1, "d": -2.25, "s": "h\u{e9}llo \"q\"\n",
                   "by": "AQID", "inner": {"s": "x", "packed": [1, -2, 300]},
                   "inners": [{"s": "a"}, {}], "names": ["p", ""], "maybe": 0,
                   "colors": ["RED", "GREEN", 1], "ds": [0.5, 1e300], "a": ""}),
            json!({"i32": 0, "s": "", "b": false, "c": "RED", "inner": {}, "n": 0}),
            json!({}),
            json!({"colors": [7], "ds": [-0.0]}),
        ] {
            let bytes = DynamicMessage::deserialize(desc.clone(), &v)
                .unwrap()
                .encode_to_vec();
            let mut fast = Vec::new();
            assert!(plan.decode(&bytes, &mut fast).is_some(), "{v}");
            assert_eq!(
                String::from_utf8(fast).unwrap(),
                dynamic(&desc, &bytes),
                "{v}"
            );
        }
    }

    #[test]
    fn what_it_does_not_cover_goes_to_the_dynamic_path() {
        let plan = Plan::new(&all());
        for bytes in [
            &[0x10, 0x01, 0x08, 0x01][..],   // out of order
            &[0x08, 0x01, 0x08, 0x02],       // a singular field twice
            &[0xf8, 0x07, 0x01],             // unknown field 127
            &[0x7a, 0x02, 0xff, 0xfe],       // invalid UTF-8
            &[0x08],                         // truncated
            &[0x8a, 0x01, 0x05, 0x0a],       // a nested length past the end
            &[0x6d, 0x00, 0x00, 0xc0, 0x7f], // NaN
            &[0x0a, 0x00],                   // wrong wire type
            // an 11-byte varint's worth in ten bytes (a tenth byte above 1)
            &[
                0x10, 0x9c, 0xc6, 0xc6, 0xc6, 0xc6, 0xc6, 0x9c, 0x9c, 0x9c, 0x5b,
            ],
        ] {
            assert!(
                plan.decode(bytes, &mut Vec::new()).is_none(),
                "{bytes:02x?}"
            );
        }
    }
}

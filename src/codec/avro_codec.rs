//! JSON ⇄ Avro binary over our own schema model, and Confluent's wire framing
//! (magic byte 0, 4-byte big-endian schema id, Avro datum).
//!
//! Why not apache-avro: producing from JSON must name the exact input that does not fit
//! (`items[2].quantity: expected int, got "x"`), accept both plain JSON and Avro's JSON union
//! encoding (`{"string": "x"}`), and consuming must print plain JSON with readable logical
//! types. Doing the binary format directly on the parsed schema keeps all of that in one
//! place, does no I/O, and is easy to fuzz.

use serde_json::{Map, Number, Value};

use super::avro_schema::{AvroSchema, Node, NodeId, Primitive};
use super::decimal;
use chrono::Datelike as _;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecError {
    /// Where in the value, e.g. `items[2].quantity` ("" for the whole value).
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for CodecError {}

/// The Confluent wire format's 5-byte header.
pub fn confluent_header(schema_id: u32, out: &mut Vec<u8>) {
    out.push(0);
    out.extend_from_slice(&schema_id.to_be_bytes());
}

/// Splits a Confluent-framed value into (schema id, datum); None when it is not framed.
pub fn split_confluent(bytes: &[u8]) -> Option<(u32, &[u8])> {
    if bytes.len() < 5 || bytes[0] != 0 {
        return None;
    }
    let id = u32::from_be_bytes([bytes[1], bytes[2], bytes[3], bytes[4]]);
    Some((id, &bytes[5..]))
}

pub(crate) fn zigzag(out: &mut Vec<u8>, n: i64) {
    let mut z = ((n << 1) ^ (n >> 63)) as u64;
    loop {
        if z < 0x80 {
            out.push(z as u8);
            return;
        }
        out.push((z as u8 & 0x7f) | 0x80);
        z >>= 7;
    }
}

/// Writes an Avro string.
pub(crate) fn write_str(out: &mut Vec<u8>, v: &str) {
    zigzag(out, v.len() as i64);
    out.extend_from_slice(v.as_bytes());
}

/// A value for an error message: at most 40 characters (never cut inside one).
fn describe(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// JSON has no NaN or infinities: they travel as the strings Avro's Java JSON encoding uses.
fn float_value(f: f64) -> Value {
    match Number::from_f64(f) {
        Some(n) => Value::Number(n),
        None if f.is_nan() => Value::String("NaN".into()),
        None if f > 0.0 => Value::String("Infinity".into()),
        None => Value::String("-Infinity".into()),
    }
}

/// A float or double from JSON: a number, or one of the strings [`float_value`] writes.
fn float_of(v: &Value) -> Option<f64> {
    v.as_f64().or_else(|| match v.as_str()? {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    })
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// Encodes a JSON value as an Avro datum of `schema`.
pub fn encode_json(schema: &AvroSchema, v: &Value, out: &mut Vec<u8>) -> Result<(), CodecError> {
    encode(schema, schema.root, v, "", out)
}

/// Encodes a JSON value as a datum of one node of `schema` (defaults, for the fast path).
pub(crate) fn encode_value(
    schema: &AvroSchema,
    id: NodeId,
    v: &Value,
    out: &mut Vec<u8>,
) -> Result<(), CodecError> {
    encode(schema, id, v, "", out)
}

fn type_name(schema: &AvroSchema, id: NodeId) -> String {
    match schema.node(id) {
        Node::Record { name, .. } | Node::Enum { name, .. } | Node::Fixed { name, .. } => {
            name.fullname.clone()
        }
        n => n.kind().to_string(),
    }
}

fn encode(
    s: &AvroSchema,
    id: NodeId,
    v: &Value,
    path: &str,
    out: &mut Vec<u8>,
) -> Result<(), CodecError> {
    let fail = |expected: &str| CodecError {
        path: path.to_string(),
        message: format!("expected {expected}, got {}", describe(v)),
    };
    match s.node(id) {
        Node::Primitive(p) => match p {
            Primitive::Null => v.is_null().then_some(()).ok_or_else(|| fail("null")),
            Primitive::Boolean => {
                out.push(u8::from(v.as_bool().ok_or_else(|| fail("boolean"))?));
                Ok(())
            }
            Primitive::Int => {
                let n = v
                    .as_i64()
                    .filter(|n| i32::try_from(*n).is_ok())
                    .ok_or_else(|| fail("int"))?;
                zigzag(out, n);
                Ok(())
            }
            Primitive::Long => {
                let n = match (v.as_i64(), v.as_str(), s.logical(id)) {
                    (Some(n), _, _) => n,
                    // timestamps may be given as RFC 3339 text
                    (None, Some(t), Some(l)) if l.starts_with("timestamp-") => {
                        let ts = chrono::DateTime::parse_from_rfc3339(t)
                            .map_err(|_| fail("long or RFC 3339 time"))?;
                        if l == "timestamp-micros" {
                            ts.timestamp_micros()
                        } else {
                            ts.timestamp_millis()
                        }
                    }
                    _ => return Err(fail("long")),
                };
                zigzag(out, n);
                Ok(())
            }
            Primitive::Float => {
                let f = float_of(v).ok_or_else(|| fail("float"))?;
                out.extend_from_slice(&(f as f32).to_le_bytes());
                Ok(())
            }
            Primitive::Double => {
                let f = float_of(v).ok_or_else(|| fail("double"))?;
                out.extend_from_slice(&f.to_le_bytes());
                Ok(())
            }
            Primitive::Bytes => {
                // a decimal as decode shows it ("12.34"); else bytes as Avro's JSON writes them
                let as_decimal = s
                    .decimal_scale(id)
                    .and_then(|scale| v.as_str().and_then(|t| decimal::from_text(t, scale)));
                let b = match as_decimal {
                    Some(r) => r.map_err(|message| CodecError {
                        path: path.to_string(),
                        message,
                    })?,
                    None => v
                        .as_str()
                        .and_then(latin1)
                        .ok_or_else(|| fail("bytes (a string)"))?,
                };
                zigzag(out, b.len() as i64);
                out.extend_from_slice(&b);
                Ok(())
            }
            Primitive::String => {
                let t = v.as_str().ok_or_else(|| fail("string"))?;
                zigzag(out, t.len() as i64);
                out.extend_from_slice(t.as_bytes());
                Ok(())
            }
        },
        Node::Fixed { size, .. } => {
            let b = v
                .as_str()
                .and_then(latin1)
                .filter(|b| b.len() == *size)
                .ok_or_else(|| fail(&format!("fixed of {size} bytes")))?;
            out.extend_from_slice(&b);
            Ok(())
        }
        Node::Enum { symbols, .. } => {
            let sym = v.as_str().ok_or_else(|| fail("an enum symbol"))?;
            let i = symbols
                .iter()
                .position(|x| x == sym)
                .ok_or_else(|| fail(&format!("one of {}", symbols.join(", "))))?;
            zigzag(out, i as i64);
            Ok(())
        }
        Node::Array(items) => {
            let a = v.as_array().ok_or_else(|| fail("array"))?;
            if !a.is_empty() {
                zigzag(out, a.len() as i64);
                for (i, x) in a.iter().enumerate() {
                    encode(s, *items, x, &format!("{path}[{i}]"), out)?;
                }
            }
            out.push(0);
            Ok(())
        }
        Node::Map(values) => {
            let m = v.as_object().ok_or_else(|| fail("map (an object)"))?;
            if !m.is_empty() {
                zigzag(out, m.len() as i64);
                for (k, x) in m {
                    zigzag(out, k.len() as i64);
                    out.extend_from_slice(k.as_bytes());
                    encode(s, *values, x, &join(path, k), out)?;
                }
            }
            out.push(0);
            Ok(())
        }
        Node::Union(branches) => {
            // Avro's JSON encoding: {"type name": value} picks the branch by name
            if let Some(m) = v.as_object().filter(|m| m.len() == 1) {
                let (k, inner) = m
                    .iter()
                    .next()
                    .map(|(k, x)| (k.as_str(), x))
                    .unwrap_or(("", v));
                if let Some(i) = branches.iter().position(|b| {
                    let n = type_name(s, *b);
                    n == k || n.rsplit('.').next() == Some(k)
                }) {
                    zigzag(out, i as i64);
                    return encode(s, branches[i], inner, path, out);
                }
            }
            // plain JSON: the first branch whose kind matches the value's JSON kind, chosen
            // without trial encoding (no allocation on the common nullable-field path)
            if let Some(i) = branches.iter().position(|b| kind_fits(s, *b, v)) {
                let mut trial = Vec::new();
                if encode(s, branches[i], v, path, &mut trial).is_ok() {
                    zigzag(out, i as i64);
                    out.extend_from_slice(&trial);
                    return Ok(());
                }
            }
            let mut trial = Vec::new();
            for (i, b) in branches.iter().enumerate() {
                trial.clear();
                if encode(s, *b, v, path, &mut trial).is_ok() {
                    zigzag(out, i as i64);
                    out.extend_from_slice(&trial);
                    return Ok(());
                }
            }
            let names: Vec<String> = branches.iter().map(|b| type_name(s, *b)).collect();
            Err(fail(&format!("one of {}", names.join(" | "))))
        }
        Node::Record { fields, .. } => {
            let m = v.as_object().ok_or_else(|| fail("record (an object)"))?;
            for f in fields {
                let fp = join(path, &f.name);
                match (m.get(&f.name), &f.default) {
                    (Some(x), _) => encode(s, f.ty, x, &fp, out)?,
                    (None, Some(d)) => encode(s, f.ty, d, &fp, out)?,
                    (None, None) => {
                        return Err(CodecError {
                            path: fp,
                            message: "missing (the field has no default)".into(),
                        })
                    }
                }
            }
            if let Some(extra) = m.keys().find(|k| !fields.iter().any(|f| &f.name == *k)) {
                return Err(CodecError {
                    path: join(path, extra),
                    message: format!("not a field of {}", type_name(s, id)),
                });
            }
            Ok(())
        }
    }
}

/// A cheap guess at whether a JSON value belongs to a branch (by kind only).
fn kind_fits(s: &AvroSchema, id: NodeId, v: &Value) -> bool {
    match (s.node(id), v) {
        (Node::Primitive(Primitive::Null), Value::Null) => true,
        (Node::Primitive(Primitive::Boolean), Value::Bool(_)) => true,
        (Node::Primitive(Primitive::Int | Primitive::Long), Value::Number(n)) => n.is_i64(),
        (Node::Primitive(Primitive::Float | Primitive::Double), Value::Number(_)) => true,
        (Node::Primitive(Primitive::Float | Primitive::Double), Value::String(_)) => {
            float_of(v).is_some()
        }
        (Node::Primitive(Primitive::String), Value::String(_)) => true,
        (Node::Array(_), Value::Array(_)) => true,
        (Node::Record { .. } | Node::Map(_), Value::Object(_)) => true,
        _ => false,
    }
}

/// Avro's JSON encoding of bytes: each char is one byte (U+0000..U+00FF).
pub(crate) fn latin1(v: &str) -> Option<Vec<u8>> {
    v.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

/// How logical types are shown when decoding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DecodeOptions {
    /// timestamp-millis/micros as RFC 3339 text instead of numbers.
    pub rfc3339: bool,
}

/// Decodes one Avro datum of `schema` into plain JSON (unions unwrapped).
pub fn decode_json(
    schema: &AvroSchema,
    bytes: &[u8],
    opts: DecodeOptions,
) -> Result<Value, CodecError> {
    let mut r = Reader { b: bytes, pos: 0 };
    let v = decode(schema, schema.root, &mut r, opts, 0)?;
    if r.pos != bytes.len() {
        return Err(CodecError {
            path: String::new(),
            message: format!("{} trailing bytes after the datum", bytes.len() - r.pos),
        });
    }
    Ok(v)
}

/// Reads an Avro datum's parts, checked against the bytes left (never a panic); the
/// simulation's typed event reader uses it too.
pub(crate) struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

fn short() -> CodecError {
    CodecError {
        path: String::new(),
        message: "datum ends early".into(),
    }
}

/// Items of a block of zero-size items (nulls, empty records) one datum may claim.
const MAX_EMPTY_ITEMS: u64 = 1 << 20;

/// Whether a value of this type can take no bytes at all (null, fixed 0, records of those).
fn may_be_empty(s: &AvroSchema, id: NodeId, depth: usize) -> bool {
    depth < 64
        && match s.node(id) {
            Node::Primitive(Primitive::Null) => true,
            Node::Fixed { size, .. } => *size == 0,
            Node::Record { fields, .. } => fields.iter().all(|f| may_be_empty(s, f.ty, depth + 1)),
            _ => false,
        }
}

impl<'a> Reader<'a> {
    pub(crate) fn new(b: &'a [u8]) -> Self {
        Self { b, pos: 0 }
    }

    /// True once every byte was read.
    pub(crate) fn at_end(&self) -> bool {
        self.pos == self.b.len()
    }

    /// An Avro int (a long that fits 32 bits).
    pub(crate) fn int(&mut self) -> Result<i32, CodecError> {
        let n = self.long()?;
        i32::try_from(n).map_err(|_| CodecError {
            path: String::new(),
            message: format!("int {n} does not fit 32 bits"),
        })
    }

    /// An Avro string, borrowed from the datum.
    pub(crate) fn str(&mut self) -> Result<&'a str, CodecError> {
        let n = self.len()?;
        let b = self.take(n)?;
        std::str::from_utf8(b).map_err(|_| CodecError {
            path: String::new(),
            message: "string is not UTF-8".into(),
        })
    }

    /// The item count of the next block of an array whose items take a byte at least.
    pub(crate) fn items(&mut self) -> Result<Option<usize>, CodecError> {
        match self.block()? {
            None => Ok(None),
            Some(n) => {
                self.check_count(n, true, 0)?;
                Ok(Some(n as usize))
            }
        }
    }
}

impl<'a> Reader<'a> {
    /// A block's item count against the bytes left (each item takes one byte at least), or for
    /// zero-size items against a fixed limit: a 10-byte datum must not claim 2^62 items.
    fn check_count(&self, n: i64, sized: bool, so_far: usize) -> Result<(), CodecError> {
        let n = n.unsigned_abs();
        let left = (self.b.len() - self.pos) as u64;
        let over = if sized {
            n > left
        } else {
            n.saturating_add(so_far as u64) > MAX_EMPTY_ITEMS
        };
        if over {
            return Err(CodecError {
                path: String::new(),
                message: if sized {
                    format!("a block claims {n} items with {left} bytes left")
                } else {
                    format!(
                        "a block claims {n} items of a zero-size type (limit {MAX_EMPTY_ITEMS})"
                    )
                },
            });
        }
        Ok(())
    }

    pub(crate) fn long(&mut self) -> Result<i64, CodecError> {
        let mut z: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = *self.b.get(self.pos).ok_or_else(short)?;
            self.pos += 1;
            z |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok((z >> 1) as i64 ^ -((z & 1) as i64));
            }
        }
        Err(CodecError {
            path: String::new(),
            message: "varint longer than 10 bytes".into(),
        })
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], CodecError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|e| *e <= self.b.len())
            .ok_or_else(short)?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    /// The item count of the next array/map block; None at the closing empty block. A negative
    /// count is followed by the block's size in bytes, which is skipped.
    fn block(&mut self) -> Result<Option<i64>, CodecError> {
        match self.long()? {
            0 => Ok(None),
            n if n < 0 => {
                self.long()?;
                Ok(Some(n.saturating_neg()))
            }
            n => Ok(Some(n)),
        }
    }

    fn len(&mut self) -> Result<usize, CodecError> {
        usize::try_from(self.long()?).map_err(|_| CodecError {
            path: String::new(),
            message: "negative length".into(),
        })
    }
}

fn decode(
    s: &AvroSchema,
    id: NodeId,
    r: &mut Reader<'_>,
    o: DecodeOptions,
    depth: usize,
) -> Result<Value, CodecError> {
    if depth > 256 {
        return Err(CodecError {
            path: String::new(),
            message: "nesting deeper than 256".into(),
        });
    }
    Ok(match s.node(id) {
        Node::Primitive(p) => match p {
            Primitive::Null => Value::Null,
            Primitive::Boolean => Value::Bool(r.take(1)?[0] != 0),
            Primitive::Int => {
                let n = r.long()?;
                // an Avro int is 32 bits: a larger varint is not one (and would not encode back)
                Value::from(i32::try_from(n).map_err(|_| CodecError {
                    path: String::new(),
                    message: format!("int out of range: {n}"),
                })?)
            }
            Primitive::Long => {
                let n = r.long()?;
                match s.logical(id) {
                    // RFC 3339 has four-digit years: instants outside 0000-9999 stay numbers
                    // (their text would not read back)
                    Some("timestamp-millis") if o.rfc3339 => {
                        chrono::DateTime::from_timestamp_millis(n)
                            .filter(|t| (0..=9999).contains(&t.year()))
                            .map(|t| Value::String(t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()))
                            .unwrap_or(Value::from(n))
                    }
                    Some("timestamp-micros") if o.rfc3339 => {
                        chrono::DateTime::from_timestamp_micros(n)
                            .filter(|t| (0..=9999).contains(&t.year()))
                            .map(|t| Value::String(t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()))
                            .unwrap_or(Value::from(n))
                    }
                    _ => Value::from(n),
                }
            }
            Primitive::Float => {
                let b = r.take(4)?;
                float_value(f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]])))
            }
            Primitive::Double => {
                let b = r.take(8)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(b);
                float_value(f64::from_le_bytes(a))
            }
            Primitive::Bytes => {
                let n = r.len()?;
                let b = r.take(n)?;
                match s.decimal_scale(id) {
                    Some(scale) => {
                        Value::String(decimal::to_text(b, scale).map_err(|message| CodecError {
                            path: String::new(),
                            message,
                        })?)
                    }
                    None => Value::String(b.iter().map(|&c| char::from(c)).collect()),
                }
            }
            Primitive::String => {
                let n = r.len()?;
                let b = r.take(n)?;
                // never a replacement character in place of bytes: the raw value is shown instead
                Value::String(String::from_utf8(b.to_vec()).map_err(|e| CodecError {
                    path: String::new(),
                    message: format!("a string that is not UTF-8 ({e})"),
                })?)
            }
        },
        Node::Fixed { size, .. } => {
            Value::String(r.take(*size)?.iter().map(|&c| char::from(c)).collect())
        }
        Node::Enum { symbols, .. } => {
            let i = r.long()?;
            let sym = usize::try_from(i)
                .ok()
                .and_then(|i| symbols.get(i))
                .ok_or_else(|| CodecError {
                    path: String::new(),
                    message: format!("enum index {i} out of range"),
                })?;
            Value::String(sym.clone())
        }
        Node::Array(items) => {
            let mut a = Vec::new();
            while let Some(n) = r.block()? {
                r.check_count(n, !may_be_empty(s, *items, 0), a.len())?;
                for _ in 0..n {
                    a.push(decode(s, *items, r, o, depth + 1)?);
                }
            }
            Value::Array(a)
        }
        Node::Map(values) => {
            let mut m = Map::new();
            while let Some(n) = r.block()? {
                // every entry has at least its key's length
                r.check_count(n, true, m.len())?;
                for _ in 0..n {
                    let kl = r.len()?;
                    let k = String::from_utf8_lossy(r.take(kl)?).into_owned();
                    m.insert(k, decode(s, *values, r, o, depth + 1)?);
                }
            }
            Value::Object(m)
        }
        Node::Union(branches) => {
            let i = r.long()?;
            let b = usize::try_from(i)
                .ok()
                .and_then(|i| branches.get(i))
                .ok_or_else(|| CodecError {
                    path: String::new(),
                    message: format!("union branch {i} out of range"),
                })?;
            decode(s, *b, r, o, depth + 1)?
        }
        Node::Record { fields, .. } => {
            let mut m = Map::new();
            for f in fields {
                let v = decode(s, f.ty, r, o, depth + 1).map_err(|e| CodecError {
                    path: if e.path.is_empty() {
                        f.name.clone()
                    } else {
                        format!("{}.{}", f.name, e.path)
                    },
                    message: e.message,
                })?;
                m.insert(f.name.clone(), v);
            }
            Value::Object(m)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: &str = r#"{"type":"record","name":"OrderCreated","namespace":"com.example.events.order","fields":[
        {"name":"eventId","type":"string"},
        {"name":"correlationId","type":["null","string"],"default":null},
        {"name":"items","type":{"type":"array","items":{"type":"record","name":"OrderItem","fields":[
            {"name":"productId","type":"string"},{"name":"quantity","type":"int"},{"name":"priceCents","type":"int"}]}}},
        {"name":"totalCents","type":"int"},
        {"name":"status","type":{"type":"enum","name":"S","symbols":["NEW","PAID"]},"default":"NEW"},
        {"name":"createdAt","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"tags","type":{"type":"map","values":"double"},"default":{}},
        {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2},"default":"\u0000"}]}"#;

    fn schema() -> AvroSchema {
        AvroSchema::parse_str(ORDER).unwrap()
    }

    #[test]
    fn round_trips_and_fills_defaults() {
        let s = schema();
        let input: Value = serde_json::from_str(
            r#"{"eventId":"e-1","correlationId":{"string":"c-1"},"items":[{"productId":"p-1","quantity":2,"priceCents":150}],
                "totalCents":300,"createdAt":"2026-11-22T10:00:00Z","tags":{"w":1.5}}"#,
        )
        .unwrap();
        let mut bytes = Vec::new();
        encode_json(&s, &input, &mut bytes).unwrap();
        let back = decode_json(&s, &bytes, DecodeOptions { rfc3339: true }).unwrap();
        assert_eq!(back["correlationId"], "c-1");
        assert_eq!(back["items"][0]["quantity"], 2);
        assert_eq!(back["status"], "NEW");
        assert_eq!(back["createdAt"], "2026-11-22T10:00:00.000Z");
        assert_eq!(back["tags"]["w"], 1.5);
        assert_eq!(back["amount"], "0.00");
        let plain = decode_json(&s, &bytes, DecodeOptions::default()).unwrap();
        assert_eq!(plain["createdAt"], 1_795_341_600_000i64);
    }

    #[test]
    fn errors_name_the_field_path() {
        let s = schema();
        let bad: Value = serde_json::from_str(
            r#"{"eventId":"e","items":[{"productId":"a","quantity":1,"priceCents":1},{"productId":"b","quantity":1,"priceCents":1},
                {"productId":"c","quantity":"x","priceCents":1}],"totalCents":1,"createdAt":0}"#,
        )
        .unwrap();
        let e = encode_json(&s, &bad, &mut Vec::new()).unwrap_err();
        assert_eq!(e.to_string(), r#"items[2].quantity: expected int, got "x""#);
        let missing: Value =
            serde_json::from_str(r#"{"eventId":"e","items":[],"createdAt":0}"#).unwrap();
        assert_eq!(
            encode_json(&s, &missing, &mut Vec::new()).unwrap_err().path,
            "totalCents"
        );
        let extra: Value = serde_json::from_str(
            r#"{"eventId":"e","items":[],"totalCents":1,"createdAt":0,"oops":1}"#,
        )
        .unwrap();
        assert!(encode_json(&s, &extra, &mut Vec::new())
            .unwrap_err()
            .to_string()
            .starts_with("oops: not a field"));
    }

    #[test]
    fn blocks_with_a_byte_size_are_read() {
        // count -2 (zigzag 3), then the block's size in bytes, then items 1 and 2, then 0
        let s = AvroSchema::parse_str(r#"{"type":"array","items":"int"}"#).unwrap();
        let v = decode_json(&s, &[3, 4, 2, 4, 0], DecodeOptions::default()).unwrap();
        assert_eq!(v, serde_json::json!([1, 2]));
    }

    #[test]
    fn framing_and_truncation() {
        let mut out = Vec::new();
        confluent_header(7, &mut out);
        out.extend_from_slice(b"xyz");
        assert_eq!(split_confluent(&out), Some((7, &b"xyz"[..])));
        assert_eq!(split_confluent(b"{\"a\":1}"), None);
        let s = schema();
        assert!(decode_json(&s, &[2, b'e'], DecodeOptions::default()).is_err());
    }

    // #14: hostile bytes and values nothing can hold

    #[test]
    fn block_counts_are_checked_against_the_bytes_left() {
        let longs = AvroSchema::parse_str(r#"{"type":"array","items":"long"}"#).unwrap();
        // count 2^61 (zigzag), then nothing: refused at once, not a loop or an allocation
        let mut b = Vec::new();
        zigzag(&mut b, 1 << 61);
        let e = decode_json(&longs, &b, DecodeOptions::default()).unwrap_err();
        assert!(e.message.contains("bytes left"), "{e:?}");
        let nulls = AvroSchema::parse_str(r#"{"type":"array","items":"null"}"#).unwrap();
        let e = decode_json(&nulls, &b, DecodeOptions::default()).unwrap_err();
        assert!(e.message.contains("zero-size"), "{e:?}");
        // a few nulls are fine
        let mut ok = Vec::new();
        zigzag(&mut ok, 3);
        ok.push(0);
        assert_eq!(
            decode_json(&nulls, &ok, DecodeOptions::default()).unwrap(),
            serde_json::json!([null, null, null])
        );
        let map = AvroSchema::parse_str(r#"{"type":"map","values":"null"}"#).unwrap();
        let e = decode_json(&map, &b, DecodeOptions::default()).unwrap_err();
        assert!(e.message.contains("bytes left"), "{e:?}");
    }

    #[test]
    fn a_huge_decimal_scale_is_not_a_repeat_count() {
        let s = AvroSchema::parse_str(
            r#"{"type":"bytes","logicalType":"decimal","precision":5,"scale":4000000000}"#,
        )
        .unwrap();
        // an invalid decimal is plain bytes (the spec), and prints as such
        let v = decode_json(&s, &[2, 7], DecodeOptions::default()).unwrap();
        assert_eq!(v, Value::String("\u{7}".into()));
    }

    #[test]
    fn error_text_never_cuts_a_character() {
        let s = AvroSchema::parse_str(r#"{"type":"int"}"#).unwrap();
        let v = Value::String("é".repeat(60));
        let e = encode_json(&s, &v, &mut Vec::new()).unwrap_err();
        assert!(e.message.ends_with('…'), "{e:?}");
    }

    #[test]
    fn nan_and_infinities_round_trip_as_strings() {
        let s = AvroSchema::parse_str(r#"{"type":"array","items":"double"}"#).unwrap();
        let mut b = Vec::new();
        zigzag(&mut b, 3);
        for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            b.extend_from_slice(&f.to_le_bytes());
        }
        b.push(0);
        let v = decode_json(&s, &b, DecodeOptions::default()).unwrap();
        assert_eq!(v, serde_json::json!(["NaN", "Infinity", "-Infinity"]));
        let mut again = Vec::new();
        encode_json(&s, &v, &mut again).unwrap();
        assert_eq!(again, b, "byte for byte");
        let f = AvroSchema::parse_str(r#"["null","float"]"#).unwrap();
        let mut out = Vec::new();
        encode_json(&f, &Value::String("NaN".into()), &mut out).unwrap();
        assert_eq!(out[0], 2, "the float branch");
    }
}

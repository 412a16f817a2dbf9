//! The one JSONL envelope shared by `consume -o jsonl`, `produce --input envelope` and DLQ
//! replay (DESIGN §5): `{"topic","partition","offset","timestamp","key","headers":{},"value"}`.
//!
//! Why it is written by hand instead of through a derived struct: consume writes hundreds of
//! thousands of these a second, and a JSON value that is already compact JSON is copied as it
//! is rather than parsed into a tree and printed again. That copy is also what makes
//! `consume | produce --input envelope` byte-exact for compact JSON values.
//!
//! Encoding rules, chosen so that nothing is lost on a round trip:
//! - value: a JSON object or array is embedded as JSON; other UTF-8 text becomes a JSON string;
//!   anything else is base64 with `"value_encoding":"base64"`; null is a tombstone.
//! - key: a UTF-8 string, or base64 with `"key_encoding":"base64"`.
//! - headers: a map; a repeated name becomes an array of its values in order; a non-UTF-8
//!   header value is `{"base64":"..."}`.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// One header as it came off the wire; `None` is a null header value.
pub type Header<'a> = (&'a str, Option<&'a [u8]>);

/// A borrowed view of one consumed record: what every printer and filter works on.
#[derive(Debug, Clone, Copy)]
pub struct RecordRef<'a> {
    pub topic: &'a str,
    pub partition: i32,
    pub offset: i64,
    /// Milliseconds since the epoch, when the record has one.
    pub timestamp: Option<i64>,
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
    pub headers: &'a [Header<'a>],
    /// Set when the value was meant to be decoded (Avro) and could not be: the value is then
    /// shown as base64 with this reason, never silently as something else.
    pub value_error: Option<&'a str>,
    /// Set when a JSON value does not match its JSON Schema: the value is shown as it is,
    /// flagged with the first reason.
    pub value_invalid: Option<&'a str>,
}

impl RecordRef<'_> {
    /// The value of the first header with this name, as text (lossy); None when absent or null.
    pub fn header_text(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .and_then(|(_, v)| *v)
            .map(String::from_utf8_lossy)
    }
}

/// How a value is shown in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// An object or array on one line: copied as it is.
    CompactJson,
    /// An object or array spread over lines: parsed and printed compactly (JSONL needs one line).
    MultilineJson,
    Text,
    Binary,
}

pub fn classify_value(bytes: &[u8]) -> ValueKind {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    let utf8 = std::str::from_utf8(bytes).is_ok();
    // (serde skips ignored strings without checking their UTF-8: `{"\x88":1}` parses, and
    // copied into an envelope it would make the line itself invalid)
    if utf8
        && matches!(first, Some(b'{') | Some(b'['))
        && serde_json::from_slice::<IgnoredAny>(bytes).is_ok()
    {
        return if memchr::memchr2(b'\n', b'\r', bytes).is_some() {
            ValueKind::MultilineJson
        } else {
            ValueKind::CompactJson
        };
    }
    if utf8 {
        ValueKind::Text
    } else {
        ValueKind::Binary
    }
}

/// Appends `s` as a JSON string literal.
pub fn push_json_str(out: &mut Vec<u8>, s: &str) {
    // serde_json's escaper is correct and fast; writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

fn push_b64(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'"');
    let start = out.len();
    out.resize(
        start + base64::encoded_len(bytes.len(), true).unwrap_or(0),
        0,
    );
    let n = B64.encode_slice(bytes, &mut out[start..]).unwrap_or(0);
    out.truncate(start + n);
    out.push(b'"');
}

fn push_int(out: &mut Vec<u8>, n: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Appends a value as JSON (object/array embedded, text as a string); returns true when it
/// had to be base64-encoded.
pub fn push_value(out: &mut Vec<u8>, value: &[u8]) -> bool {
    match classify_value(value) {
        ValueKind::CompactJson => {
            out.extend_from_slice(trim_ascii(value));
            false
        }
        ValueKind::MultilineJson => {
            match serde_json::from_slice::<Value>(value) {
                Ok(v) => {
                    let _ = serde_json::to_writer(&mut *out, &v);
                    false
                }
                // JSON a Value cannot hold (a number like 1e400): its text, as a string, so
                // produce sends the same bytes back; base64 (flagged) if it is not UTF-8
                Err(_) => match std::str::from_utf8(value) {
                    Ok(text) => {
                        push_json_str(out, text);
                        false
                    }
                    Err(_) => {
                        push_b64(out, value);
                        true
                    }
                },
            }
        }
        ValueKind::Text => {
            // from_utf8 succeeded in classify_value
            push_json_str(out, std::str::from_utf8(value).unwrap_or_default());
            false
        }
        ValueKind::Binary => {
            push_b64(out, value);
            true
        }
    }
}

/// As [`push_value`], but what is written reads back as the very same bytes (the envelope is
/// the copy format: `consume -o jsonl | produce --input envelope` must not alter a record):
/// JSON is embedded only when it is one line with nothing around it; anything else that is
/// UTF-8 (JSON spread over lines, or with whitespace around it) is a string of its exact text.
pub fn push_value_exact(out: &mut Vec<u8>, value: &[u8]) -> bool {
    match classify_value(value) {
        ValueKind::CompactJson if trim_ascii(value).len() == value.len() => {
            out.extend_from_slice(value);
            false
        }
        ValueKind::Binary => {
            push_b64(out, value);
            true
        }
        // classify_value found it UTF-8
        _ => {
            push_json_str(out, std::str::from_utf8(value).unwrap_or_default());
            false
        }
    }
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

fn push_header_value(out: &mut Vec<u8>, v: Option<&[u8]>) {
    match v {
        None => out.extend_from_slice(b"null"),
        Some(b) => match std::str::from_utf8(b) {
            Ok(s) => push_json_str(out, s),
            Err(_) => {
                out.extend_from_slice(b"{\"base64\":");
                push_b64(out, b);
                out.push(b'}');
            }
        },
    }
}

/// Appends the headers as a JSON map, grouping repeated names into arrays (in the order
/// their names first appear). A few headers are grouped by scanning; many (a record can carry
/// thousands) through a map, so the cost stays linear.
pub fn push_headers(out: &mut Vec<u8>, headers: &[Header<'_>]) {
    if headers.len() <= 16 {
        // no allocation on the hot path (consume -o jsonl): scan for repeats
        out.push(b'{');
        let mut first = true;
        for (i, (name, _)) in headers.iter().enumerate() {
            if headers[..i].iter().any(|(n, _)| n == name) {
                continue; // already written with its first occurrence
            }
            if !first {
                out.push(b',');
            }
            first = false;
            push_json_str(out, name);
            out.push(b':');
            let mut same = headers[i..].iter().filter(|(n, _)| n == name);
            if headers[i + 1..].iter().all(|(n, _)| n != name) {
                push_header_value(out, headers[i].1);
            } else {
                out.push(b'[');
                for (j, (_, v)) in same.by_ref().enumerate() {
                    if j > 0 {
                        out.push(b',');
                    }
                    push_header_value(out, *v);
                }
                out.push(b']');
            }
        }
        out.push(b'}');
        return;
    }
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut groups: Vec<(&str, Vec<Option<&[u8]>>)> = Vec::new();
    for (name, v) in headers {
        let i = *index.entry(name).or_insert_with(|| {
            groups.push((name, Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(*v);
    }
    push_groups(out, groups.into_iter())
}

fn push_groups<'a>(
    out: &mut Vec<u8>,
    groups: impl Iterator<Item = (&'a str, Vec<Option<&'a [u8]>>)>,
) {
    out.push(b'{');
    for (i, (name, values)) in groups.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_json_str(out, name);
        out.push(b':');
        if let [one] = values[..] {
            push_header_value(out, one);
        } else {
            out.push(b'[');
            for (j, v) in values.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                push_header_value(out, *v);
            }
            out.push(b']');
        }
    }
    out.push(b'}');
}

/// Appends one envelope (without a trailing newline).
pub fn encode_envelope(out: &mut Vec<u8>, r: &RecordRef<'_>) {
    out.extend_from_slice(b"{\"topic\":");
    push_json_str(out, r.topic);
    out.extend_from_slice(b",\"partition\":");
    push_int(out, i64::from(r.partition));
    out.extend_from_slice(b",\"offset\":");
    push_int(out, r.offset);
    out.extend_from_slice(b",\"timestamp\":");
    match r.timestamp {
        Some(t) => push_int(out, t),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"key\":");
    let mut key_b64 = false;
    match r.key {
        None => out.extend_from_slice(b"null"),
        Some(k) => match std::str::from_utf8(k) {
            Ok(s) => push_json_str(out, s),
            Err(_) => {
                push_b64(out, k);
                key_b64 = true;
            }
        },
    }
    out.extend_from_slice(b",\"headers\":");
    push_headers(out, r.headers);
    out.extend_from_slice(b",\"value\":");
    let value_b64 = match (r.value, r.value_error) {
        (None, _) => {
            out.extend_from_slice(b"null");
            false
        }
        (Some(v), Some(_)) => {
            push_b64(out, v);
            true
        }
        (Some(v), None) => push_value_exact(out, v),
    };
    if key_b64 {
        out.extend_from_slice(b",\"key_encoding\":\"base64\"");
    }
    if value_b64 {
        out.extend_from_slice(b",\"value_encoding\":\"base64\"");
    }
    if let Some(e) = r.value_error {
        out.extend_from_slice(b",\"value_error\":");
        push_json_str(out, e);
    }
    if let Some(e) = r.value_invalid {
        out.extend_from_slice(b",\"value_invalid\":");
        push_json_str(out, e);
    }
    out.push(b'}');
}

/// An envelope read back as produce input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OwnedEnvelope {
    pub topic: Option<String>,
    pub partition: Option<i32>,
    pub timestamp: Option<i64>,
    pub key: Option<Vec<u8>>,
    pub headers: Vec<(String, Option<Vec<u8>>)>,
    pub value: Option<Vec<u8>>,
}

#[derive(serde::Deserialize)]
struct RawEnvelope<'a> {
    topic: Option<String>,
    partition: Option<i32>,
    timestamp: Option<i64>,
    #[serde(borrow, default)]
    key: Option<&'a RawValue>,
    key_encoding: Option<String>,
    /// evctl's map, or kcat's `-J` list `[name, value, name, value, ...]`.
    headers: Option<Value>,
    #[serde(borrow, default)]
    value: Option<&'a RawValue>,
    value_encoding: Option<String>,
    /// kcat's `-J` name for the value (always a string of the value's bytes, or null).
    #[serde(borrow, default)]
    payload: Option<&'a RawValue>,
    /// kcat's `-J` name for the timestamp.
    ts: Option<i64>,
    // consume output carries the offset; produce ignores it
    #[allow(dead_code)]
    offset: Option<IgnoredAny>,
}

/// Why an input line is not an envelope produce can send: callers match on the kind, and
/// its text names the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("invalid JSON: {0}")]
    Json(String),
    #[error("not an envelope: {0}")]
    Shape(String),
    /// A field that cannot be read: which (`value`, `headers.trace`), and why.
    #[error("{field}: {reason}")]
    Field { field: String, reason: String },
    #[error("both value and payload (kcat's name for it): give one")]
    ValueAndPayload,
}

fn bad(field: impl Into<String>, reason: impl Into<String>) -> EnvelopeError {
    EnvelopeError::Field {
        field: field.into(),
        reason: reason.into(),
    }
}

fn decode_field(
    raw: Option<&RawValue>,
    encoding: Option<&str>,
    field: &str,
) -> Result<Option<Vec<u8>>, EnvelopeError> {
    let Some(raw) = raw else { return Ok(None) };
    let text = raw.get().trim();
    if text == "null" {
        return Ok(None);
    }
    let base64 = match encoding {
        None | Some("string") | Some("utf8") | Some("json") => false,
        Some("base64") => true,
        Some(other) => {
            return Err(bad(
                format!("{field}_encoding"),
                format!("unknown encoding '{other}' (use base64 or leave it out)"),
            ))
        }
    };
    if text.starts_with('"') {
        let s: String = serde_json::from_str(text).map_err(|e| bad(field, e.to_string()))?;
        if base64 {
            return B64
                .decode(s.as_bytes())
                .map(Some)
                .map_err(|e| bad(field, format!("invalid base64: {e}")));
        }
        return Ok(Some(s.into_bytes()));
    }
    if base64 {
        return Err(bad(field, "base64 encoding needs a string"));
    }
    // objects, arrays, numbers and booleans are sent as their JSON text
    Ok(Some(text.as_bytes().to_vec()))
}

fn decode_header_value(name: &str, v: &Value) -> Result<Option<Vec<u8>>, EnvelopeError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone().into_bytes())),
        Value::Object(m) if m.len() == 1 && m.get("base64").is_some_and(Value::is_string) => {
            let s = m.get("base64").and_then(Value::as_str).unwrap_or_default();
            B64.decode(s)
                .map(Some)
                .map_err(|e| bad(format!("headers.{name}"), format!("invalid base64: {e}")))
        }
        Value::Number(_) | Value::Bool(_) => Ok(Some(v.to_string().into_bytes())),
        _ => Err(bad(
            format!("headers.{name}"),
            "expected a string, null or {\"base64\": \"...\"}",
        )),
    }
}

/// Parses one envelope line; the error names the field at fault.
pub fn decode_envelope(line: &[u8]) -> Result<OwnedEnvelope, EnvelopeError> {
    let raw: RawEnvelope<'_> = serde_json::from_slice(line).map_err(|e| {
        if e.is_data() {
            EnvelopeError::Shape(e.to_string())
        } else {
            EnvelopeError::Json(e.to_string())
        }
    })?;
    let headers =
        match raw.headers {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(map)) => map_headers(&map)?,
            Some(Value::Array(list)) => kcat_headers(&list)?,
            Some(_) => return Err(bad(
                "headers",
                "expected a map {\"name\": \"value\"} or kcat's list [\"name\", \"value\", ...]",
            )),
        };
    let value = match (raw.value, raw.payload) {
        (Some(_), Some(_)) => return Err(EnvelopeError::ValueAndPayload),
        (None, Some(payload)) => kcat_payload(payload)?,
        (value, None) => decode_field(value, raw.value_encoding.as_deref(), "value")?,
    };
    Ok(OwnedEnvelope {
        topic: raw.topic,
        partition: raw.partition,
        timestamp: raw.timestamp.or(raw.ts),
        key: decode_field(raw.key, raw.key_encoding.as_deref(), "key")?,
        headers,
        value,
    })
}

/// Headers as produce sends them: name and value (None: a header without a value).
type OwnedHeaders = Vec<(String, Option<Vec<u8>>)>;

/// evctl's headers: a map of name to value, or to a list of values for a repeated name.
fn map_headers(map: &Map<String, Value>) -> Result<OwnedHeaders, EnvelopeError> {
    let mut headers = Vec::new();
    for (name, v) in map {
        match v {
            Value::Array(items) => {
                for item in items {
                    headers.push((name.clone(), decode_header_value(name, item)?));
                }
            }
            _ => headers.push((name.clone(), decode_header_value(name, v)?)),
        }
    }
    Ok(headers)
}

/// kcat's `-J` headers: one flat list of names and values, in order.
fn kcat_headers(list: &[Value]) -> Result<OwnedHeaders, EnvelopeError> {
    if !list.len().is_multiple_of(2) {
        return Err(bad(
            "headers",
            format!(
                "kcat's list pairs names with values, but it has {} items",
                list.len()
            ),
        ));
    }
    list.chunks(2)
        .map(|pair| match &pair[0] {
            Value::String(name) => Ok((name.clone(), decode_header_value(name, &pair[1])?)),
            other => Err(bad(
                "headers",
                format!("a header name must be a string, got {other}"),
            )),
        })
        .collect()
}

/// kcat's `-J` value: the value's bytes as a JSON string (never embedded JSON), or null.
fn kcat_payload(raw: &RawValue) -> Result<Option<Vec<u8>>, EnvelopeError> {
    match serde_json::from_str::<Option<String>>(raw.get()) {
        Ok(v) => Ok(v.map(String::into_bytes)),
        Err(_) => Err(bad(
            "payload",
            format!(
                "kcat writes the value as a string or null, got {}",
                raw.get()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kcat_json_envelopes_are_read_as_kcat_wrote_them() {
        // `kcat -C -J`: headers a flat list, the value under "payload" as a string
        let line = br#"{"topic":"orders","partition":2,"offset":7,"tstype":"create","ts":1700000000123,"broker":1,"headers":["source","gateway","trace",null,"source","retry"],"key":"o-1","payload":"{\"orderId\":\"o-1\"}"}"#;
        let e = decode_envelope(line).unwrap();
        assert_eq!(e.topic.as_deref(), Some("orders"));
        assert_eq!(e.partition, Some(2));
        assert_eq!(e.timestamp, Some(1_700_000_000_123));
        assert_eq!(e.key.as_deref(), Some(&b"o-1"[..]));
        // the payload's exact bytes: a JSON text stays the text kcat read
        assert_eq!(e.value.as_deref(), Some(&br#"{"orderId":"o-1"}"#[..]));
        assert_eq!(
            e.headers,
            vec![
                ("source".to_string(), Some(b"gateway".to_vec())),
                ("trace".to_string(), None),
                ("source".to_string(), Some(b"retry".to_vec())),
            ]
        );
        // a null key and payload (a tombstone), no headers
        let e = decode_envelope(br#"{"topic":"t","partition":0,"offset":1,"tstype":"create","ts":1,"broker":0,"key":null,"payload":null}"#).unwrap();
        assert_eq!((e.key, e.value), (None, None));
        // what cannot be kcat's is named
        let odd = decode_envelope(br#"{"headers":["a"],"payload":"x"}"#).unwrap_err();
        assert!(odd.to_string().contains("has 1 items"), "{odd}");
        let both = decode_envelope(br#"{"value":"x","payload":"y"}"#).unwrap_err();
        assert_eq!(both, EnvelopeError::ValueAndPayload);
        let num = decode_envelope(br#"{"payload":5}"#).unwrap_err();
        assert!(num.to_string().starts_with("payload: kcat writes"), "{num}");
    }

    fn encode(r: &RecordRef<'_>) -> String {
        let mut out = Vec::new();
        encode_envelope(&mut out, r);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn header_text_finds_the_first_of_a_name() {
        let hs: Vec<Header<'_>> = vec![("a", None), ("b", Some(&b"1"[..])), ("b", Some(&b"2"[..]))];
        let r = record(None, None, &hs);
        assert_eq!(r.header_text("b").as_deref(), Some("1"));
        assert_eq!(r.header_text("a"), None);
        assert_eq!(r.header_text("zz"), None);
    }

    fn record<'a>(
        key: Option<&'a [u8]>,
        value: Option<&'a [u8]>,
        headers: &'a [Header<'a>],
    ) -> RecordRef<'a> {
        RecordRef {
            topic: "orders",
            partition: 3,
            offset: 42,
            timestamp: Some(1_700_000_000_000),
            key,
            value,
            headers,
            value_error: None,
            value_invalid: None,
        }
    }

    #[test]
    fn json_values_are_embedded_and_headers_are_a_map() {
        let h: [Header<'_>; 2] = [("eventId", Some(b"e-1")), ("correlationId", Some(b"c-9"))];
        let s = encode(&record(
            Some(b"o-1"),
            Some(br#"{"orderId":"o-1","n":[1,2]}"#),
            &h,
        ));
        assert_eq!(
            s,
            r#"{"topic":"orders","partition":3,"offset":42,"timestamp":1700000000000,"key":"o-1","headers":{"eventId":"e-1","correlationId":"c-9"},"value":{"orderId":"o-1","n":[1,2]}}"#
        );
        let v: Value = serde_json::from_str(&s).unwrap();
        assert!(v["value"].is_object());
    }

    #[test]
    fn round_trips_every_kind_of_value_byte_for_byte() {
        let binary = [0u8, 159, 146, 150, 255];
        let values: [Option<&[u8]>; 7] = [
            Some(br#"{"a":1}"#),
            Some(b"plain text"),
            Some(br#""quoted""#),
            Some(b"42"),
            Some(&binary),
            Some(b""),
            None,
        ];
        let h: [Header<'_>; 4] = [
            ("a", Some(b"1")),
            ("a", Some(b"2")),
            ("nil", None),
            ("bin", Some(&[0xff, 0x00])),
        ];
        for v in values {
            for k in [None, Some(&b"key"[..]), Some(&binary[..])] {
                let line = encode(&record(k, v, &h));
                let back = decode_envelope(line.as_bytes()).unwrap();
                assert_eq!(back.value.as_deref(), v, "{line}");
                assert_eq!(back.key.as_deref(), k, "{line}");
                assert_eq!(back.topic.as_deref(), Some("orders"));
                assert_eq!(back.partition, Some(3));
                let hs: Vec<(&str, Option<&[u8]>)> = back
                    .headers
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_deref()))
                    .collect();
                assert_eq!(hs, h.to_vec(), "{line}");
            }
        }
    }

    #[test]
    fn multiline_json_is_its_exact_text_on_one_line() {
        // compacting it would change the bytes a copy through produce sends back
        let s = encode(&record(None, Some(b"{\n  \"a\": 1\n}"), &[]));
        assert!(s.ends_with(r#""value":"{\n  \"a\": 1\n}"}"#), "{s}");
        assert!(!s.contains('\n'));
    }

    #[test]
    fn decode_errors_name_the_field() {
        let field = |line: &[u8]| match decode_envelope(line).unwrap_err() {
            EnvelopeError::Field { field, reason } => (field, reason),
            other => panic!("not a field error: {other}"),
        };
        assert!(matches!(
            decode_envelope(b"{not json").unwrap_err(),
            EnvelopeError::Json(_)
        ));
        assert_eq!(field(br#"{"headers":{"x":[[1]]}}"#).0, "headers.x");
        let (f, why) = field(br#"{"value":"%%%","value_encoding":"base64"}"#);
        assert_eq!(f, "value");
        assert!(why.starts_with("invalid base64"), "{why}");
        let shape = decode_envelope(br#"{"partition":"x"}"#).unwrap_err();
        assert!(matches!(shape, EnvelopeError::Shape(_)));
        assert!(shape.to_string().starts_with("not an envelope"), "{shape}");
    }

    #[test]
    fn hand_written_envelopes_are_accepted() {
        let e = decode_envelope(br#"{"key":"k","value":{"x":true},"headers":{"h":"v"}}"#).unwrap();
        assert_eq!(e.key.as_deref(), Some(&b"k"[..]));
        assert_eq!(e.value.as_deref(), Some(&br#"{"x":true}"#[..]));
        assert_eq!(e.headers, vec![("h".to_string(), Some(b"v".to_vec()))]);
        assert_eq!(e.topic, None);
    }

    #[test]
    fn many_headers_group_as_few_do() {
        // the same list through both paths (16 or fewer: scanning; more: a map)
        let names = ["a", "b", "a", "c", "b", "a"];
        let list: Vec<Header<'_>> = (0..60)
            .map(|i| (names[i % names.len()], Some(&b"v"[..])))
            .collect();
        let mut many = Vec::new();
        push_headers(&mut many, &list);
        let v: serde_json::Value = serde_json::from_slice(&many).unwrap();
        assert_eq!(v["a"].as_array().unwrap().len(), 30);
        assert_eq!(v["c"].as_array().unwrap().len(), 10);
        let mut few = Vec::new();
        push_headers(&mut few, &list[..6]);
        assert_eq!(
            String::from_utf8(few).unwrap(),
            r#"{"a":["v","v","v"],"b":["v","v"],"c":"v"}"#
        );
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["a", "b", "c"], "first-appearance order");
        // 100,000 headers of one name: linear, not 10^10 comparisons
        let big: Vec<Header<'_>> = (0..100_000).map(|_| ("x", None)).collect();
        let mut out = Vec::new();
        push_headers(&mut out, &big);
        assert!(out.len() > 100_000);
    }

    #[test]
    fn envelope_values_read_back_as_the_same_bytes() {
        for raw in [
            &b"{\"x\": 1.0}"[..],
            b"\t\t{\"x\": 1.0}",
            b"{\"x\": 1.0}\n",
            b"{\n  \"a\": 1\n}",
            b"plain",
        ] {
            let mut out = Vec::new();
            assert!(!push_value_exact(&mut out, raw));
            let v: Value = serde_json::from_slice(&out).unwrap();
            let back = match &v {
                Value::String(s) => s.as_bytes().to_vec(),
                _ => out.clone(),
            };
            assert_eq!(back, raw, "{}", String::from_utf8_lossy(&out));
        }
        let mut out = Vec::new();
        assert!(push_value_exact(&mut out, b"\xff\x00"));
    }

    #[test]
    fn json_a_value_cannot_hold_is_kept_as_its_text() {
        let raw = b"{\n  \"amount\": 1e400\n}";
        let mut out = Vec::new();
        let b64 = push_value(&mut out, raw);
        assert!(!b64);
        let back: String = serde_json::from_slice(&out).unwrap();
        assert_eq!(back.as_bytes(), raw, "the same bytes, as text");
    }
}

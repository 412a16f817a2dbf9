//! One input line → the parts of its record: key (given, or from a JSON field), value,
//! headers, partition and timestamp (from an envelope). The error is the reason only; the
//! caller adds the line.

use serde_json::Value;

use super::{InputMode, ProduceRequest};
use crate::domain::envelope::decode_envelope;
use crate::domain::filter::{JsonPath, PathStep};

/// The key named by `--key-field` in a JSON value.
fn key_from_json(v: &Value, path: &JsonPath, spec: &str) -> Result<Vec<u8>, String> {
    match path.lookup(v) {
        Some(Value::String(s)) => Ok(s.as_bytes().to_vec()),
        Some(Value::Null) | None => Err(format!("key field '{spec}' is missing")),
        Some(other) => Ok(other.to_string().into_bytes()),
    }
}

pub(super) fn path_text(p: &JsonPath) -> String {
    p.0.iter()
        .map(|s| match s {
            PathStep::Field(f) => f.clone(),
            PathStep::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// One input line turned into what the producer needs (owned, as envelopes decode).
pub(super) struct Prepared {
    pub(super) key: Option<Vec<u8>>,
    pub(super) value: Option<Vec<u8>>,
    pub(super) headers: Vec<(String, Option<Vec<u8>>)>,
    pub(super) partition: Option<i32>,
    pub(super) timestamp: Option<i64>,
}

/// Decodes one non-trivial input line; the error is the reason only (the caller adds the line).
pub(super) fn prepare(r: &ProduceRequest, line: &[u8], key_spec: &str) -> Result<Prepared, String> {
    match r.mode {
        InputMode::Lines | InputMode::Json => {
            let mut key = r.key.clone();
            if let Some(path) = &r.key_field {
                let v: Value = serde_json::from_slice(line)
                    .map_err(|e| format!("invalid JSON (needed for --key-field): {e}"))?;
                key = Some(key_from_json(&v, path, key_spec)?);
            } else if r.mode == InputMode::Json {
                serde_json::from_slice::<serde::de::IgnoredAny>(line)
                    .map_err(|e| format!("invalid JSON: {e}"))?;
            }
            let value = if r.mode == InputMode::Json {
                line.trim_ascii().to_vec()
            } else {
                line.to_vec()
            };
            Ok(Prepared {
                key,
                value: Some(value),
                headers: Vec::new(),
                partition: r.partition,
                timestamp: None,
            })
        }
        InputMode::Envelope => {
            let e = decode_envelope(line).map_err(|e| e.to_string())?;
            let key = match (&r.key, &r.key_field) {
                (Some(k), _) => Some(k.clone()),
                (None, Some(path)) => {
                    let v: Value = e
                        .value
                        .as_deref()
                        .and_then(|b| serde_json::from_slice(b).ok())
                        .ok_or_else(|| "--key-field needs a JSON value".to_string())?;
                    Some(key_from_json(&v, path, key_spec)?)
                }
                (None, None) => e.key,
            };
            Ok(Prepared {
                key,
                value: e.value,
                headers: e.headers,
                partition: if r.keep_partition {
                    e.partition
                } else {
                    r.partition
                },
                timestamp: if r.keep_timestamp { e.timestamp } else { None },
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_json_fields() {
        let v: Value = serde_json::from_str(r#"{"orderId":"o-1","n":7,"c":{"id":"x"}}"#).unwrap();
        let p = |s| JsonPath::parse(s).unwrap();
        assert_eq!(key_from_json(&v, &p("orderId"), "orderId").unwrap(), b"o-1");
        assert_eq!(key_from_json(&v, &p("n"), "n").unwrap(), b"7");
        assert_eq!(key_from_json(&v, &p("c.id"), "c.id").unwrap(), b"x");
        assert!(key_from_json(&v, &p("nope"), "nope")
            .unwrap_err()
            .contains("'nope' is missing"));
    }
}

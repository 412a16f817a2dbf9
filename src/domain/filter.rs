//! Record filters of `consume` (`--key`, `--header k=v`, `--match PATH=VALUE`).
//!
//! Why here and pure: `tail` and `dlq` will filter the same way, and a filter is a rule about
//! records, not about Kafka. A record passes when every given filter matches (AND).

use super::envelope::RecordRef;
use serde_json::Value;

/// One step of a JSON path: `items[2].productId` is `Field(items) Index(2) Field(productId)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    Field(String),
    Index(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonPath(pub Vec<PathStep>);

impl JsonPath {
    /// Accepts `a.b.c`, `items[2].id`, `items.2.id` and a leading `$.` or `.`.
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim();
        let s = s
            .strip_prefix("$.")
            .or_else(|| s.strip_prefix('.'))
            .unwrap_or(s);
        if s.is_empty() {
            return Err(format!("empty JSON path '{input}'"));
        }
        let mut steps = Vec::new();
        for part in s.split('.') {
            let (name, mut rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !name.is_empty() {
                match name.parse::<usize>() {
                    Ok(i) => steps.push(PathStep::Index(i)),
                    Err(_) => steps.push(PathStep::Field(name.to_string())),
                }
            } else if rest.is_empty() {
                return Err(format!("empty step in JSON path '{input}'"));
            }
            while let Some(r) = rest.strip_prefix('[') {
                let end = r
                    .find(']')
                    .ok_or_else(|| format!("unclosed '[' in JSON path '{input}'"))?;
                let idx = r[..end].parse::<usize>().map_err(|_| {
                    format!("'{}' is not an index in JSON path '{input}'", &r[..end])
                })?;
                steps.push(PathStep::Index(idx));
                rest = &r[end + 1..];
            }
            if !rest.is_empty() {
                return Err(format!("unexpected '{rest}' in JSON path '{input}'"));
            }
        }
        Ok(Self(steps))
    }

    pub fn lookup<'v>(&self, mut v: &'v Value) -> Option<&'v Value> {
        for step in &self.0 {
            v = match step {
                PathStep::Field(f) => v.get(f.as_str())?,
                PathStep::Index(i) => v.get(*i)?,
            };
        }
        Some(v)
    }
}

/// `true` when the JSON value at a path equals the text a user typed: strings compare as
/// strings, numbers/booleans/null by their JSON text (`--match total=42`).
pub fn json_equals_text(v: &Value, text: &str) -> bool {
    match v {
        Value::String(s) => s == text,
        Value::Number(n) => {
            n.to_string() == text
                || matches!((n.as_f64(), text.parse::<f64>()), (Some(a), Ok(b)) if a == b)
        }
        Value::Bool(b) => text == if *b { "true" } else { "false" },
        Value::Null => text == "null",
        _ => serde_json::from_str::<Value>(text).is_ok_and(|t| &t == v),
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub key: Option<Vec<u8>>,
    pub headers: Vec<(String, String)>,
    pub matches: Vec<(JsonPath, String)>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.key.is_none() && self.headers.is_empty() && self.matches.is_empty()
    }

    pub fn accepts(&self, r: &RecordRef<'_>) -> bool {
        if let Some(k) = &self.key {
            if r.key != Some(k.as_slice()) {
                return false;
            }
        }
        for (name, want) in &self.headers {
            let hit = r
                .headers
                .iter()
                .any(|(n, v)| n == name && *v == Some(want.as_bytes()));
            if !hit {
                return false;
            }
        }
        if self.matches.is_empty() {
            return true;
        }
        let Some(value) = r.value else { return false };
        let Ok(json) = serde_json::from_slice::<Value>(value) else {
            return false;
        };
        self.matches.iter().all(|(path, want)| {
            path.lookup(&json)
                .is_some_and(|v| json_equals_text(v, want))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::envelope::Header;

    fn rec<'a>(key: &'a [u8], value: &'a [u8], headers: &'a [Header<'a>]) -> RecordRef<'a> {
        RecordRef {
            topic: "t",
            partition: 0,
            offset: 0,
            timestamp: None,
            key: Some(key),
            value: Some(value),
            headers,
            value_error: None,
        }
    }

    #[test]
    fn paths_parse_in_both_index_styles() {
        let want = JsonPath(vec![
            PathStep::Field("items".into()),
            PathStep::Index(2),
            PathStep::Field("productId".into()),
        ]);
        assert_eq!(JsonPath::parse("items[2].productId").unwrap(), want);
        assert_eq!(JsonPath::parse("items.2.productId").unwrap(), want);
        assert_eq!(JsonPath::parse("$.items[2].productId").unwrap(), want);
        assert!(JsonPath::parse("").is_err());
        assert!(JsonPath::parse("a..b").is_err());
        assert!(JsonPath::parse("a[x]").is_err());
        assert!(JsonPath::parse("a[1").is_err());
    }

    #[test]
    fn all_filters_must_match() {
        let h: [Header<'_>; 1] = [("source", Some(b"gateway"))];
        let v = br#"{"orderId":"o-1","totalCents":4200,"paid":true,"items":[{"productId":"p-9"}]}"#;
        let r = rec(b"o-1", v, &h);
        let mut f = Filters::default();
        assert!(f.is_empty() && f.accepts(&r));
        f.key = Some(b"o-1".to_vec());
        f.headers.push(("source".into(), "gateway".into()));
        f.matches
            .push((JsonPath::parse("items[0].productId").unwrap(), "p-9".into()));
        f.matches
            .push((JsonPath::parse("totalCents").unwrap(), "4200".into()));
        f.matches
            .push((JsonPath::parse("paid").unwrap(), "true".into()));
        assert!(f.accepts(&r));
        let mut g = f.clone();
        g.key = Some(b"o-2".to_vec());
        assert!(!g.accepts(&r));
        let mut g = f.clone();
        g.headers[0].1 = "other".into();
        assert!(!g.accepts(&r));
        let mut g = f.clone();
        g.matches
            .push((JsonPath::parse("missing").unwrap(), "x".into()));
        assert!(!g.accepts(&r));
        // a value that is not JSON never matches a --match filter
        assert!(!f.accepts(&rec(b"o-1", b"not json", &h)));
    }
}

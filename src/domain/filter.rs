//! Record filters: `consume`'s (`--key`, `--header k=v`, `--match PATH=VALUE`, all must hold)
//! and the [`Matcher`] that can also say "any of these" (`tail`: header X = C, or value field
//! F = C, or key = C).
//!
//! Why here and pure: `consume`, `tail` and `dlq` filter the same way, and a filter is a rule
//! about records, not about Kafka. A matcher also says, from the raw bytes alone, whether a
//! record *could* match ([`Matcher::could_match`]), so readers skip decoding the rest.

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

/// Why a JSON path does not parse: what is wrong, in the path as typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("empty JSON path '{0}'")]
    Empty(String),
    #[error("empty step in JSON path '{0}'")]
    EmptyStep(String),
    #[error("unclosed '[' in JSON path '{0}'")]
    Unclosed(String),
    #[error("'{index}' is not an index in JSON path '{path}'")]
    NotAnIndex { index: String, path: String },
    #[error("unexpected '{rest}' in JSON path '{path}'")]
    Unexpected { rest: String, path: String },
}

impl JsonPath {
    /// Accepts `a.b.c`, `items[2].id`, `items.2.id` and a leading `$.` or `.`.
    pub fn parse(input: &str) -> Result<Self, PathError> {
        let s = input.trim();
        let s = s
            .strip_prefix("$.")
            .or_else(|| s.strip_prefix('.'))
            .unwrap_or(s);
        if s.is_empty() {
            return Err(PathError::Empty(input.to_string()));
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
                return Err(PathError::EmptyStep(input.to_string()));
            }
            while let Some(r) = rest.strip_prefix('[') {
                let end = r
                    .find(']')
                    .ok_or_else(|| PathError::Unclosed(input.to_string()))?;
                let idx = r[..end]
                    .parse::<usize>()
                    .map_err(|_| PathError::NotAnIndex {
                        index: r[..end].to_string(),
                        path: input.to_string(),
                    })?;
                steps.push(PathStep::Index(idx));
                rest = &r[end + 1..];
            }
            if !rest.is_empty() {
                return Err(PathError::Unexpected {
                    rest: rest.to_string(),
                    path: input.to_string(),
                });
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

/// The value parsed as JSON once, on first need, by whichever test asks first.
struct LazyJson<'a> {
    bytes: Option<&'a [u8]>,
    parsed: Option<Option<Value>>,
}

impl<'a> LazyJson<'a> {
    fn new(bytes: Option<&'a [u8]>) -> Self {
        Self {
            bytes,
            parsed: None,
        }
    }

    fn get(&mut self) -> Option<&Value> {
        let bytes = self.bytes;
        self.parsed
            .get_or_insert_with(|| bytes.and_then(|b| serde_json::from_slice(b).ok()))
            .as_ref()
    }
}

/// One test on a record.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// The key, byte for byte.
    Key(Vec<u8>),
    /// A header with one of these names has this value; names compare ignoring ASCII case
    /// when `any_case` (`correlationId`, `correlation-id`, ...).
    Header {
        names: Vec<String>,
        value: String,
        any_case: bool,
    },
    /// The JSON value (decoded first when it is Avro) has this text at this path.
    Field { path: JsonPath, value: String },
    /// The trace id (second field) of a W3C `traceparent` header.
    TraceId(String),
}

fn header_named(name: &str, wanted: &[String], any_case: bool) -> bool {
    wanted.iter().any(|w| {
        if any_case {
            w.eq_ignore_ascii_case(name)
        } else {
            w == name
        }
    })
}

/// The trace id of a `traceparent` value: `00-<32 hex trace id>-<16 hex span>-<flags>`.
pub fn trace_id(traceparent: &[u8]) -> Option<&[u8]> {
    traceparent.split(|b| *b == b'-').nth(1)
}

impl Test {
    fn holds(&self, r: &RecordRef<'_>, json: &mut LazyJson<'_>) -> bool {
        match self {
            Self::Key(k) => r.key == Some(k.as_slice()),
            Self::Header {
                names,
                value,
                any_case,
            } => r
                .headers
                .iter()
                .any(|(n, v)| header_named(n, names, *any_case) && *v == Some(value.as_bytes())),
            Self::Field { path, value } => json
                .get()
                .and_then(|j| path.lookup(j))
                .is_some_and(|v| json_equals_text(v, value)),
            Self::TraceId(id) => r.headers.iter().any(|(n, v)| {
                n.eq_ignore_ascii_case("traceparent") && v.and_then(trace_id) == Some(id.as_bytes())
            }),
        }
    }
}

/// Headers that carry a correlation id by convention (compared ignoring case).
pub const CORRELATION_HEADERS: [&str; 3] = ["correlationId", "correlation-id", "x-correlation-id"];
/// The value field that carries a correlation id by convention (DESIGN §4).
pub const CORRELATION_FIELD: &str = "correlationId";

/// Tests combined: every one must hold, or any one.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    All(Vec<Test>),
    Any(Vec<Test>),
}

impl Matcher {
    pub fn tests(&self) -> &[Test] {
        match self {
            Self::All(t) | Self::Any(t) => t,
        }
    }

    /// Whether the record passes; `r.value` is the decoded value where it was decoded.
    pub fn accepts(&self, r: &RecordRef<'_>) -> bool {
        let mut json = LazyJson::new(r.value);
        match self {
            Self::All(tests) => tests.iter().all(|t| t.holds(r, &mut json)),
            Self::Any(tests) => tests.iter().any(|t| t.holds(r, &mut json)),
        }
    }

    /// False when the record cannot pass, judged from its raw bytes (before any decoding).
    /// `value_is_raw_json`: the value will not be decoded (so numbers can be searched too).
    /// Readers that ask for every record keep a [`Prefilter`] instead.
    pub fn could_match(&self, r: &RecordRef<'_>, value_is_raw_json: bool) -> bool {
        Prefilter::new(self).could_match(r, value_is_raw_json)
    }

    /// "This record carries correlation id `id`": one of these headers (any case), or this
    /// value field, equals it. What `tail` follows and `dlq --correlation-id` selects.
    pub fn correlation(id: &str, headers: &[String], field: &JsonPath) -> Self {
        Self::Any(vec![
            Test::Header {
                names: headers.to_vec(),
                value: id.to_string(),
                any_case: true,
            },
            Test::Field {
                path: field.clone(),
                value: id.to_string(),
            },
        ])
    }

    /// [`Matcher::correlation`] with the conventional headers and field.
    pub fn conventional_correlation(id: &str) -> Self {
        let headers = CORRELATION_HEADERS.map(String::from);
        let field = JsonPath(vec![PathStep::Field(CORRELATION_FIELD.into())]);
        Self::correlation(id, &headers, &field)
    }
}

/// One test as the pre-filter sees it.
#[derive(Debug, Clone)]
enum Probe {
    /// Judged exactly on the raw record (key, headers, traceparent).
    Exact(Test),
    /// A field's text, searched for in the raw value (the searcher built once).
    Text {
        finder: Box<memchr::memmem::Finder<'static>>,
        /// Not a number, boolean or null (whose Avro encoding is not their text).
        textual: bool,
        /// JSON may escape it (non-ASCII, quotes, slashes): raw JSON proves nothing.
        escapable: bool,
    },
}

/// A matcher's "could this record match" from raw bytes alone: false only when the record
/// cannot pass whatever its value decodes to (JSON and Avro store strings as UTF-8, so a
/// field's text must appear in the raw value). Built once per scan.
#[derive(Debug, Clone)]
pub struct Prefilter {
    any: bool,
    probes: Vec<Probe>,
}

impl Prefilter {
    pub fn new(m: &Matcher) -> Self {
        let probes = m
            .tests()
            .iter()
            .map(|t| match t {
                Test::Field { value, .. } => Probe::Text {
                    finder: Box::new(memchr::memmem::Finder::new(value.as_bytes()).into_owned()),
                    textual: value.parse::<f64>().is_err()
                        && !matches!(value.as_str(), "true" | "false" | "null"),
                    escapable: value
                        .bytes()
                        .any(|b| !b.is_ascii() || b.is_ascii_control() || b"\"\\/".contains(&b)),
                },
                other => Probe::Exact(other.clone()),
            })
            .collect();
        Self {
            any: matches!(m, Matcher::Any(_)),
            probes,
        }
    }

    /// See [`Matcher::could_match`].
    pub fn could_match(&self, r: &RecordRef<'_>, value_is_raw_json: bool) -> bool {
        let probe = |p: &Probe| match p {
            Probe::Exact(t) => t.holds(r, &mut LazyJson::new(None)),
            Probe::Text {
                finder,
                textual,
                escapable,
            } => {
                let Some(raw) = r.value else { return false };
                if value_is_raw_json && *escapable {
                    true
                } else if *textual || value_is_raw_json {
                    finder.find(raw).is_some()
                } else {
                    true
                }
            }
        };
        if self.any {
            self.probes.iter().any(probe)
        } else {
            self.probes.iter().all(probe)
        }
    }
}

/// `consume`'s filters as the user gave them; every one must hold.
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

    /// The same filters as a matcher (every test must hold).
    pub fn matcher(&self) -> Matcher {
        let mut tests: Vec<Test> = self.key.iter().cloned().map(Test::Key).collect();
        tests.extend(self.headers.iter().map(|(n, v)| Test::Header {
            names: vec![n.clone()],
            value: v.clone(),
            any_case: false,
        }));
        tests.extend(self.matches.iter().map(|(p, v)| Test::Field {
            path: p.clone(),
            value: v.clone(),
        }));
        Matcher::All(tests)
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
            value_invalid: None,
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
        assert!(f.is_empty() && f.matcher().accepts(&r));
        f.key = Some(b"o-1".to_vec());
        f.headers.push(("source".into(), "gateway".into()));
        f.matches
            .push((JsonPath::parse("items[0].productId").unwrap(), "p-9".into()));
        f.matches
            .push((JsonPath::parse("totalCents").unwrap(), "4200".into()));
        f.matches
            .push((JsonPath::parse("paid").unwrap(), "true".into()));
        assert!(f.matcher().accepts(&r));
        let mut g = f.clone();
        g.key = Some(b"o-2".to_vec());
        assert!(!g.matcher().accepts(&r));
        let mut g = f.clone();
        g.headers[0].1 = "other".into();
        assert!(!g.matcher().accepts(&r));
        let mut g = f.clone();
        g.matches
            .push((JsonPath::parse("missing").unwrap(), "x".into()));
        assert!(!g.matcher().accepts(&r));
        // a value that is not JSON never matches a --match filter
        assert!(!f.matcher().accepts(&rec(b"o-1", b"not json", &h)));
    }

    fn correlation(c: &str) -> Matcher {
        Matcher::Any(vec![
            Test::Header {
                names: vec!["correlationId".into(), "correlation-id".into()],
                value: c.into(),
                any_case: true,
            },
            Test::Field {
                path: JsonPath::parse("correlationId").unwrap(),
                value: c.into(),
            },
            Test::Key(c.as_bytes().to_vec()),
        ])
    }

    #[test]
    fn any_of_header_field_or_key_matches() {
        let m = correlation("c-1");
        let hdr: [Header<'_>; 1] = [("CORRELATION-ID", Some(b"c-1"))];
        assert!(m.accepts(&rec(b"k", b"{}", &hdr)));
        assert!(m.accepts(&rec(b"k", br#"{"correlationId":"c-1"}"#, &[])));
        assert!(m.accepts(&rec(b"c-1", b"x", &[])));
        assert!(!m.accepts(&rec(b"k", br#"{"correlationId":"c-2"}"#, &[])));
        let other: [Header<'_>; 1] = [("correlationId", Some(b"c-2"))];
        assert!(!m.accepts(&rec(b"k", b"{}", &other)));
    }

    #[test]
    fn the_raw_prefilter_never_rejects_a_match() {
        let m = correlation("c-1");
        // the id appears in the raw value (JSON, or Avro's UTF-8 string bytes)
        assert!(m.could_match(&rec(b"k", b"\x00\x06c-1\x02", &[]), false));
        // nowhere: rejected before decoding
        assert!(!m.could_match(&rec(b"k", b"\x00\x06c-2", &[]), false));
        // a number in an Avro value is not searchable as text: kept for decoding
        let n = Matcher::Any(vec![Test::Field {
            path: JsonPath::parse("total").unwrap(),
            value: "42".into(),
        }]);
        assert!(n.could_match(&rec(b"k", b"\x54", &[]), false));
        assert!(!n.could_match(&rec(b"k", br#"{"total":7}"#, &[]), true));
    }

    #[test]
    fn trace_ids_come_from_traceparent() {
        let tp = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let hdr: [Header<'_>; 1] = [("traceparent", Some(tp))];
        let m = Matcher::Any(vec![Test::TraceId(
            "4bf92f3577b34da6a3ce929d0e0e4736".into(),
        )]);
        assert!(m.accepts(&rec(b"k", b"{}", &hdr)));
        assert!(m.could_match(&rec(b"k", b"{}", &hdr), true));
        assert!(!m.accepts(&rec(b"k", b"{}", &[])));
        assert_eq!(trace_id(b"garbage"), None);
    }
}

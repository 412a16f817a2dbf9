//! Record values (and keys) in the Confluent wire format → JSON, for every command that reads.
//!
//! Why one decoder: `consume`, `tail`, `dlq` and the simulation all meet framed Avro (magic 0,
//! a 4-byte schema id, the datum) and must find the writer's schema the same way:
//! 1. schemas known up front ([`KnownSchemas`]: the simulation registers its own);
//! 2. the registry, by id, cached. A failed lookup is remembered only for [`RETRY_AFTER`], so a
//!    registry timeout during a `--follow` run does not make that id undecodable for good;
//! 3. `--schemas DIR`: the file the record's topic names (`<topic>.avsc` or `<topic>-value.avsc`,
//!    Confluent's TopicNameStrategy; a DLQ topic names its origin's file; keys use
//!    `<topic>-key.avsc`). Only when no file is named does the decoder try them all; if more
//!    than one decodes the datum it uses the first and says so once ([`ValueDecoder::take_notes`]).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::avro_codec::{split_confluent, DecodeOptions};
use super::avro_schema::AvroSchema;
use super::json_schema::Invalid;
use super::registry::{Registry, RegistryError};
use super::schema::{load_file, SchemaFileError, SchemaKind};
pub use super::schema::{Schema, SchemaDecodeError};
pub use super::wire::SchemaRef;
use super::wire::{framing, Framing};
use crate::domain::connection::{Connection, RegistryArgs};
use crate::domain::envelope::Header;
use crate::domain::topics::dlq_origin;

/// How framed values are to be decoded, as the user asked (`--schema-registry`, `--schemas`,
/// `--timestamps`, `--skip-undecodable`).
#[derive(Debug, Clone, Default)]
pub struct DecodeArgs {
    pub registry: Option<RegistryArgs>,
    /// Local .avsc files, for when the registry is not there or lacks the id.
    pub schemas_dir: Option<std::path::PathBuf>,
    pub rfc3339: bool,
    /// A reader's policy for what cannot be decoded: skip it instead of showing its bytes.
    pub skip_undecodable: bool,
}

/// Why a framed value (or key) could not be decoded: callers match on it, and its text is
/// what the user reads next to the record.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DecodeError {
    #[error("not in the Confluent wire format")]
    NotFramed,
    #[error("unknown schema id {0}")]
    UnknownId(u32),
    #[error("{0}: no schema for it")]
    NoSchema(SchemaRef),
    /// The schema-id header is there but holds neither `0x01` + GUID nor `0x00` + id.
    #[error(
        "the {header} header ({len} bytes) is neither 0x01 + a 16-byte GUID nor 0x00 + a 4-byte id"
    )]
    BadHeader { header: &'static str, len: usize },
    /// The registry's answer (or its failure, believed for a while), as text: it is cached.
    #[error("{0}")]
    Registry(String),
    #[error("{id}: {reason}")]
    BadSchema { id: SchemaRef, reason: String },
    #[error("{0}; no schema in --schemas decodes it")]
    NoLocalFit(Box<DecodeError>),
    /// The datum does not fit its schema: where in the value, and what.
    #[error("{id} ({label}): {source}")]
    Datum {
        id: SchemaRef,
        label: String,
        source: SchemaDecodeError,
    },
    /// A datum that does not fit a schema known up front: the codec's words alone.
    #[error(transparent)]
    Invalid(SchemaDecodeError),
    /// The decoded value could not be written as JSON.
    #[error("{0}")]
    Serialise(String),
}

/// Why the decoder the user asked for could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Registry(#[from] RegistryError),
    #[error("--schemas: cannot read {dir}: {source}")]
    SchemasDir {
        dir: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("--schemas: {0}")]
    Schema(SchemaFileError),
}

/// How long a failed registry lookup is believed before the id is asked for again.
pub const RETRY_AFTER: Duration = Duration::from_secs(5);

/// A schema and where it came from (a file, a registry id), for messages.
#[derive(Debug)]
pub struct NamedSchema {
    pub label: String,
    pub schema: Schema,
}

/// Schema ids known without asking anyone; read-only, so threads can share it.
#[derive(Debug, Default)]
pub struct KnownSchemas {
    by_id: HashMap<u32, Arc<NamedSchema>>,
}

impl KnownSchemas {
    pub fn insert(&mut self, id: u32, label: impl Into<String>, schema: AvroSchema) {
        let label = label.into();
        self.by_id.insert(
            id,
            Arc::new(NamedSchema {
                label,
                schema: Schema::Avro(schema),
            }),
        );
    }

    pub fn get(&self, id: u32) -> Option<&Arc<NamedSchema>> {
        self.by_id.get(&id)
    }

    /// Decodes a framed value whose id is known here: (schema id, value). A datum that does
    /// not decode is described by the codec's error alone (where in the value, and what).
    pub fn decode(&self, bytes: &[u8], opts: DecodeOptions) -> Result<(u32, Value), DecodeError> {
        let (id, datum) = split_confluent(bytes).ok_or(DecodeError::NotFramed)?;
        let named = self.get(id).ok_or(DecodeError::UnknownId(id))?;
        named
            .schema
            .decode(datum, opts)
            .map(|v| (id, v))
            .map_err(DecodeError::Invalid)
    }
}

/// The `.avsc` files of a `--schemas` directory, by file stem.
#[derive(Debug, Default)]
pub struct LocalSchemas {
    /// (stem, schema), sorted by file name.
    files: Vec<(String, Arc<NamedSchema>)>,
}

impl LocalSchemas {
    /// Reads every `*.avsc`, `*.proto` and `*.json` in `dir`; a file that does not parse is
    /// an error naming it. Imports and `$ref`s resolve from `dir` (by their path under it,
    /// e.g. `common/money.proto`), then from the built-in well-known types.
    pub fn load_dir(dir: &Path) -> Result<Self, OpenError> {
        let entries = std::fs::read_dir(dir).map_err(|source| OpenError::SchemasDir {
            dir: dir.to_path_buf(),
            source,
        })?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && SchemaKind::of_path(p).is_some())
            .collect();
        paths.sort();
        let mut files = Vec::with_capacity(paths.len());
        for p in paths {
            let loaded = load_file(&p, None, &[]).map_err(OpenError::Schema)?;
            let label = p
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let schema = loaded.schema;
            files.push((stem, Arc::new(NamedSchema { label, schema })));
        }
        Ok(Self { files })
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The files named `stem` (one per format: `order.avsc`, `order.proto`, `order.json`).
    fn named(&self, stem: &str) -> Vec<&Arc<NamedSchema>> {
        self.files
            .iter()
            .filter(|(s, _)| s == stem)
            .map(|(_, n)| n)
            .collect()
    }

    /// The files a subject names: the topic (or, for a DLQ, its origin) as `<t>.avsc` or
    /// `<t>-value.avsc` (or `.proto`, `.json`); for a key, `<t>-key.avsc`. Several formats
    /// of the same name: the one that decodes `datum`, else the first.
    fn for_subject(
        &self,
        topic: &str,
        key: bool,
        datum: &[u8],
        opts: DecodeOptions,
    ) -> Option<&Arc<NamedSchema>> {
        let topics = std::iter::once(topic).chain(dlq_origin(topic));
        for t in topics {
            let mut found = if key {
                self.named(&format!("{t}-key"))
            } else {
                self.named(t)
            };
            if found.is_empty() && !key {
                found = self.named(&format!("{t}-value"));
            }
            if found.len() > 1 {
                if let Some(n) = found.iter().find(|n| n.schema.decode(datum, opts).is_ok()) {
                    return Some(n);
                }
            }
            if let Some(n) = found.first() {
                return Some(n);
            }
        }
        None
    }
}

/// What decoding one value gave.
#[derive(Debug, PartialEq)]
pub enum Decoded<'a> {
    /// Not in the Confluent wire format: shown as it is.
    NotFramed,
    /// Compact JSON of the decoded datum.
    Json(&'a [u8]),
    /// Framed but undecodable, and why.
    Failed(DecodeError),
    /// A JSON value that does not match its JSON Schema: shown, with the first reason.
    Unmatched { json: &'a [u8], reason: &'a str },
}

/// A registry answer, or a failure believed until `retry_at`.
enum Lookup {
    Found(Arc<NamedSchema>),
    Failed {
        reason: DecodeError,
        retry_at: Instant,
    },
}

/// The reading commands' decoder (see the module header). Not `Sync`: each reader has its own.
pub struct ValueDecoder {
    known: Arc<KnownSchemas>,
    registry: Option<Registry>,
    lookups: HashMap<SchemaRef, Lookup>,
    local: LocalSchemas,
    /// Ids whose local schema was found by trial (no file named): decoded the same way again.
    tried: HashMap<SchemaRef, Arc<NamedSchema>>,
    opts: DecodeOptions,
    retry_after: Duration,
    out: Vec<u8>,
    notes: Vec<String>,
    noted: HashSet<SchemaRef>,
    /// Topics whose JSON values were found not to match their schema (said once each).
    unmatched_topics: HashSet<String>,
    /// The reason of the last [`Decoded::Unmatched`].
    reason: String,
}

impl ValueDecoder {
    pub fn new(registry: Option<Registry>, local: LocalSchemas, opts: DecodeOptions) -> Self {
        Self {
            known: Arc::default(),
            registry,
            lookups: HashMap::new(),
            local,
            tried: HashMap::new(),
            opts,
            retry_after: RETRY_AFTER,
            out: Vec::new(),
            notes: Vec::new(),
            noted: HashSet::new(),
            unmatched_topics: HashSet::new(),
            reason: String::new(),
        }
    }

    /// The decoder the user asked for; None when there is nothing to decode with (no registry
    /// from the flags or the context, no `--schemas`).
    /// `conn`: the connection whose context gives the registry's URL and CA file when no flag
    /// does.
    pub fn open(a: &DecodeArgs, conn: &Connection) -> Result<Option<Self>, OpenError> {
        let flags = a.registry.clone().unwrap_or_default().or(conn);
        let url = flags.url.clone();
        if url.is_none() && a.schemas_dir.is_none() {
            return Ok(None);
        }
        let registry = url.map(|u| Registry::from_args(&u, &flags)).transpose()?;
        let local = match &a.schemas_dir {
            Some(dir) => LocalSchemas::load_dir(dir)?,
            None => LocalSchemas::default(),
        };
        let opts = DecodeOptions { rfc3339: a.rfc3339 };
        Ok(Some(Self::new(registry, local, opts)))
    }

    /// Adds schemas known up front (they win over every other source).
    pub fn with_known(mut self, known: Arc<KnownSchemas>) -> Self {
        self.known = known;
        self
    }

    /// Shortens how long a registry failure is believed (tests).
    pub fn with_retry_after(mut self, d: Duration) -> Self {
        self.retry_after = d;
        self
    }

    /// Decodes a record's value read from `topic` (its schema named by the `headers` or the
    /// value's prefix, see [`super::wire`]).
    pub fn decode(&mut self, topic: &str, headers: &[Header<'_>], bytes: &[u8]) -> Decoded<'_> {
        self.decode_as(topic, headers, false, bytes)
    }

    /// Decodes a record's key read from `topic`: a string key becomes its text, anything else
    /// compact JSON; None when the key is not framed or cannot be decoded (shown as it is).
    pub fn decode_key(
        &mut self,
        topic: &str,
        headers: &[Header<'_>],
        bytes: &[u8],
    ) -> Option<Vec<u8>> {
        match self.decode_as(topic, headers, true, bytes) {
            Decoded::Json(json) => Some(match serde_json::from_slice::<Value>(json) {
                Ok(Value::String(t)) => t.into_bytes(),
                _ => json.to_vec(),
            }),
            _ => None,
        }
    }

    /// Decodes into compact JSON the caller keeps: Ok(None) when the value is not framed.
    pub fn decode_owned(
        &mut self,
        topic: &str,
        headers: &[Header<'_>],
        bytes: &[u8],
    ) -> Result<Option<Vec<u8>>, DecodeError> {
        match self.decode(topic, headers, bytes) {
            Decoded::NotFramed => Ok(None),
            Decoded::Json(json) | Decoded::Unmatched { json, .. } => Ok(Some(json.to_vec())),
            Decoded::Failed(reason) => Err(reason),
        }
    }

    /// What the decoder has to tell the user (an ambiguous schema choice, values that do not
    /// match their JSON Schema), once each.
    pub fn take_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }

    fn decode_as(
        &mut self,
        topic: &str,
        headers: &[Header<'_>],
        key: bool,
        bytes: &[u8],
    ) -> Decoded<'_> {
        let frame = match framing(headers, key, bytes) {
            Framing::Plain => return Decoded::NotFramed,
            Framing::BadHeader { header, len } => {
                return Decoded::Failed(DecodeError::BadHeader { header, len })
            }
            Framing::Framed(f) => f,
        };
        let (id, datum) = (frame.schema, &frame.datum[..]);
        let named = match self.resolve(id, topic, key, datum) {
            Ok(n) => n,
            Err(reason) => return Decoded::Failed(reason),
        };
        let datum_error = |source| DecodeError::Datum {
            id,
            label: named.label.clone(),
            source,
        };
        let Schema::Json(js) = &named.schema else {
            // Avro and Protobuf: straight to text
            self.out.clear();
            return match named.schema.decode_text(datum, self.opts, &mut self.out) {
                Ok(()) => Decoded::Json(&self.out),
                Err(source) => Decoded::Failed(datum_error(source)),
            };
        };
        let v = match named.schema.decode(datum, self.opts) {
            Ok(v) => v,
            Err(source) => return Decoded::Failed(datum_error(source)),
        };
        self.out.clear();
        if let Err(e) = serde_json::to_writer(&mut self.out, &v) {
            return Decoded::Failed(DecodeError::Serialise(e.to_string()));
        }
        match js.validate(&v) {
            Ok(()) => Decoded::Json(&self.out),
            Err(e) => {
                self.note_unmatched(topic, &named.label, &e);
                self.reason = e.to_string();
                Decoded::Unmatched {
                    json: &self.out,
                    reason: &self.reason,
                }
            }
        }
    }

    /// A JSON value that does not match its schema is shown all the same; the user is told
    /// once per topic.
    fn note_unmatched(&mut self, topic: &str, label: &str, e: &Invalid) {
        if self.unmatched_topics.insert(topic.to_string()) {
            self.notes.push(format!(
                "{topic}: values that do not match their JSON Schema ({label}) are shown as they are, flagged value_invalid in -o jsonl; the first: {e}"
            ));
        }
    }

    /// The writer's schema for `id`, from the first source that has it.
    fn resolve(
        &mut self,
        id: SchemaRef,
        topic: &str,
        key: bool,
        datum: &[u8],
    ) -> Result<Arc<NamedSchema>, DecodeError> {
        if let Some(n) = self.known_schema(id) {
            return Ok(n);
        }
        let mut why = DecodeError::NoSchema(id);
        if self.registry.is_some() {
            match self.lookup_registry(id) {
                Ok(n) => return Ok(n),
                Err(reason) => why = reason,
            }
        }
        if self.local.is_empty() {
            return Err(why);
        }
        if let Some(n) = self.local.for_subject(topic, key, datum, self.opts) {
            return Ok(Arc::clone(n));
        }
        self.by_trial(id, topic, datum)
            .ok_or_else(|| DecodeError::NoLocalFit(Box::new(why)))
    }

    fn known_schema(&self, id: SchemaRef) -> Option<Arc<NamedSchema>> {
        match id {
            SchemaRef::Id(n) => self.known.get(n).map(Arc::clone),
            SchemaRef::Guid(_) => None,
        }
    }

    fn lookup_registry(&mut self, id: SchemaRef) -> Result<Arc<NamedSchema>, DecodeError> {
        let now = Instant::now();
        match self.lookups.get(&id) {
            Some(Lookup::Found(n)) => return Ok(Arc::clone(n)),
            Some(Lookup::Failed { reason, retry_at }) if now < *retry_at => {
                return Err(reason.clone())
            }
            _ => {}
        }
        let Some(reg) = &self.registry else {
            return Err(DecodeError::NoSchema(id));
        };
        let answer = reg
            .registered_by_ref(id)
            .and_then(|got| Ok((reg.referenced(&got.references)?, got)))
            .map_err(|e| DecodeError::Registry(e.to_string()))
            .and_then(|(referenced, got)| {
                Schema::from_registered(id, got, referenced)
                    .map_err(|reason| DecodeError::BadSchema { id, reason })
            })
            .map(|schema| {
                Arc::new(NamedSchema {
                    label: "registry".to_string(),
                    schema,
                })
            });
        let entry = match &answer {
            Ok(n) => Lookup::Found(Arc::clone(n)),
            Err(reason) => Lookup::Failed {
                reason: reason.clone(),
                retry_at: now + self.retry_after,
            },
        };
        self.lookups.insert(id, entry);
        answer
    }

    /// No file is named after the topic: the schemas that decode the datum; the first one is
    /// used (for this id from now on), and an ambiguity is noted once.
    fn by_trial(&mut self, id: SchemaRef, topic: &str, datum: &[u8]) -> Option<Arc<NamedSchema>> {
        if let Some(n) = self.tried.get(&id) {
            return Some(Arc::clone(n));
        }
        let fits: Vec<&Arc<NamedSchema>> = self
            .local
            .files
            .iter()
            .map(|(_, n)| n)
            // a Protobuf message decodes from almost any bytes: only Avro is tried
            .filter(|n| {
                matches!(n.schema, Schema::Avro(_)) && n.schema.decode(datum, self.opts).is_ok()
            })
            .collect();
        let chosen = Arc::clone(fits.first()?);
        if fits.len() > 1 && self.noted.insert(id) {
            let names: Vec<&str> = fits.iter().map(|n| n.label.as_str()).collect();
            self.notes.push(format!(
                "{id} on {topic}: {} all decode it; using {} (name a file {topic}.avsc to choose)",
                names.join(", "),
                chosen.label
            ));
        }
        self.tried.insert(id, Arc::clone(&chosen));
        Some(chosen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::avro_codec::{confluent_header, encode_json};
    use serde_json::json;

    const A: &str = r#"{"type":"record","name":"A","fields":[{"name":"s","type":"string"}]}"#;
    const B: &str = r#"{"type":"record","name":"B","fields":[{"name":"t","type":"string"}]}"#;

    fn framed(id: u32, schema: &str, v: &Value) -> Vec<u8> {
        let s = AvroSchema::parse_str(schema).unwrap();
        let mut out = Vec::new();
        confluent_header(id, &mut out);
        encode_json(&s, v, &mut out).unwrap();
        out
    }

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = d.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        d
    }

    /// A `.proto` named after the topic decodes its framed values (index array included) to
    /// ProtoJSON; its import comes from a folder of the same directory; a value that does not
    /// fit says so in Protobuf's words.
    #[test]
    fn protobuf_values_decode_with_a_proto_file_named_after_the_topic() {
        let money = "syntax = \"proto3\";\npackage common;\nmessage Money { int64 cents = 1; }\n";
        let order = "syntax = \"proto3\";\npackage shop;\nimport \"common/money.proto\";\n\
            message Order { string id = 1; common.Money total = 2; }\n\
            message Refund { string id = 1; }\n";
        let d = dir_with(&[("orders.proto", order), ("common/money.proto", money)]);
        let mut dec = local(&d);
        // id 3, path [0]: Order{id: "o-1", total: {cents: 5}}
        let mut order_bytes = Vec::new();
        confluent_header(3, &mut order_bytes);
        order_bytes.extend([0x00, 0x0a, 0x03, b'o', b'-', b'1', 0x12, 0x02, 0x08, 0x05]);
        assert_eq!(
            dec.decode("orders", &[], &order_bytes),
            Decoded::Json(br#"{"id":"o-1","total":{"cents":"5"}}"#)
        );
        // path [1]: Refund{id: "r"}
        let mut refund = Vec::new();
        confluent_header(3, &mut refund);
        refund.extend([0x02, 0x02, 0x0a, 0x01, b'r']);
        assert_eq!(
            dec.decode("orders.dlq", &[], &refund),
            Decoded::Json(br#"{"id":"r"}"#)
        );
        // an index array naming no message
        let mut bad = Vec::new();
        confluent_header(3, &mut bad);
        bad.extend([0x02, 0x08]);
        let Decoded::Failed(why) = dec.decode("orders", &[], &bad) else {
            panic!("a bad index must fail");
        };
        assert!(
            matches!(
                &why,
                DecodeError::Datum {
                    source: SchemaDecodeError::Protobuf(_),
                    ..
                }
            ),
            "{why}"
        );
        assert!(why.to_string().contains("names no message"), "{why}");
    }

    /// The header framing: the GUID and index array in `__value_schema_id`, the bare payload
    /// as the value; without a registry the topic's file decodes it, and the error names the
    /// GUID when nothing does.
    #[test]
    fn a_schema_named_by_header_decodes_its_bare_payload() {
        use crate::codec::wire::{guid_header, VALUE_SCHEMA_ID_HEADER};
        let order = "syntax = \"proto3\";\npackage shop;\n\
            message Order { string id = 1; }\nmessage Refund { string id = 1; }\n";
        let d = dir_with(&[("orders.proto", order)]);
        let mut dec = local(&d);
        let guid = [7u8; 16];
        let h = guid_header(&guid, &[0x02, 0x02]);
        let headers = [(VALUE_SCHEMA_ID_HEADER, Some(&h[..]))];
        assert_eq!(
            dec.decode("orders", &headers, &[0x0a, 0x01, b'r']),
            Decoded::Json(br#"{"id":"r"}"#)
        );
        let Decoded::Failed(why) = dec.decode("elsewhere", &headers, b"\x0a\x01r") else {
            panic!("no schema for the topic must fail");
        };
        assert!(
            why.to_string()
                .contains("schema guid 07070707-0707-0707-0707-070707070707"),
            "{why}"
        );
        let bad = [(VALUE_SCHEMA_ID_HEADER, Some(&[9u8, 9][..]))];
        let Decoded::Failed(why) = dec.decode("orders", &bad, b"x") else {
            panic!("a bad header must fail");
        };
        assert!(why
            .to_string()
            .contains("__value_schema_id header (2 bytes)"));
    }

    fn local(d: &tempfile::TempDir) -> ValueDecoder {
        let l = LocalSchemas::load_dir(d.path()).unwrap();
        ValueDecoder::new(None, l, DecodeOptions::default())
    }

    #[test]
    fn the_topic_names_the_schema_even_when_another_fits_first() {
        // A and B have the same shape: B's datum decodes with A too
        let d = dir_with(&[("a.avsc", A), ("orders.avsc", B)]);
        let mut dec = local(&d);
        let bytes = framed(9, B, &json!({"t": "x"}));
        assert_eq!(
            dec.decode("orders", &[], &bytes),
            Decoded::Json(br#"{"t":"x"}"#)
        );
        // its DLQ names the same file
        assert_eq!(
            dec.decode("orders.dlq", &[], &bytes),
            Decoded::Json(br#"{"t":"x"}"#)
        );
        assert!(dec.take_notes().is_empty());
    }

    #[test]
    fn an_ambiguous_trial_is_said_once_and_kept() {
        let d = dir_with(&[("a.avsc", A), ("b.avsc", B)]);
        let mut dec = local(&d);
        let bytes = framed(3, B, &json!({"t": "x"}));
        assert_eq!(
            dec.decode("other", &[], &bytes),
            Decoded::Json(br#"{"s":"x"}"#)
        );
        assert_eq!(
            dec.decode("other", &[], &bytes),
            Decoded::Json(br#"{"s":"x"}"#)
        );
        let notes = dec.take_notes();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("a.avsc, b.avsc all decode it; using a.avsc"));
    }

    #[test]
    fn keys_use_their_own_file_and_unframed_bytes_pass() {
        let key = r#""string""#;
        let d = dir_with(&[("orders.avsc", A), ("orders-key.avsc", key)]);
        let mut dec = local(&d);
        let k = framed(4, key, &json!("o-1"));
        assert_eq!(dec.decode_key("orders", &[], &k), Some(b"o-1".to_vec()));
        assert_eq!(dec.decode("orders", &[], b"plain"), Decoded::NotFramed);
        let Decoded::Failed(why) = dec.decode("orders", &[], &[0, 0, 0, 0, 1, 0xff]) else {
            panic!("a broken datum must fail");
        };
        assert!(
            matches!(&why, DecodeError::Datum { id: SchemaRef::Id(1), label, .. } if label == "orders.avsc"),
            "{why}"
        );
    }

    #[test]
    fn known_schemas_decode_without_any_lookup() {
        let mut known = KnownSchemas::default();
        known.insert(7, "A", AvroSchema::parse_str(A).unwrap());
        let bytes = framed(7, A, &json!({"s": "hi"}));
        assert_eq!(
            known.decode(&bytes, DecodeOptions::default()),
            Ok((7, json!({"s": "hi"})))
        );
        assert_eq!(
            known.decode(&framed(8, A, &json!({"s": ""})), DecodeOptions::default()),
            Err(DecodeError::UnknownId(8))
        );
        let mut dec = ValueDecoder::new(None, LocalSchemas::default(), DecodeOptions::default())
            .with_known(Arc::new(known));
        assert_eq!(
            dec.decode_owned("t", &[], &bytes),
            Ok(Some(br#"{"s":"hi"}"#.to_vec()))
        );
        assert_eq!(dec.decode_owned("t", &[], b"plain"), Ok(None));
    }

    /// A registry that serves a Protobuf schema (id 1) importing a referenced one, and a JSON
    /// Schema (id 2), for `n` requests; what it was asked, in order, comes back at the end.
    fn typed_registry(n: usize) -> (String, std::thread::JoinHandle<Vec<String>>) {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let url = format!("http://{}", server.server_addr().to_ip().unwrap());
        let order = "syntax = \"proto3\";\npackage shop;\nimport \"common/money.proto\";\n\
            message Order { string id = 1; common.Money total = 2; }\n";
        let money = "syntax = \"proto3\";\npackage common;\nmessage Money { int64 cents = 1; }\n";
        let h = std::thread::spawn(move || {
            let mut asked = Vec::new();
            for req in server.incoming_requests().take(n) {
                asked.push(req.url().to_string());
                let body = match req.url() {
                    "/schemas/ids/1" => json!({"schemaType": "PROTOBUF", "schema": order,
                        "references": [{"name": "common/money.proto",
                                        "subject": "common%2Fmoney", "version": 1}]}),
                    "/subjects/common%252Fmoney/versions/1" => {
                        json!({"schemaType": "PROTOBUF", "schema": money, "version": 1, "id": 7})
                    }
                    "/schemas/ids/2" => json!({"schemaType": "JSON", "schema": "{}"}),
                    _ => json!({"error_code": 40403, "message": "not found"}),
                };
                let _ = req.respond(tiny_http::Response::from_string(body.to_string()));
            }
            asked
        });
        (url, h)
    }

    /// The registry says each id's format: Protobuf (its references fetched and compiled
    /// with it) and JSON Schema values decode by it.
    #[test]
    fn registry_ids_decode_in_the_format_the_registry_reports() {
        let (url, server) = typed_registry(3);
        let mut dec = ValueDecoder::new(
            Some(Registry::new(&url, None, None)),
            LocalSchemas::default(),
            DecodeOptions::default(),
        );
        let mut order = Vec::new();
        confluent_header(1, &mut order);
        order.extend([0x00, 0x0a, 0x01, b'o', 0x12, 0x02, 0x08, 0x07]);
        assert_eq!(
            dec.decode("orders", &[], &order),
            Decoded::Json(br#"{"id":"o","total":{"cents":"7"}}"#)
        );
        let mut doc = Vec::new();
        confluent_header(2, &mut doc);
        doc.extend_from_slice(br#"{"id": "o-1"}"#);
        assert_eq!(
            dec.decode("docs", &[], &doc),
            Decoded::Json(br#"{"id":"o-1"}"#)
        );
        // cached by id: no second request
        assert!(matches!(
            dec.decode("orders", &[], &order),
            Decoded::Json(_)
        ));
        assert_eq!(
            server.join().unwrap(),
            [
                "/schemas/ids/1",
                "/subjects/common%252Fmoney/versions/1",
                "/schemas/ids/2"
            ]
        );
    }

    /// A registry that fails its first answer (503), then serves schema A for every id.
    fn flaky_registry() -> (String, std::thread::JoinHandle<()>) {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let url = format!("http://{}", server.server_addr().to_ip().unwrap());
        let h = std::thread::spawn(move || {
            for (i, req) in server.incoming_requests().take(2).enumerate() {
                let resp = if i == 0 {
                    tiny_http::Response::from_string(
                        r#"{"error_code":50003,"message":"timed out"}"#,
                    )
                    .with_status_code(503)
                } else {
                    tiny_http::Response::from_string(json!({ "schema": A }).to_string())
                };
                let _ = req.respond(resp);
            }
        });
        (url, h)
    }

    #[test]
    fn a_registry_failure_is_retried_after_a_while_not_cached_for_good() {
        let (url, server) = flaky_registry();
        let reg = Registry::new(&url, None, None);
        let mut dec =
            ValueDecoder::new(Some(reg), LocalSchemas::default(), DecodeOptions::default())
                .with_retry_after(Duration::from_millis(200));
        let bytes = framed(1, A, &json!({"s": "x"}));
        let Decoded::Failed(why) = dec.decode("t", &[], &bytes) else {
            panic!("the first lookup fails");
        };
        assert!(
            matches!(&why, DecodeError::Registry(r) if r.contains("timed out (50003)")),
            "{why}"
        );
        // within the retry window: the remembered failure, no second request
        assert!(matches!(dec.decode("t", &[], &bytes), Decoded::Failed(_)));
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(dec.decode("t", &[], &bytes), Decoded::Json(br#"{"s":"x"}"#));
        // found answers are kept: the server has stopped answering
        server.join().unwrap();
        assert_eq!(dec.decode("t", &[], &bytes), Decoded::Json(br#"{"s":"x"}"#));
    }
}

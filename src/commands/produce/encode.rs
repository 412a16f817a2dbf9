//! The encoders a run resolves once: the value's writer schema in its format (looked up in
//! the registry, or registered with its local imports as references), the key's format, a
//! fixed `-k` key encoded once, the signing key.

use anyhow::{anyhow, bail};

use std::path::Path;

use super::{KeyFormat, ProduceRequest, SchemaArgs, SubjectStrategy};
use crate::codec::avro_schema::Node;
use crate::codec::framed::Framed;
use crate::codec::registry::{references_of, Reference, Registered, Registry, RegistryError};
use crate::codec::schema::{load_file, Schema, SchemaKind};
use crate::domain::connection::Connection;
use crate::domain::signature::SigningKey;
use crate::session::signing;

/// What turns input lines into record bytes, resolved before the first line is read.
pub(super) struct Encoders {
    /// `--value-format avro|protobuf|json-schema`.
    pub(super) value: Option<Framed>,
    /// `--key-format json|avro|protobuf|json-schema`.
    pub(super) key: Option<KeyEncoder>,
    /// `-k`, encoded as `--key-format` asks.
    pub(super) fixed_key: Option<Vec<u8>>,
    /// `--sign-key-file`.
    pub(super) signer: Option<SigningKey>,
}

impl Encoders {
    pub(super) fn resolve(r: &ProduceRequest, conn: &Connection) -> anyhow::Result<Self> {
        let value = match &r.value_schema {
            Some(a) => Some(writer(a, &r.topic, conn, "value")?),
            None => None,
        };
        let mut key = match &r.key_format {
            KeyFormat::String => None,
            KeyFormat::Json => Some(KeyEncoder::Json),
            KeyFormat::Schema(a) => Some(KeyEncoder::Framed(writer(a, &r.topic, conn, "key")?)),
        };
        // a fixed -k key is encoded once
        let fixed_key: Option<Vec<u8>> = match (&r.key, key.as_mut()) {
            (Some(k), Some(enc)) => Some(enc.encode(k).map_err(|e| anyhow!("-k/--key: {e}"))?),
            (k, _) => k.clone(),
        };
        let signer = r
            .sign_key_file
            .as_deref()
            .map(|p| signing::load_key("--sign-key-file", p))
            .transpose()?;
        Ok(Self {
            value,
            key,
            fixed_key,
            signer,
        })
    }
}

/// The writer schema and its registry id: by id, from a file (looked up, or registered with
/// `--register`, its local imports first, each under its import path), or the subject's latest
/// version. `part` is "value" or "key": it names the subject (`<topic>-key`) and the flags.
pub(super) fn writer(
    a: &SchemaArgs,
    topic: &str,
    conn: &Connection,
    part: &str,
) -> anyhow::Result<Framed> {
    let format = format_name(a.kind);
    let registry = a.registry.or(conn);
    let url = registry
        .url
        .as_deref()
        .ok_or_else(|| anyhow!("--{part}-format {format} needs a schema registry: --schema-registry URL (or EVCTL_SCHEMA_REGISTRY, or the context's schema_registry; `evctl dev registry` runs one)"))?;
    let reg = Registry::from_args(url, &registry)?;
    let (schema, id, what) = match (&a.schema_id, &a.schema_file) {
        (Some(id), _) => {
            let what = format!("schema id {id}");
            (
                registered(&reg, reg.registered_by_id(*id)?, &what)?,
                *id,
                what,
            )
        }
        (None, Some(path)) => from_file(a, &reg, path, topic, part)?,
        (None, None) => {
            if a.strategy != SubjectStrategy::Topic {
                bail!("with --subject-strategy record or topic-record, give --{part}-schema FILE or --schema-id N");
            }
            let subject = format!("{topic}-{part}");
            let what = format!("{subject} latest");
            let got = reg.registered_version(&subject, -1)?;
            let id = got
                .id
                .ok_or_else(|| anyhow!("{what}: the registry's answer carries no id"))?;
            (registered(&reg, got, &what)?, id, what)
        }
    };
    if schema.kind() != a.kind {
        bail!(
            "{what} is a {} schema, not {format}; use --{part}-format {}",
            schema.kind().registry_name(),
            format_name(schema.kind())
        );
    }
    Framed::new(schema, id, a.message.as_deref()).map_err(|e| anyhow!("{what}: {e}"))
}

/// The `--value-format` name of a schema type.
fn format_name(kind: SchemaKind) -> &'static str {
    match kind {
        SchemaKind::Avro => "avro",
        SchemaKind::Protobuf => "protobuf",
        SchemaKind::Json => "json-schema",
    }
}

/// A registered schema with what its references reach, compiled.
fn registered(reg: &Registry, got: Registered, what: &str) -> anyhow::Result<Schema> {
    let referenced = reg.referenced(&got.references)?;
    Schema::parse(got.kind, what, &got.text, referenced)
        .map_err(|e| anyhow!("{what}: invalid schema: {e}"))
}

/// The name a record-name strategy uses: Avro's full name, the Protobuf message's full name,
/// the JSON Schema's `title`.
fn record_name(schema: &Schema, message: Option<&str>) -> Option<String> {
    match schema {
        Schema::Avro(s) => match s.node(s.root) {
            Node::Record { name, .. } | Node::Enum { name, .. } | Node::Fixed { name, .. } => {
                Some(name.fullname.clone())
            }
            _ => None,
        },
        Schema::Protobuf(p) => {
            let path = p.path_of(message).ok()?;
            p.message_at(&path).ok().map(|m| m.full_name().to_string())
        }
        Schema::Json(j) => j.doc()["title"].as_str().map(str::to_string),
    }
}

/// A schema file: its subject by the strategy, its id by lookup or registration.
fn from_file(
    a: &SchemaArgs,
    reg: &Registry,
    path: &Path,
    topic: &str,
    part: &str,
) -> anyhow::Result<(Schema, u32, String)> {
    let file = load_file(path, Some(a.kind), &a.include)?;
    let record = record_name(&file.schema, a.message.as_deref());
    let subject = match (a.strategy, &record) {
        (SubjectStrategy::Topic, _) => format!("{topic}-{part}"),
        (SubjectStrategy::Record, Some(r)) => r.clone(),
        (SubjectStrategy::TopicRecord, Some(r)) => format!("{topic}-{r}"),
        (_, None) => {
            bail!("--subject-strategy record needs a named schema (an Avro record, enum or fixed; a Protobuf message; a JSON Schema with a title)")
        }
    };
    let references = import_references(reg, a.kind, &file.imports, a.register)?;
    let own = references_of(a.kind, &file.text, &references);
    let id = if a.register {
        reg.register_typed(&subject, a.kind, &file.text, &own)?
    } else {
        reg.lookup_typed(&subject, a.kind, &file.text, &own)
            .map(|(id, _)| id)
            .map_err(|e| match e {
                RegistryError::Api { code: 40401 | 40403, .. } => anyhow!("{}: not registered under subject '{subject}' ({e}); add --register to register it", path.display()),
                other => anyhow!(other),
            })?
    };
    Ok((file.schema, id, path.display().to_string()))
}

/// The references the local imports become, registered first with `register`, else looked
/// up (a missing one is an error that says to add --register).
fn import_references(
    reg: &Registry,
    kind: SchemaKind,
    imports: &[(String, String)],
    register: bool,
) -> anyhow::Result<Vec<Reference>> {
    reg.import_references(kind, imports, register)
        .map_err(|(name, e)| match (register, e) {
            (false, e) => anyhow!("the import {name} is not registered under subject '{name}' ({e}); add --register to register it"),
            (true, e) => anyhow!("registering the import {name}: {e}"),
        })
}

/// Turns key text into the key bytes `--key-format` asks for.
pub(super) enum KeyEncoder {
    Json,
    Framed(Framed),
}

impl KeyEncoder {
    /// Text that is not JSON is taken as a JSON string (`-k o-1` → `"o-1"`).
    pub(super) fn encode(&mut self, key: &[u8]) -> Result<Vec<u8>, String> {
        let as_json = if serde_json::from_slice::<serde::de::IgnoredAny>(key).is_ok() {
            key.to_vec()
        } else {
            serde_json::to_vec(&String::from_utf8_lossy(key)).map_err(|e| e.to_string())?
        };
        match self {
            Self::Json => Ok(as_json),
            Self::Framed(enc) => enc
                .encode(&as_json)
                .map(<[u8]>::to_vec)
                .map_err(|e| format!("key: {e}")),
        }
    }
}

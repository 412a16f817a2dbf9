//! The encoders a run resolves once: the value's writer schema (looked up in the registry,
//! or registered), the key's format, a fixed `-k` key encoded once, the signing key.

use anyhow::{anyhow, bail, Context as _};

use super::{AvroValueArgs, KeyFormat, ProduceRequest, SubjectStrategy};
use crate::codec::avro_schema::{AvroSchema, Node};
use crate::codec::framed::FramedAvro;
use crate::codec::registry::{Registry, RegistryError};
use crate::domain::connection::Connection;
use crate::domain::signature::SigningKey;
use crate::session::signing;

/// What turns input lines into record bytes, resolved before the first line is read.
pub(super) struct Encoders {
    /// `--value-format avro`.
    pub(super) value: Option<FramedAvro>,
    /// `--key-format json|avro`.
    pub(super) key: Option<KeyEncoder>,
    /// `-k`, encoded as `--key-format` asks.
    pub(super) fixed_key: Option<Vec<u8>>,
    /// `--sign-key-file`.
    pub(super) signer: Option<SigningKey>,
}

impl Encoders {
    pub(super) fn resolve(r: &ProduceRequest, conn: &Connection) -> anyhow::Result<Self> {
        let value = match &r.avro {
            Some(a) => Some(avro_writer(a, &r.topic, conn, "value")?),
            None => None,
        };
        let mut key = match &r.key_format {
            KeyFormat::String => None,
            KeyFormat::Json => Some(KeyEncoder::Json),
            KeyFormat::Avro(a) => Some(KeyEncoder::Avro(avro_writer(a, &r.topic, conn, "key")?)),
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
/// `--register`), or the subject's latest version. `part` is "value" or "key": it names the
/// subject (`<topic>-key`).
pub(super) fn avro_writer(
    a: &AvroValueArgs,
    topic: &str,
    conn: &Connection,
    part: &str,
) -> anyhow::Result<FramedAvro> {
    let registry = a.registry.or(conn);
    let url = registry
        .url
        .as_deref()
        .ok_or_else(|| anyhow!("--{part}-format avro needs a schema registry: --schema-registry URL (or EVCTL_SCHEMA_REGISTRY, or the context's schema_registry; `evctl dev registry` runs one)"))?;
    let reg = Registry::from_args(url, &registry)?;
    let parse = |text: &str, what: &str| {
        AvroSchema::parse_str(text).map_err(|e| anyhow!("{what}: invalid schema: {e}"))
    };
    if let Some(id) = a.schema_id {
        let text = reg.schema_by_id(id)?;
        return Ok(FramedAvro::new(
            parse(&text, &format!("schema id {id}"))?,
            id,
        ));
    }
    match &a.schema_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let schema = parse(&text, &path.display().to_string())?;
            let record = match schema.node(schema.root) {
                Node::Record { name, .. } | Node::Enum { name, .. } | Node::Fixed { name, .. } => {
                    Some(name.fullname.clone())
                }
                _ => None,
            };
            let subject = match (a.strategy, &record) {
                (SubjectStrategy::Topic, _) => format!("{topic}-{part}"),
                (SubjectStrategy::Record, Some(r)) => r.clone(),
                (SubjectStrategy::TopicRecord, Some(r)) => format!("{topic}-{r}"),
                (_, None) => {
                    bail!("--subject-strategy record needs a named schema (record, enum or fixed)")
                }
            };
            let id = if a.register {
                reg.register(&subject, &text)?
            } else {
                reg.lookup(&subject, &text).map_err(|e| match e {
                    RegistryError::Api { code: 40401 | 40403, .. } => anyhow!("{}: not registered under subject '{subject}' ({e}); add --register to register it", path.display()),
                    other => anyhow!(other),
                })?
            };
            Ok(FramedAvro::new(schema, id))
        }
        None => {
            if a.strategy != SubjectStrategy::Topic {
                bail!("with --subject-strategy record or topic-record, give --value-schema FILE or --schema-id N");
            }
            let subject = format!("{topic}-{part}");
            let (id, text) = reg.latest(&subject)?;
            Ok(FramedAvro::new(
                parse(&text, &format!("{subject} latest"))?,
                id,
            ))
        }
    }
}

/// Turns key text into the key bytes `--key-format` asks for.
pub(super) enum KeyEncoder {
    Json,
    Avro(FramedAvro),
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
            Self::Avro(enc) => enc
                .encode(&as_json)
                .map(<[u8]>::to_vec)
                .map_err(|e| format!("key: {e}")),
        }
    }
}

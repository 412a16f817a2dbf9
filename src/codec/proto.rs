//! Protobuf values: `.proto` files compiled in memory (protox, so no `protoc`), messages read
//! by descriptor (prost-reflect) and printed as canonical ProtoJSON (the proto3 JSON mapping),
//! and Confluent's framing of them: after the magic byte and the schema id comes the
//! *message-index array* that says which message of the file the value is (SCHEMA-FORMATS §1).
//!
//! Why the array is read with limits: it comes off the wire. A count below 0 or above 100,000
//! is refused as the Python client refuses it, the path is never allocated beyond the bytes
//! that could hold it, and an index that names no message is an error naming the path.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use prost::Message as _;
use prost_reflect::{DescriptorPool, DynamicMessage, FileDescriptor, MessageDescriptor};
use protox::file::{ChainFileResolver, File, FileResolver, GoogleFileResolver};

use super::proto_json::Plan;
use super::wellknown::Bundled;
use serde_json::Value;

/// The most indexes a message-index array may hold (the Python client's limit).
pub const MAX_INDEXES: i32 = 100_000;

/// Why a `.proto` file or a Protobuf value could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtoError {
    /// The `.proto` text does not compile: protox's words, and where (file and line when
    /// protox says).
    #[error("{}{message}", where_(file, *line))]
    Compile {
        file: Option<String>,
        line: Option<usize>,
        message: String,
    },
    #[error("{0} declares no message")]
    NoMessages(String),
    #[error("message-index array: the count {0} is outside 0..={MAX_INDEXES}")]
    IndexCount(i64),
    #[error("message-index array: cut short")]
    Truncated,
    #[error("message-index array: a varint longer than 5 bytes")]
    LongVarint,
    #[error("message index {path:?} names no message of {file}")]
    NoSuchMessage { path: Vec<i32>, file: String },
    #[error("no message {name} in {file}")]
    UnknownType { name: String, file: String },
    /// The bytes are not a valid message of the type: prost's words.
    #[error("{message}: {reason}")]
    Decode { message: String, reason: String },
}

/// One compiled `.proto` file (with what it imports) and its messages.
#[derive(Debug, Clone)]
pub struct ProtoSchema {
    file: FileDescriptor,
    /// The readers' fast path, compiled once per message (by index path).
    plans: Arc<Mutex<HashMap<Vec<i32>, Arc<Plan>>>>,
}

/// `.proto` files by import path: the file itself and those it imports (a registry's
/// references, or the files of a folder); the well-known `google/protobuf/*` ones and those of
/// [`super::wellknown`] are built in.
/// Each is `.proto` text, or a base64 `FileDescriptorProto` as the Python client registers
/// them (and as registries serve them with `?format=serialized`).
struct InMemory(Vec<(String, String)>);

impl FileResolver for InMemory {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        match self.0.iter().find(|(n, _)| n == name) {
            Some((n, text)) => match descriptor(text) {
                Some(mut d) => {
                    // the name it is imported by, whatever its own said
                    d.name = Some(n.clone());
                    Ok(File::from_file_descriptor_proto(d))
                }
                None => File::from_source(n, text),
            },
            None => Err(protox::Error::file_not_found(name)),
        }
    }
}

/// A base64 `FileDescriptorProto`, if `text` is one (`.proto` text always has spaces or `;`,
/// which base64 has not).
fn descriptor(text: &str) -> Option<prost_types::FileDescriptorProto> {
    let t = text.trim();
    if t.is_empty() || t.contains(|c: char| c.is_whitespace() || c == ';') {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(t).ok()?;
    prost_types::FileDescriptorProto::decode(bytes.as_slice()).ok()
}

/// `file:line: ` (or `file: `) before a compile error, when known.
fn where_(file: &Option<String>, line: Option<usize>) -> String {
    match (file, line) {
        (Some(f), Some(l)) => format!("{f}:{l}: "),
        (Some(f), None) => format!("{f}: "),
        _ => String::new(),
    }
}

/// A protox error with the file and line it points at (from its diagnostic's first label).
fn compile_error(e: &protox::Error, files: &[(String, String)]) -> ProtoError {
    use miette::Diagnostic as _;
    let file = e.file().map(str::to_string);
    let offset = e.labels().and_then(|mut l| l.next()).map(|l| l.offset());
    let line = file.as_ref().zip(offset).and_then(|(f, o)| {
        let (_, text) = files.iter().find(|(n, _)| n == f)?;
        let upto = text.get(..o.min(text.len()))?;
        Some(upto.matches('\n').count() + 1)
    });
    ProtoError::Compile {
        file,
        line,
        message: e.to_string(),
    }
}

impl ProtoSchema {
    /// Compiles `name` (its import path, e.g. `shop/order.proto`) from `files`, which holds it
    /// and every file it imports by path.
    pub fn compile(name: &str, files: Vec<(String, String)>) -> Result<Self, ProtoError> {
        let mut chain = ChainFileResolver::new();
        let texts = files.clone();
        chain.add(InMemory(files));
        chain.add(GoogleFileResolver::new());
        chain.add(Bundled);
        let mut compiler = protox::Compiler::with_file_resolver(chain);
        compiler.include_imports(true);
        compiler
            .open_file(name)
            .map_err(|e| compile_error(&e, &texts))?;
        let pool: DescriptorPool = compiler.descriptor_pool();
        let file = pool
            .get_file_by_name(name)
            .ok_or_else(|| ProtoError::Compile {
                file: Some(name.to_string()),
                line: None,
                message: "not compiled".into(),
            })?;
        Ok(Self {
            file,
            plans: Arc::default(),
        })
    }

    /// The file's import path.
    pub fn name(&self) -> &str {
        self.file.name()
    }

    /// The file as a base64 `FileDescriptorProto`, as registries serve it with
    /// `?format=serialized` and the Python client registers it.
    pub fn serialized(&self) -> String {
        let bytes = self.file.file_descriptor_proto().encode_to_vec();
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    /// The compiled file (for the compatibility checker).
    pub fn file(&self) -> &FileDescriptor {
        &self.file
    }

    /// The message a message-index path names: the file's top-level messages, then the
    /// nested messages of the one chosen, and so on.
    pub fn message_at(&self, path: &[i32]) -> Result<MessageDescriptor, ProtoError> {
        let missing = || ProtoError::NoSuchMessage {
            path: path.to_vec(),
            file: self.name().to_string(),
        };
        let (&first, rest) = path.split_first().ok_or_else(missing)?;
        let mut m = usize::try_from(first)
            .ok()
            .and_then(|i| self.file.messages().nth(i))
            .ok_or_else(missing)?;
        for &i in rest {
            m = usize::try_from(i)
                .ok()
                .and_then(|i| m.child_messages().nth(i))
                .ok_or_else(missing)?;
        }
        Ok(m)
    }

    /// The message-index path of a message by full name (`shop.Order.Line`); the file's first
    /// message when `full_name` is None.
    pub fn path_of(&self, full_name: Option<&str>) -> Result<Vec<i32>, ProtoError> {
        let first = self
            .file
            .messages()
            .next()
            .ok_or_else(|| ProtoError::NoMessages(self.name().to_string()))?;
        let Some(name) = full_name else {
            return Ok(vec![0]);
        };
        let unknown = || ProtoError::UnknownType {
            name: name.to_string(),
            file: self.name().to_string(),
        };
        let m = first
            .parent_pool()
            .get_message_by_name(name)
            .filter(|m| m.parent_file() == self.file)
            .ok_or_else(unknown)?;
        let mut path = Vec::new();
        let mut at = Some(m);
        while let Some(m) = at {
            let parent = m.parent_message();
            let siblings: Vec<MessageDescriptor> = match &parent {
                Some(p) => p.child_messages().collect(),
                None => self.file.messages().collect(),
            };
            let i = siblings.iter().position(|s| *s == m).ok_or_else(unknown)?;
            path.push(i32::try_from(i).map_err(|_| unknown())?);
            at = parent;
        }
        path.reverse();
        Ok(path)
    }

    /// Decodes what follows the schema id as JSON with every field present (defaults too) and
    /// 64-bit integers as numbers: for a program reading its own messages back into structs
    /// (the simulation), where canonical ProtoJSON would drop zeros and quote longs.
    pub fn decode_payload_plain(&self, payload: &[u8]) -> Result<Value, ProtoError> {
        let (path, used) = read_indexes(payload)?;
        let desc = self.message_at(&path)?;
        let fail = |reason: String| ProtoError::Decode {
            message: desc.full_name().to_string(),
            reason,
        };
        let msg = DynamicMessage::decode(desc.clone(), &payload[used..])
            .map_err(|e| fail(e.to_string()))?;
        let options = prost_reflect::SerializeOptions::new()
            .skip_default_fields(false)
            .stringify_64_bit_integers(false);
        msg.serialize_with_options(serde_json::value::Serializer, &options)
            .map_err(|e| fail(e.to_string()))
    }

    /// Decodes what follows the schema id (the index array, then the message) as ProtoJSON
    /// text appended to `out`: the one-pass path where it covers the bytes (see
    /// [`super::proto_json_out`]), else prost-reflect's.
    pub fn decode_payload_text(&self, payload: &[u8], out: &mut Vec<u8>) -> Result<(), ProtoError> {
        let (path, used) = read_indexes(payload)?;
        let bytes = &payload[used..];
        let start = out.len();
        if let Some(plan) = self.plan_at(&path) {
            if plan.decode(bytes, out).is_some() {
                return Ok(());
            }
            out.truncate(start);
        }
        let desc = self.message_at(&path)?;
        let fail = |reason: String| ProtoError::Decode {
            message: desc.full_name().to_string(),
            reason,
        };
        let msg = DynamicMessage::decode(desc.clone(), bytes).map_err(|e| fail(e.to_string()))?;
        serde_json::to_writer(out, &msg).map_err(|e| fail(e.to_string()))
    }

    /// The fast path's plan for the message at `path` (None: no such message).
    fn plan_at(&self, path: &[i32]) -> Option<Arc<Plan>> {
        let mut plans = self.plans.lock().ok()?;
        if let Some(p) = plans.get(path) {
            return Some(Arc::clone(p));
        }
        let plan = Arc::new(Plan::new(&self.message_at(path).ok()?));
        plans.insert(path.to_vec(), Arc::clone(&plan));
        Some(plan)
    }

    /// Decodes what follows the schema id: the index array, then the message, as ProtoJSON.
    pub fn decode_payload(&self, payload: &[u8]) -> Result<Value, ProtoError> {
        let (path, used) = read_indexes(payload)?;
        let desc = self.message_at(&path)?;
        decode_message(&desc, &payload[used..])
    }
}

/// One message's bytes as canonical ProtoJSON.
pub fn decode_message(desc: &MessageDescriptor, bytes: &[u8]) -> Result<Value, ProtoError> {
    let msg = DynamicMessage::decode(desc.clone(), bytes).map_err(|e| ProtoError::Decode {
        message: desc.full_name().to_string(),
        reason: e.to_string(),
    })?;
    serde_json::to_value(&msg).map_err(|e| ProtoError::Decode {
        message: desc.full_name().to_string(),
        reason: e.to_string(),
    })
}

/// Reads a message-index array: (the path, the bytes it took). A count of 0 is the path
/// `[0]`, Confluent's shortcut for the first message.
pub fn read_indexes(b: &[u8]) -> Result<(Vec<i32>, usize), ProtoError> {
    let mut pos = 0;
    let count = read_zigzag(b, &mut pos)?;
    if !(0..=MAX_INDEXES).contains(&count) {
        return Err(ProtoError::IndexCount(i64::from(count)));
    }
    if count == 0 {
        return Ok((vec![0], pos));
    }
    // each index takes at least one byte: never more room than the bytes can fill
    let mut path = Vec::with_capacity((count as usize).min(b.len() - pos));
    for _ in 0..count {
        path.push(read_zigzag(b, &mut pos)?);
    }
    Ok((path, pos))
}

/// Writes a message-index array as the Java and Python clients do (`[0]` as the one byte 0).
pub fn write_indexes(path: &[i32], out: &mut Vec<u8>) {
    if path == [0] {
        out.push(0);
        return;
    }
    write_zigzag(path.len() as i32, out);
    for &i in path {
        write_zigzag(i, out);
    }
}

/// Kafka's `readVarint`: an unsigned varint of at most 5 bytes, zigzag-decoded to an i32.
fn read_zigzag(b: &[u8], pos: &mut usize) -> Result<i32, ProtoError> {
    let mut raw: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *b.get(*pos).ok_or(ProtoError::Truncated)?;
        *pos += 1;
        raw |= u32::from(byte & 0x7f).wrapping_shl(shift);
        if byte & 0x80 == 0 {
            return Ok(((raw >> 1) as i32) ^ -((raw & 1) as i32));
        }
    }
    Err(ProtoError::LongVarint)
}

/// Kafka's `writeVarint`: `(v << 1) ^ (v >> 31)` as an unsigned varint.
fn write_zigzag(v: i32, out: &mut Vec<u8>) {
    let mut raw = ((v << 1) ^ (v >> 31)) as u32;
    while raw >= 0x80 {
        out.push((raw as u8 & 0x7f) | 0x80);
        raw >>= 7;
    }
    out.push(raw as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHOP: &str = "syntax = \"proto3\";\npackage shop;\n\
        message Order { string id = 1; message Line { int32 qty = 1; } }\n\
        message Refund { string id = 1; }\n";

    fn shop() -> ProtoSchema {
        ProtoSchema::compile("shop.proto", vec![("shop.proto".into(), SHOP.into())]).unwrap()
    }

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// SCHEMA-FORMATS §1's bytes, as the Python client wrote them (after magic and id).
    #[test]
    fn the_golden_index_arrays_read_and_write_as_the_clients_do() {
        let s = shop();
        for (name, path, payload, json) in [
            ("shop.Order", vec![0], "00 0a036f2d31", r#"{"id":"o-1"}"#),
            (
                "shop.Refund",
                vec![1],
                "02 02 0a036f2d31",
                r#"{"id":"o-1"}"#,
            ),
            (
                "shop.Order.Line",
                vec![0, 0],
                "04 00 00 0803",
                r#"{"qty":3}"#,
            ),
        ] {
            let payload = hex(payload);
            assert_eq!(s.path_of(Some(name)).unwrap(), path, "{name}");
            let mut written = Vec::new();
            write_indexes(&path, &mut written);
            assert_eq!(written, payload[..written.len()], "{name}");
            let (read, used) = read_indexes(&payload).unwrap();
            assert_eq!(
                (read.clone(), used),
                (path.clone(), written.len()),
                "{name}"
            );
            assert_eq!(s.message_at(&read).unwrap().full_name(), name);
            let v = s.decode_payload(&payload).unwrap();
            assert_eq!(v, serde_json::from_str::<Value>(json).unwrap(), "{name}");
        }
        // the long form of [0] is legal too
        assert_eq!(read_indexes(&hex("02 00")).unwrap(), (vec![0], 2));
        assert_eq!(s.path_of(None).unwrap(), [0]);
    }

    /// Hostile arrays are one clear error each: no panic, no allocation of the count.
    #[test]
    fn hostile_index_arrays_are_refused() {
        let s = shop();
        let mut huge = Vec::new();
        write_zigzag(MAX_INDEXES + 1, &mut huge);
        assert_eq!(
            read_indexes(&huge).unwrap_err(),
            ProtoError::IndexCount(i64::from(MAX_INDEXES) + 1)
        );
        assert_eq!(
            read_indexes(&[0x01]).unwrap_err(),
            ProtoError::IndexCount(-1)
        );
        // a count of 100,000 with two bytes behind it: truncated, not 100,000 slots
        let mut many = Vec::new();
        write_zigzag(MAX_INDEXES, &mut many);
        many.extend([0, 0]);
        assert_eq!(read_indexes(&many).unwrap_err(), ProtoError::Truncated);
        assert_eq!(read_indexes(&[]).unwrap_err(), ProtoError::Truncated);
        assert_eq!(
            read_indexes(&[0xff; 6]).unwrap_err(),
            ProtoError::LongVarint
        );
        assert!(matches!(
            s.decode_payload(&hex("02 06")).unwrap_err(),
            ProtoError::NoSuchMessage { .. }
        ));
        assert!(matches!(
            s.decode_payload(&hex("04 00 02")).unwrap_err(),
            ProtoError::NoSuchMessage { .. }
        ));
        assert!(matches!(
            s.decode_payload(&hex("00 0a05")).unwrap_err(),
            ProtoError::Decode { .. }
        ));
    }

    #[test]
    fn imports_resolve_from_the_files_given_and_well_known_types_are_built_in() {
        let money = "syntax = \"proto3\";\npackage common;\nmessage Money { int64 cents = 1; }\n";
        let order = "syntax = \"proto3\";\npackage shop;\n\
            import \"common/money.proto\";\nimport \"google/protobuf/timestamp.proto\";\n\
            message Order { common.Money total = 1; google.protobuf.Timestamp at = 2; }\n";
        let s = ProtoSchema::compile(
            "order.proto",
            vec![
                ("order.proto".into(), order.into()),
                ("common/money.proto".into(), money.into()),
            ],
        )
        .unwrap();
        // total {cents: 250}, at {seconds: 1700000000}
        let payload = hex("00 0a03 08fa01 1206 0880e2cfaa06");
        let v = s.decode_payload(&payload).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"total": {"cents": "250"}, "at": "2023-11-14T22:13:20Z"})
        );
        let missing =
            ProtoSchema::compile("order.proto", vec![("order.proto".into(), order.into())]);
        assert!(
            matches!(missing.unwrap_err(), ProtoError::Compile { message, .. } if message.contains("common/money.proto"))
        );
    }
}

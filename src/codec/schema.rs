//! A schema in any of the three formats a Confluent-compatible registry serves, and where one
//! comes from: a registry's answer (with the schemas its references reach) or a local file
//! (with the files it imports or `$ref`s).
//!
//! Why one type: decoding, producing, checking compatibility and the dev registry all hold
//! "the writer's schema" without caring which format it is until the bytes or the rules
//! differ; the format is the registry's `schemaType` or the file's extension
//! (`.avsc`, `.proto`, `.json`), and `--schema-type` may say otherwise.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::avro_codec::{decode_json, CodecError, DecodeOptions};
use super::avro_schema::AvroSchema;
use super::json_pointer::pointer_line;
use super::json_schema::JsonSchema;
use super::proto::{ProtoError, ProtoSchema};
use super::registry::Registered;
pub use super::registry::SchemaKind;
use super::wire::SchemaRef;

/// A writer's schema, in the format the registry (or the file's extension) says.
#[derive(Debug, Clone)]
pub enum Schema {
    Avro(AvroSchema),
    Protobuf(ProtoSchema),
    Json(JsonSchema),
}

/// Why a datum does not fit its schema, in the schema's own format's words.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SchemaDecodeError {
    #[error(transparent)]
    Avro(CodecError),
    #[error(transparent)]
    Protobuf(ProtoError),
    #[error("not JSON: {0}")]
    Json(String),
}

impl SchemaKind {
    /// The registry's `schemaType` (AVRO, PROTOBUF, JSON).
    pub fn registry_name(self) -> &'static str {
        match self {
            Self::Avro => "AVRO",
            Self::Protobuf => "PROTOBUF",
            Self::Json => "JSON",
        }
    }

    /// The format a file's extension says: `.avsc`, `.proto`, `.json`.
    pub fn of_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()? {
            "avsc" => Some(Self::Avro),
            "proto" => Some(Self::Protobuf),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

impl std::str::FromStr for SchemaKind {
    type Err = String;
    /// `avro`, `protobuf` (or `proto`), `json` (or `json-schema`), in any case.
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "avro" => Ok(Self::Avro),
            "protobuf" | "proto" => Ok(Self::Protobuf),
            "json" | "json-schema" => Ok(Self::Json),
            _ => Err(format!(
                "unknown schema type '{s}'; use avro, protobuf or json"
            )),
        }
    }
}

impl Schema {
    pub fn kind(&self) -> SchemaKind {
        match self {
            Self::Avro(_) => SchemaKind::Avro,
            Self::Protobuf(_) => SchemaKind::Protobuf,
            Self::Json(_) => SchemaKind::Json,
        }
    }

    /// The datum after the schema id, as JSON (Protobuf: the index array, then the message).
    /// A JSON value is returned as it is, whether or not it matches its schema (the reader
    /// flags it; see `values`).
    pub fn decode(&self, datum: &[u8], opts: DecodeOptions) -> Result<Value, SchemaDecodeError> {
        match self {
            Self::Avro(s) => decode_json(s, datum, opts).map_err(SchemaDecodeError::Avro),
            Self::Protobuf(s) => s.decode_payload(datum).map_err(SchemaDecodeError::Protobuf),
            Self::Json(_) => {
                serde_json::from_slice(datum).map_err(|e| SchemaDecodeError::Json(e.to_string()))
            }
        }
    }

    /// Decodes a datum as compact JSON text appended to `out` (Protobuf straight from the
    /// wire; the others through their tree).
    pub fn decode_text(
        &self,
        datum: &[u8],
        opts: DecodeOptions,
        out: &mut Vec<u8>,
    ) -> Result<(), SchemaDecodeError> {
        let v = match self {
            Self::Protobuf(s) => {
                return s
                    .decode_payload_text(datum, out)
                    .map_err(SchemaDecodeError::Protobuf)
            }
            other => other.decode(datum, opts)?,
        };
        serde_json::to_writer(out, &v).map_err(|e| SchemaDecodeError::Json(e.to_string()))
    }

    /// A registered schema (with the schemas its references reach, by reference name) in its
    /// own format; `id` names it in messages.
    pub fn from_registered(
        id: SchemaRef,
        got: Registered,
        referenced: Vec<(String, String)>,
    ) -> Result<Self, String> {
        let name = match id {
            SchemaRef::Id(n) => format!("registry-id-{n}"),
            SchemaRef::Guid(g) => format!("registry-guid-{}", SchemaRef::guid_text(&g)),
        };
        Self::parse(got.kind, &name, &got.text, referenced)
    }

    /// Parses schema text of a known format; `name` is how messages (and, for Protobuf,
    /// imports) name it; `referenced` holds what it imports or `$ref`s, by that name.
    pub fn parse(
        kind: SchemaKind,
        name: &str,
        text: &str,
        referenced: Vec<(String, String)>,
    ) -> Result<Self, String> {
        match kind {
            SchemaKind::Avro => AvroSchema::parse_str(text)
                .map(Self::Avro)
                .map_err(|e| e.to_string()),
            SchemaKind::Protobuf => {
                let name = if name.ends_with(".proto") {
                    name.to_string()
                } else {
                    format!("{name}.proto")
                };
                let mut files = referenced;
                files.retain(|(n, _)| *n != name);
                files.push((name.clone(), text.to_string()));
                ProtoSchema::compile(&name, files)
                    .map(Self::Protobuf)
                    .map_err(|e| e.to_string())
            }
            SchemaKind::Json => JsonSchema::compile(name, text, referenced)
                .map(Self::Json)
                .map_err(|e| e.to_string()),
        }
    }
}

/// A schema read from a file, with the files it imports (for registering them as references).
#[derive(Debug, Clone)]
pub struct SchemaFile {
    pub path: PathBuf,
    pub text: String,
    pub schema: Schema,
    /// What it imports or `$ref`s, by the name the import uses, with its text; built-in
    /// well-known types are not listed.
    pub imports: Vec<(String, String)>,
}

/// Why a schema file could not be used: one line naming the file (and the line when known).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaFileError {
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path}: cannot tell the schema type from the extension; name it .avsc, .proto or .json, or give --schema-type")]
    UnknownType { path: String },
    #[error("{path}:{line}: invalid schema: {reason}")]
    Invalid {
        path: String,
        line: usize,
        reason: String,
    },
    #[error("{path}: {reason}")]
    Import { path: String, reason: String },
}

fn read(path: &Path) -> Result<String, SchemaFileError> {
    std::fs::read_to_string(path).map_err(|e| SchemaFileError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// The most files one schema may pull in through imports (a guard against a cycle).
const MAX_IMPORTS: usize = 256;

/// Where imports and `$ref`s are looked for: the importing file's own folder, then each
/// `--proto-path` in order (the built-in well-known types come last, in the Protobuf codec).
fn search_dirs(path: &Path, include: &[PathBuf]) -> Vec<PathBuf> {
    let own = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    std::iter::once(own)
        .chain(include.iter().cloned())
        .collect()
}

fn find_import(name: &str, dirs: &[PathBuf]) -> Option<PathBuf> {
    dirs.iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// Protobuf's `import "x/y.proto";` lines (public and weak ones too).
fn proto_imports(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for stmt in text.split(';') {
        let s = stmt.trim_start();
        let s = strip_comments(s);
        let Some(rest) = s.trim_start().strip_prefix("import") else {
            continue;
        };
        let rest = rest.trim_start();
        let rest = rest
            .strip_prefix("public")
            .or_else(|| rest.strip_prefix("weak"))
            .unwrap_or(rest)
            .trim();
        if let Some(q) = rest.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
            out.push(q.to_string());
        }
    }
    out
}

/// The text after any leading `//` comment lines.
fn strip_comments(s: &str) -> &str {
    let mut s = s;
    while let Some(rest) = s.trim_start().strip_prefix("//") {
        s = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    s
}

/// Every `$ref` in a JSON document that names another document (not `#…`).
fn json_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("$ref", Value::String(r)) if !r.starts_with('#') => {
                        let doc = r.split('#').next().unwrap_or_default();
                        if !doc.is_empty() && !doc.contains("://") && !out.iter().any(|o| o == doc)
                        {
                            out.push(doc.to_string());
                        }
                    }
                    _ => json_refs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| json_refs(x, out)),
        _ => {}
    }
}

/// A built-in Protobuf import: never looked for on disk, never registered: `google/protobuf/*`
/// (bundled by protox), `google/type/*` and `confluent/*` (bundled by [`super::wellknown`]).
pub fn is_builtin_import(name: &str) -> bool {
    name.starts_with("google/protobuf/") || super::wellknown::is_bundled(name)
}

/// What schema text imports (Protobuf) or `$ref`s (JSON Schema) by name, built-ins left out:
/// the references it is registered with.
pub fn direct_imports(kind: SchemaKind, text: &str) -> Vec<String> {
    let mut names = match kind {
        SchemaKind::Protobuf => proto_imports(text),
        SchemaKind::Json => {
            let mut refs = Vec::new();
            if let Ok(v) = serde_json::from_str::<Value>(text) {
                json_refs(&v, &mut refs);
            }
            refs
        }
        SchemaKind::Avro => Vec::new(),
    };
    names.retain(|n| !is_builtin_import(n));
    names
}

/// The files `text` imports, found on disk, depth first (dependencies before dependants).
fn local_imports(
    path: &Path,
    kind: SchemaKind,
    text: &str,
    include: &[PathBuf],
) -> Result<Vec<(String, String)>, SchemaFileError> {
    let dirs = search_dirs(path, include);
    let mut out: Vec<(String, String)> = Vec::new();
    // (name, its text), to expand
    let mut stack: Vec<(String, String)> = vec![(String::new(), text.to_string())];
    while let Some((_, text)) = stack.pop() {
        for name in direct_imports(kind, &text) {
            if out.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let found = find_import(&name, &dirs).ok_or_else(|| SchemaFileError::Import {
                path: path.display().to_string(),
                reason: format!(
                    "imports {name}, which is in none of {} (add a --proto-path)",
                    dirs.iter()
                        .map(|d| d.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?;
            let t = read(&found)?;
            out.push((name.clone(), t.clone()));
            if out.len() > MAX_IMPORTS {
                return Err(SchemaFileError::Import {
                    path: path.display().to_string(),
                    reason: format!("imports more than {MAX_IMPORTS} files"),
                });
            }
            stack.push((name, t));
        }
    }
    // dependencies first, as a registry wants them registered
    out.reverse();
    Ok(out)
}

/// Reads a schema file in the format `kind` says (or its extension), with what it imports
/// from its own folder, then `include`.
pub fn load_file(
    path: &Path,
    kind: Option<SchemaKind>,
    include: &[PathBuf],
) -> Result<SchemaFile, SchemaFileError> {
    let kind =
        kind.or_else(|| SchemaKind::of_path(path))
            .ok_or_else(|| SchemaFileError::UnknownType {
                path: path.display().to_string(),
            })?;
    let text = read(path)?;
    let imports = local_imports(path, kind, &text, include)?;
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let schema = parse_file(kind, path, &name, &text, imports.clone())?;
    Ok(SchemaFile {
        path: path.to_path_buf(),
        text,
        schema,
        imports,
    })
}

/// Parses a file's text; the error names the file and the line (Avro: from the JSON pointer;
/// Protobuf: protox's own `file:line:col`).
pub fn parse_file(
    kind: SchemaKind,
    path: &Path,
    name: &str,
    text: &str,
    imports: Vec<(String, String)>,
) -> Result<Schema, SchemaFileError> {
    let shown = path.display().to_string();
    match kind {
        SchemaKind::Avro => AvroSchema::parse_str(text).map(Schema::Avro).map_err(|e| {
            let line = e
                .line
                .or_else(|| pointer_line(text, &e.pointer))
                .unwrap_or(1);
            SchemaFileError::Invalid {
                path: shown,
                line,
                reason: e.to_string(),
            }
        }),
        SchemaKind::Protobuf => {
            let mut files = imports;
            files.push((name.to_string(), text.to_string()));
            ProtoSchema::compile(name, files)
                .map(Schema::Protobuf)
                .map_err(|e| proto_error(&shown, name, &e))
        }
        SchemaKind::Json => JsonSchema::compile(name, text, imports)
            .map(Schema::Json)
            .map_err(|e| SchemaFileError::Invalid {
                path: shown,
                line: 1,
                reason: e.to_string(),
            }),
    }
}

/// protox names the file by its import name: say the path, and the line when it is known.
fn proto_error(shown: &str, name: &str, e: &ProtoError) -> SchemaFileError {
    match e {
        ProtoError::Compile {
            file,
            line,
            message,
        } if file.as_deref().is_none_or(|f| f == name) => SchemaFileError::Invalid {
            path: shown.to_string(),
            line: line.unwrap_or(1),
            reason: message.clone(),
        },
        other => SchemaFileError::Import {
            path: shown.to_string(),
            reason: other.to_string(),
        },
    }
}

/// The line of `text` a finding's pointer names (for annotations): Avro's `/fields/1`,
/// JSON Schema's `#/properties/id`, Protobuf's `#/Order/Line/3` (messages and enums by name,
/// then a field's tag).
pub fn finding_line(kind: SchemaKind, text: &str, pointer: &str) -> Option<usize> {
    match kind {
        SchemaKind::Avro => pointer_line(text, pointer),
        SchemaKind::Json => {
            let p = pointer.trim_start_matches('#');
            let p = if p == "/" { "" } else { p };
            pointer_line(text, p)
        }
        SchemaKind::Protobuf => proto_line(text, pointer),
    }
}

/// Walks `.proto` text for a pointer: each name segment finds its `message`/`enum`/`oneof`
/// declaration after the last match, a number the field (or enum value) with that tag.
fn proto_line(text: &str, pointer: &str) -> Option<usize> {
    let mut at = 0;
    for seg in pointer
        .trim_start_matches('#')
        .split('/')
        .filter(|s| !s.is_empty())
    {
        let rest = text.get(at..)?;
        let found = if seg.bytes().all(|b| b.is_ascii_digit()) {
            let re = regex::Regex::new(&format!(r"=\s*{seg}\s*[;\[]")).ok()?;
            re.find(rest).map(|m| m.start())
        } else {
            let re = regex::Regex::new(&format!(
                r"\b(message|enum|oneof)\s+{}\b",
                regex::escape(seg)
            ))
            .ok()?;
            re.find(rest).map(|m| m.start())
        };
        at += found?;
    }
    Some(text.get(..at)?.matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_are_found_beside_the_file_then_on_the_include_path() {
        let dir = tempfile::tempdir().unwrap();
        let inc = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("common")).unwrap();
        std::fs::write(
            dir.path().join("common/money.proto"),
            "syntax = \"proto3\"; package common; import \"units.proto\"; message Money { int64 cents = 1; common.Unit unit = 2; }",
        )
        .unwrap();
        std::fs::write(
            inc.path().join("units.proto"),
            "syntax = \"proto3\"; package common; enum Unit { EUR = 0; }",
        )
        .unwrap();
        let order = dir.path().join("order.proto");
        std::fs::write(
            &order,
            "syntax = \"proto3\";\n// an order\nimport \"common/money.proto\";\nimport \"google/protobuf/timestamp.proto\";\nmessage Order { common.Money total = 1; google.protobuf.Timestamp at = 2; }",
        )
        .unwrap();
        let e = load_file(&order, None, &[]).unwrap_err();
        assert!(e.to_string().contains("imports units.proto"), "{e}");
        let f = load_file(&order, None, &[inc.path().to_path_buf()]).unwrap();
        let names: Vec<&str> = f.imports.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["units.proto", "common/money.proto"]);
        assert_eq!(f.schema.kind(), SchemaKind::Protobuf);
    }

    #[test]
    fn a_proto_error_names_the_path_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.proto");
        std::fs::write(&p, "syntax = \"proto3\";\nmessage A {\n  strin x = 1;\n}\n").unwrap();
        let e = load_file(&p, None, &[]).unwrap_err().to_string();
        assert!(
            e.starts_with(&format!("{}:3: invalid schema: ", p.display())),
            "{e}"
        );
        let e = load_file(Path::new("x.yaml"), None, &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("--schema-type"), "{e}");
    }

    #[test]
    fn json_refs_to_other_documents_are_loaded() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("line.json"), r#"{"type":"object"}"#).unwrap();
        let p = dir.path().join("order.json");
        std::fs::write(
            &p,
            r##"{"type":"object","properties":{"l":{"$ref":"line.json"},"m":{"$ref":"#/definitions/x"}},"definitions":{"x":{}}}"##,
        )
        .unwrap();
        let f = load_file(&p, None, &[]).unwrap();
        assert_eq!(f.imports.len(), 1);
        assert_eq!(f.imports[0].0, "line.json");
    }
}

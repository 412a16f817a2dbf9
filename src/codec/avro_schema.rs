//! An Avro schema parser that keeps what the compatibility checker needs and nothing else:
//! types, names, namespaces, aliases, defaults, enum defaults, fixed sizes.
//!
//! Why not apache-avro's `Schema`: the checker must compare named types by identity (so that
//! recursive types terminate exactly as Java's memoisation does), apply reader aliases the way
//! Java resolves them (qualified with the enclosing namespace), and report where a problem is;
//! apache-avro 0.22 does none of these. Schemas live in an arena; a named reference is the
//! index of its definition, so a recursive type is a cycle of indices.

use std::collections::HashMap;

use serde_json::Value;

pub type NodeId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Primitive {
    Null,
    Boolean,
    Int,
    Long,
    Float,
    Double,
    Bytes,
    String,
}

impl Primitive {
    pub fn name(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Boolean => "boolean",
            Self::Int => "int",
            Self::Long => "long",
            Self::Float => "float",
            Self::Double => "double",
            Self::Bytes => "bytes",
            Self::String => "string",
        }
    }

    fn from_name(s: &str) -> Option<Self> {
        Some(match s {
            "null" => Self::Null,
            "boolean" => Self::Boolean,
            "int" => Self::Int,
            "long" => Self::Long,
            "float" => Self::Float,
            "double" => Self::Double,
            "bytes" => Self::Bytes,
            "string" => Self::String,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    /// The simple name, as Java's `getName()`.
    pub name: String,
    pub fullname: String,
    /// Fully-qualified aliases (unqualified ones take the type's namespace, as in Java).
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub aliases: Vec<String>,
    pub ty: NodeId,
    pub default: Option<Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Primitive(Primitive),
    Array(NodeId),
    Map(NodeId),
    Union(Vec<NodeId>),
    Fixed {
        name: Name,
        size: usize,
    },
    Enum {
        name: Name,
        symbols: Vec<String>,
        default: Option<String>,
    },
    Record {
        name: Name,
        fields: Vec<Field>,
    },
}

/// A decimal's precision is a positive number and its scale between 0 and the precision
/// (Avro spec); precision above 1000 digits is refused too (it could only be a mistake, and a
/// scale that size would be a repeat count when the value is printed).
fn valid_decimal(obj: &serde_json::Map<String, Value>) -> bool {
    let precision = obj.get("precision").and_then(Value::as_u64);
    let scale = obj.get("scale").map_or(Some(0), Value::as_u64);
    matches!((precision, scale), (Some(p), Some(s)) if (1..=1000).contains(&p) && s <= p)
}

impl Node {
    /// The type name used in messages ("record", "int", ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Primitive(p) => p.name(),
            Self::Array(_) => "array",
            Self::Map(_) => "map",
            Self::Union(_) => "union",
            Self::Fixed { .. } => "fixed",
            Self::Enum { .. } => "enum",
            Self::Record { .. } => "record",
        }
    }
}

/// A parsed schema: an arena and its root.
#[derive(Debug, Clone)]
pub struct AvroSchema {
    pub nodes: Vec<Node>,
    pub root: NodeId,
    /// Logical types of primitive nodes: name and, for decimals, the scale. Kept aside because
    /// compatibility ignores them (as Java does); only the codec reads them.
    pub logical: HashMap<NodeId, (String, Option<u32>)>,
}

impl AvroSchema {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// The logical type of a node, if any (e.g. "timestamp-millis").
    pub fn logical(&self, id: NodeId) -> Option<&str> {
        self.logical.get(&id).map(|(n, _)| n.as_str())
    }

    /// The scale of a decimal on bytes.
    pub fn decimal_scale(&self, id: NodeId) -> Option<u32> {
        match self.logical.get(&id) {
            Some((n, scale)) if n == "decimal" => Some(scale.unwrap_or(0)),
            _ => None,
        }
    }

    /// Parses schema text; the error carries a JSON pointer to the offending part.
    pub fn parse_str(text: &str) -> Result<Self, SchemaError> {
        let v: Value = serde_json::from_str(text).map_err(|e| SchemaError {
            pointer: String::new(),
            message: format!(
                "invalid JSON at line {} column {}: {e}",
                e.line(),
                e.column()
            ),
            line: Some(e.line()),
        })?;
        Self::parse_value(&v)
    }

    pub fn parse_value(v: &Value) -> Result<Self, SchemaError> {
        let mut p = Parser::default();
        let root = p.parse(v, "", "")?;
        p.check_pending()?;
        let schema = Self {
            nodes: p.nodes,
            root,
            logical: p.logical,
        };
        schema.validate_defaults(&p.defaults)?;
        Ok(schema)
    }

    fn validate_defaults(&self, defaults: &[(NodeId, Value, String)]) -> Result<(), SchemaError> {
        // `self.logical` is complete here; defaults are checked against the base types
        for (ty, value, pointer) in defaults {
            if !self.default_fits(*ty, value, 0) {
                return Err(SchemaError {
                    pointer: pointer.clone(),
                    message: format!("default {value} is not a valid {}", self.node(*ty).kind()),
                    line: None,
                });
            }
        }
        Ok(())
    }

    /// Whether a JSON default is valid for a type (union defaults may match any branch, as
    /// Avro 1.12's Java parser accepts).
    fn default_fits(&self, ty: NodeId, v: &Value, depth: usize) -> bool {
        if depth > 64 {
            return true; // deeply recursive defaults: accept rather than loop
        }
        match self.node(ty) {
            Node::Primitive(p) => match p {
                Primitive::Null => v.is_null(),
                Primitive::Boolean => v.is_boolean(),
                Primitive::Int => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                Primitive::Long => v.is_i64() || v.is_u64(),
                Primitive::Float | Primitive::Double => v.is_number(),
                Primitive::Bytes | Primitive::String => v.is_string(),
            },
            Node::Fixed { .. } => v.is_string(),
            Node::Enum { symbols, .. } => {
                v.as_str().is_some_and(|s| symbols.iter().any(|x| x == s))
            }
            Node::Array(items) => v
                .as_array()
                .is_some_and(|a| a.iter().all(|x| self.default_fits(*items, x, depth + 1))),
            Node::Map(values) => v
                .as_object()
                .is_some_and(|m| m.values().all(|x| self.default_fits(*values, x, depth + 1))),
            Node::Union(branches) => branches.iter().any(|b| self.default_fits(*b, v, depth + 1)),
            Node::Record { fields, .. } => v.as_object().is_some_and(|m| {
                fields.iter().all(|f| match m.get(&f.name) {
                    Some(x) => self.default_fits(f.ty, x, depth + 1),
                    None => f.default.is_some(),
                })
            }),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// JSON pointer into the schema ("" for the whole document).
    pub pointer: String,
    pub message: String,
    /// Line in the file, when known (JSON syntax errors).
    pub line: Option<usize>,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

#[derive(Default)]
struct Parser {
    nodes: Vec<Node>,
    names: HashMap<String, NodeId>,
    /// Named references seen before their definition: (fullname, pointer).
    pending: Vec<(String, String)>,
    /// (type, default, pointer) to validate once every name is known.
    defaults: Vec<(NodeId, Value, String)>,
    logical: HashMap<NodeId, (String, Option<u32>)>,
}

fn err(pointer: &str, message: impl Into<String>) -> SchemaError {
    SchemaError {
        pointer: pointer.to_string(),
        message: message.into(),
        line: None,
    }
}

fn valid_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn qualify(name: &str, namespace: &str) -> String {
    if name.contains('.') || namespace.is_empty() {
        name.to_string()
    } else {
        format!("{namespace}.{name}")
    }
}

impl Parser {
    fn push(&mut self, n: Node) -> NodeId {
        self.nodes.push(n);
        self.nodes.len() - 1
    }

    fn check_pending(&self) -> Result<(), SchemaError> {
        for (name, pointer) in &self.pending {
            if !self.names.contains_key(name) {
                return Err(err(pointer, format!("unknown type '{name}'")));
            }
        }
        Ok(())
    }

    fn reference(&mut self, name: &str, ns: &str, ptr: &str) -> Result<NodeId, SchemaError> {
        if let Some(p) = Primitive::from_name(name) {
            return Ok(self.push(Node::Primitive(p)));
        }
        for candidate in [qualify(name, ns), name.to_string()] {
            if let Some(id) = self.names.get(&candidate) {
                return Ok(*id);
            }
        }
        Err(err(
            ptr,
            format!("unknown type '{name}' (define it before use)"),
        ))
    }

    fn name(
        &mut self,
        obj: &serde_json::Map<String, Value>,
        ns: &str,
        ptr: &str,
    ) -> Result<(Name, String), SchemaError> {
        let raw = obj
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| err(ptr, "a named type needs a \"name\""))?;
        let own_ns = match obj.get("namespace") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => ns.to_string(),
            Some(_) => {
                return Err(err(
                    &format!("{ptr}/namespace"),
                    "namespace must be a string",
                ))
            }
        };
        let (fullname, namespace) = match raw.rsplit_once('.') {
            Some((n, _)) => (raw.to_string(), n.to_string()),
            None => (qualify(raw, &own_ns), own_ns),
        };
        let simple = fullname.rsplit('.').next().unwrap_or(&fullname).to_string();
        if !valid_name(&simple) {
            return Err(err(&format!("{ptr}/name"), format!("invalid name '{raw}'")));
        }
        let aliases = match obj.get("aliases") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .map(|x| {
                    x.as_str()
                        .map(|s| qualify(s, &namespace))
                        .ok_or_else(|| err(&format!("{ptr}/aliases"), "aliases must be strings"))
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(err(&format!("{ptr}/aliases"), "aliases must be an array")),
        };
        if self.names.contains_key(&fullname) {
            return Err(err(
                &format!("{ptr}/name"),
                format!("'{fullname}' is defined twice"),
            ));
        }
        Ok((
            Name {
                name: simple,
                fullname,
                aliases,
            },
            namespace,
        ))
    }

    fn parse(&mut self, v: &Value, ns: &str, ptr: &str) -> Result<NodeId, SchemaError> {
        match v {
            Value::String(s) => self.reference(s, ns, ptr),
            Value::Array(branches) => {
                let mut ids = Vec::with_capacity(branches.len());
                for (i, b) in branches.iter().enumerate() {
                    if b.is_array() {
                        return Err(err(
                            &format!("{ptr}/{i}"),
                            "a union may not directly contain a union",
                        ));
                    }
                    ids.push(self.parse(b, ns, &format!("{ptr}/{i}"))?);
                }
                Ok(self.push(Node::Union(ids)))
            }
            Value::Object(obj) => self.parse_object(obj, ns, ptr),
            _ => Err(err(ptr, format!("expected a type, got {v}"))),
        }
    }

    fn parse_object(
        &mut self,
        obj: &serde_json::Map<String, Value>,
        ns: &str,
        ptr: &str,
    ) -> Result<NodeId, SchemaError> {
        let ty = match obj.get("type") {
            Some(Value::String(t)) => t.as_str(),
            // {"type": {...}} or {"type": [...]}: a wrapped type
            Some(inner @ (Value::Object(_) | Value::Array(_))) => {
                return self.parse(inner, ns, &format!("{ptr}/type"))
            }
            _ => return Err(err(ptr, "missing \"type\"")),
        };
        match ty {
            "array" => {
                let items = obj
                    .get("items")
                    .ok_or_else(|| err(ptr, "array needs \"items\""))?;
                let id = self.parse(items, ns, &format!("{ptr}/items"))?;
                Ok(self.push(Node::Array(id)))
            }
            "map" => {
                let values = obj
                    .get("values")
                    .ok_or_else(|| err(ptr, "map needs \"values\""))?;
                let id = self.parse(values, ns, &format!("{ptr}/values"))?;
                Ok(self.push(Node::Map(id)))
            }
            "fixed" => {
                let (name, _) = self.name(obj, ns, ptr)?;
                let size = obj
                    .get("size")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| err(ptr, "fixed needs a non-negative \"size\""))?;
                let full = name.fullname.clone();
                let id = self.push(Node::Fixed {
                    name,
                    size: size as usize,
                });
                self.names.insert(full, id);
                Ok(id)
            }
            "enum" => {
                let (name, _) = self.name(obj, ns, ptr)?;
                let symbols: Vec<String> = obj
                    .get("symbols")
                    .and_then(Value::as_array)
                    .ok_or_else(|| err(ptr, "enum needs \"symbols\""))?
                    .iter()
                    .map(|s| {
                        s.as_str()
                            .filter(|s| valid_name(s))
                            .map(str::to_string)
                            .ok_or_else(|| {
                                err(&format!("{ptr}/symbols"), format!("invalid symbol {s}"))
                            })
                    })
                    .collect::<Result<_, _>>()?;
                for (i, s) in symbols.iter().enumerate() {
                    if symbols[..i].contains(s) {
                        return Err(err(
                            &format!("{ptr}/symbols/{i}"),
                            format!("duplicate symbol '{s}'"),
                        ));
                    }
                }
                let default = match obj.get("default") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(d)) if symbols.contains(d) => Some(d.clone()),
                    Some(d) => {
                        return Err(err(
                            &format!("{ptr}/default"),
                            format!("enum default {d} is not one of the symbols"),
                        ))
                    }
                };
                let full = name.fullname.clone();
                let id = self.push(Node::Enum {
                    name,
                    symbols,
                    default,
                });
                self.names.insert(full, id);
                Ok(id)
            }
            "record" | "error" => {
                let (name, namespace) = self.name(obj, ns, ptr)?;
                let full = name.fullname.clone();
                // register first so fields can refer to the record itself
                let id = self.push(Node::Record {
                    name,
                    fields: Vec::new(),
                });
                self.names.insert(full, id);
                let raw_fields = obj
                    .get("fields")
                    .and_then(Value::as_array)
                    .ok_or_else(|| err(ptr, "record needs \"fields\""))?;
                let mut fields: Vec<Field> = Vec::with_capacity(raw_fields.len());
                for (i, f) in raw_fields.iter().enumerate() {
                    let fptr = format!("{ptr}/fields/{i}");
                    let fo = f
                        .as_object()
                        .ok_or_else(|| err(&fptr, "a field must be an object"))?;
                    let fname = fo
                        .get("name")
                        .and_then(Value::as_str)
                        .filter(|n| valid_name(n))
                        .ok_or_else(|| err(&fptr, "a field needs a valid \"name\""))?;
                    if fields.iter().any(|x| x.name == fname) {
                        return Err(err(&fptr, format!("duplicate field '{fname}'")));
                    }
                    let ftype = fo
                        .get("type")
                        .ok_or_else(|| err(&fptr, format!("field '{fname}' needs a \"type\"")))?;
                    let ty = self.parse(ftype, &namespace, &format!("{fptr}/type"))?;
                    let aliases = fo
                        .get("aliases")
                        .and_then(Value::as_array)
                        .map(|a| {
                            a.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default();
                    let default = fo.get("default").cloned();
                    if let Some(d) = &default {
                        self.defaults
                            .push((ty, d.clone(), format!("{fptr}/default")));
                    }
                    fields.push(Field {
                        name: fname.to_string(),
                        aliases,
                        ty,
                        default,
                    });
                }
                if let Node::Record { fields: slot, .. } = &mut self.nodes[id] {
                    *slot = fields;
                }
                Ok(id)
            }
            other => match Primitive::from_name(other) {
                // {"type": "long", "logicalType": ...}: logical types do not change compatibility
                Some(p) => {
                    let id = self.push(Node::Primitive(p));
                    if let Some(l) = obj.get("logicalType").and_then(Value::as_str) {
                        let scale = obj.get("scale").and_then(Value::as_u64).map(|n| n as u32);
                        // as the spec says: an invalid decimal is its plain underlying type
                        if l != "decimal" || valid_decimal(obj) {
                            self.logical.insert(id, (l.to_string(), scale));
                        }
                    }
                    Ok(id)
                }
                None => self.reference(other, ns, ptr),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_named_types_recursion_and_aliases() {
        let s = AvroSchema::parse_str(
            r#"{"type":"record","name":"Node","namespace":"com.example","aliases":["Old"],
                "fields":[{"name":"value","type":{"type":"long","logicalType":"timestamp-millis"}},
                          {"name":"next","type":["null","Node"],"default":null},
                          {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"],"default":"A"}},
                          {"name":"id","type":{"type":"fixed","name":"Id","size":16}}]}"#,
        )
        .unwrap();
        let Node::Record { name, fields } = s.node(s.root) else {
            panic!()
        };
        assert_eq!(name.fullname, "com.example.Node");
        assert_eq!(name.aliases, vec!["com.example.Old"]);
        let Node::Union(b) = s.node(fields[1].ty) else {
            panic!()
        };
        assert_eq!(b[1], s.root, "recursive reference is the record itself");
        assert_eq!(s.node(fields[0].ty), &Node::Primitive(Primitive::Long));
    }

    #[test]
    fn errors_point_into_the_schema() {
        let e = AvroSchema::parse_str(
            r#"{"type":"record","name":"R","fields":[{"name":"a","type":"Nope"}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.pointer, "/fields/0/type");
        let e = AvroSchema::parse_str(
            r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int","default":"x"}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.pointer, "/fields/0/default");
        let e = AvroSchema::parse_str("{\n  \"type\": \n").unwrap_err();
        assert_eq!(e.line, Some(3));
        let e =
            AvroSchema::parse_str(r#"{"type":"enum","name":"E","symbols":["A","A"]}"#).unwrap_err();
        assert!(e.message.contains("duplicate symbol"));
    }
}

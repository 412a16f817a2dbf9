//! Protobuf compatibility as Confluent's Schema Registry decides it (SCHEMA-FORMATS §3a):
//! a diff of an *original* file against an *update*, each difference named by its change
//! type; the update is compatible iff every difference is in the compatible set.
//!
//! Why a diff rather than a reader/writer walk as for Avro: Protobuf has no schema
//! resolution, only wire compatibility, so the registry's rules are about what changed where
//! (messages matched by name at each nesting level, fields by tag across oneofs, enum values
//! by number). Pointers are written as Confluent writes them: `#/Order/3` is field 3 of
//! message `Order`, `#/Order/Line` a nested message, `#/` the file.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use prost_reflect::{
    Cardinality, EnumDescriptor, FieldDescriptor, FileDescriptor, Kind, MessageDescriptor,
};

use super::proto::ProtoSchema;
use crate::domain::compat::Incompatibility;

/// Change types that leave data readable (everything else breaks).
const COMPATIBLE: &[&str] = &[
    "MESSAGE_ADDED",
    "MESSAGE_MOVED",
    "ENUM_ADDED",
    "ENUM_REMOVED",
    "ENUM_CONST_ADDED",
    "ENUM_CONST_CHANGED",
    "ENUM_CONST_REMOVED",
    "FIELD_ADDED",
    "FIELD_REMOVED",
    "FIELD_NAME_CHANGED",
    "FIELD_STRING_OR_BYTES_LABEL_CHANGED",
    "ONEOF_ADDED",
    "ONEOF_REMOVED",
    "ONEOF_FIELD_ADDED",
    "ONEOF_FIELD_MOVED_TO_TOP_LEVEL",
];

/// Whether a difference leaves data readable.
pub fn is_compatible(c: &Incompatibility) -> bool {
    COMPATIBLE.contains(&c.kind)
}

/// Every reason data written with `original` breaks when the schema becomes `update`
/// (empty: compatible). BACKWARD calls it with (old, new), FORWARD with (new, old).
pub fn check(update: &ProtoSchema, original: &ProtoSchema) -> Vec<Incompatibility> {
    diff(original, update)
        .into_iter()
        .filter(|c| !is_compatible(c))
        .collect()
}

/// Every difference, compatible or not, in the order met.
pub fn diff(original: &ProtoSchema, update: &ProtoSchema) -> Vec<Incompatibility> {
    let mut d = Differ {
        out: Vec::new(),
        seen: HashSet::new(),
        files: (original.name().to_string(), update.name().to_string()),
    };
    d.files(original.file(), update.file());
    d.out
}

struct Differ {
    out: Vec<Incompatibility>,
    /// Imported message pairs already compared (recursive types end here).
    seen: HashSet<(String, String)>,
    /// The two files compared (original, update): their own types are compared where they
    /// are declared, imported ones where a field uses them.
    files: (String, String),
}

/// A message's name inside its package (`Order.Line`), so a package change is one finding.
fn local_name(m: &MessageDescriptor) -> &str {
    let package = m.package_name();
    let full = m.full_name();
    if package.is_empty() {
        full
    } else {
        full.strip_prefix(package)
            .and_then(|r| r.strip_prefix('.'))
            .unwrap_or(full)
    }
}

fn pointer(path: &[String], tail: Option<String>) -> String {
    let mut p = String::from("#/");
    p.push_str(&path.join("/"));
    if let Some(t) = tail {
        if !path.is_empty() {
            p.push('/');
        }
        p.push_str(&t);
    }
    p
}

/// A field's kind as the rules group it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldKind {
    Scalar,
    Message,
    Map,
}

fn field_kind(f: &FieldDescriptor) -> FieldKind {
    if f.is_map() {
        FieldKind::Map
    } else if matches!(f.kind(), Kind::Message(_)) {
        FieldKind::Message
    } else {
        FieldKind::Scalar
    }
}

/// Scalars whose wire forms read each other; a change inside a group is compatible.
fn scalar_group(k: &Kind) -> u8 {
    match k {
        Kind::Int32 | Kind::Int64 | Kind::Uint32 | Kind::Uint64 | Kind::Bool | Kind::Enum(_) => 0,
        Kind::Sint32 | Kind::Sint64 => 1,
        Kind::String | Kind::Bytes => 2,
        Kind::Fixed32 | Kind::Sfixed32 => 3,
        Kind::Fixed64 | Kind::Sfixed64 => 4,
        Kind::Float => 5,
        Kind::Double => 6,
        Kind::Message(_) => 7,
    }
}

fn kind_name(k: &Kind) -> String {
    match k {
        Kind::Message(m) => m.full_name().to_string(),
        Kind::Enum(e) => e.full_name().to_string(),
        other => format!("{other:?}").to_ascii_lowercase(),
    }
}

fn label(c: Cardinality) -> &'static str {
    match c {
        Cardinality::Optional => "optional",
        Cardinality::Required => "required",
        Cardinality::Repeated => "repeated",
    }
}

/// The oneof a field is declared in (proto3 `optional`'s synthetic oneofs do not count).
fn real_oneof(f: &FieldDescriptor) -> Option<String> {
    f.containing_oneof()
        .filter(|o| !o.is_synthetic())
        .map(|o| o.name().to_string())
}

impl Differ {
    fn push(&mut self, kind: &'static str, pointer: String, message: String) {
        self.out.push(Incompatibility {
            kind,
            pointer,
            message,
        });
    }

    fn files(&mut self, o: &FileDescriptor, u: &FileDescriptor) {
        if o.package_name() != u.package_name() {
            self.push(
                "PACKAGE_CHANGED",
                "#/".into(),
                format!(
                    "package '{}' became '{}'",
                    o.package_name(),
                    u.package_name()
                ),
            );
        }
        let path = Vec::new();
        self.messages(&path, o.messages().collect(), u.messages().collect());
        self.enums(&path, o.enums().collect(), u.enums().collect());
    }

    fn messages(&mut self, path: &[String], o: Vec<MessageDescriptor>, u: Vec<MessageDescriptor>) {
        let position = |list: &[MessageDescriptor], name: &str| {
            list.iter()
                .filter(|m| !m.is_map_entry())
                .position(|m| m.name() == name)
        };
        for (i, om) in o.iter().filter(|m| !m.is_map_entry()).enumerate() {
            let mut at = path.to_vec();
            at.push(om.name().to_string());
            match position(&u, om.name()) {
                None => self.push(
                    "MESSAGE_REMOVED",
                    pointer(&at, None),
                    format!("message {} was removed", om.full_name()),
                ),
                Some(j) => {
                    if i != j {
                        self.push(
                            "MESSAGE_MOVED",
                            pointer(&at, None),
                            format!("message {} moved from position {i} to {j}", om.name()),
                        );
                    }
                    let um = u.iter().find(|m| m.name() == om.name()).cloned();
                    if let Some(um) = um {
                        self.message(&at, om, &um);
                    }
                }
            }
        }
        for um in u.iter().filter(|m| !m.is_map_entry()) {
            if position(&o, um.name()).is_none() {
                let mut at = path.to_vec();
                at.push(um.name().to_string());
                self.push(
                    "MESSAGE_ADDED",
                    pointer(&at, None),
                    format!("message {} was added", um.full_name()),
                );
            }
        }
    }

    fn enums(&mut self, path: &[String], o: Vec<EnumDescriptor>, u: Vec<EnumDescriptor>) {
        for oe in &o {
            let mut at = path.to_vec();
            at.push(oe.name().to_string());
            match u.iter().find(|e| e.name() == oe.name()) {
                None => self.push(
                    "ENUM_REMOVED",
                    pointer(&at, None),
                    format!("enum {} was removed", oe.full_name()),
                ),
                Some(ue) => self.enum_values(&at, oe, ue),
            }
        }
        for ue in u.iter().filter(|e| !o.iter().any(|x| x.name() == e.name())) {
            let mut at = path.to_vec();
            at.push(ue.name().to_string());
            self.push(
                "ENUM_ADDED",
                pointer(&at, None),
                format!("enum {} was added", ue.full_name()),
            );
        }
    }

    fn enum_values(&mut self, at: &[String], o: &EnumDescriptor, u: &EnumDescriptor) {
        let ov: BTreeMap<i32, String> = o.values().map(|v| (v.number(), v.name().into())).collect();
        let uv: BTreeMap<i32, String> = u.values().map(|v| (v.number(), v.name().into())).collect();
        for (n, name) in &ov {
            match uv.get(n) {
                None => self.push(
                    "ENUM_CONST_REMOVED",
                    pointer(at, Some(n.to_string())),
                    format!("enum value {name} = {n} was removed"),
                ),
                Some(new) if new != name => self.push(
                    "ENUM_CONST_CHANGED",
                    pointer(at, Some(n.to_string())),
                    format!("enum value {n} was renamed from {name} to {new}"),
                ),
                Some(_) => {}
            }
        }
        for (n, name) in uv.iter().filter(|(n, _)| !ov.contains_key(n)) {
            self.push(
                "ENUM_CONST_ADDED",
                pointer(at, Some(n.to_string())),
                format!("enum value {name} = {n} was added"),
            );
        }
    }

    /// One message present in both: its fields, oneofs, nested messages and enums.
    fn message(&mut self, at: &[String], o: &MessageDescriptor, u: &MessageDescriptor) {
        self.fields(at, o, u);
        self.oneofs(at, o, u);
        self.messages(
            at,
            o.child_messages().collect(),
            u.child_messages().collect(),
        );
        self.enums(at, o.child_enums().collect(), u.child_enums().collect());
    }

    fn fields(&mut self, at: &[String], o: &MessageDescriptor, u: &MessageDescriptor) {
        let whole_oneof_gone = |f: &FieldDescriptor| {
            real_oneof(f).is_some_and(|name| !u.oneofs().any(|x| x.name() == name))
        };
        for of in o.fields() {
            let p = pointer(at, Some(of.number().to_string()));
            let Some(uf) = u.get_field(of.number()) else {
                let (kind, what) = if of.cardinality() == Cardinality::Required {
                    ("REQUIRED_FIELD_REMOVED", "required field")
                } else if real_oneof(&of).is_some() && !whole_oneof_gone(&of) {
                    ("ONEOF_FIELD_REMOVED", "oneof member")
                } else {
                    ("FIELD_REMOVED", "field")
                };
                self.push(
                    kind,
                    p,
                    format!("{what} {} '{}' was removed", of.number(), of.name()),
                );
                continue;
            };
            self.field(p, &of, &uf);
        }
        for uf in u.fields().filter(|f| o.get_field(f.number()).is_none()) {
            let p = pointer(at, Some(uf.number().to_string()));
            let (kind, what) = if uf.cardinality() == Cardinality::Required {
                ("REQUIRED_FIELD_ADDED", "required field")
            } else if real_oneof(&uf).is_some() {
                ("ONEOF_FIELD_ADDED", "oneof member")
            } else {
                ("FIELD_ADDED", "field")
            };
            self.push(
                kind,
                p,
                format!("{what} {} '{}' was added", uf.number(), uf.name()),
            );
        }
    }

    /// One tag present in both.
    fn field(&mut self, p: String, o: &FieldDescriptor, u: &FieldDescriptor) {
        let n = o.number();
        if o.name() != u.name() {
            self.push(
                "FIELD_NAME_CHANGED",
                p.clone(),
                format!(
                    "field {n} was renamed from '{}' to '{}'",
                    o.name(),
                    u.name()
                ),
            );
        }
        if real_oneof(o).is_some() && real_oneof(u).is_none() {
            self.push(
                "ONEOF_FIELD_MOVED_TO_TOP_LEVEL",
                p.clone(),
                format!("field {n} '{}' left its oneof", u.name()),
            );
        }
        let (ok, uk) = (field_kind(o), field_kind(u));
        if ok != uk {
            self.push(
                "FIELD_KIND_CHANGED",
                p,
                format!("field {n} '{}' changed from a {ok:?} to a {uk:?}", u.name()),
            );
            return;
        }
        match ok {
            FieldKind::Map => {
                let (om, um) = (map_entry(o), map_entry(u));
                if let (Some((ok_, ov)), Some((uk_, uv))) = (om, um) {
                    self.types(&p, n, "map key", &ok_, &uk_);
                    self.types(&p, n, "map value", &ov, &uv);
                }
            }
            FieldKind::Scalar | FieldKind::Message => {
                self.types(&p, n, u.name(), o, u);
                self.labels(&p, n, o, u);
            }
        }
    }

    /// The types of two fields of the same kind (or a map's keys or values).
    fn types(&mut self, p: &str, n: u32, what: &str, o: &FieldDescriptor, u: &FieldDescriptor) {
        let (ok, uk) = (o.kind(), u.kind());
        match (&ok, &uk) {
            (Kind::Message(om), Kind::Message(um))
                if local_name(om) != local_name(um) || !self.imported_compatible(om, um) =>
            {
                self.push(
                    "FIELD_NAMED_TYPE_CHANGED",
                    p.to_string(),
                    format!(
                        "field {n} '{what}' changed type from {} to {}",
                        om.full_name(),
                        um.full_name()
                    ),
                );
            }
            (Kind::Message(_), Kind::Message(_)) => {}
            (Kind::Message(_), _) | (_, Kind::Message(_)) => self.push(
                "FIELD_KIND_CHANGED",
                p.to_string(),
                format!(
                    "field {n} '{what}' changed from {} to {}",
                    kind_name(&ok),
                    kind_name(&uk)
                ),
            ),
            _ if scalar_group(&ok) != scalar_group(&uk) => self.push(
                "FIELD_SCALAR_KIND_CHANGED",
                p.to_string(),
                format!(
                    "field {n} '{what}' changed from {} to {}, which does not read it",
                    kind_name(&ok),
                    kind_name(&uk)
                ),
            ),
            _ => {}
        }
    }

    /// A message type defined in another file (an import) is compared here, once per pair;
    /// types of this file are compared where they are declared.
    fn imported_compatible(&mut self, o: &MessageDescriptor, u: &MessageDescriptor) -> bool {
        if o.parent_file().name() == self.files.0 && u.parent_file().name() == self.files.1 {
            return true;
        }
        let key = (o.full_name().to_string(), u.full_name().to_string());
        if !self.seen.insert(key) {
            return true;
        }
        let mut inner = Differ {
            out: Vec::new(),
            seen: std::mem::take(&mut self.seen),
            files: self.files.clone(),
        };
        inner.message(&[o.name().to_string()], o, u);
        self.seen = inner.seen;
        inner.out.iter().all(is_compatible)
    }

    fn labels(&mut self, p: &str, n: u32, o: &FieldDescriptor, u: &FieldDescriptor) {
        let (ol, ul) = (o.cardinality(), u.cardinality());
        if ol == ul || matches!(o.kind(), Kind::Message(_)) {
            return;
        }
        let kind = if matches!(o.kind(), Kind::String | Kind::Bytes) {
            "FIELD_STRING_OR_BYTES_LABEL_CHANGED"
        } else {
            "FIELD_NUMERIC_LABEL_CHANGED"
        };
        self.push(
            kind,
            p.to_string(),
            format!(
                "field {n} '{}' changed from {} to {}",
                u.name(),
                label(ol),
                label(ul)
            ),
        );
    }

    /// Oneofs by name, and fields gathered into one oneof from several original groups.
    fn oneofs(&mut self, at: &[String], o: &MessageDescriptor, u: &MessageDescriptor) {
        let names = |m: &MessageDescriptor| -> BTreeSet<String> {
            m.oneofs()
                .filter(|x| !x.is_synthetic())
                .map(|x| x.name().to_string())
                .collect()
        };
        let (on, un) = (names(o), names(u));
        for gone in on.difference(&un) {
            self.push(
                "ONEOF_REMOVED",
                pointer(at, Some(gone.clone())),
                format!("oneof {gone} was removed"),
            );
        }
        for added in un.difference(&on) {
            self.push(
                "ONEOF_ADDED",
                pointer(at, Some(added.clone())),
                format!("oneof {added} was added"),
            );
        }
        for oneof in u.oneofs().filter(|x| !x.is_synthetic()) {
            // each original field's group: its oneof, or itself when it was a plain field
            let groups: BTreeSet<String> = oneof
                .fields()
                .filter_map(|f| o.get_field(f.number()))
                .map(|of| real_oneof(&of).unwrap_or_else(|| format!("field {}", of.number())))
                .collect();
            if groups.len() > 1 {
                let existed = on.contains(oneof.name());
                let kind = if existed {
                    "FIELD_MOVED_TO_EXISTING_ONEOF"
                } else {
                    "MULTIPLE_FIELDS_MOVED_TO_ONEOF"
                };
                self.push(
                    kind,
                    pointer(at, Some(oneof.name().to_string())),
                    format!(
                        "oneof {} now holds fields from {}",
                        oneof.name(),
                        groups.into_iter().collect::<Vec<_>>().join(", ")
                    ),
                );
            }
        }
    }
}

/// A map field's key and value fields.
fn map_entry(f: &FieldDescriptor) -> Option<(FieldDescriptor, FieldDescriptor)> {
    match f.kind() {
        Kind::Message(m) if m.is_map_entry() => {
            Some((m.map_entry_key_field(), m.map_entry_value_field()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(body: &str) -> ProtoSchema {
        let text = format!("syntax = \"proto2\";\npackage shop;\n{body}");
        ProtoSchema::compile("t.proto", vec![("t.proto".into(), text)]).unwrap()
    }

    /// The change types between two bodies (compatible or not), and whether BACKWARD passes.
    fn kinds(old: &str, new: &str) -> (Vec<&'static str>, bool) {
        let (o, u) = (schema(old), schema(new));
        let d = diff(&o, &u);
        (d.iter().map(|c| c.kind).collect(), check(&u, &o).is_empty())
    }

    const ORDER: &str = "message Order { optional string id = 1; optional int32 qty = 2; }";

    #[test]
    fn every_change_type_of_the_table_with_its_verdict() {
        let cases: &[(&str, &str, &str, bool)] = &[
            // (old, new, the change type, compatible)
            (ORDER, "message Order { optional string id = 1; optional int32 qty = 2; } message Refund { optional string id = 1; }", "MESSAGE_ADDED", true),
            ("message Order { optional string id = 1; } message Refund { optional string id = 1; }", "message Order { optional string id = 1; }", "MESSAGE_REMOVED", false),
            ("message A { optional int32 a = 1; } message B { optional int32 b = 1; }", "message B { optional int32 b = 1; } message A { optional int32 a = 1; }", "MESSAGE_MOVED", true),
            (ORDER, "message Order { optional string id = 1; optional int32 qty = 2; } enum S { A = 0; }", "ENUM_ADDED", true),
            ("message Order { optional string id = 1; } enum S { A = 0; }", "message Order { optional string id = 1; }", "ENUM_REMOVED", true),
            ("enum S { A = 0; } message M { optional S s = 1; }", "enum S { A = 0; B = 1; } message M { optional S s = 1; }", "ENUM_CONST_ADDED", true),
            ("enum S { A = 0; B = 1; } message M { optional S s = 1; }", "enum S { A = 0; C = 1; } message M { optional S s = 1; }", "ENUM_CONST_CHANGED", true),
            ("enum S { A = 0; B = 1; } message M { optional S s = 1; }", "enum S { A = 0; } message M { optional S s = 1; }", "ENUM_CONST_REMOVED", true),
            (ORDER, "message Order { optional string id = 1; optional int32 qty = 2; optional string note = 3; }", "FIELD_ADDED", true),
            (ORDER, "message Order { optional string id = 1; }", "FIELD_REMOVED", true),
            (ORDER, "message Order { optional string id = 1; optional int32 qty = 2; required string r = 3; }", "REQUIRED_FIELD_ADDED", false),
            ("message Order { required string id = 1; }", "message Order { }", "REQUIRED_FIELD_REMOVED", false),
            (ORDER, "message Order { optional string key = 1; optional int32 qty = 2; }", "FIELD_NAME_CHANGED", true),
            (ORDER, "message Order { optional string id = 1; optional Line qty = 2; } message Line { optional int32 n = 1; }", "FIELD_KIND_CHANGED", false),
            (ORDER, "message Order { optional string id = 1; map<string, int32> qty = 2; }", "FIELD_KIND_CHANGED", false),
            (ORDER, "message Order { optional string id = 1; optional int64 qty = 2; }", "", true),
            (ORDER, "message Order { optional string id = 1; optional bool qty = 2; }", "", true),
            (ORDER, "message Order { optional bytes id = 1; optional int32 qty = 2; }", "", true),
            (ORDER, "message Order { optional string id = 1; optional sint32 qty = 2; }", "FIELD_SCALAR_KIND_CHANGED", false),
            (ORDER, "message Order { optional string id = 1; optional fixed32 qty = 2; }", "FIELD_SCALAR_KIND_CHANGED", false),
            (ORDER, "message Order { optional string id = 1; optional double qty = 2; }", "FIELD_SCALAR_KIND_CHANGED", false),
            ("message Order { optional sint32 n = 1; }", "message Order { optional sint64 n = 1; }", "", true),
            ("message Order { optional fixed64 n = 1; }", "message Order { optional sfixed64 n = 1; }", "", true),
            ("message Order { optional float n = 1; }", "message Order { optional double n = 1; }", "FIELD_SCALAR_KIND_CHANGED", false),
            ("message Order { optional A a = 1; } message A { optional int32 x = 1; } message B { optional int32 x = 1; }", "message Order { optional B a = 1; } message A { optional int32 x = 1; } message B { optional int32 x = 1; }", "FIELD_NAMED_TYPE_CHANGED", false),
            (ORDER, "message Order { optional string id = 1; repeated int32 qty = 2; }", "FIELD_NUMERIC_LABEL_CHANGED", false),
            (ORDER, "message Order { repeated string id = 1; optional int32 qty = 2; }", "FIELD_STRING_OR_BYTES_LABEL_CHANGED", true),
            (ORDER, "message Order { optional string id = 1; optional int32 qty = 2; oneof pay { string card = 3; } }", "ONEOF_ADDED", true),
            ("message Order { oneof pay { string card = 3; } }", "message Order { }", "ONEOF_REMOVED", true),
            ("message Order { oneof pay { string card = 3; } }", "message Order { oneof pay { string card = 3; string iban = 4; } }", "ONEOF_FIELD_ADDED", true),
            ("message Order { oneof pay { string card = 3; string iban = 4; } }", "message Order { oneof pay { string card = 3; } }", "ONEOF_FIELD_REMOVED", false),
            ("message Order { oneof pay { string card = 3; string iban = 4; } }", "message Order { optional string card = 3; oneof pay { string iban = 4; } }", "ONEOF_FIELD_MOVED_TO_TOP_LEVEL", true),
            ("message Order { optional string a = 1; optional string b = 2; }", "message Order { oneof x { string a = 1; string b = 2; } }", "MULTIPLE_FIELDS_MOVED_TO_ONEOF", false),
            ("message Order { optional string a = 1; oneof x { string b = 2; } }", "message Order { oneof x { string a = 1; string b = 2; } }", "FIELD_MOVED_TO_EXISTING_ONEOF", false),
        ];
        for (old, new, kind, compatible) in cases {
            let (got, ok) = kinds(old, new);
            if kind.is_empty() {
                assert!(
                    got.is_empty(),
                    "{old} → {new}: expected no change, got {got:?}"
                );
            } else {
                assert!(
                    got.contains(kind),
                    "{old} → {new}: expected {kind}, got {got:?}"
                );
            }
            assert_eq!(ok, *compatible, "{old} → {new}: {got:?}");
        }
    }

    #[test]
    fn a_package_change_is_one_incompatible_finding_at_the_root() {
        let o = schema(ORDER);
        let text = format!("syntax = \"proto2\";\npackage store;\n{ORDER}");
        let u = ProtoSchema::compile("t.proto", vec![("t.proto".into(), text)]).unwrap();
        let found = check(&u, &o);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].kind, found[0].pointer.as_str()),
            ("PACKAGE_CHANGED", "#/")
        );
    }

    #[test]
    fn pointers_name_the_message_path_then_the_tag() {
        let old = "message Order { message Line { optional int32 qty = 3; } }";
        let new = "message Order { message Line { optional string qty = 3; } }";
        let found = check(&schema(new), &schema(old));
        assert_eq!(found[0].pointer, "#/Order/Line/3");
        assert_eq!(found[0].kind, "FIELD_SCALAR_KIND_CHANGED");
        assert!(found[0].message.contains("int32") && found[0].message.contains("string"));
    }

    #[test]
    fn forward_sees_an_added_message_as_removed() {
        let old = ORDER;
        let new = "message Order { optional string id = 1; optional int32 qty = 2; } message Refund { optional string id = 1; }";
        // FORWARD: the old schema reads the new data: diff(original = new, update = old)
        let found = check(&schema(old), &schema(new));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, "MESSAGE_REMOVED");
    }

    #[test]
    fn imported_and_well_known_types_are_compared_through_the_field() {
        let money = |t: &str| {
            format!("syntax = \"proto3\"; package common; message Money {{ {t} cents = 1; }}")
        };
        let order = "syntax = \"proto3\"; package shop; import \"common/money.proto\"; import \"google/protobuf/timestamp.proto\"; message Order { common.Money total = 1; google.protobuf.Timestamp at = 2; }";
        let build = |t: &str| {
            ProtoSchema::compile(
                "order.proto",
                vec![
                    ("common/money.proto".into(), money(t)),
                    ("order.proto".into(), order.into()),
                ],
            )
            .unwrap()
        };
        assert!(check(&build("int64"), &build("int64")).is_empty());
        let found = check(&build("string"), &build("int64"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].kind, found[0].pointer.as_str()),
            ("FIELD_NAMED_TYPE_CHANGED", "#/Order/1")
        );
    }

    #[test]
    fn recursive_messages_end() {
        let s = "message Node { optional Node next = 1; optional int32 v = 2; }";
        assert!(check(&schema(s), &schema(s)).is_empty());
    }
}

//! Reader/writer compatibility, decided as Apache Avro's Java `SchemaCompatibility` does.
//!
//! Why our own: apache-avro 0.22's checker stops at the first problem and differs from the
//! reference (DESIGN §6). This is a transcription of the Java algorithm: the same case
//! analysis, the same memoisation by (reader, writer) pair that makes recursive types
//! terminate, the same location tokens (so pointers read `/fields/3/type`), and every
//! incompatibility collected rather than the first. Java ignores logical types, compares named
//! types by simple name or a reader alias (aliases qualified with the type's namespace), and
//! reads a writer union branch by branch; so does this.

use std::collections::HashMap;

use super::avro_schema::{AvroSchema, Node, NodeId, Primitive};

pub use crate::domain::compat::{IncompatKind, Incompatibility};

/// Every reason `reader` cannot read data written with `writer` (empty: compatible).
pub fn check(reader: &AvroSchema, writer: &AvroSchema) -> Vec<Incompatibility> {
    let mut c = Checker {
        r: reader,
        w: writer,
        memo: HashMap::new(),
        location: Vec::new(),
        field: Vec::new(),
    };
    c.get(reader.root, writer.root, None)
}

struct Checker<'a> {
    r: &'a AvroSchema,
    w: &'a AvroSchema,
    /// None while a pair is being computed (recursion in progress counts as compatible).
    memo: HashMap<(NodeId, NodeId), Option<Vec<Incompatibility>>>,
    location: Vec<String>,
    /// The reader field being checked, for messages.
    field: Vec<String>,
}

fn describe(s: &AvroSchema, id: NodeId) -> String {
    match s.node(id) {
        Node::Record { name, .. } | Node::Enum { name, .. } | Node::Fixed { name, .. } => {
            format!("{} '{}'", s.node(id).kind(), name.fullname)
        }
        n => n.kind().to_string(),
    }
}

impl Checker<'_> {
    fn pointer(&self, extra: &[&str]) -> String {
        let mut p = String::new();
        for t in self
            .location
            .iter()
            .map(String::as_str)
            .chain(extra.iter().copied())
        {
            p.push('/');
            p.push_str(t);
        }
        if p.is_empty() {
            p.push('/');
        }
        p
    }

    fn incompatible(
        &self,
        kind: IncompatKind,
        extra: &[&str],
        message: String,
    ) -> Vec<Incompatibility> {
        vec![Incompatibility {
            kind: kind.name(),
            pointer: self.pointer(extra),
            message,
        }]
    }

    fn get(&mut self, r: NodeId, w: NodeId, token: Option<&str>) -> Vec<Incompatibility> {
        match self.memo.get(&(r, w)) {
            Some(Some(done)) => return done.clone(),
            Some(None) => return Vec::new(),
            None => {}
        }
        self.memo.insert((r, w), None);
        if let Some(t) = token {
            self.location.push(t.to_string());
        }
        let result = self.calculate(r, w);
        if token.is_some() {
            self.location.pop();
        }
        self.memo.insert((r, w), Some(result.clone()));
        result
    }

    fn type_mismatch(&self, r: NodeId, w: NodeId) -> Vec<Incompatibility> {
        let (rd, wd) = (describe(self.r, r), describe(self.w, w));
        let message = match self.field.last() {
            Some(f) if self.location.last().is_some_and(|t| t == "type") => {
                format!("reader field '{f}' ({rd}) cannot read writer type {wd}")
            }
            _ => format!("reader type {rd} cannot read writer type {wd}"),
        };
        self.incompatible(IncompatKind::TypeMismatch, &[], message)
    }

    fn names_match(&self, r: NodeId, w: NodeId) -> Vec<Incompatibility> {
        let (rn, wn) = match (self.r.node(r), self.w.node(w)) {
            (Node::Record { name: a, .. }, Node::Record { name: b, .. })
            | (Node::Enum { name: a, .. }, Node::Enum { name: b, .. })
            | (Node::Fixed { name: a, .. }, Node::Fixed { name: b, .. }) => (a, b),
            _ => return Vec::new(),
        };
        if rn.name == wn.name || rn.aliases.contains(&wn.fullname) {
            return Vec::new();
        }
        self.incompatible(
            IncompatKind::NameMismatch,
            &["name"],
            format!(
                "reader {} '{}' does not match writer name '{}' (add it to the reader's aliases)",
                self.r.node(r).kind(),
                rn.fullname,
                wn.fullname
            ),
        )
    }

    fn calculate(&mut self, r: NodeId, w: NodeId) -> Vec<Incompatibility> {
        let (rn, wn) = (self.r.node(r).clone(), self.w.node(w).clone());
        if std::mem::discriminant(&rn) == std::mem::discriminant(&wn) {
            return match (&rn, &wn) {
                (Node::Primitive(a), Node::Primitive(b)) if a == b => Vec::new(),
                (Node::Primitive(_), Node::Primitive(_)) => self.promotion(r, w),
                (Node::Array(ri), Node::Array(wi)) => self.get(*ri, *wi, Some("items")),
                (Node::Map(rv), Node::Map(wv)) => self.get(*rv, *wv, Some("values")),
                (Node::Fixed { size: rs, .. }, Node::Fixed { size: ws, .. }) => {
                    let mut out = self.names_match(r, w);
                    if rs != ws {
                        out.extend(self.incompatible(
                            IncompatKind::FixedSizeMismatch,
                            &["size"],
                            format!("reader fixed size {rs} differs from writer size {ws}"),
                        ));
                    }
                    out
                }
                (
                    Node::Enum {
                        symbols: rsym,
                        default,
                        ..
                    },
                    Node::Enum { symbols: wsym, .. },
                ) => {
                    let mut out = self.names_match(r, w);
                    let missing: Vec<&String> = wsym.iter().filter(|s| !rsym.contains(s)).collect();
                    let covered = default.as_ref().is_some_and(|d| rsym.contains(d));
                    if !missing.is_empty() && !covered {
                        let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
                        out.extend(self.incompatible(
                            IncompatKind::MissingEnumSymbols,
                            &["symbols"],
                            format!(
                                "reader enum lacks writer symbol{} {} and has no default to read {} as",
                                if list.len() == 1 { "" } else { "s" },
                                list.join(", "),
                                if list.len() == 1 { "it" } else { "them" }
                            ),
                        ));
                    }
                    out
                }
                (Node::Record { .. }, Node::Record { .. }) => {
                    let mut out = self.names_match(r, w);
                    out.extend(self.record_fields(r, w));
                    out
                }
                (Node::Union(_), Node::Union(wb)) => {
                    let mut out = Vec::new();
                    for (i, b) in wb.iter().enumerate() {
                        if !self.get(r, *b, None).is_empty() {
                            out.extend(self.incompatible(
                                IncompatKind::MissingUnionBranch,
                                &[&i.to_string()],
                                format!(
                                    "reader union lacks writer branch {i} ({})",
                                    describe(self.w, *b)
                                ),
                            ));
                        }
                    }
                    out
                }
                _ => self.type_mismatch(r, w),
            };
        }
        if let Node::Union(wb) = &wn {
            // every branch the writer may use must be readable
            let mut out = Vec::new();
            for b in wb {
                out.extend(self.get(r, *b, None));
            }
            return out;
        }
        match &rn {
            Node::Primitive(_) => self.promotion(r, w),
            Node::Union(rb) => {
                for b in rb {
                    if self.get(*b, w, None).is_empty() {
                        return Vec::new();
                    }
                }
                self.incompatible(
                    IncompatKind::MissingUnionBranch,
                    &[],
                    format!(
                        "reader union has no branch that reads writer type {}",
                        describe(self.w, w)
                    ),
                )
            }
            _ => self.type_mismatch(r, w),
        }
    }

    /// Primitive promotions: int→long/float/double, long→float/double, float→double,
    /// string↔bytes.
    fn promotion(&self, r: NodeId, w: NodeId) -> Vec<Incompatibility> {
        use Primitive::*;
        let ok = match (self.r.node(r), self.w.node(w)) {
            (Node::Primitive(rp), Node::Primitive(wp)) => matches!(
                (rp, wp),
                (Long, Int)
                    | (Float, Int | Long)
                    | (Double, Int | Long | Float)
                    | (Bytes, String)
                    | (String, Bytes)
            ),
            _ => false,
        };
        if ok {
            Vec::new()
        } else {
            self.type_mismatch(r, w)
        }
    }

    fn record_fields(&mut self, r: NodeId, w: NodeId) -> Vec<Incompatibility> {
        let (Node::Record { fields: rf, .. }, Node::Record { fields: wf, .. }) =
            (self.r.node(r).clone(), self.w.node(w).clone())
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, f) in rf.iter().enumerate() {
            let idx = i.to_string();
            let found = wf.iter().find(|x| x.name == f.name).or_else(|| {
                f.aliases
                    .iter()
                    .find_map(|a| wf.iter().find(|x| &x.name == a))
            });
            self.location.push("fields".into());
            self.location.push(idx);
            self.field.push(f.name.clone());
            match found {
                Some(wfield) => out.extend(self.get(f.ty, wfield.ty, Some("type"))),
                None if f.default.is_some() => {}
                None => {
                    let enum_default = matches!(
                        self.r.node(f.ty),
                        Node::Enum {
                            default: Some(_),
                            ..
                        }
                    );
                    if enum_default {
                        // Java's quirk, kept: an enum field with an enum default is checked
                        // against the whole writer record
                        out.extend(self.get(f.ty, w, Some("type")));
                    } else {
                        out.extend(self.incompatible(
                            IncompatKind::ReaderFieldMissingDefaultValue,
                            &[],
                            format!(
                                "reader field '{}' is not in the writer schema and has no default",
                                f.name
                            ),
                        ));
                    }
                }
            }
            self.field.pop();
            self.location.pop();
            self.location.pop();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chk(reader: &str, writer: &str) -> Vec<Incompatibility> {
        check(
            &AvroSchema::parse_str(reader).unwrap(),
            &AvroSchema::parse_str(writer).unwrap(),
        )
    }

    #[test]
    fn reports_every_problem_with_a_pointer() {
        let old = r#"{"type":"record","name":"Order","fields":[
            {"name":"id","type":"string"},{"name":"total","type":"string"},
            {"name":"status","type":{"type":"enum","name":"S","symbols":["NEW","PAID","SHIPPED"]}}]}"#;
        let new = r#"{"type":"record","name":"Order","fields":[
            {"name":"id","type":"string"},{"name":"total","type":"long"},
            {"name":"status","type":{"type":"enum","name":"S","symbols":["NEW","PAID"]}},
            {"name":"customer","type":"string"}]}"#;
        let found = chk(new, old);
        let got: Vec<(&str, &str)> = found.iter().map(|i| (i.pointer.as_str(), i.kind)).collect();
        assert_eq!(
            got,
            vec![
                ("/fields/1/type", "TYPE_MISMATCH"),
                ("/fields/2/type/symbols", "MISSING_ENUM_SYMBOLS"),
                ("/fields/3", "READER_FIELD_MISSING_DEFAULT_VALUE"),
            ]
        );
        assert_eq!(
            found[0].message,
            "reader field 'total' (long) cannot read writer type string"
        );
        assert!(chk(old, old).is_empty());
    }

    #[test]
    fn recursive_types_terminate() {
        let list = r#"{"type":"record","name":"L","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","L"]}]}"#;
        let list_long = r#"{"type":"record","name":"L","fields":[{"name":"v","type":"long"},{"name":"next","type":["null","L"]}]}"#;
        assert!(chk(list_long, list).is_empty());
        assert!(!chk(list, list_long).is_empty());
    }
}

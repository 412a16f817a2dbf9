//! JSON Schema compatibility as Confluent's Schema Registry decides it (SCHEMA-FORMATS §3b):
//! a diff of an *original* schema against an *update*, keyword by keyword, each difference
//! named by its change type; the update is compatible iff every difference is in the
//! compatible set of the policy (`strict`, or `lenient`, which also lets properties come and
//! go on open models).
//!
//! Why a diff over the documents rather than over compiled validators: the rules are about
//! keywords (`maxLength` added, a property removed from a closed model), and pointers must
//! name the keyword as Confluent writes it (`#/properties/id/maxLength`). `$ref`s are followed
//! (within the document, or into a referenced one), memoised by the pair of locations so a
//! recursive schema ends; unions pair their subschemas by maximum bipartite matching.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde_json::{Map, Value};

use super::json_schema::JsonSchema;
use crate::domain::compat::{Incompatibility, JsonPolicy};

/// Compatible under either policy.
const COMPATIBLE: &[&str] = &[
    "ID_CHANGED",
    "DESCRIPTION_CHANGED",
    "TITLE_CHANGED",
    "DEFAULT_CHANGED",
    "SCHEMA_REMOVED",
    "TYPE_EXTENDED",
    "MAX_LENGTH_INCREASED",
    "MAX_LENGTH_REMOVED",
    "MIN_LENGTH_DECREASED",
    "MIN_LENGTH_REMOVED",
    "PATTERN_REMOVED",
    "MAXIMUM_INCREASED",
    "MAXIMUM_REMOVED",
    "MINIMUM_DECREASED",
    "MINIMUM_REMOVED",
    "EXCLUSIVE_MAXIMUM_INCREASED",
    "EXCLUSIVE_MAXIMUM_REMOVED",
    "EXCLUSIVE_MINIMUM_DECREASED",
    "EXCLUSIVE_MINIMUM_REMOVED",
    "MULTIPLE_OF_REDUCED",
    "MULTIPLE_OF_REMOVED",
    "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED",
    "REQUIRED_ATTRIBUTE_REMOVED",
    "DEPENDENCY_ARRAY_NARROWED",
    "DEPENDENCY_ARRAY_REMOVED",
    "DEPENDENCY_SCHEMA_REMOVED",
    "MAX_PROPERTIES_INCREASED",
    "MAX_PROPERTIES_REMOVED",
    "MIN_PROPERTIES_DECREASED",
    "MIN_PROPERTIES_REMOVED",
    "ADDITIONAL_PROPERTIES_ADDED",
    "ADDITIONAL_PROPERTIES_EXTENDED",
    "UNEVALUATED_PROPERTIES_ADDED",
    "UNEVALUATED_PROPERTIES_EXTENDED",
    "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL",
    "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
    "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
    "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "MAX_ITEMS_INCREASED",
    "MAX_ITEMS_REMOVED",
    "MIN_ITEMS_DECREASED",
    "MIN_ITEMS_REMOVED",
    "MAX_CONTAINS_INCREASED",
    "MAX_CONTAINS_REMOVED",
    "MIN_CONTAINS_DECREASED",
    "MIN_CONTAINS_REMOVED",
    "UNIQUE_ITEMS_REMOVED",
    "ADDITIONAL_ITEMS_ADDED",
    "ADDITIONAL_ITEMS_EXTENDED",
    "UNEVALUATED_ITEMS_ADDED",
    "UNEVALUATED_ITEMS_EXTENDED",
    "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
    "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL",
    "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL",
    "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ENUM_ARRAY_EXTENDED",
    "COMBINED_TYPE_EXTENDED",
    "PRODUCT_TYPE_NARROWED",
    "SUM_TYPE_EXTENDED",
    "NOT_TYPE_NARROWED",
];

/// Compatible only under the lenient policy.
const LENIENT: &[&str] = &[
    "ADDITIONAL_PROPERTIES_NARROWED",
    "ADDITIONAL_PROPERTIES_REMOVED",
    "UNEVALUATED_PROPERTIES_NARROWED",
    "UNEVALUATED_PROPERTIES_REMOVED",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL",
    "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
];

/// Whether a difference leaves data valid under `policy`.
pub fn is_compatible(c: &Incompatibility, policy: JsonPolicy) -> bool {
    COMPATIBLE.contains(&c.kind) || (policy == JsonPolicy::Lenient && LENIENT.contains(&c.kind))
}

/// Every reason data valid under `original` may fail `update` (empty: compatible).
/// BACKWARD calls it with (new, old), FORWARD with (old, new).
pub fn check(
    update: &JsonSchema,
    original: &JsonSchema,
    policy: JsonPolicy,
) -> Vec<Incompatibility> {
    diff(original, update)
        .into_iter()
        .filter(|c| !is_compatible(c, policy))
        .collect()
}

/// Every difference, compatible or not.
pub fn diff(original: &JsonSchema, update: &JsonSchema) -> Vec<Incompatibility> {
    let o = Side {
        root: original.doc(),
        refs: original.refs(),
    };
    let u = Side {
        root: update.doc(),
        refs: update.refs(),
    };
    let mut d = Differ {
        o,
        u,
        same_docs: original.doc() == update.doc() && original.refs() == update.refs(),
        seen: HashSet::new(),
        out: Vec::new(),
    };
    d.schema(&[], original.doc(), update.doc());
    d.out
}

/// One side's documents, for following `$ref`s.
#[derive(Clone, Copy)]
struct Side<'a> {
    root: &'a Value,
    refs: &'a [(String, Value)],
}

impl<'a> Side<'a> {
    /// The schema a `$ref` names: `#/…` in the root, `doc.json#/…` or `doc.json` in a reference.
    fn resolve(&self, r: &str) -> Option<&'a Value> {
        let (doc, fragment) = r.split_once('#').unwrap_or((r, ""));
        let base = if doc.is_empty() {
            self.root
        } else {
            let name = doc.trim_start_matches("./");
            &self
                .refs
                .iter()
                .find(|(n, _)| {
                    n.trim_start_matches("./") == name || n.ends_with(&format!("/{name}"))
                })?
                .1
        };
        if fragment.is_empty() {
            Some(base)
        } else {
            base.pointer(fragment)
        }
    }
}

/// What a `$ref` that leads nowhere compares as (admits anything).
static EMPTY: Value = Value::Null;
/// The empty schema.
static ANY: Value = Value::Bool(true);

/// `{}` and `{"not": {}}`, for [`normalise`].
static NO_KEYWORDS: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);
static NOTHING: LazyLock<Map<String, Value>> = LazyLock::new(|| {
    let mut m = Map::new();
    m.insert("not".into(), Value::Object(Map::new()));
    m
});

/// `true` as `{}`, `false` as `{"not": {}}`: one shape to compare.
fn normalise(v: &Value) -> &Map<String, Value> {
    match v {
        Value::Bool(false) => &NOTHING,
        Value::Object(m) => m,
        _ => &NO_KEYWORDS,
    }
}

/// Whether a `$ref` appears anywhere in `v`.
fn has_ref(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.contains_key("$ref") || m.values().any(has_ref),
        Value::Array(a) => a.iter().any(has_ref),
        _ => false,
    }
}

fn is_empty_schema(v: &Value) -> bool {
    matches!(v, Value::Bool(true)) || v.as_object().is_some_and(Map::is_empty)
}

fn pointer(path: &[String]) -> String {
    if path.is_empty() {
        "#/".into()
    } else {
        format!("#/{}", path.join("/"))
    }
}

/// The content model of an object (or tuple) for additions and removals.
enum Model<'a> {
    Open,
    /// A schema the extra name is compared against.
    Partial(&'a Value),
    Closed,
}

/// The JSON types a schema admits (None: every type).
fn types(m: &Map<String, Value>) -> Option<Vec<String>> {
    match m.get("type")? {
        Value::String(t) => Some(vec![t.clone()]),
        Value::Array(a) => Some(
            a.iter()
                .filter_map(|t| t.as_str().map(String::from))
                .collect(),
        ),
        _ => None,
    }
}

/// Whether type `t` admits everything type `of` admits (`number` admits `integer`).
fn admits(set: &[String], t: &str) -> bool {
    set.iter()
        .any(|s| s == t || (s == "number" && t == "integer"))
}

impl<'a> Differ<'a> {
    fn push(&mut self, kind: &'static str, path: &[String], message: String) {
        self.out.push(Incompatibility {
            kind,
            pointer: pointer(path),
            message,
        });
    }

    /// Whether `update` may replace `original` with nothing but compatible (strict) changes.
    fn fits(&mut self, path: &[String], original: &'a Value, update: &'a Value) -> bool {
        let mut inner = Differ {
            o: self.o,
            u: self.u,
            same_docs: self.same_docs,
            seen: self.seen.clone(),
            out: Vec::new(),
        };
        inner.schema(path, original, update);
        inner
            .out
            .iter()
            .all(|c| is_compatible(c, JsonPolicy::Strict))
    }

    fn schema(&mut self, path: &[String], original: &'a Value, update: &'a Value) {
        let (original, update) = match self.follow(original, update) {
            Some(pair) => pair,
            None => return,
        };
        // equal text is an equal schema unless a `$ref` in it leads to documents that differ
        if original == update && (self.same_docs || !has_ref(original)) {
            return;
        }
        match (is_empty_schema(original), is_empty_schema(update)) {
            (true, false) if !matches!(update, Value::Bool(false)) => {
                self.push(
                    "SCHEMA_ADDED",
                    path,
                    "a schema now constrains what any value was".into(),
                );
                return;
            }
            (false, true) => {
                self.push(
                    "SCHEMA_REMOVED",
                    path,
                    "the schema no longer constrains the value".into(),
                );
                return;
            }
            _ => {}
        }
        let (o, u) = (normalise(original), normalise(update));
        self.annotations(path, o, u);
        self.combined(path, (original, o), (update, u));
        self.not(path, o, u);
        self.type_(path, o, u);
        self.bounds(path, o, u);
        self.pattern(path, o, u);
        self.multiple_of(path, o, u);
        self.enum_(path, o, u);
        self.object(path, o, u);
        self.array(path, o, u);
    }

    /// Follows `$ref`s on both sides; None when this pair is already being compared.
    fn follow(&mut self, o: &'a Value, u: &'a Value) -> Option<(&'a Value, &'a Value)> {
        let mut o = o;
        let mut u = u;
        let mut key = None;
        for _ in 0..64 {
            let ro = o.get("$ref").and_then(Value::as_str);
            let ru = u.get("$ref").and_then(Value::as_str);
            if ro.is_none() && ru.is_none() {
                break;
            }
            key = Some((ro.unwrap_or("").to_string(), ru.unwrap_or("").to_string()));
            if let Some(r) = ro {
                o = self.o.resolve(r).unwrap_or(&EMPTY);
            }
            if let Some(r) = ru {
                u = self.u.resolve(r).unwrap_or(&EMPTY);
            }
        }
        if let Some(k) = key {
            if !self.seen.insert(k) {
                return None;
            }
        }
        Some((o, u))
    }

    fn annotations(&mut self, path: &[String], o: &Map<String, Value>, u: &Map<String, Value>) {
        for (kw, kind) in [
            ("$id", "ID_CHANGED"),
            ("id", "ID_CHANGED"),
            ("description", "DESCRIPTION_CHANGED"),
            ("title", "TITLE_CHANGED"),
            ("default", "DEFAULT_CHANGED"),
        ] {
            if o.get(kw) != u.get(kw) {
                self.push(kind, &with(path, kw), format!("{kw} changed"));
            }
        }
    }

    fn type_(&mut self, path: &[String], o: &Map<String, Value>, u: &Map<String, Value>) {
        let (ot, ut) = (types(o), types(u));
        let kind = match (&ot, &ut) {
            (None, None) => return,
            (Some(_), None) => "TYPE_EXTENDED",
            (None, Some(_)) => "TYPE_NARROWED",
            (Some(a), Some(b)) => {
                let wider = a.iter().all(|t| admits(b, t));
                let narrower = b.iter().all(|t| admits(a, t));
                match (wider, narrower) {
                    (true, true) => return,
                    (true, false) => "TYPE_EXTENDED",
                    (false, true) => "TYPE_NARROWED",
                    (false, false) => "TYPE_CHANGED",
                }
            }
        };
        let show = |t: &Option<Vec<String>>| t.as_ref().map_or("any".into(), |t| t.join("|"));
        self.push(
            kind,
            &with(path, "type"),
            format!("type {} became {}", show(&ot), show(&ut)),
        );
    }

    /// The numeric limits: a larger maximum (or smaller minimum) admits more.
    fn bounds(&mut self, path: &[String], o: &Map<String, Value>, u: &Map<String, Value>) {
        // (keyword, change-type stem); the names say which way is compatible
        const LIMITS: &[(&str, &str)] = &[
            ("maxLength", "MAX_LENGTH"),
            ("minLength", "MIN_LENGTH"),
            ("maximum", "MAXIMUM"),
            ("minimum", "MINIMUM"),
            ("exclusiveMaximum", "EXCLUSIVE_MAXIMUM"),
            ("exclusiveMinimum", "EXCLUSIVE_MINIMUM"),
            ("maxProperties", "MAX_PROPERTIES"),
            ("minProperties", "MIN_PROPERTIES"),
            ("maxItems", "MAX_ITEMS"),
            ("minItems", "MIN_ITEMS"),
            ("maxContains", "MAX_CONTAINS"),
            ("minContains", "MIN_CONTAINS"),
        ];
        for &(kw, stem) in LIMITS {
            let (a, b) = (
                o.get(kw).and_then(Value::as_f64),
                u.get(kw).and_then(Value::as_f64),
            );
            let change = match (a, b) {
                (None, None) => continue,
                (None, Some(_)) => "ADDED",
                (Some(_), None) => "REMOVED",
                (Some(x), Some(y)) if x == y => continue,
                (Some(x), Some(y)) if y > x => "INCREASED",
                (Some(_), Some(_)) => "DECREASED",
            };
            let kind = change_name(stem, change);
            self.push(
                kind,
                &with(path, kw),
                format!("{kw} {} (was {})", show_num(b), show_num(a)),
            );
        }
        if o.get("uniqueItems") != u.get("uniqueItems") {
            let on = |m: &Map<String, Value>| m.get("uniqueItems") == Some(&Value::Bool(true));
            match (on(o), on(u)) {
                (false, true) => self.push(
                    "UNIQUE_ITEMS_ADDED",
                    &with(path, "uniqueItems"),
                    "items must now be unique".into(),
                ),
                (true, false) => self.push(
                    "UNIQUE_ITEMS_REMOVED",
                    &with(path, "uniqueItems"),
                    "items need no longer be unique".into(),
                ),
                _ => {}
            }
        }
    }

    fn pattern(&mut self, path: &[String], o: &Map<String, Value>, u: &Map<String, Value>) {
        let kind = match (o.get("pattern"), u.get("pattern")) {
            (None, Some(_)) => "PATTERN_ADDED",
            (Some(_), None) => "PATTERN_REMOVED",
            (Some(a), Some(b)) if a != b => "PATTERN_CHANGED",
            _ => return,
        };
        self.push(
            kind,
            &with(path, "pattern"),
            format!("pattern {}", kind_tail(kind)),
        );
    }

    fn multiple_of(&mut self, path: &[String], o: &Map<String, Value>, u: &Map<String, Value>) {
        let (a, b) = (
            o.get("multipleOf").and_then(Value::as_f64),
            u.get("multipleOf").and_then(Value::as_f64),
        );
        let divides = |d: f64, n: f64| d != 0.0 && (n / d - (n / d).round()).abs() < 1e-9;
        let kind = match (a, b) {
            (None, Some(_)) => "MULTIPLE_OF_ADDED",
            (Some(_), None) => "MULTIPLE_OF_REMOVED",
            (Some(x), Some(y)) if x == y => return,
            // the new divisor divides the old one: every old value is still a multiple
            (Some(x), Some(y)) if divides(y, x) => "MULTIPLE_OF_REDUCED",
            (Some(x), Some(y)) if divides(x, y) => "MULTIPLE_OF_EXPANDED",
            (Some(_), Some(_)) => "MULTIPLE_OF_CHANGED",
            (None, None) => return,
        };
        self.push(
            kind,
            &with(path, "multipleOf"),
            format!("multipleOf {} (was {})", show_num(b), show_num(a)),
        );
    }

    fn enum_(&mut self, path: &[String], o: &Map<String, Value>, u: &Map<String, Value>) {
        let values = |m: &Map<String, Value>| -> Option<Vec<Value>> {
            match (m.get("enum"), m.get("const")) {
                (Some(Value::Array(a)), _) => Some(a.clone()),
                (_, Some(c)) => Some(vec![c.clone()]),
                _ => None,
            }
        };
        let (a, b) = (values(o), values(u));
        let kind = match (&a, &b) {
            (None, None) => return,
            (Some(_), None) => "ENUM_ARRAY_EXTENDED",
            (None, Some(_)) => "ENUM_ARRAY_NARROWED",
            (Some(x), Some(y)) => {
                let wider = x.iter().all(|v| y.contains(v));
                let narrower = y.iter().all(|v| x.contains(v));
                match (wider, narrower) {
                    (true, true) => return,
                    (true, false) => "ENUM_ARRAY_EXTENDED",
                    (false, true) => "ENUM_ARRAY_NARROWED",
                    (false, false) => "ENUM_ARRAY_CHANGED",
                }
            }
        };
        let kw = if o.contains_key("enum") || u.contains_key("enum") {
            "enum"
        } else {
            "const"
        };
        self.push(
            kind,
            &with(path, kw),
            format!("the allowed values were {}", kind_tail(kind)),
        );
    }

    fn not(&mut self, path: &[String], o: &'a Map<String, Value>, u: &'a Map<String, Value>) {
        let (a, b) = (o.get("not"), u.get("not"));
        let kind = match (a, b) {
            (None, None) => return,
            (Some(_), None) => "NOT_TYPE_NARROWED",
            (None, Some(_)) => "NOT_TYPE_EXTENDED",
            (Some(x), Some(y)) if x == y => return,
            // `not A` → `not B` admits more when B admits less than A
            (Some(x), Some(y)) if self.fits(&with(path, "not"), y, x) => "NOT_TYPE_NARROWED",
            (Some(_), Some(_)) => "NOT_TYPE_EXTENDED",
        };
        self.push(
            kind,
            &with(path, "not"),
            format!("the negated schema was {}", kind_tail(kind)),
        );
    }

    /// `allOf` (a product), `anyOf` and `oneOf` (sums); each side as its value and keywords.
    fn combined(
        &mut self,
        path: &[String],
        (whole_o, o): (&'a Value, &'a Map<String, Value>),
        (whole_u, u): (&'a Value, &'a Map<String, Value>),
    ) {
        let which = |m: &'a Map<String, Value>| {
            ["oneOf", "anyOf", "allOf"]
                .into_iter()
                .find_map(|k| m.get(k).and_then(Value::as_array).map(|a| (k, a)))
        };
        match (which(o), which(u)) {
            (None, None) => {}
            (None, Some((k, b))) => {
                // a plain schema became a union: fine when one branch takes what it took
                let kept = k != "allOf" && b.iter().any(|y| self.fits(path, whole_o, y));
                let kind = if kept {
                    "SUM_TYPE_EXTENDED"
                } else {
                    "COMBINED_TYPE_CHANGED"
                };
                self.push(kind, &with(path, k), format!("the schema became an {k}"));
            }
            (Some((k, a)), None) => {
                // a union became a plain schema: fine when that takes every branch
                let kept = k != "allOf" && a.iter().all(|x| self.fits(path, x, whole_u));
                let kind = if kept {
                    "COMBINED_TYPE_EXTENDED"
                } else {
                    "SUM_TYPE_NARROWED"
                };
                self.push(
                    kind,
                    &with(path, k),
                    format!("the {k} became a plain schema"),
                );
            }
            (Some((ko, a)), Some((ku, b))) => {
                let at = with(path, ku);
                if ko != ku {
                    let kind = if ko == "oneOf" && ku == "anyOf" {
                        "COMBINED_TYPE_EXTENDED"
                    } else {
                        "COMBINED_TYPE_CHANGED"
                    };
                    self.push(kind, &at, format!("{ko} became {ku}"));
                    if kind == "COMBINED_TYPE_CHANGED" {
                        return;
                    }
                }
                let matched = self.matching(&at, a, b);
                if matched < a.len().min(b.len()) {
                    self.push(
                        "COMBINED_TYPE_SUBSCHEMAS_CHANGED",
                        &at,
                        format!("only {matched} of the {} subschemas still match", a.len()),
                    );
                } else if b.len() > a.len() {
                    let kind = if ku == "allOf" {
                        "PRODUCT_TYPE_EXTENDED"
                    } else {
                        "SUM_TYPE_EXTENDED"
                    };
                    self.push(
                        kind,
                        &at,
                        format!("{ku} gained {} subschemas", b.len() - a.len()),
                    );
                } else if b.len() < a.len() {
                    let kind = if ku == "allOf" {
                        "PRODUCT_TYPE_NARROWED"
                    } else {
                        "SUM_TYPE_NARROWED"
                    };
                    self.push(
                        kind,
                        &at,
                        format!("{ku} lost {} subschemas", a.len() - b.len()),
                    );
                }
            }
        }
    }

    /// The largest pairing of original to update subschemas that fit (Kuhn's augmenting paths).
    fn matching(&mut self, at: &[String], a: &'a [Value], b: &'a [Value]) -> usize {
        let fit: Vec<Vec<bool>> = a
            .iter()
            .enumerate()
            .map(|(i, x)| {
                b.iter()
                    .map(|y| self.fits(&with(at, &i.to_string()), x, y))
                    .collect()
            })
            .collect();
        fn augment(
            i: usize,
            fit: &[Vec<bool>],
            seen: &mut [bool],
            owner: &mut [Option<usize>],
        ) -> bool {
            for j in 0..owner.len() {
                if fit[i][j] && !seen[j] {
                    seen[j] = true;
                    if owner[j].is_none_or(|k| augment(k, fit, seen, owner)) {
                        owner[j] = Some(i);
                        return true;
                    }
                }
            }
            false
        }
        let mut owner = vec![None; b.len()];
        (0..a.len())
            .filter(|&i| augment(i, &fit, &mut vec![false; b.len()], &mut owner))
            .count()
    }
}

struct Differ<'a> {
    o: Side<'a>,
    u: Side<'a>,
    /// Both sides' documents are the same (so equal subschemas are equal, `$ref`s and all).
    same_docs: bool,
    /// `$ref` pairs being compared (a recursive schema ends at the second visit).
    seen: HashSet<(String, String)>,
    out: Vec<Incompatibility>,
}

fn with(path: &[String], token: &str) -> Vec<String> {
    let mut p = path.to_vec();
    p.push(token.replace('~', "~0").replace('/', "~1"));
    p
}

fn change_name(stem: &str, change: &str) -> &'static str {
    // the names are a closed set: find the static one
    let wanted = format!("{stem}_{change}");
    COMPATIBLE
        .iter()
        .chain(LENIENT)
        .chain(NEVER)
        .find(|k| **k == wanted)
        .copied()
        .unwrap_or("SCHEMA_CHANGED")
}

/// The incompatible names `change_name` may build.
const NEVER: &[&str] = &[
    "MAX_LENGTH_ADDED",
    "MAX_LENGTH_DECREASED",
    "MIN_LENGTH_ADDED",
    "MIN_LENGTH_INCREASED",
    "MAXIMUM_ADDED",
    "MAXIMUM_DECREASED",
    "MINIMUM_ADDED",
    "MINIMUM_INCREASED",
    "EXCLUSIVE_MAXIMUM_ADDED",
    "EXCLUSIVE_MAXIMUM_DECREASED",
    "EXCLUSIVE_MINIMUM_ADDED",
    "EXCLUSIVE_MINIMUM_INCREASED",
    "MAX_PROPERTIES_ADDED",
    "MAX_PROPERTIES_DECREASED",
    "MIN_PROPERTIES_ADDED",
    "MIN_PROPERTIES_INCREASED",
    "MAX_ITEMS_ADDED",
    "MAX_ITEMS_DECREASED",
    "MIN_ITEMS_ADDED",
    "MIN_ITEMS_INCREASED",
    "MAX_CONTAINS_ADDED",
    "MAX_CONTAINS_DECREASED",
    "MIN_CONTAINS_ADDED",
    "MIN_CONTAINS_INCREASED",
    "ADDITIONAL_PROPERTIES_REMOVED",
    "ADDITIONAL_PROPERTIES_NARROWED",
    "UNEVALUATED_PROPERTIES_REMOVED",
    "UNEVALUATED_PROPERTIES_NARROWED",
    "ADDITIONAL_ITEMS_REMOVED",
    "ADDITIONAL_ITEMS_NARROWED",
    "UNEVALUATED_ITEMS_REMOVED",
    "UNEVALUATED_ITEMS_NARROWED",
];

fn kind_tail(kind: &str) -> String {
    kind.rsplit('_').next().unwrap_or(kind).to_ascii_lowercase()
}

fn show_num(v: Option<f64>) -> String {
    v.map_or("none".into(), |x| x.to_string())
}

impl<'a> Differ<'a> {
    fn object(&mut self, path: &[String], o: &'a Map<String, Value>, u: &'a Map<String, Value>) {
        self.required(path, o, u);
        self.properties(path, o, u);
        for (kw, stem) in [
            ("additionalProperties", "ADDITIONAL_PROPERTIES"),
            ("unevaluatedProperties", "UNEVALUATED_PROPERTIES"),
            ("additionalItems", "ADDITIONAL_ITEMS"),
            ("unevaluatedItems", "UNEVALUATED_ITEMS"),
        ] {
            self.extra(path, kw, stem, o.get(kw), u.get(kw));
        }
        self.dependencies(path, o, u);
    }

    /// `additionalProperties` and its kin: absent or `true` admits all, `false` none.
    fn extra(
        &mut self,
        path: &[String],
        kw: &str,
        stem: &str,
        a: Option<&'a Value>,
        b: Option<&'a Value>,
    ) {
        let all = |v: Option<&Value>| v.is_none_or(is_empty_schema);
        let none = |v: Option<&Value>| v == Some(&Value::Bool(false));
        let change = if all(a) && all(b) || a == b {
            return;
        } else if all(b) {
            "ADDED"
        } else if none(b) {
            "REMOVED"
        } else if all(a) || none(a) {
            if none(a) {
                "EXTENDED"
            } else {
                "NARROWED"
            }
        } else if self.fits(&with(path, kw), a.unwrap_or(&EMPTY), b.unwrap_or(&EMPTY)) {
            "EXTENDED"
        } else {
            "NARROWED"
        };
        self.push(
            change_name(stem, change),
            &with(path, kw),
            format!("{kw} {}", change.to_ascii_lowercase()),
        );
    }

    fn required(&mut self, path: &[String], o: &Map<String, Value>, u: &Map<String, Value>) {
        let names = |m: &Map<String, Value>| -> Vec<String> {
            m.get("required")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (a, b) = (names(o), names(u));
        for n in b.iter().filter(|n| !a.contains(n)) {
            let has_default = u
                .get("properties")
                .and_then(|p| p.get(n))
                .is_some_and(|p| p.get("default").is_some());
            // a property that is new is reported by its addition
            let declared =
                |m: &Map<String, Value>| m.get("properties").is_some_and(|p| p.get(n).is_some());
            if !declared(o) && declared(u) {
                continue;
            }
            let kind = if has_default {
                "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED"
            } else {
                "REQUIRED_ATTRIBUTE_ADDED"
            };
            self.push(
                kind,
                &with(path, "required"),
                format!("'{n}' is now required"),
            );
        }
        for n in a.iter().filter(|n| !b.contains(n)) {
            self.push(
                "REQUIRED_ATTRIBUTE_REMOVED",
                &with(path, "required"),
                format!("'{n}' is no longer required"),
            );
        }
    }

    /// The model a property name added to (or removed from) `m` is judged by: a
    /// `patternProperties` schema whose pattern matches it, else `additionalProperties` (then
    /// `unevaluatedProperties`): absent or `true` is open (partially open when there are
    /// patterns, none of them matching), `false` closed, a schema partially open.
    fn model(m: &'a Map<String, Value>, name: &str) -> Model<'a> {
        let patterns = m.get("patternProperties").and_then(Value::as_object);
        if let Some(pp) = patterns {
            for (pat, schema) in pp {
                if regex::Regex::new(pat).is_ok_and(|r| r.is_match(name)) {
                    return Model::Partial(schema);
                }
            }
        }
        let extra = ["additionalProperties", "unevaluatedProperties"]
            .into_iter()
            .find_map(|k| m.get(k).filter(|v| !is_empty_schema(v)));
        match extra {
            Some(Value::Bool(false)) => Model::Closed,
            Some(v) => Model::Partial(v),
            None if patterns.is_some() => Model::Partial(&ANY),
            None => Model::Open,
        }
    }

    fn properties(
        &mut self,
        path: &[String],
        o: &'a Map<String, Value>,
        u: &'a Map<String, Value>,
    ) {
        let props = |m: &'a Map<String, Value>| {
            m.get("properties")
                .and_then(Value::as_object)
                .unwrap_or(&NO_KEYWORDS)
        };
        let (a, b) = (props(o), props(u));
        let required = |m: &Map<String, Value>, n: &str| {
            m.get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|x| x == n))
        };
        for (name, os) in a {
            let at = with(&with(path, "properties"), name);
            match b.get(name) {
                Some(us) => self.schema(&at, os, us),
                None => {
                    let kind = match Self::model(u, name) {
                        Model::Open => "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
                        Model::Partial(cover) => {
                            if self.fits(&at, os, cover) {
                                "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                            } else {
                                "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                            }
                        }
                        Model::Closed if *os == Value::Bool(false) => {
                            "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"
                        }
                        Model::Closed => "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
                    };
                    self.push(kind, &at, format!("property '{name}' was removed"));
                }
            }
        }
        for (name, us) in b.iter().filter(|(n, _)| !a.contains_key(*n)) {
            let at = with(&with(path, "properties"), name);
            let req = required(u, name);
            let has_default = us.get("default").is_some();
            let kind = match Self::model(o, name) {
                Model::Open if is_empty_schema(us) => {
                    "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
                }
                Model::Open if req && has_default => {
                    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL"
                }
                Model::Open if req => "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
                Model::Open => "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
                Model::Partial(cover) => {
                    if self.fits(&at, cover, us) {
                        "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                    } else {
                        "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                    }
                }
                Model::Closed if req && has_default => {
                    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"
                }
                Model::Closed if req => "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
                Model::Closed => "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
            };
            self.push(kind, &at, format!("property '{name}' was added"));
        }
    }

    /// `dependencies` (draft 4–7), `dependentRequired` and `dependentSchemas` (2019-09 on).
    fn dependencies(
        &mut self,
        path: &[String],
        o: &'a Map<String, Value>,
        u: &'a Map<String, Value>,
    ) {
        let deps = |m: &'a Map<String, Value>, kw: &str| {
            m.get(kw).and_then(Value::as_object).unwrap_or(&NO_KEYWORDS)
        };
        for kw in ["dependencies", "dependentRequired", "dependentSchemas"] {
            let (a, b) = (deps(o, kw), deps(u, kw));
            for (name, x) in a {
                let at = with(&with(path, kw), name);
                match (x, b.get(name)) {
                    (Value::Array(_), None) => self.push(
                        "DEPENDENCY_ARRAY_REMOVED",
                        &at,
                        format!("'{name}' no longer needs other properties"),
                    ),
                    (_, None) => self.push(
                        "DEPENDENCY_SCHEMA_REMOVED",
                        &at,
                        format!("'{name}' no longer needs a schema"),
                    ),
                    (Value::Array(xa), Some(Value::Array(ya))) => {
                        let wider = xa.iter().all(|v| ya.contains(v));
                        let narrower = ya.iter().all(|v| xa.contains(v));
                        let kind = match (wider, narrower) {
                            (true, true) => continue,
                            (true, false) => "DEPENDENCY_ARRAY_EXTENDED",
                            (false, true) => "DEPENDENCY_ARRAY_NARROWED",
                            (false, false) => "DEPENDENCY_ARRAY_CHANGED",
                        };
                        self.push(kind, &at, format!("what '{name}' needs changed"));
                    }
                    (_, Some(y)) => self.schema(&at, x, y),
                }
            }
            for (name, y) in b.iter().filter(|(n, _)| !a.contains_key(*n)) {
                let kind = if y.is_array() {
                    "DEPENDENCY_ARRAY_ADDED"
                } else {
                    "DEPENDENCY_SCHEMA_ADDED"
                };
                self.push(
                    kind,
                    &with(&with(path, kw), name),
                    format!("'{name}' now needs more"),
                );
            }
        }
    }

    fn array(&mut self, path: &[String], o: &'a Map<String, Value>, u: &'a Map<String, Value>) {
        // the tuple form: `items: [..]` (to draft 2019-09) or `prefixItems` (2020-12)
        let tuple = |m: &'a Map<String, Value>| -> Option<(&'static str, &'a Vec<Value>)> {
            match (m.get("prefixItems"), m.get("items")) {
                (Some(Value::Array(a)), _) => Some(("prefixItems", a)),
                (_, Some(Value::Array(a))) => Some(("items", a)),
                _ => None,
            }
        };
        match (tuple(o), tuple(u)) {
            (Some((kw, a)), Some((_, b))) => self.tuple(&with(path, kw), o, u, a, b),
            (None, None) => {
                for kw in ["items", "contains"] {
                    match (o.get(kw), u.get(kw)) {
                        (Some(x), Some(y)) => self.schema(&with(path, kw), x, y),
                        (None, Some(y)) if !is_empty_schema(y) => self.push(
                            "SCHEMA_ADDED",
                            &with(path, kw),
                            format!("{kw} now constrains the items"),
                        ),
                        (Some(x), None) if !is_empty_schema(x) => self.push(
                            "SCHEMA_REMOVED",
                            &with(path, kw),
                            format!("{kw} no longer constrains the items"),
                        ),
                        _ => {}
                    }
                }
            }
            _ => self.push(
                "TYPE_CHANGED",
                &with(path, "items"),
                "items changed between a list and a tuple".into(),
            ),
        }
    }

    fn tuple(
        &mut self,
        at: &[String],
        o: &'a Map<String, Value>,
        u: &'a Map<String, Value>,
        a: &'a [Value],
        b: &'a [Value],
    ) {
        let extra_kw = if o.contains_key("prefixItems") {
            "items"
        } else {
            "additionalItems"
        };
        let model = |m: &'a Map<String, Value>| match m.get(extra_kw) {
            None | Some(Value::Bool(true)) => Model::Open,
            Some(Value::Bool(false)) => Model::Closed,
            Some(v) if is_empty_schema(v) => Model::Open,
            Some(v) => Model::Partial(v),
        };
        for (i, x) in a.iter().enumerate() {
            let here = with(at, &i.to_string());
            match b.get(i) {
                Some(y) => self.schema(&here, x, y),
                None => {
                    let kind = match model(u) {
                        Model::Open => "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL",
                        Model::Partial(cover) if self.fits(&here, x, cover) => {
                            "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                        }
                        Model::Partial(_) => {
                            "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                        }
                        Model::Closed if *x == Value::Bool(false) => {
                            "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"
                        }
                        Model::Closed => "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL",
                    };
                    self.push(kind, &here, format!("tuple item {i} was removed"));
                }
            }
        }
        for (i, y) in b.iter().enumerate().skip(a.len()) {
            let here = with(at, &i.to_string());
            let kind = match model(o) {
                Model::Open if is_empty_schema(y) => {
                    "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
                }
                Model::Open => "ITEM_ADDED_TO_OPEN_CONTENT_MODEL",
                Model::Partial(cover) if self.fits(&here, cover, y) => {
                    "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                }
                Model::Partial(_) => "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                Model::Closed => "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL",
            };
            self.push(kind, &here, format!("tuple item {i} was added"));
        }
        if extra_kw == "items" {
            let parent = &at[..at.len().saturating_sub(1)];
            self.extra(
                parent,
                "items",
                "ADDITIONAL_ITEMS",
                o.get("items"),
                u.get("items"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn compile(v: Value) -> JsonSchema {
        JsonSchema::from_value("t.json", v, vec![]).unwrap()
    }

    /// The change types from `old` to `new`, and whether BACKWARD passes under each policy.
    fn kinds(old: Value, new: Value) -> (Vec<&'static str>, bool, bool) {
        let (o, u) = (compile(old), compile(new));
        let d = diff(&o, &u);
        (
            d.iter().map(|c| c.kind).collect(),
            check(&u, &o, JsonPolicy::Strict).is_empty(),
            check(&u, &o, JsonPolicy::Lenient).is_empty(),
        )
    }

    fn obj(props: Value) -> Value {
        json!({"type": "object", "properties": props})
    }

    fn closed(props: Value) -> Value {
        json!({"type": "object", "properties": props, "additionalProperties": false})
    }

    #[test]
    fn every_change_type_with_its_verdict_under_both_policies() {
        let s = json!({"type": "string"});
        let n = json!({"type": "number"});
        let cases: Vec<(Value, Value, &str, bool, bool)> = vec![
            // (old, new, change type, strict, lenient)
            (
                json!({"title": "a"}),
                json!({"title": "b"}),
                "TITLE_CHANGED",
                true,
                true,
            ),
            (
                json!({"description": "a"}),
                json!({"description": "b"}),
                "DESCRIPTION_CHANGED",
                true,
                true,
            ),
            (
                json!({"$id": "a", "type": "string"}),
                json!({"$id": "b", "type": "string"}),
                "ID_CHANGED",
                true,
                true,
            ),
            (
                json!({"type": "string", "default": "a"}),
                json!({"type": "string", "default": "b"}),
                "DEFAULT_CHANGED",
                true,
                true,
            ),
            (json!({}), s.clone(), "SCHEMA_ADDED", false, false),
            (s.clone(), json!({}), "SCHEMA_REMOVED", true, true),
            (
                json!({"type": "integer"}),
                n.clone(),
                "TYPE_EXTENDED",
                true,
                true,
            ),
            (
                s.clone(),
                json!({"type": ["string", "null"]}),
                "TYPE_EXTENDED",
                true,
                true,
            ),
            (
                n.clone(),
                json!({"type": "integer"}),
                "TYPE_NARROWED",
                false,
                false,
            ),
            (s.clone(), n.clone(), "TYPE_CHANGED", false, false),
            (
                json!({"type": "string", "maxLength": 5}),
                json!({"type": "string", "maxLength": 9}),
                "MAX_LENGTH_INCREASED",
                true,
                true,
            ),
            (
                json!({"type": "string", "maxLength": 5}),
                s.clone(),
                "MAX_LENGTH_REMOVED",
                true,
                true,
            ),
            (
                s.clone(),
                json!({"type": "string", "maxLength": 5}),
                "MAX_LENGTH_ADDED",
                false,
                false,
            ),
            (
                json!({"type": "string", "maxLength": 9}),
                json!({"type": "string", "maxLength": 5}),
                "MAX_LENGTH_DECREASED",
                false,
                false,
            ),
            (
                json!({"type": "string", "minLength": 5}),
                json!({"type": "string", "minLength": 1}),
                "MIN_LENGTH_DECREASED",
                true,
                true,
            ),
            (
                json!({"type": "string", "minLength": 1}),
                json!({"type": "string", "minLength": 5}),
                "MIN_LENGTH_INCREASED",
                false,
                false,
            ),
            (
                s.clone(),
                json!({"type": "string", "minLength": 1}),
                "MIN_LENGTH_ADDED",
                false,
                false,
            ),
            (
                json!({"type": "string", "pattern": "a"}),
                s.clone(),
                "PATTERN_REMOVED",
                true,
                true,
            ),
            (
                s.clone(),
                json!({"type": "string", "pattern": "a"}),
                "PATTERN_ADDED",
                false,
                false,
            ),
            (
                json!({"type": "string", "pattern": "a"}),
                json!({"type": "string", "pattern": "b"}),
                "PATTERN_CHANGED",
                false,
                false,
            ),
            (
                json!({"maximum": 5}),
                json!({"maximum": 9}),
                "MAXIMUM_INCREASED",
                true,
                true,
            ),
            (
                json!({"maximum": 9}),
                json!({"maximum": 5}),
                "MAXIMUM_DECREASED",
                false,
                false,
            ),
            (
                json!({"minimum": 5}),
                json!({"minimum": 1}),
                "MINIMUM_DECREASED",
                true,
                true,
            ),
            (
                json!({"minimum": 1}),
                json!({"minimum": 5}),
                "MINIMUM_INCREASED",
                false,
                false,
            ),
            (
                json!({"minimum": 1}),
                json!({}),
                "SCHEMA_REMOVED",
                true,
                true,
            ),
            (
                json!({"type": "number", "minimum": 1}),
                n.clone(),
                "MINIMUM_REMOVED",
                true,
                true,
            ),
            (
                n.clone(),
                json!({"type": "number", "maximum": 1}),
                "MAXIMUM_ADDED",
                false,
                false,
            ),
            (
                json!({"exclusiveMaximum": 5}),
                json!({"exclusiveMaximum": 9}),
                "EXCLUSIVE_MAXIMUM_INCREASED",
                true,
                true,
            ),
            (
                json!({"exclusiveMinimum": 5}),
                json!({"exclusiveMinimum": 9}),
                "EXCLUSIVE_MINIMUM_INCREASED",
                false,
                false,
            ),
            (
                json!({"type": "number", "multipleOf": 4}),
                json!({"type": "number", "multipleOf": 2}),
                "MULTIPLE_OF_REDUCED",
                true,
                true,
            ),
            (
                json!({"type": "number", "multipleOf": 2}),
                json!({"type": "number", "multipleOf": 4}),
                "MULTIPLE_OF_EXPANDED",
                false,
                false,
            ),
            (
                json!({"type": "number", "multipleOf": 2}),
                json!({"type": "number", "multipleOf": 3}),
                "MULTIPLE_OF_CHANGED",
                false,
                false,
            ),
            (
                n.clone(),
                json!({"type": "number", "multipleOf": 3}),
                "MULTIPLE_OF_ADDED",
                false,
                false,
            ),
            (
                json!({"type": "number", "multipleOf": 3}),
                n.clone(),
                "MULTIPLE_OF_REMOVED",
                true,
                true,
            ),
            (
                json!({"type": "object", "properties": {"a": s}}),
                json!({"type": "object", "properties": {"a": s}, "required": ["a"]}),
                "REQUIRED_ATTRIBUTE_ADDED",
                false,
                false,
            ),
            (
                json!({"type": "object", "properties": {"a": {"type": "string", "default": "x"}}}),
                json!({"type": "object", "properties": {"a": {"type": "string", "default": "x"}}, "required": ["a"]}),
                "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED",
                true,
                true,
            ),
            (
                json!({"type": "object", "properties": {"a": s}, "required": ["a"]}),
                json!({"type": "object", "properties": {"a": s}}),
                "REQUIRED_ATTRIBUTE_REMOVED",
                true,
                true,
            ),
            (
                json!({"type": "object", "maxProperties": 3}),
                json!({"type": "object", "maxProperties": 5}),
                "MAX_PROPERTIES_INCREASED",
                true,
                true,
            ),
            (
                json!({"type": "object", "minProperties": 3}),
                json!({"type": "object", "minProperties": 5}),
                "MIN_PROPERTIES_INCREASED",
                false,
                false,
            ),
            (
                json!({"type": "object"}),
                json!({"type": "object", "minProperties": 1}),
                "MIN_PROPERTIES_ADDED",
                false,
                false,
            ),
            (
                json!({"dependencies": {"a": ["b", "c"]}}),
                json!({"dependencies": {"a": ["b"]}}),
                "DEPENDENCY_ARRAY_NARROWED",
                true,
                true,
            ),
            (
                json!({"dependencies": {"a": ["b"]}}),
                json!({"dependencies": {"a": ["b", "c"]}}),
                "DEPENDENCY_ARRAY_EXTENDED",
                false,
                false,
            ),
            (
                json!({"dependencies": {"a": ["b"]}}),
                json!({"dependencies": {"a": ["c"]}}),
                "DEPENDENCY_ARRAY_CHANGED",
                false,
                false,
            ),
            (
                json!({"type": "object"}),
                json!({"type": "object", "dependencies": {"a": ["b"]}}),
                "DEPENDENCY_ARRAY_ADDED",
                false,
                false,
            ),
            (
                json!({"type": "object", "dependencies": {"a": ["b"]}}),
                json!({"type": "object"}),
                "DEPENDENCY_ARRAY_REMOVED",
                true,
                true,
            ),
            (
                json!({"type": "object"}),
                json!({"type": "object", "dependencies": {"a": {"required": ["b"]}}}),
                "DEPENDENCY_SCHEMA_ADDED",
                false,
                false,
            ),
            (
                json!({"type": "object", "dependencies": {"a": {"required": ["b"]}}}),
                json!({"type": "object"}),
                "DEPENDENCY_SCHEMA_REMOVED",
                true,
                true,
            ),
            (
                closed(json!({"a": s})),
                obj(json!({"a": s})),
                "ADDITIONAL_PROPERTIES_ADDED",
                true,
                true,
            ),
            (
                obj(json!({"a": s})),
                closed(json!({"a": s})),
                "ADDITIONAL_PROPERTIES_REMOVED",
                false,
                true,
            ),
            (
                json!({"type": "object", "additionalProperties": s}),
                json!({"type": "object", "additionalProperties": {"type": ["string", "null"]}}),
                "ADDITIONAL_PROPERTIES_EXTENDED",
                true,
                true,
            ),
            (
                json!({"type": "object", "additionalProperties": {"type": ["string", "null"]}}),
                json!({"type": "object", "additionalProperties": s}),
                "ADDITIONAL_PROPERTIES_NARROWED",
                false,
                true,
            ),
            (
                json!({"type": "object", "unevaluatedProperties": false}),
                json!({"type": "object"}),
                "UNEVALUATED_PROPERTIES_ADDED",
                true,
                true,
            ),
            (
                json!({"type": "object"}),
                json!({"type": "object", "unevaluatedProperties": false}),
                "UNEVALUATED_PROPERTIES_REMOVED",
                false,
                true,
            ),
            (
                obj(json!({"a": s})),
                obj(json!({"a": s, "b": {}})),
                "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
                true,
                true,
            ),
            (
                obj(json!({"a": s})),
                obj(json!({"a": s, "b": s})),
                "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
                false,
                true,
            ),
            (
                obj(json!({"a": s})),
                json!({"type": "object", "properties": {"a": s, "b": {"type": "string", "default": "x"}}, "required": ["b"]}),
                "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL",
                false,
                true,
            ),
            (
                obj(json!({"a": s})),
                json!({"type": "object", "properties": {"a": s, "b": s}, "required": ["b"]}),
                "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
                false,
                false,
            ),
            (
                closed(json!({"a": s})),
                closed(json!({"a": s, "b": s})),
                "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
                true,
                true,
            ),
            (
                closed(json!({"a": s})),
                json!({"type": "object", "properties": {"a": s, "b": {"type": "string", "default": "x"}}, "required": ["b"], "additionalProperties": false}),
                "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL",
                true,
                true,
            ),
            (
                closed(json!({"a": s})),
                json!({"type": "object", "properties": {"a": s, "b": s}, "required": ["b"], "additionalProperties": false}),
                "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
                false,
                false,
            ),
            (
                obj(json!({"a": s, "b": s})),
                obj(json!({"a": s})),
                "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
                true,
                true,
            ),
            (
                closed(json!({"a": s, "b": s})),
                closed(json!({"a": s})),
                "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
                false,
                true,
            ),
            (
                closed(json!({"a": s, "b": false})),
                closed(json!({"a": s})),
                "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
                true,
                true,
            ),
            (
                json!({"type": "object", "properties": {"a": s}, "additionalProperties": s}),
                json!({"type": "object", "properties": {"a": s, "b": {"type": ["string", "null"]}}, "additionalProperties": s}),
                "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                true,
                true,
            ),
            (
                json!({"type": "object", "properties": {"a": s}, "additionalProperties": s}),
                json!({"type": "object", "properties": {"a": s, "b": n}, "additionalProperties": s}),
                "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                false,
                true,
            ),
            (
                json!({"type": "object", "properties": {"a": s, "b": s}, "patternProperties": {"^b": {"type": ["string", "null"]}}}),
                json!({"type": "object", "properties": {"a": s}, "patternProperties": {"^b": {"type": ["string", "null"]}}}),
                "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                true,
                true,
            ),
            (
                json!({"type": "object", "properties": {"a": s, "b": n}, "additionalProperties": s}),
                json!({"type": "object", "properties": {"a": s}, "additionalProperties": s}),
                "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                false,
                true,
            ),
            (
                json!({"type": "array", "maxItems": 3}),
                json!({"type": "array", "maxItems": 5}),
                "MAX_ITEMS_INCREASED",
                true,
                true,
            ),
            (
                json!({"type": "array"}),
                json!({"type": "array", "maxItems": 5}),
                "MAX_ITEMS_ADDED",
                false,
                false,
            ),
            (
                json!({"type": "array", "minItems": 3}),
                json!({"type": "array", "minItems": 1}),
                "MIN_ITEMS_DECREASED",
                true,
                true,
            ),
            (
                json!({"type": "array", "minItems": 1}),
                json!({"type": "array", "minItems": 3}),
                "MIN_ITEMS_INCREASED",
                false,
                false,
            ),
            (
                json!({"type": "array", "maxContains": 3}),
                json!({"type": "array", "maxContains": 2}),
                "MAX_CONTAINS_DECREASED",
                false,
                false,
            ),
            (
                json!({"type": "array", "minContains": 3}),
                json!({"type": "array"}),
                "MIN_CONTAINS_REMOVED",
                true,
                true,
            ),
            (
                json!({"type": "array", "uniqueItems": true}),
                json!({"type": "array"}),
                "UNIQUE_ITEMS_REMOVED",
                true,
                true,
            ),
            (
                json!({"type": "array"}),
                json!({"type": "array", "uniqueItems": true}),
                "UNIQUE_ITEMS_ADDED",
                false,
                false,
            ),
            (
                json!({"type": "array", "items": [s], "additionalItems": false}),
                json!({"type": "array", "items": [s]}),
                "ADDITIONAL_ITEMS_ADDED",
                true,
                true,
            ),
            (
                json!({"type": "array", "items": [s]}),
                json!({"type": "array", "items": [s], "additionalItems": false}),
                "ADDITIONAL_ITEMS_REMOVED",
                false,
                false,
            ),
            (
                json!({"type": "array", "items": [s], "additionalItems": s}),
                json!({"type": "array", "items": [s], "additionalItems": {"type": ["string", "null"]}}),
                "ADDITIONAL_ITEMS_EXTENDED",
                true,
                true,
            ),
            (
                json!({"type": "array", "items": [s], "additionalItems": {"type": ["string", "null"]}}),
                json!({"type": "array", "items": [s], "additionalItems": s}),
                "ADDITIONAL_ITEMS_NARROWED",
                false,
                false,
            ),
            (
                json!({"type": "array", "unevaluatedItems": false}),
                json!({"type": "array"}),
                "UNEVALUATED_ITEMS_ADDED",
                true,
                true,
            ),
            (
                json!({"type": "array"}),
                json!({"type": "array", "unevaluatedItems": false}),
                "UNEVALUATED_ITEMS_REMOVED",
                false,
                false,
            ),
            (
                json!({"type": "array", "items": [s]}),
                json!({"type": "array", "items": [s, {}]}),
                "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
                true,
                true,
            ),
            (
                json!({"type": "array", "items": [s]}),
                json!({"type": "array", "items": [s, s]}),
                "ITEM_ADDED_TO_OPEN_CONTENT_MODEL",
                false,
                false,
            ),
            (
                json!({"type": "array", "items": [s], "additionalItems": false}),
                json!({"type": "array", "items": [s, s], "additionalItems": false}),
                "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL",
                true,
                true,
            ),
            (
                json!({"type": "array", "items": [s, s]}),
                json!({"type": "array", "items": [s]}),
                "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL",
                true,
                true,
            ),
            (
                json!({"type": "array", "items": [s, s], "additionalItems": false}),
                json!({"type": "array", "items": [s], "additionalItems": false}),
                "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL",
                false,
                false,
            ),
            (
                json!({"type": "array", "items": [s, false], "additionalItems": false}),
                json!({"type": "array", "items": [s], "additionalItems": false}),
                "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
                true,
                true,
            ),
            (
                json!({"type": "array", "items": [s], "additionalItems": s}),
                json!({"type": "array", "items": [s, {"type": ["string", "null"]}], "additionalItems": s}),
                "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                true,
                true,
            ),
            (
                json!({"type": "array", "items": [s], "additionalItems": s}),
                json!({"type": "array", "items": [s, n], "additionalItems": s}),
                "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                false,
                false,
            ),
            (
                json!({"type": "array", "items": [s, s], "additionalItems": {"type": ["string", "null"]}}),
                json!({"type": "array", "items": [s], "additionalItems": {"type": ["string", "null"]}}),
                "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                true,
                true,
            ),
            (
                json!({"type": "array", "items": [s, n], "additionalItems": s}),
                json!({"type": "array", "items": [s], "additionalItems": s}),
                "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                false,
                false,
            ),
            (
                json!({"enum": ["a"]}),
                json!({"enum": ["a", "b"]}),
                "ENUM_ARRAY_EXTENDED",
                true,
                true,
            ),
            (
                json!({"enum": ["a", "b"]}),
                json!({"enum": ["a"]}),
                "ENUM_ARRAY_NARROWED",
                false,
                false,
            ),
            (
                json!({"enum": ["a"]}),
                json!({"enum": ["b"]}),
                "ENUM_ARRAY_CHANGED",
                false,
                false,
            ),
            (
                json!({"oneOf": [s, n]}),
                json!({"anyOf": [s, n]}),
                "COMBINED_TYPE_EXTENDED",
                true,
                true,
            ),
            (
                json!({"anyOf": [s, n]}),
                json!({"allOf": [s, n]}),
                "COMBINED_TYPE_CHANGED",
                false,
                false,
            ),
            (
                json!({"allOf": [s, {"maxLength": 3}]}),
                json!({"allOf": [s]}),
                "PRODUCT_TYPE_NARROWED",
                true,
                true,
            ),
            (
                json!({"allOf": [s]}),
                json!({"allOf": [s, {"maxLength": 3}]}),
                "PRODUCT_TYPE_EXTENDED",
                false,
                false,
            ),
            (
                json!({"oneOf": [s]}),
                json!({"oneOf": [s, n]}),
                "SUM_TYPE_EXTENDED",
                true,
                true,
            ),
            (
                s.clone(),
                json!({"oneOf": [s, n]}),
                "SUM_TYPE_EXTENDED",
                true,
                true,
            ),
            (
                json!({"oneOf": [s, n]}),
                json!({"oneOf": [s]}),
                "SUM_TYPE_NARROWED",
                false,
                false,
            ),
            (
                json!({"oneOf": [s, n]}),
                json!({"oneOf": [json!({"type": "boolean"}), n]}),
                "COMBINED_TYPE_SUBSCHEMAS_CHANGED",
                false,
                false,
            ),
            (
                json!({"not": {"type": ["string", "null"]}}),
                json!({"not": s}),
                "NOT_TYPE_NARROWED",
                true,
                true,
            ),
            (
                json!({"not": s}),
                json!({"not": {"type": ["string", "null"]}}),
                "NOT_TYPE_EXTENDED",
                false,
                false,
            ),
        ];
        let mut wrong = Vec::new();
        for (old, new, kind, strict, lenient) in cases {
            let (got, s_ok, l_ok) = kinds(old.clone(), new.clone());
            if !got.contains(&kind) || s_ok != strict || l_ok != lenient {
                wrong.push(format!(
                    "{old} → {new}: want {kind} strict={strict} lenient={lenient}; got {got:?} strict={s_ok} lenient={l_ok}"
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn pointers_are_written_as_confluent_writes_them() {
        let old = json!({"type": "object", "properties": {"id": {"type": "string"}}});
        let new =
            json!({"type": "object", "properties": {"id": {"type": "string", "maxLength": 3}}});
        let found = check(&compile(new), &compile(old), JsonPolicy::Strict);
        assert_eq!(found[0].pointer, "#/properties/id/maxLength");
        let found = check(
            &compile(json!({"type": "number"})),
            &compile(json!({"type": "string"})),
            JsonPolicy::Strict,
        );
        assert_eq!(found[0].pointer, "#/type");
    }

    #[test]
    fn refs_are_followed_and_recursion_ends() {
        let tree = |t: &str| {
            json!({"$ref": "#/definitions/node", "definitions": {"node": {"type": "object",
                "properties": {"v": {"type": t}, "next": {"$ref": "#/definitions/node"}}}}})
        };
        assert!(check(
            &compile(tree("string")),
            &compile(tree("string")),
            JsonPolicy::Strict
        )
        .is_empty());
        let found = check(
            &compile(tree("number")),
            &compile(tree("string")),
            JsonPolicy::Strict,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, "TYPE_CHANGED");
        // into a referenced document
        let line = |t: &str| json!({"type": "object", "properties": {"qty": {"type": t}}});
        let order = json!({"type": "object", "properties": {"line": {"$ref": "line.json"}}});
        let with = |t: &str| {
            JsonSchema::from_value("o.json", order.clone(), vec![("line.json".into(), line(t))])
                .unwrap()
        };
        let found = check(&with("string"), &with("integer"), JsonPolicy::Strict);
        assert_eq!(found[0].kind, "TYPE_CHANGED");
        assert!(check(&with("number"), &with("integer"), JsonPolicy::Strict).is_empty());
    }
}

//! Every event contract in schemas/ parses, and carries the metadata and docs DESIGN §4 asks
//! for: eventId, correlationId, timestamp (timestamp-millis), source; namespace
//! com.example.events.<domain>; a doc on the record and on every field.

use evctl::codec::avro_schema::{AvroSchema, Node};

#[test]
fn every_schema_parses_with_metadata_and_docs() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "avsc") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let schema =
            AvroSchema::parse_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let Node::Record { name, fields } = schema.node(schema.root) else {
            panic!("{}: not a record", path.display())
        };
        let domain = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .split('.')
            .next()
            .unwrap()
            .to_string();
        assert_eq!(
            name.fullname.rsplit_once('.').unwrap().0,
            format!("com.example.events.{domain}"),
            "{}",
            path.display()
        );
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        for meta in ["eventId", "correlationId", "timestamp", "source", "orderId"] {
            assert!(names.contains(&meta), "{}: missing {meta}", path.display());
        }
        let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(raw["doc"].is_string(), "{}: record doc", path.display());
        for f in raw["fields"].as_array().unwrap() {
            assert!(
                f["doc"].is_string(),
                "{}: field {} has no doc",
                path.display(),
                f["name"]
            );
        }
    }
    assert!(
        seen >= 5,
        "expected the marketplace's event schemas, found {seen}"
    );
}

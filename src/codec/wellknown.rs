//! The imports a schema registry treats as built in besides `google/protobuf/*` (which protox
//! bundles): `google/type/*` and Confluent's `confluent/meta.proto` and `confluent/type/*`.
//!
//! Why bundled: a `.proto` that imports `google/type/money.proto` must compile, check and
//! produce without the user finding that file or registering it as a reference, as with
//! Confluent's clients and registry (SCHEMA-FORMATS §2). The files in `wellknown/` are written
//! for evctl from the published definitions (package, message, field names and numbers).

use protox::file::{File, FileResolver};

/// (import path, `.proto` text)
const BUNDLED: &[(&str, &str)] = &[
    (
        "confluent/meta.proto",
        include_str!("wellknown/confluent/meta.proto"),
    ),
    (
        "confluent/type/decimal.proto",
        include_str!("wellknown/confluent/type/decimal.proto"),
    ),
    (
        "confluent/type/variant.proto",
        include_str!("wellknown/confluent/type/variant.proto"),
    ),
    (
        "google/type/calendar_period.proto",
        include_str!("wellknown/google/type/calendar_period.proto"),
    ),
    (
        "google/type/color.proto",
        include_str!("wellknown/google/type/color.proto"),
    ),
    (
        "google/type/date.proto",
        include_str!("wellknown/google/type/date.proto"),
    ),
    (
        "google/type/datetime.proto",
        include_str!("wellknown/google/type/datetime.proto"),
    ),
    (
        "google/type/dayofweek.proto",
        include_str!("wellknown/google/type/dayofweek.proto"),
    ),
    (
        "google/type/decimal.proto",
        include_str!("wellknown/google/type/decimal.proto"),
    ),
    (
        "google/type/expr.proto",
        include_str!("wellknown/google/type/expr.proto"),
    ),
    (
        "google/type/fraction.proto",
        include_str!("wellknown/google/type/fraction.proto"),
    ),
    (
        "google/type/interval.proto",
        include_str!("wellknown/google/type/interval.proto"),
    ),
    (
        "google/type/latlng.proto",
        include_str!("wellknown/google/type/latlng.proto"),
    ),
    (
        "google/type/money.proto",
        include_str!("wellknown/google/type/money.proto"),
    ),
    (
        "google/type/month.proto",
        include_str!("wellknown/google/type/month.proto"),
    ),
    (
        "google/type/phone_number.proto",
        include_str!("wellknown/google/type/phone_number.proto"),
    ),
    (
        "google/type/postal_address.proto",
        include_str!("wellknown/google/type/postal_address.proto"),
    ),
    (
        "google/type/quaternion.proto",
        include_str!("wellknown/google/type/quaternion.proto"),
    ),
    (
        "google/type/timeofday.proto",
        include_str!("wellknown/google/type/timeofday.proto"),
    ),
];

/// Whether `name` is one of the bundled imports.
pub fn is_bundled(name: &str) -> bool {
    BUNDLED.iter().any(|(n, _)| *n == name)
}

/// Serves the bundled files to protox, after the schema's own files.
pub struct Bundled;

impl FileResolver for Bundled {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        match BUNDLED.iter().find(|(n, _)| *n == name) {
            Some((n, text)) => File::from_source(n, text),
            None => Err(protox::Error::file_not_found(name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::proto::ProtoSchema;

    /// Every bundled file compiles (with what it imports) and each is found by its path.
    #[test]
    fn every_bundled_file_compiles() {
        for (name, _) in BUNDLED {
            let text =
                format!("syntax = \"proto3\";\nimport \"{name}\";\nmessage X {{ int32 a = 1; }}\n");
            let r = ProtoSchema::compile("x.proto", vec![("x.proto".into(), text)]);
            assert!(r.is_ok(), "{name}: {:?}", r.err());
        }
        assert!(is_bundled("google/type/money.proto"));
        assert!(is_bundled("confluent/meta.proto"));
        assert!(!is_bundled("google/type/nope.proto"));
    }
}

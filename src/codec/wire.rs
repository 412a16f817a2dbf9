//! Where a record says which schema wrote it: Confluent's two framings, read the way its clients
//! read them (header first, then the prefix).
//!
//! Why its own module: every reader (consume, tail, dlq) must find the same schema for the same
//! record, and the newer framing moves the schema's name out of the value into a header, so the
//! answer depends on the headers as well as the bytes.
//! - prefix: value = `0x00` + 4-byte big-endian id + (Protobuf: index array) + payload;
//! - header: `__value_schema_id` / `__key_schema_id` = `0x01` + 16-byte GUID (or `0x00` + id)
//!   + (Protobuf: index array), and the value is the bare payload.
//!
//! Either way the datum handed to a schema is what follows the id in the prefix framing (index
//! array, then payload), so the formats' decoders read one shape.

use std::borrow::Cow;
use std::fmt;

use super::avro_codec::split_confluent;
use crate::domain::envelope::Header;

/// The header that names a value's schema in the header framing.
pub const VALUE_SCHEMA_ID_HEADER: &str = "__value_schema_id";
/// The header that names a key's schema in the header framing.
pub const KEY_SCHEMA_ID_HEADER: &str = "__key_schema_id";

/// How a record names its writer's schema: the registry's id, or its GUID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemaRef {
    Id(u32),
    Guid([u8; 16]),
}

impl SchemaRef {
    /// The GUID as the registry writes it (`8-4-4-4-12` lowercase hex).
    pub fn guid_text(guid: &[u8; 16]) -> String {
        let hex: String = guid.iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    }
}

impl fmt::Display for SchemaRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Id(id) => write!(f, "schema id {id}"),
            Self::Guid(g) => write!(f, "schema guid {}", Self::guid_text(g)),
        }
    }
}

/// A framed value: its schema, and the datum to decode with it.
#[derive(Debug, PartialEq)]
pub struct Frame<'a> {
    pub schema: SchemaRef,
    /// (Protobuf: the index array, then) the payload.
    pub datum: Cow<'a, [u8]>,
}

/// What the framing of one value (or key) says.
#[derive(Debug, PartialEq)]
pub enum Framing<'a> {
    /// Neither a schema-id header nor the `0x00` prefix: not Confluent-framed.
    Plain,
    Framed(Frame<'a>),
    /// The schema-id header is there but is not `0x01` + GUID or `0x00` + id.
    BadHeader {
        header: &'static str,
        len: usize,
    },
}

/// The framing of a record's value (`key` false) or key, from its headers and bytes.
pub fn framing<'a>(headers: &[Header<'_>], key: bool, bytes: &'a [u8]) -> Framing<'a> {
    let name = if key {
        KEY_SCHEMA_ID_HEADER
    } else {
        VALUE_SCHEMA_ID_HEADER
    };
    match headers
        .iter()
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| *v)
    {
        Some(h) => match schema_in_header(h) {
            Some((schema, indexes)) => Framing::Framed(Frame {
                schema,
                datum: with_indexes(indexes, bytes),
            }),
            None => Framing::BadHeader {
                header: name,
                len: h.len(),
            },
        },
        None => match split_confluent(bytes) {
            Some((id, datum)) => Framing::Framed(Frame {
                schema: SchemaRef::Id(id),
                datum: Cow::Borrowed(datum),
            }),
            None => Framing::Plain,
        },
    }
}

/// Whether a value is framed either way (the readers' cheap test before decoding).
pub fn is_framed(headers: &[Header<'_>], bytes: &[u8]) -> bool {
    !matches!(framing(headers, false, bytes), Framing::Plain)
}

/// A schema-id header: the schema and what follows it (a Protobuf index array, or nothing).
fn schema_in_header(h: &[u8]) -> Option<(SchemaRef, &[u8])> {
    match h {
        [1, rest @ ..] if rest.len() >= 16 => {
            let (guid, tail) = rest.split_at(16);
            Some((SchemaRef::Guid(guid.try_into().ok()?), tail))
        }
        [0, ..] => split_confluent(h).map(|(id, tail)| (SchemaRef::Id(id), tail)),
        _ => None,
    }
}

fn with_indexes<'a>(indexes: &[u8], payload: &'a [u8]) -> Cow<'a, [u8]> {
    if indexes.is_empty() {
        return Cow::Borrowed(payload);
    }
    let mut datum = Vec::with_capacity(indexes.len() + payload.len());
    datum.extend_from_slice(indexes);
    datum.extend_from_slice(payload);
    Cow::Owned(datum)
}

/// The header value the header framing writes: `0x01` + GUID + index array.
pub fn guid_header(guid: &[u8; 16], indexes: &[u8]) -> Vec<u8> {
    let mut h = Vec::with_capacity(17 + indexes.len());
    h.push(1);
    h.extend_from_slice(guid);
    h.extend_from_slice(indexes);
    h
}

/// A GUID from its registry text (`8-4-4-4-12` hex, dashes optional).
pub fn parse_guid(text: &str) -> Option<[u8; 16]> {
    let hex: Vec<u8> = text.bytes().filter(|b| *b != b'-').collect();
    if hex.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, pair) in hex.chunks(2).enumerate() {
        let s = std::str::from_utf8(pair).ok()?;
        out[i] = u8::from_str_radix(s, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUID: [u8; 16] = [
        0x0b, 0x5e, 0x0b, 0x8a, 0x1c, 0x2d, 0x4e, 0x3f, 0x8a, 0x9b, 0x00, 0x11, 0x22, 0x33, 0x44,
        0x55,
    ];

    #[test]
    fn the_prefix_gives_the_id_and_what_follows() {
        let v = [0, 0, 0, 0, 7, 0x02, 0x08, 0x01];
        assert_eq!(
            framing(&[], false, &v),
            Framing::Framed(Frame {
                schema: SchemaRef::Id(7),
                datum: Cow::Borrowed(&v[5..]),
            })
        );
        assert_eq!(framing(&[], false, b"{\"a\":1}"), Framing::Plain);
        assert_eq!(framing(&[], false, &[0, 0, 0]), Framing::Plain);
    }

    #[test]
    fn the_header_wins_and_its_index_array_goes_before_the_bare_payload() {
        let h = guid_header(&GUID, &[0x02, 0x02]);
        let headers = [(VALUE_SCHEMA_ID_HEADER, Some(&h[..]))];
        // the payload starts with 0x00 and would read as a prefix id: the header comes first
        let payload = [0x00, 0x08, 0x01, 0x02, 0x03];
        let Framing::Framed(f) = framing(&headers, false, &payload) else {
            panic!("not framed")
        };
        assert_eq!(f.schema, SchemaRef::Guid(GUID));
        assert_eq!(&f.datum[..], &[0x02, 0x02, 0x00, 0x08, 0x01, 0x02, 0x03]);
        // the key's header is another one
        assert_eq!(framing(&headers, true, b"k"), Framing::Plain);
    }

    #[test]
    fn an_id_in_the_header_and_a_bad_header() {
        let headers = [(KEY_SCHEMA_ID_HEADER, Some(&[0u8, 0, 0, 1, 2][..]))];
        let Framing::Framed(f) = framing(&headers, true, b"x") else {
            panic!("not framed")
        };
        assert_eq!(f.schema, SchemaRef::Id(258));
        assert_eq!(&f.datum[..], b"x");
        let short = [(VALUE_SCHEMA_ID_HEADER, Some(&[1u8, 2, 3][..]))];
        assert_eq!(
            framing(&short, false, b"x"),
            Framing::BadHeader {
                header: VALUE_SCHEMA_ID_HEADER,
                len: 3
            }
        );
        // a null header names nothing
        let null = [(VALUE_SCHEMA_ID_HEADER, None)];
        assert_eq!(framing(&null, false, b"x"), Framing::Plain);
    }

    #[test]
    fn guids_print_and_parse_as_the_registry_writes_them() {
        let text = SchemaRef::guid_text(&GUID);
        assert_eq!(text, "0b5e0b8a-1c2d-4e3f-8a9b-001122334455");
        assert_eq!(parse_guid(&text), Some(GUID));
        assert_eq!(parse_guid("0b5e"), None);
        assert_eq!(parse_guid("zz5e0b8a-1c2d-4e3f-8a9b-001122334455"), None);
        assert_eq!(
            SchemaRef::Guid(GUID).to_string(),
            "schema guid 0b5e0b8a-1c2d-4e3f-8a9b-001122334455"
        );
    }
}

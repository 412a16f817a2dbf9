//! Signed events (the article: "validate event signatures (HMAC) if cross-domain"): a record
//! carries `evctl-signature`, an HMAC-SHA256 over its key, value and headers, so a consumer
//! in another domain can tell a record a holder of the key wrote from one that was forged or
//! altered on the way. Pure: keys come in as bytes, records as `RecordRef`s.
//!
//! The header: `v1;kid=<8 hex>;h=<names>;sig=<base64>`. `kid` is a fingerprint of the key
//! (the first 4 bytes of SHA-256 over a label and the key), so a verifier holding several
//! keys (rotation) picks the right one without a key id flag, and the id tells nothing of
//! the key. `h` lists the signed headers by name in record order (percent-encoded `,;%`);
//! the topic, partition and offset are not signed, so a replayed or mirrored record stays
//! valid. The MAC covers, each length-prefixed (8 bytes big-endian, all ones for null): the
//! key, the value, then name and value of every listed header.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::envelope::Header;

/// The header that carries the signature.
pub const HEADER: &str = "evctl-signature";
const VERSION: &str = "v1";
const NULL_LEN: u64 = u64::MAX;

type HmacSha256 = Hmac<Sha256>;

/// A signing or verifying key and its fingerprint.
#[derive(Clone)]
pub struct SigningKey {
    secret: Vec<u8>,
    id: String,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // never the secret
        write!(f, "SigningKey(kid={})", self.id)
    }
}

/// A key file whose key could be guessed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the key is {0} bytes; use at least 16 (e.g. `head -c 32 /dev/urandom | base64 > key`)")]
pub struct ShortKey(pub usize);

impl SigningKey {
    /// A key from a key file's bytes (one trailing newline ignored); refuses keys shorter
    /// than 16 bytes, which could be guessed from one signature.
    pub fn new(mut secret: Vec<u8>) -> Result<Self, ShortKey> {
        if secret.last() == Some(&b'\n') {
            secret.pop();
            if secret.last() == Some(&b'\r') {
                secret.pop();
            }
        }
        if secret.len() < 16 {
            return Err(ShortKey(secret.len()));
        }
        let mut h = Sha256::new();
        h.update(b"evctl-signature key id\n");
        h.update(&secret);
        let id = hex(&h.finalize()[..4]);
        Ok(Self { secret, id })
    }

    /// The key's fingerprint, as `kid=` names it.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The MAC over a record, fed but not finished (sign finishes it, verify compares it).
    fn mac(&self, key: Option<&[u8]>, value: Option<&[u8]>, headers: &[Header<'_>]) -> HmacSha256 {
        let mut m = HmacSha256::new_from_slice(&self.secret).expect("HMAC takes any key length");
        let mut part = |b: Option<&[u8]>| match b {
            Some(b) => {
                m.update(&(b.len() as u64).to_be_bytes());
                m.update(b);
            }
            None => m.update(&NULL_LEN.to_be_bytes()),
        };
        part(key);
        part(value);
        for (name, v) in headers {
            part(Some(name.as_bytes()));
            part(*v);
        }
        m
    }

    /// The `evctl-signature` value for a record with this key, value and headers (every
    /// header is signed; an earlier signature header is not).
    pub fn sign(&self, key: Option<&[u8]>, value: Option<&[u8]>, headers: &[Header<'_>]) -> String {
        let signed: Vec<Header<'_>> = headers
            .iter()
            .filter(|(n, _)| *n != HEADER)
            .copied()
            .collect();
        let names: Vec<String> = signed.iter().map(|(n, _)| escape(n)).collect();
        let mac = self.mac(key, value, &signed).finalize().into_bytes();
        format!(
            "{VERSION};kid={};h={};sig={}",
            self.id,
            names.join(","),
            B64.encode(mac)
        )
    }
}

/// What verification says of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Verified,
    Unsigned,
    /// Signed, but not by a key we hold, or altered, or malformed: why.
    Bad(String),
}

impl Verdict {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Verified => "verified",
            Self::Unsigned => "unsigned",
            Self::Bad(_) => "bad",
        }
    }
}

/// Checks a record's signature against the keys held.
pub fn verify(
    keys: &[SigningKey],
    key: Option<&[u8]>,
    value: Option<&[u8]>,
    headers: &[Header<'_>],
) -> Verdict {
    let mut sigs = headers.iter().filter(|(n, _)| *n == HEADER);
    let Some((_, sig)) = sigs.next() else {
        return Verdict::Unsigned;
    };
    if sigs.next().is_some() {
        return Verdict::Bad("more than one evctl-signature header".into());
    }
    let Some(text) = sig.and_then(|s| std::str::from_utf8(s).ok()) else {
        return Verdict::Bad("the signature header is not text".into());
    };
    let parsed = match Parsed::from(text) {
        Ok(p) => p,
        Err(e) => return Verdict::Bad(e),
    };
    let Some(k) = keys.iter().find(|k| k.id == parsed.kid) else {
        return Verdict::Bad(format!("signed with key {}, which is not held", parsed.kid));
    };
    let Some(signed) = pick(headers, &parsed.names) else {
        return Verdict::Bad("a signed header is missing".into());
    };
    // verify_slice compares in constant time
    if k.mac(key, value, &signed).verify_slice(&parsed.mac).is_ok() {
        Verdict::Verified
    } else {
        Verdict::Bad("the signature does not match: key, value or headers changed".into())
    }
}

/// The listed headers in record order, each name taking its occurrences in turn.
fn pick<'a>(headers: &[Header<'a>], names: &[String]) -> Option<Vec<Header<'a>>> {
    let mut used = vec![false; headers.len()];
    let mut out = Vec::with_capacity(names.len());
    for want in names {
        let i = headers
            .iter()
            .enumerate()
            .position(|(i, (n, _))| !used[i] && n == want && *n != HEADER)?;
        used[i] = true;
        out.push(headers[i]);
    }
    Some(out)
}

struct Parsed {
    kid: String,
    names: Vec<String>,
    mac: Vec<u8>,
}

impl Parsed {
    fn from(text: &str) -> Result<Self, String> {
        let mut parts = text.split(';');
        if parts.next() != Some(VERSION) {
            return Err(format!("unknown signature format (expected {VERSION};...)"));
        }
        let (mut kid, mut names, mut mac) = (None, None, None);
        for p in parts {
            match p.split_once('=') {
                Some(("kid", v)) => kid = Some(v.to_string()),
                Some(("h", v)) => {
                    names = Some(if v.is_empty() {
                        Vec::new()
                    } else {
                        v.split(',').map(unescape).collect::<Result<_, _>>()?
                    })
                }
                Some(("sig", v)) => {
                    mac = Some(B64.decode(v).map_err(|_| "the signature is not base64")?)
                }
                _ => return Err(format!("unknown signature field '{p}'")),
            }
        }
        match (kid, names, mac) {
            (Some(kid), Some(names), Some(mac)) if mac.len() == 32 => Ok(Self { kid, names, mac }),
            _ => Err("the signature lacks kid, h or a 32-byte sig".into()),
        }
    }
}

fn escape(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            ',' => s.push_str("%2C"),
            ';' => s.push_str("%3B"),
            '%' => s.push_str("%25"),
            c => s.push(c),
        }
    }
    s
}

fn unescape(s: &str) -> Result<String, String> {
    Ok(s.replace("%2C", ",")
        .replace("%3B", ";")
        .replace("%25", "%"))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> SigningKey {
        SigningKey::new(s.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn a_signed_record_verifies_and_any_change_is_bad() {
        let k = key("0123456789abcdef-secret\n");
        let h: Vec<Header<'_>> = vec![("source", Some(b"gw")), ("n,;%", None)];
        let sig = k.sign(Some(b"o-1"), Some(b"{}"), &h);
        let mut signed = h.clone();
        signed.push((HEADER, Some(sig.as_bytes())));
        let keys = [k];
        assert_eq!(
            verify(&keys, Some(b"o-1"), Some(b"{}"), &signed),
            Verdict::Verified
        );
        assert!(matches!(
            verify(&keys, Some(b"o-2"), Some(b"{}"), &signed),
            Verdict::Bad(_)
        ));
        assert!(matches!(
            verify(&keys, Some(b"o-1"), Some(b"{ }"), &signed),
            Verdict::Bad(_)
        ));
        assert!(matches!(
            verify(&keys, None, Some(b"{}"), &signed),
            Verdict::Bad(_)
        ));
        let mut altered = signed.clone();
        altered[0].1 = Some(b"evil");
        assert!(matches!(
            verify(&keys, Some(b"o-1"), Some(b"{}"), &altered),
            Verdict::Bad(_)
        ));
        let dropped: Vec<Header<'_>> = signed[1..].to_vec();
        assert!(matches!(
            verify(&keys, Some(b"o-1"), Some(b"{}"), &dropped),
            Verdict::Bad(_)
        ));
        // headers added after signing are not covered, and do not break it
        let mut more = signed.clone();
        more.insert(0, ("replay.count", Some(b"1")));
        assert_eq!(
            verify(&keys, Some(b"o-1"), Some(b"{}"), &more),
            Verdict::Verified
        );
    }

    #[test]
    fn unsigned_unknown_keys_and_garbage() {
        let keys = [key("0123456789abcdef")];
        assert_eq!(verify(&keys, None, None, &[]), Verdict::Unsigned);
        let other = key("another key, 16+ bytes").sign(None, Some(b"v"), &[]);
        let h = [(HEADER, Some(other.as_bytes()))];
        assert!(
            matches!(verify(&keys, None, Some(b"v"), &h), Verdict::Bad(r) if r.contains("not held"))
        );
        for junk in ["", "v1", "v2;kid=1;h=;sig=", "v1;kid=x;h=;sig=!!", "v1;x=y"] {
            let h = [(HEADER, Some(junk.as_bytes()))];
            assert!(
                matches!(verify(&keys, None, None, &h), Verdict::Bad(_)),
                "{junk}"
            );
        }
        let twice = [(HEADER, Some(&b"a"[..])), (HEADER, Some(&b"b"[..]))];
        assert!(matches!(verify(&keys, None, None, &twice), Verdict::Bad(_)));
    }

    #[test]
    fn keys_are_checked_and_never_shown() {
        let e = SigningKey::new(b"short\n".to_vec()).unwrap_err();
        assert_eq!(e, ShortKey(5));
        assert!(e.to_string().contains("5 bytes"), "{e}");
        let k = key("0123456789abcdef-do-not-print");
        assert_eq!(k.id().len(), 8);
        assert!(!format!("{k:?}").contains("do-not-print"));
        assert_ne!(k.id(), key("0123456789abcdef-other").id());
    }

    #[test]
    fn repeated_header_names_are_signed_in_order() {
        let k = key("0123456789abcdef");
        let h: Vec<Header<'_>> = vec![("a", Some(b"1")), ("a", Some(b"2"))];
        let mut signed = h.clone();
        let sig = k.sign(None, None, &h);
        signed.push((HEADER, Some(sig.as_bytes())));
        let keys = [k];
        assert_eq!(verify(&keys, None, None, &signed), Verdict::Verified);
        let swapped = vec![signed[1], signed[0], signed[2]];
        assert!(matches!(
            verify(&keys, None, None, &swapped),
            Verdict::Bad(_)
        ));
    }
}

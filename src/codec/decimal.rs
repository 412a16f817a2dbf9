//! Avro `decimal` on bytes: the unscaled value as big-endian two's complement, shown as
//! decimal text ("12.34" at scale 2) and read back from it exactly, at any length the
//! precision allows (up to 1000 digits; no i128 limit), so consume | produce keeps a decimal's
//! bytes. Minimal encodings, as Java's `BigInteger.toByteArray` writes them.

/// Longest unscaled value accepted: 1000 digits fit in 416 bytes; more is not a decimal any
/// valid schema can hold, and is refused rather than converted slowly.
const MAX_BYTES: usize = 512;
const MAX_DIGITS: usize = 1234;

/// The decimal text of a two's-complement big-endian unscaled value at `scale`.
pub fn to_text(b: &[u8], scale: u32) -> Result<String, String> {
    if b.is_empty() {
        return Err("a decimal cannot be empty bytes".into());
    }
    if b.len() > MAX_BYTES {
        return Err(format!(
            "a decimal of {} bytes is longer than any precision allows",
            b.len()
        ));
    }
    let neg = b[0] & 0x80 != 0;
    let mut mag: Vec<u8> = if neg { negate(b) } else { b.to_vec() };
    let mut digits = Vec::new();
    while mag.iter().any(|&x| x != 0) {
        digits.push(b'0' + div10(&mut mag));
    }
    if digits.is_empty() {
        digits.push(b'0');
    }
    let scale = scale as usize;
    while digits.len() <= scale {
        digits.push(b'0');
    }
    digits.reverse();
    let (int, frac) = digits.split_at(digits.len() - scale);
    let mut s = String::with_capacity(digits.len() + 2);
    if neg {
        s.push('-');
    }
    s.push_str(std::str::from_utf8(int).unwrap_or("0"));
    if scale > 0 {
        s.push('.');
        s.push_str(std::str::from_utf8(frac).unwrap_or("0"));
    }
    Ok(s)
}

/// The minimal two's-complement bytes of decimal text at `scale`; None when the text is not
/// a decimal (`-`? digits, `.` digits?). Fewer fraction digits than the scale are padded;
/// more would lose digits and are an error.
pub fn from_text(text: &str, scale: u32) -> Option<Result<Vec<u8>, String>> {
    let (neg, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let all_digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    if int.is_empty()
        || !all_digits(int)
        || !all_digits(frac)
        || (body.contains('.') && frac.is_empty())
    {
        return None;
    }
    let scale = scale as usize;
    if frac.len() > scale {
        return Some(Err(format!(
            "{text} has {} digits after the point; the schema's scale is {scale}",
            frac.len()
        )));
    }
    if int.len() + scale > MAX_DIGITS {
        return Some(Err(format!(
            "{text} has more digits than any decimal precision allows"
        )));
    }
    // the magnitude, big-endian, built digit by digit
    let mut mag: Vec<u8> = vec![0];
    let padding = std::iter::repeat_n(b'0', scale - frac.len());
    for d in int.bytes().chain(frac.bytes()).chain(padding) {
        mul10_add(&mut mag, d - b'0');
    }
    // room for the sign bit
    if mag[0] & 0x80 != 0 {
        mag.insert(0, 0);
    }
    let bytes = if neg && mag.iter().any(|&x| x != 0) {
        negate(&mag)
    } else {
        mag
    };
    Some(Ok(minimal(bytes)))
}

/// -x in two's complement, same length.
fn negate(b: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = b.iter().map(|x| !x).collect();
    for x in out.iter_mut().rev() {
        let (v, carry) = x.overflowing_add(1);
        *x = v;
        if !carry {
            break;
        }
    }
    out
}

/// Divides a big-endian magnitude by 10 in place; returns the remainder.
fn div10(mag: &mut [u8]) -> u8 {
    let mut rem: u16 = 0;
    for x in mag.iter_mut() {
        let cur = (rem << 8) | u16::from(*x);
        *x = (cur / 10) as u8;
        rem = cur % 10;
    }
    rem as u8
}

/// mag = mag * 10 + d, growing at the front when it carries.
fn mul10_add(mag: &mut Vec<u8>, d: u8) {
    let mut carry = u16::from(d);
    for x in mag.iter_mut().rev() {
        let cur = u16::from(*x) * 10 + carry;
        *x = (cur & 0xff) as u8;
        carry = cur >> 8;
    }
    while carry > 0 {
        mag.insert(0, (carry & 0xff) as u8);
        carry >>= 8;
    }
}

/// Drops leading bytes that only repeat the sign.
fn minimal(mut b: Vec<u8>) -> Vec<u8> {
    let mut start = 0;
    while start + 1 < b.len() {
        let (x, next) = (b[start], b[start + 1]);
        if (x == 0 && next & 0x80 == 0) || (x == 0xff && next & 0x80 != 0) {
            start += 1;
        } else {
            break;
        }
    }
    b.drain(..start);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_twos_complement_values() {
        assert_eq!(to_text(&[0x04, 0xd2], 2).unwrap(), "12.34");
        assert_eq!(to_text(&[0xfb, 0x2e], 2).unwrap(), "-12.34");
        assert_eq!(to_text(&[0x05], 3).unwrap(), "0.005");
        assert_eq!(to_text(&[0xff], 0).unwrap(), "-1");
        assert_eq!(to_text(&[0x00], 2).unwrap(), "0.00");
        assert_eq!(to_text(&[0x80], 0).unwrap(), "-128");
        assert!(to_text(&[], 2).is_err());
        assert!(to_text(&[1; 600], 2).is_err());
    }

    #[test]
    fn bytes_of_decimal_text_are_minimal() {
        let b = |t: &str, s| from_text(t, s).unwrap().unwrap();
        assert_eq!(b("12.34", 2), [0x04, 0xd2]);
        assert_eq!(b("-12.34", 2), [0xfb, 0x2e]);
        assert_eq!(b("12.3", 2), [0x04, 0xce]);
        assert_eq!(b("0", 2), [0x00]);
        assert_eq!(b("-0.00", 2), [0x00]);
        assert_eq!(b("127", 0), [0x7f]);
        assert_eq!(b("128", 0), [0x00, 0x80]);
        assert_eq!(b("-128", 0), [0x80]);
        assert_eq!(b("-129", 0), [0xff, 0x7f]);
        assert!(from_text("1.234", 2).unwrap().is_err());
        for not in ["", "-", "1.", ".5", "1e5", "ÿÿ", "+1", "1.2.3"] {
            assert!(from_text(not, 2).is_none(), "{not}");
        }
    }

    #[test]
    fn long_values_round_trip_past_128_bits() {
        let digits = "9".repeat(80);
        let text = format!("-{digits}.12");
        let bytes = from_text(&text, 2).unwrap().unwrap();
        assert!(bytes.len() > 16);
        assert_eq!(to_text(&bytes, 2).unwrap(), text);
        for v in [
            &[0x01u8, 0x00][..],
            &[0xff, 0x00, 0x01],
            &[0x7f; 40],
            &[0x80; 33],
        ] {
            let t = to_text(v, 4).unwrap();
            assert_eq!(
                from_text(&t, 4).unwrap().unwrap(),
                minimal(v.to_vec()),
                "{t}"
            );
        }
    }
}

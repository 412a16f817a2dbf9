//! Where a JSON pointer's value starts in JSON text, by line: a compatibility finding points
//! into a schema (`/fields/3/type`), and CI annotations want the line of the file. serde_json
//! forgets positions, so this walks the text itself; it knows JSON's syntax and nothing else.

/// The 1-based line where the value at a JSON pointer starts in `text` (None if not found).
pub fn pointer_line(text: &str, pointer: &str) -> Option<usize> {
    let target: Vec<&str> = pointer.split('/').filter(|s| !s.is_empty()).collect();
    let b = text.as_bytes();
    let mut pos = 0;
    let mut path: Vec<String> = Vec::new();
    let at = scan(b, &mut pos, &mut path, &target)?;
    Some(text[..at].matches('\n').count() + 1)
}

fn skip_ws(b: &[u8], pos: &mut usize) {
    while *pos < b.len() && b[*pos].is_ascii_whitespace() {
        *pos += 1;
    }
}

fn scan_string(b: &[u8], pos: &mut usize) -> String {
    let start = *pos + 1;
    *pos += 1;
    while *pos < b.len() && b[*pos] != b'"' {
        if b[*pos] == b'\\' {
            *pos += 1;
        }
        *pos += 1;
    }
    let s = String::from_utf8_lossy(&b[start..(*pos).min(b.len())]).into_owned();
    *pos += 1;
    s
}

/// Scans one value; returns the offset of the target's start when found inside it.
fn scan(b: &[u8], pos: &mut usize, path: &mut Vec<String>, target: &[&str]) -> Option<usize> {
    skip_ws(b, pos);
    if path.len() == target.len() && path.iter().zip(target).all(|(a, t)| a == t) {
        return Some(*pos);
    }
    let on_route = path.len() < target.len() && path.iter().zip(target).all(|(a, t)| a == t);
    match b.get(*pos)? {
        b'{' => {
            *pos += 1;
            loop {
                skip_ws(b, pos);
                match b.get(*pos)? {
                    b'}' => {
                        *pos += 1;
                        return None;
                    }
                    b',' => *pos += 1,
                    b'"' => {
                        let key = scan_string(b, pos);
                        skip_ws(b, pos);
                        *pos += 1; // ':'
                        path.push(key);
                        let found = if on_route {
                            scan(b, pos, path, target)
                        } else {
                            skip(b, pos)
                        };
                        path.pop();
                        if found.is_some() {
                            return found;
                        }
                    }
                    _ => return None,
                }
            }
        }
        b'[' => {
            *pos += 1;
            let mut i = 0usize;
            loop {
                skip_ws(b, pos);
                match b.get(*pos)? {
                    b']' => {
                        *pos += 1;
                        return None;
                    }
                    b',' => {
                        *pos += 1;
                        i += 1;
                    }
                    _ => {
                        path.push(i.to_string());
                        let found = if on_route {
                            scan(b, pos, path, target)
                        } else {
                            skip(b, pos)
                        };
                        path.pop();
                        if found.is_some() {
                            return found;
                        }
                    }
                }
            }
        }
        _ => skip(b, pos),
    }
}

/// Skips one value (never "finds" anything).
fn skip(b: &[u8], pos: &mut usize) -> Option<usize> {
    skip_ws(b, pos);
    match b.get(*pos)? {
        b'"' => {
            scan_string(b, pos);
        }
        b'{' | b'[' => {
            let mut depth = 0i32;
            while *pos < b.len() {
                match b[*pos] {
                    b'"' => {
                        scan_string(b, pos);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            *pos += 1;
                            return None;
                        }
                    }
                    _ => {}
                }
                *pos += 1;
            }
        }
        _ => {
            while *pos < b.len() && !matches!(b[*pos], b',' | b'}' | b']') {
                *pos += 1;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_map_to_lines() {
        let text = "{\n  \"type\": \"record\",\n  \"name\": \"R\",\n  \"fields\": [\n    {\"name\": \"a\", \"type\": \"int\"},\n    {\n      \"name\": \"b\",\n      \"type\": \"string\"\n    }\n  ]\n}\n";
        assert_eq!(pointer_line(text, "/fields/0"), Some(5));
        assert_eq!(pointer_line(text, "/fields/1/type"), Some(8));
        assert_eq!(pointer_line(text, "/name"), Some(3));
        assert_eq!(pointer_line(text, "/"), Some(1));
        assert_eq!(pointer_line(text, "/fields/7"), None);
    }
}

//! Reports of `evctl schema check` in the four forms CI systems read: text for people, JSON for
//! scripts, GitHub workflow annotations, and a JUnit XML report.

use std::io::{self, Write};

use crate::codec::Finding;

/// What happened to one schema file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Compatible,
    Incompatible,
    /// No earlier version: passes.
    New,
    /// Present at the reference, gone now: reported as a failure.
    Deleted,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct FileReport {
    pub file: String,
    pub status: Status,
    /// The mode applied (e.g. BACKWARD).
    pub mode: String,
    pub checked_against: Vec<String>,
    pub findings: Vec<Finding>,
    /// Line of each finding in the file (for annotations), same order as `findings`.
    #[serde(skip)]
    pub lines: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFormat {
    Text,
    Json,
    Github,
    Junit,
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// GitHub annotation values escape %, CR and LF; properties also escape , and :.
fn gh(s: &str, property: bool) -> String {
    let mut o = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        o = o.replace(',', "%2C").replace(':', "%3A");
    }
    o
}

fn finding_text(f: &Finding) -> String {
    format!(
        "{} ({:?} against {}): {}",
        f.problem.pointer, f.direction, f.against, f.problem.message
    )
    .replace("(Backward", "(backward")
    .replace("(Forward", "(forward")
}

pub fn write_report(
    out: &mut impl Write,
    reports: &[FileReport],
    format: ErrorFormat,
) -> io::Result<()> {
    match format {
        ErrorFormat::Text => {
            for r in reports {
                match r.status {
                    Status::Compatible => writeln!(
                        out,
                        "ok    {} ({} against {})",
                        r.file,
                        r.mode,
                        r.checked_against.join(", ")
                    )?,
                    Status::New => writeln!(out, "new   {} (no earlier version)", r.file)?,
                    Status::Deleted => writeln!(
                        out,
                        "FAIL  {}: deleted or renamed (it exists at {})",
                        r.file,
                        r.checked_against.join(", ")
                    )?,
                    Status::Incompatible => {
                        writeln!(
                            out,
                            "FAIL  {} ({}): {} incompatibilit{}",
                            r.file,
                            r.mode,
                            r.findings.len(),
                            if r.findings.len() == 1 { "y" } else { "ies" }
                        )?;
                        for f in &r.findings {
                            writeln!(out, "      {}", finding_text(f))?;
                        }
                    }
                }
            }
        }
        ErrorFormat::Json => {
            let failed = reports
                .iter()
                .any(|r| matches!(r.status, Status::Incompatible | Status::Deleted));
            let v = serde_json::json!({ "compatible": !failed, "files": reports });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            )?;
        }
        ErrorFormat::Github => {
            for r in reports {
                match r.status {
                    Status::Incompatible => {
                        for (f, line) in r.findings.iter().zip(&r.lines) {
                            writeln!(
                                out,
                                "::error file={},line={},title={}::{}",
                                gh(&r.file, true),
                                line,
                                gh(&format!("schema incompatible ({})", r.mode), true),
                                gh(&finding_text(f), false)
                            )?;
                        }
                    }
                    Status::Deleted => writeln!(
                        out,
                        "::error file={}::{}",
                        gh(&r.file, true),
                        gh("schema deleted or renamed", false)
                    )?,
                    Status::Compatible | Status::New => {}
                }
            }
        }
        ErrorFormat::Junit => {
            let failures = reports
                .iter()
                .filter(|r| matches!(r.status, Status::Incompatible | Status::Deleted))
                .count();
            writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
            writeln!(out, "<testsuites><testsuite name=\"evctl schema check\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">", reports.len())?;
            for r in reports {
                write!(
                    out,
                    "  <testcase classname=\"schema\" name=\"{}\">",
                    xml(&r.file)
                )?;
                match r.status {
                    Status::Incompatible => {
                        let body: Vec<String> = r.findings.iter().map(finding_text).collect();
                        write!(
                            out,
                            "<failure message=\"{} incompatible\">{}</failure>",
                            xml(&r.mode),
                            xml(&body.join("\n"))
                        )?;
                    }
                    Status::Deleted => write!(out, "<failure message=\"deleted or renamed\"/>")?,
                    Status::Compatible | Status::New => {}
                }
                writeln!(out, "</testcase>")?;
            }
            writeln!(out, "</testsuite></testsuites>")?;
        }
    }
    Ok(())
}

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

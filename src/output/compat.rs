//! Reports of `evctl schema check` in the four forms CI systems read: text for people, JSON for
//! scripts, GitHub workflow annotations, and a JUnit XML report.

use std::io::{self, Write};

use crate::domain::compat::Finding;

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
                            writeln!(out, "      {f}")?;
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
                                gh(&f.to_string(), false)
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
                        let body: Vec<String> = r.findings.iter().map(Finding::to_string).collect();
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

/// What `schema push` did with one subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PushStatus {
    /// Registered now (or, on a dry run, would be).
    New,
    /// Already registered under the subject: its id and version.
    Unchanged,
    /// Not registered: the check failed.
    Incompatible,
}

/// One line of `schema push`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Pushed {
    pub file: String,
    pub subject: String,
    pub id: Option<u32>,
    pub version: Option<i64>,
    pub status: PushStatus,
    pub mode: String,
    pub findings: Vec<Finding>,
}

impl Pushed {
    pub fn of(
        subject: &str,
        checked: &FileReport,
        found: Option<(u32, i64)>,
        status: PushStatus,
    ) -> Self {
        Self {
            file: checked.file.clone(),
            subject: subject.to_string(),
            id: found.map(|f| f.0),
            version: found.map(|f| f.1),
            status,
            mode: checked.mode.clone(),
            findings: checked.findings.clone(),
        }
    }
}

/// `schema push -o json`: one object per subject.
pub fn push_json(pushed: &[Pushed]) -> String {
    serde_json::to_string_pretty(pushed).unwrap_or_default() + "\n"
}

/// `schema push`: one line per subject.
pub fn push_lines(pushed: &[Pushed], dry_run: bool) -> String {
    pushed
        .iter()
        .map(|p| {
            let at = match (p.id, p.version) {
                (Some(id), Some(v)) => format!(" id {id} version {v}"),
                _ => String::new(),
            };
            let what = match (p.status, dry_run) {
                (PushStatus::New, true) => "new (dry run: not registered)",
                (PushStatus::New, false) => "new",
                (PushStatus::Unchanged, _) => "unchanged",
                (PushStatus::Incompatible, _) => "INCOMPATIBLE (not registered)",
            };
            format!("{}  {what}{at}  ({})\n", p.subject, p.file)
        })
        .collect()
}

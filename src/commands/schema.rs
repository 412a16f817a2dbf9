//! `evctl schema check`: a new schema against its history from files, a git ref or a
//! Schema Registry. Exit 0 compatible, 1 incompatible (or a schema deleted), 2 error.
//!
//! Git is read through one `git cat-file --batch` process, not a `git show` per file, so a
//! directory of a thousand schemas is checked in well under the 2 s budget.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{anyhow, bail, Context as _};

use super::Outcome;
use crate::codec::check_history;
use crate::codec::registry::{references_of, Registry, RegistryError};
use crate::codec::schema::{finding_line, load_file, parse_file, Schema, SchemaFile, SchemaKind};
use crate::domain::compat::{JsonPolicy, Mode};
use crate::output::compat::{
    push_json, push_lines, write_report, ErrorFormat, FileReport, PushStatus, Pushed, Status,
};
use crate::output::reporter::Reporter;
use crate::output::{write_text, Out};
use crate::session::context;

#[derive(Debug)]
pub enum Against {
    Files(Vec<PathBuf>),
    Git(String),
    Registry {
        url: String,
        user: Option<String>,
        password: Option<String>,
        ca_file: Option<std::path::PathBuf>,
        subject: Option<String>,
    },
}

#[derive(Debug)]
pub struct SchemaCheckRequest {
    pub paths: Vec<PathBuf>,
    pub against: Against,
    /// None: backward, or the registry subject's setting.
    pub mode: Option<Mode>,
    /// Every file's format (None: from its extension).
    pub kind: Option<SchemaKind>,
    /// Where imports are looked for after the importing file's folder.
    pub proto_paths: Vec<PathBuf>,
    pub policy: JsonPolicy,
    pub format: ErrorFormat,
}

impl SchemaCheckRequest {
    /// Reads and parses a schema file with its imports; errors name the file and the line.
    fn load(&self, path: &Path) -> anyhow::Result<SchemaFile> {
        Ok(load_file(path, self.kind, &self.proto_paths)?)
    }

    /// Parses an earlier version's text (from git or a file) in the new file's format, its
    /// imports read from where the new file's are.
    fn parse_old(&self, new: &SchemaFile, label: &str, text: &str) -> anyhow::Result<Schema> {
        let name = new
            .path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(parse_file(
            new.schema.kind(),
            Path::new(label),
            &name,
            text,
            new.imports.clone(),
        )?)
    }
}

/// Expands directories into their `.avsc`, `.proto` and `.json` files (sorted); plain files
/// are kept as given.
fn expand(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read directory {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out)?;
            } else if SchemaKind::of_path(&p).is_some() {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            bail!("{}: no such file or directory", p.display());
        }
    }
    Ok(out)
}

fn git(args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new("git")
        .args(args)
        .output()
        .context("running git (is it installed?)")?;
    if !out.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Reads `REF:path` for many paths through one `git cat-file --batch`; None where missing.
fn git_blobs(reference: &str, paths: &[String]) -> anyhow::Result<Vec<Option<String>>> {
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("running git cat-file")?;
    let mut stdin = child.stdin.take().context("git stdin")?;
    let requests: String = paths.iter().map(|p| format!("{reference}:{p}\n")).collect();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(requests.as_bytes());
    });
    let mut reader = BufReader::new(child.stdout.take().context("git stdout")?);
    let mut out = Vec::with_capacity(paths.len());
    for _ in paths {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let parts: Vec<&str> = header.split_whitespace().collect();
        if parts.len() == 3 && parts[1] == "blob" {
            let size: usize = parts[2].parse().unwrap_or(0);
            let mut buf = vec![0u8; size + 1]; // content and the trailing newline
            reader.read_exact(&mut buf)?;
            buf.pop();
            out.push(Some(String::from_utf8_lossy(&buf).into_owned()));
        } else {
            out.push(None);
        }
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}

fn report(
    new: &SchemaFile,
    mode: Mode,
    policy: JsonPolicy,
    history: &[(String, Schema)],
) -> FileReport {
    let findings = check_history(&new.schema, history, mode, policy);
    let lines = findings
        .iter()
        .map(|f| finding_line(new.schema.kind(), &new.text, &f.problem.pointer).unwrap_or(1))
        .collect();
    FileReport {
        file: new.path.display().to_string(),
        status: if history.is_empty() {
            Status::New
        } else if findings.is_empty() {
            Status::Compatible
        } else {
            Status::Incompatible
        },
        mode: mode.to_string(),
        checked_against: history.iter().map(|(l, _)| l.clone()).collect(),
        findings,
        lines,
    }
}

/// `schema check` or `schema push`.
#[derive(Debug)]
pub enum SchemaRequest {
    Check(SchemaCheckRequest),
    Push(SchemaPushRequest),
}

pub fn run(rep: &Reporter, out: &mut Out, r: SchemaRequest) -> anyhow::Result<Outcome> {
    match r {
        SchemaRequest::Check(c) => check(out, c),
        SchemaRequest::Push(p) => push(rep, out, p),
    }
}

fn check(out: &mut Out, r: SchemaCheckRequest) -> anyhow::Result<Outcome> {
    let reports = match &r.against {
        Against::Files(history) => {
            let [new_path] = r.paths.as_slice() else {
                bail!(
                    "--against compares one new schema file; got {} paths",
                    r.paths.len()
                );
            };
            let new = r.load(new_path)?;
            let mut hist = Vec::new();
            for p in history {
                let kind = r.kind.or(Some(new.schema.kind()));
                let old = load_file(p, kind, &r.proto_paths)?;
                hist.push((p.display().to_string(), old.schema));
            }
            vec![report(
                &new,
                r.mode.unwrap_or(Mode::Backward),
                r.policy,
                &hist,
            )]
        }
        Against::Git(reference) => check_git(&r, reference)?,
        Against::Registry {
            url,
            user,
            password,
            ca_file,
            subject,
        } => {
            let files = expand(&r.paths)?;
            if subject.is_some() && files.len() != 1 {
                bail!(
                    "--subject names one subject; give exactly one schema file (got {})",
                    files.len()
                );
            }
            let reg = Registry::new(url, user.as_deref(), password.as_deref())
                .with_ca_file(ca_file.as_deref())?;
            let mut out = Vec::new();
            for f in files {
                let new = r.load(&f)?;
                let subject = subject.clone().unwrap_or_else(|| {
                    format!(
                        "{}-value",
                        f.file_stem()
                            .map(|s| s.to_string_lossy())
                            .unwrap_or_default()
                    )
                });
                let (mode, hist) = registry_history(&reg, &subject, r.mode)?;
                out.push(report(&new, mode, r.policy, &hist));
            }
            out
        }
    };
    write_report(out, &reports, r.format).context("writing the report")?;
    out.flush().context("writing the report")?;
    let failed = reports
        .iter()
        .any(|x| matches!(x.status, Status::Incompatible | Status::Deleted));
    Ok(if failed {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

/// The subject's level (`mode`, else the registry's setting) and its versions, compiled with
/// what their references reach, oldest first.
fn registry_history(
    reg: &Registry,
    subject: &str,
    mode: Option<Mode>,
) -> anyhow::Result<(Mode, Vec<(String, Schema)>)> {
    let versions = reg.versions(subject)?.unwrap_or_default();
    let mode = match mode {
        Some(m) => m,
        // a new subject has nothing to check against: no need to ask
        None if versions.is_empty() => Mode::Backward,
        None => reg.compatibility(subject)?.unwrap_or(Mode::Backward),
    };
    let mut hist = Vec::new();
    for v in versions {
        let label = format!("{subject} v{v}");
        let got = reg.registered_version(subject, v)?;
        let referenced = reg.referenced(&got.references)?;
        let old = Schema::parse(got.kind, &label, &got.text, referenced)
            .map_err(|e| anyhow!("{label}: invalid schema: {e}"))?;
        hist.push((label, old));
    }
    Ok((mode, hist))
}

/// `evctl schema push`: the CI step. Each file is checked against its subject's versions at
/// the subject's level (the checker `schema check` uses) and registered only when
/// compatible; what is already registered is `unchanged` (its id and version). Exit 1 when
/// any subject is incompatible: nothing of it was registered.
#[derive(Debug)]
pub struct SchemaPushRequest {
    pub paths: Vec<PathBuf>,
    pub registry: crate::domain::connection::RegistryArgs,
    pub context: Option<String>,
    /// (file, subject) pairs from `--subject-map`; other files: `<stem>-value`.
    pub subject_map: Option<PathBuf>,
    pub dry_run: bool,
    pub kind: Option<SchemaKind>,
    pub proto_paths: Vec<PathBuf>,
    pub policy: JsonPolicy,
    pub errors: ErrorFormat,
    pub json: bool,
}

/// Reads `--subject-map`: `FILE SUBJECT` (or `FILE=SUBJECT`) per line, `#` comments.
fn subject_map(path: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading --subject-map {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let pair = line
            .split_once('=')
            .or_else(|| line.split_once(char::is_whitespace))
            .map(|(f, s)| (f.trim().to_string(), s.trim().to_string()))
            .filter(|(f, s)| !f.is_empty() && !s.is_empty());
        match pair {
            Some(p) => out.push(p),
            None => bail!(
                "{}:{}: '{line}' is not FILE SUBJECT (or FILE=SUBJECT)",
                path.display(),
                i + 1
            ),
        }
    }
    Ok(out)
}

/// The subject of a file: the map's entry (by the path as given, or its file name), else
/// the topic naming `<stem>-value`.
fn subject_of(file: &Path, map: &[(String, String)]) -> String {
    let shown = file.display().to_string();
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    map.iter()
        .find(|(f, _)| *f == shown || Path::new(f) == file || *f == name)
        .map(|(_, s)| s.clone())
        .unwrap_or_else(|| {
            format!(
                "{}-value",
                file.file_stem()
                    .map(|s| s.to_string_lossy())
                    .unwrap_or_default()
            )
        })
}

pub fn push(rep: &Reporter, out: &mut Out, r: SchemaPushRequest) -> anyhow::Result<Outcome> {
    let (url, args) = context::registry(&r.registry, r.context.as_deref())?;
    let reg = Registry::from_args(&url, &args)?;
    let map = match &r.subject_map {
        Some(p) => subject_map(p)?,
        None => Vec::new(),
    };
    let mut reports = Vec::new();
    let mut pushed = Vec::new();
    for f in expand(&r.paths)? {
        let new = load_file(&f, r.kind, &r.proto_paths)?;
        let subject = subject_of(&f, &map);
        let (mode, hist) = registry_history(&reg, &subject, None)?;
        let checked = report(&new, mode, r.policy, &hist);
        let result = if checked.status == Status::Incompatible {
            Pushed::of(&subject, &checked, None, PushStatus::Incompatible)
        } else {
            let (found, status) = register_if_new(&reg, &new, &subject, r.dry_run)?;
            Pushed::of(&subject, &checked, found, status)
        };
        rep.debug(format!("{}: {:?}", subject, result.status));
        pushed.push(result);
        reports.push(checked);
    }
    if r.json {
        write_text(out, &push_json(&pushed)).context("writing the report")?;
    } else {
        let failed: Vec<FileReport> = reports
            .into_iter()
            .filter(|x| x.status == Status::Incompatible)
            .collect();
        if !failed.is_empty() {
            write_report(out, &failed, r.errors).context("writing the report")?;
        }
        write_text(out, &push_lines(&pushed, r.dry_run)).context("writing the report")?;
    }
    Ok(
        if pushed.iter().any(|p| p.status == PushStatus::Incompatible) {
            Outcome::Negative
        } else {
            Outcome::Success
        },
    )
}

/// Registers a compatible schema unless it is there already (or this is a dry run): its
/// (id, version) where known, and whether it is new.
fn register_if_new(
    reg: &Registry,
    file: &SchemaFile,
    subject: &str,
    dry_run: bool,
) -> anyhow::Result<(Option<(u32, i64)>, PushStatus)> {
    let kind = file.schema.kind();
    // the imports first: looked up only on a dry run (one not registered yet means new)
    let refs = match reg.import_references(kind, &file.imports, !dry_run) {
        Ok(refs) => refs,
        Err(_) if dry_run => return Ok((None, PushStatus::New)),
        Err((name, e)) => bail!(
            "{}: registering the import {name}: {e}",
            file.path.display()
        ),
    };
    let own = references_of(kind, &file.text, &refs);
    match reg.lookup_typed(subject, kind, &file.text, &own) {
        Ok(found) => return Ok((Some(found), PushStatus::Unchanged)),
        Err(RegistryError::Api {
            code: 40401 | 40403,
            ..
        }) => {}
        Err(e) => return Err(e.into()),
    }
    if dry_run {
        return Ok((None, PushStatus::New));
    }
    reg.register_typed(subject, kind, &file.text, &own)
        .with_context(|| format!("registering {} under {subject}", file.path.display()))?;
    let found = reg.lookup_typed(subject, kind, &file.text, &own)?;
    Ok((Some(found), PushStatus::New))
}

fn check_git(r: &SchemaCheckRequest, reference: &str) -> anyhow::Result<Vec<FileReport>> {
    let mode = r.mode.unwrap_or(Mode::Backward);
    git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{reference}^{{commit}}"),
    ])
    .map_err(|_| {
        anyhow!("--against-git {reference}: not a branch, tag or commit in this repository")
    })?;
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?.trim());
    let cwd = std::env::current_dir()?.canonicalize()?;
    let rel = |p: &Path| -> anyhow::Result<String> {
        let abs = cwd.join(p);
        let abs = abs.canonicalize().unwrap_or(abs);
        let r = abs.strip_prefix(&top).map_err(|_| {
            anyhow!(
                "{} is outside the git repository {}",
                p.display(),
                top.display()
            )
        })?;
        Ok(r.to_string_lossy().replace('\\', "/"))
    };
    let files = expand(&r.paths)?;
    let rels: Vec<String> = files.iter().map(|f| rel(f)).collect::<Result<_, _>>()?;
    let old = git_blobs(reference, &rels)?;
    let mut out = Vec::new();
    for ((f, relpath), old_text) in files.iter().zip(&rels).zip(old) {
        let new = r.load(f)?;
        let label = format!("{reference}:{relpath}");
        let hist = match old_text {
            Some(t) => vec![(label.clone(), r.parse_old(&new, &label, &t)?)],
            None => Vec::new(),
        };
        out.push(report(&new, mode, r.policy, &hist));
    }
    // schemas present at the reference under the given directories but gone now
    for p in r.paths.iter().filter(|p| p.is_dir()) {
        let dir = rel(p)?;
        let dir = if dir.is_empty() { ".".to_string() } else { dir };
        let top_s = top.to_string_lossy().into_owned();
        let listed = git(&[
            "-C",
            &top_s,
            "ls-tree",
            "-r",
            "--name-only",
            reference,
            "--",
            &dir,
        ])?;
        let schemas = listed
            .lines()
            .filter(|l| SchemaKind::of_path(Path::new(l)).is_some());
        for old_path in schemas {
            if !rels.iter().any(|r| r == old_path) {
                out.push(FileReport {
                    file: old_path.to_string(),
                    status: Status::Deleted,
                    mode: mode.to_string(),
                    checked_against: vec![format!("{reference}:{old_path}")],
                    findings: Vec::new(),
                    lines: Vec::new(),
                });
            }
        }
    }
    Ok(out)
}

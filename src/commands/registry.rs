//! `evctl registry …`: the Schema Registry's administration at rpk's level, each call one
//! request whose answer is printed as a table or, with `-o json`, as the registry gave it.
//!
//! Why deletes are a plan first (DESIGN §5): a subject's versions are what producers and
//! consumers resolve ids against; `subject delete` and `schema delete` say what would go and
//! change nothing without `--execute`. A soft delete is the way back from itself (the
//! versions stay readable with `--deleted`); a permanent delete needs the soft one first, as
//! the registry requires.

use std::path::PathBuf;

use anyhow::{anyhow, Context as _};
use serde_json::{json, Value};

use super::Outcome;
use crate::codec::registry::{references_of, Registry, Setting};
use crate::codec::schema::{load_file, SchemaKind};
use crate::domain::connection::RegistryArgs;
use crate::output::registry as show;
use crate::output::reporter::Reporter;
use crate::output::{write_text, Out, ReportFormat};
use crate::session::context;

#[derive(Debug)]
pub struct RegistryRequest {
    pub registry: RegistryArgs,
    pub context: Option<String>,
    pub format: ReportFormat,
    pub action: Action,
}

#[derive(Debug)]
pub enum Action {
    Subjects {
        deleted: bool,
    },
    DeleteSubject {
        subject: String,
        permanent: bool,
        execute: bool,
    },
    Get {
        id: Option<u32>,
        subject: Option<String>,
        version: String,
    },
    Versions {
        subject: String,
        deleted: bool,
    },
    Register {
        file: PathBuf,
        subject: String,
        kind: Option<SchemaKind>,
        include: Vec<PathBuf>,
    },
    DeleteVersion {
        subject: String,
        version: String,
        permanent: bool,
        execute: bool,
    },
    References {
        subject: String,
        version: String,
    },
    GetSetting {
        what: Setting,
        subject: Option<String>,
    },
    SetSetting {
        what: Setting,
        subject: Option<String>,
        value: String,
    },
}

pub fn run(rep: &Reporter, out: &mut Out, r: RegistryRequest) -> anyhow::Result<Outcome> {
    let (url, args) = context::registry(&r.registry, r.context.as_deref())?;
    let reg = Registry::from_args(&url, &args)?;
    let json_out = r.format == ReportFormat::Json;
    let (value, text): (Value, String) = match r.action {
        Action::Subjects { deleted } => {
            let subjects = reg.subjects(deleted)?;
            let text = subjects.iter().map(|s| format!("{s}\n")).collect();
            (json!(subjects), text)
        }
        Action::Versions { subject, deleted } => {
            let versions = reg.version_list(&subject, deleted)?;
            let text = versions.iter().map(|v| format!("{v}\n")).collect();
            (json!(versions), text)
        }
        Action::Get {
            id,
            subject,
            version,
        } => {
            let v = reg.schema_json(id, subject.as_deref().map(|s| (s, version.as_str())))?;
            let text = show::schema(&v);
            (v, text)
        }
        Action::References { subject, version } => {
            let ids = reg.referenced_by(&subject, &version)?;
            let mut rows = Vec::new();
            for id in &ids {
                for (s, v) in reg.uses_of(*id)? {
                    rows.push(json!({"id": id, "subject": s, "version": v}));
                }
            }
            let text = show::references(&subject, &version, &rows);
            (json!(rows), text)
        }
        Action::Register {
            file,
            subject,
            kind,
            include,
        } => {
            let f = load_file(&file, kind, &include)?;
            let kind = f.schema.kind();
            let refs = reg
                .import_references(kind, &f.imports, true)
                .map_err(|(name, e)| anyhow!("registering the import {name}: {e}"))?;
            let own = references_of(kind, &f.text, &refs);
            let id = reg
                .register_typed(&subject, kind, &f.text, &own)
                .with_context(|| format!("registering {} under {subject}", file.display()))?;
            let (_, version) = reg.lookup_typed(&subject, kind, &f.text, &own)?;
            let v = json!({"subject": subject, "id": id, "version": version,
                           "references": own.iter().map(|r| json!({"name": r.name, "subject": r.subject, "version": r.version})).collect::<Vec<_>>()});
            let text = format!("{subject}: id {id}, version {version}\n");
            (v, text)
        }
        Action::DeleteSubject {
            subject,
            permanent,
            execute,
        } => {
            let versions = reg.version_list(&subject, permanent)?;
            if !execute {
                rep.info(show::would_delete(&subject, &versions, permanent));
                return Ok(Outcome::Success);
            }
            let gone = reg.delete_subject(&subject, permanent)?;
            rep.info(show::deleted(&subject, &gone, permanent));
            (
                json!({"subject": subject, "deleted": gone, "permanent": permanent}),
                String::new(),
            )
        }
        Action::DeleteVersion {
            subject,
            version,
            permanent,
            execute,
        } => {
            if !execute {
                let v = reg
                    .schema_json(None, Some((&subject, &version)))
                    .or_else(|e| {
                        if permanent {
                            Ok(json!({"version": version}))
                        } else {
                            Err(e)
                        }
                    })?;
                let n = v["version"]
                    .as_i64()
                    .map_or(version.clone(), |n| n.to_string());
                rep.info(show::would_delete(
                    &subject,
                    &[n.parse().unwrap_or(-1)],
                    permanent,
                ));
                return Ok(Outcome::Success);
            }
            let gone = reg.delete_version(&subject, &version, permanent)?;
            let n = gone.as_i64().unwrap_or(-1);
            rep.info(show::deleted(&subject, &[n], permanent));
            (
                json!({"subject": subject, "deleted": [n], "permanent": permanent}),
                String::new(),
            )
        }
        Action::GetSetting { what, subject } => {
            let own = reg.setting(what, subject.as_deref())?;
            let global = match (&own, &subject) {
                (None, Some(_)) => reg.setting(what, None)?,
                _ => None,
            };
            let text = show::setting(what, subject.as_deref(), own.as_deref(), global.as_deref());
            let effective = own.clone().or(global);
            (
                json!({"subject": subject, "value": effective, "own": own.is_some() || subject.is_none()}),
                text,
            )
        }
        Action::SetSetting {
            what,
            subject,
            value,
        } => {
            let set = reg.set_setting(what, subject.as_deref(), &value)?;
            rep.info(format!(
                "{} of {} set to {set}",
                show::setting_name(what),
                subject.as_deref().unwrap_or("the registry (global)")
            ));
            (json!({"subject": subject, "value": set}), String::new())
        }
    };
    let printed = if json_out {
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    } else {
        text
    };
    write_text(out, &printed).context("writing output")?;
    Ok(Outcome::Success)
}

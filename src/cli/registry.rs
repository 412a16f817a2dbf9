//! `evctl registry …`: flags and their validation.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};

use super::{RegistryFlags, ReportFormat};
use crate::codec::registry::Setting;
use crate::codec::schema::SchemaKind;
use crate::commands::registry::{Action, RegistryRequest};

/// How to reach the registry, and how to print: on every registry command.
#[derive(Debug, Args)]
pub struct Common {
    #[command(flatten)]
    pub registry: RegistryFlags,
    /// A named context from ~/.config/evctl/config.toml (its schema_registry and CA file).
    #[arg(long, env = "EVCTL_CONTEXT", value_name = "NAME")]
    pub context: Option<String>,
    /// Output format: text, or the registry's answer as JSON.
    #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
    pub output: ReportFormat,
}

#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// List subjects (--deleted: soft-deleted ones too).
    Subjects {
        /// Include soft-deleted subjects.
        #[arg(long)]
        deleted: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Subjects: delete.
    #[command(subcommand)]
    Subject(SubjectCommand),
    /// Schemas: get, versions, register, delete, references.
    #[command(subcommand)]
    Schema(SchemaCommand),
    /// The compatibility level of a subject or of the registry.
    #[command(subcommand)]
    Compatibility(SettingCommand),
    /// The mode (READWRITE, READONLY, READONLY_OVERRIDE, IMPORT) of a subject or the registry.
    #[command(subcommand)]
    Mode(SettingCommand),
}

#[derive(Debug, Subcommand)]
pub enum SubjectCommand {
    /// Delete a subject's versions: soft (readable with --deleted), or --permanent after a
    /// soft delete. A dry run unless --execute.
    Delete {
        subject: String,
        /// Remove the soft-deleted versions for good.
        #[arg(long)]
        permanent: bool,
        /// Delete (without it, say what would go).
        #[arg(long)]
        execute: bool,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// A schema by id, or a subject's version (default: latest), with its type and references.
    #[command(group(ArgGroup::new("which").required(true).args(["id", "subject"])))]
    Get {
        /// The schema id.
        id: Option<u32>,
        /// The subject (with --version).
        #[arg(long)]
        subject: Option<String>,
        /// The version: a number or latest.
        #[arg(long, default_value = "latest", requires = "subject")]
        version: String,
        #[command(flatten)]
        common: Common,
    },
    /// A subject's versions.
    Versions {
        subject: String,
        /// Include soft-deleted versions.
        #[arg(long)]
        deleted: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Register a schema file under a subject; its local imports ($refs) are registered
    /// first, each under its import path, and become its references.
    Register {
        file: PathBuf,
        /// The subject to register it under.
        #[arg(long)]
        subject: String,
        /// avro, protobuf or json (default: from the extension).
        #[arg(long, value_name = "TYPE")]
        schema_type: Option<String>,
        /// A folder imports are looked for in, after the file's own (repeatable).
        #[arg(long, value_name = "DIR")]
        proto_path: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Delete one version: soft, or --permanent after a soft delete. A dry run unless
    /// --execute.
    Delete {
        subject: String,
        /// The version: a number or latest.
        #[arg(long)]
        version: String,
        /// Remove the soft-deleted version for good.
        #[arg(long)]
        permanent: bool,
        /// Delete (without it, say what would go).
        #[arg(long)]
        execute: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Which schemas reference a subject's version (what a delete would break).
    References {
        subject: String,
        /// The version: a number or latest.
        #[arg(long, default_value = "latest")]
        version: String,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingCommand {
    /// Show it: the subject's own, else the global one (said so).
    Get {
        #[command(flatten)]
        scope: Scope,
        #[command(flatten)]
        common: Common,
    },
    /// Set it, for a subject or the registry.
    Set {
        /// The value: a compatibility level (backward, full_transitive, none, ...) or a mode.
        value: String,
        #[command(flatten)]
        scope: Scope,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct Scope {
    /// A subject's setting.
    #[arg(long)]
    pub subject: Option<String>,
    /// The registry's global setting.
    #[arg(long)]
    pub global: bool,
}

fn request(common: Common, action: Action) -> RegistryRequest {
    RegistryRequest {
        registry: common.registry.resolve(),
        context: common.context,
        format: common.output.into(),
        action,
    }
}

fn setting(what: Setting, c: SettingCommand) -> Result<RegistryRequest, String> {
    Ok(match c {
        SettingCommand::Get { scope, common } => request(
            common,
            Action::GetSetting {
                what,
                subject: scope.subject,
            },
        ),
        SettingCommand::Set {
            value,
            scope,
            common,
        } => {
            let value = match what {
                Setting::Compatibility => value
                    .parse::<crate::domain::compat::Mode>()
                    .map(|m| m.to_string())
                    .map_err(|e| format!("compatibility set {value}: {e}"))?,
                Setting::Mode => {
                    let m = value.to_ascii_uppercase();
                    if !["READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT"]
                        .contains(&m.as_str())
                    {
                        return Err(format!("mode set {value}: use READWRITE, READONLY, READONLY_OVERRIDE or IMPORT"));
                    }
                    m
                }
            };
            request(
                common,
                Action::SetSetting {
                    what,
                    subject: scope.subject,
                    value,
                },
            )
        }
    })
}

impl RegistryCommand {
    pub fn resolve(self) -> Result<RegistryRequest, String> {
        Ok(match self {
            Self::Subjects { deleted, common } => request(common, Action::Subjects { deleted }),
            Self::Subject(SubjectCommand::Delete {
                subject,
                permanent,
                execute,
                common,
            }) => request(
                common,
                Action::DeleteSubject {
                    subject,
                    permanent,
                    execute,
                },
            ),
            Self::Schema(s) => match s {
                SchemaCommand::Get {
                    id,
                    subject,
                    version,
                    common,
                } => request(
                    common,
                    Action::Get {
                        id,
                        subject,
                        version,
                    },
                ),
                SchemaCommand::Versions {
                    subject,
                    deleted,
                    common,
                } => request(common, Action::Versions { subject, deleted }),
                SchemaCommand::Register {
                    file,
                    subject,
                    schema_type,
                    proto_path,
                    common,
                } => {
                    let kind = schema_type
                        .map(|t| t.parse::<SchemaKind>())
                        .transpose()
                        .map_err(|e| format!("--schema-type: {e}"))?;
                    request(
                        common,
                        Action::Register {
                            file,
                            subject,
                            kind,
                            include: proto_path,
                        },
                    )
                }
                SchemaCommand::Delete {
                    subject,
                    version,
                    permanent,
                    execute,
                    common,
                } => request(
                    common,
                    Action::DeleteVersion {
                        subject,
                        version,
                        permanent,
                        execute,
                    },
                ),
                SchemaCommand::References {
                    subject,
                    version,
                    common,
                } => request(common, Action::References { subject, version }),
            },
            Self::Compatibility(c) => setting(Setting::Compatibility, c)?,
            Self::Mode(c) => setting(Setting::Mode, c)?,
        })
    }
}

//! `evctl schema check`: flags and their validation.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::codec::schema::SchemaKind;
use crate::commands::schema::{Against, SchemaCheckRequest, SchemaPushRequest, SchemaRequest};
use crate::domain::compat::{JsonPolicy, Mode};
use crate::output::compat::ErrorFormat;

#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// Check Avro, Protobuf or JSON Schema compatibility against files, a git ref or a Schema
    /// Registry, with the registry's own rules.
    ///
    /// The format comes from the extension (.avsc, .proto, .json) unless --schema-type says.
    /// Exit 0: compatible; 1: incompatible (or a schema was deleted); 2: error (an unreadable or
    /// invalid schema is named with where it fails).
    Check(CheckArgs),
    /// The CI step: check each file against its subject's registered versions (at the
    /// subject's level, as `schema check`) and register it only when compatible.
    ///
    /// Exit 0: every subject new or unchanged; 1: a subject is incompatible (nothing of it was
    /// registered); 2: error.
    Push(PushArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Subjects: <file stem>-value (the topic naming), or as --subject-map says (one `FILE SUBJECT` per line). Registering what is already there is `unchanged`, with its id and version. Imports (Protobuf) and $refs (JSON Schema) are registered first, each under its import path.

In CI, before deploying producers:
    evctl schema push schemas/ --schema-registry $REGISTRY --error-format github
    evctl schema push schemas/ --dry-run -o json"
)]
pub struct PushArgs {
    /// Schema files, or directories of .avsc, .proto and .json files (default: schemas/).
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub registry: super::RegistryFlags,
    /// A named context from ~/.config/evctl/config.toml (its schema_registry and CA file).
    #[arg(long, env = "EVCTL_CONTEXT", value_name = "NAME")]
    pub context: Option<String>,
    /// A file of `FILE SUBJECT` lines (or FILE=SUBJECT): the subject of each file.
    #[arg(long, value_name = "FILE")]
    pub subject_map: Option<PathBuf>,
    /// Check and look up, register nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub files: FileFlags,
    /// Output: a line per subject, or JSON ({subject, id, version, status} per subject).
    #[arg(short = 'o', long, value_enum, default_value_t = super::ReportFormat::Text)]
    pub output: super::ReportFormat,
}

impl ErrorFormatArg {
    fn resolve(self) -> ErrorFormat {
        match self {
            ErrorFormatArg::Text => ErrorFormat::Text,
            ErrorFormatArg::Json => ErrorFormat::Json,
            ErrorFormatArg::Github => ErrorFormat::Github,
            ErrorFormatArg::Junit => ErrorFormat::Junit,
        }
    }
}

fn parse_kind(t: Option<&str>) -> Result<Option<SchemaKind>, String> {
    t.map(str::parse::<SchemaKind>)
        .transpose()
        .map_err(|e| format!("--schema-type: {e}"))
}

fn parse_policy(p: Option<&str>) -> Result<JsonPolicy, String> {
    Ok(p.map(str::parse::<JsonPolicy>)
        .transpose()
        .map_err(|e| format!("--compatibility-policy: {e}"))?
        .unwrap_or_default())
}

impl PushArgs {
    fn resolve(self) -> Result<SchemaPushRequest, String> {
        let mut paths = self.paths;
        if paths.is_empty() {
            paths.push(PathBuf::from("schemas"));
        }
        Ok(SchemaPushRequest {
            paths,
            registry: self.registry.resolve(),
            context: self.context,
            subject_map: self.subject_map,
            dry_run: self.dry_run,
            kind: parse_kind(self.files.schema_type.as_deref())?,
            proto_paths: self.files.proto_path,
            policy: parse_policy(self.files.compatibility_policy.as_deref())?,
            errors: self.files.error_format.resolve(),
            json: self.output == super::ReportFormat::Json,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ErrorFormatArg {
    Text,
    Json,
    /// GitHub Actions annotations (::error file=…,line=…::…).
    Github,
    /// A JUnit XML report.
    Junit,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
  evctl schema check order-created.avsc --against v1.avsc --against v2.avsc --compatibility full_transitive\n  \
  evctl schema check schemas/ --against-git origin/main --error-format github\n  \
  evctl schema check schemas/orders.avsc --schema-registry http://localhost:8081 --subject orders-value\n  \
  evctl schema check order.proto --against old/order.proto --proto-path third_party --error-format github")]
pub struct CheckArgs {
    /// Schema files, or directories of .avsc, .proto and .json files (default: schemas/ when
    /// --against-git or a registry is used).
    pub paths: Vec<PathBuf>,
    /// An earlier version (repeatable, oldest first).
    #[arg(long, value_name = "FILE", conflicts_with = "against_git")]
    pub against: Vec<PathBuf>,
    /// Compare each file with its version at this git branch, tag or commit.
    #[arg(long, value_name = "REF")]
    pub against_git: Option<String>,
    /// Compare with the registered versions of each file's subject. --against and
    /// --against-git take precedence (so an exported EVCTL_SCHEMA_REGISTRY does not get in
    /// their way).
    #[arg(long, env = "EVCTL_SCHEMA_REGISTRY", value_name = "URL")]
    pub schema_registry: Option<String>,
    /// Registry subject (default: <file stem>-value, the topic strategy).
    #[arg(long, requires = "schema_registry")]
    pub subject: Option<String>,
    /// Registry basic-auth user.
    #[arg(long, env = "EVCTL_REGISTRY_USER")]
    pub registry_user: Option<String>,
    /// Registry basic-auth password.
    #[arg(long, env = "EVCTL_REGISTRY_PASSWORD", hide_env_values = true)]
    pub registry_password: Option<String>,
    /// Trust the CA certificates in this PEM file for an https registry (besides the public
    /// roots).
    #[arg(long, env = "EVCTL_REGISTRY_CA_FILE", value_name = "FILE")]
    pub registry_ca_file: Option<std::path::PathBuf>,
    /// backward, backward_transitive, forward, forward_transitive, full, full_transitive, none
    /// (default: backward, or the registry subject's setting).
    #[arg(long, value_name = "MODE")]
    pub compatibility: Option<String>,
    #[command(flatten)]
    pub files: FileFlags,
}

/// How schema files are read and findings reported: the same in `check` and `push`.
#[derive(Debug, Args)]
pub struct FileFlags {
    /// The schema type of every file: avro, protobuf or json (default: from the extension).
    #[arg(long, value_name = "TYPE")]
    pub schema_type: Option<String>,
    /// A folder Protobuf imports (and JSON Schema `$ref`s) are looked for in, after the
    /// importing file's own folder (repeatable; the well-known types are built in).
    #[arg(long, value_name = "DIR")]
    pub proto_path: Vec<PathBuf>,
    /// JSON Schema only: strict (the default) or lenient, as the registry's
    /// compatibilityPolicy.
    #[arg(long, value_name = "POLICY")]
    pub compatibility_policy: Option<String>,
    /// How findings are reported (text for people; json, github annotations or junit for CI).
    #[arg(long, value_enum, default_value_t = ErrorFormatArg::Text)]
    pub error_format: ErrorFormatArg,
}

impl SchemaCommand {
    pub fn resolve(self) -> Result<SchemaRequest, String> {
        match self {
            Self::Check(a) => a.resolve().map(SchemaRequest::Check),
            Self::Push(a) => a.resolve().map(SchemaRequest::Push),
        }
    }
}

impl CheckArgs {
    fn resolve(self) -> Result<SchemaCheckRequest, String> {
        let a = self;
        let mode = a
            .compatibility
            .as_deref()
            .map(str::parse::<Mode>)
            .transpose()
            .map_err(|e| format!("--compatibility: {e}"))?;
        let kind = parse_kind(a.files.schema_type.as_deref())?;
        let policy = parse_policy(a.files.compatibility_policy.as_deref())?;
        let mut paths = a.paths;
        let against = if !a.against.is_empty() {
            if paths.len() != 1 {
                return Err("--against compares exactly one new schema file: evctl schema check NEW.avsc --against OLD.avsc".into());
            }
            Against::Files(a.against)
        } else if let Some(r) = a.against_git {
            Against::Git(r)
        } else if let Some(url) = a.schema_registry {
            Against::Registry {
                url,
                user: a.registry_user,
                password: a.registry_password,
                ca_file: a.registry_ca_file,
                subject: a.subject,
            }
        } else {
            return Err("nothing to compare with: give --against FILE, --against-git REF or --schema-registry URL".into());
        };
        if paths.is_empty() {
            paths.push(PathBuf::from("schemas"));
        }
        Ok(SchemaCheckRequest {
            paths,
            against,
            mode,
            kind,
            proto_paths: a.files.proto_path,
            policy,
            format: a.files.error_format.resolve(),
        })
    }
}

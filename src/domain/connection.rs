//! Which cluster a command talks to, and with which client properties: flags, environment
//! and a named context from `~/.config/evctl/config.toml` merged into one `Connection`.
//!
//! Why pure: precedence bugs ("my -X was ignored", "the context's password leaked into -v")
//! are the kind a unit test catches and an end-to-end test rarely does. Reading the file is
//! the caller's job; this module only parses text and merges.
//!
//! Precedence, highest first: `-b`/`EVCTL_BROKERS`, then the context's `brokers`;
//! `-X key=value` overrides the context's `properties` key by key.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextConfig {
    pub brokers: Option<String>,
    pub schema_registry: Option<String>,
    /// PEM CA certificates the registry's TLS certificate is checked against (besides the
    /// public roots), as `--registry-ca-file`.
    pub schema_registry_ca_file: Option<String>,
    /// A file holding the SASL password (so it need not sit in this file).
    pub sasl_password_file: Option<String>,
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Used when neither `--context` nor `EVCTL_CONTEXT` names one.
    pub current_context: Option<String>,
    #[serde(default)]
    pub contexts: BTreeMap<String, ContextConfig>,
}

/// Why a connection cannot be made from the flags and the config file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The config file is not valid TOML (or has a wrong field): file, line, what.
    #[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Syntax {
        path: String,
        line: Option<usize>,
        message: String,
    },
    #[error("context '{name}' not found in the config file (known: {known})")]
    UnknownContext { name: String, known: String },
    #[error("context '{0}' given but there is no config file (create ~/.config/evctl/config.toml with [contexts.{0}])")]
    NoConfigFile(String),
    #[error("{}", NO_BROKER_HINT)]
    NoBrokers,
    #[error("'{0}' is not key=value (e.g. -X security.protocol=SASL_SSL)")]
    NotKeyValue(String),
}

impl ConfigFile {
    /// Parses the TOML text of `path` (the path is only used in the error).
    pub fn parse(text: &str, path: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Syntax {
            path: path.to_string(),
            line: e
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1),
            message: e.message().to_string(),
        })
    }
}

/// What the user asked for on the command line (flags and env already merged by clap).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectionArgs {
    pub brokers: Option<String>,
    pub properties: Vec<(String, String)>,
    pub context: Option<String>,
    /// `--sasl-password-file`.
    pub sasl_password_file: Option<std::path::PathBuf>,
}

/// The resolved connection: where to go and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub brokers: String,
    pub properties: Vec<(String, String)>,
    pub schema_registry: Option<String>,
    /// The context's registry CA file (a flag or env var wins; see [`RegistryArgs::or`]).
    pub registry_ca_file: Option<std::path::PathBuf>,
    /// The context that contributed, for messages.
    pub context: Option<String>,
    /// Where the SASL password is kept (flag, else the context's `sasl_password_file`); read
    /// by `commands` unless `-X sasl.password` gave one.
    pub password_file: Option<std::path::PathBuf>,
    /// The properties a command set as its own defaults ([`Connection::default_property`]),
    /// so `-v` can tell them from the user's.
    pub defaults: Vec<String>,
}

impl Connection {
    /// True when the user (`-X` or the context's properties) set this client property.
    pub fn has_property(&self, key: &str) -> bool {
        self.properties.iter().any(|(k, _)| k == key)
    }

    /// Sets a client property unless the user already set it: evctl's defaults never
    /// override what was asked for.
    pub fn default_property(&mut self, key: &str, value: &str) {
        if !self.has_property(key) {
            self.properties.push((key.into(), value.into()));
            self.defaults.push(key.into());
        }
    }
}

pub const NO_BROKER_HINT: &str = "no broker given: pass -b HOST:PORT, set EVCTL_BROKERS, or name a context with --context (start a local one with `evctl dev broker`)";

/// A value and where it came from (a flag, an environment variable, the config file), for
/// `evctl config show`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced {
    pub value: String,
    pub from: String,
}

fn sourced(value: impl Into<String>, from: impl Into<String>) -> Sourced {
    Sourced {
        value: value.into(),
        from: from.into(),
    }
}

/// The merge of flags and config file with each value's source, and nothing required yet:
/// what [`resolve`] builds a connection from, and what `config show` prints (redacted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub context: Option<Sourced>,
    /// Every context the config file defines.
    pub contexts: Vec<String>,
    pub brokers: Option<Sourced>,
    pub schema_registry: Option<Sourced>,
    pub registry_ca_file: Option<Sourced>,
    /// In the order they are applied (later wins), raw: redact before showing.
    pub properties: Vec<(String, Sourced)>,
    pub password_file: Option<Sourced>,
}

/// Merges flags with the config file. `file` is None when there is no config file.
pub fn resolve(
    args: &ConnectionArgs,
    file: Option<&ConfigFile>,
) -> Result<Connection, ConfigError> {
    let e = explain(args, file)?;
    Ok(Connection {
        brokers: e.brokers.ok_or(ConfigError::NoBrokers)?.value,
        properties: e
            .properties
            .into_iter()
            .map(|(k, s)| (k, s.value))
            .collect(),
        schema_registry: e.schema_registry.map(|s| s.value),
        registry_ca_file: e
            .registry_ca_file
            .map(|s| std::path::PathBuf::from(s.value)),
        context: e.context.map(|s| s.value),
        password_file: e.password_file.map(|s| std::path::PathBuf::from(s.value)),
        defaults: Vec::new(),
    })
}

/// As [`resolve`], with sources, and without requiring brokers.
pub fn explain(args: &ConnectionArgs, file: Option<&ConfigFile>) -> Result<Explained, ConfigError> {
    let ctx_name = match (&args.context, file.and_then(|f| f.current_context.clone())) {
        (Some(n), _) => Some(sourced(n, "--context / EVCTL_CONTEXT")),
        (None, Some(n)) => Some(sourced(n, "current_context in the config file")),
        (None, None) => None,
    };
    let ctx = match (&ctx_name, file) {
        (None, _) => None,
        (Some(name), Some(f)) => match f.contexts.get(&name.value) {
            Some(c) => Some(c),
            None => {
                let known: Vec<&str> = f.contexts.keys().map(String::as_str).collect();
                return Err(ConfigError::UnknownContext {
                    name: name.value.clone(),
                    known: if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    },
                });
            }
        },
        (Some(name), None) => return Err(ConfigError::NoConfigFile(name.value.clone())),
    };
    let in_ctx = ctx_name
        .as_ref()
        .map(|n| format!("context {}", n.value))
        .unwrap_or_default();
    let brokers = match args.brokers.clone().filter(|b| !b.trim().is_empty()) {
        Some(b) => Some(sourced(b, "-b / EVCTL_BROKERS")),
        None => ctx
            .and_then(|c| c.brokers.clone())
            .map(|b| sourced(b, &in_ctx)),
    };
    let mut props: Vec<(String, Sourced)> = ctx
        .map(|c| {
            c.properties
                .iter()
                .map(|(k, v)| (k.clone(), sourced(v, &in_ctx)))
                .collect()
        })
        .unwrap_or_default();
    for (k, v) in &args.properties {
        props.retain(|(pk, _)| pk != k);
        props.push((k.clone(), sourced(v, "-X")));
    }
    let password_file = match &args.sasl_password_file {
        Some(p) => Some(sourced(p.display().to_string(), "--sasl-password-file")),
        None => ctx
            .and_then(|c| c.sasl_password_file.clone())
            .map(|p| sourced(p, &in_ctx)),
    };
    Ok(Explained {
        schema_registry: ctx
            .and_then(|c| c.schema_registry.clone())
            .map(|u| sourced(u, &in_ctx)),
        registry_ca_file: ctx
            .and_then(|c| c.schema_registry_ca_file.clone())
            .map(|f| sourced(f, &in_ctx)),
        context: ctx_name,
        contexts: file
            .map(|f| f.contexts.keys().cloned().collect())
            .unwrap_or_default(),
        brokers,
        properties: props,
        password_file,
    })
}

/// What `evctl config show` reports: the file, the merge with sources, and where the SASL
/// password would come from (never the password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigReport {
    pub file: Option<std::path::PathBuf>,
    pub file_exists: bool,
    pub explained: Explained,
    pub password: PasswordSource,
}

/// Where the SASL password comes from, in the order it is looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// `sasl.password` among the properties (from -X or the context).
    Property(String),
    File(std::path::PathBuf),
    Env,
    /// Asked on the terminal for this user.
    Prompt(String),
    /// `sasl.username` is set, no password anywhere, and no terminal to ask on.
    Missing(String),
    /// No SASL user: none needed.
    NotNeeded,
}

/// The registry settings as `config show` reports them: URL and user with their sources,
/// and only where a password came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryShown {
    pub url: Option<Sourced>,
    pub user: Option<Sourced>,
    /// The password's source (its value is never kept here).
    pub password_from: Option<Sourced>,
    pub ca_file: Option<Sourced>,
}

impl RegistryShown {
    /// The flags (or their environment variables) win over the context's URL and CA file.
    pub fn new(flags: &RegistryArgs, e: &Explained) -> Self {
        Self {
            url: match &flags.url {
                Some(u) => Some(sourced(u, "--schema-registry / EVCTL_SCHEMA_REGISTRY")),
                None => e.schema_registry.clone(),
            },
            ca_file: match &flags.ca_file {
                Some(f) => Some(sourced(
                    f.display().to_string(),
                    "--registry-ca-file / EVCTL_REGISTRY_CA_FILE",
                )),
                None => e.registry_ca_file.clone(),
            },
            user: flags
                .user
                .as_ref()
                .map(|u| sourced(u, "--registry-user / EVCTL_REGISTRY_USER")),
            password_from: flags
                .password
                .as_ref()
                .map(|_| sourced("", "--registry-password / EVCTL_REGISTRY_PASSWORD")),
        }
    }
}

/// A URL for display: a password in it (`https://user:secret@host`) is replaced.
pub fn redacted_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            format!(
                "{scheme}://{user}:<redacted>@{host}{}",
                &rest[authority_end..]
            )
        }
        None => url.to_string(),
    }
}

/// Parses `key=value` (the value may itself contain `=`).
pub fn parse_property(s: &str) -> Result<(String, String), ConfigError> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(ConfigError::NotKeyValue(s.to_string())),
    }
}

/// True for properties whose value must never be printed.
pub fn is_secret(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "password",
        "secret",
        "sasl.jaas.config",
        "sasl.oauthbearer.config",
        "ssl.key.pem",
        "token",
    ]
    .iter()
    .any(|s| k.contains(s))
}

/// `key=value` for display, with secrets replaced.
pub fn redacted(key: &str, value: &str) -> String {
    if is_secret(key) {
        format!("{key}=<redacted>")
    } else {
        format!("{key}={value}")
    }
}

/// How to reach a Schema Registry, as the user gave it (flags or env); the context's URL is
/// the fallback. Shared by every command that reads or writes Avro.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RegistryArgs {
    pub url: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    /// PEM CA certificates to trust besides the public roots (`--registry-ca-file`).
    pub ca_file: Option<std::path::PathBuf>,
}

impl RegistryArgs {
    /// These settings, with the connection's (its context's URL and CA file) where none was
    /// given here.
    pub fn or(&self, conn: &Connection) -> Self {
        Self {
            url: self.url.clone().or_else(|| conn.schema_registry.clone()),
            user: self.user.clone(),
            password: self.password.clone(),
            ca_file: self
                .ca_file
                .clone()
                .or_else(|| conn.registry_ca_file.clone()),
        }
    }
}

/// Never shows the password (requests are `Debug`).
impl std::fmt::Debug for RegistryArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistryArgs")
            .field("url", &self.url)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
current_context = "dev"

[contexts.dev]
brokers = "localhost:9092"

[contexts.prod]
brokers = "kafka-1:9093,kafka-2:9093"
schema_registry = "https://sr.example.com"
schema_registry_ca_file = "/etc/ssl/corp-ca.pem"
[contexts.prod.properties]
"security.protocol" = "SASL_SSL"
"sasl.mechanism" = "SCRAM-SHA-512"
"sasl.password" = "hunter2"
"#;

    fn args(brokers: Option<&str>, ctx: Option<&str>, props: &[(&str, &str)]) -> ConnectionArgs {
        ConnectionArgs {
            brokers: brokers.map(str::to_string),
            context: ctx.map(str::to_string),
            properties: props
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            sasl_password_file: None,
        }
    }

    #[test]
    fn the_registry_ca_file_comes_from_the_context_unless_a_flag_gives_one() {
        let file = ConfigFile::parse(FILE, "config.toml").unwrap();
        let args = ConnectionArgs {
            context: Some("prod".into()),
            ..Default::default()
        };
        let c = resolve(&args, Some(&file)).unwrap();
        let ctx = std::path::PathBuf::from("/etc/ssl/corp-ca.pem");
        assert_eq!(c.registry_ca_file.as_ref(), Some(&ctx));
        let merged = RegistryArgs::default().or(&c);
        assert_eq!(merged.url.as_deref(), Some("https://sr.example.com"));
        assert_eq!(merged.ca_file.as_ref(), Some(&ctx));
        let flag = RegistryArgs {
            url: Some("https://other".into()),
            ca_file: Some("mine.pem".into()),
            ..Default::default()
        };
        let merged = flag.or(&c);
        assert_eq!(merged.url.as_deref(), Some("https://other"));
        assert_eq!(merged.ca_file, Some("mine.pem".into()));
        let shown = RegistryShown::new(
            &RegistryArgs::default(),
            &explain(&args, Some(&file)).unwrap(),
        );
        assert_eq!(shown.ca_file.unwrap().from, "context prod");
    }

    #[test]
    fn flags_beat_the_context_and_x_overrides_key_by_key() {
        let f = ConfigFile::parse(FILE, "config.toml").unwrap();
        let c = resolve(
            &args(None, Some("prod"), &[("sasl.mechanism", "PLAIN")]),
            Some(&f),
        )
        .unwrap();
        assert_eq!(c.brokers, "kafka-1:9093,kafka-2:9093");
        assert_eq!(c.schema_registry.as_deref(), Some("https://sr.example.com"));
        assert!(c
            .properties
            .contains(&("sasl.mechanism".into(), "PLAIN".into())));
        assert!(c
            .properties
            .contains(&("security.protocol".into(), "SASL_SSL".into())));
        assert_eq!(
            c.properties
                .iter()
                .filter(|(k, _)| k == "sasl.mechanism")
                .count(),
            1
        );
        let c = resolve(&args(Some("other:1"), Some("prod"), &[]), Some(&f)).unwrap();
        assert_eq!(c.brokers, "other:1");
    }

    #[test]
    fn current_context_is_the_fallback() {
        let f = ConfigFile::parse(FILE, "config.toml").unwrap();
        let c = resolve(&args(None, None, &[]), Some(&f)).unwrap();
        assert_eq!(
            (c.brokers.as_str(), c.context.as_deref()),
            ("localhost:9092", Some("dev"))
        );
    }

    #[test]
    fn missing_pieces_are_explained() {
        let f = ConfigFile::parse(FILE, "config.toml").unwrap();
        let e = resolve(&args(None, Some("stage"), &[]), Some(&f)).unwrap_err();
        assert_eq!(
            e,
            ConfigError::UnknownContext {
                name: "stage".into(),
                known: "dev, prod".into()
            }
        );
        assert!(e.to_string().contains("'stage' not found"), "{e}");
        let e = resolve(&args(None, None, &[]), None).unwrap_err();
        assert!(e.to_string().contains("-b HOST:PORT"), "{e}");
        let e = resolve(&args(None, Some("x"), &[]), None).unwrap_err();
        assert_eq!(e, ConfigError::NoConfigFile("x".into()));
        assert!(e.to_string().contains("no config file"), "{e}");
        let e = ConfigFile::parse("[contexts.a]\nbrokerz = 1\n", "c.toml").unwrap_err();
        assert!(matches!(e, ConfigError::Syntax { line: Some(2), .. }));
        assert!(e.to_string().starts_with("c.toml:2:"), "{e}");
    }

    #[test]
    fn explain_says_where_each_value_came_from() {
        let f = ConfigFile::parse(FILE, "c.toml").unwrap();
        let args = ConnectionArgs {
            properties: vec![("security.protocol".into(), "SASL_PLAINTEXT".into())],
            ..Default::default()
        };
        let e = explain(&args, Some(&f)).unwrap();
        assert_eq!(
            e.context.unwrap().from,
            "current_context in the config file"
        );
        assert_eq!(e.brokers.unwrap(), sourced("localhost:9092", "context dev"));
        assert_eq!(e.contexts, ["dev", "prod"]);
        assert_eq!(
            e.properties,
            [("security.protocol".into(), sourced("SASL_PLAINTEXT", "-X"))]
        );
        let prod = ConnectionArgs {
            context: Some("prod".into()),
            ..Default::default()
        };
        let e = explain(&prod, Some(&f)).unwrap();
        assert_eq!(e.context.unwrap().from, "--context / EVCTL_CONTEXT");
        assert_eq!(e.schema_registry.unwrap().from, "context prod");
        // no brokers is not an error here, only for resolve
        let none = explain(&ConnectionArgs::default(), None).unwrap();
        assert!(none.brokers.is_none());
        let e = resolve(&ConnectionArgs::default(), None).unwrap_err();
        assert_eq!(
            (&e, e.to_string().as_str()),
            (&ConfigError::NoBrokers, NO_BROKER_HINT)
        );
    }

    #[test]
    fn urls_lose_their_password() {
        assert_eq!(
            redacted_url("https://bob:s3cret@sr.example.com:8081/x"),
            "https://bob:<redacted>@sr.example.com:8081/x"
        );
        assert_eq!(redacted_url("http://sr:8081"), "http://sr:8081");
        assert_eq!(redacted_url("not a url"), "not a url");
    }

    #[test]
    fn properties_parse_and_secrets_are_redacted() {
        assert_eq!(
            parse_property("a.b=c=d").unwrap(),
            ("a.b".into(), "c=d".into())
        );
        assert!(parse_property("novalue").is_err());
        assert!(parse_property("=x").is_err());
        assert_eq!(
            redacted("sasl.password", "hunter2"),
            "sasl.password=<redacted>"
        );
        assert_eq!(
            redacted("ssl.key.password", "x"),
            "ssl.key.password=<redacted>"
        );
        assert_eq!(redacted("acks", "all"), "acks=all");
    }
}

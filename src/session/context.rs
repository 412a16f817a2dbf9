//! Finds and reads the config file, then lets `domain::connection` merge it with the flags.
//! Location: `$EVCTL_CONFIG`, else `$XDG_CONFIG_HOME/evctl/config.toml`, else
//! `~/.config/evctl/config.toml`. A missing file is fine unless a context is asked for.
//! The SASL password is found here too, so it need not sit on the command line: `-X
//! sasl.password`, else `--sasl-password-file` (or the context's `sasl_password_file`), else
//! `$EVCTL_SASL_PASSWORD`, else a prompt on the terminal when `sasl.username` is set.

use std::path::PathBuf;

use std::io::IsTerminal;

use anyhow::{anyhow, bail};

use crate::domain::connection::{
    explain, resolve, ConfigFile, ConfigReport, Connection, ConnectionArgs, PasswordSource,
};

pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("EVCTL_CONFIG") {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("evctl").join("config.toml"))
}

/// The config file, parsed; None when there is none.
fn read_file() -> anyhow::Result<Option<ConfigFile>> {
    match config_path() {
        Some(p) if p.exists() => {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| anyhow!("cannot read {}: {e}", p.display()))?;
            Ok(Some(ConfigFile::parse(&text, &p.display().to_string())?))
        }
        _ => Ok(None),
    }
}

pub fn connection(args: &ConnectionArgs) -> anyhow::Result<Connection> {
    let mut conn = resolve(args, read_file()?.as_ref())?;
    if let Some(password) = sasl_password(&conn)? {
        conn.properties.push(("sasl.password".into(), password));
    }
    Ok(conn)
}

/// What `evctl config show` reports (nothing is read or prompted for but the config file).
pub fn show(args: &ConnectionArgs) -> anyhow::Result<ConfigReport> {
    let file = config_path();
    let explained = explain(args, read_file()?.as_ref())?;
    let prop = |k: &str| {
        explained
            .properties
            .iter()
            .find(|(pk, _)| pk == k)
            .map(|(_, s)| s)
    };
    let file_path = explained
        .password_file
        .as_ref()
        .map(|f| PathBuf::from(&f.value));
    let password = password_source(
        prop("sasl.password").map(|s| s.from.as_str()),
        prop("sasl.username").map(|s| s.value.as_str()),
        file_path.as_deref(),
    );
    Ok(ConfigReport {
        file_exists: file.as_ref().is_some_and(|p| p.exists()),
        file,
        explained,
        password,
    })
}

/// `password_from`: where a `sasl.password` property came from, if one is set.
fn password_source(
    password_from: Option<&str>,
    user: Option<&str>,
    file: Option<&std::path::Path>,
) -> PasswordSource {
    if let Some(from) = password_from {
        return PasswordSource::Property(from.to_string());
    }
    if let Some(f) = file {
        return PasswordSource::File(f.to_path_buf());
    }
    if std::env::var("EVCTL_SASL_PASSWORD").is_ok_and(|p| !p.is_empty()) {
        return PasswordSource::Env;
    }
    match user {
        Some(u) if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() => {
            PasswordSource::Prompt(u.to_string())
        }
        Some(u) => PasswordSource::Missing(u.to_string()),
        None => PasswordSource::NotNeeded,
    }
}

/// The SASL password when the connection needs one and `-X` did not give it.
fn sasl_password(conn: &Connection) -> anyhow::Result<Option<String>> {
    let prop = |k: &str| {
        conn.properties
            .iter()
            .find(|(pk, _)| pk == k)
            .map(|(_, v)| v.as_str())
    };
    let given = prop("sasl.password").map(|_| "");
    let source = password_source(given, prop("sasl.username"), conn.password_file.as_deref());
    match source {
        PasswordSource::Property(_) | PasswordSource::NotNeeded => Ok(None),
        PasswordSource::File(path) => {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| anyhow!("--sasl-password-file {}: {e}", path.display()))?;
            let p = text.strip_suffix('\n').unwrap_or(&text);
            let p = p.strip_suffix('\r').unwrap_or(p);
            if p.is_empty() {
                bail!("--sasl-password-file {}: the file is empty", path.display());
            }
            Ok(Some(p.to_string()))
        }
        PasswordSource::Env => Ok(std::env::var("EVCTL_SASL_PASSWORD").ok()),
        PasswordSource::Missing(user) => bail!(
            "sasl.username is {user} but no password was given: use --sasl-password-file FILE, EVCTL_SASL_PASSWORD, or -X sasl.password=..."
        ),
        PasswordSource::Prompt(user) => {
            let p = rpassword::prompt_password(format!("evctl: SASL password for {user}: "))
                .map_err(|e| anyhow!("reading the SASL password from the terminal: {e}"))?;
            Ok(Some(p))
        }
    }
}

/// The registry a command that needs no broker talks to: the flags, else the context's
/// `schema_registry` and CA file (`--context`, or the config file's default context).
pub fn registry(
    reg: &crate::domain::connection::RegistryArgs,
    context: Option<&str>,
) -> anyhow::Result<(String, crate::domain::connection::RegistryArgs)> {
    let args = ConnectionArgs {
        context: context.map(str::to_string),
        ..ConnectionArgs::default()
    };
    let e = explain(&args, read_file()?.as_ref())?;
    let merged = crate::domain::connection::RegistryArgs {
        url: reg.url.clone().or(e.schema_registry.map(|s| s.value)),
        user: reg.user.clone(),
        password: reg.password.clone(),
        ca_file: reg
            .ca_file
            .clone()
            .or(e.registry_ca_file.map(|s| PathBuf::from(s.value))),
    };
    let url = merged.url.clone().ok_or_else(|| {
        anyhow!("no schema registry: --schema-registry URL (or EVCTL_SCHEMA_REGISTRY, or a context's schema_registry; `evctl dev registry` runs one)")
    })?;
    Ok((url, merged))
}

//! Finds and reads the config file, then lets `domain::connection` merge it with the flags.
//! Location: `$EVCTL_CONFIG`, else `$XDG_CONFIG_HOME/evctl/config.toml`, else
//! `~/.config/evctl/config.toml`. A missing file is fine unless a context is asked for.
//! The SASL password is found here too, so it need not sit on the command line: `-X
//! sasl.password`, else `--sasl-password-file` (or the context's `sasl_password_file`), else
//! `$EVCTL_SASL_PASSWORD`, else a prompt on the terminal when `sasl.username` is set.

use std::path::PathBuf;

use std::io::IsTerminal;

use anyhow::{anyhow, bail};

use crate::domain::connection::{resolve, ConfigFile, Connection, ConnectionArgs};

pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("EVCTL_CONFIG") {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("evctl").join("config.toml"))
}

pub fn connection(args: &ConnectionArgs) -> anyhow::Result<Connection> {
    let file = match config_path() {
        Some(p) if p.exists() => {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| anyhow!("cannot read {}: {e}", p.display()))?;
            Some(ConfigFile::parse(&text, &p.display().to_string()).map_err(|e| anyhow!(e))?)
        }
        _ => None,
    };
    let mut conn = resolve(args, file.as_ref()).map_err(|e| anyhow!(e))?;
    if let Some(password) = sasl_password(&conn)? {
        conn.properties.push(("sasl.password".into(), password));
    }
    Ok(conn)
}

/// The SASL password when the connection needs one and `-X` did not give it.
fn sasl_password(conn: &Connection) -> anyhow::Result<Option<String>> {
    let has = |k: &str| conn.properties.iter().any(|(pk, _)| pk == k);
    if has("sasl.password") {
        return Ok(None);
    }
    if let Some(path) = &conn.password_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow!("--sasl-password-file {}: {e}", path.display()))?;
        let p = text.strip_suffix('\n').unwrap_or(&text);
        let p = p.strip_suffix('\r').unwrap_or(p);
        if p.is_empty() {
            bail!("--sasl-password-file {}: the file is empty", path.display());
        }
        return Ok(Some(p.to_string()));
    }
    if let Some(p) = std::env::var("EVCTL_SASL_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok(Some(p));
    }
    let Some((_, user)) = conn.properties.iter().find(|(k, _)| k == "sasl.username") else {
        return Ok(None);
    };
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        bail!(
            "sasl.username is {user} but no password was given: use --sasl-password-file FILE, EVCTL_SASL_PASSWORD, or -X sasl.password=..."
        );
    }
    let p = rpassword::prompt_password(format!("evctl: SASL password for {user}: "))
        .map_err(|e| anyhow!("reading the SASL password from the terminal: {e}"))?;
    Ok(Some(p))
}

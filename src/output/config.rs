//! `evctl config show`: where each connection setting comes from, secrets replaced. The
//! report is built from redacted values only, so no code path here can print a password.

use super::ReportFormat;
use crate::domain::connection::{
    is_secret, redacted_url, ConfigReport, PasswordSource, RegistryShown, Sourced,
};

/// One row of the report: name, shown value, where it came from.
struct Row {
    name: String,
    value: String,
    from: String,
}

fn rows(r: &ConfigReport, registry: &RegistryShown) -> Vec<Row> {
    let row = |name: &str, s: Option<&Sourced>, shown: &dyn Fn(&str) -> String| match s {
        Some(s) => Row {
            name: name.to_string(),
            value: shown(&s.value),
            from: s.from.clone(),
        },
        None => Row {
            name: name.to_string(),
            value: "-".into(),
            from: "not set".into(),
        },
    };
    let plain = |v: &str| v.to_string();
    let e = &r.explained;
    let mut out = vec![
        row("context", e.context.as_ref(), &plain),
        row("brokers", e.brokers.as_ref(), &plain),
        row("schema_registry", registry.url.as_ref(), &|v| {
            redacted_url(v)
        }),
        row("registry_user", registry.user.as_ref(), &plain),
        row(
            "registry_password",
            registry.password_from.as_ref(),
            &|_| "<redacted>".into(),
        ),
        row("registry_ca_file", registry.ca_file.as_ref(), &plain),
    ];
    let (value, from) = password(&r.password);
    out.push(Row {
        name: "sasl.password".into(),
        value,
        from,
    });
    // sasl.password has its row above, whichever way it was given
    for (k, s) in e.properties.iter().filter(|(k, _)| k != "sasl.password") {
        out.push(Row {
            name: k.clone(),
            value: if is_secret(k) {
                "<redacted>".into()
            } else {
                s.value.clone()
            },
            from: s.from.clone(),
        });
    }
    out
}

fn password(p: &PasswordSource) -> (String, String) {
    let (v, from) = match p {
        PasswordSource::Property(from) => ("<redacted>", from.clone()),
        PasswordSource::File(f) => ("<redacted>", format!("file {}", f.display())),
        PasswordSource::Env => ("<redacted>", "EVCTL_SASL_PASSWORD".into()),
        PasswordSource::Prompt(u) => ("-", format!("asked on the terminal for {u}")),
        PasswordSource::Missing(u) => (
            "-",
            format!("missing: sasl.username is {u}; use --sasl-password-file, EVCTL_SASL_PASSWORD or -X sasl.password"),
        ),
        PasswordSource::NotNeeded => ("-", "not needed (no sasl.username)".into()),
    };
    (v.to_string(), from)
}

fn file_line(r: &ConfigReport) -> String {
    match &r.file {
        Some(p) if r.file_exists => {
            let n = r.explained.contexts.len();
            format!(
                "config file {} ({n} context{}{}{})",
                p.display(),
                if n == 1 { "" } else { "s" },
                if n > 0 { ": " } else { "" },
                r.explained.contexts.join(", ")
            )
        }
        Some(p) => format!("config file {} (none there)", p.display()),
        None => "config file: none (no HOME or EVCTL_CONFIG)".into(),
    }
}

pub fn render(r: &ConfigReport, registry: &RegistryShown, format: ReportFormat) -> String {
    let json_out = format == ReportFormat::Json;
    let rows = rows(r, registry);
    if json_out {
        let settings: Vec<serde_json::Value> = rows
            .iter()
            .map(|x| serde_json::json!({ "name": x.name, "value": x.value, "from": x.from }))
            .collect();
        let v = serde_json::json!({
            "config_file": r.file.as_ref().map(|p| p.display().to_string()),
            "config_file_exists": r.file_exists,
            "contexts": r.explained.contexts,
            "settings": settings,
        });
        return format!("{v}\n");
    }
    let table: Vec<Vec<String>> = rows
        .into_iter()
        .map(|x| vec![x.name, x.value, x.from])
        .collect();
    format!(
        "{}\n{}",
        file_line(r),
        super::table(&["SETTING", "VALUE", "FROM"], &table, &[])
    )
}

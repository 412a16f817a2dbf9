//! What `evctl dev broker|registry|up` announce: the addresses on stdout (one line of JSON
//! with `-o json`, which scripts wait for), and one line for the person on stderr.

use std::io::{self, Write};

use super::ReportFormat;

/// What a `dev` command has running.
pub enum Running<'a> {
    Broker {
        bootstrap: &'a str,
        brokers: i32,
        topics: &'a [String],
    },
    Registry {
        url: &'a str,
    },
    Up {
        bootstrap: &'a str,
        registry: &'a str,
        topics: &'a [String],
    },
}

/// The addresses, flushed: a script is waiting for them.
pub fn announce(w: &mut dyn Write, running: &Running, format: ReportFormat) -> io::Result<()> {
    let line = match (format, running) {
        (ReportFormat::Json, Running::Broker { bootstrap, brokers, topics }) => {
            serde_json::json!({ "bootstrap_servers": bootstrap, "brokers": brokers, "topics": topics })
                .to_string()
        }
        (ReportFormat::Json, Running::Registry { url }) => {
            serde_json::json!({ "schema_registry": url }).to_string()
        }
        (ReportFormat::Json, Running::Up { bootstrap, registry, topics }) => {
            serde_json::json!({ "bootstrap_servers": bootstrap, "schema_registry": registry, "topics": topics })
                .to_string()
        }
        (ReportFormat::Text, Running::Broker { bootstrap, .. }) => bootstrap.to_string(),
        (ReportFormat::Text, Running::Registry { url }) => url.to_string(),
        (ReportFormat::Text, Running::Up { bootstrap, registry, .. }) => {
            format!("EVCTL_BROKERS={bootstrap}\nEVCTL_SCHEMA_REGISTRY={registry}")
        }
    };
    writeln!(w, "{line}")?;
    w.flush()
}

/// The line for the person at the terminal once it is up.
pub fn ready(running: &Running) -> String {
    match running {
        Running::Broker {
            bootstrap, brokers, ..
        } => format!(
            "embedded broker ready at {bootstrap} ({brokers} broker{}); Ctrl-C to stop",
            if *brokers == 1 { "" } else { "s" }
        ),
        Running::Registry { url } => format!("schema registry ready at {url}; Ctrl-C to stop"),
        Running::Up {
            bootstrap,
            registry,
            ..
        } => {
            format!("embedded broker at {bootstrap}, schema registry at {registry}; Ctrl-C to stop")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handshake_is_one_json_line_or_the_plain_addresses() {
        let topics = vec!["orders".to_string()];
        let up = Running::Up {
            bootstrap: "127.0.0.1:9",
            registry: "http://127.0.0.1:8",
            topics: &topics,
        };
        let mut json = Vec::new();
        announce(&mut json, &up, ReportFormat::Json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["schema_registry"], "http://127.0.0.1:8");
        assert_eq!(json.iter().filter(|&&b| b == b'\n').count(), 1);
        let mut text = Vec::new();
        announce(&mut text, &up, ReportFormat::Text).unwrap();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            "EVCTL_BROKERS=127.0.0.1:9\nEVCTL_SCHEMA_REGISTRY=http://127.0.0.1:8\n"
        );
        let broker = Running::Broker {
            bootstrap: "b:1",
            brokers: 1,
            topics: &topics,
        };
        assert_eq!(
            ready(&broker),
            "embedded broker ready at b:1 (1 broker); Ctrl-C to stop"
        );
    }
}

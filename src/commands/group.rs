//! `evctl group list|describe|reset|delete`: consumer groups and their offsets.
//!
//! Why a reset is a plan first: moving a production group's position is the change people
//! make after a bad deploy, under pressure. The plan (current, new, move, lag after) is what
//! runs by default; `--execute` applies it only after writing the current offsets to a file
//! that `--from-file` restores, and never while the group has live members (its consumers
//! would overwrite the new offsets with their next commit). The numbers come from the same
//! sampler `lag` uses, so `group describe` and `lag` agree.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};

use super::Outcome;
use crate::broker::admin;
use crate::broker::consumer::{Consumer, PartitionValue, TopicInfo};
use crate::broker::groups::{commit_group, Committed};
use crate::domain::connection::{Connection, ConnectionArgs};
use crate::domain::groups::{
    parse_offsets_file, plan, GroupDescription, PartitionState, ResetTarget,
};
use crate::domain::offsets::StartSpec;
use crate::output::groups as show;
use crate::output::reporter::Reporter;
use crate::output::{write_text, Out, ReportFormat};
use crate::scan::lag::Sampler;
use crate::scan::seek;
use crate::session::{client_log, context, signals};

#[derive(Debug)]
pub enum GroupRequest {
    List {
        conn: ConnectionArgs,
        format: ReportFormat,
    },
    Describe {
        conn: ConnectionArgs,
        groups: Vec<String>,
        format: ReportFormat,
    },
    Reset(ResetRequest),
    Delete {
        conn: ConnectionArgs,
        group: String,
        backup: Option<PathBuf>,
        format: ReportFormat,
    },
}

/// Where the offsets go: a target for every partition in scope, or a file's offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResetTo {
    Spec(StartSpec),
    ShiftBy(i64),
    File(PathBuf),
}

/// The partitions a reset touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// (topic, its partitions; None: all of them)
    Topics(Vec<(String, Option<Vec<i32>>)>),
    /// Every topic the group has committed offsets on.
    AllTopics,
    /// The partitions the `--from-file` names.
    File,
}

#[derive(Debug)]
pub struct ResetRequest {
    pub conn: ConnectionArgs,
    pub group: String,
    pub to: ResetTo,
    pub scope: Scope,
    pub execute: bool,
    pub backup: Option<PathBuf>,
    pub wait_empty: Option<Duration>,
    pub format: ReportFormat,
}

pub fn run(rep: &Reporter, out: &mut Out, r: GroupRequest) -> anyhow::Result<Outcome> {
    match r {
        GroupRequest::List { conn, format } => {
            let conn = context::connection(&conn)?;
            let mut probe = Consumer::connect(&conn, None, None, &client_log(rep))?;
            let groups = probe.describe_groups(&[])?;
            write_text(out, &show::list(&groups, format)).context("writing output")?;
            Ok(Outcome::Success)
        }
        GroupRequest::Describe {
            conn,
            groups,
            format,
        } => describe(rep, out, &conn, &groups, format),
        GroupRequest::Reset(req) => reset(rep, out, req),
        GroupRequest::Delete {
            conn,
            group,
            backup,
            format,
        } => delete(rep, out, &conn, &group, backup, format),
    }
}

fn describe(
    rep: &Reporter,
    out: &mut Out,
    conn: &ConnectionArgs,
    names: &[String],
    format: ReportFormat,
) -> anyhow::Result<Outcome> {
    let conn = context::connection(conn)?;
    let mut sampler = Sampler::new(&conn, rep)?;
    // (the embedded broker has no DescribeGroups: its STATE line says so)
    let described = if sampler.is_mock() {
        None
    } else {
        Some(sampler.describe(names)?)
    };
    let marks = sampler.watermarks()?;
    let lags = sampler.sample(names, &marks, None)?;
    let mut unknown = 0;
    let shown: Vec<(Option<GroupDescription>, _)> = lags
        .into_iter()
        .map(|g| {
            let d = described
                .as_ref()
                .and_then(|all| all.iter().find(|d| d.name == g.name).cloned());
            if g.partitions.is_empty() && d.as_ref().is_none_or(GroupDescription::is_unknown) {
                unknown += 1;
                rep.always(crate::output::lag::no_offsets(&g.name));
            }
            (d, g)
        })
        .collect();
    write_text(out, &show::describe(&shown, format)).context("writing output")?;
    Ok(if unknown > 0 {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

fn reset(rep: &Reporter, out: &mut Out, r: ResetRequest) -> anyhow::Result<Outcome> {
    let conn = context::connection(&r.conn)?;
    let mut probe = Consumer::connect(&conn, None, None, &client_log(rep))?;
    let (target, topics) = target_and_topics(&mut probe, &r)?;
    let parts: Vec<(String, i32)> = topics
        .iter()
        .flat_map(|t| t.partitions.iter().map(|p| (t.name.clone(), *p)))
        .collect();
    let states = partition_states(&mut probe, &r.group, &topics, &parts, &target)?;
    let rows = plan(&states, &target).map_err(|e| anyhow::anyhow!("{e}"))?;
    for w in rows.iter().filter_map(show::clamped_warning) {
        rep.warn(w);
    }
    if !r.execute {
        write_text(out, &show::plan(&r.group, &rows, false, r.format)).context("writing output")?;
        rep.info(format!(
            "dry run: nothing changed; add --execute to apply these {} offsets to group {}",
            rows.len(),
            r.group
        ));
        return Ok(Outcome::Success);
    }
    if let Some(why) = live_members(rep, &mut probe, &r.group, r.wait_empty)? {
        rep.always(show::refusal(&r.group, &why));
        return Ok(Outcome::Negative);
    }
    let current: Vec<PartitionValue> = rows
        .iter()
        .filter_map(|row| row.current.map(|c| ((row.topic.clone(), row.partition), c)))
        .collect();
    let backup = write_backup(&r.group, r.backup.clone(), &current)?;
    let offsets: Vec<PartitionValue> = rows
        .iter()
        .map(|row| ((row.topic.clone(), row.partition), row.new))
        .collect();
    if let Committed::Refused(why) = commit(rep, &conn, &r, &offsets)? {
        // nothing changed: the backup would only mislead
        let _ = std::fs::remove_file(&backup);
        rep.always(show::refusal(&r.group, &why));
        return Ok(Outcome::Negative);
    }
    check_applied(&probe, &r.group, &offsets)?;
    write_text(out, &show::plan(&r.group, &rows, true, r.format)).context("writing output")?;
    rep.info(format!(
        "applied {} offsets to group {}; the previous ones are in {} (undo: evctl group reset {} --from-file {} --execute)",
        rows.len(),
        r.group,
        backup.display(),
        r.group,
        backup.display()
    ));
    let fresh: Vec<String> = rows
        .iter()
        .filter(|row| row.current.is_none())
        .map(|row| format!("{}:{}", row.topic, row.partition))
        .collect();
    if !fresh.is_empty() {
        rep.note(format!(
            "the group had no offset on {} before: a restore cannot take the new ones away",
            fresh.join(", ")
        ));
    }
    Ok(Outcome::Success)
}

/// The reset's target, and the topics (with the partitions) it applies to.
fn target_and_topics(
    probe: &mut Consumer,
    r: &ResetRequest,
) -> anyhow::Result<(ResetTarget, Vec<TopicInfo>)> {
    let target = match &r.to {
        ResetTo::Spec(s) => ResetTarget::To(*s),
        ResetTo::ShiftBy(n) => ResetTarget::ShiftBy(*n),
        ResetTo::File(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let map = parse_offsets_file(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            ResetTarget::Exact(map)
        }
    };
    let topics = match (&r.scope, &target) {
        (Scope::File, ResetTarget::Exact(map)) => {
            let mut names: Vec<String> = map.keys().map(|(t, _)| t.clone()).collect();
            names.dedup();
            probe.topics(&names)?
        }
        (Scope::File, _) => bail!("a scope from a file needs --from-file"),
        (Scope::Topics(wanted), _) => named_topics(probe, wanted)?,
        (Scope::AllTopics, _) => committed_topics(probe, &r.group)?,
    };
    Ok((target, topics))
}

/// `--topic T` / `--topic T:0,3`: the topics, each with all or the named partitions.
fn named_topics(
    probe: &Consumer,
    wanted: &[(String, Option<Vec<i32>>)],
) -> anyhow::Result<Vec<TopicInfo>> {
    let names: Vec<String> = wanted.iter().map(|(t, _)| t.clone()).collect();
    let found = probe.topics(&names)?;
    wanted
        .iter()
        .zip(found)
        .map(|((name, only), mut info)| {
            if let Some(only) = only {
                if let Some(p) = only.iter().find(|p| !info.partitions.contains(p)) {
                    bail!(
                        "--topic {name}:{p}: topic '{name}' has partitions 0..{}",
                        info.partitions.len().saturating_sub(1)
                    );
                }
                info.partitions = only.clone();
            }
            Ok(info)
        })
        .collect()
}

/// `--all-topics`: every topic the group has a committed offset on, all its partitions.
fn committed_topics(probe: &mut Consumer, group: &str) -> anyhow::Result<Vec<TopicInfo>> {
    let all = probe.topics_where(|n| !n.starts_with("__"))?;
    // the embedded broker answers OffsetFetch only for named partitions
    let named: Option<Vec<(String, i32)>> = probe.is_mock().then(|| {
        all.iter()
            .flat_map(|t| t.partitions.iter().map(|p| (t.name.clone(), *p)))
            .collect()
    });
    let offsets = committed(probe, group, named.as_deref())?;
    let with: Vec<TopicInfo> = all
        .into_iter()
        .filter(|t| offsets.iter().any(|((name, _), _)| *name == t.name))
        .collect();
    if with.is_empty() {
        bail!("group {group} has no committed offsets to reset: name the topics with --topic");
    }
    Ok(with)
}

/// The group's committed offsets (on these partitions, or wherever it has them).
fn committed(
    probe: &Consumer,
    group: &str,
    parts: Option<&[(String, i32)]>,
) -> anyhow::Result<Vec<PartitionValue>> {
    let answer = probe.group_offsets(&[group.to_string()], parts, Duration::from_secs(10))?;
    match answer.into_iter().next() {
        Some((_, Ok(list))) => Ok(list),
        Some((_, Err(e))) => bail!("group {group}: cannot read its committed offsets: {e}"),
        None => Ok(Vec::new()),
    }
}

/// Per partition in scope: the group's offset, the watermarks and, for a time target, the
/// first offset at or after the time.
fn partition_states(
    probe: &mut Consumer,
    group: &str,
    topics: &[TopicInfo],
    parts: &[(String, i32)],
    target: &ResetTarget,
) -> anyhow::Result<Vec<PartitionState>> {
    let current: BTreeMap<(String, i32), i64> =
        committed(probe, group, Some(parts))?.into_iter().collect();
    let marks: BTreeMap<(String, i32), (i64, i64)> =
        probe.watermarks_of(parts)?.into_iter().collect();
    let times: BTreeMap<(String, i32), Option<i64>> = match target {
        // the embedded broker has no lookup by time: search the records' timestamps
        ResetTarget::To(StartSpec::Time(ts)) if probe.is_mock() => {
            let with_marks: Vec<_> = marks.iter().map(|(tp, m)| (tp.clone(), *m)).collect();
            seek::offsets_for_time(probe, &with_marks, *ts)?
                .into_iter()
                .collect()
        }
        ResetTarget::To(StartSpec::Time(ts)) => {
            probe.offsets_for_time(topics, *ts)?.into_iter().collect()
        }
        _ => BTreeMap::new(),
    };
    Ok(parts
        .iter()
        .map(|tp| {
            let (low, high) = marks.get(tp).copied().unwrap_or((0, 0));
            PartitionState {
                topic: tp.0.clone(),
                partition: tp.1,
                current: current.get(tp).copied(),
                low,
                high,
                time_offset: times.get(tp).copied().flatten(),
            }
        })
        .collect())
}

/// Why the group cannot be changed now (its live members), after waiting up to `wait` for
/// them to leave; None when it is empty. The embedded broker cannot describe groups: there
/// the commit itself finds out (see `commit_group`).
fn live_members(
    rep: &Reporter,
    probe: &mut Consumer,
    group: &str,
    wait: Option<Duration>,
) -> anyhow::Result<Option<String>> {
    if probe.is_mock() {
        return Ok(None);
    }
    let stop = signals::stop_flag()?;
    let deadline = Instant::now() + wait.unwrap_or_default();
    let mut told = false;
    loop {
        let d = probe.describe_groups(&[group.to_string()])?;
        let Some(g) = d.into_iter().next().filter(|g| !g.members.is_empty()) else {
            return Ok(None);
        };
        if Instant::now() >= deadline || stop.load(Ordering::Relaxed) {
            return Ok(Some(show::members_line(&g)));
        }
        if !told {
            rep.info(format!(
                "group {group}: waiting for its {} member(s) to leave",
                g.members.len()
            ));
            told = true;
        }
        signals::wait_unless_stopped(&stop, Duration::from_millis(250));
    }
}

/// Commits the plan; refused while members are live, tried again until `--wait-empty` ends
/// (on the embedded broker only the commit can tell that there are members).
fn commit(
    rep: &Reporter,
    conn: &Connection,
    r: &ResetRequest,
    offsets: &[PartitionValue],
) -> anyhow::Result<Committed> {
    let deadline = Instant::now() + r.wait_empty.unwrap_or_default();
    let stop = signals::stop_flag()?;
    loop {
        let done = commit_group(conn, &r.group, offsets, &client_log(rep))?;
        if done == Committed::Done || Instant::now() >= deadline || stop.load(Ordering::Relaxed) {
            return Ok(done);
        }
        signals::wait_unless_stopped(&stop, Duration::from_millis(500));
    }
}

/// Writes the backup of the group's current offsets; its path.
fn write_backup(
    group: &str,
    path: Option<PathBuf>,
    current: &[PartitionValue],
) -> anyhow::Result<PathBuf> {
    let now = chrono::Utc::now();
    let path = path.unwrap_or_else(|| {
        let safe: String = group
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        PathBuf::from(format!(
            "{safe}.offsets-{}.json",
            now.format("%Y%m%dT%H%M%SZ")
        ))
    });
    let text = show::backup(group, &now.to_rfc3339(), current);
    std::fs::write(&path, text).with_context(|| {
        format!(
            "writing the backup of group {group}'s offsets to {}",
            path.display()
        )
    })?;
    Ok(path)
}

/// Reads the offsets back: what was committed is what the plan says.
fn check_applied(probe: &Consumer, group: &str, offsets: &[PartitionValue]) -> anyhow::Result<()> {
    let parts: Vec<(String, i32)> = offsets.iter().map(|(tp, _)| tp.clone()).collect();
    let now: BTreeMap<(String, i32), i64> =
        committed(probe, group, Some(&parts))?.into_iter().collect();
    for (tp, want) in offsets {
        let got = now.get(tp).copied();
        if got != Some(*want) {
            bail!(
                "group {group}: {}:{} reads back as {} after the commit, not {want} (did a member commit meanwhile?)",
                tp.0,
                tp.1,
                got.map_or("no offset".into(), |g| g.to_string())
            );
        }
    }
    Ok(())
}

fn delete(
    rep: &Reporter,
    out: &mut Out,
    conn: &ConnectionArgs,
    group: &str,
    backup: Option<PathBuf>,
    format: ReportFormat,
) -> anyhow::Result<Outcome> {
    let conn: Connection = context::connection(conn)?;
    let mut probe = Consumer::connect(&conn, None, None, &client_log(rep))?;
    probe.groups_supported("deleting consumer groups (DeleteGroups)")?;
    let d = probe.describe_groups(&[group.to_string()])?;
    let Some(d) = d.into_iter().next().filter(|d| !d.is_unknown()) else {
        rep.always(format!("group {group}: no such group"));
        return Ok(Outcome::Negative);
    };
    if !d.members.is_empty() {
        rep.always(show::refusal(group, &show::members_line(&d)));
        return Ok(Outcome::Negative);
    }
    let current = committed(&probe, group, None)?;
    let path = write_backup(group, backup, &current)?;
    admin::delete_group(&conn, group, &client_log(rep))?;
    if format == ReportFormat::Json {
        write_text(out, &show::deleted(group, &path, current.len())).context("writing output")?;
    }
    rep.info(format!(
        "deleted group {group} ({} committed offsets; they are in {}: evctl group reset {group} --from-file {} --execute brings them back)",
        current.len(),
        path.display(),
        path.display()
    ));
    Ok(Outcome::Success)
}

//! Drawing one frame from the [`View`]: pure (a frame in, nothing else touched), so each
//! screen is a `TestBackend` snapshot.
//!
//! Layout, top to bottom: a title line; consumer groups; the selected group's partitions beside
//! the order funnel; topics beside DLQs; a line of keys or status. At 80×24 every pane keeps
//! its key columns; wider terminals get more columns (committed offsets, trends, error text)
//! and taller ones more rows.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::state::{Pane, View};
use crate::domain::dashboard::TopicEnds;
use crate::domain::lag::{stuck, totals, PartitionLag, Status};

/// Colours, or none (`NO_COLOR`, or not wanted): selection and focus then use reverse and bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    fn status(self, s: Option<Status>) -> Style {
        let c = match s {
            Some(Status::Ok) => Color::Green,
            Some(Status::Warn) => Color::Yellow,
            Some(Status::Rewind) => Color::Magenta,
            Some(Status::Stall | Status::Stop | Status::Err) => Color::Red,
            None => return Style::default(),
        };
        self.fg(c)
    }

    fn selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    fn border(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        }
    }

    fn header(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
}

/// Eight heights of a bar; a trend of `width` latest values scaled to their maximum.
pub fn spark(values: &[u64], width: usize) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let tail = &values[values.len().saturating_sub(width)..];
    let max = tail.iter().copied().max().unwrap_or(0);
    tail.iter()
        .map(|&v| {
            if max == 0 {
                BARS[0]
            } else {
                BARS[((v as f64 / max as f64) * 7.0).round() as usize]
            }
        })
        .collect()
}

/// `1234567` → `1.2M`: numbers that fit narrow columns.
pub fn short(n: f64) -> String {
    let a = n.abs();
    if a >= 1e9 {
        format!("{:.1}G", n / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", n / 1e6)
    } else if a >= 1e4 {
        format!("{:.1}k", n / 1e3)
    } else if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    }
}

fn seconds(s: Option<f64>) -> String {
    match s {
        None => "?".into(),
        Some(s) if s >= 3600.0 => format!("{:.1}h", s / 3600.0),
        Some(s) if s >= 100.0 => format!("{:.0}m", s / 60.0),
        Some(s) => format!("{s:.1}s"),
    }
}

/// Group states as the protocol names them, cut to fit: both rebalance phases are "Rebalance".
fn state_text(s: Option<&str>) -> String {
    match s {
        None | Some("") => "-".into(),
        Some(s) if s.ends_with("Rebalance") => "Rebalance".into(),
        Some(s) => crate::output::cut(s, 9),
    }
}

fn status_text(s: Option<Status>) -> &'static str {
    s.map_or("-", Status::name)
}

pub fn draw(f: &mut Frame<'_>, v: &View, theme: Theme) {
    let [title, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(f.area());
    draw_title(f, title, v, theme);
    let [groups, middle, bottom] = Layout::vertical([
        Constraint::Percentage(36),
        Constraint::Percentage(32),
        Constraint::Percentage(32),
    ])
    .areas(body);
    draw_groups(f, groups, v, theme);
    let [parts, funnel] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(middle);
    draw_partitions(f, parts, v, theme);
    draw_funnel(f, funnel, v, theme);
    let [topics, dlqs] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(bottom);
    draw_topics(f, topics, v, theme);
    draw_dlqs(f, dlqs, v, theme);
    draw_foot(f, foot, v, theme);
    if v.help {
        draw_help(f, f.area(), theme);
    }
}

fn draw_title(f: &mut Frame<'_>, area: Rect, v: &View, theme: Theme) {
    let clock = chrono::DateTime::from_timestamp_millis(v.snap.at_ms)
        .map(|t| t.format("%H:%M:%S").to_string())
        .unwrap_or_default();
    let mut spans = vec![
        Span::styled("evctl top", theme.header()),
        Span::raw(format!(
            "  {}  {clock}  every {}s",
            v.snap.source,
            v.interval_ms as f64 / 1000.0
        )),
    ];
    if v.paused {
        spans.push(Span::styled(
            "  PAUSED",
            theme.fg(Color::Red).add_modifier(Modifier::BOLD),
        ));
    }
    if !v.filter.is_empty() || v.typing {
        spans.push(Span::raw(format!(
            "  filter: {}{}",
            v.filter,
            if v.typing { "▏" } else { "" }
        )));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn pane(title: String, focused: bool, theme: Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(title)
}

/// A table with a header, its selected row shown when the pane has the focus.
fn table<'a>(
    rows: Vec<Row<'a>>,
    header: &[&'a str],
    widths: Vec<Constraint>,
    block: Block<'a>,
    theme: Theme,
) -> Table<'a> {
    Table::new(rows, widths)
        .header(Row::new(header.iter().map(|h| Cell::from(*h))).style(theme.header()))
        .block(block)
        .column_spacing(1)
        .row_highlight_style(theme.selected())
        // visible without colour, and in a text capture
        .highlight_symbol("›")
}

fn render_table(f: &mut Frame<'_>, area: Rect, t: Table<'_>, focused: bool, selected: usize) {
    let mut state = TableState::default();
    if focused {
        state.select(Some(selected));
    } else {
        // keep the selected row in sight without marking it
        *state.offset_mut() = selected.saturating_sub(area.height.saturating_sub(4) as usize);
    }
    f.render_stateful_widget(t, area, &mut state);
}

fn draw_groups(f: &mut Frame<'_>, area: Rect, v: &View, theme: Theme) {
    let wide = area.width >= 120;
    let trend_w = if wide { 30 } else { 8 };
    let groups = v.groups();
    let rows: Vec<Row> = groups
        .iter()
        .map(|g| {
            let t = totals(&g.partitions);
            let trend = v
                .group_trend
                .get(&g.name)
                .map(|tr| spark(&tr.values(), trend_w))
                .unwrap_or_default();
            let status = if g.error.is_some() {
                Some(Status::Err)
            } else {
                t.status
            };
            let held_up = stuck(&g.partitions).contains(&true);
            let mut cells = vec![
                Cell::from(g.name.clone()),
                Cell::from(state_text(g.state.as_deref())),
                Cell::from(g.members.map_or("-".into(), |m| m.to_string())),
                Cell::from(short(t.lag as f64)),
                Cell::from(seconds(t.lag_seconds)),
                Cell::from(trend).style(theme.fg(Color::Cyan)),
                status_cell(status, held_up, theme),
            ];
            if wide {
                cells.insert(3, Cell::from(t.partitions.to_string()));
            }
            Row::new(cells)
        })
        .collect();
    let mut header = vec!["GROUP", "STATE", "MEM", "LAG", "BEHIND", "TREND", "STATUS"];
    let mut widths = vec![
        Constraint::Min(16),
        Constraint::Length(9),
        Constraint::Length(3),
        Constraint::Length(7),
        Constraint::Length(6),
        Constraint::Length(trend_w as u16),
        Constraint::Length(6),
    ];
    if wide {
        header.insert(3, "PARTS");
        widths.insert(3, Constraint::Length(5));
    }
    let focused = v.focus() == Pane::Groups;
    let title = format!(" Consumer groups ({}) ", groups.len());
    let t = table(rows, &header, widths, pane(title, focused, theme), theme);
    render_table(f, area, t, focused, v.selected(Pane::Groups));
    if groups.is_empty() {
        let msg = if v.ready {
            "no consumer groups (named with --group, or listed by the broker)"
        } else {
            "waiting for the first sample…"
        };
        empty(f, area, msg);
    }
}

/// A pane's message where it has no rows.
fn empty(f: &mut Frame<'_>, area: Rect, msg: &str) {
    if area.height < 4 {
        return;
    }
    let inner = Rect::new(area.x + 2, area.y + 2, area.width.saturating_sub(4), 1);
    f.render_widget(Paragraph::new(msg.to_string()), inner);
}

/// A column: its header, width, whether this width of terminal shows it, and its cell.
struct Col<'f, T> {
    head: &'static str,
    width: Constraint,
    show: bool,
    cell: Box<dyn Fn(&T) -> Cell<'static> + 'f>,
}

fn col<'f, T>(
    head: &'static str,
    width: Constraint,
    show: bool,
    cell: impl Fn(&T) -> Cell<'static> + 'f,
) -> Col<'f, T> {
    Col {
        head,
        width,
        show,
        cell: Box::new(cell),
    }
}

/// Rows, headers and widths of the columns shown.
fn layout_cols<T>(
    items: &[T],
    cols: &[Col<'_, T>],
) -> (Vec<Row<'static>>, Vec<&'static str>, Vec<Constraint>) {
    let shown: Vec<&Col<'_, T>> = cols.iter().filter(|c| c.show).collect();
    let rows = items
        .iter()
        .map(|it| Row::new(shown.iter().map(|c| (c.cell)(it)).collect::<Vec<_>>()))
        .collect();
    (
        rows,
        shown.iter().map(|c| c.head).collect(),
        shown.iter().map(|c| c.width).collect(),
    )
}

/// A partition row and whether it is stuck.
type Hop<'a> = (&'a PartitionLag, bool);

/// A status, or STUCK (in the stall colour) for a partition held up while its group moves.
fn status_cell(status: Option<Status>, stuck: bool, theme: Theme) -> Cell<'static> {
    if stuck {
        return Cell::from("STUCK").style(theme.status(Some(Status::Stall)));
    }
    Cell::from(status_text(status)).style(theme.status(status))
}

fn draw_partitions(f: &mut Frame<'_>, area: Rect, v: &View, theme: Theme) {
    let group = v.selected_group();
    let parts: &[PartitionLag] = group.map_or(&[], |g| &g.partitions);
    let held_up = stuck(parts);
    let rows: Vec<(&PartitionLag, bool)> = parts.iter().zip(held_up).collect();
    let cols: [Col<'_, Hop<'_>>; 7] = [
        col("TOPIC", Constraint::Min(10), true, |(p, _): &Hop<'_>| {
            Cell::from(p.topic.clone())
        }),
        col("P", Constraint::Length(3), true, |(p, _): &Hop<'_>| {
            Cell::from(p.partition.to_string())
        }),
        col(
            "COMMITTED",
            Constraint::Length(10),
            area.width >= 70,
            |(p, _): &Hop<'_>| Cell::from(p.committed.map_or("-".into(), |c| c.to_string())),
        ),
        col(
            "END",
            Constraint::Length(7),
            area.width >= 56,
            |(p, _): &Hop<'_>| Cell::from(short(p.end as f64)),
        ),
        col("LAG", Constraint::Length(7), true, |(p, _): &Hop<'_>| {
            Cell::from(short(p.lag as f64))
        }),
        col("BEHIND", Constraint::Length(6), true, |(p, _): &Hop<'_>| {
            Cell::from(seconds(p.lag_seconds))
        }),
        col(
            "STATUS",
            Constraint::Length(6),
            true,
            move |(p, stuck): &Hop<'_>| status_cell(p.status, *stuck, theme),
        ),
    ];
    let (rows, header, widths) = layout_cols(&rows, &cols);
    let focused = v.focus() == Pane::Partitions;
    let title = match group {
        Some(g) => format!(" Partitions of {} ", g.name),
        None => " Partitions ".into(),
    };
    let t = table(rows, &header, widths, pane(title, focused, theme), theme);
    render_table(f, area, t, focused, v.selected(Pane::Partitions));
    if let Some(e) = group.and_then(|g| g.error.as_deref()) {
        empty(f, area, e);
    }
}

fn draw_funnel(f: &mut Frame<'_>, area: Rect, v: &View, theme: Theme) {
    let focused = v.focus() == Pane::Funnel;
    let Some(funnel) = &v.snap.funnel else {
        f.render_widget(pane(" Order funnel ".into(), focused, theme), area);
        empty(
            f,
            area,
            "no flow (--funnel a,b,c or the marketplace topics)",
        );
        return;
    };
    let first = funnel.steps.first().map_or(0, |s| s.reached).max(1);
    let bar_w = (area.width as usize).saturating_sub(34).clamp(0, 40);
    let mut rows: Vec<Row> = funnel
        .steps
        .iter()
        .zip(
            v.step_rate
                .iter()
                .map(|r| r.per_sec)
                .chain(std::iter::repeat(0.0)),
        )
        .map(|(s, rate)| {
            let share = s.reached as f64 / first as f64;
            let bar = "█".repeat((share * bar_w as f64).round() as usize);
            let stuck_style = if s.stuck > 0 {
                theme.fg(Color::Red)
            } else {
                Style::default()
            };
            Row::new(vec![
                Cell::from(s.label.clone()),
                Cell::from(short(s.reached as f64)),
                Cell::from(short(rate)),
                Cell::from(short(s.stuck as f64)).style(stuck_style),
                Cell::from(bar).style(theme.fg(Color::Blue)),
            ])
        })
        .collect();
    let extra = [
        ("cancelled", funnel.cancelled, Color::Yellow),
        ("dead-lettered", funnel.dead_lettered, Color::Red),
        ("open", funnel.open, Color::Reset),
    ];
    for (label, n, c) in extra {
        rows.push(Row::new(vec![
            Cell::from(label),
            Cell::from(short(n as f64)).style(if n > 0 { theme.fg(c) } else { Style::default() }),
        ]));
    }
    // what no topic shows (the simulation's own counters)
    for (label, n) in &v.snap.counters {
        rows.push(Row::new(vec![
            Cell::from(label.clone()).style(theme.fg(Color::DarkGray)),
            Cell::from(short(*n as f64)),
        ]));
    }
    let widths = vec![
        Constraint::Length(13),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Min(0),
    ];
    let t = table(
        rows,
        &["STEP", "ORDERS", "/S", "STUCK", ""],
        widths,
        pane(" Order funnel ".into(), focused, theme),
        theme,
    );
    render_table(f, area, t, focused, v.selected(Pane::Funnel));
}

fn draw_topics(f: &mut Frame<'_>, area: Rect, v: &View, theme: Theme) {
    // names first: the trend only where there is room for both
    let trend_w = match area.width {
        80.. => 24,
        60..80 => 8,
        _ => 0,
    };
    let topics = v.topics();
    let rate = |t: &&TopicEnds| v.topic_rate.get(&t.name);
    let cols: [Col<'_, &TopicEnds>; 5] = [
        col("TOPIC", Constraint::Min(12), true, |t: &&TopicEnds| {
            // a hot partition is named beside its topic, in the stall colour
            match v.hot.get(&t.name) {
                Some((p, x)) => Cell::from(format!("{} HOT p{p} {x:.0}x", t.name))
                    .style(theme.status(Some(Status::Stall))),
                None => Cell::from(t.name.clone()),
            }
        }),
        col("P", Constraint::Length(3), true, |t: &&TopicEnds| {
            Cell::from(t.partitions.to_string())
        }),
        col("RECORDS", Constraint::Length(7), true, |t: &&TopicEnds| {
            Cell::from(short(t.held as f64))
        }),
        col("MSG/S", Constraint::Length(6), true, |t: &&TopicEnds| {
            Cell::from(short(rate(t).map_or(0.0, |r| r.per_sec)))
        }),
        col(
            "TREND",
            Constraint::Length(trend_w),
            trend_w > 0,
            |t: &&TopicEnds| {
                Cell::from(
                    rate(t)
                        .map(|r| spark(&r.trend.values(), trend_w as usize))
                        .unwrap_or_default(),
                )
                .style(theme.fg(Color::Cyan))
            },
        ),
    ];
    let (rows, header, widths) = layout_cols(&topics, &cols);
    let focused = v.focus() == Pane::Topics;
    let t = table(
        rows,
        &header,
        widths,
        pane(format!(" Topics ({}) ", topics.len()), focused, theme),
        theme,
    );
    render_table(f, area, t, focused, v.selected(Pane::Topics));
}

fn draw_dlqs(f: &mut Frame<'_>, area: Rect, v: &View, theme: Theme) {
    let dlqs = v.dlqs();
    let rows: Vec<Row> = dlqs
        .iter()
        .map(|d| {
            let style = if d.depth > 0 {
                theme.fg(Color::Red)
            } else {
                Style::default()
            };
            Row::new(vec![
                Cell::from(d.name.clone()),
                Cell::from(short(d.depth as f64)).style(style),
                Cell::from(d.newest_error.clone().unwrap_or_default()),
            ])
        })
        .collect();
    let longest = dlqs
        .iter()
        .map(|d| d.name.chars().count())
        .max()
        .unwrap_or(3);
    let name_w = longest.clamp(3, (area.width as usize * 3 / 5).max(3)) as u16;
    let widths = vec![
        Constraint::Length(name_w),
        Constraint::Length(6),
        Constraint::Min(10),
    ];
    let focused = v.focus() == Pane::Dlqs;
    let t = table(
        rows,
        &["DLQ", "DEPTH", "NEWEST ERROR"],
        widths,
        pane(format!(" Dead letters ({}) ", dlqs.len()), focused, theme),
        theme,
    );
    render_table(f, area, t, focused, v.selected(Pane::Dlqs));
}

fn draw_foot(f: &mut Frame<'_>, area: Rect, v: &View, theme: Theme) {
    let line = match &v.status {
        Some(s) => Line::from(vec![
            Span::styled(s.clone(), theme.fg(Color::Yellow)),
            Span::raw("  (? keys)"),
        ]),
        None => {
            Line::from("q quit  Tab pane  ↑↓ select  Enter drill down  / filter  p pause  ? help")
        }
    };
    f.render_widget(Paragraph::new(line), area);
}

fn draw_help(f: &mut Frame<'_>, area: Rect, theme: Theme) {
    let text = [
        "q, Esc, Ctrl-C   quit",
        "Tab, Shift-Tab   next / previous pane",
        "↑ ↓ (k j)        select a row",
        "Enter            a group's partitions; a DLQ's newest error",
        "/                filter groups, topics and DLQs by name",
        "p                pause / resume the numbers",
        "?                this help (any key closes it)",
        "",
        "LAG: messages behind the committed offset; BEHIND: seconds",
        "since the first unconsumed record was written; STATUS as",
        "`evctl lag --help` explains (OK WARN STALL STOP REWIND ERR);",
        "STUCK: a partition stalled while its group's others move.",
        "HOT pN: a partition written 2x+ the others' mean (10 refreshes).",
    ];
    let w = 66.min(area.width);
    let h = (text.len() as u16 + 2).min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(text.join("\n")).block(pane(" Keys ".into(), true, theme)),
        r,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dashboard::{DlqDepth, Snapshot, TopicEnds};
    use crate::domain::funnel::{FunnelView, StepCount};
    use crate::domain::lag::{GroupLag, PartitionLag};
    use crate::tui::state::Key;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    fn part(
        group: &str,
        topic: &str,
        p: i32,
        committed: i64,
        end: i64,
        secs: f64,
        st: Status,
    ) -> PartitionLag {
        PartitionLag {
            group: group.into(),
            topic: topic.into(),
            partition: p,
            committed: Some(committed),
            end,
            lag: end - committed,
            lag_seconds: Some(secs),
            members: Some(2),
            status: Some(st),
            at_ms: 0,
        }
    }

    fn group(name: &str, state: &str, parts: Vec<PartitionLag>) -> GroupLag {
        GroupLag {
            name: name.into(),
            state: Some(state.into()),
            members: Some(2),
            partitions: parts,
            error: None,
        }
    }

    /// Two samples of a small shop, one second apart: every pane has rows.
    fn shop(at_ms: i64, k: i64) -> Snapshot {
        let orders = "order.created";
        Snapshot {
            at_ms,
            source: "127.0.0.1:9092".into(),
            groups: vec![
                group(
                    "order-service",
                    "Stable",
                    vec![
                        part(
                            "order-service",
                            orders,
                            0,
                            1000 + 90 * k,
                            1010 + 100 * k,
                            0.4,
                            Status::Ok,
                        ),
                        part(
                            "order-service",
                            orders,
                            1,
                            990 + 90 * k,
                            1005 + 100 * k,
                            0.6,
                            Status::Ok,
                        ),
                    ],
                ),
                group(
                    "payment-service",
                    "PreparingRebalance",
                    vec![part(
                        "payment-service",
                        "payment.requested",
                        0,
                        700,
                        900 + 50 * k,
                        12.5,
                        Status::Stall,
                    )],
                ),
                group(
                    "shipping-service",
                    "Empty",
                    vec![part(
                        "shipping-service",
                        "inventory.reserved",
                        0,
                        400,
                        400 + 20 * k,
                        75.0,
                        Status::Stop,
                    )],
                ),
            ],
            topics: vec![
                TopicEnds {
                    name: orders.into(),
                    partitions: 2,
                    end: 2015 + 200 * k,
                    held: 2015 + 200 * k,
                    partition_ends: vec![(0, 1010 + 100 * k), (1, 1005 + 100 * k)],
                },
                TopicEnds {
                    name: "payment.requested".into(),
                    partitions: 1,
                    end: 900 + 50 * k,
                    held: 900 + 50 * k,
                    partition_ends: vec![(0, 900 + 50 * k)],
                },
                TopicEnds {
                    name: "payment.requested.dlq".into(),
                    partitions: 1,
                    end: 3,
                    held: 3,
                    partition_ends: vec![(0, 3)],
                },
            ],
            dlqs: vec![DlqDepth {
                name: "payment.requested.dlq".into(),
                depth: 3,
                newest_error: Some("payment gateway timeout after 3 retries".into()),
                newest_ms: Some(at_ms),
            }],
            funnel: Some(FunnelView {
                steps: [
                    ("created", 2015 + 200 * k, 0),
                    ("paid", 1800 + 150 * k, 12),
                    ("reserved", 1700 + 140 * k, 0),
                    ("shipped", 1650 + 130 * k, 3),
                ]
                .iter()
                .map(|(l, r, s)| StepCount {
                    label: l.to_string(),
                    reached: *r as u64,
                    stuck: *s,
                })
                .collect(),
                cancelled: 90,
                dead_lettered: 3,
                open: 272,
            }),
            counters: vec![("retries".into(), 42), ("duplicates".into(), 7)],
            notes: Vec::new(),
            error: None,
        }
    }

    fn screen(v: &View, w: u16, h: u16) -> Terminal<TestBackend> {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| draw(f, v, Theme { color: false })).unwrap();
        t
    }

    fn shop_view() -> View {
        let mut v = View::new(1000);
        // 2026-12-01T12:00:00Z
        v.apply(shop(1_796_126_400_000, 0));
        v.apply(shop(1_796_126_401_000, 1));
        v
    }

    /// The shop with 80% of order.created's writes on partition 0, and the order service's
    /// partition 1 held up (STALL, with lag) while its partition 0 moves.
    fn skewed_shop(at_ms: i64, k: i64) -> Snapshot {
        let mut s = shop(at_ms, k);
        s.topics[0].partition_ends = vec![(0, 1010 + 160 * k), (1, 1005 + 40 * k)];
        let g = &mut s.groups[0];
        g.partitions[1].status = Some(Status::Stall);
        g.partitions[1].committed = Some(990);
        g.partitions[1].lag = 1005 + 40 * k - 990;
        s
    }

    #[test]
    fn hot_and_stuck_partitions_are_marked() {
        let mut v = View::new(1000);
        v.apply(skewed_shop(1_796_126_400_000, 0));
        v.apply(skewed_shop(1_796_126_401_000, 1));
        assert_eq!(v.hot.get("order.created"), Some(&(0, 4.0)));
        v.key(Key::Enter);
        let t = screen(&v, 80, 24);
        let text = format!("{:?}", t.backend());
        assert!(text.contains("order.created HOT p0 4x"), "{text}");
        assert!(text.contains("STUCK"), "{text}");
        insta::assert_snapshot!("hot_and_stuck", t.backend());
    }

    #[test]
    fn the_dashboard_at_80x24() {
        insta::assert_snapshot!(screen(&shop_view(), 80, 24).backend());
    }

    #[test]
    fn the_dashboard_at_160x48() {
        insta::assert_snapshot!(screen(&shop_view(), 160, 48).backend());
    }

    #[test]
    fn drill_down_filter_pause_and_help() {
        let mut v = shop_view();
        v.key(Key::Down);
        v.key(Key::Enter);
        v.key(Key::Char('p'));
        insta::assert_snapshot!("drilled_and_paused", screen(&v, 80, 24).backend());
        v.key(Key::Char('/'));
        for c in "ship".chars() {
            v.key(Key::Char(c));
        }
        insta::assert_snapshot!("filtered", screen(&v, 80, 24).backend());
        v.key(Key::Enter);
        v.key(Key::Char('?'));
        insta::assert_snapshot!("help", screen(&v, 80, 24).backend());
    }

    #[test]
    fn an_empty_cluster_and_a_failing_collector() {
        let mut v = View::new(1000);
        insta::assert_snapshot!("waiting", screen(&v, 80, 24).backend());
        v.apply(Snapshot {
            at_ms: 1_796_126_400_000,
            source: "embedded".into(),
            notes: vec![
                "the embedded broker cannot list consumer groups: name them with --group".into(),
            ],
            ..Snapshot::default()
        });
        v.apply(Snapshot {
            error: Some("cannot reach broker 127.0.0.1:9092".into()),
            ..Snapshot::default()
        });
        insta::assert_snapshot!("empty_and_failing", screen(&v, 80, 24).backend());
    }

    #[test]
    fn colour_only_when_allowed() {
        let v = shop_view();
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| draw(f, &v, Theme { color: true })).unwrap();
        let coloured = t
            .backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.fg != Color::Reset);
        assert!(coloured);
        let plain = screen(&v, 80, 24);
        assert!(plain
            .backend()
            .buffer()
            .content()
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset));
    }

    #[test]
    fn sparks_and_short_numbers() {
        assert_eq!(spark(&[0, 1, 2, 4, 8], 5), "▁▂▃▅█");
        assert_eq!(spark(&[5, 0, 0], 2), "▁▁");
        assert_eq!(spark(&[], 4), "");
        assert_eq!(short(1234.0), "1234");
        assert_eq!(short(12_345.0), "12.3k");
        assert_eq!(short(2_500_000.0), "2.5M");
        assert_eq!(short(0.5), "0.5");
        assert_eq!(seconds(Some(75.0)), "75.0s");
        assert_eq!(seconds(Some(7200.0)), "2.0h");
        assert_eq!(seconds(None), "?");
        assert_eq!(state_text(Some("CompletingRebalance")), "Rebalance");
    }
}

//! What the screen remembers between refreshes, and what each key does to it.
//!
//! Pure: snapshots and keys go in, the state changes; nothing here draws or reads the clock
//! (rates are computed from the snapshots' own times).

use std::collections::{HashMap, VecDeque};

use crate::domain::dashboard::Snapshot;
use crate::domain::lag::GroupLag;

/// Samples kept for a trend (one per refresh).
pub const TREND_LEN: usize = 60;

/// Refreshes a hot partition is judged over (enough writes to say, recent enough to move).
const HOT_WINDOW: usize = 10;

/// The panes, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Groups,
    Partitions,
    Funnel,
    Topics,
    Dlqs,
}

impl Pane {
    const ORDER: [Pane; 5] = [
        Pane::Groups,
        Pane::Partitions,
        Pane::Funnel,
        Pane::Topics,
        Pane::Dlqs,
    ];

    fn index(self) -> usize {
        Self::ORDER.iter().position(|p| *p == self).unwrap_or(0)
    }

    fn step(self, by: isize) -> Pane {
        let n = Self::ORDER.len() as isize;
        Self::ORDER[((self.index() as isize + by).rem_euclid(n)) as usize]
    }
}

/// A key, as the screen understands it (the terminal maps crossterm's events to these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Esc,
    Enter,
    Tab,
    BackTab,
    Up,
    Down,
    Backspace,
    /// Ctrl-C: quits even while typing a filter.
    Interrupt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// The last `TREND_LEN` values of something.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trend(VecDeque<u64>);

impl Trend {
    pub fn push(&mut self, v: u64) {
        self.0.push_back(v);
        while self.0.len() > TREND_LEN {
            self.0.pop_front();
        }
    }

    pub fn values(&self) -> Vec<u64> {
        self.0.iter().copied().collect()
    }
}

/// Per topic: its last end offset, and the write rate it implies.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rate {
    last: Option<(i64, i64)>,
    pub per_sec: f64,
    pub trend: Trend,
}

impl Rate {
    /// A new total seen at `at_ms`: the rate since the previous one.
    fn update(&mut self, at_ms: i64, total: i64) {
        if let Some((t0, v0)) = self.last {
            let dt = (at_ms - t0) as f64 / 1000.0;
            if dt > 0.0 {
                self.per_sec = ((total - v0).max(0)) as f64 / dt;
                self.trend.push(self.per_sec.round() as u64);
            }
        }
        self.last = Some((at_ms, total));
    }
}

/// Everything the screen shows, kept across refreshes.
#[derive(Debug, Default)]
pub struct View {
    pub snap: Snapshot,
    /// The first snapshot arrived.
    pub ready: bool,
    /// Arrived while paused: shown on resume.
    held: Option<Snapshot>,
    pub group_trend: HashMap<String, Trend>,
    pub topic_rate: HashMap<String, Rate>,
    /// Per topic: its partitions' ends over the trend's window, oldest first.
    partition_ends: HashMap<String, VecDeque<Vec<(i32, i64)>>>,
    /// Per topic: its hot partition over that window and how far above the others' mean.
    pub hot: HashMap<String, (i32, f64)>,
    /// Per funnel step: orders reaching it per second.
    pub step_rate: Vec<Rate>,
    pub focus: Option<Pane>,
    selected: [usize; 5],
    pub filter: String,
    pub typing: bool,
    pub paused: bool,
    pub help: bool,
    /// The status line: a note, an error, or what Enter showed.
    pub status: Option<String>,
    /// Refresh interval, for the title.
    pub interval_ms: u64,
}

impl View {
    pub fn new(interval_ms: u64) -> Self {
        Self {
            interval_ms,
            ..Self::default()
        }
    }

    pub fn focus(&self) -> Pane {
        self.focus.unwrap_or(Pane::Groups)
    }

    /// A new snapshot: numbers replaced, trends and rates extended (held while paused).
    pub fn apply(&mut self, s: Snapshot) {
        if let Some(e) = &s.error {
            // a failed sample: keep the last numbers, say why they are not moving
            self.status = Some(format!("collector: {e}"));
            return;
        }
        if self.paused {
            self.held = Some(s);
            return;
        }
        for g in &s.groups {
            let total = crate::domain::lag::totals(&g.partitions).lag;
            self.group_trend
                .entry(g.name.clone())
                .or_default()
                .push(total.max(0) as u64);
        }
        self.group_trend
            .retain(|name, _| s.groups.iter().any(|g| &g.name == name));
        for t in &s.topics {
            self.topic_rate
                .entry(t.name.clone())
                .or_default()
                .update(s.at_ms, t.end);
        }
        self.topic_rate
            .retain(|name, _| s.topics.iter().any(|t| &t.name == name));
        self.find_hot(&s.topics);
        if let Some(f) = &s.funnel {
            self.step_rate.resize(f.steps.len(), Rate::default());
            for (r, step) in self.step_rate.iter_mut().zip(&f.steps) {
                r.update(s.at_ms, step.reached as i64);
            }
        }
        if self
            .status
            .as_deref()
            .is_some_and(|st| st.starts_with("collector: "))
        {
            // the collector recovered
            self.status = None;
        }
        if let Some(n) = s.notes.first() {
            self.status.get_or_insert_with(|| n.clone());
        }
        self.snap = s;
        self.ready = true;
        self.clamp();
    }

    /// Each topic's hot partition: writes over the trend's window (the oldest ends kept to
    /// the newest), judged by `domain::skew`.
    fn find_hot(&mut self, topics: &[crate::domain::dashboard::TopicEnds]) {
        self.partition_ends
            .retain(|name, _| topics.iter().any(|t| &t.name == name));
        self.hot.clear();
        for t in topics {
            let window = self.partition_ends.entry(t.name.clone()).or_default();
            window.push_back(t.partition_ends.clone());
            while window.len() > HOT_WINDOW {
                window.pop_front();
            }
            let Some(oldest) = window.front() else {
                continue;
            };
            let written: Vec<(i32, u64)> = t
                .partition_ends
                .iter()
                .map(|(p, end)| {
                    let then = oldest
                        .iter()
                        .find(|(q, _)| q == p)
                        .map_or(*end, |(_, e)| *e);
                    (*p, u64::try_from(end - then).unwrap_or(0))
                })
                .collect();
            if let Some(h) = crate::domain::skew::hottest(&written) {
                self.hot.insert(t.name.clone(), h);
            }
        }
    }

    /// What a key does.
    pub fn key(&mut self, k: Key) -> Flow {
        if k == Key::Interrupt {
            return Flow::Quit;
        }
        if self.typing {
            self.type_filter(k);
            return Flow::Continue;
        }
        if self.help {
            // any key closes the help; q and Esc also quit from it
            self.help = false;
            return match k {
                Key::Char('q') => Flow::Quit,
                _ => Flow::Continue,
            };
        }
        match k {
            Key::Char('q') | Key::Esc => return Flow::Quit,
            Key::Tab => self.focus = Some(self.focus().step(1)),
            Key::BackTab => self.focus = Some(self.focus().step(-1)),
            Key::Up | Key::Char('k') => self.move_by(-1),
            Key::Down | Key::Char('j') => self.move_by(1),
            Key::Enter => self.drill(),
            Key::Char('/') => self.typing = true,
            Key::Char('p') => self.toggle_pause(),
            Key::Char('?') => self.help = true,
            _ => {}
        }
        Flow::Continue
    }

    fn type_filter(&mut self, k: Key) {
        match k {
            Key::Char(c) => self.filter.push(c),
            Key::Backspace => {
                self.filter.pop();
            }
            Key::Enter => self.typing = false,
            Key::Esc => {
                self.filter.clear();
                self.typing = false;
            }
            _ => {}
        }
        self.clamp();
    }

    fn toggle_pause(&mut self) {
        self.paused = !self.paused;
        if !self.paused {
            if let Some(s) = self.held.take() {
                self.apply(s);
            }
        }
    }

    /// Enter: from a group to its partitions; on a DLQ, its newest error in full.
    fn drill(&mut self) {
        match self.focus() {
            Pane::Groups => self.focus = Some(Pane::Partitions),
            Pane::Dlqs => {
                let i = self.selected[Pane::Dlqs.index()];
                if let Some(d) = self.dlqs().get(i) {
                    self.status = Some(format!(
                        "{}: {}",
                        d.name,
                        d.newest_error.as_deref().unwrap_or("no error header")
                    ));
                }
            }
            _ => {}
        }
    }

    fn move_by(&mut self, by: isize) {
        let pane = self.focus();
        let i = &mut self.selected[pane.index()];
        *i = (*i as isize + by).max(0) as usize;
        if pane == Pane::Groups {
            // a new group: its partitions from the top
            self.selected[Pane::Partitions.index()] = 0;
        }
        self.clamp();
    }

    /// Selections stay within their (filtered) lists.
    fn clamp(&mut self) {
        let lens = [
            self.groups().len(),
            self.selected_group().map_or(0, |g| g.partitions.len()),
            self.snap.funnel.as_ref().map_or(0, |f| f.steps.len()),
            self.topics().len(),
            self.dlqs().len(),
        ];
        for (sel, len) in self.selected.iter_mut().zip(lens) {
            *sel = (*sel).min(len.saturating_sub(1));
        }
    }

    pub fn selected(&self, pane: Pane) -> usize {
        self.selected[pane.index()]
    }

    fn matches(&self, name: &str) -> bool {
        self.filter.is_empty() || name.to_lowercase().contains(&self.filter.to_lowercase())
    }

    /// Groups passing the filter.
    pub fn groups(&self) -> Vec<&GroupLag> {
        self.snap
            .groups
            .iter()
            .filter(|g| self.matches(&g.name))
            .collect()
    }

    pub fn selected_group(&self) -> Option<&GroupLag> {
        self.groups().get(self.selected(Pane::Groups)).copied()
    }

    pub fn topics(&self) -> Vec<&crate::domain::dashboard::TopicEnds> {
        self.snap
            .topics
            .iter()
            .filter(|t| self.matches(&t.name))
            .collect()
    }

    pub fn dlqs(&self) -> Vec<&crate::domain::dashboard::DlqDepth> {
        self.snap
            .dlqs
            .iter()
            .filter(|d| self.matches(&d.name))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dashboard::TopicEnds;
    use crate::domain::lag::PartitionLag;

    fn group(name: &str, lags: &[i64]) -> GroupLag {
        GroupLag {
            name: name.into(),
            state: Some("Stable".into()),
            members: Some(1),
            partitions: lags
                .iter()
                .enumerate()
                .map(|(i, lag)| PartitionLag {
                    group: name.into(),
                    topic: "t".into(),
                    partition: i as i32,
                    committed: Some(0),
                    end: *lag,
                    lag: *lag,
                    lag_seconds: None,
                    members: Some(1),
                    status: None,
                    at_ms: 0,
                })
                .collect(),
            error: None,
        }
    }

    fn snap(at_ms: i64, groups: Vec<GroupLag>, end: i64) -> Snapshot {
        Snapshot {
            at_ms,
            groups,
            topics: vec![TopicEnds {
                name: "orders".into(),
                partitions: 1,
                end,
                held: end,
                partition_ends: vec![(0, end)],
            }],
            ..Snapshot::default()
        }
    }

    #[test]
    fn snapshots_extend_trends_and_rates() {
        let mut v = View::new(1000);
        v.apply(snap(0, vec![group("a", &[5, 5])], 100));
        v.apply(snap(2000, vec![group("a", &[7, 8])], 300));
        assert_eq!(v.group_trend["a"].values(), [10, 15]);
        assert_eq!(v.topic_rate["orders"].per_sec, 100.0);
        // a group that went away takes its trend with it
        v.apply(snap(3000, vec![group("b", &[1])], 300));
        assert!(!v.group_trend.contains_key("a"));
        assert_eq!(v.topic_rate["orders"].per_sec, 0.0);
    }

    #[test]
    fn pause_holds_the_numbers_until_resumed() {
        let mut v = View::new(1000);
        v.apply(snap(0, vec![group("a", &[1])], 0));
        v.key(Key::Char('p'));
        v.apply(snap(1000, vec![group("a", &[9])], 0));
        assert_eq!(v.snap.groups[0].partitions[0].lag, 1);
        v.key(Key::Char('p'));
        assert_eq!(v.snap.groups[0].partitions[0].lag, 9);
    }

    #[test]
    fn keys_move_focus_selection_and_filter() {
        let mut v = View::new(1000);
        v.apply(snap(
            0,
            vec![group("orders", &[1, 2, 3]), group("payments", &[1])],
            0,
        ));
        assert_eq!(v.key(Key::Down), Flow::Continue);
        assert_eq!(v.selected_group().unwrap().name, "payments");
        v.key(Key::Down);
        assert_eq!(v.selected(Pane::Groups), 1, "stays on the last row");
        v.key(Key::Up);
        v.key(Key::Enter);
        assert_eq!(v.focus(), Pane::Partitions);
        v.key(Key::Down);
        v.key(Key::Down);
        assert_eq!(v.selected(Pane::Partitions), 2);
        v.key(Key::BackTab);
        assert_eq!(v.focus(), Pane::Groups);
        v.key(Key::Tab);
        v.key(Key::Tab);
        assert_eq!(v.focus(), Pane::Funnel);
        // '/' types a filter; q is then a letter, not quit
        v.key(Key::Char('/'));
        for c in "PAYq".chars() {
            assert_eq!(v.key(Key::Char(c)), Flow::Continue);
        }
        v.key(Key::Backspace);
        v.key(Key::Enter);
        assert_eq!(v.filter, "PAY");
        assert_eq!(v.groups().len(), 1);
        assert_eq!(v.selected_group().unwrap().name, "payments");
        v.key(Key::Char('/'));
        v.key(Key::Esc);
        assert_eq!((v.filter.as_str(), v.groups().len()), ("", 2));
        v.key(Key::Char('?'));
        assert!(v.help);
        assert_eq!(v.key(Key::Char('x')), Flow::Continue);
        assert!(!v.help);
        assert_eq!(v.key(Key::Esc), Flow::Quit);
        assert_eq!(v.key(Key::Char('q')), Flow::Quit);
        v.typing = true;
        assert_eq!(v.key(Key::Interrupt), Flow::Quit);
    }
}

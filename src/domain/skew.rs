//! Hot partitions and the keys behind them: how a topic's writes spread over its partitions.
//! The article: "avoid hot keys" — one key (or a skewed partitioner) sends most writes to one
//! partition, and its consumer becomes the whole group's ceiling.
//!
//! Why pure: "hot" is a rule about counts (how far above the topic's mean, and with enough
//! records to say so) that `top` and `topics skew` must apply the same way.

/// A partition is hot when it takes at least this many times the mean of its topic's other
/// partitions (so 80% of the writes is hot on 2 partitions as on 4).
pub const HOT_FACTOR: f64 = 2.0;

/// Below this many records in a partition, no verdict: a handful of writes says nothing.
pub const MIN_HOT_RECORDS: u64 = 10;

/// One partition's part of a topic's writes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PartitionShare {
    pub partition: i32,
    pub records: u64,
    /// Of the topic's records, 0..=1.
    pub share: f64,
    /// Its records over the mean of the other partitions (that mean taken as at least 1).
    pub factor: f64,
    pub hot: bool,
}

/// Each partition's share of `counts` (partition, records), and whether it is hot.
pub fn shares(counts: &[(i32, u64)]) -> Vec<PartitionShare> {
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    let others = counts.len().saturating_sub(1).max(1) as f64;
    counts
        .iter()
        .map(|&(partition, records)| {
            let mean_others = ((total - records) as f64 / others).max(1.0);
            let factor = records as f64 / mean_others;
            PartitionShare {
                partition,
                records,
                share: if total > 0 {
                    records as f64 / total as f64
                } else {
                    0.0
                },
                factor,
                hot: counts.len() >= 2 && records >= MIN_HOT_RECORDS && factor >= HOT_FACTOR,
            }
        })
        .collect()
}

/// The hottest partition of `counts`, if any is hot: (partition, factor over the mean).
pub fn hottest(counts: &[(i32, u64)]) -> Option<(i32, f64)> {
    shares(counts)
        .into_iter()
        .filter(|s| s.hot)
        .max_by(|a, b| a.factor.total_cmp(&b.factor))
        .map(|s| (s.partition, s.factor))
}

/// A key's part of the sample.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KeyShare {
    /// The key as text (`(null)` for none, hex-escaped when not UTF-8).
    pub key: String,
    pub records: u64,
    pub share: f64,
    /// Where its records went (one partition, unless the partition count changed).
    pub partitions: Vec<i32>,
}

/// The `n` keys with the most records (ties by key), with their shares of `total`.
pub fn top_keys(
    keys: impl IntoIterator<Item = (String, u64, Vec<i32>)>,
    total: u64,
    n: usize,
) -> Vec<KeyShare> {
    let mut all: Vec<(String, u64, Vec<i32>)> = keys.into_iter().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.truncate(n);
    all.into_iter()
        .map(|(key, records, partitions)| KeyShare {
            key,
            records,
            share: if total > 0 {
                records as f64 / total as f64
            } else {
                0.0
            },
            partitions,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighty_percent_on_one_of_four_is_hot() {
        let s = shares(&[(0, 800), (1, 67), (2, 67), (3, 66)]);
        assert!(s[0].hot && !s[1].hot);
        assert!((s[0].share - 0.8).abs() < 1e-9);
        assert!((s[0].factor - 12.0).abs() < 1e-9);
        assert_eq!(
            hottest(&[(0, 800), (1, 67), (2, 67), (3, 66)]),
            Some((0, 12.0))
        );
        // 80% on one of two is hot too; 60% is not
        assert_eq!(hottest(&[(0, 80), (1, 20)]), Some((0, 4.0)));
        assert_eq!(hottest(&[(0, 60), (1, 40)]), None);
    }

    #[test]
    fn even_tiny_or_single_partition_topics_are_not_hot() {
        assert_eq!(hottest(&[(0, 100), (1, 110), (2, 90)]), None);
        // 5 records on one of 4: too few to say
        assert_eq!(hottest(&[(0, 5), (1, 0), (2, 0), (3, 0)]), None);
        assert_eq!(hottest(&[(0, 1000)]), None);
        assert_eq!(hottest(&[]), None);
        assert_eq!(shares(&[(0, 0), (1, 0)])[0].share, 0.0);
    }

    #[test]
    fn top_keys_rank_by_records() {
        let k = top_keys(
            [
                ("b".to_string(), 5, vec![1]),
                ("a".to_string(), 5, vec![0]),
                ("hot".to_string(), 90, vec![2]),
            ],
            100,
            2,
        );
        assert_eq!(k[0].key, "hot");
        assert_eq!(k[1].key, "a");
        assert!((k[0].share - 0.9).abs() < 1e-9);
    }
}

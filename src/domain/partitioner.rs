//! Which partition a key is in, as the two default partitioners a producer may have used pick it.
//!
//! The article keys every event of an order by its orderId so that the order's events stay in
//! order on one partition. That same fact lets `tail --key` read 2 of P partitions instead of P:
//! a Java client (and Kafka Streams, kcat `-p -1` with `partitioner=murmur2`) puts a key on
//! `murmur2(key) & 0x7fffffff % P`; librdkafka's default (`consistent_random`, so evctl, kcat,
//! the Python/Go/.NET clients) on `crc32(key) % P`. Reading both finds the records whichever kind
//! of client wrote them, provided P has not changed since.

/// Kafka's murmur2 (the Java client's `Utils.murmur2`), as a signed 32-bit hash.
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    let mut h: u32 = SEED ^ data.len() as u32;
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        let mut k = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        for (i, &b) in rest.iter().enumerate().rev() {
            h ^= u32::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// The partition the Java client's default partitioner picks for a keyed record.
pub fn java_partition(key: &[u8], partitions: usize) -> i32 {
    ((murmur2(key) & 0x7fff_ffff) as u32 % partitions.max(1) as u32) as i32
}

/// The partition librdkafka's default partitioner (`consistent_random`) picks for a keyed record.
pub fn librdkafka_partition(key: &[u8], partitions: usize) -> i32 {
    (crc32fast::hash(key) % partitions.max(1) as u32) as i32
}

/// The keys a search is looking for, and so the partitions it needs to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRoute {
    keys: Vec<Vec<u8>>,
}

impl KeyRoute {
    /// A route for these keys; None when one of them cannot be routed (an empty key is
    /// spread at random by librdkafka, so it can be anywhere) or there are none.
    pub fn new(keys: impl IntoIterator<Item = Vec<u8>>) -> Option<Self> {
        let keys: Vec<Vec<u8>> = keys.into_iter().collect();
        if keys.is_empty() || keys.iter().any(Vec::is_empty) {
            return None;
        }
        Some(Self { keys })
    }

    /// The partitions of a topic with `count` partitions where the keys can be: each key's
    /// murmur2 and crc32 partition, the union over the keys, in order.
    pub fn partitions(&self, count: usize) -> Vec<i32> {
        let mut out: Vec<i32> = self
            .keys
            .iter()
            .flat_map(|k| [java_partition(k, count), librdkafka_partition(k, count)])
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmur2_matches_the_java_client() {
        // values of org.apache.kafka.common.utils.Utils.murmur2 for these inputs
        for (s, want) in [
            ("21", -973_932_308),
            ("foobar", -790_332_482),
            ("a-little-bit-long-string", -985_981_536),
            ("a-little-bit-longer-string", -1_486_304_829),
            (
                "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8",
                -58_897_971,
            ),
            ("abc", 479_470_107),
        ] {
            assert_eq!(murmur2(s.as_bytes()), want, "{s}");
        }
    }

    #[test]
    fn crc32_is_the_zlib_one() {
        assert_eq!(crc32fast::hash(b"123456789"), 0xcbf4_3926);
        assert_eq!(
            librdkafka_partition(b"123456789", 12),
            (0xcbf4_3926u32 % 12) as i32
        );
    }

    #[test]
    fn a_route_reads_at_most_two_partitions_per_key_and_their_union() {
        let one = KeyRoute::new([b"o-1".to_vec()]).unwrap();
        let p = one.partitions(12);
        assert!((1..=2).contains(&p.len()), "{p:?}");
        assert!(p.contains(&java_partition(b"o-1", 12)));
        assert!(p.contains(&librdkafka_partition(b"o-1", 12)));
        let two = KeyRoute::new([b"o-1".to_vec(), b"o-2".to_vec()]).unwrap();
        let q = two.partitions(12);
        assert!(p.iter().all(|x| q.contains(x)));
        assert!(q.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(one.partitions(1), [0]);
    }

    #[test]
    fn empty_keys_and_no_keys_cannot_be_routed() {
        assert!(KeyRoute::new([Vec::new()]).is_none());
        assert!(KeyRoute::new(Vec::<Vec<u8>>::new()).is_none());
    }
}

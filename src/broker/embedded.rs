//! The embedded broker: librdkafka's mock cluster, which speaks the real Kafka protocol on
//! 127.0.0.1 so any client (kcat, another evctl) can connect to it.
//!
//! Why not `rdkafka::mocking::MockCluster`: it hides the cluster handle, and we need two calls
//! it does not wrap: the group initial-rebalance delay (3 s by default, which makes every
//! consumer group crawl) and explicit topic creation. So this owns the handle itself: the
//! cluster is created on a private client handle and destroyed before it.
//!
//! The cluster is `!Send` (librdkafka ties it to its creating handle); keep it on one thread.

use std::ffi::{CStr, CString};
use std::marker::PhantomData;
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rdkafka::client::{Client, DefaultClientContext};
use rdkafka::config::ClientConfig;
use rdkafka::types::RDKafkaType;
use rdkafka_sys as rdsys;

use super::BrokerError;

/// Auto-created topics on the mock get this many partitions (fixed inside librdkafka).
pub const AUTO_CREATE_PARTITIONS: i32 = 4;

extern "C" {
    /// Added to librdkafka's mock by evctl's vendored patch (vendor/rdkafka-sys.patch).
    fn rd_kafka_mock_evctl_partition_max_bytes(
        mcluster: *mut rdsys::rd_kafka_mock_cluster_t,
        bytes: usize,
    );
}

pub struct EmbeddedCluster {
    cluster: *mut rdsys::rd_kafka_mock_cluster_t,
    // Declared after `cluster` so it is dropped after it; see Drop.
    _client: Client<DefaultClientContext>,
    _not_send: PhantomData<*const ()>,
}

impl EmbeddedCluster {
    /// Starts `brokers` mock brokers with the group rebalance delay set to zero.
    pub fn start(brokers: i32) -> Result<Self, BrokerError> {
        if !(1..=32).contains(&brokers) {
            return Err(BrokerError::Embedded(format!(
                "--brokers {brokers}: choose between 1 and 32"
            )));
        }
        let config = ClientConfig::new();
        let native = config
            .create_native_config()
            .map_err(|e| BrokerError::Embedded(e.to_string()))?;
        let client = Client::new(
            &config,
            native,
            RDKafkaType::RD_KAFKA_PRODUCER,
            DefaultClientContext,
        )
        .map_err(|e| BrokerError::Embedded(e.to_string()))?;
        // SAFETY: the handle is valid for the life of `client`, which outlives the cluster.
        let cluster = unsafe { rdsys::rd_kafka_mock_cluster_new(client.native_ptr(), brokers) };
        if cluster.is_null() {
            return Err(BrokerError::Embedded(
                "librdkafka could not create the mock cluster".into(),
            ));
        }
        // SAFETY: `cluster` was just created and is non-null.
        unsafe { rdsys::rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 0) };
        let me = Self {
            cluster,
            _client: client,
            _not_send: PhantomData,
        };
        me.widen_backlogs();
        Ok(me)
    }

    /// The mock listens with a backlog of 5 connections. A run that starts a dozen clients at
    /// once (simulate: 9 consumers and 9 producers, each with a bootstrap and a coordinator
    /// connection) overflows it while the mock's one thread is busy; the kernel then drops the
    /// SYN and the client's retry comes a whole second later (seen as a consumer group member
    /// that joined 1 s after the others, in ~1 of 6 simulate runs). Linux lets `listen` be
    /// called again on a listening socket to change its backlog: the mock's listeners are found
    /// among this process's descriptors by their address and given the system's maximum.
    fn widen_backlogs(&self) {
        let addrs = self.listeners();
        let Ok(fds) = std::fs::read_dir("/proc/self/fd") else {
            return;
        };
        for fd in fds
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        {
            if listening_on(fd).is_some_and(|a| addrs.contains(&a)) {
                // SAFETY: `fd` is a listening TCP socket of the mock; listen() only changes
                // its backlog (a failure leaves the old one, which is no worse).
                unsafe { libc::listen(fd, libc::SOMAXCONN) };
            }
        }
    }

    pub fn bootstrap_servers(&self) -> String {
        // SAFETY: the cluster is live; librdkafka returns a string it owns for its lifetime.
        unsafe {
            let p = rdsys::rd_kafka_mock_cluster_bootstraps(self.cluster);
            if p.is_null() {
                return String::new();
            }
            CStr::from_ptr(p).to_string_lossy().into_owned()
        }
    }

    /// The brokers' listening addresses.
    fn listeners(&self) -> Vec<SocketAddr> {
        self.bootstrap_servers()
            .split(',')
            .filter_map(|a| a.parse().ok())
            .collect()
    }

    /// Runs a call that hands an op to the cluster's thread and waits for its answer, waking
    /// that thread while it waits. The thread sleeps in poll() for up to a second and is woken
    /// by a byte on a pipe, but it empties the pipe after serving its ops: an op queued in
    /// between loses its wake-up and waits out the sleep (measured: 8 topic creations took
    /// 0.01-7 s, in whole seconds). A connection to a listener is also a wake-up, so one is
    /// made every few milliseconds until the call returns; an op served at once makes none.
    fn awake<T>(&self, call: impl FnOnce() -> T) -> T {
        let done = AtomicBool::new(false);
        let listeners = self.listeners();
        std::thread::scope(|s| {
            let waker = s.spawn(|| {
                while !done.load(Ordering::Acquire) {
                    std::thread::park_timeout(Duration::from_millis(5));
                    if done.load(Ordering::Acquire) {
                        break;
                    }
                    for a in &listeners {
                        // a broker that is down listens to nothing: the others still wake it
                        let _ = TcpStream::connect_timeout(a, Duration::from_millis(50));
                    }
                }
            });
            let out = call();
            done.store(true, Ordering::Release);
            waker.thread().unpark();
            out
        })
    }

    /// Creates a topic with an exact partition count (the mock has no CreateTopics API).
    pub fn create_topic(
        &self,
        name: &str,
        partitions: i32,
        replication: i32,
    ) -> Result<(), BrokerError> {
        let c_name = CString::new(name).map_err(|_| {
            BrokerError::Embedded(format!("topic name '{name}' contains a NUL byte"))
        })?;
        // SAFETY: the cluster is live and `c_name` outlives the call.
        let err = self.awake(|| unsafe {
            rdsys::rd_kafka_mock_topic_create(
                self.cluster,
                c_name.as_ptr(),
                partitions,
                replication,
            )
        });
        check(err, || format!("creating topic '{name}'"))
    }
}

/// An error code from a mock call as an error naming what was attempted.
fn check(
    err: rdsys::rd_kafka_resp_err_t,
    what: impl FnOnce() -> String,
) -> Result<(), BrokerError> {
    if err == rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
        return Ok(());
    }
    // SAFETY: rd_kafka_err2str returns a static string for any code.
    let reason = unsafe { CStr::from_ptr(rdsys::rd_kafka_err2str(err)) }.to_string_lossy();
    Err(BrokerError::Embedded(format!("{}: {reason}", what())))
}

impl Drop for EmbeddedCluster {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_mock_cluster_new and destroyed once, before its handle.
        unsafe { rdsys::rd_kafka_mock_cluster_destroy(self.cluster) };
    }
}

/// Requests the embedded broker can be told to fail (chaos in `simulate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailedRequest {
    Produce,
    Fetch,
}

impl EmbeddedCluster {
    /// Size-based retention for the partitions created from now on: each keeps its newest
    /// `bytes` of log (evctl's vendored mock; its own default is 1 GiB, see vendor/README.md).
    pub fn set_retention_bytes(&self, bytes: u64) {
        let bytes = usize::try_from(bytes).unwrap_or(usize::MAX);
        // SAFETY: the cluster lives as long as self; the setter takes the cluster's lock.
        unsafe { rd_kafka_mock_evctl_partition_max_bytes(self.cluster, bytes) };
    }

    /// How long a consumer group's first join waits for more members before the first
    /// generation is formed (Kafka's `group.initial.rebalance.delay.ms`). Zero (the start
    /// value) suits one reader; a crew of members that join together is formed in one
    /// generation instead of one rebalance per late member.
    pub fn set_group_initial_rebalance_delay(&self, delay: Duration) {
        let ms = i32::try_from(delay.as_millis()).unwrap_or(i32::MAX);
        // SAFETY: the cluster is live for as long as `self`.
        unsafe { rdsys::rd_kafka_mock_group_initial_rebalance_delay_ms(self.cluster, ms) };
    }

    /// Timings of KIP-848 groups (`group.protocol=consumer`), which the broker sets for its
    /// members: how often they heartbeat (the broker hands out assignment changes in its
    /// heartbeat answers, so this paces how soon a group settles) and how long a silent member
    /// keeps its partitions. The mock's defaults are 3 s and 30 s.
    pub fn set_consumer_group_timings(&self, heartbeat: Duration, session: Duration) {
        let ms = |d: Duration| i32::try_from(d.as_millis()).unwrap_or(i32::MAX);
        // SAFETY: the cluster is live for as long as `self`.
        unsafe {
            rdsys::rd_kafka_mock_set_group_consumer_heartbeat_interval_ms(
                self.cluster,
                ms(heartbeat),
            );
            rdsys::rd_kafka_mock_set_group_consumer_session_timeout_ms(self.cluster, ms(session));
        }
    }

    /// Takes broker 1 down (connections refused and closed) or brings it back.
    pub fn set_broker_up(&self, up: bool) -> Result<(), BrokerError> {
        self.set_broker_id_up(1, up)
    }

    /// Takes broker `id` (1-based) down or brings it back: its connections are refused and
    /// closed, so requests in flight to it are lost and must be retried by the client.
    pub fn set_broker_id_up(&self, id: i32, up: bool) -> Result<(), BrokerError> {
        // SAFETY: the cluster is live; an unknown id is an error code, not undefined behaviour.
        let err = self.awake(|| unsafe {
            if up {
                rdsys::rd_kafka_mock_broker_set_up(self.cluster, id)
            } else {
                rdsys::rd_kafka_mock_broker_set_down(self.cluster, id)
            }
        });
        // a broker brought up listens anew, with the mock's backlog
        if up {
            self.widen_backlogs();
        }
        check(err, || {
            format!("setting broker {id} {}", if up { "up" } else { "down" })
        })
    }

    /// Moves the leadership of one partition to broker `id`; clients learn it from
    /// NOT_LEADER answers and fresh metadata, as after a real leader election.
    pub fn set_partition_leader(
        &self,
        topic: &str,
        partition: i32,
        id: i32,
    ) -> Result<(), BrokerError> {
        let c_topic = CString::new(topic).map_err(|_| {
            BrokerError::Embedded(format!("topic name '{topic}' contains a NUL byte"))
        })?;
        // SAFETY: the cluster is live and `c_topic` outlives the call.
        let err = self.awake(|| unsafe {
            rdsys::rd_kafka_mock_partition_set_leader(self.cluster, c_topic.as_ptr(), partition, id)
        });
        check(err, || {
            format!("moving the leader of {topic}/{partition} to broker {id}")
        })
    }

    /// The next `count` requests of that kind fail with NOT_LEADER_OR_FOLLOWER, a retriable
    /// error clients must recover from by themselves.
    pub fn push_request_errors(&self, kind: FailedRequest, count: usize) {
        let api: i16 = match kind {
            FailedRequest::Produce => 0,
            FailedRequest::Fetch => 1,
        };
        let errors =
            vec![rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION; count];
        // SAFETY: the cluster is live and `errors` holds `count` codes for the call's duration.
        unsafe {
            rdsys::rd_kafka_mock_push_request_errors_array(
                self.cluster,
                api,
                errors.len(),
                errors.as_ptr(),
            )
        };
    }
}

/// The IPv4 address a descriptor listens on, when it is a listening TCP socket.
fn listening_on(fd: i32) -> Option<SocketAddr> {
    let mut accepting: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: the out-pointers are valid for the sizes given; a descriptor that is not a
    // socket (or was closed meanwhile) makes the call fail, which is checked.
    let r = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_ACCEPTCONN,
            (&mut accepting as *mut libc::c_int).cast(),
            &mut len,
        )
    };
    if r != 0 || accepting == 0 {
        return None;
    }
    // SAFETY: all-zero bytes are a valid sockaddr_in.
    let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: as above; the kernel writes at most `len` bytes.
    let r = unsafe { libc::getsockname(fd, (&mut sin as *mut libc::sockaddr_in).cast(), &mut len) };
    if r != 0 || i32::from(sin.sin_family) != libc::AF_INET {
        return None;
    }
    let ip = std::net::Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
    Some(SocketAddr::from((ip, u16::from_be(sin.sin_port))))
}

//! Pure types and rules shared by every command: no I/O, no Kafka, no async.
//! Each piece here is the contract of something users type or read (an offset, an envelope,
//! a filter, a connection), so it is unit-tested on its own.

pub mod compat;
pub mod connection;
pub mod dashboard;
pub mod deadletter;
pub mod envelope;
pub mod filter;
pub mod funnel;
pub mod groups;
pub mod lag;
pub mod offsets;
pub mod partitioner;
pub mod signature;
pub mod skew;
pub mod spans;
pub mod topics;
pub mod trace;

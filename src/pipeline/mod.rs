//! The simulated marketplace (issue #5, DESIGN §4): a seeded order generator, the four
//! services and the status projection, all as pure logic. No broker, no clock, no threads:
//! `commands::simulate` wires them to Kafka, and everything here is unit-tested alone.

pub mod chaos;
pub mod events;
pub mod gateway;
pub mod invariants;
pub mod projection;
pub mod services;

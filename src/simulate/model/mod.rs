//! The simulated marketplace's pure model (issue #5, DESIGN §4): a seeded order generator,
//! the four services, the status projection, the order's lifecycle, the invariants and the
//! report's plain data. No broker, no clock, no threads: the simulate room around it wires
//! them to Kafka, and everything here is unit-tested alone.

pub mod breaker;
pub mod canary;
pub mod chaos;
pub mod events;
pub mod gateway;
pub mod invariants;
pub mod order;
pub mod projection;
pub mod report;
pub mod services;

//! An order's status as the read model sees it, and how it may move.
//!
//! Why a rank: the projection reads eight topics whose partitions are consumed independently,
//! so "shipped" can arrive before "paid". Status only moves forward, and a terminal status
//! (shipped, cancelled, dead-lettered) is final, so the order of arrival does not matter.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Created,
    PaymentRequested,
    Paid,
    PaymentFailed,
    Reserved,
    OutOfStock,
    Shipped,
    Cancelled,
    /// Some event of the order ended in a dead-letter queue: it needs a human (or a replay).
    DeadLettered,
}

impl OrderStatus {
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            OrderStatus::Shipped | OrderStatus::Cancelled | OrderStatus::DeadLettered
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            OrderStatus::Created => "created",
            OrderStatus::PaymentRequested => "payment_requested",
            OrderStatus::Paid => "paid",
            OrderStatus::PaymentFailed => "payment_failed",
            OrderStatus::Reserved => "reserved",
            OrderStatus::OutOfStock => "out_of_stock",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::DeadLettered => "dead_lettered",
        }
    }

    /// The status after seeing `next`: forward only, terminal is final, except that an order
    /// whose event was dead-lettered can still finish: a redelivery of the same event (after a
    /// crash), or a `dlq replay`, that succeeded later decides how it ended.
    pub fn advance(self, next: OrderStatus) -> OrderStatus {
        let finished = matches!(next, OrderStatus::Shipped | OrderStatus::Cancelled);
        if self == OrderStatus::DeadLettered && finished {
            next
        } else if self.is_terminal() {
            self
        } else if next.is_terminal() {
            next
        } else {
            self.max(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::OrderStatus::*;

    #[test]
    fn status_moves_forward_and_terminal_is_final() {
        assert_eq!(Created.advance(Paid), Paid);
        assert_eq!(Reserved.advance(Paid), Reserved);
        assert_eq!(Paid.advance(Shipped), Shipped);
        assert_eq!(Shipped.advance(DeadLettered), Shipped);
        assert_eq!(PaymentFailed.advance(Cancelled), Cancelled);
        assert_eq!(Cancelled.advance(Created), Cancelled);
        assert_eq!(DeadLettered.advance(Shipped), Shipped);
        assert_eq!(DeadLettered.advance(Cancelled), Cancelled);
        assert_eq!(DeadLettered.advance(Paid), DeadLettered);
        assert!(!OutOfStock.is_terminal());
    }
}

//! Compatibility modes as Confluent's Schema Registry names them, and what each one checks.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The new schema reads data written with the old one.
    Backward,
    /// The old schema reads data written with the new one.
    Forward,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Backward => "backward",
            Self::Forward => "forward",
        })
    }
}

/// Why an Avro reader schema cannot read what a writer schema wrote (Java's
/// `SchemaIncompatibilityType` names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncompatKind {
    NameMismatch,
    FixedSizeMismatch,
    MissingEnumSymbols,
    ReaderFieldMissingDefaultValue,
    TypeMismatch,
    MissingUnionBranch,
}

impl IncompatKind {
    /// The name a finding's `kind` carries.
    pub fn name(self) -> &'static str {
        match self {
            Self::NameMismatch => "NAME_MISMATCH",
            Self::FixedSizeMismatch => "FIXED_SIZE_MISMATCH",
            Self::MissingEnumSymbols => "MISSING_ENUM_SYMBOLS",
            Self::ReaderFieldMissingDefaultValue => "READER_FIELD_MISSING_DEFAULT_VALUE",
            Self::TypeMismatch => "TYPE_MISMATCH",
            Self::MissingUnionBranch => "MISSING_UNION_BRANCH",
        }
    }
}

/// One reason a reader cannot read a writer's data.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Incompatibility {
    /// The change type in the format's own words: Avro's `IncompatKind` names, Confluent's
    /// Protobuf and JSON Schema change types (`FIELD_KIND_CHANGED`).
    pub kind: &'static str,
    /// JSON pointer into the reader schema.
    pub pointer: String,
    pub message: String,
}

/// One problem found when checking a new schema against one earlier version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Which earlier version (its label: a file, `REF:path`, `subject v3`).
    pub against: String,
    pub direction: Direction,
    #[serde(flatten)]
    pub problem: Incompatibility,
}

impl fmt::Display for Finding {
    /// `/fields/1 (backward against v1.avsc): reader field 'b' has no default`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} against {}): {}",
            self.problem.pointer, self.direction, self.against, self.problem.message
        )
    }
}

/// How strictly JSON Schema changes to open content models are judged (Confluent's
/// `compatibilityPolicy`): `strict` assumes old data may hold any property an open model
/// admitted; `lenient` lets optional properties come and go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JsonPolicy {
    #[default]
    Strict,
    Lenient,
}

impl FromStr for JsonPolicy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "strict" => Ok(Self::Strict),
            "lenient" => Ok(Self::Lenient),
            _ => Err(format!(
                "unknown compatibility policy '{s}'; use strict or lenient"
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Backward,
    BackwardTransitive,
    Forward,
    ForwardTransitive,
    Full,
    FullTransitive,
    None,
}

impl Mode {
    pub fn transitive(self) -> bool {
        matches!(
            self,
            Self::BackwardTransitive | Self::ForwardTransitive | Self::FullTransitive
        )
    }

    pub fn directions(self) -> &'static [Direction] {
        match self {
            Self::Backward | Self::BackwardTransitive => &[Direction::Backward],
            Self::Forward | Self::ForwardTransitive => &[Direction::Forward],
            Self::Full | Self::FullTransitive => &[Direction::Backward, Direction::Forward],
            Self::None => &[],
        }
    }
}

pub const MODES: &str =
    "backward, backward_transitive, forward, forward_transitive, full, full_transitive, none";

/// A compatibility level that is not one of [`MODES`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown compatibility '{0}'; use one of {MODES}")]
pub struct UnknownMode(pub String);

impl FromStr for Mode {
    type Err = UnknownMode;
    fn from_str(s: &str) -> Result<Self, UnknownMode> {
        Ok(
            match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
                "backward" => Self::Backward,
                "backward_transitive" => Self::BackwardTransitive,
                "forward" => Self::Forward,
                "forward_transitive" => Self::ForwardTransitive,
                "full" => Self::Full,
                "full_transitive" => Self::FullTransitive,
                "none" => Self::None,
                _ => return Err(UnknownMode(s.to_string())),
            },
        )
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Backward => "BACKWARD",
            Self::BackwardTransitive => "BACKWARD_TRANSITIVE",
            Self::Forward => "FORWARD",
            Self::ForwardTransitive => "FORWARD_TRANSITIVE",
            Self::Full => "FULL",
            Self::FullTransitive => "FULL_TRANSITIVE",
            Self::None => "NONE",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse_in_either_spelling() {
        assert_eq!("BACKWARD".parse::<Mode>(), Ok(Mode::Backward));
        assert_eq!("full-transitive".parse::<Mode>(), Ok(Mode::FullTransitive));
        assert_eq!(
            "Forward_Transitive".parse::<Mode>(),
            Ok(Mode::ForwardTransitive)
        );
        let e = "sideways".parse::<Mode>().unwrap_err();
        assert_eq!(e, UnknownMode("sideways".into()));
        assert!(e.to_string().contains("backward_transitive"), "{e}");
        assert_eq!(Mode::Full.directions().len(), 2);
        assert!(Mode::None.directions().is_empty());
    }

    #[test]
    fn a_finding_reads_as_one_line() {
        let f = Finding {
            against: "v1.avsc".into(),
            direction: Direction::Forward,
            problem: Incompatibility {
                kind: IncompatKind::ReaderFieldMissingDefaultValue.name(),
                pointer: "/fields/1".into(),
                message: "reader field 'b' has no default".into(),
            },
        };
        assert_eq!(
            f.to_string(),
            "/fields/1 (forward against v1.avsc): reader field 'b' has no default"
        );
    }
}

/// The two registry settings a subject can override (`evctl registry compatibility|mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Compatibility,
    Mode,
}

impl Setting {
    pub fn name(self) -> &'static str {
        match self {
            Self::Compatibility => "compatibility",
            Self::Mode => "mode",
        }
    }
}

//! A decision that something at a place is not to be coded, kept so that
//! it is not asked again: an adjudicator's ruling that what the coders
//! disagree on stays out of the curated version ("drop"; accepting a
//! coder's version needs no record: the curated spans are the record), or
//! a coder's rejection of a suggested attribution (its cue's place).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Id;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ruling {
    pub id: Id,
    pub article: Id,
    /// The place, in code points: all the coders' spans there, together.
    pub start: usize,
    pub end: usize,
    /// About the links of the claims there, rather than the spans.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub links: bool,
    /// A rejected suggestion: `start..end` is its cue.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suggestion: bool,
    pub annotator: String,
    pub created: DateTime<Utc>,
}

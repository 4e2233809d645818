//! An adjudicator's ruling that what the coders disagree on at one place
//! stays out of the curated version ("drop"). Accepting a coder's version
//! needs no record: the curated spans and links are the record.

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
    pub annotator: String,
    pub created: DateTime<Utc>,
}

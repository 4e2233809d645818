//! Facts: named statements that group claim spans from different articles,
//! so that outlets can be compared on what they say about the same thing.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Id;

/// How a claim relates to the fact it is grouped under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    #[default]
    Equivalent,
    MoreSpecific,
    LessSpecific,
    Partial,
    Contradicts,
}

impl Relation {
    pub const ALL: [Relation; 5] = [
        Relation::Equivalent,
        Relation::MoreSpecific,
        Relation::LessSpecific,
        Relation::Partial,
        Relation::Contradicts,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Relation::Equivalent => "equivalent",
            Relation::MoreSpecific => "more specific",
            Relation::LessSpecific => "less specific",
            Relation::Partial => "partial",
            Relation::Contradicts => "contradicts",
        }
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub span: Id,
    #[serde(default)]
    pub relation: Relation,
    /// Who put the claim in the fact, and when (files before version 3:
    /// unknown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub annotator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub id: Id,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default)]
    pub members: Vec<Member>,
}

impl Fact {
    pub fn member(&self, span: Id) -> Option<&Member> {
        self.members.iter().find(|m| m.span == span)
    }
}

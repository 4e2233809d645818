//! What a merge of two coders' project files could not settle by itself:
//! the record both changed differently, or one deleted while the other
//! changed it. Both versions are kept (as RON text) until someone picks
//! one; the project holds the version the merge kept meanwhile.

use serde::{Deserialize, Serialize};

use super::Id;

/// The kind of record a conflict is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ConflictKind {
    Span,
    Link,
    Fact,
    Article,
    Tag,
    OutletOrder,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// The conflict's own id.
    pub id: Id,
    pub kind: ConflictKind,
    /// The record's id, or a tag's name; empty for the outlet order.
    pub record: String,
    /// Why the merge could not settle it, for a person to read.
    pub reason: String,
    /// Our version and theirs, as RON; `None` where that side deleted it.
    #[serde(default)]
    pub ours: Option<String>,
    #[serde(default)]
    pub theirs: Option<String>,
}

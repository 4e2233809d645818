//! The data Parallax works on, free of any UI: articles, spans, links,
//! facts and the tag schema. Plain serde data plus the invariants that keep
//! them consistent (see [`Project`]).

mod article;
mod attributes;
mod conflict;
mod fact;
mod id;
mod link;
mod project;
mod ruling;
mod schema;
mod span;

pub use article::{parse_date, Article, ArticleMeta, Direction, UNKNOWN_OUTLET};
pub use attributes::{Attributes, Stamp, Stamps};
pub use conflict::{Conflict, ConflictKind};
pub use fact::{Fact, Member, Relation};
pub use id::{Id, IdMap, IdSet, ParseIdError};
pub use link::Link;
pub use project::{Project, Snapshot};
pub use ruling::Ruling;
pub use schema::{AttributeDef, Color, Guide, Schema, TagDef, ATTRIBUTION, CLAIM, SOURCE};
pub use span::{anchor, now, Span, CONTEXT_CHARS};

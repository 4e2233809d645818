//! A highlighted stretch of an article, tagged Claim, Source, Attribution or
//! a user tag.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};

use super::{Article, Id};
use crate::text::{head_chars, tail_chars};

/// Code points of context kept on each side of a quote, for re-anchoring.
pub const CONTEXT_CHARS: usize = 32;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    pub id: Id,
    pub article: Id,
    pub tag: String,
    /// Code point offset of the first character.
    pub start: usize,
    /// Code point offset one past the last character.
    pub end: usize,
    /// The exact text of `start..end`.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] code points before the quote.
    #[serde(default)]
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] code points after the quote.
    #[serde(default)]
    pub suffix: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(default)]
    pub annotator: String,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

/// Now, to the second: finer stamps only make project files noisier.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

/// The quote, prefix and suffix of a range; `None` when it is out of bounds,
/// reversed or empty.
pub fn anchor(article: &Article, range: Range<usize>) -> Option<(String, String, String)> {
    if range.start >= range.end {
        return None;
    }
    let bytes = article.byte_range(range)?;
    let text = article.text();
    Some((
        text[bytes.clone()].to_owned(),
        tail_chars(&text[..bytes.start], CONTEXT_CHARS).to_owned(),
        head_chars(&text[bytes.end..], CONTEXT_CHARS).to_owned(),
    ))
}

impl Span {
    /// A new span over `range` (code points) of `article`, with its quote and
    /// context taken from the text; `None` when the range is empty or out of bounds.
    pub fn new(
        id: Id,
        article: &Article,
        tag: &str,
        range: Range<usize>,
        annotator: &str,
    ) -> Option<Self> {
        let (quote, prefix, suffix) = anchor(article, range.clone())?;
        let t = now();
        Some(Span {
            id,
            article: article.id,
            tag: tag.to_owned(),
            start: range.start,
            end: range.end,
            quote,
            prefix,
            suffix,
            note: String::new(),
            attributes: BTreeMap::new(),
            annotator: annotator.to_owned(),
            created: t,
            modified: t,
        })
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn overlaps(&self, range: &Range<usize>) -> bool {
        self.start < range.end && range.start < self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ArticleMeta;

    fn article(text: &str) -> Article {
        Article::new(
            Id::from_u64(1),
            "a.txt".into(),
            "UTF-8".into(),
            String::new(),
            ArticleMeta::default(),
            text.into(),
        )
    }

    #[test]
    fn quote_and_context_are_code_points() {
        let pre = "é".repeat(40);
        let a = article(&format!("{pre}👩‍👩‍👧 said{pre}"));
        let s = Span::new(Id::from_u64(2), &a, "Claim", 40..45, "ana").unwrap();
        assert_eq!(s.quote, "👩‍👩‍👧");
        assert_eq!(s.prefix.chars().count(), CONTEXT_CHARS);
        assert_eq!(s.suffix, format!(" said{}", "é".repeat(27)));
        assert!(Span::new(Id::from_u64(3), &a, "Claim", 5..5, "").is_none());
        assert!(Span::new(Id::from_u64(3), &a, "Claim", 5..500, "").is_none());
    }
}

//! A highlighted stretch of an article, tagged Claim, Source, Attribution or
//! a user tag.

use std::ops::Range;

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};

use super::{Article, Attributes, Id, Stamp, Stamps};
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
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub attributes: Attributes,
    /// Who set each attribute's value and when (format version 4).
    #[serde(default, skip_serializing_if = "Stamps::is_empty")]
    pub attribute_stamps: Stamps,
    #[serde(default)]
    pub annotator: String,
    #[serde(deserialize_with = "stamp")]
    pub created: DateTime<Utc>,
    #[serde(deserialize_with = "stamp")]
    pub modified: DateTime<Utc>,
}

/// Read a timestamp, with a fast path for the `YYYY-MM-DDTHH:MM:SSZ` form
/// Parallax writes (a large project holds hundreds of thousands).
fn stamp<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let s = std::borrow::Cow::<str>::deserialize(d)?;
    if let Some(t) = fast_stamp(&s) {
        return Ok(t);
    }
    s.parse::<DateTime<chrono::FixedOffset>>()
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| serde::de::Error::custom(format!("invalid timestamp {s:?}: {e}")))
}

fn fast_stamp(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date =
        chrono::NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)?;
    let time = chrono::NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)?;
    Some(date.and_time(time).and_utc())
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
            attributes: Attributes::new(),
            attribute_stamps: Stamps::new(),
            annotator: annotator.to_owned(),
            created: t,
            modified: t,
        })
    }

    /// Set attribute `key` as `annotator` now (`None` clears it).
    pub fn set_attribute(&mut self, key: String, value: Option<String>, annotator: &str) {
        match value {
            Some(v) => {
                self.attribute_stamps.insert(
                    key.clone(),
                    Stamp {
                        annotator: annotator.to_owned(),
                        at: now(),
                    },
                );
                self.attributes.insert(key, v);
            }
            None => {
                self.attribute_stamps.remove(&key);
                self.attributes.remove(&key);
            }
        }
    }

    /// Stamp every value with the span's own maker and time, for values
    /// that came with the span (an import, a copy).
    pub fn stamp_attributes_as_made(&mut self) {
        if self.annotator.is_empty() {
            return;
        }
        self.attribute_stamps = self
            .attributes
            .iter()
            .map(|(k, _)| {
                (
                    k.clone(),
                    Stamp {
                        annotator: self.annotator.clone(),
                        at: self.created,
                    },
                )
            })
            .collect();
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

    fn article(text: &str) -> Article {
        Article::of_text(Id::from_u64(1), text)
    }

    #[test]
    fn timestamps_parse_fast_and_slow_alike() {
        for s in [
            "2026-03-12T09:00:00Z",
            "1999-12-31T23:59:59Z",
            "2024-02-29T00:00:00Z",
        ] {
            let slow: DateTime<Utc> = s.parse().unwrap();
            assert_eq!(fast_stamp(s), Some(slow), "{s}");
        }
        assert_eq!(fast_stamp("2023-02-29T00:00:00Z"), None);
        assert_eq!(fast_stamp("2026-03-12T09:00:00+01:00"), None);
        assert_eq!(fast_stamp("2026-03-12T09:00:0xZ"), None);
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

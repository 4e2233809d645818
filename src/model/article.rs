//! One article: its metadata and the normalised text snapshot that all span
//! offsets refer to.

use std::ops::Range;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Id;
use crate::text::TextIndex;

/// The outlet recorded when nothing names one.
pub const UNKNOWN_OUTLET: &str = "unknown";

/// What the analyst knows about an article; editable in the app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleMeta {
    pub outlet: String,
    pub title: String,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub author: String,
    /// What a news database says besides (section, length, language,
    /// document number…), by its name; format version 4.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub extra: std::collections::BTreeMap<String, String>,
    /// The direction its paragraphs run, when the analyst sets it (else
    /// each paragraph's first strong character decides); format version 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

/// Which way an article's text runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    LeftToRight,
    RightToLeft,
}

impl Default for ArticleMeta {
    fn default() -> Self {
        Self {
            outlet: UNKNOWN_OUTLET.to_owned(),
            title: String::new(),
            date: None,
            url: String::new(),
            author: String::new(),
            extra: Default::default(),
            direction: None,
        }
    }
}

/// An article with its text. The text never changes except through
/// "update from source", which re-anchors every span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    pub id: Id,
    /// Where the text came from, relative to the project file, `/`-separated.
    pub path: String,
    /// The encoding the source was decoded from, e.g. `UTF-8`, `windows-1252`.
    pub encoding: String,
    /// SHA-256 of the source file's bytes, lowercase hex.
    pub sha256: String,
    pub meta: ArticleMeta,
    text: String,
    index: TextIndex,
}

impl Article {
    pub fn new(
        id: Id,
        path: String,
        encoding: String,
        sha256: String,
        meta: ArticleMeta,
        text: String,
    ) -> Self {
        let index = TextIndex::new(&text);
        Self {
            id,
            path,
            encoding,
            sha256,
            meta,
            text,
            index,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn index(&self) -> &TextIndex {
        &self.index
    }

    /// Length in code points.
    pub fn len_chars(&self) -> usize {
        self.index.len_chars()
    }

    /// The text of a code point range, `None` when out of bounds.
    pub fn slice(&self, chars: Range<usize>) -> Option<&str> {
        self.index.slice(&self.text, chars)
    }

    pub fn byte_range(&self, chars: Range<usize>) -> Option<Range<usize>> {
        self.index.byte_range(&self.text, chars)
    }

    pub fn char_at_byte(&self, byte: usize) -> usize {
        self.index.byte_to_char(&self.text, byte)
    }

    pub fn char_to_utf16(&self, c: usize) -> usize {
        self.index.char_to_utf16(&self.text, c)
    }

    /// Replace the text (and its index); used by re-anchoring.
    pub fn set_text(&mut self, text: String) {
        self.index = TextIndex::new(&text);
        self.text = text;
    }

    /// Apply a byte-range rule to a code point range.
    fn map_bytes(
        &self,
        chars: Range<usize>,
        f: impl FnOnce(&str, Range<usize>) -> Range<usize>,
    ) -> Option<Range<usize>> {
        let bytes = self.byte_range(chars)?;
        let r = f(&self.text, bytes);
        Some(self.char_at_byte(r.start)..self.char_at_byte(r.end))
    }

    /// A code point range widened so no end splits a grapheme cluster;
    /// `None` when out of bounds.
    pub fn widen_to_graphemes(&self, chars: Range<usize>) -> Option<Range<usize>> {
        self.map_bytes(chars, crate::text::widen_to_graphemes)
    }

    /// A code point range widened to whole words (a drag selection).
    pub fn widen_to_words(&self, chars: Range<usize>) -> Option<Range<usize>> {
        self.map_bytes(chars, crate::text::widen_to_words)
    }

    /// Whether both ends of a code point range lie between grapheme clusters.
    pub fn on_graphemes(&self, chars: Range<usize>) -> bool {
        self.byte_range(chars).is_some_and(|b| {
            crate::text::is_grapheme_boundary(&self.text, b.start)
                && crate::text::is_grapheme_boundary(&self.text, b.end)
        })
    }

    /// A display name: the title, else the file name.
    pub fn label(&self) -> &str {
        if self.meta.title.trim().is_empty() {
            self.path.rsplit('/').next().unwrap_or(&self.path)
        } else {
            &self.meta.title
        }
    }
}

/// Read a date as news sites write it: ISO 8601 (with or without a time),
/// RFC 2822, `01 April, 2024`, `April 1, 2024`, `1 April 2024`, `2024/04/01`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(dt.date_naive());
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    // ISO date with a time part that is not full RFC 3339 ("2024-04-01T10:00").
    if let Some(d) = s
        .get(..10)
        .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
    {
        return Some(d);
    }
    const FORMATS: [&str; 9] = [
        "%Y/%m/%d",
        "%d %B, %Y",
        "%d %B %Y",
        "%B %d, %Y",
        "%B %d %Y",
        "%d %b %Y",
        "%b %d, %Y",
        "%d.%m.%Y",
        "%Y%m%d",
    ];
    FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

#[cfg(test)]
impl Article {
    /// An article of just `text`, for unit tests.
    pub(crate) fn of_text(id: Id, text: &str) -> Self {
        Article::new(
            id,
            "a.txt".into(),
            "UTF-8".into(),
            String::new(),
            ArticleMeta::default(),
            text.into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_news_sites_use() {
        let d = NaiveDate::from_ymd_opt(2024, 4, 1);
        for s in [
            "2024-04-01",
            "2024-04-01T09:30:00Z",
            "2024-04-01T09:30",
            "Mon, 01 Apr 2024 09:30:00 +0000",
            "01 April, 2024",
            "April 1, 2024",
            "1 April 2024",
            "2024/04/01",
            "01.04.2024",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn slicing_uses_code_points() {
        let a = Article::of_text(Id::from_u64(1), "🎉 東京 said");
        assert_eq!(a.len_chars(), 9);
        assert_eq!(a.slice(2..4), Some("東京"));
        assert_eq!(a.slice(5..9), Some("said"));
        assert_eq!(a.slice(5..10), None);
        assert_eq!(a.label(), "a.txt");
    }
}

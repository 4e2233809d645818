//! Auto-coding: tag every match of a phrase or pattern in every article, as
//! QualCoder's auto-code does. Matching twice adds nothing new.

use regex::{Regex, RegexBuilder};

use crate::edit::Edit;
use crate::model::{Id, Project, Span};
use crate::text::{grapheme_floor, is_grapheme_boundary};

/// What to look for.
#[derive(Clone, Debug)]
pub struct Query {
    regex: Regex,
    whole_word: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("the search text is empty")]
    Empty,
    #[error("invalid regular expression: {0}")]
    Regex(String),
}

impl Query {
    /// A literal phrase (`regex = false`) or a regular expression.
    pub fn new(
        pattern: &str,
        regex: bool,
        whole_word: bool,
        ignore_case: bool,
    ) -> Result<Self, QueryError> {
        if pattern.is_empty() {
            return Err(QueryError::Empty);
        }
        let source = if regex {
            pattern.to_owned()
        } else {
            regex::escape(pattern)
        };
        let regex = RegexBuilder::new(&source)
            .case_insensitive(ignore_case)
            .size_limit(50 << 20)
            .build()
            .map_err(|e| {
                QueryError::Regex(
                    e.to_string()
                        .lines()
                        .last()
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                )
            })?;
        Ok(Self { regex, whole_word })
    }

    /// Byte ranges of the matches in `text` (non-empty, non-overlapping).
    /// A match that would split a grapheme cluster (`cafe` in a decomposed
    /// `café`, one emoji of a ZWJ family) is not a match.
    pub fn find<'t>(&'t self, text: &'t str) -> impl Iterator<Item = std::ops::Range<usize>> + 't {
        self.regex
            .find_iter(text)
            .filter(|m| !m.is_empty())
            .filter(move |m| {
                is_grapheme_boundary(text, m.start()) && is_grapheme_boundary(text, m.end())
            })
            .filter(move |m| !self.whole_word || is_whole_word(text, m.start(), m.end()))
            .map(|m| m.range())
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when neither neighbouring grapheme cluster is part of a word (the
/// match's ends are already cluster boundaries).
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = (start > 0)
        .then(|| text[grapheme_floor(text, start - 1)..].chars().next())
        .flatten();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// The spans auto-coding would add, as one edit, and how many.
/// Matches that already carry `tag` at the same offsets are left out, and
/// matches in an outlet's boilerplate unless `boilerplate` is true.
pub fn plan(
    project: &Project,
    tag: &str,
    query: &Query,
    annotator: &str,
    boilerplate: bool,
) -> (Edit, usize) {
    let mut edits = Vec::new();
    let mut used: std::collections::HashSet<Id> = std::collections::HashSet::new();
    let furniture = if boilerplate {
        Default::default()
    } else {
        crate::boilerplate::find(project.articles())
    };
    for article in project.articles() {
        let text = article.text();
        let skip = furniture.get(&article.id).map_or(&[][..], Vec::as_slice);
        for bytes in query.find(text) {
            let start = article.char_at_byte(bytes.start);
            let end = article.char_at_byte(bytes.end);
            if project.find_span(article.id, tag, start..end).is_some()
                || crate::boilerplate::covers(skip, &(start..end))
            {
                continue;
            }
            let mut id = project.new_id();
            while !used.insert(id) {
                id = project.new_id();
            }
            if let Some(span) = Span::new(id, article, tag, start..end, annotator) {
                edits.push(Edit::AddSpan(span));
            }
        }
    }
    let n = edits.len();
    (Edit::Batch(edits), n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_word_and_case() {
        let q = Query::new("said", false, true, true).unwrap();
        let text = "Said it; unsaid; SAID. said_x";
        let found: Vec<_> = q.find(text).map(|r| &text[r]).collect();
        assert_eq!(found, vec!["Said", "SAID"]);
        let q = Query::new("U.S.", false, true, false).unwrap();
        assert_eq!(q.find("the U.S. said").count(), 1);
        let q = Query::new("a*", true, false, false).unwrap();
        assert_eq!(q.find("bbb").count(), 0, "empty matches are not spans");
        assert!(Query::new("(", true, false, false).is_err());
        assert!(Query::new("", false, false, false).is_err());
    }

    #[test]
    fn matches_never_split_a_character() {
        let text = "the cafe\u{301} and Jose\u{301} and cafe, 👩\u{200d}👩\u{200d}👧 and 👩 x";
        let q = Query::new("cafe", false, true, false).unwrap();
        let found: Vec<_> = q.find(text).map(|r| &text[r]).collect();
        assert_eq!(found, vec!["cafe"], "only the plain one");
        let q = Query::new("Jose", false, false, false).unwrap();
        assert_eq!(q.find(text).count(), 0, "not even without whole words");
        let q = Query::new("👩", false, true, false).unwrap();
        let found: Vec<_> = q.find(text).collect();
        assert_eq!(found.len(), 1, "the lone emoji, not one of the family");
        assert_eq!(&text[found[0].clone()], "👩");
        assert_eq!(found[0].end + 2, text.len());
        // After an accented word, the next word still counts as whole.
        let q = Query::new("and", false, true, false).unwrap();
        assert_eq!(q.find(text).count(), 3);
    }
}

//! Word by word, what one article changed of another: what an outlet
//! added to agency copy, cut from it or reworded (a changed verb of
//! attribution, a dropped paragraph, a new headline). Offsets are code
//! points in each article's text, so the view can show each side as it is.

use std::ops::Range;

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// Words (with an apostrophe inside) and single punctuation marks, each
/// a token with the whitespace after it, and its code point range; so
/// that spaces never match on their own and pull the alignment apart.
fn tokens(text: &str) -> Vec<(&str, Range<usize>)> {
    let mut out: Vec<(&str, Range<usize>)> = Vec::new();
    let mut iter = text.char_indices().peekable();
    let mut chars = 0usize;
    while let Some((b, c)) = iter.next() {
        let start_c = chars;
        chars += 1;
        let mut end = b + c.len_utf8();
        let word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
        if c.is_whitespace() {
            // Leading whitespace: a token of its own.
            while let Some(&(b2, c2)) = iter.peek() {
                if !c2.is_whitespace() {
                    break;
                }
                end = b2 + c2.len_utf8();
                chars += 1;
                iter.next();
            }
        } else {
            if word(c) {
                while let Some(&(b2, c2)) = iter.peek() {
                    if !word(c2) {
                        break;
                    }
                    end = b2 + c2.len_utf8();
                    chars += 1;
                    iter.next();
                }
            }
            while let Some(&(b2, c2)) = iter.peek() {
                if !c2.is_whitespace() {
                    break;
                }
                end = b2 + c2.len_utf8();
                chars += 1;
                iter.next();
            }
        }
        out.push((&text[b..end], start_c..chars));
    }
    out
}

/// One change: code point ranges in the old (`a`) and new (`b`) text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub a: Range<usize>,
    pub b: Range<usize>,
    pub old: String,
    pub new: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// In `b` only.
    Added,
    /// In `a` only.
    Cut,
    /// Replaced.
    Reworded,
}

/// The changes that turn `a` into `b`, in text order. Runs of whitespace
/// alone are not changes.
pub fn changes(a: &str, b: &str) -> Vec<Change> {
    let ta = tokens(a);
    let tb = tokens(b);
    // Compared without their trailing whitespace: a line break where the
    // other has a space is no change.
    let key = |t: &(&str, Range<usize>)| -> String {
        let k = t.0.trim_end();
        if k.is_empty() {
            " ".to_owned()
        } else {
            k.to_owned()
        }
    };
    let wa: Vec<String> = ta.iter().map(key).collect();
    let wb: Vec<String> = tb.iter().map(key).collect();
    let range = |toks: &[(&str, Range<usize>)], r: Range<usize>| -> Range<usize> {
        match (
            toks.get(r.start),
            r.end.checked_sub(1).and_then(|e| toks.get(e)),
        ) {
            (Some(f), Some(l)) if r.start < r.end => f.1.start..l.1.end,
            _ => {
                let at = toks
                    .get(r.start)
                    .map_or_else(|| toks.last().map_or(0, |t| t.1.end), |t| t.1.start);
                at..at
            }
        }
    };
    let text = |toks: &[(&str, Range<usize>)], r: Range<usize>| -> String {
        toks[r].iter().map(|t| t.0).collect()
    };
    let mut out: Vec<Change> = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &wa, &wb) {
        let (kind, ra, rb) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (
                ChangeKind::Cut,
                old_index..old_index + old_len,
                new_index..new_index,
            ),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (
                ChangeKind::Added,
                old_index..old_index,
                new_index..new_index + new_len,
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                ChangeKind::Reworded,
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        let (old, new) = (text(&ta, ra.clone()), text(&tb, rb.clone()));
        if old.trim().is_empty() && new.trim().is_empty() {
            continue;
        }
        out.push(Change {
            kind,
            a: range(&ta, ra),
            b: range(&tb, rb),
            old,
            new,
        });
    }
    out
}

/// Counts of changes, for a summary line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub added_words: usize,
    pub cut_words: usize,
    pub reworded: usize,
}

fn words(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

pub fn summary(changes: &[Change]) -> Summary {
    let mut s = Summary::default();
    for c in changes {
        match c.kind {
            ChangeKind::Added => s.added_words += words(&c.new),
            ChangeKind::Cut => s.cut_words += words(&c.old),
            ChangeKind::Reworded => s.reworded += 1,
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_verb_a_cut_sentence_and_an_added_word() {
        let a = "Officials said the plant will reopen. Residents must boil water. 🎉 Done.";
        let b = "Officials claimed the plant will soon reopen. 🎉 Done.";
        let ch = changes(a, b);
        let kinds: Vec<(ChangeKind, &str, &str)> = ch
            .iter()
            .map(|c| (c.kind, c.old.as_str(), c.new.as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (ChangeKind::Reworded, "said ", "claimed "),
                (ChangeKind::Added, "", "soon "),
                (ChangeKind::Cut, "Residents must boil water. ", ""),
            ]
        );
        // Ranges are code points of each text.
        for c in &ch {
            let sa: String = a.chars().skip(c.a.start).take(c.a.len()).collect();
            let sb: String = b.chars().skip(c.b.start).take(c.b.len()).collect();
            assert_eq!((sa.as_str(), sb.as_str()), (c.old.as_str(), c.new.as_str()));
        }
        assert_eq!(
            summary(&ch),
            Summary {
                added_words: 1,
                cut_words: 4,
                reworded: 1
            }
        );
    }

    #[test]
    fn identical_texts_have_no_changes() {
        assert!(changes("Same words here.", "Same words here.").is_empty());
        assert!(changes("", "").is_empty());
    }
}

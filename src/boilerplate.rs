//! Boilerplate: lines an outlet repeats across many of its articles
//! ("Advertisement", "Leave a Reply", newsletter prompts, a photo credit
//! run under every story). They are found, never cut: the text and every
//! offset stay as they are; the text view dims them and auto-coding leaves
//! them out unless asked.
//!
//! A line is boilerplate in an outlet with at least [`MIN_ARTICLES`]
//! articles when, with digits set aside and case ignored, it appears in at
//! least [`MIN_ARTICLES`] of them and in at least a fifth. Only short
//! lines count (up to [`MAX_CHARS`] characters), so that a paragraph two
//! updates of one story share is not taken for furniture.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use crate::model::{Article, IdMap};

pub const MIN_ARTICLES: usize = 3;
pub const MAX_CHARS: usize = 160;

/// A line as compared: trimmed, lower-cased, digits set aside.
fn shape(line: &str) -> Option<String> {
    let t = line.trim();
    if t.is_empty() || t.chars().count() > MAX_CHARS {
        return None;
    }
    let s: String = t
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .flat_map(char::to_lowercase)
        .collect();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// Each line of a text with its code point range (without the newline).
fn lines(text: &str) -> impl Iterator<Item = (&str, Range<usize>)> {
    let mut at = 0usize;
    text.split('\n').map(move |l| {
        let n = l.chars().count();
        let r = at..at + n;
        at += n + 1;
        (l, r)
    })
}

/// The boilerplate lines of each article that has any, as code point
/// ranges of its text (each a whole line, trimmed of surrounding spaces).
pub fn find(articles: &[Arc<Article>]) -> IdMap<Vec<Range<usize>>> {
    let mut by_outlet: HashMap<&str, Vec<&Arc<Article>>> = HashMap::new();
    for a in articles {
        by_outlet.entry(a.meta.outlet.as_str()).or_default().push(a);
    }
    let mut out = IdMap::default();
    for group in by_outlet.values().filter(|g| g.len() >= MIN_ARTICLES) {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for a in group {
            let seen: HashSet<String> = lines(a.text()).filter_map(|(l, _)| shape(l)).collect();
            for s in seen {
                *counts.entry(s).or_default() += 1;
            }
        }
        let needed = MIN_ARTICLES.max(group.len().div_ceil(5));
        for a in group {
            let ranges: Vec<Range<usize>> = lines(a.text())
                .filter(|(l, _)| shape(l).is_some_and(|s| counts[&s] >= needed))
                .map(|(l, r)| {
                    let lead = l.chars().take_while(|c| c.is_whitespace()).count();
                    let trail = l.chars().rev().take_while(|c| c.is_whitespace()).count();
                    r.start + lead..r.end - trail
                })
                .collect();
            if !ranges.is_empty() {
                out.insert(a.id, ranges);
            }
        }
    }
    out
}

/// Whether `r` lies within boilerplate.
pub fn covers(boilerplate: &[Range<usize>], r: &Range<usize>) -> bool {
    boilerplate
        .iter()
        .any(|b| b.start <= r.start && r.end <= b.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleMeta, Id};

    fn article(id: u64, outlet: &str, text: &str) -> Arc<Article> {
        Arc::new(Article::new(
            Id::from_u64(id),
            format!("{id}.txt"),
            "UTF-8".into(),
            String::new(),
            ArticleMeta {
                outlet: outlet.into(),
                ..ArticleMeta::default()
            },
            text.into(),
        ))
    }

    #[test]
    fn repeated_short_lines_of_one_outlet_are_boilerplate() {
        let arts = vec![
            article(
                1,
                "Ledger",
                "Plant shut\n\nAdvertisement\n\nThe plant shut on Monday.\nPhoto: Staff 2026",
            ),
            article(
                2,
                "Ledger",
                "Talks stall\n\nADVERTISEMENT\n\nTalks stalled.\nPhoto: Staff 2025",
            ),
            article(
                3,
                "Ledger",
                "Water safe\n\n  Advertisement  \n\nThe water is safe again.",
            ),
            // Another outlet with the same word once: not its boilerplate.
            article(4, "Post", "Advertisement\n\nA story."),
        ];
        let b = find(&arts);
        let text = arts[2].text();
        let r = &b[&Id::from_u64(3)][0];
        let words: String = text.chars().skip(r.start).take(r.len()).collect();
        assert_eq!(words, "Advertisement");
        // The photo credit is in two of three: below the bar of three.
        assert_eq!(b[&Id::from_u64(1)].len(), 1);
        assert!(!b.contains_key(&Id::from_u64(4)));
        assert!(covers(&b[&Id::from_u64(1)], &(13..18)));
    }
}

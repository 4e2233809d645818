//! Re-anchoring: moving an article's spans onto a new version of its text.
//!
//! Each span is placed, in order of preference: where it was, if its quote
//! is still there; where its quote occurs with the best-matching context
//! (prefix and suffix); or, tolerating small edits as Hypothesis does, where
//! text close to its quote sits between its context or its quote's ends.
//! A span that cannot be placed becomes an orphan: kept with its quote,
//! never dropped.

use std::ops::Range;

use serde::Serialize;

use crate::model::{anchor, Article, Id, Span};

/// How close a fuzzy match must be (1 − edit distance / length).
pub const MIN_SIMILARITY: f64 = 0.75;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    Kept,
    Moved,
    Fuzzy,
    Orphaned,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub kept: usize,
    pub moved: usize,
    pub fuzzy: usize,
    pub orphaned: usize,
}

impl Report {
    pub fn add(&mut self, p: Placement) {
        match p {
            Placement::Kept => self.kept += 1,
            Placement::Moved => self.moved += 1,
            Placement::Fuzzy => self.fuzzy += 1,
            Placement::Orphaned => self.orphaned += 1,
        }
    }

    pub fn merge(&mut self, other: &Report) {
        self.kept += other.kept;
        self.moved += other.moved;
        self.fuzzy += other.fuzzy;
        self.orphaned += other.orphaned;
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} kept in place, {} moved, {} fuzzy, {} orphaned",
            self.kept, self.moved, self.fuzzy, self.orphaned
        )
    }
}

#[derive(Clone, Debug)]
pub struct Outcome {
    pub spans: Vec<Span>,
    pub orphans: Vec<Span>,
    pub placements: Vec<(Id, Placement)>,
    pub report: Report,
}

/// Place `spans` (an article's spans and orphans) on `new`, the article
/// with its new text.
pub fn reanchor<'a>(spans: impl IntoIterator<Item = &'a Span>, new: &Article) -> Outcome {
    let mut out = Outcome {
        spans: Vec::new(),
        orphans: Vec::new(),
        placements: Vec::new(),
        report: Report::default(),
    };
    let text: Vec<char> = new.text().chars().collect();
    for s in spans {
        let (placement, range) = place(s, new, &text);
        let placed = range.and_then(|r| {
            let (quote, prefix, suffix) = anchor(new, r.clone())?;
            Some(Span {
                start: r.start,
                end: r.end,
                quote,
                prefix,
                suffix,
                ..s.clone()
            })
        });
        match placed {
            Some(span) => out.spans.push(span),
            None => out.orphans.push(s.clone()),
        }
        let placement = if out.orphans.last().is_some_and(|o| o.id == s.id) {
            Placement::Orphaned
        } else {
            placement
        };
        out.report.add(placement);
        out.placements.push((s.id, placement));
    }
    out
}

fn place(s: &Span, new: &Article, text: &[char]) -> (Placement, Option<Range<usize>>) {
    if s.quote.is_empty() {
        return (Placement::Orphaned, None);
    }
    if new.slice(s.range()) == Some(s.quote.as_str()) && new.on_graphemes(s.range()) {
        return (Placement::Kept, Some(s.range()));
    }
    if let Some(r) = by_quote(s, new, text) {
        let p = if r == s.range() {
            Placement::Kept
        } else {
            Placement::Moved
        };
        return (p, Some(r));
    }
    // A close match is widened so that it splits no accented letter or emoji.
    match fuzzy(s, new, text).and_then(|r| new.widen_to_graphemes(r)) {
        Some(r) => (Placement::Fuzzy, Some(r)),
        None => (Placement::Orphaned, None),
    }
}

/// Code point offsets of every occurrence of `needle`.
fn occurrences(new: &Article, needle: &str) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    new.text()
        .match_indices(needle)
        .map(|(b, _)| new.char_at_byte(b))
        .collect()
}

fn common_suffix(a: &[char], b: &[char]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_prefix(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// How well the text around `r` matches the span's stored context.
fn context_score(s: &Span, text: &[char], r: &Range<usize>) -> usize {
    let prefix: Vec<char> = s.prefix.chars().collect();
    let suffix: Vec<char> = s.suffix.chars().collect();
    let before = &text[r.start.saturating_sub(prefix.len())..r.start];
    let after = &text[r.end..(r.end + suffix.len()).min(text.len())];
    common_suffix(before, &prefix) + common_prefix(after, &suffix)
}

/// The occurrence of the exact quote with the best context, nearest first.
/// An occurrence that would split a grapheme cluster does not count.
fn by_quote(s: &Span, new: &Article, text: &[char]) -> Option<Range<usize>> {
    let n = s.quote.chars().count();
    occurrences(new, &s.quote)
        .into_iter()
        .map(|start| start..start + n)
        .filter(|r| new.on_graphemes(r.clone()))
        .max_by_key(|r| {
            (
                context_score(s, text, r),
                std::cmp::Reverse(r.start.abs_diff(s.start)),
            )
        })
}

/// Edit distance between two char slices (two-row dynamic programming).
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    bounded_levenshtein(a, b, a.len().max(b.len())).unwrap_or(usize::MAX)
}

/// Edit distance if it is at most `k`, else `None`. Only the diagonal band
/// of width `2k + 1` is computed (Ukkonen), and the work stops as soon as
/// every cell of a row exceeds `k`: `O(k · n)` instead of `O(n · m)`.
pub fn bounded_levenshtein(a: &[char], b: &[char], k: usize) -> Option<usize> {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if b.len() - a.len() > k {
        return None;
    }
    if a.is_empty() {
        return Some(b.len());
    }
    const FAR: usize = usize::MAX / 2;
    // prev[j] = distance(a[..i], b[..j]) for j in the band around i.
    let mut prev: Vec<usize> = (0..=b.len())
        .map(|j| if j <= k { j } else { FAR })
        .collect();
    let mut cur = vec![FAR; b.len() + 1];
    for i in 1..=a.len() {
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(b.len());
        cur[lo - 1] = if lo == 1 && i <= k { i } else { FAR };
        let mut best = cur[lo - 1];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let v = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            cur[j] = v;
            best = best.min(v);
        }
        if hi < b.len() {
            cur[hi + 1] = FAR;
        }
        if best > k {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= k).then_some(d)
}

/// Similarity `1 − distance / longest`, or `None` below `min`.
pub fn similarity_at_least(a: &[char], b: &[char], min: f64) -> Option<f64> {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return Some(1.0);
    }
    let k = ((1.0 - min) * longest as f64).floor() as usize;
    let d = bounded_levenshtein(a, b, k)?;
    Some(1.0 - d as f64 / longest as f64)
}

pub fn similarity(a: &[char], b: &[char]) -> f64 {
    similarity_at_least(a, b, 0.0).unwrap_or(0.0)
}

/// Up to `k` occurrences of `needle` nearest to `near`.
fn nearest(new: &Article, needle: &str, near: usize, k: usize) -> Vec<usize> {
    let mut v = occurrences(new, needle);
    v.sort_by_key(|p| p.abs_diff(near));
    v.truncate(k);
    v
}

fn head(s: &str, n: usize) -> &str {
    crate::text::head_chars(s, n)
}

fn tail(s: &str, n: usize) -> &str {
    crate::text::tail_chars(s, n)
}

/// Text close to the quote, found between anchors: the end of its prefix or
/// the start of its quote on one side, the start of its suffix or the end of
/// its quote on the other.
fn fuzzy(s: &Span, new: &Article, text: &[char]) -> Option<Range<usize>> {
    let quote: Vec<char> = s.quote.chars().collect();
    let n = quote.len();
    let expected = s.start.min(text.len());
    const K: usize = 6;
    let anchor_len = 12.min(n.max(4));
    let mut starts: Vec<usize> = Vec::new();
    let pre = tail(&s.prefix, 16);
    if pre.chars().count() >= 6 {
        starts.extend(
            nearest(new, pre, expected, K)
                .into_iter()
                .map(|p| p + pre.chars().count()),
        );
    }
    let qh = head(&s.quote, anchor_len);
    starts.extend(nearest(new, qh, expected, K));
    let mut ends: Vec<usize> = Vec::new();
    let suf = head(&s.suffix, 16);
    if suf.chars().count() >= 6 {
        ends.extend(nearest(new, suf, expected + n, K));
    }
    let qt = tail(&s.quote, anchor_len);
    ends.extend(
        nearest(new, qt, expected + n, K)
            .into_iter()
            .map(|p| p + qt.chars().count()),
    );
    starts.sort_unstable();
    starts.dedup();
    ends.sort_unstable();
    ends.dedup();

    let mut candidates: Vec<Range<usize>> = Vec::new();
    for &st in &starts {
        for &en in &ends {
            if en > st && en - st <= n * 2 && (en - st) * 2 >= n {
                candidates.push(st..en);
            }
        }
        // Only one side found: assume the quote kept its length.
        if st + n <= text.len() {
            candidates.push(st..st + n);
        }
    }
    for &en in &ends {
        if en >= n {
            candidates.push(en - n..en);
        }
    }
    candidates.sort_by_key(|r| (r.start, r.end));
    candidates.dedup();
    candidates
        .into_iter()
        .filter(|r| r.end <= text.len())
        .filter_map(|r| {
            let sim = similarity_at_least(&text[r.clone()], &quote, MIN_SIMILARITY)?;
            Some((r, sim))
        })
        .max_by(|a, b| {
            a.1.total_cmp(&b.1).then(
                b.0.start
                    .abs_diff(expected)
                    .cmp(&a.0.start.abs_diff(expected)),
            )
        })
        .map(|(r, _)| trim_to_words(text, r))
}

/// Drop whitespace a fuzzy range picked up at its ends.
fn trim_to_words(text: &[char], mut r: Range<usize>) -> Range<usize> {
    while r.start < r.end && text[r.start].is_whitespace() {
        r.start += 1;
    }
    while r.end > r.start && text[r.end - 1].is_whitespace() {
        r.end -= 1;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> Article {
        Article::of_text(Id::from_u64(1), text)
    }

    fn span(a: &Article, id: u64, needle: &str) -> Span {
        let b = a.text().find(needle).unwrap();
        let s = a.char_at_byte(b);
        Span::new(
            Id::from_u64(id),
            a,
            "Claim",
            s..s + needle.chars().count(),
            "",
        )
        .unwrap()
    }

    #[test]
    fn kept_moved_fuzzy_and_orphaned() {
        let old = article("Intro 🎉. The mayor said the talks lasted two hours. Officials confirmed it. The plant will reopen in May.");
        let spans = vec![
            span(&old, 10, "Intro 🎉"),
            span(&old, 11, "the talks lasted two hours"),
            span(&old, 12, "Officials confirmed it"),
            span(&old, 13, "The plant will reopen in May"),
        ];
        // Text inserted before two spans, one quote edited slightly, one sentence removed.
        let new = article("Intro 🎉. Breaking: 東京 update. The mayor said the talks lasted nearly two hours. Officials confirmed it.");
        let out = reanchor(&spans, &new);
        let p: Vec<Placement> = out.placements.iter().map(|(_, p)| *p).collect();
        assert_eq!(
            p,
            vec![
                Placement::Kept,
                Placement::Fuzzy,
                Placement::Moved,
                Placement::Orphaned
            ]
        );
        assert_eq!(
            out.report,
            Report {
                kept: 1,
                moved: 1,
                fuzzy: 1,
                orphaned: 1
            }
        );
        let fuzzy = out.spans.iter().find(|s| s.id == Id::from_u64(11)).unwrap();
        assert_eq!(fuzzy.quote, "the talks lasted nearly two hours");
        assert_eq!(new.slice(fuzzy.range()), Some(fuzzy.quote.as_str()));
        let moved = out.spans.iter().find(|s| s.id == Id::from_u64(12)).unwrap();
        assert_eq!(new.slice(moved.range()), Some("Officials confirmed it"));
        assert_eq!(
            out.orphans[0].quote, "The plant will reopen in May",
            "orphans keep their quote"
        );
    }

    #[test]
    fn context_picks_the_right_repeat() {
        let old = article("The minister said no. Later the spokesman said yes.");
        let said = {
            let b = old.text().rfind("said").unwrap();
            let s = old.char_at_byte(b);
            Span::new(Id::from_u64(5), &old, "Attribution", s..s + 4, "").unwrap()
        };
        let new = article("Update. The minister said no. Later, the spokesman said yes.");
        let out = reanchor([&said], &new);
        let placed = &out.spans[0];
        assert_eq!(out.placements[0].1, Placement::Moved);
        assert!(new.text()[..new.byte_range(placed.range()).unwrap().start].ends_with("spokesman "));
    }

    #[test]
    fn places_never_split_a_character() {
        let old = article("Before. The cafe reopened today. After.");
        let spans = vec![span(&old, 20, "The cafe"), span(&old, 21, "reopened")];
        // The new text adds a combining accent right after "cafe".
        let new = article("Before. The cafe\u{301} reopened today. After.");
        let out = reanchor(&spans, &new);
        for s in &out.spans {
            assert!(
                new.on_graphemes(s.range()),
                "{:?} splits a character",
                s.quote
            );
        }
        let cafe = out.spans.iter().find(|s| s.id == Id::from_u64(20)).unwrap();
        assert_eq!(cafe.quote, "The cafe\u{301}");
        assert_eq!(out.placements[0].1, Placement::Fuzzy);
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_table() {
        fn full(a: &[char], b: &[char]) -> usize {
            let mut prev: Vec<usize> = (0..=b.len()).collect();
            for (i, ca) in a.iter().enumerate() {
                let mut cur = vec![i + 1; b.len() + 1];
                for (j, cb) in b.iter().enumerate() {
                    cur[j + 1] = (prev[j] + usize::from(ca != cb))
                        .min(prev[j + 1] + 1)
                        .min(cur[j] + 1);
                }
                prev = cur;
            }
            prev[b.len()]
        }
        let mut x: u64 = 7;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let alphabet: Vec<char> = "abé東 ".chars().collect();
        for _ in 0..2000 {
            let a: Vec<char> = (0..next() % 14)
                .map(|_| alphabet[(next() % 5) as usize])
                .collect();
            let b: Vec<char> = (0..next() % 14)
                .map(|_| alphabet[(next() % 5) as usize])
                .collect();
            let d = full(&a, &b);
            for k in 0..16 {
                let want = (d <= k).then_some(d);
                assert_eq!(bounded_levenshtein(&a, &b, k), want, "{a:?} {b:?} k={k}");
            }
        }
    }

    #[test]
    fn a_long_quote_is_matched_in_bounded_time() {
        // 20,000 code points edited in a few places: the band keeps this cheap.
        let quote: String = "officials said the talks would continue ".repeat(500);
        let mut edited = quote.clone();
        edited.replace_range(100..110, "XXXXXXXXXX");
        let (a, b): (Vec<char>, Vec<char>) = (quote.chars().collect(), edited.chars().collect());
        assert_eq!(bounded_levenshtein(&a, &b, 50), Some(10));
        assert_eq!(bounded_levenshtein(&a, &b, 5), None);
    }

    #[test]
    fn edit_distance() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(levenshtein(&c("kitten"), &c("sitting")), 3);
        assert_eq!(levenshtein(&c(""), &c("abc")), 3);
        assert!(similarity(&c("two hours"), &c("two hours.")) > 0.85);
    }
}

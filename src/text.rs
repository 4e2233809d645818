//! Offsets into article text.
//!
//! Every position Parallax stores or exports is a Unicode code point index
//! (what Python's `text[s:e]` means), end-exclusive. Rust strings are indexed
//! by UTF-8 bytes and JavaScript by UTF-16 units, so this module converts
//! between the three, and finds the grapheme clusters and words that spans
//! must not split (UAX #29): no span starts or ends inside an accented
//! letter, an emoji sequence or, when a drag snaps to words, a word.

use std::ops::Range;

/// How many code points lie between two checkpoints of a [`TextIndex`].
const STRIDE: usize = 64;

/// A position map over one text: code point ⇄ UTF-8 byte ⇄ UTF-16 unit.
///
/// Lookups cost `O(log n + STRIDE)`; pure-ASCII texts (the common case for
/// English news) short-circuit to `O(1)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextIndex {
    chars: usize,
    utf16: usize,
    /// `(byte, utf16)` of every `STRIDE`-th code point; empty when the text is ASCII.
    checkpoints: Vec<(usize, usize)>,
}

impl TextIndex {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self {
                chars: text.len(),
                utf16: text.len(),
                checkpoints: Vec::new(),
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut chars = 0;
        let mut utf16 = 0;
        for (byte, c) in text.char_indices() {
            if chars % STRIDE == 0 {
                checkpoints.push((byte, utf16));
            }
            chars += 1;
            utf16 += c.len_utf16();
        }
        Self {
            chars,
            utf16,
            checkpoints,
        }
    }

    /// Length of the text in code points.
    pub fn len_chars(&self) -> usize {
        self.chars
    }

    /// Length of the text in UTF-16 code units.
    pub fn len_utf16(&self) -> usize {
        self.utf16
    }

    fn is_ascii(&self) -> bool {
        self.checkpoints.is_empty()
    }

    /// Byte offset of code point `c`; `None` when `c` is past the end.
    pub fn char_to_byte(&self, text: &str, c: usize) -> Option<usize> {
        if c > self.chars {
            return None;
        }
        if self.is_ascii() {
            return Some(c);
        }
        if c == self.chars {
            return Some(text.len());
        }
        let (byte, _) = self.checkpoints[c / STRIDE];
        let skip = c % STRIDE;
        Some(match text[byte..].char_indices().nth(skip) {
            Some((offset, _)) => byte + offset,
            None => text.len(),
        })
    }

    /// Code point index of byte offset `b`. A byte inside a multi-byte
    /// character maps to that character's index.
    pub fn byte_to_char(&self, text: &str, b: usize) -> usize {
        let b = b.min(text.len());
        if self.is_ascii() {
            return b;
        }
        let slot = match self.checkpoints.binary_search_by(|(byte, _)| byte.cmp(&b)) {
            Ok(i) => return i * STRIDE,
            Err(i) => i.saturating_sub(1),
        };
        let (byte, _) = self.checkpoints[slot];
        let within = text[byte..]
            .char_indices()
            .take_while(|(offset, _)| byte + offset < b)
            .count();
        // A byte inside a character counts that character as "before" it; step back.
        let mut n = slot * STRIDE + within;
        if !text.is_char_boundary(b) {
            n -= 1;
        }
        n
    }

    /// UTF-16 offset of code point `c` (clamped to the end).
    pub fn char_to_utf16(&self, text: &str, c: usize) -> usize {
        if self.is_ascii() {
            return c.min(self.chars);
        }
        if c >= self.chars {
            return self.utf16;
        }
        let (byte, utf16) = self.checkpoints[c / STRIDE];
        utf16
            + text[byte..]
                .chars()
                .take(c % STRIDE)
                .map(char::len_utf16)
                .sum::<usize>()
    }

    /// Code point index of UTF-16 offset `u`; `None` when `u` is past the
    /// end or splits a surrogate pair.
    pub fn utf16_to_char(&self, text: &str, u: usize) -> Option<usize> {
        if u > self.utf16 {
            return None;
        }
        if self.is_ascii() {
            return Some(u);
        }
        let slot = match self
            .checkpoints
            .binary_search_by(|(_, units)| units.cmp(&u))
        {
            Ok(i) => return Some(i * STRIDE),
            Err(i) => i.saturating_sub(1),
        };
        let (byte, mut units) = self.checkpoints[slot];
        let mut n = slot * STRIDE;
        for c in text[byte..].chars() {
            if units == u {
                return Some(n);
            }
            if units > u {
                return None;
            }
            units += c.len_utf16();
            n += 1;
        }
        (units == u).then_some(n)
    }

    /// Byte range of a code point range; `None` when it is out of bounds or reversed.
    pub fn byte_range(&self, text: &str, chars: Range<usize>) -> Option<Range<usize>> {
        if chars.start > chars.end {
            return None;
        }
        let start = self.char_to_byte(text, chars.start)?;
        let end = self.char_to_byte(text, chars.end)?;
        Some(start..end)
    }

    /// The text of a code point range.
    pub fn slice<'t>(&self, text: &'t str, chars: Range<usize>) -> Option<&'t str> {
        self.byte_range(text, chars).map(|r| &text[r])
    }
}

/// Up to `n` code points that end at byte `end`.
pub fn tail_chars(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if n > 0 => &s[i..],
        _ if n == 0 => "",
        _ => s,
    }
}

/// Up to `n` code points from the start of `s`.
pub fn head_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Number of code points in `s`.
pub fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Order strings as people do: runs of digits by their value, so that
/// "Headline 2" comes before "Headline 10"; letters without regard to case.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let take = |it: &mut std::iter::Peekable<std::str::Chars<'_>>| {
                    let mut digits = String::new();
                    while let Some(c) = it.peek().copied().filter(char::is_ascii_digit) {
                        digits.push(c);
                        it.next();
                    }
                    digits
                };
                let (m, n) = (take(&mut x), take(&mut y));
                let (m, n) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
                let ord = m.len().cmp(&n.len()).then_with(|| m.cmp(n));
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            (Some(c), Some(d)) => {
                let ord = c.to_lowercase().cmp(d.to_lowercase());
                if ord != Ordering::Equal {
                    return ord;
                }
                x.next();
                y.next();
            }
        }
    }
}

/// Normalise CRLF and lone CR line endings to LF, leaving everything else alone.
pub fn normalize_newlines(s: String) -> String {
    if !s.contains('\r') {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Bytes of context looked at around a position for words and graphemes:
/// enough for any word a reader would select, bounded so a 10 MB line
/// costs no more than a short one.
const WINDOW: usize = 512;

/// A slice of `text` around byte `b` that starts and ends at whitespace
/// (or a line end, or the window's edge): words never cross whitespace, so
/// segmenting the slice finds the same words as segmenting the whole text.
fn window_around(text: &str, b: usize) -> (usize, &str) {
    let b = floor_char(text, b.min(text.len()));
    let lo = floor_char(text, b.saturating_sub(WINDOW));
    let hi = ceil_char(text, (b + WINDOW).min(text.len()));
    let start = text[lo..b]
        .rfind(|c: char| c.is_whitespace())
        .map_or(lo, |i| {
            lo + i + text[lo + i..].chars().next().map_or(1, char::len_utf8)
        });
    let end = text[b..hi]
        .find(|c: char| c.is_whitespace())
        .map_or(hi, |i| b + i);
    (start, &text[start..end])
}

fn floor_char(text: &str, mut b: usize) -> usize {
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

fn ceil_char(text: &str, mut b: usize) -> usize {
    while !text.is_char_boundary(b) {
        b += 1;
    }
    b
}

/// Whether byte `b` lies between two extended grapheme clusters (UAX #29),
/// so that a span may start or end there. The ends of the text are.
pub fn is_grapheme_boundary(text: &str, b: usize) -> bool {
    use unicode_segmentation::GraphemeCursor;
    if b == 0 || b >= text.len() {
        return b <= text.len();
    }
    if !text.is_char_boundary(b) {
        return false;
    }
    GraphemeCursor::new(b, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(true)
}

/// The grapheme boundary at or before byte `b`.
pub fn grapheme_floor(text: &str, b: usize) -> usize {
    use unicode_segmentation::GraphemeCursor;
    let b = floor_char(text, b.min(text.len()));
    if is_grapheme_boundary(text, b) {
        return b;
    }
    GraphemeCursor::new(b, text.len(), true)
        .prev_boundary(text, 0)
        .ok()
        .flatten()
        .unwrap_or(0)
}

/// The grapheme boundary at or after byte `b`.
pub fn grapheme_ceil(text: &str, b: usize) -> usize {
    use unicode_segmentation::GraphemeCursor;
    let b = floor_char(text, b.min(text.len()));
    if is_grapheme_boundary(text, b) {
        return b;
    }
    GraphemeCursor::new(b, text.len(), true)
        .next_boundary(text, 0)
        .ok()
        .flatten()
        .unwrap_or(text.len())
}

/// Widen a byte range so that neither end splits a grapheme cluster: an
/// accent stays with its letter, a ZWJ family stays whole.
pub fn widen_to_graphemes(text: &str, r: Range<usize>) -> Range<usize> {
    grapheme_floor(text, r.start)..grapheme_ceil(text, r.end.max(r.start))
}

/// The byte range of the word around byte `b` (Unicode word boundaries), for
/// double-click selection. Returns an empty range at `b` outside words.
pub fn word_at(text: &str, b: usize) -> Range<usize> {
    use unicode_segmentation::UnicodeSegmentation;
    let b = floor_char(text, b.min(text.len()));
    let (base, window) = window_around(text, b);
    // At the very end of a line the word before counts (a click past it).
    let line_end = b == text.len() || text[b..].starts_with('\n');
    for (offset, word) in window.split_word_bound_indices() {
        let start = base + offset;
        let end = start + word.len();
        if (start..end).contains(&b) || (end == b && line_end && end > start) {
            if is_word(word) {
                return start..end;
            }
            break;
        }
    }
    b..b
}

fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

/// Widen a byte range to whole words, as a drag selection does: an end
/// inside a word moves to that word's edge; an end between words stays.
/// The result never splits a grapheme cluster.
pub fn widen_to_words(text: &str, r: Range<usize>) -> Range<usize> {
    let r = widen_to_graphemes(text, r);
    if r.is_empty() {
        return r;
    }
    let start_word = word_at(text, r.start);
    let start = if start_word.start < r.start && start_word.end > r.start {
        start_word.start
    } else {
        r.start
    };
    // The word holding the last selected character.
    let last = floor_char(text, r.end - 1);
    let end_word = word_at(text, last);
    let end = if end_word.end > r.end && end_word.start < r.end {
        end_word.end
    } else {
        r.end
    };
    widen_to_graphemes(text, start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Emoji (astral + ZWJ), combining accents, CJK, Arabic and Hebrew.
    const MIXED: &str = "Ana said 👩‍👩‍👧 e\u{301}te 東京 قال المتحدث שלום 🎉 end";

    fn python_slice(s: &str, start: usize, end: usize) -> String {
        s.chars().skip(start).take(end - start).collect()
    }

    #[test]
    fn ascii_is_identity() {
        let text = "plain ascii text";
        let idx = TextIndex::new(text);
        assert_eq!(idx.len_chars(), 16);
        assert_eq!(idx.char_to_byte(text, 6), Some(6));
        assert_eq!(idx.byte_to_char(text, 6), 6);
        assert_eq!(idx.char_to_utf16(text, 6), 6);
        assert_eq!(idx.slice(text, 6..11), Some("ascii"));
        assert_eq!(idx.slice(text, 6..17), None);
    }

    #[test]
    fn every_position_round_trips_in_mixed_scripts() {
        // Repeat so the text spans several checkpoints.
        let text = MIXED.repeat(9);
        let idx = TextIndex::new(&text);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(idx.len_chars(), chars.len());
        assert_eq!(idx.len_utf16(), text.encode_utf16().count());
        let mut utf16 = 0;
        for (c, (byte, ch)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_to_byte(&text, c), Some(byte), "char {c}");
            assert_eq!(idx.byte_to_char(&text, byte), c, "byte {byte}");
            assert_eq!(idx.char_to_utf16(&text, c), utf16, "char {c}");
            assert_eq!(idx.utf16_to_char(&text, utf16), Some(c), "utf16 {utf16}");
            if ch.len_utf16() == 2 {
                assert_eq!(idx.utf16_to_char(&text, utf16 + 1), None, "inside a pair");
            }
            utf16 += ch.len_utf16();
        }
        assert_eq!(idx.char_to_byte(&text, chars.len()), Some(text.len()));
        assert_eq!(idx.char_to_byte(&text, chars.len() + 1), None);
        assert_eq!(idx.utf16_to_char(&text, utf16), Some(chars.len()));
    }

    #[test]
    fn slices_match_python_semantics() {
        let text = MIXED;
        let idx = TextIndex::new(text);
        let n = idx.len_chars();
        for s in 0..n {
            for e in s..=n {
                assert_eq!(idx.slice(text, s..e).unwrap(), python_slice(text, s, e));
            }
        }
        // The ZWJ family is five code points, not one.
        let fam = text.find('👩').unwrap();
        let c = idx.byte_to_char(text, fam);
        assert_eq!(idx.slice(text, c..c + 5), Some("👩‍👩‍👧"));
        // A combining accent is its own code point.
        let e = idx.byte_to_char(text, text.find("e\u{301}").unwrap());
        assert_eq!(idx.slice(text, e..e + 2), Some("e\u{301}"));
    }

    #[test]
    fn byte_inside_a_character_maps_to_that_character() {
        let text = "a東b";
        let idx = TextIndex::new(text);
        assert_eq!(idx.byte_to_char(text, 1), 1);
        assert_eq!(idx.byte_to_char(text, 2), 1);
        assert_eq!(idx.byte_to_char(text, 3), 1);
        assert_eq!(idx.byte_to_char(text, 4), 2);
    }

    #[test]
    fn head_and_tail_count_code_points() {
        assert_eq!(head_chars("🎉ab", 1), "🎉");
        assert_eq!(head_chars("ab", 5), "ab");
        assert_eq!(tail_chars("ab🎉", 1), "🎉");
        assert_eq!(tail_chars("ab", 5), "ab");
        assert_eq!(tail_chars("ab", 0), "");
    }

    #[test]
    fn newlines_are_normalised_and_nothing_else() {
        assert_eq!(
            normalize_newlines("a\r\nb\rc\n\u{a0}d".into()),
            "a\nb\nc\n\u{a0}d"
        );
        assert_eq!(normalize_newlines("\r\r\n".into()), "\n\n");
    }

    #[test]
    fn word_at_finds_words_in_any_script() {
        let text = "said 東京 قال";
        assert_eq!(&text[word_at(text, 1)], "said");
        let arabic = text.find('ق').unwrap();
        assert_eq!(&text[word_at(text, arabic + 2)], "قال");
        assert_eq!(word_at(text, 4), 4..4);
    }

    #[test]
    fn natural_order_counts_numbers() {
        let mut v = vec![
            "Headline 10",
            "headline 2",
            "Headline 1",
            "Apple",
            "Headline 02b",
        ];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            vec![
                "Apple",
                "Headline 1",
                "headline 2",
                "Headline 02b",
                "Headline 10"
            ]
        );
    }

    #[test]
    fn grapheme_boundaries_keep_accents_and_emoji_sequences_whole() {
        let text = "cafe\u{301} 👩\u{200d}👩\u{200d}👧 🇫🇷 x";
        let accent = text.find('\u{301}').unwrap();
        assert!(
            !is_grapheme_boundary(text, accent),
            "before a combining accent"
        );
        assert!(is_grapheme_boundary(text, accent + 2));
        let fam = text.find('👩').unwrap();
        assert!(is_grapheme_boundary(text, fam));
        assert!(!is_grapheme_boundary(text, fam + 4), "inside a ZWJ family");
        assert!(!is_grapheme_boundary(text, fam + 7));
        let flag = text.find('🇫').unwrap();
        assert!(!is_grapheme_boundary(text, flag + 4), "inside a flag");
        assert_eq!(&text[widen_to_graphemes(text, 0..accent)], "cafe\u{301}");
        assert_eq!(
            &text[widen_to_graphemes(text, fam + 4..fam + 8)],
            "👩\u{200d}👩\u{200d}👧"
        );
        assert!(is_grapheme_boundary(text, 0) && is_grapheme_boundary(text, text.len()));
        assert!(!is_grapheme_boundary(text, 1000));
    }

    #[test]
    fn drags_widen_to_whole_words_in_any_script() {
        let text = "The talks next week, said قال المتحدث and 東京都 officials.";
        let b = |needle: &str| text.find(needle).unwrap();
        // "alks next wee" grows to "talks next week"; punctuation ends stay.
        let r = widen_to_words(text, b("alks")..b("week") + 3);
        assert_eq!(&text[r], "talks next week");
        let r = widen_to_words(text, b("week")..b(", said") + 1);
        assert_eq!(&text[r], "week,");
        let r = widen_to_words(text, b("المتحدث") + 2..b("المتحدث") + 4);
        assert_eq!(&text[r], "المتحدث");
        // An end already at a word's edge does not move.
        let r = widen_to_words(text, b("said")..b("said") + 4);
        assert_eq!(&text[r], "said");
        // Inside a decomposed accent the selection still ends after it.
        let t2 = "the cafe\u{301} opened";
        let r = widen_to_words(t2, 4..7);
        assert_eq!(&t2[r], "cafe\u{301}");
    }

    #[test]
    fn words_are_found_on_a_ten_megabyte_line() {
        let mut text = "word ".repeat(2_000_000);
        text.push_str("target end");
        let b = text.find("target").unwrap() + 2;
        assert_eq!(&text[word_at(&text, b)], "target");
        // No whitespace for a long stretch: a window still gives a word.
        let cjk = "東".repeat(5000);
        assert_eq!(word_at(&cjk, 3000 * 3).len(), 3);
    }
}

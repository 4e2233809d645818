//! Right-to-left and mixed text in the order its readers read it: the
//! Unicode Bidirectional Algorithm (UAX #9, by the `unicode-bidi` crate)
//! applied to a paragraph's lines. The text view lays a line out from its
//! runs in visual order; selection and hit-testing map visual positions
//! back to code points with [`Line::logical`].
//!
//! Offsets are code points of the paragraph, end-exclusive.

use std::ops::Range;

use unicode_bidi::{Level, ParagraphBidiInfo};

/// A paragraph's base direction: from its first strong character (as a
/// browser's `dir="auto"`), or set by the analyst for an article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Base {
    #[default]
    Auto,
    Ltr,
    Rtl,
}

/// A run of a line: code points of the paragraph that share a direction,
/// shown left to right in the order of a line's runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub chars: Range<usize>,
    pub rtl: bool,
}

/// One line of a paragraph, in visual order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Whether the paragraph runs right to left (its lines are then
    /// aligned to the right).
    pub rtl: bool,
    /// The line's runs, left to right on screen.
    pub runs: Vec<Run>,
}

impl Line {
    /// The code points of the line, left to right on screen: inside a
    /// right-to-left run, from its last code point to its first.
    pub fn visual(&self) -> Vec<usize> {
        self.runs
            .iter()
            .flat_map(|r| {
                let v: Vec<usize> = if r.rtl {
                    r.chars.clone().rev().collect()
                } else {
                    r.chars.clone().collect()
                };
                v
            })
            .collect()
    }

    /// The code point at visual position `v` (0 is the leftmost).
    pub fn logical(&self, v: usize) -> Option<usize> {
        let mut at = v;
        for r in &self.runs {
            let n = r.chars.len();
            if at < n {
                return Some(if r.rtl {
                    r.chars.end - 1 - at
                } else {
                    r.chars.start + at
                });
            }
            at -= n;
        }
        None
    }

    /// Whether the line needs reordering at all (one left-to-right run).
    pub fn is_plain(&self) -> bool {
        !self.rtl && self.runs.iter().all(|r| !r.rtl)
    }
}

/// The bidi analysis of one paragraph (text without line breaks between
/// paragraphs), kept to lay out each of its lines.
pub struct Paragraph<'t> {
    text: &'t str,
    info: Option<ParagraphBidiInfo<'t>>,
    /// The text with deeply nested controls made harmless, analysed line
    /// by line instead of `info` (rare).
    tamed: Option<(String, Option<Level>)>,
    /// Byte offset of each code point, and the text's length at the end.
    bytes: Vec<usize>,
    rtl: bool,
}

impl Base {
    /// An article's setting: its own direction, or each paragraph's.
    pub fn of(direction: Option<crate::model::Direction>) -> Self {
        match direction {
            Some(crate::model::Direction::LeftToRight) => Base::Ltr,
            Some(crate::model::Direction::RightToLeft) => Base::Rtl,
            None => Base::Auto,
        }
    }
}

impl<'t> Paragraph<'t> {
    pub fn new(text: &'t str, base: Base) -> Self {
        let level = match base {
            Base::Auto => None,
            Base::Ltr => Some(Level::ltr()),
            Base::Rtl => Some(Level::rtl()),
        };
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        let plain = !needs_reordering(text, base);
        // Explicit embeddings nested deeper than the algorithm's limit make
        // unicode-bidi 0.3 panic (its issue #145): past a few dozen, they
        // are analysed as invisible joiners (same length in UTF-8).
        let controls = text
            .chars()
            .filter(|c| matches!(*c as u32, 0x202A..=0x202E | 0x2066..=0x2069))
            .count();
        let tamed = (!plain && controls > 60).then(|| {
            text.chars()
                .map(|c| match c as u32 {
                    0x202A..=0x202E | 0x2066..=0x2069 => '\u{2060}',
                    _ => c,
                })
                .collect::<String>()
        });
        let info = (!plain && tamed.is_none()).then(|| ParagraphBidiInfo::new(text, level));
        let rtl = match &tamed {
            Some(t) => ParagraphBidiInfo::new(t, level).paragraph_level.is_rtl(),
            None => info.as_ref().is_some_and(|i| i.paragraph_level.is_rtl()),
        };
        Self {
            text,
            info,
            tamed: tamed.map(|t| (t, level)),
            bytes,
            rtl,
        }
    }

    /// Whether the paragraph was analysed (it has right-to-left text or
    /// runs right to left): its lines need laying out again.
    fn analysed(&self) -> bool {
        self.info.is_some() || self.tamed.is_some()
    }

    /// Whether the paragraph runs right to left.
    pub fn is_rtl(&self) -> bool {
        self.rtl
    }

    fn char_of_byte(&self, b: usize) -> usize {
        self.bytes.partition_point(|&x| x < b)
    }

    /// A line (code points of the paragraph) in visual order.
    pub fn line(&self, chars: Range<usize>) -> Line {
        let n = self.bytes.len() - 1;
        let chars = chars.start.min(n)..chars.end.min(n).max(chars.start.min(n));
        if !self.analysed() {
            return Line {
                rtl: false,
                runs: vec![Run { chars, rtl: false }],
            };
        }
        let bytes = self.bytes[chars.start]..self.bytes[chars.end];
        if bytes.is_empty() {
            return Line {
                rtl: self.rtl,
                runs: Vec::new(),
            };
        }
        let (levels, runs) = match (&self.info, &self.tamed) {
            (Some(info), _) => info.visual_runs(bytes),
            (None, Some((t, level))) => ParagraphBidiInfo::new(t, *level).visual_runs(bytes),
            (None, None) => {
                return Line {
                    rtl: false,
                    runs: vec![Run { chars, rtl: false }],
                }
            }
        };
        let runs = runs
            .into_iter()
            .map(|r| Run {
                rtl: levels[r.start].is_rtl(),
                chars: self.char_of_byte(r.start)..self.char_of_byte(r.end),
            })
            .collect();
        Line {
            rtl: self.rtl,
            runs,
        }
    }

    /// The pieces of a run to hand a shaper, left to right, with the
    /// code point each character stands for. egui's shaper turns a
    /// stretch of right-to-left script around itself but places what it
    /// is given left to right; so a right-to-left run goes in reverse
    /// order of its pieces (words of right-to-left letters with their
    /// marks, and each other grapheme cluster: space, quote, bracket,
    /// emoji), mirrored; and in a left-to-right run, a stretch of
    /// right-to-left script (Arabic-Indic digits, letters under an
    /// override) goes in reversed, so the shaper's turn puts it back.
    pub fn pieces(&self, run: &Run) -> Vec<Vec<(char, usize)>> {
        use unicode_segmentation::UnicodeSegmentation;
        let s = &self.text[self.bytes[run.chars.start]..self.bytes[run.chars.end]];
        // Grapheme clusters, grouped: a piece of right-to-left script, or
        // one other cluster.
        let mut pieces: Vec<Vec<Vec<(char, usize)>>> = Vec::new();
        let mut at = run.chars.start;
        let mut last_joins = false;
        for g in s.graphemes(true) {
            let cluster: Vec<(char, usize)> = g.chars().zip(at..).collect();
            at += cluster.len();
            let joining = cluster.first().is_some_and(|&(c, _)| joins(c));
            match pieces.last_mut() {
                Some(p) if joining && last_joins => p.push(cluster),
                _ => pieces.push(vec![cluster]),
            }
            last_joins = joining;
        }
        if run.rtl {
            pieces.reverse();
            for p in &mut pieces {
                for cluster in p.iter_mut() {
                    for (c, _) in cluster.iter_mut() {
                        *c = mirror(*c);
                    }
                }
            }
        } else {
            for p in &mut pieces {
                if p.first()
                    .and_then(|c| c.first())
                    .is_some_and(|&(c, _)| joins(c))
                {
                    p.reverse();
                }
            }
        }
        pieces
            .into_iter()
            .map(|p| p.into_iter().flatten().collect())
            .collect()
    }

    /// The characters of a run in the order [`Paragraph::pieces`] gives
    /// them.
    pub fn for_shaper(&self, run: &Run) -> Vec<(char, usize)> {
        self.pieces(run).into_iter().flatten().collect()
    }
}

/// A line of text for a one-line label, its runs in visual order (pieces
/// as [`Paragraph::pieces`] gives them): left-to-right text comes back as
/// it is.
pub fn display_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !needs_reordering(text, Base::Auto) {
        return text.into();
    }
    let p = Paragraph::new(text, Base::Auto);
    let line = p.line(0..text.chars().count());
    line.runs
        .iter()
        .flat_map(|r| p.for_shaper(r))
        .map(|(c, _)| c)
        .collect::<String>()
        .into()
}

/// Whether a paragraph needs the algorithm at all: text with nothing
/// right-to-left in it (checked fast for ASCII) is laid out as it is.
pub fn needs_reordering(text: &str, base: Base) -> bool {
    base == Base::Rtl || (!text.is_ascii() && text.chars().any(is_strong_rtl_or_control))
}

/// Characters that make a paragraph need the algorithm: strong
/// right-to-left letters, Arabic digits and the explicit controls.
fn is_strong_rtl_or_control(c: char) -> bool {
    is_rtl_script(c) || matches!(c as u32, 0x200F | 0x202A..=0x202E | 0x2066..=0x2069)
}

/// Characters of the right-to-left scripts (Hebrew, Arabic, Syriac,
/// Thaana, NKo, their presentation forms, and the historic blocks).
pub fn is_rtl_script(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF
        | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// Characters a shaper keeps with the right-to-left letters around them:
/// the letters and their marks and joiners.
fn joins(c: char) -> bool {
    is_rtl_script(c) || matches!(c as u32, 0x0300..=0x036F | 0x200C | 0x200D)
}

/// The mirrored form of a character shown right to left (the
/// Bidi_Mirroring_Glyph pairs of the common brackets and marks).
pub fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        '⁅' => '⁆',
        '⁆' => '⁅',
        '⁽' => '⁾',
        '⁾' => '⁽',
        '₍' => '₎',
        '₎' => '₍',
        '≤' => '≥',
        '≥' => '≤',
        '「' => '」',
        '」' => '「',
        '『' => '』',
        '』' => '『',
        '〈' => '〉',
        '〉' => '〈',
        '《' => '》',
        '》' => '《',
        '【' => '】',
        '】' => '【',
        _ => c,
    }
}

/// The words of a line (runs of non-space characters, by their first code
/// point) in the order they appear on screen, left to right.
pub fn words_left_to_right(text: &str, line: &Line) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (visual position, word start)
    let word_start = |c: usize| {
        let mut s = c;
        while s > 0 && !chars[s - 1].is_whitespace() {
            s -= 1;
        }
        s
    };
    for (v, c) in line.visual().into_iter().enumerate() {
        if chars.get(c).is_some_and(|ch| !ch.is_whitespace()) {
            let w = word_start(c);
            if !starts.iter().any(|&(_, s)| s == w) {
                starts.push((v, w));
            }
        }
    }
    starts.sort();
    starts
        .into_iter()
        .map(|(_, s)| {
            chars[s..]
                .iter()
                .take_while(|c| !c.is_whitespace())
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str, base: Base) -> Line {
        Paragraph::new(text, base).line(0..text.chars().count())
    }

    #[test]
    fn left_to_right_text_is_one_run() {
        let l = whole("Officials said the talks failed.", Base::Auto);
        assert!(l.is_plain());
        assert_eq!(l.visual(), (0..32).collect::<Vec<_>>());
    }

    #[test]
    fn arabic_words_inside_english_come_right_to_left() {
        // "Officials in غزة ورفح said": the two Arabic words swap places
        // on screen, each read right to left.
        let text = "Officials in غزة ورفح said";
        let l = whole(text, Base::Auto);
        assert!(!l.rtl);
        assert_eq!(
            words_left_to_right(text, &l),
            ["Officials", "in", "ورفح", "غزة", "said"]
        );
    }

    #[test]
    fn an_arabic_paragraph_with_a_latin_name_and_numbers() {
        let text = "قال البيت الأبيض إن Jake Sullivan سيرأس الوفد في 12 مارس";
        let p = Paragraph::new(text, Base::Auto);
        assert!(p.is_rtl());
        let l = p.line(0..text.chars().count());
        let words = words_left_to_right(text, &l);
        // The first Arabic word is at the right edge; the name keeps its
        // own order; the number stays a number.
        assert_eq!(words.last().map(String::as_str), Some("قال"));
        let jake = words.iter().position(|w| w == "Jake").unwrap();
        assert_eq!(words[jake + 1], "Sullivan");
        assert_eq!(words.first().map(String::as_str), Some("مارس"));
        assert_eq!(words[1], "12");
        // Every code point appears once.
        let mut v = l.visual();
        v.sort_unstable();
        assert_eq!(v, (0..text.chars().count()).collect::<Vec<_>>());
    }

    #[test]
    fn visual_positions_map_back_to_code_points() {
        let text = "abc אבג def";
        let l = whole(text, Base::Auto);
        let visual = l.visual();
        for (v, &c) in visual.iter().enumerate() {
            assert_eq!(l.logical(v), Some(c));
        }
        // The Hebrew letters show last first.
        assert_eq!(&visual[4..7], &[6, 5, 4]);
        assert_eq!(l.logical(visual.len()), None);
    }

    #[test]
    fn brackets_mirror_in_right_to_left_runs() {
        let text = "הוא אמר (בקול)";
        let p = Paragraph::new(text, Base::Auto);
        let l = p.line(0..text.chars().count());
        let laid: Vec<(char, usize)> = l.runs.iter().flat_map(|r| p.for_shaper(r)).collect();
        // Drawn left to right: "(" first, standing for the ")" typed last
        // (mirrored), then the word, then ")" standing for the "(".
        let n = text.chars().count();
        assert_eq!(laid.first(), Some(&('(', n - 1)));
        assert_eq!(laid[1..5].iter().map(|x| x.0).collect::<String>(), "בקול");
        assert_eq!(laid[5], (')', 8));
        // Every code point once.
        let mut all: Vec<usize> = laid.iter().map(|x| x.1).collect();
        all.sort_unstable();
        assert_eq!(all, (0..n).collect::<Vec<_>>());
    }

    #[test]
    fn the_base_direction_can_be_set() {
        let text = "Hamas said שלום";
        assert!(!Paragraph::new(text, Base::Auto).is_rtl());
        assert!(Paragraph::new(text, Base::Rtl).is_rtl());
        let l = whole(text, Base::Rtl);
        assert_eq!(words_left_to_right(text, &l), ["שלום", "Hamas", "said"]);
    }

    #[test]
    fn a_label_shows_its_runs_in_visual_order() {
        assert!(matches!(
            display_line("Officials said"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            display_line("Officials in غزة ورفح said"),
            "Officials in ورفح غزة said"
        );
    }

    #[test]
    fn arabic_digits_and_emoji_sequences_keep_their_order_for_the_shaper() {
        // Arabic-Indic digits form a left-to-right run the shaper would
        // turn around: they go in reversed, to come out in order.
        let text = "دفع ١٢٣ دينارا";
        let p = Paragraph::new(text, Base::Auto);
        let l = p.line(0..text.chars().count());
        let digits = l.runs.iter().find(|r| !r.rtl).unwrap();
        let laid: String = p.for_shaper(digits).iter().map(|x| x.0).collect();
        assert_eq!(laid, "٣٢١");
        // An emoji of several code points in a right-to-left run stays whole.
        let text = "שלום 👩\u{200d}👩\u{200d}👧 עולם";
        let p = Paragraph::new(text, Base::Auto);
        let l = p.line(0..text.chars().count());
        let laid: String = l
            .runs
            .iter()
            .flat_map(|r| p.for_shaper(r))
            .map(|x| x.0)
            .collect();
        assert!(laid.contains("👩\u{200d}👩\u{200d}👧"), "{laid:?}");
    }

    #[test]
    fn deeply_nested_embeddings_do_not_panic() {
        // 130 right-to-left embeddings, then Latin: past the algorithm's
        // depth (unicode-bidi 0.3 would panic on the row at level 126).
        let text = format!("{}abc 123 אבג", "\u{202B}".repeat(130));
        let p = Paragraph::new(&text, Base::Auto);
        let n = text.chars().count();
        let l = p.line(0..n);
        let mut all = l.visual();
        all.sort_unstable();
        assert_eq!(all, (0..n).collect::<Vec<_>>());
        let _ = p.line(130..n);
    }

    #[test]
    fn a_line_in_the_middle_of_a_paragraph() {
        let text = "אחד שתיים three four";
        let p = Paragraph::new(text, Base::Auto);
        // The second line: "three four" only.
        let l = p.line(9..text.chars().count());
        assert_eq!(words_left_to_right(text, &l), ["three", "four"]);
        // Out of range is clamped, not a panic.
        assert!(p.line(100..200).runs.is_empty());
    }
}

//! PDF: the text layer in reading order, as one article's text.
//!
//! pdf_oxide reads the file and gives each page's words with their boxes;
//! this module lays them out: lines by baseline, columns by the gutters no
//! line crosses, bands between headings that span the columns, each
//! column top to bottom. It then drops running headers, footers and page
//! numbers (lines at the top or bottom of pages that recur on most pages
//! once digits are set aside), joins words hyphenated at line ends,
//! expands ligatures (ﬁ → fi) and makes paragraphs of the lines (a wider
//! gap starts one), so that offsets are code points of the
//! same kind of normalised text every other format gives. A PDF with no
//! text layer (a scan) is refused with that reason. pdf_oxide has been
//! seen to panic on some malformed files, so a panic is caught and
//! reported as an unreadable file.

use pdf_oxide::PdfDocument;

/// Text and title (from the document's information) of a PDF.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PdfText {
    pub text: String,
    pub title: Option<String>,
}

/// Why a scanned PDF is left out.
pub const NO_TEXT_LAYER: &str = "no text layer (scanned?)";

/// A word of the text layer: its text and box (PDF units, y up).
#[derive(Clone, Debug)]
struct Word {
    text: String,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
}

/// A run of words on one baseline, not crossing a column gutter.
#[derive(Clone, Debug)]
struct Segment {
    text: String,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
}

/// A page's lines in reading order, each with the vertical gap before it
/// (0 for the first line of a column).
pub type PageLines = Vec<(String, f32)>;

/// The pages' lines, in reading order.
pub fn page_lines(bytes: &[u8]) -> Result<Vec<PageLines>, String> {
    let bytes = bytes.to_vec();
    let read = std::panic::catch_unwind(move || -> Result<Vec<Vec<Word>>, String> {
        let doc = PdfDocument::from_bytes(bytes).map_err(|e| format!("not a readable PDF: {e}"))?;
        let pages = doc
            .page_count()
            .map_err(|e| format!("not a readable PDF: {e}"))?;
        let mut out = Vec::with_capacity(pages);
        for page in 0..pages {
            let words = doc
                .extract_words(page)
                .map_err(|e| format!("page {}: {e}", page + 1))?;
            out.push(
                words
                    .into_iter()
                    .filter(|w| !w.text.trim().is_empty())
                    .map(|w| Word {
                        text: w.text,
                        x0: w.bbox.x,
                        x1: w.bbox.x + w.bbox.width,
                        y: w.bbox.y,
                        size: w.avg_font_size.max(w.bbox.height).max(1.0),
                    })
                    .collect(),
            );
        }
        Ok(out)
    });
    let pages = read.unwrap_or_else(|_| Err("the PDF reader failed on this file".into()))?;
    Ok(pages.into_iter().map(layout).collect())
}

/// Words into segments: same baseline (within a third of the font size),
/// split where the gap is wider than a column gutter could be narrow.
fn segments(mut words: Vec<Word>) -> Vec<Segment> {
    words.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Vec<Word>> = Vec::new();
    for w in words {
        match lines.last_mut() {
            Some(line) if (line[0].y - w.y).abs() <= line[0].size.min(w.size) / 3.0 => line.push(w),
            _ => lines.push(vec![w]),
        }
    }
    let mut out = Vec::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut seg: Option<Segment> = None;
        for w in line {
            match seg.as_mut() {
                Some(s) if w.x0 - s.x1 <= s.size * 1.2 => {
                    // A space where the gap is one; none inside a word set in pieces.
                    if w.x0 - s.x1 > s.size * 0.12 {
                        s.text.push(' ');
                    }
                    s.text.push_str(&w.text);
                    s.x1 = s.x1.max(w.x1);
                }
                _ => {
                    out.extend(seg.take());
                    seg = Some(Segment {
                        text: w.text,
                        x0: w.x0,
                        x1: w.x1,
                        y: w.y,
                        size: w.size,
                    });
                }
            }
        }
        out.extend(seg);
    }
    out
}

/// The gap given around a heading over the columns: it is a paragraph.
const HEADING_GAP: f32 = 10.0;

/// Column gutters: stretches of the page's width that almost no segment
/// crosses (a heading or running header over both columns may), inside
/// the text's left and right edges.
fn gutters(segs: &[Segment]) -> Vec<(f32, f32)> {
    if segs.len() < 6 {
        return Vec::new();
    }
    let left = segs.iter().map(|s| s.x0).fold(f32::MAX, f32::min);
    let right = segs.iter().map(|s| s.x1).fold(f32::MIN, f32::max);
    let width = right - left;
    let size = segs.iter().map(|s| s.size).fold(0.0f32, f32::max);
    // Columns need room: a few font sizes at least.
    if width <= 6.0 * size {
        return Vec::new();
    }
    let steps = 200usize;
    let at = |k: usize| left + width * k as f32 / steps as f32;
    let allowed = (segs.len() / 20).max(2);
    let mut out = Vec::new();
    let mut run: Option<usize> = None;
    for k in (steps / 10)..=(steps * 9 / 10) {
        let x = at(k);
        let crossing = segs.iter().filter(|s| s.x0 < x && s.x1 > x).count();
        // Lines must start on both sides, or it is a ragged edge.
        let open = crossing <= allowed;
        match (open, run) {
            (true, None) => run = Some(k),
            (false, Some(r)) => {
                out.push((at(r), at(k)));
                run = None;
            }
            _ => {}
        }
    }
    if let Some(r) = run {
        out.push((at(r), at(steps * 9 / 10)));
    }
    // A gutter is at least half a font size wide and has text on both
    // sides (within a step of its edges).
    let step = width / steps as f32 + 1.0;
    out.retain(|(a, b)| b - a >= size / 2.0);
    out.retain(|(a, b)| {
        segs.iter().filter(|s| s.x1 <= *a + step).count() >= 3
            && segs.iter().filter(|s| s.x0 >= *b - step).count() >= 3
    });
    out
}

/// A page's words in reading order: bands between segments that span the
/// gutters (headings, running headers), and within a band column by
/// column, each from top to bottom.
fn layout(words: Vec<Word>) -> PageLines {
    let segs = segments(words);
    let gutters = gutters(&segs);
    let column = |s: &Segment| {
        let mid = (s.x0 + s.x1) / 2.0;
        gutters.iter().filter(|(a, _)| mid > *a).count()
    };
    let spans = |s: &Segment| gutters.iter().any(|(a, b)| s.x0 < *a && s.x1 > *b);
    let mut out: PageLines = Vec::new();
    let mut band: Vec<&Segment> = Vec::new();
    // `first`: the gap the band's first line gets (a heading above it ends
    // a paragraph; a column's top goes on with the one before).
    let flush = |band: &mut Vec<&Segment>, out: &mut PageLines, first: f32| {
        let columns = gutters.len() + 1;
        for c in 0..columns {
            let mut prev: Option<f32> = None;
            for s in band.iter().filter(|s| column(s) == c) {
                let gap = match prev {
                    Some(p) => (p - s.y) / s.size,
                    None if c == 0 => first,
                    None => 0.0,
                };
                out.push((s.text.clone(), gap));
                prev = Some(s.y);
            }
        }
        band.clear();
    };
    let mut after_heading = 0.0;
    for s in &segs {
        if spans(s) && !gutters.is_empty() {
            flush(&mut band, &mut out, after_heading);
            out.push((s.text.clone(), HEADING_GAP));
            after_heading = HEADING_GAP;
        } else {
            band.push(s);
        }
    }
    flush(&mut band, &mut out, after_heading);
    out
}

/// Read a PDF's text.
pub fn read(bytes: &[u8]) -> Result<PdfText, String> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err("not a PDF (no %PDF header)".into());
    }
    let pages = page_lines(bytes)?;
    let text = lines_of(pages);
    if text.chars().filter(|c| !c.is_whitespace()).count() < 20 {
        return Err(NO_TEXT_LAYER.into());
    }
    Ok(PdfText { text, title: None })
}

/// A line with its digits set aside, for spotting running headers.
fn shape(line: &str) -> String {
    line.trim()
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// "12", "Page 3", "3 of 10", "- 4 -": a page number.
fn is_page_number(line: &str) -> bool {
    let l = line.trim().to_lowercase();
    let l = l.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    let l = l.strip_prefix("page").unwrap_or(l).trim();
    !l.is_empty()
        && l.split(|c: char| c == '/' || c.is_whitespace())
            .filter(|w| !w.is_empty() && *w != "of")
            .all(|w| w.chars().all(|c| c.is_ascii_digit()))
}

/// How many lines at the top and at the bottom of a page may be furniture.
const BAND: usize = 2;

/// Pages' lines into paragraphs of lines: running headers, footers and
/// page numbers dropped, ligatures expanded, a gap of more than 1.4 lines
/// between paragraphs (blank lines), lines within one kept apart (a news
/// database's export is split on those lines; see [`reflow`]).
pub fn lines_of(pages: Vec<PageLines>) -> String {
    let pages: Vec<PageLines> = pages
        .into_iter()
        .map(|lines| {
            lines
                .into_iter()
                .map(|(l, gap)| (expand_ligatures(l.trim()), gap))
                .filter(|(l, _)| !l.is_empty())
                .collect()
        })
        .collect();
    // Running headers and footers: top or bottom lines whose shape recurs
    // on at least half the pages (two at least).
    let band = |lines: &PageLines| -> Vec<usize> {
        let n = lines.len();
        (0..n).filter(|k| *k < BAND || k + BAND >= n).collect()
    };
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for lines in &pages {
        let shapes: std::collections::HashSet<String> = band(lines)
            .into_iter()
            .map(|k| shape(&lines[k].0))
            .collect();
        for s in shapes.into_iter().filter(|s| !s.is_empty()) {
            *counts.entry(s).or_default() += 1;
        }
    }
    // A news database's export repeats its own lines ("End of Document",
    // an outlet starting each article on a new page): those are kept for
    // the split; only page numbers go.
    let export = {
        let all: Vec<&str> = pages
            .iter()
            .flat_map(|p| p.iter().map(|(l, _)| l.as_str()))
            .collect();
        super::databases::detect(&all.join("\n")).is_some()
    };
    let running = |l: &str| {
        !export
            && pages.len() >= 2
            && counts
                .get(&shape(l))
                .is_some_and(|&n| n * 2 >= pages.len() && n >= 2)
    };
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for lines in &pages {
        let furniture = band(lines);
        // A page's first line goes on with the paragraph before it: the
        // gap above it is the page's margin, not a paragraph's end.
        let mut first = true;
        for (k, (line, gap)) in lines.iter().enumerate() {
            if furniture.contains(&k) && (is_page_number(line) || running(line)) {
                continue;
            }
            if *gap > 1.4 && !first && !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            first = false;
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(line);
        }
    }
    if !current.trim().is_empty() {
        paragraphs.push(current);
    }
    paragraphs.join("\n\n")
}

/// Each paragraph's lines joined into running text, words hyphenated at
/// line ends joined.
pub fn reflow(text: &str) -> String {
    text.split("\n\n")
        .map(|para| {
            let mut out = String::new();
            for line in para.lines() {
                join_line(&mut out, line.trim());
            }
            out
        })
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Add a line to a paragraph: a word hyphenated at the end of the last
/// line is joined without its hyphen when this line goes on in lower case.
fn join_line(current: &mut String, line: &str) {
    if current.is_empty() {
        current.push_str(line);
        return;
    }
    let hyphenated = current.ends_with('-')
        && current
            .chars()
            .rev()
            .nth(1)
            .is_some_and(char::is_alphabetic)
        && line.chars().next().is_some_and(char::is_lowercase);
    if hyphenated {
        current.pop();
    } else {
        current.push(' ');
    }
    current.push_str(line);
}

/// Latin ligatures (U+FB00–FB06) as their letters.
fn expand_ligatures(s: &str) -> String {
    if !s.chars().any(|c| ('\u{fb00}'..='\u{fb06}').contains(&c)) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(ls: &[(&str, f32)]) -> PageLines {
        ls.iter().map(|(l, g)| ((*l).to_owned(), *g)).collect()
    }

    #[test]
    fn furniture_goes_hyphens_join_and_gaps_make_paragraphs() {
        let pages = vec![
            lines(&[
                ("The Daily · Report", 0.0),
                ("Officials said the plant would re-", 0.0),
                ("open on Monday. A ﬁnal", 1.0),
                ("check was due.", 1.0),
                ("A boil-water order stays.", 2.0),
                ("Page 1", 3.0),
            ]),
            lines(&[
                ("The Daily · Report", 0.0),
                ("Residents were", 2.5),
                ("sceptical.", 1.0),
                ("- 2 -", 3.0),
            ]),
        ];
        assert_eq!(
            reflow(&lines_of(pages)),
            "Officials said the plant would reopen on Monday. A final check was due.\n\nA boil-water order stays. Residents were sceptical."
        );
    }

    #[test]
    fn page_numbers() {
        for n in ["12", "Page 3", "page 3 of 10", "3 / 10", "- 4 -"] {
            assert!(is_page_number(n), "{n}");
        }
        for n in ["2026 was a year", "Page one", "Section 4"] {
            assert!(!is_page_number(n), "{n}");
        }
    }

    #[test]
    fn not_a_pdf_says_so() {
        assert!(read(b"plain text").unwrap_err().contains("not a PDF"));
        assert!(read(b"%PDF-1.4 garbage").is_err());
    }
}

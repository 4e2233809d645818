//! Rich Text Format: the document's text as a reader sees it.
//!
//! Written here rather than taken from a crate: the RTF crates on
//! crates.io at the time decode `\'hh` as Latin-1 whatever the code page,
//! drop `\uN`'s fallback rules, or keep the text of destinations (font
//! tables, headers, footnotes) that a reader never sees. This follows the
//! RTF 1.9.1 specification for what reaches the text:
//!
//! - code pages: the document's `\ansicpg` (1250–1258, and the East Asian
//!   ones) and each font's `\fcharset`, for `\'hh` bytes (a run of them is
//!   decoded together, so double-byte characters come out whole);
//! - `\uN` with its fallback: the next `\ucN` characters (default 1) are
//!   skipped; N is a signed 16-bit number;
//! - groups and destinations: `{\*\dest …}` and the known destinations
//!   (font and colour tables, style sheet, info, pictures, objects,
//!   headers, footers, footnotes, annotations, field instructions) are
//!   skipped whole, with everything nested in them; `\binN` data is
//!   skipped by length;
//! - paragraphs (`\par`, `\sect`, `\page`) become blank lines, `\line` a
//!   line break, `\tab` a tab; the typographic symbols (`\emdash`,
//!   `\ldblquote`, `\~`, …) their characters.

use encoding_rs::Encoding;

/// Text and title (from `{\info{\title …}}`) of an RTF document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RtfText {
    pub text: String,
    pub title: Option<String>,
}

#[derive(Clone, Copy)]
struct State {
    /// Skipping this group's text (a destination).
    skip: bool,
    /// Fallback characters after `\uN`.
    uc: usize,
    /// The current font's encoding (`None`: the document's).
    font: Option<&'static Encoding>,
    /// In `{\info{\title …}}`.
    title: bool,
    /// In `\fonttbl`: reading font definitions.
    fonttbl: bool,
}

/// Destinations whose text is not the document's.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "object",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "footnote",
    "annotation",
    "atnid",
    "atnauthor",
    "atndate",
    "atnref",
    "fldinst",
    "xe",
    "tc",
    "txe",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "listtable",
    "listoverridetable",
    "listtext",
    "pntext",
    "pn",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "mmathPr",
    "filetbl",
    "revtbl",
    "pgdsctbl",
    "bkmkstart",
    "bkmkend",
    "nonshppict",
    "shppict",
    "userprops",
    "docvar",
    "operator",
    "author",
    "company",
    "keywords",
    "comment",
    "doccomm",
    "subject",
    "category",
    "manager",
    "hlinkbase",
];

/// The encoding of an RTF code page number.
fn code_page(n: i32) -> Option<&'static Encoding> {
    let label = match n {
        1252 => "windows-1252",
        10000 => "macintosh",
        1250 => "windows-1250",
        1251 => "windows-1251",
        1253 => "windows-1253",
        1254 => "windows-1254",
        1255 => "windows-1255",
        1256 => "windows-1256",
        1257 => "windows-1257",
        1258 => "windows-1258",
        874 => "windows-874",
        932 => "shift_jis",
        936 => "gbk",
        949 => "euc-kr",
        950 => "big5",
        866 => "ibm866",
        20866 => "koi8-r",
        65001 => "utf-8",
        _ => return None,
    };
    Encoding::for_label(label.as_bytes())
}

/// The code page of a font character set (`\fcharsetN`).
fn charset(n: i32) -> Option<&'static Encoding> {
    code_page(match n {
        0 | 1 => 1252,
        77 => 10000,
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => return None,
    })
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    doc: &'static Encoding,
    fonts: std::collections::HashMap<i32, &'static Encoding>,
    /// The font being defined in the font table.
    defining: Option<i32>,
    out: String,
    title: String,
    /// `\'hh` bytes waiting to be decoded together.
    pending: Vec<u8>,
    /// The first half of a surrogate pair given by `\uN`.
    high: Option<i32>,
    /// The default font (`\deffN`), whose charset text without `\f` uses.
    deff: Option<i32>,
}

impl Parser<'_> {
    fn flush(&mut self, st: &State) {
        if self.pending.is_empty() {
            return;
        }
        let enc = st.font.unwrap_or(self.doc);
        let bytes = std::mem::take(&mut self.pending);
        let (text, _, _) = enc.decode(&bytes);
        self.push_str(st, &text);
    }

    fn push_str(&mut self, st: &State, s: &str) {
        if st.title {
            self.title.push_str(s);
        } else if !st.skip {
            self.out.push_str(s);
        }
    }

    fn push(&mut self, st: &State, c: char) {
        let mut buf = [0u8; 4];
        self.push_str(st, c.encode_utf8(&mut buf));
    }

    /// A control word and its parameter, after the backslash.
    fn word(&mut self) -> (String, Option<i32>) {
        let start = self.i;
        while self.i < self.b.len() && self.b[self.i].is_ascii_alphabetic() {
            self.i += 1;
        }
        let name = String::from_utf8_lossy(&self.b[start..self.i]).into_owned();
        let num_start = self.i;
        if self.i < self.b.len() && self.b[self.i] == b'-' {
            self.i += 1;
        }
        while self.i < self.b.len() && self.b[self.i].is_ascii_digit() && self.i - num_start < 11 {
            self.i += 1;
        }
        let param = std::str::from_utf8(&self.b[num_start..self.i])
            .ok()
            .and_then(|s| s.parse::<i64>().ok())
            .map(|n| n.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
        // One space ends a control word and belongs to it.
        if self.i < self.b.len() && self.b[self.i] == b' ' {
            self.i += 1;
        }
        (name, param)
    }

    /// Skip `n` fallback characters after `\uN`: plain characters, `\'hh`
    /// escapes or control symbols; a group boundary ends the fallback.
    fn skip_fallback(&mut self, mut n: usize) {
        while n > 0 && self.i < self.b.len() {
            match self.b[self.i] {
                b'{' | b'}' => return,
                b'\r' | b'\n' => self.i += 1,
                b'\\' => {
                    let next = self.b.get(self.i + 1).copied();
                    match next {
                        Some(b'\'') => self.i += 4,
                        Some(c) if c.is_ascii_alphabetic() => {
                            // A control word counts as one character.
                            self.i += 1;
                            self.word();
                        }
                        Some(_) => self.i += 2,
                        None => self.i += 1,
                    }
                    n -= 1;
                }
                _ => {
                    self.i += 1;
                    n -= 1;
                }
            }
        }
        self.i = self.i.min(self.b.len());
    }
}

/// Decode an RTF document.
pub fn read(bytes: &[u8]) -> Result<RtfText, String> {
    if !bytes.starts_with(b"{\\rtf") {
        return Err("not an RTF document (it does not start with {\\rtf)".into());
    }
    let mut p = Parser {
        b: bytes,
        i: 0,
        doc: encoding_rs::WINDOWS_1252,
        fonts: Default::default(),
        defining: None,
        out: String::new(),
        title: String::new(),
        pending: Vec::new(),
        high: None,
        deff: None,
    };
    let mut stack: Vec<State> = Vec::new();
    let mut st = State {
        skip: false,
        uc: 1,
        font: None,
        title: false,
        fonttbl: false,
    };
    // `\*` seen: the next control word names a destination to skip.
    let mut starred = false;
    // At the start of a group: its first control word may be a destination.
    let mut group_start = false;
    while p.i < p.b.len() {
        let c = p.b[p.i];
        if c != b'\\' || p.b.get(p.i + 1) != Some(&b'\'') {
            let before = st;
            p.flush(&before);
        }
        match c {
            b'{' => {
                if stack.len() > 10_000 {
                    return Err("groups nested too deeply".into());
                }
                stack.push(st);
                p.i += 1;
                group_start = true;
                continue;
            }
            b'}' => {
                let closing_table = st.fonttbl;
                if st.fonttbl {
                    p.defining = None;
                }
                st = stack.pop().unwrap_or(st);
                // After the font table: text without `\f` is in the default font.
                if closing_table && !st.fonttbl && st.font.is_none() {
                    st.font = p.deff.and_then(|f| p.fonts.get(&f).copied());
                }
                p.i += 1;
                starred = false;
                group_start = false;
                continue;
            }
            b'\r' | b'\n' => {
                p.i += 1;
                continue;
            }
            b'\\' => {
                p.i += 1;
                let Some(&next) = p.b.get(p.i) else { break };
                if next.is_ascii_alphabetic() {
                    let (name, param) = p.word();
                    let first = group_start;
                    group_start = false;
                    if first && name == "title" {
                        // {\info{\title …}}: the document's title.
                        st.title = true;
                    } else if starred || (first && SKIPPED.contains(&name.as_str())) {
                        // A destination: its text is not the document's
                        // (the font table's control words still count).
                        st.skip = true;
                        st.fonttbl = name == "fonttbl";
                    } else {
                        control(&mut p, &mut st, &name, param);
                    }
                    starred = false;
                } else {
                    p.i += 1;
                    group_start = false;
                    match next {
                        b'\'' => {
                            // Two hex digits; fewer (a cut file) are dropped.
                            let end = (p.i + 2).min(p.b.len());
                            let hex = &p.b[p.i..end];
                            let digits = hex.iter().take_while(|c| c.is_ascii_hexdigit()).count();
                            p.i += digits;
                            if digits == 2 {
                                let v = u8::from_str_radix(&String::from_utf8_lossy(hex), 16)
                                    .unwrap_or(b'?');
                                if !st.skip || st.title {
                                    p.pending.push(v);
                                }
                            }
                        }
                        b'*' => starred = true,
                        b'~' => p.push(&st, '\u{a0}'),
                        b'_' => p.push(&st, '\u{2011}'),
                        b'-' => {}
                        b'\\' | b'{' | b'}' => p.push(&st, char::from(next)),
                        b'\n' | b'\r' => p.push_str(&st, "\n\n"),
                        b'|' | b':' => {}
                        _ => {}
                    }
                }
            }
            _ => {
                group_start = false;
                // Plain text: bytes in the current code page.
                let start = p.i;
                while p.i < p.b.len() && !matches!(p.b[p.i], b'\\' | b'{' | b'}' | b'\r' | b'\n') {
                    p.i += 1;
                }
                if !st.skip || st.title {
                    p.pending.extend_from_slice(&bytes[start..p.i]);
                    let now = st;
                    p.flush(&now);
                }
            }
        }
    }
    p.flush(&st);
    Ok(RtfText {
        text: tidy(&p.out),
        title: Some(p.title.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty()),
    })
}

fn control(p: &mut Parser<'_>, st: &mut State, name: &str, param: Option<i32>) {
    match name {
        "deff" => p.deff = param,
        "plain" if !st.fonttbl => st.font = p.deff.and_then(|f| p.fonts.get(&f).copied()),
        "ansicpg" => {
            if let Some(e) = param.and_then(code_page) {
                p.doc = e;
            }
        }
        "f" => {
            let n = param.unwrap_or(0);
            if st.fonttbl {
                p.defining = Some(n);
            } else {
                st.font = p.fonts.get(&n).copied();
            }
        }
        "fcharset" => {
            if let (Some(f), Some(e)) = (p.defining, param.and_then(charset)) {
                p.fonts.insert(f, e);
            }
        }
        "cpg" => {
            if let (Some(f), Some(e)) = (p.defining, param.and_then(code_page)) {
                p.fonts.insert(f, e);
            }
        }
        "uc" => st.uc = usize::try_from(param.unwrap_or(1)).unwrap_or(1).min(16),
        "u" => {
            let n = param.unwrap_or(0);
            let code = if n < 0 { n + 65_536 } else { n };
            // Characters past U+FFFF come as two \u words, a surrogate pair.
            let high = p.high.take();
            let c = match (high, code) {
                (_, 0xD800..=0xDBFF) => {
                    p.high = Some(code);
                    None
                }
                (Some(h), 0xDC00..=0xDFFF) => {
                    char::from_u32((0x10000 + ((h - 0xD800) << 10) + (code - 0xDC00)) as u32)
                }
                (_, 0xDC00..=0xDFFF) => Some('\u{fffd}'),
                // \u0 (or a bare \u) is nothing.
                (_, 0) => None,
                _ => u32::try_from(code).ok().and_then(char::from_u32),
            };
            if let Some(c) = c {
                p.push(st, c);
            }
            let n = st.uc;
            p.skip_fallback(n);
        }
        "bin" => {
            let n = usize::try_from(param.unwrap_or(0)).unwrap_or(0);
            p.i = (p.i + n).min(p.b.len());
        }
        "par" | "sect" | "page" => p.push_str(st, "\n\n"),
        "line" => p.push(st, '\n'),
        "tab" => p.push(st, '\t'),
        "cell" => p.push(st, '\t'),
        "row" => p.push_str(st, "\n\n"),
        "emdash" => p.push(st, '—'),
        "endash" => p.push(st, '–'),
        "emspace" => p.push(st, '\u{2003}'),
        "enspace" => p.push(st, '\u{2002}'),
        "qmspace" => p.push(st, '\u{2005}'),
        "bullet" => p.push(st, '•'),
        "lquote" => p.push(st, '‘'),
        "rquote" => p.push(st, '’'),
        "ldblquote" => p.push(st, '“'),
        "rdblquote" => p.push(st, '”'),
        "zwj" => p.push(st, '\u{200d}'),
        "zwnj" => p.push(st, '\u{200c}'),
        "ltrmark" => p.push(st, '\u{200e}'),
        "rtlmark" => p.push(st, '\u{200f}'),
        _ => {}
    }
}

/// Paragraph breaks as single blank lines; spaces at line ends dropped.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for para in s.split("\n\n") {
        let p = para.trim_matches(|c: char| c == ' ' || c == '\n');
        if p.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rtf: &str) -> String {
        read(rtf.as_bytes()).unwrap().text
    }

    #[test]
    fn code_pages_decode_hex_escapes() {
        // Polish in 1250, Russian in 1251, Greek by a font's charset.
        assert_eq!(
            text(r"{\rtf1\ansi\ansicpg1250 Wroc\'b3aw i \'a3\'f3d\'9f\par}"),
            "Wrocław i Łódź"
        );
        assert_eq!(
            text(r"{\rtf1\ansi\ansicpg1251 \'cc\'ee\'f1\'ea\'e2\'e0}"),
            "Москва"
        );
        assert_eq!(
            text(
                r"{\rtf1\ansi{\fonttbl{\f0\fcharset0 Arial;}{\f1\fcharset161 Arial Greek;}}\f1 \'c1\'e8\'de\'ed\'e1\f0  Athens}"
            ),
            "Αθήνα Athens"
        );
        // The default font's charset, for text that names no font.
        assert_eq!(
            text(r"{\rtf1\ansi\deff0{\fonttbl{\f0\fcharset204 Arial;}}\'cc\'e8\'f0}"),
            "Мир"
        );
        // Double-byte: Shift_JIS bytes decoded as a run.
        assert_eq!(text(r"{\rtf1\ansi\ansicpg932 \'93\'8c\'8b\'9e}"), "東京");
    }

    #[test]
    fn unicode_escapes_skip_their_fallbacks() {
        assert_eq!(text(r"{\rtf1 caf\u233?s}"), "cafés");
        assert_eq!(
            text(r"{\rtf1\uc2 \u8220\'93\'94quoted\u8221??}"),
            "“quoted”"
        );
        assert_eq!(text(r"{\rtf1 \u-3937?}"), "\u{f09f}");
        // An emoji as a surrogate pair.
        assert_eq!(text(r"{\rtf1 \u-10179?\u-8704?!}"), "😀!");
        // \uc0: no fallback.
        assert_eq!(text(r"{\rtf1\uc0 \u1488\u1489  ok}"), "אב ok");
    }

    #[test]
    fn destinations_and_groups_are_skipped() {
        let rtf = r"{\rtf1\ansi{\fonttbl{\f0 Times;}}{\colortbl;\red0\green0\blue0;}{\stylesheet{\s0 Normal;}}{\info{\title Harbour talks}{\author Someone}}{\header Page header\par}{\*\generator Writer;}Body {\b bold} text{\footnote A note.}.{\field{\*\fldinst HYPERLINK x}{\fldrslt link}}\par{\pict\wmetafile8 0102ab}Second\line line\tab tab\par}";
        let r = read(rtf.as_bytes()).unwrap();
        assert_eq!(r.text, "Body bold text.link\n\nSecond\nline\ttab");
        assert_eq!(r.title.as_deref(), Some("Harbour talks"));
    }

    #[test]
    fn symbols_and_escapes() {
        assert_eq!(
            text(r"{\rtf1 a\~b\emdash c\ldblquote d\rdblquote  \{x\}\\}"),
            "a\u{a0}b—c“d” {x}\\"
        );
    }

    #[test]
    fn binary_data_and_bad_input_do_not_derail() {
        assert_eq!(text("{\\rtf1 a{\\*\\blip\\bin3 {}}}b}"), "ab");
        assert!(read(b"plain").is_err());
        // Unbalanced and truncated input still gives what it has.
        assert_eq!(text(r"{\rtf1 one}}} two"), "one two");
        assert_eq!(text(r"{\rtf1 cut\'4"), "cut");
    }
}

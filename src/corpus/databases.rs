//! News-database exports: one file holding many articles, split into one
//! article each with its metadata. Works on the text a file decodes to,
//! so the same rules serve a DOCX, RTF, PDF, HTML or TXT export.
//!
//! - **Nexis Uni / LexisNexis**: articles end with a line "End of
//!   Document"; the cover page before the first is skipped. Each article:
//!   headline, outlet, date line, then labelled lines (`Section:`,
//!   `Length:`, `Byline:`, …; a label may be followed by a no-break space),
//!   `Body`, the text, and after it `Classification`, `Load-Date:` and the
//!   like, which are left out of the text. This follows what the R package
//!   LexisNexisTools extracts (headline, newspaper, date, length, section,
//!   author, edition).
//! - **Factiva**: articles as labelled fields (`HD` headline, `BY` byline,
//!   `WC` words, `PD` date, `SN` source, `SC` source code, `LA` language,
//!   `LP` lead, `TD` text, `AN` document number, and others), each on its
//!   own line with the value after it or on the following lines.
//!
//! An article's text is its headline, a blank line, then its body (the
//! headline is coded too: it is the most prominent place of a claim).

use chrono::NaiveDate;

use crate::model::{parse_date, ArticleMeta};

/// One article split out of an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    pub meta: ArticleMeta,
}

/// Which export a text is, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Nexis,
    Factiva,
}

/// Lines with labels' no-break spaces as plain ones, trimmed.
fn clean(line: &str) -> String {
    line.replace(['\u{a0}', '\u{202f}'], " ").trim().to_owned()
}

/// What kind of export `text` is.
pub fn detect(text: &str) -> Option<Export> {
    let mut end = false;
    let mut body = false;
    let mut nexis_label = false;
    let mut hd = false;
    let mut an = false;
    let mut source = false;
    // Markers and fields are short lines; long ones (a body paragraph, a
    // hostile 50 MB line) are not copied to be looked at.
    for line in text.lines().filter(|l| l.len() <= 200) {
        let l = clean(line);
        end |= l == "End of Document";
        body |= l == "Body";
        nexis_label |=
            labelled(&l).is_some_and(|(k, _)| matches!(k.as_str(), "Length" | "Load-Date"));
        let label = factiva_label(&l);
        hd |= label.as_ref().is_some_and(|(k, _)| *k == "HD");
        source |= label
            .as_ref()
            .is_some_and(|(k, _)| matches!(*k, "SN" | "PD" | "SC"));
        an |= document_number(&l);
    }
    // Each needs its markers and a field of its own, so that an article
    // that merely has a line "Body" or "HD …" is not split.
    if end && body && nexis_label {
        Some(Export::Nexis)
    } else if hd && an && source {
        Some(Export::Factiva)
    } else {
        None
    }
}

/// "AN Document XXXX…" or "Document XXXX…": a Factiva document number.
fn document_number(line: &str) -> bool {
    let l = line.trim();
    let l = l.strip_prefix("AN").map_or(l, str::trim_start);
    l.strip_prefix("Document ").is_some_and(|id| {
        let id = id.trim();
        id.len() >= 12 && id.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

/// Split an export into articles; `None` when `text` is not one.
pub fn split(text: &str) -> Option<Vec<Part>> {
    let parts = match detect(text)? {
        Export::Nexis => nexis(text),
        Export::Factiva => factiva(text),
    };
    (!parts.is_empty()).then_some(parts)
}

/// A date as Nexis writes it: "November 29, 2026 Sunday", "29 November
/// 2026", "November 2026"; the first date-like words of the line.
fn date_of(line: &str) -> Option<NaiveDate> {
    if let Some(d) = parse_date(line) {
        return Some(d);
    }
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for n in [3, 2] {
        for w in words.windows(n) {
            let candidate = w.join(" ");
            let formats = ["%B %d %Y", "%d %B %Y", "%b %d %Y", "%d %b %Y"];
            for f in formats {
                if let Ok(d) = NaiveDate::parse_from_str(&candidate, f) {
                    return Some(d);
                }
            }
        }
    }
    None
}

/// `Label: value` (Nexis); the label as written, the value trimmed.
fn labelled(line: &str) -> Option<(String, String)> {
    let l = clean(line);
    let (k, v) = l.split_once(':')?;
    let k = k.trim();
    if k.is_empty() || k.len() > 30 || !k.chars().all(|c| c.is_alphabetic() || c == '-' || c == ' ')
    {
        return None;
    }
    Some((k.to_owned(), v.trim().to_owned()))
}

/// Labels that end a Nexis body: what follows is the database's.
const NEXIS_TAIL: &[&str] = &[
    "Classification",
    "Graphic",
    "Notes",
    "Load-Date",
    "Language",
];

fn nexis(text: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut chunk: Vec<&str> = Vec::new();
    for line in text.lines() {
        if clean(line) == "End of Document" {
            out.extend(nexis_article(&chunk));
            chunk.clear();
        } else {
            chunk.push(line);
        }
    }
    out
}

fn nexis_article(lines: &[&str]) -> Option<Part> {
    let Some(body) = lines.iter().position(|l| clean(l) == "Body") else {
        // No "Body" line: kept whole rather than lost.
        let text = paragraphs(lines);
        return (!text.trim().is_empty()).then(|| Part {
            meta: ArticleMeta {
                title: super::title::guess(&text),
                ..ArticleMeta::default()
            },
            text,
        });
    };
    let head: Vec<(usize, String)> = lines[..body]
        .iter()
        .enumerate()
        .map(|(i, l)| (i, clean(l)))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let mut meta = ArticleMeta::default();
    // The date line: the first line of the header that is a date and no
    // label; the outlet above it, the headline above that. Anything above
    // the headline (the cover page, in the first article) is dropped.
    let date_at = head
        .iter()
        .position(|(_, l)| labelled(l).is_none() && date_of(l).is_some());
    if let Some(d) = date_at {
        meta.date = date_of(&head[d].1);
        if d >= 1 {
            meta.outlet.clone_from(&head[d - 1].1);
        }
        if d >= 2 {
            meta.title.clone_from(&head[d - 2].1);
        }
    }
    for (_, l) in head.iter().skip(date_at.map_or(0, |d| d + 1)) {
        let Some((k, v)) = labelled(l) else {
            if l.starts_with("Copyright") || l.starts_with('©') {
                meta.extra.insert("copyright".into(), l.clone());
            }
            continue;
        };
        match k.as_str() {
            "Byline" => meta.author = v,
            "Length" => {
                meta.extra.insert("length".into(), v);
            }
            "Section" | "Edition" | "Dateline" | "Highlight" => {
                meta.extra.insert(k.to_lowercase(), v);
            }
            _ => {}
        }
    }
    // The body: up to the database's own lines.
    let mut text_lines: Vec<&str> = Vec::new();
    for l in &lines[body + 1..] {
        let c = clean(l);
        let label = labelled(&c).map(|(k, _)| k);
        if NEXIS_TAIL.contains(&c.as_str())
            || label.is_some_and(|k| NEXIS_TAIL.contains(&k.as_str()))
        {
            break;
        }
        text_lines.push(l);
    }
    for l in &lines[body + 1..] {
        if let Some((k, v)) = labelled(l) {
            if matches!(k.as_str(), "Language" | "Load-Date" | "Publication-Type") {
                meta.extra.insert(k.to_lowercase(), v);
            }
        }
    }
    let body = paragraphs(&text_lines);
    if body.is_empty() && meta.title.is_empty() {
        return None;
    }
    Some(Part {
        text: with_headline(&meta.title, &body),
        meta,
    })
}

/// Lines as paragraphs: runs of non-empty lines, trimmed, joined by blank
/// lines.
fn paragraphs(lines: &[&str]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for l in lines {
        let t = l.trim();
        if t.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(t);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.join("\n\n")
}

fn with_headline(title: &str, body: &str) -> String {
    match (title.is_empty(), body.is_empty()) {
        (true, _) => body.to_owned(),
        (false, true) => title.to_owned(),
        (false, false) => format!("{title}\n\n{body}"),
    }
}

/// Factiva's field codes.
const FACTIVA: &[&str] = &[
    "HD", "CLM", "SE", "BY", "CR", "WC", "PD", "ET", "SN", "SC", "ED", "PG", "LA", "CY", "LP",
    "TD", "CT", "RF", "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN",
];

/// `CODE value` or `CODE` alone, for Factiva's codes.
fn factiva_label(line: &str) -> Option<(&'static str, String)> {
    let l = line.trim_start();
    let code_end = l.find(|c: char| c.is_whitespace()).unwrap_or(l.len());
    let code = &l[..code_end];
    let known = FACTIVA.iter().find(|c| **c == code)?;
    Some((known, clean(&l[code_end..])))
}

fn factiva(text: &str) -> Vec<Part> {
    // Fields of the article being read: code and its lines.
    let mut out = Vec::new();
    let mut fields: Vec<(&'static str, Vec<String>)> = Vec::new();
    let finish = |fields: &mut Vec<(&'static str, Vec<String>)>, out: &mut Vec<Part>| {
        if fields
            .iter()
            .any(|(k, _)| *k == "HD" || *k == "TD" || *k == "LP")
        {
            out.push(factiva_article(fields));
        }
        fields.clear();
    };
    for line in text.lines() {
        // In the lead and the text, a paragraph may begin with a field's
        // letters ("AN inquiry found…"): only a code alone on its line, or
        // the document number, is a field there.
        let in_body = fields
            .last()
            .is_some_and(|(k, _)| matches!(*k, "LP" | "TD"));
        let label = factiva_label(line).filter(|(code, value)| {
            !in_body || value.is_empty() || (*code == "AN" && document_number(line))
        });
        match label {
            Some((code, value)) => {
                if code == "HD" && !fields.is_empty() {
                    finish(&mut fields, &mut out);
                }
                let done = code == "AN" && !value.is_empty();
                fields.push((code, vec![value]));
                // The document number ends an article (on its line or the next).
                if done {
                    finish(&mut fields, &mut out);
                }
            }
            None => {
                if let Some((code, lines)) = fields.last_mut() {
                    lines.push(line.trim().to_owned());
                    if *code == "AN" && !line.trim().is_empty() {
                        finish(&mut fields, &mut out);
                    }
                }
            }
        }
    }
    finish(&mut fields, &mut out);
    out
}

fn factiva_article(fields: &[(&'static str, Vec<String>)]) -> Part {
    let get = |code: &str| -> String {
        fields
            .iter()
            .filter(|(k, _)| *k == code)
            .map(|(_, v)| {
                let refs: Vec<&str> = v.iter().map(String::as_str).collect();
                paragraphs(&refs)
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let one_line = |code: &str| get(code).split_whitespace().collect::<Vec<_>>().join(" ");
    let mut meta = ArticleMeta {
        title: one_line("HD"),
        author: one_line("BY"),
        date: date_of(&one_line("PD")),
        ..ArticleMeta::default()
    };
    let source = one_line("SN");
    if !source.is_empty() {
        meta.outlet = source;
    }
    for (code, name) in [
        ("WC", "length"),
        ("SC", "source code"),
        ("LA", "language"),
        ("SE", "section"),
        ("ED", "edition"),
        ("PG", "page"),
        ("CY", "copyright"),
    ] {
        let v = one_line(code);
        if !v.is_empty() {
            meta.extra.insert(name.into(), v);
        }
    }
    let an = one_line("AN");
    let an = an
        .strip_prefix("Document ")
        .unwrap_or(&an)
        .trim()
        .to_owned();
    if !an.is_empty() {
        meta.extra.insert("document".into(), an);
    }
    let body = [get("LP"), get("TD")]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    Part {
        text: with_headline(&meta.title, &body),
        meta,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEXIS: &str = "User Name: =\nDate and Time: 2026-11-29\nJob Number: 9001\n\nDocuments (2)\n\n1. Harbour talks stall\n\n2. Plant reopens\n\nClient/Matter: -None-\nSearch Terms: Marrowby\n\nHarbour talks stall\n\nThe Harbour Ledger\n\nNovember 29, 2026 Sunday\n\nCopyright 2026 The Harbour Ledger\n\nSection:\u{a0}NEWS; Pg. 4\nLength:\u{a0}41 words\nByline:\u{a0}Dana Okafor\n\nBody\n\nTalks between the city and the union stalled on Saturday, officials said.\n\nA second paragraph.\n\nClassification\n\nLanguage:\u{a0}ENGLISH\n\nLoad-Date:\u{a0}November 30, 2026\n\nEnd of Document\n\nPlant reopens\n\nCoastline Post\n\nDecember 1, 2026 Tuesday\n\nLength: 12 words\n\nBody\n\nThe plant reopened.\n\nLoad-Date: December 2, 2026\n\nEnd of Document\n";

    #[test]
    fn nexis_splits_and_reads_each_articles_fields() {
        assert_eq!(detect(NEXIS), Some(Export::Nexis));
        let parts = split(NEXIS).unwrap();
        assert_eq!(parts.len(), 2);
        let a = &parts[0];
        assert_eq!(a.meta.title, "Harbour talks stall");
        assert_eq!(a.meta.outlet, "The Harbour Ledger");
        assert_eq!(a.meta.date, NaiveDate::from_ymd_opt(2026, 11, 29));
        assert_eq!(a.meta.author, "Dana Okafor");
        assert_eq!(a.meta.extra["section"], "NEWS; Pg. 4");
        assert_eq!(a.meta.extra["length"], "41 words");
        assert_eq!(a.meta.extra["language"], "ENGLISH");
        assert_eq!(
            a.text,
            "Harbour talks stall\n\nTalks between the city and the union stalled on Saturday, officials said.\n\nA second paragraph."
        );
        let b = &parts[1];
        assert_eq!(b.meta.outlet, "Coastline Post");
        assert_eq!(b.text, "Plant reopens\n\nThe plant reopened.");
    }

    const FACTIVA_TEXT: &str = "HD\nHarbour talks stall\nBY\nDana Okafor\nWC\n41 words\nPD\n29 November 2026\nSN\nThe Harbour Ledger\nSC\nHARBLD\nLA\nEnglish\nCY\n(c) 2026 The Harbour Ledger\nLP\nTalks stalled on Saturday, officials said.\n\nTD\nA second paragraph.\n\nA third.\nAN inquiry was promised.\nAN\nDocument HARBLD0020261129ejbt0000x\n\nHD Plant reopens\nPD 1 December 2026\nSN Coastline Post\nTD The plant reopened.\nAN Document COAST00020261201ejc10001\n";

    #[test]
    fn factiva_fields_map_to_metadata() {
        assert_eq!(detect(FACTIVA_TEXT), Some(Export::Factiva));
        let parts = split(FACTIVA_TEXT).unwrap();
        assert_eq!(parts.len(), 2);
        let a = &parts[0];
        assert_eq!(a.meta.title, "Harbour talks stall");
        assert_eq!(a.meta.author, "Dana Okafor");
        assert_eq!(a.meta.outlet, "The Harbour Ledger");
        assert_eq!(a.meta.date, NaiveDate::from_ymd_opt(2026, 11, 29));
        assert_eq!(a.meta.extra["length"], "41 words");
        assert_eq!(a.meta.extra["source code"], "HARBLD");
        assert_eq!(a.meta.extra["language"], "English");
        assert_eq!(a.meta.extra["document"], "HARBLD0020261129ejbt0000x");
        assert_eq!(
            a.text,
            "Harbour talks stall\n\nTalks stalled on Saturday, officials said.\n\nA second paragraph.\n\nA third.\nAN inquiry was promised."
        );
        assert_eq!(parts[1].text, "Plant reopens\n\nThe plant reopened.");
        assert_eq!(parts[1].meta.outlet, "Coastline Post");
    }

    #[test]
    fn ordinary_articles_are_not_exports() {
        assert_eq!(detect("Talks stalled.\n\nThe mayor said so.\n"), None);
        // A word "HD" in running text is not a field.
        assert_eq!(detect("The HD screen broke.\nDocument it.\n"), None);
        // An article with a line "Body" and "End of Document" is still one.
        assert_eq!(detect("Body\n\nThe text.\n\nEnd of Document\n"), None);
        assert_eq!(detect("HD screens\nDocument ABCDEF123456789\n"), None);
    }
}

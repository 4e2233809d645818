//! brat standoff: a folder with `NAME.txt` (the article text, UTF-8) and
//! `NAME.ann` for each article, and `annotation.conf`.
//!
//! - `T` lines: spans; a span that crosses a line break is written as
//!   fragments (`start end;start end`) that do not. Offsets are code points,
//!   as brat (Python) counts them.
//! - `R` lines: attribution links, as `Attributed_to` (claim → source) and
//!   `Via_cue` (claim → cue) relations; an `AnnotatorNotes` line on each
//!   keeps the link they belong to.
//! - `A` lines: attributes; `#` lines: notes.
//!
//! brat keeps type and attribute names only of letters, digits, `_` and
//! `-` (it renames anything else in `annotation.conf`, not in the `.ann`
//! files, which then no longer match): spaces become `_`, other characters
//! `-xHEX-`; both are read back. Attribute values keep their letters; their
//! spaces and brat's separators become `_`. `annotation.conf` allows every
//! overlap of spans (`<OVERLAP>`) and links between any spans, so brat's own
//! checker (`verify_annotations.py`) finds nothing to report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

use crate::atomic::{self, Backup};
use crate::model::{Article, Id, Project, Span};

pub const SOURCE_RELATION: &str = "Attributed_to";
pub const CUE_RELATION: &str = "Via_cue";

/// An attribute value brat reads back whole: no whitespace, line break or
/// `|,:;=` (it splits on them), no `<` or `>` (a value like `<x>` makes brat
/// drop the whole configuration).
pub fn brat_name(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| {
            if c.is_whitespace() || is_line_break(c) || "|,:;=<>".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// A type or attribute name as brat keeps it: letters, digits, `_` and `-`
/// pass (a `-` before an `x` is escaped, so it cannot be read back as an
/// escape); whitespace becomes `_`; anything else `-xHEX-` (see
/// [`unbrat_type`]).
pub fn brat_type(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.trim().chars().peekable();
    while let Some(c) = chars.next() {
        // A '-' before an 'x' would read back as the start of an escape.
        let plain_dash = c == '-' && chars.peek().is_none_or(|n| *n != 'x');
        if c.is_ascii_alphanumeric() || c == '_' || plain_dash {
            out.push(c);
        } else if c.is_whitespace() {
            out.push('_');
        } else {
            let _ = write!(out, "-x{:x}-", u32::from(c));
        }
    }
    out
}

/// A type or attribute name back from brat: `_` is a space, `-xHEX-` the
/// character it stands for.
pub fn unbrat_type(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("-x") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let hex: &str = after[2..].split('-').next().unwrap_or("");
        let decoded = (!hex.is_empty() && after[2 + hex.len()..].starts_with('-'))
            .then(|| u32::from_str_radix(hex, 16).ok().and_then(char::from_u32))
            .flatten();
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[3 + hex.len()..];
            }
            None => {
                out.push_str("-x");
                rest = &after[2..];
            }
        }
    }
    out.push_str(rest);
    out.replace('_', " ")
}

/// Unique, file-system-safe names for the articles (from their file names).
pub fn file_names(project: &Project) -> BTreeMap<Id, String> {
    let mut used = std::collections::HashSet::new();
    let mut out = BTreeMap::new();
    for a in project.articles() {
        let stem = std::path::Path::new(&a.path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| a.id.to_string());
        let clean: String = stem
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let clean = if clean.is_empty() {
            a.id.to_string()
        } else {
            clean
        };
        let mut name = clean.clone();
        let mut n = 2;
        while !used.insert(name.to_lowercase()) {
            name = format!("{clean}-{n}");
            n += 1;
        }
        out.insert(a.id, name);
    }
    out
}

/// Whether Python (`str.splitlines`, which brat's tools use) ends a line at `c`.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{1c}'..='\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Code point ranges of a span that do not cross a line break. Empty for a
/// span of line breaks alone, which brat cannot hold.
pub fn fragments(s: &Span) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = s.start;
    for (i, c) in s.quote.chars().enumerate() {
        let pos = s.start + i;
        if is_line_break(c) {
            if pos > start {
                out.push((start, pos));
            }
            start = pos + 1;
        }
    }
    if s.end > start {
        out.push((start, s.end));
    }
    out
}

fn ann(project: &Project, a: &Article) -> String {
    let mut out = String::new();
    let mut t_of: BTreeMap<Id, usize> = BTreeMap::new();
    let (mut a_n, mut note_n) = (0, 0);
    let mut t = 0;
    for s in project.spans_of(a.id) {
        let frags = fragments(s);
        if frags.is_empty() {
            continue;
        }
        t += 1;
        t_of.insert(s.id, t);
        let offsets: Vec<String> = frags.iter().map(|(x, y)| format!("{x} {y}")).collect();
        let text: Vec<&str> = frags.iter().filter_map(|(x, y)| a.slice(*x..*y)).collect();
        let _ = writeln!(
            out,
            "T{t}\t{} {}\t{}",
            brat_type(&s.tag),
            offsets.join(";"),
            text.join(" ")
        );
        // An empty value cannot be written (brat would misread the line).
        for (k, v) in s
            .attributes
            .iter()
            .filter(|(_, v)| !brat_name(v).is_empty())
        {
            a_n += 1;
            let _ = writeln!(out, "A{a_n}\t{} T{t} {}", brat_type(k), brat_name(v));
        }
        if !s.note.is_empty() {
            note_n += 1;
            let _ = writeln!(
                out,
                "#{note_n}\tAnnotatorNotes T{t}\t{}",
                s.note.replace(|c| is_line_break(c) || c == '\t', " ")
            );
        }
    }
    let mut r_n = 0;
    for l in project.links() {
        let Some(&claim) = t_of.get(&l.claim) else {
            continue;
        };
        for (kind, other) in [(SOURCE_RELATION, l.source), (CUE_RELATION, l.cue)] {
            let Some(&t) = other.and_then(|o| t_of.get(&o)) else {
                continue;
            };
            r_n += 1;
            let _ = writeln!(out, "R{r_n}\t{kind} Arg1:T{claim} Arg2:T{t}");
            note_n += 1;
            let _ = writeln!(
                out,
                "#{note_n}\tAnnotatorNotes R{r_n}\tparallax link {}",
                l.id
            );
        }
    }
    out
}

/// `annotation.conf`: entity types, relations and attributes with their
/// values. Links may join any spans (a tag can change after linking) and
/// spans may overlap in every way, so both are allowed for all entities.
pub fn conf(project: &Project) -> String {
    let mut out = String::from("[entities]\n");
    for t in &project.schema.tags {
        let _ = writeln!(out, "{}", brat_type(&t.name));
    }
    out.push_str("\n[relations]\n");
    let _ = writeln!(out, "{SOURCE_RELATION}\tArg1:<ENTITY>, Arg2:<ENTITY>");
    let _ = writeln!(out, "{CUE_RELATION}\tArg1:<ENTITY>, Arg2:<ENTITY>");
    let _ = writeln!(
        out,
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"
    );
    out.push_str("\n[events]\n\n[attributes]\n");
    // One line per attribute name, for every tag that has it.
    let mut attrs: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    let mut add = |attr: &str, tag: &str, value: Option<&str>| {
        let entry = attrs.entry(brat_type(attr)).or_default();
        let tag = brat_type(tag);
        if !entry.0.contains(&tag) {
            entry.0.push(tag);
        }
        if let Some(v) = value.map(brat_name).filter(|v| !v.is_empty()) {
            if !entry.1.contains(&v) {
                entry.1.push(v);
            }
        }
    };
    for t in &project.schema.tags {
        for a in t.attributes.iter().filter(|a| !a.derived) {
            add(&a.name, &t.name, None);
            for v in &a.values {
                add(&a.name, &t.name, Some(v));
            }
        }
    }
    // Values typed freely, and attributes outside the schema, as they are
    // used: brat reads an attribute without values as yes/no.
    for s in project.all_spans() {
        for (k, v) in &s.attributes {
            add(k, &s.tag, Some(v));
        }
    }
    for (name, (tags, values)) in attrs {
        if values.is_empty() {
            let _ = writeln!(out, "{name}\tArg:{}", tags.join("|"));
        } else {
            let _ = writeln!(
                out,
                "{name}\tArg:{}, Value:{}",
                tags.join("|"),
                values.join("|")
            );
        }
    }
    out
}

/// Write the folder (created if needed); each file is written atomically.
pub fn write_dir(project: &Project, dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let names = file_names(project);
    for a in project.articles() {
        let name = &names[&a.id];
        atomic::write(
            &dir.join(format!("{name}.txt")),
            Backup::None,
            a.text().as_bytes(),
        )?;
        atomic::write(
            &dir.join(format!("{name}.ann")),
            Backup::None,
            ann(project, a).as_bytes(),
        )?;
    }
    atomic::write(
        &dir.join("annotation.conf"),
        Backup::None,
        conf(project).as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_brat_renames_are_escaped_and_read_back() {
        for name in [
            "Claim",
            "Hedge cue",
            "Äußerung",
            "military/police",
            "قال",
            "U.S.",
            "a-x-b",
            "x-y",
            "a-x41-b",
            "-x",
        ] {
            let b = brat_type(name);
            assert!(
                b.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
                "{b}"
            );
            assert_eq!(unbrat_type(&b), name, "{b}");
        }
        assert_eq!(brat_name(" role only "), "role_only");
        assert_eq!(brat_name("a|b<c>"), "a_b_c_");
    }
}

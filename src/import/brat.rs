//! Reading a brat standoff folder: each `NAME.ann` with its `NAME.txt`.
//! `T` lines become spans (fragments joined into one span from the first to
//! the last), `A` lines attributes, `AnnotatorNotes` notes, and the
//! `Attributed_to`/`Via_cue` relations attribution links. brat's `_` for
//! spaces in names is undone.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::{Doc, DocSpan};
use crate::file_read;

/// brat names back to ours: `_` stands for a space.
fn unbrat(s: &str) -> String {
    s.replace('_', " ")
}

pub fn read(dir: &Path) -> Result<Vec<Doc>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read folder {}: {e}", dir.display()))?;
    let mut anns: Vec<std::path::PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    if anns.is_empty() {
        return Err(format!("{} holds no .ann files", dir.display()));
    }
    let mut docs = Vec::new();
    for ann in anns {
        let txt = ann.with_extension("txt");
        let text = file_read::read(&txt, file_read::MAX_DOCUMENT_SIZE)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned());
        let content = file_read::read(&ann, file_read::MAX_DOCUMENT_SIZE)
            .map_err(|e| format!("cannot read {}: {e}", ann.display()))?;
        let content = String::from_utf8_lossy(&content);
        let name = txt
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        docs.push(parse(&name, text, &content));
    }
    Ok(docs)
}

/// Parse one `.ann` file; malformed lines are skipped.
pub fn parse(name: &str, text: Option<String>, ann: &str) -> Doc {
    let mut spans: Vec<DocSpan> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    // Relation id → (type, arg1, arg2).
    let mut relations: Vec<(String, String, String, String)> = Vec::new();
    let mut link_of: HashMap<String, String> = HashMap::new();
    let mut attributes: Vec<(String, String, String)> = Vec::new();
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut skipped = Vec::new();
    for (n, line) in ann.lines().enumerate() {
        let mut parts = line.splitn(3, '\t');
        let (Some(id), Some(mid)) = (parts.next(), parts.next()) else {
            continue;
        };
        let rest = parts.next().unwrap_or("");
        match id.chars().next() {
            Some('T') => {
                let ranges: Option<Vec<(usize, usize)>> = mid.split_once(' ').and_then(|(_, o)| {
                    o.split(';')
                        .map(|f| {
                            let (s, e) = f.trim().split_once(' ')?;
                            let (s, e) = (s.parse().ok()?, e.parse().ok()?);
                            (s < e).then_some((s, e))
                        })
                        .collect()
                });
                let (kind, ranges) = match (mid.split_once(' '), ranges) {
                    (Some((kind, _)), Some(r)) if !r.is_empty() => (kind, r),
                    _ => {
                        skipped.push(format!(
                            "line {}: {id} has no valid offsets ({mid:?})",
                            n + 1
                        ));
                        continue;
                    }
                };
                let start = ranges.iter().map(|r| r.0).min().unwrap_or(0);
                let end = ranges.iter().map(|r| r.1).max().unwrap_or(0);
                // A single fragment's text is the quote; joined fragments are not.
                let quote = (ranges.len() == 1 && text.is_none()).then(|| rest.to_owned());
                index.insert(id.to_owned(), spans.len());
                spans.push(DocSpan {
                    key: id.to_owned(),
                    tag: crate::export::brat::unbrat_type(kind),
                    start,
                    end,
                    quote,
                    ..Default::default()
                });
            }
            Some('A') | Some('M') => {
                let mut f = mid.split(' ');
                let (Some(attr), Some(target)) = (f.next(), f.next()) else {
                    continue;
                };
                let value = f.next().map_or_else(|| "true".to_owned(), unbrat);
                attributes.push((
                    target.to_owned(),
                    crate::export::brat::unbrat_type(attr),
                    value,
                ));
            }
            Some('R') => {
                let mut f = mid.split(' ');
                let (Some(kind), Some(a1), Some(a2)) = (f.next(), f.next(), f.next()) else {
                    continue;
                };
                let arg = |a: &str| {
                    a.split_once(':')
                        .map(|(_, t)| t.to_owned())
                        .unwrap_or_default()
                };
                relations.push((id.to_owned(), kind.to_owned(), arg(a1), arg(a2)));
            }
            Some('#') => {
                let Some((_, target)) = mid.split_once(' ') else {
                    continue;
                };
                match rest.strip_prefix("parallax link ") {
                    Some(link) => {
                        link_of.insert(target.to_owned(), link.trim().to_owned());
                    }
                    None => notes.push((target.to_owned(), rest.to_owned())),
                }
            }
            _ => {}
        }
    }
    for (target, k, v) in attributes {
        if let Some(&i) = index.get(&target) {
            spans[i].attributes.insert(k, v);
        }
    }
    for (target, note) in notes {
        if let Some(&i) = index.get(&target) {
            spans[i].note = note;
        }
    }
    // Group relations into links: by the link their note names, else as
    // the claim's next link missing that role.
    let mut doc = Doc {
        name: name.to_owned(),
        text,
        spans,
        links: Vec::new(),
        skipped,
        codebook: Vec::new(),
    };
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    for (rid, kind, claim, other) in relations {
        let Some(cue) = super::link_role(&kind) else {
            doc.skipped.push(format!(
                "{rid}: relation {kind} is not a claim's source or cue"
            ));
            continue;
        };
        let Some(key) = link_of.get(&rid) else {
            doc.add_link_role(&claim, cue, other);
            continue;
        };
        let i = *by_key
            .entry(key.clone())
            .or_insert_with(|| doc.new_link(&claim));
        doc.links[i].set_role(cue, other);
    }
    doc
}

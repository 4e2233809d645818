//! doccano JSONL: one line per article, `{"text", "entities", "relations"}`.
//!
//! doccano's sequence-labelling offsets are JavaScript string offsets:
//! UTF-16 code units (doccano issue #2290), so an emoji counts 2. Parallax
//! converts to them on export and back on import; `"offset_unit": "utf-16"`
//! says so in each line (doccano keeps extra keys as metadata).
//!
//! The file is plain ASCII (every other character written as a `\u`
//! escape): doccano guesses the encoding of an uploaded "JSONL(Relation)"
//! file, and guesses wrong on short UTF-8 files. Entities are listed by
//! start, longer first, so that a project without "Allow overlapping
//! spans" keeps the outer span of a nested pair (doccano keeps the first
//! of overlapping spans in that order).

use std::io::{self, Write};

use serde_json::json;

use crate::model::Project;

pub fn write(project: &Project, w: &mut dyn Write) -> io::Result<()> {
    let mut next = 1u64;
    for (n, a) in project.articles().iter().enumerate() {
        let mut ids = std::collections::HashMap::new();
        let mut spans: Vec<&crate::model::Span> = project.spans_of(a.id).collect();
        spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        let entities: Vec<_> = spans
            .into_iter()
            .map(|s| {
                let id = next;
                next += 1;
                ids.insert(s.id, id);
                json!({"id": id, "label": s.tag, "start_offset": a.char_to_utf16(s.start), "end_offset": a.char_to_utf16(s.end)})
            })
            .collect();
        let mut relations = Vec::new();
        for l in project.links() {
            let Some(&claim) = ids.get(&l.claim) else {
                continue;
            };
            for (kind, other) in [("source", l.source), ("cue", l.cue)] {
                if let Some(&to) = other.and_then(|o| ids.get(&o)) {
                    relations
                        .push(json!({"id": next, "from_id": claim, "to_id": to, "type": kind}));
                    next += 1;
                }
            }
        }
        let line = json!({
            "id": n + 1,
            "text": a.text(),
            "entities": entities,
            "relations": relations,
            "path": a.path,
            "outlet": a.meta.outlet,
            "offset_unit": "utf-16",
        });
        let json = serde_json::to_string(&line).map_err(io::Error::other)?;
        w.write_all(ascii_json(&json).as_bytes())?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

/// JSON text with every non-ASCII character as a `\uXXXX` escape (a pair
/// of them above U+FFFF). Such characters occur only inside strings, where
/// the escapes mean the same.
pub fn ascii_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn ascii_json_reads_back_the_same() {
        let v = serde_json::json!({"text": "café 👩‍👩‍👧 قال 東京", "n": 1});
        let text = super::ascii_json(&v.to_string());
        assert!(text.is_ascii());
        assert!(text.contains("\\ud83d\\udc69"));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }
}

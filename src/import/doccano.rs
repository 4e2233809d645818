//! Reading doccano JSONL: `{"text", "entities": [{id, label, start_offset,
//! end_offset}], "relations": [{from_id, to_id, type}]}` per line (the
//! older `"label": [[start, end, label]]` too). Offsets are UTF-16 code
//! units, as doccano counts them, unless the line says
//! `"offset_unit": "codepoint"`; they are converted to code points.

use serde_json::Value;

use super::{Doc, DocSpan};
use crate::text::TextIndex;

pub fn parse(input: &str) -> Result<Vec<Doc>, String> {
    let mut docs = Vec::new();
    for (n, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(line).map_err(|e| format!("line {}: not JSON: {e}", n + 1))?;
        let text = v
            .get("text")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("line {}: no \"text\"", n + 1))?
            .to_owned();
        let index = TextIndex::new(&text);
        let utf16 = v.get("offset_unit").and_then(Value::as_str) != Some("codepoint");
        let to_char = |u: u64| -> Option<usize> {
            let u = usize::try_from(u).ok()?;
            if utf16 {
                index.utf16_to_char(&text, u)
            } else {
                (u <= index.len_chars()).then_some(u)
            }
        };
        let mut doc = Doc {
            name: v
                .get("path")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("line {}", n + 1)),
            ..Default::default()
        };
        let add = |doc: &mut Doc, key: String, label: &str, s: u64, e: u64| {
            match (
            to_char(s),
            to_char(e),
        ) {
            (Some(start), Some(end)) if start < end => doc.spans.push(DocSpan {
                key,
                tag: label.to_owned(),
                start,
                end,
                ..Default::default()
            }),
            _ => doc.skipped.push(format!(
                "line {}: entity {key} ({label}) has offsets {s}..{e} outside its text or inside a character",
                n + 1
            )),
        }
        };
        for (i, e) in v
            .get("entities")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let key = e
                .get("id")
                .map(|id| id.to_string())
                .unwrap_or_else(|| format!("e{i}"));
            let (Some(s), Some(end), Some(label)) = (
                e.get("start_offset").and_then(Value::as_u64),
                e.get("end_offset").and_then(Value::as_u64),
                e.get("label").and_then(Value::as_str),
            ) else {
                doc.skipped.push(format!(
                    "line {}: entity {key} lacks a whole-number start_offset, end_offset or a label",
                    n + 1
                ));
                continue;
            };
            add(&mut doc, key, label, s, end);
        }
        for (i, l) in v
            .get("label")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            match (
                l.get(0).and_then(Value::as_u64),
                l.get(1).and_then(Value::as_u64),
                l.get(2).and_then(Value::as_str),
            ) {
                (Some(s), Some(e), Some(label)) => add(&mut doc, format!("l{i}"), label, s, e),
                _ => doc.skipped.push(format!(
                    "line {}: label {} is not [start, end, label]",
                    n + 1,
                    i + 1
                )),
            }
        }
        for r in v
            .get("relations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let kind = r.get("type").and_then(Value::as_str).unwrap_or("");
            let (Some(from), Some(to), Some(cue)) =
                (r.get("from_id"), r.get("to_id"), super::link_role(kind))
            else {
                doc.skipped.push(format!(
                    "line {}: relation {} ({kind:?}) is not a claim's source or cue",
                    n + 1,
                    r.get("id").map(Value::to_string).unwrap_or_default()
                ));
                continue;
            };
            doc.add_link_role(&from.to_string(), cue, to.to_string());
        }
        doc.text = Some(text);
        docs.push(doc);
    }
    if docs.is_empty() {
        return Err("no lines with text".into());
    }
    Ok(docs)
}

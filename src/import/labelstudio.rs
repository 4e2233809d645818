//! Reading a Label Studio JSON export: tasks with `data.text` and
//! `annotations[].result[]` (or `predictions`): `labels` regions
//! (`value.start/end/labels`, code points) and `relation` items. A region's
//! `meta.text` is its note.

use serde_json::Value;

use super::{Doc, DocSpan};

pub fn parse(input: &str) -> Result<Vec<Doc>, String> {
    let v: Value = serde_json::from_str(input).map_err(|e| format!("not JSON: {e}"))?;
    let tasks: Vec<&Value> = match &v {
        Value::Array(a) => a.iter().collect(),
        Value::Object(_) => vec![&v],
        _ => return Err("expected a list of tasks".into()),
    };
    let mut docs = Vec::new();
    for (n, task) in tasks.into_iter().enumerate() {
        let data = task
            .get("data")
            .ok_or_else(|| format!("task {}: no \"data\"", n + 1))?;
        let Some(text) = data.get("text").and_then(Value::as_str) else {
            return Err(format!("task {}: no \"data.text\"", n + 1));
        };
        let name = data
            .get("path")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| {
                format!(
                    "task {}",
                    task.get("id")
                        .map(|i| i.to_string())
                        .unwrap_or_else(|| (n + 1).to_string())
                )
            });
        let mut doc = Doc {
            name,
            text: Some(text.to_owned()),
            ..Default::default()
        };
        let sets = task
            .get("annotations")
            .and_then(Value::as_array)
            .filter(|a| !a.is_empty())
            .or_else(|| task.get("predictions").and_then(Value::as_array));
        let Some(first) = sets.and_then(|s| s.first()) else {
            docs.push(doc);
            continue;
        };
        for (i, r) in first
            .get("result")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let what = || {
                let id = r.get("id").and_then(Value::as_str).unwrap_or("");
                format!("task {}, result {} {id}", n + 1, i + 1)
            };
            match r.get("type").and_then(Value::as_str) {
                Some("labels") => {
                    let value = r.get("value").unwrap_or(&Value::Null);
                    let (Some(s), Some(e)) = (
                        value.get("start").and_then(Value::as_u64),
                        value.get("end").and_then(Value::as_u64),
                    ) else {
                        doc.skipped.push(format!(
                            "{}: no whole-number value.start and value.end",
                            what()
                        ));
                        continue;
                    };
                    let label = value
                        .get("labels")
                        .and_then(Value::as_array)
                        .and_then(|l| l.first())
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    let note = r
                        .get("meta")
                        .and_then(|m| m.get("text"))
                        .and_then(Value::as_array)
                        .and_then(|t| t.first())
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    let (Ok(start), Ok(end)) = (usize::try_from(s), usize::try_from(e)) else {
                        doc.skipped
                            .push(format!("{}: offsets out of range", what()));
                        continue;
                    };
                    doc.spans.push(DocSpan {
                        key: r.get("id").and_then(Value::as_str).unwrap_or("").to_owned(),
                        tag: label.to_owned(),
                        start,
                        end,
                        quote: value.get("text").and_then(Value::as_str).map(str::to_owned),
                        note: note.to_owned(),
                        ..Default::default()
                    });
                }
                Some("relation") => {
                    let kind = r
                        .get("labels")
                        .and_then(Value::as_array)
                        .and_then(|l| l.first())
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    let (Some(from), Some(to), Some(cue)) = (
                        r.get("from_id").and_then(Value::as_str),
                        r.get("to_id").and_then(Value::as_str),
                        super::link_role(kind),
                    ) else {
                        doc.skipped.push(format!(
                            "{}: relation {kind:?} is not a claim's source or cue",
                            what()
                        ));
                        continue;
                    };
                    doc.add_link_role(from, cue, to.to_owned());
                }
                _ => {}
            }
        }
        docs.push(doc);
    }
    Ok(docs)
}

//! Label Studio JSON: a list of tasks, each with `data.text` and one
//! annotation whose `result` holds `labels` regions and `relation` items.
//!
//! Label Studio stores text offsets (`value.start`/`value.end`) in Unicode
//! code points (its text regions were changed from JavaScript string
//! lengths to code points; Label Studio pull request #1559), the same as
//! Parallax. Region ids are Parallax span ids. The labelling config these
//! results fit: `<Labels name="label" toName="text">` over
//! `<Text name="text" value="$text"/>`, with `<Relations>` `source` and `cue`.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::model::Project;

pub fn write(project: &Project, w: &mut dyn Write) -> io::Result<()> {
    let mut tasks = Vec::new();
    for (n, a) in project.articles().iter().enumerate() {
        let mut result: Vec<Value> = project
            .spans_of(a.id)
            .map(|s| {
                json!({
                    "id": s.id.to_string(),
                    "from_name": "label",
                    "to_name": "text",
                    "type": "labels",
                    "origin": "manual",
                    "value": {"start": s.start, "end": s.end, "text": s.quote, "labels": [s.tag]},
                    "meta": if s.note.is_empty() { json!({}) } else { json!({"text": [s.note]}) },
                })
            })
            .collect();
        for l in super::exported_links(project) {
            if project.span(l.claim).is_none_or(|c| c.article != a.id) {
                continue;
            }
            for (kind, other) in [("source", l.source), ("cue", l.cue)] {
                if let Some(o) = other {
                    result.push(json!({
                        "type": "relation",
                        "from_id": l.claim.to_string(),
                        "to_id": o.to_string(),
                        "direction": "right",
                        "labels": [kind],
                    }));
                }
            }
        }
        tasks.push(json!({
            "id": n + 1,
            "data": {"text": a.text(), "path": a.path, "outlet": a.meta.outlet, "title": a.meta.title},
            "annotations": [{"id": n + 1, "result": result}],
        }));
    }
    serde_json::to_writer_pretty(&mut *w, &tasks).map_err(io::Error::other)?;
    w.write_all(b"\n")?;
    w.flush()
}

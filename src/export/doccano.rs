//! doccano JSONL: one line per article, `{"text", "entities", "relations"}`.
//!
//! doccano's sequence-labelling offsets are JavaScript string offsets:
//! UTF-16 code units (doccano issue #2290), so an emoji counts 2. Parallax
//! converts to them on export and back on import; `"offset_unit": "utf-16"`
//! says so in each line (doccano keeps extra keys as metadata).

use std::io::{self, Write};

use serde_json::json;

use crate::model::Project;

pub fn write(project: &Project, w: &mut dyn Write) -> io::Result<()> {
    let mut next = 1u64;
    for (n, a) in project.articles().iter().enumerate() {
        let mut ids = std::collections::HashMap::new();
        let entities: Vec<_> = project
            .spans_of(a.id)
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
        serde_json::to_writer(&mut *w, &line).map_err(io::Error::other)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

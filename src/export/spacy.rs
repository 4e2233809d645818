//! spaCy-style JSONL: `{"text", "spans": [{"start", "end", "label"}]}`, one
//! line per article. Offsets are code points, as Python counts them. A
//! span need not sit on spaCy's token boundaries (`東京` inside the token
//! `東京の当局者`), where `doc.char_span(start, end)` gives `None`;
//! `alignment_mode="expand"` gives the tokens that cover it.

use std::io::{self, Write};

use serde_json::json;

use crate::model::Project;

pub fn write(project: &Project, w: &mut dyn Write) -> io::Result<()> {
    for a in project.articles() {
        let spans: Vec<_> = project
            .spans_of(a.id)
            .map(|s| json!({"start": s.start, "end": s.end, "label": s.tag}))
            .collect();
        let line = json!({"text": a.text(), "spans": spans, "meta": {"path": a.path, "outlet": a.meta.outlet}});
        serde_json::to_writer(&mut *w, &line).map_err(io::Error::other)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

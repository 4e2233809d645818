//! CSV: one row per span, for spreadsheets, pandas and R.
//!
//! Columns: `span_id,article,outlet,title,tag,start,end,text,prefix,suffix,note,attributes,annotator,created`.
//! Offsets are code points, end-exclusive. `attributes` is a JSON object.
//! Text cells a spreadsheet would run as a formula (leading `=`, `+`, `-`,
//! `@`, tab or CR) get a leading `'`.

use std::io::{self, Write};

use crate::model::Project;

pub const HEADER: [&str; 14] = [
    "span_id",
    "article",
    "outlet",
    "title",
    "tag",
    "start",
    "end",
    "text",
    "prefix",
    "suffix",
    "note",
    "attributes",
    "annotator",
    "created",
];

/// Neutralise a cell that a spreadsheet would treat as a formula.
pub fn safe_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

pub fn write(project: &Project, w: &mut dyn Write) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(HEADER)?;
    for article in project.articles() {
        for s in project.spans_of(article.id) {
            let attributes = serde_json::to_string(&s.attributes).map_err(io::Error::other)?;
            out.write_record([
                s.id.to_string().as_str(),
                &safe_cell(&article.path),
                &safe_cell(&article.meta.outlet),
                &safe_cell(&article.meta.title),
                &safe_cell(&s.tag),
                &s.start.to_string(),
                &s.end.to_string(),
                &safe_cell(&s.quote),
                &safe_cell(&s.prefix),
                &safe_cell(&s.suffix),
                &safe_cell(&s.note),
                &attributes,
                &safe_cell(&s.annotator),
                &s.created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ])?;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for s in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(safe_cell(s), format!("'{s}"));
        }
        assert_eq!(safe_cell("said"), "said");
        assert_eq!(safe_cell(""), "");
    }
}

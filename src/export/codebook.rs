//! The codebook: what each tag, attribute and value means and how coders
//! tell them apart, as a printable HTML page for coder training and as a
//! REFI-QDA codebook (`.qdc`, `urn:QDA-XML:codebook:1.0`) for QDA software.
//! Codes get the same GUIDs as in the `.qdpx` export.

use std::io::{self, Write};

use super::qdpx::guid;
use super::{escape_attr, escape_markup};
use crate::model::{Guide, Project};

pub const NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";

/// A code's description: its guide, as text.
fn description(g: &Guide) -> Option<String> {
    (!g.is_empty()).then(|| g.text())
}

/// The REFI-QDA codebook: tags as codes; each attribute a sub-code that is
/// not codable (its definition), each value a codable sub-code
/// ("source_type: named person") with the value's own definition.
pub fn write_qdc(project: &Project, w: &mut dyn Write) -> io::Result<()> {
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<CodeBook xmlns=\"{NAMESPACE}\" origin=\"Parallax\">\n  <Codes>\n"
    ));
    let code = |x: &mut String,
                indent: &str,
                g: &str,
                name: &str,
                codable: bool,
                color: Option<String>,
                desc: Option<String>| {
        let color = color.map(|c| format!(" color=\"{c}\"")).unwrap_or_default();
        x.push_str(&format!(
            "{indent}<Code guid=\"{g}\" name=\"{}\" isCodable=\"{codable}\"{color}",
            escape_attr(name)
        ));
        match desc {
            Some(d) => x.push_str(&format!(
                ">\n{indent}  <Description>{}</Description>\n",
                escape_markup(&d)
            )),
            None => x.push_str(">\n"),
        }
    };
    for t in &project.schema.tags {
        code(
            &mut x,
            "    ",
            &guid("code", &t.name),
            &t.name,
            true,
            Some(t.color.to_string().to_uppercase()),
            description(&t.guide),
        );
        for a in &t.attributes {
            code(
                &mut x,
                "      ",
                &guid("code", &format!("{}/{}", t.name, a.name)),
                &a.name,
                false,
                None,
                description(&a.guide),
            );
            x.push_str("      </Code>\n");
            for v in &a.values {
                let name = format!("{}: {v}", a.name);
                let desc = a.value_guides.get(v).and_then(description);
                code(
                    &mut x,
                    "      ",
                    &guid("code", &format!("{}/{name}", t.name)),
                    &name,
                    true,
                    None,
                    desc,
                );
                x.push_str("      </Code>\n");
            }
        }
        x.push_str("    </Code>\n");
    }
    x.push_str("  </Codes>\n</CodeBook>\n");
    w.write_all(x.as_bytes())
}

/// The codebook as a page to print or read: each tag with its definition,
/// rules and examples, and its attributes with their values.
pub fn write_html(project: &Project, w: &mut dyn Write) -> io::Result<()> {
    let e = escape_markup;
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Codebook</title>\n<style>\nbody{font-family:system-ui,sans-serif;max-width:52em;margin:2em auto;line-height:1.45;color:#222}\nh2{border-left:.6em solid var(--c);padding-left:.4em;margin-top:1.6em}\ndt{font-weight:600;margin-top:.4em}\n.ex{font-style:italic}\ntable{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}\n@media print{h2{break-after:avoid}section{break-inside:avoid}}\n</style>\n</head>\n<body>\n<h1>Codebook</h1>\n");
    h.push_str("<p>What each code means and how to tell it from the others. Spans are marked on the text as readers see it; offsets count Unicode code points.</p>\n");
    let guide = |h: &mut String, g: &Guide| {
        if g.is_empty() {
            h.push_str("<p><em>No definition yet.</em></p>\n");
            return;
        }
        h.push_str("<dl>\n");
        for (label, v) in [
            ("Definition", &g.definition),
            ("Code when", &g.include),
            ("Not when", &g.exclude),
        ] {
            if !v.is_empty() {
                h.push_str(&format!("<dt>{label}</dt><dd>{}</dd>\n", e(v)));
            }
        }
        if !g.examples.is_empty() {
            h.push_str("<dt>Examples</dt>");
            for x in &g.examples {
                h.push_str(&format!("<dd class=\"ex\">“{}”</dd>", e(x)));
            }
            h.push('\n');
        }
        h.push_str("</dl>\n");
    };
    for t in &project.schema.tags {
        let key = t
            .hotkey
            .map(|k| format!(" <small>(key {k})</small>"))
            .unwrap_or_default();
        h.push_str(&format!(
            "<section>\n<h2 style=\"--c:{}\">{}{key}</h2>\n",
            t.color,
            e(&t.name)
        ));
        guide(&mut h, &t.guide);
        for a in &t.attributes {
            let derived = if a.derived {
                " <small>(worked out by Parallax)</small>"
            } else {
                ""
            };
            h.push_str(&format!("<h3>{}{derived}</h3>\n", e(&a.name)));
            guide(&mut h, &a.guide);
            if a.values.is_empty() {
                h.push_str("<p>Free text.</p>\n");
                continue;
            }
            h.push_str("<table>\n<tr><th>value</th><th>meaning</th></tr>\n");
            for v in &a.values {
                let meaning = a.value_guides.get(v).map(Guide::text).unwrap_or_default();
                h.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td></tr>\n",
                    e(v),
                    e(&meaning).replace('\n', "<br>")
                ));
            }
            h.push_str("</table>\n");
        }
        h.push_str("</section>\n");
    }
    h.push_str("</body>\n</html>\n");
    w.write_all(h.as_bytes())
}

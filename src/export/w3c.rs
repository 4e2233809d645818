//! W3C Web Annotation (JSON-LD): an `AnnotationCollection` whose
//! annotations carry the tag (and note) as bodies and target their article
//! with a `TextQuoteSelector` and a `TextPositionSelector`. The Web
//! Annotation Data Model counts positions in Unicode code points, as
//! Parallax does, so offsets are written unchanged.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::model::{Article, Project, Span};

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The IRI an article is known by: its URL when it has one, else its path.
pub fn source_iri(a: &Article) -> String {
    if a.meta.url.is_empty() {
        a.path.clone()
    } else {
        a.meta.url.clone()
    }
}

fn annotation(a: &Article, s: &Span) -> Value {
    let mut body = vec![json!({"type": "TextualBody", "purpose": "tagging", "value": s.tag})];
    if !s.note.is_empty() {
        body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": s.note}));
    }
    for (k, v) in &s.attributes {
        body.push(
            json!({"type": "TextualBody", "purpose": "describing", "value": format!("{k}: {v}")}),
        );
    }
    let mut anno = json!({
        "@context": CONTEXT,
        "id": format!("urn:parallax:span:{}", s.id),
        "type": "Annotation",
        "motivation": "tagging",
        "created": s.created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "modified": s.modified.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "body": body,
        "target": {
            "source": source_iri(a),
            "selector": [
                {"type": "TextQuoteSelector", "exact": s.quote, "prefix": s.prefix, "suffix": s.suffix},
                {"type": "TextPositionSelector", "start": s.start, "end": s.end}
            ]
        }
    });
    if !s.annotator.is_empty() {
        anno["creator"] = json!({"type": "Person", "name": s.annotator});
    }
    anno
}

/// An attribution link as a `linking` annotation: its target is the claim's
/// annotation; its bodies are the source's (purpose `identifying`) and the
/// cue's (purpose `describing`).
fn link_annotation(l: &crate::model::Link) -> Value {
    let mut body = Vec::new();
    if let Some(s) = l.source {
        body.push(json!({"type": "SpecificResource", "source": format!("urn:parallax:span:{s}"), "purpose": "identifying"}));
    }
    if let Some(c) = l.cue {
        body.push(json!({"type": "SpecificResource", "source": format!("urn:parallax:span:{c}"), "purpose": "describing"}));
    }
    json!({
        "@context": CONTEXT,
        "id": format!("urn:parallax:link:{}", l.id),
        "type": "Annotation",
        "motivation": "linking",
        "body": body,
        "target": format!("urn:parallax:span:{}", l.claim),
    })
}

pub fn write(project: &Project, w: &mut dyn Write) -> io::Result<()> {
    let mut items: Vec<Value> = project
        .articles()
        .iter()
        .flat_map(|a| project.spans_of(a.id).map(move |s| annotation(a, s)))
        .collect();
    items.extend(super::exported_links(project).map(|l| link_annotation(&l)));
    let collection = json!({
        "@context": CONTEXT,
        "id": "urn:parallax:collection",
        "type": "AnnotationCollection",
        "label": "Parallax annotations",
        "total": items.len(),
        "first": {
            "id": "urn:parallax:collection:page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items
        }
    });
    serde_json::to_writer_pretty(&mut *w, &collection).map_err(io::Error::other)?;
    w.write_all(b"\n")?;
    w.flush()
}

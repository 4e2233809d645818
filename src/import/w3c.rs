//! Reading W3C Web Annotation JSON-LD: a collection (with `first.items` or
//! `items`), a page, a single annotation or a list of annotations. Each
//! annotation's target `source` names its document; a `TextPositionSelector`
//! gives the offsets (code points) and a `TextQuoteSelector` the quote and
//! context. Bodies: `tagging` is the tag, `commenting` the note,
//! `describing` ("key: value") an attribute.

use serde_json::Value;

use super::{Doc, DocLink, DocSpan};

fn annotations(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().flat_map(annotations).collect(),
        Value::Object(o) => {
            if let Some(first) = o.get("first") {
                return annotations(first);
            }
            if let Some(items) = o.get("items") {
                return annotations(items);
            }
            if o.get("target").is_some() {
                vec![v]
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

fn as_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    }
}

pub fn parse(text: &str) -> Result<Vec<Doc>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let mut docs: Vec<Doc> = Vec::new();
    let mut linking: Vec<&Value> = Vec::new();
    for (n, a) in annotations(&v).into_iter().enumerate() {
        if a.get("motivation").and_then(Value::as_str) == Some("linking") {
            linking.push(a);
            continue;
        }
        let target = a.get("target").map(|t| {
            if let Value::Array(ts) = t {
                ts.first().unwrap_or(t)
            } else {
                t
            }
        });
        let Some(target) = target else { continue };
        let source = match target {
            Value::String(s) => s.clone(),
            _ => target
                .get("source")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
        };
        let mut span = DocSpan {
            key: a
                .get("id")
                .and_then(Value::as_str)
                .map_or_else(|| n.to_string(), str::to_owned),
            ..Default::default()
        };
        let mut have_position = false;
        for sel in as_list(target.get("selector")) {
            match sel.get("type").and_then(Value::as_str) {
                Some("TextPositionSelector") => {
                    if let (Some(s), Some(e)) = (
                        sel.get("start").and_then(Value::as_u64),
                        sel.get("end").and_then(Value::as_u64),
                    ) {
                        span.start = s as usize;
                        span.end = e as usize;
                        have_position = true;
                    }
                }
                Some("TextQuoteSelector") => {
                    span.quote = sel.get("exact").and_then(Value::as_str).map(str::to_owned);
                    span.prefix = sel.get("prefix").and_then(Value::as_str).map(str::to_owned);
                    span.suffix = sel.get("suffix").and_then(Value::as_str).map(str::to_owned);
                }
                _ => {}
            }
        }
        let i = match docs.iter().position(|d| d.name == source) {
            Some(i) => i,
            None => {
                docs.push(Doc {
                    name: source,
                    ..Default::default()
                });
                docs.len() - 1
            }
        };
        if !have_position && span.quote.is_none() {
            docs[i].skipped.push(format!(
                "annotation {} has neither a TextPositionSelector nor a TextQuoteSelector",
                span.key
            ));
            continue;
        }
        for b in as_list(a.get("body")) {
            let value = b
                .get("value")
                .and_then(Value::as_str)
                .or(b.as_str())
                .unwrap_or("");
            match b
                .get("purpose")
                .and_then(Value::as_str)
                .unwrap_or("tagging")
            {
                "tagging" | "classifying" if span.tag.is_empty() => span.tag = value.to_owned(),
                "commenting" => span.note = value.to_owned(),
                "describing" => {
                    if let Some((k, v)) = value.split_once(": ") {
                        span.attributes.insert(k.to_owned(), v.to_owned());
                    }
                }
                _ => {}
            }
        }
        docs[i].spans.push(span);
    }
    // Links: a `linking` annotation targets the claim's annotation.
    for l in linking {
        let Some(claim) = l.get("target").and_then(Value::as_str) else {
            continue;
        };
        let Some(doc) = docs
            .iter_mut()
            .find(|d| d.spans.iter().any(|s| s.key == claim))
        else {
            continue;
        };
        // Each linking annotation is one attribution.
        let mut link = DocLink {
            claim: claim.to_owned(),
            ..Default::default()
        };
        for b in as_list(l.get("body")) {
            let Some(other) = b.get("source").or(b.get("id")).and_then(Value::as_str) else {
                continue;
            };
            let cue = b.get("purpose").and_then(Value::as_str) == Some("describing");
            link.set_role(cue, other.to_owned());
        }
        doc.links.push(link);
    }
    if docs.is_empty() {
        return Err("no Web Annotations with a text target found".into());
    }
    Ok(docs)
}

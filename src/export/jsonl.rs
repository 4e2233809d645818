//! JSON Lines: one object per article with its text, spans and links.
//!
//! `start`/`end` are code points (`"offset_unit": "codepoint"`), so
//! Python's `text[start:end]` is the span; `start_utf16`/`end_utf16` are the
//! same positions in UTF-16 units, for JavaScript's `text.slice()`.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::{Id, Project};

#[derive(Serialize)]
struct ArticleLine<'a> {
    id: Id,
    path: &'a str,
    outlet: &'a str,
    title: &'a str,
    date: Option<String>,
    url: &'a str,
    text: &'a str,
    offset_unit: &'static str,
    spans: Vec<SpanOut<'a>>,
    links: Vec<LinkOut>,
}

#[derive(Serialize)]
struct SpanOut<'a> {
    id: Id,
    tag: &'a str,
    start: usize,
    end: usize,
    start_utf16: usize,
    end_utf16: usize,
    text: &'a str,
    note: &'a str,
    attributes: &'a crate::model::Attributes,
    /// Facts this span belongs to and how it matches each.
    facts: Vec<FactRef>,
}

#[derive(Serialize)]
struct FactRef {
    fact: Id,
    relation: &'static str,
}

#[derive(Serialize)]
struct LinkOut {
    id: Id,
    claim: Id,
    source: Option<Id>,
    cue: Option<Id>,
}

pub fn write(project: &Project, w: &mut dyn Write) -> io::Result<()> {
    let mut links_by_article: std::collections::HashMap<Id, Vec<LinkOut>> = Default::default();
    for l in project.links() {
        if let Some(claim) = project.span(l.claim) {
            links_by_article
                .entry(claim.article)
                .or_default()
                .push(LinkOut {
                    id: l.id,
                    claim: l.claim,
                    source: l.source,
                    cue: l.cue,
                });
        }
    }
    for article in project.articles() {
        let spans: Vec<SpanOut> = project
            .spans_of(article.id)
            .map(|s| SpanOut {
                id: s.id,
                tag: &s.tag,
                start: s.start,
                end: s.end,
                start_utf16: article.char_to_utf16(s.start),
                end_utf16: article.char_to_utf16(s.end),
                text: &s.quote,
                note: &s.note,
                attributes: &s.attributes,
                facts: project
                    .facts_of(s.id)
                    .filter_map(|f| {
                        f.member(s.id).map(|m| FactRef {
                            fact: f.id,
                            relation: m.relation.label(),
                        })
                    })
                    .collect(),
            })
            .collect();
        let links = links_by_article.remove(&article.id).unwrap_or_default();
        let line = ArticleLine {
            id: article.id,
            path: &article.path,
            outlet: &article.meta.outlet,
            title: &article.meta.title,
            date: article.meta.date.map(|d| d.to_string()),
            url: &article.meta.url,
            text: article.text(),
            offset_unit: "codepoint",
            spans,
            links,
        };
        serde_json::to_writer(&mut *w, &line).map_err(io::Error::other)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

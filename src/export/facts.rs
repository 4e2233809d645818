//! `facts.jsonl`: one line per fact with its member claims (offsets in
//! code points), for analysing cross-outlet coverage elsewhere.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::{Id, Project};

#[derive(Serialize)]
struct FactLine<'a> {
    id: Id,
    name: &'a str,
    note: &'a str,
    offset_unit: &'static str,
    members: Vec<MemberOut<'a>>,
}

#[derive(Serialize)]
struct MemberOut<'a> {
    span: Id,
    article: Id,
    path: &'a str,
    outlet: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    relation: &'static str,
}

pub fn write(project: &Project, w: &mut dyn Write) -> io::Result<()> {
    for f in project.facts() {
        let members = f
            .members
            .iter()
            .filter_map(|m| {
                let s = project.span(m.span)?;
                let a = project.article(s.article)?;
                Some(MemberOut {
                    span: s.id,
                    article: a.id,
                    path: &a.path,
                    outlet: &a.meta.outlet,
                    start: s.start,
                    end: s.end,
                    text: &s.quote,
                    relation: m.relation.label(),
                })
            })
            .collect();
        let line = FactLine {
            id: f.id,
            name: &f.name,
            note: &f.note,
            offset_unit: "codepoint",
            members,
        };
        serde_json::to_writer(&mut *w, &line).map_err(io::Error::other)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

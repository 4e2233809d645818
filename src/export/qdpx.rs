//! REFI-QDA project (`.qdpx`), the exchange standard of qualitative-analysis
//! software (ATLAS.ti, MAXQDA, NVivo, QualCoder): a zip holding
//! `project.qde` (XML in `urn:QDA-XML:project:1.0`) and the article texts
//! under `sources/`.
//!
//! Tags become codes, and each attribute value a sub-code of its tag
//! ("source_type: named person" under Source), so QDA tools can query them.
//! Spans become `PlainTextSelection`s, whose positions the standard counts
//! in Unicode code points, as Parallax does; notes become their
//! `Description`; attribution links become `Link`s from claim to source and
//! cue. GUIDs are derived from Parallax ids, so exporting twice gives the
//! same GUIDs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{escape_attr, escape_markup};
use crate::model::{Id, Project};

pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// A stable GUID (RFC 4122 layout) for `kind` and `key`.
pub fn guid(kind: &str, key: &str) -> String {
    let h = crate::corpus::sha256_hex(format!("parallax:{kind}:{key}").as_bytes());
    format!(
        "{}-{}-4{}-8{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

fn stamp(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The `project.qde` document.
pub fn qde(project: &Project) -> String {
    let mut x = String::new();
    let now = chrono::Utc::now();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<Project xmlns=\"{NAMESPACE}\" name=\"Parallax project\" origin=\"Parallax {}\" creationDateTime=\"{}\">",
        env!("CARGO_PKG_VERSION"),
        stamp(&now)
    );
    // Users: one per annotator.
    let mut users: BTreeMap<String, String> = BTreeMap::new();
    for s in project.all_spans() {
        let name = if s.annotator.is_empty() {
            "unknown"
        } else {
            &s.annotator
        };
        users
            .entry(name.to_owned())
            .or_insert_with(|| guid("user", name));
    }
    if users.is_empty() {
        users.insert("unknown".into(), guid("user", "unknown"));
    }
    x.push_str("  <Users>\n");
    for (name, g) in &users {
        let _ = writeln!(x, "    <User guid=\"{g}\" name=\"{}\"/>", escape_attr(name));
    }
    x.push_str("  </Users>\n");
    // The schema wants at least one child in each list it opens.
    if !project.schema.tags.is_empty() {
        x.push_str("  <CodeBook>\n    <Codes>\n");
    }
    for t in &project.schema.tags {
        let _ = writeln!(
            x,
            "      <Code guid=\"{}\" name=\"{}\" isCodable=\"true\" color=\"{}\">",
            guid("code", &t.name),
            escape_attr(&t.name),
            t.color.to_string().to_uppercase()
        );
        for (k, v) in attribute_values(project, &t.name) {
            let name = format!("{k}: {v}");
            let _ = writeln!(
                x,
                "        <Code guid=\"{}\" name=\"{}\" isCodable=\"true\"/>",
                guid("code", &format!("{}/{name}", t.name)),
                escape_attr(&name)
            );
        }
        x.push_str("      </Code>\n");
    }
    if !project.schema.tags.is_empty() {
        x.push_str("    </Codes>\n  </CodeBook>\n");
    }
    if !project.articles().is_empty() {
        x.push_str("  <Sources>\n");
    }
    for a in project.articles() {
        let sg = guid("source", &a.id.to_string());
        let _ = writeln!(
            x,
            "    <TextSource guid=\"{sg}\" name=\"{}\" plainTextPath=\"internal://{sg}.txt\">",
            escape_attr(a.label())
        );
        let mut desc = vec![format!("Outlet: {}", a.meta.outlet)];
        if let Some(d) = a.meta.date {
            desc.push(format!("Date: {d}"));
        }
        if !a.meta.url.is_empty() {
            desc.push(format!("URL: {}", a.meta.url));
        }
        if !a.meta.author.is_empty() {
            desc.push(format!("Author: {}", a.meta.author));
        }
        desc.push(format!("Path: {}", a.path));
        let _ = writeln!(
            x,
            "      <Description>{}</Description>",
            escape_markup(&desc.join("\n"))
        );
        for s in project.spans_of(a.id) {
            let user = &users[if s.annotator.is_empty() {
                "unknown"
            } else {
                &s.annotator
            }];
            let _ = writeln!(
                x,
                "      <PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{}\" endPosition=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{}\" modifiedDateTime=\"{}\">",
                guid("selection", &s.id.to_string()),
                escape_attr(crate::text::head_chars(&s.quote, 60)),
                s.start,
                s.end,
                stamp(&s.created),
                stamp(&s.modified)
            );
            if !s.note.is_empty() {
                let _ = writeln!(
                    x,
                    "        <Description>{}</Description>",
                    escape_markup(&s.note)
                );
            }
            let mut codes = vec![guid("code", &s.tag)];
            codes.extend(
                s.attributes
                    .iter()
                    .map(|(k, v)| guid("code", &format!("{}/{k}: {v}", s.tag))),
            );
            for (n, code) in codes.iter().enumerate() {
                let _ = writeln!(
                    x,
                    "        <Coding guid=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{}\">\n          <CodeRef targetGUID=\"{code}\"/>\n        </Coding>",
                    guid("coding", &format!("{}:{n}", s.id)),
                    stamp(&s.created)
                );
            }
            x.push_str("      </PlainTextSelection>\n");
        }
        x.push_str("    </TextSource>\n");
    }
    if !project.articles().is_empty() {
        x.push_str("  </Sources>\n");
    }
    let links: Vec<(Id, &str, Id, Id)> = super::exported_links(project)
        .flat_map(|l| {
            [("source", l.source), ("cue", l.cue)]
                .into_iter()
                .filter_map(move |(kind, o)| o.map(|o| (l.id, kind, l.claim, o)))
        })
        .collect();
    if !links.is_empty() {
        x.push_str("  <Links>\n");
        for (id, kind, claim, other) in links {
            let _ = writeln!(
                x,
                "    <Link guid=\"{}\" name=\"{kind}\" direction=\"OneWay\" originGUID=\"{}\" targetGUID=\"{}\"/>",
                guid("link", &format!("{id}:{kind}")),
                guid("selection", &claim.to_string()),
                guid("selection", &other.to_string())
            );
        }
        x.push_str("  </Links>\n");
    }
    x.push_str("</Project>\n");
    x
}

/// Attribute values used or allowed for a tag, as (name, value) pairs.
fn attribute_values(project: &Project, tag: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    if let Some(t) = project.schema.tag(tag) {
        for a in t.attributes.iter().filter(|a| !a.derived) {
            out.extend(a.values.iter().map(|v| (a.name.clone(), v.clone())));
        }
    }
    for s in project.all_spans().filter(|s| s.tag == tag) {
        for (k, v) in &s.attributes {
            if !out.iter().any(|(a, b)| a == k && b == v) {
                out.push((k.clone(), v.clone()));
            }
        }
    }
    out
}

/// The whole `.qdpx` archive.
pub fn write(project: &Project, w: &mut dyn Write) -> io::Result<()> {
    let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("project.qde", options)
        .map_err(io::Error::other)?;
    zip.write_all(qde(project).as_bytes())?;
    for a in project.articles() {
        let sg = guid("source", &a.id.to_string());
        zip.start_file(format!("sources/{sg}.txt"), options)
            .map_err(io::Error::other)?;
        zip.write_all(a.text().as_bytes())?;
    }
    let bytes = zip.finish().map_err(io::Error::other)?.into_inner();
    w.write_all(&bytes)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_have_the_standard_shape_and_are_stable() {
        let g = guid("source", "000000000a01");
        assert_eq!(g, guid("source", "000000000a01"));
        assert_ne!(g, guid("source", "000000000a02"));
        let parts: Vec<&str> = g.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            vec![8, 4, 4, 4, 12]
        );
        assert!(g.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(
            escape_markup("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;\u{fffd}"
        );
    }
}

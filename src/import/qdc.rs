//! Reading a REFI-QDA codebook (`.qdc`, `urn:QDA-XML:codebook:1.0`) into
//! the schema: what other QDA software (or another Parallax project) says
//! each code means. Nothing in the schema is removed; codes it lacks are
//! added, and each code's description becomes its codebook entry.
//!
//! Parallax writes tags as top-level codes, each attribute as a code that is
//! not codable (`cue_stance`), and each value as a code `attribute: value`.
//! Sub-codes of other software that are neither become tags of their own,
//! named by their path (`Frames › Conflict`), since Parallax's tags are flat.

use quick_xml::events::{BytesStart, Event};

use crate::model::{AttributeDef, Color, Guide, Schema};

/// One code of the codebook, with its sub-codes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Code {
    pub name: String,
    pub codable: bool,
    pub color: Option<Color>,
    pub description: String,
    pub children: Vec<Code>,
}

/// Between the levels of a flattened code path.
pub const PATH_SEPARATOR: &str = " › ";

fn attr(e: &BytesStart, name: &[u8]) -> Result<Option<String>, String> {
    for a in e.attributes() {
        let a = a.map_err(|e| format!("bad attribute: {e}"))?;
        if a.key.as_ref() == name {
            let v = a
                .unescape_value()
                .map_err(|e| format!("bad attribute value: {e}"))?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

fn code_of(e: &BytesStart) -> Result<Code, String> {
    let name = attr(e, b"name")?
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .ok_or("a <Code> without a name")?;
    Ok(Code {
        name,
        codable: attr(e, b"isCodable")?.is_none_or(|v| v.trim() != "false"),
        color: attr(e, b"color")?.and_then(|c| c.parse().ok()),
        ..Default::default()
    })
}

/// The codes of a codebook (also the `<CodeBook>` inside a `.qde` project).
pub fn parse(text: &str) -> Result<Vec<Code>, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    // Codes being read, outermost first; the finished top level.
    let mut open: Vec<Code> = Vec::new();
    let mut top: Vec<Code> = Vec::new();
    let mut in_description = false;
    let mut seen_codebook = false;
    let finish = |code: Code, open: &mut Vec<Code>, top: &mut Vec<Code>| match open.last_mut() {
        Some(parent) => parent.children.push(code),
        None => top.push(code),
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("not a readable XML file: {e}"))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"CodeBook" => seen_codebook = true,
                b"Code" => open.push(code_of(&e)?),
                b"Description" => in_description = !open.is_empty(),
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == b"Code" => {
                let code = code_of(&e)?;
                finish(code, &mut open, &mut top);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"Code" => {
                    if let Some(code) = open.pop() {
                        finish(code, &mut open, &mut top);
                    }
                }
                b"Description" => in_description = false,
                _ => {}
            },
            Event::Text(t) if in_description => {
                if let Some(c) = open.last_mut() {
                    let text = t.decode().map_err(|e| format!("bad text: {e}"))?;
                    c.description.push_str(&text);
                }
            }
            Event::GeneralRef(r) if in_description => {
                if let Some(c) = open.last_mut() {
                    let name = r.decode().map_err(|e| format!("bad entity: {e}"))?;
                    match r
                        .resolve_char_ref()
                        .map_err(|e| format!("bad entity: {e}"))?
                    {
                        Some(ch) => c.description.push(ch),
                        None => c.description.push_str(
                            quick_xml::escape::resolve_predefined_entity(&name)
                                .ok_or_else(|| format!("unknown entity &{name};"))?,
                        ),
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_codebook {
        return Err("no <CodeBook> in the file: not a REFI-QDA codebook".into());
    }
    Ok(top)
}

/// A description as Parallax writes it ([`Guide::text`]) read back into
/// its parts; any other text is the definition.
pub fn guide_of(description: &str) -> Guide {
    let mut g = Guide::default();
    let mut definition = Vec::new();
    for line in description.lines() {
        if let Some(v) = line.strip_prefix("Code when: ") {
            g.include = v.trim().to_owned();
        } else if let Some(v) = line.strip_prefix("Not when: ") {
            g.exclude = v.trim().to_owned();
        } else if let Some(v) = line.strip_prefix("Example: ") {
            let v = v.trim();
            let v = v
                .strip_prefix('“')
                .and_then(|v| v.strip_suffix('”'))
                .unwrap_or(v);
            g.examples.push(v.to_owned());
        } else {
            definition.push(line);
        }
    }
    g.definition = definition.join("\n").trim().to_owned();
    g
}

/// What applying a codebook changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub new_tags: Vec<String>,
    /// Attributes and values added, as `Tag/attribute` and `Tag/attribute: value`.
    pub new_codes: Vec<String>,
    /// Codebook entries changed (a code whose description differs).
    pub entries: usize,
}

/// Set a guide from a description, unless the description is empty (an
/// empty one never wipes what the project's codebook says).
fn take_guide(guide: &mut Guide, description: &str, applied: &mut Applied) {
    if description.trim().is_empty() {
        return;
    }
    let read = guide_of(description);
    if *guide != read {
        *guide = read;
        applied.entries += 1;
    }
}

/// The schema with the codebook's codes and entries added.
pub fn apply(schema: &Schema, codes: &[Code]) -> (Schema, Applied) {
    let mut schema = schema.clone();
    let mut applied = Applied::default();
    for code in codes {
        apply_tag(&mut schema, code, String::new(), &mut applied);
    }
    (schema, applied)
}

fn apply_tag(schema: &mut Schema, code: &Code, parent: String, applied: &mut Applied) {
    let name = if parent.is_empty() {
        code.name.clone()
    } else {
        format!("{parent}{PATH_SEPARATOR}{}", code.name)
    };
    if schema.tag(&name).is_none() {
        let mut t = schema.new_tag(&name);
        if let Some(c) = code.color {
            t.color = c;
        }
        schema.tags.push(t);
        applied.new_tags.push(name.clone());
    }
    let Some(i) = schema.tags.iter().position(|t| t.name == name) else {
        return;
    };
    take_guide(&mut schema.tags[i].guide, &code.description, applied);
    for child in &code.children {
        if let Some((a, v)) = child.name.split_once(": ") {
            let def = attribute(&mut schema.tags[i].attributes, a.trim(), &name, applied);
            let v = v.trim().to_owned();
            if !def.values.contains(&v) {
                def.values.push(v.clone());
                applied.new_codes.push(format!("{name}/{}: {v}", def.name));
            }
            if !child.description.trim().is_empty() {
                let g = def.value_guides.entry(v).or_default();
                take_guide(g, &child.description, applied);
            }
        } else if !child.codable {
            let def = attribute(&mut schema.tags[i].attributes, &child.name, &name, applied);
            take_guide(&mut def.guide, &child.description, applied);
        } else {
            apply_tag(schema, child, name.clone(), applied);
        }
    }
}

/// The attribute of that name, added (as free text) if the tag lacks it.
fn attribute<'a>(
    defs: &'a mut Vec<AttributeDef>,
    name: &str,
    tag: &str,
    applied: &mut Applied,
) -> &'a mut AttributeDef {
    let i = match defs.iter().position(|d| d.name == name) {
        Some(i) => i,
        None => {
            defs.push(AttributeDef {
                name: name.to_owned(),
                values: Vec::new(),
                derived: false,
                guide: Guide::default(),
                value_guides: Default::default(),
            });
            applied.new_codes.push(format!("{tag}/{name}"));
            defs.len() - 1
        }
    };
    &mut defs[i]
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAXQDA_LIKE: &str = r##"<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Other">
  <Codes>
    <Code guid="a" name="Frames" isCodable="false">
      <Code guid="b" name="Conflict" isCodable="true" color="#C93C3C">
        <Description>Two sides &amp; their &#8220;clash&#8221;
Code when: the text stresses disagreement</Description>
      </Code>
      <Code guid="c" name="Human interest" isCodable="true"/>
    </Code>
    <Code guid="d" name="Claim" isCodable="true">
      <Description>What is asserted.</Description>
      <Code guid="e" name="certainty: hedged" isCodable="true">
        <Description>May, might, could.
Example: “the plant may reopen”</Description>
      </Code>
    </Code>
  </Codes>
</CodeBook>"##;

    #[test]
    fn codes_nest_and_descriptions_decode() {
        let codes = parse(MAXQDA_LIKE).unwrap();
        assert_eq!(codes.len(), 2);
        assert_eq!(codes[0].name, "Frames");
        assert!(!codes[0].codable);
        assert_eq!(codes[0].children[0].name, "Conflict");
        assert_eq!(
            codes[0].children[0].description,
            "Two sides & their “clash”\nCode when: the text stresses disagreement"
        );
        assert_eq!(codes[0].children[0].color, Some(Color([0xc9, 0x3c, 0x3c])));
        assert_eq!(codes[0].children[1].name, "Human interest");
    }

    #[test]
    fn applying_adds_and_never_removes() {
        let schema = Schema::default();
        let (s, applied) = apply(&schema, &parse(MAXQDA_LIKE).unwrap());
        // Every tag, attribute and value the schema had is still there.
        for t in &schema.tags {
            let now = s.tag(&t.name).unwrap();
            for a in &t.attributes {
                let b = now.attributes.iter().find(|b| b.name == a.name).unwrap();
                assert!(a.values.iter().all(|v| b.values.contains(v)));
            }
        }
        let conflict = s.tag("Frames › Conflict").unwrap();
        assert_eq!(conflict.guide.definition, "Two sides & their “clash”");
        assert_eq!(conflict.guide.include, "the text stresses disagreement");
        assert_eq!(conflict.color, Color([0xc9, 0x3c, 0x3c]));
        assert!(s.tag("Frames › Human interest").is_some());
        let claim = s.tag("Claim").unwrap();
        assert_eq!(claim.guide.definition, "What is asserted.");
        let certainty = claim
            .attributes
            .iter()
            .find(|a| a.name == "certainty")
            .unwrap();
        assert!(certainty.values.contains(&"hedged".to_owned()));
        let g = &certainty.value_guides["hedged"];
        assert_eq!(g.definition, "May, might, could.");
        assert_eq!(g.examples, vec!["the plant may reopen"]);
        assert!(applied.new_tags.contains(&"Frames".to_owned()));
        assert!(s.problems().is_empty(), "{:?}", s.problems());
    }

    #[test]
    fn guides_read_back_as_written() {
        let g = Guide {
            definition: "One\ntwo".into(),
            include: "when asserted".into(),
            exclude: "questions".into(),
            examples: vec!["said".into(), "according to".into()],
        };
        assert_eq!(guide_of(&g.text()), g);
    }

    #[test]
    fn other_xml_is_refused_plainly() {
        assert!(parse("<Project/>")
            .unwrap_err()
            .contains("not a REFI-QDA codebook"));
        assert!(parse("not xml <<").is_err());
    }
}

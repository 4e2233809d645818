//! Word (`.docx`, Office Open XML) and OpenDocument (`.odt`) files: the
//! body's paragraphs and headings in reading order, one blank line between
//! paragraphs. Footnotes, endnotes, comments, headers and footers live in
//! other parts of the package (or, in ODF, in elements skipped here) and
//! are left out; so are deleted text of tracked changes, field codes and
//! the fallback copies of drawing content. Nothing embedded is run: the
//! package is read as zipped XML, with a limit on how much it may inflate.

use std::io::Read;

use quick_xml::events::Event;

/// The most one XML part may inflate to (a zip bomb is refused).
const MAX_PART: u64 = 256 * 1024 * 1024;

/// Text and title of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfficeText {
    pub text: String,
    /// From the document's properties (`dc:title`), when set.
    pub title: Option<String>,
}

fn part(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("damaged package: {e}")),
    };
    let mut bytes = Vec::new();
    file.take(MAX_PART + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("damaged package: {e}"))?;
    if bytes.len() as u64 > MAX_PART {
        return Err(format!("{name} inflates past {} MB", MAX_PART >> 20));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| format!("{name} is not UTF-8 XML"))
}

fn open(bytes: &[u8]) -> Result<zip::ZipArchive<std::io::Cursor<&[u8]>>, String> {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable package (zip): {e}"))
}

/// Paragraphs joined with blank lines; empty ones dropped; each trimmed
/// of the spaces layout leaves at its ends.
fn join(paragraphs: Vec<String>) -> String {
    paragraphs
        .iter()
        .map(|p| p.trim_matches(|c: char| c == ' ' || c == '\t'))
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The title from a `docProps/core.xml` or `meta.xml`.
fn title_of(xml: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    let mut title = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"title" => inside = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == b"title" => break,
            Ok(Event::Text(t)) if inside => title.push_str(&t.decode().ok()?),
            Ok(Event::GeneralRef(r)) if inside => push_ref(&mut title, &r),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

/// An entity or character reference, as text.
fn push_ref(out: &mut String, r: &quick_xml::events::BytesRef<'_>) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
    } else if let Ok(name) = r.decode() {
        if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
            out.push_str(s);
        }
    }
}

/// A `.docx`: `word/document.xml`'s body.
pub fn docx(bytes: &[u8]) -> Result<OfficeText, String> {
    let mut zip = open(bytes)?;
    let xml =
        part(&mut zip, "word/document.xml")?.ok_or("no word/document.xml: not a Word document")?;
    let title = part(&mut zip, "docProps/core.xml")?
        .as_deref()
        .and_then(title_of);
    Ok(OfficeText {
        text: docx_text(&xml)?,
        title,
    })
}

/// The body text of a WordprocessingML document.
pub fn docx_text(xml: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    // Depth inside elements whose text is not the body's.
    let mut skip = 0usize;
    let mut in_text = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("damaged document.xml: {e}"))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                // Deleted text, field codes, fallbacks of drawings: not
                // what a reader sees.
                b"del" | b"moveFrom" | b"instrText" | b"Fallback" | b"delText"
                | b"footnoteReference" | b"endnoteReference" | b"commentReference" => skip += 1,
                _ if skip > 0 => {}
                b"t" => in_text = true,
                // A paragraph in a text box ends the one around it.
                b"p" if !current.trim().is_empty() => {
                    paragraphs.push(std::mem::take(&mut current));
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"del" | b"moveFrom" | b"instrText" | b"Fallback" | b"delText"
                | b"footnoteReference" | b"endnoteReference" | b"commentReference" => {
                    skip = skip.saturating_sub(1)
                }
                _ if skip > 0 => {}
                b"t" => in_text = false,
                b"p" => paragraphs.push(std::mem::take(&mut current)),
                _ => {}
            },
            Event::Empty(e) if skip == 0 => match e.local_name().as_ref() {
                b"tab" | b"ptab" => current.push('\t'),
                b"br" | b"cr" => current.push('\n'),
                b"noBreakHyphen" => current.push('\u{2011}'),
                b"sym" => {
                    // A symbol font's character: its code, where it is a
                    // plain character.
                    let ch = e
                        .attributes()
                        .filter_map(Result::ok)
                        .find(|a| a.key.local_name().as_ref() == b"char")
                        .and_then(|a| {
                            u32::from_str_radix(&String::from_utf8_lossy(&a.value), 16).ok()
                        })
                        .and_then(char::from_u32)
                        .filter(|c| !('\u{f000}'..='\u{f0ff}').contains(c));
                    current.extend(ch);
                }
                _ => {}
            },
            Event::Text(t) if in_text && skip == 0 => {
                current.push_str(&t.decode().map_err(|e| format!("bad text: {e}"))?);
            }
            Event::GeneralRef(r) if in_text && skip == 0 => push_ref(&mut current, &r),
            Event::Eof => break,
            _ => {}
        }
    }
    paragraphs.push(current);
    Ok(join(paragraphs))
}

/// An `.odt`: `content.xml`'s text body.
pub fn odt(bytes: &[u8]) -> Result<OfficeText, String> {
    let mut zip = open(bytes)?;
    let xml = part(&mut zip, "content.xml")?.ok_or("no content.xml: not an OpenDocument text")?;
    let title = part(&mut zip, "meta.xml")?.as_deref().and_then(title_of);
    Ok(OfficeText {
        text: odt_text(&xml)?,
        title,
    })
}

/// The body text of an OpenDocument `content.xml`.
pub fn odt_text(xml: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut skip = 0usize;
    // Inside a text:p or text:h (they may nest, through frames).
    let mut depth = 0usize;
    // Notes, comments, tracked changes' old text, the title of a frame.
    let skipped = |name: &[u8]| {
        matches!(
            name,
            b"note" | b"annotation" | b"tracked-changes" | b"deletion" | b"title" | b"desc"
        )
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("damaged content.xml: {e}"))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                if skip > 0 || skipped(name.as_ref()) {
                    skip += usize::from(skipped(name.as_ref()));
                    continue;
                }
                if matches!(name.as_ref(), b"p" | b"h") {
                    if depth > 0 && !current.trim().is_empty() {
                        paragraphs.push(std::mem::take(&mut current));
                    }
                    depth += 1;
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                if skip > 0 {
                    skip -= usize::from(skipped(name.as_ref()));
                    continue;
                }
                if matches!(name.as_ref(), b"p" | b"h") {
                    depth = depth.saturating_sub(1);
                    paragraphs.push(std::mem::take(&mut current));
                }
            }
            Event::Empty(e) if skip == 0 && depth > 0 => match e.local_name().as_ref() {
                b"s" => {
                    let n = e
                        .attributes()
                        .filter_map(Result::ok)
                        .find(|a| a.key.local_name().as_ref() == b"c")
                        .and_then(|a| String::from_utf8_lossy(&a.value).parse::<usize>().ok())
                        .unwrap_or(1)
                        .min(1000);
                    current.extend(std::iter::repeat_n(' ', n));
                }
                b"tab" => current.push('\t'),
                b"line-break" => current.push('\n'),
                b"soft-page-break" => {}
                _ => {}
            },
            Event::Text(t) if skip == 0 && depth > 0 => {
                // Whitespace in ODF text is collapsed as in HTML; spaces
                // that count are text:s elements.
                let raw = t.decode().map_err(|e| format!("bad text: {e}"))?;
                let mut last_space = current.ends_with(' ');
                for c in raw.chars() {
                    if matches!(c, ' ' | '\n' | '\r' | '\t') {
                        if !last_space {
                            current.push(' ');
                        }
                        last_space = true;
                    } else {
                        current.push(c);
                        last_space = false;
                    }
                }
            }
            Event::GeneralRef(r) if skip == 0 && depth > 0 => push_ref(&mut current, &r),
            Event::Eof => break,
            _ => {}
        }
    }
    paragraphs.push(current);
    Ok(join(paragraphs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docx_paragraphs_skip_deleted_text_fields_and_fallbacks() {
        let xml = r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Harbour talks</w:t></w:r><w:r><w:t xml:space="preserve"> end &amp; resume</w:t></w:r></w:p>
<w:p><w:r><w:t>The mayor </w:t></w:r><w:del><w:r><w:delText>never </w:delText></w:r></w:del><w:r><w:t>said</w:t></w:r><w:r><w:fldChar/><w:instrText>PAGE</w:instrText></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t>.</w:t><w:br/><w:t>Next line</w:t><w:tab/><w:t>tabbed</w:t></w:r></w:p>
<w:p/>
<w:p><mc:AlternateContent><mc:Choice><w:r><w:t>Shown</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>Shown</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>
</w:body></w:document>"#;
        assert_eq!(
            docx_text(xml).unwrap(),
            "Harbour talks end & resume\n\nThe mayor said.\nNext line\ttabbed\n\nShown"
        );
    }

    #[test]
    fn odt_paragraphs_keep_counted_spaces_and_drop_notes() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>
<text:tracked-changes><text:changed-region><text:deletion><text:p>gone</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:h text:outline-level="1">Río   talks</text:h>
<text:p>One<text:s text:c="2"/>two<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>A footnote</text:p></text:note-body></text:note> three<office:annotation><text:p>A comment</text:p></office:annotation><text:line-break/>four<text:tab/>five</text:p>
<text:list><text:list-item><text:p>Listed</text:p></text:list-item></text:list>
</office:text></office:body></office:document-content>"#;
        assert_eq!(
            odt_text(xml).unwrap(),
            "Río talks\n\nOne  two three\nfour\tfive\n\nListed"
        );
    }

    #[test]
    fn not_a_package_says_so() {
        assert!(docx(b"plain text").unwrap_err().contains("zip"));
    }
}

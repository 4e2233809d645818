//! Writing annotated spans in the formats other tools read: one file per
//! format. Each writes to any `io::Write` (brat writes a folder), and
//! [`export`] writes atomically, so a failure leaves an existing file as it was.

pub mod brat;
pub mod codebook;
pub mod compare;
pub mod csv;
pub mod doccano;
pub mod facts;
pub mod jsonl;
pub mod labelstudio;
pub mod qdpx;
pub mod spacy;
pub mod w3c;

use std::io::{self, Write};
use std::path::Path;

use crate::atomic::{self, Backup};
use crate::model::{Link, Project};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// One row per span (RFC 4180, UTF-8).
    Csv,
    /// The same CSV with a UTF-8 byte-order mark, which Excel on Windows
    /// needs to read it as UTF-8.
    CsvBom,
    /// One JSON object per article with its spans, links and fact memberships.
    Jsonl,
    /// One JSON object per fact with its member claims.
    Facts,
    /// W3C Web Annotation (JSON-LD AnnotationCollection).
    W3c,
    /// brat standoff: a folder of .txt/.ann files and annotation.conf.
    Brat,
    /// doccano JSONL (entities and relations; UTF-16 offsets).
    Doccano,
    /// Label Studio JSON tasks.
    Labelstudio,
    /// spaCy-style JSONL (text and spans).
    Spacy,
    /// REFI-QDA project (.qdpx) for ATLAS.ti, MAXQDA, NVivo, QualCoder.
    Qdpx,
    /// The codebook as a page to print, for coder training (HTML).
    Codebook,
    /// The codebook for QDA software (REFI-QDA .qdc).
    Qdc,
}

impl Format {
    pub const ALL: [Format; 12] = [
        Format::Csv,
        Format::CsvBom,
        Format::Jsonl,
        Format::Facts,
        Format::W3c,
        Format::Brat,
        Format::Doccano,
        Format::Labelstudio,
        Format::Spacy,
        Format::Qdpx,
        Format::Codebook,
        Format::Qdc,
    ];

    /// The file extension, or `""` for formats written as a folder.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv | Format::CsvBom => "csv",
            Format::Jsonl | Format::Facts | Format::Doccano | Format::Spacy => "jsonl",
            Format::W3c => "jsonld",
            Format::Brat => "",
            Format::Labelstudio => "json",
            Format::Qdpx => "qdpx",
            Format::Codebook => "html",
            Format::Qdc => "qdc",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV (one row per span)",
            Format::CsvBom => "CSV for Excel (UTF-8 with byte-order mark)",
            Format::Jsonl => "JSON Lines (one article per line)",
            Format::Facts => "facts (JSON Lines, one fact per line)",
            Format::W3c => "W3C Web Annotation (JSON-LD)",
            Format::Brat => "brat standoff (folder)",
            Format::Doccano => "doccano JSONL",
            Format::Labelstudio => "Label Studio JSON",
            Format::Spacy => "spaCy JSONL",
            Format::Qdpx => "REFI-QDA project (.qdpx)",
            Format::Codebook => "codebook for coder training (HTML)",
            Format::Qdc => "codebook for QDA software (REFI-QDA .qdc)",
        }
    }

    /// The file (or folder) name an export of project `name` gets by default.
    pub fn default_name(self, name: &str) -> String {
        let slug = match self {
            Format::Csv | Format::Jsonl | Format::W3c | Format::Qdpx => "",
            Format::CsvBom => "-excel",
            Format::Facts => "-facts",
            Format::Brat => return format!("{name}-brat"),
            Format::Doccano => "-doccano",
            Format::Labelstudio => "-label-studio",
            Format::Spacy => "-spacy",
            Format::Codebook | Format::Qdc => "-codebook",
        };
        format!("{name}{slug}.{}", self.extension())
    }

    /// Whether the export is a folder rather than a file.
    pub fn is_folder(self) -> bool {
        self == Format::Brat
    }

    /// Write a single-file format to `w`.
    pub fn write(self, project: &Project, w: &mut dyn Write) -> io::Result<()> {
        match self {
            Format::Csv => csv::write(project, w),
            Format::CsvBom => {
                w.write_all("\u{feff}".as_bytes())?;
                csv::write(project, w)
            }
            Format::Jsonl => jsonl::write(project, w),
            Format::Facts => facts::write(project, w),
            Format::W3c => w3c::write(project, w),
            Format::Doccano => doccano::write(project, w),
            Format::Labelstudio => labelstudio::write(project, w),
            Format::Spacy => spacy::write(project, w),
            Format::Qdpx => qdpx::write(project, w),
            Format::Codebook => codebook::write_html(project, w),
            Format::Qdc => codebook::write_qdc(project, w),
            Format::Brat => Err(io::Error::other("brat standoff is written as a folder")),
        }
    }
}

/// Write an export atomically (each file of a folder export atomically).
pub fn export(project: &Project, format: Format, path: &Path) -> io::Result<()> {
    if format == Format::Brat {
        return brat::write_dir(project, path);
    }
    atomic::write_with(path, Backup::None, |w| format.write(project, w))
}

/// Escape text for XML and HTML content and attribute values (the HTML
/// report and the REFI-QDA XML); characters XML forbids become U+FFFD.
pub fn escape_markup(s: &str) -> String {
    escape(s, false)
}

/// Escape text for an XML attribute value: as [`escape_markup`], and line
/// breaks and tabs as character references, which XML readers would
/// otherwise turn into spaces (attribute-value normalisation).
pub fn escape_attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' if attr => out.push_str("&#10;"),
            '\r' if attr => out.push_str("&#13;"),
            '\t' if attr => out.push_str("&#9;"),
            // Characters XML 1.0 does not allow at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The links an export writes: only roles whose span is in the project
/// (not orphaned by an update from source), and only links whose claim is,
/// so no export points at a span it does not contain.
pub fn exported_links(project: &Project) -> impl Iterator<Item = Link> + '_ {
    let live = |id: Option<crate::model::Id>| id.filter(|i| project.span(*i).is_some());
    project.links().filter_map(move |l| {
        project.span(l.claim)?;
        let (source, cue) = (live(l.source), live(l.cue));
        (source.is_some() || cue.is_some()).then(|| Link {
            source,
            cue,
            ..l.clone()
        })
    })
}

//! Reading other tools' annotations into a project: brat standoff, W3C Web
//! Annotation, doccano JSONL and Label Studio JSON; and a REFI-QDA
//! codebook into its schema.
//!
//! Each reader turns its format into [`Doc`]s (a document name, maybe its
//! text, spans and links, offsets in code points) and lists what it could
//! not read. [`plan`] then finds each document's article (by path or URL,
//! by identical text, by file name), places each span (at its offsets when
//! the quote agrees, else by its quote and context, as re-anchoring does),
//! merges spans that already exist, and reports what could not be placed.
//! The result is one undoable edit.

pub mod brat;
pub mod doccano;
pub mod labelstudio;
pub mod qdc;
pub mod w3c;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use crate::edit::Edit;
use crate::file_read;
use crate::model::{Article, Id, Link, Project, Schema, Span, CONTEXT_CHARS};
use crate::reanchor;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum ImportFormat {
    /// A brat standoff folder (.txt and .ann files).
    Brat,
    /// W3C Web Annotation JSON-LD.
    W3c,
    /// doccano JSONL.
    Doccano,
    /// Label Studio JSON export.
    Labelstudio,
    /// A REFI-QDA codebook (.qdc): codes and their definitions into the schema.
    Qdc,
}

impl ImportFormat {
    pub const ALL: [ImportFormat; 5] = [
        ImportFormat::Brat,
        ImportFormat::W3c,
        ImportFormat::Doccano,
        ImportFormat::Labelstudio,
        ImportFormat::Qdc,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ImportFormat::Brat => "brat standoff (folder)",
            ImportFormat::W3c => "W3C Web Annotation",
            ImportFormat::Doccano => "doccano JSONL",
            ImportFormat::Labelstudio => "Label Studio JSON",
            ImportFormat::Qdc => "REFI-QDA codebook (.qdc)",
        }
    }

    pub fn is_folder(self) -> bool {
        self == ImportFormat::Brat
    }

    /// An example path, shown in an empty path field.
    pub fn path_hint(self) -> &'static str {
        match self {
            ImportFormat::Brat => "/path/to/brat-folder",
            ImportFormat::W3c => "/path/to/annotations.jsonld",
            ImportFormat::Doccano => "/path/to/doccano.jsonl",
            ImportFormat::Labelstudio => "/path/to/label-studio.json",
            ImportFormat::Qdc => "/path/to/codebook.qdc",
        }
    }

    /// Read the file or folder at `path`.
    pub fn read(self, path: &Path) -> Result<Vec<Doc>, String> {
        match self {
            ImportFormat::Brat => brat::read(path),
            other => {
                let bytes = file_read::read(path, file_read::MAX_DOCUMENT_SIZE)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let text = String::from_utf8(bytes)
                    .map_err(|_| format!("{} is not UTF-8 text", path.display()))?;
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                match other {
                    ImportFormat::W3c => w3c::parse(text),
                    ImportFormat::Doccano => doccano::parse(text),
                    ImportFormat::Labelstudio => labelstudio::parse(text),
                    ImportFormat::Qdc => qdc::parse(text).map(|codes| {
                        vec![Doc {
                            name: path.display().to_string(),
                            codebook: codes,
                            ..Default::default()
                        }]
                    }),
                    ImportFormat::Brat => unreachable!("handled above"),
                }
                .map_err(|e| format!("{}: {e}", path.display()))
            }
        }
    }
}

/// A span as another tool gives it. Offsets are code points in the
/// document's text when it has one, else in the article's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocSpan {
    /// The tool's own id, for links.
    pub key: String,
    pub tag: String,
    pub start: usize,
    pub end: usize,
    pub quote: Option<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub note: String,
    pub attributes: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocLink {
    pub claim: String,
    pub source: Option<String>,
    pub cue: Option<String>,
}

/// Whether a relation type names an attribution's cue (`Some(true)`), its
/// source (`Some(false)`), or neither (`None`). Parallax writes `source` and
/// `cue` (brat: `Attributed_to` and `Via_cue`).
pub fn link_role(kind: &str) -> Option<bool> {
    use crate::export::brat::{CUE_RELATION, SOURCE_RELATION};
    let k = kind.trim();
    if k.eq_ignore_ascii_case("cue") || k == CUE_RELATION {
        Some(true)
    } else if k.eq_ignore_ascii_case("source") || k == SOURCE_RELATION {
        Some(false)
    } else {
        None
    }
}

impl Doc {
    /// Credit `other` to the claim `claim` as its source (or, with `cue`,
    /// its cue): into the claim's last link that lacks that role, else a new one.
    pub fn add_link_role(&mut self, claim: &str, cue: bool, other: String) {
        let slot = self.links.iter().rposition(|l| {
            l.claim == claim
                && if cue {
                    l.cue.is_none()
                } else {
                    l.source.is_none()
                }
        });
        let i = slot.unwrap_or_else(|| self.new_link(claim));
        self.links[i].set_role(cue, other);
    }

    /// A new, empty link of `claim`; its index.
    pub fn new_link(&mut self, claim: &str) -> usize {
        self.links.push(DocLink {
            claim: claim.to_owned(),
            ..Default::default()
        });
        self.links.len() - 1
    }
}

impl DocLink {
    /// Make `other` this link's cue (with `cue`) or its source.
    pub fn set_role(&mut self, cue: bool, other: String) {
        if cue {
            self.cue = Some(other);
        } else {
            self.source = Some(other);
        }
    }
}

/// Attribute names and values as the schema spells them, where another
/// tool changed them (brat's `_` for spaces, say).
fn normalise_attributes(
    schema: &Schema,
    tag: &str,
    attrs: &BTreeMap<String, String>,
) -> crate::model::Attributes {
    let key = |s: &str| crate::export::brat::brat_name(s).to_lowercase();
    let defs = schema
        .tag(tag)
        .map(|t| t.attributes.as_slice())
        .unwrap_or_default();
    attrs
        .iter()
        .map(
            |(k, v)| match defs.iter().find(|d| key(&d.name) == key(k)) {
                Some(d) => {
                    let value = d
                        .values
                        .iter()
                        .find(|x| key(x) == key(v))
                        .cloned()
                        .unwrap_or_else(|| v.clone());
                    (d.name.clone(), value)
                }
                None => (k.clone(), v.clone()),
            },
        )
        .collect()
}

/// One document of an import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Doc {
    /// A file name, path or URL naming the document.
    pub name: String,
    pub text: Option<String>,
    pub spans: Vec<DocSpan>,
    pub links: Vec<DocLink>,
    /// Items of the input that could not be read (bad offsets, relation
    /// types that are not attributions), described for the report.
    pub skipped: Vec<String>,
    /// Codes for the schema (a codebook import has these and no spans).
    pub codebook: Vec<qdc::Code>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub imported: usize,
    /// Already in the project (same article, tag and offsets): merged.
    pub duplicates: usize,
    /// Placed by their quote because the offsets did not match.
    pub reanchored: usize,
    /// Widened to whole characters: an end fell inside a grapheme cluster
    /// (an accent, an emoji sequence).
    pub widened: usize,
    pub links: usize,
    pub new_tags: Vec<String>,
    /// Attributes and values a codebook added (`Tag/attribute: value`).
    pub new_codes: Vec<String>,
    /// Codebook entries (definitions, rules, examples) a codebook set.
    pub entries: usize,
    /// Spans that could not be placed, described.
    pub unplaced: Vec<String>,
    /// Documents no article matched.
    pub unmatched_documents: Vec<String>,
    /// Items of the input that could not be read, described.
    pub skipped: Vec<String>,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.entries > 0 || !self.new_codes.is_empty() {
            write!(
                f,
                "codebook: {} entr(ies) changed, {} tag(s) and {} attribute(s) or value(s) added; ",
                self.entries,
                self.new_tags.len(),
                self.new_codes.len()
            )?;
        }
        write!(
            f,
            "{} span(s) imported ({} re-anchored by quote), {} duplicate(s) merged, {} link(s), {} span(s) not placed",
            self.imported,
            self.reanchored,
            self.duplicates,
            self.links,
            self.unplaced.len()
        )?;
        if !self.unmatched_documents.is_empty() {
            write!(
                f,
                ", {} document(s) matched no article",
                self.unmatched_documents.len()
            )?;
        }
        if !self.skipped.is_empty() {
            write!(f, ", {} item(s) unreadable", self.skipped.len())?;
        }
        if self.widened > 0 {
            write!(f, ", {} span(s) widened to whole characters", self.widened)?;
        }
        Ok(())
    }
}

impl ImportReport {
    /// Whether the planned edit changes the project at all.
    pub fn changes_anything(&self) -> bool {
        self.imported > 0
            || self.links > 0
            || self.entries > 0
            || !self.new_tags.is_empty()
            || !self.new_codes.is_empty()
    }

    /// One line per thing the user should look at: documents no article
    /// matched, spans not placed, tags added to the schema.
    pub fn detail_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .unmatched_documents
            .iter()
            .map(|d| format!("no article matches document {d}"))
            .collect();
        lines.extend(self.unplaced.iter().map(|u| format!("not placed: {u}")));
        lines.extend(self.skipped.iter().map(|u| format!("unreadable: {u}")));
        if !self.new_tags.is_empty() {
            lines.push(format!("new tags: {}", self.new_tags.join(", ")));
        }
        if !self.new_codes.is_empty() {
            lines.push(format!(
                "new attributes and values: {}",
                self.new_codes.join(", ")
            ));
        }
        lines
    }
}

fn stem(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let last = last.split(['?', '#']).next().unwrap_or(last);
    match last.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s.to_lowercase(),
        _ => last.to_lowercase(),
    }
}

/// The article a document belongs to: the same path or URL; else the same
/// text (the same file name decides between identical texts, as with
/// syndicated wire copy); else the same file name.
fn match_article<'a>(project: &'a Project, doc: &Doc) -> Option<&'a Article> {
    let articles = project.articles();
    if let Some(a) = articles
        .iter()
        .find(|a| a.path == doc.name || (!a.meta.url.is_empty() && a.meta.url == doc.name))
    {
        return Some(a);
    }
    let s = stem(&doc.name);
    if let Some(text) = &doc.text {
        let lf = crate::text::normalize_newlines(text.clone());
        let same: Vec<&Article> = articles
            .iter()
            .map(|a| &**a)
            .filter(|a| a.text() == text || a.text() == lf)
            .collect();
        if let Some(first) = same.first() {
            return Some(same.iter().find(|a| stem(&a.path) == s).unwrap_or(first));
        }
    }
    let by_stem: Vec<&Article> = articles
        .iter()
        .map(|a| &**a)
        .filter(|a| stem(&a.path) == s)
        .collect();
    (by_stem.len() == 1).then(|| by_stem[0])
}

/// The schema's spelling of a tag another tool may have changed (brat's
/// `_` for spaces, case), or `None` for a tag the schema lacks.
fn schema_tag(schema: &Schema, tag: &str) -> Option<String> {
    if schema.tag(tag).is_some() {
        return Some(tag.to_owned());
    }
    let key = |s: &str| crate::export::brat::brat_name(s).to_lowercase();
    schema
        .tags
        .iter()
        .find(|t| key(&t.name) == key(tag))
        .map(|t| t.name.clone())
}

/// Place one span on its article: at its offsets if they fit its quote,
/// else by quote and context. `doc_text` is the document's own text, if
/// it came with one. Returns the range and whether it moved.
fn place(
    doc_text: Option<&[char]>,
    ds: &DocSpan,
    article: &Article,
) -> Option<(std::ops::Range<usize>, bool)> {
    let from_doc = |r: std::ops::Range<usize>| -> Option<String> {
        let chars = doc_text?;
        (r.start <= r.end && r.end <= chars.len()).then(|| chars[r].iter().collect())
    };
    let quote = match ds.quote.clone().or_else(|| from_doc(ds.start..ds.end)) {
        Some(q) => q,
        // Offsets alone (a W3C position selector, say) name the article's own text.
        None if doc_text.is_none() && ds.start < ds.end => {
            article.slice(ds.start..ds.end)?;
            return Some((ds.start..ds.end, false));
        }
        None => return None,
    };
    if quote.is_empty() {
        return None;
    }
    if article.slice(ds.start..ds.end) == Some(quote.as_str()) {
        return Some((ds.start..ds.end, false));
    }
    let prefix = ds
        .prefix
        .clone()
        .or_else(|| from_doc(ds.start.saturating_sub(CONTEXT_CHARS)..ds.start))
        .unwrap_or_default();
    let len = doc_text.map_or(0, <[char]>::len);
    let suffix = ds
        .suffix
        .clone()
        .or_else(|| from_doc(ds.end..ds.end.saturating_add(CONTEXT_CHARS).min(len)))
        .unwrap_or_default();
    let probe = Span {
        id: Id::from_u64(1),
        article: article.id,
        tag: ds.tag.clone(),
        start: ds.start,
        end: ds.end,
        quote,
        prefix,
        suffix,
        note: String::new(),
        attributes: Default::default(),
        attribute_stamps: Default::default(),
        annotator: String::new(),
        created: crate::model::now(),
        modified: crate::model::now(),
    };
    let out = reanchor::reanchor([&probe], article);
    out.spans.first().map(|s| (s.range(), true))
}

/// The edit that adds the documents' spans and links to `project`.
pub fn plan(project: &Project, docs: &[Doc], annotator: &str) -> (Edit, ImportReport) {
    let mut report = ImportReport::default();
    let mut edits = Vec::new();
    // Tags the project does not have yet join its schema (only those of
    // spans that are placed).
    let mut schema: Schema = project.schema.clone();
    let mut used_ids = std::collections::HashSet::new();
    let mut fresh = |project: &Project| loop {
        let id = project.new_id();
        if used_ids.insert(id) {
            return id;
        }
    };
    let mut planned: HashMap<(Id, String, usize, usize), Id> = HashMap::new();
    for d in docs {
        report
            .skipped
            .extend(d.skipped.iter().map(|s| format!("{}: {s}", d.name)));
        if !d.codebook.is_empty() {
            let applied;
            (schema, applied) = qdc::apply(&schema, &d.codebook);
            report.new_tags.extend(applied.new_tags);
            report.new_codes.extend(applied.new_codes);
            report.entries += applied.entries;
        }
        if d.spans.is_empty() && d.text.is_none() && !d.codebook.is_empty() {
            continue;
        }
        let Some(article) = match_article(project, d) else {
            report.unmatched_documents.push(d.name.clone());
            for s in &d.spans {
                report.unplaced.push(format!(
                    "{}: {} {}..{} (no matching article)",
                    d.name, s.tag, s.start, s.end
                ));
            }
            continue;
        };
        let mut keys: HashMap<&str, Id> = HashMap::new();
        let doc_text: Option<Vec<char>> = d.text.as_ref().map(|t| t.chars().collect());
        for ds in &d.spans {
            if ds.tag.trim().is_empty() {
                report
                    .unplaced
                    .push(format!("{}: span {} has no label", d.name, ds.key));
                continue;
            }
            let Some((range, moved)) = place(doc_text.as_deref(), ds, article) else {
                report.unplaced.push(format!(
                    "{}: {} {}..{} {:?}",
                    d.name,
                    ds.tag,
                    ds.start,
                    ds.end,
                    ds.quote.clone().unwrap_or_default()
                ));
                continue;
            };
            // Another tool may count an accent or an emoji sequence apart.
            let range = match article.widen_to_graphemes(range.clone()) {
                Some(wide) if wide != range => {
                    report.widened += 1;
                    wide
                }
                _ => range,
            };
            let tag = match schema_tag(&schema, &ds.tag) {
                Some(t) => t,
                None => {
                    let t = schema.new_tag(ds.tag.trim());
                    report.new_tags.push(t.name.clone());
                    let name = t.name.clone();
                    schema.tags.push(t);
                    name
                }
            };
            let key = (article.id, tag.clone(), range.start, range.end);
            if let Some(existing) = project
                .find_span(article.id, &tag, range.clone())
                .map(|s| s.id)
                .or_else(|| planned.get(&key).copied())
            {
                report.duplicates += 1;
                keys.insert(&ds.key, existing);
                continue;
            }
            let id = fresh(project);
            let Some(mut span) = Span::new(id, article, &tag, range, annotator) else {
                report
                    .unplaced
                    .push(format!("{}: {} {}..{}", d.name, ds.tag, ds.start, ds.end));
                continue;
            };
            span.note = ds.note.clone();
            span.attributes = normalise_attributes(&schema, &tag, &ds.attributes);
            span.stamp_attributes_as_made();
            planned.insert(key, id);
            keys.insert(&ds.key, id);
            report.imported += 1;
            report.reanchored += usize::from(moved);
            edits.push(Edit::AddSpan(span));
        }
        for l in &d.links {
            let get = |k: &Option<String>| k.as_ref().and_then(|k| keys.get(k.as_str()).copied());
            let (Some(claim), source, cue) = (
                keys.get(l.claim.as_str()).copied(),
                get(&l.source),
                get(&l.cue),
            ) else {
                continue;
            };
            if source.is_none() && cue.is_none() {
                continue;
            }
            if project
                .links()
                .any(|x| x.claim == claim && x.source == source && x.cue == cue)
            {
                continue;
            }
            let id = fresh(project);
            edits.push(Edit::AddLink(Link {
                id,
                claim,
                source,
                cue,
                note: String::new(),
                annotator: annotator.to_owned(),
                created: Some(crate::model::now()),
            }));
            report.links += 1;
        }
    }
    if schema != project.schema {
        // The new tags first, so the spans that use them can be added.
        edits.insert(0, Edit::SetSchema(schema));
    }
    (Edit::Batch(edits), report)
}

/// Read and plan in one go.
pub fn import(
    project: &Project,
    format: ImportFormat,
    path: &Path,
    annotator: &str,
) -> Result<(Edit, ImportReport), String> {
    let docs = format.read(path)?;
    Ok(plan(project, &docs, annotator))
}

//! Project files: RON, versioned, self-contained and deterministic.
//!
//! The file stores each article's text snapshot beside its spans, so
//! annotations survive the source folder moving or changing. The same
//! project always serialises to the same bytes (fixed field order, spans in
//! text order, one record per line), so diffs are readable and git can merge
//! two analysts' work. Saving is atomic (see [`crate::atomic`]).

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::atomic::{self, Backup};
use crate::model::{Article, ArticleMeta, Fact, Id, Link, Project, Schema, Span, TagDef};

/// The version this build writes. Older versions are migrated on load.
pub const VERSION: u32 = 1;
pub const FORMAT: &str = "parallax-project";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV1 {
    format: String,
    version: u32,
    /// Always "codepoint": how `start`/`end` count.
    offset_unit: String,
    /// The tag schema, one tag per line.
    tags: Vec<TagDef>,
    #[serde(default)]
    outlet_order: Vec<String>,
    articles: Vec<ArticleRecord>,
    #[serde(default)]
    spans: Vec<Span>,
    #[serde(default)]
    links: Vec<Link>,
    #[serde(default)]
    facts: Vec<Fact>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleRecord {
    id: Id,
    path: String,
    encoding: String,
    sha256: String,
    meta: ArticleMeta,
    /// Last, so the metadata stays readable before a long line of text.
    text: String,
}

/// Why a project file could not be read.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    /// 1-based line and column, when the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    pub kind: LoadErrorKind,
}

#[derive(Debug)]
pub enum LoadErrorKind {
    Io(std::io::Error),
    Syntax(String),
    TooNew { found: u32 },
    NotAProject(String),
    Invalid(String),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        match &self.kind {
            LoadErrorKind::Io(e) => write!(f, ": cannot read: {e}"),
            LoadErrorKind::Syntax(m) => write!(f, ": not a valid project file: {m}"),
            LoadErrorKind::TooNew { found } => write!(
                f,
                ": made by a newer Parallax (file version {found}, this build reads up to version {VERSION}); please update Parallax"
            ),
            LoadErrorKind::NotAProject(m) => write!(f, ": not a Parallax project: {m}"),
            LoadErrorKind::Invalid(m) => write!(f, ": {m}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// A problem found in a project file's content (not its syntax).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Serialise a project to its file text.
pub fn to_string(project: &Project) -> String {
    let file = FileV1 {
        format: FORMAT.to_owned(),
        version: VERSION,
        offset_unit: "codepoint".to_owned(),
        tags: project.schema.tags.clone(),
        outlet_order: project.outlet_order.clone(),
        articles: project
            .articles()
            .iter()
            .map(|a| ArticleRecord {
                id: a.id,
                path: a.path.clone(),
                encoding: a.encoding.clone(),
                sha256: a.sha256.clone(),
                meta: a.meta.clone(),
                text: a.text().to_owned(),
            })
            .collect(),
        spans: project.all_spans().cloned().collect(),
        links: project.links().cloned().collect(),
        facts: project.facts().to_vec(),
    };
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(2)
        .new_line("\n".to_owned())
        .indentor("  ".to_owned());
    // Serialising plain data to a String cannot fail; keep a message just in case.
    let mut out = ron::ser::to_string_pretty(&file, config)
        .unwrap_or_else(|e| format!("// serialisation failed: {e}\n"));
    out.push('\n');
    out
}

/// Save atomically, keeping the previous file as `NAME.ron.bak`.
pub fn save(project: &Project, path: &Path) -> Result<(), SaveError> {
    let text = to_string(project);
    atomic::write(path, Backup::Keep, text.as_bytes()).map_err(|e| SaveError {
        path: path.to_path_buf(),
        source: e,
    })
}

#[derive(Debug, thiserror::Error)]
#[error("could not save {}: {source}", path.display())]
pub struct SaveError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Load a project, refusing files with any problem.
pub fn load(path: &Path) -> Result<Project, LoadError> {
    let (project, problems) = load_lenient(path)?;
    match problems.first() {
        None => Ok(project),
        Some(p) => {
            let more = match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more problem(s); run `parallax check`)", n - 1),
            };
            Err(LoadError {
                path: path.to_path_buf(),
                position: p.line.map(|l| (l, 1)),
                kind: LoadErrorKind::Invalid(format!("{}{more}", p.message)),
            })
        }
    }
}

/// Load a project, setting aside records that break its invariants and
/// listing them as problems (for `parallax check`).
pub fn load_lenient(path: &Path) -> Result<(Project, Vec<Problem>), LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        path: path.to_path_buf(),
        position: None,
        kind: LoadErrorKind::Io(e),
    })?;
    from_bytes(&bytes).map_err(|(position, kind)| LoadError {
        path: path.to_path_buf(),
        position,
        kind,
    })
}

type Located = (Option<(usize, usize)>, LoadErrorKind);

/// Parse project file bytes (no file system access; fuzzable).
pub fn from_bytes(bytes: &[u8]) -> Result<(Project, Vec<Problem>), Located> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col(bytes, e.valid_up_to());
        (
            Some((line, col)),
            LoadErrorKind::Syntax("the file is not UTF-8 text".into()),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err((None, LoadErrorKind::NotAProject("the file is empty".into())));
    }
    match sniff_version(text) {
        Some(v) if v > VERSION => return Err((None, LoadErrorKind::TooNew { found: v })),
        Some(0) => {
            return Err((
                None,
                LoadErrorKind::NotAProject("version 0 does not exist".into()),
            ))
        }
        _ => {}
    }
    let file: FileV1 = ron::from_str(text).map_err(|e| {
        (
            Some((e.span.start.line, e.span.start.col)),
            LoadErrorKind::Syntax(e.code.to_string()),
        )
    })?;
    if file.format != FORMAT {
        return Err((
            None,
            LoadErrorKind::NotAProject(format!("format is {:?}, expected {FORMAT:?}", file.format)),
        ));
    }
    if file.version > VERSION {
        return Err((
            None,
            LoadErrorKind::TooNew {
                found: file.version,
            },
        ));
    }
    if file.offset_unit != "codepoint" {
        return Err((
            None,
            LoadErrorKind::Invalid(format!(
                "offset unit {:?} is not supported (expected \"codepoint\")",
                file.offset_unit
            )),
        ));
    }
    Ok(build(file, text))
}

/// The `version: N` near the top, read before a full parse so that newer
/// files are refused with their version named rather than a syntax error.
fn sniff_version(text: &str) -> Option<u32> {
    let head = &text[..text.len().min(4096)];
    let at = head.find("version:")?;
    let digits: String = head[at + 8..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

/// The 1-based line of the `nth` (0-based) occurrence of `needle`.
fn line_of(text: &str, needle: &str, nth: usize) -> Option<usize> {
    let (at, _) = text.match_indices(needle).nth(nth)?;
    Some(text[..at].bytes().filter(|&b| b == b'\n').count() + 1)
}

fn build(file: FileV1, text: &str) -> (Project, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut seen: HashSet<Id> = HashSet::new();
    // Where a record with this id sits in the file, counting repeats.
    let mut occurrences: std::collections::HashMap<Id, usize> = Default::default();
    let mut locate = |id: Id| {
        let n = occurrences.entry(id).or_insert(0);
        let line = line_of(text, &format!("id: \"{id}\""), *n);
        *n += 1;
        line
    };
    let schema = Schema { tags: file.tags };
    for p in schema.problems() {
        problems.push(Problem {
            line: None,
            message: format!("schema: {p}"),
        });
    }
    let mut project = Project::new(schema);
    project.outlet_order = file.outlet_order;
    for a in file.articles {
        let line = locate(a.id);
        if !seen.insert(a.id) {
            problems.push(Problem {
                line,
                message: format!("id {} is used twice", a.id),
            });
            continue;
        }
        let article = Article::new(a.id, a.path, a.encoding, a.sha256, a.meta, a.text);
        if let Err(m) = project.add_article(article) {
            problems.push(Problem { line, message: m });
        }
    }
    for s in file.spans {
        let line = locate(s.id);
        if !seen.insert(s.id) {
            problems.push(Problem {
                line,
                message: format!("id {} is used twice", s.id),
            });
            continue;
        }
        let Some(article) = project.article(s.article) else {
            problems.push(Problem {
                line,
                message: format!(
                    "span {} refers to article {}, which is not in the project",
                    s.id, s.article
                ),
            });
            continue;
        };
        if s.start >= s.end || s.end > article.len_chars() {
            problems.push(Problem {
                line,
                message: format!(
                    "span {} has offsets {}..{} outside its article ({} code points)",
                    s.id,
                    s.start,
                    s.end,
                    article.len_chars()
                ),
            });
            continue;
        }
        if article.slice(s.range()) != Some(s.quote.as_str()) {
            problems.push(Problem {
                line,
                message: format!(
                    "span {}: quote {:?} does not match the text at {}..{}",
                    s.id, s.quote, s.start, s.end
                ),
            });
        }
        if project.schema.tag(&s.tag).is_none() {
            problems.push(Problem {
                line,
                message: format!(
                    "span {} has tag {:?}, which the schema does not define",
                    s.id, s.tag
                ),
            });
        }
        project.insert_span(s);
    }
    for l in file.links {
        let line = locate(l.id);
        if !seen.insert(l.id) {
            problems.push(Problem {
                line,
                message: format!("id {} is used twice", l.id),
            });
            continue;
        }
        let missing: Vec<Id> = l.spans().filter(|s| project.span(*s).is_none()).collect();
        if !missing.is_empty() {
            let list: Vec<String> = missing.iter().map(Id::to_string).collect();
            problems.push(Problem {
                line,
                message: format!(
                    "link {} points at missing span(s) {}",
                    l.id,
                    list.join(", ")
                ),
            });
            continue;
        }
        project.insert_link(l);
    }
    for mut f in file.facts {
        let line = locate(f.id);
        if !seen.insert(f.id) {
            problems.push(Problem {
                line,
                message: format!("id {} is used twice", f.id),
            });
            continue;
        }
        let before = f.members.len();
        let mut members_seen = HashSet::new();
        f.members
            .retain(|m| project.span(m.span).is_some() && members_seen.insert(m.span));
        if f.members.len() != before {
            problems.push(Problem {
                line,
                message: format!("fact {} lists missing or repeated spans", f.id),
            });
        }
        let index = project.facts().len();
        project.insert_fact(index, f);
    }
    (project, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleMeta, Member, Relation};

    fn sample() -> Project {
        let mut p = Project::new(Schema::default());
        let a = Article::new(
            Id::from_u64(1),
            "news/a.txt".into(),
            "UTF-8".into(),
            "ab".repeat(32),
            ArticleMeta {
                outlet: "Daily 🌍".into(),
                title: "Title".into(),
                ..Default::default()
            },
            "Officials said \"the talks\" lasted two hours.\nقال المتحدث 東京 👩‍👩‍👧 e\u{301}".into(),
        );
        p.add_article(a).unwrap();
        let art = p.article(Id::from_u64(1)).unwrap().clone();
        let claim = Span::new(Id::from_u64(10), &art, "Claim", 15..44, "ana").unwrap();
        let source = Span::new(Id::from_u64(11), &art, "Source", 0..9, "ana").unwrap();
        let cue = Span::new(Id::from_u64(12), &art, "Attribution", 10..14, "ana").unwrap();
        let mut rtl = Span::new(Id::from_u64(13), &art, "Source", 45..56, "ana").unwrap();
        rtl.note = "Arabic: \"the spokesman said\"\nsecond line".into();
        rtl.attributes
            .insert("source_type".into(), "role only".into());
        for s in [claim, source, cue, rtl] {
            p.insert_span(s);
        }
        p.insert_link(Link {
            id: Id::from_u64(20),
            claim: Id::from_u64(10),
            source: Some(Id::from_u64(11)),
            cue: Some(Id::from_u64(12)),
            note: String::new(),
        });
        p.insert_fact(
            0,
            Fact {
                id: Id::from_u64(30),
                name: "Talks lasted two hours".into(),
                note: String::new(),
                members: vec![Member {
                    span: Id::from_u64(10),
                    relation: Relation::Equivalent,
                }],
            },
        );
        p
    }

    #[test]
    fn round_trip_is_equal_and_byte_identical() {
        let p = sample();
        let text = to_string(&p);
        let (q, problems) = from_bytes(text.as_bytes()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(p, q);
        assert_eq!(text, to_string(&q));
    }

    #[test]
    fn one_record_per_line() {
        let text = to_string(&sample());
        let span_lines = text
            .lines()
            .filter(|l| l.trim_start().starts_with("(id: ") && l.contains("tag: "))
            .count();
        assert_eq!(span_lines, 4, "{text}");
        assert!(text.contains("offset_unit: \"codepoint\""));
        assert!(
            text.starts_with("(\n  format: \"parallax-project\",\n  version: 1,"),
            "{text}"
        );
    }

    #[test]
    fn newer_versions_are_refused_with_both_numbers() {
        let text = to_string(&sample()).replace("version: 1,", "version: 7,");
        let (_, kind) = from_bytes(text.as_bytes()).err().unwrap();
        assert!(matches!(kind, LoadErrorKind::TooNew { found: 7 }));
        let e = LoadError {
            path: "p.ron".into(),
            position: None,
            kind,
        };
        assert!(
            e.to_string()
                .contains("file version 7, this build reads up to version 1"),
            "{e}"
        );
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let mut text = to_string(&sample());
        text.truncate(text.len() / 2);
        let (pos, kind) = from_bytes(text.as_bytes()).err().unwrap();
        assert!(pos.is_some());
        assert!(matches!(kind, LoadErrorKind::Syntax(_)));
        let unknown = to_string(&sample()).replace("offset_unit:", "colour: 1, offset_unit:");
        let (pos, kind) = from_bytes(unknown.as_bytes()).err().unwrap();
        assert_eq!(pos.map(|p| p.0), Some(4));
        assert!(
            matches!(kind, LoadErrorKind::Syntax(ref m) if m.contains("colour")),
            "{kind:?}"
        );
    }

    #[test]
    fn duplicate_ids_and_bad_offsets_are_problems_with_lines() {
        let text = to_string(&sample());
        let dup = text.replace("id: \"00000000000b\"", "id: \"00000000000a\"");
        let (_, problems) = from_bytes(dup.as_bytes()).unwrap();
        assert_eq!(problems.len(), 2, "{problems:?}"); // the duplicate, and the link to the lost span
        assert!(problems[0].message.contains("used twice"));
        let line = problems[0].line.unwrap();
        // Spans are written in text order, so the second "a" is the claim.
        assert!(dup
            .lines()
            .nth(line - 1)
            .unwrap()
            .contains("tag: \"Claim\""));

        let range = text.replace("start: 15, end: 44", "start: 15, end: 4400");
        let (p, problems) = from_bytes(range.as_bytes()).unwrap();
        assert!(
            problems[0].message.contains("outside its article"),
            "{problems:?}"
        );
        assert!(p.span(Id::from_u64(10)).is_none());
    }
}

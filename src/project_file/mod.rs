//! Project files: RON, versioned, self-contained and deterministic.
//!
//! The file stores each article's text snapshot beside its spans, so
//! annotations survive the source folder moving or changing. The same
//! project always serialises to the same bytes (fixed field order, spans in
//! text order, one record per line), so diffs are readable and git can merge
//! two analysts' work. Saving is atomic (see [`crate::atomic`]).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub(crate) mod de;
mod ser;

use crate::atomic::{self, Backup};
use crate::file_read::{self, ReadFail};
use crate::model::{
    Article, ArticleMeta, Conflict, Fact, Id, IdMap, IdSet, Link, Project, Ruling, Schema,
    Snapshot, Span, TagDef,
};

/// The version this build writes. Older versions are migrated on load:
///
/// - 1: the first format.
/// - 2: adds `orphans`, spans re-anchoring could not place.
/// - 3: adds `conflicts`, what a merge of two coders' files left to decide,
///   and who made each link and fact membership.
/// - 4: adds `attribute_stamps` to spans (who set each attribute and when)
///   and `rulings` (what adjudication left out of the curated version).
/// - 5: adds `direction` to an article's metadata (right to left or left
///   to right, when the analyst sets it).
pub const VERSION: u32 = 5;
pub const FORMAT: &str = "parallax-project";

/// A project file's layout, as stored. Public so that tests and fuzz
/// targets can give the same file to this reader and to the `ron` crate.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileData {
    format: String,
    version: u32,
    /// Always "codepoint": how `start`/`end` count.
    offset_unit: String,
    /// The tag schema, one tag per line.
    tags: Vec<TagDef>,
    #[serde(default)]
    outlet_order: Vec<String>,
    articles: Vec<ArticleRecord>,
    /// Shared records from the start, as the project keeps them: made once,
    /// never copied (a large study holds hundreds of thousands).
    #[serde(default)]
    spans: Vec<std::sync::Arc<Span>>,
    #[serde(default)]
    links: Vec<Link>,
    #[serde(default)]
    facts: Vec<Fact>,
    /// Version 2 on: spans whose text was lost from their article.
    #[serde(default)]
    orphans: Vec<Span>,
    /// Version 3 on: what a merge left for a person to decide.
    #[serde(default)]
    conflicts: Vec<Conflict>,
    /// Version 4 on: what the adjudicator left out of the curated version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rulings: Vec<Ruling>,
}

/// Bring a file of an older version up to this one.
fn migrate(file: &mut FileData) {
    if file.version < 2 {
        // Version 1 had no orphans; nothing else changed.
        file.orphans.clear();
    }
    if file.version < 3 {
        // Versions 1 and 2 had no conflicts; nothing else changed.
        file.conflicts.clear();
    }
    file.version = VERSION;
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

/// The same layout as [`FileData`], borrowing from the project, so saving
/// copies nothing. The round-trip tests keep the two in step.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    offset_unit: &'static str,
    tags: &'a [TagDef],
    outlet_order: &'a [String],
    articles: Vec<ArticleOut<'a>>,
    spans: Vec<&'a Span>,
    links: Vec<&'a Link>,
    facts: &'a [Fact],
    orphans: Vec<&'a Span>,
    conflicts: &'a [Conflict],
    #[serde(skip_serializing_if = "<[Ruling]>::is_empty")]
    rulings: &'a [Ruling],
}

#[derive(Serialize)]
struct ArticleOut<'a> {
    id: Id,
    path: &'a str,
    encoding: &'a str,
    sha256: &'a str,
    meta: &'a ArticleMeta,
    text: &'a str,
}

/// The file's layout, borrowing from a snapshot whose spans are in order.
fn file_out(s: &Snapshot) -> FileOut<'_> {
    FileOut {
        format: FORMAT,
        version: VERSION,
        offset_unit: "codepoint",
        tags: &s.schema.tags,
        outlet_order: &s.outlet_order,
        articles: s
            .articles
            .iter()
            .map(|a| ArticleOut {
                id: a.id,
                path: &a.path,
                encoding: &a.encoding,
                sha256: &a.sha256,
                meta: &a.meta,
                text: a.text(),
            })
            .collect(),
        spans: s.spans.iter().map(|s| &**s).collect(),
        links: s.links.iter().collect(),
        orphans: s.orphans.iter().collect(),
        facts: &s.facts,
        conflicts: &s.conflicts,
        rulings: &s.rulings,
    }
}

/// Read any value with Parallax's own RON reader (what project files are
/// read with), for checking it against the `ron` crate.
pub fn parse<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, String> {
    de::from_str(text).map_err(|e| e.message)
}

/// Write any value with Parallax's own RON writer (pretty, as project files
/// are written), for checking it against the `ron` crate.
pub fn pretty<T: Serialize>(value: &T) -> Result<String, String> {
    ser::to_string(value).map_err(|e| e.to_string())
}

/// Serialise a project to its file text.
pub fn to_string(project: &Project) -> String {
    let snapshot = project.snapshot().ordered();
    // Serialising plain data to a String cannot fail; keep a message just in case.
    let mut out = ser::to_string(&file_out(&snapshot))
        .unwrap_or_else(|e| format!("// serialisation failed: {e}\n"));
    out.push('\n');
    out
}

/// Write a project's file text to `w`.
pub fn write(project: &Project, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_snapshot(&project.snapshot().ordered(), w)
}

/// Write a snapshot (spans in order) as file text to `w`.
pub fn write_snapshot(snapshot: &Snapshot, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    ser::to_writer(w, &file_out(snapshot))?;
    w.write_all(b"\n")
}

/// Sends what it is given to another thread, a chunk at a time.
struct ChannelWriter(std::sync::mpsc::SyncSender<Vec<u8>>);

impl std::io::Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .send(buf.to_vec())
            .map_err(|_| std::io::Error::other("the file writer stopped"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Serialise on this thread while another writes the chunks out, so a large
/// save costs about the larger of the two rather than their sum.
fn write_pipelined(
    snapshot: &Snapshot,
    w: &mut (dyn std::io::Write + Send),
) -> std::io::Result<()> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
    std::thread::scope(|s| {
        let writer = s.spawn(move || -> std::io::Result<()> {
            for chunk in rx {
                w.write_all(&chunk)?;
            }
            Ok(())
        });
        let serialised = write_snapshot(snapshot, &mut ChannelWriter(tx));
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the file writer failed")));
        // A write error (disk full) explains a serialiser error, so report it first.
        written.and(serialised)
    })
}

/// Save atomically, keeping the previous file as `NAME.ron.bak`.
pub fn save(project: &Project, path: &Path) -> Result<(), SaveError> {
    save_snapshot(&project.snapshot().ordered(), path)
}

/// [`save`] without keeping the previous version beside it: for files git
/// keeps the history of (a merge driver writing its result).
pub fn save_without_backup(project: &Project, path: &Path) -> Result<(), SaveError> {
    save_with(&project.snapshot().ordered(), path, Backup::None)
}

/// [`save`] a snapshot (spans in order).
pub fn save_snapshot(snapshot: &Snapshot, path: &Path) -> Result<(), SaveError> {
    save_with(snapshot, path, Backup::Keep)
}

fn save_with(snapshot: &Snapshot, path: &Path, backup: Backup) -> Result<(), SaveError> {
    atomic::write_with(path, backup, |w| write_pipelined(snapshot, w)).map_err(|e| SaveError {
        path: path.to_path_buf(),
        source: e,
    })
}

#[derive(Debug, thiserror::Error)]
#[error("could not save {}: {source}{}", path.display(), hint(source))]
pub struct SaveError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// What the user can do about a failed save, where the cause says.
fn hint(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::StorageFull | K::QuotaExceeded | K::FileTooLarge => {
            " (the disk is full or the file is over a size limit; free some space or save elsewhere)"
        }
        K::PermissionDenied | K::ReadOnlyFilesystem => {
            " (this folder cannot be written; save elsewhere)"
        }
        _ => "",
    }
}

/// Load a project, refusing files with any problem.
pub fn load(path: &Path) -> Result<Project, LoadError> {
    let (project, problems) = load_lenient(path)?;
    refuse_problems(path, project, problems)
}

fn refuse_problems(
    path: &Path,
    project: Project,
    problems: Vec<Problem>,
) -> Result<Project, LoadError> {
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

/// How far loading a project file has got, in bytes, for a progress bar.
#[derive(Debug, Default)]
pub struct LoadProgress {
    /// The file's size (0 until known).
    pub size: std::sync::atomic::AtomicU64,
    /// Bytes read from the disk.
    pub read: std::sync::atomic::AtomicU64,
    /// Bytes of the file parsed.
    pub parsed: std::sync::atomic::AtomicU64,
}

/// [`load`], reporting progress.
pub fn load_reporting(path: &Path, progress: &LoadProgress) -> Result<Project, LoadError> {
    let (project, problems) = load_lenient_reporting(path, Some(progress))?;
    refuse_problems(path, project, problems)
}

/// Load a project, setting aside records that break its invariants and
/// listing them as problems (for `parallax check`).
pub fn load_lenient(path: &Path) -> Result<(Project, Vec<Problem>), LoadError> {
    load_lenient_reporting(path, None)
}

fn load_lenient_reporting(
    path: &Path,
    progress: Option<&LoadProgress>,
) -> Result<(Project, Vec<Problem>), LoadError> {
    let read = match progress {
        Some(p) => file_read::read_reporting(path, file_read::MAX_DOCUMENT_SIZE, &p.size, &p.read),
        None => file_read::read(path, file_read::MAX_DOCUMENT_SIZE),
    };
    let bytes = read.map_err(|e| LoadError {
        path: path.to_path_buf(),
        position: None,
        kind: LoadErrorKind::Io(match e {
            ReadFail::Io(e) => e,
            other => std::io::Error::new(std::io::ErrorKind::InvalidInput, other.to_string()),
        }),
    })?;
    let file =
        parse_file(&bytes, progress.map(|p| &p.parsed)).map_err(|(position, kind)| LoadError {
            path: path.to_path_buf(),
            position,
            kind,
        })?;
    // The file's text is not needed to build the project: let it go first,
    // so the peak memory of a large project is its records, not both.
    drop(bytes);
    let (project, problems) = build(file);
    if problems.is_empty() {
        return Ok((project, Vec::new()));
    }
    // Read the text again to name the problems' lines (a rare path).
    let text = file_read::read(path, file_read::MAX_DOCUMENT_SIZE)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    Ok((project, locate_problems(problems, &text)))
}

type Located = (Option<(usize, usize)>, LoadErrorKind);

/// Parse project file bytes (no file system access; fuzzable).
pub fn from_bytes(bytes: &[u8]) -> Result<(Project, Vec<Problem>), Located> {
    from_bytes_reporting(bytes, None)
}

fn from_bytes_reporting(
    bytes: &[u8],
    parsed: Option<&std::sync::atomic::AtomicU64>,
) -> Result<(Project, Vec<Problem>), Located> {
    let file = parse_file(bytes, parsed)?;
    let (project, problems) = build(file);
    if problems.is_empty() {
        return Ok((project, Vec::new()));
    }
    let text = String::from_utf8_lossy(bytes);
    Ok((project, locate_problems(problems, &text)))
}

/// The file's records, checked for format, version and offset unit.
fn parse_file(
    bytes: &[u8],
    parsed: Option<&std::sync::atomic::AtomicU64>,
) -> Result<FileData, Located> {
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
    let mut file: FileData = de::from_str_reporting(text, parsed).map_err(|e| {
        let position = e.offset.map(|o| line_col(text.as_bytes(), o));
        (position, LoadErrorKind::Syntax(e.message))
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
    migrate(&mut file);
    if file.offset_unit != "codepoint" {
        return Err((
            None,
            LoadErrorKind::Invalid(format!(
                "offset unit {:?} is not supported (expected \"codepoint\")",
                file.offset_unit
            )),
        ));
    }
    Ok(file)
}

/// The `version: N` near the top, read before a full parse so that newer
/// files are refused with their version named rather than a syntax error.
fn sniff_version(text: &str) -> Option<u32> {
    // The first 4 KiB, cut at a character boundary (tag names may be any script).
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
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
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Lines of records, found for problems after the parse: the `nth`
/// (0-based) record with an id is located by scanning for `id: "…"` once.
fn record_lines(text: &str, wanted: &[(Id, usize)]) -> HashMap<(Id, usize), usize> {
    let mut found = HashMap::new();
    if wanted.is_empty() {
        return found;
    }
    let wanted: HashSet<(Id, usize)> = wanted.iter().copied().collect();
    let mut counts: HashMap<Id, usize> = HashMap::new();
    let mut line = 1;
    let mut last = 0;
    for (at, _) in text.match_indices("id:") {
        // Only field names, not the ends of longer names like `valid:`.
        if text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = text[at + 3..].trim_start();
        let Some(hex) = rest.strip_prefix('"').and_then(|r| r.split('"').next()) else {
            continue;
        };
        let Ok(id) = hex.parse::<Id>() else { continue };
        line += text[last..at].bytes().filter(|&b| b == b'\n').count();
        last = at;
        let n = counts.entry(id).or_insert(0);
        if wanted.contains(&(id, *n)) {
            found.insert((id, *n), line);
        }
        *n += 1;
    }
    found
}

/// Problems as found while building: the record they are about (its id and
/// which occurrence of it), and what is wrong.
type RawProblems = Vec<(Option<(Id, usize)>, String)>;

fn build(file: FileData) -> (Project, RawProblems) {
    // Problems are noted with the record's (id, occurrence) and given lines at the end.
    let mut problems: Vec<(Option<(Id, usize)>, String)> = Vec::new();
    let mut seen = IdSet::default();
    let mut occurrences: IdMap<usize> = IdMap::default();
    // Only repeated ids need counting; a first occurrence is number 0.
    let mut locate = |id: Id, first: bool| {
        if first {
            return Some((id, 0));
        }
        let n = occurrences.entry(id).or_insert(1);
        let at = Some((id, *n));
        *n += 1;
        at
    };
    let schema = Schema { tags: file.tags };
    for p in schema.problems() {
        problems.push((None, format!("schema: {p}")));
    }
    let mut project = Project::new(schema);
    project.outlet_order = file.outlet_order;
    for a in file.articles {
        let first = seen.insert(a.id);
        let line = locate(a.id, first);
        if !first {
            problems.push((line, format!("id {} is used twice", a.id)));
            continue;
        }
        let article = Article::new(a.id, a.path, a.encoding, a.sha256, a.meta, a.text);
        if let Err(m) = project.add_article(article) {
            problems.push((line, m));
        }
    }
    // Filtered in place: a large project holds hundreds of thousands of
    // spans, and a second vector of them would double the peak memory.
    let mut good = file.spans;
    good.retain(|s| {
        let first = seen.insert(s.id);
        let line = locate(s.id, first);
        if !first {
            problems.push((line, format!("id {} is used twice", s.id)));
            return false;
        }
        let Some(article) = project.article(s.article) else {
            let m = format!(
                "span {} refers to article {}, which is not in the project",
                s.id, s.article
            );
            problems.push((line, m));
            return false;
        };
        let len = article.len_chars();
        if s.start >= s.end || s.end > len {
            let m = format!(
                "span {} has offsets {}..{} outside its article ({len} code points)",
                s.id, s.start, s.end
            );
            problems.push((line, m));
            return false;
        }
        if article.slice(s.range()) != Some(s.quote.as_str()) {
            let m = format!(
                "span {}: quote {:?} does not match the text at {}..{}",
                s.id, s.quote, s.start, s.end
            );
            problems.push((line, m));
        }
        if project.schema.tag(&s.tag).is_none() {
            let m = format!(
                "span {} has tag {:?}, which the schema does not define",
                s.id, s.tag
            );
            problems.push((line, m));
        }
        true
    });
    project.insert_spans(good);
    // Orphans before links and facts, which may refer to them.
    for o in file.orphans {
        let first = seen.insert(o.id);
        let line = locate(o.id, first);
        if !first {
            problems.push((line, format!("id {} is used twice", o.id)));
            continue;
        }
        if project.article(o.article).is_none() {
            let m = format!(
                "orphan {} refers to article {}, which is not in the project",
                o.id, o.article
            );
            problems.push((line, m));
            continue;
        }
        project.insert_orphan(o);
    }
    for l in file.links {
        let first = seen.insert(l.id);
        let line = locate(l.id, first);
        if !first {
            problems.push((line, format!("id {} is used twice", l.id)));
            continue;
        }
        let missing: Vec<String> = l
            .spans()
            .filter(|s| project.span_or_orphan(*s).is_none())
            .map(|s| s.to_string())
            .collect();
        if !missing.is_empty() {
            problems.push((
                line,
                format!(
                    "link {} points at missing span(s) {}",
                    l.id,
                    missing.join(", ")
                ),
            ));
            continue;
        }
        project.insert_link(l);
    }
    for mut f in file.facts {
        let first = seen.insert(f.id);
        let line = locate(f.id, first);
        if !first {
            problems.push((line, format!("id {} is used twice", f.id)));
            continue;
        }
        let before = f.members.len();
        let mut members_seen = HashSet::new();
        f.members
            .retain(|m| project.span_or_orphan(m.span).is_some() && members_seen.insert(m.span));
        if f.members.len() != before {
            problems.push((
                line,
                format!("fact {} lists missing or repeated spans", f.id),
            ));
        }
        let index = project.facts().len();
        project.insert_fact(index, f);
    }
    let mut conflicts = file.conflicts;
    conflicts.retain(|c| {
        let first = seen.insert(c.id);
        if !first {
            let line = locate(c.id, first);
            problems.push((line, format!("id {} is used twice", c.id)));
        }
        first
    });
    project.set_conflicts(conflicts);
    let mut rulings = file.rulings;
    rulings.retain(|r| {
        let first = seen.insert(r.id);
        let line = locate(r.id, first);
        if !first {
            problems.push((line, format!("id {} is used twice", r.id)));
        } else if project.article(r.article).is_none() {
            problems.push((
                line,
                format!("ruling {} names a missing article; dropped", r.id),
            ));
            return false;
        }
        first
    });
    project.set_rulings(rulings);
    (project, problems)
}

/// Give problems the lines of their records in the file's `text`.
fn locate_problems(problems: RawProblems, text: &str) -> Vec<Problem> {
    let wanted: Vec<(Id, usize)> = problems.iter().filter_map(|(at, _)| *at).collect();
    let lines = record_lines(text, &wanted);
    problems
        .into_iter()
        .map(|(at, message)| Problem {
            line: at.and_then(|k| lines.get(&k).copied()),
            message,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleMeta, Member, Relation};

    #[test]
    fn long_tag_names_in_any_script_load() {
        // Found by fuzzing the importers: the version sniffer cut the head
        // of the file inside a character.
        for pad in 0..3 {
            let mut p = Project::new(Schema::default());
            let name = format!("{}{}", "x".repeat(pad), "東".repeat(1500));
            p.schema.tags.push(p.schema.new_tag(&name));
            let text = to_string(&p);
            let (back, problems) = from_bytes(text.as_bytes()).expect("it loads");
            assert!(problems.is_empty(), "{problems:?}");
            assert!(back.schema.tag(&name).is_some());
        }
    }

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
            annotator: String::new(),
            created: None,
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
                    annotator: String::new(),
                    created: None,
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

    /// The `ron` crate is the reference: our writer must match its pretty
    /// output byte for byte, and our reader must read what it writes.
    #[test]
    fn agrees_with_the_ron_crate() {
        let mut p = sample();
        let nasty = "tab\t quote\" apostrophe' backslash\\ nul\0 del\u{7f} zwj\u{200d} rtl\u{202e} accent e\u{301} 👩‍👩‍👧 r#\"raw\"#";
        let art = p.article(Id::from_u64(1)).unwrap().clone();
        let mut s = Span::new(Id::from_u64(99), &art, "Claim", 0..9, nasty).unwrap();
        s.note = nasty.into();
        s.attributes.insert(nasty.into(), "".into());
        p.insert_span(s);
        let ours = to_string(&p);
        let file: FileData = ron::from_str(&ours).expect("ron reads our output");
        let config = ron::ser::PrettyConfig::new()
            .depth_limit(2)
            .new_line("\n".to_owned())
            .indentor("  ".to_owned());
        let theirs = ron::ser::to_string_pretty(&file, config).unwrap() + "\n";
        assert_eq!(ours, theirs);
        // Our reader on ron's compact output gives the same project.
        let compact = ron::to_string(&file).unwrap();
        let (q, problems) = from_bytes(compact.as_bytes()).unwrap();
        assert!(problems.is_empty());
        assert_eq!(q, p);
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
            text.starts_with(&format!(
                "(\n  format: \"parallax-project\",\n  version: {VERSION},"
            )),
            "{text}"
        );
    }

    /// Every released version has a fixture; each loads and saves as the current one.
    #[test]
    fn older_versions_are_migrated() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        // One entry per released version; the list grows with the format.
        for (name, version) in [
            ("project-v1.ron", 1),
            ("project-v2.ron", 2),
            ("project-v3.ron", 3),
            ("project-v4.ron", 4),
        ] {
            let bytes = std::fs::read(dir.join(name)).unwrap();
            assert!(String::from_utf8_lossy(&bytes).contains(&format!("version: {version},")));
            let (p, problems) = from_bytes(&bytes).unwrap();
            assert!(problems.is_empty(), "{name}: {problems:?}");
            assert_eq!(p.articles().len(), 4, "{name}");
            assert_eq!(p.span_count(), 59, "{name}");
            assert_eq!(p.link_count(), 18, "{name}");
            assert_eq!(p.facts().len(), 5, "{name}");
            assert_eq!(p.orphan_count(), 0, "{name}");
            let resaved = to_string(&p);
            assert!(resaved.contains(&format!("version: {VERSION},")));
            assert!(resaved.contains("orphans: []"));
            assert!(resaved.contains("conflicts: []"));
            let (q, _) = from_bytes(resaved.as_bytes()).unwrap();
            assert_eq!(p, q);
        }
    }

    #[test]
    fn orphans_round_trip() {
        let mut p = sample();
        let art = p.article(Id::from_u64(1)).unwrap().clone();
        let mut o = Span::new(Id::from_u64(77), &art, "Claim", 0..9, "ana").unwrap();
        o.start = 4000; // an orphan's old offsets need not fit the new text
        o.end = 4010;
        p.insert_orphan(o.clone());
        let text = to_string(&p);
        let (q, problems) = from_bytes(text.as_bytes()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(q.orphan(Id::from_u64(77)), Some(&o));
    }

    #[test]
    fn newer_versions_are_refused_with_both_numbers() {
        let current = format!("version: {VERSION},");
        let text = to_string(&sample()).replace(&current, "version: 7,");
        let (_, kind) = from_bytes(text.as_bytes()).err().unwrap();
        assert!(matches!(kind, LoadErrorKind::TooNew { found: 7 }));
        let e = LoadError {
            path: "p.ron".into(),
            position: None,
            kind,
        };
        assert!(
            e.to_string().contains(&format!(
                "file version 7, this build reads up to version {VERSION}"
            )),
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

//! Reading a folder of articles: walking it, decoding each file, pulling
//! out metadata, and saying why any file was left out.
//!
//! Not for project files (see [`crate::project_file`]) or for importing
//! other tools' annotations (see `import`).

pub mod databases;
pub mod decode;
pub mod frontmatter;
pub mod html;
pub mod office;
pub mod pdf;
pub mod rtf;
pub mod sidecar;
pub mod table;
pub mod title;

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use crate::file_read::{self, ReadFail};
use crate::model::{parse_date, Article, ArticleMeta, Project, Schema};
use crate::paths;
use decode::DecodeError;

/// The default limit on one article file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 20 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Files larger than this many bytes are skipped.
    pub max_file_size: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// Shared between a reader running in the background and whoever watches it.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files found so far (grows while walking).
    pub found: AtomicUsize,
    /// Files decoded or skipped so far.
    pub done: AtomicUsize,
    /// Set to stop reading; the reader returns [`ReadError::Cancelled`].
    pub cancel: AtomicBool,
}

/// Why a file is not among the articles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    Hidden,
    Unsupported(String),
    TooLarge {
        size: u64,
        limit: u64,
    },
    Empty,
    /// A PDF whose pages have no text (a scan).
    NoTextLayer,
    Binary(String),
    Undecodable(String),
    Unreadable(String),
    NotAFile,
    /// A folder reached again through a symbolic link.
    SymlinkLoop,
    /// The same file reached again through a link.
    Duplicate(PathBuf),
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Hidden => f.write_str("hidden file"),
            SkipReason::Unsupported(ext) if ext.is_empty() => {
                write!(f, "unsupported file type (no extension; expected {KINDS})")
            }
            SkipReason::Unsupported(ext) => {
                write!(f, "unsupported file type .{ext} (expected {KINDS})")
            }
            SkipReason::TooLarge { size, limit } => write!(
                f,
                "too large ({:.1} MB; the limit is {:.1} MB)",
                *size as f64 / 1_048_576.0,
                *limit as f64 / 1_048_576.0
            ),
            SkipReason::Empty => f.write_str("empty file"),
            SkipReason::NoTextLayer => f.write_str(pdf::NO_TEXT_LAYER),
            SkipReason::Binary(why) => write!(f, "binary file ({why})"),
            SkipReason::Undecodable(why) => write!(f, "cannot decode as text: {why}"),
            SkipReason::Unreadable(why) => write!(f, "cannot read: {why}"),
            SkipReason::NotAFile => f.write_str("not a regular file"),
            SkipReason::SymlinkLoop => {
                f.write_str("folder already read through another path (symbolic link)")
            }
            SkipReason::Duplicate(p) => write!(f, "same file as {}", p.display()),
        }
    }
}

impl From<DecodeError> for SkipReason {
    fn from(e: DecodeError) -> Self {
        match e {
            DecodeError::Empty => SkipReason::Empty,
            DecodeError::Binary(why) => SkipReason::Binary(why),
            DecodeError::Undecodable(why) => SkipReason::Undecodable(why),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// An article as read from disk, before it joins a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceArticle {
    pub path: PathBuf,
    /// Path relative to the folder that was read, `/`-separated.
    pub rel: String,
    pub text: String,
    pub encoding: &'static str,
    pub sha256: String,
    pub meta: ArticleMeta,
    /// Which article of a file that holds several (a news database's
    /// export), from 1; its path is then `FILE#N`.
    pub part: Option<usize>,
}

impl SourceArticle {
    /// The path an article keeps: the file's, with `#N` for a part.
    fn path_in(&self, base: &Path) -> String {
        let file = paths::relative(base, &self.path);
        match self.part {
            Some(n) => format!("{file}#{n}"),
            None => file,
        }
    }
}

/// A stored article path split into the file and the part (`FILE#N`).
pub fn source_part(path: &str) -> (&str, Option<usize>) {
    match path.rsplit_once('#') {
        Some((file, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            (file, n.parse().ok())
        }
        _ => (path, None),
    }
}

#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub root: PathBuf,
    /// In path order.
    pub articles: Vec<SourceArticle>,
    /// In path order.
    pub skipped: Vec<Skipped>,
    /// Problems with `articles.csv`.
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read folder {}: {source}", path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("reading was cancelled")]
    Cancelled,
    #[error("cannot read {}: {why}", path.display())]
    Table { path: PathBuf, why: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Markdown,
    Html,
    Docx,
    Odt,
    Rtf,
    Pdf,
    Csv,
}

/// The kinds of file read, for messages.
const KINDS: &str = ".txt, .md, .html, .docx, .odt, .rtf, .pdf or .csv";

fn kind_of(path: &Path) -> Result<Kind, SkipReason> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "text" => Ok(Kind::Text),
        "md" | "markdown" => Ok(Kind::Markdown),
        "html" | "htm" | "xhtml" => Ok(Kind::Html),
        "docx" => Ok(Kind::Docx),
        "odt" => Ok(Kind::Odt),
        "rtf" => Ok(Kind::Rtf),
        "pdf" => Ok(Kind::Pdf),
        "csv" => Ok(Kind::Csv),
        _ => Err(SkipReason::Unsupported(ext)),
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Read every article under `dir`.
pub fn read_folder(dir: &Path, options: &ReadOptions) -> Result<Corpus, ReadError> {
    read_folder_with(dir, options, &Progress::default())
}

/// Read every article under `dir`, reporting progress and honouring cancellation.
pub fn read_folder_with(
    dir: &Path,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<Corpus, ReadError> {
    let meta = fs::metadata(dir).map_err(|source| ReadError::Folder {
        path: dir.to_path_buf(),
        source,
    })?;
    if meta.is_file() && kind_of(dir).is_ok() {
        // One article file (or one export of many), dropped or opened alone.
        let path = paths::absolute(dir);
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = file_name(&path);
        progress.found.store(1, Ordering::Relaxed);
        let result = read_file(&path, options);
        progress.done.store(1, Ordering::Relaxed);
        let mut corpus = Corpus {
            root,
            ..Corpus::default()
        };
        match result {
            Ok(articles) => {
                corpus.articles = articles
                    .into_iter()
                    .map(|mut a| {
                        a.rel = match a.part {
                            Some(n) => format!("{name}#{n}"),
                            None => name.clone(),
                        };
                        a
                    })
                    .collect();
            }
            Err(reason) => corpus.skipped.push(Skipped { path, reason }),
        }
        return Ok(corpus);
    }
    if !meta.is_dir() {
        return Err(ReadError::NotAFolder(dir.to_path_buf()));
    }
    let root = paths::absolute(dir);
    let mut corpus = Corpus {
        root: root.clone(),
        ..Corpus::default()
    };
    let candidates = walk(&root, &mut corpus.skipped, progress)?;

    let sidecar_path = root.join(sidecar::FILE_NAME);
    let (sidecar, warnings) = if sidecar_path.is_file() {
        sidecar::read(&sidecar_path)
    } else {
        Default::default()
    };
    corpus.warnings = warnings;

    let results = decode_all(&candidates, options, progress)?;
    for ((path, rel), result) in candidates.into_iter().zip(results) {
        match result {
            Ok(articles) => {
                for mut article in articles {
                    article.rel = match article.part {
                        Some(n) => format!("{rel}#{n}"),
                        None => rel.clone(),
                    };
                    if let Some(row) = sidecar.get(&article.rel) {
                        apply_sidecar(&mut article.meta, row);
                    }
                    corpus.articles.push(article);
                }
            }
            Err(reason) => corpus.skipped.push(Skipped { path, reason }),
        }
    }
    corpus.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(corpus)
}

/// Collect candidate files (absolute path, relative path) in name order,
/// recording skipped entries. Symbolic links are followed after the real
/// files and folders, so a link never stands in for the file it points at,
/// and no folder or file is read twice.
fn walk(
    root: &Path,
    skipped: &mut Vec<Skipped>,
    progress: &Progress,
) -> Result<Vec<(PathBuf, String)>, ReadError> {
    let root_canonical = fs::canonicalize(root).map_err(|source| ReadError::Folder {
        path: root.to_path_buf(),
        source,
    })?;
    let mut walker = Walker {
        root,
        skipped,
        out: Vec::new(),
        seen_dirs: HashSet::from([root_canonical.clone()]),
        seen_files: HashMap::new(),
        progress,
    };
    let mut linked_dirs = VecDeque::new();
    let mut linked_files = Vec::new();
    // (path, its canonical form): a real entry's canonical path is its
    // folder's plus its name, which saves resolving every file.
    let mut stack = vec![(root.to_path_buf(), root_canonical)];
    loop {
        while let Some((dir, canonical_dir)) = stack.pop() {
            if progress.cancel.load(Ordering::Relaxed) {
                return Err(ReadError::Cancelled);
            }
            let entries = match fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) if dir == root => {
                    return Err(ReadError::Folder {
                        path: dir,
                        source: e,
                    })
                }
                Err(e) => {
                    walker.skip(dir, SkipReason::Unreadable(e.to_string()));
                    continue;
                }
            };
            let mut entries: Vec<fs::DirEntry> = entries.filter_map(Result::ok).collect();
            entries.sort_by_key(fs::DirEntry::file_name);
            let mut subdirs = Vec::new();
            for entry in entries {
                let path = entry.path();
                if is_hidden(&path) {
                    walker.skip(path, SkipReason::Hidden);
                    continue;
                }
                let Ok(file_type) = entry.file_type() else {
                    walker.skip(
                        path,
                        SkipReason::Unreadable("cannot tell what kind of entry this is".into()),
                    );
                    continue;
                };
                let canonical = canonical_dir.join(entry.file_name());
                if file_type.is_symlink() {
                    // Follow links, later; a broken link is unreadable.
                    match fs::metadata(&path) {
                        Ok(m) if m.is_dir() => linked_dirs.push_back(path),
                        Ok(m) if m.is_file() => linked_files.push(path),
                        Ok(_) => walker.skip(path, SkipReason::NotAFile),
                        Err(e) => walker.skip(path, SkipReason::Unreadable(e.to_string())),
                    }
                } else if file_type.is_dir() {
                    if walker.seen_dirs.insert(canonical.clone()) {
                        subdirs.push((path, canonical));
                    }
                } else if file_type.is_file() {
                    walker.visit_file(path, canonical);
                } else {
                    walker.skip(path, SkipReason::NotAFile);
                }
            }
            // Depth-first in name order: push in reverse so the first name pops first.
            stack.extend(subdirs.into_iter().rev());
        }
        match linked_dirs.pop_front() {
            Some(link) => match fs::canonicalize(&link) {
                Ok(c) if walker.seen_dirs.contains(&c) => {
                    walker.skip(link, SkipReason::SymlinkLoop)
                }
                Ok(c) => {
                    walker.seen_dirs.insert(c.clone());
                    stack.push((link, c));
                }
                Err(e) => walker.skip(link, SkipReason::Unreadable(e.to_string())),
            },
            None => break,
        }
    }
    for path in linked_files {
        let canonical = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        walker.visit_file(path, canonical);
    }
    let mut out = walker.out;
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

struct Walker<'a> {
    root: &'a Path,
    skipped: &'a mut Vec<Skipped>,
    out: Vec<(PathBuf, String)>,
    seen_dirs: HashSet<PathBuf>,
    /// Canonical path → the path it was first read as.
    seen_files: HashMap<PathBuf, PathBuf>,
    progress: &'a Progress,
}

impl Walker<'_> {
    fn skip(&mut self, path: PathBuf, reason: SkipReason) {
        self.skipped.push(Skipped { path, reason });
    }

    fn visit_file(&mut self, path: PathBuf, canonical: PathBuf) {
        let rel = paths::relative(self.root, &path);
        if rel == sidecar::FILE_NAME {
            return;
        }
        if let Err(reason) = kind_of(&path) {
            self.skip(path, reason);
            return;
        }
        if let Some(first) = self.seen_files.get(&canonical) {
            let first = first.clone();
            self.skip(path, SkipReason::Duplicate(first));
            return;
        }
        self.seen_files.insert(canonical, path.clone());
        self.progress.found.fetch_add(1, Ordering::Relaxed);
        self.out.push((path, rel));
    }
}

/// A file's articles, or why it was left out.
type FileResult = Result<Vec<SourceArticle>, SkipReason>;

/// Decode candidates on all cores, keeping their order.
fn decode_all(
    candidates: &[(PathBuf, String)],
    options: &ReadOptions,
    progress: &Progress,
) -> Result<Vec<FileResult>, ReadError> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<FileResult>> = vec![None; candidates.len()];
    let chunks: Vec<Vec<(usize, FileResult)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        if progress.cancel.load(Ordering::Relaxed) {
                            break;
                        }
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((path, _)) = candidates.get(i) else {
                            break;
                        };
                        mine.push((i, read_file(path, options)));
                        progress.done.fetch_add(1, Ordering::Relaxed);
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    if progress.cancel.load(Ordering::Relaxed) {
        return Err(ReadError::Cancelled);
    }
    for (i, r) in chunks.into_iter().flatten() {
        results[i] = Some(r);
    }
    Ok(results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(SkipReason::Unreadable("reader stopped".into()))))
        .collect())
}

/// The articles of one CSV table (a row each), as a corpus whose root is
/// the table's folder.
pub fn read_table(
    path: &Path,
    columns: Option<&table::Columns>,
    options: &ReadOptions,
) -> Result<Corpus, ReadError> {
    let path = paths::absolute(path);
    let articles = table::read(&path, columns, options).map_err(|why| ReadError::Table {
        path: path.clone(),
        why: why.to_string(),
    })?;
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let name = file_name(&path);
    Ok(Corpus {
        root,
        articles: articles
            .into_iter()
            .map(|mut a| {
                a.rel = format!("{name}#{}", a.part.unwrap_or(0));
                a
            })
            .collect(),
        skipped: Vec::new(),
        warnings: Vec::new(),
    })
}

/// Lowercase hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    file_read::hex(&Sha256::digest(bytes))
}

/// Read and decode one file: one article, or each article of a news
/// database's export. `rel` of each is its file name; [`read_folder`]
/// replaces it with the path relative to the folder (and `#N`).
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<Vec<SourceArticle>, SkipReason> {
    if kind_of(path)? == Kind::Csv {
        return table::read(path, None, options);
    }
    let mut article = read_one(path, options)?;
    // A PDF's lines are kept apart until the export is split, then each
    // article's paragraphs become running text.
    let flow = |text: String| {
        if article.encoding == "pdf" {
            pdf::reflow(&text)
        } else {
            text
        }
    };
    let Some(parts) = databases::split(&article.text) else {
        article.text = flow(std::mem::take(&mut article.text));
        if article.meta.title.is_empty() || article.encoding == "pdf" {
            article.meta.title = title::guess(&article.text);
        }
        return Ok(vec![article]);
    };
    Ok(parts
        .into_iter()
        .enumerate()
        .map(|(i, mut part)| {
            part.text = flow(part.text);
            let mut meta = part.meta;
            if meta.title.is_empty() {
                meta.title = title::guess(&part.text);
            }
            SourceArticle {
                text: part.text,
                meta,
                part: Some(i + 1),
                ..article.clone()
            }
        })
        .collect())
}

/// The article of one file as its format decodes it.
fn read_one(path: &Path, options: &ReadOptions) -> Result<SourceArticle, SkipReason> {
    let kind = kind_of(path)?;
    let bytes = read_limited(path, options.max_file_size)?;
    let sha256 = sha256_hex(&bytes);
    if matches!(kind, Kind::Docx | Kind::Odt | Kind::Rtf | Kind::Pdf) {
        if bytes.is_empty() {
            return Err(SkipReason::Empty);
        }
        let (text, title, encoding) = match kind {
            Kind::Docx => office::docx(&bytes).map(|d| (d.text, d.title, "docx")),
            Kind::Odt => office::odt(&bytes).map(|d| (d.text, d.title, "odt")),
            Kind::Pdf => pdf::read(&bytes).map(|d| (d.text, d.title, "pdf")),
            _ => rtf::read(&bytes).map(|d| (d.text, d.title, "rtf")),
        }
        .map_err(|e| {
            if e == pdf::NO_TEXT_LAYER {
                SkipReason::NoTextLayer
            } else {
                SkipReason::Undecodable(e)
            }
        })?;
        let text = crate::text::normalize_newlines(text);
        if text.trim().is_empty() {
            return Err(SkipReason::Empty);
        }
        let title = title
            .filter(|t| !title::is_furniture(t))
            .unwrap_or_else(|| title::guess(&text));
        return Ok(SourceArticle {
            path: path.to_path_buf(),
            rel: file_name(path),
            text,
            encoding,
            sha256,
            meta: ArticleMeta {
                title,
                ..ArticleMeta::default()
            },
            part: None,
        });
    }
    let hint = (kind == Kind::Html)
        .then(|| decode::html_charset(&bytes))
        .flatten();
    let decoded = decode::decode_owned(bytes, hint)?;
    let (text, meta) = match kind {
        Kind::Text => {
            let meta = ArticleMeta {
                title: title::guess(&decoded.text),
                ..ArticleMeta::default()
            };
            (decoded.text, meta)
        }
        Kind::Markdown => {
            let (fields, body) = frontmatter::split(&decoded.text);
            let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
            let mut meta = ArticleMeta {
                outlet: fields
                    .get("outlet")
                    .cloned()
                    .unwrap_or_else(|| ArticleMeta::default().outlet),
                title: get("title"),
                date: fields.get("date").and_then(|d| parse_date(d)),
                url: get("url"),
                author: get("author"),
                extra: Default::default(),
                direction: None,
            };
            if meta.title.is_empty() {
                meta.title = title::guess(body);
            }
            (body.to_owned(), meta)
        }
        Kind::Html => {
            let doc = html::extract(&decoded.text);
            let mut meta = ArticleMeta {
                outlet: doc.outlet.unwrap_or_else(|| ArticleMeta::default().outlet),
                title: doc.title.unwrap_or_default(),
                date: doc.date.as_deref().and_then(parse_date),
                url: doc.url.unwrap_or_default(),
                author: doc.author.unwrap_or_default(),
                extra: Default::default(),
                direction: None,
            };
            if meta.title.is_empty() || title::is_furniture(&meta.title) {
                meta.title = title::guess(&doc.text);
            }
            (doc.text, meta)
        }
        Kind::Docx | Kind::Odt | Kind::Rtf | Kind::Pdf | Kind::Csv => {
            unreachable!("read above")
        }
    };
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    Ok(SourceArticle {
        path: path.to_path_buf(),
        rel: file_name(path),
        text,
        encoding: decoded.encoding,
        sha256,
        meta,
        part: None,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Read a file, refusing it past `limit` bytes even if it grows while read.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, SkipReason> {
    file_read::read(path, limit).map_err(|e| match e {
        ReadFail::Io(e) => SkipReason::Unreadable(e.to_string()),
        ReadFail::NotAFile => SkipReason::NotAFile,
        ReadFail::TooLarge { size, limit } => SkipReason::TooLarge { size, limit },
    })
}

fn apply_sidecar(meta: &mut ArticleMeta, row: &sidecar::Row) {
    if let Some(v) = &row.outlet {
        meta.outlet = v.clone();
    }
    if let Some(v) = &row.title {
        meta.title = v.clone();
    }
    if let Some(v) = row.date.as_deref().and_then(parse_date) {
        meta.date = Some(v);
    }
    if let Some(v) = &row.url {
        meta.url = v.clone();
    }
    if let Some(v) = &row.author {
        meta.author = v.clone();
    }
}

/// A new project holding these articles, their paths stored relative to
/// `base` (the folder of the project file).
pub fn new_project(articles: Vec<SourceArticle>, base: &Path) -> Project {
    let mut project = Project::new(Schema::default());
    for a in articles {
        let article = Article::new(
            project.new_id(),
            a.path_in(base),
            a.encoding.to_owned(),
            a.sha256,
            a.meta,
            a.text,
        );
        // Fresh ids cannot collide.
        let _ = project.add_article(article);
    }
    project
}

//! Source files under a project: whether each article's file is still
//! there and unchanged (by SHA-256), and bringing a changed article up to
//! date by re-anchoring its spans on the new text. The project itself keeps
//! working from its stored snapshots whatever happens to the files.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::corpus::{self, ReadOptions};
use crate::edit::Edit;
use crate::file_read::{self, ReadFail};
use crate::model::{Article, Id, Project, Span};
use crate::paths;
use crate::reanchor::{self, Report};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SourceState {
    Unchanged,
    /// The file is there with different bytes.
    Changed,
    /// The file is gone, but a file with the same name was found here.
    Moved {
        to: PathBuf,
        changed: bool,
    },
    /// The file is gone.
    Missing,
    Unreadable {
        reason: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceCheck {
    pub article: Id,
    pub path: String,
    pub title: String,
    #[serde(flatten)]
    pub state: SourceState,
}

impl SourceCheck {
    pub fn describe(&self) -> String {
        match &self.state {
            SourceState::Unchanged => "unchanged".into(),
            SourceState::Changed => "changed since it was read".into(),
            SourceState::Moved { to, changed: false } => format!("moved to {}", to.display()),
            SourceState::Moved { to, changed: true } => {
                format!("moved to {} and changed", to.display())
            }
            SourceState::Missing => "missing (the project keeps its copy of the text)".into(),
            SourceState::Unreadable { reason } => format!("cannot be read: {reason}"),
        }
    }

    /// Whether "update from source" has a new text to take.
    pub fn updatable(&self) -> bool {
        matches!(self.state, SourceState::Changed | SourceState::Moved { .. })
    }
}

/// Files under `dir` named `name`, breadth-first, bounded so a huge tree
/// cannot stall the check.
fn find_by_name(dir: &Path, name: &std::ffi::OsStr, limit: usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut queue = std::collections::VecDeque::from([dir.to_path_buf()]);
    let mut seen = 0;
    while let Some(d) = queue.pop_front() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            seen += 1;
            if seen > limit {
                return out;
            }
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() && !e.file_name().to_string_lossy().starts_with('.') {
                queue.push_back(e.path());
            } else if t.is_file() && e.file_name() == name {
                out.push(e.path());
            }
        }
    }
    out
}

/// Check one article's source file, resolved from `base_dir`.
pub fn check_article(article: &Article, base_dir: &Path) -> SourceCheck {
    check_article_with(article, base_dir, &mut Default::default())
}

/// Hashes of files already read, by path: an export or a table holds many
/// articles, and is read once for all of them.
pub type Hashes = std::collections::HashMap<PathBuf, Result<String, String>>;

/// [`check_article`], reusing the hashes of files read for other articles.
pub fn check_article_with(article: &Article, base_dir: &Path, hashes: &mut Hashes) -> SourceCheck {
    let (file, _) = corpus::source_part(&article.path);
    let path = paths::resolve(base_dir, file);
    let hash = match hashes.get(&path) {
        Some(Ok(h)) => Ok(h.clone()),
        _ => file_read::sha256_hex(&path),
    };
    if let Ok(h) = &hash {
        hashes.insert(path.clone(), Ok(h.clone()));
    }
    let state = match hash {
        Ok(hash) if hash == article.sha256 => SourceState::Unchanged,
        Ok(_) => SourceState::Changed,
        Err(ReadFail::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            let name = path.file_name().unwrap_or_default();
            let found = find_by_name(base_dir, name, 50_000);
            let same = found
                .iter()
                .find(|p| file_read::sha256_hex(p).is_ok_and(|h| h == article.sha256));
            match (same, found.first()) {
                (Some(p), _) => SourceState::Moved {
                    to: p.clone(),
                    changed: false,
                },
                (None, Some(p)) if found.len() == 1 => SourceState::Moved {
                    to: p.clone(),
                    changed: true,
                },
                _ => SourceState::Missing,
            }
        }
        Err(e) => SourceState::Unreadable {
            reason: e.to_string(),
        },
    };
    SourceCheck {
        article: article.id,
        path: article.path.clone(),
        title: article.label().to_owned(),
        state,
    }
}

/// Check every article's source.
pub fn check(project: &Project, base_dir: &Path) -> Vec<SourceCheck> {
    let mut hashes = Hashes::new();
    project
        .articles()
        .iter()
        .map(|a| check_article_with(a, base_dir, &mut hashes))
        .collect()
}

/// The edit that takes an article's new source text and re-anchors its
/// spans (and orphans) on it, with the counts of how they were placed.
pub fn update_from_source(
    project: &Project,
    base_dir: &Path,
    check: &SourceCheck,
) -> Result<(Edit, Report), String> {
    let article = project
        .article(check.article)
        .ok_or("the article is no longer in the project")?;
    let spans: Vec<Span> = project
        .spans_of(article.id)
        .chain(project.orphans().filter(|o| o.article == article.id))
        .cloned()
        .collect();
    plan_update(article, &spans, base_dir, check)
}

/// [`update_from_source`] given the article and its spans and orphans
/// (copied out of the project, so that this can run on another thread).
pub fn plan_update(
    article: &Article,
    spans: &[Span],
    base_dir: &Path,
    check: &SourceCheck,
) -> Result<(Edit, Report), String> {
    let (stored, part) = corpus::source_part(&article.path);
    let file = match &check.state {
        SourceState::Changed => paths::resolve(base_dir, stored),
        SourceState::Moved { to, .. } => to.clone(),
        other => {
            return Err(format!(
                "nothing to update from: the source is {}",
                SourceCheck {
                    state: other.clone(),
                    ..check.clone()
                }
                .describe()
            ))
        }
    };
    // The same size limit as reading a folder: a source swapped for a huge
    // file is refused, not read into memory.
    let sources = corpus::read_file(&file, &ReadOptions::default())
        .map_err(|r| format!("{}: {r}", file.display()))?;
    // The same article of an export: by its number, which holds while the
    // database's export is only corrected, not reordered.
    let source = match part {
        Some(n) => sources
            .into_iter()
            .find(|s| s.part == Some(n))
            .ok_or_else(|| format!("{} no longer holds an article number {n}", file.display()))?,
        None => sources
            .into_iter()
            .next()
            .ok_or_else(|| format!("{}: no article in it", file.display()))?,
    };
    let relative = paths::relative(base_dir, &file);
    let mut new = Article::new(
        article.id,
        match part {
            Some(n) => format!("{relative}#{n}"),
            None => relative,
        },
        source.encoding.to_owned(),
        source.sha256,
        article.meta.clone(),
        source.text,
    );
    // Keep the stored path's form when the file did not move.
    if matches!(check.state, SourceState::Changed) {
        new.path = article.path.clone();
    }
    let outcome = reanchor::reanchor(spans, &new);
    let edit = Edit::ReplaceArticle {
        article: Box::new(new),
        spans: outcome.spans,
        orphans: outcome.orphans,
    };
    Ok((edit, outcome.report))
}

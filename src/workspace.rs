//! An open project: the data, its undo history, and where it lives on disk.
//! The app and the command line both work through this. The project is
//! read through [`Workspace::project`] and changed only by applying an
//! [`Edit`], so every change made here can be undone: the compiler, not a
//! convention, keeps the app from changing the project any other way.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::corpus::{self, Corpus, ReadOptions, SourceArticle};
use crate::edit::{Edit, EditError, History};
use crate::model::{Project, Snapshot};
use crate::paths;
use crate::project_file::{self, LoadError, SaveError};

#[derive(Debug)]
pub struct Workspace {
    /// Unique in this process: results of background work are matched to
    /// the workspace they were started for by it.
    id: u64,
    project: Project,
    history: History,
    /// The project file; `None` until first saved.
    file: Option<PathBuf>,
    /// The folder article paths are relative to.
    base_dir: PathBuf,
    /// The history revision last written to `file`.
    saved_revision: Option<u64>,
}

fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A save to run on another thread: a snapshot of the project (cheap to
/// take) and where it goes. [`SaveTask::run`] writes it;
/// [`Workspace::saved`] records the result.
#[derive(Debug)]
pub struct SaveTask {
    snapshot: Snapshot,
    path: PathBuf,
    revision: u64,
    /// For Save as to another folder: article paths are rewritten from the
    /// first folder to the second.
    rebase: Option<(PathBuf, PathBuf)>,
}

/// A save that went through.
#[derive(Debug)]
pub struct Saved {
    path: PathBuf,
    revision: u64,
    rebase: Option<(PathBuf, PathBuf)>,
}

impl Saved {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl SaveTask {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Write the snapshot atomically (off the UI thread in the app).
    pub fn run(self) -> Result<Saved, SaveError> {
        let mut snapshot = self.snapshot.ordered();
        if let Some((from, to)) = &self.rebase {
            for a in &mut snapshot.articles {
                if let Some(moved) = moved_path(&a.path, from, to) {
                    std::sync::Arc::make_mut(a).path = moved;
                }
            }
        }
        project_file::save_snapshot(&snapshot, &self.path)?;
        Ok(Saved {
            path: self.path,
            revision: self.revision,
            rebase: self.rebase,
        })
    }
}

/// An autosave to run on another thread: a snapshot of unsaved work for
/// the recovery file.
#[derive(Debug)]
pub struct RecoveryTask {
    snapshot: Snapshot,
    file: Option<PathBuf>,
    base_dir: PathBuf,
}

impl RecoveryTask {
    /// Write the recovery file in `dir`; returns its path.
    pub fn run(self, dir: &Path) -> std::io::Result<PathBuf> {
        let snapshot = self.snapshot.ordered();
        crate::recovery::write_snapshot(&snapshot, self.file.as_deref(), &self.base_dir, dir)
    }
}

impl Workspace {
    fn with_parts(project: Project, file: Option<PathBuf>, base_dir: PathBuf) -> Self {
        Self {
            id: next_id(),
            project,
            history: History::new(),
            file,
            base_dir,
            saved_revision: None,
        }
    }

    /// A new, unsaved project of articles read from the folder `root`.
    pub fn from_articles(articles: Vec<SourceArticle>, root: &Path) -> Self {
        let base_dir = root.to_path_buf();
        Self::with_parts(corpus::new_project(articles, &base_dir), None, base_dir)
    }

    /// This workspace's id, unique in the process.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Read a folder of articles into a new, unsaved project. The returned
    /// corpus has no articles left, only what was skipped and why.
    pub fn from_folder(
        dir: &Path,
        options: &ReadOptions,
    ) -> Result<(Self, Corpus), corpus::ReadError> {
        Self::from_folder_with(dir, options, &corpus::Progress::default())
    }

    /// [`Self::from_folder`] with progress and cancellation.
    pub fn from_folder_with(
        dir: &Path,
        options: &ReadOptions,
        progress: &corpus::Progress,
    ) -> Result<(Self, Corpus), corpus::ReadError> {
        let mut corpus = corpus::read_folder_with(dir, options, progress)?;
        let articles = std::mem::take(&mut corpus.articles);
        Ok((Self::from_articles(articles, &corpus.root), corpus))
    }

    /// Read a CSV table of articles (a row each) into a new, unsaved project.
    pub fn from_table(
        path: &Path,
        columns: Option<&corpus::table::Columns>,
        options: &ReadOptions,
    ) -> Result<(Self, Corpus), corpus::ReadError> {
        let mut corpus = corpus::read_table(path, columns, options)?;
        let articles = std::mem::take(&mut corpus.articles);
        Ok((Self::from_articles(articles, &corpus.root), corpus))
    }

    /// Open a project file.
    pub fn open(path: &Path) -> Result<Self, LoadError> {
        let project = project_file::load(path)?;
        Ok(Self::with_file(project, path))
    }

    /// Wrap an already loaded project that lives at `path`.
    pub fn with_file(project: Project, path: &Path) -> Self {
        let mut ws = Self::with_parts(
            project,
            Some(paths::absolute(path)),
            paths::project_dir(path),
        );
        ws.saved_revision = Some(ws.history.revision());
        ws
    }

    /// Work brought back from a recovery file: tied to its original file
    /// (if it had one) and unsaved.
    pub fn recovered(project: Project, file: Option<&Path>, base_dir: &Path) -> Self {
        Self::with_parts(project, file.map(paths::absolute), base_dir.to_path_buf())
    }

    /// The project, to read. Change it with [`Workspace::apply`].
    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Changes with every apply, undo and redo: what caches are keyed on.
    pub fn revision(&self) -> u64 {
        self.history.revision()
    }

    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    pub fn base_dir(&self) -> &Path {
        &self.base_dir
    }

    /// The project's name: its file name without `.ron`, or the folder name.
    pub fn name(&self) -> String {
        match &self.file {
            Some(f) => f
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            None => self
                .base_dir
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "untitled".into()),
        }
    }

    /// Whether there are changes not written to the project file.
    pub fn is_dirty(&self) -> bool {
        self.saved_revision != Some(self.history.revision())
    }

    /// Apply an edit as one undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.history.apply(&mut self.project, edit)
    }

    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        self.history.undo(&mut self.project)
    }

    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        self.history.redo(&mut self.project)
    }

    /// Where an article's source file is.
    pub fn article_source(&self, stored: &str) -> PathBuf {
        paths::resolve(&self.base_dir, stored)
    }

    /// Save to the project file. Errors when the project has never been saved.
    pub fn save(&mut self) -> Result<(), SaveError> {
        let saved = self.save_task()?.run()?;
        self.saved(saved);
        Ok(())
    }

    /// Save to a new file. Article paths are rewritten relative to its folder.
    /// On failure nothing changes, in memory or on disk.
    pub fn save_as(&mut self, path: &Path) -> Result<(), SaveError> {
        let saved = self.save_as_task(path).run()?;
        self.saved(saved);
        Ok(())
    }

    /// A snapshot to save to the project file; errors when it has none yet.
    pub fn save_task(&self) -> Result<SaveTask, SaveError> {
        let Some(path) = self.file.clone() else {
            return Err(SaveError {
                path: PathBuf::new(),
                source: std::io::Error::other("the project has no file yet; use Save As"),
            });
        };
        Ok(self.snapshot(path, None))
    }

    /// A snapshot to save as a new file (paths rewritten for its folder).
    pub fn save_as_task(&self, path: &Path) -> SaveTask {
        let new_base = paths::project_dir(path);
        let rebase = (paths::absolute(&self.base_dir) != paths::absolute(&new_base))
            .then(|| (self.base_dir.clone(), new_base));
        self.snapshot(path.to_path_buf(), rebase)
    }

    /// A snapshot for the recovery file.
    pub fn recovery_task(&self) -> RecoveryTask {
        RecoveryTask {
            snapshot: self.project.snapshot(),
            file: self.file.clone(),
            base_dir: self.base_dir.clone(),
        }
    }

    fn snapshot(&self, path: PathBuf, rebase: Option<(PathBuf, PathBuf)>) -> SaveTask {
        SaveTask {
            snapshot: self.project.snapshot(),
            path,
            revision: self.history.revision(),
            rebase,
        }
    }

    /// Record a save that went through: the project is saved as of the
    /// snapshot's revision (later edits stay unsaved), and after Save as it
    /// lives at the new file, its paths and those kept for undo rewritten.
    pub fn saved(&mut self, saved: Saved) {
        if let Some((from, to)) = &saved.rebase {
            rebase(&mut self.project, from, to);
            self.history.rebase_paths(&|p| rebased(p, from, to));
            self.base_dir = to.clone();
        }
        self.file = Some(paths::absolute(&saved.path));
        self.saved_revision = Some(saved.revision);
    }
}

/// Rewrite article paths from being relative to `from` to relative to `to`.
fn rebase(project: &mut Project, from: &Path, to: &Path) {
    if paths::absolute(from) == paths::absolute(to) {
        return;
    }
    // Only articles whose path reads differently are touched (and copied).
    let moved: Vec<_> = project
        .articles()
        .iter()
        .filter_map(|a| Some((a.id, moved_path(&a.path, from, to)?)))
        .collect();
    for (id, path) in moved {
        if let Some(a) = project.article_mut(id) {
            a.path = path;
        }
    }
}

/// The stored path relative to `to`, when it differs from relative to `from`.
fn moved_path(path: &str, from: &Path, to: &Path) -> Option<String> {
    let moved = rebased(path, from, to);
    (moved != path).then_some(moved)
}

/// One stored path, relative to `from`, made relative to `to`.
fn rebased(path: &str, from: &Path, to: &Path) -> String {
    paths::relative(to, &paths::resolve(from, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_as_rebases_paths_and_tracks_dirty_state() {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("articles");
        std::fs::create_dir_all(&articles).unwrap();
        std::fs::write(articles.join("a.txt"), "Title\n\nBody said.").unwrap();
        let (mut ws, _) = Workspace::from_folder(&articles, &ReadOptions::default()).unwrap();
        assert_eq!(ws.project.articles()[0].path, "a.txt");
        assert!(ws.is_dirty(), "a new project is unsaved");
        assert!(ws.save().is_err());
        let out = dir.path().join("projects").join("p.ron");
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        ws.save_as(&out).unwrap();
        assert!(!ws.is_dirty());
        assert_eq!(ws.project.articles()[0].path, "../articles/a.txt");
        assert_eq!(
            ws.article_source("../articles/a.txt"),
            paths::absolute(&articles.join("a.txt"))
        );
        let reopened = Workspace::open(&out).unwrap();
        assert_eq!(reopened.project, ws.project);
        assert_eq!(ws.name(), "p");
    }
}

//! Work off the UI thread: opening folders and project files, reading and
//! planning imports, writing exports, saving and autosaving, checking
//! source files, updating an article from its source and comparing the
//! outlets of a large project. The UI thread hands each job what it needs (a
//! path, or a snapshot of the project, which costs little to take) and
//! applies what comes back, once per frame; no frame waits for a job.
//!
//! Jobs that change the project say which workspace they were started for
//! (its id), so a result that arrives after another project was opened is
//! never applied to the wrong one.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{channel, Receiver, TryRecvError};
use std::sync::Arc;

use crate::corpus::{self, Progress, ReadOptions, Skipped};
use crate::edit::Edit;
use crate::import::{Doc, ImportFormat, ImportReport};
use crate::model::Id;
use crate::project_file::{self, LoadProgress};
use crate::reanchor::Report;
use crate::sources::SourceCheck;
use crate::workspace::{RecoveryTask, SaveTask, Saved, Workspace};

/// One piece of work on its own thread, polled once per frame.
pub struct Job<T> {
    rx: Receiver<T>,
}

impl<T: Send + 'static> Job<T> {
    /// Run `work` on a new thread; the window repaints when it is done.
    pub fn spawn(ctx: &egui::Context, work: impl FnOnce() -> T + Send + 'static) -> Self {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(work());
            ctx.request_repaint();
        });
        Self { rx }
    }

    /// The result once the work is done; an error if the thread died.
    pub fn poll(&self) -> Option<Result<T, String>> {
        match self.rx.try_recv() {
            Ok(r) => Some(Ok(r)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err("the background work stopped unexpectedly".into()))
            }
        }
    }
}

pub enum Loaded {
    Folder {
        ws: Workspace,
        skipped: Vec<Skipped>,
        warnings: Vec<String>,
    },
    Project {
        ws: Workspace,
    },
    Failed(String),
    Cancelled,
}

/// Opening a folder of articles or a project file.
pub struct Loader {
    pub path: PathBuf,
    pub is_folder: bool,
    /// Files found and read (folders).
    pub progress: Arc<Progress>,
    /// Bytes read and parsed (project files).
    pub bytes: Arc<LoadProgress>,
    job: Job<Loaded>,
}

impl Loader {
    /// Start reading `path`: a folder of articles or a project file.
    pub fn start(path: &Path, ctx: &egui::Context) -> Self {
        Self::start_with(path, None, ctx)
    }

    /// Start reading a CSV table of articles with these columns.
    pub fn start_table(path: &Path, columns: corpus::table::Columns, ctx: &egui::Context) -> Self {
        Self::start_with(path, Some(columns), ctx)
    }

    fn start_with(path: &Path, table: Option<corpus::table::Columns>, ctx: &egui::Context) -> Self {
        let progress = Arc::new(Progress::default());
        let bytes = Arc::new(LoadProgress::default());
        // A folder, a CSV table, or one article file (or export) alone.
        let article_file = path.is_file()
            && !path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
        let is_folder = path.is_dir() || table.is_some() || article_file;
        let (job_path, job_progress, job_bytes) =
            (path.to_path_buf(), progress.clone(), bytes.clone());
        let job = Job::spawn(ctx, move || {
            if let Some(columns) = table {
                match Workspace::from_table(&job_path, Some(&columns), &ReadOptions::default()) {
                    Ok((ws, corpus)) => Loaded::Folder {
                        ws,
                        skipped: corpus.skipped,
                        warnings: corpus.warnings,
                    },
                    Err(e) => Loaded::Failed(e.to_string()),
                }
            } else if is_folder {
                match Workspace::from_folder_with(&job_path, &ReadOptions::default(), &job_progress)
                {
                    Ok((ws, corpus)) => Loaded::Folder {
                        ws,
                        skipped: corpus.skipped,
                        warnings: corpus.warnings,
                    },
                    Err(corpus::ReadError::Cancelled) => Loaded::Cancelled,
                    Err(e) => Loaded::Failed(e.to_string()),
                }
            } else {
                match project_file::load_reporting(&job_path, &job_bytes) {
                    Ok(p) => Loaded::Project {
                        ws: Workspace::with_file(p, &job_path),
                    },
                    Err(e) => Loaded::Failed(e.to_string()),
                }
            }
        });
        Self {
            path: path.to_path_buf(),
            is_folder,
            progress,
            bytes,
            job,
        }
    }

    pub fn cancel(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }

    /// The result, once the thread is done.
    pub fn poll(&self) -> Option<Loaded> {
        self.job
            .poll()
            .map(|r| r.unwrap_or_else(|_| Loaded::Failed("the reader stopped unexpectedly".into())))
    }

    /// (done, found) files so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.progress.done.load(Ordering::Relaxed),
            self.progress.found.load(Ordering::Relaxed),
        )
    }

    /// (read, parsed, size) bytes so far of a project file.
    pub fn byte_counts(&self) -> (u64, u64, u64) {
        (
            self.bytes.read.load(Ordering::Relaxed),
            self.bytes.parsed.load(Ordering::Relaxed),
            self.bytes.size.load(Ordering::Relaxed),
        )
    }
}

/// Another tool's export being read, and its spans planned against a
/// snapshot of the project; the plan is applied on the UI thread if the
/// project has not changed meanwhile (else planned again).
pub struct ImportJob {
    pub format: ImportFormat,
    pub path: PathBuf,
    /// The workspace the import is for, and its revision the plan fits.
    pub workspace: u64,
    pub revision: u64,
    job: Job<Result<Planned, String>>,
}

/// What an import read, and how its spans would be placed.
pub struct Planned {
    pub docs: Arc<Vec<Doc>>,
    pub edit: Edit,
    pub report: ImportReport,
}

impl ImportJob {
    pub fn start(
        format: ImportFormat,
        path: &Path,
        ws: &Workspace,
        annotator: &str,
        ctx: &egui::Context,
    ) -> Self {
        let job_path = path.to_path_buf();
        Self::spawn(format, path, ws, annotator, ctx, move || {
            format.read(&job_path).map(Arc::new)
        })
    }

    /// Plan the documents already read again, against the project as it
    /// is now.
    pub fn replan(
        &self,
        docs: Arc<Vec<Doc>>,
        ws: &Workspace,
        annotator: &str,
        ctx: &egui::Context,
    ) -> Self {
        Self::spawn(self.format, &self.path, ws, annotator, ctx, move || {
            Ok(docs)
        })
    }

    fn spawn(
        format: ImportFormat,
        path: &Path,
        ws: &Workspace,
        annotator: &str,
        ctx: &egui::Context,
        read: impl FnOnce() -> Result<Arc<Vec<Doc>>, String> + Send + 'static,
    ) -> Self {
        let snapshot = ws.project().snapshot();
        let annotator = annotator.to_owned();
        Self {
            format,
            path: path.to_path_buf(),
            workspace: ws.id(),
            revision: ws.revision(),
            job: Job::spawn(ctx, move || {
                let docs = read()?;
                let project = crate::model::Project::from_snapshot(snapshot);
                let (edit, report) = crate::import::plan(&project, &docs, &annotator);
                Ok(Planned { docs, edit, report })
            }),
        }
    }

    /// The plan, once the thread is done.
    pub fn poll(&self) -> Option<Result<Planned, String>> {
        self.job.poll().map(|r| r.and_then(|r| r))
    }
}

/// What a save is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveKind {
    Save,
    SaveAs,
}

/// A save (or Save as) on its own thread.
pub struct SaveJob {
    pub kind: SaveKind,
    pub path: PathBuf,
    pub workspace: u64,
    job: Job<Result<Saved, String>>,
}

impl SaveJob {
    pub fn start(kind: SaveKind, task: SaveTask, workspace: u64, ctx: &egui::Context) -> Self {
        let path = task.path().to_path_buf();
        Self {
            kind,
            path,
            workspace,
            job: Job::spawn(ctx, move || task.run().map_err(|e| e.to_string())),
        }
    }

    pub fn poll(&self) -> Option<Result<Saved, String>> {
        self.job.poll().map(|r| r.and_then(|r| r))
    }
}

/// An autosave of unsaved work to the recovery file.
pub struct AutosaveJob {
    pub workspace: u64,
    job: Job<std::io::Result<PathBuf>>,
}

impl AutosaveJob {
    pub fn start(task: RecoveryTask, dir: PathBuf, workspace: u64, ctx: &egui::Context) -> Self {
        Self {
            workspace,
            job: Job::spawn(ctx, move || task.run(&dir)),
        }
    }

    pub fn poll(&self) -> Option<Result<PathBuf, String>> {
        self.job
            .poll()
            .map(|r| r.and_then(|r| r.map_err(|e| e.to_string())))
    }
}

/// Checking every article's source file (hashing them all).
pub struct SourceCheckJob {
    pub workspace: u64,
    job: Job<Vec<SourceCheck>>,
}

impl SourceCheckJob {
    pub fn start(ws: &Workspace, ctx: &egui::Context) -> Self {
        // Articles are shared records, so this copy is cheap.
        let articles: Vec<std::sync::Arc<crate::model::Article>> = ws.project().articles().to_vec();
        let base = ws.base_dir().to_path_buf();
        Self {
            workspace: ws.id(),
            job: Job::spawn(ctx, move || {
                let mut hashes = crate::sources::Hashes::new();
                articles
                    .iter()
                    .map(|a| crate::sources::check_article_with(a, &base, &mut hashes))
                    .collect()
            }),
        }
    }

    pub fn poll(&self) -> Option<Result<Vec<SourceCheck>, String>> {
        self.job.poll()
    }
}

/// Reading an article's new source text and re-anchoring its spans on it.
pub struct UpdateJob {
    pub workspace: u64,
    pub article: Id,
    pub title: String,
    /// What the plan is made from: if the article, its spans or the
    /// project's folder change meanwhile, the plan is made again.
    from: UpdateInputs,
    job: Job<Result<(Edit, Report), String>>,
}

#[derive(Clone, PartialEq)]
struct UpdateInputs {
    article: Arc<crate::model::Article>,
    spans: Vec<crate::model::Span>,
    base: PathBuf,
}

impl UpdateInputs {
    /// Only what the plan reads: the article, its spans and orphans.
    fn of(ws: &Workspace, article: Id) -> Option<Self> {
        let p = ws.project();
        let article = p.articles().get(p.article_index(article)?)?.clone();
        let spans = p
            .spans_of(article.id)
            .chain(p.orphans().filter(|o| o.article == article.id))
            .cloned()
            .collect();
        Some(Self {
            article,
            spans,
            base: ws.base_dir().to_path_buf(),
        })
    }

    fn same_as(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.article, &other.article)
            && self.spans == other.spans
            && self.base == other.base
    }
}

impl UpdateJob {
    /// `None` when the article is no longer in the project.
    pub fn start(ws: &Workspace, check: &SourceCheck, ctx: &egui::Context) -> Option<Self> {
        let from = UpdateInputs::of(ws, check.article)?;
        let inputs = from.clone();
        let job_check = check.clone();
        Some(Self {
            workspace: ws.id(),
            article: check.article,
            title: check.title.clone(),
            from,
            job: Job::spawn(ctx, move || {
                crate::sources::plan_update(
                    &inputs.article,
                    &inputs.spans,
                    &inputs.base,
                    &job_check,
                )
            }),
        })
    }

    /// Whether the plan still fits the project: nothing it was made from
    /// has changed since it started.
    pub fn still_fits(&self, ws: &Workspace) -> bool {
        UpdateInputs::of(ws, self.article).is_some_and(|now| now.same_as(&self.from))
    }

    pub fn poll(&self) -> Option<Result<(Edit, Report), String>> {
        self.job.poll().map(|r| r.and_then(|r| r))
    }
}

/// Writing an export from a snapshot of the project.
pub struct ExportJob {
    pub path: PathBuf,
    /// What the status line says when it is done.
    pub done: String,
    job: Job<Result<(), String>>,
}

impl ExportJob {
    pub fn start(
        ws: &Workspace,
        path: &Path,
        done: String,
        ctx: &egui::Context,
        write: impl FnOnce(&crate::model::Project, &Path) -> Result<(), String> + Send + 'static,
    ) -> Self {
        let snapshot = ws.project().snapshot();
        let job_path = path.to_path_buf();
        Self {
            path: path.to_path_buf(),
            done,
            job: Job::spawn(ctx, move || {
                write(&crate::model::Project::from_snapshot(snapshot), &job_path)
            }),
        }
    }

    pub fn poll(&self) -> Option<Result<(), String>> {
        self.job.poll().map(|r| r.and_then(|r| r))
    }
}

/// Work on a whole project that a frame cannot hold (the comparison of a
/// large study, the coders' agreement), from a snapshot, while the analyst
/// goes on editing the original.
pub struct SnapshotJob<T> {
    /// What it was started for: the project's generation and revision.
    pub key: (u64, u64),
    job: Job<T>,
}

impl<T: Send + 'static> SnapshotJob<T> {
    pub fn start(
        ws: &Workspace,
        key: (u64, u64),
        ctx: &egui::Context,
        work: impl FnOnce(&crate::model::Project) -> T + Send + 'static,
    ) -> Self {
        let snapshot = ws.project().snapshot();
        Self {
            key,
            job: Job::spawn(ctx, move || {
                work(&crate::model::Project::from_snapshot(snapshot))
            }),
        }
    }

    pub fn poll(&self) -> Option<Result<T, String>> {
        self.job.poll()
    }
}

/// The comparison (facts × outlets, per-outlet totals).
pub type ComparisonJob = SnapshotJob<(
    crate::compare::Matrix,
    Vec<crate::compare::OutletSummary>,
    Vec<String>,
)>;

/// Agreement between the annotators of a project.
pub type AgreementJob = SnapshotJob<Option<crate::agreement::Report>>;

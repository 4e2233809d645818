//! Opening folders and project files, and reading files to import, on a
//! background thread (with progress and cancellation where it can take
//! long), so the window never freezes on a large corpus.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{channel, Receiver, TryRecvError};
use std::sync::Arc;

use crate::corpus::{self, Progress, ReadOptions, Skipped};
use crate::import::{Doc, ImportFormat};
use crate::workspace::Workspace;

pub enum Loaded {
    Folder {
        ws: Workspace,
        skipped: Vec<Skipped>,
        warnings: Vec<String>,
    },
    Project {
        ws: Workspace,
        /// The state of every article's source file.
        sources: Vec<crate::sources::SourceCheck>,
    },
    Failed(String),
    Cancelled,
}

pub struct Loader {
    pub path: PathBuf,
    pub is_folder: bool,
    pub progress: Arc<Progress>,
    rx: Receiver<Loaded>,
}

impl Loader {
    /// Start reading `path`: a folder of articles or a project file.
    pub fn start(path: &Path, ctx: &egui::Context) -> Self {
        let (tx, rx) = channel();
        let progress = Arc::new(Progress::default());
        let is_folder = path.is_dir();
        let job_path = path.to_path_buf();
        let job_progress = progress.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result = if is_folder {
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
                match Workspace::open(&job_path) {
                    Ok(ws) => {
                        let sources = crate::sources::check(&ws.project(), ws.base_dir());
                        Loaded::Project { ws, sources }
                    }
                    Err(e) => Loaded::Failed(e.to_string()),
                }
            };
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        Self {
            path: path.to_path_buf(),
            is_folder,
            progress,
            rx,
        }
    }

    pub fn cancel(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }

    /// The result, once the thread is done.
    pub fn poll(&self) -> Option<Loaded> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Loaded::Failed("the reader stopped unexpectedly".into()))
            }
        }
    }

    /// (done, found) files so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.progress.done.load(Ordering::Relaxed),
            self.progress.found.load(Ordering::Relaxed),
        )
    }
}

/// Another tool's export being read; placing its spans happens on the UI
/// thread against the project as it is then.
pub struct ImportJob {
    pub format: ImportFormat,
    pub path: PathBuf,
    rx: Receiver<Result<Vec<Doc>, String>>,
}

impl ImportJob {
    pub fn start(format: ImportFormat, path: &Path, ctx: &egui::Context) -> Self {
        let (tx, rx) = channel();
        let job_path = path.to_path_buf();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(format.read(&job_path));
            ctx.request_repaint();
        });
        Self {
            format,
            path: path.to_path_buf(),
            rx,
        }
    }

    /// The documents read, once the thread is done.
    pub fn poll(&self) -> Option<Result<Vec<Doc>, String>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err("the import stopped unexpectedly".into())),
        }
    }
}

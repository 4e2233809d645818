//! Files and background work: opening folders and projects (the open
//! project set aside until the new one loads), saving and Save as,
//! autosave and recovery, imports, exports, and source files. Reading,
//! writing, hashing and planning run as jobs (`ui/background.rs`); results
//! are taken here, once per frame, and only for the workspace they were
//! started for.

use std::path::{Path, PathBuf};

use super::{ParallaxApp, Pending};
use crate::export::compare::CompareFormat;
use crate::export::Format;
use crate::import::ImportFormat;
use crate::model::Id;
use crate::recovery;
use crate::sources::SourceState;
use crate::ui::action::Action;
use crate::ui::background::{
    AutosaveJob, ExportJob, ImportJob, Loaded, Loader, SaveJob, SaveKind, SourceCheckJob, UpdateJob,
};
use crate::ui::command::Command;
use crate::ui::dialogs::{self, Dialog, OpenPurpose, SavePurpose};
use crate::ui::selection::Selection;
use crate::workspace::Workspace;

impl ParallaxApp {
    /// Take what background jobs have finished.
    pub(super) fn poll_jobs(&mut self, ctx: &egui::Context) {
        self.poll_loader(ctx);
        self.poll_import(ctx);
        self.poll_save();
        self.poll_autosave();
        self.poll_sources();
        self.poll_update(ctx);
        self.poll_export();
        if let Some(e) = self.caches.compare.poll() {
            self.status
                .error(format!("Could not compare the outlets: {e}"));
        }
        if let Some(e) = self.caches.agreement.poll() {
            self.status
                .error(format!("Could not work out the agreement: {e}"));
        }
        self.caches.dupes.poll();
        if let Some(ws) = &self.ws {
            self.caches.dupes.refresh(ws, self.generation, ctx);
        }
    }

    /// Go on with what waited for a save or for files being written, at
    /// the end of a frame: an edit made in the frame a save finished is
    /// saved too before the project closes.
    pub(super) fn go_on(&mut self, ctx: &egui::Context) {
        if std::mem::take(&mut self.save_finished) {
            if let Some(pending) = self.after_save.take() {
                if self.is_dirty() {
                    self.after_save = Some(pending);
                    self.save(ctx);
                } else {
                    self.proceed(pending, ctx);
                }
            }
        }
        if self.quit_when_idle && !self.jobs.writing() {
            self.quit_when_idle = false;
            self.proceed(Pending::Quit, ctx);
        }
    }

    /// Put a newly read workspace in the window, and offer its unsaved
    /// work from an earlier session if there is some.
    pub(super) fn install(&mut self, ws: Workspace, from: &Path) {
        self.prefs.remember_recent(from);
        let rec = recovery::find(&self.options.recovery_dir, ws.file(), ws.base_dir());
        self.set_workspace(ws);
        if let Some(rec) = rec {
            self.dialog = Some(Dialog::Recovery(rec));
        }
    }

    /// Show `ws`, from its first article.
    fn set_workspace(&mut self, ws: Workspace) {
        self.ws = Some(ws);
        self.generation += 1;
        self.caches = Default::default();
        self.sel = Selection::default();
        self.doc.reset();
        self.parts.inspector = Default::default();
        self.sel.article = self.first_article();
    }

    fn first_article(&mut self) -> Option<Id> {
        let first = self.article_order().first().copied();
        first.or_else(|| self.ws.as_ref()?.project().articles().first().map(|a| a.id))
    }

    /// The articles in the order the article list shows them.
    pub(super) fn article_order(&mut self) -> &[Id] {
        let Some(ws) = self.ws.as_ref() else {
            return &[];
        };
        self.caches.articles.order(
            ws,
            self.generation,
            &self.panels,
            self.prefs.group_by_outlet,
        )
    }

    fn poll_loader(&mut self, ctx: &egui::Context) {
        let Some(loaded) = self.jobs.loader.as_ref().and_then(Loader::poll) else {
            return;
        };
        let Some(loader) = self.jobs.loader.take() else {
            return;
        };
        match loaded {
            Loaded::Folder {
                ws,
                skipped,
                warnings,
            } => {
                let n = ws.project().articles().len();
                self.install(ws, &loader.path);
                let mut msg = format!("Read {n} article(s) from {}.", loader.path.display());
                if !skipped.is_empty() {
                    msg.push_str(&format!(
                        " {} file(s) skipped (File → Skipped files).",
                        skipped.len()
                    ));
                    self.windows.skipped = true;
                }
                for w in warnings {
                    msg.push_str(&format!(" {w}"));
                }
                self.skipped = skipped;
                self.status.done(msg);
            }
            Loaded::Project { ws } => {
                self.install(ws, &loader.path);
                // Hashing every source file takes a while in a large study:
                // the workbench is open meanwhile.
                self.check_sources(ctx);
                self.skipped.clear();
                let mut msg = format!("Opened {}.", loader.path.display());
                if let Some(ws) = &self.ws {
                    let orphans = ws.project().orphan_count();
                    if orphans > 0 {
                        msg.push_str(&format!(" {orphans} orphaned span(s)."));
                    }
                    let conflicts = ws.project().conflicts().len();
                    if conflicts > 0 {
                        msg.push_str(&format!(
                            " {conflicts} merge conflict(s) to decide: File → Merge conflicts…"
                        ));
                    }
                }
                self.status.done(msg);
            }
            Loaded::Failed(e) => {
                self.dialog = Some(Dialog::Error(e));
                self.bring_back_set_aside(ctx);
                return;
            }
            Loaded::Cancelled => {
                self.status.done("Reading cancelled.");
                self.bring_back_set_aside(ctx);
                return;
            }
        }
        if let Some(old) = self.jobs.set_aside.take() {
            recovery::discard(&recovery::path_for(&old, &self.options.recovery_dir));
        }
    }

    /// Open `path` in place of the current project, which is set aside
    /// until the new one has loaded.
    pub(super) fn open_replacing(&mut self, path: &Path, ctx: &egui::Context) {
        if !path.exists() {
            self.dialog = Some(Dialog::Error(format!("{} does not exist.", path.display())));
            return;
        }
        // A CSV table: which columns hold what, asked first.
        if path.is_file()
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            match crate::corpus::table::header(path) {
                Ok(header) => {
                    let columns =
                        crate::corpus::table::Columns::guess(&header).unwrap_or_else(|| {
                            crate::corpus::table::Columns {
                                text: header.first().cloned().unwrap_or_default(),
                                ..Default::default()
                            }
                        });
                    self.dialog = Some(Dialog::TableColumns {
                        path: path.to_path_buf(),
                        header,
                        columns,
                    });
                }
                Err(e) => self.dialog = Some(Dialog::Error(e)),
            }
            return;
        }
        self.start_loader(Loader::start(path, ctx));
    }

    /// Read a CSV table of articles with the columns chosen.
    pub(super) fn open_table(
        &mut self,
        path: &Path,
        columns: crate::corpus::table::Columns,
        ctx: &egui::Context,
    ) {
        self.start_loader(Loader::start_table(path, columns, ctx));
    }

    fn start_loader(&mut self, loader: Loader) {
        if let Some(ws) = self.detach_project() {
            self.jobs.set_aside = Some(ws);
        }
        if let Some(l) = &self.jobs.loader {
            l.cancel();
        }
        self.jobs.loader = Some(loader);
    }

    fn bring_back_set_aside(&mut self, ctx: &egui::Context) {
        if let Some(ws) = self.jobs.set_aside.take() {
            self.set_workspace(ws);
            self.check_sources(ctx);
        }
    }

    /// Take the project out of the window, leaving its recovery file.
    fn detach_project(&mut self) -> Option<Workspace> {
        let ws = self.ws.take();
        self.generation += 1;
        // What the panels kept of the old project goes with it.
        self.caches = Default::default();
        self.sel = Selection::default();
        self.doc.reset();
        self.skipped.clear();
        self.sources.clear();
        self.windows.sources = false;
        self.windows.orphans = false;
        ws
    }

    pub(super) fn close_project(&mut self) {
        if let Some(ws) = self.detach_project() {
            recovery::discard(&recovery::path_for(&ws, &self.options.recovery_dir));
            self.status.done(format!("Closed {}.", ws.name()));
        }
    }

    pub(super) fn restore_recovery(&mut self, rec: recovery::Recovery, ctx: &egui::Context) {
        match recovery::restore(&rec) {
            Ok(ws) => {
                self.set_workspace(ws);
                self.check_sources(ctx);
                self.status.done("Restored unsaved work. Save to keep it.");
            }
            Err(e) => self.dialog = Some(Dialog::Error(format!("Could not restore: {e}"))),
        }
    }

    pub(super) fn default_dir(&self) -> PathBuf {
        self.ws
            .as_ref()
            .map(|ws| ws.base_dir().to_path_buf())
            .or_else(|| {
                self.prefs
                    .recent
                    .first()
                    .and_then(|p| p.parent().map(Path::to_path_buf))
            })
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_default())
    }

    pub(super) fn ask_open(&mut self, purpose: OpenPurpose) {
        self.dialog = Some(Dialog::open(
            purpose,
            self.options.native_dialogs,
            self.default_dir(),
        ));
    }

    pub(super) fn ask_save_path(&mut self, purpose: SavePurpose) {
        let Some(ws) = &self.ws else { return };
        let dir = ws
            .file()
            .and_then(Path::parent)
            .unwrap_or(ws.base_dir())
            .to_path_buf();
        let default = match purpose {
            SavePurpose::SaveAs => ws
                .file()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| dialogs::default_project_path(ws.base_dir())),
            SavePurpose::ExportCompare(f) => dir.join(f.default_name(&ws.name())),
            SavePurpose::Export(f) => dir.join(f.default_name(&ws.name())),
        };
        self.dialog = Some(Dialog::save(purpose, default, self.options.native_dialogs));
    }

    /// Save to the project file, off the UI thread.
    pub(super) fn save(&mut self, ctx: &egui::Context) {
        let Some(ws) = self.ws.as_ref() else { return };
        if self.jobs.save.is_some() {
            self.status.hint("A save is already under way.");
            return;
        }
        match ws.save_task() {
            Ok(task) => {
                self.status
                    .done(format!("Saving {}…", task.path().display()));
                self.jobs.save = Some(SaveJob::start(SaveKind::Save, task, ws.id(), ctx));
            }
            Err(_) => self.ask_save_path(SavePurpose::SaveAs),
        }
    }

    pub(super) fn save_to(&mut self, path: PathBuf, ctx: &egui::Context) {
        let Some(ws) = self.ws.as_ref() else { return };
        if self.jobs.save.is_some() {
            self.status
                .hint("A save is already under way; try again when it is done.");
            return;
        }
        let task = ws.save_as_task(&path);
        self.status.done(format!("Saving {}…", path.display()));
        self.jobs.save = Some(SaveJob::start(SaveKind::SaveAs, task, ws.id(), ctx));
    }

    fn poll_save(&mut self) {
        let Some(result) = self.jobs.save.as_ref().and_then(SaveJob::poll) else {
            return;
        };
        let Some(job) = self.jobs.save.take() else {
            return;
        };
        let ws = match (self.ws.as_mut(), self.jobs.set_aside.as_mut()) {
            (Some(ws), _) if ws.id() == job.workspace => Some(ws),
            (_, Some(ws)) if ws.id() == job.workspace => Some(ws),
            _ => None,
        };
        match result {
            Ok(saved) => {
                let path = saved.path().to_path_buf();
                let Some(ws) = ws else {
                    // Written to disk; the project has since been closed.
                    self.status.done(format!("Saved {}.", path.display()));
                    return;
                };
                let old_recovery = recovery::path_for(ws, &self.options.recovery_dir);
                ws.saved(saved);
                recovery::discard(&old_recovery);
                if !ws.is_dirty() {
                    recovery::discard(&recovery::path_for(ws, &self.options.recovery_dir));
                }
                self.prefs.remember_recent(&path);
                self.status.done(format!("Saved {}.", path.display()));
                // A pending close or quit goes on after a successful save
                // (see `go_on`).
                self.save_finished = self.after_save.is_some();
            }
            Err(e) => {
                self.after_save = None;
                self.quit_when_idle = false;
                let hint = match job.kind {
                    SaveKind::Save => " Try Save as… to another folder.",
                    SaveKind::SaveAs => "",
                };
                self.failed(
                    "Not saved.",
                    format!("{e}\n\nYour work is still open; nothing was lost.{hint}"),
                );
            }
        }
    }

    /// Every so often, write unsaved work to the recovery file, off the UI
    /// thread from a snapshot.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        let Some(ws) = &self.ws else {
            self.last_autosave = now;
            return;
        };
        if !ws.is_dirty() {
            self.last_autosave = now;
            return;
        }
        if now - self.last_autosave >= self.options.autosave_secs && self.jobs.autosave.is_none() {
            self.last_autosave = now;
            self.jobs.autosave = Some(AutosaveJob::start(
                ws.recovery_task(),
                self.options.recovery_dir.clone(),
                ws.id(),
                ctx,
            ));
        }
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(
            self.options.autosave_secs.max(0.05),
        ));
    }

    fn poll_autosave(&mut self) {
        let Some(result) = self.jobs.autosave.as_ref().and_then(AutosaveJob::poll) else {
            return;
        };
        let Some(job) = self.jobs.autosave.take() else {
            return;
        };
        match result {
            Ok(written) => {
                // A save or a close that finished meanwhile made this copy
                // stale: left behind, it would be offered as unsaved work.
                let still_unsaved = [self.ws.as_ref(), self.jobs.set_aside.as_ref()]
                    .into_iter()
                    .flatten()
                    .any(|ws| ws.id() == job.workspace && ws.is_dirty());
                if !still_unsaved {
                    recovery::discard(&written);
                }
            }
            Err(e) => self.status.error(format!("Autosave failed: {e}")),
        }
    }

    pub(super) fn export_to(&mut self, format: Format, path: PathBuf, ctx: &egui::Context) {
        let Some(ws) = &self.ws else { return };
        let done = format!(
            "Exported {} span(s) to {}.",
            ws.project().span_count(),
            path.display()
        );
        self.start_export(path, done, ctx, move |p, path| {
            crate::export::export(p, format, path).map_err(|e| e.to_string())
        });
    }

    pub(super) fn export_compare_to(
        &mut self,
        format: CompareFormat,
        path: PathBuf,
        ctx: &egui::Context,
    ) {
        let done = format!("Wrote the {} to {}.", format.label(), path.display());
        self.start_export(path, done, ctx, move |p, path| {
            crate::atomic::write_with(path, crate::atomic::Backup::None, |w| format.write(p, w))
                .map_err(|e| e.to_string())
        });
    }

    /// Write an export in the background, one at a time.
    fn start_export(
        &mut self,
        path: PathBuf,
        done: String,
        ctx: &egui::Context,
        write: impl FnOnce(&crate::model::Project, &Path) -> Result<(), String> + Send + 'static,
    ) {
        let Some(ws) = &self.ws else { return };
        if self.jobs.export.is_some() {
            self.status
                .hint("An export is still being written; try again when it is done.");
            return;
        }
        self.status.done(format!("Writing {}…", path.display()));
        self.jobs.export = Some(ExportJob::start(ws, &path, done, ctx, write));
    }

    fn poll_export(&mut self) {
        let Some(result) = self.jobs.export.as_ref().and_then(ExportJob::poll) else {
            return;
        };
        let Some(job) = self.jobs.export.take() else {
            return;
        };
        match result {
            Ok(()) => self.status.done(job.done),
            Err(e) => self.failed(
                "Not exported.",
                format!("Could not write {}: {e}", job.path.display()),
            ),
        }
    }

    pub(super) fn start_import(&mut self, format: ImportFormat, path: &Path, ctx: &egui::Context) {
        let Some(ws) = &self.ws else { return };
        if self.jobs.import.is_some() {
            self.status
                .hint("An import is still being read; try again when it is done.");
            return;
        }
        self.jobs.import = Some(ImportJob::start(
            format,
            path,
            ws,
            &self.prefs.annotator,
            ctx,
        ));
    }

    /// Place the spans of an import that finished, as one undoable edit,
    /// in the project it was started for, and show what happened.
    fn poll_import(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.jobs.import else { return };
        let for_open = self.ws.as_ref().is_some_and(|ws| ws.id() == job.workspace);
        let for_set_aside = self
            .jobs
            .set_aside
            .as_ref()
            .is_some_and(|ws| ws.id() == job.workspace);
        if for_set_aside && !for_open {
            // Its project may come back if the one being opened fails.
            return;
        }
        let Some(planned) = job.poll() else { return };
        let Some(job) = self.jobs.import.take() else {
            return;
        };
        if !for_open {
            self.status.done(format!(
                "The import from {} finished after its project was closed; nothing was imported.",
                job.path.display()
            ));
            return;
        }
        let Some(ws) = &self.ws else { return };
        let planned = match planned {
            Ok(p) => p,
            Err(e) => {
                self.failed("Not imported.", format!("Could not import: {e}"));
                return;
            }
        };
        if ws.revision() != job.revision {
            // The project changed while the plan was made: make it again.
            self.jobs.import = Some(job.replan(planned.docs, ws, &self.prefs.annotator, ctx));
            return;
        }
        let report = planned.report;
        if report.changes_anything() && !self.apply_edit(planned.edit) {
            let message = format!(
                "Could not import from {}: {}",
                job.path.display(),
                self.status.text()
            );
            self.failed("Not imported.", message);
            return;
        }
        let mut body = format!("{report}.");
        if report.changes_anything() {
            body.push_str(" Edit → Undo takes the whole import back.");
        }
        for line in report.detail_lines() {
            body.push_str("\n• ");
            body.push_str(&line);
        }
        self.status
            .done(format!("Imported from {}: {report}.", job.path.display()));
        self.dialog = Some(Dialog::Report {
            title: format!("Imported {}", job.format.label()),
            body,
        });
    }

    /// Check every article's source file, in the background.
    pub(super) fn check_sources(&mut self, ctx: &egui::Context) {
        if let Some(ws) = &self.ws {
            self.jobs.sources = Some(SourceCheckJob::start(ws, ctx));
        }
    }

    fn poll_sources(&mut self) {
        let Some(result) = self.jobs.sources.as_ref().and_then(SourceCheckJob::poll) else {
            return;
        };
        let Some(job) = self.jobs.sources.take() else {
            return;
        };
        if self.ws.as_ref().is_none_or(|ws| ws.id() != job.workspace) {
            return;
        }
        match result {
            Ok(checks) => {
                let drift = checks
                    .iter()
                    .filter(|c| c.state != SourceState::Unchanged)
                    .count();
                if drift > 0 && !self.windows.sources {
                    self.windows.sources = true;
                    self.status.done(format!(
                        "{drift} source file(s) changed, moved or missing (File → Source files)."
                    ));
                }
                self.sources = checks;
            }
            Err(e) => self
                .status
                .error(format!("Could not check the source files: {e}")),
        }
    }

    /// Take an article's new source text, in the background; one article
    /// at a time, the others queued.
    pub(super) fn update_from_source(&mut self, article: Id, ctx: &egui::Context) {
        let busy_with = self.jobs.update.as_ref().map(|j| j.article);
        if busy_with == Some(article) || self.jobs.update_queue.contains(&article) {
            return;
        }
        self.jobs.update_queue.push(article);
        if busy_with.is_none() {
            self.next_update(ctx);
        }
    }

    /// Start the next queued update that can start.
    fn next_update(&mut self, ctx: &egui::Context) {
        while self.jobs.update.is_none() && !self.jobs.update_queue.is_empty() {
            let article = self.jobs.update_queue.remove(0);
            let Some(ws) = &self.ws else {
                self.jobs.update_queue.clear();
                return;
            };
            let Some(check) = self.sources.iter().find(|c| c.article == article) else {
                continue;
            };
            if let Some(job) = UpdateJob::start(ws, check, ctx) {
                self.status
                    .done(format!("Updating “{}” from its source…", check.title));
                self.jobs.update = Some(job);
            }
        }
    }

    fn poll_update(&mut self, ctx: &egui::Context) {
        let Some(result) = self.jobs.update.as_ref().and_then(UpdateJob::poll) else {
            return;
        };
        let Some(job) = self.jobs.update.take() else {
            return;
        };
        let Some(ws) = self.ws.as_ref().filter(|ws| ws.id() == job.workspace) else {
            self.jobs.update_queue.clear();
            return;
        };
        if job.still_fits(ws) {
            self.take_update(job, result);
        } else {
            // The article or its spans changed meanwhile: plan again.
            self.jobs.update_queue.insert(0, job.article);
        }
        self.next_update(ctx);
    }

    fn take_update(
        &mut self,
        job: UpdateJob,
        result: Result<(crate::edit::Edit, crate::reanchor::Report), String>,
    ) {
        match result {
            Ok((edit, report)) => {
                if !self.apply_edit(edit) {
                    return;
                }
                let msg = format!("Updated “{}” from its source: {report}.", job.title);
                if report.orphaned > 0 {
                    self.status.error(msg);
                    self.windows.orphans = true;
                } else {
                    self.status.done(msg);
                }
                // The article now holds what its source holds.
                if let (Some(ws), Some(c)) = (
                    &self.ws,
                    self.sources.iter_mut().find(|c| c.article == job.article),
                ) {
                    if let Some(a) = ws.project().article(job.article) {
                        c.path = a.path.clone();
                        c.state = SourceState::Unchanged;
                    }
                }
            }
            Err(e) => self.failed(
                "Not updated.",
                format!("Could not update “{}”: {e}", job.title),
            ),
        }
    }

    /// Say that something failed: a short line in the status (replacing
    /// its "…" progress) and the whole message in a dialog.
    fn failed(&mut self, status: &str, message: String) {
        self.status.error(status);
        self.dialog = Some(Dialog::Error(message));
    }

    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) || self.allow_close {
            return;
        }
        if crate::ui::text_field::leave(ctx) {
            // Ask once what the field held is in the project.
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.after_fields.push(Action::Run(Command::Quit));
        } else if self.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Unsaved(Pending::Quit));
        } else if self.jobs.writing() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.quit_when_idle = true;
        }
    }

    pub(super) fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(p) = dropped.into_iter().next() {
            self.actions.push(Action::Open(p));
        }
    }
}

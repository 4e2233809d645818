//! Modal dialogs: choosing paths (system dialog on a background thread,
//! with a typed path always available), unsaved changes, recovered work,
//! errors, reading progress and skipped files.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, TryRecvError};

use super::action::{Action, Pending};
use super::background::{ImportJob, Loader};
use crate::corpus::Skipped;
use crate::export::compare::CompareFormat;
use crate::export::Format;
use crate::import::ImportFormat;
use crate::recovery::Recovery;
use crate::workspace::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SavePurpose {
    SaveAs,
    Export(Format),
    ExportCompare(CompareFormat),
}

/// What an open dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenPurpose {
    Folder,
    Project,
    Import(ImportFormat),
}

impl OpenPurpose {
    fn wants_folder(self) -> bool {
        match self {
            OpenPurpose::Folder => true,
            OpenPurpose::Project => false,
            OpenPurpose::Import(f) => f.is_folder(),
        }
    }

    fn title(self) -> String {
        match self {
            OpenPurpose::Folder => "Open a folder of articles".into(),
            OpenPurpose::Project => "Open a project".into(),
            OpenPurpose::Import(f) => format!("Import {}", f.label()),
        }
    }

    fn hint(self) -> &'static str {
        match self {
            OpenPurpose::Folder => "/path/to/articles",
            OpenPurpose::Project => "/path/to/project.ron",
            OpenPurpose::Import(f) => f.path_hint(),
        }
    }

    fn browse_kind(self) -> BrowseKind {
        match self {
            _ if self.wants_folder() => BrowseKind::Folder,
            OpenPurpose::Import(_) => BrowseKind::AnyFile,
            _ => BrowseKind::Project,
        }
    }

    fn action(self, path: PathBuf) -> Action {
        match self {
            OpenPurpose::Folder | OpenPurpose::Project => Action::Open(path),
            OpenPurpose::Import(f) => Action::ImportFrom(f, path),
        }
    }
}

/// A system file dialog running on its own thread.
pub struct Browse {
    rx: Receiver<Option<PathBuf>>,
}

impl std::fmt::Debug for Browse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Browse")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BrowseKind {
    Folder,
    Project,
    AnyFile,
    Save,
}

impl Browse {
    fn start(kind: BrowseKind, dir: PathBuf, name: Option<String>) -> Self {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut d = rfd::FileDialog::new().set_directory(&dir);
            let picked = match kind {
                BrowseKind::Folder => d.pick_folder(),
                BrowseKind::Project => d.add_filter("Parallax project", &["ron"]).pick_file(),
                BrowseKind::AnyFile => d.pick_file(),
                BrowseKind::Save => {
                    if let Some(n) = name {
                        d = d.set_file_name(n);
                    }
                    d.save_file()
                }
            };
            let _ = tx.send(picked);
        });
        Self { rx }
    }
}

#[derive(Debug)]
pub enum Dialog {
    Open {
        purpose: OpenPurpose,
        path: String,
        browse: Option<Browse>,
        note: Option<String>,
        /// Just opened: the path field takes the keyboard.
        fresh: bool,
    },
    Save {
        purpose: SavePurpose,
        path: String,
        browse: Option<Browse>,
        note: Option<String>,
        /// Just opened: the path field takes the keyboard.
        fresh: bool,
        /// The file exists; the next Save replaces it.
        confirm_overwrite: bool,
    },
    Unsaved(Pending),
    Recovery(Recovery),
    Error(String),
    /// A report to read, e.g. what an import did.
    Report {
        title: String,
        body: String,
    },
    /// Who is coding: asked once, kept in the preferences; every span,
    /// link and fact membership records it.
    CoderName {
        name: String,
        fresh: bool,
    },
    /// A CSV table of articles: which columns hold the text and the rest.
    TableColumns {
        path: PathBuf,
        header: Vec<String>,
        columns: crate::corpus::table::Columns,
    },
}

/// Where a new project is saved by default: beside its articles folder.
pub fn default_project_path(articles: &Path) -> PathBuf {
    let name = articles
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project".into());
    articles
        .parent()
        .unwrap_or(articles)
        .join(format!("{name}.ron"))
}

impl Dialog {
    pub fn open(purpose: OpenPurpose, native: bool, dir: PathBuf) -> Self {
        Dialog::Open {
            purpose,
            path: String::new(),
            browse: native.then(|| Browse::start(purpose.browse_kind(), dir, None)),
            note: None,
            fresh: true,
        }
    }

    pub fn save(purpose: SavePurpose, default: PathBuf, native: bool) -> Self {
        let dir = default.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = default
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        Dialog::Save {
            purpose,
            path: default.display().to_string(),
            browse: native.then(|| Browse::start(BrowseKind::Save, dir, name)),
            note: None,
            fresh: true,
            confirm_overwrite: false,
        }
    }
}

/// Poll a running system dialog: `Some(Some(path))` when chosen,
/// `Some(None)` when it closed without a choice.
fn poll(browse: &mut Option<Browse>) -> Option<Option<PathBuf>> {
    let b = browse.as_ref()?;
    match b.rx.try_recv() {
        Ok(p) => {
            *browse = None;
            Some(p)
        }
        Err(TryRecvError::Empty) => None,
        Err(TryRecvError::Disconnected) => {
            *browse = None;
            Some(None)
        }
    }
}

/// The top of the Open and Save dialogs: title, a line while a system file
/// dialog is open, the last message, and the path field (taking the
/// keyboard when the dialog is `fresh`). Returns the field's response and
/// whether Enter was pressed in it.
fn path_field(
    ui: &mut egui::Ui,
    title: &str,
    hint: &str,
    path: &mut String,
    browsing: bool,
    note: Option<&str>,
    fresh: &mut bool,
) -> (egui::Response, bool) {
    ui.set_width(520.0);
    ui.heading(title);
    if browsing {
        // The system dialog answers on another thread: look again soon.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(200));
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Waiting for the system file dialog…");
        });
    }
    if let Some(n) = note {
        ui.label(n);
    }
    let r = ui.add(
        egui::TextEdit::singleline(path)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    );
    if std::mem::take(fresh) {
        r.request_focus();
        // A new dialog starts with the file's name selected (typing
        // replaces it), not where the last dialog's cursor was.
        let (start, end) = name_stem(path);
        let mut state = egui::text_edit::TextEditState::load(ui.ctx(), r.id).unwrap_or_default();
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::two(
                egui::text::CCursor::new(start),
                egui::text::CCursor::new(end),
            )));
        state.store(ui.ctx(), r.id);
    }
    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    (r, enter)
}

/// The file name without its extension in `path`, in characters.
fn name_stem(path: &str) -> (usize, usize) {
    let chars: Vec<char> = path.chars().collect();
    let start = chars
        .iter()
        .rposition(|c| std::path::is_separator(*c))
        .map_or(0, |i| i + 1);
    let end = chars[start..]
        .iter()
        .rposition(|c| *c == '.')
        .filter(|&i| i > 0)
        .map_or(chars.len(), |i| start + i);
    (start, end)
}

const NO_DIALOG: &str =
    "No path chosen in a system dialog (there may be none here): type one below.";

/// Show a dialog; returns it while it stays open.
pub fn show(
    ctx: &egui::Context,
    dialog: Dialog,
    ws: Option<&Workspace>,
    actions: &mut Vec<Action>,
) -> Option<Dialog> {
    match dialog {
        Dialog::Open {
            purpose,
            mut path,
            mut browse,
            mut note,
            mut fresh,
        } => {
            let folder = purpose.wants_folder();
            match poll(&mut browse) {
                Some(Some(p)) => {
                    actions.push(purpose.action(p));
                    return None;
                }
                Some(None) => note = Some(NO_DIALOG.into()),
                None => {}
            }
            let mut keep = true;
            let what = purpose.title();
            let modal = egui::Modal::new(egui::Id::unique("open-dialog")).show(ctx, |ui| {
                let (_, enter) = path_field(
                    ui,
                    &what,
                    purpose.hint(),
                    &mut path,
                    browse.is_some(),
                    note.as_deref(),
                    &mut fresh,
                );
                ui.horizontal(|ui| {
                    if ui.button("Open").clicked() || enter {
                        let p = PathBuf::from(path.trim());
                        if path.trim().is_empty() {
                            note = Some("Type a path first.".into());
                        } else if !p.exists() {
                            note = Some(format!("{} does not exist.", p.display()));
                        } else if folder && !p.is_dir() {
                            note = Some("That is a file; choose a folder.".into());
                        } else if !folder && purpose != OpenPurpose::Project && p.is_dir() {
                            note = Some("That is a folder; choose a file.".into());
                        } else {
                            actions.push(purpose.action(p));
                            keep = false;
                        }
                    }
                    if ui.button("Browse…").clicked() && browse.is_none() {
                        browse = Some(Browse::start(
                            purpose.browse_kind(),
                            std::env::current_dir().unwrap_or_default(),
                            None,
                        ));
                    }
                    if ui.button("Cancel").clicked() {
                        keep = false;
                    }
                });
            });
            if modal.should_close() {
                keep = false;
            }
            keep.then_some(Dialog::Open {
                purpose,
                path,
                browse,
                note,
                fresh,
            })
        }
        Dialog::Save {
            purpose,
            mut path,
            mut browse,
            mut note,
            mut fresh,
            mut confirm_overwrite,
        } => {
            let mut chosen = None;
            match poll(&mut browse) {
                // The system dialog asks about replacing a file itself.
                Some(Some(p)) => chosen = Some(p),
                Some(None) => note = Some(NO_DIALOG.into()),
                None => {}
            }
            let mut keep = true;
            let title = match purpose {
                SavePurpose::SaveAs => "Save project as".to_owned(),
                SavePurpose::Export(f) => format!("Export {}", f.label()),
                SavePurpose::ExportCompare(f) => format!("Export {}", f.label()),
            };
            let modal = egui::Modal::new(egui::Id::unique("save-dialog")).show(ctx, |ui| {
                let (r, enter) = path_field(
                    ui,
                    &title,
                    "",
                    &mut path,
                    browse.is_some(),
                    note.as_deref(),
                    &mut fresh,
                );
                if r.changed() {
                    confirm_overwrite = false;
                }
                let to_folder = matches!(purpose, SavePurpose::Export(f) if f.is_folder());
                if to_folder {
                    ui.weak("The export is a folder; it is created if needed.");
                }
                if confirm_overwrite {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        if to_folder {
                            "That folder is not empty; files of the same names in it will be replaced. Save again to go on."
                        } else {
                            "That file exists. Save again to replace it."
                        },
                    );
                }
                ui.horizontal(|ui| {
                    let label = if confirm_overwrite { "Replace" } else { "Save" };
                    if ui.button(label).clicked() || enter {
                        let p = PathBuf::from(path.trim());
                        if path.trim().is_empty() {
                            note = Some("Type a path first.".into());
                        } else if to_folder && p.is_file() {
                            note = Some("That is a file; name a folder.".into());
                        } else if !to_folder && p.is_dir() {
                            note = Some("That is a folder; add a file name.".into());
                        } else if !confirm_overwrite
                            && (if to_folder {
                                std::fs::read_dir(&p).is_ok_and(|mut d| d.next().is_some())
                            } else {
                                p.exists()
                            })
                        {
                            confirm_overwrite = true;
                        } else {
                            chosen = Some(p);
                        }
                    }
                    if ui.button("Browse…").clicked() && browse.is_none() {
                        let p = PathBuf::from(path.trim());
                        let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
                        let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                        browse = Some(Browse::start(BrowseKind::Save, dir, name));
                    }
                    if ui.button("Cancel").clicked() {
                        keep = false;
                    }
                });
            });
            if modal.should_close() {
                keep = false;
            }
            if let Some(p) = chosen {
                let p = match purpose {
                    SavePurpose::SaveAs if p.extension().is_none() => p.with_extension("ron"),
                    _ => p,
                };
                actions.push(match purpose {
                    SavePurpose::SaveAs => Action::SaveTo(p),
                    SavePurpose::Export(f) => Action::ExportTo(f, p),
                    SavePurpose::ExportCompare(f) => Action::ExportCompareTo(f, p),
                });
                return None;
            }
            keep.then_some(Dialog::Save {
                purpose,
                path,
                browse,
                note,
                fresh,
                confirm_overwrite,
            })
        }
        Dialog::Unsaved(pending) => {
            let name = ws.map(Workspace::name).unwrap_or_default();
            let mut keep = true;
            egui::Modal::new(egui::Id::unique("unsaved-dialog")).show(ctx, |ui| {
                ui.set_width(420.0);
                ui.heading("Unsaved changes");
                ui.label(format!("Save the changes to “{name}” first?"));
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        actions.push(Action::SaveThen(pending.clone()));
                        keep = false;
                    }
                    if ui.button("Discard").clicked() {
                        actions.push(Action::Proceed(pending.clone()));
                        keep = false;
                    }
                    if ui.button("Cancel").clicked() {
                        keep = false;
                    }
                });
            });
            keep.then_some(Dialog::Unsaved(pending))
        }
        Dialog::Recovery(rec) => {
            let mut keep = true;
            egui::Modal::new(egui::Id::unique("recovery-dialog")).show(ctx, |ui| {
                ui.set_width(460.0);
                ui.heading("Unsaved work found");
                ui.label(format!(
                    "Parallax kept unsaved work on this project from {} (UTC), from a session that did not end normally.",
                    rec.written.format("%Y-%m-%d %H:%M")
                ));
                ui.label("Restore it? The project file itself has not been changed.");
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked() {
                        actions.push(Action::RestoreRecovery(rec.clone()));
                        keep = false;
                    }
                    if ui.button("Discard").on_hover_text("Delete the recovered work").clicked() {
                        actions.push(Action::DiscardRecovery(rec.path.clone()));
                        keep = false;
                    }
                    if ui.button("Later").on_hover_text("Keep it; it stays on the start screen").clicked() {
                        keep = false;
                    }
                });
            });
            keep.then_some(Dialog::Recovery(rec))
        }
        Dialog::Error(message) => {
            let mut keep = true;
            let modal = egui::Modal::new(egui::Id::unique("error-dialog")).show(ctx, |ui| {
                ui.set_width(460.0);
                ui.heading("Something went wrong");
                ui.label(&message);
                if ui.button("OK").clicked() {
                    keep = false;
                }
            });
            if modal.should_close() {
                keep = false;
            }
            keep.then_some(Dialog::Error(message))
        }
        Dialog::CoderName {
            mut name,
            mut fresh,
        } => {
            let mut keep = true;
            egui::Modal::new(egui::Id::unique("coder-dialog")).show(ctx, |ui| {
                ui.set_width(460.0);
                ui.heading("Who is coding?");
                ui.label("Your name is recorded with every span you make, so that a team's work can be merged and its agreement measured. You can change it in Edit → Your name as coder….");
                let r = ui.add(
                    egui::TextEdit::singleline(&mut name)
                        .hint_text("Your name or initials")
                        .desired_width(f32::INFINITY),
                );
                super::name_text_field(&r, "Coder name", &name, "Your name or initials");
                if std::mem::take(&mut fresh) {
                    r.request_focus();
                }
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let ok = ui
                    .add_enabled(!name.trim().is_empty(), egui::Button::new("OK"))
                    .clicked();
                if (ok || enter) && !name.trim().is_empty() {
                    actions.push(Action::SetCoderName(name.trim().to_owned()));
                    keep = false;
                }
            });
            keep.then_some(Dialog::CoderName { name, fresh })
        }
        Dialog::TableColumns {
            path,
            header,
            mut columns,
        } => {
            let mut keep = true;
            let mut open = false;
            egui::Modal::new(egui::Id::unique("table-dialog")).show(ctx, |ui| {
                ui.set_width(460.0);
                ui.heading("Articles from a table");
                ui.label(format!(
                    "{}: each row is an article. Which columns hold what?",
                    path.display()
                ));
                egui::Grid::new("table-columns")
                    .num_columns(2)
                    .show(ui, |ui| {
                        ui.label("Text");
                        let combo = egui::ComboBox::from_id_salt("column-text")
                            .selected_text(columns.text.as_str())
                            .show_ui(ui, |ui| {
                                for h in &header {
                                    ui.selectable_value(&mut columns.text, h.clone(), h);
                                }
                            });
                        super::name_widget(
                            &combo.response,
                            egui::accesskit::Role::ComboBox,
                            "Text column",
                        );
                        ui.end_row();
                        for (label, field) in [
                            ("Title", &mut columns.title),
                            ("Outlet", &mut columns.outlet),
                            ("Date", &mut columns.date),
                            ("URL", &mut columns.url),
                            ("Author", &mut columns.author),
                        ] {
                            ui.label(label);
                            let combo = egui::ComboBox::from_id_salt(("column", label))
                                .selected_text(field.clone().unwrap_or_else(|| "—".into()))
                                .show_ui(ui, |ui| {
                                    ui.selectable_value(field, None, "—");
                                    for h in &header {
                                        ui.selectable_value(field, Some(h.clone()), h);
                                    }
                                });
                            super::name_widget(
                                &combo.response,
                                egui::accesskit::Role::ComboBox,
                                &format!("{label} column"),
                            );
                            ui.end_row();
                        }
                    });
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(!columns.text.is_empty(), egui::Button::new("Read"))
                        .clicked()
                    {
                        open = true;
                    }
                    if ui.button("Cancel").clicked() {
                        keep = false;
                    }
                });
            });
            if open {
                actions.push(Action::OpenTable(path.clone(), columns.clone()));
                keep = false;
            }
            keep.then_some(Dialog::TableColumns {
                path,
                header,
                columns,
            })
        }
        Dialog::Report { title, body } => {
            let mut keep = true;
            let modal = egui::Modal::new(egui::Id::unique("report-dialog")).show(ctx, |ui| {
                ui.set_width(560.0);
                ui.heading(&title);
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| ui.label(&body));
                if ui.button("OK").clicked() {
                    keep = false;
                }
            });
            if modal.should_close() {
                keep = false;
            }
            keep.then_some(Dialog::Report { title, body })
        }
    }
}

/// An import being read.
pub fn import_progress(ctx: &egui::Context, job: &ImportJob) {
    egui::Modal::new(egui::Id::unique("importing")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading(format!("Reading {}…", job.format.label()));
        ui.spinner();
        ui.weak(job.path.display().to_string());
    });
}

/// The reading progress, with a Cancel button: files for a folder, bytes
/// read and parsed for a project file.
pub fn progress(ctx: &egui::Context, loader: &Loader, actions: &mut Vec<Action>) {
    egui::Modal::new(egui::Id::unique("loading")).show(ctx, |ui| {
        ui.set_width(420.0);
        if loader.is_folder {
            let (done, found) = loader.counts();
            ui.heading("Reading articles…");
            let fraction = if found == 0 {
                0.0
            } else {
                done as f32 / found as f32
            };
            ui.add(egui::ProgressBar::new(fraction).text(format!("{done} of {found} files")));
        } else {
            let (read, parsed, size) = loader.byte_counts();
            ui.heading("Opening project…");
            let mb = |b: u64| b as f64 / 1_048_576.0;
            let (fraction, text) = if size == 0 {
                (0.0, "starting".to_owned())
            } else if read < size {
                (
                    read as f32 / size as f32 / 2.0,
                    format!("read {:.0} of {:.0} MB", mb(read), mb(size)),
                )
            } else {
                (
                    0.5 + parsed as f32 / size as f32 / 2.0,
                    format!("parsed {:.0} of {:.0} MB", mb(parsed), mb(size)),
                )
            };
            ui.add(egui::ProgressBar::new(fraction).text(text));
        }
        ui.weak(loader.path.display().to_string());
        if loader.is_folder && ui.button("Cancel").clicked() {
            actions.push(Action::CancelLoad);
        }
    });
}

/// Files left out of the folder, and why.
pub fn skipped_window(ctx: &egui::Context, skipped: &[Skipped], open: &mut bool) {
    egui::Window::new(format!("Skipped files ({})", skipped.len()))
        .open(open)
        .default_width(560.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    egui::Grid::new("skipped")
                        .num_columns(2)
                        .striped(true)
                        .show(ui, |ui| {
                            for s in skipped {
                                ui.label(s.path.display().to_string());
                                ui.label(s.reason.to_string());
                                ui.end_row();
                            }
                        });
                });
        });
}

#[cfg(test)]
mod tests {
    use super::name_stem;

    #[test]
    fn the_name_without_its_extension_is_selected() {
        assert_eq!(name_stem("/tmp/sample-comparison.html"), (5, 22));
        assert_eq!(name_stem("/tmp/dir.d/.hidden"), (11, 18));
        assert_eq!(name_stem("notes"), (0, 5));
        assert_eq!(name_stem("/tmp/café.ron"), (5, 9));
        assert_eq!(name_stem("/tmp/"), (5, 5));
    }
}

//! The app shell: owns the open workspace and the view state, and lays out
//! the panels each frame. Panels read the project and push [`Action`]s;
//! the shell applies them once per frame (`app/commands.rs`), and every
//! change to the project is an edit applied through the workspace, so undo,
//! shortcuts, menus and the palette share one path. Files, background work
//! and recovery are in `app/files.rs`; menus and bars in `app/menus.rs`.

mod commands;
mod curation;
mod files;
mod menus;
mod suggesting;

use std::path::{Path, PathBuf};

use super::action::{Action, Pending};
use super::background::{
    AutosaveJob, ExportJob, ImportJob, Loader, SaveJob, SourceCheckJob, UpdateJob,
};
use super::command::View;
use super::dialogs::{self, Dialog};
use super::document::{DocEvents, DocumentView, Look, Marks};
use super::palette::Palette;
use super::panel_state::PanelState;
use super::perf::PerfLog;
use super::prefs::{Options, Prefs, PREFS_KEY};
use super::selection::Selection;
use super::status::Status;
use super::{
    article_list, compare_view, facts, help, inspector, outlets_view, schema_editor, side_by_side,
    sources_view, span_list, start,
};
use crate::corpus::Skipped;
use crate::sources::SourceCheck;
use crate::workspace::Workspace;

/// Windows that can be open beside the workbench.
#[derive(Clone, Debug, Default)]
pub struct Windows {
    pub shortcuts: bool,
    pub skipped: bool,
    pub sources: bool,
    pub orphans: bool,
    pub conflicts: bool,
    pub dupes: bool,
}

impl Windows {
    pub fn any_open(&self) -> bool {
        self.shortcuts
            || self.skipped
            || self.sources
            || self.orphans
            || self.conflicts
            || self.dupes
    }

    /// Close one open window, the help sheet first.
    pub fn close_one(&mut self) {
        for open in [
            &mut self.shortcuts,
            &mut self.skipped,
            &mut self.sources,
            &mut self.orphans,
            &mut self.conflicts,
            &mut self.dupes,
        ] {
            if *open {
                *open = false;
                return;
            }
        }
    }
}

/// Work running off the UI thread.
#[derive(Default)]
struct Jobs {
    loader: Option<Loader>,
    /// The project that was open while another loads: it comes back if
    /// loading fails or is cancelled.
    set_aside: Option<Workspace>,
    import: Option<ImportJob>,
    save: Option<SaveJob>,
    autosave: Option<AutosaveJob>,
    sources: Option<SourceCheckJob>,
    update: Option<UpdateJob>,
    export: Option<ExportJob>,
    /// Articles waiting for their update from source, one at a time.
    update_queue: Vec<crate::model::Id>,
}

impl Jobs {
    /// Whether a job is writing a file the user would not want cut off.
    fn writing(&self) -> bool {
        self.save.is_some() || self.autosave.is_some() || self.export.is_some()
    }
}

/// Caches of what panels show, each keyed on what it depends on.
#[derive(Default)]
struct Caches {
    articles: article_list::Cache,
    spans: span_list::Cache,
    compare: compare_view::Cache,
    facts: facts::Cache,
    agreement: super::agreement_view::Cache,
    dupes: super::dupes_window::Cache,
}

/// State of panels that keep something between frames.
#[derive(Default)]
struct PanelParts {
    inspector: inspector::State,
    side: side_by_side::State,
    palette: Option<Palette>,
    fact_picker: Option<facts::Picker>,
    schema_editor: Option<schema_editor::Editor>,
    coders: super::coders_view::State,
    diff: super::diff_view::State,
    suggestions: super::suggestions::State,
    fact_suggestions: super::fact_suggestions::State,
}

pub struct ParallaxApp {
    ws: Option<Workspace>,
    /// Bumped whenever `ws` is replaced, for caches keyed on the project.
    generation: u64,
    pub sel: Selection,
    pub prefs: Prefs,
    pub panels: PanelState,
    pub doc: DocumentView,
    pub view: View,
    pub windows: Windows,
    status: Status,
    options: Options,
    dialog: Option<Dialog>,
    parts: PanelParts,
    jobs: Jobs,
    caches: Caches,
    skipped: Vec<Skipped>,
    /// The state of the articles' source files, from the last check.
    sources: Vec<SourceCheck>,
    actions: Vec<Action>,
    /// Actions that wait for this frame's text fields to give what they
    /// hold (keys pressed while typing).
    after_fields: Vec<Action>,
    last_autosave: f64,
    /// What to do after the save the unsaved-changes question asked for;
    /// dropped when that save is cancelled or fails.
    after_save: Option<Pending>,
    /// The save `after_save` waited for has finished: go on at the end of
    /// the frame, once this frame's edits are in.
    save_finished: bool,
    /// Quit once no file is being written (asked for during a write).
    quit_when_idle: bool,
    /// A text field had the keyboard at the end of the last frame: egui
    /// lets go of it as Escape is pressed, and that Escape is the field's.
    was_typing: bool,
    allow_close: bool,
    perf: Option<PerfLog>,
    title: String,
    applied_theme: Option<bool>,
    /// Frames left before closing on its own (scripted runs).
    quit_after: Option<u64>,
}

impl ParallaxApp {
    /// A new app; `open` is a folder or project to open at once.
    pub fn new(
        ctx: &egui::Context,
        storage: Option<&dyn eframe::Storage>,
        open: Option<PathBuf>,
        options: Options,
    ) -> Self {
        super::fonts::install(ctx);
        let prefs: Prefs = storage
            .and_then(|s| eframe::get_value(s, PREFS_KEY))
            .unwrap_or_default();
        let mut app = Self {
            ws: None,
            generation: 0,
            sel: Selection::default(),
            prefs,
            panels: PanelState::default(),
            doc: DocumentView::default(),
            view: View::Read,
            windows: Windows::default(),
            status: Status::default(),
            options,
            dialog: None,
            parts: PanelParts::default(),
            jobs: Jobs::default(),
            caches: Caches::default(),
            skipped: Vec::new(),
            sources: Vec::new(),
            actions: Vec::new(),
            after_fields: Vec::new(),
            last_autosave: 0.0,
            after_save: None,
            save_finished: false,
            quit_when_idle: false,
            was_typing: false,
            allow_close: false,
            perf: None,
            title: String::new(),
            applied_theme: None,
            quit_after: None,
        };
        if let Some(path) = open {
            app.open_replacing(&path, ctx);
        }
        app
    }

    /// An app with a workspace already open (benchmarks, tests).
    pub fn with_workspace(ctx: &egui::Context, ws: Workspace, options: Options) -> Self {
        let mut app = Self::new(ctx, None, None, options);
        let from = ws
            .file()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| ws.base_dir().to_path_buf());
        app.install(ws, &from);
        app
    }

    /// Who is coding: `PARALLAX_ANNOTATOR` when set; else, the first time
    /// (and when `ask`), the coder is asked for their name.
    pub fn greeting_the_coder(mut self, ask: bool) -> Self {
        match std::env::var("PARALLAX_ANNOTATOR") {
            Ok(name) if !name.trim().is_empty() => {
                self.prefs.annotator = name.trim().to_owned();
                self.prefs.annotator_confirmed = true;
            }
            _ if ask && !self.prefs.annotator_confirmed && self.dialog.is_none() => {
                self.dialog = Some(Dialog::CoderName {
                    name: self.prefs.annotator.clone(),
                    fresh: true,
                });
            }
            _ => {}
        }
        self
    }

    /// Close after `frames` frames (scripted runs: start-up checks, CI).
    pub fn quitting_after(mut self, frames: Option<u64>) -> Self {
        self.quit_after = frames;
        self
    }

    pub fn with_perf_log(mut self, path: &Path) -> std::io::Result<Self> {
        self.perf = Some(PerfLog::create(path)?);
        Ok(self)
    }

    /// The articles in the side-by-side columns, in order.
    pub fn side_columns(&self) -> &[crate::model::Id] {
        &self.parts.side.articles
    }

    /// The open workspace, to read.
    pub fn ws(&self) -> Option<&Workspace> {
        self.ws.as_ref()
    }

    pub fn push(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// The status line's message.
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// Whether a folder or project is being read.
    pub fn is_loading(&self) -> bool {
        self.jobs.loader.is_some()
    }

    /// Whether any work runs in the background (reading, saving, importing…).
    pub fn is_busy(&self) -> bool {
        let j = &self.jobs;
        j.loader.is_some()
            || j.import.is_some()
            || j.save.is_some()
            || j.autosave.is_some()
            || j.sources.is_some()
            || j.update.is_some()
            || j.export.is_some()
            || self.caches.compare.updating()
            || self.caches.agreement.working()
            || self.parts.suggestions.working()
            || self.parts.fact_suggestions.working()
    }

    pub fn dialog_open(&self) -> bool {
        self.dialog.is_some()
    }

    pub fn palette_open(&self) -> bool {
        self.parts.palette.is_some()
    }

    pub fn fact_picker_open(&self) -> bool {
        self.parts.fact_picker.is_some()
    }

    /// Rows the span list shows (for tests).
    pub fn span_rows(&self) -> &[crate::model::Id] {
        self.caches.spans.rows()
    }

    /// Whether the span list is still filtering (it filters a slice of the
    /// spans per frame in a large project).
    pub fn span_list_filtering(&self) -> bool {
        self.caches.spans.is_filtering()
    }

    /// The window title: project name and an unsaved marker.
    pub fn window_title(&self) -> String {
        match &self.ws {
            None => "Parallax".into(),
            Some(ws) => format!(
                "{}{} — Parallax",
                ws.name(),
                if ws.is_dirty() { " •" } else { "" }
            ),
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.ws.as_ref().is_some_and(Workspace::is_dirty)
    }

    fn document(&mut self, ui: &mut egui::Ui) {
        let Some(ws) = &self.ws else { return };
        let Some(article) = self.sel.article.and_then(|a| ws.project().article(a)) else {
            ui.centered_and_justified(|ui| ui.label("This project has no articles."));
            return;
        };
        inspector::article_header(ui, article, &mut self.actions);
        ui.separator();
        menus::tag_bar(ui, ws.project(), &self.sel, &mut self.actions);
        let mut related = inspector::related_spans(ws.project(), self.sel.span);
        if let Some(f) = self.sel.fact.and_then(|f| ws.project().fact(f)) {
            related.extend(f.members.iter().map(|m| m.span));
        }
        let marks = Marks {
            text: self.sel.text,
            span: self.sel.span,
            related: &related,
            extra: &self.sel.extra,
            fact_colors: None,
            links: true,
            by_coder: self.prefs.color_by_coder,
            dim: self.caches.dupes.boilerplate_of(article.id),
        };
        let look = Look {
            font_size: self.prefs.text_size,
            dark: self.prefs.dark,
        };
        let events = self.doc.show(ui, ws.project(), article, &marks, look);
        if self.parts.suggestions.shown {
            let arrived = self.parts.suggestions.update(
                ws,
                self.generation,
                article.id,
                self.caches.dupes.boilerplate_of(article.id),
                ui.ctx(),
            );
            super::suggestions::draw(ui, &self.doc, ws.project(), &self.parts.suggestions);
            if arrived {
                self.say_suggestion();
            }
        }
        self.apply_doc_events(events);
    }

    fn side_by_side(&mut self, ui: &mut egui::Ui) {
        let Some(ws) = &self.ws else { return };
        let look = Look {
            font_size: (self.prefs.text_size - 2.0).max(12.0),
            dark: self.prefs.dark,
        };
        let before = self.parts.side.articles.clone();
        let events = self
            .parts
            .side
            .show(ui, ws, &self.sel, look, &mut self.actions);
        let after = &self.parts.side.articles;
        // Say what a column menu or ✕ did (the last message is stale now).
        if !before.is_empty() && before != *after {
            let p = ws.project();
            let said = match after.iter().position(|a| !before.contains(a)) {
                Some(i) => format!(
                    "Column {} shows “{}”.",
                    i + 1,
                    p.article(after[i]).map_or("", |a| a.label())
                ),
                None => format!("Took a column away; {} left.", after.len()),
            };
            self.status.done(said);
        }
        if let Some((article, events)) = events {
            if self.sel.article != Some(article) {
                self.sel.article = Some(article);
                self.sel.text = None;
            }
            self.apply_doc_events(events);
        }
    }

    fn apply_doc_events(&mut self, events: DocEvents) {
        if events.selection.is_some() || events.clicked_span.is_some() {
            self.status.acted();
        }
        if let Some(sel) = events.selection {
            self.sel.text = sel;
            if sel.is_some_and(|(a, h)| a != h) {
                self.sel.span = None;
            }
        }
        if let Some(span) = events.clicked_span {
            self.sel.span = span;
            self.sel.extra.clear();
        }
        if let Some(id) = events.toggled_span {
            self.toggle_extra(id);
        }
        if events.clicked_at.is_some() {
            self.sel.point = events.clicked_at;
        }
        self.sel.hovered = events.hovered_span;
    }

    /// The whole UI, without eframe's frame (also driven by benchmarks).
    pub fn ui_main(&mut self, ui: &mut egui::Ui) {
        if let Some(p) = self.perf.as_mut() {
            p.begin();
        }
        let ctx = ui.ctx().clone();
        if self.applied_theme != Some(self.prefs.dark) {
            ctx.set_theme(if self.prefs.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            self.applied_theme = Some(self.prefs.dark);
        }
        self.poll_jobs(&ctx);
        self.stop_if_asked(&ctx);
        self.handle_close_request(&ctx);
        self.dropped_files(&ctx);
        self.shortcuts(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        if self.ws.is_some() {
            self.workbench(ui);
        } else {
            egui::CentralPanel::default().show(ui, |ui| {
                start::show(ui, &self.prefs, &self.options, &mut self.actions);
            });
        }
        self.overlays(&ctx);
        self.actions.append(&mut self.after_fields);

        for action in std::mem::take(&mut self.actions) {
            self.handle(action, &ctx);
        }
        self.go_on(&ctx);
        self.autosave(&ctx);
        self.was_typing = ctx.egui_wants_keyboard_input();
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        // (The span list's spinner keeps frames coming while it filters.)
        if self.is_busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        if let Some(p) = self.perf.as_mut() {
            p.end();
        }
    }

    /// The side panels and the central view of an open project.
    fn workbench(&mut self, ui: &mut egui::Ui) {
        egui::Panel::left("articles")
            .resizable(true)
            .default_size(260.0)
            .show(ui, |ui| {
                let Some(ws) = &self.ws else { return };
                egui::Panel::bottom("facts")
                    .resizable(true)
                    .min_size(160.0)
                    .default_size(260.0)
                    .show(ui, |ui| {
                        self.parts
                            .fact_suggestions
                            .update(ws, self.generation, ui.ctx());
                        facts::panel(
                            ui,
                            ws,
                            self.generation,
                            &self.sel,
                            &mut self.caches.facts,
                            &mut self.parts.fact_suggestions,
                            &mut self.actions,
                        );
                        fill(ui);
                    });
                article_list::show(
                    ui,
                    ws,
                    self.generation,
                    &self.sel,
                    &mut self.panels,
                    &mut self.prefs,
                    &mut self.caches.articles,
                    &self.caches.dupes,
                    &mut self.actions,
                );
            });
        // The comparison and the charts need the width; the span list does not.
        if matches!(self.view, View::Read | View::SideBySide) {
            egui::Panel::right("spans")
                .resizable(true)
                .default_size(340.0)
                .show(ui, |ui| {
                    let Some(ws) = &self.ws else { return };
                    egui::Panel::bottom("inspector")
                        .resizable(true)
                        .min_size(220.0)
                        .default_size(420.0)
                        .show(ui, |ui| {
                            inspector::show(
                                ui,
                                ws,
                                &self.sel,
                                &self.prefs.annotator,
                                &mut self.parts.inspector,
                                &mut self.actions,
                            );
                            fill(ui);
                        });
                    span_list::show(
                        ui,
                        ws,
                        self.generation,
                        &self.sel,
                        &mut self.panels,
                        &mut self.caches.spans,
                        &mut self.actions,
                    );
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.view_bar(ui);
            match self.view {
                View::Read => self.document(ui),
                View::Compare => {
                    if let Some(ws) = &self.ws {
                        compare_view::show(
                            ui,
                            ws,
                            self.generation,
                            &self.sel,
                            &mut self.caches.compare,
                            &mut self.actions,
                        );
                    }
                }
                View::SideBySide => self.side_by_side(ui),
                View::Outlets => {
                    if let Some(ws) = &self.ws {
                        outlets_view::show(ui, ws, self.generation, &mut self.caches.compare);
                    }
                }
                View::Agreement => {
                    if let Some(ws) = &self.ws {
                        super::agreement_view::show(
                            ui,
                            ws,
                            self.generation,
                            &mut self.caches.agreement,
                            &mut self.actions,
                        );
                    }
                }
                View::Diff => {
                    if let Some(ws) = &self.ws {
                        super::diff_view::show(ui, ws, &mut self.parts.diff);
                    }
                }
                View::Coders => {
                    if let Some(ws) = &self.ws {
                        super::coders_view::show(
                            ui,
                            ws,
                            self.sel.article,
                            &mut self.parts.coders,
                            &mut self.actions,
                        );
                    }
                }
            }
        });
    }

    /// Dialogs, the palette, pickers and windows over the workbench.
    fn overlays(&mut self, ctx: &egui::Context) {
        if let Some(loader) = &self.jobs.loader {
            dialogs::progress(ctx, loader, &mut self.actions);
        }
        if let Some(job) = &self.jobs.import {
            if self.ws.as_ref().is_some_and(|ws| ws.id() == job.workspace) {
                dialogs::import_progress(ctx, job);
            }
        }
        if let Some(dialog) = self.dialog.take() {
            self.dialog = dialogs::show(ctx, dialog, self.ws.as_ref(), &mut self.actions);
            // A save dialog closed without saving drops what was to follow it.
            let saving = self
                .actions
                .iter()
                .any(|a| matches!(a, Action::SaveTo(_) | Action::SaveThen(_)));
            if self.dialog.is_none() && !saving && self.jobs.save.is_none() && !self.save_finished {
                self.after_save = None;
            }
        }
        if let Some(mut palette) = self.parts.palette.take() {
            let ready = self.ready();
            let tags: Vec<(String, Option<u8>, String)> = self
                .ws
                .as_ref()
                .map(|ws| {
                    ws.project()
                        .schema
                        .tags
                        .iter()
                        .map(|t| (t.name.clone(), t.hotkey, t.guide.text()))
                        .collect()
                })
                .unwrap_or_default();
            if palette.show(ctx, &tags, &ready, &mut self.actions) {
                self.parts.palette = Some(palette);
            }
        }
        if let Some(mut picker) = self.parts.fact_picker.take() {
            if let (Some(ws), Some(claim)) = (&self.ws, self.selected_claim()) {
                if picker.show(
                    ctx,
                    ws,
                    self.generation,
                    &mut self.caches.facts,
                    claim,
                    self.sel.fact,
                    &mut self.actions,
                ) {
                    self.parts.fact_picker = Some(picker);
                }
            }
        }
        if let Some(mut editor) = self.parts.schema_editor.take() {
            if let Some(ws) = &self.ws {
                if editor.show(ctx, ws.project(), &mut self.actions) {
                    self.parts.schema_editor = Some(editor);
                }
            }
        }
        if self.windows.sources {
            sources_view::sources_window(
                ctx,
                &self.sources,
                self.jobs.sources.is_some(),
                &mut self.windows.sources,
                &mut self.actions,
            );
        }
        if self.windows.orphans {
            if let Some(ws) = &self.ws {
                sources_view::orphans_window(
                    ctx,
                    ws,
                    &self.sel,
                    &mut self.windows.orphans,
                    &mut self.actions,
                );
            }
        }
        if self.windows.conflicts {
            if let Some(ws) = &self.ws {
                super::conflicts::window(ctx, ws, &mut self.windows.conflicts, &mut self.actions);
            }
        }
        if self.windows.dupes {
            if let Some(ws) = &self.ws {
                self.windows.dupes =
                    super::dupes_window::show(ctx, ws, &mut self.caches.dupes, &mut self.actions);
            }
        }
        if self.windows.shortcuts {
            help::shortcuts_window(ctx, self.ws.as_ref(), &mut self.windows.shortcuts);
        }
        if self.windows.skipped {
            dialogs::skipped_window(ctx, &self.skipped, &mut self.windows.skipped);
        }
    }
}

/// Take the rest of a panel's room: a panel keeps the size its content
/// used, so a short content (no span selected) would shrink it for good.
fn fill(ui: &mut egui::Ui) {
    let room = ui.max_rect().bottom() - ui.cursor().top();
    if room > 0.0 {
        ui.allocate_space(egui::vec2(ui.available_width(), room));
    }
}

impl ParallaxApp {
    /// Close at once, keeping unsaved work in the recovery file, when the
    /// process is asked to stop (SIGTERM, SIGINT) or a scripted run is over.
    fn stop_if_asked(&mut self, ctx: &egui::Context) {
        let scripted = match self.quit_after.as_mut() {
            Some(0) => true,
            Some(n) => {
                *n -= 1;
                ctx.request_repaint();
                false
            }
            None => false,
        };
        if !(scripted || super::shutdown::stop_requested()) || self.allow_close {
            return;
        }
        if super::text_field::leave(ctx) {
            // The field gives what it holds in this frame; stop in the next.
            ctx.request_repaint();
            return;
        }
        if let Some(ws) = self.ws.as_ref().filter(|ws| ws.is_dirty()) {
            // Written here, on the way out: nothing the user made is lost.
            if let Err(e) = crate::recovery::write(ws, &self.options.recovery_dir) {
                eprintln!("parallax: could not keep the unsaved work: {e}");
            }
        }
        let size = ctx.input(|i| i.viewport().inner_rect).map(|r| r.size());
        if let Some(size) = size {
            eprintln!("parallax: window {}x{}", size.x.round(), size.y.round());
        }
        self.allow_close = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

impl eframe::App for ParallaxApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_main(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }

    /// The panels' colour, cleared to once instead of filled by each panel
    /// (see [`super::fonts::install`]).
    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        super::background(self.prefs.dark).to_normalized_gamma_f32()
    }

    /// Window size and preferences are written this often, so they survive
    /// the app being killed.
    fn auto_save_interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs(5)
    }
}

//! The app shell: owns the open workspace and the view state, lays out the
//! panels, and applies what they ask for. Panels never change the project
//! themselves: they push [`Action`]s, which are drained once per frame here,
//! and every change to the project is an [`Edit`] applied through the
//! workspace, so undo, shortcuts, menus and the palette share one path.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::command::{Command, Menu, View};
use super::dialogs::{self, Dialog, OpenPurpose, SavePurpose};
use super::document::{DocEvents, DocumentView, Look, Marks};
use super::loader::{ImportJob, Loaded, Loader};
use super::palette::Palette;
use super::perf::PerfLog;
use super::{article_list, help, inspector, span_list, start};
use crate::corpus::Skipped;
use crate::edit::Edit;
use crate::export::compare::CompareFormat;
use crate::export::Format;
use crate::import::ImportFormat;
use crate::model::{Id, Span};
use crate::recovery;
use crate::workspace::Workspace;

/// Something a panel asks the app to do.
#[derive(Debug)]
pub enum Action {
    Run(Command),
    Edit(Edit),
    OpenArticle(Id),
    /// Open the span's article, select it and scroll to it.
    RevealSpan(Id),
    SelectSpan(Option<Id>),
    /// Apply a tag by name (the palette buttons).
    ApplyTag(String),
    /// Open a folder of articles or a project file.
    Open(PathBuf),
    SaveTo(PathBuf),
    ExportTo(Format, PathBuf),
    ExportCompareTo(CompareFormat, PathBuf),
    /// Read another tool's export and add its spans.
    ImportFrom(ImportFormat, PathBuf),
    /// Select a fact (or none): its claims are highlighted everywhere.
    SelectFact(Option<Id>),
    /// Ctrl+click: add a span to the selection (or take it out).
    ToggleExtra(Id),
    /// Show a view of the central area.
    ShowView(View),
    /// Take an article's new source text and re-anchor its spans.
    UpdateFromSource(Id),
    CheckSources,
    RestoreRecovery(recovery::Recovery),
    DiscardRecovery(PathBuf),
    /// After the unsaved-changes question: go on with what was asked.
    Proceed(Pending),
    /// Save, then go on with what was asked.
    SaveThen(Pending),
    CancelLoad,
}

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    Quit,
    Close,
    Open(PathBuf),
}

/// Preferences kept between runs (eframe storage). Never annotations.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub dark: bool,
    pub recent: Vec<PathBuf>,
    pub text_size: f32,
    pub group_by_outlet: bool,
    pub annotator: String,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            dark: false,
            recent: Vec::new(),
            text_size: 17.0,
            group_by_outlet: true,
            annotator: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_else(|_| "analyst".into()),
        }
    }
}

const PREFS_KEY: &str = "parallax-prefs";
const RECENT_MAX: usize = 10;

/// Settings that tests change.
#[derive(Clone, Debug)]
pub struct Options {
    /// Seconds between autosaves to the recovery file.
    pub autosave_secs: f64,
    pub recovery_dir: PathBuf,
    /// Try the system's file dialogs (off in tests and where none exist).
    pub native_dialogs: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            autosave_secs: 30.0,
            recovery_dir: recovery::recovery_dir(),
            native_dialogs: true,
        }
    }
}

/// A transient message in the status bar.
#[derive(Clone, Debug)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// Filters and toggles of the side panels.
#[derive(Clone, Debug, Default)]
pub struct PanelState {
    pub article_filter: String,
    pub span_filter: String,
    pub span_tag: Option<String>,
    pub all_articles: bool,
}

/// What is selected; shared by every panel.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub article: Option<Id>,
    /// (anchor, head) in code points of the current article.
    pub text: Option<(usize, usize)>,
    pub span: Option<Id>,
    pub hovered: Option<Id>,
    /// The code point last clicked; stacked spans are cycled there.
    pub point: Option<usize>,
    /// Spans added with Ctrl+click (to link with the selected one).
    pub extra: Vec<Id>,
    /// The fact whose claims are highlighted.
    pub fact: Option<Id>,
}

impl Selection {
    pub fn text_range(&self) -> Option<std::ops::Range<usize>> {
        self.text
            .map(|(a, h)| a.min(h)..a.max(h))
            .filter(|r| !r.is_empty())
    }
}

pub struct ParallaxApp {
    pub ws: Option<Workspace>,
    /// Bumped whenever `ws` is replaced, for caches keyed on the project.
    pub generation: u64,
    pub sel: Selection,
    pub prefs: Prefs,
    pub panels: PanelState,
    pub doc: DocumentView,
    pub dialog: Option<Dialog>,
    pub palette: Option<Palette>,
    pub show_shortcuts: bool,
    pub show_skipped: bool,
    pub skipped: Vec<Skipped>,
    pub loader: Option<Loader>,
    /// The project that was open while another loads: it comes back if
    /// loading fails or is cancelled.
    set_aside: Option<Workspace>,
    pub importing: Option<ImportJob>,
    pub status: Option<Status>,
    pub options: Options,
    pub article_cache: article_list::Cache,
    pub span_cache: span_list::Cache,
    pub inspector: inspector::State,
    pub view: View,
    pub fact_picker: Option<super::facts::Picker>,
    pub schema_editor: Option<super::schema_editor::Editor>,
    pub facts_state: super::facts::State,
    pub compare_cache: super::compare_view::Cache,
    pub side: super::side_by_side::State,
    /// The state of the articles' source files, from the last check.
    pub sources: Vec<crate::sources::SourceCheck>,
    pub show_sources: bool,
    pub show_orphans: bool,
    actions: Vec<Action>,
    last_autosave: f64,
    recovery_file: Option<PathBuf>,
    /// What to do after the save the unsaved-changes question asked for.
    after_save: Option<Pending>,
    allow_close: bool,
    perf: Option<PerfLog>,
    title: String,
    applied_theme: Option<bool>,
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
            dialog: None,
            palette: None,
            show_shortcuts: false,
            show_skipped: false,
            skipped: Vec::new(),
            loader: None,
            set_aside: None,
            importing: None,
            status: None,
            options,
            article_cache: Default::default(),
            span_cache: Default::default(),
            inspector: Default::default(),
            view: View::Read,
            fact_picker: None,
            schema_editor: None,
            facts_state: Default::default(),
            compare_cache: Default::default(),
            side: Default::default(),
            sources: Vec::new(),
            show_sources: false,
            show_orphans: false,
            actions: Vec::new(),
            last_autosave: 0.0,
            recovery_file: None,
            after_save: None,
            allow_close: false,
            perf: None,
            title: String::new(),
            applied_theme: None,
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

    pub fn with_perf_log(mut self, path: &Path) -> std::io::Result<Self> {
        self.perf = Some(PerfLog::create(path)?);
        Ok(self)
    }

    pub fn push(&mut self, action: Action) {
        self.actions.push(action);
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

    fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
        });
    }

    fn remember_recent(&mut self, path: &Path) {
        let path = crate::paths::absolute(path);
        self.prefs.recent.retain(|p| p != &path);
        self.prefs.recent.insert(0, path);
        self.prefs.recent.truncate(RECENT_MAX);
    }

    fn install(&mut self, ws: Workspace, from: &Path) {
        self.remember_recent(from);
        self.recovery_file = None;
        let rec = recovery::find(&self.options.recovery_dir, ws.file(), ws.base_dir());
        self.ws = Some(ws);
        self.generation += 1;
        self.sel = Selection::default();
        self.doc.reset();
        self.inspector = Default::default();
        self.sel.article = self.first_article();
        if let Some(rec) = rec {
            self.dialog = Some(Dialog::Recovery(rec));
        }
    }

    fn first_article(&mut self) -> Option<Id> {
        let ws = self.ws.as_ref()?;
        self.article_cache
            .order(
                ws,
                self.generation,
                &self.panels,
                self.prefs.group_by_outlet,
            )
            .first()
            .copied()
            .or_else(|| ws.project().articles().first().map(|a| a.id))
    }

    fn poll_loader(&mut self) {
        let Some(loaded) = self.loader.as_ref().and_then(Loader::poll) else {
            return;
        };
        let Some(loader) = self.loader.take() else {
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
                    self.show_skipped = true;
                }
                for w in warnings {
                    msg.push_str(&format!(" {w}"));
                }
                self.skipped = skipped;
                self.set_status(msg, false);
            }
            Loaded::Project { ws, sources } => {
                self.install(ws, &loader.path);
                self.skipped.clear();
                let drift = sources
                    .iter()
                    .filter(|c| c.state != crate::sources::SourceState::Unchanged)
                    .count();
                let mut msg = format!("Opened {}.", loader.path.display());
                if drift > 0 {
                    msg.push_str(&format!(
                        " {drift} source file(s) changed, moved or missing (File → Source files)."
                    ));
                    self.show_sources = true;
                }
                if let Some(ws) = &self.ws {
                    if ws.project().orphan_count() > 0 {
                        msg.push_str(&format!(
                            " {} orphaned span(s).",
                            ws.project().orphan_count()
                        ));
                    }
                }
                self.sources = sources;
                self.set_status(msg, false);
            }
            Loaded::Failed(e) => {
                self.dialog = Some(Dialog::Error(e));
                self.bring_back_set_aside();
                return;
            }
            Loaded::Cancelled => {
                self.set_status("Reading cancelled.", false);
                self.bring_back_set_aside();
                return;
            }
        }
        if let Some(old) = self.set_aside.take() {
            recovery::discard(&recovery::path_for(&old, &self.options.recovery_dir));
        }
    }

    /// Open `path` in place of the current project, which is set aside
    /// until the new one has loaded.
    fn open_replacing(&mut self, path: &Path, ctx: &egui::Context) {
        if !path.exists() {
            self.dialog = Some(Dialog::Error(format!("{} does not exist.", path.display())));
            return;
        }
        if let Some(ws) = self.detach_project() {
            self.set_aside = Some(ws);
        }
        if let Some(l) = &self.loader {
            l.cancel();
        }
        self.loader = Some(Loader::start(path, ctx));
    }

    fn bring_back_set_aside(&mut self) {
        if let Some(ws) = self.set_aside.take() {
            self.ws = Some(ws);
            self.generation += 1;
            self.sel.article = self.first_article();
        }
    }

    // ----- actions -----

    fn apply_edit(&mut self, edit: Edit) {
        let Some(ws) = self.ws.as_mut() else { return };
        if let Err(e) = ws.apply(edit) {
            self.set_status(format!("Not done: {e}"), true);
        }
        self.fix_selection();
    }

    /// Drop selections that point at things that no longer exist.
    fn fix_selection(&mut self) {
        let Some(ws) = &self.ws else { return };
        if self
            .sel
            .span
            .is_some_and(|s| ws.project().span(s).is_none())
        {
            self.sel.span = None;
        }
        self.sel.extra.retain(|s| ws.project().span(*s).is_some());
        if self
            .sel
            .fact
            .is_some_and(|f| ws.project().fact(f).is_none())
        {
            self.sel.fact = None;
        }
        if self
            .sel
            .article
            .is_some_and(|a| ws.project().article(a).is_none())
        {
            self.sel.article = ws.project().articles().first().map(|a| a.id);
        }
    }

    fn tag_by_hotkey(&mut self, digit: u8) {
        let Some(ws) = &self.ws else { return };
        match ws.project().schema.tag_for_hotkey(digit) {
            Some(t) => {
                let name = t.name.clone();
                self.apply_tag(&name);
            }
            None => self.set_status(format!("No tag has hotkey {digit}."), true),
        }
    }

    /// Tag the text selection as a new span, or retag the selected span.
    fn apply_tag(&mut self, tag: &str) {
        let Some(ws) = &self.ws else { return };
        if let (Some(range), Some(article)) = (
            self.sel.text_range(),
            self.sel.article.and_then(|a| ws.project().article(a)),
        ) {
            let id = ws.project().new_id();
            let Some(span) = Span::new(id, article, tag, range, &self.prefs.annotator) else {
                return;
            };
            if let Some(existing) = ws.project().find_span(article.id, tag, span.range()) {
                let existing = existing.id;
                self.set_status(format!("That text is already tagged {tag}."), false);
                self.sel.span = Some(existing);
                return;
            }
            self.apply_edit(Edit::AddSpan(span));
            self.sel.text = None;
            self.sel.span = Some(id);
        } else if let Some(span) = self.sel.span {
            if ws.project().span(span).is_some_and(|s| s.tag != tag) {
                self.apply_edit(Edit::RetagSpan {
                    span,
                    tag: tag.to_owned(),
                });
            }
        } else {
            self.set_status(
                "Select some text first (drag across it), then press a tag's key.",
                false,
            );
        }
    }

    fn reveal_span(&mut self, id: Id) {
        let Some(span) = self.ws.as_ref().and_then(|ws| ws.project().span(id)) else {
            return;
        };
        let (article, start) = (span.article, span.start);
        if self.sel.article != Some(article) {
            self.sel.article = Some(article);
            self.sel.text = None;
        }
        self.sel.span = Some(id);
        self.doc.scroll_to(start);
    }

    fn step_article(&mut self, delta: isize) {
        let Some(ws) = &self.ws else { return };
        let order = self
            .article_cache
            .order(
                ws,
                self.generation,
                &self.panels,
                self.prefs.group_by_outlet,
            )
            .to_vec();
        if order.is_empty() {
            return;
        }
        let i = self
            .sel
            .article
            .and_then(|a| order.iter().position(|x| *x == a))
            .map_or(0, |i| {
                (i as isize + delta).rem_euclid(order.len() as isize) as usize
            });
        self.open_article(order[i]);
    }

    fn open_article(&mut self, id: Id) {
        if self.sel.article != Some(id) {
            self.sel.article = Some(id);
            self.sel.text = None;
            self.sel.span = None;
        }
    }

    /// Ask about unsaved changes before `pending`; true when it may go ahead now.
    fn confirm_discard(&mut self, pending: Pending) -> bool {
        if self.is_dirty() {
            self.dialog = Some(Dialog::Unsaved(pending));
            false
        } else {
            true
        }
    }

    fn run(&mut self, cmd: Command, ctx: &egui::Context) {
        match cmd {
            Command::OpenFolder => {
                self.dialog = Some(Dialog::open(
                    OpenPurpose::Folder,
                    self.options.native_dialogs,
                    self.default_dir(),
                ))
            }
            Command::OpenProject => {
                self.dialog = Some(Dialog::open(
                    OpenPurpose::Project,
                    self.options.native_dialogs,
                    self.default_dir(),
                ))
            }
            Command::Save => self.save(),
            Command::SaveAs => self.ask_save_path(SavePurpose::SaveAs),
            Command::Export(f) => self.ask_save_path(SavePurpose::Export(f)),
            Command::ExportCompare(f) => self.ask_save_path(SavePurpose::ExportCompare(f)),
            Command::Import(f) => {
                self.dialog = Some(Dialog::open(
                    OpenPurpose::Import(f),
                    self.options.native_dialogs,
                    self.default_dir(),
                ))
            }
            Command::Link => self.link_selected(),
            Command::NewFact => self.new_fact(),
            Command::AddToFact => {
                if self.selected_claim().is_some() {
                    self.fact_picker = Some(super::facts::Picker::default());
                } else {
                    self.set_status("Select a claim first, then add it to a fact.", false);
                }
            }
            Command::ShowView(v) => self.view = v,
            Command::ShowSources => {
                self.check_sources();
                self.show_sources = true;
            }
            Command::ShowOrphans => self.show_orphans = true,
            Command::SchemaEditor => {
                if let Some(ws) = &self.ws {
                    self.schema_editor =
                        Some(super::schema_editor::Editor::new(&ws.project().schema));
                }
            }
            Command::CloseProject => {
                if self.ws.is_some() && self.confirm_discard(Pending::Close) {
                    self.close_project();
                }
            }
            Command::Quit => {
                if self.confirm_discard(Pending::Quit) {
                    self.allow_close = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Command::Undo => {
                if let Some(ws) = self.ws.as_mut() {
                    match ws.undo() {
                        Ok(Some(label)) => self.set_status(format!("Undid {label}."), false),
                        Ok(None) => self.set_status("Nothing to undo.", false),
                        Err(e) => self.set_status(format!("Cannot undo: {e}"), true),
                    }
                    self.fix_selection();
                }
            }
            Command::Redo => {
                if let Some(ws) = self.ws.as_mut() {
                    match ws.redo() {
                        Ok(Some(label)) => self.set_status(format!("Redid {label}."), false),
                        Ok(None) => self.set_status("Nothing to redo.", false),
                        Err(e) => self.set_status(format!("Cannot redo: {e}"), true),
                    }
                    self.fix_selection();
                }
            }
            Command::NextArticle => self.step_article(1),
            Command::PrevArticle => self.step_article(-1),
            Command::Tag(n) => self.tag_by_hotkey(n),
            Command::DeleteSpan => {
                if let Some(span) = self.sel.span {
                    self.apply_edit(Edit::RemoveSpan(span));
                    self.sel.span = None;
                }
            }
            Command::CycleSpan => self.cycle_span(),
            Command::ClearSelection => {
                self.sel.text = None;
                self.sel.span = None;
            }
            Command::ToggleAllSpans => self.panels.all_articles = !self.panels.all_articles,
            Command::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Command::ShowSkipped => self.show_skipped = true,
            Command::Shortcuts => self.show_shortcuts = !self.show_shortcuts,
            Command::CommandPalette => self.palette = Some(Palette::default()),
        }
    }

    fn cycle_span(&mut self) {
        let (Some(ws), Some(cur)) = (&self.ws, self.sel.span) else {
            return;
        };
        let Some(span) = ws.project().span(cur) else {
            return;
        };
        // Cycle at the clicked point when it lies in the span, else at its start.
        let at = self
            .sel
            .point
            .filter(|p| span.range().contains(p))
            .unwrap_or(span.start);
        let mut stack: Vec<&Span> = ws
            .project()
            .spans_overlapping(span.article, at..at + 1)
            .collect();
        stack.sort_by_key(|s| (s.len(), s.start));
        if let Some(i) = stack.iter().position(|s| s.id == cur) {
            self.sel.span = Some(stack[(i + 1) % stack.len()].id);
        }
    }

    fn default_dir(&self) -> PathBuf {
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

    fn ask_save_path(&mut self, purpose: SavePurpose) {
        let Some(ws) = &self.ws else { return };
        let default = match purpose {
            SavePurpose::SaveAs => ws
                .file()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| dialogs::default_project_path(ws.base_dir())),
            SavePurpose::ExportCompare(f) => {
                let dir = ws
                    .file()
                    .and_then(Path::parent)
                    .unwrap_or(ws.base_dir())
                    .to_path_buf();
                dir.join(format!("{}-comparison.{}", ws.name(), f.extension()))
            }
            SavePurpose::Export(f) => {
                let dir = ws
                    .file()
                    .and_then(Path::parent)
                    .unwrap_or(ws.base_dir())
                    .to_path_buf();
                let name = match f {
                    Format::Facts => format!("{}-facts.{}", ws.name(), f.extension()),
                    Format::Brat => format!("{}-brat", ws.name()),
                    Format::Doccano | Format::Spacy | Format::Labelstudio => {
                        format!("{}-{}.{}", ws.name(), format_slug(f), f.extension())
                    }
                    _ => format!("{}.{}", ws.name(), f.extension()),
                };
                dir.join(name)
            }
        };
        self.dialog = Some(Dialog::save(purpose, default, self.options.native_dialogs));
    }

    fn save(&mut self) {
        let Some(ws) = self.ws.as_mut() else { return };
        if ws.file().is_none() {
            self.ask_save_path(SavePurpose::SaveAs);
            return;
        }
        match ws.save() {
            Ok(()) => {
                let path = ws.file().map(Path::to_path_buf).unwrap_or_default();
                self.after_save(&path);
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error(format!(
                "{e}\n\nYour work is still open; nothing was lost. Try Save as… to another folder."
            )))
            }
        }
    }

    fn save_to(&mut self, path: PathBuf) {
        let Some(ws) = self.ws.as_mut() else { return };
        let old_recovery = recovery::path_for(ws, &self.options.recovery_dir);
        match ws.save_as(&path) {
            Ok(()) => {
                recovery::discard(&old_recovery);
                self.after_save(&path);
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error(format!(
                    "{e}\n\nYour work is still open; nothing was lost."
                )))
            }
        }
    }

    fn after_save(&mut self, path: &Path) {
        if let Some(ws) = &self.ws {
            recovery::discard(&recovery::path_for(ws, &self.options.recovery_dir));
        }
        self.remember_recent(path);
        self.set_status(format!("Saved {}.", path.display()), false);
        // A pending close or quit goes on after a successful save.
        if let Some(pending) = self.after_save.take() {
            self.actions.push(Action::Proceed(pending));
        }
    }

    fn close_project(&mut self) {
        if let Some(ws) = self.detach_project() {
            recovery::discard(&recovery::path_for(&ws, &self.options.recovery_dir));
        }
    }

    /// Take the project out of the window, leaving its recovery file.
    fn detach_project(&mut self) -> Option<Workspace> {
        let ws = self.ws.take();
        self.generation += 1;
        self.sel = Selection::default();
        self.doc.reset();
        self.skipped.clear();
        self.sources.clear();
        self.show_sources = false;
        self.show_orphans = false;
        ws
    }

    fn export_to(&mut self, format: Format, path: PathBuf) {
        let Some(ws) = &self.ws else { return };
        match crate::export::export(&ws.project(), format, &path) {
            Ok(()) => self.set_status(
                format!(
                    "Exported {} span(s) to {}.",
                    ws.project().span_count(),
                    path.display()
                ),
                false,
            ),
            Err(e) => {
                self.dialog = Some(Dialog::Error(format!(
                    "Could not export to {}: {e}",
                    path.display()
                )))
            }
        }
    }

    /// Place the spans of an import that finished reading, as one undoable
    /// edit, and show what happened.
    fn poll_import(&mut self) {
        let Some(read) = self.importing.as_ref().and_then(ImportJob::poll) else {
            return;
        };
        let Some(job) = self.importing.take() else {
            return;
        };
        let Some(ws) = &self.ws else { return };
        let docs = match read {
            Ok(docs) => docs,
            Err(e) => {
                self.dialog = Some(Dialog::Error(format!("Could not import: {e}")));
                return;
            }
        };
        let (edit, report) = crate::import::plan(&ws.project(), &docs, &self.prefs.annotator);
        if report.imported > 0 || !report.new_tags.is_empty() || report.links > 0 {
            self.apply_edit(edit);
        }
        let mut body = format!("{report}.");
        if report.imported > 0 {
            body.push_str(" Edit → Undo takes the whole import back.");
        }
        for line in report.detail_lines() {
            body.push_str("\n• ");
            body.push_str(&line);
        }
        self.set_status(
            format!("Imported from {}: {report}.", job.path.display()),
            false,
        );
        self.dialog = Some(Dialog::Report {
            title: format!("Imported {}", job.format.label()),
            body,
        });
    }

    fn export_compare_to(&mut self, format: CompareFormat, path: PathBuf) {
        let Some(ws) = &self.ws else { return };
        match crate::atomic::write_with(&path, crate::atomic::Backup::None, |w| {
            format.write(&ws.project(), w)
        }) {
            Ok(()) => self.set_status(
                format!("Wrote the {} to {}.", format.label(), path.display()),
                false,
            ),
            Err(e) => {
                self.dialog = Some(Dialog::Error(format!(
                    "Could not write {}: {e}",
                    path.display()
                )))
            }
        }
    }

    fn check_sources(&mut self) {
        if let Some(ws) = &self.ws {
            self.sources = crate::sources::check(&ws.project(), ws.base_dir());
        }
    }

    fn update_from_source(&mut self, article: Id) {
        let Some(ws) = &self.ws else { return };
        let Some(check) = self.sources.iter().find(|c| c.article == article).cloned() else {
            return;
        };
        match crate::sources::update_from_source(&ws.project(), ws.base_dir(), &check) {
            Ok((edit, report)) => {
                self.apply_edit(edit);
                self.set_status(
                    format!("Updated “{}” from its source: {report}.", check.title),
                    report.orphaned > 0,
                );
                if report.orphaned > 0 {
                    self.show_orphans = true;
                }
                if let (Some(ws), Some(c)) = (
                    &self.ws,
                    self.sources.iter_mut().find(|c| c.article == article),
                ) {
                    if let Some(a) = ws.project().article(article) {
                        *c = crate::sources::check_article(a, ws.base_dir());
                    }
                }
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error(format!(
                    "Could not update “{}”: {e}",
                    check.title
                )))
            }
        }
    }

    fn toggle_extra(&mut self, id: Id) {
        if self.sel.span.is_none() {
            self.sel.span = Some(id);
        } else if self.sel.span == Some(id) {
            // Ctrl+click on the main selection promotes the first extra span.
            self.sel.span = if self.sel.extra.is_empty() {
                None
            } else {
                Some(self.sel.extra.remove(0))
            };
        } else if let Some(i) = self.sel.extra.iter().position(|x| *x == id) {
            self.sel.extra.remove(i);
        } else {
            self.sel.extra.push(id);
        }
    }

    /// The selected span, if it is a claim.
    fn selected_claim(&self) -> Option<Id> {
        let ws = self.ws.as_ref()?;
        let s = ws.project().span(self.sel.span?)?;
        (s.tag == crate::model::CLAIM).then_some(s.id)
    }

    /// Link the selected spans: a claim with a source and/or a cue.
    fn link_selected(&mut self) {
        use crate::model::{ATTRIBUTION, CLAIM, SOURCE};
        let Some(ws) = &self.ws else { return };
        let p = &ws.project();
        let ids: Vec<Id> = self
            .sel
            .span
            .into_iter()
            .chain(self.sel.extra.iter().copied())
            .collect();
        let spans: Vec<&Span> = ids.iter().filter_map(|id| p.span(*id)).collect();
        let pick = |tag: &str| spans.iter().find(|s| s.tag == tag).map(|s| s.id);
        let (claim, source, cue) = (pick(CLAIM), pick(SOURCE), pick(ATTRIBUTION));
        let Some(claim) = claim else {
            self.set_status(
                "To link, select a claim and Ctrl+click its source and/or cue, then press L.",
                false,
            );
            return;
        };
        if source.is_none() && cue.is_none() {
            self.set_status(
                "Ctrl+click the claim's source and/or cue as well, then press L.",
                false,
            );
            return;
        }
        if p.links()
            .any(|l| l.claim == claim && l.source == source && l.cue == cue)
        {
            self.set_status("These spans are linked already.", false);
            return;
        }
        let link = crate::model::Link {
            id: p.new_id(),
            claim,
            source,
            cue,
            note: String::new(),
        };
        self.apply_edit(Edit::AddLink(link));
        self.sel.extra.clear();
        self.sel.span = Some(claim);
    }

    /// Start a fact named after the selected claim, with it as a member.
    fn new_fact(&mut self) {
        let Some(claim) = self.selected_claim() else {
            self.set_status("Select a claim first; its text names the new fact.", false);
            return;
        };
        let Some(ws) = &self.ws else { return };
        let quote = ws
            .project()
            .span(claim)
            .map(|s| s.quote.clone())
            .unwrap_or_default();
        let name = crate::text::head_chars(
            quote
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .as_str(),
            120,
        )
        .to_owned();
        let fact = crate::model::Fact {
            id: ws.project().new_id(),
            name,
            note: String::new(),
            members: vec![crate::model::Member {
                span: claim,
                relation: crate::model::Relation::Equivalent,
            }],
        };
        let (id, index) = (fact.id, ws.project().facts().len());
        self.apply_edit(Edit::AddFact { fact, index });
        self.sel.fact = Some(id);
    }

    fn handle(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::Run(c) => self.run(c, ctx),
            Action::Edit(e) => self.apply_edit(e),
            Action::OpenArticle(a) => self.open_article(a),
            Action::RevealSpan(s) => self.reveal_span(s),
            Action::SelectSpan(s) => self.sel.span = s,
            Action::ApplyTag(t) => self.apply_tag(&t),
            Action::Open(p) => {
                if self.confirm_discard(Pending::Open(p.clone())) {
                    self.open_replacing(&p, ctx);
                }
            }
            Action::SaveTo(p) => self.save_to(p),
            Action::SaveThen(pending) => {
                self.after_save = Some(pending);
                self.save();
            }
            Action::ExportTo(f, p) => self.export_to(f, p),
            Action::ExportCompareTo(f, p) => self.export_compare_to(f, p),
            Action::ImportFrom(f, p) => {
                if self.ws.is_some() && self.importing.is_none() {
                    self.importing = Some(ImportJob::start(f, &p, ctx));
                }
            }
            Action::SelectFact(f) => self.sel.fact = f,
            Action::ToggleExtra(id) => self.toggle_extra(id),
            Action::ShowView(v) => self.view = v,
            Action::UpdateFromSource(article) => self.update_from_source(article),
            Action::CheckSources => self.check_sources(),
            Action::RestoreRecovery(rec) => match recovery::restore(&rec) {
                Ok(ws) => {
                    self.ws = Some(ws);
                    self.generation += 1;
                    self.sel = Selection::default();
                    self.doc.reset();
                    self.sel.article = self.first_article();
                    self.recovery_file = Some(rec.path);
                    self.set_status("Restored unsaved work. Save to keep it.", false);
                }
                Err(e) => self.dialog = Some(Dialog::Error(format!("Could not restore: {e}"))),
            },
            Action::DiscardRecovery(p) => recovery::discard(&p),
            Action::Proceed(p) => match p {
                Pending::Quit => {
                    if let Some(ws) = &self.ws {
                        recovery::discard(&recovery::path_for(ws, &self.options.recovery_dir));
                    }
                    self.allow_close = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
                Pending::Close => self.close_project(),
                Pending::Open(path) => self.open_replacing(&path, ctx),
            },
            Action::CancelLoad => {
                if let Some(l) = &self.loader {
                    l.cancel();
                }
            }
        }
    }

    // ----- frame -----

    fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some() || self.palette.is_some() {
            return;
        }
        let typing = ctx.egui_wants_keyboard_input();
        for cmd in Command::matching_order() {
            if typing && !cmd.works_while_typing() {
                continue;
            }
            for s in cmd.shortcuts() {
                if ctx.input_mut(|i| i.consume_shortcut(&s)) {
                    self.actions.push(Action::Run(cmd));
                }
            }
        }
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        let Some(ws) = &self.ws else {
            self.last_autosave = now;
            return;
        };
        if !ws.is_dirty() {
            self.last_autosave = now;
            return;
        }
        if now - self.last_autosave >= self.options.autosave_secs {
            self.last_autosave = now;
            match recovery::write(ws, &self.options.recovery_dir) {
                Ok(p) => self.recovery_file = Some(p),
                Err(e) => self.set_status(format!("Autosave failed: {e}"), true),
            }
        }
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(
            self.options.autosave_secs.max(0.05),
        ));
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Unsaved(Pending::Quit));
        }
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
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

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            for (menu, title) in [
                (Menu::File, "File"),
                (Menu::Edit, "Edit"),
                (Menu::View, "View"),
                (Menu::Help, "Help"),
            ] {
                ui.menu_button(title, |ui| {
                    let mut shown_submenus: Vec<&str> = Vec::new();
                    for cmd in Command::ALL.iter().copied().filter(|c| c.menu() == menu) {
                        match cmd.submenu() {
                            None => self.menu_item(ui, cmd),
                            Some(sub) if !shown_submenus.contains(&sub) => {
                                shown_submenus.push(sub);
                                ui.add_enabled_ui(self.ws.is_some(), |ui| {
                                    ui.menu_button(sub, |ui| {
                                        for c in Command::ALL
                                            .iter()
                                            .copied()
                                            .filter(|c| c.submenu() == Some(sub))
                                        {
                                            self.menu_item(ui, c);
                                        }
                                    });
                                });
                            }
                            Some(_) => {}
                        }
                        if cmd == Command::Quit || cmd == Command::Redo {
                            ui.separator();
                        }
                    }
                    if menu == Menu::Edit {
                        if let Some(ws) = &self.ws {
                            ui.separator();
                            for t in &ws.project().schema.tags {
                                let key = t.hotkey.map(|k| k.to_string()).unwrap_or_default();
                                if ui
                                    .add(
                                        egui::Button::new(format!("Tag as {}", t.name))
                                            .shortcut_text(key),
                                    )
                                    .clicked()
                                {
                                    self.actions.push(Action::ApplyTag(t.name.clone()));
                                    ui.close();
                                }
                            }
                        }
                    }
                    if menu == Menu::File && !self.prefs.recent.is_empty() {
                        ui.menu_button("Recent", |ui| {
                            for p in self.prefs.recent.clone() {
                                if ui.button(p.display().to_string()).clicked() {
                                    self.actions.push(Action::Open(p));
                                    ui.close();
                                }
                            }
                        });
                    }
                });
            }
        });
    }

    fn menu_item(&mut self, ui: &mut egui::Ui, cmd: Command) {
        let button = egui::Button::new(cmd.label()).shortcut_text(cmd.shortcut_text(ui.ctx()));
        if ui
            .add_enabled(self.enabled(cmd), button)
            .on_hover_text(cmd.tooltip())
            .clicked()
        {
            self.actions.push(Action::Run(cmd));
            ui.close();
        }
    }

    fn enabled(&self, cmd: Command) -> bool {
        let has_ws = self.ws.is_some();
        match cmd {
            Command::OpenFolder
            | Command::OpenProject
            | Command::Quit
            | Command::Shortcuts
            | Command::CommandPalette
            | Command::ToggleTheme => true,
            Command::Undo => self.ws.as_ref().is_some_and(|w| w.history().can_undo()),
            Command::Redo => self.ws.as_ref().is_some_and(|w| w.history().can_redo()),
            Command::DeleteSpan | Command::CycleSpan => self.sel.span.is_some(),
            Command::ShowSkipped => !self.skipped.is_empty(),
            _ => has_ws,
        }
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if let Some(s) = &self.status {
                let color = if s.error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().weak_text_color()
                };
                ui.colored_label(color, &s.text);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(ws) = &self.ws {
                    ui.label(format!(
                        "{} articles · {} spans",
                        ws.project().articles().len(),
                        ws.project().span_count()
                    ));
                    if let Some(r) = self.sel.text_range() {
                        ui.label(format!(
                            "selection {}–{} ({} chars)",
                            r.start,
                            r.end,
                            r.len()
                        ));
                    }
                    if ws.is_dirty() {
                        ui.label("unsaved changes");
                    }
                }
            });
        });
    }

    fn document(&mut self, ui: &mut egui::Ui) {
        let Some(ws) = &self.ws else { return };
        let Some(article) = self.sel.article.and_then(|a| ws.project().article(a)) else {
            ui.centered_and_justified(|ui| ui.label("This project has no articles."));
            return;
        };
        inspector::article_header(
            ui,
            &ws.project(),
            article,
            &mut self.inspector,
            &mut self.actions,
        );
        ui.separator();
        tag_bar(ui, &ws.project(), &self.sel, &mut self.actions);
        let mut related = inspector::related_spans(&ws.project(), self.sel.span);
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
        };
        let look = Look {
            font_size: self.prefs.text_size,
            dark: self.prefs.dark,
        };
        let events = self.doc.show(ui, &ws.project(), article, &marks, look);
        self.apply_doc_events(events);
    }

    fn view_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            for v in View::ALL {
                let cmd = Command::ShowView(v);
                let r = ui
                    .selectable_label(self.view == v, v.label())
                    .on_hover_text(format!(
                        "{} ({})",
                        cmd.tooltip(),
                        cmd.shortcut_text(ui.ctx())
                    ));
                if r.clicked() {
                    self.actions.push(Action::ShowView(v));
                }
            }
        });
        ui.separator();
    }

    fn side_by_side(&mut self, ui: &mut egui::Ui) {
        let Some(ws) = &self.ws else { return };
        let look = Look {
            font_size: (self.prefs.text_size - 2.0).max(12.0),
            dark: self.prefs.dark,
        };
        let events = self.side.show(ui, ws, &self.sel, look, &mut self.actions);
        if let Some((article, events)) = events {
            if self.sel.article != Some(article) {
                self.sel.article = Some(article);
                self.sel.text = None;
            }
            self.apply_doc_events(events);
        }
    }

    fn apply_doc_events(&mut self, events: DocEvents) {
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
        self.poll_loader();
        self.poll_import();
        self.handle_close_request(&ctx);
        self.dropped_files(&ctx);
        self.shortcuts(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        if self.ws.is_some() {
            egui::Panel::left("articles")
                .resizable(true)
                .default_size(260.0)
                .show(ui, |ui| {
                    if let Some(ws) = &self.ws {
                        egui::Panel::bottom("facts")
                            .resizable(true)
                            .min_size(160.0)
                            .default_size(260.0)
                            .show(ui, |ui| {
                                super::facts::panel(
                                    ui,
                                    ws,
                                    &self.sel,
                                    &mut self.facts_state,
                                    &mut self.actions,
                                );
                            });
                        article_list::show(
                            ui,
                            ws,
                            self.generation,
                            &self.sel,
                            &mut self.panels,
                            &mut self.prefs,
                            &mut self.article_cache,
                            &mut self.actions,
                        );
                    }
                });
            // The comparison and the charts need the width; the span list does not.
            let with_spans = matches!(self.view, View::Read | View::SideBySide);
            if with_spans {
                egui::Panel::right("spans")
                    .resizable(true)
                    .default_size(340.0)
                    .show(ui, |ui| {
                        if let Some(ws) = &self.ws {
                            egui::Panel::bottom("inspector")
                                .resizable(true)
                                .min_size(220.0)
                                .default_size(320.0)
                                .show(ui, |ui| {
                                    inspector::show(
                                        ui,
                                        ws,
                                        &self.sel,
                                        &mut self.inspector,
                                        &mut self.actions,
                                    );
                                });
                            span_list::show(
                                ui,
                                ws,
                                self.generation,
                                &self.sel,
                                &mut self.panels,
                                &mut self.span_cache,
                                &mut self.actions,
                            );
                        }
                    });
            }
            egui::CentralPanel::default().show(ui, |ui| {
                self.view_bar(ui);
                match self.view {
                    View::Read => self.document(ui),
                    View::Compare => {
                        if let Some(ws) = &self.ws {
                            super::compare_view::show(
                                ui,
                                ws,
                                self.generation,
                                &self.sel,
                                &mut self.compare_cache,
                                &mut self.actions,
                            );
                        }
                    }
                    View::SideBySide => self.side_by_side(ui),
                    View::Outlets => {
                        if let Some(ws) = &self.ws {
                            super::outlets_view::show(
                                ui,
                                ws,
                                self.generation,
                                &mut self.compare_cache,
                            );
                        }
                    }
                }
            });
        } else {
            egui::CentralPanel::default().show(ui, |ui| {
                start::show(ui, &self.prefs, &self.options, &mut self.actions);
            });
        }

        if let Some(loader) = &self.loader {
            dialogs::progress(&ctx, loader, &mut self.actions);
        }
        if let Some(job) = &self.importing {
            dialogs::import_progress(&ctx, job);
        }
        if let Some(dialog) = self.dialog.take() {
            self.dialog = dialogs::show(&ctx, dialog, self.ws.as_ref(), &mut self.actions);
            // A save dialog closed without saving drops what was to follow it.
            let saving = self
                .actions
                .iter()
                .any(|a| matches!(a, Action::SaveTo(_) | Action::SaveThen(_)));
            if self.dialog.is_none() && !saving {
                self.after_save = None;
            }
        }
        if let Some(mut palette) = self.palette.take() {
            let tags: Vec<(String, Option<u8>)> = self
                .ws
                .as_ref()
                .map(|ws| {
                    ws.project()
                        .schema
                        .tags
                        .iter()
                        .map(|t| (t.name.clone(), t.hotkey))
                        .collect()
                })
                .unwrap_or_default();
            if palette.show(&ctx, &tags, &mut self.actions) {
                self.palette = Some(palette);
            }
        }
        if let Some(mut picker) = self.fact_picker.take() {
            if let (Some(ws), Some(claim)) = (&self.ws, self.selected_claim()) {
                if picker.show(&ctx, &ws.project(), claim, &mut self.actions) {
                    self.fact_picker = Some(picker);
                }
            }
        }
        if let Some(mut editor) = self.schema_editor.take() {
            if let Some(ws) = &self.ws {
                if editor.show(&ctx, &ws.project(), &mut self.actions) {
                    self.schema_editor = Some(editor);
                }
            }
        }
        if self.show_sources {
            super::sources_view::sources_window(
                &ctx,
                &self.sources,
                &mut self.show_sources,
                &mut self.actions,
            );
        }
        if self.show_orphans {
            if let Some(ws) = &self.ws {
                super::sources_view::orphans_window(
                    &ctx,
                    ws,
                    &self.sel,
                    &mut self.show_orphans,
                    &mut self.actions,
                );
            }
        }
        if self.show_shortcuts {
            help::shortcuts_window(&ctx, self.ws.as_ref(), &mut self.show_shortcuts);
        }
        if self.show_skipped {
            dialogs::skipped_window(&ctx, &self.skipped, &mut self.show_skipped);
        }

        for action in std::mem::take(&mut self.actions) {
            self.handle(action, &ctx);
        }
        self.autosave(&ctx);
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if self.loader.is_some() || self.importing.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        if let Some(p) = self.perf.as_mut() {
            p.end();
        }
    }
}

fn tag_bar(
    ui: &mut egui::Ui,
    project: &crate::model::Project,
    sel: &Selection,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Tag:");
        for t in &project.schema.tags {
            let [r, g, b] = t.color.0;
            let key = t.hotkey.map(|k| format!("{k} ")).unwrap_or_default();
            let text = egui::RichText::new(format!("{key}{}", t.name)).color(egui::Color32::WHITE);
            let button = egui::Button::new(text).fill(egui::Color32::from_rgb(r, g, b));
            let hint = "Tag the selected text, or retag the selected span";
            if ui.add(button).on_hover_text(hint).clicked() {
                actions.push(Action::ApplyTag(t.name.clone()));
            }
        }
        if sel.text_range().is_none() && sel.span.is_none() {
            ui.weak("Drag across text to select it, then press a number or click a tag.");
        }
    });
}

impl eframe::App for ParallaxApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_main(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}

/// A short name for default export file names.
fn format_slug(f: Format) -> &'static str {
    match f {
        Format::Doccano => "doccano",
        Format::Spacy => "spacy",
        Format::Labelstudio => "label-studio",
        Format::Brat => "brat",
        Format::W3c => "w3c",
        Format::Qdpx => "qdpx",
        Format::Csv => "csv",
        Format::Jsonl => "jsonl",
        Format::Facts => "facts",
    }
}

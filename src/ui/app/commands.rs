//! Applying what panels, keys, menus and the palette ask for: commands and
//! actions. The rules that turn a selection into an edit are in
//! [`crate::coding`]; here they meet the selection and the status line.

use super::curation::Decision;
use super::{ParallaxApp, Pending};
use crate::coding::{self, Reason};
use crate::edit::Edit;
use crate::model::{Id, Span};
use crate::ui::action::Action;
use crate::ui::command::{Command, Ready};
use crate::ui::dialogs::{Dialog, OpenPurpose, SavePurpose};
use crate::ui::facts;
use crate::ui::palette::Palette;
use crate::ui::schema_editor;
use crate::ui::selection::Selection;

impl ParallaxApp {
    /// What commands depend on now.
    pub(super) fn ready(&self) -> Ready {
        let project = self.ws.as_ref().map(|ws| ws.project());
        let span = project.and_then(|p| self.sel.span.and_then(|s| p.span(s)));
        let (adjudicating, coders) = self.adjudicating();
        Ready {
            adjudicating,
            coders,
            project: project.is_some(),
            can_undo: self.ws.as_ref().is_some_and(|w| w.history().can_undo()),
            can_redo: self.ws.as_ref().is_some_and(|w| w.history().can_redo()),
            text_selected: self.sel.text_range().is_some(),
            span_selected: span.is_some(),
            claim_selected: span.is_some_and(|s| s.tag == crate::model::CLAIM),
            spans_gathered: !self.sel.extra.is_empty(),
            skipped_files: !self.skipped.is_empty(),
            orphans: project.is_some_and(|p| p.orphan_count() > 0),
            conflicts: project.is_some_and(|p| !p.conflicts().is_empty()),
        }
    }

    /// Apply an edit as one undo step and say what it did.
    pub(super) fn apply_edit(&mut self, edit: Edit) -> bool {
        let Some(ws) = self.ws.as_mut() else {
            return false;
        };
        let said = coding::confirmation(ws.project(), &edit);
        let done = match ws.apply(edit) {
            Ok(()) => {
                self.status.done(said);
                true
            }
            Err(e) => {
                self.status.error(format!("Not done: {e}."));
                false
            }
        };
        self.fix_selection();
        done
    }

    /// Apply what a rule of [`coding`] gave, or say why there is nothing to do.
    fn apply_coded(&mut self, coded: Result<Edit, Reason>) -> Option<Id> {
        match coded {
            Ok(edit) => {
                let created = coding::created(&edit);
                self.apply_edit(edit).then_some(created).flatten()
            }
            Err(reason) => {
                self.status.hint(reason.to_string());
                // Tagged already: the span that carries it is selected.
                if let Reason::AlreadyTagged { span, .. } = reason {
                    self.sel.span = Some(span);
                    self.sel.text = None;
                }
                None
            }
        }
    }

    /// Drop selections that point at things that no longer exist.
    pub(super) fn fix_selection(&mut self) {
        let Some(ws) = &self.ws else { return };
        let p = ws.project();
        if self.sel.span.is_some_and(|s| p.span(s).is_none()) {
            self.sel.span = None;
        }
        self.sel.extra.retain(|s| p.span(*s).is_some());
        if self.sel.fact.is_some_and(|f| p.fact(f).is_none()) {
            self.sel.fact = None;
        }
        if self.sel.article.is_some_and(|a| p.article(a).is_none()) {
            self.sel.article = p.articles().first().map(|a| a.id);
        }
    }

    fn tag_by_hotkey(&mut self, digit: u8) {
        let Some(ws) = &self.ws else { return };
        match ws.project().schema.tag_for_hotkey(digit) {
            Some(t) => {
                let name = t.name.clone();
                self.apply_tag(&name);
            }
            None => self.status.hint(format!("No tag has hotkey {digit}.")),
        }
    }

    /// Tag the text selection as a new span, or retag the selected span.
    fn apply_tag(&mut self, tag: &str) {
        let Some(ws) = &self.ws else { return };
        let p = ws.project();
        if let (Some(range), Some(article)) = (self.sel.text_range(), self.sel.article) {
            let coded = coding::tag_text(p, article, range, tag, &self.prefs.annotator);
            if let Some(id) = self.apply_coded(coded) {
                self.sel.text = None;
                self.sel.span = Some(id);
            }
        } else if let Some(span) = self.sel.span {
            let coded = coding::retag(p, span, tag);
            self.apply_coded(coded);
        } else {
            self.status.hint(Reason::NoText.to_string());
        }
    }

    /// The selected span, if it is a claim.
    pub(super) fn selected_claim(&self) -> Option<Id> {
        let ws = self.ws.as_ref()?;
        let s = ws.project().span(self.sel.span?)?;
        (s.tag == crate::model::CLAIM).then_some(s.id)
    }

    fn link_selected(&mut self) {
        let Some(ws) = &self.ws else { return };
        let coded = coding::link(ws.project(), &self.sel.spans(), &self.prefs.annotator);
        if let Some(claim) = self.apply_coded(coded) {
            self.sel.extra.clear();
            self.sel.span = Some(claim);
        }
    }

    fn new_fact(&mut self, name: Option<String>) {
        let (Some(ws), Some(claim)) = (&self.ws, self.sel.span) else {
            self.status.hint(Reason::NotAClaim.to_string());
            return;
        };
        let coded = match name {
            Some(n) => coding::new_fact_named(ws.project(), claim, &n, &self.prefs.annotator),
            None => coding::new_fact(ws.project(), claim, &self.prefs.annotator),
        };
        if let Some(fact) = self.apply_coded(coded) {
            self.sel.fact = Some(fact);
        }
    }

    fn add_to_fact(&mut self, fact: Id) {
        let (Some(ws), Some(claim)) = (&self.ws, self.sel.span) else {
            self.status.hint(Reason::NotAClaim.to_string());
            return;
        };
        let coded = coding::add_to_fact(ws.project(), fact, claim, &self.prefs.annotator);
        self.apply_coded(coded);
        self.sel.fact = Some(fact);
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
        let order = self.article_order().to_vec();
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
            self.sel.extra.clear();
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

    pub(super) fn run(&mut self, cmd: Command, ctx: &egui::Context) {
        match cmd {
            Command::OpenFolder => self.ask_open(OpenPurpose::Folder),
            Command::OpenProject => self.ask_open(OpenPurpose::Project),
            Command::Save => self.save(ctx),
            Command::SaveAs => self.ask_save_path(SavePurpose::SaveAs),
            Command::Export(f) => self.ask_save_path(SavePurpose::Export(f)),
            Command::ExportCompare(f) => self.ask_save_path(SavePurpose::ExportCompare(f)),
            Command::Import(f) => self.ask_open(OpenPurpose::Import(f)),
            Command::Link => self.link_selected(),
            Command::NewFact => self.new_fact(None),
            Command::AddToFact => {
                if self.selected_claim().is_some() {
                    self.parts.fact_picker = Some(facts::Picker::default());
                } else {
                    self.status.hint(Reason::NotAClaim.to_string());
                }
            }
            Command::ShowView(v) => self.view = v,
            Command::Accept(n) => self.decide(Decision::Accept(n)),
            Command::KeepAll => self.decide(Decision::KeepAll),
            Command::DropItem => self.decide(Decision::Drop),
            Command::NextItem => self.step_item(1),
            Command::PrevItem => self.step_item(-1),
            Command::PreMerge => self.premerge(),
            Command::ToggleSuggestions => self.toggle_suggestions(),
            Command::NextSuggestion | Command::PrevSuggestion => {
                // Tab also moves egui's keyboard focus; here it moves
                // between suggestions, so the focus it gave goes back.
                if let Some(id) = ctx.memory(|m| m.focused()) {
                    ctx.memory_mut(|m| m.surrender_focus(id));
                }
                self.step_suggestion(if cmd == Command::NextSuggestion {
                    1
                } else {
                    -1
                });
            }
            Command::AcceptSuggestion => self.accept_suggestion(false),
            Command::AcceptAllSuggestions => self.accept_suggestion(true),
            Command::RejectSuggestion => self.reject_suggestion(),
            Command::ShowSources => {
                self.check_sources(ctx);
                self.windows.sources = true;
            }
            Command::ShowOrphans => self.windows.orphans = true,
            Command::ShowConflicts => self.windows.conflicts = true,
            Command::ShowDuplicates => self.windows.dupes = true,
            Command::SetCoderName => {
                self.dialog = Some(Dialog::CoderName {
                    name: self.prefs.annotator.clone(),
                    fresh: true,
                })
            }
            Command::SchemaEditor => {
                if let Some(ws) = &self.ws {
                    self.parts.schema_editor =
                        Some(schema_editor::Editor::new(&ws.project().schema));
                }
            }
            Command::CloseProject => {
                if self.ws.is_some() && self.confirm_discard(Pending::Close) {
                    self.close_project();
                }
            }
            Command::Quit => {
                if self.confirm_discard(Pending::Quit) {
                    self.proceed(Pending::Quit, ctx);
                }
            }
            Command::Undo | Command::Redo => self.undo_redo(cmd == Command::Undo),
            Command::NextArticle => self.step_article(1),
            Command::PrevArticle => self.step_article(-1),
            Command::Tag(n) => self.tag_by_hotkey(n),
            Command::DeleteSpan => self.run_delete_span(),
            Command::CycleSpan => self.cycle_span(),
            Command::ClearSelection => {
                self.sel.text = None;
                self.sel.span = None;
                self.sel.extra.clear();
            }
            Command::ToggleAllSpans => self.panels.all_articles = !self.panels.all_articles,
            Command::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Command::ToggleColorByCoder => {
                self.prefs.color_by_coder = !self.prefs.color_by_coder;
                self.status.done(if self.prefs.color_by_coder {
                    "Highlights are coloured by coder."
                } else {
                    "Highlights are coloured by tag."
                });
            }
            Command::ShowSkipped => self.windows.skipped = true,
            Command::Shortcuts => self.windows.shortcuts = !self.windows.shortcuts,
            Command::CommandPalette => self.parts.palette = Some(Palette::default()),
        }
    }

    pub(super) fn run_delete_span(&mut self) {
        match (self.ws.as_ref(), self.sel.span) {
            (Some(ws), Some(span)) => {
                let coded = coding::delete(ws.project(), span);
                self.apply_coded(coded);
                self.sel.span = None;
            }
            _ => self
                .status
                .hint("Click a highlight to select a span first."),
        }
    }

    fn resolve_conflict(&mut self, conflict: Id, side: coding::Side) {
        let Some(ws) = &self.ws else { return };
        let p = ws.project();
        let about = p
            .conflict(conflict)
            .map(|c| crate::ui::conflicts::describe(p, c))
            .unwrap_or_default();
        match coding::resolve_conflict(p, conflict, side) {
            Ok(edit) => {
                if self.apply_edit(edit) {
                    let left = self
                        .ws
                        .as_ref()
                        .map_or(0, |w| w.project().conflicts().len());
                    let how = match side {
                        coding::Side::Ours => "kept ours",
                        coding::Side::Theirs => "took theirs",
                    };
                    self.status
                        .done(format!("Resolved {about}: {how}; {left} conflict(s) left."));
                }
            }
            Err(reason) => self.status.hint(reason.to_string()),
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        let Some(ws) = self.ws.as_mut() else { return };
        let (verb, result) = if undo {
            ("Undone:", ws.undo())
        } else {
            ("Redone:", ws.redo())
        };
        match result {
            Ok(Some(label)) => self.status.done(format!("{verb} {label}.")),
            Ok(None) => self.status.hint(format!(
                "Nothing to {}.",
                if undo { "undo" } else { "redo" }
            )),
            Err(e) => self.status.error(format!(
                "Cannot {}: {e}.",
                if undo { "undo" } else { "redo" }
            )),
        }
        self.fix_selection();
    }

    fn cycle_span(&mut self) {
        let (Some(ws), Some(cur)) = (&self.ws, self.sel.span) else {
            self.status
                .hint("Click a highlight first; C then cycles through the spans stacked there.");
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

    pub(super) fn toggle_extra(&mut self, id: Id) {
        toggle_extra(&mut self.sel, id);
    }

    pub(super) fn handle(&mut self, action: Action, ctx: &egui::Context) {
        self.status.acted();
        match action {
            Action::ResolveConflict(conflict, side) => self.resolve_conflict(conflict, side),
            Action::SetCoderName(name) => {
                self.status
                    .done(format!("New spans are recorded as made by {name}."));
                self.prefs.annotator = name;
                self.prefs.annotator_confirmed = true;
            }
            Action::Run(c) => self.run(c, ctx),
            Action::Edit(e) => {
                self.apply_edit(e);
            }
            Action::OpenArticle(a) => self.open_article(a),
            Action::RevealSpan(s) => self.reveal_span(s),
            Action::RevealText(a, r) => {
                if self.sel.article != Some(a) {
                    self.open_article(a);
                }
                self.sel.span = None;
                self.sel.text = Some((r.start, r.end));
                self.doc.scroll_to(r.start);
            }
            Action::AcceptFactSuggestion(i) => self.accept_fact_suggestion(i),
            Action::DismissFactSuggestion(i) => {
                self.parts.fact_suggestions.dismiss(i);
                self.status.done("Dismissed the suggested fact.");
            }
            Action::SelectSpan(s) => self.sel.span = s,
            Action::ApplyTag(t) => self.apply_tag(&t),
            Action::AddToFact(f) => self.add_to_fact(f),
            Action::NewFactNamed(name) => self.new_fact(Some(name)),
            Action::Open(p) => {
                if self.confirm_discard(Pending::Open(p.clone())) {
                    self.open_replacing(&p, ctx);
                }
            }
            Action::SaveTo(p) => self.save_to(p, ctx),
            Action::SaveThen(pending) => {
                self.after_save = Some(pending);
                self.save(ctx);
            }
            Action::ExportTo(f, p) => self.export_to(f, p, ctx),
            Action::ExportCompareTo(f, p) => self.export_compare_to(f, p, ctx),
            Action::ImportFrom(f, p) => self.start_import(f, &p, ctx),
            Action::SelectFact(f) => self.sel.fact = f,
            Action::ToggleExtra(id) => self.toggle_extra(id),
            Action::ShowView(v) => self.view = v,
            Action::OpenTable(path, columns) => {
                if self.confirm_discard(Pending::Open(path.clone())) {
                    self.open_table(&path, columns, ctx);
                }
            }
            Action::ShowDiff(a, b) => {
                self.parts.diff.pair = Some((a, b));
                self.view = crate::ui::command::View::Diff;
            }
            Action::UpdateFromSource(article) => self.update_from_source(article, ctx),
            Action::CheckSources => self.check_sources(ctx),
            Action::RestoreRecovery(rec) => self.restore_recovery(rec, ctx),
            Action::DiscardRecovery(p) => crate::recovery::discard(&p),
            Action::Proceed(p) => self.proceed(p, ctx),
            Action::CancelLoad => {
                if let Some(l) = &self.jobs.loader {
                    l.cancel();
                }
            }
        }
    }

    /// Go on with what waited for unsaved changes to be dealt with.
    pub(super) fn proceed(&mut self, pending: Pending, ctx: &egui::Context) {
        match pending {
            Pending::Quit => {
                if self.jobs.writing() {
                    // Let the file being written finish first.
                    self.quit_when_idle = true;
                    self.status.done("Finishing the save before quitting…");
                    return;
                }
                if let Some(ws) = &self.ws {
                    crate::recovery::discard(&crate::recovery::path_for(
                        ws,
                        &self.options.recovery_dir,
                    ));
                }
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Pending::Close => self.close_project(),
            Pending::Open(path) => self.open_replacing(&path, ctx),
        }
    }

    /// Keys: every command's shortcuts, most specific first.
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some() || self.parts.palette.is_some() || self.parts.fact_picker.is_some()
        {
            return;
        }
        // Escape closes an open menu or popup before it clears the selection.
        if egui::Popup::is_any_open(ctx) {
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
                egui::Popup::close_all(ctx);
            }
            return;
        }
        let typing = ctx.egui_wants_keyboard_input() || self.was_typing;
        // Escape closes a window (the help sheet, the sources) before it
        // clears the selection.
        if !typing
            && self.windows.any_open()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            self.windows.close_one();
            return;
        }
        for cmd in Command::matching_order() {
            if typing && !cmd.works_while_typing() {
                continue;
            }
            for s in cmd.shortcuts() {
                if ctx.input_mut(|i| i.consume_shortcut(&s)) {
                    if typing {
                        // What the field holds is given first: the command
                        // runs after this frame's panels have committed it.
                        crate::ui::text_field::leave(ctx);
                        self.after_fields.push(Action::Run(cmd));
                    } else {
                        self.actions.push(Action::Run(cmd));
                    }
                }
            }
        }
    }
}

/// Ctrl+click: add a span to the selection, or take it out.
fn toggle_extra(sel: &mut Selection, id: Id) {
    if sel.span.is_none() {
        sel.span = Some(id);
    } else if sel.span == Some(id) {
        // Ctrl+click on the main selection promotes the first extra span.
        sel.span = if sel.extra.is_empty() {
            None
        } else {
            Some(sel.extra.remove(0))
        };
    } else if let Some(i) = sel.extra.iter().position(|x| *x == id) {
        sel.extra.remove(i);
    } else {
        sel.extra.push(id);
    }
}

//! Facts: the panel that lists them (how many outlets carry each, their
//! claims), and the picker that adds the selected claim to one.

use egui::RichText;

use super::action::Action;
use super::fact_suggestions;
use super::search_list::SearchList;
use super::selection::Selection;
use super::text_field::{self, Look};
use crate::edit::Edit;
use crate::model::{Fact, Id, IdMap, Member, Project, Relation};
use crate::workspace::Workspace;

/// How many outlets carry `fact`, of `outlets` in the project (every
/// article's outlet is one of them).
pub fn coverage(project: &Project, outlets: usize, fact: &Fact) -> (usize, usize) {
    let mut carried: Vec<&str> = fact
        .members
        .iter()
        .filter_map(|m| project.span(m.span))
        .filter_map(|s| project.article(s.article))
        .map(|a| a.meta.outlet.as_str())
        .collect();
    carried.sort_unstable();
    carried.dedup();
    (carried.len(), outlets)
}

/// Each fact's coverage, worked out once per change of the project.
#[derive(Default)]
pub struct Cache {
    key: Option<(u64, u64, u64)>,
    coverage: IdMap<(usize, usize)>,
    /// The selected fact's details, as tall as last drawn.
    details: f32,
    /// A fact's row, as tall as drawn.
    row: f32,
    /// The selected fact when last drawn, and the part of the list then in
    /// view: a fact selected elsewhere (F, the comparison) is scrolled to.
    shown: Option<Id>,
    in_view: (f32, f32),
}

impl Cache {
    fn refresh(&mut self, ws: &Workspace, generation: u64) {
        // Coverage follows the facts and the articles' outlets, not spans
        // (a deleted member leaves its fact through the fact).
        let p = ws.project();
        let key = (generation, p.facts_version(), p.articles_version());
        if self.key == Some(key) {
            return;
        }
        let outlets = p.outlets();
        self.coverage = p
            .facts()
            .iter()
            .map(|f| (f.id, coverage(p, outlets.len(), f)))
            .collect();
        self.key = Some(key);
    }

    fn of(&self, fact: Id) -> (usize, usize) {
        self.coverage.get(&fact).copied().unwrap_or((0, 0))
    }
}

pub fn panel(
    ui: &mut egui::Ui,
    ws: &Workspace,
    generation: u64,
    sel: &Selection,
    cache: &mut Cache,
    suggested: &mut fact_suggestions::State,
    actions: &mut Vec<Action>,
) {
    let p = ws.project();
    cache.refresh(ws, generation);
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Facts");
        ui.weak(p.facts().len().to_string());
    });
    fact_suggestions::section(ui, suggested, actions);
    if p.facts().is_empty() {
        ui.weak("Select a claim and press N to start a fact; F adds a claim to one.");
        return;
    }
    // Only the rows in view are laid out (a study has hundreds of facts):
    // rows of one height, the selected fact's details under its row.
    let row_h = cache.row.max(ui.spacing().interact_size.y) + ui.spacing().item_spacing.y;
    let mut seen_row: f32 = 0.0;
    let selected_at = sel.fact.and_then(|f| p.fact_index(f));
    let details = if selected_at.is_some() {
        cache.details
    } else {
        0.0
    };
    let y_of = |i: usize| {
        i as f32 * row_h
            + if selected_at.is_some_and(|s| s < i) {
                details
            } else {
                0.0
            }
    };
    let mut measured = None;
    let mut area = egui::ScrollArea::vertical()
        .id_salt("facts")
        .auto_shrink([false, false]);
    if sel.fact != cache.shown {
        cache.shown = sel.fact;
        if let Some(i) = selected_at {
            let (top, bottom) = (y_of(i), y_of(i) + row_h);
            if top < cache.in_view.0 || bottom > cache.in_view.1 {
                area = area.vertical_scroll_offset((top - row_h).max(0.0));
            }
        }
    }
    let mut in_view = cache.in_view;
    area.show_viewport(ui, |ui, viewport| {
        in_view = (viewport.min.y, viewport.max.y);
        let height = p.facts().len() as f32 * row_h + details;
        let (rect, _) = ui.allocate_exact_size(
            egui::vec2(ui.available_width(), height),
            egui::Sense::hover(),
        );
        let first = ((viewport.min.y - details) / row_h).floor().max(0.0) as usize;
        for (i, f) in p.facts().iter().enumerate().skip(first) {
            let y = y_of(i);
            if y > viewport.max.y {
                break;
            }
            if y + row_h + if selected_at == Some(i) { details } else { 0.0 } < viewport.min.y {
                continue;
            }
            let mut ui = ui.new_child(
                egui::UiBuilder::new()
                    .max_rect(egui::Rect::from_min_size(
                        rect.min + egui::vec2(0.0, y),
                        egui::vec2(rect.width(), f32::INFINITY),
                    ))
                    .id_salt(f.id)
                    .layout(egui::Layout::top_down(egui::Align::Min)),
            );
            let ui = &mut ui;
            let (carried, total) = cache.of(f.id);
            let selected = sel.fact == Some(f.id);
            let row = ui.horizontal(|ui| {
                // The count first, right-aligned, so a long name is
                // cut and the count always shows.
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    // Clear of the scroll bar that shows on hover.
                    ui.add_space(ui.spacing().scroll.bar_width);
                    ui.weak(format!("{carried}/{total}"))
                        .on_hover_text(format!("Carried by {carried} of {total} outlets"));
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        ui.add(egui::Button::selectable(selected, f.name.as_str()).truncate())
                    })
                    .inner
                })
                .inner
            });
            seen_row = seen_row.max(row.response.rect.height());
            let r = row.inner.on_hover_text(format!(
                "{}\nCarried by {carried} of {total} outlets",
                f.name
            ));
            if r.clicked() {
                actions.push(Action::SelectFact(if selected { None } else { Some(f.id) }));
            }
            if selected {
                let top = ui.min_rect().bottom();
                fact_details(ui, p, f, actions);
                ui.indent(("left-out", f.id), |ui| {
                    fact_suggestions::omissions(ui, suggested, f.id, actions);
                });
                let h = ui.min_rect().bottom() - top + ui.spacing().item_spacing.y;
                if (h - details).abs() > 0.5 {
                    measured = Some(h);
                }
            }
        }
    });
    cache.in_view = in_view;
    if let Some(h) = measured {
        cache.details = h;
        ui.ctx().request_repaint();
    }
    if seen_row > cache.row + 0.5 {
        cache.row = seen_row;
        ui.ctx().request_repaint();
    }
}

fn fact_details(ui: &mut egui::Ui, p: &Project, f: &Fact, actions: &mut Vec<Action>) {
    ui.indent(("fact", f.id), |ui| {
        let id = ui.scope_id().with(("fact-name", f.id));
        let (_, name) = text_field::bound(ui, id, &f.name, Look::line("Fact name", "Fact name"));
        if let Some(name) = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()) {
            actions.push(Action::Edit(Edit::RenameFact { fact: f.id, name }));
        }
        let id = ui.scope_id().with(("fact-note", f.id));
        let (_, note) = text_field::bound(ui, id, &f.note, Look::line("Fact note", "Note"));
        if let Some(note) = note {
            actions.push(Action::Edit(Edit::SetFactNote { fact: f.id, note }));
        }
        for m in &f.members {
            let Some(s) = p.span(m.span) else { continue };
            let outlet = p
                .article(s.article)
                .map(|a| a.meta.outlet.as_str())
                .unwrap_or("");
            ui.horizontal(|ui| {
                member_controls(ui, f.id, m, "Take this claim out of the fact", actions);
                let text = format!("{outlet}: {}", s.quote.replace('\n', " "));
                if super::link_truncated(ui, text)
                    .on_hover_text(&s.quote)
                    .clicked()
                {
                    actions.push(Action::RevealSpan(s.id));
                }
            });
        }
        ui.horizontal(|ui| {
            let index = p.fact_index(f.id).unwrap_or(0);
            if ui.small_button("▲").on_hover_text("Move up").clicked() && index > 0 {
                actions.push(Action::Edit(Edit::MoveFact {
                    fact: f.id,
                    index: index - 1,
                }));
            }
            if ui.small_button("▼").on_hover_text("Move down").clicked() {
                actions.push(Action::Edit(Edit::MoveFact {
                    fact: f.id,
                    index: index + 1,
                }));
            }
            if ui.small_button("Delete fact").clicked() {
                actions.push(Action::Edit(Edit::RemoveFact(f.id)));
            }
        });
    });
}

/// A claim's place in a fact: how it matches, and a button taking it out.
pub fn member_controls(
    ui: &mut egui::Ui,
    fact: Id,
    m: &Member,
    remove_hint: &str,
    actions: &mut Vec<Action>,
) {
    if ui.small_button("✕").on_hover_text(remove_hint).clicked() {
        actions.push(Action::Edit(Edit::RemoveMember { fact, span: m.span }));
    }
    relation_combo(ui, fact, m, actions);
}

/// How a claim matches its fact, as a menu.
fn relation_combo(ui: &mut egui::Ui, fact: Id, m: &Member, actions: &mut Vec<Action>) {
    let mut rel = m.relation;
    let text = if rel == Relation::Contradicts {
        RichText::new(rel.label()).color(ui.visuals().error_fg_color)
    } else {
        RichText::new(rel.label())
    };
    let combo = egui::ComboBox::from_id_salt(("relation", fact, m.span))
        .selected_text(text)
        .width(110.0)
        .height(f32::INFINITY)
        .show_ui(ui, |ui| {
            for r in Relation::ALL {
                ui.selectable_value(&mut rel, r, r.label());
            }
        });
    super::name_widget(
        &combo.response,
        egui::accesskit::Role::ComboBox,
        "How the claim matches the fact",
    );
    if rel != m.relation {
        actions.push(Action::Edit(Edit::SetRelation {
            fact,
            span: m.span,
            relation: rel,
        }));
    }
}

/// Choose a fact for the selected claim (F): type to search, Enter to add.
/// It starts on the fact selected in the Facts panel.
#[derive(Default)]
pub struct Picker {
    list: SearchList,
    started: bool,
}

enum Choice {
    New(String),
    Existing(Id),
}

impl Picker {
    /// Returns false once closed.
    #[allow(clippy::too_many_arguments)]
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        ws: &Workspace,
        generation: u64,
        cache: &mut Cache,
        claim: Id,
        selected_fact: Option<Id>,
        actions: &mut Vec<Action>,
    ) -> bool {
        let p = ws.project();
        cache.refresh(ws, generation);
        let quote = p.span(claim).map(|s| s.quote.clone()).unwrap_or_default();
        let matches = self.list.matcher();
        let query = self.list.query.trim();
        let mut choices: Vec<(String, Choice)> = Vec::new();
        let new_name = if query.is_empty() {
            crate::coding::default_fact_name(&quote)
        } else {
            query.to_owned()
        };
        for f in p.facts() {
            if matches(&f.name) {
                let (c, t) = cache.of(f.id);
                let member = if f.member(claim).is_some() {
                    " — holds this claim already"
                } else {
                    ""
                };
                choices.push((
                    format!("{} ({c}/{t} outlets){member}", f.name),
                    Choice::Existing(f.id),
                ));
            }
        }
        choices.push((
            format!("New fact: “{new_name}”"),
            Choice::New(new_name.clone()),
        ));
        if !self.started {
            self.started = true;
            if let Some(i) = choices
                .iter()
                .position(|(_, c)| matches!(c, Choice::Existing(f) if Some(*f) == selected_fact))
            {
                self.list.selected = i;
            }
        }
        let (enter, escape) = self.list.keys(ctx, choices.len());
        let mut chosen = enter.then_some(self.list.selected);
        let mut keep = !escape;
        let modal = egui::Modal::new(egui::Id::unique("fact-picker")).show(ctx, |ui| {
            ui.set_width(480.0);
            ui.heading("Add the claim to a fact");
            ui.label(
                RichText::new(format!("“{}”", crate::text::head_chars(&quote, 200))).italics(),
            );
            self.list.field(ui, "Search facts, or name a new one");
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for (i, (label, _)) in choices.iter().enumerate() {
                        let r = ui.add(egui::Button::selectable(
                            i == self.list.selected,
                            label.as_str(),
                        ));
                        if i == self.list.selected {
                            r.scroll_to_me(None);
                        }
                        if r.clicked() {
                            chosen = Some(i);
                        }
                    }
                });
            if ui.button("Cancel").clicked() {
                keep = false;
            }
        });
        if modal.should_close() {
            keep = false;
        }
        if let Some((_, choice)) = chosen.and_then(|i| choices.into_iter().nth(i)) {
            actions.push(match choice {
                Choice::Existing(fact) => Action::AddToFact(fact),
                Choice::New(name) => Action::NewFactNamed(name),
            });
            keep = false;
        }
        keep
    }
}

//! Facts: the panel that lists them (how many outlets carry each, their
//! claims), and the picker that adds the selected claim to one.

use egui::RichText;

use super::app::{Action, Selection};
use super::search_list::SearchList;
use crate::edit::Edit;
use crate::model::{Fact, Id, Member, Project, Relation};
use crate::workspace::Workspace;

/// Drafts of the selected fact's name and note.
#[derive(Default)]
pub struct State {
    draft: Option<(Id, String, String)>,
}

/// Outlets that carry a fact, and all outlets.
pub fn coverage(project: &Project, fact: &Fact) -> (usize, usize) {
    let outlets = project.outlets();
    let carried = outlets
        .iter()
        .filter(|o| {
            fact.members.iter().any(|m| {
                project
                    .span(m.span)
                    .and_then(|s| project.article(s.article))
                    .is_some_and(|a| &a.meta.outlet == *o)
            })
        })
        .count();
    (carried, outlets.len())
}

pub fn panel(
    ui: &mut egui::Ui,
    ws: &Workspace,
    sel: &Selection,
    state: &mut State,
    actions: &mut Vec<Action>,
) {
    let p = &ws.project();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Facts");
        ui.weak(p.facts().len().to_string());
    });
    if p.facts().is_empty() {
        ui.weak("Select a claim and press N to start a fact; F adds a claim to one.");
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("facts")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for f in p.facts() {
                let (carried, total) = coverage(p, f);
                let selected = sel.fact == Some(f.id);
                let label = format!(
                    "{}  ({carried}/{total})",
                    crate::text::head_chars(&f.name, 70)
                );
                let r = ui
                    .add(egui::Button::selectable(selected, label).truncate())
                    .on_hover_text(format!(
                        "{}\nCarried by {carried} of {total} outlets",
                        f.name
                    ));
                if r.clicked() {
                    actions.push(Action::SelectFact(if selected { None } else { Some(f.id) }));
                }
                if selected {
                    fact_details(ui, p, f, state, actions);
                }
            }
        });
}

fn fact_details(
    ui: &mut egui::Ui,
    p: &Project,
    f: &Fact,
    state: &mut State,
    actions: &mut Vec<Action>,
) {
    ui.indent(("fact", f.id), |ui| {
        if state.draft.as_ref().is_none_or(|(id, _, _)| *id != f.id) {
            state.draft = Some((f.id, f.name.clone(), f.note.clone()));
        }
        if let Some((_, name, note)) = state.draft.as_mut() {
            let r = ui.add(
                egui::TextEdit::singleline(name)
                    .desired_width(f32::INFINITY)
                    .hint_text("Fact name"),
            );
            if r.lost_focus() && name.trim() != f.name && !name.trim().is_empty() {
                actions.push(Action::Edit(Edit::RenameFact {
                    fact: f.id,
                    name: name.trim().to_owned(),
                }));
            }
            let r = ui.add(
                egui::TextEdit::singleline(note)
                    .desired_width(f32::INFINITY)
                    .hint_text("Note"),
            );
            if r.lost_focus() && *note != f.note {
                actions.push(Action::Edit(Edit::SetFactNote {
                    fact: f.id,
                    note: note.clone(),
                }));
            }
        }
        for m in &f.members {
            let Some(s) = p.span(m.span) else { continue };
            let outlet = p
                .article(s.article)
                .map(|a| a.meta.outlet.as_str())
                .unwrap_or("");
            ui.horizontal(|ui| {
                let text = format!("{outlet}: {}", crate::text::head_chars(&s.quote, 40));
                if ui.link(text).on_hover_text(&s.quote).clicked() {
                    actions.push(Action::RevealSpan(s.id));
                }
                member_controls(ui, f.id, m, "Take this claim out of the fact", actions);
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
    relation_combo(ui, fact, m, actions);
    if ui.small_button("✕").on_hover_text(remove_hint).clicked() {
        actions.push(Action::Edit(Edit::RemoveMember { fact, span: m.span }));
    }
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
#[derive(Default)]
pub struct Picker {
    list: SearchList,
}

enum Choice {
    New(String),
    Existing(Id),
}

impl Picker {
    /// Returns false once closed.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        p: &Project,
        claim: Id,
        actions: &mut Vec<Action>,
    ) -> bool {
        let quote = p.span(claim).map(|s| s.quote.clone()).unwrap_or_default();
        let matches = self.list.matcher();
        let query = self.list.query.trim();
        let mut choices: Vec<(String, Choice)> = Vec::new();
        let new_name = if query.is_empty() {
            crate::text::head_chars(&quote, 120).to_owned()
        } else {
            query.to_owned()
        };
        for f in p.facts() {
            if matches(&f.name) {
                let (c, t) = coverage(p, f);
                let member = if f.member(claim).is_some() {
                    " — already in it"
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
                        if ui
                            .add(egui::Button::selectable(
                                i == self.list.selected,
                                label.as_str(),
                            ))
                            .clicked()
                        {
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
            match choice {
                Choice::Existing(fact) => {
                    if p.fact(fact).is_some_and(|f| f.member(claim).is_none()) {
                        actions.push(Action::Edit(Edit::AddMember {
                            fact,
                            member: Member {
                                span: claim,
                                relation: Relation::Equivalent,
                            },
                        }));
                    }
                    actions.push(Action::SelectFact(Some(fact)));
                }
                Choice::New(name) => {
                    let fact = Fact {
                        id: p.new_id(),
                        name,
                        note: String::new(),
                        members: vec![Member {
                            span: claim,
                            relation: Relation::Equivalent,
                        }],
                    };
                    let id = fact.id;
                    actions.push(Action::Edit(Edit::AddFact {
                        fact,
                        index: p.facts().len(),
                    }));
                    actions.push(Action::SelectFact(Some(id)));
                }
            }
            keep = false;
        }
        keep
    }
}

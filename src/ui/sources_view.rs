//! Source files and orphans: which articles' files changed, moved or
//! vanished since they were read (with "Update from source"), and the spans
//! re-anchoring could not place (to place at a selection, or delete).

use egui::RichText;

use super::action::Action;
use super::document::tag_color;
use super::selection::Selection;
use crate::edit::Edit;
use crate::model::Span;
use crate::sources::{SourceCheck, SourceState};
use crate::workspace::Workspace;

pub fn sources_window(
    ctx: &egui::Context,
    checks: &[SourceCheck],
    checking: bool,
    open: &mut bool,
    actions: &mut Vec<Action>,
) {
    let drift: Vec<&SourceCheck> = checks
        .iter()
        .filter(|c| c.state != SourceState::Unchanged)
        .collect();
    egui::Window::new("Source files")
        .open(open)
        .default_width(620.0)
        .show(ctx, |ui| {
            if checking {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Checking the source files…");
                });
            } else if drift.is_empty() {
                ui.label("Every article's source file is unchanged.");
                return;
            }
            if !drift.is_empty() {
                ui.label(format!(
                    "{} source file(s) differ from what the project holds. The project keeps working from its own copies; updating takes the new text and moves the spans onto it (undoable).",
                    drift.len()
                ));
            }
            let row_height = 24.0;
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show_rows(ui, row_height, drift.len(), |ui, rows| {
                    for c in &drift[rows] {
                        ui.horizontal(|ui| {
                            ui.add_sized(
                                [200.0, row_height],
                                egui::Label::new(&c.title).truncate(),
                            )
                            .on_hover_text(&c.path);
                            ui.add_sized(
                                [260.0, row_height],
                                egui::Label::new(c.describe()).truncate(),
                            );
                            if c.updatable() {
                                if ui.button("Update from source").clicked() {
                                    actions.push(Action::UpdateFromSource(c.article));
                                }
                            } else {
                                ui.weak("—");
                            }
                        });
                    }
                });
            ui.horizontal(|ui| {
                if drift.iter().any(|c| c.updatable()) && ui.button("Update all").clicked() {
                    for c in drift.iter().filter(|c| c.updatable()) {
                        actions.push(Action::UpdateFromSource(c.article));
                    }
                }
                if !checking && ui.button("Check again").clicked() {
                    actions.push(Action::CheckSources);
                }
            });
        });
}

pub fn orphans_window(
    ctx: &egui::Context,
    ws: &Workspace,
    sel: &Selection,
    open: &mut bool,
    actions: &mut Vec<Action>,
) {
    let p = &ws.project();
    egui::Window::new(format!("Orphaned spans ({})", p.orphan_count()))
        .open(open)
        .default_width(560.0)
        .show(ctx, |ui| {
            if p.orphan_count() == 0 {
                ui.label("No orphans: every span has a place in its article.");
                return;
            }
            ui.label("These spans lost their text when their article was updated. Select where each belongs and place it, or delete it.");
            egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                for o in p.orphans() {
                    let article = p.article(o.article);
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(&o.tag).color(tag_color(p, &o.tag)));
                        ui.label(RichText::new(format!("“{}”", crate::text::head_chars(&o.quote, 80))).italics());
                        ui.weak(article.map(|a| a.label()).unwrap_or("?"));
                    });
                    ui.horizontal(|ui| {
                        if ui.small_button("Show article").clicked() {
                            actions.push(Action::OpenArticle(o.article));
                        }
                        let placed = placement(ws, sel, o);
                        let r = ui.add_enabled(placed.is_some(), egui::Button::new("Place at selection").small());
                        let r = r.on_disabled_hover_text("Open its article and select the text where it belongs");
                        if r.clicked() {
                            if let Some(edit) = placed {
                                actions.push(Action::Edit(edit));
                            }
                        }
                        if ui.small_button("Delete").clicked() {
                            if let Ok(edit) = crate::coding::delete(p, o.id) {
                                actions.push(Action::Edit(edit));
                            }
                        }
                    });
                    ui.separator();
                }
            });
        });
}

/// The orphan placed at the current text selection, if that is in its article.
fn placement(ws: &Workspace, sel: &Selection, o: &Span) -> Option<Edit> {
    let range = sel.text_range()?;
    crate::coding::place_orphan(ws.project(), o.id, sel.article?, range).ok()
}

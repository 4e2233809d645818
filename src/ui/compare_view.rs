//! The comparison view: one row per fact, one column per outlet (in the
//! analyst's order), each cell the outlet's wording, whom it credited with
//! which cue and stance, how sure and how prominent; or "not reported".
//! Clicking a claim opens it in its article.

use egui::{Color32, RichText};

use super::action::Action;
use super::command::View;
use super::selection::Selection;
use crate::compare::{self, Cell, Claim, Matrix, OutletSummary};
use crate::edit::Edit;
use crate::model::Relation;
use crate::workspace::Workspace;

/// The matrix and summaries, rebuilt only when the project changes.
#[derive(Default)]
pub struct Cache {
    key: Option<(u64, u64)>,
    matrix: Option<Matrix>,
    summaries: Vec<OutletSummary>,
}

impl Cache {
    pub fn get(&mut self, ws: &Workspace, generation: u64) -> (&Matrix, &[OutletSummary]) {
        let key = (generation, ws.revision());
        if self.key != Some(key) || self.matrix.is_none() {
            self.matrix = Some(compare::matrix(ws.project()));
            self.summaries = compare::summaries(ws.project());
            self.key = Some(key);
        }
        (self.matrix.as_ref().expect("just built"), &self.summaries)
    }
}

pub fn show(
    ui: &mut egui::Ui,
    ws: &Workspace,
    generation: u64,
    sel: &Selection,
    cache: &mut Cache,
    actions: &mut Vec<Action>,
) {
    let (m, _) = cache.get(ws, generation);
    if m.rows.is_empty() {
        ui.weak("No facts yet. Select a claim and press N to start one; in other articles, select the claim that states the same fact and press F to add it.");
        return;
    }
    let col_width =
        ((ui.available_width() - 200.0) / m.outlets.len().max(1) as f32).clamp(160.0, 360.0);
    egui::ScrollArea::both()
        .id_salt("compare")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("compare-grid")
                .striped(true)
                .min_col_width(col_width)
                .spacing([8.0, 8.0])
                .show(ui, |ui| {
                    ui.strong("Fact");
                    for (i, outlet) in m.outlets.iter().enumerate() {
                        ui.horizontal(|ui| {
                            if ui
                                .small_button("◀")
                                .on_hover_text("Move this outlet left")
                                .clicked()
                                && i > 0
                            {
                                let mut order = m.outlets.clone();
                                order.swap(i, i - 1);
                                actions.push(Action::Edit(Edit::SetOutletOrder(order)));
                            }
                            ui.strong(outlet);
                            if ui
                                .small_button("▶")
                                .on_hover_text("Move this outlet right")
                                .clicked()
                                && i + 1 < m.outlets.len()
                            {
                                let mut order = m.outlets.clone();
                                order.swap(i, i + 1);
                                actions.push(Action::Edit(Edit::SetOutletOrder(order)));
                            }
                        });
                    }
                    ui.end_row();
                    for row in &m.rows {
                        ui.vertical(|ui| {
                            ui.set_max_width(200.0);
                            let selected = sel.fact == Some(row.fact);
                            if ui
                                .add(
                                    egui::Button::selectable(
                                        selected,
                                        RichText::new(&row.name).strong(),
                                    )
                                    .wrap(),
                                )
                                .clicked()
                            {
                                actions.push(Action::SelectFact(if selected {
                                    None
                                } else {
                                    Some(row.fact)
                                }));
                            }
                            ui.weak(format!(
                                "{}/{} outlets",
                                row.outlets_carrying(),
                                m.outlets.len()
                            ));
                        });
                        for cell in &row.cells {
                            ui.vertical(|ui| {
                                ui.set_max_width(col_width);
                                match cell {
                                    Cell::Omitted => omitted(ui),
                                    Cell::Carried(claims) => {
                                        for c in claims {
                                            claim_cell(ui, c, sel, actions);
                                        }
                                    }
                                }
                            });
                        }
                        ui.end_row();
                    }
                });
        });
}

/// An omission looks unlike any reported cell: hatched red frame, italic.
fn omitted(ui: &mut egui::Ui) {
    let fill = if ui.visuals().dark_mode {
        Color32::from_rgb(70, 30, 30)
    } else {
        Color32::from_rgb(252, 234, 234)
    };
    egui::Frame::new()
        .fill(fill)
        .corner_radius(4.0)
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            ui.label(
                RichText::new("not reported")
                    .italics()
                    .color(ui.visuals().error_fg_color),
            )
            .on_hover_text("This outlet's articles do not carry this fact");
        });
}

fn claim_cell(ui: &mut egui::Ui, c: &Claim, sel: &Selection, actions: &mut Vec<Action>) {
    let selected = sel.span == Some(c.span);
    let stroke = if selected {
        ui.visuals().selection.stroke
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    egui::Frame::new()
        .stroke(stroke)
        .corner_radius(4.0)
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            let r = ui
                .add(
                    egui::Label::new(RichText::new(format!("“{}”", c.wording)).italics())
                        .wrap()
                        .sense(egui::Sense::click()),
                )
                .on_hover_text("Open in its article");
            if r.clicked() {
                actions.push(Action::RevealSpan(c.span));
                actions.push(Action::ShowView(View::Read));
            }
            if c.credits.is_empty() {
                ui.weak("outlet's own voice");
            }
            for cr in &c.credits {
                let who = if cr.source_text.is_empty() {
                    "unnamed source".to_owned()
                } else {
                    cr.source_text.clone()
                };
                let mut line = format!("— {who}");
                if !cr.source_type.is_empty() {
                    line.push_str(&format!(" ({})", cr.source_type));
                }
                ui.label(RichText::new(line).small());
                if !cr.cue_text.is_empty() {
                    let stance = if cr.cue_stance.is_empty() {
                        String::new()
                    } else {
                        format!(" · {}", cr.cue_stance)
                    };
                    let color = if cr.cue_stance == "distancing" {
                        ui.visuals().warn_fg_color
                    } else {
                        ui.visuals().weak_text_color()
                    };
                    ui.label(
                        RichText::new(format!("via “{}”{stance}", cr.cue_text))
                            .small()
                            .color(color),
                    );
                }
            }
            let mut place = c.prominence.to_string();
            if c.paragraph > 0 {
                place.push_str(&format!(" ¶{}", c.paragraph));
            }
            if !c.factuality.is_empty() {
                place.push_str(&format!(" · {}", c.factuality));
            }
            ui.weak(RichText::new(place).small());
            match c.relation {
                Relation::Equivalent => {}
                Relation::Contradicts => {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        RichText::new("contradicts the fact").small().strong(),
                    );
                }
                r => {
                    ui.label(RichText::new(r.label()).small());
                }
            }
        });
}

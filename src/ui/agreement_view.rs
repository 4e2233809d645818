//! The Agreement view: how far the coders of the open project (its spans'
//! annotators) agree, per tag, per attribute, and article by article with
//! the least agreement first; an article's row opens it.

use egui::RichText;

use super::action::Action;
use super::background::AgreementJob;
use super::command::View;
use crate::agreement::{worst, Report, TagAgreement};
use crate::workspace::Workspace;

/// The last agreement worked out, and the one being worked out.
#[derive(Default)]
pub struct Cache {
    key: Option<(u64, u64)>,
    /// `Some(None)`: worked out, but fewer than two annotators.
    report: Option<Option<Report>>,
    job: Option<AgreementJob>,
    failed: Option<String>,
}

impl Cache {
    /// Start working it out for the project as it is now, if not yet.
    fn refresh(&mut self, ws: &Workspace, generation: u64, ctx: &egui::Context) {
        let key = (generation, ws.revision());
        if self.key != Some(key) && self.job.as_ref().is_none_or(|j| j.key != key) {
            self.job = Some(AgreementJob::start(
                ws,
                key,
                ctx,
                crate::agreement::of_annotators,
            ));
        }
    }

    /// Take a finished job (once per frame, whichever view shows).
    pub fn poll(&mut self) -> Option<String> {
        let result = self.job.as_ref().and_then(AgreementJob::poll)?;
        let job = self.job.take()?;
        self.key = Some(job.key);
        match result {
            Ok(r) => {
                self.report = Some(r);
                self.failed = None;
                None
            }
            Err(e) => {
                self.failed = Some(e.clone());
                Some(e)
            }
        }
    }

    pub fn working(&self) -> bool {
        self.job.is_some()
    }
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_owned(), |x| format!("{x:.3}"))
}

pub fn show(
    ui: &mut egui::Ui,
    ws: &Workspace,
    generation: u64,
    cache: &mut Cache,
    actions: &mut Vec<Action>,
) {
    cache.refresh(ws, generation, ui.ctx());
    if cache.working() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak("Working out the agreement…");
        });
    }
    if let Some(e) = &cache.failed {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("Could not work out the agreement: {e}"),
        );
        return;
    }
    let Some(report) = &cache.report else { return };
    let Some(r) = report else {
        ui.label("Agreement needs two or more coders. Each span records who made it; this project's spans are all by one annotator.");
        ui.weak("Coders who work in clones of the project and merge through git (see Working as a team in the README) end up here together; `parallax agree a.ron b.ron` compares separate files.");
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("agreement")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading(format!("Agreement between {}", r.coders.join(", ")));
            ui.add_space(4.0);
            egui::Grid::new("agreement-tags")
                .striped(true)
                .num_columns(6)
                .show(ui, |ui| {
                    for h in ["Tag", "spans", "α unitizing", "α code points", "F1 exact", "F1 overlap"] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for (tag, t) in &r.overall {
                        ui.label(tag);
                        ui.label(t.spans.to_string());
                        ui.label(num(t.alpha_u));
                        ui.label(num(t.alpha_cp));
                        ui.label(num(t.f1_exact));
                        ui.label(num(t.f1_overlap));
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
            if !r.attributes.is_empty() {
                egui::Grid::new("agreement-attributes")
                    .striped(true)
                    .num_columns(3)
                    .show(ui, |ui| {
                        for h in ["Attribute (spans placed alike)", "units", "α"] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for (name, a) in &r.attributes {
                            ui.label(name);
                            ui.label(a.units.to_string());
                            ui.label(num(a.alpha));
                            ui.end_row();
                        }
                    });
                ui.add_space(8.0);
            }
            ui.label(format!(
                "Attribution triples F1 {} · fact co-membership F1 {} · {} κ {} on {} units",
                num(r.triples.f1),
                num(r.facts.f1),
                if r.kappa.kind == "cohen" { "Cohen's" } else { "Fleiss'" },
                num(r.kappa.kappa),
                r.kappa.units
            ));
            ui.weak("n/a: undefined (no spans of the tag from any coder, or nothing varies).");
            ui.add_space(8.0);
            ui.strong("Articles, least agreement first (lowest α unitizing over the tags); click one to adjudicate it");
            let mut articles: Vec<_> = r
                .articles
                .iter()
                .filter(|a| a.tags.values().any(|t| t.spans > 0))
                .collect();
            articles.sort_by(|a, b| worst(a).total_cmp(&worst(b)));
            for a in articles {
                let score = worst(a);
                ui.horizontal(|ui| {
                    bar(ui, score);
                    ui.label(RichText::new(format!("{score:.3}")).monospace());
                    let r = ui
                        .add(egui::Button::new(a.title.as_str()).frame(false).truncate())
                        .on_hover_text(describe(&a.tags));
                    if r.clicked() {
                        actions.push(Action::OpenArticle(a.id));
                        actions.push(Action::ShowView(View::Coders));
                    }
                });
            }
        });
}

/// Each tag's figures for an article, for a tooltip.
fn describe(tags: &std::collections::BTreeMap<String, TagAgreement>) -> String {
    tags.iter()
        .filter(|(_, t)| t.spans > 0)
        .map(|(tag, t)| {
            format!(
                "{tag}: α_U {} · α_cp {} · F1 {} ({} spans)",
                num(t.alpha_u),
                num(t.alpha_cp),
                num(t.f1_overlap),
                t.spans
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A bar from 0 to 1 (α below 0 shows empty), red to green.
fn bar(ui: &mut egui::Ui, value: f64) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(120.0, 12.0), egui::Sense::hover());
    ui.painter()
        .rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
    let v = value.clamp(0.0, 1.0) as f32;
    let color = if v >= 0.8 {
        egui::Color32::from_rgb(0x3a, 0x9a, 0x5b)
    } else if v >= 0.667 {
        egui::Color32::from_rgb(0xd4, 0xa0, 0x17)
    } else {
        egui::Color32::from_rgb(0xc0, 0x39, 0x2b)
    };
    let mut filled = rect;
    filled.set_width(rect.width() * v);
    ui.painter().rect_filled(filled, 2.0, color);
}

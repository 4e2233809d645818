//! The diff view: two articles side by side, word by word, with what the
//! second (right) cut from the first in red and what it added or reworded
//! in green; above them, a summary and each rewording ("said → claimed"),
//! where an outlet's changes to agency copy are its framing.

use egui::text::LayoutJob;
use egui::{Color32, RichText, TextFormat};

use crate::diff::{self, Change, ChangeKind};
use crate::model::{Article, Id};
use crate::workspace::Workspace;

/// The pair shown and its changes, worked out once per pair and text.
#[derive(Default)]
pub struct State {
    pub pair: Option<(Id, Id)>,
    key: Option<(Id, Id, u64)>,
    changes: Vec<Change>,
}

impl State {
    fn refresh(&mut self, a: &Article, b: &Article, version: u64) {
        let key = (a.id, b.id, version);
        if self.key != Some(key) {
            self.changes = diff::changes(a.text(), b.text());
            self.key = Some(key);
        }
    }
}

const CUT: Color32 = Color32::from_rgb(0xd6, 0x27, 0x28);
const ADDED: Color32 = Color32::from_rgb(0x2c, 0xa0, 0x2c);

/// One side's text with its changed stretches marked.
fn marked(
    ui: &egui::Ui,
    article: &Article,
    ranges: &[(std::ops::Range<usize>, Color32)],
) -> LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let plain = ui.visuals().text_color();
    let text = article.text();
    let mut job = LayoutJob::default();
    let mut at = 0usize;
    let total = article.len_chars();
    let push = |from: usize, to: usize, color: Option<Color32>, job: &mut LayoutJob| {
        if from >= to {
            return;
        }
        let Some(bytes) = article.byte_range(from..to) else {
            return;
        };
        let mut f = TextFormat::simple(font.clone(), plain);
        if let Some(c) = color {
            f.background = Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 60);
            f.underline = egui::Stroke::new(1.5, c);
            if c == CUT {
                f.strikethrough = egui::Stroke::new(1.0, c);
            }
        }
        job.append(&text[bytes], 0.0, f);
    };
    for (r, c) in ranges {
        push(at, r.start, None, &mut job);
        push(r.start.max(at), r.end, Some(*c), &mut job);
        at = at.max(r.end);
    }
    push(at, total, None, &mut job);
    job
}

pub fn show(ui: &mut egui::Ui, ws: &Workspace, state: &mut State) {
    let p = ws.project();
    let Some((a, b)) = state
        .pair
        .and_then(|(a, b)| Some((p.article(a)?, p.article(b)?)))
    else {
        ui.label("Choose two articles to compare: View → Duplicates and wire copies lists the articles that are nearly the same text, with a Show diff button for each pair (or click ≈ beside an article in the list).");
        return;
    };
    state.refresh(a, b, p.articles_version());
    let s = diff::summary(&state.changes);
    // Outlets name the sides, or the files where the outlets do not tell
    // them apart.
    let (na, nb) =
        if a.meta.outlet == b.meta.outlet || a.meta.outlet == crate::model::UNKNOWN_OUTLET {
            (a.path.as_str(), b.path.as_str())
        } else {
            (a.meta.outlet.as_str(), b.meta.outlet.as_str())
        };
    ui.heading(format!("{na} ⇄ {nb}"));
    if state.changes.is_empty() {
        ui.label("The two texts are the same, word for word.");
    } else {
        ui.label(format!(
            "{nb} added {} word(s), cut {}, reworded {} place(s) of {na}'s text.",
            s.added_words, s.cut_words, s.reworded
        ));
    }
    let reworded: Vec<&Change> = state
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Reworded)
        .collect();
    if !reworded.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.strong("Reworded:");
            for c in reworded.iter().take(40) {
                let short = |s: &str| {
                    let s = s.trim();
                    if s.chars().count() > 40 {
                        format!("{}…", s.chars().take(40).collect::<String>())
                    } else {
                        s.to_owned()
                    }
                };
                ui.label(RichText::new(format!("{} → {}", short(&c.old), short(&c.new))).small());
            }
        });
    }
    ui.separator();
    let cut: Vec<_> = state
        .changes
        .iter()
        .filter(|c| c.kind != ChangeKind::Added)
        .map(|c| (c.a.clone(), CUT))
        .collect();
    let added: Vec<_> = state
        .changes
        .iter()
        .filter(|c| c.kind != ChangeKind::Cut)
        .map(|c| (c.b.clone(), ADDED))
        .collect();
    egui::ScrollArea::vertical()
        .id_salt(("diff", a.id, b.id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.columns(2, |cols| {
                for (col, (article, ranges)) in cols.iter_mut().zip([(a, &cut), (b, &added)]) {
                    col.strong(format!("{} — {}", article.meta.outlet, article.label()));
                    col.weak(article.path.as_str());
                    let mut job = marked(col, article, ranges);
                    job.wrap.max_width = col.available_width();
                    col.label(job);
                }
            });
        });
}

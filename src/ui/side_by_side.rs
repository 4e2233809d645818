//! Side-by-side reading: two or more articles in columns, where the claims
//! of each fact share a colour (other spans fade), to see at a glance what
//! each outlet said about the same things and what it left out.

use egui::Color32;

use super::action::Action;
use super::document::{DocEvents, DocumentView, Look, Marks};
use super::selection::Selection;
use crate::model::{Id, IdMap, Project};
use crate::workspace::Workspace;

const FACT_COLORS: [Color32; 8] = [
    Color32::from_rgb(0xd6, 0x27, 0x28),
    Color32::from_rgb(0x1f, 0x77, 0xb4),
    Color32::from_rgb(0x2c, 0xa0, 0x2c),
    Color32::from_rgb(0x94, 0x67, 0xbd),
    Color32::from_rgb(0xff, 0x7f, 0x0e),
    Color32::from_rgb(0x17, 0xbe, 0xcf),
    Color32::from_rgb(0x8c, 0x56, 0x4b),
    Color32::from_rgb(0xe3, 0x77, 0xc2),
];

/// The colour of a fact by its place in the fact list.
pub fn fact_color(index: usize) -> Color32 {
    FACT_COLORS[index % FACT_COLORS.len()]
}

#[derive(Default)]
pub struct State {
    /// Articles shown, in column order.
    pub articles: Vec<Id>,
    views: Vec<DocumentView>,
    chosen: bool,
}

fn colors(p: &Project) -> IdMap<Color32> {
    let mut out = IdMap::default();
    for (i, f) in p.facts().iter().enumerate() {
        for m in &f.members {
            out.insert(m.span, fact_color(i));
        }
    }
    out
}

impl State {
    /// One article per outlet (up to three) until the analyst chooses.
    fn default_articles(p: &Project) -> Vec<Id> {
        p.outlets()
            .iter()
            .filter_map(|o| {
                p.articles()
                    .iter()
                    .find(|a| &a.meta.outlet == o)
                    .map(|a| a.id)
            })
            .take(3)
            .collect()
    }

    /// Show the columns; returns the article and events of the column used.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        sel: &Selection,
        look: Look,
        actions: &mut Vec<Action>,
    ) -> Option<(Id, DocEvents)> {
        let p = &ws.project();
        if !self.chosen || self.articles.iter().any(|a| p.article(*a).is_none()) {
            self.articles = Self::default_articles(p);
            self.chosen = true;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label("Columns:");
            for a in p.articles() {
                let mut on = self.articles.contains(&a.id);
                let label = format!(
                    "{}: {}",
                    a.meta.outlet,
                    crate::text::head_chars(a.label(), 30)
                );
                if ui.checkbox(&mut on, label).changed() {
                    if on {
                        self.articles.push(a.id);
                    } else {
                        self.articles.retain(|x| *x != a.id);
                    }
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            for (i, f) in p.facts().iter().enumerate() {
                let r = ui.label(
                    egui::RichText::new(format!("■ {}", crate::text::head_chars(&f.name, 40)))
                        .color(fact_color(i)),
                );
                if r.on_hover_text(&f.name).clicked() {
                    actions.push(Action::SelectFact(Some(f.id)));
                }
            }
        });
        ui.separator();
        if self.articles.is_empty() {
            ui.weak("Tick two or more articles to read them side by side.");
            return None;
        }
        self.views
            .resize_with(self.articles.len(), DocumentView::default);
        let colors = colors(p);
        let mut result = None;
        let articles = self.articles.clone();
        ui.columns(articles.len(), |cols| {
            for (i, col) in cols.iter_mut().enumerate() {
                let Some(article) = p.article(articles[i]) else {
                    continue;
                };
                col.strong(format!("{} — {}", article.meta.outlet, article.label()));
                let marks = Marks {
                    text: (sel.article == Some(article.id))
                        .then_some(sel.text)
                        .flatten(),
                    span: sel.span,
                    related: &[],
                    extra: &sel.extra,
                    fact_colors: Some(&colors),
                    links: false,
                };
                col.push_id(("side", article.id), |col| {
                    let events = self.views[i].show(col, p, article, &marks, look);
                    if events.selection.is_some()
                        || events.clicked_span.is_some()
                        || events.toggled_span.is_some()
                    {
                        result = Some((article.id, events));
                    }
                });
            }
        });
        result
    }
}

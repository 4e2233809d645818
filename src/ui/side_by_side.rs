//! Side-by-side reading: two or more articles in columns, where the claims
//! of each fact share a colour (other spans fade), to see at a glance what
//! each outlet said about the same things and what it left out.

use egui::{Color32, RichText};

use super::action::Action;
use super::document::{DocEvents, DocumentView, Look, Marks};
use super::selection::Selection;
use crate::model::{Id, IdMap, Project};
use crate::workspace::Workspace;

/// Colours for facts, chosen apart from the default tags' blue, orange and
/// green, so a fact's claims are not taken for a tag, and ordered so that
/// the first facts' pale highlights differ most: magenta, teal, gold,
/// purple, slate, olive, crimson, brown.
const FACT_COLORS: [Color32; 8] = [
    Color32::from_rgb(0xc2, 0x18, 0x7a),
    Color32::from_rgb(0x00, 0x8b, 0x8b),
    Color32::from_rgb(0xb8, 0x86, 0x0b),
    Color32::from_rgb(0x7b, 0x3f, 0xbf),
    Color32::from_rgb(0x4a, 0x5a, 0x78),
    Color32::from_rgb(0x6b, 0x7a, 0x1a),
    Color32::from_rgb(0xb0, 0x1e, 0x3a),
    Color32::from_rgb(0x8c, 0x56, 0x2b),
];

/// How far apart two colours are (squared distance in RGB).
fn distance(a: Color32, b: Color32) -> u32 {
    let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).unsigned_abs();
    d(a.r(), b.r()).pow(2) + d(a.g(), b.g()).pow(2) + d(a.b(), b.b()).pow(2)
}

/// The fact colours that stand apart from every tag's colour in `project`
/// (all of them if the tags use up the whole palette).
pub fn fact_palette(project: &Project) -> Vec<Color32> {
    let tags: Vec<Color32> = project
        .schema
        .tags
        .iter()
        .map(|t| Color32::from_rgb(t.color.0[0], t.color.0[1], t.color.0[2]))
        .collect();
    let apart: Vec<Color32> = FACT_COLORS
        .iter()
        .copied()
        .filter(|c| tags.iter().all(|t| distance(*c, *t) > 60 * 60))
        .collect();
    if apart.is_empty() {
        FACT_COLORS.to_vec()
    } else {
        apart
    }
}

#[derive(Default)]
pub struct State {
    /// Articles shown, in column order.
    pub articles: Vec<Id>,
    views: Vec<DocumentView>,
    chosen: bool,
}

fn colors(p: &Project, palette: &[Color32]) -> IdMap<Color32> {
    let mut out = IdMap::default();
    for (i, f) in p.facts().iter().enumerate() {
        for m in &f.members {
            out.insert(m.span, palette[i % palette.len()]);
        }
    }
    out
}

/// What is typed in a column's menu, and the pass it was last drawn in (a
/// menu not drawn in the previous pass has just opened).
#[derive(Clone, Default)]
struct MenuSearch {
    query: String,
    pass: u64,
}

/// A menu of every article, by outlet, for one column: a search field over
/// the list, which opens on the column's article.
fn article_menu(
    ui: &mut egui::Ui,
    p: &Project,
    id: egui::Id,
    name: &str,
    current: Option<Id>,
) -> Option<Id> {
    let label = current
        .and_then(|a| p.article(a))
        .map(|a| format!("{}: {}", a.meta.outlet, a.label()))
        .unwrap_or_else(|| "Add a column…".into());
    let mut chosen = None;
    let combo = egui::ComboBox::from_id_salt(id)
        .selected_text(RichText::new(label))
        .width(220.0)
        .height(420.0)
        .truncate()
        .show_ui(ui, |ui| {
            let key = id.with("search");
            let pass = ui.ctx().cumulative_pass_nr();
            let mut search: MenuSearch = ui.data_mut(|d| d.get_temp(key)).unwrap_or_default();
            let opened = search.pass + 1 < pass;
            if opened {
                search.query.clear();
            }
            search.pass = pass;
            ui.set_min_width(320.0);
            let r = ui.add(
                egui::TextEdit::singleline(&mut search.query)
                    .hint_text("Search by title or outlet")
                    .desired_width(f32::INFINITY),
            );
            super::name_text_field(
                &r,
                "Search articles",
                &search.query,
                "Search by title or outlet",
            );
            if opened {
                r.request_focus();
            }
            let words: Vec<String> = search
                .query
                .to_lowercase()
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            // Only the rows in view are laid out: a study has thousands.
            let articles: Vec<&crate::model::Article> = p
                .articles()
                .iter()
                .map(|a| &**a)
                .filter(|a| {
                    words.is_empty() || {
                        let text = format!("{} {}", a.meta.outlet, a.label()).to_lowercase();
                        words.iter().all(|w| text.contains(w.as_str()))
                    }
                })
                .collect();
            if articles.is_empty() {
                ui.weak("No article matches.");
            }
            let row_h = 20.0;
            let mut area = egui::ScrollArea::vertical().max_height(380.0);
            if opened {
                if let Some(i) = articles.iter().position(|a| Some(a.id) == current) {
                    let step = row_h + ui.spacing().item_spacing.y;
                    area = area.vertical_scroll_offset((i as f32 - 8.0).max(0.0) * step);
                }
            }
            area.show_rows(ui, row_h, articles.len(), |ui, rows| {
                for a in &articles[rows] {
                    let text = format!("{}: {}", a.meta.outlet, a.label());
                    if ui.selectable_label(current == Some(a.id), text).clicked() {
                        chosen = Some(a.id);
                    }
                }
            });
            // Enter takes the only match.
            if articles.len() == 1
                && r.lost_focus()
                && ui.input(|i| i.key_pressed(egui::Key::Enter))
            {
                chosen = Some(articles[0].id);
                ui.close();
            }
            ui.data_mut(|d| d.insert_temp(key, search));
        });
    super::name_widget(&combo.response, egui::accesskit::Role::ComboBox, name);
    chosen
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

    /// The column choosers, in column order: each a menu of articles with
    /// a button taking the column out, then one more menu adding a column.
    fn choosers(&mut self, ui: &mut egui::Ui, p: &Project) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Columns:");
            let mut remove = None;
            for (i, a) in self.articles.clone().into_iter().enumerate() {
                // A chooser and its ✕ wrap together.
                ui.horizontal(|ui| {
                    let id = egui::Id::unique(("side-col", i));
                    let name = format!("Column {}", i + 1);
                    if let Some(new) = article_menu(ui, p, id, &name, Some(a)) {
                        self.articles[i] = new;
                        // Another article: read from its top.
                        if let Some(v) = self.views.get_mut(i) {
                            *v = DocumentView::default();
                        }
                    }
                    if ui
                        .small_button("✕")
                        .on_hover_text("Take this column away")
                        .clicked()
                    {
                        remove = Some(i);
                    }
                });
                ui.add_space(6.0);
            }
            if let Some(i) = remove {
                // The columns after it keep their place in their articles.
                self.articles.remove(i);
                if i < self.views.len() {
                    self.views.remove(i);
                }
            }
            if let Some(new) = article_menu(
                ui,
                p,
                egui::Id::unique("side-col-new"),
                "Add a column",
                None,
            ) {
                self.articles.push(new);
            }
        });
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
        let p = ws.project();
        if !self.chosen || self.articles.iter().any(|a| p.article(*a).is_none()) {
            self.articles.retain(|a| p.article(*a).is_some());
            self.views.clear();
            if !self.chosen {
                self.articles = Self::default_articles(p);
            }
            self.chosen = true;
        }
        self.choosers(ui, p);
        let palette = fact_palette(p);
        // The legend: the colour and name of each fact the columns carry,
        // cut to a line (whole on hover); a few lines at most, then it scrolls.
        let shown: Vec<(usize, &crate::model::Fact)> = p
            .facts()
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.members.iter().any(|m| {
                    p.span(m.span)
                        .is_some_and(|s| self.articles.contains(&s.article))
                })
            })
            .collect();
        egui::ScrollArea::vertical()
            .id_salt("side-legend")
            .max_height(52.0)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for (i, f) in &shown {
                        let color = palette[i % palette.len()];
                        // Each name takes at most this much of the line.
                        let r = ui
                            .allocate_ui(egui::vec2(240.0, 18.0), |ui| {
                                ui.add(
                                    egui::Label::new(
                                        RichText::new(format!("■ {}", f.name)).color(color),
                                    )
                                    .truncate()
                                    .sense(egui::Sense::click()),
                                )
                            })
                            .inner
                            .on_hover_text(&f.name);
                        if r.clicked() {
                            actions.push(Action::SelectFact(Some(f.id)));
                        }
                    }
                });
            });
        ui.separator();
        if self.articles.is_empty() {
            ui.weak("Choose two or more articles above to read them side by side.");
            return None;
        }
        self.views
            .resize_with(self.articles.len(), DocumentView::default);
        let colors = colors(p, &palette);
        let mut result = None;
        let articles = self.articles.clone();
        ui.columns(articles.len(), |cols| {
            for (i, col) in cols.iter_mut().enumerate() {
                let Some(article) = p.article(articles[i]) else {
                    continue;
                };
                // A header of one line each, left-aligned (not justified).
                col.with_layout(egui::Layout::top_down(egui::Align::Min), |col| {
                    col.add(
                        egui::Label::new(RichText::new(&article.meta.outlet).strong()).truncate(),
                    );
                    col.add(egui::Label::new(article.label()).truncate())
                        .on_hover_text(article.label());
                    let marks = Marks {
                        text: (sel.article == Some(article.id))
                            .then_some(sel.text)
                            .flatten(),
                        span: sel.span,
                        related: &[],
                        extra: &sel.extra,
                        fact_colors: Some(&colors),
                        links: false,
                        by_coder: false,
                        dim: &[],
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
                });
            }
        });
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Schema;

    #[test]
    fn fact_colours_stand_apart_from_tag_colours() {
        let p = Project::new(Schema::default());
        let palette = fact_palette(&p);
        assert!(palette.len() >= 6);
        for t in &p.schema.tags {
            let tag = Color32::from_rgb(t.color.0[0], t.color.0[1], t.color.0[2]);
            for c in &palette {
                assert!(distance(*c, tag) > 60 * 60, "{c:?} is close to {}", t.name);
            }
        }
        // The first five facts' highlights (35% over white, as drawn) are
        // told apart: magenta and crimson came out the same pink.
        let pale = |c: Color32| {
            let mix = |x: u8| (255.0 * 0.65 + f32::from(x) * 0.35) as u8;
            Color32::from_rgb(mix(c.r()), mix(c.g()), mix(c.b()))
        };
        for (i, a) in palette.iter().take(5).enumerate() {
            for b in palette.iter().take(5).skip(i + 1) {
                assert!(distance(pale(*a), pale(*b)) > 28 * 28, "{a:?} and {b:?}");
            }
        }
    }
}

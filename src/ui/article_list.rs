//! The left panel: the project's articles, grouped by outlet (or sorted by
//! date), with span counts per tag and a filter box. Titles sort as people
//! read numbers ("Headline 2" before "Headline 10"). Only the rows in view
//! are drawn, and the order is worked out again only when articles change,
//! not with every span, so a study of thousands of articles stays quick.

use egui::{Color32, RichText};

use super::action::Action;
use super::panel_state::PanelState;
use super::prefs::Prefs;
use super::selection::Selection;
use crate::model::{Id, Project};
use crate::text::natural_cmp;
use crate::workspace::Workspace;

#[derive(Clone, Debug)]
enum Row {
    Outlet { name: String, count: usize },
    Article(Id),
}

/// Rows, rebuilt only when the articles or the filter change.
#[derive(Default)]
pub struct Cache {
    /// Every article in list order, with the text the filter searches
    /// (title, outlet and path, lower-cased), sorted only when articles
    /// change: typing in the filter only scans it.
    sorted_key: Option<(u64, u64, bool)>,
    sorted: Vec<(Id, String)>,
    key: Option<(u64, u64, String, bool)>,
    rows: Vec<Row>,
    order: Vec<Id>,
    /// The open article when the list was last drawn, and the rows then in
    /// view: an article opened elsewhere (Alt+↓, the comparison) is
    /// scrolled into view once.
    shown: Option<Id>,
    in_view: std::ops::Range<usize>,
}

impl Cache {
    fn sort(&mut self, p: &Project, generation: u64, group: bool) {
        let key = (generation, p.articles_version(), group);
        if self.sorted_key == Some(key) {
            return;
        }
        let outlets = p.outlets();
        let outlet_rank = |o: &str| outlets.iter().position(|x| x == o);
        let mut articles: Vec<_> = p.articles().iter().collect();
        articles.sort_by(|a, b| {
            let by_title = || natural_cmp(a.label(), b.label());
            if group {
                outlet_rank(&a.meta.outlet)
                    .cmp(&outlet_rank(&b.meta.outlet))
                    .then(a.meta.date.cmp(&b.meta.date))
                    .then_with(by_title)
            } else {
                a.meta
                    .date
                    .cmp(&b.meta.date)
                    .then_with(by_title)
                    .then_with(|| natural_cmp(&a.meta.outlet, &b.meta.outlet))
            }
        });
        self.sorted = articles
            .into_iter()
            .map(|a| {
                let haystack =
                    format!("{}\n{}\n{}", a.meta.title, a.meta.outlet, a.path).to_lowercase();
                (a.id, haystack)
            })
            .collect();
        self.sorted_key = Some(key);
    }

    fn refresh(&mut self, ws: &Workspace, generation: u64, panels: &PanelState, group: bool) {
        let p = ws.project();
        let key = (
            generation,
            p.articles_version(),
            panels.article_filter.clone(),
            group,
        );
        if self.key.as_ref() == Some(&key) {
            return;
        }
        self.sort(p, generation, group);
        let needle = panels.article_filter.to_lowercase();
        let ids: Vec<Id> = self
            .sorted
            .iter()
            .filter(|(_, haystack)| needle.is_empty() || haystack.contains(&needle))
            .map(|(id, _)| *id)
            .collect();
        self.rows.clear();
        if group {
            let mut i = 0;
            while i < ids.len() {
                let outlet = p
                    .article(ids[i])
                    .map(|a| a.meta.outlet.clone())
                    .unwrap_or_default();
                let n = ids[i..]
                    .iter()
                    .take_while(|id| p.article(**id).is_some_and(|a| a.meta.outlet == outlet))
                    .count()
                    .max(1);
                self.rows.push(Row::Outlet {
                    name: outlet,
                    count: n,
                });
                self.rows
                    .extend(ids[i..i + n].iter().map(|id| Row::Article(*id)));
                i += n;
            }
        } else {
            self.rows.extend(ids.iter().map(|id| Row::Article(*id)));
        }
        self.order = ids;
        self.key = Some(key);
    }

    /// Articles in list order (for next/previous).
    pub fn order(
        &mut self,
        ws: &Workspace,
        generation: u64,
        panels: &PanelState,
        group: bool,
    ) -> &[Id] {
        self.refresh(ws, generation, panels, group);
        &self.order
    }
}

/// Width of one span count, so the counts of every row line up.
const COUNT_WIDTH: f32 = 26.0;

/// An article's span counts per tag, right-aligned in columns of one width.
fn counts(ui: &mut egui::Ui, p: &Project, article: Id) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        for t in p.schema.tags.iter().rev() {
            let n = p.tag_count_of(article, &t.name);
            let [r, g, b] = t.color.0;
            let text = if n > 0 { n.to_string() } else { String::new() };
            ui.add_sized(
                [COUNT_WIDTH, 16.0],
                egui::Label::new(
                    RichText::new(text)
                        .color(Color32::from_rgb(r, g, b))
                        .small(),
                ),
            )
            .on_hover_text(format!("{n} {}", t.name));
        }
    });
}

#[allow(clippy::too_many_arguments)]
pub fn show(
    ui: &mut egui::Ui,
    ws: &Workspace,
    generation: u64,
    sel: &Selection,
    panels: &mut PanelState,
    prefs: &mut Prefs,
    cache: &mut Cache,
    copies: &super::dupes_window::Cache,
    actions: &mut Vec<Action>,
) {
    let p = ws.project();
    ui.add_space(4.0);
    let total = p.articles().len();
    let listed = cache.order.len();
    ui.horizontal(|ui| {
        ui.heading("Articles");
        if panels.article_filter.trim().is_empty() || listed == total {
            ui.weak(format!("{total}"));
        } else {
            ui.weak(format!("{listed} of {total}"));
        }
    });
    let hint = "Filter by title, outlet, file";
    let r = ui.add(
        egui::TextEdit::singleline(&mut panels.article_filter)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    );
    super::name_text_field(&r, "Filter articles", &panels.article_filter, hint);
    ui.checkbox(&mut prefs.group_by_outlet, "Group by outlet")
        .on_hover_text("Otherwise sorted by date");
    ui.separator();
    cache.refresh(ws, generation, panels, prefs.group_by_outlet);
    // Articles that carry the selected fact get a dot.
    let fact_articles: Vec<Id> = sel
        .fact
        .and_then(|f| p.fact(f))
        .map(|f| {
            f.members
                .iter()
                .filter_map(|m| p.span(m.span).map(|s| s.article))
                .collect()
        })
        .unwrap_or_default();
    if cache.rows.is_empty() && !panels.article_filter.trim().is_empty() {
        ui.weak("No article matches the filter.");
    }
    let row_height = 40.0;
    let mut area = egui::ScrollArea::vertical()
        .id_salt("article-list")
        .auto_shrink([false, false]);
    if sel.article != cache.shown {
        cache.shown = sel.article;
        let row = sel.article.and_then(|a| {
            cache
                .rows
                .iter()
                .position(|r| matches!(r, Row::Article(id) if *id == a))
        });
        // Only when out of view: a click in the list does not move it.
        let visible = cache.in_view.start + 1..cache.in_view.end.saturating_sub(1);
        if let Some(row) = row.filter(|r| !visible.contains(r)) {
            let step = row_height + ui.spacing().item_spacing.y;
            let above = (ui.available_height() / step / 2.0).floor();
            area = area.vertical_scroll_offset(((row as f32 - above).max(0.0)) * step);
        }
    }
    let rows = &cache.rows;
    let in_view = &mut cache.in_view;
    area.show_rows(ui, row_height, rows.len(), |ui, range| {
        *in_view = range.clone();
        for row in &rows[range] {
            match row {
                Row::Outlet { name, count } => {
                    ui.allocate_ui(egui::vec2(ui.available_width(), row_height), |ui| {
                        ui.add_space(12.0);
                        ui.horizontal(|ui| {
                            ui.add(egui::Label::new(RichText::new(name).strong()).truncate());
                            ui.weak(format!("({count})"));
                        });
                    });
                }
                Row::Article(id) => {
                    let Some(a) = p.article(*id) else { continue };
                    let selected = sel.article == Some(*id);
                    let response = ui
                        .allocate_ui(egui::vec2(ui.available_width(), row_height), |ui| {
                            let font = egui::TextStyle::Button.resolve(ui.style());
                            let room =
                                ui.available_width() - 2.0 * ui.spacing().button_padding.x;
                            let label = super::document::fit_line(ui, a.label(), &font, room);
                            let r = ui.add(egui::Button::selectable(selected, label).truncate());
                            ui.horizontal(|ui| {
                                if fact_articles.contains(id) {
                                    ui.label(
                                        RichText::new("●").color(ui.visuals().selection.bg_fill),
                                    )
                                    .on_hover_text("Carries the selected fact");
                                }
                                let similar = copies.similar_to(*id);
                                if let Some(&(best, s)) = similar.first() {
                                    let names: Vec<String> = similar
                                        .iter()
                                        .filter_map(|(o, s)| {
                                            p.article(*o).map(|x| {
                                                format!("{s:.2} {} — {}", x.meta.outlet, x.label())
                                            })
                                        })
                                        .collect();
                                    let r = ui
                                        .add(
                                            egui::Label::new(
                                                RichText::new(format!("≈{}", similar.len())).small(),
                                            )
                                            .sense(egui::Sense::click()),
                                        )
                                        .on_hover_text(format!(
                                            "Nearly the same text as:\n{}\nClick: diff with the closest ({s:.2})",
                                            names.join("\n")
                                        ));
                                    if r.clicked() {
                                        // The earlier article of the project on the left.
                                        let (x, y) = if p.article_index(best) < p.article_index(*id) {
                                            (best, *id)
                                        } else {
                                            (*id, best)
                                        };
                                        actions.push(Action::ShowDiff(x, y));
                                    }
                                }
                                let when = a.meta.date.map(|d| d.to_string()).unwrap_or_default();
                                let line = if prefs.group_by_outlet {
                                    when
                                } else {
                                    format!("{when} {}", a.meta.outlet)
                                };
                                let counts_width = COUNT_WIDTH * p.schema.tags.len() as f32;
                                ui.add_sized(
                                    [(ui.available_width() - counts_width).max(40.0), 16.0],
                                    egui::Label::new(RichText::new(line).weak().small()).truncate(),
                                );
                                counts(ui, p, *id);
                            });
                            r
                        })
                        .inner;
                    if response.clicked() {
                        actions.push(Action::OpenArticle(*id));
                    }
                    response.on_hover_text(format!("{}\n{}\n{}", a.label(), a.meta.outlet, a.path));
                }
            }
        }
    });
}

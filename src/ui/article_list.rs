//! The left panel: the project's articles, grouped by outlet (or sorted by
//! date), with span counts per tag and a filter box.

use egui::{Color32, RichText};

use super::action::Action;
use super::panel_state::PanelState;
use super::prefs::Prefs;
use super::selection::Selection;
use crate::model::{Id, IdMap, Project};
use crate::workspace::Workspace;

#[derive(Clone, Debug)]
enum Row {
    Outlet { name: String, count: usize },
    Article(Id),
}

/// Rows and counts, rebuilt only when the project or the filter changes.
#[derive(Default)]
pub struct Cache {
    key: Option<(u64, u64, String, bool)>,
    rows: Vec<Row>,
    order: Vec<Id>,
    counts: IdMap<Vec<usize>>,
}

impl Cache {
    fn refresh(&mut self, ws: &Workspace, generation: u64, panels: &PanelState, group: bool) {
        let key = (
            generation,
            ws.revision(),
            panels.article_filter.clone(),
            group,
        );
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let p = &ws.project();
        let needle = panels.article_filter.to_lowercase();
        let matches = |id: Id| {
            let Some(a) = p.article(id) else { return false };
            needle.is_empty()
                || a.meta.title.to_lowercase().contains(&needle)
                || a.meta.outlet.to_lowercase().contains(&needle)
                || a.path.to_lowercase().contains(&needle)
        };
        let mut ids: Vec<Id> = p
            .articles()
            .iter()
            .map(|a| a.id)
            .filter(|&id| matches(id))
            .collect();
        let sort_key = |id: &Id| {
            let a = p
                .article(*id)
                .map(|a| (a.meta.outlet.clone(), a.meta.date, a.meta.title.clone()));
            a.unwrap_or_default()
        };
        self.rows.clear();
        if group {
            let outlets = p.outlets();
            ids.sort_by_key(|id| {
                let (outlet, date, title) = sort_key(id);
                (outlets.iter().position(|o| *o == outlet), date, title)
            });
            let mut current: Option<String> = None;
            for id in &ids {
                let outlet = p
                    .article(*id)
                    .map(|a| a.meta.outlet.clone())
                    .unwrap_or_default();
                if current.as_ref() != Some(&outlet) {
                    let count = ids
                        .iter()
                        .filter(|i| p.article(**i).is_some_and(|a| a.meta.outlet == outlet))
                        .count();
                    self.rows.push(Row::Outlet {
                        name: outlet.clone(),
                        count,
                    });
                    current = Some(outlet);
                }
                self.rows.push(Row::Article(*id));
            }
        } else {
            ids.sort_by_key(|id| {
                let (outlet, date, title) = sort_key(id);
                (date, title, outlet)
            });
            self.rows.extend(ids.iter().map(|id| Row::Article(*id)));
        }
        self.order = ids;
        self.counts = count_spans(p);
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

/// Spans per tag (schema order) for every article.
fn count_spans(p: &Project) -> IdMap<Vec<usize>> {
    let mut counts: IdMap<Vec<usize>> = IdMap::default();
    for a in p.articles() {
        let mut c = vec![0; p.schema.tags.len()];
        for s in p.spans_of(a.id) {
            if let Some(i) = p.schema.tags.iter().position(|t| t.name == s.tag) {
                c[i] += 1;
            }
        }
        counts.insert(a.id, c);
    }
    counts
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
    actions: &mut Vec<Action>,
) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Articles");
        ui.weak(format!("{}", ws.project().articles().len()));
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
    let p = &ws.project();
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
    let row_height = 40.0;
    let rows = cache.rows.clone();
    egui::ScrollArea::vertical()
        .id_salt("article-list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for row in &rows[range] {
                match row {
                    Row::Outlet { name, count } => {
                        ui.allocate_ui(egui::vec2(ui.available_width(), row_height), |ui| {
                            ui.add_space(12.0);
                            ui.horizontal(|ui| {
                                ui.strong(name);
                                ui.weak(format!("({count})"));
                            });
                        });
                    }
                    Row::Article(id) => {
                        let Some(a) = p.article(*id) else { continue };
                        let selected = sel.article == Some(*id);
                        let counts = cache.counts.get(id).cloned().unwrap_or_default();
                        let response = ui
                            .allocate_ui(egui::vec2(ui.available_width(), row_height), |ui| {
                                let title = crate::text::head_chars(a.label(), 80).to_owned();
                                let r =
                                    ui.add(egui::Button::selectable(selected, title).truncate());
                                ui.horizontal(|ui| {
                                    if fact_articles.contains(id) {
                                        ui.label(
                                            RichText::new("●")
                                                .color(ui.visuals().selection.bg_fill),
                                        )
                                        .on_hover_text("Carries the selected fact");
                                    }
                                    if let Some(d) = a.meta.date {
                                        ui.weak(d.to_string());
                                    }
                                    if !prefs.group_by_outlet {
                                        ui.weak(&a.meta.outlet);
                                    }
                                    for (t, n) in p.schema.tags.iter().zip(&counts) {
                                        if *n > 0 {
                                            let [r, g, b] = t.color.0;
                                            ui.label(
                                                RichText::new(format!("{n}"))
                                                    .color(Color32::from_rgb(r, g, b))
                                                    .small(),
                                            )
                                            .on_hover_text(format!("{n} {}", t.name));
                                        }
                                    }
                                });
                                r
                            })
                            .inner;
                        if response.clicked() {
                            actions.push(Action::OpenArticle(*id));
                        }
                        response.on_hover_text(format!("{}\n{}", a.meta.outlet, a.path));
                    }
                }
            }
        });
}

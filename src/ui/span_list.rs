//! The span list: the current article's spans (or every article's), with
//! filters by tag and text. Clicking a row shows the span in its article.

use egui_extras::{Column, TableBuilder};

use super::app::{Action, PanelState, Selection};
use super::document::tag_color;
use crate::model::Id;
use crate::workspace::Workspace;

#[derive(Clone, PartialEq, Eq)]
struct Key {
    generation: u64,
    revision: u64,
    article: Option<Id>,
    all: bool,
    tag: Option<String>,
    text: String,
}

/// The filtered rows, rebuilt only when something they depend on changes.
#[derive(Default)]
pub struct Cache {
    key: Option<Key>,
    rows: Vec<Id>,
    /// The selected span the table last scrolled to.
    shown: Option<Id>,
}

impl Cache {
    fn refresh(&mut self, ws: &Workspace, generation: u64, sel: &Selection, panels: &PanelState) {
        let key = Key {
            generation,
            revision: ws.revision(),
            article: sel.article,
            all: panels.all_articles,
            tag: panels.span_tag.clone(),
            text: panels.span_filter.clone(),
        };
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let p = &ws.project();
        let needle = key.text.to_lowercase();
        let keep = |s: &crate::model::Span| {
            key.tag.as_ref().is_none_or(|t| &s.tag == t)
                && (needle.is_empty()
                    || s.quote.to_lowercase().contains(&needle)
                    || s.note.to_lowercase().contains(&needle))
        };
        self.rows = if key.all {
            p.all_spans().filter(|s| keep(s)).map(|s| s.id).collect()
        } else {
            key.article
                .map(|a| p.spans_of(a).filter(|s| keep(s)).map(|s| s.id).collect())
                .unwrap_or_default()
        };
        self.key = Some(key);
    }

    /// Rows currently listed (for tests).
    pub fn rows(&self) -> &[Id] {
        &self.rows
    }
}

pub fn show(
    ui: &mut egui::Ui,
    ws: &Workspace,
    generation: u64,
    sel: &Selection,
    panels: &mut PanelState,
    cache: &mut Cache,
    actions: &mut Vec<Action>,
) {
    let p = &ws.project();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Spans");
        ui.toggle_value(&mut panels.all_articles, "All articles")
            .on_hover_text("Show the spans of every article (Ctrl+L)");
    });
    ui.horizontal(|ui| {
        let current = panels.span_tag.clone().unwrap_or_else(|| "All tags".into());
        let combo = egui::ComboBox::from_id_salt("span-tag-filter")
            .selected_text(current)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut panels.span_tag, None, "All tags");
                for t in &p.schema.tags {
                    ui.selectable_value(&mut panels.span_tag, Some(t.name.clone()), &t.name);
                }
            });
        super::name_widget(
            &combo.response,
            egui::accesskit::Role::ComboBox,
            "Filter by tag",
        );
        ui.add(
            egui::TextEdit::singleline(&mut panels.span_filter)
                .hint_text("Filter text or note")
                .desired_width(f32::INFINITY),
        );
    });
    cache.refresh(ws, generation, sel, panels);
    ui.weak(format!("{} span(s)", cache.rows.len()));
    let rows = cache.rows.clone();
    let selected_row = sel.span.and_then(|s| rows.iter().position(|r| *r == s));
    let mut table = TableBuilder::new(ui)
        .id_salt("span-table")
        .striped(true)
        .sense(egui::Sense::click())
        .column(Column::exact(82.0))
        .column(Column::remainder().clip(true))
        .column(Column::initial(90.0).clip(true))
        .min_scrolled_height(80.0);
    // Follow the selection when it changes elsewhere (e.g. a click in the text).
    if sel.span != cache.shown {
        cache.shown = sel.span;
        if let Some(r) = selected_row {
            table = table.scroll_to_row(r, None);
        }
    }
    table
        .header(20.0, |mut h| {
            h.col(|ui| {
                ui.strong("Tag");
            });
            h.col(|ui| {
                ui.strong("Text");
            });
            h.col(|ui| {
                ui.strong("Outlet");
            });
        })
        .body(|body| {
            body.rows(22.0, rows.len(), |mut row| {
                let Some(s) = p.span(rows[row.index()]) else {
                    return;
                };
                row.set_selected(sel.span == Some(s.id));
                row.col(|ui| {
                    ui.colored_label(tag_color(p, &s.tag), &s.tag);
                });
                row.col(|ui| {
                    let text = crate::text::head_chars(&s.quote, 120).replace('\n', " ");
                    ui.add(egui::Label::new(text).truncate().selectable(false));
                });
                row.col(|ui| {
                    let outlet = p
                        .article(s.article)
                        .map(|a| a.meta.outlet.as_str())
                        .unwrap_or("");
                    ui.add(egui::Label::new(outlet).truncate().selectable(false));
                });
                if row.response().clicked() {
                    actions.push(Action::RevealSpan(s.id));
                }
            });
        });
}

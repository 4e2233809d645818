//! The span list: the current article's spans (or every article's), with
//! filters by tag and text. Clicking a row shows the span in its article.
//!
//! A large study has hundreds of thousands of spans, so the list is
//! filtered a slice at a time, a few milliseconds per frame, and a filter
//! that narrows the last one (typing on) only looks at the rows it had.
//! The previous rows stay on screen until the new ones are ready.

use std::time::{Duration, Instant};

use egui_extras::{Column, TableBuilder};

use super::action::Action;
use super::document::tag_color;
use super::panel_state::PanelState;
use super::selection::Selection;
use crate::model::{Id, Project, Span};
use crate::workspace::Workspace;

/// Filtering work per frame.
const BUDGET: Duration = Duration::from_millis(4);

#[derive(Clone, Debug, PartialEq, Eq)]
struct Key {
    generation: u64,
    revision: u64,
    article: Option<Id>,
    all: bool,
    tag: Option<String>,
    annotator: Option<String>,
    text: String,
}

impl Key {
    /// Whether rows matching `self` are all among the rows matching `old`.
    fn narrows(&self, old: &Key) -> bool {
        self.generation == old.generation
            && self.revision == old.revision
            && self.article == old.article
            && self.all == old.all
            && (old.tag.is_none() || self.tag == old.tag)
            && (old.annotator.is_none() || self.annotator == old.annotator)
            && self.text.to_lowercase().contains(&old.text.to_lowercase())
    }
}

/// What a span must contain, in any case.
struct Needle {
    lower: String,
    ascii: bool,
}

impl Needle {
    fn new(text: &str) -> Self {
        let lower = text.trim().to_lowercase();
        let ascii = lower.is_ascii();
        Self { lower, ascii }
    }

    fn found_in(&self, hay: &str) -> bool {
        if self.lower.is_empty() {
            return true;
        }
        if self.ascii {
            contains_ascii_ci(hay.as_bytes(), self.lower.as_bytes())
        } else {
            hay.to_lowercase().contains(&self.lower)
        }
    }
}

/// ASCII case-insensitive search without allocating (the needle is lower case).
fn contains_ascii_ci(hay: &[u8], needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else {
        return true;
    };
    if needle.len() > hay.len() {
        return false;
    }
    let last_start = hay.len() - needle.len();
    let mut i = 0;
    while i <= last_start {
        let Some(rel) = memchr::memchr2(first, first.to_ascii_uppercase(), &hay[i..=last_start])
        else {
            return false;
        };
        i += rel;
        if hay[i..i + needle.len()].eq_ignore_ascii_case(needle) {
            return true;
        }
        i += 1;
    }
    false
}

fn keep(key: &Key, needle: &Needle, s: &Span) -> bool {
    key.tag.as_ref().is_none_or(|t| &s.tag == t)
        && key.annotator.as_ref().is_none_or(|a| &s.annotator == a)
        && (needle.found_in(&s.quote) || needle.found_in(&s.note))
}

/// Where a filtering pass is.
enum Source {
    /// Every span of the project (or of one article), from this article
    /// index and span index on.
    Spans { article: usize, span: usize },
    /// The rows of a wider filter, from this index on.
    Rows { rows: Vec<Id>, next: usize },
}

struct Pass {
    key: Key,
    needle: Needle,
    source: Source,
    rows: Vec<Id>,
}

impl Pass {
    /// Filter until done or out of time; true when done.
    fn run(&mut self, p: &Project, until: Instant) -> bool {
        let mut n = 0u32;
        let mut out_of_time = || {
            n += 1;
            n.is_multiple_of(256) && Instant::now() >= until
        };
        match &mut self.source {
            Source::Rows { rows, next } => {
                while *next < rows.len() {
                    let id = rows[*next];
                    *next += 1;
                    if p.span(id).is_some_and(|s| keep(&self.key, &self.needle, s)) {
                        self.rows.push(id);
                    }
                    if out_of_time() {
                        return false;
                    }
                }
                true
            }
            Source::Spans { article, span } => {
                let articles: Vec<Id> = match (self.key.all, self.key.article) {
                    (true, _) => Vec::new(),
                    (false, Some(a)) => vec![a],
                    (false, None) => return true,
                };
                let count = if self.key.all {
                    p.articles().len()
                } else {
                    articles.len()
                };
                while *article < count {
                    let a = if self.key.all {
                        p.articles()[*article].id
                    } else {
                        articles[*article]
                    };
                    for s in p.spans_of(a).skip(*span) {
                        *span += 1;
                        if keep(&self.key, &self.needle, s) {
                            self.rows.push(s.id);
                        }
                        if out_of_time() {
                            return false;
                        }
                    }
                    *article += 1;
                    *span = 0;
                }
                true
            }
        }
    }
}

/// The filtered rows, brought up to date a slice per frame.
#[derive(Default)]
pub struct Cache {
    /// The filter `rows` answers.
    key: Option<Key>,
    rows: Vec<Id>,
    pass: Option<Pass>,
    /// The selected span the table last scrolled to.
    shown: Option<Id>,
}

impl Cache {
    fn refresh(&mut self, ws: &Workspace, generation: u64, sel: &Selection, panels: &PanelState) {
        let key = Key {
            generation,
            revision: ws.revision(),
            // Listing every article, the open one does not matter: opening
            // another does not filter again.
            article: sel.article.filter(|_| !panels.all_articles),
            all: panels.all_articles,
            tag: panels.span_tag.clone(),
            annotator: panels.span_annotator.clone(),
            text: panels.span_filter.clone(),
        };
        let wanted = self
            .pass
            .as_ref()
            .map_or(self.key.as_ref(), |p| Some(&p.key));
        if wanted != Some(&key) {
            self.start(key);
        }
        if let Some(pass) = self.pass.as_mut() {
            if pass.run(ws.project(), Instant::now() + BUDGET) {
                if let Some(done) = self.pass.take() {
                    self.rows = done.rows;
                    self.key = Some(done.key);
                    // New rows: bring the selection into view again.
                    self.shown = None;
                }
            }
        }
    }

    /// Start filtering for `key`: from the rows of the last filter when the
    /// new one only narrows it (typing on), else from all spans. A pass
    /// under way is dropped; its rows were never shown.
    fn start(&mut self, key: Key) {
        let source = match &self.key {
            Some(old) if key.narrows(old) => Source::Rows {
                rows: self.rows.clone(),
                next: 0,
            },
            _ => Source::Spans {
                article: 0,
                span: 0,
            },
        };
        self.pass = Some(Pass {
            needle: Needle::new(&key.text),
            key,
            source,
            rows: Vec::new(),
        });
    }

    /// Rows currently listed (for tests).
    pub fn rows(&self) -> &[Id] {
        &self.rows
    }

    /// Whether a newer filter is still being worked out.
    pub fn is_filtering(&self) -> bool {
        self.pass.is_some()
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
    let p = ws.project();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Spans");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            super::toggle_switch(ui, &mut panels.all_articles, "All articles")
                .on_hover_text("Show the spans of every article, not just this one (Ctrl+L)");
        });
    });
    ui.horizontal(|ui| {
        let current = panels.span_tag.clone().unwrap_or_else(|| "All tags".into());
        let combo = egui::ComboBox::from_id_salt("span-tag-filter")
            .selected_text(current)
            .height(f32::INFINITY)
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
        let current = panels
            .span_annotator
            .clone()
            .unwrap_or_else(|| "All coders".into());
        let combo = egui::ComboBox::from_id_salt("span-coder-filter")
            .selected_text(current)
            .width(90.0)
            .truncate()
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut panels.span_annotator, None, "All coders");
                // Worked out only while the menu is open: a study has
                // hundreds of thousands of spans.
                let names: std::collections::BTreeSet<&str> =
                    p.all_spans().map(|s| s.annotator.as_str()).collect();
                for n in names {
                    let shown = if n.is_empty() { "(unnamed)" } else { n };
                    ui.selectable_value(&mut panels.span_annotator, Some(n.to_owned()), shown);
                }
            });
        super::name_widget(
            &combo.response,
            egui::accesskit::Role::ComboBox,
            "Filter by coder",
        );
        let hint = "Filter text or note";
        let r = ui.add(
            egui::TextEdit::singleline(&mut panels.span_filter)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        );
        super::name_text_field(&r, "Filter spans", &panels.span_filter, hint);
    });
    cache.refresh(ws, generation, sel, panels);
    ui.horizontal(|ui| {
        let scope = if panels.all_articles {
            "in all articles"
        } else {
            "in this article"
        };
        ui.weak(format!("{} span(s) {scope}", cache.rows.len()));
        if cache.is_filtering() {
            ui.spinner();
            ui.weak("filtering…");
        }
    });
    let mut table = TableBuilder::new(ui)
        .id_salt("span-table")
        .striped(true)
        .sense(egui::Sense::click())
        .column(Column::exact(82.0))
        .column(Column::remainder().clip(true))
        .column(Column::initial(90.0).clip(true))
        .min_scrolled_height(80.0);
    // Follow the selection when it changes elsewhere (e.g. a click in the text).
    // (Looked up only then: a study lists hundreds of thousands of rows.)
    if sel.span != cache.shown {
        cache.shown = sel.span;
        let selected_row = sel
            .span
            .and_then(|s| cache.rows.iter().position(|r| *r == s));
        if let Some(r) = selected_row {
            table = table.scroll_to_row(r, None);
        }
    }
    let rows = &cache.rows;
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
                    let font = egui::TextStyle::Body.resolve(ui.style());
                    let text = super::document::fit_line(ui, &text, &font, ui.available_width());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_search_ignores_case_without_allocating() {
        assert!(contains_ascii_ci(b"The Minister SAID so", b"said"));
        assert!(contains_ascii_ci("caf\u{e9} Said".as_bytes(), b"said"));
        assert!(!contains_ascii_ci(b"sai", b"said"));
        assert!(contains_ascii_ci(b"x", b""));
        let n = Needle::new("CAFÉ");
        assert!(n.found_in("the café opened"));
        assert!(!n.found_in("the cafe opened"));
    }

    #[test]
    fn narrowing_needs_the_same_scope_and_a_longer_text() {
        let k = |text: &str, tag: Option<&str>| Key {
            generation: 1,
            revision: 1,
            article: None,
            all: true,
            tag: tag.map(str::to_owned),
            annotator: None,
            text: text.into(),
        };
        assert!(k("clai", None).narrows(&k("cla", None)));
        assert!(k("cla", Some("Claim")).narrows(&k("cla", None)));
        assert!(!k("cla", None).narrows(&k("clai", None)));
        assert!(!k("cla", None).narrows(&k("cla", Some("Claim"))));
        let mut other = k("clai", None);
        other.revision = 2;
        assert!(!other.narrows(&k("cla", None)));
        // One coder's spans narrow all coders', not another's.
        let mut ben = k("cla", None);
        ben.annotator = Some("ben".into());
        assert!(ben.narrows(&k("cla", None)));
        let mut ana = k("cla", None);
        ana.annotator = Some("ana".into());
        assert!(!ben.narrows(&ana));
    }
}

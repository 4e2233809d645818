//! The comparison view: one row per fact, one column per outlet (in the
//! analyst's order), each cell the outlet's wording, whom it credited with
//! which cue and stance, how sure and how prominent; or "not reported".
//! Clicking a claim opens it in its article.
//!
//! A study compares hundreds of facts across dozens of outlets, so only the
//! cells in view are laid out: rows have the heights measured when they
//! were last seen (estimated before), as the text view does with blocks.

use egui::{Color32, RichText};

use super::action::Action;
use super::background::ComparisonJob;
use super::command::View;
use super::selection::Selection;
use crate::compare::{self, Cell, Claim, Matrix, OutletSummary};
use crate::edit::Edit;
use crate::model::Relation;
use crate::workspace::Workspace;

/// The matrix and summaries, rebuilt only when the project changes (in
/// the background for a large project, the last ones shown meanwhile), and
/// the rows' heights as measured.
#[derive(Default)]
pub struct Cache {
    key: Option<((u64, u64), Option<String>)>,
    matrix: Option<Matrix>,
    summaries: Vec<OutletSummary>,
    job: Option<(ComparisonJob, Option<String>)>,
    /// Whose coding is compared: one annotator's, or everyone's (`None`).
    pub lens: Option<String>,
    /// The project's annotators, for the lens menu, by revision.
    annotators: Option<((u64, u64), Vec<String>)>,
    /// Why the last comparison could not be worked out.
    failed: Option<String>,
    /// Row heights by fact, at `column`'s width.
    heights: crate::model::IdMap<f32>,
    column: f32,
}

/// Projects with fewer spans than this are compared within the frame.
const WITHIN_A_FRAME: usize = 30_000;

impl Cache {
    /// The comparison as it stands; `None` until the first one is ready.
    pub fn get(
        &mut self,
        ws: &Workspace,
        generation: u64,
        ctx: &egui::Context,
    ) -> Option<(&Matrix, &[OutletSummary])> {
        let key = (generation, ws.revision());
        let lens = self.lens.clone();
        if self.key.as_ref() != Some(&(key, lens.clone())) {
            let work = move |p: &crate::model::Project| {
                // Who coded, for the lens menu: worked out with the
                // comparison, off the UI thread on a study.
                let names: std::collections::BTreeSet<&str> =
                    p.all_spans().map(|s| s.annotator.as_str()).collect();
                let names: Vec<String> = names.into_iter().map(str::to_owned).collect();
                let seen;
                let p = match &lens {
                    Some(who) => {
                        seen = p.of_annotator(who);
                        &seen
                    }
                    None => p,
                };
                let m = compare::matrix(p);
                let s = compare::summaries(p, &m);
                (m, s, names)
            };
            if ws.project().span_count() < WITHIN_A_FRAME {
                self.job = None;
                let (m, s, names) = work(ws.project());
                self.install((key, self.lens.clone()), m, s, names);
            } else if self
                .job
                .as_ref()
                .is_none_or(|(j, l)| j.key != key || *l != self.lens)
            {
                self.job = Some((ComparisonJob::start(ws, key, ctx, work), self.lens.clone()));
            }
        }
        self.matrix.as_ref().map(|m| (m, self.summaries.as_slice()))
    }

    /// Take a comparison worked out in the background, whether or not the
    /// view is showing (once per frame). A failed one is reported once and
    /// not started again for the same revision.
    pub fn poll(&mut self) -> Option<String> {
        let result = self.job.as_ref().and_then(|(j, _)| j.poll())?;
        let (job, lens) = self.job.take()?;
        match result {
            Ok((m, s, names)) => {
                self.install((job.key, lens), m, s, names);
                None
            }
            Err(e) => {
                // Keyed as done, so the same revision is not retried.
                self.key = Some((job.key, lens));
                self.matrix = None;
                self.failed = Some(e.clone());
                Some(e)
            }
        }
    }

    fn install(
        &mut self,
        key: ((u64, u64), Option<String>),
        m: Matrix,
        s: Vec<OutletSummary>,
        names: Vec<String>,
    ) {
        self.annotators = Some((key.0, names));
        self.matrix = Some(m);
        self.failed = None;
        self.summaries = s;
        self.key = Some(key);
        self.heights.clear();
    }

    /// In place of a view whose comparison is not ready: why it failed,
    /// or that it is being worked out (`what`: "the comparison").
    pub fn not_ready(&self, ui: &mut egui::Ui, what: &str) {
        if let Some(e) = &self.failed {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Could not work out {what}: {e}"),
            );
            return;
        }
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("Working out {what}…"));
        });
    }

    /// Whether a newer comparison is being worked out.
    pub fn updating(&self) -> bool {
        self.job.is_some()
    }

    /// Choose whose coding is compared, when the project has several
    /// annotators: everyone's counts each coder's claim of a fact.
    pub fn lens_menu(&mut self, ui: &mut egui::Ui) {
        // The names come with the comparison (see `get`).
        let Some((_, names)) = &self.annotators else {
            return;
        };
        if names.len() < 2 && self.lens.is_none() {
            return;
        }
        let shown = |n: &str| {
            if n.is_empty() {
                "(unnamed)".to_owned()
            } else {
                n.to_owned()
            }
        };
        let mut lens = self.lens.clone();
        ui.horizontal(|ui| {
            ui.label("Coding of");
            let combo = egui::ComboBox::from_id_salt("compare-lens")
                .selected_text(lens.as_deref().map_or("every coder".to_owned(), shown))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut lens, None, "every coder");
                    for n in names {
                        ui.selectable_value(&mut lens, Some(n.clone()), shown(n));
                    }
                });
            super::name_widget(&combo.response, egui::accesskit::Role::ComboBox, "Coding of");
            if lens.is_none() {
                ui.weak("(each coder's claim of a fact counts; choose one coder, or the curator, for the study's figures)");
            }
        });
        self.lens = lens;
    }
}

/// The narrowest an outlet's column may get and stay readable; below it
/// the view scrolls sideways instead.
const MIN_COLUMN: f32 = 170.0;
/// The fact column: as wide as its names need, up to this.
const MAX_FACT_COLUMN: f32 = 220.0;
const GAP: f32 = 8.0;

/// Widths of the fact column and of each outlet's column: the outlets share
/// what is left of `available` equally, down to [`MIN_COLUMN`].
pub fn column_widths(available: f32, fact_names: f32, outlets: usize) -> (f32, f32) {
    let fact = fact_names.clamp(120.0, MAX_FACT_COLUMN);
    let n = outlets.max(1) as f32;
    let each = ((available - fact - GAP * n) / n).max(MIN_COLUMN);
    (fact, each)
}

/// A first guess at a row's height, before it is seen: the tallest cell's
/// claims at about 22 points a line.
fn estimate(row: &compare::Row, col_w: f32) -> f32 {
    let chars_per_line = (col_w / 7.5).max(10.0);
    row.cells
        .iter()
        .map(|c| match c {
            Cell::Omitted => 36.0,
            Cell::Carried(claims) => claims
                .iter()
                .map(|c| {
                    let lines = (c.wording.chars().count() as f32 / chars_per_line).ceil();
                    lines * 20.0 + 3.0 * 17.0 + 20.0
                })
                .sum(),
        })
        .fold(40.0, f32::max)
}

pub fn show(
    ui: &mut egui::Ui,
    ws: &Workspace,
    generation: u64,
    sel: &Selection,
    cache: &mut Cache,
    actions: &mut Vec<Action>,
) {
    cache.lens_menu(ui);
    if cache.get(ws, generation, ui.ctx()).is_none() {
        cache.not_ready(ui, "the comparison");
        return;
    }
    if cache.updating() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak("Updating…");
        });
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(50));
    }
    let Some(m) = cache.matrix.as_ref() else {
        return;
    };
    if m.rows.is_empty() {
        ui.weak("No facts yet. Select a claim and press N to start one; in other articles, select the claim that states the same fact and press F to add it.");
        return;
    }
    // The fact column is as wide as its longest name would be on one line.
    let font = egui::TextStyle::Body.resolve(ui.style());
    let longest = m
        .rows
        .iter()
        .map(|r| r.name.as_str())
        .max_by_key(|n| n.len())
        .map(|n| {
            ui.fonts_mut(|f| {
                f.layout_no_wrap(n.to_owned(), font.clone(), Color32::WHITE)
                    .size()
                    .x
            })
        })
        .unwrap_or(0.0)
        + 12.0;
    let scrollbar = ui.spacing().scroll.bar_width + 4.0;
    let (fact_w, col_w) = column_widths(ui.available_width() - scrollbar, longest, m.outlets.len());
    if (cache.column - col_w).abs() > 0.5 {
        cache.heights.clear();
        cache.column = col_w;
    }
    let heights: Vec<f32> = m
        .rows
        .iter()
        .map(|r| {
            cache
                .heights
                .get(&r.fact)
                .copied()
                .unwrap_or_else(|| estimate(r, col_w))
        })
        .collect();
    // Two lines of outlet name: outlets are told apart by their ends
    // ("The Coastal Courier", "The Coastal Gazette").
    let header = 44.0;
    let x_of = |col: usize| fact_w + GAP + col as f32 * (col_w + GAP);
    let width = x_of(m.outlets.len());
    let height = header + heights.iter().map(|h| h + GAP).sum::<f32>();
    let mut measured: Vec<(crate::model::Id, f32)> = Vec::new();
    let fill = super::background(ui.visuals().dark_mode);
    let stripe = ui.visuals().faint_bg_color;
    egui::ScrollArea::both()
        .id_salt("compare")
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
            let origin = rect.min;
            // The header row and the fact column stay in view while the
            // table scrolls under them: drawn last, on top.
            let left = viewport.min.x;
            let top = viewport.min.y;
            let visible_cols: Vec<usize> = (0..m.outlets.len())
                .filter(|&c| x_of(c) < viewport.max.x && x_of(c) + col_w > left + fact_w)
                .collect();
            let cell = |ui: &mut egui::Ui, x: f32, y: f32, w: f32, salt: (usize, usize)| {
                let r =
                    egui::Rect::from_min_size(origin + egui::vec2(x, y), egui::vec2(w, 10_000.0));
                ui.new_child(
                    egui::UiBuilder::new()
                        .max_rect(r)
                        .id_salt(salt)
                        .layout(egui::Layout::top_down(egui::Align::Min)),
                )
            };
            let band = |x: f32, y: f32, w: f32, h: f32| {
                egui::Rect::from_min_size(origin + egui::vec2(x, y), egui::vec2(w, h))
            };
            // Rows in view: their outlets' cells.
            let mut shown: Vec<(usize, f32, f32)> = Vec::new();
            let mut y = header;
            for (i, row) in m.rows.iter().enumerate() {
                let h = heights[i];
                if y > viewport.max.y {
                    break;
                }
                if y + h + GAP < top + header {
                    y += h + GAP;
                    continue;
                }
                if i % 2 == 1 {
                    ui.painter()
                        .rect_filled(band(0.0, y - GAP / 2.0, width, h + GAP), 0.0, stripe);
                }
                let mut tallest: f32 = 0.0;
                for &col in &visible_cols {
                    let mut c = cell(ui, x_of(col), y, col_w, (i, col + 1));
                    c.set_width(col_w);
                    match &row.cells[col] {
                        Cell::Omitted => omitted(&mut c),
                        Cell::Carried(claims) => {
                            for claim in claims {
                                claim_cell(&mut c, claim, sel, actions);
                            }
                        }
                    }
                    tallest = tallest.max(c.min_rect().height());
                }
                shown.push((i, y, tallest));
                y += h + GAP;
            }
            // The fact column, over the cells scrolled under it (which
            // must not take clicks meant for it).
            let column = band(left, top, fact_w + GAP / 2.0, viewport.height());
            ui.painter().rect_filled(column, 0.0, fill);
            ui.interact(
                column,
                ui.scope_id().with("fact-column"),
                egui::Sense::click(),
            );
            for &(i, y, tallest) in &shown {
                let row = &m.rows[i];
                if i % 2 == 1 {
                    ui.painter().rect_filled(
                        band(left, y - GAP / 2.0, fact_w + GAP / 2.0, heights[i] + GAP),
                        0.0,
                        stripe,
                    );
                }
                let mut c = cell(ui, left, y, fact_w, (i, 0));
                c.set_width(fact_w);
                fact_cell(&mut c, row, sel, m.outlets.len(), actions);
                let tallest = tallest.max(c.min_rect().height());
                // Cells out of view keep the height seen before.
                let seen = cache
                    .heights
                    .get(&row.fact)
                    .copied()
                    .unwrap_or(0.0)
                    .max(tallest);
                if (seen - heights[i]).abs() > 0.5 {
                    measured.push((row.fact, seen));
                }
            }
            // The header row, over everything.
            let row = band(left, top, viewport.width(), header);
            ui.painter().rect_filled(row, 0.0, fill);
            ui.interact(row, ui.scope_id().with("header-row"), egui::Sense::click());
            ui.painter().hline(
                (origin.x + left)..=(origin.x + left + viewport.width()),
                origin.y + top + header - 2.0,
                ui.visuals().widgets.noninteractive.bg_stroke,
            );
            for &col in &visible_cols {
                let mut c = cell(ui, x_of(col), top, col_w, (usize::MAX, col + 1));
                c.set_width(col_w);
                outlet_header(&mut c, &m.outlets, col, &m.outlets[col], actions);
            }
            ui.painter()
                .rect_filled(band(left, top, fact_w + GAP / 2.0, header), 0.0, fill);
            let mut c = cell(ui, left, top, fact_w, (usize::MAX, 0));
            c.strong("Fact");
        });
    if !measured.is_empty() {
        cache.heights.extend(measured);
        ui.ctx().request_repaint();
    }
}

/// A fact's name (click to select it) and how many outlets carry it.
fn fact_cell(
    ui: &mut egui::Ui,
    row: &compare::Row,
    sel: &Selection,
    outlets: usize,
    actions: &mut Vec<Action>,
) {
    let selected = sel.fact == Some(row.fact);
    if ui
        .add(egui::Button::selectable(selected, RichText::new(&row.name).strong()).wrap())
        .clicked()
    {
        actions.push(Action::SelectFact(if selected {
            None
        } else {
            Some(row.fact)
        }));
    }
    ui.label(
        RichText::new(format!("{}/{} outlets", row.outlets_carrying(), outlets))
            .size(DETAIL)
            .color(ui.visuals().weak_text_color()),
    );
}

/// The size of every detail line in a cell (credit, cue, place, match).
const DETAIL: f32 = 12.5;

/// An outlet's name, cut to its column, with buttons moving it left and right.
fn outlet_header(
    ui: &mut egui::Ui,
    outlets: &[String],
    i: usize,
    outlet: &str,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        let moved = |from: usize, to: usize| {
            let mut order = outlets.to_vec();
            order.swap(from, to);
            Action::Edit(Edit::SetOutletOrder(order))
        };
        if ui
            .add_enabled(i > 0, egui::Button::new("◀").small())
            .on_hover_text("Move this outlet left")
            .clicked()
        {
            actions.push(moved(i, i - 1));
        }
        let right_button = 24.0;
        let w = (ui.available_width() - right_button).max(20.0);
        let mut job = egui::text::LayoutJob::single_section(
            outlet.to_owned(),
            egui::TextFormat {
                font_id: egui::TextStyle::Body.resolve(ui.style()),
                color: ui.visuals().strong_text_color(),
                ..Default::default()
            },
        );
        job.wrap = egui::text::TextWrapping {
            max_width: w,
            max_rows: 2,
            break_anywhere: false,
            overflow_character: Some('…'),
        };
        ui.allocate_ui(egui::vec2(w, 36.0), |ui| {
            ui.add(egui::Label::new(job).wrap())
        })
        .inner
        .on_hover_text(outlet);
        if ui
            .add_enabled(i + 1 < outlets.len(), egui::Button::new("▶").small())
            .on_hover_text("Move this outlet right")
            .clicked()
        {
            actions.push(moved(i, i + 1));
        }
    });
}

/// An omission looks unlike any reported cell: hatched in red, as in the
/// HTML report.
fn omitted(ui: &mut egui::Ui) {
    let (fill, line) = if ui.visuals().dark_mode {
        (
            Color32::from_rgb(60, 28, 28),
            Color32::from_rgba_unmultiplied(200, 90, 90, 90),
        )
    } else {
        (
            Color32::from_rgb(252, 238, 238),
            Color32::from_rgba_unmultiplied(200, 60, 60, 70),
        )
    };
    let r = egui::Frame::new()
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
        })
        .response;
    // Diagonal hatching, clipped to the cell.
    let rect = r.rect;
    let painter = ui.painter().with_clip_rect(rect.intersect(ui.clip_rect()));
    let step = 8.0;
    let mut x = rect.left() - rect.height();
    while x < rect.right() {
        painter.line_segment(
            [
                egui::pos2(x, rect.bottom()),
                egui::pos2(x + rect.height(), rect.top()),
            ],
            egui::Stroke::new(1.0, line),
        );
        x += step;
    }
}

fn claim_cell(ui: &mut egui::Ui, c: &Claim, sel: &Selection, actions: &mut Vec<Action>) {
    let selected = sel.span == Some(c.span);
    let stroke = if selected {
        ui.visuals().selection.stroke
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    let card = egui::Frame::new()
        .stroke(stroke)
        .corner_radius(4.0)
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            // The wording wrapped, right-to-left wording row by row in
            // visual order.
            let mut format = egui::TextFormat::simple(
                egui::TextStyle::Body.resolve(ui.style()),
                ui.visuals().text_color(),
            );
            format.italics = true;
            super::document::show_label(ui, &format!("“{}”", c.wording), format);
            if c.credits.is_empty() {
                ui.label(
                    RichText::new("outlet's own voice")
                        .size(DETAIL)
                        .color(ui.visuals().weak_text_color()),
                );
            }
            for cr in &c.credits {
                let who = if cr.source_text.is_empty() {
                    "unnamed source".to_owned()
                } else {
                    crate::bidi::display_line(&cr.source_text).into_owned()
                };
                let mut line = format!("— {who}");
                if !cr.source_type.is_empty() {
                    line.push_str(&format!(" ({})", cr.source_type));
                }
                ui.label(RichText::new(line).size(DETAIL));
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
                            .size(DETAIL)
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
            ui.label(
                RichText::new(place)
                    .size(DETAIL)
                    .color(ui.visuals().weak_text_color()),
            );
            match c.relation {
                Relation::Equivalent => {}
                Relation::Contradicts => {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        RichText::new("contradicts the fact").size(DETAIL).strong(),
                    );
                }
                r => {
                    ui.label(RichText::new(r.label()).size(DETAIL));
                }
            }
        });
    // The whole card opens the claim, not only its wording.
    let r = card
        .response
        .interact(egui::Sense::click())
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_text("Open in its article");
    crate::ui::name_widget(
        &r,
        egui::accesskit::Role::Button,
        &format!("“{}”", c.wording),
    );
    if r.clicked() {
        actions.push(Action::RevealSpan(c.span));
        actions.push(Action::ShowView(View::Read));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_share_the_width_and_scroll_below_a_readable_minimum() {
        // Four outlets at 1280 px (less the side panel): all fit.
        let (fact, col) = column_widths(1000.0, 180.0, 4);
        assert_eq!(fact, 180.0);
        assert!(fact + 4.0 * (col + GAP) <= 1000.0 + 0.01);
        assert!(col > MIN_COLUMN);
        // A long fact name does not take more than its share.
        assert_eq!(column_widths(1000.0, 900.0, 4).0, MAX_FACT_COLUMN);
        // Forty outlets cannot fit: each keeps the readable minimum.
        assert_eq!(column_widths(1000.0, 180.0, 40).1, MIN_COLUMN);
    }
}

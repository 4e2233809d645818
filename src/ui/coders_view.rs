//! The Coders view: one article as each of its coders coded it, lane by
//! lane, with the places where they differ listed; each is settled into
//! the curated version (accept one coder, keep all, drop) by commands, so
//! keys, buttons and the palette take one path and every decision undoes.
//! The rules are in [`crate::adjudication`].

use egui::text::LayoutJob;
use egui::{Color32, RichText, TextFormat};

use super::action::Action;
use super::command::Command;
use super::document::{coder_color, tag_color};
use crate::adjudication::{self, Item, Kind, CURATOR};
use crate::model::{Article, Id, Project};
use crate::workspace::Workspace;

/// Which item is chosen, by place (it survives edits that settle it), and
/// the articles whose agreed items were already taken in this session.
#[derive(Default)]
pub struct State {
    pub chosen: Option<(Id, usize, usize, bool)>,
    premerged: std::collections::HashSet<Id>,
}

/// The items that need a person, in text order.
pub fn open_items(p: &Project, article: Id) -> Vec<Item> {
    adjudication::items(p, article)
        .into_iter()
        .filter(|i| i.kind != Kind::Agreed)
        .collect()
}

impl State {
    /// The chosen item's index among `items`: the one chosen before, else
    /// the first unresolved, else the first.
    pub fn current(&self, items: &[Item]) -> Option<usize> {
        self.chosen
            .and_then(|k| items.iter().position(|i| i.key() == k))
            .or_else(|| items.iter().position(|i| !i.resolved))
            .or((!items.is_empty()).then_some(0))
    }

    /// Move `by` items (wrapping), preferring unresolved ones when `open`.
    pub fn step(&mut self, items: &[Item], by: isize, open: bool) {
        let Some(at) = self.current(items) else {
            return;
        };
        let n = items.len() as isize;
        for k in 1..=n {
            let i = (at as isize + by * k).rem_euclid(n) as usize;
            if !open || !items[i].resolved {
                self.chosen = Some(items[i].key());
                return;
            }
        }
    }

    /// Whether the agreed items of this article are still to be taken in
    /// (once per article and session: an undone pre-merge stays undone).
    pub fn wants_premerge(&mut self, article: Id) -> bool {
        self.premerged.insert(article)
    }
}

pub fn show(
    ui: &mut egui::Ui,
    ws: &Workspace,
    article: Option<Id>,
    state: &mut State,
    actions: &mut Vec<Action>,
) {
    let p = ws.project();
    let Some(article) = article.and_then(|a| p.article(a)) else {
        ui.label("Open an article (in the list on the left) to see how its coders coded it.");
        return;
    };
    let coders = adjudication::coders_of(p, article.id);
    ui.horizontal_wrapped(|ui| {
        ui.heading(article.label());
    });
    if coders.len() < 2 {
        ui.label(match coders.first() {
            Some(c) => format!("Only {} coded this article: nothing to compare.", shown(c)),
            None => "Nobody has coded this article yet.".to_owned(),
        });
        ui.weak("The Coders view compares the spans of two or more annotators in one project: coders who work in clones of it and merge through git end up here together. The Agreement view (Ctrl+5) lists the articles where they differ most.");
        return;
    }
    if state.wants_premerge(article.id) && adjudication::premerge(p, article.id, "").is_some() {
        actions.push(Action::Run(Command::PreMerge));
    }
    let items = open_items(p, article.id);
    let (done, total) = adjudication::progress(&items);
    ui.horizontal_wrapped(|ui| {
        for c in &coders {
            ui.label(RichText::new(format!("■ {}", shown(c))).color(coder_color(c)));
        }
        ui.label(RichText::new(format!("■ {CURATOR} (curated)")).color(coder_color(CURATOR)));
        ui.separator();
        let text = if total == 0 {
            "The coders agree on everything here.".to_owned()
        } else {
            format!("{done} of {total} resolved")
        };
        ui.strong(text);
        if ui
            .button("Pre-merge agreed")
            .on_hover_text(Command::PreMerge.tooltip())
            .clicked()
        {
            actions.push(Action::Run(Command::PreMerge));
        }
    });
    ui.separator();
    let current = state.current(&items);
    egui::Panel::left("coders-items")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| {
            ui.strong("Where the coders differ");
            egui::ScrollArea::vertical()
                .id_salt("coders-items")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for (i, item) in items.iter().enumerate() {
                        let mark = if item.resolved { "✓" } else { "•" };
                        let label = format!(
                            "{mark} {} — “{}”",
                            item.summary(),
                            excerpt(article, &item.range, 40)
                        );
                        let r = ui.selectable_label(current == Some(i), label);
                        if current == Some(i) && state.chosen != Some(item.key()) {
                            r.scroll_to_me(None);
                        }
                        if r.clicked() {
                            state.chosen = Some(item.key());
                        }
                    }
                });
        });
    let Some(i) = current else { return };
    let item = &items[i];
    egui::ScrollArea::vertical()
        .id_salt(("coders-lanes", article.id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.strong(format!("{} of {}: {}", i + 1, items.len(), item.summary()));
                if item.resolved {
                    ui.label(
                        RichText::new("✓ resolved").color(Color32::from_rgb(0x3a, 0x9a, 0x5b)),
                    );
                }
            });
            ui.add_space(4.0);
            let context = context(article, &item.range);
            for v in &item.versions {
                lane(ui, p, article, &v.coder, &context, item);
            }
            lane(ui, p, article, CURATOR, &context, item);
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                for (n, v) in item.versions.iter().enumerate() {
                    let key = Command::Accept(n as u8).shortcut_text(ui.ctx());
                    let label = if key.is_empty() {
                        format!("Accept {}", shown(&v.coder))
                    } else {
                        format!("Accept {} ({key})", shown(&v.coder))
                    };
                    if ui.button(label).clicked() {
                        actions.push(Action::Run(Command::Accept(n as u8)));
                    }
                }
                for c in [Command::KeepAll, Command::DropItem] {
                    let label = format!("{} ({})", c.label(), c.shortcut_text(ui.ctx()));
                    if ui.button(label).on_hover_text(c.tooltip()).clicked() {
                        actions.push(Action::Run(c));
                    }
                }
                ui.separator();
                for c in [Command::PrevItem, Command::NextItem] {
                    let label = format!("{} ({})", c.label(), c.shortcut_text(ui.ctx()));
                    if ui.button(label).clicked() {
                        actions.push(Action::Run(c));
                    }
                }
            });
        });
}

/// An empty annotator name, as shown.
fn shown(name: &str) -> &str {
    if name.is_empty() {
        "(unnamed)"
    } else {
        name
    }
}

/// The words of `range`, cut to about `max` characters.
fn excerpt(article: &Article, range: &std::ops::Range<usize>, max: usize) -> String {
    let text = article.text();
    let Some(b) = article.byte_range(range.clone()) else {
        return String::new();
    };
    let quote = text[b].replace('\n', " ");
    if quote.chars().count() <= max {
        quote
    } else {
        let cut: String = quote.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The paragraph around a place (within 300 characters each side), in
/// code points.
fn context(article: &Article, range: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let text = article.text();
    let Some(b) = article.byte_range(range.clone()) else {
        return range.clone();
    };
    let before = text[..b.start]
        .chars()
        .rev()
        .take(300)
        .take_while(|c| *c != '\n')
        .count();
    let after = text[b.end..]
        .chars()
        .take(300)
        .take_while(|c| *c != '\n')
        .count();
    range.start - before..range.end + after
}

/// One coder's lane: their name, the context with their spans in their
/// tags' colours (those of the item framed), and what each span says.
fn lane(
    ui: &mut egui::Ui,
    p: &Project,
    article: &Article,
    coder: &str,
    context: &std::ops::Range<usize>,
    item: &Item,
) {
    let spans: Vec<&crate::model::Span> = p
        .spans_overlapping(article.id, context.clone())
        .filter(|s| s.annotator == coder)
        .collect();
    let text = article.text();
    let mut job = LayoutJob::default();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let plain = ui.visuals().text_color();
    // Cut the context where any span starts or ends.
    let mut cuts: Vec<usize> = vec![context.start, context.end];
    for s in &spans {
        cuts.push(s.start.clamp(context.start, context.end));
        cuts.push(s.end.clamp(context.start, context.end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a == b {
            continue;
        }
        // The innermost span covering this piece colours it.
        let cover = spans
            .iter()
            .filter(|s| s.start <= a && s.end >= b)
            .min_by_key(|s| s.len());
        let mut format = TextFormat::simple(font.clone(), plain);
        if let Some(s) = cover {
            let c = tag_color(p, &s.tag);
            format.background = Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 70);
            if s.overlaps(&item.range) {
                format.underline = egui::Stroke::new(2.0, c);
            }
        }
        if let Some(bytes) = article.byte_range(a..b) {
            job.append(&text[bytes], 0.0, format);
        }
    }
    job.wrap.max_width = ui.available_width();
    let frame = egui::Frame::group(ui.style()).stroke(egui::Stroke::new(1.0, coder_color(coder)));
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        let title = if coder == CURATOR {
            format!("{CURATOR} (curated)")
        } else {
            shown(coder).to_owned()
        };
        ui.label(RichText::new(title).strong().color(coder_color(coder)));
        ui.label(job);
        for s in spans.iter().filter(|s| s.overlaps(&item.range)) {
            let attrs: Vec<String> = s
                .attributes
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            let mut line = format!(
                "{} “{}” {}–{}",
                s.tag,
                excerpt(article, &s.range(), 60),
                s.start,
                s.end
            );
            if !attrs.is_empty() {
                line.push_str(&format!(" · {}", attrs.join(", ")));
            }
            for l in p.links_of(s.id).filter(|l| l.claim == s.id) {
                let part = |id: Option<Id>| {
                    id.and_then(|id| p.span(id)).map_or_else(
                        || "—".to_owned(),
                        |x| format!("“{}”", excerpt(article, &x.range(), 30)),
                    )
                };
                line.push_str(&format!(
                    " · linked: source {} via {}",
                    part(l.source),
                    part(l.cue)
                ));
            }
            ui.label(RichText::new(line).small());
        }
        if spans.iter().all(|s| !s.overlaps(&item.range)) {
            ui.weak("(nothing here)");
        }
    });
}

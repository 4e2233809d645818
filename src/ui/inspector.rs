//! The inspector: the selected span's text, tag, note and attributes for
//! editing, and the article header with its editable metadata. Text fields
//! keep a draft and send one edit when the field is left, so one change is
//! one undo step.

use egui::RichText;

use super::app::{Action, Selection};
use super::document::tag_color;
use crate::edit::Edit;
use crate::model::{parse_date, Article, ArticleMeta, Id, Project, Span};
use crate::workspace::Workspace;

/// Drafts of text fields being edited.
#[derive(Default)]
pub struct State {
    note: Option<(Id, String)>,
    meta: Option<(Id, MetaDraft)>,
    new_attr: (String, String),
}

#[derive(Clone, PartialEq)]
struct MetaDraft {
    outlet: String,
    title: String,
    date: String,
    url: String,
    author: String,
}

impl MetaDraft {
    fn of(m: &ArticleMeta) -> Self {
        Self {
            outlet: m.outlet.clone(),
            title: m.title.clone(),
            date: m.date.map(|d| d.to_string()).unwrap_or_default(),
            url: m.url.clone(),
            author: m.author.clone(),
        }
    }
}

/// Spans tied to `span` by an attribution link, to emphasise with it.
pub fn related_spans(project: &Project, span: Option<Id>) -> Vec<Id> {
    let Some(span) = span else { return Vec::new() };
    project
        .links_of(span)
        .flat_map(|l| l.spans())
        .filter(|s| *s != span)
        .collect()
}

/// Whether a claim is attributed (has a link) or in the outlet's own voice.
pub fn voice(project: &Project, span: &Span) -> &'static str {
    if project.links().any(|l| l.claim == span.id) {
        "attributed"
    } else {
        "outlet's own"
    }
}

pub fn article_header(
    ui: &mut egui::Ui,
    project: &Project,
    article: &Article,
    state: &mut State,
    actions: &mut Vec<Action>,
) {
    ui.add_space(4.0);
    ui.heading(RichText::new(article.label()).strong());
    let mut meta_line = vec![article.meta.outlet.clone()];
    if let Some(d) = article.meta.date {
        meta_line.push(d.to_string());
    }
    if !article.meta.author.is_empty() {
        meta_line.push(format!("by {}", article.meta.author));
    }
    ui.weak(meta_line.join(" · "));
    let _ = project;
    egui::CollapsingHeader::new("Details")
        .id_salt("article-details")
        .default_open(false)
        .show(ui, |ui| {
            if state.meta.as_ref().is_none_or(|(id, _)| *id != article.id) {
                state.meta = Some((article.id, MetaDraft::of(&article.meta)));
            }
            let Some((_, draft)) = state.meta.as_mut() else {
                return;
            };
            let mut commit = false;
            egui::Grid::new("meta-grid")
                .num_columns(2)
                .spacing([8.0, 4.0])
                .show(ui, |ui| {
                    for (label, value, hint) in [
                        ("Outlet", &mut draft.outlet, "unknown"),
                        ("Title", &mut draft.title, ""),
                        ("Date", &mut draft.date, "YYYY-MM-DD"),
                        ("URL", &mut draft.url, "https://…"),
                        ("Author", &mut draft.author, ""),
                    ] {
                        ui.label(label);
                        let r = ui.add(
                            egui::TextEdit::singleline(value)
                                .hint_text(hint)
                                .desired_width(f32::INFINITY),
                        );
                        commit |= r.lost_focus();
                        ui.end_row();
                    }
                });
            let date_ok = draft.date.trim().is_empty() || parse_date(&draft.date).is_some();
            if !date_ok {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    "Date not understood; try YYYY-MM-DD.",
                );
            }
            ui.weak(format!(
                "{} · {} · {} code points",
                article.path,
                article.encoding,
                article.len_chars()
            ));
            if commit && date_ok {
                let meta = ArticleMeta {
                    outlet: draft.outlet.trim().to_owned(),
                    title: draft.title.trim().to_owned(),
                    date: parse_date(&draft.date),
                    url: draft.url.trim().to_owned(),
                    author: draft.author.trim().to_owned(),
                };
                if meta != article.meta {
                    actions.push(Action::Edit(Edit::SetArticleMeta {
                        article: article.id,
                        meta,
                    }));
                }
            }
        });
}

pub fn show(
    ui: &mut egui::Ui,
    ws: &Workspace,
    sel: &Selection,
    state: &mut State,
    actions: &mut Vec<Action>,
) {
    let p = &ws.project();
    ui.add_space(4.0);
    ui.heading("Inspector");
    let Some(span) = sel.span.and_then(|s| p.span(s)) else {
        ui.weak("Click a highlight to see and edit its span here.");
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("inspector")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            span_details(ui, p, span, state, actions);
            ui.separator();
            links_section(ui, p, span, sel, actions);
            if span.tag == crate::model::CLAIM {
                ui.separator();
                facts_section(ui, p, span, actions);
            }
        });
}

fn snippet(s: &Span) -> String {
    format!("“{}”", crate::text::head_chars(&s.quote, 60))
}

/// Attributions: for a claim, who it is credited to and via which cue;
/// for a source or cue, the claims it is tied to; and the link gesture.
fn links_section(
    ui: &mut egui::Ui,
    p: &Project,
    span: &Span,
    sel: &Selection,
    actions: &mut Vec<Action>,
) {
    ui.label("Attribution");
    let links: Vec<&crate::model::Link> = p.links_of(span.id).collect();
    for l in &links {
        ui.horizontal_wrapped(|ui| {
            if l.claim == span.id {
                let who = l
                    .source
                    .and_then(|s| p.span(s))
                    .map(|s| s.quote.clone())
                    .unwrap_or_else(|| "no named source".into());
                let mut text = format!("attributed to: {who}");
                if let Some(cue) = l.cue.and_then(|c| p.span(c)) {
                    text.push_str(&format!(" — via “{}”", cue.quote));
                    if let Some(stance) = cue.attributes.get("cue_stance") {
                        text.push_str(&format!(" ({stance})"));
                    }
                }
                ui.label(text);
            } else if let Some(claim) = p.span(l.claim) {
                let role = if l.source == Some(span.id) {
                    "source of"
                } else {
                    "cue of"
                };
                if ui.link(format!("{role} {}", snippet(claim))).clicked() {
                    actions.push(Action::SelectSpan(Some(claim.id)));
                }
            }
            if ui
                .small_button("✕")
                .on_hover_text("Remove this link")
                .clicked()
            {
                actions.push(Action::Edit(Edit::RemoveLink(l.id)));
            }
        });
    }
    if span.tag == crate::model::CLAIM {
        ui.weak(format!("voice: {}", voice(p, span)));
    }
    if sel.extra.is_empty() {
        ui.weak("To link: select the claim, Ctrl+click its source and cue, press L.");
    } else {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("With {} more selected:", sel.extra.len()));
            for id in &sel.extra {
                if let Some(s) = p.span(*id) {
                    ui.label(
                        egui::RichText::new(format!("{} {}", s.tag, snippet(s)))
                            .color(tag_color(p, &s.tag)),
                    );
                }
            }
            if ui.button("Link (L)").clicked() {
                actions.push(Action::Run(super::command::Command::Link));
            }
        });
    }
}

/// The facts a claim belongs to, how it matches each, and ways to add it.
fn facts_section(ui: &mut egui::Ui, p: &Project, span: &Span, actions: &mut Vec<Action>) {
    ui.label("Facts");
    for f in p.facts_of(span.id) {
        let Some(m) = f.member(span.id) else { continue };
        ui.horizontal_wrapped(|ui| {
            if ui
                .link(crate::text::head_chars(&f.name, 50))
                .on_hover_text(&f.name)
                .clicked()
            {
                actions.push(Action::SelectFact(Some(f.id)));
            }
            super::facts::member_controls(ui, f.id, m, "Take the claim out of this fact", actions);
        });
    }
    ui.horizontal(|ui| {
        if ui.button("Add to fact… (F)").clicked() {
            actions.push(Action::Run(super::command::Command::AddToFact));
        }
        if ui.button("New fact (N)").clicked() {
            actions.push(Action::Run(super::command::Command::NewFact));
        }
    });
}

fn span_details(
    ui: &mut egui::Ui,
    p: &Project,
    span: &Span,
    state: &mut State,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        ui.label("Tag");
        let mut tag = span.tag.clone();
        let combo = egui::ComboBox::from_id_salt("inspector-tag")
            .selected_text(RichText::new(&tag).color(tag_color(p, &tag)))
            .show_ui(ui, |ui| {
                for t in &p.schema.tags {
                    ui.selectable_value(&mut tag, t.name.clone(), &t.name);
                }
            });
        super::name_widget(&combo.response, egui::accesskit::Role::ComboBox, "Tag");
        if tag != span.tag {
            actions.push(Action::Edit(Edit::RetagSpan { span: span.id, tag }));
        }
        if ui
            .button("Delete")
            .on_hover_text("Delete this span (Delete)")
            .clicked()
        {
            actions.push(Action::Edit(Edit::RemoveSpan(span.id)));
        }
    });
    ui.label(RichText::new(format!("“{}”", crate::text::head_chars(&span.quote, 600))).italics());
    ui.weak(format!(
        "code points {}–{} · {} chars",
        span.start,
        span.end,
        span.len()
    ));

    // Other spans stacked here.
    let stack: Vec<&Span> = p
        .spans_overlapping(span.article, span.start..span.end)
        .filter(|s| s.id != span.id)
        .collect();
    if !stack.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.weak("Overlaps:");
            for s in stack.iter().take(12) {
                let label = format!("{}: {}", s.tag, crate::text::head_chars(&s.quote, 24));
                if ui
                    .small_button(RichText::new(label).color(tag_color(p, &s.tag)))
                    .clicked()
                {
                    actions.push(Action::SelectSpan(Some(s.id)));
                }
            }
        });
    }

    ui.separator();
    ui.label("Note");
    if state.note.as_ref().is_none_or(|(id, _)| *id != span.id) {
        state.note = Some((span.id, span.note.clone()));
    }
    if let Some((_, draft)) = state.note.as_mut() {
        let r = ui.add(
            egui::TextEdit::multiline(draft)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text("Add a note"),
        );
        if r.lost_focus() && *draft != span.note {
            actions.push(Action::Edit(Edit::SetNote {
                span: span.id,
                note: draft.clone(),
            }));
        }
    }

    ui.separator();
    ui.label("Attributes");
    let defs = p
        .schema
        .tag(&span.tag)
        .map(|t| t.attributes.clone())
        .unwrap_or_default();
    egui::Grid::new("attr-grid")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for def in &defs {
                ui.label(&def.name);
                if def.derived {
                    let value = if def.name == "voice" {
                        voice(p, span).to_owned()
                    } else {
                        span.attributes.get(&def.name).cloned().unwrap_or_default()
                    };
                    ui.weak(value).on_hover_text("Worked out by Parallax");
                } else if def.values.is_empty() {
                    let mut v = span.attributes.get(&def.name).cloned().unwrap_or_default();
                    if ui.text_edit_singleline(&mut v).lost_focus() {
                        let value = (!v.is_empty()).then_some(v);
                        if value.as_ref() != span.attributes.get(&def.name) {
                            actions.push(Action::Edit(Edit::SetAttribute {
                                span: span.id,
                                key: def.name.clone(),
                                value,
                            }));
                        }
                    }
                } else {
                    let current = span.attributes.get(&def.name).cloned();
                    let mut chosen = current.clone();
                    let combo = egui::ComboBox::from_id_salt(("attr", &def.name))
                        .selected_text(current.clone().unwrap_or_else(|| "—".into()))
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut chosen, None, "—");
                            for v in &def.values {
                                ui.selectable_value(&mut chosen, Some(v.clone()), v);
                            }
                        });
                    super::name_widget(&combo.response, egui::accesskit::Role::ComboBox, &def.name);
                    if chosen != current {
                        actions.push(Action::Edit(Edit::SetAttribute {
                            span: span.id,
                            key: def.name.clone(),
                            value: chosen,
                        }));
                    }
                }
                ui.end_row();
            }
            // Attributes outside the schema (e.g. imported ones).
            for (k, v) in &span.attributes {
                if defs.iter().any(|d| &d.name == k) {
                    continue;
                }
                ui.label(k);
                ui.horizontal(|ui| {
                    ui.label(v);
                    if ui
                        .small_button("✕")
                        .on_hover_text("Remove this attribute")
                        .clicked()
                    {
                        actions.push(Action::Edit(Edit::SetAttribute {
                            span: span.id,
                            key: k.clone(),
                            value: None,
                        }));
                    }
                });
                ui.end_row();
            }
        });
    ui.horizontal(|ui| {
        let (k, v) = &mut state.new_attr;
        ui.add(
            egui::TextEdit::singleline(k)
                .hint_text("name")
                .desired_width(80.0),
        );
        ui.add(
            egui::TextEdit::singleline(v)
                .hint_text("value")
                .desired_width(100.0),
        );
        if ui.button("Add").clicked() && !k.trim().is_empty() {
            actions.push(Action::Edit(Edit::SetAttribute {
                span: span.id,
                key: k.trim().to_owned(),
                value: Some(v.clone()),
            }));
            k.clear();
            v.clear();
        }
    });

    ui.separator();
    ui.weak(format!(
        "by {} · created {} · changed {}",
        if span.annotator.is_empty() {
            "—"
        } else {
            &span.annotator
        },
        span.created.format("%Y-%m-%d %H:%M"),
        span.modified.format("%Y-%m-%d %H:%M")
    ));
}

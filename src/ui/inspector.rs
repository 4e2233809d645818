//! The inspector: the selected span's tag, attributes, note, attribution
//! and facts for editing, and the article header with its editable
//! metadata. Text fields follow the project (see [`super::text_field`]) and
//! send one edit when left, so one change is one undo step.

use egui::RichText;

use super::action::Action;
use super::document::tag_color;
use super::selection::Selection;
use super::text_field::{self, Look};
use crate::edit::Edit;
use crate::model::{parse_date, Article, ArticleMeta, Direction, Id, Project, Span};
use crate::workspace::Workspace;

/// What the inspector keeps between frames.
#[derive(Default)]
pub struct State {
    /// The name and value being typed for a new attribute, and the span
    /// they are for (another span starts empty).
    new_attr: (String, String),
    new_attr_for: Option<Id>,
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

/// The article's title and metadata line, one line each whatever their
/// length (so nothing below moves while the title is edited), and its
/// details to edit.
pub fn article_header(ui: &mut egui::Ui, article: &Article, actions: &mut Vec<Action>) {
    ui.add_space(4.0);
    let font = egui::TextStyle::Heading.resolve(ui.style());
    let title = super::document::fit_line(ui, article.label(), &font, ui.available_width());
    ui.add(egui::Label::new(RichText::new(title).heading().strong()).truncate())
        .on_hover_text(article.label());
    let mut meta_line = vec![article.meta.outlet.clone()];
    if let Some(d) = article.meta.date {
        meta_line.push(d.to_string());
    }
    if !article.meta.author.is_empty() {
        meta_line.push(format!("by {}", article.meta.author));
    }
    ui.add(egui::Label::new(RichText::new(meta_line.join(" · ")).weak()).truncate());
    egui::CollapsingHeader::new("Details")
        .id_salt("article-details")
        .default_open(false)
        .show(ui, |ui| details(ui, article, actions));
}

fn details(ui: &mut egui::Ui, article: &Article, actions: &mut Vec<Action>) {
    let m = &article.meta;
    let date = m.date.map(|d| d.to_string()).unwrap_or_default();
    let mut new_meta: Option<ArticleMeta> = None;
    let mut bad_date = None;
    // The warning belongs to this article: another article's details
    // do not show it.
    let bad_date_key = egui::Id::unique("bad-date").with(article.id);
    egui::Grid::new("meta-grid")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let fields: [(&str, &str, &str); 5] = [
                ("Outlet", &m.outlet, "unknown"),
                ("Title", &m.title, ""),
                ("Date", &date, "YYYY-MM-DD"),
                ("URL", &m.url, "https://…"),
                ("Author", &m.author, ""),
            ];
            for (label, value, hint) in fields {
                ui.label(label);
                let id = ui.scope_id().with(("meta", article.id, label));
                let (_, typed) = text_field::bound(ui, id, value, Look::line(label, hint));
                if let Some(typed) = typed {
                    let typed = typed.trim().to_owned();
                    let mut meta = m.clone();
                    match label {
                        "Outlet" => meta.outlet = typed,
                        "Title" => meta.title = typed,
                        "Date" if typed.is_empty() => meta.date = None,
                        "Date" => match parse_date(&typed) {
                            Some(d) => meta.date = Some(d),
                            None => bad_date = Some(typed),
                        },
                        "URL" => meta.url = typed,
                        _ => meta.author = typed,
                    }
                    if meta != *m && bad_date.is_none() {
                        new_meta = Some(meta);
                    }
                }
                ui.end_row();
            }
            // Which way the text runs: each paragraph's first strong
            // letter decides, unless the analyst says.
            ui.label("Direction");
            let choices = [
                (None, "by each paragraph"),
                (Some(Direction::LeftToRight), "left to right"),
                (Some(Direction::RightToLeft), "right to left"),
            ];
            let shown = choices
                .iter()
                .find(|c| c.0 == m.direction)
                .map_or("by each paragraph", |c| c.1);
            let combo = egui::ComboBox::from_id_salt(("direction", article.id))
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for (d, label) in choices {
                        if ui.selectable_label(m.direction == d, label).clicked()
                            && m.direction != d
                        {
                            let mut meta = m.clone();
                            meta.direction = d;
                            new_meta = Some(meta);
                        }
                    }
                });
            super::name_widget(
                &combo.response,
                egui::accesskit::Role::ComboBox,
                "Direction",
            );
            ui.end_row();
            // What a news database said besides (section, length, …).
            for (k, v) in &m.extra {
                ui.label(k);
                ui.add(egui::Label::new(RichText::new(v).weak()).truncate());
                ui.end_row();
            }
        });
    if let Some(typed) = bad_date {
        ui.ctx().data_mut(|d| d.insert_temp(bad_date_key, typed));
    }
    if let Some(typed) = ui.ctx().data(|d| d.get_temp::<String>(bad_date_key)) {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("Date “{typed}” not understood; try YYYY-MM-DD. The date was kept."),
        );
    }
    if new_meta.is_some() {
        ui.ctx().data_mut(|d| d.remove::<String>(bad_date_key));
    }
    ui.add(
        egui::Label::new(
            RichText::new(format!(
                "{} · {} · {} code points",
                article.path,
                article.encoding,
                article.len_chars()
            ))
            .weak(),
        )
        .truncate(),
    );
    if let Some(meta) = new_meta {
        actions.push(Action::Edit(Edit::SetArticleMeta {
            article: article.id,
            meta,
        }));
    }
}

pub fn show(
    ui: &mut egui::Ui,
    ws: &Workspace,
    sel: &Selection,
    coder: &str,
    state: &mut State,
    actions: &mut Vec<Action>,
) {
    let p = ws.project();
    ui.add_space(4.0);
    ui.heading("Inspector");
    let Some(span) = sel.span.and_then(|s| p.span(s)) else {
        ui.weak("Click a highlight to see and edit its span here.");
        return;
    };
    // One scroll position per span: a new span starts at its top.
    egui::ScrollArea::vertical()
        .id_salt(("inspector", span.id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            span_details(ui, p, span, coder, state, actions);
            ui.separator();
            links_section(ui, p, span, sel, actions);
            if span.tag == crate::model::CLAIM {
                ui.separator();
                facts_section(ui, p, span, actions);
            }
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
        });
}

fn snippet(s: &Span) -> String {
    let quote = crate::text::head_chars(&s.quote, 60);
    format!("“{}”", crate::bidi::display_line(quote))
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
    ui.strong("Attribution");
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
    ui.strong("Facts");
    for f in p.facts_of(span.id) {
        let Some(m) = f.member(span.id) else { continue };
        ui.horizontal(|ui| {
            super::facts::member_controls(ui, f.id, m, "Take the claim out of this fact", actions);
            if super::link_truncated(ui, f.name.as_str())
                .on_hover_text(&f.name)
                .clicked()
            {
                actions.push(Action::SelectFact(Some(f.id)));
            }
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
    coder: &str,
    state: &mut State,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        ui.label("Tag");
        let mut tag = span.tag.clone();
        let combo = egui::ComboBox::from_id_salt("inspector-tag")
            .selected_text(RichText::new(&tag).color(tag_color(p, &tag)))
            .height(f32::INFINITY)
            .show_ui(ui, |ui| {
                for t in &p.schema.tags {
                    let r = ui.selectable_value(&mut tag, t.name.clone(), &t.name);
                    if !t.guide.is_empty() {
                        r.on_hover_text(t.guide.text());
                    }
                }
            });
        super::name_widget(&combo.response, egui::accesskit::Role::ComboBox, "Tag");
        // What the tag means, from the codebook.
        if let Some(g) = p
            .schema
            .tag(&span.tag)
            .map(|t| &t.guide)
            .filter(|g| !g.is_empty())
        {
            combo.response.on_hover_text(g.text());
        }
        if tag != span.tag {
            if let Ok(edit) = crate::coding::retag(p, span.id, &tag) {
                actions.push(Action::Edit(edit));
            }
        }
        if ui
            .button("Delete")
            .on_hover_text("Delete this span (Delete)")
            .clicked()
        {
            if let Ok(edit) = crate::coding::delete(p, span.id) {
                actions.push(Action::Edit(edit));
            }
        }
    });
    // A long quote is cut to a few lines, so the attributes stay in view.
    let quote = crate::text::head_chars(&span.quote, 160);
    let cut = if quote.len() < span.quote.len() {
        "…"
    } else {
        ""
    };
    let mut format = egui::TextFormat::simple(
        egui::TextStyle::Body.resolve(ui.style()),
        ui.visuals().text_color(),
    );
    format.italics = true;
    super::document::show_label(ui, &format!("“{quote}{cut}”"), format).on_hover_text(&span.quote);
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
                let quote = crate::text::head_chars(&s.quote, 24);
                let label = format!("{}: {}", s.tag, crate::bidi::display_line(quote));
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
    attributes(ui, p, span, coder, state, actions);

    ui.separator();
    ui.strong("Note");
    let id = ui.scope_id().with(("note", span.id));
    let (_, typed) = text_field::bound(ui, id, &span.note, Look::lines("Note", "Add a note"));
    if let Some(note) = typed {
        actions.push(Action::Edit(Edit::SetNote {
            span: span.id,
            note,
        }));
    }
}

/// One attribute: its name in a column `label_w` wide, then its value.
/// A row: the name (its hover says what the codebook says of it and who
/// set the value), then the value's widget.
fn attr_row(
    ui: &mut egui::Ui,
    label_w: f32,
    name: &str,
    hover: &str,
    value: impl FnOnce(&mut egui::Ui),
) {
    ui.horizontal(|ui| {
        let h = ui.spacing().interact_size.y;
        ui.allocate_ui_with_layout(
            egui::vec2(label_w, h),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_min_width(label_w);
                let r = ui.label(name);
                if !hover.is_empty() {
                    r.on_hover_text(hover);
                }
            },
        );
        value(ui);
    });
}

fn attributes(
    ui: &mut egui::Ui,
    p: &Project,
    span: &Span,
    coder: &str,
    state: &mut State,
    actions: &mut Vec<Action>,
) {
    ui.strong("Attributes");
    let defs = p
        .schema
        .tag(&span.tag)
        .map(|t| t.attributes.clone())
        .unwrap_or_default();
    let set = |key: &str, value: Option<String>| {
        Action::Edit(Edit::SetAttribute {
            span: span.id,
            key: key.to_owned(),
            value,
            annotator: coder.to_owned(),
        })
    };
    // Rows with a label column as wide as the longest name, not a Grid:
    // a grid egui has not seen yet lays the whole window out twice.
    let font = egui::TextStyle::Body.resolve(ui.style());
    let label_w = ui.fonts_mut(|f| {
        defs.iter()
            .map(|d| d.name.as_str())
            .chain(span.attributes.iter().map(|(k, _)| k.as_str()))
            .map(|n| {
                f.layout_no_wrap(n.to_owned(), font.clone(), egui::Color32::WHITE)
                    .size()
                    .x
            })
            .fold(0.0, f32::max)
    }) + 8.0;
    let stamp = |key: &str| {
        span.attribute_stamps
            .get(key)
            .map_or_else(String::new, |s| {
                format!(
                    "Set by {} on {}",
                    if s.annotator.is_empty() {
                        "(no name)"
                    } else {
                        &s.annotator
                    },
                    s.at.format("%Y-%m-%d %H:%M UTC")
                )
            })
    };
    let hover = |guide: &str, key: &str| {
        [guide.to_owned(), stamp(key)]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    for def in &defs {
        attr_row(
            ui,
            label_w,
            &def.name,
            &hover(&def.guide.text(), &def.name),
            |ui| {
                if def.derived {
                    let value = if def.name == "voice" {
                        voice(p, span).to_owned()
                    } else {
                        span.attributes.get(&def.name).cloned().unwrap_or_default()
                    };
                    ui.weak(value).on_hover_text("Worked out by Parallax");
                } else if def.values.is_empty() {
                    // Free text.
                    let id = ui.scope_id().with(("attr", span.id, &def.name));
                    let current = span.attributes.get(&def.name).map_or("", String::as_str);
                    let (_, typed) =
                        text_field::bound(ui, id, current, Look::line(&def.name, "free text"));
                    if let Some(v) = typed {
                        let v = v.trim().to_owned();
                        actions.push(set(&def.name, (!v.is_empty()).then_some(v)));
                    }
                } else {
                    let current = span.attributes.get(&def.name).cloned();
                    let mut chosen = current.clone();
                    let combo = egui::ComboBox::from_id_salt(("attr", &def.name))
                        .selected_text(current.clone().unwrap_or_else(|| "—".into()))
                        .height(f32::INFINITY)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut chosen, None, "—");
                            for v in &def.values {
                                let r = ui.selectable_value(&mut chosen, Some(v.clone()), v);
                                if let Some(g) = def.value_guides.get(v).filter(|g| !g.is_empty()) {
                                    r.on_hover_text(g.text());
                                }
                            }
                        });
                    super::name_widget(&combo.response, egui::accesskit::Role::ComboBox, &def.name);
                    if chosen != current {
                        actions.push(set(&def.name, chosen));
                    }
                }
            },
        );
    }
    // Attributes outside the schema (e.g. imported ones).
    for (k, v) in &span.attributes {
        if defs.iter().any(|d| &d.name == k) {
            continue;
        }
        attr_row(ui, label_w, k, &hover("", k), |ui| {
            // The ✕ first from the right, so the field takes what is left.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .small_button("✕")
                    .on_hover_text("Remove this attribute")
                    .clicked()
                {
                    actions.push(set(k, None));
                }
                let id = ui.scope_id().with(("extra-attribute", span.id, k));
                let (_, typed) = text_field::bound(ui, id, v, Look::line(k, "value"));
                if let Some(typed) = typed {
                    actions.push(set(k, Some(typed)));
                }
            });
        });
    }
    ui.horizontal(|ui| {
        if state.new_attr_for != Some(span.id) {
            state.new_attr_for = Some(span.id);
            state.new_attr = Default::default();
        }
        let (k, v) = &mut state.new_attr;
        let r = ui.add(
            egui::TextEdit::singleline(k)
                .hint_text("name")
                .desired_width(80.0),
        );
        super::name_text_field(&r, "New attribute's name", k, "name");
        let r = ui.add(
            egui::TextEdit::singleline(v)
                .hint_text("value")
                .desired_width(100.0),
        );
        super::name_text_field(&r, "New attribute's value", v, "value");
        if ui.button("Add").clicked() && !k.trim().is_empty() {
            actions.push(set(k.trim(), Some(v.clone())));
            k.clear();
            v.clear();
        }
    });
}

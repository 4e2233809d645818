//! The schema editor: tags (name, colour, hotkey) and the attributes their
//! spans carry (name, allowed values). Works on a draft; Apply turns the
//! draft into one undoable edit (renames first, so spans follow their tag).

use egui::RichText;

use super::action::Action;
use crate::edit::Edit;
use crate::model::{AttributeDef, Color, Guide, Project, Schema, TagDef};

pub struct Editor {
    draft: Vec<DraftTag>,
    error: Option<String>,
}

struct DraftTag {
    /// The tag's name when editing began (`None` for new tags).
    original: Option<String>,
    tag: TagDef,
    /// Allowed values per attribute, as typed (comma-separated).
    values: Vec<String>,
}

/// A codebook entry as drafted: its examples are one text, a line each.
fn drafted(g: &Guide) -> Guide {
    Guide {
        examples: vec![g.examples.join("\n")],
        ..g.clone()
    }
}

/// A drafted entry as kept: one example per non-empty line.
fn finished(g: &Guide) -> Guide {
    Guide {
        definition: g.definition.trim().to_owned(),
        include: g.include.trim().to_owned(),
        exclude: g.exclude.trim().to_owned(),
        examples: g
            .examples
            .iter()
            .flat_map(|e| e.lines())
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
            .collect(),
    }
}

fn split_values(typed: &str) -> Vec<String> {
    typed
        .split(',')
        .map(|x| x.trim().to_owned())
        .filter(|x| !x.is_empty())
        .collect()
}

/// The fields of one codebook entry; `what` names them for screen readers.
fn guide_fields(ui: &mut egui::Ui, g: &mut Guide, what: &str) {
    if g.examples.is_empty() {
        g.examples.push(String::new());
    }
    for (label, field) in [
        ("Definition", &mut g.definition),
        ("Code when", &mut g.include),
        ("Not when", &mut g.exclude),
        ("Examples (one per line)", &mut g.examples[0]),
    ] {
        ui.label(label);
        let r = ui.add(
            egui::TextEdit::multiline(field)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        );
        super::name_text_field(&r, &format!("{label} of {what}"), field, label);
    }
}

impl Editor {
    pub fn new(schema: &Schema) -> Self {
        Self {
            draft: schema
                .tags
                .iter()
                .map(|t| {
                    let mut tag = t.clone();
                    tag.guide = drafted(&t.guide);
                    for a in &mut tag.attributes {
                        a.guide = drafted(&a.guide);
                        for g in a.value_guides.values_mut() {
                            *g = drafted(g);
                        }
                    }
                    DraftTag {
                        original: Some(t.name.clone()),
                        values: t.attributes.iter().map(|a| a.values.join(", ")).collect(),
                        tag,
                    }
                })
                .collect(),
            error: None,
        }
    }

    fn schema(&self) -> Schema {
        Schema {
            tags: self
                .draft
                .iter()
                .map(|d| {
                    let mut t = d.tag.clone();
                    t.name = t.name.trim().to_owned();
                    t.guide = finished(&t.guide);
                    for (a, v) in t.attributes.iter_mut().zip(&d.values) {
                        a.name = a.name.trim().to_owned();
                        a.values = split_values(v);
                        a.guide = finished(&a.guide);
                        let values = &a.values;
                        a.value_guides = std::mem::take(&mut a.value_guides)
                            .into_iter()
                            .filter(|(v, _)| values.contains(v))
                            .map(|(v, g)| (v, finished(&g)))
                            .filter(|(_, g)| !g.is_empty())
                            .collect();
                    }
                    t.attributes.retain(|a| !a.name.is_empty());
                    t
                })
                .collect(),
        }
    }

    /// The edit that turns the project's schema into the draft.
    fn edit(&self, project: &Project) -> Result<Edit, String> {
        let schema = self.schema();
        if let Some(p) = schema.problems().into_iter().next() {
            return Err(p);
        }
        let mut edits = Vec::new();
        // Renames first, through a temporary name so swaps work.
        let renames: Vec<(String, String)> = self
            .draft
            .iter()
            .filter_map(|d| {
                d.original
                    .clone()
                    .map(|o| (o, d.tag.name.trim().to_owned()))
            })
            .filter(|(o, n)| o != n)
            .collect();
        for (i, (from, _)) in renames.iter().enumerate() {
            edits.push(Edit::RenameTag {
                from: from.clone(),
                to: format!("\u{1}renaming {i}"),
            });
        }
        for (i, (_, to)) in renames.iter().enumerate() {
            edits.push(Edit::RenameTag {
                from: format!("\u{1}renaming {i}"),
                to: to.clone(),
            });
        }
        for t in &project.schema.tags {
            let renamed = renames.iter().any(|(from, _)| from == &t.name);
            if !renamed && schema.tag(&t.name).is_none() {
                let used = project.all_spans().filter(|s| s.tag == t.name).count();
                if used > 0 {
                    return Err(format!(
                        "tag {:?} is used by {used} span(s); retag or delete them first",
                        t.name
                    ));
                }
            }
        }
        edits.push(Edit::SetSchema(schema));
        Ok(Edit::Batch(edits))
    }

    /// Show the editor window; returns false once it is closed.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        actions: &mut Vec<Action>,
    ) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new("Tags and attributes")
            .open(&mut open)
            .default_width(560.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().max_height(480.0).show(ui, |ui| {
                    let mut remove = None;
                    for (i, d) in self.draft.iter_mut().enumerate() {
                        ui.push_id(i, |ui| {
                            ui.horizontal(|ui| {
                                let mut rgb = d.tag.color.0;
                                if ui.color_edit_button_srgb(&mut rgb).changed() {
                                    d.tag.color = Color(rgb);
                                }
                                ui.add(egui::TextEdit::singleline(&mut d.tag.name).desired_width(140.0).hint_text("Tag name"));
                                let key = d.tag.hotkey.map(|k| k.to_string()).unwrap_or_else(|| "no key".into());
                                let combo = egui::ComboBox::from_id_salt("hotkey").selected_text(key).width(70.0).show_ui(ui, |ui| {
                                    ui.selectable_value(&mut d.tag.hotkey, None, "no key");
                                    for k in 1..=9u8 {
                                        ui.selectable_value(&mut d.tag.hotkey, Some(k), k.to_string());
                                    }
                                });
                                super::name_widget(&combo.response, egui::accesskit::Role::ComboBox, "Hotkey");
                                let used = d.original.as_ref().map_or(0, |o| project.all_spans().filter(|s| &s.tag == o).count());
                                ui.weak(format!("{used} span(s)"));
                                if ui.add_enabled(used == 0, egui::Button::new("Remove tag")).clicked() {
                                    remove = Some(i);
                                }
                            });
                            ui.collapsing("Codebook: definition, rules, examples", |ui| {
                                let what = format!("tag {}", d.tag.name.trim());
                                guide_fields(ui, &mut d.tag.guide, &what);
                            });
                            ui.indent("attrs", |ui| {
                                let mut remove_attr = None;
                                for (j, (a, values)) in d.tag.attributes.iter_mut().zip(d.values.iter_mut()).enumerate() {
                                    ui.horizontal(|ui| {
                                        ui.push_id(j, |ui| {
                                            ui.add(egui::TextEdit::singleline(&mut a.name).desired_width(110.0).hint_text("attribute"));
                                            ui.add(egui::TextEdit::singleline(values).desired_width(260.0).hint_text("allowed values, comma-separated (empty: free text)"));
                                            ui.checkbox(&mut a.derived, "derived");
                                            if ui.small_button("✕").clicked() {
                                                remove_attr = Some(j);
                                            }
                                        });
                                    });
                                    ui.push_id(("guide", j), |ui| {
                                        let name = a.name.trim().to_owned();
                                        ui.collapsing(format!("Codebook for {}", if name.is_empty() { "this attribute" } else { &name }), |ui| {
                                            guide_fields(ui, &mut a.guide, &format!("attribute {name}"));
                                            for v in split_values(values) {
                                                ui.push_id(&v, |ui| {
                                                    ui.collapsing(format!("Value “{v}”"), |ui| {
                                                        let g = a.value_guides.entry(v.clone()).or_default();
                                                        guide_fields(ui, g, &format!("value {v} of {name}"));
                                                    });
                                                });
                                            }
                                        });
                                    });
                                }
                                if let Some(j) = remove_attr {
                                    d.tag.attributes.remove(j);
                                    d.values.remove(j);
                                }
                                if ui.small_button("Add attribute").clicked() {
                                    d.tag.attributes.push(AttributeDef { name: String::new(), values: Vec::new(), derived: false, guide: Default::default(), value_guides: Default::default() });
                                    d.values.push(String::new());
                                }
                            });
                            ui.separator();
                        });
                    }
                    if let Some(i) = remove {
                        self.draft.remove(i);
                    }
                });
                if ui.button("Add tag").clicked() {
                    let schema = self.schema();
                    let name = (1..).map(|n| format!("Tag {n}")).find(|n| schema.tag(n).is_none()).unwrap_or_default();
                    let tag = schema.new_tag(&name);
                    self.draft.push(DraftTag { original: None, values: Vec::new(), tag });
                }
                if let Some(e) = &self.error {
                    ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
                }
                ui.horizontal(|ui| {
                    if ui.button("Apply").clicked() {
                        match self.edit(project) {
                            Ok(edit) => {
                                actions.push(Action::Edit(edit));
                                close = true;
                            }
                            Err(e) => self.error = Some(e),
                        }
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
        open && !close
    }
}

//! The menu bar, the view bar, the tag bar and the status line, all drawn
//! from the command list: a command shows greyed out when it cannot run.

use super::ParallaxApp;
use crate::model::Project;
use crate::ui::action::Action;
use crate::ui::command::{Command, Menu, View};
use crate::ui::selection::Selection;
use crate::ui::status::Kind;

impl ParallaxApp {
    pub(super) fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let ready = self.ready();
        let all = Command::all();
        egui::MenuBar::new().ui(ui, |ui| {
            for (menu, title) in [
                (Menu::File, "File"),
                (Menu::Edit, "Edit"),
                (Menu::View, "View"),
                (Menu::Help, "Help"),
            ] {
                ui.menu_button(title, |ui| {
                    let mut shown_submenus: Vec<&str> = Vec::new();
                    for cmd in all.iter().copied().filter(|c| c.menu() == menu) {
                        match cmd.submenu() {
                            None => menu_item(ui, cmd, &ready, &mut self.actions),
                            Some(sub) if !shown_submenus.contains(&sub) => {
                                shown_submenus.push(sub);
                                ui.add_enabled_ui(ready.project, |ui| {
                                    ui.menu_button(sub, |ui| {
                                        for c in
                                            all.iter().copied().filter(|c| c.submenu() == Some(sub))
                                        {
                                            menu_item(ui, c, &ready, &mut self.actions);
                                        }
                                    });
                                });
                            }
                            Some(_) => {}
                        }
                        if cmd == Command::Quit || cmd == Command::Redo {
                            ui.separator();
                        }
                    }
                    if menu == Menu::Edit {
                        if let Some(ws) = &self.ws {
                            ui.separator();
                            for t in &ws.project().schema.tags {
                                let key = t.hotkey.map(|k| k.to_string()).unwrap_or_default();
                                let b = egui::Button::new(format!("Tag as {}", t.name))
                                    .shortcut_text(key);
                                let enabled = ready.text_selected || ready.span_selected;
                                if ui.add_enabled(enabled, b).clicked() {
                                    self.actions.push(Action::ApplyTag(t.name.clone()));
                                    ui.close();
                                }
                            }
                        }
                    }
                    if menu == Menu::File && !self.prefs.recent.is_empty() {
                        ui.separator();
                        ui.menu_button("Recent", |ui| {
                            for p in self.prefs.recent.clone() {
                                if ui.button(p.display().to_string()).clicked() {
                                    self.actions.push(Action::Open(p));
                                    ui.close();
                                }
                            }
                        });
                    }
                });
            }
        });
    }

    pub(super) fn status_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if let Some((text, kind)) = self.status.get() {
                let color = match kind {
                    Kind::Error => ui.visuals().error_fg_color,
                    Kind::Done => ui.visuals().text_color(),
                    Kind::Hint => ui.visuals().weak_text_color(),
                };
                ui.add(egui::Label::new(egui::RichText::new(text).color(color)).truncate());
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(ws) = &self.ws {
                    ui.label(format!(
                        "{} articles · {} spans",
                        ws.project().articles().len(),
                        ws.project().span_count()
                    ));
                    if let Some(r) = self.sel.text_range() {
                        ui.label(format!(
                            "selection {}–{} ({} chars)",
                            r.start,
                            r.end,
                            r.len()
                        ));
                    }
                    if ws.is_dirty() {
                        ui.label("unsaved changes");
                    }
                    let conflicts = ws.project().conflicts().len();
                    if conflicts > 0 {
                        let text = egui::RichText::new(format!("⚠ {conflicts} merge conflict(s)"))
                            .color(ui.visuals().warn_fg_color);
                        if ui
                            .add(egui::Button::new(text).small())
                            .on_hover_text("Open the merge conflicts: pick a version for each")
                            .clicked()
                        {
                            self.windows.conflicts = true;
                        }
                    }
                    if self.jobs.save.is_some() {
                        ui.spinner();
                        ui.label("saving…");
                    }
                }
            });
        });
    }

    pub(super) fn view_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            for v in View::ALL {
                let cmd = Command::ShowView(v);
                let r = ui
                    .selectable_label(self.view == v, v.label())
                    .on_hover_text(format!(
                        "{} ({})",
                        cmd.tooltip(),
                        cmd.shortcut_text(ui.ctx())
                    ));
                if r.clicked() {
                    self.actions.push(Action::ShowView(v));
                }
            }
        });
        ui.separator();
    }
}

fn menu_item(
    ui: &mut egui::Ui,
    cmd: Command,
    ready: &crate::ui::command::Ready,
    actions: &mut Vec<Action>,
) {
    let button = egui::Button::new(cmd.label()).shortcut_text(cmd.shortcut_text(ui.ctx()));
    if ui
        .add_enabled(cmd.enabled(ready), button)
        .on_hover_text(cmd.tooltip())
        .clicked()
    {
        actions.push(Action::Run(cmd));
        ui.close();
    }
}

/// The tag buttons above the text, and one line saying what to do next.
/// The line is always there, one line high, so the text below never moves
/// when a selection starts or ends.
pub(super) fn tag_bar(
    ui: &mut egui::Ui,
    project: &Project,
    sel: &Selection,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Tag:");
        for t in &project.schema.tags {
            let [r, g, b] = t.color.0;
            let key = t.hotkey.map(|k| format!("{k} ")).unwrap_or_default();
            let text = egui::RichText::new(format!("{key}{}", t.name)).color(egui::Color32::WHITE);
            let button = egui::Button::new(text).fill(egui::Color32::from_rgb(r, g, b));
            // The codebook's entry first: what the tag means.
            let mut hint = String::new();
            if !t.guide.is_empty() {
                hint = format!("{}\n\n", t.guide.text());
            }
            hint.push_str("Tag the selected text, or retag the selected span");
            if ui.add(button).on_hover_text(hint).clicked() {
                actions.push(Action::ApplyTag(t.name.clone()));
            }
        }
    });
    let hint = if let Some(r) = sel.text_range() {
        format!(
            "{} characters selected: press a tag's number or click a tag.",
            r.len()
        )
    } else if sel.span.is_some() {
        "Span selected: a tag's number retags it, Delete removes it, Ctrl+click adds its source or cue to link (L).".to_owned()
    } else {
        "Drag across text to select whole words (Alt for single characters), then press a tag's number.".to_owned()
    };
    ui.add(egui::Label::new(egui::RichText::new(hint).weak()).truncate());
}

//! The command palette (Ctrl+Shift+P): every command and tag by name.

use super::app::Action;
use super::command::Command;

#[derive(Default)]
pub struct Palette {
    query: String,
    selected: usize,
    focused: bool,
}

enum Item {
    Command(Command),
    Tag(String),
}

impl Palette {
    /// Show the palette; returns false once it is closed.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        tags: &[(String, Option<u8>)],
        actions: &mut Vec<Action>,
    ) -> bool {
        let mut items: Vec<(String, String, Item)> = Command::ALL
            .iter()
            .filter(|c| !matches!(c, Command::CommandPalette))
            .map(|c| (c.label(), c.shortcut_text(ctx), Item::Command(*c)))
            .collect();
        for (name, key) in tags {
            items.push((
                format!("Tag as {name}"),
                key.map(|k| k.to_string()).unwrap_or_default(),
                Item::Tag(name.clone()),
            ));
        }
        let words: Vec<String> = self
            .query
            .to_lowercase()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        let shown: Vec<&(String, String, Item)> = items
            .iter()
            .filter(|(label, _, _)| {
                let l = label.to_lowercase();
                words.iter().all(|w| l.contains(w.as_str()))
            })
            .collect();
        if self.selected >= shown.len() {
            self.selected = shown.len().saturating_sub(1);
        }
        let mut keep = true;
        let mut run = None;
        let (up, down, enter, escape) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
            )
        });
        if up {
            self.selected = self.selected.saturating_sub(1);
        }
        if down && self.selected + 1 < shown.len() {
            self.selected += 1;
        }
        if enter {
            run = Some(self.selected);
        }
        if escape {
            keep = false;
        }
        let modal = egui::Modal::new(egui::Id::unique("command-palette")).show(ctx, |ui| {
            ui.set_width(420.0);
            let r = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text("Type a command")
                    .desired_width(f32::INFINITY),
            );
            if !self.focused {
                r.request_focus();
                self.focused = true;
            }
            if r.changed() {
                self.selected = 0;
            }
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    for (i, (label, key, _)) in shown.iter().enumerate() {
                        let b = egui::Button::selectable(i == self.selected, label.as_str())
                            .shortcut_text(key.as_str());
                        if ui.add_sized([ui.available_width(), 22.0], b).clicked() {
                            run = Some(i);
                        }
                    }
                    if shown.is_empty() {
                        ui.weak("No command matches.");
                    }
                });
        });
        if modal.should_close() {
            keep = false;
        }
        if let Some(item) = run.and_then(|i| shown.get(i)) {
            actions.push(match &item.2 {
                Item::Command(c) => Action::Run(*c),
                Item::Tag(t) => Action::ApplyTag(t.clone()),
            });
            keep = false;
        }
        keep
    }
}

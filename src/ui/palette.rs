//! The command palette (Ctrl+Shift+P): every command and tag by name.

use super::action::Action;
use super::command::{Command, Ready};
use super::search_list::SearchList;

#[derive(Default)]
pub struct Palette {
    list: SearchList,
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
        tags: &[(String, Option<u8>, String)],
        ready: &Ready,
        actions: &mut Vec<Action>,
    ) -> bool {
        // (label, shortcut, item, enabled, hover)
        let mut items: Vec<(String, String, Item, bool, String)> = Command::all()
            .into_iter()
            .filter(|c| !matches!(c, Command::CommandPalette))
            .map(|c| {
                (
                    c.label(),
                    c.shortcut_text(ctx),
                    Item::Command(c),
                    c.enabled(ready),
                    c.tooltip().to_owned(),
                )
            })
            .collect();
        // A tag's hover is its codebook entry.
        for (name, key, guide) in tags {
            items.push((
                format!("Tag as {name}"),
                key.map(|k| k.to_string()).unwrap_or_default(),
                Item::Tag(name.clone()),
                ready.text_selected || ready.span_selected,
                guide.clone(),
            ));
        }
        let matches = self.list.matcher();
        let shown: Vec<&(String, String, Item, bool, String)> =
            items.iter().filter(|(label, ..)| matches(label)).collect();
        let (enter, escape) = self.list.keys(ctx, shown.len());
        let mut run = enter.then_some(self.list.selected);
        let mut keep = !escape;
        let modal = egui::Modal::new(egui::Id::unique("command-palette")).show(ctx, |ui| {
            ui.set_width(420.0);
            self.list.field(ui, "Type a command");
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    for (i, (label, key, _, enabled, hover)) in shown.iter().enumerate() {
                        let b = egui::Button::selectable(i == self.list.selected, label.as_str())
                            .shortcut_text(key.as_str());
                        let r = ui.add_enabled_ui(*enabled, |ui| {
                            ui.add_sized([ui.available_width(), 22.0], b)
                        });
                        let mut r = r.inner.on_disabled_hover_text("Not possible now");
                        if !hover.is_empty() {
                            r = r.on_hover_text(hover.as_str());
                        }
                        if i == self.list.selected {
                            r.scroll_to_me(None);
                        }
                        if r.clicked() {
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
            // Enter on a greyed-out command still runs it, so that it says
            // what it is missing.
            actions.push(match &item.2 {
                Item::Command(c) => Action::Run(*c),
                Item::Tag(t) => Action::ApplyTag(t.clone()),
            });
            keep = false;
        }
        keep
    }
}

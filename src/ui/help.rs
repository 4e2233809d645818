//! The shortcuts sheet (F1), generated from the command list.

use super::command::{Command, Menu};
use crate::workspace::Workspace;

pub fn shortcuts_window(ctx: &egui::Context, ws: Option<&Workspace>, open: &mut bool) {
    // The sheet fits the window: it scrolls rather than running off it.
    let screen = ctx.content_rect();
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .collapsible(false)
        .resizable(true)
        .default_width(540.0)
        .max_height(screen.height() - 60.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(screen.height() - 120.0)
                .show(ui, |ui| sheet(ui, ctx, ws));
        });
}

fn sheet(ui: &mut egui::Ui, ctx: &egui::Context, ws: Option<&Workspace>) {
    egui::Grid::new("shortcuts")
        .num_columns(2)
        .striped(true)
        .spacing([24.0, 4.0])
        .show(ui, |ui| {
            for (menu, title) in [
                (Menu::File, "File"),
                (Menu::Edit, "Edit"),
                (Menu::View, "View"),
                (Menu::Help, "Help"),
            ] {
                ui.strong(title);
                ui.end_row();
                for cmd in Command::all().into_iter().filter(|c| c.menu() == menu) {
                    let keys: Vec<String> = cmd
                        .shortcuts()
                        .iter()
                        .map(|s| ctx.format_shortcut(s))
                        .collect();
                    if keys.is_empty() {
                        continue;
                    }
                    // Whole labels: the sheet widens rather than cut them.
                    ui.add(egui::Label::new(cmd.label()).extend());
                    ui.monospace(keys.join("  or  "));
                    ui.end_row();
                }
            }
            ui.strong("Tags");
            ui.end_row();
            match ws {
                Some(ws) => {
                    for t in &ws.project().schema.tags {
                        if let Some(k) = t.hotkey {
                            ui.label(format!("Tag as {}", t.name));
                            ui.monospace(k.to_string());
                            ui.end_row();
                        }
                    }
                }
                None => {
                    ui.label("Tag as Claim / Source / Attribution");
                    ui.monospace("1 / 2 / 3");
                    ui.end_row();
                }
            }
            ui.strong("Mouse");
            ui.end_row();
            for (what, how) in [
                ("Select text", "drag"),
                ("Select a word", "double-click"),
                ("Extend the selection", "shift-click"),
                ("Select a span", "click its highlight"),
                ("Next span stacked there", "click again (or C)"),
            ] {
                ui.label(what);
                ui.monospace(how);
                ui.end_row();
            }
        });
}

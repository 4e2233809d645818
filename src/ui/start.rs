//! The start screen, shown when no project is open: open a folder or a
//! project, reopen a recent one, or bring back unsaved work.

use super::action::Action;
use super::command::Command;
use super::prefs::{Options, Prefs};
use crate::recovery;

pub fn show(ui: &mut egui::Ui, prefs: &Prefs, options: &Options, actions: &mut Vec<Action>) {
    ui.vertical_centered(|ui| {
        ui.add_space(48.0);
        ui.heading(egui::RichText::new("Parallax").size(32.0).strong());
        ui.label("See how each outlet framed the same event.");
        ui.add_space(24.0);
        ui.horizontal(|ui| {
            ui.add_space((ui.available_width() - 330.0).max(0.0) / 2.0);
            if ui
                .add_sized([160.0, 36.0], egui::Button::new("Open folder…"))
                .on_hover_text(Command::OpenFolder.tooltip())
                .clicked()
            {
                actions.push(Action::Run(Command::OpenFolder));
            }
            if ui
                .add_sized([160.0, 36.0], egui::Button::new("Open project…"))
                .on_hover_text(Command::OpenProject.tooltip())
                .clicked()
            {
                actions.push(Action::Run(Command::OpenProject));
            }
        });
        ui.add_space(8.0);
        ui.weak("…or drop a folder or a .ron project on this window.");
        ui.add_space(24.0);

        let recovered = recovery::list(&options.recovery_dir);
        if !recovered.is_empty() {
            ui.strong("Unsaved work from an earlier session");
            for rec in recovered {
                let name = rec
                    .project_file
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| format!("{} (never saved)", rec.base_dir.display()));
                ui.horizontal(|ui| {
                    ui.add_space((ui.available_width() - 520.0).max(0.0) / 2.0);
                    ui.label(format!(
                        "{name} — {}",
                        rec.written.format("%Y-%m-%d %H:%M UTC")
                    ));
                    if ui.button("Restore").clicked() {
                        actions.push(Action::RestoreRecovery(rec.clone()));
                    }
                    if ui.button("Discard").clicked() {
                        actions.push(Action::DiscardRecovery(rec.path.clone()));
                    }
                });
            }
            ui.add_space(16.0);
        }

        if !prefs.recent.is_empty() {
            ui.strong("Recent");
            for p in &prefs.recent {
                let exists = p.exists();
                let r = ui.add_enabled(exists, egui::Link::new(p.display().to_string()));
                if r.clicked() {
                    actions.push(Action::Open(p.clone()));
                }
            }
        }
    });
}

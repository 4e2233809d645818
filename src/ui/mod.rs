//! The desktop app (eframe/egui). It reads the model and changes it only
//! through edits; see [`app`] for how panels, commands and edits meet.
//! Panels depend on the small modules [`action`], [`selection`],
//! [`panel_state`] and [`prefs`], never on the app shell itself.

pub mod action;
pub mod agreement_view;
pub mod app;
pub mod article_list;
pub mod background;
pub mod coders_view;
pub mod command;
pub mod compare_view;
pub mod conflicts;
pub mod dialogs;
pub mod diff_view;
pub mod document;
pub mod dupes_window;
pub mod fact_suggestions;
pub mod facts;
pub mod fonts;
pub mod glyph_map;
pub mod help;
pub mod inspector;
pub mod launch;
pub mod outlets_view;
pub mod palette;
pub mod panel_state;
pub mod perf;
pub mod prefs;
pub mod schema_editor;
pub mod search_list;
pub mod selection;
pub mod shutdown;
pub mod side_by_side;
pub mod sources_view;
pub mod span_list;
pub mod start;
pub mod status;
pub mod suggestions;
pub mod text_field;

use std::path::PathBuf;

/// Give a widget without a visible label its accessible name (for screen
/// readers, and for tests that find widgets by name).
pub fn name_widget(response: &egui::Response, kind: egui::accesskit::Role, name: &str) {
    response.widget_info(|| egui::WidgetInfo::labeled(kind, response.enabled(), name));
}

/// The window's background: panels are transparent over it (see
/// [`fonts::install`]), so what must hide content behind it paints this.
pub fn background(dark: bool) -> egui::Color32 {
    if dark {
        egui::Visuals::dark().panel_fill
    } else {
        egui::Visuals::light().panel_fill
    }
}

/// Give a text field an accessible name, keeping its value readable.
pub fn name_text_field(r: &egui::Response, name: &str, value: &str, hint: &str) {
    r.widget_info(|| {
        let mut info = egui::WidgetInfo::text_edit(r.enabled(), value, value, hint);
        info.label = Some(name.to_owned());
        info
    });
}

/// An on/off switch with a label, showing its state at a glance.
pub fn toggle_switch(ui: &mut egui::Ui, on: &mut bool, label: &str) -> egui::Response {
    ui.horizontal(|ui| {
        let size = egui::vec2(2.0, 1.0) * ui.spacing().interact_size.y * 0.9;
        let (rect, mut response) = ui.allocate_exact_size(size, egui::Sense::click());
        if response.clicked() {
            *on = !*on;
            response.mark_changed();
        }
        response.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::CheckBox, ui.is_enabled(), *on, label)
        });
        if ui.is_rect_visible(rect) {
            let t = ui.ctx().animate_bool_responsive(response.id, *on);
            let visuals = ui.style().interact_selectable(&response, *on);
            let radius = 0.5 * rect.height();
            ui.painter().rect(
                rect,
                radius,
                visuals.bg_fill,
                visuals.bg_stroke,
                egui::StrokeKind::Inside,
            );
            let x = egui::lerp((rect.left() + radius)..=(rect.right() - radius), t);
            let center = egui::pos2(x, rect.center().y);
            ui.painter().circle(
                center,
                0.75 * radius,
                visuals.fg_stroke.color,
                visuals.fg_stroke,
            );
        }
        let text = ui.add(egui::Label::new(label).sense(egui::Sense::click()));
        if text.clicked() {
            *on = !*on;
            response.mark_changed();
        }
        response
    })
    .inner
}

/// A link that is cut with an ellipsis when it does not fit on its line.
pub fn link_truncated(ui: &mut egui::Ui, text: impl Into<String>) -> egui::Response {
    let text = egui::RichText::new(text.into()).color(ui.visuals().hyperlink_color);
    ui.add(egui::Button::new(text).frame(false).truncate())
}

pub use app::ParallaxApp;
pub use prefs::Options;

/// Run the desktop app, opening `path` (a folder or project) if given.
pub fn run(path: Option<PathBuf>, perf_log: Option<PathBuf>) -> anyhow::Result<()> {
    launch::run(launch::Start {
        path,
        perf_log,
        quit_after_frames: None,
        bare: false,
    })
}

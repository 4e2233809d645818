//! The desktop app (eframe/egui). It reads the model and changes it only
//! through edits; see [`app`] for how panels, commands and edits meet.

pub mod app;
pub mod article_list;
pub mod command;
pub mod compare_view;
pub mod dialogs;
pub mod document;
pub mod facts;
pub mod fonts;
pub mod glyph_map;
pub mod help;
pub mod inspector;
pub mod loader;
pub mod outlets_view;
pub mod palette;
pub mod perf;
pub mod schema_editor;
pub mod search_list;
pub mod side_by_side;
pub mod sources_view;
pub mod span_list;
pub mod start;

use std::path::PathBuf;

/// Give a widget without a visible label its accessible name (for screen
/// readers, and for tests that find widgets by name).
pub fn name_widget(response: &egui::Response, kind: egui::accesskit::Role, name: &str) {
    response.widget_info(|| egui::WidgetInfo::labeled(kind, response.enabled(), name));
}

pub use app::{Options, ParallaxApp};

fn native_options(renderer: eframe::Renderer) -> eframe::NativeOptions {
    eframe::NativeOptions {
        renderer,
        viewport: egui::ViewportBuilder::default()
            .with_title("Parallax")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 420.0])
            .with_drag_and_drop(true),
        // Fonts are installed by the app itself, the same way in tests.
        system_font_fallback: false,
        ..Default::default()
    }
}

/// Run the desktop app, opening `path` (a folder or project) if given.
/// Starts with the wgpu renderer and falls back to OpenGL where Vulkan
/// (or Metal/DX12) is not available.
pub fn run(path: Option<PathBuf>, perf_log: Option<PathBuf>) -> anyhow::Result<()> {
    let mut last_error = None;
    for renderer in [eframe::Renderer::Wgpu, eframe::Renderer::Glow] {
        let path = path.clone();
        let perf_log = perf_log.clone();
        let result = eframe::run_native(
            "Parallax",
            native_options(renderer),
            Box::new(move |cc| {
                let app = ParallaxApp::new(&cc.egui_ctx, cc.storage, path, Options::default());
                let app = match &perf_log {
                    Some(p) => app.with_perf_log(p)?,
                    None => app,
                };
                Ok(Box::new(app))
            }),
        );
        match result {
            Ok(()) => return Ok(()),
            Err(e) => {
                eprintln!("parallax: the {renderer} renderer failed ({e}); trying the next one");
                last_error = Some(e);
            }
        }
    }
    Err(anyhow::anyhow!(
        "could not open a window: {}",
        last_error.map(|e| e.to_string()).unwrap_or_default()
    ))
}

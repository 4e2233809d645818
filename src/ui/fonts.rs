//! Fonts for every script an article may use. egui bundles Latin, Greek,
//! Cyrillic and monochrome emoji; everything else (Arabic, Hebrew, CJK, …)
//! comes from the system's fonts through fontconfig, found on demand.

use std::sync::Arc;

/// Install the fallback font provider and Parallax's text sizes, and clear
/// the panels' fill: the window is cleared to the panels' colour instead
/// (`ParallaxApp::clear_color`), which saves painting every pixel of the
/// window once more each frame: a quarter of a frame's cost when the
/// machine has no GPU (README, Performance). Used by the app and by the UI
/// tests alike.
pub fn install(ctx: &egui::Context) {
    for theme in [egui::Theme::Dark, egui::Theme::Light] {
        ctx.style_mut_of(theme, |s| s.visuals.panel_fill = egui::Color32::TRANSPARENT);
    }
    ctx.add_font_provider(Arc::new(
        egui_system_font_provider::SystemFontProvider::new(),
    ));
}

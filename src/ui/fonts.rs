//! Fonts for every script an article may use. egui bundles Latin, Greek,
//! Cyrillic and monochrome emoji; everything else (Arabic, Hebrew, CJK, …)
//! comes from the system's fonts through fontconfig, found on demand.

use std::sync::Arc;

/// Install the fallback font provider and Parallax's text sizes. Used by
/// the app and by the UI tests alike.
pub fn install(ctx: &egui::Context) {
    ctx.add_font_provider(Arc::new(
        egui_system_font_provider::SystemFontProvider::new(),
    ));
}

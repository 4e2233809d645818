//! Preferences kept between runs (in eframe's storage, never annotations)
//! and the settings tests change.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::recovery;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub dark: bool,
    pub recent: Vec<PathBuf>,
    pub text_size: f32,
    pub group_by_outlet: bool,
    pub annotator: String,
    /// The coder has given their name (asked once, at the first start).
    pub annotator_confirmed: bool,
    /// Highlights coloured by who made them instead of by tag.
    pub color_by_coder: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            dark: false,
            recent: Vec::new(),
            text_size: 17.0,
            group_by_outlet: true,
            annotator: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_else(|_| "analyst".into()),
            annotator_confirmed: false,
            color_by_coder: false,
        }
    }
}

pub const PREFS_KEY: &str = "parallax-prefs";
pub const RECENT_MAX: usize = 10;

impl Prefs {
    pub fn remember_recent(&mut self, path: &std::path::Path) {
        let path = crate::paths::absolute(path);
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_MAX);
    }
}

/// Settings that tests change.
#[derive(Clone, Debug)]
pub struct Options {
    /// Seconds between autosaves to the recovery file.
    pub autosave_secs: f64,
    pub recovery_dir: PathBuf,
    /// Try the system's file dialogs (off in tests and where none exist).
    pub native_dialogs: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            autosave_secs: 30.0,
            recovery_dir: recovery::recovery_dir(),
            native_dialogs: true,
        }
    }
}

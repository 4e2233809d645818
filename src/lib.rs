//! Parallax: a workbench for studying how news outlets frame the same
//! events. This crate holds the model and formats (no UI), the command
//! line, and, with the `gui` feature, the desktop app.

pub mod adjudication;
pub mod agreement;
pub mod atomic;
pub mod autocode;
pub mod bidi;
pub mod boilerplate;
pub mod cli;
pub mod coding;
pub mod compare;
pub mod corpus;
pub mod diff;
pub mod dupes;
pub mod edit;
pub mod export;
pub mod file_read;
pub mod fuzzing;
pub mod import;
pub mod lexicon;
pub mod merge;
pub mod model;
pub mod paths;
pub mod project_file;
pub mod reanchor;
pub mod recovery;
pub mod sources;
pub mod stats;
pub mod suggest;
pub mod synth;
pub mod text;
pub mod workspace;

#[cfg(feature = "gui")]
pub mod ui;

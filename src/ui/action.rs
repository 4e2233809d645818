//! What a panel asks the app to do. Panels never change the project or the
//! app's state themselves: they push actions, which the app applies once
//! per frame (see `app/commands.rs`), so a button, a key, a menu item and
//! the palette all take one path.

use std::path::PathBuf;

use super::command::{Command, View};
use crate::edit::Edit;
use crate::export::compare::CompareFormat;
use crate::export::Format;
use crate::import::ImportFormat;
use crate::model::Id;
use crate::recovery;

#[derive(Debug)]
pub enum Action {
    Run(Command),
    Edit(Edit),
    OpenArticle(Id),
    /// Open the span's article, select it and scroll to it.
    RevealSpan(Id),
    SelectSpan(Option<Id>),
    /// Apply a tag by name (the tag buttons, the palette).
    ApplyTag(String),
    /// Add the selected claim to a fact (the fact picker).
    AddToFact(Id),
    /// Start a fact with this name from the selected claim (the fact picker).
    NewFactNamed(String),
    /// Open a folder of articles or a project file.
    Open(PathBuf),
    SaveTo(PathBuf),
    ExportTo(Format, PathBuf),
    ExportCompareTo(CompareFormat, PathBuf),
    /// Read another tool's export and add its spans.
    ImportFrom(ImportFormat, PathBuf),
    /// Select a fact (or none): its claims are highlighted everywhere.
    SelectFact(Option<Id>),
    /// Ctrl+click: add a span to the selection (or take it out).
    ToggleExtra(Id),
    /// Show a view of the central area.
    ShowView(View),
    /// Take an article's new source text and re-anchor its spans.
    UpdateFromSource(Id),
    CheckSources,
    RestoreRecovery(recovery::Recovery),
    DiscardRecovery(PathBuf),
    /// After the unsaved-changes question: go on with what was asked.
    Proceed(Pending),
    /// Save, then go on with what was asked.
    SaveThen(Pending),
    CancelLoad,
    /// Settle a merge conflict with one side's version.
    ResolveConflict(Id, crate::coding::Side),
    /// The coder's name, recorded with what they make.
    SetCoderName(String),
    /// Show word by word what the second article changed of the first.
    ShowDiff(Id, Id),
    /// Read a CSV table of articles with these columns.
    OpenTable(PathBuf, crate::corpus::table::Columns),
    /// Accept or dismiss a suggested fact (by its place in the list).
    AcceptFactSuggestion(usize),
    DismissFactSuggestion(usize),
    /// Open an article with this text selected (code points).
    RevealText(Id, std::ops::Range<usize>),
}

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    Quit,
    Close,
    Open(PathBuf),
}

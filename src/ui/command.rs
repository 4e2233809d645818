//! Every user action in one list. Each command knows its menu text, its
//! keyboard shortcuts and its menu; the menus, the shortcut handling, the
//! shortcuts sheet (F1) and the command palette all read from here.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::export::compare::CompareFormat;
use crate::export::Format;
use crate::import::ImportFormat;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    OpenFolder,
    OpenProject,
    Save,
    SaveAs,
    Export(Format),
    ExportCompare(CompareFormat),
    /// Add spans from another tool's export.
    Import(ImportFormat),
    CloseProject,
    Quit,
    Undo,
    Redo,
    NextArticle,
    PrevArticle,
    /// Apply the tag with this hotkey (1–9) to the selection, or retag the selected span.
    Tag(u8),
    DeleteSpan,
    /// Select the next span stacked at the selected span's position.
    CycleSpan,
    ClearSelection,
    ToggleAllSpans,
    ToggleTheme,
    ToggleColorByCoder,
    /// Link the selected spans (a claim with its source and/or cue).
    Link,
    /// Start a fact from the selected claim.
    NewFact,
    /// Add the selected claim to a fact (a searchable picker).
    AddToFact,
    ShowView(View),
    /// Coders view: take the version of the coder at this index.
    Accept(u8),
    /// Coders view: take every coder's version.
    KeepAll,
    /// Coders view: leave the place out of the curated version.
    DropItem,
    NextItem,
    PrevItem,
    /// Take what all coders of the article agree on into the curated version.
    PreMerge,
    ToggleSuggestions,
    NextSuggestion,
    PrevSuggestion,
    AcceptSuggestion,
    /// Reject the current suggestion (else delete the selected span).
    RejectSuggestion,
    AcceptAllSuggestions,
    SchemaEditor,
    ShowSources,
    ShowOrphans,
    ShowConflicts,
    ShowDuplicates,
    SetCoderName,
    ShowSkipped,
    Shortcuts,
    CommandPalette,
}

/// What the central area shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum View {
    /// One article, for reading and tagging.
    #[default]
    Read,
    /// Facts × outlets.
    Compare,
    /// Several articles in columns, claims of a fact in one colour.
    SideBySide,
    /// Per-outlet totals and charts.
    Outlets,
    /// How far the coders agree, per tag and article.
    Agreement,
    /// One article as each coder coded it; differences settled one by one.
    Coders,
    /// Two articles word by word: what one outlet changed of another's text.
    Diff,
}

impl View {
    pub const ALL: [View; 7] = [
        View::Read,
        View::Compare,
        View::SideBySide,
        View::Outlets,
        View::Agreement,
        View::Coders,
        View::Diff,
    ];

    pub fn label(self) -> &'static str {
        match self {
            View::Read => "Read",
            View::Compare => "Compare",
            View::SideBySide => "Side by side",
            View::Outlets => "Outlets",
            View::Agreement => "Agreement",
            View::Coders => "Coders",
            View::Diff => "Diff",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    View,
    Help,
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

const fn alt(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::ALT, key)
}

const DIGITS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// What decides whether a command can run now, gathered once per frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ready {
    pub project: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    pub text_selected: bool,
    pub span_selected: bool,
    pub claim_selected: bool,
    /// More than one span selected (Ctrl+click), as linking needs.
    pub spans_gathered: bool,
    pub skipped_files: bool,
    pub orphans: bool,
    pub conflicts: bool,
    /// The Coders view shows a place where coders differ.
    pub adjudicating: bool,
    /// Coders of the article in the Coders view.
    pub coders: u8,
}

impl Command {
    /// Every command, in menu order: the export and import commands come
    /// from the formats' own lists, so a new format needs no change here.
    /// Tags come from the schema and are listed separately.
    pub fn all() -> Vec<Command> {
        let mut all = vec![
            Command::OpenFolder,
            Command::OpenProject,
            Command::Save,
            Command::SaveAs,
        ];
        all.extend(Format::ALL.map(Command::Export));
        all.extend(CompareFormat::ALL.map(Command::ExportCompare));
        all.extend(ImportFormat::ALL.map(Command::Import));
        all.extend([
            Command::ShowSkipped,
            Command::ShowSources,
            Command::ShowOrphans,
            Command::ShowConflicts,
            Command::SetCoderName,
            Command::CloseProject,
            Command::Quit,
            Command::Undo,
            Command::Redo,
            Command::DeleteSpan,
            Command::CycleSpan,
            Command::ClearSelection,
            Command::Link,
            Command::NewFact,
            Command::AddToFact,
            Command::SchemaEditor,
            Command::Accept(0),
            Command::Accept(1),
            Command::KeepAll,
            Command::DropItem,
            Command::NextItem,
            Command::PrevItem,
            Command::PreMerge,
            Command::ToggleSuggestions,
            Command::NextSuggestion,
            Command::PrevSuggestion,
            Command::AcceptSuggestion,
            Command::RejectSuggestion,
            Command::AcceptAllSuggestions,
        ]);
        all.extend(View::ALL.map(Command::ShowView));
        all.extend([
            Command::NextArticle,
            Command::PrevArticle,
            Command::ToggleAllSpans,
            Command::ToggleTheme,
            Command::ToggleColorByCoder,
            Command::ShowDuplicates,
            Command::Shortcuts,
            Command::CommandPalette,
        ]);
        all
    }

    /// Whether the command can do anything now. Menus and the palette show
    /// the others greyed out; a key for one still runs it, so that it can
    /// say what is missing.
    pub fn enabled(self, r: &Ready) -> bool {
        match self {
            Command::OpenFolder
            | Command::OpenProject
            | Command::Quit
            | Command::Shortcuts
            | Command::CommandPalette
            | Command::ToggleTheme => true,
            Command::Undo => r.can_undo,
            Command::Redo => r.can_redo,
            Command::DeleteSpan | Command::CycleSpan => r.span_selected,
            Command::Tag(_) => r.text_selected || r.span_selected,
            Command::ClearSelection => r.text_selected || r.span_selected,
            Command::Link => r.claim_selected && r.spans_gathered,
            Command::NewFact | Command::AddToFact => r.claim_selected,
            Command::ShowSkipped => r.skipped_files,
            Command::ShowOrphans => r.orphans,
            Command::ShowConflicts => r.conflicts,
            Command::Accept(n) => r.adjudicating && n < r.coders,
            Command::KeepAll | Command::DropItem | Command::NextItem | Command::PrevItem => {
                r.adjudicating
            }
            _ => r.project,
        }
    }

    pub fn label(self) -> String {
        match self {
            Command::OpenFolder => "Open folder…".into(),
            Command::OpenProject => "Open project…".into(),
            Command::Save => "Save".into(),
            Command::SaveAs => "Save as…".into(),
            Command::Export(f) => format!("Export {}…", f.label()),
            Command::ExportCompare(f) => format!("Export {}…", f.label()),
            Command::Import(f) => format!("Import {}…", f.label()),
            Command::Link => "Link selected spans".into(),
            Command::NewFact => "New fact from selected claim".into(),
            Command::AddToFact => "Add claim to fact…".into(),
            Command::ShowView(v) => format!("{} view", v.label()),
            Command::Accept(n) => format!("Accept coder {}'s version", char::from(b'A' + n)),
            Command::KeepAll => "Keep all versions".into(),
            Command::DropItem => "Drop from the curated version".into(),
            Command::NextItem => "Next difference".into(),
            Command::PrevItem => "Previous difference".into(),
            Command::PreMerge => "Pre-merge what the coders agree on".into(),
            Command::ToggleSuggestions => "Show / hide suggested attributions".into(),
            Command::NextSuggestion => "Next suggestion".into(),
            Command::PrevSuggestion => "Previous suggestion".into(),
            Command::AcceptSuggestion => "Accept the suggestion".into(),
            Command::RejectSuggestion => "Reject the suggestion".into(),
            Command::AcceptAllSuggestions => "Accept the article's confident suggestions".into(),
            Command::SchemaEditor => "Tags and attributes…".into(),
            Command::ShowSources => "Source files…".into(),
            Command::ShowOrphans => "Orphaned spans…".into(),
            Command::ShowConflicts => "Merge conflicts…".into(),
            Command::ShowDuplicates => "Duplicates and wire copies…".into(),
            Command::SetCoderName => "Your name as coder…".into(),
            Command::CloseProject => "Close project".into(),
            Command::Quit => "Quit".into(),
            Command::Undo => "Undo".into(),
            Command::Redo => "Redo".into(),
            Command::NextArticle => "Next article".into(),
            Command::PrevArticle => "Previous article".into(),
            Command::Tag(n) => format!("Apply tag {n}"),
            Command::DeleteSpan => "Delete span".into(),
            Command::CycleSpan => "Cycle stacked spans".into(),
            Command::ClearSelection => "Clear selection".into(),
            Command::ToggleAllSpans => "Span list: all articles / this article".into(),
            Command::ToggleTheme => "Light / dark theme".into(),
            Command::ToggleColorByCoder => "Colour highlights by coder".into(),
            Command::ShowSkipped => "Skipped files…".into(),
            Command::Shortcuts => "Keyboard shortcuts".into(),
            Command::CommandPalette => "Command palette…".into(),
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            Command::OpenFolder => {
                "Read a folder of articles (.txt, .md, .html) into a new project"
            }
            Command::OpenProject => "Open a Parallax project file (.ron)",
            Command::Save => "Save the project (keeps the previous version as .bak)",
            Command::SaveAs => "Save the project to a new file",
            Command::Export(_) => "Write the annotated spans for other tools",
            Command::ExportCompare(_) => "Write how each outlet reported each fact",
            Command::Import(_) => {
                "Add spans from another tool: matched to articles by text or file name, re-anchored by quote"
            }
            Command::Link => {
                "Ctrl+click a claim's source and cue, then press L to link them as one attribution"
            }
            Command::NewFact => "Start a fact named after the selected claim",
            Command::AddToFact => "Group the selected claim with the same fact from other outlets",
            Command::ShowView(View::Read) => "Read and tag one article",
            Command::ShowView(View::Compare) => {
                "Facts × outlets: who said what, credited to whom, how prominently"
            }
            Command::ShowView(View::SideBySide) => {
                "Articles in columns; claims of the same fact share a colour"
            }
            Command::ShowView(View::Outlets) => "Per-outlet totals and charts",
            Command::ShowView(View::Agreement) => {
                "How far the coders (the spans' annotators) agree: Krippendorff's α, F1, κ"
            }
            Command::ShowView(View::Diff) => {
                "Two articles word by word: what one outlet added, cut or reworded of another's text"
            }
            Command::ShowDuplicates => {
                "Articles that are the same text or nearly (agency copy, updates), with a diff of each pair"
            }
            Command::ShowView(View::Coders) => {
                "One article as each coder coded it: settle each difference into the curated version"
            }
            Command::Accept(_) => {
                "Take this coder's spans (and their links) here into the curated version"
            }
            Command::KeepAll => "Take every coder's version here into the curated version",
            Command::DropItem => "Leave this place out of the curated version (recorded as settled)",
            Command::NextItem | Command::PrevItem => {
                "Move to the next (previous) place the coders differ that is not yet resolved"
            }
            Command::ToggleSuggestions => {
                "Dashed outlines: claims, sources and cues Parallax suggests (rules over the text, offline)"
            }
            Command::NextSuggestion | Command::PrevSuggestion => "Move between the article's suggestions",
            Command::AcceptSuggestion => "Add the claim, source and cue, the link and the stance, as one edit",
            Command::RejectSuggestion => {
                "Leave it out; it is remembered and not suggested again (with none shown: delete the selected span)"
            }
            Command::AcceptAllSuggestions => "Accept every suggestion in the article at 80% confidence or more",
            Command::PreMerge => {
                "Copy everything all coders of the article did alike into the curated version (annotator \"curator\"); the Coders view does this when it first shows an article"
            }
            Command::SchemaEditor => "Edit tags, their colours, hotkeys and attributes",
            Command::ShowSources => {
                "Which articles' source files changed, moved or vanished; update from them"
            }
            Command::ShowOrphans => "Spans that lost their text when an article was updated",
            Command::ShowConflicts => "What a merge of two coders' files left to decide: pick a version",
            Command::SetCoderName => "The name recorded with every span you make",
            Command::CloseProject => "Close the project and return to the start screen",
            Command::Quit => "Quit Parallax",
            Command::Undo | Command::Redo => "Works across articles",
            Command::NextArticle | Command::PrevArticle => "In the order of the article list",
            Command::Tag(_) => "Tag the selected text, or retag the selected span",
            Command::DeleteSpan => "Delete the selected span (its links are repaired or removed)",
            Command::CycleSpan => "When spans overlap, select the next one at the same place",
            Command::ClearSelection => "Deselect text and spans",
            Command::ToggleAllSpans => "Show the spans of every article in the span list",
            Command::ToggleTheme => "Switch between light and dark",
            Command::ToggleColorByCoder => {
                "Colour each highlight by who made it instead of by its tag (again: back to tags)"
            }
            Command::ShowSkipped => "Files left out when the folder was read, and why",
            Command::Shortcuts => "Show every keyboard shortcut",
            Command::CommandPalette => "Run any command by name",
        }
    }

    /// Shortcuts, the first one shown in menus. More specific ones (with
    /// Shift) come before their plain forms when matching; see [`Command::matching_order`].
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        match self {
            Command::OpenFolder => vec![ctrl_shift(Key::O)],
            Command::OpenProject => vec![ctrl(Key::O)],
            Command::Save => vec![ctrl(Key::S)],
            Command::SaveAs => vec![ctrl_shift(Key::S)],
            Command::Export(Format::Csv) => vec![ctrl(Key::E)],
            Command::Export(_)
            | Command::ExportCompare(_)
            | Command::Import(_)
            | Command::SchemaEditor
            | Command::ShowSources
            | Command::ShowOrphans
            | Command::ShowConflicts
            | Command::ShowDuplicates
            | Command::SetCoderName => vec![],
            Command::Link => vec![plain(Key::L)],
            Command::NewFact => vec![plain(Key::N)],
            Command::AddToFact => vec![plain(Key::F)],
            Command::ShowView(View::Read) => vec![ctrl(Key::Num1)],
            Command::ShowView(View::Compare) => vec![ctrl(Key::Num2)],
            Command::ShowView(View::SideBySide) => vec![ctrl(Key::Num3)],
            Command::ShowView(View::Outlets) => vec![ctrl(Key::Num4)],
            Command::ShowView(View::Agreement) => vec![ctrl(Key::Num5)],
            Command::ShowView(View::Coders) => vec![ctrl(Key::Num6)],
            Command::ShowView(View::Diff) => vec![ctrl(Key::Num7)],
            Command::Accept(0) => vec![plain(Key::A)],
            Command::Accept(1) => vec![plain(Key::B)],
            Command::Accept(_) | Command::PreMerge => vec![],
            Command::KeepAll => vec![plain(Key::K)],
            Command::DropItem => vec![plain(Key::D)],
            Command::NextItem => vec![plain(Key::J)],
            Command::PrevItem => vec![KeyboardShortcut::new(Modifiers::SHIFT, Key::J)],
            Command::CloseProject => vec![ctrl(Key::W)],
            Command::Quit => vec![ctrl(Key::Q)],
            Command::Undo => vec![ctrl(Key::Z)],
            Command::Redo => vec![ctrl_shift(Key::Z), ctrl(Key::Y)],
            Command::NextArticle => vec![alt(Key::ArrowDown), ctrl(Key::PageDown)],
            Command::PrevArticle => vec![alt(Key::ArrowUp), ctrl(Key::PageUp)],
            Command::Tag(n) => DIGITS
                .get(usize::from(n).wrapping_sub(1))
                .map(|k| vec![plain(*k)])
                .unwrap_or_default(),
            Command::DeleteSpan => vec![plain(Key::Delete)],
            Command::RejectSuggestion => vec![plain(Key::Backspace)],
            Command::ToggleSuggestions => vec![plain(Key::S)],
            Command::NextSuggestion => vec![plain(Key::Tab)],
            Command::PrevSuggestion => vec![KeyboardShortcut::new(Modifiers::SHIFT, Key::Tab)],
            Command::AcceptSuggestion => vec![plain(Key::Enter)],
            Command::AcceptAllSuggestions => vec![],
            Command::CycleSpan => vec![plain(Key::C)],
            Command::ClearSelection => vec![plain(Key::Escape)],
            Command::ToggleAllSpans => vec![ctrl(Key::L)],
            Command::ToggleTheme | Command::ToggleColorByCoder => vec![],
            Command::ShowSkipped => vec![],
            Command::Shortcuts => vec![plain(Key::F1)],
            Command::CommandPalette => vec![ctrl_shift(Key::P)],
        }
    }

    pub fn menu(self) -> Menu {
        match self {
            Command::OpenFolder
            | Command::OpenProject
            | Command::Save
            | Command::SaveAs
            | Command::Export(_)
            | Command::ExportCompare(_)
            | Command::Import(_)
            | Command::ShowSources
            | Command::ShowOrphans
            | Command::ShowConflicts
            | Command::ShowSkipped
            | Command::CloseProject
            | Command::Quit => Menu::File,
            Command::Undo
            | Command::Redo
            | Command::Tag(_)
            | Command::DeleteSpan
            | Command::CycleSpan
            | Command::ClearSelection
            | Command::Link
            | Command::NewFact
            | Command::AddToFact
            | Command::SchemaEditor
            | Command::SetCoderName
            | Command::Accept(_)
            | Command::KeepAll
            | Command::DropItem
            | Command::NextItem
            | Command::PrevItem
            | Command::PreMerge
            | Command::NextSuggestion
            | Command::PrevSuggestion
            | Command::AcceptSuggestion
            | Command::RejectSuggestion
            | Command::AcceptAllSuggestions => Menu::Edit,
            Command::NextArticle
            | Command::PrevArticle
            | Command::ToggleAllSpans
            | Command::ToggleTheme
            | Command::ToggleColorByCoder
            | Command::ShowDuplicates
            | Command::ToggleSuggestions
            | Command::ShowView(_) => Menu::View,
            Command::Shortcuts | Command::CommandPalette => Menu::Help,
        }
    }

    /// The submenu of its menu the command sits in, if any.
    pub fn submenu(self) -> Option<&'static str> {
        match self {
            Command::Export(_) => Some("Export spans"),
            Command::ExportCompare(_) => Some("Export comparison"),
            Command::Import(_) => Some("Import"),
            Command::Accept(_)
            | Command::KeepAll
            | Command::DropItem
            | Command::NextItem
            | Command::PrevItem
            | Command::PreMerge => Some("Adjudicate"),
            Command::NextSuggestion
            | Command::PrevSuggestion
            | Command::AcceptSuggestion
            | Command::RejectSuggestion
            | Command::AcceptAllSuggestions => Some("Suggestions"),
            _ => None,
        }
    }

    /// Whether the shortcut works while a text field has the keyboard.
    /// Plain keys (digits, Delete, C) belong to the text field then.
    pub fn works_while_typing(self) -> bool {
        !matches!(
            self,
            Command::Tag(_)
                | Command::DeleteSpan
                | Command::CycleSpan
                | Command::ClearSelection
                | Command::Undo
                | Command::Redo
                | Command::Link
                | Command::NewFact
                | Command::AddToFact
                | Command::Accept(_)
                | Command::KeepAll
                | Command::DropItem
                | Command::NextItem
                | Command::PrevItem
                | Command::ToggleSuggestions
                | Command::NextSuggestion
                | Command::PrevSuggestion
                | Command::AcceptSuggestion
                | Command::RejectSuggestion
        )
    }

    /// All commands with the tag commands for hotkeys 1–9, most specific
    /// shortcuts first, for matching key presses.
    pub fn matching_order() -> Vec<Command> {
        let mut all: Vec<Command> = Command::all();
        all.extend((1..=9).map(Command::Tag));
        // Shortcuts with more modifiers first, so Ctrl+Shift+Z is not taken for Ctrl+Z.
        all.sort_by_key(|c| {
            std::cmp::Reverse(
                c.shortcuts()
                    .iter()
                    .map(|s| modifier_count(s.modifiers))
                    .max()
                    .unwrap_or(0),
            )
        });
        all
    }

    /// The first shortcut as text, e.g. "Ctrl+Shift+S".
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcuts()
            .first()
            .map(|s| ctx.format_shortcut(s))
            .unwrap_or_default()
    }
}

fn modifier_count(m: Modifiers) -> u8 {
    u8::from(m.ctrl || m.command || m.mac_cmd) + u8::from(m.shift) + u8::from(m.alt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen: Vec<(KeyboardShortcut, Command)> = Vec::new();
        for c in Command::matching_order() {
            for s in c.shortcuts() {
                if let Some((_, other)) = seen.iter().find(|(t, _)| *t == s) {
                    panic!("{c:?} and {other:?} share {s:?}");
                }
                seen.push((s, c));
            }
        }
    }

    #[test]
    fn every_format_has_a_command_and_no_command_is_listed_twice() {
        let all = Command::all();
        for f in Format::ALL {
            assert!(all.contains(&Command::Export(f)), "{f:?}");
        }
        for f in CompareFormat::ALL {
            assert!(all.contains(&Command::ExportCompare(f)), "{f:?}");
        }
        for f in ImportFormat::ALL {
            assert!(all.contains(&Command::Import(f)), "{f:?}");
        }
        for (i, c) in all.iter().enumerate() {
            assert!(!all[..i].contains(c), "{c:?} twice");
        }
    }

    #[test]
    fn commands_know_when_they_can_run() {
        let none = Ready::default();
        assert!(Command::OpenProject.enabled(&none));
        assert!(!Command::Save.enabled(&none));
        let open = Ready {
            project: true,
            ..none
        };
        assert!(Command::Save.enabled(&open));
        assert!(!Command::Undo.enabled(&open));
        assert!(!Command::Link.enabled(&open));
        let gathered = Ready {
            span_selected: true,
            claim_selected: true,
            spans_gathered: true,
            ..open
        };
        assert!(Command::Link.enabled(&gathered) && Command::DeleteSpan.enabled(&gathered));
    }

    #[test]
    fn specific_shortcuts_are_matched_first() {
        let order = Command::matching_order();
        let pos = |c| order.iter().position(|x| *x == c).unwrap();
        assert!(pos(Command::Redo) < pos(Command::Undo));
        assert!(pos(Command::SaveAs) < pos(Command::Save));
        assert!(pos(Command::OpenFolder) < pos(Command::OpenProject));
    }
}

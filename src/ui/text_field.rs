//! Text fields bound to a value of the project (a note, a title, a fact's
//! name, a free-text attribute). While not being edited a field shows the
//! project's value as it is now, so undo, redo and imports show at once.
//! While focused it keeps what is typed. Leaving it — by a click anywhere,
//! Tab or Enter — gives the new value once, as one edit; Escape leaves the
//! value as it was.

use egui::{Id, Key, Response, TextEdit, Ui};

/// What is being typed, kept between frames while the field has focus.
#[derive(Clone, Default)]
struct Draft {
    text: String,
    /// The pass that last drew the field focused: a draft older than the
    /// previous pass belongs to a field that stopped being shown.
    pass: u64,
}

/// How the field looks.
pub struct Look<'a> {
    pub hint: &'a str,
    pub multiline: bool,
    /// An accessible name, for screen readers and tests.
    pub name: &'a str,
}

impl<'a> Look<'a> {
    pub fn line(name: &'a str, hint: &'a str) -> Self {
        Self {
            hint,
            multiline: false,
            name,
        }
    }

    pub fn lines(name: &'a str, hint: &'a str) -> Self {
        Self {
            multiline: true,
            ..Self::line(name, hint)
        }
    }
}

/// Let go of the text field that has the keyboard, if any, so that what was
/// typed in it is given as an edit in this frame (before a save, a close or
/// a quit that would miss it). True when a field had the keyboard.
pub fn leave(ctx: &egui::Context) -> bool {
    ctx.memory_mut(|m| match m.focused() {
        Some(id) => {
            m.surrender_focus(id);
            true
        }
        None => false,
    })
}

/// Show a field for `value`; returns its response and, when the field was
/// just left with a different text, that text.
pub fn bound(ui: &mut Ui, id: Id, value: &str, look: Look<'_>) -> (Response, Option<String>) {
    let key = id.with("draft");
    let pass = ui.ctx().cumulative_pass_nr();
    // The draft is used even when focus has already moved on this frame
    // (to a field drawn earlier): it holds what was typed.
    let draft = ui
        .data_mut(|d| d.get_temp::<Draft>(key))
        .filter(|d| d.pass + 1 >= pass);
    if draft.is_none() {
        // Not being edited: the field's own undo history (Ctrl+Z inside it)
        // would otherwise bring back text the project has since undone.
        if let Some(mut state) = egui::text_edit::TextEditState::load(ui.ctx(), id) {
            state.clear_undoer();
        }
    }
    let mut text = draft
        .as_ref()
        .map_or_else(|| value.to_owned(), |d| d.text.clone());
    let edit = if look.multiline {
        TextEdit::multiline(&mut text).desired_rows(2)
    } else {
        TextEdit::singleline(&mut text)
    };
    let r = ui.add(
        edit.id(id)
            .hint_text(look.hint)
            .desired_width(f32::INFINITY),
    );
    super::name_text_field(&r, look.name, &text, look.hint);
    let mut committed = None;
    if r.has_focus() {
        ui.data_mut(|d| {
            d.insert_temp(
                key,
                Draft {
                    text: text.clone(),
                    pass,
                },
            )
        });
    } else {
        ui.data_mut(|d| d.remove::<Draft>(key));
        let left = draft.is_some() || r.lost_focus();
        if left && !ui.input(|i| i.key_pressed(Key::Escape)) && text != value {
            committed = Some(text);
        }
    }
    (r, committed)
}

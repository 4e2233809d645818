//! Text fields bound to a value of the project (a note, a title, a fact's
//! name, a free-text attribute). While not being edited a field shows the
//! project's value as it is now, so undo, redo and imports show at once.
//! While focused it keeps what is typed. Leaving it gives the new value
//! once, as one edit; Escape leaves the value as it was.

use egui::{Id, Key, Response, TextEdit, Ui};

/// What is being typed, and the value it started from.
#[derive(Clone, Default)]
struct Draft {
    text: String,
}

/// How the field looks.
pub struct Look<'a> {
    pub hint: &'a str,
    pub multiline: bool,
    pub width: f32,
    /// An accessible name, for screen readers and tests.
    pub name: &'a str,
}

impl<'a> Look<'a> {
    pub fn line(name: &'a str, hint: &'a str) -> Self {
        Self {
            hint,
            multiline: false,
            width: f32::INFINITY,
            name,
        }
    }

    pub fn lines(name: &'a str, hint: &'a str) -> Self {
        Self {
            multiline: true,
            ..Self::line(name, hint)
        }
    }

    pub fn width(self, width: f32) -> Self {
        Self { width, ..self }
    }
}

/// Show a field for `value`; returns its response and, when the field was
/// just left with a different text, that text.
pub fn bound(ui: &mut Ui, id: Id, value: &str, look: Look<'_>) -> (Response, Option<String>) {
    let key = id.with("draft");
    let focused = ui.memory(|m| m.has_focus(id));
    let mut text = if focused {
        ui.data_mut(|d| d.get_temp::<Draft>(key))
            .map_or_else(|| value.to_owned(), |d| d.text)
    } else {
        value.to_owned()
    };
    let edit = if look.multiline {
        TextEdit::multiline(&mut text).desired_rows(2)
    } else {
        TextEdit::singleline(&mut text)
    };
    let r = ui.add(edit.id(id).hint_text(look.hint).desired_width(look.width));
    super::name_text_field(&r, look.name, &text, look.hint);
    let mut committed = None;
    if r.has_focus() {
        ui.data_mut(|d| d.insert_temp(key, Draft { text: text.clone() }));
    } else {
        ui.data_mut(|d| d.remove::<Draft>(key));
        if r.lost_focus() && !ui.input(|i| i.key_pressed(Key::Escape)) && text != value {
            committed = Some(text);
        }
    }
    (r, committed)
}

//! What the command palette and the fact picker share: a search field over
//! a list of rows, one of them selected, moved through with ↑ and ↓.

#[derive(Default)]
pub struct SearchList {
    pub query: String,
    pub selected: usize,
    focused: bool,
}

impl SearchList {
    /// Whether a row's label holds every word of the query, in any case.
    pub fn matcher(&self) -> impl Fn(&str) -> bool {
        let words: Vec<String> = self
            .query
            .to_lowercase()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        move |label| {
            let l = label.to_lowercase();
            words.iter().all(|w| l.contains(w.as_str()))
        }
    }

    /// Keep the selection among `rows` rows and move it with the arrow
    /// keys; returns whether Enter and Escape were pressed.
    pub fn keys(&mut self, ctx: &egui::Context, rows: usize) -> (bool, bool) {
        self.selected = self.selected.min(rows.saturating_sub(1));
        let (up, down, enter, escape) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
            )
        });
        if up {
            self.selected = self.selected.saturating_sub(1);
        }
        if down && self.selected + 1 < rows {
            self.selected += 1;
        }
        (enter, escape)
    }

    /// The search field, focused when first shown; a new query selects the
    /// first row.
    pub fn field(&mut self, ui: &mut egui::Ui, hint: &str) {
        let r = ui.add(
            egui::TextEdit::singleline(&mut self.query)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        );
        if !self.focused {
            r.request_focus();
            self.focused = true;
        }
        if r.changed() {
            self.selected = 0;
        }
    }
}

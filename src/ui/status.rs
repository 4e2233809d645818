//! The status line: one message at a time. A new message replaces the one
//! before; a hint (what to do next) clears on the user's next action; a
//! confirmation or an error stays until something else is said.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// What a command did.
    Done,
    /// What to do next.
    Hint,
    Error,
}

#[derive(Clone, Debug, Default)]
pub struct Status {
    message: Option<(String, Kind)>,
}

impl Status {
    pub fn done(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Kind::Done));
    }

    pub fn hint(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Kind::Hint));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Kind::Error));
    }

    /// The user did something: a hint about what to do is stale now.
    pub fn acted(&mut self) {
        if matches!(self.message, Some((_, Kind::Hint))) {
            self.message = None;
        }
    }

    pub fn get(&self) -> Option<(&str, Kind)> {
        self.message.as_ref().map(|(t, k)| (t.as_str(), *k))
    }

    pub fn text(&self) -> &str {
        self.message.as_ref().map_or("", |(t, _)| t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_clear_on_the_next_action_and_new_messages_replace_old() {
        let mut s = Status::default();
        s.hint("Select a claim first.");
        s.acted();
        assert_eq!(s.get(), None);
        s.done("Tagged it.");
        s.acted();
        assert_eq!(s.text(), "Tagged it.");
        s.error("Could not save.");
        assert_eq!(s.get(), Some(("Could not save.", Kind::Error)));
        s.done("Saved.");
        assert_eq!(s.text(), "Saved.");
    }
}

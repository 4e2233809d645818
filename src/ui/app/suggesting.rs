//! The suggestion commands: show, move, accept, reject, accept all that
//! are confident. The rules are in [`crate::suggest`]; each decision is
//! one undoable edit.

use super::ParallaxApp;
use crate::suggest;

/// The confidence from which "accept all" takes a suggestion.
pub(super) const ACCEPT_ALL_FROM: f64 = 0.8;

impl ParallaxApp {
    /// How many suggestions the open article has (as last worked out).
    fn suggestion_count(&self) -> usize {
        self.parts.suggestions.list().len()
    }

    pub(super) fn toggle_suggestions(&mut self) {
        let s = &mut self.parts.suggestions;
        s.shown = !s.shown;
        if !s.shown {
            self.status.done("Suggestions hidden.");
            return;
        }
        // The view finds them off the UI thread and says so when they
        // arrive (see `say_suggestion`).
        self.status
            .done("Looking for attributions in this article…");
    }

    /// Say which suggestion is current, once they have arrived.
    pub(in crate::ui) fn say_suggestion(&mut self) {
        let n = self.suggestion_count();
        self.say_current(n);
    }

    fn say_current(&mut self, n: usize) {
        match self.parts.suggestions.current_one() {
            Some(s) => {
                let at = self.parts.suggestions.current + 1;
                self.status.done(format!(
                    "Suggestion {at} of {n} ({:.0}%): {}. Enter accepts, Backspace rejects, Tab moves on.",
                    s.confidence * 100.0,
                    s.why
                ));
            }
            None if self.parts.suggestions.working() => self
                .status
                .done("Looking for attributions in this article…"),
            None => self
                .status
                .done("No suggested attributions in this article."),
        }
    }

    pub(super) fn step_suggestion(&mut self, by: isize) {
        if !self.parts.suggestions.shown {
            self.parts.suggestions.shown = true;
        }
        let n = self.suggestion_count();
        if n > 0 {
            let s = &mut self.parts.suggestions;
            s.current = (s.current as isize + by).rem_euclid(n as isize) as usize;
            // Bring it into view.
            if let Some(c) = s.current_one().map(|x| x.claim.start) {
                self.doc.scroll_to(c);
            }
        }
        self.say_current(n);
    }

    /// Accept the current suggestion (or, with `all`, every one at or
    /// above [`ACCEPT_ALL_FROM`] in the article) as one edit.
    pub(super) fn accept_suggestion(&mut self, all: bool) {
        let n = self.suggestion_count();
        let Some(ws) = &self.ws else { return };
        let p = ws.project();
        let chosen: Vec<suggest::Suggestion> = if all {
            self.parts
                .suggestions
                .list()
                .iter()
                .filter(|s| s.confidence >= ACCEPT_ALL_FROM)
                .cloned()
                .collect()
        } else {
            self.parts
                .suggestions
                .current_one()
                .cloned()
                .into_iter()
                .collect()
        };
        if chosen.is_empty() || n == 0 || !self.parts.suggestions.shown {
            self.status
                .hint("No suggestion to accept: press S to show the article's suggestions.");
            return;
        }
        let who = self.prefs.annotator.clone();
        let edits: Vec<crate::edit::Edit> = chosen
            .iter()
            .filter_map(|s| suggest::accept(p, s, &who))
            .collect();
        let count = edits.len();
        if self.apply_edit(crate::edit::Edit::Batch(edits)) {
            self.status.done(format!(
                "Accepted {count} suggested attribution(s): claim, source, cue, link and stance. Ctrl+Z takes {} back.",
                if count == 1 { "it" } else { "them" }
            ));
        }
    }

    /// Accept a suggested fact: a new fact with its claims, or its new
    /// claims added to the fact it extends (one undoable edit).
    pub(super) fn accept_fact_suggestion(&mut self, i: usize) {
        let Some(ws) = &self.ws else { return };
        let Some(s) = self.parts.fact_suggestions.get(i).cloned() else {
            return;
        };
        let Some(edit) = suggest::facts::accept(ws.project(), &s, &self.prefs.annotator) else {
            self.status
                .hint("That suggestion no longer fits the project: its claims have changed.");
            return;
        };
        let created = crate::coding::created(&edit).or(s.fact);
        if self.apply_edit(edit) {
            self.sel.fact = created;
            self.status
                .done(format!("Accepted: {}. Ctrl+Z takes it back.", s.why()));
        }
    }

    /// Reject the current suggestion (remembered, so it does not come
    /// back); with no suggestion shown, Backspace deletes the selected span.
    pub(super) fn reject_suggestion(&mut self) {
        let n = self.suggestion_count();
        let current = self
            .parts
            .suggestions
            .current_one()
            .cloned()
            .filter(|_| self.parts.suggestions.shown && n > 0);
        let Some(s) = current else {
            self.run_delete_span();
            return;
        };
        let Some(ws) = &self.ws else { return };
        let edit = suggest::reject(ws.project(), &s, &self.prefs.annotator);
        if self.apply_edit(edit) {
            self.status.done(format!(
                "Rejected the suggestion: {}. It will not be suggested again.",
                s.why
            ));
        }
    }
}

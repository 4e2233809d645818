//! The Coders view's commands: settling where coders differ into the
//! curated version. The rules are in [`crate::adjudication`]; here they
//! meet the chosen item and the status line.

use super::ParallaxApp;
use crate::adjudication::{self, Item};
use crate::model::Id;
use crate::ui::coders_view;
use crate::ui::command::View;

/// What to do with the chosen item.
#[derive(Clone, Copy, Debug)]
pub(super) enum Decision {
    Accept(u8),
    KeepAll,
    Drop,
}

impl ParallaxApp {
    /// The article in the Coders view and its items that need a person.
    fn adjudication(&self) -> Option<(Id, Vec<Item>)> {
        if self.view != View::Coders {
            return None;
        }
        let ws = self.ws.as_ref()?;
        let article = self.sel.article?;
        Some((article, coders_view::open_items(ws.project(), article)))
    }

    /// (Whether a difference is shown, how many coders it has.)
    pub(super) fn adjudicating(&self) -> (bool, u8) {
        match self.adjudication() {
            Some((_, items)) => match self.parts.coders.current(&items) {
                Some(i) => (true, items[i].versions.len().min(9) as u8),
                None => (false, 0),
            },
            None => (false, 0),
        }
    }

    fn not_adjudicating(&mut self) {
        self.status
            .hint("Open the Coders view (View → Coders) on an article whose coders differ.");
    }

    pub(super) fn step_item(&mut self, by: isize) {
        let Some((_, items)) = self.adjudication().filter(|(_, i)| !i.is_empty()) else {
            return self.not_adjudicating();
        };
        self.parts.coders.step(&items, by, false);
    }

    pub(super) fn decide(&mut self, how: Decision) {
        let Some((_, items)) = self.adjudication() else {
            return self.not_adjudicating();
        };
        let Some(i) = self.parts.coders.current(&items) else {
            return self.not_adjudicating();
        };
        let Some(ws) = &self.ws else { return };
        let p = ws.project();
        let item = &items[i];
        let who = self.prefs.annotator.clone();
        let names: Vec<&str> = item.versions.iter().map(|v| v.coder.as_str()).collect();
        let (coded, said) = match how {
            Decision::Accept(n) => match names.get(usize::from(n)) {
                Some(name) => (
                    adjudication::accept(p, item, &[name], &who),
                    format!("Took {}'s version", shown(name)),
                ),
                None => {
                    self.status
                        .hint(format!("This place has {} coders.", names.len()));
                    return;
                }
            },
            Decision::KeepAll => (
                adjudication::accept(p, item, &names, &who),
                "Kept every coder's version".to_owned(),
            ),
            Decision::Drop => (
                adjudication::drop(p, item, &who),
                "Left it out of the curated version".to_owned(),
            ),
        };
        let edit = match coded {
            Ok(e) => e,
            Err(reason) => {
                self.status.hint(format!("{reason}."));
                return;
            }
        };
        if !self.apply_edit(edit) {
            return;
        }
        self.parts.coders.chosen = Some(item.key());
        let Some((_, items)) = self.adjudication() else {
            return;
        };
        let (done, total) = adjudication::progress(&items);
        self.status
            .done(format!("{said}: {done} of {total} resolved."));
        // On to the next place that needs a person.
        if done < total {
            self.parts.coders.step(&items, 1, true);
        }
    }

    pub(super) fn premerge(&mut self) {
        let (Some(ws), Some(article)) = (&self.ws, self.sel.article) else {
            return self.not_adjudicating();
        };
        match adjudication::premerge(ws.project(), article, &self.prefs.annotator) {
            Some((edit, n)) => {
                if self.apply_edit(edit) {
                    self.status.done(format!(
                        "Took {n} item(s) all coders agree on into the curated version (Ctrl+Z takes them back)."
                    ));
                }
            }
            None => self
                .status
                .hint("Everything the coders agree on here is in the curated version already."),
        }
    }
}

fn shown(name: &str) -> &str {
    if name.is_empty() {
        "(unnamed)"
    } else {
        name
    }
}

//! Suggested attributions in the text view: dashed outlines around each
//! suggestion's claim, source and cue (`S` shows or hides them), one of
//! them current (`Tab` / `Shift+Tab`), accepted with `Enter` or rejected
//! with `Backspace` through commands (see `app/suggesting.rs`). The rules
//! are in [`crate::suggest`]; nothing is in the project until accepted.

use egui::{Color32, Pos2, Rect, Shape, Stroke};

use super::document::{tag_color, DocumentView};
use crate::lexicon::Lexicon;
use crate::model::{Id, Project, ATTRIBUTION, CLAIM, SOURCE};
use crate::suggest::{self, Suggestion};

pub struct State {
    pub shown: bool,
    pub current: usize,
    lexicon: Lexicon,
    /// (generation, revision, article) the suggestions are for.
    key: Option<(u64, u64, Id)>,
    list: Vec<Suggestion>,
}

impl Default for State {
    fn default() -> Self {
        Self {
            shown: false,
            current: 0,
            lexicon: Lexicon::english(),
            key: None,
            list: Vec::new(),
        }
    }
}

impl State {
    /// The suggestions for an article, worked out again when the project
    /// changes (one article's sentences: quick).
    pub fn of(
        &mut self,
        p: &Project,
        generation: u64,
        revision: u64,
        article: Id,
    ) -> &[Suggestion] {
        let key = (generation, revision, article);
        if self.key != Some(key) {
            self.list = suggest::project(&self.lexicon, p, Some(article));
            self.key = Some(key);
            self.current = self.current.min(self.list.len().saturating_sub(1));
        }
        &self.list
    }

    /// The suggestions last worked out.
    pub fn list(&self) -> &[Suggestion] {
        &self.list
    }

    pub fn current_one(&self) -> Option<&Suggestion> {
        self.list.get(self.current)
    }
}

/// Screen rectangles of a code point range, a rectangle per line.
fn rects(doc: &DocumentView, range: std::ops::Range<usize>) -> Vec<Rect> {
    let mut out: Vec<Rect> = Vec::new();
    for c in range {
        let Some(r) = doc.char_rect(c) else { continue };
        match out.last_mut() {
            Some(last) if (last.center().y - r.center().y).abs() < r.height() / 2.0 => {
                *last = last.union(r);
            }
            _ => out.push(r),
        }
    }
    out
}

fn dashed(painter: &egui::Painter, r: Rect, stroke: Stroke) {
    let r = r.expand(1.5);
    let corners = [
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ];
    let points: Vec<Pos2> = corners.to_vec();
    painter.extend(Shape::dashed_line(&points, stroke, 4.0, 3.0));
}

/// Outline the suggestions over the text drawn this frame.
pub fn draw(ui: &egui::Ui, doc: &DocumentView, p: &Project, state: &State) {
    if !state.shown {
        return;
    }
    let painter = ui.painter().with_clip_rect(doc.visible_rect());
    for (i, s) in state.list.iter().enumerate() {
        let width = if i == state.current { 2.0 } else { 1.0 };
        let parts = [
            (Some(s.claim.clone()), CLAIM),
            (s.source.clone(), SOURCE),
            (Some(s.cue.clone()), ATTRIBUTION),
        ];
        for (range, tag) in parts {
            let Some(range) = range else { continue };
            let color: Color32 = tag_color(p, tag);
            for r in rects(doc, range) {
                dashed(&painter, r, Stroke::new(width, color));
            }
        }
    }
}

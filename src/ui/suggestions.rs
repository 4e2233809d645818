//! Suggested attributions in the text view: dashed outlines around each
//! suggestion's claim, source and cue (`S` shows or hides them), one of
//! them current (`Tab` / `Shift+Tab`), accepted with `Enter` or rejected
//! with `Backspace` through commands (see `app/suggesting.rs`). The rules
//! are in [`crate::suggest`]; nothing is in the project until accepted.

use std::ops::Range;
use std::sync::Arc;

use egui::{Color32, Pos2, Rect, Shape, Stroke};

use super::background::Job;
use super::document::{tag_color, DocumentView};
use crate::lexicon::Lexicon;
use crate::model::{Id, Project, ATTRIBUTION, CLAIM, SOURCE};
use crate::suggest::{self, Suggestion};
use crate::workspace::Workspace;

/// What an article's text was when its suggestions were found: the
/// project's generation, the article, the articles' version.
type TextKey = (u64, Id, u64);

pub struct State {
    pub shown: bool,
    pub current: usize,
    lexicon: Arc<Lexicon>,
    /// The open article's suggestions as found in its text (coded or not).
    found: Option<(TextKey, Vec<Suggestion>)>,
    /// Finding them, off the UI thread.
    job: Option<(TextKey, Job<Vec<Suggestion>>)>,
    /// The revision `list` was filtered for.
    key: Option<(TextKey, u64)>,
    /// Those still open: not coded, not rejected.
    list: Vec<Suggestion>,
}

impl Default for State {
    fn default() -> Self {
        Self {
            shown: false,
            current: 0,
            lexicon: Arc::new(Lexicon::english()),
            found: None,
            job: None,
            key: None,
            list: Vec::new(),
        }
    }
}

impl State {
    /// Keep the open article's suggestions current: find them off the UI
    /// thread when the article or its text changes, and leave out those
    /// coded or rejected since. True when new ones arrived this frame.
    pub fn update(
        &mut self,
        ws: &Workspace,
        generation: u64,
        article: Id,
        boilerplate: &[Range<usize>],
        ctx: &egui::Context,
    ) -> bool {
        let p = ws.project();
        let text: TextKey = (generation, article, p.articles_version());
        let mut arrived = false;
        if let Some((k, job)) = &self.job {
            if let Some(result) = job.poll() {
                if *k == text {
                    self.found = Some((*k, result.unwrap_or_default()));
                    arrived = true;
                }
                self.job = None;
            }
        }
        let have = self.found.as_ref().is_some_and(|(k, _)| *k == text);
        if !have && self.job.is_none() {
            if let Some(a) = p.article_index(article).map(|i| p.articles()[i].clone()) {
                let lexicon = self.lexicon.clone();
                let skip = boilerplate.to_vec();
                let job = Job::spawn(ctx, move || suggest::in_article(&lexicon, &a, &skip));
                self.job = Some((text, job));
            }
        }
        let key = (text, ws.revision());
        if self.key != Some(key) || arrived {
            self.list = match &self.found {
                Some((k, all)) if *k == text => {
                    let rejected = suggest::rejected(p);
                    all.iter()
                        .filter(|s| suggest::is_open(p, &rejected, s))
                        .cloned()
                        .collect()
                }
                _ => Vec::new(),
            };
            self.key = have.then_some(key).or(arrived.then_some(key));
            self.current = self.current.min(self.list.len().saturating_sub(1));
        }
        arrived
    }

    /// Whether suggestions are being looked for.
    pub fn working(&self) -> bool {
        self.job.is_some()
    }

    /// The open article's suggestions, as last worked out.
    pub fn list(&self) -> &[Suggestion] {
        &self.list
    }

    pub fn current_one(&self) -> Option<&Suggestion> {
        self.list.get(self.current)
    }
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
            for r in doc.range_rects(range) {
                dashed(&painter, r, Stroke::new(width, color));
            }
        }
    }
}

//! What is selected, shared by every panel: the article, a stretch of its
//! text, a span (and spans added to it with Ctrl+click), the fact whose
//! claims are highlighted, and what the pointer is over.

use crate::model::Id;

#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub article: Option<Id>,
    /// (anchor, head) in code points of the current article.
    pub text: Option<(usize, usize)>,
    pub span: Option<Id>,
    pub hovered: Option<Id>,
    /// The code point last clicked; stacked spans are cycled there.
    pub point: Option<usize>,
    /// Spans added with Ctrl+click (to link with the selected one).
    pub extra: Vec<Id>,
    /// The fact whose claims are highlighted.
    pub fact: Option<Id>,
}

impl Selection {
    pub fn text_range(&self) -> Option<std::ops::Range<usize>> {
        self.text
            .map(|(a, h)| a.min(h)..a.max(h))
            .filter(|r| !r.is_empty())
    }

    /// The selected span and the spans Ctrl+clicked with it.
    pub fn spans(&self) -> Vec<Id> {
        self.span
            .into_iter()
            .chain(self.extra.iter().copied())
            .collect()
    }
}

//! Filters and toggles of the side panels, kept for the session.

#[derive(Clone, Debug, Default)]
pub struct PanelState {
    pub article_filter: String,
    pub span_filter: String,
    pub span_tag: Option<String>,
    /// Only the spans of this annotator.
    pub span_annotator: Option<String>,
    pub all_articles: bool,
}

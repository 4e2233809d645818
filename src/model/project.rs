//! The project: articles, spans, links and facts, kept consistent.
//!
//! Reading is public; changing spans, links and facts goes through
//! [`crate::edit::Edit`] so that every change can be undone. Spans are
//! indexed per article in text order, so that a view of one paragraph of a
//! long article touches only the spans that overlap it.
//!
//! Articles and spans are shared (`Arc`) records: a change replaces one, so
//! a copy of the whole project (for saving it on another thread) costs a
//! pointer per record rather than a copy of every string.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use super::{Article, Conflict, Fact, Id, IdMap, IdSet, Link, Ruling, Schema, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    start: usize,
    end: usize,
    id: Id,
}

impl Key {
    fn of(s: &Span) -> Self {
        Key {
            start: s.start,
            end: s.end,
            id: s.id,
        }
    }
}

#[derive(Clone, Debug, Default)]
struct ArticleSpans {
    keys: Vec<Key>,
    /// An upper bound on the longest span, to bound overlap queries.
    max_len: usize,
    /// Spans per tag, kept as spans come and go (the article list shows
    /// them for thousands of articles).
    tags: Vec<(String, usize)>,
}

impl ArticleSpans {
    fn count(&mut self, tag: &str, up: bool) {
        match self.tags.iter_mut().find(|(t, _)| t == tag) {
            Some((_, n)) if up => *n += 1,
            Some((_, n)) => *n = n.saturating_sub(1),
            None if up => self.tags.push((tag.to_owned(), 1)),
            None => {}
        }
    }
}

/// A project's records without its indexes, for work on another thread:
/// taking one copies a pointer per article and span (shared records) and
/// the links and facts themselves, which are small. [`Snapshot::ordered`]
/// puts the spans in the order project files list them.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub schema: Schema,
    pub outlet_order: Vec<String>,
    pub articles: Vec<Arc<Article>>,
    pub spans: Vec<Arc<Span>>,
    pub links: Vec<Link>,
    pub facts: Vec<Fact>,
    pub orphans: Vec<Span>,
    pub conflicts: Vec<Conflict>,
    pub rulings: Vec<Ruling>,
}

impl Snapshot {
    /// Spans article by article in project order, each in text order
    /// (start, then end, then id), as [`Project::all_spans`] gives them.
    pub fn ordered(mut self) -> Self {
        let position: IdMap<usize> = self
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id, i))
            .collect();
        self.spans.sort_unstable_by_key(|s| {
            (
                position.get(&s.article).copied().unwrap_or(usize::MAX),
                s.start,
                s.end,
                s.id,
            )
        });
        self
    }
}

#[derive(Clone, Debug, Default)]
pub struct Project {
    pub schema: Schema,
    /// Outlets in the order the analyst wants them compared; outlets not
    /// listed follow in alphabetical order.
    pub outlet_order: Vec<String>,
    articles: Vec<Arc<Article>>,
    article_pos: IdMap<usize>,
    /// Spans in no particular order; `span_pos` finds them by id.
    spans: Vec<Arc<Span>>,
    span_pos: IdMap<usize>,
    by_article: IdMap<ArticleSpans>,
    links: BTreeMap<Id, Link>,
    /// The links that mention each span, in any role (the inspector, the
    /// text view and the comparison ask this for every claim they show).
    links_by_span: IdMap<Vec<Id>>,
    facts: Vec<Fact>,
    /// Spans that re-anchoring could not place in their article's new text,
    /// kept with their quote until the analyst places or deletes them.
    orphans: BTreeMap<Id, Span>,
    /// What a merge left for a person to decide (see [`crate::merge`]).
    conflicts: Vec<Conflict>,
    /// Places where the adjudicator left the coders' spans or links out
    /// of the curated version (see [`crate::adjudication`]).
    rulings: Vec<Ruling>,
    articles_version: u64,
    /// Bumped by every change to a fact (see [`Project::facts_version`]).
    facts_version: u64,
}

/// Equality of content, ignoring index layout.
impl PartialEq for Project {
    fn eq(&self, other: &Self) -> bool {
        self.schema == other.schema
            && self.outlet_order == other.outlet_order
            && self.articles == other.articles
            && self.span_count() == other.span_count()
            && self.all_spans().eq(other.all_spans())
            && self.links == other.links
            && self.orphans == other.orphans
            && self.facts == other.facts
            && self.conflicts == other.conflicts
            && self.rulings == other.rulings
    }
}

impl Project {
    pub fn new(schema: Schema) -> Self {
        Self {
            schema,
            ..Self::default()
        }
    }

    /// The records, to save on another thread (see [`Snapshot`]).
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            schema: self.schema.clone(),
            outlet_order: self.outlet_order.clone(),
            articles: self.articles.clone(),
            spans: self.spans.clone(),
            links: self.links.values().cloned().collect(),
            facts: self.facts.clone(),
            orphans: self.orphans.values().cloned().collect(),
            conflicts: self.conflicts.clone(),
            rulings: self.rulings.clone(),
        }
    }

    /// A project rebuilt from a snapshot, indexes and all: for work on
    /// another thread that reads a whole large project (the comparison, an
    /// import's plan, an export), while the analyst goes on editing the
    /// original.
    pub fn from_snapshot(s: Snapshot) -> Self {
        let mut p = Project::new(s.schema);
        p.outlet_order = s.outlet_order;
        for a in s.articles {
            p.article_pos.insert(a.id, p.articles.len());
            p.by_article.entry(a.id).or_default();
            p.articles.push(a);
        }
        p.insert_spans(s.spans);
        for l in s.links {
            p.insert_link(l);
        }
        p.facts = s.facts;
        for o in s.orphans {
            p.insert_orphan(o);
        }
        p.conflicts = s.conflicts;
        p.rulings = s.rulings;
        p
    }

    /// The project as one annotator coded it: their spans, and the links
    /// and fact memberships among those (facts themselves all stay), for
    /// views that would otherwise count every coder's claim of a fact.
    pub fn of_annotator(&self, annotator: &str) -> Project {
        let mut s = self.snapshot();
        s.spans.retain(|x| x.annotator == annotator);
        let kept: IdSet = s.spans.iter().map(|x| x.id).collect();
        s.links.retain_mut(|l| {
            if !kept.contains(&l.claim) {
                return false;
            }
            l.source = l.source.filter(|x| kept.contains(x));
            l.cue = l.cue.filter(|x| kept.contains(x));
            l.source.is_some() || l.cue.is_some()
        });
        for f in &mut s.facts {
            f.members.retain(|m| kept.contains(&m.span));
        }
        s.orphans.clear();
        Project::from_snapshot(s)
    }

    /// An id not used by anything in the project.
    pub fn new_id(&self) -> Id {
        loop {
            let id = Id::random();
            if !self.id_in_use(id) {
                return id;
            }
        }
    }

    pub fn id_in_use(&self, id: Id) -> bool {
        self.span_pos.contains_key(&id)
            || self.links.contains_key(&id)
            || self.article_pos.contains_key(&id)
            || self.orphans.contains_key(&id)
            || self.facts.iter().any(|f| f.id == id)
    }

    // ----- articles -----

    pub fn articles(&self) -> &[Arc<Article>] {
        &self.articles
    }

    pub fn article(&self, id: Id) -> Option<&Article> {
        self.article_pos.get(&id).map(|&i| &*self.articles[i])
    }

    pub fn article_index(&self, id: Id) -> Option<usize> {
        self.article_pos.get(&id).copied()
    }

    pub(crate) fn article_mut(&mut self, id: Id) -> Option<&mut Article> {
        let i = *self.article_pos.get(&id)?;
        self.articles_version += 1;
        Some(Arc::make_mut(&mut self.articles[i]))
    }

    /// Add an article; fails when its id is taken.
    pub fn add_article(&mut self, article: Article) -> Result<(), String> {
        if self.id_in_use(article.id) {
            return Err(format!("id {} is used twice", article.id));
        }
        self.articles_version += 1;
        self.article_pos.insert(article.id, self.articles.len());
        self.by_article.entry(article.id).or_default();
        self.articles.push(Arc::new(article));
        Ok(())
    }

    /// Outlets in comparison order: the analyst's order, then the rest
    /// alphabetically.
    pub fn outlets(&self) -> Vec<String> {
        // Each outlet once, before anything is copied or sorted: a study
        // has thousands of articles and a few dozen outlets.
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let mut rest: Vec<&str> = self
            .articles
            .iter()
            .map(|a| a.meta.outlet.as_str())
            .filter(|o| seen.insert(o))
            .filter(|o| !self.outlet_order.iter().any(|x| x == o))
            .collect();
        rest.sort_unstable();
        self.outlet_order
            .iter()
            .filter(|o| seen.contains(o.as_str()))
            .cloned()
            .chain(rest.into_iter().map(str::to_owned))
            .collect()
    }

    // ----- spans -----

    /// Add many spans at once (loading a file): one sort per article
    /// instead of one insertion each. Ids must be new.
    pub(crate) fn insert_spans(&mut self, spans: Vec<Arc<Span>>) {
        self.span_pos.reserve(spans.len());
        let first = self.spans.len();
        if first == 0 {
            // Take the vector as it is rather than copying it.
            self.spans = spans;
        } else {
            self.spans.extend(spans);
        }
        let mut touched = Vec::new();
        for (i, s) in self.spans.iter().enumerate().skip(first) {
            self.span_pos.insert(s.id, i);
            let entry = self.by_article.entry(s.article).or_default();
            if entry.keys.last().is_some_and(|k| *k > Key::of(s)) {
                touched.push(s.article);
            }
            entry.keys.push(Key::of(s));
            entry.max_len = entry.max_len.max(s.len());
            entry.count(&s.tag, true);
        }
        touched.sort_unstable();
        touched.dedup();
        for a in touched {
            if let Some(entry) = self.by_article.get_mut(&a) {
                entry.keys.sort_unstable();
            }
        }
    }

    pub fn span(&self, id: Id) -> Option<&Span> {
        self.span_pos.get(&id).map(|&i| &*self.spans[i])
    }

    pub fn span_count(&self) -> usize {
        self.spans.len()
    }

    /// The spans of an article in text order (start, then end, then id).
    pub fn spans_of(&self, article: Id) -> impl DoubleEndedIterator<Item = &Span> + '_ {
        self.by_article
            .get(&article)
            .map(|a| a.keys.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|k| &*self.spans[self.span_pos[&k.id]])
    }

    /// How many of an article's spans carry `tag`.
    pub fn tag_count_of(&self, article: Id, tag: &str) -> usize {
        self.by_article.get(&article).map_or(0, |a| {
            a.tags.iter().find(|(t, _)| t == tag).map_or(0, |(_, n)| *n)
        })
    }

    /// Changes whenever an article is added or its metadata, text or the
    /// outlet order changes: what lists of articles are keyed on.
    pub fn articles_version(&self) -> u64 {
        self.articles_version
    }

    pub(crate) fn touch_articles(&mut self) {
        self.articles_version += 1;
    }

    pub fn span_count_of(&self, article: Id) -> usize {
        self.by_article.get(&article).map_or(0, |a| a.keys.len())
    }

    /// All spans, article by article in project order, each in text order.
    pub fn all_spans(&self) -> impl Iterator<Item = &Span> + '_ {
        self.articles.iter().flat_map(|a| self.spans_of(a.id))
    }

    /// Spans of `article` that overlap the code point range, in text order.
    pub fn spans_overlapping(
        &self,
        article: Id,
        range: Range<usize>,
    ) -> impl Iterator<Item = &Span> + '_ {
        let (keys, max_len) = self
            .by_article
            .get(&article)
            .map_or((&[][..], 0), |a| (a.keys.as_slice(), a.max_len));
        let from = range.start.saturating_sub(max_len);
        let first = keys.partition_point(|k| k.start < from);
        let last = keys.partition_point(|k| k.start < range.end);
        keys[first..last.max(first)]
            .iter()
            .filter(move |k| k.end > range.start && k.start < range.end)
            .map(|k| &*self.spans[self.span_pos[&k.id]])
    }

    /// Spans of `article` with the same tag and range, used to avoid duplicates.
    pub fn find_span(&self, article: Id, tag: &str, range: Range<usize>) -> Option<&Span> {
        let a = self.by_article.get(&article)?;
        let first = a
            .keys
            .partition_point(|k| (k.start, k.end) < (range.start, range.end));
        a.keys[first..]
            .iter()
            .take_while(|k| k.start == range.start && k.end == range.end)
            .map(|k| &*self.spans[self.span_pos[&k.id]])
            .find(|s| s.tag == tag)
    }

    pub(crate) fn insert_span(&mut self, span: Span) {
        let entry = self.by_article.entry(span.article).or_default();
        let key = Key::of(&span);
        let at = entry.keys.partition_point(|k| *k < key);
        entry.keys.insert(at, key);
        entry.max_len = entry.max_len.max(span.len());
        entry.count(&span.tag, true);
        self.span_pos.insert(span.id, self.spans.len());
        self.spans.push(Arc::new(span));
    }

    pub(crate) fn take_span(&mut self, id: Id) -> Option<Span> {
        let pos = self.span_pos.remove(&id)?;
        let span = Arc::unwrap_or_clone(self.spans.swap_remove(pos));
        if let Some(moved) = self.spans.get(pos) {
            self.span_pos.insert(moved.id, pos);
        }
        if let Some(entry) = self.by_article.get_mut(&span.article) {
            let key = Key::of(&span);
            if let Ok(at) = entry.keys.binary_search(&key) {
                entry.keys.remove(at);
            }
            entry.count(&span.tag, false);
        }
        Some(span)
    }

    // ----- orphans -----

    pub fn orphans(&self) -> impl Iterator<Item = &Span> + '_ {
        self.orphans.values()
    }

    pub fn orphan(&self, id: Id) -> Option<&Span> {
        self.orphans.get(&id)
    }

    pub fn orphan_count(&self) -> usize {
        self.orphans.len()
    }

    /// A span, placed or orphaned.
    pub fn span_or_orphan(&self, id: Id) -> Option<&Span> {
        self.span(id).or_else(|| self.orphan(id))
    }

    pub(crate) fn insert_orphan(&mut self, span: Span) {
        self.orphans.insert(span.id, span);
    }

    pub(crate) fn take_orphan(&mut self, id: Id) -> Option<Span> {
        self.orphans.remove(&id)
    }

    // ----- links -----

    pub fn links(&self) -> impl Iterator<Item = &Link> + '_ {
        self.links.values()
    }

    pub fn link(&self, id: Id) -> Option<&Link> {
        self.links.get(&id)
    }

    pub fn link_count(&self) -> usize {
        self.links.len()
    }

    /// Links that mention a span in any role, in id order.
    pub fn links_of(&self, span: Id) -> impl Iterator<Item = &Link> + '_ {
        self.links_by_span
            .get(&span)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|id| self.links.get(id))
    }

    pub(crate) fn insert_link(&mut self, link: Link) {
        for span in link.spans() {
            let ids = self.links_by_span.entry(span).or_default();
            if let Err(at) = ids.binary_search(&link.id) {
                ids.insert(at, link.id);
            }
        }
        self.links.insert(link.id, link);
    }

    pub(crate) fn take_link(&mut self, id: Id) -> Option<Link> {
        let link = self.links.remove(&id)?;
        for span in link.spans() {
            if let Some(ids) = self.links_by_span.get_mut(&span) {
                ids.retain(|l| *l != id);
                if ids.is_empty() {
                    self.links_by_span.remove(&span);
                }
            }
        }
        Some(link)
    }

    // ----- facts -----

    pub fn facts(&self) -> &[Fact] {
        &self.facts
    }

    pub fn fact(&self, id: Id) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id == id)
    }

    pub fn fact_index(&self, id: Id) -> Option<usize> {
        self.facts.iter().position(|f| f.id == id)
    }

    /// Facts that have `span` as a member.
    pub fn facts_of(&self, span: Id) -> impl Iterator<Item = &Fact> + '_ {
        self.facts.iter().filter(move |f| f.member(span).is_some())
    }

    /// Changes whenever a fact is added, removed or changed: what views of
    /// facts alone are keyed on (a new span leaves them as they are).
    pub fn facts_version(&self) -> u64 {
        self.facts_version
    }

    /// What a merge left for a person to decide.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    pub fn conflict(&self, id: Id) -> Option<&Conflict> {
        self.conflicts.iter().find(|c| c.id == id)
    }

    pub(crate) fn set_conflicts(&mut self, conflicts: Vec<Conflict>) {
        self.conflicts = conflicts;
    }

    pub(crate) fn take_conflict(&mut self, id: Id) -> Option<Conflict> {
        let i = self.conflicts.iter().position(|c| c.id == id)?;
        Some(self.conflicts.remove(i))
    }

    pub(crate) fn insert_conflict(&mut self, c: Conflict) {
        self.conflicts.push(c);
    }

    // ----- rulings -----

    pub fn rulings(&self) -> &[Ruling] {
        &self.rulings
    }

    pub(crate) fn set_rulings(&mut self, rulings: Vec<Ruling>) {
        self.rulings = rulings;
    }

    pub(crate) fn take_ruling(&mut self, id: Id) -> Option<Ruling> {
        let i = self.rulings.iter().position(|r| r.id == id)?;
        Some(self.rulings.remove(i))
    }

    pub(crate) fn insert_ruling(&mut self, r: Ruling) {
        self.rulings.push(r);
    }

    pub(crate) fn insert_fact(&mut self, index: usize, fact: Fact) {
        self.facts_version += 1;
        let index = index.min(self.facts.len());
        self.facts.insert(index, fact);
    }

    pub(crate) fn take_fact(&mut self, id: Id) -> Option<(usize, Fact)> {
        let i = self.fact_index(id)?;
        self.facts_version += 1;
        Some((i, self.facts.remove(i)))
    }

    pub(crate) fn fact_mut(&mut self, id: Id) -> Option<&mut Fact> {
        self.facts_version += 1;
        self.facts.iter_mut().find(|f| f.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ArticleMeta;

    fn project_with(text: &str) -> (Project, Id) {
        let mut p = Project::new(Schema::default());
        let a = Article::of_text(p.new_id(), text);
        let id = a.id;
        p.add_article(a).unwrap();
        (p, id)
    }

    #[test]
    fn overlap_queries_find_exactly_the_overlapping_spans() {
        let text = "x".repeat(1000);
        let (mut p, a) = project_with(&text);
        let ranges = [
            (0, 500),
            (10, 20),
            (15, 30),
            (100, 101),
            (400, 900),
            (990, 1000),
        ];
        for (s, e) in ranges {
            let id = p.new_id();
            let span = Span::new(id, p.article(a).unwrap(), "Claim", s..e, "").unwrap();
            p.insert_span(span);
        }
        for q in [
            (0, 1),
            (18, 19),
            (450, 460),
            (600, 995),
            (999, 1000),
            (501, 502),
        ] {
            let got: Vec<_> = p
                .spans_overlapping(a, q.0..q.1)
                .map(|s| (s.start, s.end))
                .collect();
            let want: Vec<_> = ranges
                .iter()
                .copied()
                .filter(|&(s, e)| s < q.1 && q.0 < e)
                .collect();
            assert_eq!(got, want, "query {q:?}");
        }
        let ordered: Vec<_> = p.spans_of(a).map(|s| s.start).collect();
        assert_eq!(ordered, vec![0, 10, 15, 100, 400, 990]);
    }

    #[test]
    fn a_project_rebuilt_from_its_snapshot_is_the_same() {
        let p = crate::synth::study(crate::synth::Size {
            articles: 12,
            chars_per_article: 900,
            spans: 300,
            facts: 3,
            outlets: 4,
        });
        let q = Project::from_snapshot(p.snapshot());
        assert_eq!(p, q);
        let a = p.articles()[3].id;
        assert_eq!(
            p.spans_overlapping(a, 100..300)
                .map(|s| s.id)
                .collect::<Vec<_>>(),
            q.spans_overlapping(a, 100..300)
                .map(|s| s.id)
                .collect::<Vec<_>>()
        );
        let claim = p.links().next().unwrap().claim;
        assert_eq!(p.links_of(claim).count(), q.links_of(claim).count());
        assert_eq!(p.tag_count_of(a, "Claim"), q.tag_count_of(a, "Claim"));
    }

    #[test]
    fn outlets_follow_the_analysts_order_then_alphabet() {
        let mut p = Project::new(Schema::default());
        for o in ["Zeta", "Alpha", "Mid", "Alpha"] {
            let meta = ArticleMeta {
                outlet: o.into(),
                ..Default::default()
            };
            let a = Article::new(
                p.new_id(),
                format!("{o}.txt"),
                "UTF-8".into(),
                String::new(),
                meta,
                "t".into(),
            );
            p.add_article(a).unwrap();
        }
        assert_eq!(p.outlets(), vec!["Alpha", "Mid", "Zeta"]);
        p.outlet_order = vec!["Mid".into(), "Gone".into()];
        assert_eq!(p.outlets(), vec!["Mid", "Alpha", "Zeta"]);
    }
}

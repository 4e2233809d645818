//! Facts × outlets: how each outlet framed each fact. For every fact and
//! every outlet, the claims the outlet made about it, whom it credited, with
//! which cue and stance, how sure it sounded and how prominently it placed
//! the claim; or that it left the fact out. Also per-outlet totals.
//! Pure data: the app's comparison view and the `compare` exports draw on it.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{
    Article, Fact, Id, IdMap, IdSet, Project, Relation, Span, ATTRIBUTION, CLAIM, SOURCE,
};

/// Where in its article a claim stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prominence {
    Headline,
    /// The first two paragraphs after the headline.
    Lede,
    Body,
}

impl fmt::Display for Prominence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Prominence::Headline => "headline",
            Prominence::Lede => "lede",
            Prominence::Body => "body",
        })
    }
}

/// An attribution of a claim: its source and cue (either may be missing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credit {
    pub link: Id,
    pub source: Option<Id>,
    pub source_text: String,
    pub source_type: String,
    pub cue: Option<Id>,
    pub cue_text: String,
    pub cue_stance: String,
}

/// One claim of an outlet about a fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    pub span: Id,
    pub article: Id,
    pub wording: String,
    pub relation: Relation,
    pub credits: Vec<Credit>,
    pub factuality: String,
    pub prominence: Prominence,
    /// Paragraph number: 0 for the headline, then 1, 2, … for the body.
    pub paragraph: usize,
}

impl Claim {
    /// "attributed" when any link credits it, else "outlet's own".
    pub fn voice(&self) -> &'static str {
        if self.credits.is_empty() {
            "outlet's own"
        } else {
            "attributed"
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// The outlet has articles but none carries the fact.
    Omitted,
    Carried(Vec<Claim>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub fact: Id,
    pub name: String,
    /// One per outlet, in [`Matrix::outlets`] order.
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn outlets_carrying(&self) -> usize {
        self.cells
            .iter()
            .filter(|c| matches!(c, Cell::Carried(_)))
            .count()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    pub outlets: Vec<String>,
    pub rows: Vec<Row>,
}

/// Paragraphs of a text as code point ranges (trimmed): split at blank
/// lines when the text has any, else at every line break.
pub fn paragraphs(text: &str) -> Vec<std::ops::Range<usize>> {
    let blank_line_mode = text.contains("\n\n");
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let mut pos = 0;
    for line in text.split('\n') {
        let n = crate::text::char_len(line);
        if line.trim().is_empty() {
            if let Some((s, e)) = current.take() {
                out.push(s..e);
            }
        } else {
            let lead = line.chars().take_while(|c| c.is_whitespace()).count();
            let trail = line.chars().rev().take_while(|c| c.is_whitespace()).count();
            let (start, end) = (pos + lead, pos + n - trail);
            match current.as_mut() {
                Some(c) if blank_line_mode => c.1 = end,
                _ => {
                    if let Some((s, e)) = current.take() {
                        out.push(s..e);
                    }
                    current = Some((start, end));
                }
            }
        }
        pos += n + 1;
    }
    if let Some((s, e)) = current {
        out.push(s..e);
    }
    out
}

fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Where a span stands in its article: headline, lede or body, and its
/// paragraph number (0 for the headline).
pub fn prominence(article: &Article, span: &Span) -> (Prominence, usize) {
    prominence_in(article, &paragraphs(article.text()), span)
}

/// [`prominence`] with the article's paragraphs worked out already.
fn prominence_in(
    article: &Article,
    paras: &[std::ops::Range<usize>],
    span: &Span,
) -> (Prominence, usize) {
    let Some(first) = paras.first() else {
        return (Prominence::Body, 1);
    };
    let first_text = article
        .slice(first.clone())
        .map(normalise)
        .unwrap_or_default();
    let title = normalise(&article.meta.title);
    let has_headline = !title.is_empty()
        && first.len() <= 300
        && (first_text == title || first_text.contains(&title) || title.contains(&first_text));
    let index = paras
        .iter()
        .position(|p| p.start <= span.start && span.start < p.end.max(p.start + 1))
        .unwrap_or_else(|| {
            // Between paragraphs: count the ones before it.
            paras
                .iter()
                .filter(|p| p.end <= span.start)
                .count()
                .saturating_sub(1)
        });
    let number = if has_headline { index } else { index + 1 };
    match number {
        0 => (Prominence::Headline, 0),
        1 | 2 => (Prominence::Lede, number),
        n => (Prominence::Body, n),
    }
}

fn credits_of(project: &Project, claim: Id) -> Vec<Credit> {
    project
        .links_of(claim)
        .filter(|l| l.claim == claim)
        .map(|l| {
            let source = l.source.and_then(|s| project.span(s));
            let cue = l.cue.and_then(|s| project.span(s));
            Credit {
                link: l.id,
                source: l.source,
                source_text: source.map(|s| s.quote.clone()).unwrap_or_default(),
                source_type: source
                    .and_then(|s| s.attributes.get("source_type").cloned())
                    .unwrap_or_default(),
                cue: l.cue,
                cue_text: cue.map(|s| s.quote.clone()).unwrap_or_default(),
                cue_stance: cue
                    .and_then(|s| s.attributes.get("cue_stance").cloned())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

fn claim_of(
    project: &Project,
    fact: &Fact,
    span: &Span,
    paras: &mut IdMap<Vec<std::ops::Range<usize>>>,
) -> Option<Claim> {
    let article = project.article(span.article)?;
    let paras = paras
        .entry(article.id)
        .or_insert_with(|| paragraphs(article.text()));
    let (prominence, paragraph) = prominence_in(article, paras, span);
    Some(Claim {
        span: span.id,
        article: span.article,
        wording: span.quote.clone(),
        relation: fact.member(span.id).map(|m| m.relation).unwrap_or_default(),
        credits: credits_of(project, span.id),
        factuality: span
            .attributes
            .get("factuality")
            .cloned()
            .unwrap_or_default(),
        prominence,
        paragraph,
    })
}

/// The comparison matrix over the project's facts and outlets.
pub fn matrix(project: &Project) -> Matrix {
    let outlets = project.outlets();
    let column: std::collections::HashMap<&str, usize> = outlets
        .iter()
        .enumerate()
        .map(|(i, o)| (o.as_str(), i))
        .collect();
    // Each article's paragraphs, worked out once for all its claims.
    let mut paras: IdMap<Vec<std::ops::Range<usize>>> = IdMap::default();
    let rows = project
        .facts()
        .iter()
        .map(|fact| {
            let mut cells: Vec<Vec<Claim>> = vec![Vec::new(); outlets.len()];
            for m in &fact.members {
                let Some(span) = project.span(m.span) else {
                    continue;
                };
                let Some(article) = project.article(span.article) else {
                    continue;
                };
                let Some(&col) = column.get(article.meta.outlet.as_str()) else {
                    continue;
                };
                if let Some(c) = claim_of(project, fact, span, &mut paras) {
                    cells[col].push(c);
                }
            }
            Row {
                fact: fact.id,
                name: fact.name.clone(),
                cells: cells
                    .into_iter()
                    .map(|mut claims| {
                        if claims.is_empty() {
                            Cell::Omitted
                        } else {
                            claims.sort_by_key(|c| (c.paragraph, c.span));
                            Cell::Carried(claims)
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Matrix { outlets, rows }
}

/// Totals for one outlet.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct OutletSummary {
    pub outlet: String,
    pub articles: usize,
    pub claims: usize,
    pub attributed: usize,
    pub own_voice: usize,
    pub sources_by_type: BTreeMap<String, usize>,
    pub cue_stances: BTreeMap<String, usize>,
    pub facts_carried: usize,
    pub facts_omitted: usize,
}

/// Per-outlet totals, in comparison order (of the matrix `m` of `project`).
pub fn summaries(project: &Project, m: &Matrix) -> Vec<OutletSummary> {
    let attributed: IdSet = project.links().map(|l| l.claim).collect();
    let mut by_outlet: std::collections::HashMap<&str, Vec<&Article>> =
        std::collections::HashMap::new();
    for a in project.articles() {
        by_outlet.entry(a.meta.outlet.as_str()).or_default().push(a);
    }
    // Counted by borrowed name in a short list first (there are few
    // values): a study has hundreds of thousands of spans.
    fn tally<'a>(list: &mut Vec<(&'a str, usize)>, value: &'a str) {
        match list.iter_mut().find(|(v, _)| *v == value) {
            Some((_, n)) => *n += 1,
            None => list.push((value, 1)),
        }
    }
    let count = |list: Vec<(&str, usize)>| -> BTreeMap<String, usize> {
        list.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    };
    m.outlets
        .iter()
        .enumerate()
        .map(|(col, outlet)| {
            let mut s = OutletSummary {
                outlet: outlet.clone(),
                ..Default::default()
            };
            let mut sources = Vec::new();
            let mut stances = Vec::new();
            for a in by_outlet.get(outlet.as_str()).into_iter().flatten() {
                s.articles += 1;
                for span in project.spans_of(a.id) {
                    match span.tag.as_str() {
                        CLAIM => {
                            s.claims += 1;
                            if attributed.contains(&span.id) {
                                s.attributed += 1;
                            } else {
                                s.own_voice += 1;
                            }
                        }
                        SOURCE => {
                            let t = span
                                .attributes
                                .get("source_type")
                                .map_or("unspecified", String::as_str);
                            tally(&mut sources, t);
                        }
                        ATTRIBUTION => {
                            let t = span
                                .attributes
                                .get("cue_stance")
                                .map_or("unspecified", String::as_str);
                            tally(&mut stances, t);
                        }
                        _ => {}
                    }
                }
            }
            s.sources_by_type = count(sources);
            s.cue_stances = count(stances);
            for row in &m.rows {
                match row.cells[col] {
                    Cell::Omitted => s.facts_omitted += 1,
                    Cell::Carried(_) => s.facts_carried += 1,
                }
            }
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_at_blank_lines_or_lines() {
        let t = "Title line\n\nFirst para\ncontinued.\n\n\nSecond.\n";
        let p = paragraphs(t);
        let texts: Vec<String> = p
            .iter()
            .map(|r| t.chars().skip(r.start).take(r.len()).collect())
            .collect();
        assert_eq!(
            texts,
            vec!["Title line", "First para\ncontinued.", "Second."]
        );
        let t = "One\nTwo 東京\nThree";
        let texts: Vec<String> = paragraphs(t)
            .iter()
            .map(|r| t.chars().skip(r.start).take(r.len()).collect())
            .collect();
        assert_eq!(texts, vec!["One", "Two 東京", "Three"]);
    }
}

//! Inter-coder agreement: how far two or more coders' projects agree, per
//! tag, overall and per article, with the coefficients content analyses
//! report.
//!
//! - `alpha_u`: Krippendorff's unitizing α (1995; 2004, ch. 12) per tag,
//!   computed as DKPro Statistics does; a coder's overlapping spans of one
//!   tag are joined first (the measure assumes they do not overlap).
//! - `alpha_cp`: nominal α with each code point a unit, valued by whether it
//!   lies in one of the coder's spans of the tag.
//! - `f1_exact`, `f1_overlap`: per pair of coders, spans of the tag matched
//!   by equal offsets or by any overlap; the mean over pairs.
//! - per attribute, nominal α over the spans all coders placed alike;
//! - `triples`: F1 of (claim, source, cue) matched by overlap;
//! - `facts`: F1 of the pairs of claims the coders put in one fact;
//! - κ on the tags of units at least two coders marked (Cohen's for two
//!   coders, Fleiss' for more).
//!
//! Coders' articles are matched by id, else by identical text.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use serde::Serialize;

use crate::model::{Id, IdMap, Project, Span};

/// One coder's work: a name and the project holding it.
pub struct Coder<'a> {
    pub name: String,
    pub project: &'a Project,
    /// Only spans by this annotator (one project, several annotators).
    pub annotator: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TagAgreement {
    pub alpha_u: Option<f64>,
    pub alpha_cp: Option<f64>,
    pub f1_exact: Option<f64>,
    pub f1_overlap: Option<f64>,
    /// Spans of the tag, all coders together.
    pub spans: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttributeAgreement {
    pub alpha: Option<f64>,
    pub units: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct F1 {
    pub f1: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kappa {
    /// "cohen" for two coders, "fleiss" for more.
    pub kind: &'static str,
    pub kappa: Option<f64>,
    pub units: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleAgreement {
    pub id: Id,
    pub path: String,
    pub title: String,
    pub tags: BTreeMap<String, TagAgreement>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub coders: Vec<String>,
    pub overall: BTreeMap<String, TagAgreement>,
    pub attributes: BTreeMap<String, AttributeAgreement>,
    pub triples: F1,
    pub facts: F1,
    pub kappa: Kappa,
    pub articles: Vec<ArticleAgreement>,
}

/// A span as agreement sees it: where, what, and by whom.
#[derive(Clone, Debug)]
struct Unit<'a> {
    /// Index of the article in the first coder's project.
    article: usize,
    start: usize,
    end: usize,
    span: &'a Span,
}

/// Each coder's spans, on the first coder's articles.
struct Aligned<'a> {
    /// (id, path, title, length) of each article every coder has.
    articles: Vec<(Id, String, String, usize)>,
    /// Per coder: article index in the coder's project → shared index.
    units: Vec<Vec<Unit<'a>>>,
    /// Per coder: span id → unit index (for links and facts).
    by_id: Vec<IdMap<usize>>,
}

fn align<'a>(coders: &[Coder<'a>]) -> Aligned<'a> {
    let first = coders[0].project;
    // An article every coder has: by id, else by identical text.
    let mut articles = Vec::new();
    let mut maps: Vec<IdMap<usize>> = vec![IdMap::default(); coders.len()];
    for a in first.articles() {
        // By id, else the first article of the same text not matched yet
        // (a story run twice has two copies).
        let found: Option<Vec<Id>> = coders
            .iter()
            .zip(&maps)
            .map(|(c, taken)| {
                c.project
                    .article(a.id)
                    .filter(|b| b.text() == a.text() && !taken.contains_key(&b.id))
                    .or_else(|| {
                        c.project
                            .articles()
                            .iter()
                            .find(|b| b.text() == a.text() && !taken.contains_key(&b.id))
                            .map(|b| &**b)
                    })
                    .map(|b| b.id)
            })
            .collect();
        if let Some(ids) = found {
            let i = articles.len();
            articles.push((a.id, a.path.clone(), a.label().to_owned(), a.len_chars()));
            for (m, id) in maps.iter_mut().zip(ids) {
                m.insert(id, i);
            }
        }
    }
    let mut units = Vec::new();
    let mut by_id = Vec::new();
    for (c, map) in coders.iter().zip(&maps) {
        let mut mine = Vec::new();
        let mut ids = IdMap::default();
        for s in c.project.all_spans() {
            if c.annotator.as_ref().is_some_and(|n| &s.annotator != n) {
                continue;
            }
            let Some(&article) = map.get(&s.article) else {
                continue;
            };
            ids.insert(s.id, mine.len());
            mine.push(Unit {
                article,
                start: s.start,
                end: s.end,
                span: s,
            });
        }
        units.push(mine);
        by_id.push(ids);
    }
    Aligned {
        articles,
        units,
        by_id,
    }
}

/// Agreement between `coders` (at least two).
pub fn agree(coders: &[Coder<'_>]) -> Report {
    let al = align(coders);
    let mut tags: BTreeSet<String> = BTreeSet::new();
    for c in coders {
        tags.extend(c.project.schema.tags.iter().map(|t| t.name.clone()));
    }
    let total_len: usize = al.articles.iter().map(|a| a.3).sum();
    let mut overall = BTreeMap::new();
    let mut per_article: Vec<BTreeMap<String, TagAgreement>> =
        vec![BTreeMap::new(); al.articles.len()];
    // Each coder's places per tag, sorted, in one pass over their spans.
    let mut by_tag: Vec<HashMap<&str, Vec<Place>>> = Vec::with_capacity(coders.len());
    for units in &al.units {
        let mut m: HashMap<&str, Vec<Place>> = HashMap::new();
        for u in units {
            m.entry(u.span.tag.as_str())
                .or_default()
                .push((u.article, u.start, u.end));
        }
        for v in m.values_mut() {
            v.sort_unstable();
        }
        by_tag.push(m);
    }
    let none: Vec<Place> = Vec::new();
    // Tags on threads of their own, and what is not per tag on another.
    let (per_tag, (attributes, triples, facts, kappa)) = std::thread::scope(|scope| {
        let al = &al;
        let by_tag = &by_tag;
        let none = &none;
        let jobs: Vec<_> = tags
            .iter()
            .map(|tag| {
                scope.spawn(move || {
                    let places: Vec<&Vec<Place>> = by_tag
                        .iter()
                        .map(|m| m.get(tag.as_str()).unwrap_or(none))
                        .collect();
                    tag_agreement(al, &places, total_len)
                })
            })
            .collect();
        let rest = (
            attributes(al),
            triples_f1(coders, al),
            facts_f1(coders, al),
            kappa(al),
        );
        let per_tag: Vec<(TagAgreement, Vec<TagAgreement>)> = jobs
            .into_iter()
            .map(|j| j.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect();
        (per_tag, rest)
    });
    for (tag, (whole, articles)) in tags.iter().zip(per_tag) {
        overall.insert(tag.clone(), whole);
        for (i, t) in articles.into_iter().enumerate() {
            per_article[i].insert(tag.clone(), t);
        }
    }
    Report {
        coders: coders.iter().map(|c| c.name.clone()).collect(),
        overall,
        attributes,
        triples: F1 { f1: triples },
        facts: F1 { f1: facts },
        kappa,
        articles: al
            .articles
            .iter()
            .zip(per_article)
            .map(|((id, path, title, _), tags)| ArticleAgreement {
                id: *id,
                path: path.clone(),
                title: title.clone(),
                tags,
            })
            .collect(),
    }
}

/// The annotators of one project's spans, as coders (the curated version
/// is not a coder; see [`against_curated`]).
pub fn annotators(p: &Project) -> Vec<Coder<'_>> {
    let names: BTreeSet<&str> = p
        .all_spans()
        .map(|s| s.annotator.as_str())
        .filter(|a| *a != crate::adjudication::CURATOR)
        .collect();
    names
        .into_iter()
        .map(|n| Coder {
            name: if n.is_empty() {
                "(unnamed)".into()
            } else {
                n.to_owned()
            },
            project: p,
            annotator: Some(n.to_owned()),
        })
        .collect()
}

/// Agreement between a project's annotators; `None` with fewer than two.
pub fn of_annotators(p: &Project) -> Option<Report> {
    let coders = annotators(p);
    (coders.len() >= 2).then(|| agree(&coders))
}

/// Each coder against the curated version, one report per coder.
pub fn against_curated(coders: &[Coder<'_>], curated: &Coder<'_>) -> Vec<Report> {
    coders
        .iter()
        .map(|c| {
            agree(&[
                Coder {
                    name: c.name.clone(),
                    project: c.project,
                    annotator: c.annotator.clone(),
                },
                Coder {
                    name: curated.name.clone(),
                    project: curated.project,
                    annotator: curated.annotator.clone(),
                },
            ])
        })
        .collect()
}

/// One tag's agreement over the whole study and per article.
fn tag_agreement(
    al: &Aligned<'_>,
    places: &[&Vec<Place>],
    total_len: usize,
) -> (TagAgreement, Vec<TagAgreement>) {
    // Each coder's spans of the tag, per article, joined where they overlap.
    let ranges: Vec<Vec<Vec<Range<usize>>>> = places
        .iter()
        .map(|list| {
            let mut per: Vec<Vec<Range<usize>>> = vec![Vec::new(); al.articles.len()];
            for p in list.iter() {
                per[p.0].push(p.1..p.2);
            }
            per.into_iter().map(join).collect()
        })
        .collect();
    let all: Vec<&[Place]> = places.iter().map(|v| v.as_slice()).collect();
    // The whole study as one continuum: articles end to end.
    let mut offset = 0;
    let mut whole: Vec<Vec<Range<usize>>> = vec![Vec::new(); places.len()];
    for (i, a) in al.articles.iter().enumerate() {
        for (c, r) in ranges.iter().enumerate() {
            whole[c].extend(r[i].iter().map(|x| x.start + offset..x.end + offset));
        }
        offset += a.3;
    }
    let overall = TagAgreement {
        alpha_u: alpha_u(&whole, total_len),
        alpha_cp: alpha_cp(&whole, total_len),
        f1_exact: pairwise_f1(&all, false),
        f1_overlap: pairwise_f1(&all, true),
        spans: all.iter().map(|l| l.len()).sum(),
    };
    let articles = al
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let here: Vec<Vec<Range<usize>>> = ranges.iter().map(|r| r[i].clone()).collect();
            let lists: Vec<&[Place]> = all.iter().map(|l| in_article(l, i)).collect();
            TagAgreement {
                alpha_u: alpha_u(&here, a.3),
                alpha_cp: alpha_cp(&here, a.3),
                f1_exact: pairwise_f1(&lists, false),
                f1_overlap: pairwise_f1(&lists, true),
                spans: lists.iter().map(|l| l.len()).sum(),
            }
        })
        .collect();
    (overall, articles)
}

/// Ranges joined where they overlap (touching ones stay apart), in order.
fn join(mut r: Vec<Range<usize>>) -> Vec<Range<usize>> {
    r.sort_by_key(|x| (x.start, x.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(r.len());
    for x in r {
        match out.last_mut() {
            Some(last) if x.start < last.end => last.end = last.end.max(x.end),
            _ => out.push(x),
        }
    }
    out
}

/// A coder's continuum cut into segments: (start, end, is a unit).
fn segments(units: &[Range<usize>], len: usize) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::with_capacity(units.len() * 2 + 1);
    let mut at = 0;
    for u in units {
        if u.start > at {
            out.push((at, u.start, false));
        }
        out.push((u.start, u.end, true));
        at = u.end;
    }
    if at < len {
        out.push((at, len, false));
    }
    out
}

/// Krippendorff's α_U for one category on a continuum of `len` positions;
/// `coders[c]` are coder c's units, in order, not overlapping.
pub fn alpha_u(coders: &[Vec<Range<usize>>], len: usize) -> Option<f64> {
    let (d_o, d_e) = unitizing_disagreement(coders, len)?;
    if d_e == 0.0 {
        return None;
    }
    Some(if d_o == d_e { 0.0 } else { 1.0 - d_o / d_e })
}

/// Observed and expected disagreement of α_U (Krippendorff 1995).
pub fn unitizing_disagreement(coders: &[Vec<Range<usize>>], len: usize) -> Option<(f64, f64)> {
    let r = coders.len();
    if r < 2 || len < 2 {
        return None;
    }
    let l = len as f64;
    let segs: Vec<Vec<(usize, usize, bool)>> = coders.iter().map(|u| segments(u, len)).collect();
    // Observed: every pair of overlapping segments of two coders.
    let mut observed = 0.0;
    for i in 0..r {
        for j in i + 1..r {
            let (a, b) = (&segs[i], &segs[j]);
            let (mut x, mut y) = (0, 0);
            while x < a.len() && y < b.len() {
                observed += distance(a[x], b[y]);
                if a[x].1 <= b[y].1 {
                    x += 1;
                } else {
                    y += 1;
                }
            }
        }
    }
    let d_o = 2.0 * observed / ((r * (r - 1)) as f64 * l * l);
    // Expected: every unit against every place it could fall in any gap.
    let lengths: Vec<f64> = coders
        .iter()
        .flatten()
        .map(|u| (u.end - u.start) as f64)
        .collect();
    let n_c = lengths.len() as f64;
    let mut gaps: Vec<f64> = segs
        .iter()
        .flatten()
        .filter(|s| !s.2)
        .map(|s| (s.1 - s.0) as f64)
        .collect();
    gaps.sort_by(|a, b| a.total_cmp(b));
    // Sums of the gaps from each index to the end, to add the gaps at
    // least as long as a unit at once.
    let mut tail = vec![0.0; gaps.len() + 1];
    for k in (0..gaps.len()).rev() {
        tail[k] = tail[k + 1] + gaps[k];
    }
    let mut sum = 0.0;
    let mut squared = 0.0;
    for &len_u in &lengths {
        squared += len_u * (len_u - 1.0);
        let first = gaps.partition_point(|g| *g < len_u);
        let count = (gaps.len() - first) as f64;
        let fits = tail[first] - count * (len_u - 1.0);
        sum += (n_c - 1.0) * (2.0 * len_u.powi(3) - 3.0 * len_u.powi(2) + len_u) / 3.0
            + len_u * len_u * fits;
    }
    let rl = r as f64 * l;
    let denominator = rl * (rl - 1.0) - squared;
    if denominator <= 0.0 {
        return None;
    }
    let d_e = sum * (2.0 / l) / denominator;
    Some((d_o, d_e))
}

/// The squared distance between two coders' overlapping segments.
fn distance(g: (usize, usize, bool), h: (usize, usize, bool)) -> f64 {
    let (gb, ge, gu) = (g.0 as f64, g.1 as f64, g.2);
    let (hb, he, hu) = (h.0 as f64, h.1 as f64, h.2);
    if gu && hu && gb < he && hb < ge {
        (gb - hb).powi(2) + (ge - he).powi(2)
    } else if gu && !hu && hb <= gb && ge <= he {
        (ge - gb).powi(2)
    } else if !gu && hu && gb <= hb && he <= ge {
        (he - hb).powi(2)
    } else {
        0.0
    }
}

/// Nominal α with each code point a unit and each coder's value whether it
/// lies in one of their units; counted over runs of equal coverage.
pub fn alpha_cp(coders: &[Vec<Range<usize>>], len: usize) -> Option<f64> {
    let m = coders.len();
    if m < 2 || len == 0 {
        return None;
    }
    // Changes of how many coders cover a point.
    let mut events: BTreeMap<usize, i64> = BTreeMap::new();
    for units in coders {
        for u in units {
            *events.entry(u.start).or_default() += 1;
            *events.entry(u.end).or_default() -= 1;
        }
    }
    let (mut ones, mut disagreeing) = (0.0, 0.0);
    let (mut at, mut inside) = (0usize, 0i64);
    let run = |from: usize, to: usize, k: i64, ones: &mut f64, dis: &mut f64| {
        let n = (to - from) as f64;
        let k = k as f64;
        let m = m as f64;
        *ones += n * k;
        // Pairs of differing values in a unit, over m − 1.
        *dis += n * 2.0 * k * (m - k) / (m - 1.0);
    };
    for (&pos, &change) in &events {
        if pos > at {
            run(at, pos.min(len), inside, &mut ones, &mut disagreeing);
        }
        at = pos;
        inside += change;
    }
    if at < len {
        run(at, len, inside, &mut ones, &mut disagreeing);
    }
    let n = (len * m) as f64;
    let zeros = n - ones;
    let expected = 2.0 * ones * zeros;
    if expected == 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * disagreeing / expected)
}

/// Nominal α over units with values from some coders (`None`: no value).
pub fn alpha_nominal(units: &[Vec<Option<String>>]) -> Option<f64> {
    let mut o: HashMap<(&str, &str), f64> = HashMap::new();
    for u in units {
        let values: Vec<&str> = u.iter().flatten().map(String::as_str).collect();
        let m = values.len();
        if m < 2 {
            continue;
        }
        for (i, a) in values.iter().enumerate() {
            for (j, b) in values.iter().enumerate() {
                if i != j {
                    *o.entry((a, b)).or_default() += 1.0 / (m - 1) as f64;
                }
            }
        }
    }
    let mut n_c: HashMap<&str, f64> = HashMap::new();
    for ((c, _), v) in &o {
        *n_c.entry(c).or_default() += v;
    }
    let n: f64 = n_c.values().sum();
    let observed: f64 = o.iter().filter(|((a, b), _)| a != b).map(|(_, v)| v).sum();
    let mut expected = 0.0;
    for (a, na) in &n_c {
        for (b, nb) in &n_c {
            if a != b {
                expected += na * nb;
            }
        }
    }
    if expected == 0.0 || n <= 1.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * observed / expected)
}

/// The mean over pairs of coders of `score` (`None` where a pair has
/// nothing to compare); `None` when no pair has.
fn mean_over_pairs<T>(each: &[T], score: impl Fn(&T, &T) -> Option<f64>) -> Option<f64> {
    let mut scores = Vec::new();
    for (i, a) in each.iter().enumerate() {
        for b in &each[i + 1..] {
            scores.extend(score(a, b));
        }
    }
    (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
}

/// A span's place: (article, start, end).
type Place = (usize, usize, usize);

/// Mean over pairs of coders of F1 on their spans (each coder's places
/// sorted), matched by equal places or by any overlap.
fn pairwise_f1(lists: &[&[Place]], overlap: bool) -> Option<f64> {
    // Sorted by article, then start: only the spans of the same article
    // that start before `x` ends can overlap it.
    let found = |x: &Place, ys: &[Place]| {
        if overlap {
            let from = ys.partition_point(|y| y.0 < x.0);
            let to = ys.partition_point(|y| (y.0, y.1) < (x.0, x.2));
            ys[from..to].iter().any(|y| x.1 < y.2)
        } else {
            ys.binary_search(x).is_ok()
        }
    };
    mean_over_pairs(lists, |a, b| {
        if a.is_empty() && b.is_empty() {
            return None;
        }
        let in_b = a.iter().filter(|x| found(x, b)).count() as f64;
        let in_a = b.iter().filter(|y| found(y, a)).count() as f64;
        Some((in_b + in_a) / (a.len() + b.len()) as f64)
    })
}

/// The part of a sorted list of places in `article`.
fn in_article(list: &[Place], article: usize) -> &[Place] {
    let from = list.partition_point(|p| p.0 < article);
    let to = list.partition_point(|p| p.0 <= article);
    &list[from..to]
}

/// Nominal α per attribute over the spans every coder placed alike.
fn attributes(al: &Aligned<'_>) -> BTreeMap<String, AttributeAgreement> {
    // Positions (article, start, end, tag) → each coder's span there.
    let mut at: BTreeMap<(usize, usize, usize, &str), Vec<Option<&Span>>> = BTreeMap::new();
    for (c, units) in al.units.iter().enumerate() {
        for u in units {
            let slot = at
                .entry((u.article, u.start, u.end, u.span.tag.as_str()))
                .or_insert_with(|| vec![None; al.units.len()]);
            slot[c] = Some(u.span);
        }
    }
    let matched: Vec<&Vec<Option<&Span>>> = at
        .values()
        .filter(|v| v.iter().flatten().count() >= 2)
        .collect();
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for v in &matched {
        for s in v.iter().flatten() {
            names.extend(s.attributes.iter().map(|(k, _)| k.as_str()));
        }
    }
    names
        .into_iter()
        .map(|name| {
            let units: Vec<Vec<Option<String>>> = matched
                .iter()
                .map(|v| {
                    v.iter()
                        .map(|s| s.and_then(|s| s.attributes.get(name).cloned()))
                        .collect()
                })
                .filter(|u: &Vec<Option<String>>| u.iter().flatten().count() >= 2)
                .collect();
            (
                name.to_owned(),
                AttributeAgreement {
                    alpha: alpha_nominal(&units),
                    units: units.len(),
                },
            )
        })
        .collect()
}

/// κ on the tag each coder gave to positions at least two coders marked.
fn kappa(al: &Aligned<'_>) -> Kappa {
    let m = al.units.len();
    let mut at: BTreeMap<(usize, usize, usize), Vec<Option<&str>>> = BTreeMap::new();
    for (c, units) in al.units.iter().enumerate() {
        for u in units {
            at.entry((u.article, u.start, u.end))
                .or_insert_with(|| vec![None; m])[c] = Some(u.span.tag.as_str());
        }
    }
    let units: Vec<Vec<&str>> = at
        .into_values()
        .filter(|v| v.iter().flatten().count() >= 2)
        .map(|v| v.into_iter().map(|t| t.unwrap_or("(none)")).collect())
        .collect();
    let kind = if m == 2 { "cohen" } else { "fleiss" };
    let value = if m == 2 {
        cohen(&units)
    } else {
        fleiss(&units)
    };
    Kappa {
        kind,
        kappa: value,
        units: units.len(),
    }
}

pub fn cohen(units: &[Vec<&str>]) -> Option<f64> {
    let n = units.len() as f64;
    if n == 0.0 {
        return None;
    }
    let agree = units.iter().filter(|u| u[0] == u[1]).count() as f64 / n;
    let mut first: HashMap<&str, f64> = HashMap::new();
    let mut second: HashMap<&str, f64> = HashMap::new();
    for u in units {
        *first.entry(u[0]).or_default() += 1.0 / n;
        *second.entry(u[1]).or_default() += 1.0 / n;
    }
    let chance: f64 = first
        .iter()
        .map(|(c, p)| p * second.get(c).unwrap_or(&0.0))
        .sum();
    (chance < 1.0).then(|| (agree - chance) / (1.0 - chance))
}

pub fn fleiss(units: &[Vec<&str>]) -> Option<f64> {
    let n = units.len() as f64;
    let m = units.first()?.len() as f64;
    if n == 0.0 || m < 2.0 {
        return None;
    }
    let mut totals: HashMap<&str, f64> = HashMap::new();
    let mut p_bar = 0.0;
    let mut counts: Vec<(&str, f64)> = Vec::new();
    for u in units {
        // A unit holds a few values: a short list beats a map.
        counts.clear();
        for c in u {
            match counts.iter_mut().find(|(x, _)| x == c) {
                Some((_, k)) => *k += 1.0,
                None => counts.push((c, 1.0)),
            }
            *totals.entry(c).or_default() += 1.0;
        }
        p_bar += (counts.iter().map(|(_, k)| k * k).sum::<f64>() - m) / (m * (m - 1.0));
    }
    p_bar /= n;
    let p_e: f64 = totals.values().map(|t| (t / (n * m)).powi(2)).sum();
    (p_e < 1.0).then(|| (p_bar - p_e) / (1.0 - p_e))
}

/// Each coder's attribution triples, as positions.
type Triple = (
    usize,
    (usize, usize),
    Option<(usize, usize)>,
    Option<(usize, usize)>,
);

fn triples_f1(coders: &[Coder<'_>], al: &Aligned<'_>) -> Option<f64> {
    let of = |c: usize| -> Vec<Triple> {
        let place = |id: Id| al.by_id[c].get(&id).map(|&i| &al.units[c][i]);
        coders[c]
            .project
            .links()
            .filter_map(|l| {
                let claim = place(l.claim)?;
                let part = |s: Option<Id>| s.and_then(place).map(|u| (u.start, u.end));
                Some((
                    claim.article,
                    (claim.start, claim.end),
                    part(l.source),
                    part(l.cue),
                ))
            })
            .collect()
    };
    let overlaps = |a: Option<(usize, usize)>, b: Option<(usize, usize)>| match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.0 < b.1 && b.0 < a.1,
        _ => false,
    };
    let same = |x: &Triple, y: &Triple| {
        x.0 == y.0 && overlaps(Some(x.1), Some(y.1)) && overlaps(x.2, y.2) && overlaps(x.3, y.3)
    };
    // Each coder's triples once, by article: they are compared within
    // their article only.
    let by_article = |v: Vec<Triple>| {
        let mut m: BTreeMap<usize, Vec<Triple>> = BTreeMap::new();
        for t in v {
            m.entry(t.0).or_default().push(t);
        }
        m
    };
    let each: Vec<(usize, BTreeMap<usize, Vec<Triple>>)> = (0..coders.len())
        .map(|c| {
            let t = of(c);
            (t.len(), by_article(t))
        })
        .collect();
    let matched = |xs: &BTreeMap<usize, Vec<Triple>>, ys: &BTreeMap<usize, Vec<Triple>>| {
        xs.iter()
            .map(|(k, v)| {
                let others = ys.get(k).map_or(&[][..], Vec::as_slice);
                v.iter()
                    .filter(|x| others.iter().any(|y| same(x, y)))
                    .count()
            })
            .sum::<usize>()
    };
    mean_over_pairs(&each, |(na, ga), (nb, gb)| {
        if na + nb == 0 {
            return None;
        }
        Some((matched(ga, gb) + matched(gb, ga)) as f64 / (na + nb) as f64)
    })
}

/// F1 of the pairs of claims (by position) each coder put in one fact.
fn facts_f1(coders: &[Coder<'_>], al: &Aligned<'_>) -> Option<f64> {
    let of = |c: usize| -> BTreeSet<(Place, Place)> {
        let place = |id: Id| {
            al.by_id[c].get(&id).map(|&i| {
                let u = &al.units[c][i];
                (u.article, u.start, u.end)
            })
        };
        let mut pairs = BTreeSet::new();
        for f in coders[c].project.facts() {
            let mut members: Vec<Place> = f.members.iter().filter_map(|m| place(m.span)).collect();
            members.sort_unstable();
            for (k, a) in members.iter().enumerate() {
                for b in &members[k + 1..] {
                    pairs.insert((*a, *b));
                }
            }
        }
        pairs
    };
    let each: Vec<BTreeSet<(Place, Place)>> = (0..coders.len()).map(of).collect();
    mean_over_pairs(&each, |a, b| {
        if a.is_empty() && b.is_empty() {
            return None;
        }
        let both = a.intersection(b).count() as f64;
        Some(2.0 * both / (a.len() + b.len()) as f64)
    })
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_owned(), |x| format!("{x:.3}"))
}

/// The report as Markdown, for people: per tag, attributes, triples,
/// facts, κ, then the articles, least agreement first.
pub fn to_markdown(r: &Report) -> String {
    let mut s = String::new();
    s.push_str(&format!("# Agreement between {}\n\n", r.coders.join(", ")));
    s.push_str("Offsets are Unicode code points. n/a: the coefficient is undefined there (no spans of the tag by any coder, or no variation to measure).\n\n");
    s.push_str(
        "| tag | spans | alpha_u | alpha_cp | f1_exact | f1_overlap |\n|---|---|---|---|---|---|\n",
    );
    for (tag, t) in &r.overall {
        s.push_str(&format!(
            "| {tag} | {} | {} | {} | {} | {} |\n",
            t.spans,
            num(t.alpha_u),
            num(t.alpha_cp),
            num(t.f1_exact),
            num(t.f1_overlap)
        ));
    }
    if !r.attributes.is_empty() {
        s.push_str("\n| attribute (spans placed alike) | units | alpha |\n|---|---|---|\n");
        for (name, a) in &r.attributes {
            s.push_str(&format!("| {name} | {} | {} |\n", a.units, num(a.alpha)));
        }
    }
    s.push_str(&format!(
        "\nAttribution triples F1: {}. Fact co-membership F1: {}. {} κ on the tags of {} units marked by two or more coders: {}.\n",
        num(r.triples.f1),
        num(r.facts.f1),
        if r.kappa.kind == "cohen" { "Cohen's" } else { "Fleiss'" },
        r.kappa.units,
        num(r.kappa.kappa)
    ));
    let mut articles: Vec<&ArticleAgreement> = r.articles.iter().collect();
    articles.sort_by(|a, b| worst(a).total_cmp(&worst(b)));
    s.push_str("\n## Articles, least agreement first\n\n| article | path | tag | alpha_u | alpha_cp | f1_overlap |\n|---|---|---|---|---|---|\n");
    for a in articles {
        for (tag, t) in &a.tags {
            if t.spans == 0 {
                continue;
            }
            s.push_str(&format!(
                "| {} | {} | {tag} | {} | {} | {} |\n",
                a.title.replace('|', "/"),
                a.path.replace('|', "/"),
                num(t.alpha_u),
                num(t.alpha_cp),
                num(t.f1_overlap)
            ));
        }
    }
    s
}

/// An article's lowest α_U over its tags (1 where none is defined).
pub fn worst(a: &ArticleAgreement) -> f64 {
    a.tags
        .values()
        .filter_map(|t| t.alpha_u)
        .fold(1.0, f64::min)
}

/// The report as CSV: one row per scope (overall or an article) and tag.
pub fn to_csv(r: &Report) -> String {
    let mut s =
        String::from("scope,article_id,path,tag,spans,alpha_u,alpha_cp,f1_exact,f1_overlap\n");
    let cell = |v: Option<f64>| v.map(|x| format!("{x:.6}")).unwrap_or_default();
    let quote = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
    for (tag, t) in &r.overall {
        s.push_str(&format!(
            "overall,,,{},{},{},{},{},{}\n",
            quote(tag),
            t.spans,
            cell(t.alpha_u),
            cell(t.alpha_cp),
            cell(t.f1_exact),
            cell(t.f1_overlap)
        ));
    }
    for a in &r.articles {
        for (tag, t) in &a.tags {
            s.push_str(&format!(
                "article,{},{},{},{},{},{},{},{}\n",
                a.id,
                quote(&a.path),
                quote(tag),
                t.spans,
                cell(t.alpha_u),
                cell(t.alpha_cp),
                cell(t.f1_exact),
                cell(t.f1_overlap)
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Krippendorff's (1995, p. 57) example, stretched as DKPro Statistics'
    /// tests stretch it: four categories, two coders, 24 positions.
    /// Per category, each coder's units.
    type Study = BTreeMap<&'static str, Vec<Vec<Range<usize>>>>;

    fn example(stretch: usize) -> (Study, usize) {
        let units: [(&str, usize, usize, usize); 31] = [
            ("A", 0, 2, 8),
            ("A", 0, 14, 6),
            ("A", 1, 4, 4),
            ("A", 1, 15, 2),
            ("B", 0, 0, 18),
            ("B", 1, 0, 2),
            ("B", 1, 2, 1),
            ("B", 1, 3, 1),
            ("B", 1, 4, 1),
            ("B", 1, 5, 1),
            ("B", 1, 6, 3),
            ("B", 1, 9, 1),
            ("C", 0, 2, 6),
            ("C", 0, 10, 2),
            ("C", 0, 14, 4),
            ("C", 0, 20, 2),
            ("C", 1, 0, 2),
            ("C", 1, 4, 4),
            ("C", 1, 10, 4),
            ("C", 1, 16, 2),
            ("C", 1, 20, 2),
            ("D", 0, 0, 2),
            ("D", 0, 2, 8),
            ("D", 0, 10, 4),
            ("D", 0, 14, 6),
            ("D", 0, 20, 4),
            ("D", 1, 0, 4),
            ("D", 1, 4, 4),
            ("D", 1, 8, 7),
            ("D", 1, 15, 2),
            ("D", 1, 17, 7),
        ];
        let mut out: Study = BTreeMap::new();
        for (cat, coder, start, len) in units {
            let c = out
                .entry(cat)
                .or_insert_with(|| vec![Vec::new(), Vec::new()]);
            c[coder].push(start * stretch..(start + len) * stretch);
        }
        (out, 24 * stretch)
    }

    /// The figures DKPro Statistics' tests hold its implementation to.
    #[test]
    fn unitizing_alpha_matches_krippendorff_1995_as_dkpro_computes_it() {
        let (cats, len) = example(1);
        let d_o = |c: &str| unitizing_disagreement(&cats[c], len).unwrap().0;
        assert!((d_o("A") - 0.03125).abs() < 1e-5);
        assert!((d_o("B") - 2.26736).abs() < 1e-5, "{}", d_o("B"));
        assert!((d_o("C") - 0.02777).abs() < 1e-5);
        assert!((d_o("D") - 0.38715).abs() < 1e-5);
        let (cats, len) = example(50_000);
        let d_e = |c: &str| unitizing_disagreement(&cats[c], len).unwrap().1;
        let alpha = |c: &str| alpha_u(&cats[c], len).unwrap();
        for (c, e, a) in [
            ("A", 0.06990, 0.553),
            ("B", 1.17731, -0.926),
            ("C", 0.08642, 0.679),
            ("D", 0.41445, 0.066),
        ] {
            assert!((d_e(c) - e).abs() < 0.005, "{c}: D_e {}", d_e(c));
            assert!((alpha(c) - a).abs() < 0.02, "{c}: alpha {}", alpha(c));
        }
        let (cats, _) = example(1);
        let (cats12, len12) = {
            // Stretch 0.5 as DKPro's first case: (int)(x * 0.5).
            let mut out: Study = BTreeMap::new();
            for (k, v) in &cats {
                out.insert(
                    k,
                    v.iter()
                        .map(|r| {
                            r.iter()
                                .map(|x| x.start / 2..x.start / 2 + (x.end - x.start) / 2)
                                .collect()
                        })
                        .collect(),
                );
            }
            (out, 12)
        };
        let (_, e) = unitizing_disagreement(&cats12["C"], len12).unwrap();
        assert!((e - 0.05494).abs() < 1e-5, "{e}");
    }

    #[test]
    fn identical_coders_agree_fully() {
        let a = vec![vec![2..5, 9..12], vec![2..5, 9..12]];
        assert_eq!(alpha_u(&a, 20), Some(1.0));
        assert_eq!(alpha_cp(&a, 20), Some(1.0));
    }

    #[test]
    fn kappas_of_known_tables() {
        // Cohen: 20 units, agreement 0.7, chance 0.5: κ = 0.4.
        let mut units: Vec<Vec<&str>> = Vec::new();
        units.extend(std::iter::repeat_n(vec!["a", "a"], 7));
        units.extend(std::iter::repeat_n(vec!["b", "b"], 7));
        units.extend(std::iter::repeat_n(vec!["a", "b"], 3));
        units.extend(std::iter::repeat_n(vec!["b", "a"], 3));
        assert!((cohen(&units).unwrap() - 0.4).abs() < 1e-12);
    }
}

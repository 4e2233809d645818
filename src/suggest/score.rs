//! How good the suggestions are, against a project coded by hand: the
//! precision and recall of suggested cues, sources and claims (exact, and
//! by overlap), and of the pairs of claims from different outlets that
//! suggested facts put together.

use std::collections::BTreeSet;
use std::ops::Range;

use serde::Serialize;

use super::Suggestion;
use crate::lexicon::Lexicon;
use crate::model::{Id, Project};

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Rates {
    pub precision: f64,
    pub recall: f64,
    /// Suggested, coded, suggested that matched, coded that were found.
    pub suggested: usize,
    pub coded: usize,
    pub right: usize,
    pub found: usize,
}

impl Rates {
    fn of(suggested: usize, coded: usize, right: usize, found: usize) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        Self {
            precision: ratio(right, suggested),
            recall: ratio(found, coded),
            suggested,
            coded,
            right,
            found,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Part {
    pub exact: Rates,
    pub overlap: Rates,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Score {
    pub articles: usize,
    pub attributions: usize,
    pub cues: Part,
    pub sources: Part,
    pub claims: Part,
    pub fact_pairs: Rates,
    /// Coded cues no suggestion overlaps, and suggested cues that overlap
    /// no coded one: the sentence, with the cue in [brackets].
    #[serde(skip)]
    pub missed: Vec<String>,
    #[serde(skip)]
    pub wrong: Vec<String>,
    /// Coded spans a suggestion overlaps but does not match: what each has.
    #[serde(skip)]
    pub inexact: Vec<String>,
}

fn part(suggested: &BTreeSet<(Id, usize, usize)>, coded: &BTreeSet<(Id, usize, usize)>) -> Part {
    let exact = Rates::of(
        suggested.len(),
        coded.len(),
        suggested.intersection(coded).count(),
        coded.intersection(suggested).count(),
    );
    let overlap = Rates::of(
        suggested.len(),
        coded.len(),
        suggested.iter().filter(|x| overlaps_any(x, coded)).count(),
        coded.iter().filter(|y| overlaps_any(y, suggested)).count(),
    );
    Part { exact, overlap }
}

/// Whether a place overlaps any of a set's in the same article (the set is
/// ordered by article and start, so only its own article is looked at).
fn overlaps_any(x: &(Id, usize, usize), set: &BTreeSet<(Id, usize, usize)>) -> bool {
    set.range((x.0, 0, 0)..(x.0, x.2, 0))
        .any(|y| y.0 == x.0 && x.1 < y.2 && y.1 < x.2)
}

/// Pairs of claims (by span) from different outlets within each group.
fn pairs(p: &Project, groups: &[Vec<Id>]) -> BTreeSet<(Id, Id)> {
    let outlet = |s: Id| {
        p.span(s)
            .and_then(|x| p.article(x.article))
            .map(|a| a.meta.outlet.clone())
    };
    let mut out = BTreeSet::new();
    for g in groups {
        for (i, &a) in g.iter().enumerate() {
            for &b in &g[i + 1..] {
                if outlet(a) != outlet(b) {
                    out.insert((a.min(b), a.max(b)));
                }
            }
        }
    }
    out
}

/// Score the suggestions for `gold`'s articles against its links (each
/// link with a cue is an attribution) and its facts. Suggestions are made
/// as if nothing were coded; facts are suggested over the coded claims,
/// with the coded facts set aside.
pub fn score(lex: &Lexicon, gold: &Project) -> Score {
    let found: Vec<Suggestion> = super::all(lex, gold);
    let mut s = Score {
        articles: gold.articles().len(),
        ..Score::default()
    };
    let (mut cues, mut sources, mut claims) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let place = |id: Id| gold.span(id).map(|x| (x.article, x.start, x.end));
    for l in gold.links() {
        let Some(cue) = l.cue.and_then(place) else {
            continue;
        };
        s.attributions += 1;
        cues.insert(cue);
        claims.extend(place(l.claim));
        sources.extend(l.source.and_then(place));
    }
    let (mut sc, mut ss, mut sl) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for x in &found {
        sc.insert((x.article, x.cue.start, x.cue.end));
        sl.insert((x.article, x.claim.start, x.claim.end));
        if let Some(r) = &x.source {
            ss.insert((x.article, r.start, r.end));
        }
    }
    s.cues = part(&sc, &cues);
    let shown = |&(a, start, end): &(Id, usize, usize)| -> String {
        let Some(article) = gold.article(a) else {
            return String::new();
        };
        let text = article.text();
        let sentence = super::sentences(text)
            .into_iter()
            .find(|r| r.start <= start && start < r.end)
            .unwrap_or(start..end);
        let t = |r: Range<usize>| -> String { text.chars().skip(r.start).take(r.len()).collect() };
        format!(
            "{}: {}[{}]{}",
            article.path,
            t(sentence.start.min(start)..start),
            t(start..end),
            t(end..sentence.end.max(end))
        )
    };
    let hit = overlaps_any;
    s.missed = cues.iter().filter(|x| !hit(x, &sc)).map(shown).collect();
    s.wrong = sc.iter().filter(|x| !hit(x, &cues)).map(shown).collect();
    let text = |&(a, start, end): &(Id, usize, usize)| -> String {
        gold.article(a)
            .map(|x| x.text().chars().skip(start).take(end - start).collect())
            .unwrap_or_default()
    };
    for (name, coded, suggested) in [
        ("cue", &cues, &sc),
        ("source", &sources, &ss),
        ("claim", &claims, &sl),
    ] {
        for x in coded.iter().filter(|x| !suggested.contains(x)) {
            if let Some(y) = suggested
                .iter()
                .find(|y| x.0 == y.0 && x.1 < y.2 && y.1 < x.2)
            {
                s.inexact.push(format!(
                    "{name}: coded «{}»\n       suggested «{}»",
                    text(x),
                    text(y)
                ));
            }
        }
    }
    s.sources = part(&ss, &sources);
    s.claims = part(&sl, &claims);

    let coded: Vec<Vec<Id>> = gold
        .facts()
        .iter()
        .map(|f| f.members.iter().map(|m| m.span).collect())
        .collect();
    let mut bare = gold.clone();
    let ids: Vec<Id> = bare.facts().iter().map(|f| f.id).collect();
    for id in ids {
        let _ = crate::edit::Edit::RemoveFact(id).apply(&mut bare);
    }
    let suggested: Vec<Vec<Id>> = super::facts::project(&bare)
        .iter()
        .map(|f| f.members.iter().map(|m| m.span).collect())
        .collect();
    let (want, got) = (pairs(gold, &coded), pairs(gold, &suggested));
    let right = got.intersection(&want).count();
    let quote = |id: Id| {
        gold.span(id)
            .map(|x| crate::coding::short(&x.quote, 90))
            .unwrap_or_default()
    };
    for (list, a, b) in [(&mut s.inexact, &want, &got)] {
        for &(x, y) in a.difference(b) {
            list.push(format!(
                "fact pair missed: «{}»\n       «{}»",
                quote(x),
                quote(y)
            ));
        }
        for &(x, y) in b.difference(a) {
            list.push(format!(
                "fact pair wrong: «{}»\n       «{}»",
                quote(x),
                quote(y)
            ));
        }
    }
    s.fact_pairs = Rates::of(got.len(), want.len(), right, right);
    s
}

impl Score {
    /// The figures as a table for a terminal (and the README).
    pub fn table(&self) -> String {
        let f = |r: &Rates| format!("{:>5.2} {:>5.2}", r.precision, r.recall);
        let mut t = format!(
            "{} articles, {} coded attributions\n\n            exact P   R   overlap P   R   (suggested / coded)\n",
            self.articles, self.attributions
        );
        for (name, p) in [
            ("cues", &self.cues),
            ("sources", &self.sources),
            ("claims", &self.claims),
        ] {
            t.push_str(&format!(
                "{name:<10} {}     {}   ({} / {})\n",
                f(&p.exact),
                f(&p.overlap),
                p.exact.suggested,
                p.exact.coded
            ));
        }
        t.push_str(&format!(
            "fact pairs {}                 ({} / {} pairs of claims from different outlets)\n",
            f(&self.fact_pairs),
            self.fact_pairs.suggested,
            self.fact_pairs.coded
        ));
        t
    }

    /// The cues missed and those suggested wrongly, one a line.
    pub fn details(&self) -> String {
        let mut t = format!("\nCoded cues not suggested ({}):\n", self.missed.len());
        for m in &self.missed {
            t.push_str(&format!("  {m}\n"));
        }
        t.push_str(&format!(
            "\nSuggested cues not coded ({}):\n",
            self.wrong.len()
        ));
        for m in &self.wrong {
            t.push_str(&format!("  {m}\n"));
        }
        t.push_str(&format!(
            "\nFound, with other bounds ({}):\n",
            self.inexact.len()
        ));
        for m in &self.inexact {
            t.push_str(&format!("  {m}\n"));
        }
        t
    }
}

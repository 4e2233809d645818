//! Suggested facts: claims of different outlets that may state the same
//! thing, found by what they share — numbers after normalising ("32,000",
//! "over 32,000" and "32k" are one number), names, dates and weekdays, and
//! content words — each weighed by how rare it is among the claims; with a
//! guess at how each claim relates to the fact. And omissions: a fact most
//! outlets carry that one leaves out, with that outlet's closest sentences.
//!
//! Existing facts take part: a claim close to a fact's members is
//! suggested as a new member of that fact. At most one claim per outlet is
//! put in a suggestion (an outlet's best match), so "3 claims in 3 outlets"
//! means what it says.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use super::shapes::{MONTHS, WEEKDAYS};
use crate::edit::Edit;
use crate::model::{now, Fact, Id, Member, Project, Relation, CLAIM};

/// One thing a text says that another may share.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    Number(String),
    Name(String),
    Date(String),
    Word(String),
}

impl Key {
    fn base(&self) -> f64 {
        match self {
            Key::Number(_) => 3.0,
            Key::Name(_) | Key::Date(_) => 2.0,
            Key::Word(_) => 1.0,
        }
    }
}

/// What a claim (or a sentence) says, as keys with the words that said
/// them, whether its numbers are hedged ("more than"), and negation.
#[derive(Clone, Debug, Default)]
pub struct Features {
    keys: BTreeMap<Key, String>,
    /// Numbers given with a qualifier ("about", "more than", "up to").
    approx: Vec<String>,
    negated: bool,
}

const STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "by", "with",
    "from", "as", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "it",
    "its", "this", "that", "these", "those", "there", "their", "they", "them", "he", "she", "his",
    "her", "we", "our", "us", "i", "my", "you", "your", "will", "would", "could", "should", "can",
    "may", "might", "must", "shall", "not", "no", "than", "then", "into", "over", "about", "after",
    "before", "up", "out", "if", "so", "do", "does", "did", "who", "which", "what", "when",
    "where", "all", "any", "some", "more", "most", "also", "only", "just", "very", "said", "says",
    "new", "one", "per", "cent", "percent", "both", "such", "other", "while",
];
const RELATIVE: &[&str] = &[
    "next week",
    "last week",
    "this week",
    "next month",
    "last month",
    "next year",
    "last year",
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
];
const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("dozen", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
];
/// Words before a number that make it approximate or a bound.
const HEDGES: &[&str] = &[
    "more than",
    "over",
    "at least",
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "some",
    "up to",
    "fewer than",
    "less than",
    "under",
    "approximately",
    "an estimated",
    "as many as",
    "close to",
];
const NEGATIONS: &[&str] = &["not", "no", "never", "none", "nor", "without"];

/// A token: alphanumerics, with inner `.` `,` `'` `-` between them
/// ("32,000", "3.5", "U.S.", "don't").
fn tokens(text: &str) -> Vec<(String, char)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let s = i;
        while i < chars.len()
            && (chars[i].is_alphanumeric()
                || (matches!(chars[i], '.' | ',' | '\'' | '’' | '-')
                    && i + 1 < chars.len()
                    && chars[i + 1].is_alphanumeric()
                    && (chars[i] != ',' || chars[i + 1].is_ascii_digit())))
        {
            i += 1;
        }
        let after = chars.get(i).copied().unwrap_or(' ');
        out.push((chars[s..i].iter().collect(), after));
    }
    out
}

/// "32,000" → 32000, "32k" → 32000, "3.5m" → 3500000, "two" → 2.
fn number(token: &str) -> Option<f64> {
    let lower = token.to_lowercase();
    if let Some((_, v)) = NUMBER_WORDS.iter().find(|(w, _)| *w == lower) {
        return Some(*v);
    }
    if !lower.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let plain = lower.replace(',', "");
    let (digits, times) = if let Some(d) = plain.strip_suffix("bn") {
        (d, 1e9)
    } else if let Some(d) = plain.strip_suffix('k') {
        (d, 1e3)
    } else if let Some(d) = plain.strip_suffix('m') {
        (d, 1e6)
    } else {
        (plain.as_str(), 1.0)
    };
    digits.parse::<f64>().ok().map(|v| v * times)
}

fn show_number(v: f64, percent: bool) -> String {
    let mut s = if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v}")
    };
    if percent {
        s.push('%');
    }
    s
}

/// A word's stem, crudely: "meetings" and "meeting" and "meet" meet.
fn stem(w: &str) -> String {
    for suffix in ["ings", "ing", "ied", "ies", "ed", "es", "s", "ly"] {
        if let Some(s) = w.strip_suffix(suffix) {
            if s.chars().count() >= 3 {
                return if suffix.starts_with("ie") {
                    format!("{s}y")
                } else {
                    s.to_owned()
                };
            }
        }
    }
    w.to_owned()
}

/// The keys of a text.
pub fn features(text: &str) -> Features {
    let toks = tokens(text);
    let lower: Vec<String> = toks.iter().map(|(t, _)| t.to_lowercase()).collect();
    let mut f = Features::default();
    let mut i = 0;
    while i < toks.len() {
        let tok = &toks[i].0;
        let low = &lower[i];
        if low.contains("n't") || low.contains("n’t") || NEGATIONS.contains(&low.as_str()) {
            f.negated = true;
        }
        // Relative dates of two words and one.
        if let Some(rel) = RELATIVE.iter().find(|r| {
            let parts: Vec<&str> = r.split(' ').collect();
            parts
                .iter()
                .enumerate()
                .all(|(k, p)| lower.get(i + k).is_some_and(|w| w == p))
        }) {
            f.keys
                .insert(Key::Date((*rel).to_owned()), (*rel).to_owned());
            i += rel.split(' ').count();
            continue;
        }
        if WEEKDAYS.contains(&low.as_str()) {
            f.keys.insert(Key::Date(low.clone()), tok.clone());
            i += 1;
            continue;
        }
        if MONTHS.contains(&low.as_str()) && tok.starts_with(char::is_uppercase) {
            // "March 4" / "4 March": the day with the month.
            let day = [
                lower.get(i + 1),
                i.checked_sub(1).and_then(|k| lower.get(k)),
            ]
            .into_iter()
            .flatten()
            .find_map(|w| w.parse::<u32>().ok().filter(|d| (1..=31).contains(d)));
            let key = match day {
                Some(d) => format!("{low} {d}"),
                None => low.clone(),
            };
            f.keys.insert(Key::Date(key.clone()), key);
            i += 1 + usize::from(lower.get(i + 1).is_some_and(|w| w.parse::<u32>().is_ok()));
            continue;
        }
        if let Some(mut v) = number(tok) {
            let mut used = 1;
            match lower.get(i + 1).map(String::as_str) {
                Some("thousand") => (v, used) = (v * 1e3, 2),
                Some("million") => (v, used) = (v * 1e6, 2),
                Some("billion") => (v, used) = (v * 1e9, 2),
                _ => {}
            }
            let last = i + used - 1;
            let percent = toks[last].1 == '%'
                || matches!(lower.get(last + 1).map(String::as_str), Some("percent"))
                || (lower.get(last + 1).is_some_and(|w| w == "per")
                    && lower.get(last + 2).is_some_and(|w| w == "cent"));
            // A bare "one" or "two" is seldom the fact's number.
            let word = !tok.starts_with(|c: char| c.is_ascii_digit());
            if !(word && v < 3.0) {
                let key = show_number(v, percent);
                let hedged = HEDGES.iter().any(|h| {
                    let parts: Vec<&str> = h.split(' ').collect();
                    i >= parts.len()
                        && parts
                            .iter()
                            .enumerate()
                            .all(|(k, p)| lower[i - parts.len() + k] == *p)
                });
                if hedged {
                    f.approx.push(key.clone());
                }
                let shown: Vec<&str> = toks[i..=last].iter().map(|(t, _)| t.as_str()).collect();
                f.keys.insert(Key::Number(key), shown.join(" "));
            }
            i += used;
            continue;
        }
        let alphabetic = tok.chars().all(|c| c.is_alphabetic() || "'’-.".contains(c));
        if alphabetic && !STOP.contains(&low.as_str()) {
            if tok.starts_with(char::is_uppercase) {
                f.keys
                    .insert(Key::Name(low.trim_end_matches('.').to_owned()), tok.clone());
            } else if low.chars().count() >= 3 {
                f.keys.insert(Key::Word(stem(low)), tok.clone());
            }
        }
        i += 1;
    }
    // A capitalised word that is also written in lower case elsewhere is
    // a word at the start of a sentence, not a name.
    let names: Vec<Key> = f
        .keys
        .keys()
        .filter(|k| matches!(k, Key::Name(_)))
        .cloned()
        .collect();
    for k in names {
        if let Key::Name(n) = &k {
            if f.keys.contains_key(&Key::Word(stem(n))) {
                f.keys.remove(&k);
            }
        }
    }
    f
}

/// A claim that may state a fact, as a member of a suggestion.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposed {
    pub span: Id,
    pub article: Id,
    pub range: Range<usize>,
    pub text: String,
    pub outlet: String,
    pub relation: Relation,
    /// Not yet in the fact (a suggestion to extend a fact lists its
    /// members too).
    pub new: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FactSuggestion {
    /// The fact to extend, or none for a new one.
    pub fact: Option<Id>,
    pub members: Vec<Proposed>,
    /// What the fact would be called: the fact's name, or the fullest
    /// claim's words.
    pub label: String,
    /// What the claims share, most telling first.
    pub shared: Vec<String>,
    pub score: f64,
}

impl FactSuggestion {
    pub fn outlets(&self) -> usize {
        let mut o: Vec<&str> = self.members.iter().map(|m| m.outlet.as_str()).collect();
        o.sort_unstable();
        o.dedup();
        o.len()
    }

    /// "3 claims in 3 outlets may state 'follow-up meeting' — shared: …",
    /// or, for a fact, "'…' may be stated by 1 more claim (Daily Ledger)".
    pub fn why(&self) -> String {
        let label = crate::coding::short(&self.label, 60);
        let shared = self.shared.join(", ");
        if self.fact.is_some() {
            let new: Vec<&str> = self
                .members
                .iter()
                .filter(|m| m.new)
                .map(|m| m.outlet.as_str())
                .collect();
            format!(
                "'{label}' may be stated by {} more claim(s) ({}) — shared: {shared}",
                new.len(),
                new.join(", ")
            )
        } else {
            format!(
                "{} claims in {} outlets may state '{label}' — shared: {shared}",
                self.members.len(),
                self.outlets()
            )
        }
    }
}

struct Claim {
    span: Id,
    article: Id,
    range: Range<usize>,
    text: String,
    outlet: String,
    features: Features,
}

/// How much two feature sets share, weighed by rarity, of what either has.
fn similarity(a: &Features, b: &Features, weight: &HashMap<&Key, f64>) -> (f64, f64) {
    let w = |k: &Key| weight.get(k).copied().unwrap_or(k.base());
    let (mut shared, mut all) = (0.0, 0.0);
    for k in a.keys.keys() {
        all += w(k);
        if b.keys.contains_key(k) {
            shared += w(k);
        }
    }
    for k in b.keys.keys() {
        if !a.keys.contains_key(k) {
            all += w(k);
        }
    }
    (if all > 0.0 { shared / all } else { 0.0 }, shared)
}

/// How sure a pair must be to be suggested: their share of weight, and
/// the weight they share (a number and a name, or three rare words).
/// Chosen on the gold set's tuning events (`tests/gold/tuning.ron`):
/// precision and recall about even, as an analyst reviews each one.
pub const MIN_SIMILARITY: f64 = 0.15;
pub const MIN_SHARED: f64 = 4.0;

/// A key more claims share than this finds no candidates (a study's
/// common words would pair everything with everything).
const CANDIDATE_CAP: usize = 100;

/// How `claim` relates to `fact` (the fullest claim of the group).
fn relation(claim: &Features, fact: &Features) -> Relation {
    let numbers = |f: &Features| -> Vec<String> {
        f.keys
            .keys()
            .filter_map(|k| match k {
                Key::Number(n) => Some(n.clone()),
                _ => None,
            })
            .collect()
    };
    let (cn, fnum) = (numbers(claim), numbers(fact));
    if claim.negated != fact.negated {
        return Relation::Contradicts;
    }
    if !cn.is_empty() && !fnum.is_empty() && !cn.iter().any(|n| fnum.contains(n)) {
        return Relation::Contradicts;
    }
    for n in cn.iter().filter(|n| fnum.contains(n)) {
        match (claim.approx.contains(n), fact.approx.contains(n)) {
            (true, false) => return Relation::LessSpecific,
            (false, true) => return Relation::MoreSpecific,
            _ => {}
        }
    }
    let telling = |f: &Features| f.keys.keys().filter(|k| !matches!(k, Key::Word(_))).count();
    match telling(claim).cmp(&telling(fact)) {
        std::cmp::Ordering::Less if fnum.len() > cn.len() => Relation::LessSpecific,
        std::cmp::Ordering::Greater => Relation::MoreSpecific,
        _ => Relation::Equivalent,
    }
}

/// The rarer a key among the claims, the more it says.
fn weights<'a>(claims: impl Iterator<Item = &'a Features>) -> (HashMap<&'a Key, f64>, usize) {
    let mut df: HashMap<&Key, usize> = HashMap::new();
    let mut n = 0;
    for f in claims {
        n += 1;
        for k in f.keys.keys() {
            *df.entry(k).or_default() += 1;
        }
    }
    let w = df
        .into_iter()
        .map(|(k, d)| (k, k.base() * (1.0 + (n as f64 / d as f64)).ln()))
        .collect();
    (w, n)
}

/// Suggested facts for the project's claims, the most likely first.
pub fn project(p: &Project) -> Vec<FactSuggestion> {
    let claims: Vec<Claim> = p
        .all_spans()
        .filter(|s| s.tag == CLAIM)
        .filter_map(|s| {
            let a = p.article(s.article)?;
            Some(Claim {
                span: s.id,
                article: s.article,
                range: s.start..s.end,
                text: s.quote.clone(),
                outlet: a.meta.outlet.clone(),
                features: features(&s.quote),
            })
        })
        .collect();
    let (weight, _) = weights(claims.iter().map(|c| &c.features));
    // Keys too common to find candidates by (they still count in scores):
    // a fixed cap keeps the pairs looked at linear in the claims.
    let cap = CANDIDATE_CAP;
    let mut index: HashMap<&Key, Vec<usize>> = HashMap::new();
    for (i, c) in claims.iter().enumerate() {
        for k in c.features.keys.keys() {
            index.entry(k).or_default().push(i);
        }
    }
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, c) in claims.iter().enumerate() {
        let mut seen: HashMap<usize, ()> = HashMap::new();
        for k in c.features.keys.keys() {
            let Some(list) = index.get(k).filter(|l| l.len() <= cap) else {
                continue;
            };
            for &j in list {
                if j > i && claims[j].outlet != c.outlet && seen.insert(j, ()).is_none() {
                    let (sim, shared) = similarity(&c.features, &claims[j].features, &weight);
                    if sim >= MIN_SIMILARITY && shared >= MIN_SHARED {
                        pairs.push((sim, i, j));
                    }
                }
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));

    // Groups: existing facts first, then the best pairs, one claim per
    // outlet in a group and never two facts in one.
    let at: HashMap<Id, usize> = claims
        .iter()
        .enumerate()
        .map(|(i, c)| (c.span, i))
        .collect();
    let mut group_of: Vec<Option<usize>> = vec![None; claims.len()];
    let mut groups: Vec<(Option<Id>, Vec<usize>)> = Vec::new();
    for f in p.facts() {
        let members: Vec<usize> = f
            .members
            .iter()
            .filter_map(|m| at.get(&m.span).copied())
            .filter(|&i| group_of[i].is_none())
            .collect();
        for &i in &members {
            group_of[i] = Some(groups.len());
        }
        groups.push((Some(f.id), members));
    }
    let outlets_of =
        |g: &[usize]| -> Vec<&str> { g.iter().map(|&i| claims[i].outlet.as_str()).collect() };
    let mut scores: HashMap<usize, f64> = HashMap::new();
    for (sim, i, j) in pairs {
        match (group_of[i], group_of[j]) {
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) => {
                // Two groups join only if neither is a fact's and their
                // outlets differ.
                if groups[a].0.is_none()
                    && groups[b].0.is_none()
                    && !outlets_of(&groups[a].1)
                        .iter()
                        .any(|o| outlets_of(&groups[b].1).contains(o))
                {
                    let moved = std::mem::take(&mut groups[b].1);
                    for &k in &moved {
                        group_of[k] = Some(a);
                    }
                    groups[a].1.extend(moved);
                    *scores.entry(a).or_default() += sim;
                }
            }
            (Some(g), None) | (None, Some(g)) => {
                let new = if group_of[i].is_none() { i } else { j };
                if !outlets_of(&groups[g].1).contains(&claims[new].outlet.as_str()) {
                    groups[g].1.push(new);
                    group_of[new] = Some(g);
                    *scores.entry(g).or_default() += sim;
                }
            }
            (None, None) => {
                group_of[i] = Some(groups.len());
                group_of[j] = Some(groups.len());
                scores.insert(groups.len(), sim);
                groups.push((None, vec![i, j]));
            }
        }
    }

    let mut out = Vec::new();
    for (g, (fact, members)) in groups.iter().enumerate() {
        let fact_members: Vec<Id> = fact
            .and_then(|f| p.fact(f))
            .map(|f| f.members.iter().map(|m| m.span).collect())
            .unwrap_or_default();
        if members.len() < 2
            || members
                .iter()
                .all(|&i| fact_members.contains(&claims[i].span))
        {
            continue;
        }
        // The fullest and least hedged claim stands for the fact.
        let head = *members
            .iter()
            .max_by_key(|&&i| {
                let f = &claims[i].features;
                let telling = f.keys.keys().filter(|k| !matches!(k, Key::Word(_))).count();
                (
                    telling as isize - f.approx.len() as isize,
                    f.keys.len(),
                    std::cmp::Reverse(i),
                )
            })
            .unwrap_or(&members[0]);
        let mut count: BTreeMap<&Key, usize> = BTreeMap::new();
        for &i in members {
            for k in claims[i].features.keys.keys() {
                *count.entry(k).or_default() += 1;
            }
        }
        let mut shared: Vec<(&Key, f64)> = count
            .into_iter()
            .filter(|(_, c)| *c >= 2)
            .map(|(k, c)| (k, c as f64 * weight.get(k).copied().unwrap_or(k.base())))
            .collect();
        shared.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        let shown: Vec<String> = shared
            .iter()
            .take(5)
            .filter_map(|(k, _)| members.iter().find_map(|&i| claims[i].features.keys.get(k)))
            .cloned()
            .collect();
        let label = match fact.and_then(|f| p.fact(f)) {
            Some(f) => f.name.clone(),
            None => crate::coding::default_fact_name(&claims[head].text),
        };
        let mut ms: Vec<Proposed> = members
            .iter()
            .map(|&i| {
                let c = &claims[i];
                let known = fact_members.contains(&c.span);
                Proposed {
                    span: c.span,
                    article: c.article,
                    range: c.range.clone(),
                    text: c.text.clone(),
                    outlet: c.outlet.clone(),
                    relation: fact
                        .and_then(|f| p.fact(f))
                        .and_then(|f| f.member(c.span))
                        .map(|m| m.relation)
                        .unwrap_or_else(|| {
                            if i == head {
                                Relation::Equivalent
                            } else {
                                relation(&c.features, &claims[head].features)
                            }
                        }),
                    new: !known,
                }
            })
            .collect();
        ms.sort_by(|a, b| {
            a.outlet
                .cmp(&b.outlet)
                .then(a.range.start.cmp(&b.range.start))
        });
        out.push(FactSuggestion {
            fact: *fact,
            members: ms,
            label,
            shared: shown,
            score: scores.get(&g).copied().unwrap_or(0.0),
        });
    }
    out.sort_by(|a, b| {
        b.outlets()
            .cmp(&a.outlets())
            .then(b.score.total_cmp(&a.score))
            .then(a.label.cmp(&b.label))
    });
    out
}

/// The edit that accepts a suggested fact: a new fact with its claims, or
/// the new claims added to the fact it extends.
pub fn accept(p: &Project, s: &FactSuggestion, annotator: &str) -> Option<Edit> {
    let member = |m: &Proposed| Member {
        span: m.span,
        relation: m.relation,
        annotator: annotator.to_owned(),
        created: Some(now()),
    };
    let fresh: Vec<&Proposed> = s
        .members
        .iter()
        .filter(|m| m.new && p.span(m.span).is_some())
        .collect();
    match s.fact {
        Some(f) => {
            let fact = p.fact(f)?;
            let edits: Vec<Edit> = fresh
                .iter()
                .filter(|m| fact.member(m.span).is_none())
                .map(|m| Edit::AddMember {
                    fact: f,
                    member: member(m),
                })
                .collect();
            (!edits.is_empty()).then_some(Edit::Batch(edits))
        }
        None => (fresh.len() >= 2).then(|| Edit::AddFact {
            fact: Fact {
                id: p.new_id(),
                name: s.label.clone(),
                note: String::new(),
                members: fresh.iter().map(|m| member(m)).collect(),
            },
            index: p.facts().len(),
        }),
    }
}

/// A sentence of an outlet that left a fact out, and how close it comes.
#[derive(Clone, Debug, PartialEq)]
pub struct Closest {
    pub article: Id,
    pub range: Range<usize>,
    pub text: String,
    pub score: f64,
    pub shared: Vec<String>,
}

/// A fact most outlets carry that one does not.
#[derive(Clone, Debug, PartialEq)]
pub struct Omission {
    pub fact: Id,
    pub outlet: String,
    /// Outlets that carry the fact, of all.
    pub carried: (usize, usize),
    pub closest: Vec<Closest>,
}

/// A sentence of an article, where it is, and what it says.
type Sentence = (Id, Range<usize>, String, Features);

/// Omissions worth a look: facts carried by at least two outlets and more
/// than half of them, for each outlet that leaves the fact out, with its
/// three sentences closest to the fact's claims.
pub fn omissions(p: &Project) -> Vec<Omission> {
    let outlets = p.outlets();
    let mut sentences: BTreeMap<&str, Vec<Sentence>> = BTreeMap::new();
    let mut out = Vec::new();
    for f in p.facts() {
        let mut carried: Vec<&str> = f
            .members
            .iter()
            .filter_map(|m| p.span(m.span))
            .filter_map(|s| p.article(s.article))
            .map(|a| a.meta.outlet.as_str())
            .collect();
        carried.sort_unstable();
        carried.dedup();
        if carried.len() < 2 || carried.len() * 2 <= outlets.len() {
            continue;
        }
        let mut want = Features::default();
        for s in f.members.iter().filter_map(|m| p.span(m.span)) {
            want.keys.extend(features(&s.quote).keys);
        }
        for outlet in outlets.iter().filter(|o| !carried.contains(&o.as_str())) {
            let list = sentences.entry(outlet.as_str()).or_insert_with(|| {
                p.articles()
                    .iter()
                    .filter(|a| a.meta.outlet == *outlet)
                    .flat_map(|a| {
                        let chars: Vec<char> = a.text().chars().collect();
                        super::sentences(a.text())
                            .into_iter()
                            .map(|r| {
                                let text: String = chars[r.clone()].iter().collect();
                                let f = features(&text);
                                (a.id, r, text, f)
                            })
                            .collect::<Vec<_>>()
                    })
                    .collect()
            });
            let no_weights = HashMap::new();
            let mut closest: Vec<Closest> = list
                .iter()
                .filter_map(|(a, r, text, feats)| {
                    let shared: Vec<String> = want
                        .keys
                        .keys()
                        .filter_map(|k| feats.keys.get(k))
                        .cloned()
                        .collect();
                    let (score, _) = similarity(&want, feats, &no_weights);
                    (!shared.is_empty()).then(|| Closest {
                        article: *a,
                        range: r.clone(),
                        text: text.clone(),
                        score,
                        shared,
                    })
                })
                .collect();
            closest.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then(a.range.start.cmp(&b.range.start))
            });
            closest.truncate(3);
            out.push(Omission {
                fact: f.id,
                outlet: outlet.clone(),
                carried: (carried.len(), outlets.len()),
                closest,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<Key> {
        features(text).keys.into_keys().collect()
    }

    /// A project of three outlets' articles with the given claims coded
    /// (each claim's text must occur in its article).
    fn three_outlets(texts: [(&str, &str, &[&str]); 3]) -> Project {
        use crate::model::{Article, Schema, Span};
        let mut p = Project::new(Schema::default());
        let mut next = 100;
        for (i, (outlet, text, claims)) in texts.iter().enumerate() {
            let mut a = Article::of_text(Id::from_u64(i as u64 + 1), text);
            a.meta.outlet = (*outlet).into();
            p.add_article(a.clone()).unwrap();
            for c in *claims {
                let at = text.find(c).unwrap();
                let start = text[..at].chars().count();
                next += 1;
                let span = Span::new(
                    Id::from_u64(next),
                    &a,
                    CLAIM,
                    start..start + c.chars().count(),
                    "ann",
                )
                .unwrap();
                Edit::AddSpan(span).apply(&mut p).unwrap();
            }
        }
        p
    }

    #[test]
    fn claims_of_three_outlets_sharing_a_number_and_a_name_make_one_fact() {
        let mut p = three_outlets([
            ("Herald", "The board said 32,000 homes in Marrowby must boil water. The mayor wants an inquiry.", &["32,000 homes in Marrowby must boil water"]),
            ("Ledger", "Officials said more than 32,000 households in Marrowby were told to boil water. It rained.", &["more than 32,000 households in Marrowby were told to boil water"]),
            ("Wire", "About 32k homes in Marrowby face a boil notice, the board said. Schools stayed open.", &["About 32k homes in Marrowby face a boil notice"]),
        ]);
        let got = project(&p);
        assert_eq!(got.len(), 1, "{got:#?}");
        let s = &got[0];
        assert_eq!(s.outlets(), 3);
        assert!(
            s.why().starts_with("3 claims in 3 outlets may state"),
            "{}",
            s.why()
        );
        assert!(s.shared.iter().any(|x| x.contains("32")), "{:?}", s.shared);
        // The hedged claims are less specific than the fullest one.
        let hedged = s.members.iter().find(|m| m.outlet == "Ledger").unwrap();
        assert_eq!(hedged.relation, Relation::LessSpecific);
        accept(&p, s, "ann").unwrap().apply(&mut p).unwrap();
        assert_eq!(p.facts().len(), 1);
        assert_eq!(p.facts()[0].members.len(), 3);
        // Accepted: nothing more to suggest.
        assert!(project(&p).is_empty());
    }

    #[test]
    fn a_fact_is_extended_and_an_outlet_that_leaves_it_out_is_shown_its_closest_sentence() {
        let p = three_outlets([
            ("Herald", "The union said 400 dock jobs at Kessling would go to automation.", &["400 dock jobs at Kessling would go to automation"]),
            ("Ledger", "Union leaders said Kessling automation would cut 400 dock jobs.", &["Kessling automation would cut 400 dock jobs"]),
            ("Wire", "Cranes at Kessling will replace dock workers, a memo showed. Talks resume on Thursday.", &[]),
        ]);
        let mut p = p;
        let first = p.all_spans().next().unwrap().id;
        crate::coding::new_fact(&p, first, "ann")
            .unwrap()
            .apply(&mut p)
            .unwrap();
        let got = project(&p);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!(got[0].fact, Some(p.facts()[0].id));
        assert_eq!(got[0].members.iter().filter(|m| m.new).count(), 1);
        assert!(
            got[0].why().contains("1 more claim(s) (Ledger)"),
            "{}",
            got[0].why()
        );
        accept(&p, &got[0], "ann").unwrap().apply(&mut p).unwrap();
        assert_eq!(p.facts()[0].members.len(), 2);
        let left = omissions(&p);
        assert_eq!(left.len(), 1, "{left:#?}");
        assert_eq!(left[0].outlet, "Wire");
        assert_eq!(left[0].carried, (2, 3));
        assert!(
            left[0].closest[0].text.starts_with("Cranes at Kessling"),
            "{left:#?}"
        );
    }

    #[test]
    fn numbers_are_one_however_written() {
        for text in [
            "32,000 people left",
            "more than 32,000 people left",
            "32k people left",
            "32 thousand people left",
        ] {
            assert!(
                keys(text).contains(&Key::Number("32000".into())),
                "{text}: {:?}",
                keys(text)
            );
        }
        assert!(keys("3.5 million litres").contains(&Key::Number("3500000".into())));
        assert!(keys("prices rose 40% in a year").contains(&Key::Number("40%".into())));
        assert!(keys("prices rose 40 per cent").contains(&Key::Number("40%".into())));
        assert!(features("more than 32,000 left")
            .approx
            .contains(&"32000".to_owned()));
        assert!(features("32,000 left").approx.is_empty());
    }

    #[test]
    fn names_dates_and_words() {
        let k = keys("The Mayor met Ines Vold on Tuesday and next week on March 4 about meetings");
        assert!(k.contains(&Key::Name("ines".into())));
        assert!(k.contains(&Key::Name("vold".into())));
        assert!(k.contains(&Key::Date("tuesday".into())));
        assert!(k.contains(&Key::Date("next week".into())));
        assert!(k.contains(&Key::Date("march 4".into())));
        assert!(k.contains(&Key::Word("meet".into())));
        assert!(!k.iter().any(|x| matches!(x, Key::Name(n) if n == "the")));
    }

    #[test]
    fn relations_from_hedges_numbers_and_negation() {
        let exact = features("32,000 people were evacuated");
        let hedged = features("more than 32,000 people were evacuated");
        assert_eq!(relation(&hedged, &exact), Relation::LessSpecific);
        assert_eq!(relation(&exact, &hedged), Relation::MoreSpecific);
        assert_eq!(
            relation(&features("28,000 people were evacuated"), &exact),
            Relation::Contradicts
        );
        assert_eq!(
            relation(&features("no people were evacuated"), &exact),
            Relation::Contradicts
        );
        assert_eq!(
            relation(&features("32k people were evacuated"), &exact),
            Relation::Equivalent
        );
    }
}

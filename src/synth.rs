//! Synthetic studies of a real study's size, for benchmarks and for trying
//! the app at scale (`parallax synth`): thousands of articles from dozens
//! of outlets in mixed scripts, hundreds of thousands of spans, attribution
//! links and facts. Deterministic: the same sizes give the same project.
//!
//! Not for tests of behaviour: its text is word salad, only its shape and
//! size are realistic.

use std::path::Path;

use crate::edit::Edit;
use crate::model::{Article, ArticleMeta, Fact, Id, Link, Member, Project, Relation, Schema, Span};

/// How big a study to make.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub articles: usize,
    /// Code points per article, roughly.
    pub chars_per_article: usize,
    pub spans: usize,
    pub facts: usize,
    pub outlets: usize,
}

impl Size {
    /// The size the benchmarks measure: 5,000 articles of ~4,000 code
    /// points, 300,000 spans, 200 facts, 40 outlets.
    pub const STUDY: Size = Size {
        articles: 5000,
        chars_per_article: 4000,
        spans: 300_000,
        facts: 200,
        outlets: 40,
    };
}

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "talks",
    "would",
    "continue",
    "according",
    "to",
    "officials",
    "who",
    "spoke",
    "on",
    "condition",
    "of",
    "anonymity",
    "“we",
    "are",
    "not",
    "there",
    "yet”",
    "city",
    "water",
    "authority",
    "confirmed",
    "that",
    "plant",
    "failed",
    "after",
    "storm",
    "residents",
    "were",
    "told",
    "boil",
    "café",
    "Zürich",
    "東京",
    "قال",
    "🎉",
    "report",
    "claimed",
    "alleged",
    "two",
    "hours",
    "meeting",
    "virtual",
    "Rafah",
    "security",
    "São",
    "Paulo",
    "שלום",
    "next",
    "week",
    "32,000",
    "people",
    "Jerusalem",
    "delegation",
];

const OUTLET_WORDS: &[&str] = &[
    "Herald", "Ledger", "Post", "Times", "Courier", "Daily", "Radio", "Gazette", "Observer",
    "Tribune",
];

/// A xorshift generator: fast, deterministic, good enough for shapes
/// (and for the benchmarks' made-up corpora).
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn outlet_name(i: usize) -> String {
    format!(
        "The {} {} {:02}",
        ["Northern", "Harbour", "Valley", "City", "Coastal"][i % 5],
        OUTLET_WORDS[(i / 5) % OUTLET_WORDS.len()],
        i
    )
}

/// Word-salad text of about `chars` code points, in paragraphs, the same
/// for the same `seed` (benchmarks' articles).
pub fn words(seed: u64, chars: usize) -> String {
    text(
        &mut Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
        chars,
    )
}

/// Word-salad text of about `chars` code points, in paragraphs.
fn text(rng: &mut Rng, chars: usize) -> String {
    let mut out = String::with_capacity(chars * 2);
    let mut n = 0;
    let mut in_para = 0;
    while n < chars {
        let w = WORDS[rng.below(WORDS.len())];
        out.push_str(w);
        n += w.chars().count();
        in_para += 1;
        if in_para > 60 + rng.below(60) {
            out.push_str(".\n\n");
            n += 3;
            in_para = 0;
        } else {
            out.push(' ');
            n += 1;
        }
    }
    out
}

/// Word starts (code points) of an article's text, for word-aligned spans.
fn word_starts(a: &Article) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut prev_space = true;
    for (i, c) in a.text().chars().enumerate() {
        if !c.is_whitespace() && prev_space {
            starts.push(i);
        }
        prev_space = c.is_whitespace();
    }
    starts
}

/// The end (code points) of the word that starts at word `w`.
fn word_end(a: &Article, starts: &[usize], w: usize) -> usize {
    let next = starts.get(w + 1).copied().unwrap_or(a.len_chars() + 1);
    // Back over the whitespace before the next word.
    let mut end = next - 1;
    let text = a.text();
    let bytes = a.byte_range(0..end).map_or(0, |r| r.end);
    let before: &str = &text[..bytes];
    for c in before.chars().rev() {
        if !c.is_whitespace() {
            break;
        }
        end -= 1;
    }
    end
}

/// A project of `size`, with articles' paths under `articles/`.
pub fn study(size: Size) -> Project {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut p = Project::new(Schema::default());
    let mut next_id = 1u64;
    let mut id = move || {
        next_id += 1;
        Id::from_u64(next_id)
    };
    for i in 0..size.articles {
        let outlet = i % size.outlets.max(1);
        let body = text(&mut rng, size.chars_per_article);
        let meta = ArticleMeta {
            outlet: outlet_name(outlet),
            title: format!("Headline {} about the talks", i + 1),
            date: chrono::NaiveDate::from_ymd_opt(2026, 1 + (i % 12) as u32, 1 + (i % 28) as u32),
            url: format!("https://example.org/{outlet}/{i}"),
            author: format!("Reporter {}", i % 97),
            extra: Default::default(),
            direction: None,
        };
        let a = Article::new(
            id(),
            format!("articles/outlet-{outlet:02}/article-{i:05}.txt"),
            "UTF-8".into(),
            crate::corpus::sha256_hex(body.as_bytes()),
            meta,
            body,
        );
        // Ids are unique by construction.
        let _ = p.add_article(a);
    }
    let per_article = size.spans / size.articles.max(1);
    let mut spans = Vec::with_capacity(size.spans);
    let mut links = Vec::new();
    let mut claims_by_outlet: Vec<Vec<Id>> = vec![Vec::new(); size.outlets.max(1)];
    for (i, a) in p.articles().iter().enumerate() {
        let starts = word_starts(a);
        if starts.len() < 12 {
            continue;
        }
        let mut k = 0;
        while k < per_article {
            // A triple: a claim, then its source and cue just before it.
            let w = 2 + rng.below(starts.len() - 10);
            let claim_end = word_end(a, &starts, (w + 2 + rng.below(6)).min(starts.len() - 1));
            let made = [
                ("Source", starts[w - 2], word_end(a, &starts, w - 2)),
                ("Attribution", starts[w - 1], word_end(a, &starts, w - 1)),
                ("Claim", starts[w], claim_end),
            ];
            let mut ids = [Id::from_u64(0); 3];
            for (j, (tag, s, e)) in made.into_iter().enumerate() {
                if e <= s || k >= per_article {
                    continue;
                }
                let sid = id();
                if let Some(mut span) = Span::new(sid, a, tag, s..e, "synth") {
                    if tag == "Attribution" {
                        span.attributes
                            .insert("cue_stance".into(), ["neutral", "distancing"][k % 2].into());
                    }
                    spans.push(span);
                    ids[j] = sid;
                    k += 1;
                }
            }
            if rng.below(3) == 0 && ids.iter().all(|i| *i != Id::from_u64(0)) {
                links.push(Link {
                    id: id(),
                    claim: ids[2],
                    source: Some(ids[0]),
                    cue: Some(ids[1]),
                    note: String::new(),
                    annotator: String::new(),
                    created: None,
                });
            }
            if ids[2] != Id::from_u64(0) {
                claims_by_outlet[i % size.outlets.max(1)].push(ids[2]);
            }
        }
    }
    let mut edits: Vec<Edit> = spans.into_iter().map(Edit::AddSpan).collect();
    edits.extend(links.into_iter().map(Edit::AddLink));
    for f in 0..size.facts {
        let members: Vec<Member> = claims_by_outlet
            .iter()
            .enumerate()
            .filter(|(o, c)| !c.is_empty() && (o + f) % 3 != 0)
            .map(|(_, c)| Member {
                span: c[(f * 7919) % c.len()],
                relation: Relation::ALL[f % Relation::ALL.len()],
                annotator: String::new(),
                created: None,
            })
            .collect();
        edits.push(Edit::AddFact {
            fact: Fact {
                id: id(),
                name: format!("Fact {} reported by several outlets", f + 1),
                note: String::new(),
                members,
            },
            index: usize::MAX,
        });
    }
    // Everything was built to fit; a failure is a bug in this generator.
    if let Err(e) = Edit::Batch(edits).apply(&mut p) {
        panic!("the synthetic study does not fit its own model: {e}");
    }
    p
}

/// One article of about `chars` code points with `spans` spans over it.
pub fn long_article(chars: usize, spans: usize) -> Project {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut p = Project::new(Schema::default());
    let body = text(&mut rng, chars);
    let a = Article::new(
        Id::from_u64(1),
        "articles/long.txt".into(),
        "UTF-8".into(),
        crate::corpus::sha256_hex(body.as_bytes()),
        ArticleMeta {
            title: "A long article".into(),
            outlet: "Bench".into(),
            ..Default::default()
        },
        body,
    );
    let starts = word_starts(&a);
    let tags = ["Claim", "Source", "Attribution"];
    let mut edits = Vec::with_capacity(spans);
    for n in 0..spans {
        let w = rng.below(starts.len() - 40);
        let e = word_end(&a, &starts, w + rng.below(30));
        if let Some(s) = Span::new(
            Id::from_u64(1000 + n as u64),
            &a,
            tags[n % 3],
            starts[w]..e,
            "synth",
        ) {
            edits.push(Edit::AddSpan(s));
        }
    }
    let _ = p.add_article(a);
    if let Err(e) = Edit::Batch(edits).apply(&mut p) {
        panic!("the synthetic article does not fit its own model: {e}");
    }
    p
}

/// Write the articles' texts under `dir` at their paths, so that the
/// project's source files exist and match.
pub fn write_sources(p: &Project, dir: &Path) -> std::io::Result<()> {
    for a in p.articles() {
        let path = dir.join(&a.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, a.text())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_study_has_the_shape_asked_for() {
        let p = study(Size {
            articles: 40,
            chars_per_article: 1500,
            spans: 1200,
            facts: 5,
            outlets: 8,
        });
        assert_eq!(p.articles().len(), 40);
        assert_eq!(p.outlets().len(), 8);
        assert!(p.span_count() >= 1100, "{}", p.span_count());
        assert_eq!(p.facts().len(), 5);
        assert!(p.link_count() > 0);
        for a in p.articles() {
            for s in p.spans_of(a.id) {
                assert_eq!(a.slice(s.range()), Some(s.quote.as_str()));
                assert!(a.on_graphemes(s.range()));
            }
        }
    }

    #[test]
    fn the_same_size_gives_the_same_project() {
        let size = Size {
            articles: 10,
            chars_per_article: 800,
            spans: 200,
            facts: 2,
            outlets: 3,
        };
        assert_eq!(study(size), study(size));
        let long = long_article(20_000, 300);
        assert!(long.articles()[0].len_chars() >= 20_000);
        assert!(long.span_count() > 250);
    }
}

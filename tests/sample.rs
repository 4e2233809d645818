//! The sample project in `projects/sample/`: built here from its articles
//! and a list of annotations, so it can be regenerated after an article
//! changes (`cargo test --test sample -- --ignored`) and checked on every run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use parallax::corpus::{self, ReadOptions};
use parallax::edit::Edit;
use parallax::model::{Fact, Id, Link, Member, Project, Relation, Span};
use parallax::project_file;

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample")
}

/// One span: key, article file, tag, quote, text the quote comes after
/// (to pick one of several matches), attributes.
type SpanSpec = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const HL: &str = "harbour-ledger.md";
const ND: &str = "northgate-daily.html";
const CP: &str = "coastline-post.txt";
const EV: &str = "elsen-valley-radio.txt";

const NAMED: (&str, &str) = ("source_type", "named person");
const ORG: (&str, &str) = ("source_type", "named organisation");
const ROLE: (&str, &str) = ("source_type", "role only");
const ANON: (&str, &str) = ("source_type", "anonymous");
const DOC: (&str, &str) = ("source_type", "document");
const OWN: (&str, &str) = ("source_type", "outlet's own voice");
const VAGUE: (&str, &str) = ("source_type", "vague collective");
const GOV: (&str, &str) = ("role", "government");
const SPOKES: (&str, &str) = ("role", "spokesperson");
const POL: (&str, &str) = ("role", "politician");
const EXPERT: (&str, &str) = ("role", "expert");
const WITNESS: (&str, &str) = ("role", "witness");
const MEDIA: (&str, &str) = ("role", "media");
const OTHER: (&str, &str) = ("role", "other");
const NEUTRAL: (&str, &str) = ("cue_stance", "neutral");
const ENDORSING: (&str, &str) = ("cue_stance", "endorsing");
const DISTANCING: (&str, &str) = ("cue_stance", "distancing");
const TENTATIVE: (&str, &str) = ("cue_stance", "tentative");
const INDIRECT: (&str, &str) = ("quote", "indirect");
const DIRECT: (&str, &str) = ("quote", "direct");
const CERTAIN: (&str, &str) = ("factuality", "certain");
const PROBABLE: (&str, &str) = ("factuality", "probable");
const POSSIBLE: (&str, &str) = ("factuality", "possible");

#[rustfmt::skip]
const SPANS: &[SpanSpec] = &[
    // The Harbour Ledger
    ("hl.c1", HL, "Claim", "Residents of Marrowby were told on Tuesday night to boil all tap water before drinking it", "", &[CERTAIN]),
    ("hl.s1", HL, "Source", "city officials", "", &[VAGUE, GOV]),
    ("hl.a1", HL, "Attribution", "said", "city officials", &[NEUTRAL, INDIRECT]),
    ("hl.s2", HL, "Source", "Mayor Dana Okafor", "", &[NAMED, POL]),
    ("hl.a2", HL, "Attribution", "said", "Mayor Dana Okafor", &[NEUTRAL, INDIRECT]),
    ("hl.c2", HL, "Claim", "the advisory would stay in place for about two weeks", "", &[PROBABLE]),
    ("hl.a3", HL, "Attribution", "According to", "", &[NEUTRAL, INDIRECT]),
    ("hl.s3", HL, "Source", "the Marrowby Water Authority", "", &[ORG, GOV]),
    ("hl.c3", HL, "Claim", "last week’s storm flooded the plant’s lower gallery and damaged the filters", "", &[CERTAIN]),
    ("hl.s4", HL, "Source", "Authority spokesperson Luis Ferreira", "", &[NAMED, SPOKES]),
    ("hl.a4", HL, "Attribution", "confirmed", "", &[ENDORSING, INDIRECT]),
    ("hl.c4", HL, "Claim", "the fault was detected during routine overnight testing", "", &[CERTAIN]),
    ("hl.s5", HL, "Source", "The city’s health department", "", &[ORG, GOV]),
    ("hl.a5", HL, "Attribution", "said", "health department", &[NEUTRAL, INDIRECT]),
    ("hl.c5", HL, "Claim", "14 people had been treated in hospital for stomach illness since Sunday", "", &[CERTAIN]),
    ("hl.c6", HL, "Claim", "Bottled water is being handed out free at three sites", "", &[CERTAIN]),
    // Northgate Daily
    ("nd.c1", ND, "Claim", "Workers at the Kestrel Point treatment plant warned for years that its filters were failing", "", &[POSSIBLE]),
    ("nd.s1", ND, "Source", "a union representative", "", &[ROLE, OTHER]),
    ("nd.a1", ND, "Attribution", "claimed", "", &[DISTANCING, INDIRECT]),
    ("nd.c5", ND, "Claim", "Marrowby residents were ordered to boil their tap water", "", &[CERTAIN]),
    ("nd.s2", ND, "Source", "Mariam Haddad (مريم حداد)", "", &[NAMED, OTHER]),
    ("nd.a2", ND, "Attribution", "insisted", "", &[DISTANCING, INDIRECT]),
    ("nd.c2", ND, "Claim", "the breakdown was caused by deferred maintenance rather than last week’s storm", "", &[POSSIBLE]),
    ("nd.c3", ND, "Claim", "The advisory will last at least ten days", "", &[PROBABLE]),
    ("nd.a3", ND, "Attribution", "according to", "ten days", &[NEUTRAL, INDIRECT]),
    ("nd.s3", ND, "Source", "a notice posted on the city’s website", "", &[DOC, GOV]),
    ("nd.c4", ND, "Claim", "More than a dozen people have been treated in hospital with stomach complaints", "", &[CERTAIN]),
    ("nd.s4", ND, "Source", "Northgate Daily", "stomach complaints", &[OWN, MEDIA]),
    ("nd.a4", ND, "Attribution", "has learned", "", &[ENDORSING, INDIRECT]),
    ("nd.s5", ND, "Source", "Resident Yūko Tanabe (田辺優子)", "", &[NAMED, WITNESS]),
    ("nd.a5", ND, "Attribution", "said", "Tanabe", &[NEUTRAL, DIRECT]),
    ("nd.c6", ND, "Claim", "she only found out from a neighbour’s post, “Boil your water!! 💧💧”", "", &[CERTAIN]),
    // Coastline Post
    ("cp.c1", CP, "Claim", "The city has ordered residents to boil tap water after a failure at its main treatment plant", "", &[CERTAIN]),
    ("cp.s1", CP, "Source", "officials", "", &[VAGUE, GOV]),
    ("cp.a1", CP, "Attribution", "said", "officials", &[NEUTRAL, INDIRECT]),
    ("cp.c2", CP, "Claim", "The order is expected to last around two weeks", "", &[PROBABLE]),
    ("cp.s2", CP, "Source", "a source at the water authority", "", &[ANON, GOV]),
    ("cp.a2", CP, "Attribution", "told the Coastline Post", "", &[NEUTRAL, INDIRECT]),
    ("cp.c3", CP, "Claim", "Fourteen people were admitted to hospital with stomach illness", "", &[CERTAIN]),
    ("cp.s3", CP, "Source", "the health department", "", &[ORG, GOV]),
    ("cp.a3", CP, "Attribution", "said", "health department", &[NEUTRAL, INDIRECT]),
    ("cp.s4", CP, "Source", "Dr. Ines Vold, the city’s health officer", "", &[NAMED, EXPERT]),
    ("cp.a4", CP, "Attribution", "cautioned", "", &[TENTATIVE, DIRECT]),
    ("cp.c4", CP, "Claim", "there is no proof yet of a link to the water", "", &[POSSIBLE]),
    ("cp.s5", CP, "Source", "The water authority", "", &[ORG, GOV]),
    ("cp.a5", CP, "Attribution", "blamed", "", &[NEUTRAL, INDIRECT]),
    ("cp.c5", CP, "Claim", "flooding from last week’s storm", "", &[PROBABLE]),
    ("cp.s6", CP, "Source", "Critics", "", &[VAGUE, OTHER]),
    ("cp.a6", CP, "Attribution", "alleged", "", &[DISTANCING, INDIRECT]),
    ("cp.c6", CP, "Claim", "the plant had been neglected for years", "", &[POSSIBLE]),
    ("cp.c7", CP, "Claim", "Free bottled water is available at three distribution points across the city", "", &[CERTAIN]),
    // Elsen Valley Radio
    ("ev.c1", EV, "Claim", "The boil-water advisory issued on Tuesday remains in force", "", &[CERTAIN]),
    ("ev.s1", EV, "Source", "Mayor Dana Okafor’s office", "", &[ORG, POL]),
    ("ev.a1", EV, "Attribution", "said", "", &[NEUTRAL, INDIRECT]),
    ("ev.c2", EV, "Claim", "Engineers at the Kestrel Point plant are replacing the filter beds", "", &[CERTAIN]),
    ("ev.s2", EV, "Source", "the mayor’s office", "", &[ORG, POL]),
    ("ev.a2", EV, "Attribution", "said", "the mayor’s office", &[NEUTRAL, MIXED_QUOTE]),
    ("ev.c3", EV, "Claim", "would take “roughly a fortnight”", "", &[PROBABLE]),
    ("ev.c4", EV, "Claim", "Three bottled-water stations are open until 9 p.m. each day", "", &[CERTAIN]),
];

const MIXED_QUOTE: (&str, &str) = ("quote", "mixed");

/// (claim, source, cue) keys.
#[rustfmt::skip]
const LINKS: &[(&str, Option<&str>, Option<&str>)] = &[
    ("hl.c1", Some("hl.s1"), Some("hl.a1")),
    ("hl.c2", Some("hl.s2"), Some("hl.a2")),
    ("hl.c3", Some("hl.s3"), Some("hl.a3")),
    ("hl.c4", Some("hl.s4"), Some("hl.a4")),
    ("hl.c5", Some("hl.s5"), Some("hl.a5")),
    ("nd.c1", Some("nd.s1"), Some("nd.a1")),
    ("nd.c2", Some("nd.s2"), Some("nd.a2")),
    ("nd.c3", Some("nd.s3"), Some("nd.a3")),
    ("nd.c4", Some("nd.s4"), Some("nd.a4")),
    ("nd.c6", Some("nd.s5"), Some("nd.a5")),
    ("cp.c1", Some("cp.s1"), Some("cp.a1")),
    ("cp.c2", Some("cp.s2"), Some("cp.a2")),
    ("cp.c3", Some("cp.s3"), Some("cp.a3")),
    ("cp.c4", Some("cp.s4"), Some("cp.a4")),
    ("cp.c5", Some("cp.s5"), Some("cp.a5")),
    ("cp.c6", Some("cp.s6"), Some("cp.a6")),
    ("ev.c1", Some("ev.s1"), Some("ev.a1")),
    ("ev.c3", Some("ev.s2"), Some("ev.a2")),
];

/// Facts: name and members (claim key, how it matches).
#[rustfmt::skip]
const FACTS: &[(&str, &[(&str, Relation)])] = &[
    ("Marrowby residents were told on Tuesday to boil tap water", &[
        ("hl.c1", Relation::Equivalent), ("nd.c5", Relation::Equivalent),
        ("cp.c1", Relation::Equivalent), ("ev.c1", Relation::Partial),
    ]),
    ("The advisory will last about two weeks", &[
        ("hl.c2", Relation::Equivalent), ("nd.c3", Relation::LessSpecific),
        ("cp.c2", Relation::Equivalent), ("ev.c3", Relation::Equivalent),
    ]),
    ("Last week's storm caused the plant failure", &[
        ("hl.c3", Relation::MoreSpecific), ("nd.c2", Relation::Contradicts),
        ("cp.c5", Relation::Equivalent),
    ]),
    ("14 people were treated in hospital for stomach illness", &[
        ("hl.c5", Relation::Equivalent), ("nd.c4", Relation::LessSpecific),
        ("cp.c3", Relation::Equivalent),
    ]),
    ("Free bottled water is handed out at three sites", &[
        ("hl.c6", Relation::MoreSpecific), ("cp.c7", Relation::Equivalent),
        ("ev.c4", Relation::Equivalent),
    ]),
];

const OUTLET_ORDER: [&str; 4] = [
    "The Harbour Ledger",
    "Coastline Post",
    "Elsen Valley Radio",
    "Northgate Daily",
];

/// Find `quote` in `text`, after the first occurrence of `after` when given.
fn locate(text: &str, quote: &str, after: &str) -> Option<usize> {
    let from = if after.is_empty() {
        0
    } else {
        text.find(after)? + after.len()
    };
    text[from..].find(quote).map(|b| from + b)
}

/// Build the sample project from its articles and the lists above.
fn build() -> Project {
    let dir = sample_dir();
    let mut corpus = corpus::read_folder(&dir.join("articles"), &ReadOptions::default()).unwrap();
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    let articles = std::mem::take(&mut corpus.articles);
    let fresh = corpus::new_project(articles, &dir);
    // Rebuild with fixed ids so that regenerating gives the same bytes.
    let mut project = Project::new(fresh.schema.clone());
    for (n, a) in fresh.articles().iter().enumerate() {
        let mut a = (**a).clone();
        a.id = Id::from_u64(0xa00 + n as u64 + 1);
        project.add_article(a).unwrap();
    }
    project.outlet_order = OUTLET_ORDER.iter().map(|s| s.to_string()).collect();
    let stamp: DateTime<Utc> = "2026-03-12T09:00:00Z".parse().unwrap();
    let mut ids: HashMap<&str, Id> = HashMap::new();
    let mut edits = Vec::new();
    for (n, (key, file, tag, quote, after, attrs)) in SPANS.iter().enumerate() {
        let article = project
            .articles()
            .iter()
            .find(|a| a.path.ends_with(file))
            .unwrap();
        let byte = locate(article.text(), quote, after)
            .unwrap_or_else(|| panic!("{key}: {quote:?} not found"));
        let start = article.char_at_byte(byte);
        let end = start + quote.chars().count();
        let id = Id::from_u64(0x5000 + n as u64 + 1);
        let mut span = Span::new(id, article, tag, start..end, "sample").unwrap();
        span.created = stamp;
        span.modified = stamp;
        for (k, v) in *attrs {
            span.attributes.insert((*k).into(), (*v).into());
        }
        ids.insert(key, id);
        edits.push(Edit::AddSpan(span));
    }
    for (n, (claim, source, cue)) in LINKS.iter().enumerate() {
        edits.push(Edit::AddLink(Link {
            id: Id::from_u64(0x1100 + n as u64 + 1),
            claim: ids[claim],
            source: source.map(|k| ids[k]),
            cue: cue.map(|k| ids[k]),
            note: String::new(),
            annotator: String::new(),
            created: None,
        }));
    }
    for (n, (name, members)) in FACTS.iter().enumerate() {
        let fact = Fact {
            id: Id::from_u64(0xf00 + n as u64 + 1),
            name: (*name).into(),
            note: String::new(),
            members: members
                .iter()
                .map(|(k, r)| Member {
                    span: ids[k],
                    relation: *r,
                    annotator: String::new(),
                    created: None,
                })
                .collect(),
        };
        edits.push(Edit::AddFact { fact, index: n });
    }
    Edit::Batch(edits).apply(&mut project).unwrap();
    project
}

fn sample_file() -> PathBuf {
    sample_dir().join("sample.ron")
}

#[test]
#[ignore = "writes projects/sample/sample.ron; run after changing the sample articles"]
fn regenerate() {
    project_file::save(&build(), &sample_file()).unwrap();
}

#[test]
fn the_sample_project_is_current_and_uses_every_tag() {
    let committed = std::fs::read_to_string(sample_file()).expect("projects/sample/sample.ron");
    let built = project_file::to_string(&build());
    assert!(
        committed == built,
        "projects/sample/sample.ron is stale; run `cargo test --test sample -- --ignored`"
    );
    let p = project_file::load(&sample_file()).unwrap();
    for t in &p.schema.tags {
        assert!(
            p.all_spans().any(|s| s.tag == t.name),
            "tag {} unused",
            t.name
        );
    }
    assert_eq!(p.articles().len(), 4);
    assert_eq!(p.outlets().len(), 4);
    assert!(p.link_count() >= 10);
    assert!(p.facts().len() >= 4);
    // Every article's stored hash matches its source file.
    for a in p.articles() {
        let bytes = std::fs::read(sample_dir().join(&a.path)).unwrap();
        assert_eq!(a.sha256, corpus::sha256_hex(&bytes), "{}", a.path);
    }
}

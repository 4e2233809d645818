//! The command line: one declarative definition (clap) and the commands
//! that run headless on the same model as the app.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::autocode::{self, Query};
use crate::corpus::{self, ReadOptions};
use crate::export::compare::CompareFormat;
use crate::export::{self, Format};
use crate::import::ImportFormat;
use crate::project_file;
use crate::stats;
use crate::workspace::Workspace;

#[derive(Debug, Parser)]
#[command(
    name = "parallax",
    version,
    about = "Study how news outlets frame the same events.",
    long_about = "Study how news outlets frame the same events.\n\n\
        Run `parallax PATH` to open a folder of articles or a project file in the desktop app, \
        or use a command below to work from the shell. Offsets are Unicode code points, end-exclusive.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A folder of articles or a project file (.ron) to open in the app.
    pub path: Option<PathBuf>,

    /// Write each frame's CPU time to this file (app only).
    #[arg(long, value_name = "FILE")]
    pub perf_log: Option<PathBuf>,

    /// Close the app after this many frames (scripted runs, CI).
    #[arg(long, value_name = "N", hide = true)]
    pub quit_after_frames: Option<u64>,

    /// Open a bare eframe window instead of the app (to compare frame costs).
    #[arg(long, hide = true)]
    pub bare_window: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a project from a folder of articles (.txt, .md, .html, .docx,
    /// .odt, .rtf; news-database exports split into their articles).
    New(NewArgs),
    /// Tag every match of a phrase or pattern in every article.
    Autocode(AutocodeArgs),
    /// Write the annotated spans in another tool's format.
    Export(ExportArgs),
    /// Count articles and spans per outlet and tag.
    Stats(StatsArgs),
    /// Compare how each outlet reported each fact (facts × outlets).
    Compare(CompareArgs),
    /// Validate a project file and check its articles' source files.
    Check(CheckArgs),
    /// Take the new text of changed source files and move the spans onto it.
    Reanchor(ReanchorArgs),
    /// Read spans from another tool's format into a project.
    Import(ImportArgs),
    /// Make a synthetic study of a real study's size, to try the app at scale.
    Synth(SynthArgs),
    /// Three-way merge of project files by id (git's merge driver: %O %A %B).
    /// Writes the result into OURS; exits 0 when clean, 1 when conflicts remain.
    Merge(MergeArgs),
    /// Work as a team through git.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Inter-coder agreement (Krippendorff's α, F1, κ) between coders'
    /// project files, or between the annotators of one project.
    Agree(AgreeArgs),
    /// Exact and near-duplicate articles (wire copy run by several outlets),
    /// grouped, with their similarity.
    Dupes(DupesArgs),
    /// Suggested attributions (claim, source, cue), by rules over the text
    /// and a lexicon of reporting verbs, as JSON Lines; --apply adds them.
    Suggest(SuggestArgs),
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    pub project: PathBuf,
    /// Only this article (its path as stored in the project).
    #[arg(long, value_name = "PATH")]
    pub article: Option<String>,
    /// Write the JSON Lines here instead of to standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Add every suggestion at or above --min-confidence to the project.
    #[arg(long)]
    pub apply: bool,
    #[arg(long, default_value_t = 0.8)]
    pub min_confidence: f64,
    /// Another lexicon (assets/lexicon/en.ron is built in).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Recorded as the accepted spans' annotator.
    #[arg(long, env = "PARALLAX_ANNOTATOR", default_value = "suggest")]
    pub annotator: String,
    /// Also suggest facts (claims of different outlets that may state the
    /// same thing) and omissions (a fact one outlet leaves out).
    #[arg(long)]
    pub facts: bool,
    /// Measure the suggestions against the project's own coding (a gold
    /// set): precision and recall of cues, sources, claims and fact pairs.
    #[arg(long, conflicts_with_all = ["apply", "facts", "article"])]
    pub evaluate: bool,
    /// With --evaluate: the figures as JSON.
    #[arg(long, requires = "evaluate")]
    pub json: bool,
    /// With --evaluate: list the cues missed and those suggested wrongly.
    #[arg(long, requires = "evaluate")]
    pub misses: bool,
}

#[derive(Debug, Args)]
pub struct DupesArgs {
    pub project: PathBuf,
    /// Jaccard similarity of word shingles from which two articles are
    /// near-duplicates (0 to 1).
    #[arg(long, default_value_t = crate::dupes::DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// Write JSON instead of a readable list.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AgreeArgs {
    /// One project file per coder (or one project whose spans name their annotators).
    #[arg(required = true)]
    pub projects: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: AgreeFormat,
    /// Write here instead of to standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Report each coder against the curated version instead: the spans
    /// of annotator "curator" (adjudication in the app), or with
    /// `--curated=PATH` those of that project file.
    #[arg(long, value_name = "PATH", num_args = 0..=1, require_equals = true)]
    pub curated: Option<Option<PathBuf>>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum AgreeFormat {
    Md,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The common ancestor (may be empty: no common version).
    pub base: PathBuf,
    /// Our version; the merged project is written here.
    pub ours: PathBuf,
    /// Their version.
    pub theirs: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Make git merge project files with `parallax merge` in this repository:
    /// writes `.gitattributes` and registers the driver in its git config.
    Init {
        /// A folder inside the git repository (default: here).
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// The project file to create; the articles' texts go beside it under `articles/`.
    pub project: PathBuf,
    #[arg(long, default_value_t = crate::synth::Size::STUDY.articles)]
    pub articles: usize,
    /// Code points per article, roughly.
    #[arg(long, default_value_t = crate::synth::Size::STUDY.chars_per_article)]
    pub chars: usize,
    #[arg(long, default_value_t = crate::synth::Size::STUDY.spans)]
    pub spans: usize,
    #[arg(long, default_value_t = crate::synth::Size::STUDY.facts)]
    pub facts: usize,
    #[arg(long, default_value_t = crate::synth::Size::STUDY.outlets)]
    pub outlets: usize,
    /// Instead, one article of this many code points (with --spans spans).
    #[arg(long, value_name = "CHARS")]
    pub long: Option<usize>,
    /// Replace an existing project file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub project: PathBuf,
    #[arg(long, value_enum)]
    pub format: ImportFormat,
    /// The file (or, for brat, the folder) to read.
    pub path: PathBuf,
    /// Recorded as the imported spans' annotator (default: $PARALLAX_ANNOTATOR, else "import").
    #[arg(long, env = "PARALLAX_ANNOTATOR", default_value = "import")]
    pub annotator: String,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    pub project: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReanchorArgs {
    pub project: PathBuf,
    /// Report what would happen without saving.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The project file to create, e.g. study.ron.
    pub project: PathBuf,
    /// The folder of articles to read (recursively), or a CSV table with
    /// an article a row.
    #[arg(long, value_name = "DIR|FILE.csv")]
    pub articles: PathBuf,
    /// The CSV column holding each article's text (default: guessed from
    /// the header: text, body, content…).
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub title_column: Option<String>,
    /// The CSV column naming the outlet (e.g. media_name).
    #[arg(long, value_name = "NAME")]
    pub outlet_column: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub date_column: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub url_column: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub author_column: Option<String>,
    /// Skip article files larger than this many megabytes.
    #[arg(long, value_name = "MB", default_value_t = 20.0)]
    pub max_file_size: f64,
    /// Replace an existing project file (it is kept as NAME.ron.bak).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["text", "regex"])))]
pub struct AutocodeArgs {
    pub project: PathBuf,
    /// The tag to apply (case-insensitive), e.g. Attribution.
    #[arg(long)]
    pub tag: String,
    /// A literal phrase to find.
    #[arg(long)]
    pub text: Option<String>,
    /// A regular expression to find (Rust regex syntax).
    #[arg(long)]
    pub regex: Option<String>,
    /// Only matches not touching a letter, digit or underscore on either side.
    #[arg(long)]
    pub whole_word: bool,
    #[arg(long)]
    pub ignore_case: bool,
    /// Recorded as the spans' annotator (default: $PARALLAX_ANNOTATOR, else "autocode").
    #[arg(long, env = "PARALLAX_ANNOTATOR", default_value = "autocode")]
    pub annotator: String,
    /// Tag matches in lines an outlet repeats across its articles
    /// ("Advertisement", photo credits) too; they are left out by default.
    #[arg(long)]
    pub include_boilerplate: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub project: PathBuf,
    #[arg(long, value_enum)]
    pub format: Format,
    /// The file to write (replaced if it exists).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    pub project: PathBuf,
    #[arg(long, value_enum)]
    pub format: CompareFormat,
    /// The file to write (replaced if it exists).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    pub project: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Run a subcommand, writing its report to `out`.
pub fn run(command: Command, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::New(a) => new(a, out),
        Command::Autocode(a) => autocode(a, out),
        Command::Export(a) => export(a, out),
        Command::Stats(a) => stats(a, out),
        Command::Compare(a) => compare(a, out),
        Command::Check(a) => check(a, out),
        Command::Reanchor(a) => reanchor(a, out),
        Command::Import(a) => import(a, out),
        Command::Synth(a) => synth(a, out),
        Command::Merge(a) => merge(a, out),
        Command::Team(TeamCommand::Init { dir }) => team_init(dir, out),
        Command::Agree(a) => agree(a, out),
        Command::Dupes(a) => dupes(a, out),
        Command::Suggest(a) => suggest(a, out),
    }
}

fn agree(a: AgreeArgs, out: &mut dyn Write) -> Result<()> {
    use crate::agreement::{self, Coder};
    let projects: Vec<crate::model::Project> = a
        .projects
        .iter()
        .map(|p| project_file::load(p).map_err(anyhow::Error::from))
        .collect::<Result<_>>()?;
    let curated_file = match &a.curated {
        Some(Some(path)) => Some(project_file::load(path)?),
        _ => None,
    };
    let coders: Vec<Coder<'_>> = if projects.len() == 1 {
        let coders = agreement::annotators(&projects[0]);
        if coders.len() < 2 && a.curated.is_none() {
            bail!(
                "{} has spans by {} annotator(s); give one project file per coder, or a project whose spans name two or more annotators",
                a.projects[0].display(),
                coders.len()
            );
        }
        coders
    } else {
        // Coders by file name; by folder and name where two names are alike.
        let stems: Vec<String> = a.projects.iter().map(|p| stem_of(p)).collect();
        a.projects
            .iter()
            .zip(&projects)
            .zip(&stems)
            .map(|((path, p), s)| Coder {
                name: if stems.iter().filter(|x| *x == s).count() > 1 {
                    path.display().to_string()
                } else {
                    s.clone()
                },
                project: p,
                annotator: None,
            })
            .collect()
    };
    if let Some(curated) = &a.curated {
        let curated = match (&curated_file, curated) {
            (Some(p), Some(path)) => Coder {
                name: stem_of(path),
                project: p,
                annotator: None,
            },
            _ => {
                let curator = crate::adjudication::CURATOR;
                if !projects[0].all_spans().any(|s| s.annotator == curator) {
                    bail!(
                        "{} has no curated version yet (spans by {curator:?}): adjudicate in the app's Coders view, or give the curated project with --curated PATH",
                        a.projects[0].display()
                    );
                }
                Coder {
                    name: curator.to_owned(),
                    project: &projects[0],
                    annotator: Some(curator.to_owned()),
                }
            }
        };
        let reports = agreement::against_curated(&coders, &curated);
        let text = match a.format {
            AgreeFormat::Json => {
                serde_json::to_string_pretty(&serde_json::json!({ "against_curated": reports }))?
                    + "\n"
            }
            AgreeFormat::Csv => reports
                .iter()
                .enumerate()
                .flat_map(|(i, r)| {
                    let coder = r.coders[0].replace('"', "\"\"");
                    agreement::to_csv(r)
                        .lines()
                        .enumerate()
                        .filter(|(n, _)| i == 0 || *n > 0)
                        .map(|(n, l)| {
                            if n == 0 {
                                format!("coder,{l}\n")
                            } else {
                                format!("\"{coder}\",{l}\n")
                            }
                        })
                        .collect::<Vec<_>>()
                })
                .collect(),
            AgreeFormat::Md => reports
                .iter()
                .map(agreement::to_markdown)
                .collect::<Vec<_>>()
                .join("\n"),
        };
        return write_report(&a, &text, coders.len(), out);
    }
    let report = agreement::agree(&coders);
    let text = match a.format {
        AgreeFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        AgreeFormat::Csv => agreement::to_csv(&report),
        AgreeFormat::Md => agreement::to_markdown(&report),
    };
    write_report(&a, &text, report.coders.len(), out)
}

fn suggest(a: SuggestArgs, out: &mut dyn Write) -> Result<()> {
    use crate::suggest;
    let lex = match &a.lexicon {
        Some(path) => crate::lexicon::Lexicon::load(path).map_err(anyhow::Error::msg)?,
        None => crate::lexicon::Lexicon::english(),
    };
    let mut ws = open(&a.project)?;
    let only = match &a.article {
        Some(path) => Some(
            ws.project()
                .articles()
                .iter()
                .find(|x| &x.path == path)
                .map(|x| x.id)
                .ok_or_else(|| {
                    anyhow::anyhow!("no article with the path {path:?} in the project")
                })?,
        ),
        None => None,
    };
    if a.evaluate {
        let score = suggest::score::score(&lex, ws.project());
        if a.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&score)?)?;
        } else {
            writeln!(
                out,
                "Suggestions against the coding of {}:\n{}",
                a.project.display(),
                score.table()
            )?;
            if a.misses {
                write!(out, "{}", score.details())?;
            }
        }
        return Ok(());
    }
    let found = suggest::project(&lex, ws.project(), only);
    let p = ws.project();
    let piece = |article: &crate::model::Article, r: &std::ops::Range<usize>| {
        let text: String = article.text().chars().skip(r.start).take(r.len()).collect();
        serde_json::json!({ "start": r.start, "end": r.end, "text": text })
    };
    let mut lines = String::new();
    for s in &found {
        let Some(article) = p.article(s.article) else {
            continue;
        };
        let v = serde_json::json!({
            "kind": "attribution",
            "article": article.path,
            "claim": piece(article, &s.claim),
            "source": s.source.as_ref().map(|r| piece(article, r)),
            "cue": piece(article, &s.cue),
            "cue_stance": s.cue_stance,
            "source_type": s.source_type,
            "confidence": s.confidence,
            "why": s.why,
        });
        lines.push_str(&serde_json::to_string(&v)?);
        lines.push('\n');
    }
    if a.facts {
        lines.push_str(&fact_lines(p)?);
    }
    match &a.out {
        Some(path) => {
            crate::atomic::write_with(path, crate::atomic::Backup::None, |w| {
                w.write_all(lines.as_bytes())
            })
            .with_context(|| format!("could not write {}", path.display()))?;
            writeln!(
                out,
                "Wrote {} suggestion(s) to {}.",
                found.len(),
                path.display()
            )?;
        }
        None if !a.apply => out.write_all(lines.as_bytes())?,
        None => {}
    }
    if a.apply {
        let mut added = 0;
        for s in found.iter().filter(|s| s.confidence >= a.min_confidence) {
            // Each against the project as it now is: an earlier one may
            // have coded this place already.
            let coded = ws
                .project()
                .spans_overlapping(s.article, s.cue.clone())
                .any(|x| x.tag == crate::model::ATTRIBUTION);
            if coded {
                continue;
            }
            if let Some(edit) = suggest::accept(ws.project(), s, &a.annotator) {
                ws.apply(edit).context("could not add a suggestion")?;
                added += 1;
            }
        }
        ws.save()?;
        writeln!(
            out,
            "Added {added} suggested attribution(s) at confidence {} or more; saved {}.",
            a.min_confidence,
            a.project.display()
        )?;
    }
    Ok(())
}

/// Suggested facts and omissions as JSON Lines.
fn fact_lines(p: &crate::model::Project) -> Result<String> {
    use crate::suggest::facts;
    let path = |id| p.article(id).map(|a| a.path.clone()).unwrap_or_default();
    let mut lines = String::new();
    for f in facts::project(p) {
        let members: Vec<serde_json::Value> = f
            .members
            .iter()
            .map(|m| {
                serde_json::json!({
                    "article": path(m.article),
                    "outlet": m.outlet,
                    "start": m.range.start,
                    "end": m.range.end,
                    "text": m.text,
                    "relation": m.relation.label(),
                    "new": m.new,
                })
            })
            .collect();
        let v = serde_json::json!({
            "kind": "fact",
            "fact": f.fact.and_then(|id| p.fact(id)).map(|x| x.name.clone()),
            "label": f.label,
            "members": members,
            "shared": f.shared,
            "why": f.why(),
        });
        lines.push_str(&serde_json::to_string(&v)?);
        lines.push('\n');
    }
    for o in facts::omissions(p) {
        let closest: Vec<serde_json::Value> = o
            .closest
            .iter()
            .map(|c| {
                serde_json::json!({
                    "article": path(c.article),
                    "start": c.range.start,
                    "end": c.range.end,
                    "text": c.text,
                    "score": c.score,
                    "shared": c.shared,
                })
            })
            .collect();
        let v = serde_json::json!({
            "kind": "omission",
            "fact": p.fact(o.fact).map(|x| x.name.clone()),
            "outlet": o.outlet,
            "carried_by": o.carried.0,
            "outlets": o.carried.1,
            "closest": closest,
        });
        lines.push_str(&serde_json::to_string(&v)?);
        lines.push('\n');
    }
    Ok(lines)
}

fn dupes(a: DupesArgs, out: &mut dyn Write) -> Result<()> {
    if !(0.0..=1.0).contains(&a.threshold) {
        bail!("--threshold {} is outside 0 to 1", a.threshold);
    }
    let ws = open(&a.project)?;
    let p = ws.project();
    let groups = crate::dupes::find(p.articles(), a.threshold);
    let describe = |id: crate::model::Id| {
        p.article(id).map_or_else(String::new, |x| {
            format!("{} | {} | {}", x.path, x.meta.outlet, x.label())
        })
    };
    if a.json {
        let v: Vec<serde_json::Value> = groups
            .iter()
            .map(|g| {
                serde_json::json!({
                    "articles": g.articles.iter().map(|id| {
                        let x = p.article(*id);
                        serde_json::json!({
                            "id": id.to_string(),
                            "path": x.map(|x| x.path.clone()),
                            "outlet": x.map(|x| x.meta.outlet.clone()),
                            "title": x.map(|x| x.label().to_owned()),
                        })
                    }).collect::<Vec<_>>(),
                    "pairs": g.pairs.iter().map(|pair| serde_json::json!({
                        "a": pair.a.to_string(), "b": pair.b.to_string(),
                        "similarity": pair.similarity,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(
            &mut *out,
            &serde_json::json!({ "threshold": a.threshold, "groups": v }),
        )?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} group(s) of articles at or above {:.2} similarity (Jaccard of 5-word shingles).",
        groups.len(),
        a.threshold
    )?;
    for (i, g) in groups.iter().enumerate() {
        writeln!(out, "\nGroup {} ({} articles):", i + 1, g.articles.len())?;
        for id in &g.articles {
            writeln!(out, "  {}", describe(*id))?;
        }
        for pair in &g.pairs {
            let path = |id| p.article(id).map_or("", |x| x.path.as_str());
            writeln!(
                out,
                "  {:.3}  {}  ~  {}",
                pair.similarity,
                path(pair.a),
                path(pair.b)
            )?;
        }
    }
    Ok(())
}

fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn write_report(a: &AgreeArgs, text: &str, coders: usize, out: &mut dyn Write) -> Result<()> {
    match &a.out {
        Some(path) => {
            crate::atomic::write_with(path, crate::atomic::Backup::None, |w| {
                w.write_all(text.as_bytes())
            })
            .with_context(|| format!("could not write {}", path.display()))?;
            writeln!(
                out,
                "Wrote the agreement of {coders} coders to {}.",
                path.display()
            )?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
}

fn merge(a: MergeArgs, out: &mut dyn Write) -> Result<()> {
    // `*.ron` also names RON files that are not projects: those get git's
    // own text merge.
    let sniff = |path: &Path| {
        std::fs::read(path).map(|b| {
            let head = String::from_utf8_lossy(&b[..b.len().min(4096)]).into_owned();
            b.is_empty() || head.contains(project_file::FORMAT)
        })
    };
    if [&a.base, &a.ours, &a.theirs]
        .into_iter()
        .any(|p| matches!(sniff(p), Ok(false)))
    {
        let status = std::process::Command::new("git")
            .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
            .args([&a.ours, &a.base, &a.theirs])
            .status()
            .context("could not run git merge-file for a file that is not a Parallax project")?;
        if status.success() {
            writeln!(
                out,
                "{} is not a Parallax project: merged as text.",
                a.ours.display()
            )?;
            return Ok(());
        }
        bail!(
            "{} is not a Parallax project: merged as text, with conflicts marked in it",
            a.ours.display()
        );
    }
    // git gives an empty ancestor when the two sides share none.
    let base = if std::fs::metadata(&a.base)
        .map(|m| m.len() == 0)
        .unwrap_or(false)
    {
        crate::model::Project::default()
    } else {
        project_file::load(&a.base)?
    };
    let ours = project_file::load(&a.ours)?;
    let theirs = project_file::load(&a.theirs)?;
    let merged = crate::merge::merge(&base, &ours, &theirs);
    let p = &merged.project;
    // Never leave git a file the app would refuse: read the result back first.
    let text = project_file::to_string(p);
    match project_file::from_bytes(text.as_bytes()) {
        Ok((_, problems)) if problems.is_empty() => {}
        Ok((_, problems)) => bail!(
            "the merge would give an invalid project ({}); {} is left as it was",
            problems[0],
            a.ours.display()
        ),
        Err(e) => bail!(
            "the merge would give an unreadable project ({e:?}); {} is left as it was",
            a.ours.display()
        ),
    }
    // The text read back is the text written (not serialised twice).
    crate::atomic::write_with(&a.ours, crate::atomic::Backup::None, |w| {
        w.write_all(text.as_bytes())
    })
    .with_context(|| format!("could not write {}", a.ours.display()))?;
    writeln!(
        out,
        "Merged {} article(s), {} span(s), {} link(s), {} fact(s) into {}.",
        p.articles().len(),
        p.span_count(),
        p.link_count(),
        p.facts().len(),
        a.ours.display()
    )?;
    if p.conflicts().is_empty() {
        return Ok(());
    }
    bail!(
        "{} conflict(s) remain ({} from this merge): both versions are kept in the project; pick one in the app (File → Merge conflicts…) or see them with `parallax check`",
        p.conflicts().len(),
        merged.new_conflicts
    )
}

fn team_init(dir: Option<PathBuf>, out: &mut dyn Write) -> Result<()> {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    let git = |args: &[&str]| -> Result<String> {
        let o = std::process::Command::new("git")
            .arg("-C")
            .arg(&dir)
            .args(args)
            .output()
            .context("could not run git; is it installed?")?;
        if !o.status.success() {
            bail!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&o.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    let top = PathBuf::from(
        git(&["rev-parse", "--show-toplevel"])
            .with_context(|| format!("{} is not in a git repository", dir.display()))?,
    );
    let attributes = top.join(".gitattributes");
    let line = "*.ron merge=parallax";
    let had = match std::fs::read_to_string(&attributes) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        // Never overwrite a file we could not read.
        Err(e) => bail!("could not read {}: {e}", attributes.display()),
    };
    if !had.lines().any(|l| l.trim() == line) {
        let mut text = had;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(line);
        text.push('\n');
        std::fs::write(&attributes, text)
            .with_context(|| format!("could not write {}", attributes.display()))?;
    }
    // `parallax` when it is on the PATH (a build directory or a mounted
    // image may not stay where this program runs from), else this program.
    let on_path = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join("parallax").is_file()));
    let driver = if on_path {
        "parallax merge %O %A %B".to_owned()
    } else {
        let exe = std::env::current_exe().context("could not find this program's path")?;
        // Quoted for the shell git runs the driver with.
        format!(
            "'{}' merge %O %A %B",
            exe.display().to_string().replace('\'', "'\\''")
        )
    };
    git(&["config", "merge.parallax.name", "Parallax project merge"])?;
    git(&["config", "merge.parallax.driver", &driver])?;
    writeln!(
        out,
        "{} now merges *.ron with Parallax ({}); commit .gitattributes so the team shares it, and run `parallax team init` in each clone.",
        top.display(),
        attributes.display()
    )?;
    Ok(())
}

fn synth(a: SynthArgs, out: &mut dyn Write) -> Result<()> {
    use crate::synth::{self, Size};
    if a.project.exists() && !a.force {
        bail!(
            "{} already exists; choose another name or pass --force to replace it",
            a.project.display()
        );
    }
    if a.articles == 0 || a.outlets == 0 || a.chars < 100 {
        bail!("give at least one article, one outlet and 100 code points per article");
    }
    let project = match a.long {
        Some(chars) => synth::long_article(chars.max(1000), a.spans),
        None => synth::study(Size {
            articles: a.articles,
            chars_per_article: a.chars,
            spans: a.spans,
            facts: a.facts,
            outlets: a.outlets,
        }),
    };
    let dir = crate::paths::project_dir(&a.project);
    synth::write_sources(&project, &dir)
        .with_context(|| format!("could not write the articles under {}", dir.display()))?;
    project_file::save(&project, &a.project)?;
    writeln!(
        out,
        "Created {} with {} article(s), {} span(s), {} link(s), {} fact(s).",
        a.project.display(),
        project.articles().len(),
        project.span_count(),
        project.link_count(),
        project.facts().len()
    )?;
    Ok(())
}

fn open(path: &Path) -> Result<Workspace> {
    Ok(Workspace::open(path)?)
}

fn new(a: NewArgs, out: &mut dyn Write) -> Result<()> {
    if a.project.exists() && !a.force {
        bail!(
            "{} already exists; choose another name or pass --force to replace it",
            a.project.display()
        );
    }
    if a.max_file_size.is_nan() || a.max_file_size <= 0.0 {
        bail!("--max-file-size must be a positive number of megabytes");
    }
    let options = ReadOptions {
        max_file_size: (a.max_file_size * 1024.0 * 1024.0) as u64,
    };
    let is_table = a.articles.is_file()
        && a.articles
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let mut corpus = if is_table {
        let columns = match &a.text_column {
            Some(text) => Some(corpus::table::Columns {
                text: text.clone(),
                title: a.title_column.clone(),
                outlet: a.outlet_column.clone(),
                date: a.date_column.clone(),
                url: a.url_column.clone(),
                author: a.author_column.clone(),
            }),
            None => {
                // Guessed, with any column named on the command line.
                let header = corpus::table::header(&a.articles).map_err(anyhow::Error::msg)?;
                corpus::table::Columns::guess(&header).map(|g| corpus::table::Columns {
                    title: a.title_column.clone().or(g.title),
                    outlet: a.outlet_column.clone().or(g.outlet),
                    date: a.date_column.clone().or(g.date),
                    url: a.url_column.clone().or(g.url),
                    author: a.author_column.clone().or(g.author),
                    text: g.text,
                })
            }
        };
        corpus::read_table(&a.articles, columns.as_ref(), &options)?
    } else {
        corpus::read_folder(&a.articles, &options)?
    };
    let articles = std::mem::take(&mut corpus.articles);
    let base = crate::paths::project_dir(&a.project);
    let project = corpus::new_project(articles, &base);
    project_file::save(&project, &a.project)?;
    writeln!(
        out,
        "Created {} with {} article(s) from {}.",
        a.project.display(),
        project.articles().len(),
        a.articles.display()
    )?;
    if !corpus.skipped.is_empty() {
        writeln!(out, "Skipped {} file(s):", corpus.skipped.len())?;
        for s in &corpus.skipped {
            let shown = s.path.strip_prefix(&corpus.root).unwrap_or(&s.path);
            writeln!(out, "  {}: {}", shown.display(), s.reason)?;
        }
    }
    for w in &corpus.warnings {
        writeln!(out, "Warning: {w}")?;
    }
    Ok(())
}

fn autocode(a: AutocodeArgs, out: &mut dyn Write) -> Result<()> {
    let mut ws = open(&a.project)?;
    let Some(tag) = ws.project().schema.find_tag(&a.tag).map(|t| t.name.clone()) else {
        let known: Vec<&str> = ws
            .project()
            .schema
            .tags
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        bail!(
            "no tag named {:?} in this project (tags: {})",
            a.tag,
            known.join(", ")
        );
    };
    let (pattern, is_regex) = match (&a.text, &a.regex) {
        (Some(t), _) => (t.as_str(), false),
        (None, Some(r)) => (r.as_str(), true),
        (None, None) => bail!("give --text or --regex"),
    };
    let query = Query::new(pattern, is_regex, a.whole_word, a.ignore_case)?;
    let (edit, added) = autocode::plan(
        ws.project(),
        &tag,
        &query,
        &a.annotator,
        a.include_boilerplate,
    );
    if added > 0 {
        ws.apply(edit).context("could not add the spans")?;
        ws.save()?;
    }
    writeln!(out, "Added {added} {tag} span(s).")?;
    Ok(())
}

fn export(a: ExportArgs, out: &mut dyn Write) -> Result<()> {
    let ws = open(&a.project)?;
    export::export(ws.project(), a.format, &a.out)
        .with_context(|| format!("could not write {}", a.out.display()))?;
    writeln!(
        out,
        "Wrote {} span(s) from {} article(s) to {}.",
        ws.project().span_count(),
        ws.project().articles().len(),
        a.out.display()
    )?;
    Ok(())
}

fn check(a: CheckArgs, out: &mut dyn Write) -> Result<()> {
    let (project, problems) = project_file::load_lenient(&a.project)?;
    let name = a.project.display();
    for p in &problems {
        match p.line {
            Some(l) => writeln!(out, "{name}:{l}: {}", p.message)?,
            None => writeln!(out, "{name}: {}", p.message)?,
        }
    }
    let base = crate::paths::project_dir(&a.project);
    let drift: Vec<_> = crate::sources::check(&project, &base)
        .into_iter()
        .filter(|c| c.state != crate::sources::SourceState::Unchanged)
        .collect();
    for c in &drift {
        writeln!(out, "source {}: {}", c.path, c.describe())?;
    }
    if project.orphan_count() > 0 {
        writeln!(
            out,
            "{} orphaned span(s) wait to be placed or deleted.",
            project.orphan_count()
        )?;
    }
    for c in project.conflicts() {
        let record = if c.record.is_empty() {
            String::new()
        } else {
            format!(" {}", c.record)
        };
        writeln!(out, "conflict {}: {:?}{record}: {}", c.id, c.kind, c.reason)?;
    }
    if !project.conflicts().is_empty() {
        bail!(
            "{} merge conflict(s) wait to be resolved (the app shows both versions)",
            project.conflicts().len()
        );
    }
    if problems.is_empty() && drift.is_empty() {
        writeln!(
            out,
            "{name}: no problems ({} articles, {} spans, {} links, {} facts); all sources unchanged.",
            project.articles().len(),
            project.span_count(),
            project.link_count(),
            project.facts().len()
        )?;
        return Ok(());
    }
    bail!(
        "{} problem(s) in the file, {} source file(s) changed, moved or missing",
        problems.len(),
        drift.len()
    )
}

fn reanchor(a: ReanchorArgs, out: &mut dyn Write) -> Result<()> {
    let mut ws = open(&a.project)?;
    let base = ws.base_dir().to_path_buf();
    let checks = crate::sources::check(ws.project(), &base);
    let mut total = crate::reanchor::Report::default();
    let mut edits = Vec::new();
    for c in &checks {
        match &c.state {
            crate::sources::SourceState::Unchanged => {}
            _ if c.updatable() => {
                let (edit, report) = crate::sources::update_from_source(ws.project(), &base, c)
                    .map_err(anyhow::Error::msg)?;
                writeln!(out, "{}: {report}", c.path)?;
                total.merge(&report);
                edits.push(edit);
            }
            _ => writeln!(out, "{}: not updated: {}", c.path, c.describe())?,
        }
    }
    if edits.is_empty() {
        writeln!(
            out,
            "Nothing to update: every source file is unchanged or unavailable."
        )?;
        return Ok(());
    }
    ws.apply(crate::edit::Edit::Batch(edits))
        .context("could not re-anchor")?;
    for o in ws.project().orphans() {
        let article = ws
            .project()
            .article(o.article)
            .map(|a| a.path.as_str())
            .unwrap_or("?");
        writeln!(out, "orphan {} in {article}: {} {:?}", o.id, o.tag, o.quote)?;
    }
    writeln!(out, "Total: {total}.")?;
    if a.dry_run {
        writeln!(out, "Dry run: nothing saved.")?;
    } else {
        ws.save()?;
        writeln!(out, "Saved {}.", a.project.display())?;
    }
    Ok(())
}

fn import(a: ImportArgs, out: &mut dyn Write) -> Result<()> {
    let mut ws = open(&a.project)?;
    let (edit, report) = crate::import::import(ws.project(), a.format, &a.path, &a.annotator)
        .map_err(anyhow::Error::msg)?;
    ws.apply(edit).context("could not add the imported spans")?;
    for line in report.detail_lines() {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "Imported from {}: {report}.", a.path.display())?;
    ws.save()?;
    Ok(())
}

fn compare(a: CompareArgs, out: &mut dyn Write) -> Result<()> {
    let ws = open(&a.project)?;
    crate::atomic::write_with(&a.out, crate::atomic::Backup::None, |w| {
        a.format.write(ws.project(), w)
    })
    .with_context(|| format!("could not write {}", a.out.display()))?;
    let m = crate::compare::matrix(ws.project());
    writeln!(
        out,
        "Compared {} fact(s) across {} outlet(s); wrote {}.",
        m.rows.len(),
        m.outlets.len(),
        a.out.display()
    )?;
    Ok(())
}

fn stats(a: StatsArgs, out: &mut dyn Write) -> Result<()> {
    let ws = open(&a.project)?;
    let s = stats::compute(ws.project());
    if a.json {
        serde_json::to_writer_pretty(&mut *out, &s)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", s.to_table())?;
    }
    Ok(())
}

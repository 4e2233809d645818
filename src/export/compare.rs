//! The comparison of facts across outlets as CSV (one row per fact ×
//! outlet), a Markdown table, or a self-contained HTML report (one file, no
//! network, inline CSS, printable). Every piece of article text and every
//! note is escaped.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::escape_markup;
use crate::compare::{self, Cell, Claim, Matrix, OutletSummary};
use crate::model::Project;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum CompareFormat {
    /// One row per fact × outlet.
    Csv,
    /// A Markdown table.
    Md,
    /// A self-contained HTML report.
    Html,
}

impl CompareFormat {
    pub const ALL: [CompareFormat; 3] =
        [CompareFormat::Csv, CompareFormat::Md, CompareFormat::Html];

    pub fn extension(self) -> &'static str {
        match self {
            CompareFormat::Csv => "csv",
            CompareFormat::Md => "md",
            CompareFormat::Html => "html",
        }
    }

    /// The file name an export of project `name` gets by default.
    pub fn default_name(self, name: &str) -> String {
        format!("{name}-comparison.{}", self.extension())
    }

    pub fn label(self) -> &'static str {
        match self {
            CompareFormat::Csv => "comparison CSV",
            CompareFormat::Md => "comparison Markdown",
            CompareFormat::Html => "comparison report (HTML)",
        }
    }

    pub fn write(self, project: &Project, w: &mut dyn Write) -> io::Result<()> {
        match self {
            CompareFormat::Csv => write_csv(project, w),
            CompareFormat::Md => write_md(project, w),
            CompareFormat::Html => write_html(project, w),
        }
    }
}

pub const CSV_HEADER: [&str; 15] = [
    "fact_id",
    "fact",
    "outlet",
    "article",
    "present",
    "span_ids",
    "wording",
    "source",
    "source_type",
    "cue",
    "cue_stance",
    "factuality",
    "prominence",
    "paragraph",
    "match",
];

fn join<T: AsRef<str>>(items: impl Iterator<Item = T>) -> String {
    let v: Vec<String> = items
        .map(|s| s.as_ref().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    v.join(" | ")
}

/// One line per fact × outlet; several claims in one cell are joined with ` | `.
pub fn write_csv(project: &Project, w: &mut dyn Write) -> io::Result<()> {
    use super::csv::safe_cell;
    let m = compare::matrix(project);
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(CSV_HEADER)?;
    for row in &m.rows {
        for (outlet, cell) in m.outlets.iter().zip(&row.cells) {
            let claims: &[Claim] = match cell {
                Cell::Omitted => &[],
                Cell::Carried(c) => c,
            };
            let articles = join(
                claims
                    .iter()
                    .filter_map(|c| project.article(c.article))
                    .map(|a| a.path.as_str()),
            );
            let credits = || claims.iter().flat_map(|c| c.credits.iter());
            out.write_record([
                row.fact.to_string().as_str(),
                &safe_cell(&row.name),
                &safe_cell(outlet),
                &safe_cell(&articles),
                if claims.is_empty() { "false" } else { "true" },
                &join(claims.iter().map(|c| c.span.to_string())),
                &safe_cell(&join(claims.iter().map(|c| c.wording.as_str()))),
                &safe_cell(&join(credits().map(|c| c.source_text.as_str()))),
                &safe_cell(&join(credits().map(|c| c.source_type.as_str()))),
                &safe_cell(&join(credits().map(|c| c.cue_text.as_str()))),
                &safe_cell(&join(credits().map(|c| c.cue_stance.as_str()))),
                &safe_cell(&join(claims.iter().map(|c| c.factuality.as_str()))),
                &join(claims.iter().map(|c| c.prominence.to_string())),
                &join(claims.iter().map(|c| c.paragraph.to_string())),
                &join(claims.iter().map(|c| c.relation.label())),
            ])?;
        }
    }
    out.flush()
}

/// Text for one cell: wording, credit, factuality and place.
fn describe(c: &Claim) -> String {
    let mut s = format!("“{}”", c.wording);
    for cr in &c.credits {
        let who = if cr.source_text.is_empty() {
            "unnamed source".to_owned()
        } else {
            cr.source_text.clone()
        };
        let _ = write!(s, " — {who}");
        if !cr.source_type.is_empty() {
            let _ = write!(s, " ({})", cr.source_type);
        }
        if !cr.cue_text.is_empty() {
            let _ = write!(s, ", “{}”", cr.cue_text);
            if !cr.cue_stance.is_empty() {
                let _ = write!(s, " ({})", cr.cue_stance);
            }
        }
    }
    if c.credits.is_empty() {
        s.push_str(" — outlet's own voice");
    }
    let mut tail = vec![c.prominence.to_string()];
    if c.paragraph > 0 {
        tail.push(format!("¶{}", c.paragraph));
    }
    if !c.factuality.is_empty() {
        tail.push(c.factuality.clone());
    }
    if c.relation != crate::model::Relation::Equivalent {
        tail.push(c.relation.label().to_owned());
    }
    let _ = write!(s, " [{}]", tail.join(", "));
    s
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

pub fn write_md(project: &Project, w: &mut dyn Write) -> io::Result<()> {
    let m = compare::matrix(project);
    writeln!(w, "# How each outlet reported each fact\n")?;
    write!(w, "| Fact |")?;
    for o in &m.outlets {
        write!(w, " {} |", md_escape(o))?;
    }
    writeln!(w)?;
    write!(w, "|---|")?;
    for _ in &m.outlets {
        write!(w, "---|")?;
    }
    writeln!(w)?;
    for row in &m.rows {
        write!(
            w,
            "| **{}** ({}/{} outlets) |",
            md_escape(&row.name),
            row.outlets_carrying(),
            m.outlets.len()
        )?;
        for cell in &row.cells {
            match cell {
                Cell::Omitted => write!(w, " *not reported* |")?,
                Cell::Carried(claims) => {
                    let parts: Vec<String> =
                        claims.iter().map(|c| md_escape(&describe(c))).collect();
                    write!(w, " {} |", parts.join("<br>"))?;
                }
            }
        }
        writeln!(w)?;
    }
    writeln!(w, "\n## Outlets\n")?;
    writeln!(
        w,
        "| Outlet | Articles | Claims | Attributed | Own voice | Facts carried | Facts omitted |"
    )?;
    writeln!(w, "|---|---|---|---|---|---|---|")?;
    for s in compare::summaries(project, &m) {
        writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} |",
            md_escape(&s.outlet),
            s.articles,
            s.claims,
            s.attributed,
            s.own_voice,
            s.facts_carried,
            s.facts_omitted
        )?;
    }
    Ok(())
}

const CSS: &str = "
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;color:#1d1d1f;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #d0d0d0;padding:.4rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f5}td.fact{font-weight:600;width:14rem}
td.omitted{background:repeating-linear-gradient(45deg,#fbeaea,#fbeaea 6px,#fff 6px,#fff 12px);color:#9b1c1c;font-style:italic}
.claim{margin-bottom:.5rem}.wording{font-style:italic}.meta{color:#555;font-size:.85rem}
.contradicts{color:#b00020;font-weight:600}.tag{display:inline-block;padding:0 .3rem;border-radius:.2rem;font-size:.8rem;background:#eef}
mark{background:#d6e6ff;padding:0 .1rem}.ctx{color:#666}
.bar{display:inline-block;height:.8rem;background:#2f80ed;vertical-align:middle}.bar.own{background:#e07a10}
@media print{body{margin:0;max-width:none}h2{page-break-before:auto}td,th{font-size:11px}tr{page-break-inside:avoid}}
";

pub fn write_html(project: &Project, w: &mut dyn Write) -> io::Result<()> {
    let m = compare::matrix(project);
    let sums = compare::summaries(project, &m);
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<title>Parallax comparison report</title>\n<style>");
    h.push_str(CSS);
    h.push_str("</style>\n</head>\n<body>\n<h1>How each outlet reported each fact</h1>\n");
    let _ = writeln!(
        h,
        "<p class=\"meta\">{} facts · {} outlets · {} articles · generated by Parallax</p>",
        m.rows.len(),
        m.outlets.len(),
        project.articles().len()
    );
    matrix_html(&mut h, &m);
    excerpts_html(&mut h, project, &m);
    summary_html(&mut h, &sums);
    h.push_str("</body>\n</html>\n");
    w.write_all(h.as_bytes())
}

fn matrix_html(h: &mut String, m: &Matrix) {
    h.push_str("<h2>Facts × outlets</h2>\n<table>\n<tr><th>Fact</th>");
    for o in &m.outlets {
        let _ = write!(h, "<th dir=\"auto\">{}</th>", escape_markup(o));
    }
    h.push_str("</tr>\n");
    for row in &m.rows {
        let _ = write!(
            h,
            "<tr><td class=\"fact\"><div dir=\"auto\">{}</div><div class=\"meta\">{}/{} outlets</div></td>",
            escape_markup(&row.name),
            row.outlets_carrying(),
            m.outlets.len()
        );
        for cell in &row.cells {
            match cell {
                Cell::Omitted => h.push_str("<td class=\"omitted\">not reported</td>"),
                Cell::Carried(claims) => {
                    h.push_str("<td>");
                    for c in claims {
                        claim_html(h, c);
                    }
                    h.push_str("</td>");
                }
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

fn claim_html(h: &mut String, c: &Claim) {
    h.push_str("<div class=\"claim\">");
    let _ = write!(
        h,
        "<div class=\"wording\" dir=\"auto\">“{}”</div><div class=\"meta\">",
        escape_markup(&c.wording)
    );
    if c.credits.is_empty() {
        h.push_str("outlet's own voice");
    }
    for cr in &c.credits {
        let who = if cr.source_text.is_empty() {
            "unnamed source"
        } else {
            &cr.source_text
        };
        let _ = write!(h, "credited to <b><bdi>{}</bdi></b>", escape_markup(who));
        if !cr.source_type.is_empty() {
            let _ = write!(h, " ({})", escape_markup(&cr.source_type));
        }
        if !cr.cue_text.is_empty() {
            let _ = write!(h, " via “<bdi>{}</bdi>”", escape_markup(&cr.cue_text));
            if !cr.cue_stance.is_empty() {
                let _ = write!(
                    h,
                    " <span class=\"tag\">{}</span>",
                    escape_markup(&cr.cue_stance)
                );
            }
        }
        h.push_str("<br>");
    }
    let _ = write!(h, "<br>{}", c.prominence);
    if c.paragraph > 0 {
        let _ = write!(h, ", ¶{}", c.paragraph);
    }
    if !c.factuality.is_empty() {
        let _ = write!(h, " · {}", escape_markup(&c.factuality));
    }
    if c.relation == crate::model::Relation::Contradicts {
        h.push_str(" · <span class=\"contradicts\">contradicts</span>");
    } else if c.relation != crate::model::Relation::Equivalent {
        let _ = write!(h, " · {}", c.relation.label());
    }
    h.push_str("</div></div>");
}

fn excerpts_html(h: &mut String, project: &Project, m: &Matrix) {
    h.push_str("<h2>Excerpts</h2>\n");
    for row in &m.rows {
        let _ = writeln!(h, "<h3 dir=\"auto\">{}</h3>", escape_markup(&row.name));
        h.push_str("<ul>\n");
        for (outlet, cell) in m.outlets.iter().zip(&row.cells) {
            match cell {
                Cell::Omitted => {
                    let _ = writeln!(
                        h,
                        "<li><b>{}</b>: <i>not reported</i></li>",
                        escape_markup(outlet)
                    );
                }
                Cell::Carried(claims) => {
                    for c in claims {
                        let Some(span) = project.span(c.span) else {
                            continue;
                        };
                        let title = project
                            .article(c.article)
                            .map(|a| a.label().to_owned())
                            .unwrap_or_default();
                        let (before, after) = (lead_in(&span.prefix), lead_out(&span.suffix));
                        let _ = writeln!(
                            h,
                            "<li><b><bdi>{}</bdi></b> <span class=\"meta\">(<bdi>{}</bdi>)</span>: <span dir=\"auto\"><span class=\"ctx\">{}</span><mark>{}</mark><span class=\"ctx\">{}</span></span></li>",
                            escape_markup(outlet),
                            escape_markup(&title),
                            escape_markup(&before),
                            escape_markup(&span.quote),
                            escape_markup(&after)
                        );
                    }
                }
            }
        }
        h.push_str("</ul>\n");
    }
}

/// The context before an excerpt, starting at a whole word (and at the
/// paragraph when the context holds its start): "…said on Monday that ".
/// A context shorter than [`CONTEXT_CHARS`] reaches the article's start,
/// so its first word is whole.
fn lead_in(prefix: &str) -> String {
    if let Some(at) = prefix.rfind('\n') {
        return prefix[at + 1..].to_owned();
    }
    if prefix.chars().count() < crate::model::CONTEXT_CHARS {
        return prefix.to_owned();
    }
    match prefix.find(char::is_whitespace) {
        // The context was cut inside its first word: drop that part-word.
        Some(at) if at > 0 => format!("…{}", prefix[at..].trim_start()),
        _ => prefix.to_owned(),
    }
}

/// The context after an excerpt, ending at a whole word (or the paragraph).
fn lead_out(suffix: &str) -> String {
    if let Some(at) = suffix.find('\n') {
        return suffix[..at].to_owned();
    }
    if suffix.chars().count() < crate::model::CONTEXT_CHARS {
        return suffix.to_owned();
    }
    match suffix.rfind(char::is_whitespace) {
        Some(at) if at + 1 < suffix.len() => format!("{}…", &suffix[..at]),
        _ => suffix.to_owned(),
    }
}

fn summary_html(h: &mut String, sums: &[OutletSummary]) {
    h.push_str("<h2>Outlets</h2>\n<table>\n<tr><th>Outlet</th><th>Articles</th><th>Claims</th><th>Attributed / own voice</th><th>Sources by type</th><th>Cue stance</th><th>Facts carried</th><th>Facts omitted</th></tr>\n");
    let max_claims = sums.iter().map(|s| s.claims).max().unwrap_or(1).max(1) as f64;
    for s in sums {
        let attributed_w = 120.0 * s.attributed as f64 / max_claims;
        let own_w = 120.0 * s.own_voice as f64 / max_claims;
        let map = |m: &std::collections::BTreeMap<String, usize>| {
            m.iter()
                .map(|(k, v)| format!("{}: {v}", escape_markup(k)))
                .collect::<Vec<_>>()
                .join("<br>")
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td><span class=\"bar\" style=\"width:{attributed_w:.0}px\"></span><span class=\"bar own\" style=\"width:{own_w:.0}px\"></span> {} / {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_markup(&s.outlet),
            s.articles,
            s.claims,
            s.attributed,
            s.own_voice,
            map(&s.sources_by_type),
            map(&s.cue_stances),
            s.facts_carried,
            s.facts_omitted
        );
    }
    h.push_str("</table>\n<p class=\"meta\"><span class=\"bar\" style=\"width:12px\"></span> attributed <span class=\"bar own\" style=\"width:12px\"></span> outlet's own voice</p>\n");
}

#[cfg(test)]
mod context_tests {
    use super::{lead_in, lead_out};

    #[test]
    fn excerpts_are_cut_at_word_boundaries() {
        // Full contexts (32 code points) were cut inside a word.
        assert_eq!(
            lead_in("xpressed concern that the mayor "),
            "…concern that the mayor "
        );
        assert_eq!(lead_in("end.\n\nThe mayor said "), "The mayor said ");
        assert_eq!(
            lead_out(" by Tuesday, city officials said"),
            " by Tuesday, city officials…"
        );
        assert_eq!(lead_out(" today.\nNext"), " today.");
        assert_eq!(lead_out(""), "");
        // Shorter ones reach the article's start or end: nothing to cut.
        assert_eq!(lead_in("Officials said "), "Officials said ");
        assert_eq!(lead_out(" on Monday"), " on Monday");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_markdown_escape_everything() {
        assert_eq!(
            escape_markup("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(md_escape("a | b <i>\nc"), "a \\| b \\<i\\> c");
    }
}

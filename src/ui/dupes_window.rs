//! Duplicates and wire copies: groups of articles whose texts are the same
//! or nearly (agency copy several outlets ran, updates of one story),
//! worked out in the background whenever the articles change; the article
//! list marks their members, and this window lists the groups with each
//! pair's similarity and opens the diff of a pair.

use std::collections::HashMap;

use egui::RichText;

use super::action::Action;
use super::background::SnapshotJob;
use crate::dupes::{self, Group};
use crate::model::{Id, IdMap};
use crate::workspace::Workspace;
use std::ops::Range;

/// Both need every article's text and change only with the articles.
type DupesJob = SnapshotJob<(Vec<Group>, IdMap<Vec<Range<usize>>>)>;

pub struct Cache {
    /// (generation, articles' version, threshold) the groups are for.
    key: Option<(u64, u64, u64)>,
    groups: Vec<Group>,
    /// Each grouped article's most similar others, most similar first.
    similar: HashMap<Id, Vec<(Id, f64)>>,
    job: Option<(DupesJob, (u64, u64, u64))>,
    pub threshold: f64,
    /// Each article's boilerplate lines (see [`crate::boilerplate`]).
    boilerplate: IdMap<Vec<Range<usize>>>,
}

impl Default for Cache {
    fn default() -> Self {
        Self {
            key: None,
            groups: Vec::new(),
            similar: HashMap::new(),
            job: None,
            threshold: dupes::DEFAULT_THRESHOLD,
            boilerplate: IdMap::default(),
        }
    }
}

impl Cache {
    /// Start working the groups out if the articles or the threshold changed.
    pub fn refresh(&mut self, ws: &Workspace, generation: u64, ctx: &egui::Context) {
        let key = (
            generation,
            ws.project().articles_version(),
            self.threshold.to_bits(),
        );
        if self.key == Some(key) || self.job.as_ref().is_some_and(|(_, k)| *k == key) {
            return;
        }
        let threshold = self.threshold;
        let job = SnapshotJob::start(ws, (generation, ws.revision()), ctx, move |p| {
            (
                dupes::find(p.articles(), threshold),
                crate::boilerplate::find(p.articles()),
            )
        });
        self.job = Some((job, key));
    }

    /// Take finished groups (once per frame).
    pub fn poll(&mut self) {
        let Some(result) = self.job.as_ref().and_then(|(j, _)| j.poll()) else {
            return;
        };
        let Some((_, key)) = self.job.take() else {
            return;
        };
        self.key = Some(key);
        let (groups, boilerplate) = result.unwrap_or_default();
        self.groups = groups;
        self.boilerplate = boilerplate;
        self.similar.clear();
        for g in &self.groups {
            for p in &g.pairs {
                self.similar
                    .entry(p.a)
                    .or_default()
                    .push((p.b, p.similarity));
                self.similar
                    .entry(p.b)
                    .or_default()
                    .push((p.a, p.similarity));
            }
        }
        for v in self.similar.values_mut() {
            v.sort_by(|x, y| y.1.total_cmp(&x.1));
        }
    }

    pub fn working(&self) -> bool {
        self.job.is_some()
    }

    /// The articles most like `article`, most similar first.
    pub fn similar_to(&self, article: Id) -> &[(Id, f64)] {
        self.similar.get(&article).map_or(&[], Vec::as_slice)
    }

    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// An article's boilerplate lines, code points.
    pub fn boilerplate_of(&self, article: Id) -> &[Range<usize>] {
        self.boilerplate.get(&article).map_or(&[], Vec::as_slice)
    }
}

/// The window; returns false once it is closed.
pub fn show(
    ctx: &egui::Context,
    ws: &Workspace,
    cache: &mut Cache,
    actions: &mut Vec<Action>,
) -> bool {
    let p = ws.project();
    let mut open = true;
    egui::Window::new("Duplicates and wire copies")
        .open(&mut open)
        .default_width(620.0)
        .default_height(460.0)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.label("Similarity from");
                let r = ui.add(
                    egui::Slider::new(&mut cache.threshold, 0.3..=1.0)
                        .step_by(0.05)
                        .fixed_decimals(2),
                );
                super::name_widget(&r, egui::accesskit::Role::Slider, "Similarity from");
                if cache.working() {
                    ui.spinner();
                }
            });
            ui.weak("Jaccard similarity of five-word shingles: 1 is the same text; wire copy an outlet edited lightly is usually above 0.8.");
            ui.separator();
            if cache.groups.is_empty() && !cache.working() {
                ui.label("No two articles are that alike.");
                return;
            }
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for (i, g) in cache.groups.iter().enumerate() {
                        ui.strong(format!("Group {} · {} articles", i + 1, g.articles.len()));
                        for pair in &g.pairs {
                            let name = |id: Id| {
                                p.article(id).map_or_else(String::new, |a| {
                                    format!("{} — {}", a.meta.outlet, a.label())
                                })
                            };
                            ui.horizontal(|ui| {
                                ui.label(RichText::new(format!("{:.2}", pair.similarity)).monospace());
                                if ui
                                    .button("Show diff")
                                    .on_hover_text("Show word by word what the second changed of the first")
                                    .clicked()
                                {
                                    actions.push(Action::ShowDiff(pair.a, pair.b));
                                }
                                ui.add(
                                    egui::Label::new(format!("{}  ⇄  {}", name(pair.a), name(pair.b)))
                                        .truncate(),
                                );
                            });
                        }
                        ui.add_space(6.0);
                    }
                });
        });
    open
}

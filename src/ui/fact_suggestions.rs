//! Suggested facts at the top of the Facts panel: claims of different
//! outlets that may state the same thing ("3 claims in 3 outlets may state
//! '…' — shared: next week, meeting"), each accepted (a new fact, or more
//! claims for one) or dismissed; and, under a selected fact, the outlets
//! that leave it out with their closest sentences. Worked out off the UI
//! thread while the section is open; the rules are in
//! [`crate::suggest::facts`].

use std::collections::HashSet;

use super::action::Action;
use super::background::SnapshotJob;
use crate::model::{Id, Project};
use crate::suggest::facts::{self, FactSuggestion, Omission};
use crate::workspace::Workspace;

type Found = (Vec<FactSuggestion>, Vec<Omission>);

/// What the shown suggestions were picked for: the project's generation
/// and revision, how many were dismissed, and what the lists are for.
type VisibleKey = (u64, u64, usize, Option<(u64, u64)>);

/// How many suggestions the section lists at most.
const SHOWN: usize = 50;

#[derive(Default)]
pub struct State {
    /// Whether the section is open (suggestions are only looked for then).
    pub open: bool,
    job: Option<SnapshotJob<Found>>,
    /// (generation, revision) the lists are for.
    key: Option<(u64, u64)>,
    list: Vec<FactSuggestion>,
    omissions: Vec<Omission>,
    /// Dismissed this session, by their claims.
    dismissed: HashSet<Vec<Id>>,
    /// Those worth showing, and the (generation, revision, dismissed)
    /// they were picked for.
    visible: Vec<usize>,
    visible_key: Option<VisibleKey>,
}

fn claims_of(s: &FactSuggestion) -> Vec<Id> {
    s.members.iter().map(|m| m.span).collect()
}

impl State {
    /// Start or collect the work while the section is open.
    pub fn update(&mut self, ws: &Workspace, generation: u64, ctx: &egui::Context) {
        if let Some(job) = &self.job {
            if let Some(result) = job.poll() {
                if let Ok((list, omissions)) = result {
                    self.list = list;
                    self.omissions = omissions;
                    self.key = Some(job.key);
                }
                self.job = None;
            }
        }
        let key = (generation, ws.revision());
        self.pick(
            ws.project(),
            (generation, ws.revision(), self.dismissed.len(), self.key),
        );
        if self.open && self.job.is_none() && self.key != Some(key) {
            self.job = Some(SnapshotJob::start(ws, key, ctx, |p| {
                (facts::project(p), facts::omissions(p))
            }));
        }
    }

    pub fn working(&self) -> bool {
        self.job.is_some()
    }

    /// Pick the suggestions still worth showing against the project as it
    /// is now (one accepted a moment ago is gone before the lists catch
    /// up): not dismissed, with a new claim that is in no fact yet.
    fn pick(&mut self, p: &Project, key: VisibleKey) {
        if self.visible_key == Some(key) {
            return;
        }
        let in_fact: HashSet<Id> = p
            .facts()
            .iter()
            .flat_map(|f| f.members.iter().map(|m| m.span))
            .collect();
        self.visible = self
            .list
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                !self.dismissed.contains(&claims_of(s))
                    && s.members
                        .iter()
                        .filter(|m| m.new)
                        .any(|m| p.span(m.span).is_some() && !in_fact.contains(&m.span))
            })
            .map(|(i, _)| i)
            .collect();
        self.visible_key = Some(key);
    }

    pub fn get(&self, i: usize) -> Option<&FactSuggestion> {
        self.list.get(i)
    }

    pub fn dismiss(&mut self, i: usize) {
        if let Some(s) = self.list.get(i) {
            self.dismissed.insert(claims_of(s));
        }
    }

    pub fn omissions_of(&self, fact: Id) -> impl Iterator<Item = &Omission> {
        self.omissions.iter().filter(move |o| o.fact == fact)
    }
}

/// The section: a collapsible list of suggested facts.
pub fn section(ui: &mut egui::Ui, state: &mut State, actions: &mut Vec<Action>) {
    let count = state.visible.len();
    let title = if state.working() {
        "Suggested facts (looking…)".to_owned()
    } else if state.open && state.key.is_some() {
        format!("Suggested facts ({count})")
    } else {
        "Suggested facts".to_owned()
    };
    let r = egui::CollapsingHeader::new(title)
        .id_salt("fact-suggestions")
        .show(ui, |ui| {
            if state.key.is_none() {
                ui.weak("Looking for claims of different outlets that state the same thing…");
                return;
            }
            if count == 0 {
                ui.weak("No more suggestions: claims of different outlets that share numbers, names, dates and words show here.");
                return;
            }
            egui::ScrollArea::vertical()
                .id_salt("fact-suggestions-list")
                .max_height(180.0)
                .show(ui, |ui| {
                    for &i in state.visible.iter().take(SHOWN) {
                        row(ui, i, &state.list[i], actions);
                    }
                    if count > SHOWN {
                        ui.weak(format!("… and {} more", count - SHOWN));
                    }
                });
        });
    state.open = r.body_returned.is_some() || r.openness > 0.0;
}

fn row(ui: &mut egui::Ui, i: usize, s: &FactSuggestion, actions: &mut Vec<Action>) {
    let members: Vec<String> = s
        .members
        .iter()
        .map(|m| {
            format!(
                "{}{}: {} ({})",
                if m.new { "" } else { "in the fact · " },
                m.outlet,
                crate::coding::short(&m.text, 100),
                m.relation
            )
        })
        .collect();
    ui.add(egui::Label::new(egui::RichText::new(s.why()).small()).wrap())
        .on_hover_text(members.join("\n"));
    ui.horizontal(|ui| {
        if ui
            .small_button("Accept")
            .on_hover_text(if s.fact.is_some() {
                "Add these claims to the fact"
            } else {
                "Start a fact with these claims"
            })
            .clicked()
        {
            actions.push(Action::AcceptFactSuggestion(i));
        }
        if ui
            .small_button("Dismiss")
            .on_hover_text("Not the same fact: hide this suggestion")
            .clicked()
        {
            actions.push(Action::DismissFactSuggestion(i));
        }
    });
    ui.add_space(2.0);
}

/// Under a selected fact: the outlets that leave it out, with their
/// closest sentences (a click opens one).
pub fn omissions(ui: &mut egui::Ui, state: &State, fact: Id, actions: &mut Vec<Action>) {
    for o in state.omissions_of(fact) {
        ui.label(
            egui::RichText::new(format!(
                "Left out by {} (carried by {} of {} outlets)",
                o.outlet, o.carried.0, o.carried.1
            ))
            .italics(),
        );
        if o.closest.is_empty() {
            ui.weak("  nothing close in its articles");
        }
        for c in &o.closest {
            let text = format!("closest: {}", c.text.replace('\n', " "));
            if super::link_truncated(ui, text)
                .on_hover_text(format!("Shares: {}", c.shared.join(", ")))
                .clicked()
            {
                actions.push(Action::RevealText(c.article, c.range.clone()));
            }
        }
    }
}

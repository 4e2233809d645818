//! The merge conflicts window: what a merge of two coders' files left to
//! decide, both versions side by side; picking one is an undoable edit.

use egui::RichText;

use super::action::Action;
use crate::coding::Side;
use crate::model::{Conflict, ConflictKind, Project};
use crate::workspace::Workspace;

/// What a conflict is about, for a person: the span's quote, the fact's
/// name, the article's title.
pub fn describe(p: &Project, c: &Conflict) -> String {
    let id = c.record.parse().ok();
    let named = match c.kind {
        ConflictKind::Span => id
            .and_then(|id| p.span_or_orphan(id))
            .map(|s| format!("{} “{}”", s.tag, crate::text::head_chars(&s.quote, 60))),
        ConflictKind::Link => id.and_then(|id| p.link(id)).and_then(|l| {
            p.span(l.claim).map(|s| {
                format!(
                    "the attribution of “{}”",
                    crate::text::head_chars(&s.quote, 50)
                )
            })
        }),
        ConflictKind::Fact => id
            .and_then(|id| p.fact(id))
            .map(|f| format!("fact “{}”", crate::text::head_chars(&f.name, 60))),
        ConflictKind::Article => id
            .and_then(|id| p.article(id))
            .map(|a| format!("article “{}”", a.label())),
        ConflictKind::Tag => Some(format!("tag {}", c.record)),
        ConflictKind::OutletOrder => Some("the order of outlets".into()),
    };
    named.unwrap_or_else(|| format!("{:?} {}", c.kind, c.record))
}

pub fn window(ctx: &egui::Context, ws: &Workspace, open: &mut bool, actions: &mut Vec<Action>) {
    let p = ws.project();
    let n = p.conflicts().len();
    egui::Window::new(format!("Merge conflicts ({n})"))
        .open(open)
        .default_width(760.0)
        .show(ctx, |ui| {
            if n == 0 {
                ui.label("No conflicts: everything the coders did is merged.");
                return;
            }
            ui.label("Where two coders changed the same thing differently (or one deleted what the other changed), the project holds one version for now and both are shown here. Pick one for each; every pick can be undone.");
            ui.separator();
            egui::ScrollArea::vertical().max_height(520.0).show(ui, |ui| {
                for c in p.conflicts() {
                    conflict(ui, p, c, actions);
                    ui.separator();
                }
            });
        });
}

fn conflict(ui: &mut egui::Ui, p: &Project, c: &Conflict, actions: &mut Vec<Action>) {
    ui.push_id(c.id, |ui| {
        ui.label(RichText::new(describe(p, c)).strong());
        ui.weak(&c.reason);
        ui.columns(2, |cols| {
            for (ui, (title, version, side, button)) in cols.iter_mut().zip([
                ("Ours", c.ours.as_deref(), Side::Ours, "Keep ours"),
                ("Theirs", c.theirs.as_deref(), Side::Theirs, "Take theirs"),
            ]) {
                ui.strong(title);
                egui::ScrollArea::vertical()
                    .id_salt(title)
                    .max_height(120.0)
                    .show(ui, |ui| match version {
                        Some(text) => {
                            ui.add(
                                egui::Label::new(RichText::new(text).monospace().size(11.5)).wrap(),
                            );
                        }
                        None => {
                            ui.weak("(deleted on this side)");
                        }
                    });
                if ui.button(button).clicked() {
                    actions.push(Action::ResolveConflict(c.id, side));
                }
            }
        });
    });
}

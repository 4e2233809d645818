//! Every change to a project is an [`Edit`]. Applying one returns its
//! inverse, which [`History`] keeps for undo; undoing returns the redo.
//! The app's menus, shortcuts and panels, the command line and the
//! importers all change projects this way and nowhere else.

use std::fmt;

use crate::model::{
    now, Article, ArticleMeta, Conflict, Fact, Id, Link, Member, Project, Relation, Ruling, Schema,
    Span,
};

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    AddSpan(Span),
    /// Removes the span, the links that cannot stand without it, its fact
    /// memberships; links that only lose their source or cue are kept.
    RemoveSpan(Id),
    RetagSpan {
        span: Id,
        tag: String,
    },
    SetNote {
        span: Id,
        note: String,
    },
    /// `None` removes the attribute; a value is stamped with `annotator`
    /// and the time.
    SetAttribute {
        span: Id,
        key: String,
        value: Option<String>,
        annotator: String,
    },
    /// Replace a span wholesale (same id); the inverse of the span changes above.
    ReplaceSpan(Span),
    SetArticleMeta {
        article: Id,
        meta: ArticleMeta,
    },
    AddLink(Link),
    RemoveLink(Id),
    ReplaceLink(Link),
    /// Insert a fact at `index` in the fact list (clamped to the end).
    AddFact {
        fact: Fact,
        index: usize,
    },
    RemoveFact(Id),
    RenameFact {
        fact: Id,
        name: String,
    },
    SetFactNote {
        fact: Id,
        note: String,
    },
    AddMember {
        fact: Id,
        member: Member,
    },
    RemoveMember {
        fact: Id,
        span: Id,
    },
    SetRelation {
        fact: Id,
        span: Id,
        relation: Relation,
    },
    ReplaceFact(Fact),
    MoveFact {
        fact: Id,
        index: usize,
    },
    /// Replace the schema; refused while spans use a tag it drops.
    SetSchema(Schema),
    /// Rename a tag and every span that carries it.
    RenameTag {
        from: String,
        to: String,
    },
    SetOutletOrder(Vec<String>),
    /// Replace an article's text and move its spans (re-anchoring):
    /// `spans` are the article's spans after the change, `orphans` those
    /// that could not be placed in the new text.
    ReplaceArticle {
        article: Box<Article>,
        spans: Vec<Span>,
        orphans: Vec<Span>,
    },
    /// Put an orphan back into its article, at the span's new offsets.
    PlaceOrphan(Span),
    /// Take a span out of its article into the orphans (the inverse of placing).
    MakeOrphan(Span),
    /// Bring back a deleted orphan (the inverse of deleting one).
    AddOrphan(Span),
    /// Take a merge conflict off the list (its record settled).
    RemoveConflict(Id),
    /// Put a merge conflict back (the inverse of removing it).
    AddConflict(Conflict),
    /// Record that the adjudicator left a place out of the curated version.
    AddRuling(Ruling),
    RemoveRuling(Id),
    /// Several edits as one undo step; all or nothing.
    Batch(Vec<Edit>),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("no article with id {0}")]
    NoArticle(Id),
    #[error("no span with id {0}")]
    NoSpan(Id),
    #[error("no link with id {0}")]
    NoLink(Id),
    #[error("no fact with id {0}")]
    NoFact(Id),
    #[error("no conflict with id {0}")]
    NoConflict(Id),
    #[error("no ruling with id {0}")]
    NoRuling(Id),
    #[error("id {0} is already in use")]
    DuplicateId(Id),
    #[error("no tag named {0:?} in the schema")]
    NoTag(String),
    #[error("span {start}..{end} is outside the article (length {len} code points) or empty")]
    OutOfRange {
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("the quote of span {0} does not match the article text at its offsets")]
    QuoteMismatch(Id),
    #[error("link {0} names a span from another article")]
    CrossArticleLink(Id),
    #[error("link {0} needs a source or a cue besides its claim")]
    EmptyLink(Id),
    #[error("span {span} is already a member of fact {fact}")]
    AlreadyMember { fact: Id, span: Id },
    #[error("span {span} is not a member of fact {fact}")]
    NotMember { fact: Id, span: Id },
    #[error("invalid schema: {0}")]
    BadSchema(String),
    #[error("tag {tag:?} is still used by {count} span(s)")]
    TagInUse { tag: String, count: usize },
}

impl Edit {
    /// A short name for menus ("Undo Add span").
    pub fn label(&self) -> &'static str {
        match self {
            Edit::AddSpan(_) => "add span",
            Edit::RemoveSpan(_) => "delete span",
            Edit::RetagSpan { .. } => "retag span",
            Edit::SetNote { .. } => "edit note",
            Edit::SetAttribute { .. } => "set attribute",
            Edit::ReplaceSpan(_) => "change span",
            Edit::SetArticleMeta { .. } => "edit metadata",
            Edit::AddLink(_) => "link attribution",
            Edit::RemoveLink(_) => "remove link",
            Edit::ReplaceLink(_) => "change link",
            Edit::AddFact { .. } => "new fact",
            Edit::RemoveFact(_) => "delete fact",
            Edit::RenameFact { .. } => "rename fact",
            Edit::SetFactNote { .. } => "edit fact note",
            Edit::AddMember { .. } => "add claim to fact",
            Edit::RemoveMember { .. } => "remove claim from fact",
            Edit::SetRelation { .. } => "set match",
            Edit::ReplaceFact(_) => "change fact",
            Edit::MoveFact { .. } => "move fact",
            Edit::SetSchema(_) => "edit schema",
            Edit::RenameTag { .. } => "rename tag",
            Edit::SetOutletOrder(_) => "reorder outlets",
            Edit::ReplaceArticle { .. } => "update article from source",
            Edit::PlaceOrphan(_) => "place orphan",
            Edit::MakeOrphan(_) => "orphan span",
            Edit::AddOrphan(_) => "restore orphan",
            Edit::RemoveConflict(_) => "resolve conflict",
            Edit::AddConflict(_) => "restore conflict",
            Edit::AddRuling(_) => "drop from the curated version",
            Edit::RemoveRuling(_) => "take back a drop",
            Edit::Batch(edits) => match edits.as_slice() {
                [one] => one.label(),
                _ => "several changes",
            },
        }
    }

    /// Apply to `project`, returning the edit that undoes it. On error the
    /// project is unchanged.
    pub fn apply(self, project: &mut Project) -> Result<Edit, EditError> {
        match self {
            Edit::AddSpan(span) => {
                check_new_span(project, &span)?;
                let id = span.id;
                project.insert_span(span);
                Ok(Edit::RemoveSpan(id))
            }
            Edit::RemoveSpan(id) => remove_span(project, id),
            Edit::RetagSpan { span, tag } => {
                if project.schema.tag(&tag).is_none() {
                    return Err(EditError::NoTag(tag));
                }
                update_span(project, span, |s| s.tag = tag)
            }
            Edit::SetNote { span, note } => update_span(project, span, |s| s.note = note),
            Edit::SetAttribute {
                span,
                key,
                value,
                annotator,
            } => update_span(project, span, |s| s.set_attribute(key, value, &annotator)),
            Edit::ReplaceSpan(new) => {
                let old = project
                    .span(new.id)
                    .ok_or(EditError::NoSpan(new.id))?
                    .clone();
                if (old.article, old.start, old.end) != (new.article, new.start, new.end)
                    || old.quote != new.quote
                {
                    check_span_fits(project, &new)?;
                }
                if project.schema.tag(&new.tag).is_none() {
                    return Err(EditError::NoTag(new.tag));
                }
                project.take_span(new.id);
                project.insert_span(new);
                Ok(Edit::ReplaceSpan(old))
            }
            Edit::SetArticleMeta { article, meta } => {
                let a = project
                    .article_mut(article)
                    .ok_or(EditError::NoArticle(article))?;
                let old = std::mem::replace(&mut a.meta, meta);
                Ok(Edit::SetArticleMeta { article, meta: old })
            }
            Edit::AddLink(link) => {
                if project.id_in_use(link.id) {
                    return Err(EditError::DuplicateId(link.id));
                }
                check_link(project, &link)?;
                let id = link.id;
                project.insert_link(link);
                Ok(Edit::RemoveLink(id))
            }
            Edit::RemoveLink(id) => {
                let link = project.take_link(id).ok_or(EditError::NoLink(id))?;
                Ok(Edit::AddLink(link))
            }
            Edit::ReplaceLink(link) => {
                if project.link(link.id).is_none() {
                    return Err(EditError::NoLink(link.id));
                }
                check_link(project, &link)?;
                let old = project
                    .take_link(link.id)
                    .ok_or(EditError::NoLink(link.id))?;
                project.insert_link(link);
                Ok(Edit::ReplaceLink(old))
            }
            Edit::AddFact { fact, index } => {
                if project.id_in_use(fact.id) {
                    return Err(EditError::DuplicateId(fact.id));
                }
                check_members(project, &fact)?;
                let id = fact.id;
                project.insert_fact(index, fact);
                Ok(Edit::RemoveFact(id))
            }
            Edit::RemoveFact(id) => {
                let (index, fact) = project.take_fact(id).ok_or(EditError::NoFact(id))?;
                Ok(Edit::AddFact { fact, index })
            }
            Edit::RenameFact { fact, name } => update_fact(project, fact, |f| {
                f.name = name;
                Ok(())
            }),
            Edit::SetFactNote { fact, note } => update_fact(project, fact, |f| {
                f.note = note;
                Ok(())
            }),
            Edit::AddMember { fact, member } => {
                if project.span(member.span).is_none() {
                    return Err(EditError::NoSpan(member.span));
                }
                update_fact(project, fact, |f| {
                    if f.member(member.span).is_some() {
                        return Err(EditError::AlreadyMember {
                            fact,
                            span: member.span,
                        });
                    }
                    f.members.push(member);
                    Ok(())
                })
            }
            Edit::RemoveMember { fact, span } => update_fact(project, fact, |f| {
                let before = f.members.len();
                f.members.retain(|m| m.span != span);
                if f.members.len() == before {
                    return Err(EditError::NotMember { fact, span });
                }
                Ok(())
            }),
            Edit::SetRelation {
                fact,
                span,
                relation,
            } => update_fact(project, fact, |f| {
                let m = f
                    .members
                    .iter_mut()
                    .find(|m| m.span == span)
                    .ok_or(EditError::NotMember { fact, span })?;
                m.relation = relation;
                Ok(())
            }),
            Edit::ReplaceFact(fact) => {
                check_members(project, &fact)?;
                let id = fact.id;
                update_fact(project, id, |f| {
                    *f = fact;
                    Ok(())
                })
            }
            Edit::MoveFact { fact, index } => {
                let (old_index, f) = project.take_fact(fact).ok_or(EditError::NoFact(fact))?;
                project.insert_fact(index, f);
                Ok(Edit::MoveFact {
                    fact,
                    index: old_index,
                })
            }
            Edit::SetSchema(schema) => {
                let problems = schema.problems();
                if let Some(p) = problems.into_iter().next() {
                    return Err(EditError::BadSchema(p));
                }
                for t in &project.schema.tags {
                    if schema.tag(&t.name).is_none() {
                        let count = project
                            .all_spans()
                            .chain(project.orphans())
                            .filter(|s| s.tag == t.name)
                            .count();
                        if count > 0 {
                            return Err(EditError::TagInUse {
                                tag: t.name.clone(),
                                count,
                            });
                        }
                    }
                }
                let old = std::mem::replace(&mut project.schema, schema);
                project.touch_articles();
                Ok(Edit::SetSchema(old))
            }
            Edit::RenameTag { from, to } => rename_tag(project, from, to),
            Edit::SetOutletOrder(order) => {
                project.touch_articles();
                let old = std::mem::replace(&mut project.outlet_order, order);
                Ok(Edit::SetOutletOrder(old))
            }
            Edit::ReplaceArticle {
                article,
                spans,
                orphans,
            } => replace_article(project, *article, spans, orphans),
            Edit::PlaceOrphan(span) => {
                let old = project
                    .orphan(span.id)
                    .ok_or(EditError::NoSpan(span.id))?
                    .clone();
                if project.schema.tag(&span.tag).is_none() {
                    return Err(EditError::NoTag(span.tag));
                }
                check_span_fits(project, &span)?;
                project.take_orphan(span.id);
                project.insert_span(span);
                Ok(Edit::MakeOrphan(old))
            }
            Edit::MakeOrphan(orphan) => {
                let old = project
                    .take_span(orphan.id)
                    .ok_or(EditError::NoSpan(orphan.id))?;
                project.insert_orphan(orphan);
                Ok(Edit::PlaceOrphan(old))
            }
            Edit::AddOrphan(orphan) => {
                if project.id_in_use(orphan.id) {
                    return Err(EditError::DuplicateId(orphan.id));
                }
                let id = orphan.id;
                project.insert_orphan(orphan);
                Ok(Edit::RemoveSpan(id))
            }
            Edit::RemoveConflict(id) => {
                let c = project.take_conflict(id).ok_or(EditError::NoConflict(id))?;
                Ok(Edit::AddConflict(c))
            }
            Edit::AddConflict(c) => {
                if project.conflict(c.id).is_some() {
                    return Err(EditError::DuplicateId(c.id));
                }
                let id = c.id;
                project.insert_conflict(c);
                Ok(Edit::RemoveConflict(id))
            }
            Edit::AddRuling(r) => {
                if project.id_in_use(r.id) || project.rulings().iter().any(|x| x.id == r.id) {
                    return Err(EditError::DuplicateId(r.id));
                }
                if project.article(r.article).is_none() {
                    return Err(EditError::NoArticle(r.article));
                }
                let id = r.id;
                project.insert_ruling(r);
                Ok(Edit::RemoveRuling(id))
            }
            Edit::RemoveRuling(id) => {
                let r = project.take_ruling(id).ok_or(EditError::NoRuling(id))?;
                Ok(Edit::AddRuling(r))
            }
            Edit::Batch(edits) => {
                let mut undo = Vec::with_capacity(edits.len());
                for e in edits {
                    match e.apply(project) {
                        Ok(inverse) => undo.push(inverse),
                        Err(err) => {
                            // Roll back what was applied, newest first.
                            for inverse in undo.into_iter().rev() {
                                let _ = inverse.apply(project);
                            }
                            return Err(err);
                        }
                    }
                }
                undo.reverse();
                Ok(Edit::Batch(undo))
            }
        }
    }
}

fn check_span_fits(project: &Project, span: &Span) -> Result<(), EditError> {
    let article = project
        .article(span.article)
        .ok_or(EditError::NoArticle(span.article))?;
    if span.start >= span.end || span.end > article.len_chars() {
        return Err(EditError::OutOfRange {
            start: span.start,
            end: span.end,
            len: article.len_chars(),
        });
    }
    if article.slice(span.range()) != Some(span.quote.as_str()) {
        return Err(EditError::QuoteMismatch(span.id));
    }
    Ok(())
}

fn check_new_span(project: &Project, span: &Span) -> Result<(), EditError> {
    if project.id_in_use(span.id) {
        return Err(EditError::DuplicateId(span.id));
    }
    if project.schema.tag(&span.tag).is_none() {
        return Err(EditError::NoTag(span.tag.clone()));
    }
    check_span_fits(project, span)
}

fn update_span(
    project: &mut Project,
    id: Id,
    change: impl FnOnce(&mut Span),
) -> Result<Edit, EditError> {
    let old = project.span(id).ok_or(EditError::NoSpan(id))?.clone();
    let mut new = old.clone();
    change(&mut new);
    new.modified = now();
    project.take_span(id);
    project.insert_span(new);
    Ok(Edit::ReplaceSpan(old))
}

fn remove_span(project: &mut Project, id: Id) -> Result<Edit, EditError> {
    if project.span_or_orphan(id).is_none() {
        return Err(EditError::NoSpan(id));
    }
    let mut restore = Vec::new();
    let affected: Vec<Link> = project.links_of(id).cloned().collect();
    for link in affected {
        let mut repaired = link.clone();
        if repaired.source == Some(id) {
            repaired.source = None;
        }
        if repaired.cue == Some(id) {
            repaired.cue = None;
        }
        let keep = repaired.claim != id && (repaired.source.is_some() || repaired.cue.is_some());
        project.take_link(link.id);
        if keep {
            project.insert_link(repaired);
            restore.push(Edit::ReplaceLink(link));
        } else {
            restore.push(Edit::AddLink(link));
        }
    }
    let facts: Vec<Id> = project.facts_of(id).map(|f| f.id).collect();
    for fact in facts {
        if let Some(f) = project.fact_mut(fact) {
            restore.push(Edit::ReplaceFact(f.clone()));
            f.members.retain(|m| m.span != id);
        }
    }
    match project.take_span(id) {
        Some(span) => restore.insert(0, Edit::AddSpan(span)),
        None => {
            let orphan = project.take_orphan(id).ok_or(EditError::NoSpan(id))?;
            restore.insert(0, Edit::AddOrphan(orphan));
        }
    }
    Ok(Edit::Batch(restore))
}

/// Links may point at orphans (undoing the deletion of an orphan restores
/// its links); they must stay within one article.
fn check_link(project: &Project, link: &Link) -> Result<(), EditError> {
    let claim = project
        .span_or_orphan(link.claim)
        .ok_or(EditError::NoSpan(link.claim))?;
    if link.source.is_none() && link.cue.is_none() {
        return Err(EditError::EmptyLink(link.id));
    }
    for id in [link.source, link.cue].into_iter().flatten() {
        let s = project.span_or_orphan(id).ok_or(EditError::NoSpan(id))?;
        if s.article != claim.article {
            return Err(EditError::CrossArticleLink(link.id));
        }
    }
    Ok(())
}

fn check_members(project: &Project, fact: &Fact) -> Result<(), EditError> {
    for (i, m) in fact.members.iter().enumerate() {
        if project.span_or_orphan(m.span).is_none() {
            return Err(EditError::NoSpan(m.span));
        }
        if fact.members[..i].iter().any(|o| o.span == m.span) {
            return Err(EditError::AlreadyMember {
                fact: fact.id,
                span: m.span,
            });
        }
    }
    Ok(())
}

fn update_fact(
    project: &mut Project,
    id: Id,
    change: impl FnOnce(&mut Fact) -> Result<(), EditError>,
) -> Result<Edit, EditError> {
    let f = project.fact_mut(id).ok_or(EditError::NoFact(id))?;
    let old = f.clone();
    let mut new = old.clone();
    change(&mut new)?;
    *f = new;
    Ok(Edit::ReplaceFact(old))
}

fn rename_tag(project: &mut Project, from: String, to: String) -> Result<Edit, EditError> {
    if project.schema.tag(&from).is_none() {
        return Err(EditError::NoTag(from));
    }
    if from == to {
        return Ok(Edit::RenameTag { from: to, to: from });
    }
    if to.trim().is_empty() || project.schema.tag(&to).is_some() {
        return Err(EditError::BadSchema(format!(
            "cannot rename {from:?} to {to:?}: name empty or taken"
        )));
    }
    for t in &mut project.schema.tags {
        if t.name == from {
            t.name = to.clone();
        }
    }
    let ids: Vec<Id> = project
        .all_spans()
        .filter(|s| s.tag == from)
        .map(|s| s.id)
        .collect();
    for id in ids {
        if let Some(mut s) = project.take_span(id) {
            s.tag = to.clone();
            project.insert_span(s);
        }
    }
    // Orphans carry the tag too: they must be placeable under its new name.
    let orphans: Vec<Id> = project
        .orphans()
        .filter(|s| s.tag == from)
        .map(|s| s.id)
        .collect();
    for id in orphans {
        if let Some(mut s) = project.take_orphan(id) {
            s.tag = to.clone();
            project.insert_orphan(s);
        }
    }
    Ok(Edit::RenameTag { from: to, to: from })
}

fn replace_article(
    project: &mut Project,
    article: Article,
    spans: Vec<Span>,
    orphans: Vec<Span>,
) -> Result<Edit, EditError> {
    let id = article.id;
    let old = project.article(id).ok_or(EditError::NoArticle(id))?.clone();
    for s in spans.iter().chain(&orphans) {
        if s.article != id {
            return Err(EditError::NoArticle(s.article));
        }
        if project.schema.tag(&s.tag).is_none() {
            return Err(EditError::NoTag(s.tag.clone()));
        }
    }
    for s in &spans {
        if s.start >= s.end || article.slice(s.range()) != Some(s.quote.as_str()) {
            return Err(EditError::QuoteMismatch(s.id));
        }
    }
    let old_spans: Vec<Span> = project.spans_of(id).cloned().collect();
    let old_orphans: Vec<Span> = project
        .orphans()
        .filter(|o| o.article == id)
        .cloned()
        .collect();
    // Every span of the article stays, placed or orphaned: nothing is dropped.
    for s in old_spans.iter().chain(&old_orphans) {
        if !spans.iter().chain(&orphans).any(|n| n.id == s.id) {
            return Err(EditError::NoSpan(s.id));
        }
    }
    for s in spans.iter().chain(&orphans) {
        let ours = old_spans.iter().chain(&old_orphans).any(|o| o.id == s.id);
        if !ours && project.id_in_use(s.id) {
            return Err(EditError::DuplicateId(s.id));
        }
    }
    for s in &old_spans {
        project.take_span(s.id);
    }
    for s in &old_orphans {
        project.take_orphan(s.id);
    }
    if let Some(a) = project.article_mut(id) {
        *a = article;
    }
    for s in spans {
        project.insert_span(s);
    }
    for s in orphans {
        project.insert_orphan(s);
    }
    Ok(Edit::ReplaceArticle {
        article: Box::new(old),
        spans: old_spans,
        orphans: old_orphans,
    })
}

impl Edit {
    /// Rewrite the article paths this edit carries (see [`History::rebase_paths`]).
    fn rebase_paths(&mut self, rebase: &dyn Fn(&str) -> String) {
        match self {
            Edit::ReplaceArticle { article, .. } => article.path = rebase(&article.path),
            Edit::Batch(edits) => {
                for e in edits {
                    e.rebase_paths(rebase);
                }
            }
            _ => {}
        }
    }
}

impl fmt::Display for Edit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One undoable step: the edit that reverts it and the revisions around it.
#[derive(Clone, Debug)]
struct Step {
    label: String,
    edit: Edit,
    before: u64,
    after: u64,
}

/// Undo and redo stacks over a project. Each state of the project has a
/// revision number, so "unsaved changes" is simply `revision != saved`.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    revision: u64,
    next_revision: u64,
}

/// Steps kept; older ones are forgotten.
const HISTORY_LIMIT: usize = 10_000;

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// The current revision; changes with every apply, undo and redo.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Apply an edit as one undo step. Clears the redo stack.
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<(), EditError> {
        let label = edit.label().to_owned();
        let inverse = edit.apply(project)?;
        self.next_revision += 1;
        let step = Step {
            label,
            edit: inverse,
            before: self.revision,
            after: self.next_revision,
        };
        self.revision = step.after;
        self.undo.push(step);
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(())
    }

    /// Undo the last step; returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(step) = self.undo.pop() else {
            return Ok(None);
        };
        match step.edit.clone().apply(project) {
            Ok(redo) => {
                self.revision = step.before;
                let label = step.label.clone();
                self.redo.push(Step { edit: redo, ..step });
                Ok(Some(label))
            }
            Err(e) => {
                self.undo.push(step);
                Err(e)
            }
        }
    }

    /// Redo the last undone step; returns its label.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(step) = self.redo.pop() else {
            return Ok(None);
        };
        match step.edit.clone().apply(project) {
            Ok(undo) => {
                self.revision = step.after;
                let label = step.label.clone();
                self.undo.push(Step { edit: undo, ..step });
                Ok(Some(label))
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
    }

    /// Rewrite the article paths that undo and redo would restore, after
    /// the project's paths were rewritten for a new folder (Save as), so
    /// undoing an update from source restores a path valid from there.
    pub fn rebase_paths(&mut self, rebase: &dyn Fn(&str) -> String) {
        for step in self.undo.iter_mut().chain(self.redo.iter_mut()) {
            step.edit.rebase_paths(rebase);
        }
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

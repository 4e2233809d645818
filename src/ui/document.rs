//! The central document view: an article's text with its highlights, where
//! the analyst drag-selects spans.
//!
//! Long articles stay fast because the text is cut into blocks (its
//! paragraphs) and only the blocks in view are laid out and painted. Blocks
//! not yet seen at the current width have an estimated height. Highlights
//! are painted over plain text layouts, so adding or removing a span never
//! lays text out again. Overlapping spans each get a lane: a band of colour
//! behind the text and an underline at their own depth.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::{pos2, vec2, Color32, FontId, Galley, Pos2, Rect, Sense, Stroke, Ui};

use super::glyph_map::GlyphMap;
use crate::model::{Article, Id, IdMap, Project, Span};

/// Paragraphs longer than this many code points are cut into several
/// blocks (at a space), so no single layout is too slow.
const MAX_BLOCK_CHARS: usize = 4000;

/// One laid-out unit of text: a paragraph or part of one.
#[derive(Clone, Debug)]
struct Block {
    chars: Range<usize>,
    bytes: Range<usize>,
}

/// Text layout state for one article at one width.
struct Layout {
    article: Id,
    /// Identifies the text snapshot (replaced text means a new layout).
    text_key: (usize, usize),
    blocks: Vec<Block>,
    width: f32,
    font_size: f32,
    heights: Vec<f32>,
    exact: Vec<bool>,
    /// Top of each block; one more entry for the total height.
    tops: Vec<f32>,
    row_height: f32,
    char_width: f32,
    /// Blocks with right-to-left text as laid out in visual order, by
    /// block, with what they were laid out for (direction, dimmed, colour):
    /// the bidi analysis and the maps are not redone every frame.
    bidi: HashMap<usize, BidiBlock>,
    /// The direction of the paragraph a block continues (a paragraph
    /// longer than a block is cut into several; all take its direction).
    continued: HashMap<usize, crate::bidi::Base>,
}

/// A block laid out row by row in visual order: the job, what each of its
/// characters stands for, and the map of the galley last laid out.
struct BidiBlock {
    key: (crate::bidi::Base, bool, Color32),
    job: egui::text::LayoutJob,
    logical: Vec<Option<usize>>,
    galley: Arc<Galley>,
    map: Arc<GlyphMap>,
    rtl: bool,
}

/// A block as painted this frame.
#[derive(Clone)]
pub struct Drawn {
    chars: Range<usize>,
    origin: Pos2,
    galley: Arc<Galley>,
    map: Arc<GlyphMap>,
}

/// A block's rows laid out again with their runs in visual order, one row
/// a line; and for each character of the laid-out text, the code point of
/// the block it stands for (`None` for the line breaks added).
fn bidi_job(
    para: &crate::bidi::Paragraph<'_>,
    rows: &[Range<usize>],
    format: &egui::TextFormat,
) -> (egui::text::LayoutJob, Vec<Option<usize>>) {
    let mut job = egui::text::LayoutJob::default();
    let mut logical = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        if r > 0 {
            job.append("\n", 0.0, format.clone());
            logical.push(None);
        }
        for run in para.line(row.clone()).runs {
            // Each piece a section of its own, shaped on its own, so that
            // the shaper turns a word around but never the run.
            for piece in para.pieces(&run) {
                let text: String = piece.iter().map(|(c, _)| c).collect();
                logical.extend(piece.iter().map(|&(_, i)| Some(i)));
                job.append(&text, 0.0, format.clone());
            }
        }
    }
    job.wrap.max_width = f32::INFINITY;
    if para.is_rtl() {
        job.halign = egui::Align::RIGHT;
    }
    (job, logical)
}

/// Where a paragraph with right-to-left text breaks into rows at `width`,
/// in its own order: words (with the spaces after them) measured one by
/// one and filled greedily, a line break in the text a break too. egui's
/// own wrapping cannot tell: its rows do not say which characters they
/// hold once a right-to-left run is shaped.
fn bidi_rows(ui: &Ui, text: &str, format: &egui::TextFormat, width: f32) -> Vec<Range<usize>> {
    let measure = |s: &str| -> f32 {
        let job = egui::text::LayoutJob::single_section(s.to_owned(), format.clone());
        ui.painter().layout_job(job).rect.width()
    };
    let space = measure("a a") - measure("aa");
    let chars: Vec<char> = text.chars().collect();
    let mut rows = Vec::new();
    let (mut row_start, mut x) = (0, 0.0f32);
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\n' {
            // The break itself is on no row (the layout puts its own).
            rows.push(row_start..i);
            row_start = i + 1;
            x = 0.0;
            i += 1;
            continue;
        }
        // A word and the spaces after it.
        let start = i;
        while i < chars.len() && chars[i] != ' ' && chars[i] != '\n' {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let w = if word.is_empty() { 0.0 } else { measure(&word) };
        let mut spaces = 0;
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
            spaces += 1;
        }
        if x > 0.0 && x + w > width {
            rows.push(row_start..start);
            row_start = start;
            x = 0.0;
        }
        x += w + space * spaces as f32;
    }
    if row_start < chars.len() || rows.is_empty() {
        rows.push(row_start..chars.len());
    }
    rows
}

/// A label's text wrapped at `width` and each row laid out in visual
/// order, when it has right-to-left text (`None` when it has not): the
/// rows break where the text's own order puts them, so a right-to-left
/// label reads from its first row down, its rows aligned to the right.
pub fn bidi_label(
    ui: &Ui,
    text: &str,
    format: egui::TextFormat,
    width: f32,
) -> Option<Arc<Galley>> {
    let base = crate::bidi::Base::Auto;
    if !crate::bidi::needs_reordering(text, base) {
        return None;
    }
    let para = crate::bidi::Paragraph::new(text, base);
    let rows = bidi_rows(ui, text, &format, width);
    let (job, _) = bidi_job(&para, &rows, &format);
    Some(ui.painter().layout_job(job))
}

/// A one-line label's text in visual order, cut to `width` the way its
/// readers expect: a right-to-left text loses its end, which is on the
/// left, with "…" there (egui cuts at the right, which would be the
/// start). Other text comes back in visual order for egui to cut.
pub fn fit_line(ui: &Ui, text: &str, font: &FontId, width: f32) -> String {
    if !crate::bidi::needs_reordering(text, crate::bidi::Base::Auto) {
        return text.to_owned();
    }
    let shown = crate::bidi::display_line(text);
    if !crate::bidi::Paragraph::new(text, crate::bidi::Base::Auto).is_rtl() {
        return shown.into_owned();
    }
    let wide = |s: &str| {
        ui.painter()
            .layout_no_wrap(s.to_owned(), font.clone(), Color32::WHITE)
            .rect
            .width()
    };
    if wide(&shown) <= width {
        return shown.into_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let cut = |n: usize| {
        let head: String = chars[..n].iter().collect();
        format!("…{}", crate::bidi::display_line(head.trim_end()))
    };
    // The longest start of the text that fits, with the ellipsis.
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if wide(&cut(mid)) <= width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    cut(lo)
}

/// Show a label that may hold right-to-left text: in visual order, a
/// right-to-left one against the right edge.
pub fn show_label(ui: &mut Ui, text: &str, format: egui::TextFormat) -> egui::Response {
    match bidi_label(ui, text, format.clone(), ui.available_width()) {
        Some(g) if g.job.halign == egui::Align::RIGHT => {
            ui.with_layout(egui::Layout::top_down(egui::Align::Max), |ui| {
                ui.add(egui::Label::new(g).selectable(false))
            })
            .inner
        }
        Some(g) => ui.add(egui::Label::new(g).selectable(false)),
        None => ui.add(
            egui::Label::new(egui::WidgetText::LayoutJob(std::sync::Arc::new(
                egui::text::LayoutJob::single_section(text.to_owned(), format),
            )))
            .wrap()
            .selectable(false),
        ),
    }
}

/// What the user did in the view this frame.
#[derive(Debug, Default, PartialEq)]
pub struct DocEvents {
    /// New text selection (anchor, head), or `Some(None)` to clear it.
    pub selection: Option<Option<(usize, usize)>>,
    /// A span clicked (to select), or `Some(None)` for a click on bare text.
    pub clicked_span: Option<Option<Id>>,
    /// Where a plain click landed (the point spans are cycled at).
    pub clicked_at: Option<usize>,
    /// A span Ctrl+clicked: added to or taken out of the selection.
    pub toggled_span: Option<Id>,
    pub hovered_span: Option<Id>,
}

/// Appearance settings.
#[derive(Clone, Copy, Debug)]
pub struct Look {
    pub font_size: f32,
    pub dark: bool,
}

pub struct DocumentView {
    layout: Option<Layout>,
    drawn: Vec<Drawn>,
    /// Code point to bring into view on the next frame.
    scroll_to: Option<usize>,
    /// Correction to apply to the scroll offset next frame, after blocks
    /// above the view changed height.
    scroll_fix: Option<f32>,
    /// Anchor of a drag or shift-click selection.
    anchor: Option<usize>,
    dragging: bool,
    /// Time and place of the last single click, for double clicks.
    last_click: Option<(f64, Pos2)>,
    /// The viewport (content coordinates) of the last frame.
    viewport: Rect,
    /// Where the text was shown on screen in the last frame.
    clip: Rect,
}

impl Default for DocumentView {
    fn default() -> Self {
        Self {
            layout: None,
            drawn: Vec::new(),
            scroll_to: None,
            scroll_fix: None,
            anchor: None,
            dragging: false,
            last_click: None,
            viewport: Rect::NOTHING,
            clip: Rect::NOTHING,
        }
    }
}

fn split_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut char_pos = 0;
    for line in text.split('\n') {
        let byte_start = line.as_ptr() as usize - text.as_ptr() as usize;
        let mut rest = line;
        let mut rest_byte = byte_start;
        loop {
            // Cut long paragraphs at a space near the limit.
            let cut = if rest.len() > MAX_BLOCK_CHARS {
                let limit = rest
                    .char_indices()
                    .nth(MAX_BLOCK_CHARS)
                    .map_or(rest.len(), |(b, _)| b);
                rest[..limit]
                    .rfind(' ')
                    .map(|b| b + 1)
                    .filter(|&b| b > limit / 2)
                    .unwrap_or(limit)
            } else {
                rest.len()
            };
            let piece = &rest[..cut];
            let n = crate::text::char_len(piece);
            blocks.push(Block {
                chars: char_pos..char_pos + n,
                bytes: rest_byte..rest_byte + cut,
            });
            char_pos += n;
            rest = &rest[cut..];
            rest_byte += cut;
            if rest.is_empty() {
                break;
            }
        }
        char_pos += 1; // the '\n'
    }
    blocks
}

fn text_key(article: &Article) -> (usize, usize) {
    (article.text().as_ptr() as usize, article.text().len())
}

impl Layout {
    /// The base direction block `i` is laid out with: the article's, or
    /// its paragraph's first strong letter (for a block that continues a
    /// paragraph, the letter is looked for from the paragraph's start).
    fn base_of(
        &mut self,
        i: usize,
        text: &str,
        direction: Option<crate::model::Direction>,
    ) -> crate::bidi::Base {
        use crate::bidi::Base;
        let base = Base::of(direction);
        let continues = |k: usize| {
            let start = self.blocks[k].bytes.start;
            start > 0 && text.as_bytes().get(start - 1) != Some(&b'\n')
        };
        if base != Base::Auto || !continues(i) {
            return base;
        }
        if let Some(b) = self.continued.get(&i) {
            return *b;
        }
        let mut first = i;
        while first > 0 && continues(first) {
            first -= 1;
        }
        let before = &text[self.blocks[first].bytes.start..self.blocks[i].bytes.start];
        let b = match unicode_bidi::get_base_direction(before) {
            unicode_bidi::Direction::Rtl => Base::Rtl,
            unicode_bidi::Direction::Ltr => Base::Ltr,
            unicode_bidi::Direction::Mixed => Base::Auto,
        };
        self.continued.insert(i, b);
        b
    }

    fn new(
        article: &Article,
        width: f32,
        font_size: f32,
        row_height: f32,
        char_width: f32,
    ) -> Self {
        let blocks = split_blocks(article.text());
        let mut l = Layout {
            article: article.id,
            text_key: text_key(article),
            heights: vec![0.0; blocks.len()],
            exact: vec![false; blocks.len()],
            tops: Vec::new(),
            blocks,
            width,
            font_size,
            row_height,
            char_width,
            bidi: HashMap::new(),
            continued: HashMap::new(),
        };
        l.estimate_all();
        l
    }

    fn estimate(&self, b: &Block) -> f32 {
        let per_row = (self.width / self.char_width).max(8.0);
        let rows = ((b.chars.len() as f32) / per_row).ceil().max(1.0);
        rows * self.row_height
    }

    fn estimate_all(&mut self) {
        for i in 0..self.blocks.len() {
            self.heights[i] = self.estimate(&self.blocks[i]);
            self.exact[i] = false;
        }
        self.recompute_tops();
    }

    fn recompute_tops(&mut self) {
        self.tops.clear();
        let mut y = 0.0;
        for h in &self.heights {
            self.tops.push(y);
            y += h;
        }
        self.tops.push(y);
    }

    fn total(&self) -> f32 {
        self.tops.last().copied().unwrap_or(0.0)
    }

    /// The block containing code point `c` (or the last one).
    fn block_of(&self, c: usize) -> usize {
        self.blocks
            .partition_point(|b| b.chars.end < c)
            .min(self.blocks.len().saturating_sub(1))
    }

    /// The first block whose bottom is below `y`.
    fn block_at_y(&self, y: f32) -> usize {
        self.tops[1..]
            .partition_point(|&bottom| bottom <= y)
            .min(self.blocks.len().saturating_sub(1))
    }
}

pub fn tag_color(project: &Project, tag: &str) -> Color32 {
    let [r, g, b] = project
        .schema
        .tag(tag)
        .map_or([128, 128, 128], |t| t.color.0);
    Color32::from_rgb(r, g, b)
}

/// Lanes for overlapping spans: outer (earlier, longer) spans get lower lanes.
fn assign_lanes(spans: &mut [(&Span, usize)]) {
    spans.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut lane_ends: Vec<usize> = Vec::new();
    for (s, lane) in spans.iter_mut() {
        match lane_ends.iter().position(|&end| end <= s.start) {
            Some(l) => {
                lane_ends[l] = s.end;
                *lane = l;
            }
            None => {
                lane_ends.push(s.end);
                *lane = lane_ends.len() - 1;
            }
        }
    }
}

/// What the view needs to know about the current selection.
/// A coder's colour: the same for a name in every view and session.
pub fn coder_color(name: &str) -> Color32 {
    const COLORS: [Color32; 8] = [
        Color32::from_rgb(0x1f, 0x77, 0xb4),
        Color32::from_rgb(0xd6, 0x27, 0x28),
        Color32::from_rgb(0x2c, 0xa0, 0x2c),
        Color32::from_rgb(0x94, 0x67, 0xbd),
        Color32::from_rgb(0xff, 0x7f, 0x0e),
        Color32::from_rgb(0x17, 0xbe, 0xcf),
        Color32::from_rgb(0x8c, 0x56, 0x4b),
        Color32::from_rgb(0xe3, 0x77, 0xc2),
    ];
    // FNV-1a: stable across runs and platforms, unlike the std hasher.
    let h = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    COLORS[(h % COLORS.len() as u64) as usize]
}

pub struct Marks<'a> {
    pub text: Option<(usize, usize)>,
    pub span: Option<Id>,
    /// Spans to emphasise (e.g. linked to the selected one).
    pub related: &'a [Id],
    /// Spans added to the selection with Ctrl+click.
    pub extra: &'a [Id],
    /// Colours by fact: member spans take their fact's colour, the rest fade.
    pub fact_colors: Option<&'a IdMap<Color32>>,
    /// Draw lines between the spans of the selected or hovered span's links.
    pub links: bool,
    /// Colour spans by who made them instead of by tag.
    pub by_coder: bool,
    /// Stretches shown dimmed (an outlet's boilerplate), code points.
    pub dim: &'a [std::ops::Range<usize>],
}

impl DocumentView {
    /// Bring code point `c` into view on the next frame.
    pub fn scroll_to(&mut self, c: usize) {
        self.scroll_to = Some(c);
    }

    /// Forget layouts (after the font size changes, say).
    pub fn reset(&mut self) {
        self.layout = None;
        self.drawn.clear();
        self.anchor = None;
        self.dragging = false;
    }

    /// Screen rectangle of code point `c`, if it was drawn in the last frame.
    pub fn char_rect(&self, c: usize) -> Option<Rect> {
        let d = self
            .drawn
            .iter()
            .find(|d| d.chars.start <= c && c < d.chars.end)?;
        let r = d.map.rects(c - d.chars.start..c - d.chars.start + 1);
        r.first().map(|r| r.translate(d.origin.to_vec2()))
    }

    /// Screen rectangles of a code point range, a rectangle per line, of
    /// the blocks drawn in the last frame (none for text out of view).
    pub fn range_rects(&self, range: std::ops::Range<usize>) -> Vec<Rect> {
        let mut out = Vec::new();
        for d in &self.drawn {
            let (s, e) = (range.start.max(d.chars.start), range.end.min(d.chars.end));
            if s < e {
                out.extend(
                    d.map
                        .rects(s - d.chars.start..e - d.chars.start)
                        .into_iter()
                        .map(|r| r.translate(d.origin.to_vec2())),
                );
            }
        }
        out
    }

    /// Code point under a screen position, from the blocks drawn last frame.
    pub fn char_at(&self, pos: Pos2) -> Option<usize> {
        let first = self.drawn.first()?;
        if pos.y < first.origin.y {
            return Some(first.chars.start);
        }
        for d in &self.drawn {
            let bottom = d.origin.y + d.galley.rect.height();
            if pos.y <= bottom {
                return Some(d.chars.start + d.map.char_at(pos - d.origin).min(d.chars.len()));
            }
        }
        self.drawn.last().map(|d| d.chars.end)
    }

    /// Where the text was shown on screen in the last frame.
    pub fn visible_rect(&self) -> Rect {
        self.clip
    }

    /// Number of blocks in the current layout (for tests and the status bar).
    pub fn block_count(&self) -> usize {
        self.layout.as_ref().map_or(0, |l| l.blocks.len())
    }

    /// Blocks laid out and painted in the last frame.
    pub fn drawn_blocks(&self) -> usize {
        self.drawn.len()
    }

    fn text_format(&self, look: Look, color: Color32) -> egui::TextFormat {
        egui::TextFormat {
            font_id: FontId::proportional(look.font_size),
            color,
            line_height: Some((look.font_size * 1.75).round()),
            ..Default::default()
        }
    }

    /// Show `article` with its spans. Returns what the user did.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        article: &Article,
        marks: &Marks<'_>,
        look: Look,
    ) -> DocEvents {
        let mut events = DocEvents::default();
        let text_color = ui.visuals().text_color();
        let width = (ui.available_width() - 24.0).max(120.0);

        // Measure a row and an average character once per font size.
        let needs_new = match &self.layout {
            None => true,
            Some(l) => {
                l.article != article.id
                    || l.text_key != text_key(article)
                    || l.font_size != look.font_size
            }
        };
        if needs_new {
            let sample = "The quick brown fox jumps over the lazy dog, said officials.";
            let job = egui::text::LayoutJob::single_section(
                sample.to_owned(),
                self.text_format(look, text_color),
            );
            let g = ui.painter().layout_job(job);
            let char_w = g.rect.width() / sample.len() as f32;
            let row_h = g.rect.height();
            if self
                .layout
                .as_ref()
                .is_some_and(|l| l.article != article.id)
            {
                self.anchor = None;
                self.dragging = false;
            }
            self.layout = Some(Layout::new(article, width, look.font_size, row_h, char_w));
        }
        let Some(layout) = self.layout.as_mut() else {
            return events;
        };
        if (layout.width - width).abs() > 0.5 {
            layout.width = width;
            layout.estimate_all();
            // Rows break elsewhere at another width.
            layout.bidi.clear();
        }

        let mut area = egui::ScrollArea::vertical()
            .id_salt(("document", article.id))
            .auto_shrink([false, false]);
        if let Some(c) = self.scroll_to.take() {
            let b = layout.block_of(c);
            let top = layout.tops[b];
            let visible = self.viewport.is_positive()
                && top >= self.viewport.min.y
                && top + layout.heights[b] <= self.viewport.max.y;
            if !visible {
                area = area.vertical_scroll_offset((top - 60.0).max(0.0));
            }
        } else if let Some(y) = self.scroll_fix.take() {
            area = area.vertical_scroll_offset(y.max(0.0));
        }

        let mut drawn = Vec::new();
        let format = self.text_format(look, text_color);
        let dimmed = self.text_format(look, ui.visuals().weak_text_color());
        let output = area.show_viewport(ui, |ui, viewport| {
            let layout = self.layout.as_mut().expect("layout exists");
            self.viewport = viewport;
            // Lay out the blocks in view, correcting their heights.
            let mut i = layout.block_at_y(viewport.min.y);
            let mut visible = Vec::new();
            let mut shift = 0.0;
            let mut changed = false;
            while i < layout.blocks.len() && layout.tops[i] < viewport.max.y {
                let base = layout.base_of(i, article.text(), article.meta.direction);
                let b = &layout.blocks[i];
                let furniture =
                    !b.chars.is_empty() && crate::boilerplate::covers(marks.dim, &b.chars);
                let text = &article.text()[b.bytes.clone()];
                let fmt = if furniture { &dimmed } else { &format };
                let (galley, visual) =
                    if crate::bidi::needs_reordering(text, base) {
                        // Right-to-left and mixed text: rows broken in the
                        // text's own order, each laid out in visual order
                        // (UAX #9). The job and the map are kept per block; the
                        // galley is asked of egui each frame (a cache hit),
                        // since egui may lay everything out again (a full font
                        // atlas, another scale), and the map follows it.
                        let key = (base, furniture, fmt.color);
                        if layout.bidi.get(&i).is_none_or(|c| c.key != key) {
                            let para = crate::bidi::Paragraph::new(text, base);
                            let rows = bidi_rows(ui, text, fmt, layout.width);
                            let (job, logical) = bidi_job(&para, &rows, fmt);
                            let galley = ui.painter().layout_job(job.clone());
                            let rtl = para.is_rtl();
                            let map =
                                Arc::new(GlyphMap::of_visual(&galley, &galley.job.text).remapped(
                                    &logical,
                                    b.chars.len(),
                                    rtl,
                                ));
                            layout.bidi.insert(
                                i,
                                BidiBlock {
                                    key,
                                    job,
                                    logical,
                                    galley,
                                    map,
                                    rtl,
                                },
                            );
                        }
                        match layout.bidi.get_mut(&i) {
                            Some(c) => {
                                let galley = ui.painter().layout_job(c.job.clone());
                                if !Arc::ptr_eq(&galley, &c.galley) {
                                    c.map =
                                        Arc::new(
                                            GlyphMap::of_visual(&galley, &galley.job.text)
                                                .remapped(&c.logical, b.chars.len(), c.rtl),
                                        );
                                    c.galley = galley.clone();
                                }
                                (galley, Some((c.map.clone(), c.rtl)))
                            }
                            // Just put there; never missing.
                            None => (
                                ui.painter()
                                    .layout_job(egui::text::LayoutJob::single_section(
                                        text.to_owned(),
                                        fmt.clone(),
                                    )),
                                None,
                            ),
                        }
                    } else {
                        let mut job =
                            egui::text::LayoutJob::single_section(text.to_owned(), fmt.clone());
                        job.wrap.max_width = layout.width;
                        (ui.painter().layout_job(job), None)
                    };
                let h = galley.rect.height().max(layout.row_height);
                if (h - layout.heights[i]).abs() > 0.1 {
                    if layout.tops[i] < viewport.min.y {
                        // Keep what the user is reading still: the bottom of this block stays put.
                        shift += h - layout.heights[i];
                    }
                    layout.heights[i] = h;
                    changed = true;
                }
                layout.exact[i] = true;
                visible.push((i, galley, visual));
                if changed {
                    layout.recompute_tops();
                    changed = false;
                }
                i += 1;
            }
            let (rect, response) = ui.allocate_exact_size(
                vec2(layout.width + 12.0, layout.total()),
                Sense::click_and_drag(),
            );
            let origin = rect.min + vec2(4.0, -shift);
            for (i, galley, visual) in visible {
                let b = &layout.blocks[i];
                let (map, right) = match visual {
                    // A right-to-left paragraph is aligned to the right.
                    Some((map, rtl)) => (map, if rtl { layout.width } else { 0.0 }),
                    None => (
                        Arc::new(GlyphMap::new(&galley, &article.text()[b.bytes.clone()])),
                        0.0,
                    ),
                };
                drawn.push(Drawn {
                    chars: b.chars.clone(),
                    origin: origin + vec2(right, layout.tops[i]),
                    galley,
                    map,
                });
            }
            if shift.abs() > 0.1 {
                self.scroll_fix = Some(viewport.min.y + shift);
                ui.ctx().request_repaint();
            }
            (rect, response)
        });
        self.drawn = drawn;
        self.clip = output.inner_rect;
        let (_, response) = output.inner;

        self.paint(ui, project, article, marks, look, output.inner_rect);
        self.interact(
            ui,
            project,
            article,
            &response,
            marks,
            &mut events,
            output.inner_rect,
        );
        events
    }

    #[allow(clippy::too_many_arguments)]
    fn interact(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        article: &Article,
        response: &egui::Response,
        marks: &Marks<'_>,
        events: &mut DocEvents,
        clip: Rect,
    ) {
        let shift_held = ui.input(|i| i.modifiers.shift);
        let pointer = ui.input(|i| i.pointer.interact_pos());
        // Hover: which spans are under the pointer.
        if let Some(pos) = response.hover_pos() {
            if let Some(c) = self.char_at(pos) {
                let under: Vec<&Span> = project.spans_overlapping(article.id, c..c + 1).collect();
                if let Some(inner) = under.iter().min_by_key(|s| s.len()) {
                    events.hovered_span = Some(inner.id);
                }
                if !under.is_empty() && !self.dragging {
                    response.clone().on_hover_ui_at_pointer(|ui| {
                        for s in &under {
                            span_tooltip(ui, project, s);
                        }
                    });
                }
            }
        }

        if response.drag_started() {
            let origin = ui.input(|i| i.pointer.press_origin()).or(pointer);
            if let Some(c) = origin.and_then(|p| self.char_at(p)) {
                if !(shift_held && self.anchor.is_some()) {
                    self.anchor = Some(c);
                }
                self.dragging = true;
            }
        }
        let precise = ui.input(|i| i.modifiers.alt);
        if self.dragging {
            if let (Some(anchor), Some(p)) = (self.anchor, pointer) {
                if let Some(head) = self.char_at(p) {
                    events.selection = Some(Some(snap(article, anchor, head, precise)));
                }
                // Scroll only once the pointer leaves the text, faster the
                // further it goes: a drag that ends on the last visible line
                // selects there and does not move the view.
                let step = if p.y < clip.top() {
                    -(clip.top() - p.y).min(40.0)
                } else if p.y > clip.bottom() {
                    (p.y - clip.bottom()).min(40.0)
                } else {
                    0.0
                };
                if step != 0.0 {
                    self.scroll_fix = Some(self.viewport.min.y + step);
                    ui.ctx().request_repaint();
                }
            }
            if response.drag_stopped() || !ui.input(|i| i.pointer.primary_down()) {
                self.dragging = false;
            }
            return;
        }

        // A second click close in time and place is a double click (egui's own
        // detection is kept too; either counts).
        let now = ui.input(|i| i.time);
        let double = response.clicked()
            && (response.double_clicked()
                || matches!((self.last_click, pointer), (Some((t, p0)), Some(p)) if now - t < 0.4 && p0.distance(p) < 6.0));
        if response.clicked() {
            self.last_click = if double {
                None
            } else {
                pointer.map(|p| (now, p))
            };
        }
        if double {
            if let Some(c) = pointer.and_then(|p| self.char_at(p)) {
                let bytes = article.byte_range(c..c).map_or(0, |r| r.start);
                let word = crate::text::word_at(article.text(), bytes);
                if !word.is_empty() {
                    let (s, e) = (
                        article.char_at_byte(word.start),
                        article.char_at_byte(word.end),
                    );
                    self.anchor = Some(s);
                    events.selection = Some(Some((s, e)));
                    events.clicked_span = None;
                }
            }
        } else if response.clicked() {
            let Some(c) = pointer.and_then(|p| self.char_at(p)) else {
                return;
            };
            if shift_held {
                let anchor = self.anchor.or(marks.text.map(|t| t.0)).unwrap_or(c);
                self.anchor = Some(anchor);
                events.selection = Some(Some(snap(article, anchor, c, precise)));
                return;
            }
            if ui.input(|i| i.modifiers.command) {
                // Ctrl+click gathers spans to link.
                let innermost = project
                    .spans_overlapping(article.id, c..c + 1)
                    .min_by_key(|s| (s.len(), s.start))
                    .map(|s| s.id);
                events.toggled_span = innermost;
                return;
            }
            self.anchor = Some(c);
            events.selection = Some(None);
            events.clicked_at = Some(c);
            // Innermost first; clicking again cycles through the stack.
            let mut under: Vec<&Span> = project.spans_overlapping(article.id, c..c + 1).collect();
            under.sort_by_key(|s| (s.len(), s.start));
            let next = match marks
                .span
                .and_then(|cur| under.iter().position(|s| s.id == cur))
            {
                Some(i) => under.get((i + 1) % under.len()),
                None => under.first(),
            };
            events.clicked_span = Some(next.map(|s| s.id));
        }
    }

    fn paint(
        &self,
        ui: &mut Ui,
        project: &Project,
        article: &Article,
        marks: &Marks<'_>,
        look: Look,
        clip: Rect,
    ) {
        let (Some(first), Some(last)) = (self.drawn.first(), self.drawn.last()) else {
            return;
        };
        let painter = ui.painter().with_clip_rect(clip);
        let visible = first.chars.start..last.chars.end.max(first.chars.start + 1);
        let mut spans: Vec<(&Span, usize)> = project
            .spans_overlapping(article.id, visible)
            .map(|s| (s, 0))
            .collect();
        assign_lanes(&mut spans);
        let fill_alpha = if look.dark { 60 } else { 42 };
        let selection = marks
            .text
            .map(|(a, h)| a.min(h)..a.max(h))
            .filter(|r| !r.is_empty());
        let select_color = ui.visuals().selection.bg_fill.gamma_multiply(0.75);

        for d in &self.drawn {
            let block = d.chars.clone();
            // Span bands behind the text.
            for (s, lane) in &spans {
                if !s.overlaps(&block) {
                    continue;
                }
                let (color, faded) = match marks.fact_colors {
                    Some(colors) => match colors.get(&s.id) {
                        Some(c) => (*c, false),
                        None => (tag_color(project, &s.tag), true),
                    },
                    None if marks.by_coder => (coder_color(&s.annotator), false),
                    None => (tag_color(project, &s.tag), false),
                };
                let r = s.start.max(block.start) - block.start..s.end.min(block.end) - block.start;
                let chosen = marks.span == Some(s.id) || marks.extra.contains(&s.id);
                let emphasised = chosen || marks.related.contains(&s.id);
                let alpha = if faded {
                    fill_alpha / 3
                } else if emphasised {
                    fill_alpha * 2
                } else {
                    fill_alpha
                };
                let color = if faded {
                    color.gamma_multiply(0.35)
                } else {
                    color
                };
                for rect in d.map.rects(r) {
                    let base = d.origin.y + d.map.baseline_at(rect.center().y);
                    let rect = rect.translate(d.origin.to_vec2());
                    painter.rect_filled(
                        rect,
                        2.0,
                        Color32::from_rgba_unmultiplied(color.r(), color.g(), color.b(), alpha),
                    );
                    let y = base + 3.0 + *lane as f32 * 3.5;
                    painter.line_segment(
                        [pos2(rect.left(), y), pos2(rect.right(), y)],
                        Stroke::new(2.0, color),
                    );
                    if chosen {
                        painter.rect_stroke(
                            rect.expand(1.0),
                            2.0,
                            Stroke::new(1.5, ui.visuals().strong_text_color()),
                            egui::StrokeKind::Outside,
                        );
                    }
                }
            }
            if let Some(sel) = &selection {
                if sel.start < block.end && block.start < sel.end {
                    let r = sel.start.max(block.start) - block.start
                        ..sel.end.min(block.end) - block.start;
                    for rect in d.map.rects(r) {
                        painter.rect_filled(rect.translate(d.origin.to_vec2()), 0.0, select_color);
                    }
                }
            }
            painter.galley(d.origin, d.galley.clone(), ui.visuals().text_color());
        }
        if marks.links {
            self.paint_links(
                &painter,
                project,
                marks.span.or(marks_hover(ui, self, project, article)),
            );
        }
    }

    /// The first on-screen rectangle of a span, if it is drawn.
    fn span_rect(&self, s: &Span) -> Option<Rect> {
        let d = self
            .drawn
            .iter()
            .find(|d| s.start < d.chars.end.max(d.chars.start + 1) && d.chars.start <= s.start)?;
        let r = s.start - d.chars.start..s.end.min(d.chars.end) - d.chars.start;
        d.map
            .rects(r)
            .first()
            .map(|r| r.translate(d.origin.to_vec2()))
    }

    /// Curves from a claim to its source and cue, for the links of `span`.
    fn paint_links(&self, painter: &egui::Painter, project: &Project, span: Option<Id>) {
        let Some(span) = span else { return };
        for link in project.links_of(span) {
            let Some(claim) = project.span(link.claim).and_then(|c| self.span_rect(c)) else {
                continue;
            };
            for other in [link.source, link.cue].into_iter().flatten() {
                let Some(s) = project.span(other) else {
                    continue;
                };
                let Some(r) = self.span_rect(s) else { continue };
                let color = tag_color(project, &s.tag);
                let (a, b) = (r.center_bottom(), claim.center_bottom());
                let lift = 14.0 + (a.x - b.x).abs().min(200.0) * 0.1;
                let ctrl = pos2((a.x + b.x) / 2.0, a.y.max(b.y) + lift);
                painter.add(egui::epaint::QuadraticBezierShape::from_points_stroke(
                    [a, ctrl, b],
                    false,
                    Color32::TRANSPARENT,
                    Stroke::new(1.5, color),
                ));
                painter.circle_filled(a, 2.5, color);
                painter.circle_filled(b, 2.5, color);
            }
        }
    }
}

/// A selection from `anchor` to `head` (code points), its ends moved out to
/// whole words, or with Alt (`precise`) only to whole characters, so that
/// no selection splits an accented letter or an emoji sequence. The
/// direction of the drag is kept.
fn snap(article: &Article, anchor: usize, head: usize, precise: bool) -> (usize, usize) {
    let range = anchor.min(head)..anchor.max(head);
    if range.is_empty() {
        return (anchor, head);
    }
    let wide = if precise {
        article.widen_to_graphemes(range.clone())
    } else {
        article.widen_to_words(range.clone())
    }
    .unwrap_or(range);
    if anchor <= head {
        (wide.start, wide.end)
    } else {
        (wide.end, wide.start)
    }
}

/// The span under the pointer, when nothing is selected.
fn marks_hover(ui: &Ui, view: &DocumentView, project: &Project, article: &Article) -> Option<Id> {
    let pos = ui.input(|i| i.pointer.hover_pos())?;
    let c = view.char_at(pos)?;
    project
        .spans_overlapping(article.id, c..c + 1)
        .filter(|s| project.links_of(s.id).next().is_some())
        .min_by_key(|s| s.len())
        .map(|s| s.id)
}

/// The hover card of a span: tag, quote, note, attributes.
pub fn span_tooltip(ui: &mut Ui, project: &Project, s: &Span) {
    ui.horizontal(|ui| {
        ui.colored_label(tag_color(project, &s.tag), "■");
        ui.strong(&s.tag);
    });
    ui.label(crate::text::head_chars(&s.quote, 160));
    if !s.note.is_empty() {
        ui.label(egui::RichText::new(format!("Note: {}", s.note)).italics());
    }
    for (k, v) in &s.attributes {
        ui.label(format!("{k}: {v}"));
    }
    ui.separator();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_the_text_by_paragraph_and_cut_long_ones() {
        let text = format!("First para.\n\nSecond 東京.\n{}", "word ".repeat(2000));
        let blocks = split_blocks(&text);
        assert_eq!(blocks[0].chars, 0..11);
        assert_eq!(blocks[1].chars, 12..12);
        assert_eq!(&text[blocks[2].bytes.clone()], "Second 東京.");
        assert!(blocks.len() >= 5, "a 10,000-character paragraph is cut");
        for b in &blocks {
            assert!(b.chars.len() <= MAX_BLOCK_CHARS);
            assert_eq!(text[b.bytes.clone()].chars().count(), b.chars.len());
        }
        let last = blocks.last().unwrap();
        assert_eq!(last.chars.end, text.chars().count());
    }
}

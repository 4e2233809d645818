//! Where each code point of a laid-out block sits on screen.
//!
//! egui 0.37 promises one glyph per character, which holds for
//! left-to-right text. Right-to-left runs (Arabic, Hebrew) come out in
//! visual order followed by extra zero-width glyphs, so glyph indices stop
//! matching character indices after the first such run. This map aligns
//! glyphs with the text instead: left-to-right characters take their own
//! glyph; a right-to-left run takes the span of its glyphs, shared out
//! among its characters from right to left. Positions around and after RTL
//! text are exact; inside an RTL run they are proportional.

use std::ops::Range;

use egui::{pos2, Galley, Rect, Vec2};

/// One character's place: its index in the block and its x range.
#[derive(Clone, Copy, Debug)]
struct Slot {
    char: usize,
    x0: f32,
    x1: f32,
    rtl: bool,
}

#[derive(Clone, Debug)]
struct RowMap {
    min_y: f32,
    max_y: f32,
    baseline: f32,
    /// Characters on this row: `first..end`.
    first: usize,
    end: usize,
    slots: Vec<Slot>,
    /// The row runs right to left: its start is on the right.
    rtl: bool,
}

#[derive(Clone, Debug)]
pub struct GlyphMap {
    rows: Vec<RowMap>,
    len: usize,
}

/// Strong right-to-left characters (see [`crate::bidi::is_rtl_script`]).
pub fn is_rtl(c: char) -> bool {
    crate::bidi::is_rtl_script(c)
}

/// Characters that stay inside a right-to-left run: marks and joiners.
fn joins_run(c: char) -> bool {
    is_rtl(c)
        || matches!(
            c as u32,
            0x0300..=0x036F | 0x200C | 0x200D | 0x200F | 0x0640
        )
}

impl GlyphMap {
    pub fn new(galley: &Galley, text: &str) -> Self {
        Self::build(galley, text, true)
    }

    /// The map of a text laid out word by word in visual order (see
    /// `crate::bidi`): the shaper turns each right-to-left word around on
    /// its own, so a run never reaches across a space.
    pub fn of_visual(galley: &Galley, text: &str) -> Self {
        Self::build(galley, text, false)
    }

    fn build(galley: &Galley, text: &str, across_spaces: bool) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let n = chars.len();
        // Flatten glyphs with their row.
        let glyphs: Vec<(usize, &egui::epaint::text::Glyph)> = galley
            .rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| row.row.glyphs.iter().map(move |g| (r, g)))
            .collect();
        let mut rows: Vec<RowMap> = galley
            .rows
            .iter()
            .map(|row| RowMap {
                min_y: row.min_y(),
                max_y: row.max_y(),
                baseline: row.pos.y
                    + row
                        .row
                        .glyphs
                        .first()
                        .map_or(row.row.size.y * 0.8, |g| g.pos.y),
                first: usize::MAX,
                end: 0,
                slots: Vec::new(),
                rtl: false,
            })
            .collect();
        let x_of = |r: usize| galley.rows[r].pos.x;
        let place = |rows: &mut Vec<RowMap>, r: usize, slot: Slot| {
            let row = &mut rows[r];
            row.first = row.first.min(slot.char);
            row.end = row.end.max(slot.char + 1);
            row.slots.push(slot);
        };
        let (mut t, mut i) = (0, 0);
        while t < n && i < glyphs.len() {
            // A line break has no glyph of its own.
            if chars[t] == '\n' {
                t += 1;
                continue;
            }
            if is_rtl(chars[t]) {
                // The run: RTL characters, marks, and single spaces between RTL words.
                let mut u = t;
                while u < n
                    && (joins_run(chars[u])
                        || (across_spaces
                            && chars[u] == ' '
                            && chars.get(u + 1).is_some_and(|&c| is_rtl(c))))
                {
                    u += 1;
                }
                // Its glyphs: everything up to the glyph of the character after the run.
                let after = chars.get(u).copied();
                let row = glyphs[i].0;
                let mut j = i;
                while j < glyphs.len() && glyphs[j].0 == row {
                    let c = glyphs[j].1.chr;
                    let inside = joins_run(c) || (c == ' ' && across_spaces);
                    if !inside
                        || (Some(c) == after
                            && !glyphs.get(j + 1).is_some_and(|g| joins_run(g.1.chr)))
                    {
                        break;
                    }
                    j += 1;
                }
                let run = &glyphs[i..j.max(i + 1).min(glyphs.len())];
                let x0 = run.iter().map(|g| g.1.pos.x).fold(f32::INFINITY, f32::min);
                let x1 = run
                    .iter()
                    .map(|g| g.1.max_x())
                    .fold(f32::NEG_INFINITY, f32::max);
                let (x0, x1) = (x0 + x_of(row), x1 + x_of(row));
                let count = u - t;
                let w = (x1 - x0) / count as f32;
                for k in 0..count {
                    // Logical order runs right to left.
                    let right = x1 - k as f32 * w;
                    place(
                        &mut rows,
                        row,
                        Slot {
                            char: t + k,
                            x0: right - w,
                            x1: right,
                            rtl: true,
                        },
                    );
                }
                t = u;
                i = j.max(i + 1);
            } else {
                let (r, g) = glyphs[i];
                place(
                    &mut rows,
                    r,
                    Slot {
                        char: t,
                        x0: g.pos.x + x_of(r),
                        x1: g.max_x() + x_of(r),
                        rtl: false,
                    },
                );
                t += 1;
                i += 1;
            }
        }
        // Characters left over (should not happen): put them at the end.
        if t < n {
            if let Some(last) = rows.len().checked_sub(1) {
                let x = rows[last].slots.last().map_or(0.0, |s| s.x1);
                for c in t..n {
                    place(
                        &mut rows,
                        last,
                        Slot {
                            char: c,
                            x0: x,
                            x1: x,
                            rtl: false,
                        },
                    );
                }
            }
        }
        // Empty rows start where the previous row ended.
        let mut next = 0;
        for row in &mut rows {
            if row.first == usize::MAX {
                row.first = next;
                row.end = next;
            }
            next = row.end;
        }
        GlyphMap { rows, len: n }
    }

    /// The map of a text laid out in another order (a line's runs in
    /// visual order): `logical[i]` is the code point the laid-out text's
    /// `i`-th character stands for, or `None` for one added to lay it out
    /// (a line break between rows); `len` is the block's length; `rtl`,
    /// whether its rows run right to left.
    pub fn remapped(mut self, logical: &[Option<usize>], len: usize, rtl: bool) -> Self {
        let mut next = 0;
        for row in &mut self.rows {
            row.rtl = rtl;
            row.slots
                .retain_mut(|s| match logical.get(s.char).copied().flatten() {
                    Some(c) => {
                        s.char = c;
                        true
                    }
                    None => false,
                });
            match (
                row.slots.iter().map(|s| s.char).min(),
                row.slots.iter().map(|s| s.char).max(),
            ) {
                (Some(a), Some(b)) => {
                    row.first = a;
                    row.end = b + 1;
                }
                _ => {
                    row.first = next;
                    row.end = next;
                }
            }
            next = row.end;
        }
        self.len = len;
        self
    }

    /// Rectangles (galley-relative) covering the code points `range`.
    pub fn rects(&self, range: Range<usize>) -> Vec<Rect> {
        let mut out = Vec::new();
        for row in &self.rows {
            if row.end <= range.start || row.first >= range.end {
                continue;
            }
            let mut spans: Vec<(f32, f32)> = row
                .slots
                .iter()
                .filter(|s| range.contains(&s.char))
                .map(|s| (s.x0, s.x1))
                .collect();
            spans.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut merged: Vec<(f32, f32)> = Vec::new();
            for (a, b) in spans {
                match merged.last_mut() {
                    Some(last) if a <= last.1 + 1.5 => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            out.extend(
                merged
                    .into_iter()
                    .map(|(a, b)| Rect::from_min_max(pos2(a, row.min_y), pos2(b, row.max_y))),
            );
        }
        out
    }

    /// The baseline of the row at height `y`.
    pub fn baseline_at(&self, y: f32) -> f32 {
        self.rows
            .iter()
            .find(|r| r.min_y <= y && y <= r.max_y)
            .map_or(y, |r| r.baseline)
    }

    /// The code point boundary nearest a galley-relative position.
    pub fn char_at(&self, pos: Vec2) -> usize {
        let Some(row) = self
            .rows
            .iter()
            .min_by(|a, b| dist(a, pos.y).total_cmp(&dist(b, pos.y)))
        else {
            return 0;
        };
        let min = row.slots.iter().map(|s| s.x0).fold(f32::INFINITY, f32::min);
        let max = row
            .slots
            .iter()
            .map(|s| s.x1)
            .fold(f32::NEG_INFINITY, f32::max);
        let (left, right) = if row.rtl {
            (row.end.min(self.len), row.first)
        } else {
            (row.first, row.end.min(self.len))
        };
        if pos.x < min {
            return left;
        }
        if pos.x >= max {
            return right;
        }
        // The slot under x, or the nearest one across a gap between glyphs.
        let gap = |s: &Slot| (s.x0 - pos.x).max(pos.x - s.x1).max(0.0);
        match row.slots.iter().min_by(|a, b| gap(a).total_cmp(&gap(b))) {
            Some(s) => {
                let left_half = pos.x < (s.x0 + s.x1) / 2.0;
                if left_half != s.rtl {
                    s.char
                } else {
                    s.char + 1
                }
            }
            None => row.first,
        }
    }
}

fn dist(row: &RowMap, y: f32) -> f32 {
    if y < row.min_y {
        row.min_y - y
    } else if y > row.max_y {
        y - row.max_y
    } else {
        0.0
    }
}

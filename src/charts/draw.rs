//! Drawing helpers shared by the charts: type sizes from the display rule (see the
//! [module documentation](super)), text that wraps or shortens (the full text then shows as a
//! tooltip), tooltips around marks, axes whose tick labels never collide, and legends.
//!
//! Positions are SVG pixels; every text is measured with [`text_extent`], the same estimate
//! the backend gives plotters, so what is laid out here is what the tests check.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::backend::{Markup, text_extent};
use super::{Area, ChartError, Column, FONT, TableData};
use crate::report::format::fixed;

/// Space around a chart's content.
pub(crate) const MARGIN: i32 = 12;
/// Axis lines and tick marks.
pub(crate) const RULE: RGBColor = RGBColor(110, 110, 110);
/// Grid lines and reference outlines.
pub(crate) const GRID: RGBColor = RGBColor(222, 222, 222);
/// Secondary text (axis titles, notes).
pub(crate) const MUTED: RGBColor = RGBColor(70, 70, 70);
/// Length of a tick mark.
const TICK: i32 = 5;

/// Type sizes of one chart, in SVG pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Type {
    /// Every text but the title: tick labels, axis titles, legends, value labels.
    pub text: f64,
    /// The chart's title.
    pub title: f64,
}

impl Type {
    /// The sizes for a chart `width` pixels wide shown in `column` (see [`Column::min_font`]).
    pub fn new(width: u32, column: Column) -> Type {
        let text = column.min_font(f64::from(width));
        Type { text, title: (text * 1.2).round() }
    }

    /// Height of a line of text.
    pub fn line(&self) -> i32 {
        (self.text * 1.25).ceil() as i32
    }

    /// Width of `s` in the text size.
    pub fn width(&self, s: &str) -> i32 {
        text_extent(s, self.text).ceil() as i32
    }
}

/// Draws `s` at `pos`, anchored there by `anchor` (horizontal, vertical).
pub(crate) fn text(
    area: &Area,
    s: &str,
    pos: (i32, i32),
    size: f64,
    anchor: (HPos, VPos),
    colour: &RGBColor,
) -> Result<(), ChartError> {
    let style = (FONT, size).into_font().color(colour).pos(Pos::new(anchor.0, anchor.1));
    area.draw(&Text::new(s.to_string(), pos, style))?;
    Ok(())
}

/// Draws `s` turned a quarter left (reading upwards), its start or end (`h`) at `pos` and
/// centred on it across the line.
pub(crate) fn text_up(
    area: &Area,
    s: &str,
    pos: (i32, i32),
    size: f64,
    h: HPos,
    colour: &RGBColor,
) -> Result<(), ChartError> {
    let style = (FONT, size)
        .into_font()
        .transform(FontTransform::Rotate270)
        .color(colour)
        .pos(Pos::new(h, VPos::Center));
    area.draw(&Text::new(s.to_string(), pos, style))?;
    Ok(())
}

/// Opens a group whose marks show `tip` on hover (close it with [`end_tip`]).
pub(crate) fn tip(area: &Area, tip: &str) -> Result<(), ChartError> {
    area.draw(&Markup::tip(tip))?;
    Ok(())
}

/// Closes the group of [`tip`] (or of a legend).
pub(crate) fn end_tip(area: &Area) -> Result<(), ChartError> {
    area.draw(&Markup::end())?;
    Ok(())
}

/// Width of the widest part of `s` that [`wrap`] keeps on one line when it can: a word of a
/// Latin script, a single CJK character.
pub(crate) fn longest_word(s: &str, size: f64) -> f64 {
    let cjk = if s.chars().any(super::backend::is_wide) { size } else { 0.0 };
    s.split(|c: char| c.is_whitespace() || super::backend::is_wide(c))
        .map(|w| text_extent(w, size))
        .fold(cjk, f64::max)
}

/// `s` broken into at most `lines` lines no wider than `max_w` pixels at `size`: between words
/// (in Chinese, between the parts of a name, [`super::words`]), or inside a word longer than a
/// line (between two CJK characters, or with a hyphen), the lines as even as their number
/// allows. When the text does not fit, the last line ends in "…"; the flag says so.
pub(crate) fn wrap(s: &str, size: f64, max_w: f64, lines: usize) -> (Vec<String>, bool) {
    let fits = |t: &str| text_extent(t, size) <= max_w;
    let lines = lines.max(1);
    // Between a name's parts when that fits in `lines`, else between any CJK characters (a
    // name whole over two lines rather than its end cut).
    let mut names = true;
    let (mut out, mut broken) = greedy(s, size, max_w, names);
    if out.len() > lines {
        let by_characters = greedy(s, size, max_w, false);
        if by_characters.0.len() < out.len() {
            (out, broken) = by_characters;
            names = false;
        }
    }
    if out.len() <= lines {
        // Balanced: the narrowest width that needs no more lines and breaks no more words (no
        // lone last character).
        if out.len() > 1 {
            let mut w = text_extent(s, size) / out.len() as f64;
            while w < max_w {
                let (balanced, broken_here) = greedy(s, size, w, names);
                if balanced.len() <= out.len() && broken_here <= broken {
                    return (balanced, false);
                }
                w += size / 2.0;
            }
        }
        return (out, false);
    }
    out.truncate(lines);
    let last = out.last_mut().expect("at least one line");
    loop {
        let shortened = format!("{}…", last.trim_end());
        if fits(&shortened) || last.is_empty() {
            *last = shortened;
            break;
        }
        last.pop();
    }
    (out, true)
}

/// `s`'s words, each with whether a space came before it: runs of other non-space characters
/// whole, and runs of CJK characters cut as a name's parts ([`super::words::cjk_words`]) or,
/// in a sentence (punctuation, or longer than a name) or without `names`, between any two
/// characters.
fn tokens(s: &str, names: bool) -> Vec<(bool, String)> {
    let mut tokens: Vec<(bool, String)> = Vec::new();
    let mut space = false;
    let mut run = String::new();
    let mut run_wide = false;
    for c in s.trim().chars() {
        let wide = super::backend::is_wide(c);
        if c.is_whitespace() || wide != run_wide {
            push_run(&mut run, names, run_wide, &mut space, &mut tokens);
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        run_wide = wide;
        run.push(c);
    }
    push_run(&mut run, names, run_wide, &mut space, &mut tokens);
    tokens
}

/// Longest run of CJK characters cut as a name's parts ([`tokens`]).
const NAME_CHARS: usize = 24;

/// Adds the words of `run` to `tokens` and empties it ([`tokens`]); `names`: a CJK run may be
/// cut as a name.
fn push_run(run: &mut String, names: bool, wide: bool, space: &mut bool, tokens: &mut Vec<(bool, String)>) {
    if run.is_empty() {
        return;
    }
    let sentence = !names
        || run.chars().count() > NAME_CHARS
        || run.contains(['，', '。', '；', '：', '、', '！', '？']);
    let words: Vec<String> = match (wide, sentence) {
        (false, _) => vec![run.clone()],
        (true, false) => super::words::cjk_words(run).into_iter().map(str::to_string).collect(),
        (true, true) => run.chars().map(String::from).collect(),
    };
    for (i, w) in words.into_iter().enumerate() {
        tokens.push((i == 0 && *space, w));
    }
    *space = false;
    run.clear();
}

/// The lines of [`wrap`] filled greedily, as many as it takes, and how many words they break.
/// With `names`, CJK text breaks between a name's parts ([`tokens`]), else between any two
/// characters.
fn greedy(s: &str, size: f64, max_w: f64, names: bool) -> (Vec<String>, usize) {
    let fits = |t: &str| text_extent(t, size) <= max_w;
    let mut out: Vec<String> = Vec::new();
    let mut broken = 0;
    let mut line = String::new();
    for (space, token) in tokens(s, names) {
        let joined = if line.is_empty() {
            token.clone()
        } else if space {
            format!("{line} {token}")
        } else {
            format!("{line}{token}")
        };
        if fits(&joined) {
            line = joined;
            continue;
        }
        let cjk = token.chars().all(super::backend::is_wide);
        if cjk && !fits(&token) {
            // A CJK word longer than a line goes on from where the line is, a character at a
            // time (Chinese breaks between characters without a hyphen).
            broken += 1;
            for c in token.chars() {
                let next = format!("{line}{c}");
                if fits(&next) || line.is_empty() {
                    line = next;
                } else {
                    out.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
            continue;
        }
        if !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        // A word longer than a line is broken into pieces of equal length, each but the last
        // ending in a hyphen (the estimate gives every Latin character the same width).
        if fits(&token) {
            line = token;
            continue;
        }
        broken += 1;
        let chars: Vec<char> = token.chars().collect();
        let per_line = (1..=chars.len())
            .take_while(|&n| fits(&format!("{}-", chars[..n].iter().collect::<String>())))
            .last()
            .unwrap_or(1);
        let piece = chars.len().div_ceil(chars.len().div_ceil(per_line));
        let pieces: Vec<String> = chars.chunks(piece).map(|p| p.iter().collect()).collect();
        let last = pieces.len() - 1;
        for (i, piece) in pieces.into_iter().enumerate() {
            if i < last {
                out.push(format!("{piece}-"));
            } else {
                line = piece;
            }
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    (out, broken)
}

/// `s` on one line no wider than `max_w` at `size`, ending in "…" when shortened.
pub(crate) fn shorten(s: &str, size: f64, max_w: f64) -> (String, bool) {
    if text_extent(s, size) <= max_w {
        return (s.to_string(), false);
    }
    let (mut lines, cut) = wrap(s, size, max_w, 1);
    (lines.pop().unwrap_or_default(), cut)
}

/// Draws `s` in at most `lines` lines no wider than `max_w`, the block centred on `pos`
/// vertically and anchored horizontally by `h`; the full text shows on hover when shortened.
#[allow(clippy::too_many_arguments)]
pub(crate) fn label(
    area: &Area,
    s: &str,
    pos: (i32, i32),
    ty: Type,
    max_w: f64,
    lines: usize,
    h: HPos,
    colour: &RGBColor,
) -> Result<(), ChartError> {
    let (parts, cut) = wrap(s, ty.text, max_w, lines);
    if cut {
        tip(area, s)?;
    }
    let step = (ty.text * 1.2).round() as i32;
    let first = pos.1 - step * (parts.len() as i32 - 1) / 2;
    for (i, p) in parts.iter().enumerate() {
        text(area, p, (pos.0, first + step * i as i32), ty.text, (h, VPos::Center), colour)?;
    }
    if cut {
        end_tip(area)?;
    }
    Ok(())
}

/// Height of a block of `lines` lines at the text size, as [`label`] sets them.
pub(crate) fn block_height(lines: usize, ty: Type) -> i32 {
    (ty.text * 1.2).round() as i32 * (lines.max(1) as i32 - 1) + ty.text.ceil() as i32
}

/// The chart's title in at most two lines across the chart; the lines and the height they take
/// with the margin above and the space below.
pub(crate) fn title_lines(title: &str, width: u32, ty: Type) -> (Vec<String>, i32) {
    let (lines, _) = wrap(title, ty.title, f64::from(width) - 2.0 * f64::from(MARGIN), 2);
    let h = MARGIN + (ty.title * 1.25).round() as i32 * lines.len() as i32 + 6;
    (lines, h)
}

/// Draws the title lines of [`title_lines`] (the full title on hover when shortened).
pub(crate) fn draw_title(area: &Area, title: &str, lines: &[String], ty: Type) -> Result<(), ChartError> {
    let cut = lines.concat().ends_with('…') && !title.ends_with('…');
    if cut {
        tip(area, title)?;
    }
    for (i, l) in lines.iter().enumerate() {
        let y = MARGIN + (ty.title * 1.25).round() as i32 * i as i32;
        let style = (FONT, ty.title)
            .into_font()
            .style(FontStyle::Bold)
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Top));
        area.draw(&Text::new(l.clone(), (MARGIN, y), style))?;
    }
    if cut {
        end_tip(area)?;
    }
    Ok(())
}

/// A linear or logarithmic scale from `lo` to `hi`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub log: bool,
}

impl Scale {
    pub fn linear(lo: f64, hi: f64) -> Scale {
        Scale { lo, hi, log: false }
    }

    pub fn log(lo: f64, hi: f64) -> Scale {
        Scale { lo, hi, log: true }
    }

    /// Where `v` lies from `lo` (0) to `hi` (1).
    pub fn frac(&self, v: f64) -> f64 {
        let (a, b, v) = if self.log { (self.lo.ln(), self.hi.ln(), v.ln()) } else { (self.lo, self.hi, v) };
        if b > a { (v - a) / (b - a) } else { 0.5 }
    }
}

/// The plotting rectangle in pixels and its scales: x grows rightwards, y upwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Plot {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
    pub x: Scale,
    pub y: Scale,
}

impl Plot {
    pub fn px(&self, v: f64) -> i32 {
        (f64::from(self.left) + self.x.frac(v) * f64::from(self.right - self.left)).round() as i32
    }

    pub fn py(&self, v: f64) -> i32 {
        (f64::from(self.bottom) - self.y.frac(v) * f64::from(self.bottom - self.top)).round() as i32
    }

    pub fn at(&self, x: f64, y: f64) -> (i32, i32) {
        (self.px(x), self.py(y))
    }
}

/// A labelled point of an axis.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tick {
    pub value: f64,
    pub label: String,
}

/// Decimals that show multiples of `step` exactly (at most 6).
fn decimals(step: f64) -> usize {
    (0..6)
        .find(|&d| {
            let x = step * 10f64.powi(d as i32);
            (x - x.round()).abs() < 1e-6 * x.abs().max(1.0)
        })
        .unwrap_or(6)
}

/// Ticks of a linear scale: multiples of the first step of 1, 2, 5 × 10ᵏ (whole numbers only
/// when `integer`), from about twelve ticks upwards, whose labels `fits` accepts.
pub(crate) fn linear_ticks(s: Scale, integer: bool, fits: impl Fn(&[Tick]) -> bool) -> Vec<Tick> {
    let span = s.hi - s.lo;
    if span.is_nan() || span <= 0.0 || !span.is_finite() {
        return vec![Tick { value: s.lo, label: fixed(s.lo, decimals(s.lo.abs().max(1.0))) }];
    }
    let mut e = (span / 12.0).log10().floor() as i32;
    let mut last = Vec::new();
    for _ in 0..12 {
        for m in [1.0, 2.0, 5.0] {
            let step = m * 10f64.powi(e);
            if integer && step < 1.0 {
                continue;
            }
            let d = decimals(step);
            let first = (s.lo / step - 1e-9).ceil() as i64;
            let last_i = (s.hi / step + 1e-9).floor() as i64;
            let ticks: Vec<Tick> = (first..=last_i)
                .map(|i| {
                    let v = i as f64 * step;
                    Tick { value: v, label: fixed(v, d) }
                })
                .collect();
            if ticks.len() <= 2 || fits(&ticks) {
                return ticks;
            }
            last = ticks;
        }
        e += 1;
    }
    last.truncate(1);
    last
}

/// Ticks of a logarithmic scale: 1, 2 and 5 in each decade, or 1 and 3, or the powers of ten,
/// or every second or third power, the first set whose labels `fits` accepts.
pub(crate) fn log_ticks(s: Scale, fits: impl Fn(&[Tick]) -> bool) -> Vec<Tick> {
    let (e0, e1) = (s.lo.log10().floor() as i32, s.hi.log10().ceil() as i32);
    let sets: [(&[f64], i32); 5] =
        [(&[1.0, 2.0, 5.0], 1), (&[1.0, 3.0], 1), (&[1.0], 1), (&[1.0], 2), (&[1.0], 3)];
    let mut last = Vec::new();
    for (mantissas, every) in sets {
        let ticks: Vec<Tick> = (e0..=e1)
            .filter(|e| e.rem_euclid(every) == 0)
            .flat_map(|e| mantissas.iter().map(move |m| (m * 10f64.powi(e), e)))
            .filter(|(v, _)| *v >= s.lo * (1.0 - 1e-9) && *v <= s.hi * (1.0 + 1e-9))
            .map(|(v, e)| Tick { value: v, label: fixed(v, (-e).max(0) as usize) })
            .collect();
        if ticks.len() <= 2 || fits(&ticks) {
            return ticks;
        }
        last = ticks;
    }
    last
}

/// Whether tick labels at these positions along a horizontal axis keep at least 0.8 em apart.
pub(crate) fn fit_across(ticks: &[Tick], pos: impl Fn(f64) -> i32, ty: Type) -> bool {
    ticks.windows(2).all(|w| {
        let d = f64::from((pos(w[1].value) - pos(w[0].value)).abs());
        d >= (text_extent(&w[0].label, ty.text) + text_extent(&w[1].label, ty.text)) / 2.0 + 0.8 * ty.text
    })
}

/// Whether tick labels at these positions along a vertical axis keep at least half a line apart.
pub(crate) fn fit_up(ticks: &[Tick], pos: impl Fn(f64) -> i32, ty: Type) -> bool {
    ticks.windows(2).all(|w| f64::from((pos(w[1].value) - pos(w[0].value)).abs()) >= 1.5 * ty.text)
}

/// Draws the x axis (line, tick marks, labels below).
pub(crate) fn x_axis(area: &Area, p: &Plot, ticks: &[Tick], ty: Type) -> Result<(), ChartError> {
    area.draw(&PathElement::new(vec![(p.left, p.bottom), (p.right, p.bottom)], RULE.stroke_width(1)))?;
    for t in ticks {
        let x = p.px(t.value);
        area.draw(&PathElement::new(vec![(x, p.bottom), (x, p.bottom + TICK)], RULE.stroke_width(1)))?;
        text(area, &t.label, (x, p.bottom + TICK + 3), ty.text, (HPos::Center, VPos::Top), &BLACK)?;
    }
    Ok(())
}

/// Draws the y axis (line, tick marks, labels to the left) and, with `grid`, light lines across
/// the plot at the ticks.
pub(crate) fn y_axis(area: &Area, p: &Plot, ticks: &[Tick], ty: Type, grid: bool) -> Result<(), ChartError> {
    for t in ticks {
        let y = p.py(t.value);
        if grid && y != p.bottom {
            area.draw(&PathElement::new(vec![(p.left + 1, y), (p.right, y)], GRID.stroke_width(1)))?;
        }
        area.draw(&PathElement::new(vec![(p.left - TICK, y), (p.left, y)], RULE.stroke_width(1)))?;
        text(area, &t.label, (p.left - TICK - 3, y), ty.text, (HPos::Right, VPos::Center), &BLACK)?;
    }
    area.draw(&PathElement::new(vec![(p.left, p.top), (p.left, p.bottom)], RULE.stroke_width(1)))?;
    Ok(())
}

/// Height below the plot taken by x tick labels.
pub(crate) fn x_ticks_height(ty: Type) -> i32 {
    TICK + 3 + ty.text.ceil() as i32 + 4
}

/// Width left of the plot taken by y tick labels.
pub(crate) fn y_ticks_width(ticks: &[Tick], ty: Type) -> i32 {
    ticks.iter().map(|t| ty.width(&t.label)).max().unwrap_or(0) + TICK + 3
}

/// Draws an axis title centred under the x tick labels (shortened to the plot's width).
pub(crate) fn x_title(area: &Area, p: &Plot, s: &str, ty: Type) -> Result<(), ChartError> {
    let y = p.bottom + x_ticks_height(ty) + 2;
    let x = (p.left + p.right) / 2;
    label(
        area,
        s,
        (x, y + ty.text.ceil() as i32 / 2),
        ty,
        f64::from(p.right - p.left),
        1,
        HPos::Center,
        &MUTED,
    )
}

/// Draws the y axis title level, above the plot from the left margin (`top` is its baseline
/// row: the plot's top less a line).
pub(crate) fn y_title(area: &Area, s: &str, top: i32, width: u32, ty: Type) -> Result<(), ChartError> {
    let max = f64::from(width as i32 - 2 * MARGIN);
    label(area, s, (MARGIN, top + ty.text.ceil() as i32 / 2), ty, max, 1, HPos::Left, &MUTED)
}

/// A legend entry's mark.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Key {
    /// A filled square (bars, cells, areas).
    Swatch(RGBColor),
    /// A line (a series' outline, a fitted line); the width in pixels.
    Line(RGBColor, u32),
    /// A filled dot of this radius.
    Dot(RGBColor, i32),
    /// A ring of this radius (organizations that did not respond).
    Ring(RGBColor, i32),
    /// A ring with a dot inside, this radius: the one organization a diagram is about (its ego),
    /// a shape no community's dot or ring takes.
    Target(RGBColor, i32),
    /// A confidence-interval whisker.
    Whisker,
    /// No mark: the entry is a heading for those after it.
    Heading,
}

impl Key {
    fn width(&self, ty: Type) -> i32 {
        match self {
            Key::Line(..) | Key::Whisker => (ty.text * 1.8).round() as i32,
            Key::Dot(_, r) | Key::Ring(_, r) | Key::Target(_, r) => (2 * r + 2).max(ty.text as i32),
            Key::Swatch(_) => ty.text.round() as i32,
            Key::Heading => -6,
        }
    }

    fn draw(&self, area: &Area, x: i32, y: i32, ty: Type) -> Result<(), ChartError> {
        let w = self.width(ty);
        let s = ty.text.round() as i32;
        match *self {
            Key::Swatch(c) => {
                area.draw(&Rectangle::new([(x, y - s / 2), (x + s, y + s / 2)], c.filled()))?;
                area.draw(&Rectangle::new([(x, y - s / 2), (x + s, y + s / 2)], RULE.stroke_width(1)))?;
            }
            Key::Line(c, width) => {
                area.draw(&PathElement::new(vec![(x, y), (x + w, y)], c.stroke_width(width)))?;
            }
            Key::Whisker => {
                let ink = BLACK.stroke_width(2);
                area.draw(&PathElement::new(vec![(x, y), (x + w, y)], ink))?;
                area.draw(&PathElement::new(vec![(x, y - s / 3), (x, y + s / 3)], ink))?;
                area.draw(&PathElement::new(vec![(x + w, y - s / 3), (x + w, y + s / 3)], ink))?;
            }
            Key::Dot(c, r) => {
                area.draw(&Circle::new((x + w / 2, y), r, c.filled()))?;
            }
            Key::Ring(c, r) => {
                area.draw(&Circle::new((x + w / 2, y), r, c.stroke_width(2)))?;
            }
            Key::Target(c, r) => target(area, (x + w / 2, y), r, c)?,
            Key::Heading => {}
        }
        Ok(())
    }
}

/// Draws a [`Key::Target`] mark centred at `at`: a thick ring and a dot, on white so the
/// lines under it do not show through.
pub(crate) fn target(area: &Area, at: (i32, i32), r: i32, c: RGBColor) -> Result<(), ChartError> {
    area.draw(&Circle::new(at, r, WHITE.filled()))?;
    area.draw(&Circle::new(at, r - 1, c.stroke_width(3)))?;
    area.draw(&Circle::new(at, (r / 2).max(2), c.filled()))?;
    Ok(())
}

/// The outline of a reference profile (the sample median).
pub(crate) const REFERENCE: RGBColor = RGBColor(90, 90, 90);

/// Where each legend entry goes: its row and x offset, and the text shown (shortened to the
/// width), flowing left to right in rows no wider than `max_w`.
fn legend_layout(items: &[(Key, String)], ty: Type, max_w: i32) -> Vec<(i32, i32, String, bool)> {
    let gap = (ty.text * 1.2).round() as i32;
    let (mut x, mut row) = (0, 0);
    let mut out = Vec::new();
    for (key, s) in items {
        let mark = key.width(ty) + 6;
        let (shown, cut) = shorten(s, ty.text, f64::from(max_w - mark));
        let w = mark + ty.width(&shown);
        if x > 0 && x + w > max_w {
            row += 1;
            x = 0;
        }
        out.push((row, x, shown, cut));
        x += w + gap;
    }
    out
}

/// The frame of a network diagram: the title on top, a plot area `0.78 × width` high inset by
/// `side` pixels left and right, and the legend below it across the chart.
pub(crate) struct NetFrame {
    pub title_lines: Vec<String>,
    /// Height the title takes, with the margin above it.
    pub title_h: i32,
    /// Top of the plot area.
    pub top: i32,
    side: i32,
    width: i32,
    /// Height of the plot area.
    pub plot_h: i32,
    /// Width of the legend.
    pub legend_w: i32,
    /// Height of the whole chart.
    pub height: u32,
}

impl NetFrame {
    pub(crate) fn new(title: &str, width: u32, ty: Type, legend: &[(Key, String)], side: i32) -> NetFrame {
        let (title_lines, title_h) = title_lines(title, width, ty);
        let legend_w = width as i32 - 2 * MARGIN;
        let legend_h = legend_height(legend, ty, legend_w);
        let top = title_h + 14;
        let plot_h = (f64::from(width) * 0.78) as i32;
        let height = (top + plot_h + 14 + legend_h + MARGIN) as u32;
        NetFrame { title_lines, title_h, top, side, width: width as i32, plot_h, legend_w, height }
    }

    /// The pixel of a position in the unit square.
    pub(crate) fn px(&self, p: (f64, f64)) -> (i32, i32) {
        (
            (f64::from(self.side) + p.0 * f64::from(self.width - 2 * self.side)).round() as i32,
            (f64::from(self.top) + p.1 * f64::from(self.plot_h)).round() as i32,
        )
    }

    /// Where the legend starts (its top left).
    pub(crate) fn legend_at(&self) -> (i32, i32) {
        (MARGIN, self.top + self.plot_h + 14)
    }
}

/// Height of a legend as [`legend`] draws it (0 without entries).
pub(crate) fn legend_height(items: &[(Key, String)], ty: Type, max_w: i32) -> i32 {
    legend_layout(items, ty, max_w).last().map_or(0, |l| (l.0 + 1) * (ty.line() + 4))
}

/// Draws a legend from `(x, y)` (its top left), entries in rows no wider than `max_w`.
pub(crate) fn legend(
    area: &Area,
    items: &[(Key, String)],
    (x, y): (i32, i32),
    ty: Type,
    max_w: i32,
) -> Result<(), ChartError> {
    if items.is_empty() {
        return Ok(());
    }
    area.draw(&Markup::legend())?;
    for ((key, full), (row, dx, shown, cut)) in items.iter().zip(legend_layout(items, ty, max_w)) {
        let cy = y + row * (ty.line() + 4) + ty.line() / 2;
        if cut {
            tip(area, full)?;
        }
        key.draw(area, x + dx, cy, ty)?;
        text(area, &shown, (x + dx + key.width(ty) + 6, cy), ty.text, (HPos::Left, VPos::Center), &BLACK)?;
        if cut {
            end_tip(area)?;
        }
    }
    end_tip(area)
}

/// A tooltip from row `i` of a chart's data table: the row's first cell, then each other
/// column as "header: value".
pub(crate) fn row_tip(table: &TableData, i: usize) -> String {
    let Some(row) = table.rows.get(i) else { return String::new() };
    let rest: Vec<String> = table
        .headers
        .iter()
        .zip(row)
        .skip(1)
        .filter(|(_, v)| !v.is_empty())
        .map(|(h, v)| if h.is_empty() { v.clone() } else { format!("{h}: {v}") })
        .collect();
    let first = row.first().cloned().unwrap_or_default();
    if first.is_empty() { rest.join("; ") } else { format!("{first} — {}", rest.join("; ")) }
}

/// A chart on numeric x and y axes: its title, axes, the height of the plot and a legend
/// under it.
pub(crate) struct Cartesian<'a> {
    pub title: &'a str,
    pub x: Scale,
    /// Whole-number ticks only (counts, degrees).
    pub x_integer: bool,
    pub x_title: &'a str,
    pub y: Scale,
    pub y_integer: bool,
    pub y_title: &'a str,
    pub plot_height: i32,
    pub legend: Vec<(Key, String)>,
}

/// Ticks of `s` along `pos` (horizontal when `across`), as many as fit.
fn ticks(s: Scale, integer: bool, across: bool, pos: &dyn Fn(f64) -> i32, ty: Type) -> Vec<Tick> {
    let fits = |t: &[Tick]| if across { fit_across(t, pos, ty) } else { fit_up(t, pos, ty) };
    if s.log { log_ticks(s, fits) } else { linear_ticks(s, integer, fits) }
}

/// Draws a [`Cartesian`] chart `width` pixels wide: title, the y axis title above the plot,
/// grid lines, the marks (`marks`, on the plot), axes, the x axis title and the legend.
pub(crate) fn cartesian(
    c: &Cartesian,
    width: u32,
    ty: Type,
    marks: impl FnOnce(&Area, &Plot) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    cartesian_ticks(c, width, ty, None, marks)
}

/// [`cartesian`] with the x axis labelled by `x_ticks` (categories such as survey rounds at
/// 0, 1, …) instead of numbers.
pub(crate) fn cartesian_with_x(
    c: &Cartesian,
    width: u32,
    ty: Type,
    x_ticks: Vec<Tick>,
    marks: impl FnOnce(&Area, &Plot) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    cartesian_ticks(c, width, ty, Some(x_ticks), marks)
}

fn cartesian_ticks(
    c: &Cartesian,
    width: u32,
    ty: Type,
    x_ticks: Option<Vec<Tick>>,
    marks: impl FnOnce(&Area, &Plot) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let w = width as i32;
    let (title, title_h) = title_lines(c.title, width, ty);
    let top = title_h + ty.line() + (ty.text / 2.0).ceil() as i32 + 4;
    let mut p = Plot { left: 0, top, right: w - MARGIN, bottom: top + c.plot_height, x: c.x, y: c.y };
    let yt = ticks(c.y, c.y_integer, false, &|v| p.py(v), ty);
    p.left = MARGIN + y_ticks_width(&yt, ty);
    p.right = w - MARGIN - ty.width("00") / 2;
    let given = x_ticks.is_some();
    let mut xt = x_ticks.unwrap_or_else(|| ticks(c.x, c.x_integer, true, &|v| p.px(v), ty));
    // The last label must end inside the chart.
    if let Some(last) = xt.last() {
        let overhang = p.px(last.value) + ty.width(&last.label) / 2 - (w - 4);
        if overhang > 0 {
            p.right -= overhang;
            if !given {
                xt = ticks(c.x, c.x_integer, true, &|v| p.px(v), ty);
            }
        }
    }
    let legend_w = w - 2 * MARGIN;
    let below = x_ticks_height(ty) + ty.line() + 8;
    let lh = legend_height(&c.legend, ty, legend_w);
    let h = p.bottom + below + if lh > 0 { lh + 4 } else { 0 } + MARGIN;
    super::svg(width, h as u32, |root| {
        draw_title(root, c.title, &title, ty)?;
        y_title(root, c.y_title, title_h, width, ty)?;
        for t in &yt {
            let y = p.py(t.value);
            if y != p.bottom {
                root.draw(&PathElement::new(vec![(p.left + 1, y), (p.right, y)], GRID.stroke_width(1)))?;
            }
        }
        marks(root, &p)?;
        y_axis(root, &p, &yt, ty, false)?;
        x_axis(root, &p, &xt, ty)?;
        x_title(root, &p, c.x_title, ty)?;
        legend(root, &c.legend, (MARGIN, p.bottom + below + 4), ty, legend_w)
    })
}

/// A chart of horizontal bars, one row per labelled category, on a numeric x axis.
pub(crate) struct HBars<'a> {
    pub title: &'a str,
    /// Category labels, top to bottom (wrapped to two lines, shortened beyond).
    pub labels: &'a [String],
    pub x: Scale,
    pub x_title: &'a str,
    /// Tick labels as percentages of their absolute value (diverging bars).
    pub percent: bool,
    pub legend: Vec<(Key, String)>,
}

/// Rows of an [`HBars`] chart: the centre and height of row `i`.
pub(crate) struct Rows {
    pub top: i32,
    pub height: i32,
}

impl Rows {
    pub fn centre(&self, i: usize) -> i32 {
        self.top + self.height * i as i32 + self.height / 2
    }

    /// A bar `share` of the row's height: its top and bottom.
    pub fn bar(&self, i: usize, share: f64) -> (i32, i32) {
        let half = (f64::from(self.height) * share / 2.0).round() as i32;
        (self.centre(i) - half, self.centre(i) + half)
    }
}

/// Draws an [`HBars`] chart `width` pixels wide; `marks` draws on the plot, given the rows.
pub(crate) fn hbars(
    c: &HBars,
    width: u32,
    ty: Type,
    marks: impl FnOnce(&Area, &Plot, &Rows) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let w = width as i32;
    let max_label = f64::from(w) * 0.34;
    let wrapped: Vec<Vec<String>> = c.labels.iter().map(|l| wrap(l, ty.text, max_label, 2).0).collect();
    let label_w = wrapped.iter().flatten().map(|l| ty.width(l)).max().unwrap_or(0);
    let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    let row_h = (block_height(lines, ty) + 14).max(2 * ty.line());
    let (title, title_h) = title_lines(c.title, width, ty);
    let k = c.labels.len().max(1) as i32;
    let top = title_h + 4;
    let mut p = Plot {
        left: MARGIN + label_w + 10,
        top,
        right: w - MARGIN - ty.width("100%") / 2,
        bottom: top + k * row_h,
        x: c.x,
        y: Scale::linear(0.0, 1.0),
    };
    let relabel = |mut t: Vec<Tick>| {
        if c.percent {
            for x in &mut t {
                x.label = format!("{}%", fixed(x.value.abs(), decimals(x.value.abs().max(1.0))));
            }
        }
        t
    };
    let mut xt = relabel(ticks(c.x, false, true, &|v| p.px(v), ty));
    if !fit_across(&xt, |v| p.px(v), ty) {
        // Percent signs made the labels wider: take the next coarser set.
        xt = relabel(linear_ticks(c.x, false, |t| fit_across(&relabel(t.to_vec()), |v| p.px(v), ty)));
    }
    if let Some(last) = xt.last() {
        let overhang = p.px(last.value) + ty.width(&last.label) / 2 - (w - 4);
        if overhang > 0 {
            p.right -= overhang;
        }
    }
    let rows = Rows { top, height: row_h };
    let legend_w = w - 2 * MARGIN;
    let below = x_ticks_height(ty) + ty.line() + 8;
    let lh = legend_height(&c.legend, ty, legend_w);
    let h = p.bottom + below + if lh > 0 { lh + 4 } else { 0 } + MARGIN;
    super::svg(width, h as u32, |root| {
        draw_title(root, c.title, &title, ty)?;
        for t in &xt {
            let x = p.px(t.value);
            if x != p.left {
                root.draw(&PathElement::new(vec![(x, p.top), (x, p.bottom - 1)], GRID.stroke_width(1)))?;
            }
        }
        marks(root, &p, &rows)?;
        for (i, l) in c.labels.iter().enumerate() {
            label(root, l, (p.left - 10, rows.centre(i)), ty, max_label, 2, HPos::Right, &BLACK)?;
        }
        root.draw(&PathElement::new(vec![(p.left, p.top), (p.left, p.bottom)], RULE.stroke_width(1)))?;
        x_axis(root, &p, &xt, ty)?;
        x_title(root, &p, c.x_title, ty)?;
        legend(root, &c.legend, (MARGIN, p.bottom + below + 4), ty, legend_w)
    })
}

/// One cell of a [`Matrix`]: its colour, the text in it (empty for none), a shorter form of
/// that text and its tooltip.
pub(crate) struct MatrixCell {
    pub fill: RGBColor,
    pub text: String,
    pub short: String,
    pub tip: String,
}

/// A square heat map with labelled rows (left) and columns (above, turned upwards).
pub(crate) struct Matrix<'a> {
    pub title: &'a str,
    /// A line under the title (what rows and columns are), if any.
    pub note: Option<&'a str>,
    pub rows: &'a [String],
    pub columns: &'a [String],
    /// `cells[row][column]`.
    pub cells: Vec<Vec<MatrixCell>>,
    pub legend: Vec<(Key, String)>,
}

/// `c` laid at `alpha` over white.
pub(crate) fn tint(c: RGBColor, alpha: f64) -> RGBColor {
    let mix = |q: u8| (255.0 + (f64::from(q) - 255.0) * alpha).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Whether text on `fill` should be white.
fn dark(fill: RGBColor) -> bool {
    let RGBColor(r, g, b) = fill;
    0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b) < 140.0
}

/// Draws a [`Matrix`] at most `width` pixels wide: cells as large as fit (at most 64 px), a
/// cell's text only where it fits, every column label when the cells are a line wide (else
/// every second, third…).
pub(crate) fn matrix(m: &Matrix, width: u32, ty: Type) -> Result<String, ChartError> {
    let w = width as i32;
    let k = m.columns.len().max(1) as i32;
    let max_label = f64::from(w) * 0.3;
    // Column labels turned upwards may run longer than the rows' (the chart only grows taller):
    // at 130 px the flow's "2024：和光社工事务所" was cut.
    let max_column = f64::from(w) * 0.4;
    let row_w = m.rows.iter().map(|r| ty.width(&shorten(r, ty.text, max_label).0)).max().unwrap_or(0);
    let left = MARGIN + row_w + 8;
    let cell = ((w - left - MARGIN) / k).clamp(4, 64);
    // Column labels level when each fits its cell, else turned upwards.
    let level = m.columns.iter().all(|c| ty.width(c) + 4 <= cell);
    let col_h = if level {
        ty.line()
    } else {
        m.columns.iter().map(|c| ty.width(&shorten(c, ty.text, max_column).0)).max().unwrap_or(0)
    };
    let (title, title_h) = title_lines(m.title, width, ty);
    let note = m.note.map(|n| wrap(n, ty.text, f64::from(w - 2 * MARGIN), 2).0).unwrap_or_default();
    let note_h = if note.is_empty() { 0 } else { block_height(note.len(), ty) + 8 };
    let top = title_h + note_h + col_h + 8;
    let rows = m.rows.len() as i32;
    let every = ((ty.text + 2.0) / f64::from(cell)).ceil().max(1.0) as usize;
    // Every cell's text, or every cell's short text, or none: the same form throughout.
    let fits = |s: &str| s.is_empty() || (ty.width(s) + 4 <= cell && ty.text + 4.0 <= f64::from(cell));
    let all = |f: &dyn Fn(&MatrixCell) -> &str| m.cells.iter().flatten().all(|c| fits(f(c)));
    let form: Option<fn(&MatrixCell) -> &str> = if all(&|c| c.text.as_str()) {
        Some(|c| c.text.as_str())
    } else if all(&|c| c.short.as_str()) {
        Some(|c| c.short.as_str())
    } else {
        None
    };
    let legend_w = w - 2 * MARGIN;
    let lh = legend_height(&m.legend, ty, legend_w);
    let h = top + rows * cell + if lh > 0 { lh + 12 } else { 0 } + MARGIN;
    super::svg(width, h as u32, |root| {
        draw_title(root, m.title, &title, ty)?;
        if !note.is_empty() {
            let centre = title_h + block_height(note.len(), ty) / 2;
            let step = (ty.text * 1.2).round() as i32;
            for (i, l) in note.iter().enumerate() {
                let y = centre - step * (note.len() as i32 - 1) / 2 + step * i as i32;
                text(root, l, (MARGIN, y), ty.text, (HPos::Left, VPos::Center), &MUTED)?;
            }
        }
        for (i, r) in m.rows.iter().enumerate() {
            let y = top + i as i32 * cell;
            if (cell as f64) >= ty.text + 2.0 || i % every == 0 {
                label(root, r, (left - 8, y + cell / 2), ty, max_label, 1, HPos::Right, &BLACK)?;
            }
            for (j, c) in m.cells.get(i).into_iter().flatten().enumerate() {
                let x = left + j as i32 * cell;
                tip(root, &c.tip)?;
                root.draw(&Rectangle::new([(x, y), (x + cell - 1, y + cell - 1)], c.fill.filled()))?;
                end_tip(root)?;
                if let Some(s) = form.map(|f| f(c)).filter(|s| !s.is_empty()) {
                    let ink = if dark(c.fill) { WHITE } else { BLACK };
                    text(root, s, (x + cell / 2, y + cell / 2), ty.text, (HPos::Center, VPos::Center), &ink)?;
                }
            }
        }
        for (j, c) in m.columns.iter().enumerate().filter(|(j, _)| level || j % every == 0) {
            let x = left + j as i32 * cell + cell / 2;
            if level {
                text(root, c, (x, top - 6 - ty.line() / 2), ty.text, (HPos::Center, VPos::Center), &BLACK)?;
                continue;
            }
            let (shown, cut) = shorten(c, ty.text, max_column);
            if cut {
                tip(root, c)?;
            }
            text_up(root, &shown, (x, top - 6), ty.text, HPos::Left, &BLACK)?;
            if cut {
                end_tip(root)?;
            }
        }
        legend(root, &m.legend, (MARGIN, top + rows * cell + 12), ty, legend_w)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_between_words_and_cjk_characters_and_shortens_the_rest() {
        // 14 px: a Latin letter is 8.4 px, an ideograph 14 px.
        let (lines, cut) = wrap("Relations with the state", 14.0, 130.0, 2);
        assert_eq!(lines, vec!["Relations with", "the state"]);
        assert!(!cut);
        let (lines, cut) = wrap("Relations with the state", 14.0, 100.0, 2);
        assert_eq!(lines, vec!["Relations", "with the…"]);
        assert!(cut);
        let (lines, cut) = wrap("资金来源多样性与可持续性", 14.0, 70.0, 2);
        assert_eq!(lines, vec!["资金来源多", "样性与可…"]);
        assert!(cut);
        assert_eq!(shorten("ks_1", 14.0, 100.0), ("ks_1".to_string(), false));
        let (s, cut) = shorten("北京善源伙伴乡村发展基金会", 14.0, 100.0);
        assert!(cut && s.ends_with('…') && text_extent(&s, 14.0) <= 100.0, "{s}");
        // A word longer than a line is broken inside.
        let (lines, _) = wrap("Professionalization", 10.0, 60.0, 3);
        assert_eq!(lines, ["Profess-", "ionaliz-", "ation"]);
        // Lines as even as their number allows: no lone last character.
        assert_eq!(wrap("与政府的关系", 14.0, 70.0, 2).0, ["与政府", "的关系"]);
        // A name breaks between its parts (place, name, field, kind) when they fit the lines,
        // else between characters rather than losing its end.
        assert_eq!(
            wrap("上海启明之家社区发展志愿团队", 14.0, 120.0, 2),
            (vec!["上海启明之家社区".into(), "发展志愿团队".into()], false)
        );
        assert_eq!(wrap("北京益友之家社区发展协会", 14.0, 100.0, 2).0, ["北京益友之家", "社区发展协会"]);
        assert_eq!(
            wrap("上海启明之家社区发展志愿团队", 14.0, 98.0, 2),
            (vec!["上海启明之家社".into(), "区发展志愿团队".into()], false)
        );
        assert_eq!(
            wrap("Predictability and transparency", 14.0, 130.0, 3).0,
            ["Predictability", "and", "transparency"]
        );
    }

    #[test]
    fn ticks_are_nice_numbers_that_do_not_collide() {
        let ty = Type { text: 14.0, title: 17.0 };
        let s = Scale::linear(1.0, 5.0);
        let p = Plot { left: 0, top: 0, right: 300, bottom: 100, x: s, y: s };
        let t = linear_ticks(s, false, |t| fit_across(t, |v| p.px(v), ty));
        let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5", "5.0"]);
        // Counts: whole numbers only, thinned to the room.
        let s = Scale::linear(0.0, 7.0);
        let narrow = Plot { left: 0, top: 0, right: 40, bottom: 60, x: s, y: s };
        let t = linear_ticks(s, true, |t| fit_up(t, |v| narrow.py(v), ty));
        assert_eq!(t.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(), ["0", "5"]);
        // Log axis: no "8.09.010.0".
        let s = Scale::log(1.0, 45.0);
        let p = Plot { left: 0, top: 0, right: 380, bottom: 100, x: s, y: s };
        let t = log_ticks(s, |t| fit_across(t, |v| p.px(v), ty));
        assert_eq!(t.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(), ["1", "2", "5", "10", "20"]);
        let s = Scale::log(0.004, 1.0);
        let t = log_ticks(s, |_| true);
        assert_eq!(t[0].label, "0.005");
        assert_eq!(t.last().unwrap().label, "1");
    }
}

//! Capacity charts: means with 95% CIs, box plots, histograms, diverging Likert bars, the heat
//! maps of answers and of correlations, radar profiles and the index against network position.
//!
//! Each function returns the SVG and the table behind it. Charts are [`WIDTH`] pixels wide
//! with type from the display rule ([`super::Column`]); every mark carries its numbers as a
//! tooltip.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{
    self, Cartesian, HBars, Key, MARGIN, Matrix, MatrixCell, REFERENCE, Scale, Type, end_tip, row_tip, tip,
};
use super::{ChartError, GALLERY, PALETTE, PANEL, TableData, WIDTH, cell, colour, svg};
use crate::i18n::{Lang, t};
use crate::report::format::fixed;
use crate::report::{BoxPlot, DimensionReport, RelationReport, Report};
use crate::stats::inference::ci95;

/// A category label in the language.
fn label(d: &DimensionReport, lang: Lang) -> String {
    crate::labels::dimension_name(d, lang)
}

/// Clear space, in chart pixels, between an interval's upper cap and the mean written after it:
/// at 6 the downloaded chart's numbers read as touching the caps.
const CAP_GAP: i32 = 10;

/// Stroke width of an interval's line and caps.
const CAP_STROKE: u32 = 2;

/// Horizontal bars of the dimension means with 95% confidence intervals; each mean is written
/// [`CAP_GAP`] clear of its interval's upper cap (inside the bar's base when there is no room).
pub fn means_ci(dims: &[DimensionReport], lang: Lang) -> Result<(String, TableData), ChartError> {
    let lo = dims.iter().map(|d| d.scale_min).fold(f64::INFINITY, f64::min);
    let lo = if lo.is_finite() { lo } else { 0.0 };
    let hi = dims.iter().map(|d| d.scale_max).fold(lo + 1.0, f64::max);
    let labels: Vec<String> = dims.iter().map(|d| label(d, lang)).collect();
    let cis: Vec<Option<(f64, f64)>> = dims.iter().map(|d| ci95(d.mean?, d.sd?, d.n_scored)).collect();
    let table = TableData {
        headers: vec![
            t(lang, "capacity.dimension"),
            t(lang, "capacity.n"),
            t(lang, "capacity.mean"),
            t(lang, "chart.ci_low"),
            t(lang, "chart.ci_high"),
        ],
        rows: dims
            .iter()
            .zip(&cis)
            .map(|(d, c)| {
                vec![
                    label(d, lang),
                    d.n_scored.to_string(),
                    cell(d.mean, 2, lang),
                    cell(c.map(|c| c.0), 2, lang),
                    cell(c.map(|c| c.1), 2, lang),
                ]
            })
            .collect(),
    };
    let ty = Type::new(WIDTH, GALLERY);
    let title = t(lang, "chart.means_title");
    let chart = HBars {
        title: &title,
        labels: &labels,
        x: Scale::linear(lo, hi),
        x_title: &t(lang, "chart.means_x"),
        percent: false,
        legend: vec![
            (Key::Swatch(colour(0)), t(lang, "capacity.mean")),
            (Key::Whisker, t(lang, "chart.ci95")),
        ],
    };
    let svg = draw::hbars(&chart, WIDTH, ty, |area, p, rows| {
        for (i, d) in dims.iter().enumerate() {
            let Some(mean) = d.mean else { continue };
            let (top, bottom) = rows.bar(i, 0.6);
            let cy = rows.centre(i);
            tip(area, &row_tip(&table, i))?;
            area.draw(&Rectangle::new([(p.px(lo), top), (p.px(mean), bottom)], colour(0).filled()))?;
            let mut end = p.px(mean);
            if let Some((a, b)) = cis[i] {
                let (xa, xb) = (p.px(a.max(lo)), p.px(b.min(hi)));
                let ink = BLACK.stroke_width(CAP_STROKE);
                let cap = (bottom - top) / 4;
                area.draw(&PathElement::new(vec![(xa, cy), (xb, cy)], ink))?;
                area.draw(&PathElement::new(vec![(xa, cy - cap), (xa, cy + cap)], ink))?;
                area.draw(&PathElement::new(vec![(xb, cy - cap), (xb, cy + cap)], ink))?;
                // The cap's stroke reaches half its width beyond its x.
                end = end.max(xb + CAP_STROKE as i32 / 2);
            }
            end_tip(area)?;
            let value = fixed(mean, 2);
            let at = end + CAP_GAP;
            if at + ty.width(&value) <= p.right + MARGIN - 2 {
                draw::text(area, &value, (at, cy), ty.text, (HPos::Left, VPos::Center), &BLACK)?;
            } else {
                draw::text(area, &value, (p.px(lo) + 6, cy), ty.text, (HPos::Left, VPos::Center), &WHITE)?;
            }
        }
        Ok(())
    })?;
    Ok((svg, table))
}

/// Horizontal box plots (quartiles, Tukey whiskers at 1.5 IQR, outliers as dots), one per
/// dimension.
pub fn box_plots(r: &Report, lang: Lang) -> Result<(String, TableData), ChartError> {
    let dims = &r.capacity.dimensions;
    // From the report's summaries: nothing here reads the organizations.
    let stats: Vec<Option<&BoxPlot>> = dims.iter().map(|d| d.box_plot.as_ref()).collect();
    let lo = dims.iter().map(|d| d.scale_min).fold(f64::INFINITY, f64::min);
    let lo = if lo.is_finite() { lo } else { 0.0 };
    let hi = dims.iter().map(|d| d.scale_max).fold(lo + 1.0, f64::max);
    let labels: Vec<String> = dims.iter().map(|d| label(d, lang)).collect();
    let table = TableData {
        headers: [
            "capacity.dimension",
            "chart.min_whisker",
            "chart.q1",
            "capacity.median",
            "chart.q3",
            "chart.max_whisker",
            "chart.outliers",
        ]
        .iter()
        .map(|k| t(lang, k))
        .collect(),
        rows: dims
            .iter()
            .zip(&stats)
            .map(|(d, s)| {
                let f = |x: Option<f64>| cell(x, 2, lang);
                vec![
                    label(d, lang),
                    f(s.map(|s| s.low)),
                    f(s.map(|s| s.q1)),
                    f(s.map(|s| s.median)),
                    f(s.map(|s| s.q3)),
                    f(s.map(|s| s.high)),
                    s.map_or(0, |s| s.n_outliers).to_string(),
                ]
            })
            .collect(),
    };
    let ty = Type::new(WIDTH, GALLERY);
    let title = t(lang, "chart.box_title");
    let mut legend = vec![
        (Key::Swatch(draw::tint(colour(0), 0.35)), t(lang, "chart.box_key")),
        (Key::Line(BLACK, 3), t(lang, "capacity.median")),
    ];
    if stats.iter().flatten().any(|s| !s.outliers.is_empty()) {
        legend.push((Key::Dot(colour(5), 4), t(lang, "chart.outliers")));
    }
    let chart = HBars {
        title: &title,
        labels: &labels,
        x: Scale::linear(lo, hi),
        x_title: &t(lang, "chart.score"),
        percent: false,
        legend,
    };
    let svg = draw::hbars(&chart, WIDTH, ty, |area, p, rows| {
        for (i, s) in stats.iter().enumerate() {
            let Some(s) = s else { continue };
            let (top, bottom) = rows.bar(i, 0.6);
            let cy = rows.centre(i);
            let c = colour(0);
            tip(area, &row_tip(&table, i))?;
            area.draw(&Rectangle::new([(p.px(s.q1), top), (p.px(s.q3), bottom)], c.mix(0.35).filled()))?;
            area.draw(&Rectangle::new([(p.px(s.q1), top), (p.px(s.q3), bottom)], c.stroke_width(2)))?;
            let line =
                |a: (i32, i32), b: (i32, i32), w: u32| PathElement::new(vec![a, b], BLACK.stroke_width(w));
            let cap = (bottom - top) / 4;
            let (low, high) = (p.px(s.low), p.px(s.high));
            area.draw(&line((p.px(s.median), top), (p.px(s.median), bottom), 3))?;
            area.draw(&line((low, cy), (p.px(s.q1), cy), 1))?;
            area.draw(&line((p.px(s.q3), cy), (high, cy), 1))?;
            area.draw(&line((low, cy - cap), (low, cy + cap), 1))?;
            area.draw(&line((high, cy - cap), (high, cy + cap), 1))?;
            // Each distinct outlying score once (equal ones would be drawn on top of each other).
            for x in &s.outliers {
                area.draw(&Circle::new((p.px(*x), cy), 4, colour(5).filled()))?;
            }
            end_tip(area)?;
        }
        Ok(())
    })?;
    Ok((svg, table))
}

/// Histogram of one dimension's scores over its scale (the report's bins).
pub fn histogram(d: &DimensionReport, lang: Lang) -> Result<(String, TableData), ChartError> {
    let top = d.distribution.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let (lo, hi) = (d.scale_min, d.scale_max.max(d.scale_min + 1.0));
    let title = crate::i18n::tf(lang, "chart.hist_title", &[("dimension", label(d, lang))]);
    let table = TableData {
        headers: vec![t(lang, "chart.bin_from"), t(lang, "chart.bin_to"), t(lang, "chart.organizations")],
        rows: d
            .distribution
            .iter()
            .map(|b| vec![fixed(b.lower, 2), fixed(b.upper, 2), b.count.to_string()])
            .collect(),
    };
    let ty = Type::new(WIDTH, GALLERY);
    let chart = Cartesian {
        title: &title,
        x: Scale::linear(lo, hi),
        x_integer: false,
        x_title: &t(lang, "chart.score"),
        y: Scale::linear(0.0, (top + top / 10 + 1) as f64),
        y_integer: true,
        y_title: &t(lang, "chart.organizations"),
        plot_height: 220,
        legend: Vec::new(),
    };
    let svg = draw::cartesian(&chart, WIDTH, ty, |area, p| {
        for (i, b) in d.distribution.iter().enumerate() {
            tip(area, &bin_tip(&table, i))?;
            let (x0, x1) = (p.px(b.lower), p.px(b.upper));
            area.draw(&Rectangle::new(
                [(x0 + 1, p.py(b.count as f64)), (x1 - 1, p.bottom)],
                colour(2).filled(),
            ))?;
            end_tip(area)?;
        }
        Ok(())
    })?;
    Ok((svg, table))
}

/// A histogram bar's tooltip: "from–to: count" from its table row.
pub(crate) fn bin_tip(table: &TableData, i: usize) -> String {
    match table.rows.get(i).map(Vec::as_slice) {
        Some([from, to, n]) => format!("{from}–{to}: {n}"),
        _ => row_tip(table, i),
    }
}

/// Colours of a diverging rating scale from disagreement (vermillion) through neutral (grey)
/// to agreement (blue), `k` steps.
fn diverging(k: usize, i: usize) -> RGBColor {
    let neg = (213.0, 94.0, 0.0);
    let mid = (200.0, 200.0, 200.0);
    let pos = (0.0, 114.0, 178.0);
    if k <= 1 {
        return RGBColor(mid.0 as u8, mid.1 as u8, mid.2 as u8);
    }
    let x = i as f64 / (k - 1) as f64 * 2.0 - 1.0;
    let (a, b, w) = if x < 0.0 { (mid, neg, -x) } else { (mid, pos, x) };
    let mix = |p: f64, q: f64| (p + (q - p) * w).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Diverging stacked bars of the answers to each item of a dimension, centred on the
/// neutral point (the middle answer is split across the centre line). `None` when the items
/// have no rating-scale counts. `levels` names the answers (the codebook's `levels`, such as
/// 完全不同意=1), shown beside their codes in the legend and the table.
///
/// The answers are drawn as given: a reverse-coded item's counts (kept reversed in the report,
/// as they are scored) are turned back, so that the 16% who answered 1 to "we rarely learn
/// from others" are not drawn at 5 under a title that says "answers".
pub fn likert(
    d: &DimensionReport,
    levels: &[(String, f64)],
    lang: Lang,
) -> Result<Option<(String, TableData)>, ChartError> {
    let items = &d.item_stats;
    let answered = |it: &crate::report::ItemStats| -> Vec<(f64, usize)> {
        let reversed = d.reversed.contains(&it.column);
        let given = |v: f64| if reversed { d.scale_min + d.scale_max - v } else { v };
        it.counts.iter().map(|c| (given(c.value), c.count)).collect()
    };
    let counts: Vec<Vec<(f64, usize)>> = items.iter().map(answered).collect();
    let mut values: Vec<f64> = counts.iter().flat_map(|c| c.iter().map(|(v, _)| *v)).collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    if values.is_empty() || d.item_stats.iter().all(|i| i.counts.is_empty()) {
        return Ok(None);
    }
    let k = values.len();
    let mid = (d.scale_min + d.scale_max) / 2.0;
    // Share of each value per item, in percent.
    let shares: Vec<Vec<f64>> = counts
        .iter()
        .map(|it| {
            let total: usize = it.iter().map(|(_, c)| c).sum();
            values
                .iter()
                .map(|v| {
                    let c = it.iter().find(|(w, _)| w == v).map_or(0, |(_, c)| *c);
                    if total == 0 { 0.0 } else { 100.0 * c as f64 / total as f64 }
                })
                .collect()
        })
        .collect();
    let left: Vec<f64> = shares
        .iter()
        .map(|s| {
            values
                .iter()
                .zip(s)
                .map(|(v, p)| {
                    if *v < mid {
                        *p
                    } else if *v == mid {
                        p / 2.0
                    } else {
                        0.0
                    }
                })
                .sum()
        })
        .collect();
    let extent = shares
        .iter()
        .zip(&left)
        .map(|(s, l)| l.max(s.iter().sum::<f64>() - l))
        .fold(10.0, f64::max)
        .min(100.0);
    // An answer's code and, when the codebook names it, its name: "1 完全不同意".
    let answer = |v: f64| match levels.iter().find(|(_, c)| *c == v) {
        Some((name, _)) => format!("{v} {name}"),
        None => format!("{v}"),
    };
    let mut headers = vec![t(lang, "chart.item")];
    headers.extend(values.iter().map(|v| answer(*v)));
    let rows = items
        .iter()
        .zip(&shares)
        .map(|(it, s)| {
            let mut row = vec![crate::labels::item_label(it, lang)];
            row.extend(s.iter().map(|p| format!("{}%", crate::report::format::fixed(*p, 1))));
            row
        })
        .collect();
    let table = TableData { headers, rows };

    let ty = Type::new(WIDTH, GALLERY);
    let title = crate::i18n::tf(lang, "chart.likert_title", &[("dimension", label(d, lang))]);
    let names: Vec<String> = items.iter().map(|i| crate::labels::item_label(i, lang)).collect();
    let mut legend = vec![(Key::Heading, t(lang, "chart.answer"))];
    legend.extend(values.iter().enumerate().map(|(j, v)| (Key::Swatch(diverging(k, j)), answer(*v))));
    let chart = HBars {
        title: &title,
        labels: &names,
        x: Scale::linear(-extent, extent),
        x_title: &t(lang, "chart.likert_x"),
        percent: true,
        legend,
    };
    let svg = draw::hbars(&chart, WIDTH, ty, |area, p, rows| {
        for (i, s) in shares.iter().enumerate() {
            let (top, bottom) = rows.bar(i, 0.7);
            let mut x = -left[i];
            for (j, share) in s.iter().enumerate() {
                if *share > 0.0 {
                    let tip_text = format!(
                        "{} · {} {}: {}",
                        names[i],
                        t(lang, "chart.answer"),
                        answer(values[j]),
                        table.rows[i][j + 1]
                    );
                    tip(area, &tip_text)?;
                    area.draw(&Rectangle::new(
                        [(p.px(x), top), (p.px(x + share), bottom)],
                        diverging(k, j).filled(),
                    ))?;
                    end_tip(area)?;
                }
                x += share;
            }
        }
        area.draw(&PathElement::new(vec![(p.px(0.0), p.top), (p.px(0.0), p.bottom)], BLACK.stroke_width(1)))?;
        Ok(())
    })?;
    Ok(Some((svg, table)))
}

/// Colour of an answer `w` of the way from the scale's lowest (light blue) to its highest
/// (dark blue).
fn answer_colour(w: f64) -> RGBColor {
    let (a, b) = ((222.0, 235.0, 247.0), (8.0, 48.0, 107.0));
    let w = w.clamp(0.0, 1.0);
    let mix = |p: f64, q: f64| (p + (q - p) * w).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Cells of unanswered items and undefined numbers.
const MISSING: RGBColor = RGBColor(190, 190, 190);

/// Organizations × items above which the heat map's tooltips are one per organization rather
/// than one per cell (the demo's 120 × 16 cells each have theirs; 2,000 × 40 would add 4 MB).
const CELL_TIPS_MAX: usize = 4_000;

/// Heat map of every organization's answers (rows, highest capacity index first) to every
/// item (columns, grouped by dimension): light blue is the scale's lowest answer, dark blue its
/// highest, grey unanswered. Up to 60 organizations every row is named; beyond, every 2nd,
/// 5th, 10th… row is named with its rank, and every row shows its name on hover. `None`
/// without the answers (samples above `capacity::ITEM_MATRIX_MAX_ORGS`).
pub fn item_heatmap(r: &Report, lang: Lang) -> Result<Option<(String, TableData)>, ChartError> {
    let Some(m) = &r.capacity.item_matrix else { return Ok(None) };
    let orgs = &r.capacity.organizations;
    let dims = &r.capacity.dimensions;
    if m.columns.is_empty() || m.values.is_empty() {
        return Ok(None);
    }
    let lo = dims.iter().map(|d| d.scale_min).fold(f64::INFINITY, f64::min);
    let hi = dims.iter().map(|d| d.scale_max).fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() && hi > lo { (lo, hi) } else { (0.0, 1.0) };
    let mut order: Vec<usize> = (0..m.values.len()).collect();
    let index = |o: usize| orgs.get(o).and_then(|x| x.index).unwrap_or(f64::NEG_INFINITY);
    order.sort_by(|a, b| index(*b).total_cmp(&index(*a)).then(a.cmp(b)));
    // Items in words (their keys still group them by dimension).
    let columns: Vec<String> = m.columns.iter().map(|c| crate::labels::column_label(r, c, lang)).collect();
    let TableData { headers, rows } = heatmap_table(r, &order, &columns, lang);
    let ty = Type::new(WIDTH, GALLERY);
    let w = WIDTH as i32;
    let (n, k) = (order.len(), m.columns.len());
    // Rows: a line each when every organization is named, else thin with every `every`-th named.
    let all_named = n <= 60;
    let ch = if all_named { ty.line() + 2 } else { (840 / n as i32).clamp(2, 8) };
    let every = if all_named {
        1
    } else {
        [2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]
            .into_iter()
            .find(|e| f64::from(*e * ch) >= ty.text * 1.3)
            .unwrap_or(1000) as usize
    };
    let max_name = f64::from(w) * 0.34;
    let row_label = |row: usize| -> String {
        let name = &rows[row][0];
        if all_named { name.clone() } else { format!("{}. {name}", row + 1) }
    };
    // Every `every`-th row named, and the last (the weakest) when it has room below the one
    // before: a walkthrough looked for the weakest organizations there and found no name.
    let last_named = n > 1 && f64::from(((n - 1) % every) as i32 * ch) >= ty.text * 1.3;
    let named = |row: usize| row.is_multiple_of(every) || (row + 1 == n && last_named);
    let name_w = (0..n)
        .filter(|row| named(*row))
        .map(|row| ty.width(&draw::shorten(&row_label(row), ty.text, max_name).0))
        .max()
        .unwrap_or(0);
    let left = MARGIN + name_w + 8;
    // Columns, a 3 px gap between dimensions.
    let (col_x, cw, dim_of) = heatmap_columns(r, left, w - MARGIN);
    let col_every = ((ty.text + 2.0) / f64::from(cw)).ceil().max(1.0) as usize;
    let col_h =
        columns.iter().map(|c| ty.width(&draw::shorten(c, ty.text, ITEM_LABEL_W).0)).max().unwrap_or(0);
    let title = t(lang, "chart.items_title");
    let (title_lines, title_h) = draw::title_lines(&title, WIDTH, ty);
    let (note, _) = draw::wrap(&t(lang, "chart.items_rows"), ty.text, f64::from(w - 2 * MARGIN), 3);
    let (groups, key) = item_groups(r, &dim_of, &col_x, cw, ty, lang);
    let note: Vec<String> = note.into_iter().chain(key).collect();
    let note_h = draw::block_height(note.len(), ty) + 8;
    let group_h = groups.iter().map(|g| g.lines.len()).max().map_or(0, |n| draw::block_height(n, ty) + 6);
    let top = title_h + note_h + group_h + col_h + 10;
    let legend = answer_legend(lo, hi, lang);
    let legend_w = w - 2 * MARGIN;
    let h = top + n as i32 * ch + 12 + draw::legend_height(&legend, ty, legend_w) + MARGIN;
    let cell_tips = n * k <= CELL_TIPS_MAX;
    let svg = svg(WIDTH, h as u32, |root| {
        draw::draw_title(root, &title, &title_lines, ty)?;
        let step = (ty.text * 1.2).round() as i32;
        for (i, l) in note.iter().enumerate() {
            let y = title_h + ty.text.ceil() as i32 / 2 + step * i as i32;
            draw::text(root, l, (MARGIN, y), ty.text, (HPos::Left, VPos::Center), &draw::MUTED)?;
        }
        for g in &groups {
            g.draw(root, title_h + note_h, group_h, ty)?;
        }
        for (j, c) in columns.iter().enumerate().filter(|(j, _)| j % col_every == 0) {
            let (shown, cut) = draw::shorten(c, ty.text, ITEM_LABEL_W);
            if cut {
                tip(root, c)?;
            }
            draw::text_up(root, &shown, (col_x[j] + cw / 2, top - 6), ty.text, HPos::Left, &BLACK)?;
            if cut {
                end_tip(root)?;
            }
        }
        for (row, &o) in order.iter().enumerate() {
            let y = top + row as i32 * ch;
            let name = &rows[row][0];
            if named(row) {
                draw::label(
                    root,
                    &row_label(row),
                    (left - 8, y + ch / 2),
                    ty,
                    max_name,
                    1,
                    HPos::Right,
                    &BLACK,
                )?;
            }
            if !cell_tips {
                tip(root, &format!("{}. {name} — {}: {}", row + 1, headers[1], rows[row][1]))?;
            }
            for (j, v) in m.values[o].iter().enumerate() {
                let fill = v.map_or(MISSING, |v| answer_colour((v - lo) / (hi - lo)));
                if cell_tips {
                    let value = v.map_or_else(|| t(lang, "chart.no_answer"), |v| format!("{v}"));
                    tip(root, &format!("{name} · {}: {value}", columns[j]))?;
                }
                root.draw(&Rectangle::new([(col_x[j], y), (col_x[j] + cw - 1, y + ch - 1)], fill.filled()))?;
                if cell_tips {
                    end_tip(root)?;
                }
            }
            if !cell_tips {
                end_tip(root)?;
            }
        }
        draw::legend(root, &legend, (MARGIN, top + n as i32 * ch + 12), ty, legend_w)
    })?;
    Ok(Some((svg, TableData { headers, rows })))
}

/// Widest item label over the heat map's columns (turned upwards): about fifteen CJK
/// characters, most of a survey question (at 120 px a phone walkthrough met every one cut).
const ITEM_LABEL_W: f64 = 200.0;

/// One dimension's run of columns in the heat map, named above them.
struct ItemGroup {
    x0: i32,
    x1: i32,
    lines: Vec<String>,
    cut: bool,
    full: String,
}

impl ItemGroup {
    /// The name centred over the run's columns in the band from `y` to `y + h`, underlined.
    fn draw(&self, root: &super::Area, y: i32, h: i32, ty: Type) -> Result<(), ChartError> {
        if self.cut {
            tip(root, &self.full)?;
        }
        let step = (ty.text * 1.2).round() as i32;
        for (i, l) in self.lines.iter().enumerate() {
            let at = ((self.x0 + self.x1) / 2, y + ty.text.ceil() as i32 / 2 + step * i as i32);
            draw::text(root, l, at, ty.text, (HPos::Center, VPos::Center), &BLACK)?;
        }
        if self.cut {
            end_tip(root)?;
        }
        root.draw(&PathElement::new(vec![(self.x0, y + h - 3), (self.x1, y + h - 3)], draw::MUTED))?;
        Ok(())
    }
}

/// The heat map's dimensions over their columns: each run of items of one dimension, its name
/// in at most three lines as wide as the run (the items alone did not say which dimension a
/// column measures). When a name does not fit so, or would break inside a word ("Knowl-edge"
/// over three columns), every run is marked by a letter instead and the second value is the
/// key, "A Knowledge sharing · B …", as lines across the chart.
fn item_groups(
    r: &Report,
    dim_of: &[Option<usize>],
    col_x: &[i32],
    cw: i32,
    ty: Type,
    lang: Lang,
) -> (Vec<ItemGroup>, Vec<String>) {
    let dims = &r.capacity.dimensions;
    let mut out: Vec<ItemGroup> = Vec::new();
    let mut j = 0;
    while j < dim_of.len() {
        let d = dim_of[j];
        let end = (j..dim_of.len()).find(|&e| dim_of[e] != d).unwrap_or(dim_of.len());
        if let Some(d) = d {
            let (x0, x1) = (col_x[j], col_x[end - 1] + cw - 1);
            let full = crate::labels::dimension_name(&dims[d], lang);
            let width = f64::from(x1 - x0 + 2);
            let (lines, cut) = draw::wrap(&full, ty.text, width, 3);
            let cut = cut || draw::longest_word(&full, ty.text) > width;
            out.push(ItemGroup { x0, x1, lines, cut, full });
        }
        j = end;
    }
    if !out.iter().any(|g| g.cut) {
        return (out, Vec::new());
    }
    let mut key = Vec::with_capacity(out.len());
    for (i, g) in out.iter_mut().enumerate() {
        let letter = char::from(b'A' + (i % 26) as u8).to_string();
        key.push(format!("{letter} {}", g.full));
        (g.lines, g.cut) = (vec![letter], false);
    }
    // Packed entry by entry, so that a letter stays on the line of its name.
    let max_w = f64::from(WIDTH as i32 - 2 * MARGIN);
    let mut lines: Vec<String> = Vec::new();
    for entry in key {
        match lines.last_mut() {
            Some(line) if f64::from(ty.width(&format!("{line} · {entry}"))) <= max_w => {
                line.push_str(" · ");
                line.push_str(&entry);
            }
            _ => lines.push(draw::shorten(&entry, ty.text, max_w).0),
        }
    }
    (out, lines)
}

/// The heat map's data table: each organization (highest index first, as `order` lists them)
/// with its index and its answer to each item (`columns` in words).
fn heatmap_table(r: &Report, order: &[usize], columns: &[String], lang: Lang) -> TableData {
    let orgs = &r.capacity.organizations;
    let values = r.capacity.item_matrix.as_ref().map_or(&[][..], |m| m.values.as_slice());
    let mut headers = vec![t(lang, "capacity.org"), t(lang, "capacity.index")];
    headers.extend(columns.iter().cloned());
    let rows: Vec<Vec<String>> = order
        .iter()
        .map(|&o| {
            let org = orgs.get(o);
            let mut row = vec![
                org.map(|x| x.name.clone()).unwrap_or_default(),
                cell(org.and_then(|x| x.index), 1, lang),
            ];
            row.extend(values[o].iter().map(|v| v.map(|v| format!("{v}")).unwrap_or_default()));
            row
        })
        .collect();
    TableData { headers, rows }
}

/// The heat map's columns from `left` to `right` (a 3 px gap between dimensions): their
/// positions, their width and the dimension (index) each belongs to.
fn heatmap_columns(r: &Report, left: i32, right: i32) -> (Vec<i32>, i32, Vec<Option<usize>>) {
    let dims = &r.capacity.dimensions;
    let columns = r.capacity.item_matrix.as_ref().map_or(&[][..], |m| m.columns.as_slice());
    let k = columns.len().max(1);
    let dim_of: Vec<Option<usize>> =
        columns.iter().map(|c| dims.iter().position(|d| d.items.contains(c))).collect();
    let gaps = dim_of.windows(2).filter(|p| p[0] != p[1]).count() as i32;
    let cw = ((right - left - 3 * gaps) / k as i32).clamp(3, 40);
    let mut col_x = Vec::with_capacity(k);
    let mut x = left;
    for j in 0..columns.len() {
        if j > 0 && dim_of[j] != dim_of[j - 1] {
            x += 3;
        }
        col_x.push(x);
        x += cw;
    }
    (col_x, cw, dim_of)
}

/// The heat map's legend: each answer of the scale `lo`–`hi` (whole numbers up to eleven, else
/// five steps), and grey for no answer.
fn answer_legend(lo: f64, hi: f64, lang: Lang) -> Vec<(Key, String)> {
    let steps: Vec<f64> = if hi - lo <= 10.0 && lo.fract() == 0.0 && hi.fract() == 0.0 {
        (0..=(hi - lo) as usize).map(|i| lo + i as f64).collect()
    } else {
        (0..5).map(|i| lo + (hi - lo) * i as f64 / 4.0).collect()
    };
    let mut legend = vec![(Key::Heading, t(lang, "chart.answer"))];
    legend.extend(steps.iter().map(|v| {
        (Key::Swatch(answer_colour((v - lo) / (hi - lo))), fixed(*v, if v.fract() == 0.0 { 0 } else { 1 }))
    }));
    legend.push((Key::Swatch(MISSING), t(lang, "chart.no_answer")));
    legend
}

/// Blue (negative) – white – vermillion (positive) for a correlation in −1..1.
fn correlation_colour(r: f64) -> RGBColor {
    let (a, b) = if r < 0.0 { ((0.0, 114.0, 178.0), -r) } else { ((213.0, 94.0, 0.0), r) };
    let w = b.clamp(0.0, 1.0);
    let mix = |q: f64| (255.0 + (q - 255.0) * w).round() as u8;
    RGBColor(mix(a.0), mix(a.1), mix(a.2))
}

/// Heat map of the Spearman correlations among the index, the dimensions and numeric
/// attributes, with ρ printed in each cell where it fits: the statistic of the correlation
/// table beside it (a chart of Pearson's r read .59 where the table read 0.58).
pub fn correlation_heatmap(r: &Report, lang: Lang) -> Result<Option<(String, TableData)>, ChartError> {
    let Some(c) = &r.capacity.correlations else { return Ok(None) };
    let k = c.variables.len();
    if k < 2 {
        return Ok(None);
    }
    let name = |v: &str| -> String {
        r.capacity.dimensions.iter().find(|d| d.key == v).map(|d| label(d, lang)).unwrap_or_else(|| {
            if v == "index" { t(lang, "capacity.index") } else { crate::labels::column_label(r, v, lang) }
        })
    };
    let names: Vec<String> = c.variables.iter().map(|v| name(v)).collect();
    let cells = (0..k)
        .map(|i| {
            (0..k)
                .map(|j| {
                    let v = c.spearman[i][j];
                    MatrixCell {
                        fill: v.map_or(MISSING, correlation_colour),
                        text: v.map_or("–".to_string(), |v| fixed(v, 2)),
                        short: v.map_or("–".to_string(), short_r),
                        tip: format!("{} × {}: ρ = {}", names[i], names[j], cell(v, 2, lang)),
                    }
                })
                .collect()
        })
        .collect();
    let mut legend = vec![(Key::Heading, "ρ".to_string())];
    legend.extend([-1.0, -0.5, 0.0, 0.5, 1.0].map(|v| (Key::Swatch(correlation_colour(v)), fixed(v, 1))));
    if c.spearman.iter().flatten().any(Option::is_none) {
        legend.push((Key::Swatch(MISSING), t(lang, "common.undefined")));
    }
    let title = t(lang, "chart.corr_title");
    let matrix = Matrix { title: &title, note: None, rows: &names, columns: &names, cells, legend };
    let svg = draw::matrix(&matrix, WIDTH, Type::new(WIDTH, GALLERY))?;
    let mut headers = vec![String::new()];
    headers.extend(names.iter().cloned());
    let rows = (0..k)
        .map(|i| {
            let mut row = vec![names[i].clone()];
            row.extend((0..k).map(|j| cell(c.spearman[i][j], 2, lang)));
            row
        })
        .collect();
    Ok(Some((svg, TableData { headers, rows })))
}

/// ρ without its leading zero (".45", "-.12", "1"), for narrow cells.
fn short_r(v: f64) -> String {
    let s = fixed(v, 2);
    match s.as_str() {
        "1.00" => "1".to_string(),
        "-1.00" => "-1".to_string(),
        _ => s.replacen("0.", ".", 1),
    }
}

/// A radar's geometry: centre, radius and number of axes (the first points up, the others
/// clockwise).
struct Radar {
    cx: f64,
    cy: f64,
    r: f64,
    k: usize,
}

impl Radar {
    fn angle(&self, i: usize) -> f64 {
        std::f64::consts::TAU * i as f64 / self.k as f64 - std::f64::consts::FRAC_PI_2
    }

    /// The point of axis `i` at `v` (0–100), or `extra` pixels beyond the outer ring.
    fn point(&self, i: usize, v: f64, extra: f64) -> (i32, i32) {
        let a = self.angle(i);
        let d = self.r * v / 100.0 + extra;
        ((self.cx + d * a.cos()).round() as i32, (self.cy + d * a.sin()).round() as i32)
    }

    /// Rings at 25, 50, 75 and 100 and the spokes; with `ty`, the rings' values (those a line
    /// and a half apart) between the first two spokes, clear of the profiles' dots.
    fn grid(&self, area: &super::Area, ty: Option<Type>) -> Result<(), ChartError> {
        for ring in [25.0, 50.0, 75.0, 100.0] {
            let mut pts: Vec<(i32, i32)> = (0..self.k).map(|i| self.point(i, ring, 0.0)).collect();
            pts.push(pts[0]);
            area.draw(&PathElement::new(pts, draw::GRID.stroke_width(1)))?;
        }
        for i in 0..self.k {
            area.draw(&PathElement::new(
                vec![self.point(i, 0.0, 0.0), self.point(i, 100.0, 0.0)],
                draw::GRID.stroke_width(1),
            ))?;
        }
        if let Some(ty) = ty {
            let every = if self.r / 4.0 >= 1.5 * ty.text { 25 } else { 50 };
            for ring in (every..=100).step_by(every) {
                let ((x0, y0), (x1, y1)) = (self.point(0, ring as f64, 0.0), self.point(1, ring as f64, 0.0));
                let at = ((x0 + x1) / 2, (y0 + y1) / 2);
                draw::text(area, &ring.to_string(), at, ty.text, (HPos::Center, VPos::Center), &draw::MUTED)?;
            }
        }
        Ok(())
    }

    /// The axis labels outside the outer ring, each in at most two lines `max_w` wide.
    fn labels(&self, area: &super::Area, axes: &[String], ty: Type, max_w: f64) -> Result<(), ChartError> {
        for (i, a) in axes.iter().enumerate() {
            let (x, y) = self.point(i, 100.0, 10.0);
            let (cos, sin) = (self.angle(i).cos(), self.angle(i).sin());
            let h = if cos > 0.3 {
                HPos::Left
            } else if cos < -0.3 {
                HPos::Right
            } else {
                HPos::Center
            };
            let lines = draw::wrap(a, ty.text, max_w, RADAR_LINES).0.len();
            let half = draw::block_height(lines, ty) / 2;
            let cy = if sin < -0.3 {
                y - half
            } else if sin > 0.3 {
                y + half
            } else {
                y
            };
            draw::label(area, a, (x, cy), ty, max_w, RADAR_LINES, h, &BLACK)?;
        }
        Ok(())
    }

    /// One profile: its outline (filled lightly unless `fill` is 0) and a dot at each defined
    /// value with its tooltip (`tips[i]`).
    fn profile(
        &self,
        area: &super::Area,
        values: &[Option<f64>],
        c: RGBColor,
        width: u32,
        fill: f64,
        tips: &[String],
    ) -> Result<(), ChartError> {
        let mut pts: Vec<(i32, i32)> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| self.point(i, v.clamp(0.0, 100.0), 0.0)))
            .collect();
        if pts.len() >= 2 {
            if fill > 0.0 {
                area.draw(&Polygon::new(pts.clone(), c.mix(fill).filled()))?;
            }
            pts.push(pts[0]);
            area.draw(&PathElement::new(pts, c.stroke_width(width)))?;
        }
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                tip(area, tips.get(i).map_or("", String::as_str))?;
                area.draw(&Circle::new(self.point(i, v.clamp(0.0, 100.0), 0.0), width + 1, c.filled()))?;
                end_tip(area)?;
            }
        }
        Ok(())
    }
}

/// Tooltips of a profile's vertices: "series · axis: value".
fn vertex_tips(name: &str, axes: &[String], values: &[Option<f64>], lang: Lang) -> Vec<String> {
    axes.iter().zip(values).map(|(a, v)| format!("{name} · {a}: {}", cell(*v, 1, lang))).collect()
}

/// Width of the axis labels of a radar: the widest line of each label wrapped to two lines
/// at most `max_w` wide.
fn radar_label_width(axes: &[String], ty: Type, max_w: f64) -> i32 {
    axes.iter()
        .flat_map(|a| draw::wrap(a, ty.text, max_w, RADAR_LINES).0)
        .map(|l| ty.width(&l))
        .max()
        .unwrap_or(0)
}

/// Lines of a radar's axis label at most.
const RADAR_LINES: usize = 3;

/// How wide a radar `width` pixels wide lets its axis labels be: the longest word (CJK text
/// wraps between any two characters), within 18% to 30% of the width.
fn radar_label_room(axes: &[String], ty: Type, width: u32) -> f64 {
    let word = axes.iter().map(|a| draw::longest_word(a, ty.text)).fold(0.0, f64::max);
    word.clamp(f64::from(width) * 0.18, f64::from(width) * 0.3)
}

/// Where a radar with its legend and axis labels goes under a title `title_h` high: the
/// legend's width, the room for axis labels, the radius (at most `max_r`) and the centre's
/// height. One computation for the single radar and the small multiples' key radar.
struct RadarFrame {
    legend_w: i32,
    max_label: f64,
    label_h: i32,
    top: i32,
    cy: f64,
    r: f64,
}

impl RadarFrame {
    fn new(
        axes: &[String],
        legend: &[(Key, String)],
        ty: Type,
        width: u32,
        title_h: i32,
        max_r: i32,
    ) -> Self {
        let w = width as i32;
        let legend_w = w - 2 * MARGIN;
        let legend_h = draw::legend_height(legend, ty, legend_w);
        let max_label = radar_label_room(axes, ty, width);
        let label_w = radar_label_width(axes, ty, max_label);
        let label_h = draw::block_height(RADAR_LINES, ty);
        let r = f64::from((w / 2 - MARGIN - label_w - 12).clamp(40, max_r));
        let top = title_h + legend_h + 8;
        let cy = f64::from(top + label_h + 12) + r;
        RadarFrame { legend_w, max_label, label_h, top, cy, r }
    }
}

/// A radar chart `width` pixels wide for `column`: each series is a profile of 0–100 values
/// over the dimensions, the first (the sample median) a grey outline, with a legend. Used for
/// one organization and for up to two groups (more are drawn as [`radar_multiples`]).
fn radar(
    title: &str,
    axes: &[String],
    series: &[(String, Vec<Option<f64>>)],
    width: u32,
    column: super::Column,
    lang: Lang,
) -> Result<String, ChartError> {
    let ty = Type::new(width, column);
    let w = width as i32;
    let k = axes.len();
    let (title_lines, title_h) = draw::title_lines(title, width, ty);
    let colour_of = |s: usize| if s == 0 { REFERENCE } else { colour(s - 1) };
    let legend: Vec<(Key, String)> = series
        .iter()
        .enumerate()
        .map(|(s, (name, _))| (Key::Line(colour_of(s), if s == 0 { 3 } else { 2 }), name.clone()))
        .collect();
    let RadarFrame { legend_w, max_label, label_h, top, cy, r } =
        RadarFrame::new(axes, &legend, ty, width, title_h, 150);
    let h = (cy + r) as i32 + 12 + label_h + MARGIN;
    svg(width, h as u32, |root| {
        draw::draw_title(root, title, &title_lines, ty)?;
        if k < 3 {
            draw::label(
                root,
                &t(lang, "chart.radar_needs_three"),
                (MARGIN, top + 20),
                ty,
                f64::from(legend_w),
                3,
                HPos::Left,
                &BLACK,
            )?;
            return Ok(());
        }
        draw::legend(root, &legend, (MARGIN, title_h), ty, legend_w)?;
        let radar = Radar { cx: f64::from(w) / 2.0, cy, r, k };
        radar.grid(root, Some(ty))?;
        radar.labels(root, axes, ty, max_label)?;
        for (s, (name, values)) in series.iter().enumerate() {
            let tips = vertex_tips(name, axes, values, lang);
            radar.profile(
                root,
                values,
                colour_of(s),
                if s == 0 { 3 } else { 2 },
                if s == 0 { 0.0 } else { 0.12 },
                &tips,
            )?;
        }
        Ok(())
    })
}

/// Small multiples of group profiles: a key radar of the sample median with the axis labels,
/// then one small radar per group (same axes, no labels) over the median's grey outline.
fn radar_multiples(
    title: &str,
    axes: &[String],
    median: &[Option<f64>],
    groups: &[(String, Vec<Option<f64>>)],
    lang: Lang,
) -> Result<String, ChartError> {
    let ty = Type::new(WIDTH, GALLERY);
    let w = WIDTH as i32;
    let k = axes.len();
    let (title_lines, title_h) = draw::title_lines(title, WIDTH, ty);
    let median_name = t(lang, "chart.sample_median");
    let legend = vec![
        (Key::Line(REFERENCE, 3), median_name.clone()),
        (Key::Line(colour(0), 2), t(lang, "chart.group_mean")),
    ];
    let RadarFrame { legend_w, max_label, label_h, cy: key_cy, r: key_r, .. } =
        RadarFrame::new(axes, &legend, ty, WIDTH, title_h, 90);
    let panels_top = (key_cy + key_r) as i32 + 12 + label_h + 12;
    let cols = if (w - 2 * MARGIN) / 3 >= 140 { 3 } else { 2 };
    let pw = (w - 2 * MARGIN) / cols;
    let pr = f64::from((pw / 2 - 12).min(60));
    let ph = ty.line() + 8 + 2 * pr as i32 + 16;
    let rows = groups.len().div_ceil(cols as usize) as i32;
    let h = panels_top + rows * ph + MARGIN;
    svg(WIDTH, h as u32, |root| {
        draw::draw_title(root, title, &title_lines, ty)?;
        draw::legend(root, &legend, (MARGIN, title_h), ty, legend_w)?;
        let key = Radar { cx: f64::from(w) / 2.0, cy: key_cy, r: key_r, k };
        key.grid(root, Some(ty))?;
        key.labels(root, axes, ty, max_label)?;
        key.profile(root, median, REFERENCE, 3, 0.0, &vertex_tips(&median_name, axes, median, lang))?;
        for (g, (name, values)) in groups.iter().enumerate() {
            let (col, row) = ((g % cols as usize) as i32, (g / cols as usize) as i32);
            let x0 = MARGIN + col * pw;
            let y0 = panels_top + row * ph;
            draw::label(
                root,
                name,
                (x0 + pw / 2, y0 + ty.line() / 2),
                ty,
                f64::from(pw - 8),
                1,
                HPos::Center,
                &BLACK,
            )?;
            let panel =
                Radar { cx: f64::from(x0 + pw / 2), cy: f64::from(y0 + ty.line() + 8) + pr, r: pr, k };
            panel.grid(root, None)?;
            panel.profile(root, median, REFERENCE, 2, 0.0, &vertex_tips(&median_name, axes, median, lang))?;
            // One colour for every group, the legend's: each panel is named above it (a colour
            // per panel read as a key the legend did not give).
            panel.profile(root, values, colour(0), 2, 0.2, &vertex_tips(name, axes, values, lang))?;
        }
        Ok(())
    })
}

/// Sample median of each dimension (as in the report), rescaled to 0–100.
fn median_profile(r: &Report) -> Vec<Option<f64>> {
    r.capacity.dimensions.iter().map(|d| d.median.and_then(|m| d.rescale(m))).collect()
}

/// Radar of each group's mean profile (0–100 per dimension) over the sample median.
pub fn radar_groups(r: &Report, lang: Lang) -> Result<Option<(String, TableData)>, ChartError> {
    let dims = &r.capacity.dimensions;
    let Some(group) = r.capacity.settings.group_by.clone() else { return Ok(None) };
    let profiles = group_profiles(r, &group);
    if profiles.is_empty() || dims.len() < 3 {
        return Ok(None);
    }
    let axes: Vec<String> = dims.iter().map(|d| label(d, lang)).collect();
    let median = median_profile(r);
    let title = crate::i18n::tf(
        lang,
        "chart.radar_groups_title",
        &[("group", crate::labels::column_label(r, &group, lang))],
    );
    // Up to three profiles overlaid; more as small multiples.
    let svg = if profiles.len() <= 2 {
        let mut series = vec![(t(lang, "chart.sample_median"), median.clone())];
        series.extend(profiles.iter().cloned());
        radar(&title, &axes, &series, WIDTH, GALLERY, lang)?
    } else {
        radar_multiples(&title, &axes, &median, &profiles, lang)?
    };
    let mut series = vec![(t(lang, "chart.sample_median"), median)];
    series.extend(profiles);
    Ok(Some((svg, radar_table(&axes, &series, lang))))
}

/// Each group's mean score per dimension (rescaled to 0–100), for the first groups in sorting
/// order (one colour each). Read from the report's group comparison of the attribute when it
/// has one (up to 20 groups), so the page does not re-read every organization; otherwise
/// gathered in one pass over the organizations.
fn group_profiles(r: &Report, attribute: &str) -> Vec<(String, Vec<Option<f64>>)> {
    let dims = &r.capacity.dimensions;
    if let Some(c) = r.capacity.groups.iter().find(|c| c.attribute == attribute) {
        let mut levels: Vec<&crate::report::GroupLevel> = c.levels.iter().collect();
        levels.sort_by(|a, b| a.level.cmp(&b.level));
        return levels
            .into_iter()
            .take(PALETTE.len())
            .map(|l| {
                let profile = dims
                    .iter()
                    .map(|d| l.means.get(&d.key).and_then(|m| m.mean).and_then(|m| d.rescale(m)))
                    .collect();
                (l.level.clone(), profile)
            })
            .collect();
    }
    group_profiles_from_organizations(r)
}

/// [`group_profiles`] computed from the organizations' scores.
fn group_profiles_from_organizations(r: &Report) -> Vec<(String, Vec<Option<f64>>)> {
    let dims = &r.capacity.dimensions;
    let orgs = &r.capacity.organizations;
    let groups: std::collections::BTreeSet<&str> = orgs.iter().filter_map(|o| o.group.as_deref()).collect();
    let groups: Vec<&str> = groups.into_iter().take(PALETTE.len()).collect();
    let mut values: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); dims.len()]; groups.len()];
    for o in orgs {
        let Some(g) = o.group.as_deref().and_then(|g| groups.binary_search(&g).ok()) else { continue };
        for (j, d) in dims.iter().enumerate() {
            if let Some(x) = o.scores.get(&d.key).copied().flatten() {
                values[g][j].push(x);
            }
        }
    }
    groups
        .iter()
        .zip(&values)
        .map(|(g, per_dim)| {
            let profile = dims
                .iter()
                .zip(per_dim)
                .map(|(d, v)| crate::stats::mean(v).and_then(|m| d.rescale(m)))
                .collect();
            (g.to_string(), profile)
        })
        .collect()
}

/// Width of an organization's radar: it is shown in a panel beside the organization's scores
/// ([`PANEL`]).
pub const ORG_RADAR_WIDTH: u32 = 360;

/// Radar of one organization's profile over the sample median (for the page's picker).
pub fn radar_organization(r: &Report, org: usize, lang: Lang) -> Result<(String, TableData), ChartError> {
    let dims = &r.capacity.dimensions;
    let axes: Vec<String> = dims.iter().map(|d| label(d, lang)).collect();
    let o = r.capacity.organizations.get(org);
    let profile: Vec<Option<f64>> = dims
        .iter()
        .map(|d| o.and_then(|o| o.scores.get(&d.key).copied().flatten()).and_then(|x| d.rescale(x)))
        .collect();
    let name = o.map(|o| o.name.clone()).unwrap_or_default();
    let series = vec![(t(lang, "chart.sample_median"), median_profile(r)), (name.clone(), profile)];
    let title = crate::i18n::tf(lang, "chart.radar_org_title", &[("organization", name)]);
    let svg = radar(&title, &axes, &series, ORG_RADAR_WIDTH, PANEL, lang)?;
    Ok((svg, radar_table(&axes, &series, lang)))
}

fn radar_table(axes: &[String], series: &[(String, Vec<Option<f64>>)], lang: Lang) -> TableData {
    let mut headers = vec![t(lang, "capacity.dimension")];
    headers.extend(series.iter().map(|s| s.0.clone()));
    let rows = axes
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut row = vec![a.clone()];
            row.extend(series.iter().map(|s| cell(s.1.get(i).copied().flatten(), 1, lang)));
            row
        })
        .collect();
    TableData { headers, rows }
}

/// Dots a scatter draws at most. Beyond this a seeded random sample is drawn (the line is still
/// fitted to every organization, and the data table lists them all): 100,000 dots made a 10 MB
/// SVG that held the page for a second and showed one solid blot.
pub const SCATTER_MAX: usize = 5_000;

/// Scatter of the capacity index (0–100) against in-degree in one relation, with the
/// least-squares line the report holds for it (`NetworkLink::index_on_in_degree`); also the
/// number of dots drawn and of organizations (they differ above [`SCATTER_MAX`]).
#[allow(clippy::type_complexity)]
pub fn scatter_index_degree(
    r: &Report,
    rel: &RelationReport,
    lang: Lang,
) -> Result<Option<(String, TableData, (usize, usize))>, ChartError> {
    // Respondents are the first nodes, in organization order (unless isolates were dropped:
    // then match by id).
    let by_id: std::collections::HashMap<&str, &crate::report::NodeMetrics> =
        rel.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let points: Vec<(f64, f64, String)> = r
        .capacity
        .organizations
        .iter()
        .filter_map(|o| Some((by_id.get(o.id.as_str())?.in_degree as f64, o.index?, o.name.clone())))
        .collect();
    if points.len() < 3 {
        return Ok(None);
    }
    let xy: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.1)).collect();
    let fit = r
        .capacity
        .network_links
        .iter()
        .find(|l| l.relation == rel.key)
        .and_then(|l| l.index_on_in_degree.as_ref())
        .map(|line| (line.intercept, line.slope));
    let drawn: Vec<usize> = if xy.len() > SCATTER_MAX {
        let mut chosen: Vec<usize> = (0..xy.len()).collect();
        crate::rng::Rng::new(7).shuffle(&mut chosen);
        chosen.truncate(SCATTER_MAX);
        chosen.sort_unstable();
        chosen
    } else {
        (0..xy.len()).collect()
    };
    let xmax = xy.iter().map(|p| p.0).fold(1.0, f64::max);
    let title = crate::i18n::tf(
        lang,
        "chart.scatter_title",
        &[("relation", crate::labels::relation_name(rel, lang))],
    );
    let mut rows: Vec<Vec<String>> =
        points.iter().map(|p| vec![p.2.clone(), format!("{:.0}", p.0), format!("{:.1}", p.1)]).collect();
    if let Some((a, b)) = fit {
        rows.push(vec![
            t(lang, "chart.fitted_line"),
            format!("{} + {} × x", crate::report::format::fixed(a, 2), crate::report::format::fixed(b, 3)),
            String::new(),
        ]);
    }
    let headers = vec![t(lang, "capacity.org"), t(lang, "network.in_degree"), t(lang, "capacity.index")];
    let table = TableData { headers, rows };
    let ty = Type::new(WIDTH, GALLERY);
    let mut legend = vec![(Key::Dot(draw::tint(colour(0), 0.6), 4), t(lang, "capacity.org"))];
    if fit.is_some() {
        legend.push((Key::Line(colour(5), 3), t(lang, "chart.fitted_line")));
    }
    let chart = Cartesian {
        title: &title,
        x: Scale::linear(-0.5, xmax + 0.5),
        x_integer: true,
        x_title: &t(lang, "network.in_degree"),
        y: Scale::linear(0.0, 100.0),
        y_integer: true,
        y_title: &t(lang, "capacity.index"),
        plot_height: 260,
        legend,
    };
    let svg = draw::cartesian(&chart, WIDTH, ty, |area, p| {
        for &i in &drawn {
            tip(area, &row_tip(&table, i))?;
            area.draw(&Circle::new(p.at(xy[i].0, xy[i].1), 4, colour(0).mix(0.6).filled()))?;
            end_tip(area)?;
        }
        if let Some((a, b)) = fit {
            // The line within the plot (clipped to 0–100).
            let y = |x: f64| (a + b * x).clamp(0.0, 100.0);
            let x_at = |v: f64| if b == 0.0 { None } else { Some((v - a) / b) };
            let (mut x0, mut x1) = (0.0, xmax);
            for v in [0.0, 100.0] {
                if let Some(x) = x_at(v) {
                    if b > 0.0 && v == 0.0 || b < 0.0 && v == 100.0 {
                        x0 = f64::max(x0, x);
                    } else {
                        x1 = f64::min(x1, x);
                    }
                }
            }
            if x0 < x1 {
                tip(area, &row_tip(&table, table.rows.len() - 1))?;
                area.draw(&PathElement::new(
                    vec![p.at(x0, y(x0)), p.at(x1, y(x1))],
                    colour(5).stroke_width(3),
                ))?;
                end_tip(area)?;
            }
        }
        Ok(())
    })?;
    Ok(Some((svg, table, (drawn.len(), xy.len()))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reverse-coded item is drawn as answered (its report counts mirrored), with the
    /// codebook's names of the answers.
    #[test]
    fn the_answers_chart_shows_reversed_items_as_answered_with_their_names() {
        let opts = crate::pipeline::Options::default();
        let a = crate::pipeline::run(&crate::demo::files(), &opts, &|| 0.0).unwrap();
        let r = &a.report;
        let d = r.capacity.dimensions.iter().find(|d| !d.reversed.is_empty()).unwrap();
        let levels = [("完全不同意".to_string(), 1.0), ("完全同意".to_string(), 5.0)];
        let (_, table) = likert(d, &levels, Lang::Zh).unwrap().unwrap();
        assert_eq!(table.headers[1], "1 完全不同意");
        assert_eq!(table.headers[5], "5 完全同意");
        assert_eq!(table.headers[2], "2");
        let i = d.item_stats.iter().position(|it| d.reversed.contains(&it.column)).unwrap();
        let it = &d.item_stats[i];
        let total: usize = it.counts.iter().map(|c| c.count).sum();
        let scored_5 = it.counts.iter().find(|c| c.value == 5.0).map_or(0, |c| c.count);
        // Scored 5 after reversing means answered 1.
        let share = crate::report::format::fixed(100.0 * scored_5 as f64 / total as f64, 1);
        assert_eq!(table.rows[i][1], format!("{share}%"));
        // An item kept as answered is unchanged.
        let j = (0..d.item_stats.len()).find(|j| !d.reversed.contains(&d.item_stats[*j].column)).unwrap();
        let kept = &d.item_stats[j];
        let total: usize = kept.counts.iter().map(|c| c.count).sum();
        let ones = kept.counts.iter().find(|c| c.value == 1.0).map_or(0, |c| c.count);
        assert_eq!(
            table.rows[j][1],
            format!("{}%", crate::report::format::fixed(100.0 * ones as f64 / total as f64, 1))
        );
    }

    #[test]
    fn group_profiles_from_the_report_equal_those_from_the_organizations() {
        let opts = crate::pipeline::Options::default();
        let a = crate::pipeline::run(&crate::demo::files(), &opts, &|| 0.0).unwrap();
        let r = &a.report;
        let group = r.capacity.settings.group_by.clone().unwrap();
        assert!(r.capacity.groups.iter().any(|c| c.attribute == group), "the demo compares its groups");
        let from_report = group_profiles(r, &group);
        assert!(from_report.len() >= 2);
        assert_eq!(from_report, group_profiles_from_organizations(r));
    }

    #[test]
    fn a_large_scatter_draws_a_sample_and_lists_everyone() {
        // The demo's organizations and nodes repeated under new ids, past the drawing limit.
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let mut r = a.report.clone();
        let mut rel = r.network.relations[0].clone();
        let (orgs, nodes) = (r.capacity.organizations.clone(), rel.nodes.clone());
        let copies = SCATTER_MAX / orgs.len() + 2;
        for k in 1..copies {
            r.capacity.organizations.extend(orgs.iter().cloned().map(|mut o| {
                o.id = format!("{}-{k}", o.id);
                o
            }));
            rel.nodes.extend(nodes.iter().cloned().map(|mut n| {
                n.id = format!("{}-{k}", n.id);
                n
            }));
        }
        let (svg, table, (shown, total)) = scatter_index_degree(&r, &rel, Lang::En).unwrap().unwrap();
        let (_, small_table, (small_shown, small_total)) =
            scatter_index_degree(&a.report, &a.report.network.relations[0], Lang::En).unwrap().unwrap();
        assert_eq!(small_shown, small_total, "a small scatter draws every organization");
        assert_eq!(total, small_total * copies);
        assert_eq!(shown, SCATTER_MAX);
        assert_eq!(svg.matches("<circle").count(), SCATTER_MAX + 1, "the dots drawn and the legend's");
        // Every organization is listed, plus the fitted line, whose slope is unchanged by copies.
        assert_eq!(table.rows.len(), total + 1);
        assert_eq!(table.rows.last(), small_table.rows.last());
    }

    #[test]
    fn the_fitted_line_is_the_reports_least_squares_line_through_the_dots() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let r = &a.report;
        for rel in &r.network.relations {
            let (_, table, _) = scatter_index_degree(r, rel, Lang::En).unwrap().unwrap();
            let dots: Vec<(f64, f64)> = r
                .capacity
                .organizations
                .iter()
                .filter_map(|o| Some((rel.nodes.iter().find(|n| n.id == o.id)?.in_degree as f64, o.index?)))
                .collect();
            let link = r.capacity.network_links.iter().find(|l| l.relation == rel.key).unwrap();
            let line = link.index_on_in_degree.as_ref().unwrap();
            assert_eq!(Some((line.intercept, line.slope)), crate::stats::least_squares(&dots), "{}", rel.key);
            assert_eq!(line.n, dots.len());
            assert_eq!(table.rows.len(), dots.len() + 1, "the dots and the fitted line");
        }
    }

    #[test]
    fn diverging_scale_runs_from_vermillion_through_grey_to_blue() {
        assert_eq!(diverging(5, 0), RGBColor(213, 94, 0));
        assert_eq!(diverging(5, 2), RGBColor(200, 200, 200));
        assert_eq!(diverging(5, 4), RGBColor(0, 114, 178));
    }
}

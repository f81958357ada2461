//! Capacity charts: means with 95% CIs, box plots, histograms, diverging Likert bars, the
//! correlation heat map, group radar and the index against network position.
//!
//! Each function returns the SVG and the table behind it; sizes are fixed in pixels and the
//! page scales the SVG to the screen width.

use plotters::prelude::*;

use super::{ChartError, FONT, PALETTE, TableData, cell, colour, svg, text_width};
use crate::i18n::{Lang, t};
use crate::report::{BoxPlot, DimensionReport, RelationReport, Report};
use crate::stats::inference::ci95;

/// A category label in the language.
fn label(d: &DimensionReport, lang: Lang) -> String {
    if lang.is_zh() && !d.label_zh.is_empty() { d.label_zh.clone() } else { d.label.clone() }
}

/// The label of the row centred at `y` on an axis 0..k where row i (from the top) spans
/// k − i − 1..k − i; empty between rows.
fn row_label(labels: &[String], y: f64) -> String {
    let k = labels.len() as f64;
    let i = (k - y - 0.5).round();
    if (k - y - 0.5 - i).abs() < 1e-6 && i >= 0.0 {
        labels.get(i as usize).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

/// Horizontal bars of the dimension means with 95% confidence intervals.
pub fn means_ci(dims: &[DimensionReport], lang: Lang) -> Result<(String, TableData), ChartError> {
    let k = dims.len().max(1);
    let lo = dims.iter().map(|d| d.scale_min).fold(f64::INFINITY, f64::min);
    let lo = if lo.is_finite() { lo } else { 0.0 };
    let hi = dims.iter().map(|d| d.scale_max).fold(lo + 1.0, f64::max);
    let labels: Vec<String> = dims.iter().map(|d| label(d, lang)).collect();
    let cis: Vec<Option<(f64, f64)>> = dims.iter().map(|d| ci95(d.mean?, d.sd?, d.n_scored)).collect();
    let label_area = labels.iter().map(|l| text_width(l, 14) + 16).max().unwrap_or(60).clamp(60, 280);
    let svg = svg(720, 110 + 48 * k as u32, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(t(lang, "chart.means_title"), (FONT, 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(label_area)
            .build_cartesian_2d(lo..hi, (0..(k - 1).max(1)).into_segmented())?;
        let formatter = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) if *i < k => labels.get(k - 1 - i).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .disable_y_mesh()
            .y_label_formatter(&formatter)
            .x_desc(t(lang, "chart.means_x"))
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 14))
            .draw()?;
        let (_, plot_h) = chart.plotting_area().dim_in_pixel();
        let gap = ((plot_h as f64 / (k as f64 + 1.0)) * 0.18).clamp(1.0, 10.0) as u32;
        chart.draw_series(dims.iter().enumerate().filter_map(|(i, d)| {
            let mean = d.mean?;
            let seg = k - 1 - i;
            let mut bar = Rectangle::new(
                [(lo, SegmentValue::Exact(seg)), (mean, SegmentValue::Exact(seg + 1))],
                colour(0).filled(),
            );
            bar.set_margin(gap, gap, 0, 0);
            Some(bar)
        }))?;
        // CI whiskers: a line across the bar's centre with end ticks.
        for (i, c) in cis.iter().enumerate() {
            let Some((a, b)) = c else { continue };
            let (a, b) = (a.max(lo), b.min(hi));
            let seg = k - 1 - i;
            let style = BLACK.stroke_width(2);
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(a, SegmentValue::CenterOf(seg)), (b, SegmentValue::CenterOf(seg))],
                style,
            )))?;
        }
        chart.draw_series(dims.iter().enumerate().filter_map(|(i, d)| {
            let mean = d.mean?;
            let x = cis[i].map_or(mean, |c| c.1.min(hi));
            Some(Text::new(
                format!(" {}", crate::report::format::fixed(mean, 2)),
                (x, SegmentValue::CenterOf(k - 1 - i)),
                (FONT, 13).into_font().color(&BLACK),
            ))
        }))?;
        Ok(())
    })?;
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
    Ok((svg, table))
}

/// Horizontal box plots (quartiles, Tukey whiskers at 1.5 IQR, outliers as dots), one per
/// dimension.
pub fn box_plots(r: &Report, lang: Lang) -> Result<(String, TableData), ChartError> {
    let dims = &r.capacity.dimensions;
    let k = dims.len().max(1);
    // From the report's summaries: nothing here reads the organizations.
    let stats: Vec<Option<&BoxPlot>> = dims.iter().map(|d| d.box_plot.as_ref()).collect();
    let lo = dims.iter().map(|d| d.scale_min).fold(f64::INFINITY, f64::min);
    let lo = if lo.is_finite() { lo } else { 0.0 };
    let hi = dims.iter().map(|d| d.scale_max).fold(lo + 1.0, f64::max);
    let labels: Vec<String> = dims.iter().map(|d| label(d, lang)).collect();
    let label_area = labels.iter().map(|l| text_width(l, 14) + 16).max().unwrap_or(60).clamp(60, 280);
    let svg = svg(720, 110 + 48 * k as u32, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(t(lang, "chart.box_title"), (FONT, 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(label_area)
            .build_cartesian_2d(lo..hi, 0f64..k as f64)?;
        let formatter = |y: &f64| row_label(&labels, *y);
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .disable_y_mesh()
            .y_labels(2 * k + 1)
            .y_label_formatter(&formatter)
            .x_desc(t(lang, "chart.score"))
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 14))
            .draw()?;
        for (i, s) in stats.iter().enumerate() {
            let Some(s) = s else { continue };
            let y = k as f64 - i as f64 - 0.5;
            let c = colour(0);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(s.q1, y - 0.3), (s.q3, y + 0.3)],
                c.mix(0.35).filled(),
            )))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(s.q1, y - 0.3), (s.q3, y + 0.3)],
                c.stroke_width(2),
            )))?;
            let line =
                |a: (f64, f64), b: (f64, f64), w: u32| PathElement::new(vec![a, b], BLACK.stroke_width(w));
            chart.draw_series([
                line((s.median, y - 0.3), (s.median, y + 0.3), 3),
                line((s.low, y), (s.q1, y), 1),
                line((s.q3, y), (s.high, y), 1),
                line((s.low, y - 0.15), (s.low, y + 0.15), 1),
                line((s.high, y - 0.15), (s.high, y + 0.15), 1),
            ])?;
            // Each distinct outlying score once (equal ones would be drawn on top of each other).
            chart.draw_series(s.outliers.iter().map(|x| Circle::new((*x, y), 3, colour(5).filled())))?;
        }
        Ok(())
    })?;
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
    Ok((svg, table))
}

/// Histogram of one dimension's scores over its scale (the report's bins).
pub fn histogram(d: &DimensionReport, lang: Lang) -> Result<(String, TableData), ChartError> {
    let top = d.distribution.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let (lo, hi) = (d.scale_min, d.scale_max.max(d.scale_min + 1.0));
    let title = crate::i18n::tf(lang, "chart.hist_title", &[("dimension", label(d, lang))]);
    let svg = svg(560, 340, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(48)
            .build_cartesian_2d(lo..hi, 0usize..top + top / 10 + 1)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .x_desc(t(lang, "chart.score"))
            .y_desc(t(lang, "chart.organizations"))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 13))
            .draw()?;
        chart.draw_series(d.distribution.iter().map(|b| {
            let mut r = Rectangle::new([(b.lower, 0), (b.upper, b.count)], colour(2).filled());
            r.set_margin(0, 0, 1, 1);
            r
        }))?;
        Ok(())
    })?;
    let table = TableData {
        headers: vec![t(lang, "chart.bin_from"), t(lang, "chart.bin_to"), t(lang, "chart.organizations")],
        rows: d
            .distribution
            .iter()
            .map(|b| {
                vec![
                    crate::report::format::fixed(b.lower, 2),
                    crate::report::format::fixed(b.upper, 2),
                    b.count.to_string(),
                ]
            })
            .collect(),
    };
    Ok((svg, table))
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
/// have no rating-scale counts.
pub fn likert(d: &DimensionReport, lang: Lang) -> Result<Option<(String, TableData)>, ChartError> {
    let mut values: Vec<f64> = d.item_stats.iter().flat_map(|i| i.counts.iter().map(|c| c.value)).collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    if values.is_empty() || d.item_stats.iter().all(|i| i.counts.is_empty()) {
        return Ok(None);
    }
    let k = values.len();
    let mid = (d.scale_min + d.scale_max) / 2.0;
    let items = &d.item_stats;
    let n_items = items.len();
    // Share of each value per item, in percent.
    let shares: Vec<Vec<f64>> = items
        .iter()
        .map(|it| {
            let total: usize = it.counts.iter().map(|c| c.count).sum();
            values
                .iter()
                .map(|v| {
                    let c = it.counts.iter().find(|c| c.value == *v).map_or(0, |c| c.count);
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
    let label_area = items
        .iter()
        .map(|i| text_width(&crate::labels::item_label(i, lang), 13) + 16)
        .max()
        .unwrap_or(60)
        .clamp(60, 240);
    let title = crate::i18n::tf(lang, "chart.likert_title", &[("dimension", label(d, lang))]);
    let svg = svg(720, 160 + 40 * n_items as u32, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 18))
            .margin(12)
            .margin_bottom(40)
            .x_label_area_size(40)
            .y_label_area_size(label_area)
            .build_cartesian_2d(-extent..extent, 0f64..n_items as f64)?;
        let names: Vec<String> = items.iter().map(|i| crate::labels::item_label(i, lang)).collect();
        let formatter = |y: &f64| row_label(&names, *y);
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .disable_y_mesh()
            .y_labels(2 * n_items + 1)
            .y_label_formatter(&formatter)
            .x_label_formatter(&|x: &f64| format!("{:.0}%", x.abs()))
            .x_desc(t(lang, "chart.likert_x"))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 13))
            .draw()?;
        for (i, s) in shares.iter().enumerate() {
            let y = n_items as f64 - i as f64 - 0.5;
            let mut x = -left[i];
            for (j, p) in s.iter().enumerate() {
                if *p > 0.0 {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(x, y - 0.35), (x + p, y + 0.35)],
                        diverging(k, j).filled(),
                    )))?;
                }
                x += p;
            }
        }
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, n_items as f64)],
            BLACK.stroke_width(1),
        )))?;
        // Legend: one swatch per answer value in a row under the axis title.
        let (_, h) = root.dim_in_pixel();
        let y = h as i32 - 22;
        let mut x = label_area as i32 + 12;
        root.draw(&Text::new(t(lang, "chart.answer"), (x, y), (FONT, 12).into_font().color(&BLACK)))?;
        x += text_width(&t(lang, "chart.answer"), 12) as i32 + 10;
        for (j, v) in values.iter().enumerate() {
            root.draw(&Rectangle::new([(x, y), (x + 12, y + 12)], diverging(k, j).filled()))?;
            let text = format!("{v}");
            root.draw(&Text::new(text.clone(), (x + 16, y), (FONT, 12).into_font().color(&BLACK)))?;
            x += 16 + text_width(&text, 12) as i32 + 14;
        }
        Ok(())
    })?;
    let mut headers = vec![t(lang, "chart.item")];
    headers.extend(values.iter().map(|v| format!("{v}")));
    let rows = items
        .iter()
        .zip(&shares)
        .map(|(it, s)| {
            let mut row = vec![crate::labels::item_label(it, lang)];
            row.extend(s.iter().map(|p| format!("{}%", crate::report::format::fixed(*p, 1))));
            row
        })
        .collect();
    Ok(Some((svg, TableData { headers, rows })))
}

/// Heat map of every organization's answers (rows, highest capacity index first) to every
/// item (columns, grouped by dimension): white is the scale's lowest answer, dark blue its
/// highest, grey unanswered. `None` without the answers (samples above
/// `capacity::ITEM_MATRIX_MAX_ORGS`).
pub fn item_heatmap(r: &Report, lang: Lang) -> Result<Option<(String, TableData)>, ChartError> {
    let Some(m) = &r.capacity.item_matrix else { return Ok(None) };
    let orgs = &r.capacity.organizations;
    if m.columns.is_empty() || m.values.is_empty() {
        return Ok(None);
    }
    let lo = r.capacity.dimensions.iter().map(|d| d.scale_min).fold(f64::INFINITY, f64::min);
    let hi = r.capacity.dimensions.iter().map(|d| d.scale_max).fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() && hi > lo { (lo, hi) } else { (0.0, 1.0) };
    let mut order: Vec<usize> = (0..m.values.len()).collect();
    let index = |o: usize| orgs.get(o).and_then(|x| x.index).unwrap_or(f64::NEG_INFINITY);
    order.sort_by(|a, b| index(*b).total_cmp(&index(*a)).then(a.cmp(b)));
    let k = m.columns.len();
    let cw = (640 / k as i32).clamp(8, 40);
    let ch = (900 / order.len() as i32).clamp(2, 16);
    let show_names = ch >= 12;
    let left = if show_names {
        order
            .iter()
            .filter_map(|o| orgs.get(*o))
            .map(|o| text_width(&o.name, 11) as i32 + 10)
            .max()
            .unwrap_or(60)
            .clamp(40, 220)
    } else {
        16
    };
    let top = 60;
    let bottom = m
        .columns
        .iter()
        .map(|c| text_width(&crate::labels::column_label(r, c, lang), 11) as i32)
        .max()
        .unwrap_or(40)
        .clamp(30, 140)
        + 50;
    let w = (left + cw * k as i32 + 20).max(420) as u32;
    let h = (top + ch * order.len() as i32 + bottom) as u32;
    let title = t(lang, "chart.items_title");
    let svg = svg(w, h, |root| {
        root.draw(&Text::new(title.clone(), (12, 12), (FONT, 18).into_font().color(&BLACK)))?;
        root.draw(&Text::new(t(lang, "chart.items_rows"), (12, 38), (FONT, 12).into_font().color(&BLACK)))?;
        for (row, &o) in order.iter().enumerate() {
            let y = top + row as i32 * ch;
            if show_names && let Some(org) = orgs.get(o) {
                let name: String = org.name.chars().take(18).collect();
                root.draw(&Text::new(name, (4, y), (FONT, 11).into_font().color(&BLACK)))?;
            }
            for (j, v) in m.values[o].iter().enumerate() {
                let x = left + j as i32 * cw;
                let fill = match v {
                    Some(v) => {
                        let w = ((v - lo) / (hi - lo)).clamp(0.0, 1.0);
                        let mix = |q: f64| (255.0 + (q - 255.0) * w).round() as u8;
                        RGBColor(mix(0.0), mix(76.0), mix(140.0))
                    }
                    None => RGBColor(200, 200, 200),
                };
                root.draw(&Rectangle::new([(x, y), (x + cw - 1, y + ch - 1)], fill.filled()))?;
            }
        }
        let y = top + order.len() as i32 * ch + 6;
        for (j, c) in m.columns.iter().enumerate() {
            let x = left + j as i32 * cw + cw / 2 - 5;
            let style = (FONT, 11).into_font().transform(FontTransform::Rotate90).color(&BLACK);
            root.draw(&Text::new(crate::labels::column_label(r, c, lang), (x, y), style))?;
        }
        Ok(())
    })?;
    let mut headers = vec![t(lang, "capacity.org"), t(lang, "capacity.index")];
    headers.extend(m.columns.iter().map(|c| crate::labels::column_label(r, c, lang)));
    let rows = order
        .iter()
        .map(|&o| {
            let org = orgs.get(o);
            let mut row = vec![
                org.map(|x| x.name.clone()).unwrap_or_default(),
                cell(org.and_then(|x| x.index), 1, lang),
            ];
            row.extend(m.values[o].iter().map(|v| v.map(|v| format!("{v}")).unwrap_or_default()));
            row
        })
        .collect();
    Ok(Some((svg, TableData { headers, rows })))
}

/// Blue (negative) – white – vermillion (positive) for a correlation in −1..1.
fn correlation_colour(r: f64) -> RGBColor {
    let (a, b) = if r < 0.0 { ((0.0, 114.0, 178.0), -r) } else { ((213.0, 94.0, 0.0), r) };
    let w = b.clamp(0.0, 1.0);
    let mix = |q: f64| (255.0 + (q - 255.0) * w).round() as u8;
    RGBColor(mix(a.0), mix(a.1), mix(a.2))
}

/// Heat map of the Pearson correlations among the index, the dimensions and numeric
/// attributes, with r printed in each cell.
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
    let cellpx = (520 / k as i32).clamp(28, 70);
    let left = names.iter().map(|n| text_width(n, 13) as i32 + 12).max().unwrap_or(60).clamp(60, 220);
    let top = 70;
    let w = (left + cellpx * k as i32 + 30).max(360) as u32;
    let h = (top + cellpx * k as i32 + 40 + left) as u32;
    let svg = svg(w, h, |root| {
        root.draw(&Text::new(t(lang, "chart.corr_title"), (12, 12), (FONT, 18).into_font().color(&BLACK)))?;
        for i in 0..k {
            let y = top + i as i32 * cellpx;
            root.draw(&Text::new(
                names[i].clone(),
                (8, y + cellpx / 2 - 7),
                (FONT, 13).into_font().color(&BLACK),
            ))?;
            for j in 0..k {
                let x = left + j as i32 * cellpx;
                let v = c.pearson[i][j];
                let fill = v.map_or(RGBColor(235, 235, 235), correlation_colour);
                root.draw(&Rectangle::new([(x, y), (x + cellpx - 1, y + cellpx - 1)], fill.filled()))?;
                let text = v.map_or("–".to_string(), |v| crate::report::format::fixed(v, 2));
                let ink = if v.is_some_and(|v| v.abs() > 0.6) { WHITE } else { BLACK };
                root.draw(&Text::new(text, (x + 4, y + cellpx / 2 - 6), (FONT, 11).into_font().color(&ink)))?;
            }
        }
        // Column labels below the grid, rotated.
        for (j, n) in names.iter().enumerate() {
            let x = left + j as i32 * cellpx + cellpx / 2 - 6;
            let y = top + k as i32 * cellpx + 8;
            let style = (FONT, 13).into_font().transform(FontTransform::Rotate90).color(&BLACK);
            root.draw(&Text::new(n.clone(), (x, y), style))?;
        }
        Ok(())
    })?;
    let mut headers = vec![String::new()];
    headers.extend(names.iter().cloned());
    let rows = (0..k)
        .map(|i| {
            let mut row = vec![names[i].clone()];
            row.extend((0..k).map(|j| cell(c.pearson[i][j], 2, lang)));
            row
        })
        .collect();
    Ok(Some((svg, TableData { headers, rows })))
}

/// A radar chart: each series is a polygon of 0–100 values over the dimensions.
pub fn radar(
    title: &str,
    axes: &[String],
    series: &[(String, Vec<Option<f64>>)],
    lang: Lang,
) -> Result<String, ChartError> {
    let k = axes.len();
    let (w, h) = (720u32, 560u32);
    svg(w, h, |root| {
        root.draw(&Text::new(title.to_string(), (12, 12), (FONT, 18).into_font().color(&BLACK)))?;
        if k < 3 {
            root.draw(&Text::new(
                t(lang, "chart.radar_needs_three"),
                (12, 60),
                (FONT, 14).into_font().color(&BLACK),
            ))?;
            return Ok(());
        }
        // Room on the left for axis labels, on the right for the legend.
        let (cx, cy, rad) = (300.0, h as f64 / 2.0 + 20.0, 180.0);
        let point = |i: usize, v: f64| -> (i32, i32) {
            let a = std::f64::consts::TAU * i as f64 / k as f64 - std::f64::consts::FRAC_PI_2;
            ((cx + rad * v / 100.0 * a.cos()) as i32, (cy + rad * v / 100.0 * a.sin()) as i32)
        };
        for ring in [25.0, 50.0, 75.0, 100.0] {
            let mut pts: Vec<(i32, i32)> = (0..k).map(|i| point(i, ring)).collect();
            pts.push(pts[0]);
            root.draw(&PathElement::new(pts, RGBColor(200, 200, 200).stroke_width(1)))?;
            let (x, y) = point(0, ring);
            root.draw(&Text::new(
                format!("{ring:.0}"),
                (x + 4, y),
                (FONT, 10).into_font().color(&RGBColor(110, 110, 110)),
            ))?;
        }
        for (i, a) in axes.iter().enumerate() {
            root.draw(&PathElement::new(
                vec![point(i, 0.0), point(i, 100.0)],
                RGBColor(200, 200, 200).stroke_width(1),
            ))?;
            let (x, y) = point(i, 112.0);
            let dx = if x < cx as i32 - 5 {
                -(text_width(a, 12) as i32)
            } else if (x - cx as i32).abs() <= 5 {
                -(text_width(a, 12) as i32) / 2
            } else {
                0
            };
            root.draw(&Text::new(a.clone(), ((x + dx).max(4), y - 6), (FONT, 12).into_font().color(&BLACK)))?;
        }
        for (s, (name, values)) in series.iter().enumerate() {
            let c = if s == 0 { RGBColor(60, 60, 60) } else { colour(s - 1) };
            let mut pts: Vec<(i32, i32)> = values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| point(i, v.clamp(0.0, 100.0))))
                .collect();
            if pts.len() >= 2 {
                if s > 0 {
                    root.draw(&Polygon::new(pts.clone(), c.mix(0.12).filled()))?;
                }
                pts.push(pts[0]);
                let width = if s == 0 { 3 } else { 2 };
                root.draw(&PathElement::new(pts, c.stroke_width(width)))?;
            }
            // Legend on the right.
            let ly = 50 + 20 * s as i32;
            root.draw(&Rectangle::new([(w as i32 - 150, ly), (w as i32 - 138, ly + 12)], c.filled()))?;
            let short: String = name.chars().take(16).collect();
            root.draw(&Text::new(short, (w as i32 - 132, ly), (FONT, 12).into_font().color(&BLACK)))?;
        }
        Ok(())
    })
}

/// A dimension score rescaled to 0–100 on its scale.
fn rescale(d: &DimensionReport, x: f64) -> Option<f64> {
    (d.scale_max > d.scale_min).then(|| (x - d.scale_min) / (d.scale_max - d.scale_min) * 100.0)
}

/// Sample median of each dimension (as in the report), rescaled to 0–100.
fn median_profile(r: &Report) -> Vec<Option<f64>> {
    r.capacity.dimensions.iter().map(|d| d.median.and_then(|m| rescale(d, m))).collect()
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
    let mut series = vec![(t(lang, "chart.sample_median"), median_profile(r))];
    series.extend(profiles);
    let title = crate::i18n::tf(
        lang,
        "chart.radar_groups_title",
        &[("group", crate::labels::column_label(r, &group, lang))],
    );
    let svg = radar(&title, &axes, &series, lang)?;
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
                    .map(|d| l.means.get(&d.key).and_then(|m| m.mean).and_then(|m| rescale(d, m)))
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
                .map(|(d, v)| crate::stats::mean(v).and_then(|m| rescale(d, m)))
                .collect();
            (g.to_string(), profile)
        })
        .collect()
}

/// Radar of one organization's profile over the sample median (for the page's picker).
pub fn radar_organization(r: &Report, org: usize, lang: Lang) -> Result<(String, TableData), ChartError> {
    let dims = &r.capacity.dimensions;
    let axes: Vec<String> = dims.iter().map(|d| label(d, lang)).collect();
    let o = r.capacity.organizations.get(org);
    let profile: Vec<Option<f64>> = dims
        .iter()
        .map(|d| o.and_then(|o| o.scores.get(&d.key).copied().flatten()).and_then(|x| rescale(d, x)))
        .collect();
    let name = o.map(|o| o.name.clone()).unwrap_or_default();
    let series = vec![(t(lang, "chart.sample_median"), median_profile(r)), (name.clone(), profile)];
    let title = crate::i18n::tf(lang, "chart.radar_org_title", &[("organization", name)]);
    let svg = radar(&title, &axes, &series, lang)?;
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
    let drawn: Vec<(f64, f64)> = if xy.len() > SCATTER_MAX {
        let mut chosen: Vec<usize> = (0..xy.len()).collect();
        crate::rng::Rng::new(7).shuffle(&mut chosen);
        chosen.truncate(SCATTER_MAX);
        chosen.sort_unstable();
        chosen.into_iter().map(|i| xy[i]).collect()
    } else {
        xy.clone()
    };
    let xmax = xy.iter().map(|p| p.0).fold(1.0, f64::max);
    let title = crate::i18n::tf(
        lang,
        "chart.scatter_title",
        &[("relation", crate::labels::relation_name(rel, lang))],
    );
    let svg = svg(640, 420, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(-0.5..xmax + 0.5, 0f64..100f64)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .x_desc(t(lang, "network.in_degree"))
            .y_desc(t(lang, "capacity.index"))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 13))
            .draw()?;
        chart.draw_series(drawn.iter().map(|p| Circle::new(*p, 4, colour(0).mix(0.6).filled())))?;
        if let Some((a, b)) = fit {
            chart
                .draw_series(LineSeries::new([(0.0, a), (xmax, a + b * xmax)], colour(5).stroke_width(3)))?;
        }
        Ok(())
    })?;
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
    Ok(Some((svg, TableData { headers, rows }, (drawn.len(), xy.len()))))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(svg.matches("<circle").count(), SCATTER_MAX);
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

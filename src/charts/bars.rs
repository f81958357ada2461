//! Horizontal bar chart of dimension means.

use plotters::prelude::*;

use super::{ChartError, FONT, PALETTE};
use crate::i18n::{Lang, t};
use crate::report::DimensionReport;

/// Bar chart of each dimension's mean score on its scale, first dimension on top.
///
/// # Errors
/// [`ChartError`] when plotters fails to draw.
pub fn dimension_means(dims: &[DimensionReport], lang: Lang) -> Result<String, ChartError> {
    let k = dims.len().max(1);
    let width = 720u32;
    let height = 110 + 48 * k as u32;
    // Bars start at the lowest scale point (1 on a 1–5 Likert scale), not at 0.
    let lo = dims.iter().map(|d| d.scale_min).fold(f64::INFINITY, f64::min);
    let lo = if lo.is_finite() { lo } else { 0.0 };
    let hi = dims.iter().map(|d| d.scale_max).fold(lo + 1.0, f64::max);
    let labels: Vec<String> =
        dims.iter().map(|d| if lang.is_zh() { d.label_zh.clone() } else { d.label.clone() }).collect();
    let label_area = labels
        .iter()
        .map(|l| l.chars().map(|c| if c.is_ascii() { 8 } else { 15 }).sum::<u32>())
        .max()
        .unwrap_or(60)
        .clamp(60, 260);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(t(lang, "chart.means_title"), (FONT, 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(label_area)
            // plotters' integer ranges include their end, so 0..k−1 gives exactly k segments
            // (a single dimension keeps two, as an empty range cannot be drawn).
            .build_cartesian_2d(lo..hi, (0..(k - 1).max(1)).into_segmented())?;
        let formatter = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) if *i < k => labels.get(k - 1 - i).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_label_formatter(&formatter)
            .x_desc(t(lang, "chart.means_x"))
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 14))
            .draw()?;
        // Leave a gap between bars that scales with the room each bar gets.
        let (_, plot_h) = chart.plotting_area().dim_in_pixel();
        let gap = ((plot_h as f64 / (k as f64 + 1.0)) * 0.18).clamp(1.0, 10.0) as u32;
        let (r, g, b) = PALETTE[0];
        chart.draw_series(dims.iter().enumerate().filter_map(|(i, d)| {
            let mean = d.mean?;
            let seg = k - 1 - i;
            let mut bar = Rectangle::new(
                [(lo, SegmentValue::Exact(seg)), (mean, SegmentValue::Exact(seg + 1))],
                RGBColor(r, g, b).filled(),
            );
            bar.set_margin(gap, gap, 0, 0);
            Some(bar)
        }))?;
        chart.draw_series(dims.iter().enumerate().filter_map(|(i, d)| {
            let mean = d.mean?;
            let seg = k - 1 - i;
            Some(Text::new(
                format!("{mean:.2}"),
                (mean, SegmentValue::CenterOf(seg)),
                (FONT, 13).into_font().color(&BLACK),
            ))
        }))?;
        root.present()?;
    }
    Ok(svg)
}

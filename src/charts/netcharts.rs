//! Network charts: degree distribution (CCDF on log–log axes), betweenness distribution,
//! community sizes and the mixing matrix of an attribute.

use plotters::prelude::*;

use super::{ChartError, FONT, PALETTE, TableData, colour, svg, text_width};
use crate::i18n::{Lang, t, tf};
use crate::network::node_metric::NodeMetric;
use crate::report::{Mixing, RelationReport};

/// The complementary cumulative distribution P(D ≥ d) of total degree, for d ≥ 1.
pub fn ccdf(degrees: &[usize]) -> Vec<(usize, f64)> {
    let n = degrees.len();
    if n == 0 {
        return Vec::new();
    }
    let max = degrees.iter().copied().max().unwrap_or(0);
    let mut count = vec![0usize; max + 2];
    for &d in degrees {
        count[d] += 1;
    }
    let mut out = Vec::new();
    let mut at_least = n;
    for (d, c) in count.iter().enumerate().take(max + 1) {
        if d >= 1 && *c > 0 {
            out.push((d, at_least as f64 / n as f64));
        }
        at_least -= c;
    }
    out
}

/// Degree distribution as a CCDF on log–log axes (heavy tails show as a straight-ish line).
/// `None` without ties.
pub fn degree_ccdf(rel: &RelationReport, lang: Lang) -> Result<Option<(String, TableData)>, ChartError> {
    let degrees: Vec<usize> = rel.nodes.iter().map(|n| n.degree).collect();
    let points = ccdf(&degrees);
    if points.is_empty() {
        return Ok(None);
    }
    let xmax = points.iter().map(|p| p.0).max().unwrap_or(1).max(2) as f64;
    let ymin = points.iter().map(|p| p.1).fold(1.0, f64::min).min(0.5);
    let title = tf(lang, "chart.degree_title", &[("relation", crate::labels::relation_name(rel, lang))]);
    let svg = svg(560, 380, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d((1f64..xmax * 1.2).log_scale(), (ymin * 0.8..1.05f64).log_scale())?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .x_desc(t(lang, "chart.degree_x"))
            .y_desc(t(lang, "chart.degree_y"))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 13))
            .draw()?;
        chart.draw_series(points.iter().map(|(d, p)| Circle::new((*d as f64, *p), 4, colour(0).filled())))?;
        chart.draw_series(LineSeries::new(
            points.iter().map(|(d, p)| (*d as f64, *p)),
            colour(0).stroke_width(1),
        ))?;
        Ok(())
    })?;
    let table = TableData {
        headers: vec![t(lang, "chart.degree_x"), t(lang, "chart.degree_y")],
        rows: points.iter().map(|(d, p)| vec![d.to_string(), format!("{p:.4}")]).collect(),
    };
    Ok(Some((svg, table)))
}

/// Centralities with a distribution chart.
pub const CENTRALITIES: [NodeMetric; 3] =
    [NodeMetric::Betweenness, NodeMetric::PageRank, NodeMetric::Closeness];

/// Histogram of a centrality (any node metric) in ten equal bins from 0 to the maximum.
/// `None` when no node has a value (e.g. closeness skipped on very large graphs).
pub fn centrality_histogram(
    rel: &RelationReport,
    metric: NodeMetric,
    lang: Lang,
) -> Result<Option<(String, TableData)>, ChartError> {
    let values: Vec<f64> = rel.nodes.iter().filter_map(|n| metric.get(n)).collect();
    if values.is_empty() {
        return Ok(None);
    }
    let axis = metric.label_key();
    let max = values.iter().copied().fold(0.0, f64::max);
    let bins = 10usize;
    let width = if max > 0.0 { max / bins as f64 } else { 1.0 };
    let mut counts = vec![0usize; bins];
    for v in &values {
        let b = ((v / width) as usize).min(bins - 1);
        counts[b] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(0).max(1);
    let title = tf(
        lang,
        "chart.centrality_title",
        &[("metric", t(lang, axis)), ("relation", crate::labels::relation_name(rel, lang))],
    );
    let svg = svg(560, 360, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..width * bins as f64, 0usize..top + top / 10 + 1)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .x_desc(t(lang, axis))
            .y_desc(t(lang, "chart.organizations"))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 13))
            .draw()?;
        chart.draw_series(counts.iter().enumerate().map(|(i, c)| {
            let mut r =
                Rectangle::new([(i as f64 * width, 0), ((i + 1) as f64 * width, *c)], colour(1).filled());
            r.set_margin(0, 0, 1, 1);
            r
        }))?;
        Ok(())
    })?;
    let table = TableData {
        headers: vec![t(lang, "chart.bin_from"), t(lang, "chart.bin_to"), t(lang, "chart.organizations")],
        rows: counts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                vec![
                    format!("{:.4}", i as f64 * width),
                    format!("{:.4}", (i + 1) as f64 * width),
                    c.to_string(),
                ]
            })
            .collect(),
    };
    Ok(Some((svg, table)))
}

/// Bars of community sizes (largest 20), coloured as in the network diagram.
pub fn community_sizes(rel: &RelationReport, lang: Lang) -> Result<(String, TableData), ChartError> {
    let k = rel.nodes.iter().map(|n| n.community + 1).max().unwrap_or(0);
    let mut sizes = vec![0usize; k];
    rel.nodes.iter().for_each(|n| sizes[n.community] += 1);
    let shown: Vec<usize> = sizes.iter().copied().take(20).collect();
    let top = shown.iter().copied().max().unwrap_or(0).max(1);
    let title = tf(lang, "chart.communities_title", &[("relation", crate::labels::relation_name(rel, lang))]);
    let bars = shown.len().max(1);
    let svg = svg(560, 360, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d((1..bars).into_segmented(), 0usize..top + top / 10 + 1)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .disable_x_mesh()
            .x_desc(t(lang, "network.community"))
            .y_desc(t(lang, "chart.organizations"))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 13))
            .draw()?;
        chart.draw_series(shown.iter().enumerate().map(|(i, s)| {
            let c = if i < PALETTE.len() { colour(i) } else { RGBColor(150, 150, 150) };
            let mut r = Rectangle::new(
                [(SegmentValue::Exact(i + 1), 0), (SegmentValue::Exact(i + 2), *s)],
                c.filled(),
            );
            r.set_margin(0, 0, 3, 3);
            r
        }))?;
        Ok(())
    })?;
    let table = TableData {
        headers: vec![t(lang, "network.community"), t(lang, "chart.organizations")],
        rows: sizes.iter().enumerate().map(|(i, s)| vec![(i + 1).to_string(), s.to_string()]).collect(),
    };
    Ok((svg, table))
}

/// Heat map of ties from each group (rows) to each group (columns). `None` below two groups.
pub fn mixing_heatmap(
    m: &Mixing,
    relation: &str,
    lang: Lang,
) -> Result<Option<(String, TableData)>, ChartError> {
    let k = m.groups.len();
    if !(2..=30).contains(&k) {
        return Ok(None);
    }
    let max = m.matrix.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let cellpx = (480 / k as i32).clamp(22, 64);
    let left = m.groups.iter().map(|g| text_width(g, 13) as i32 + 12).max().unwrap_or(40).clamp(40, 200);
    let top = 80;
    let w = (left + cellpx * k as i32 + 30).max(380) as u32;
    let h = (top + cellpx * k as i32 + left + 30) as u32;
    let title = tf(
        lang,
        "chart.mixing_title",
        &[("relation", relation.to_string()), ("attribute", m.attribute.clone())],
    );
    let svg = svg(w, h, |root| {
        root.draw(&Text::new(title.clone(), (12, 12), (FONT, 18).into_font().color(&BLACK)))?;
        root.draw(&Text::new(t(lang, "chart.mixing_rows"), (12, 40), (FONT, 12).into_font().color(&BLACK)))?;
        for i in 0..k {
            let y = top + i as i32 * cellpx;
            root.draw(&Text::new(
                m.groups[i].clone(),
                (8, y + cellpx / 2 - 7),
                (FONT, 13).into_font().color(&BLACK),
            ))?;
            for j in 0..k {
                let x = left + j as i32 * cellpx;
                let v = m.matrix[i][j];
                let w = v as f64 / max;
                let mix = |q: f64| (255.0 + (q - 255.0) * w).round() as u8;
                let fill = RGBColor(mix(0.0), mix(114.0), mix(178.0));
                root.draw(&Rectangle::new([(x, y), (x + cellpx - 1, y + cellpx - 1)], fill.filled()))?;
                let ink = if w > 0.6 { WHITE } else { BLACK };
                root.draw(&Text::new(
                    v.to_string(),
                    (x + 4, y + cellpx / 2 - 6),
                    (FONT, 11).into_font().color(&ink),
                ))?;
            }
        }
        for (j, g) in m.groups.iter().enumerate() {
            let x = left + j as i32 * cellpx + cellpx / 2 - 6;
            let style = (FONT, 13).into_font().transform(FontTransform::Rotate90).color(&BLACK);
            root.draw(&Text::new(g.clone(), (x, top + k as i32 * cellpx + 8), style))?;
        }
        Ok(())
    })?;
    let mut headers = vec![String::new()];
    headers.extend(m.groups.iter().cloned());
    let rows = (0..k)
        .map(|i| {
            let mut row = vec![m.groups[i].clone()];
            row.extend(m.matrix[i].iter().map(|v| v.to_string()));
            row
        })
        .collect();
    Ok(Some((svg, TableData { headers, rows })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ccdf_by_hand() {
        // Degrees 0, 1, 1, 2, 4: P(D ≥ 1) = 4/5, P(D ≥ 2) = 2/5, P(D ≥ 4) = 1/5.
        assert_eq!(ccdf(&[0, 1, 1, 2, 4]), vec![(1, 0.8), (2, 0.4), (4, 0.2)]);
        assert!(ccdf(&[]).is_empty());
    }
}

//! Network charts: degree distribution (CCDF on log–log axes), betweenness distribution,
//! community sizes and the mixing matrix of an attribute; [`super::WIDTH`] wide, type from the
//! display rule, every mark with its numbers as a tooltip.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{self, Cartesian, Key, Matrix, MatrixCell, Scale, Type, end_tip, row_tip, tip};
use super::{ChartError, GALLERY, TableData, WIDTH, colour};
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
    let table = TableData {
        headers: vec![t(lang, "chart.degree_x"), t(lang, "chart.degree_y")],
        rows: points.iter().map(|(d, p)| vec![d.to_string(), format!("{p:.4}")]).collect(),
    };
    let chart = Cartesian {
        title: &title,
        x: Scale::log(0.8, xmax * 1.25),
        x_integer: true,
        x_title: &t(lang, "chart.degree_x"),
        y: Scale::log(ymin * 0.8, 1.25),
        y_integer: false,
        y_title: &t(lang, "chart.degree_y"),
        plot_height: 240,
        legend: Vec::new(),
    };
    let svg = draw::cartesian(&chart, WIDTH, Type::new(WIDTH, GALLERY), |area, p| {
        let line: Vec<(i32, i32)> = points.iter().map(|(d, q)| p.at(*d as f64, *q)).collect();
        area.draw(&PathElement::new(line, colour(0).stroke_width(1)))?;
        for (i, (d, q)) in points.iter().enumerate() {
            tip(area, &row_tip(&table, i))?;
            area.draw(&Circle::new(p.at(*d as f64, *q), 4, colour(0).filled()))?;
            end_tip(area)?;
        }
        Ok(())
    })?;
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
    let chart = Cartesian {
        title: &title,
        x: Scale::linear(0.0, width * bins as f64),
        x_integer: false,
        x_title: &t(lang, axis),
        y: Scale::linear(0.0, (top + top / 10 + 1) as f64),
        y_integer: true,
        y_title: &t(lang, "chart.organizations"),
        plot_height: 220,
        legend: Vec::new(),
    };
    let svg = draw::cartesian(&chart, WIDTH, Type::new(WIDTH, GALLERY), |area, p| {
        for (i, c) in counts.iter().enumerate() {
            tip(area, &super::capacity::bin_tip(&table, i))?;
            let (x0, x1) = (p.px(i as f64 * width), p.px((i + 1) as f64 * width));
            area.draw(&Rectangle::new([(x0 + 1, p.py(*c as f64)), (x1 - 1, p.bottom)], colour(1).filled()))?;
            end_tip(area)?;
        }
        Ok(())
    })?;
    Ok(Some((svg, table)))
}

/// Most communities whose sizes are drawn as bars by name (beyond, the largest 20 by rank,
/// their names in the data table).
pub const NAMED_BARS: usize = 12;

/// Bars of community sizes, coloured as in the network diagram: one row per community by name
/// (`labels::community_name`) up to [`NAMED_BARS`] of them, else the largest 20 by rank. The
/// organizations with no tie (each a community of its own) are one black row, "named no one and
/// named by no one" with their number, after the communities (in the table also when ranked).
pub fn community_sizes(rel: &RelationReport, lang: Lang) -> Result<(String, TableData), ChartError> {
    let k = rel.nodes.iter().map(|n| n.community + 1).max().unwrap_or(0);
    let mut sizes = vec![0usize; k];
    let mut alone = 0;
    for n in &rel.nodes {
        if super::communities::isolated(n) {
            alone += 1;
        } else {
            sizes[n.community] += 1;
        }
    }
    // Communities with ties, largest first as numbered, then the organizations alone.
    let tied: Vec<usize> = (0..k).filter(|c| sizes[*c] > 0).collect();
    let mut rows: Vec<(String, usize)> =
        tied.iter().map(|c| (crate::labels::community_name(rel, *c, lang), sizes[*c])).collect();
    if alone > 0 {
        rows.push((t(lang, "network.isolates"), alone));
    }
    let named = rows.len() <= NAMED_BARS;
    let shown: Vec<usize> = if named {
        rows.iter().map(|r| r.1).collect()
    } else {
        tied.iter().take(20).map(|c| sizes[*c]).collect()
    };
    let top = shown.iter().copied().max().unwrap_or(0).max(1);
    let title = tf(lang, "chart.communities_title", &[("relation", crate::labels::relation_name(rel, lang))]);
    let names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let table = TableData {
        headers: vec![t(lang, "network.community"), t(lang, "chart.organizations")],
        rows: rows.iter().map(|(name, s)| vec![name.clone(), s.to_string()]).collect(),
    };
    // The network diagram's colours: the community's, black for the organizations alone.
    let bar_colour = |i: usize| {
        let (r, g, b) = match tied.get(i) {
            Some(c) => super::communities::colour(*c),
            None => super::communities::ISOLATE,
        };
        RGBColor(r, g, b)
    };
    let ty = Type::new(WIDTH, GALLERY);
    if named {
        let chart = draw::HBars {
            title: &title,
            labels: &names,
            x: Scale::linear(0.0, (top + top / 10 + 1) as f64),
            x_title: &t(lang, "chart.organizations"),
            percent: false,
            legend: Vec::new(),
        };
        let svg = draw::hbars(&chart, WIDTH, ty, |area, p, rows| {
            for (i, s) in shown.iter().enumerate() {
                let (y0, y1) = rows.bar(i, 0.6);
                tip(area, &row_tip(&table, i))?;
                area.draw(&Rectangle::new([(p.px(0.0), y0), (p.px(*s as f64), y1)], bar_colour(i).filled()))?;
                end_tip(area)?;
                let (x, cy) = (p.px(*s as f64) + 6, rows.centre(i));
                draw::text(area, &s.to_string(), (x, cy), ty.text, (HPos::Left, VPos::Center), &BLACK)?;
            }
            Ok(())
        })?;
        return Ok((svg, table));
    }
    let bars = shown.len().max(1);
    let chart = Cartesian {
        title: &title,
        x: Scale::linear(0.5, bars as f64 + 0.5),
        x_integer: true,
        x_title: &t(lang, "chart.communities_by_size"),
        y: Scale::linear(0.0, (top + top / 10 + 1) as f64),
        y_integer: true,
        y_title: &t(lang, "chart.organizations"),
        plot_height: 220,
        legend: Vec::new(),
    };
    let svg = draw::cartesian(&chart, WIDTH, ty, |area, p| {
        let gap = ((p.px(1.5) - p.px(0.5)) / 6).max(1);
        for (i, s) in shown.iter().enumerate() {
            let x = i as f64 + 1.0;
            tip(area, &row_tip(&table, i))?;
            area.draw(&Rectangle::new(
                [(p.px(x - 0.5) + gap, p.py(*s as f64)), (p.px(x + 0.5) - gap, p.bottom)],
                bar_colour(i).filled(),
            ))?;
            end_tip(area)?;
        }
        Ok(())
    })?;
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
    let fill = |v: usize| draw::tint(colour(0), v as f64 / max);
    let title = tf(
        lang,
        "chart.mixing_title",
        &[("relation", relation.to_string()), ("attribute", m.attribute.clone())],
    );
    let cells = (0..k)
        .map(|i| {
            (0..k)
                .map(|j| {
                    let v = m.matrix[i][j];
                    MatrixCell {
                        fill: fill(v),
                        text: v.to_string(),
                        short: v.to_string(),
                        tip: format!("{} → {}: {v}", m.groups[i], m.groups[j]),
                    }
                })
                .collect()
        })
        .collect();
    let mut legend = vec![(Key::Heading, t(lang, "chart.ties"))];
    let top = max as usize;
    let steps: Vec<usize> =
        if top <= 4 { (0..=top).collect() } else { (0..5).map(|i| (top * i + 2) / 4).collect() };
    legend.extend(steps.into_iter().map(|v| (Key::Swatch(fill(v)), v.to_string())));
    let note = t(lang, "chart.mixing_rows");
    let matrix =
        Matrix { title: &title, note: Some(&note), rows: &m.groups, columns: &m.groups, cells, legend };
    let svg = draw::matrix(&matrix, WIDTH, Type::new(WIDTH, GALLERY))?;
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
    fn community_sizes_are_named_on_their_axis_when_they_fit() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let rel = &a.report.network.relations[0];
        assert_eq!(rel.communities.len(), 11);
        let (svg, table) = community_sizes(rel, Lang::Zh).unwrap();
        // 8 communities with ties, each a row that begins with its name (wrapped to two lines
        // where long), then the 3 organizations with no tie (communities of one) in one row,
        // not three rows of "none (no ties)".
        let alone = rel.nodes.iter().filter(|n| n.degree == 0).count();
        assert_eq!(alone, 3);
        assert_eq!(table.rows.len(), 9, "{:?}", table.rows);
        for (c, row) in table.rows[..8].iter().enumerate() {
            assert_eq!(row[0], crate::labels::community_name(rel, c, Lang::Zh));
            let size = rel.nodes.iter().filter(|n| n.community == c).count();
            assert_eq!(row[1], size.to_string());
            let first: String = row[0].chars().take(6).collect();
            assert!(svg.contains(&crate::markup::escape(&first)), "{first}");
        }
        assert_eq!(table.rows[8], vec!["未提名也未被提名的机构".to_string(), "3".to_string()]);
        let counted: usize = table.rows.iter().map(|r| r[1].parse::<usize>().unwrap()).sum();
        assert_eq!(counted, rel.nodes.len());
        assert!(!svg.contains("无（没有任何联系）") && svg.contains("未提名也未被提名的机构"), "{svg}");
        assert_eq!(svg.matches("fill=\"#000000\"").count(), 1, "one black bar");
        assert!(!svg.contains("按规模排序"), "no ranks on the axis");
        // More communities than fit: the largest 20 by rank, names in the table.
        let mut many = rel.clone();
        for (i, n) in many.nodes.iter_mut().enumerate() {
            n.community = i % (NAMED_BARS + 3);
        }
        many.communities = crate::report::community_summaries(&many.nodes);
        let (svg, table) = community_sizes(&many, Lang::Zh).unwrap();
        // (15 communities with ties, and the organizations with no tie in the last row.)
        assert!(svg.contains("按规模排序") && table.rows.len() == NAMED_BARS + 3 + 1, "{:?}", table.rows);
        assert_eq!(table.rows.last().unwrap()[0], "未提名也未被提名的机构");
        assert!(!svg.contains("fill=\"#000000\""), "no bar for them among the ranks");
    }

    #[test]
    fn ccdf_by_hand() {
        // Degrees 0, 1, 1, 2, 4: P(D ≥ 1) = 4/5, P(D ≥ 2) = 2/5, P(D ≥ 4) = 1/5.
        assert_eq!(ccdf(&[0, 1, 1, 2, 4]), vec![(1, 0.8), (2, 0.4), (4, 0.2)]);
        assert!(ccdf(&[]).is_empty());
    }
}

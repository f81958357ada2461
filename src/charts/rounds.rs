//! Charts of survey rounds compared (report `waves`): the slope chart of dimension means, each
//! organization's change with the reliable-change band, the network's added and dropped ties
//! on the earlier round's layout, and the flow of community membership.

use plotters::prelude::*;

use super::draw::{self, Cartesian, HBars, Key, Matrix, MatrixCell, Scale, Tick, Type, end_tip, tip};
use super::{ChartError, GALLERY, TableData, WIDTH, cell, colour};
use crate::i18n::{Lang, t, tf};
use crate::report::format::fixed;
use crate::report::rounds::{ChangeDiagram, DimensionChange, RelationChange, WavesReport};

/// Organizations drawn in a change chart (the most improved and most declined halves); the
/// table lists all.
pub const MAX_ROWS: usize = 40;

/// A dimension's label in the language.
pub fn dimension_label(d: &DimensionChange, lang: Lang) -> String {
    crate::labels::named_dimension(&d.key, &d.label, &d.label_zh, d.label_zh_hant.as_deref(), lang)
}

/// Colour of a reliable-change category.
fn reliable_colour(r: Option<&str>) -> RGBColor {
    match r {
        Some("improved") => colour(2),
        Some("declined") => colour(5),
        _ => RGBColor(120, 120, 120),
    }
}

/// Dimension means in every round, one line per dimension.
pub fn slope(w: &WavesReport, lang: Lang) -> Result<(String, TableData), ChartError> {
    let dims = &w.comparison.capacity.dimensions;
    let lo = dims.iter().map(|d| d.scale_min).fold(f64::INFINITY, f64::min);
    let lo = if lo.is_finite() { lo } else { 0.0 };
    let hi = dims.iter().map(|d| d.scale_max).fold(lo + 1.0, f64::max);
    let mut headers = vec![t(lang, "capacity.dimension")];
    headers.extend(w.labels.iter().cloned());
    headers.push(t(lang, "change.mean_change"));
    let rows = dims
        .iter()
        .map(|d| {
            let mut row = vec![dimension_label(d, lang)];
            row.extend(d.means.iter().map(|m| cell(*m, 2, lang)));
            row.push(cell(d.change, 2, lang));
            row
        })
        .collect();
    let table = TableData { headers, rows };
    let n = w.labels.len();
    let ty = Type::new(WIDTH, GALLERY);
    let legend =
        dims.iter().enumerate().map(|(i, d)| (Key::Line(colour(i), 3), dimension_label(d, lang))).collect();
    let title = t(lang, "change.slope_title");
    let c = Cartesian {
        title: &title,
        x: Scale::linear(-0.25, n as f64 - 0.75),
        x_integer: true,
        x_title: &t(lang, "change.round"),
        y: Scale::linear(lo, hi),
        y_integer: false,
        y_title: &t(lang, "capacity.mean"),
        plot_height: 220,
        legend,
    };
    let labels = w.labels.clone();
    let svg = draw::cartesian_with_x(&c, WIDTH, ty, labels_ticks(&labels), |area, p| {
        for (i, d) in dims.iter().enumerate() {
            tip(area, &draw::row_tip(&table, i))?;
            let pts: Vec<(i32, i32)> =
                d.means.iter().enumerate().filter_map(|(k, m)| m.map(|m| p.at(k as f64, m))).collect();
            area.draw(&PathElement::new(pts.clone(), colour(i).stroke_width(3)))?;
            for pt in pts {
                area.draw(&Circle::new(pt, 5, colour(i).filled()))?;
            }
            end_tip(area)?;
        }
        Ok(())
    })?;
    Ok((svg, table))
}

/// Ticks at 0, 1, … labelled with the rounds.
fn labels_ticks(labels: &[String]) -> Vec<Tick> {
    labels.iter().enumerate().map(|(i, l)| Tick { value: i as f64, label: l.clone() }).collect()
}

/// Each organization's change in one dimension as a dot, the band of changes within ±1.96 of
/// the reliable change index's standard error shaded.
pub fn organizations(
    w: &WavesReport,
    d: &DimensionChange,
    lang: Lang,
) -> Result<(String, TableData), ChartError> {
    let c = &w.comparison;
    let mut rows: Vec<(String, f64, Option<f64>, Option<String>)> = c
        .capacity
        .organizations
        .iter()
        .filter_map(|o| {
            let x = o.dimensions.get(&d.key)?;
            Some((o.name.clone(), x.change?, x.rci, x.reliable.clone()))
        })
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let reliable_label = |r: Option<&str>| t(lang, &format!("change.reliable_{}", r.unwrap_or("undefined")));
    let table = TableData {
        headers: vec![
            t(lang, "capacity.org"),
            t(lang, "change.change"),
            "RCI".into(),
            t(lang, "change.reliable"),
        ],
        rows: rows
            .iter()
            .map(|(n, ch, rci, r)| {
                vec![n.clone(), fixed(*ch, 2), cell(*rci, 2, lang), reliable_label(r.as_deref())]
            })
            .collect(),
    };
    let shown: Vec<usize> = if rows.len() > MAX_ROWS {
        (0..MAX_ROWS / 2).chain(rows.len() - MAX_ROWS / 2..rows.len()).collect()
    } else {
        (0..rows.len()).collect()
    };
    let band = d.rci_se.map(|s| 1.96 * s);
    let reach = shown.iter().map(|i| rows[*i].1.abs()).fold(band.unwrap_or(0.0), f64::max).max(0.5) * 1.1;
    let labels: Vec<String> = shown.iter().map(|i| rows[*i].0.clone()).collect();
    let mut legend = vec![
        (Key::Dot(reliable_colour(Some("improved")), 5), reliable_label(Some("improved"))),
        (Key::Dot(reliable_colour(Some("declined")), 5), reliable_label(Some("declined"))),
        (Key::Dot(reliable_colour(None), 5), reliable_label(Some("unchanged"))),
    ];
    if band.is_some() {
        legend.push((Key::Swatch(draw::tint(colour(4), 0.3)), t(lang, "change.band")));
    }
    let title = tf(lang, "change.orgs_title", &[("dimension", dimension_label(d, lang))]);
    let chart = HBars {
        title: &title,
        labels: &labels,
        x: Scale::linear(-reach, reach),
        x_title: &tf(
            lang,
            "change.change_axis",
            &[("from", w.labels[c.from].clone()), ("to", w.labels[c.to].clone())],
        ),
        percent: false,
        legend,
    };
    let ty = Type::new(WIDTH, GALLERY);
    let svg = draw::hbars(&chart, WIDTH, ty, |area, p, rs| {
        if let Some(b) = band {
            let fill = draw::tint(colour(4), 0.3).filled();
            area.draw(&Rectangle::new([(p.px(-b), p.top), (p.px(b), p.bottom)], fill))?;
        }
        area.draw(&PathElement::new(
            vec![(p.px(0.0), p.top), (p.px(0.0), p.bottom)],
            draw::RULE.stroke_width(1),
        ))?;
        for (row, i) in shown.iter().enumerate() {
            let (_, ch, _, r) = &rows[*i];
            tip(area, &draw::row_tip(&table, *i))?;
            let y = rs.centre(row);
            area.draw(&PathElement::new(vec![(p.px(0.0), y), (p.px(*ch), y)], draw::GRID.stroke_width(2)))?;
            area.draw(&Circle::new((p.px(*ch), y), 5, reliable_colour(r.as_deref()).filled()))?;
            end_tip(area)?;
        }
        Ok(())
    })?;
    Ok((svg, table))
}

/// Width of the change diagram.
const DIAGRAM_WIDTH: u32 = 520;

/// Tie colours: kept, added, dropped, other (an organization in one round only).
fn tie_style(status: &str) -> ShapeStyle {
    match status {
        "kept" => RGBAColor(80, 80, 80, 0.55).stroke_width(1),
        "added" => RGBAColor(0, 158, 115, 0.9).stroke_width(2),
        "dropped" => RGBAColor(213, 94, 0, 0.85).stroke_width(2),
        _ => RGBAColor(150, 150, 150, 0.35).stroke_width(1),
    }
}

/// Both rounds' ties on one layout: kept, added and dropped among organizations in both.
pub fn ties(
    w: &WavesReport,
    rel: &RelationChange,
    name: &str,
    lang: Lang,
) -> Result<Option<(String, TableData)>, ChartError> {
    let Some(d) = rel.diagram.as_ref().filter(|d| !d.names.is_empty()) else { return Ok(None) };
    let c = &w.comparison;
    let status = |s: &str| t(lang, &format!("change.tie_{s}"));
    let table = TableData {
        headers: vec![t(lang, "change.source"), t(lang, "change.target"), t(lang, "change.status")],
        rows: d
            .ties
            .iter()
            .filter(|x| x.2 != "other")
            .map(|(u, v, s)| vec![d.names[*u as usize].clone(), d.names[*v as usize].clone(), status(s)])
            .collect(),
    };
    let title = tf(
        lang,
        "change.ties_title",
        &[("relation", name.to_string()), ("from", w.labels[c.from].clone()), ("to", w.labels[c.to].clone())],
    );
    Ok(Some((diagram_svg(d, &title, lang)?, table)))
}

/// Organizations named on the change diagram: at most [`LABELLED`], those with the most added
/// and dropped ties first (then the most ties in all, then the name); the most connected when
/// no tie changed.
pub fn labelled(d: &ChangeDiagram) -> Vec<usize> {
    let mut changed = vec![0usize; d.names.len()];
    let mut degree = vec![0usize; d.names.len()];
    for (u, v, s) in &d.ties {
        for x in [*u as usize, *v as usize] {
            degree[x] += 1;
            if s == "added" || s == "dropped" {
                changed[x] += 1;
            }
        }
    }
    let mut order: Vec<usize> = (0..d.names.len()).filter(|&i| degree[i] > 0).collect();
    order.sort_by(|&a, &b| {
        changed[b].cmp(&changed[a]).then(degree[b].cmp(&degree[a])).then(d.names[a].cmp(&d.names[b]))
    });
    order.truncate(LABELLED);
    order
}

/// Organizations named on the change diagram, at most.
const LABELLED: usize = 8;

fn diagram_svg(d: &ChangeDiagram, title: &str, lang: Lang) -> Result<String, ChartError> {
    let w = DIAGRAM_WIDTH;
    let ty = Type::new(w, GALLERY);
    let node = |p: &str| match p {
        "both" => Key::Dot(RGBColor(90, 90, 90), 4),
        "later" => Key::Dot(colour(0), 5),
        _ => Key::Ring(colour(5), 4),
    };
    let legend = vec![
        (Key::Line(RGBColor(80, 80, 80), 1), t(lang, "change.tie_kept")),
        (Key::Line(RGBColor(0, 158, 115), 2), t(lang, "change.tie_added")),
        (Key::Line(RGBColor(213, 94, 0), 2), t(lang, "change.tie_dropped")),
        (Key::Line(RGBColor(170, 170, 170), 1), t(lang, "change.tie_other")),
        (node("both"), t(lang, "change.node_both")),
        (node("later"), t(lang, "change.node_later")),
        (node("earlier"), t(lang, "change.node_earlier")),
    ];
    let frame = draw::NetFrame::new(title, w, ty, &legend, 24);
    let px = |p: (f64, f64)| frame.px(p);
    super::svg(w, frame.height, |root| {
        draw::draw_title(root, title, &frame.title_lines, ty)?;
        // Other ties first, changes on top.
        for pass in ["other", "kept", "dropped", "added"] {
            for (u, v, s) in d.ties.iter().filter(|x| x.2 == pass) {
                let (a, b) = (d.positions[*u as usize], d.positions[*v as usize]);
                tip(root, &format!("{} → {}", d.names[*u as usize], d.names[*v as usize]))?;
                root.draw(&PathElement::new(vec![px(a), px(b)], tie_style(s)))?;
                end_tip(root)?;
            }
        }
        for (i, (name, p)) in d.names.iter().zip(&d.positions).enumerate() {
            tip(root, name)?;
            match d.presence[i].as_str() {
                "both" => root.draw(&Circle::new(px(*p), 4, RGBColor(90, 90, 90).filled()))?,
                "later" => root.draw(&Circle::new(px(*p), 5, colour(0).filled()))?,
                _ => root.draw(&Circle::new(px(*p), 4, colour(5).stroke_width(2)))?,
            }
            end_tip(root)?;
        }
        // Names of the organizations whose ties changed most, where they cover no other name.
        let mut placed = super::network::Placed::default();
        let chosen = labelled(d);
        for &v in &chosen {
            let (x, y) = px(d.positions[v]);
            placed.0.push((x - 5, y - 5, x + 5, y + 5));
        }
        let bounds = (4, frame.title_h, w as i32 - 4, frame.top + frame.plot_h + 12);
        for &v in &chosen {
            let (label, _) = draw::shorten(&d.names[v], ty.text, f64::from(w) * 0.3);
            let size = (ty.width(&label) + 2, ty.text as i32 + 2);
            if let Some((at, h)) = placed.place(px(d.positions[v]), 5, size, bounds) {
                super::network::name_label(root, std::slice::from_ref(&label), at, h, ty)?;
            }
        }
        draw::legend(root, &legend, frame.legend_at(), ty, frame.legend_w)
    })
}

/// The name of community `k` of the compared round `side` (0 the earlier, 1 the later) from
/// the organizations' changes: after its member named most often in that round (the first of
/// equals), as `labels::community_name` names a round's own communities; `None` for a lone
/// organization no one named, or a community none of whose members is in the changes.
pub fn round_community_hub(rel: &RelationChange, side: usize, k: usize) -> Option<&str> {
    let members = rel.nodes.iter().filter(|n| n.community_per_wave.get(side).copied().flatten() == Some(k));
    let named = |n: &&crate::report::rounds::NodeChange| {
        n.in_degree_per_wave.get(side).copied().flatten().unwrap_or(0)
    };
    let mut hub: Option<&crate::report::rounds::NodeChange> = None;
    let mut size = 0;
    for n in members {
        size += 1;
        if hub.is_none_or(|h| named(&n) > named(&h)) {
            hub = Some(n);
        }
    }
    let hub = hub?;
    (size > 1 || named(&hub) > 0).then_some(hub.name.as_str())
}

/// Community membership moved: how many organizations of each earlier community are in each
/// later one (nodes in both rounds). Communities are named after their most-named member:
/// the later round's as everywhere else when `later` (its relation's report) is given, the
/// earlier round's from the organizations' changes ([`round_community_hub`]); by round and
/// number otherwise (a lone organization with no tie).
pub fn flow(
    w: &WavesReport,
    rel: &RelationChange,
    later: Option<&crate::report::RelationReport>,
    name: &str,
    lang: Lang,
) -> Result<Option<(String, TableData)>, ChartError> {
    let m = &rel.communities;
    if m.from.is_empty() || m.to.is_empty() || m.from.len() > 30 || m.to.len() > 30 {
        return Ok(None);
    }
    let c = &w.comparison;
    let (a, b) = (&w.labels[c.from], &w.labels[c.to]);
    // Each community by its most-named member: short ("2023：X") on the chart, whole
    // ("2023：X所在的社群") in its tooltips and table.
    let label = |round: &str, side: usize, k: usize| -> (String, String) {
        let hub = match (side, later) {
            (1, Some(r)) => r.communities.get(k).and_then(|s| {
                let hub = r.nodes.get(s.hub)?;
                (s.size > 1 || hub.degree > 0).then_some(hub.name.as_str())
            }),
            _ => round_community_hub(rel, side, k),
        };
        let of_round = |community: String| {
            tf(lang, "change.community_of_round", &[("round", round.to_string()), ("community", community)])
        };
        match hub {
            Some(hub) => (
                of_round(hub.to_string()),
                of_round(tf(lang, "network.community_named", &[("name", hub.to_string())])),
            ),
            None => {
                let n =
                    tf(lang, "change.community", &[("round", round.to_string()), ("n", (k + 1).to_string())]);
                (n.clone(), n)
            }
        }
    };
    let (short_rows, rows): (Vec<String>, Vec<String>) = m.from.iter().map(|k| label(a, 0, *k)).unzip();
    let (short_columns, columns): (Vec<String>, Vec<String>) = m.to.iter().map(|k| label(b, 1, *k)).unzip();
    let max = m.counts.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let fill = |v: usize| draw::tint(colour(0), v as f64 / max);
    let cells = m
        .counts
        .iter()
        .enumerate()
        .map(|(i, r)| {
            r.iter()
                .enumerate()
                .map(|(j, v)| MatrixCell {
                    fill: fill(*v),
                    text: v.to_string(),
                    short: v.to_string(),
                    tip: format!("{} → {}: {v}", rows[i], columns[j]),
                })
                .collect()
        })
        .collect();
    let title = tf(lang, "change.flow_title", &[("relation", name.to_string())]);
    let note = match rel.community_ari {
        Some(ari) => tf(
            lang,
            "change.flow_note",
            &[("groups", t(lang, crate::labels::community_change_key(Some(ari))))],
        ),
        None => t(lang, "change.flow_rows"),
    };
    let top = max as usize;
    let mut legend = vec![(Key::Heading, t(lang, "change.organizations"))];
    let steps: Vec<usize> =
        if top <= 4 { (0..=top).collect() } else { (0..5).map(|i| (top * i + 2) / 4).collect() };
    legend.extend(steps.into_iter().map(|v| (Key::Swatch(fill(v)), v.to_string())));
    let matrix = Matrix {
        title: &title,
        note: Some(&note),
        rows: &short_rows,
        columns: &short_columns,
        cells,
        legend,
    };
    let svg = draw::matrix(&matrix, WIDTH, Type::new(WIDTH, GALLERY))?;
    let mut headers = vec![String::new()];
    headers.extend(columns.iter().cloned());
    let table_rows = rows
        .iter()
        .zip(&m.counts)
        .map(|(r, cs)| std::iter::once(r.clone()).chain(cs.iter().map(|v| v.to_string())).collect())
        .collect();
    Ok(Some((svg, TableData { headers, rows: table_rows })))
}

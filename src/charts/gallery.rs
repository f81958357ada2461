//! Every chart of a report as plain data: a stable id, a title and an accessible description
//! in the UI language, the SVG, and the numbers behind it as a table (the accessible
//! alternative and the CSV download). The page, the CLI (`--charts DIR`) and the printable
//! report all use this list.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{ChartError, TableData, capacity, netcharts};
use crate::i18n::{Lang, t, tf};
use crate::report::{Mixing, RelationReport, Report};

/// One chart, ready to show or save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartSpec {
    /// Stable id (`means`, `box`, `hist-<dim>`, `degree-<relation>`…): file names, test ids.
    pub id: String,
    /// Title in the UI language.
    pub title: String,
    /// What the chart shows, for screen readers and the caption.
    pub description: String,
    /// Column titles of the data table.
    pub headers: Vec<String>,
    /// Data table rows (formatted as shown). Shared: the page copies chart lists when it
    /// picks a relation's charts, and a scatter plot's table has a row per organization.
    pub rows: Arc<Vec<Vec<String>>>,
    /// The chart as SVG (shared, as the rows: a few hundred kilobytes for large networks).
    pub svg: Arc<str>,
    /// The relation the chart belongs to (`None` for capacity charts).
    pub relation: Option<String>,
}

/// Charts drawn in one language, with the time it took, or the error that stopped the
/// drawing: what the analysis worker sends the page (it draws them while the page shows the
/// result), and what the page draws itself after a language switch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drawn {
    /// The language of the charts' text.
    pub lang: Lang,
    /// The charts, in the order drawn (empty after an error).
    pub gallery: Vec<ChartSpec>,
    /// Milliseconds spent drawing.
    pub ms: f64,
    /// A drawing error, shown instead of the charts.
    pub error: Option<String>,
}

impl Drawn {
    /// Draws charts with `draw`, timed by `now` (milliseconds).
    pub fn draw(
        lang: Lang,
        now: &dyn Fn() -> f64,
        draw: impl FnOnce() -> Result<Vec<ChartSpec>, ChartError>,
    ) -> Self {
        let t0 = now();
        let (gallery, error) = match draw() {
            Ok(g) => (g, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        Drawn { lang, gallery, ms: now() - t0, error }
    }

    /// The chart with this id.
    pub fn get(&self, id: &str) -> Option<&ChartSpec> {
        self.gallery.iter().find(|c| c.id == id)
    }
}

/// The capacity charts of a report (empty without dimensions).
///
/// # Errors
/// [`ChartError`] when plotters fails to draw one of them.
pub fn capacity_charts(r: &Report, lang: Lang) -> Result<Vec<ChartSpec>, ChartError> {
    let l = lang;
    let dims = &r.capacity.dimensions;
    let mut out = Vec::new();
    if dims.is_empty() {
        return Ok(out);
    }
    let (svg, table) = capacity::means_ci(dims, l)?;
    out.push(spec("means", t(l, "chart.means_title"), t(l, "chart.means_desc"), table, svg));
    let (svg, table) = capacity::box_plots(r, l)?;
    out.push(spec("box", t(l, "chart.box_title"), t(l, "chart.box_desc"), table, svg));
    for d in dims {
        let label = crate::labels::dimension_name(d, l);
        let (svg, table) = capacity::histogram(d, l)?;
        out.push(spec(
            &format!("hist-{}", d.key),
            tf(l, "chart.hist_title", &[("dimension", label.clone())]),
            t(l, "chart.hist_desc"),
            table,
            svg,
        ));
        if let Some((svg, table)) = capacity::likert(d, &answer_levels(r, d), l)? {
            out.push(spec(
                &format!("likert-{}", d.key),
                tf(l, "chart.likert_title", &[("dimension", label)]),
                t(l, "chart.likert_desc"),
                table,
                svg,
            ));
        }
    }
    if let Some((svg, table)) = capacity::item_heatmap(r, l)? {
        out.push(spec("items", t(l, "chart.items_title"), t(l, "chart.items_desc"), table, svg));
    }
    if let Some((svg, table)) = capacity::correlation_heatmap(r, l)? {
        out.push(spec("correlations", t(l, "chart.corr_title"), t(l, "chart.corr_desc"), table, svg));
    }
    if let Some((svg, table)) = capacity::radar_groups(r, l)? {
        let group = r.capacity.settings.group_by.as_deref().unwrap_or_default();
        let group = crate::labels::column_label(r, group, l);
        out.push(spec(
            "radar-groups",
            tf(l, "chart.radar_groups_title", &[("group", group)]),
            t(l, "chart.radar_desc"),
            table,
            svg,
        ));
    }
    Ok(out)
}

/// The charts of one relation (degree distribution, centrality, communities, mixing, and the
/// capacity index against in-degree).
///
/// # Errors
/// [`ChartError`] when plotters fails to draw one of them.
pub fn relation_charts(r: &Report, rel: &RelationReport, lang: Lang) -> Result<Vec<ChartSpec>, ChartError> {
    let l = lang;
    let key = &rel.key;
    // Titles name the relation in words (its key stays in the chart's id).
    let name = crate::labels::relation_label(r, key, l);
    let mut out = Vec::new();
    if let Some((svg, table)) = netcharts::degree_ccdf(rel, l)? {
        out.push(spec(
            &format!("degree-{key}"),
            tf(l, "chart.degree_title", &[("relation", name.clone())]),
            t(l, "chart.degree_desc"),
            table,
            svg,
        ));
    }
    for metric in netcharts::CENTRALITIES {
        if let Some((svg, table)) = netcharts::centrality_histogram(rel, metric, l)? {
            let (id, label) = (metric.key(), metric.label_key());
            out.push(spec(
                &format!("{id}-{key}"),
                tf(l, "chart.centrality_title", &[("metric", t(l, label)), ("relation", name.clone())]),
                t(l, &format!("chart.{id}_desc")),
                table,
                svg,
            ));
        }
    }
    let (svg, table) = netcharts::community_sizes(rel, l)?;
    out.push(spec(
        &format!("communities-{key}"),
        tf(l, "chart.communities_title", &[("relation", name.clone())]),
        t(l, "chart.communities_desc"),
        table,
        svg,
    ));
    // The mixing matrix of the grouping attribute (the one chosen for group comparisons).
    let group_by = r.capacity.settings.group_by.as_deref();
    for m in rel.graph.mixing.iter().filter(|m| Some(m.attribute.as_str()) == group_by) {
        // The heat map names the relation and the attribute in words.
        let shown = Mixing { attribute: crate::labels::column_label(r, &m.attribute, l), ..m.clone() };
        if let Some((svg, table)) = netcharts::mixing_heatmap(&shown, &name, l)? {
            out.push(spec(
                &format!("mixing-{key}-{}", m.attribute),
                tf(
                    l,
                    "chart.mixing_title",
                    &[
                        ("relation", name.clone()),
                        ("attribute", crate::labels::column_label(r, &m.attribute, l)),
                    ],
                ),
                t(l, "chart.mixing_desc"),
                table,
                svg,
            ));
        }
    }
    if let Some((svg, table, (shown, total))) = capacity::scatter_index_degree(r, rel, l)? {
        let mut description = t(l, "chart.scatter_desc");
        if shown < total {
            let counts = [("shown", shown.to_string()), ("total", total.to_string())];
            description = format!("{description} {}", tf(l, "chart.scatter_sampled", &counts));
        }
        out.push(spec(
            &format!("scatter-{key}"),
            tf(l, "chart.scatter_title", &[("relation", name.clone())]),
            description,
            table,
            svg,
        ));
    }
    for c in &mut out {
        c.relation = Some(key.clone());
    }
    Ok(out)
}

/// Every chart of an analysis: the capacity charts, then for each relation its diagram
/// (id `network-<relation>`, drawn at the analysis' layout) and its charts.
///
/// # Errors
/// [`ChartError`] when plotters fails to draw one of them.
pub fn all_charts(a: &crate::pipeline::Analysis, lang: Lang) -> Result<Vec<ChartSpec>, ChartError> {
    let mut out = capacity_charts(&a.report, lang)?;
    out.extend(change_charts(&a.report, lang)?);
    for (i, (rel, graph)) in a.relations().enumerate() {
        if let Some(pos) = a.layouts.get(i) {
            out.push(diagram_chart(&a.report, rel, graph, pos, lang)?);
        }
        out.extend(relation_charts(&a.report, rel, lang)?);
    }
    Ok(out)
}

/// Each relation's diagram (id `network-<relation>`) at `layouts` (one per relation, as
/// [`crate::pipeline::layouts`] gives them): the page draws them when the layouts arrive,
/// after the other charts.
///
/// # Errors
/// [`ChartError`] when plotters fails to draw one of them.
pub fn diagram_charts(
    a: &crate::pipeline::Analysis,
    layouts: &[Vec<(f64, f64)>],
    lang: Lang,
) -> Result<Vec<ChartSpec>, ChartError> {
    a.relations()
        .zip(layouts)
        .map(|((rel, graph), pos)| diagram_chart(&a.report, rel, graph, pos, lang))
        .collect()
}

/// One relation's diagram with its table (the 50 organizations named most often).
fn diagram_chart(
    report: &Report,
    rel: &RelationReport,
    graph: &crate::network::graph::Graph,
    pos: &[(f64, f64)],
    lang: Lang,
) -> Result<ChartSpec, ChartError> {
    let svg = super::network::diagram(rel, graph, pos, lang)?;
    let mut top: Vec<&crate::report::NodeMetrics> = rel.nodes.iter().collect();
    top.sort_by(|x, y| y.in_degree.cmp(&x.in_degree).then(x.name.cmp(&y.name)));
    let table = TableData {
        headers: vec![t(lang, "capacity.org"), t(lang, "network.in_degree"), t(lang, "network.community")],
        rows: top
            .iter()
            .take(50)
            .map(|n| {
                let community = crate::labels::community_name(rel, n.community, lang);
                vec![n.name.clone(), n.in_degree.to_string(), community]
            })
            .collect(),
    };
    let mut description = t(lang, "chart.network_desc");
    if graph.edge_count() > super::network::DIAGRAM_TIES {
        description.push_str(crate::i18n::space(lang));
        description.push_str(&t(lang, "chart.network_sampled"));
    }
    let mut c = spec(
        &format!("network-{}", rel.key),
        crate::i18n::labelled(
            lang,
            &t(lang, "chart.network_title"),
            &crate::labels::relation_label(report, &rel.key, lang),
        ),
        description,
        table,
        svg,
    );
    c.relation = Some(rel.key.clone());
    Ok(c)
}

/// The charts of survey rounds compared (ids `change-…`; none without a `waves` section): the
/// slope chart of dimension means, each dimension's organization changes, and per relation the
/// change diagram and the community flow.
///
/// # Errors
/// [`ChartError`] when plotters fails to draw one of them.
pub fn change_charts(r: &Report, lang: Lang) -> Result<Vec<ChartSpec>, ChartError> {
    use super::rounds as ch;
    let l = lang;
    let Some(w) = r.waves.as_ref() else { return Ok(Vec::new()) };
    let c = &w.comparison;
    let (from, to) = (w.labels[c.from].clone(), w.labels[c.to].clone());
    let span = [("from", from), ("to", to)];
    let mut out = Vec::new();
    if !c.capacity.dimensions.is_empty() {
        let (svg, table) = ch::slope(w, l)?;
        out.push(spec(
            "change-means",
            t(l, "change.slope_title"),
            tf(l, "change.slope_desc", &span),
            table,
            svg,
        ));
    }
    for d in &c.capacity.dimensions {
        let (svg, table) = ch::organizations(w, d, l)?;
        let name = [("dimension", ch::dimension_label(d, l))];
        let id = format!("change-orgs-{}", d.key);
        out.push(spec(&id, tf(l, "change.orgs_title", &name), t(l, "change.orgs_desc"), table, svg));
    }
    for rel in &c.network {
        let name = crate::labels::relation_label(r, &rel.relation, l);
        let named = [("relation", name.clone()), span[0].clone(), span[1].clone()];
        if let Some((svg, table)) = ch::ties(w, rel, &name, l)? {
            let id = format!("change-ties-{}", rel.relation);
            out.push(spec(
                &id,
                tf(l, "change.ties_title", &named),
                tf(l, "change.ties_desc", &named),
                table,
                svg,
            ));
        }
        // The later round is the report's own when the comparison ends with the last round.
        let later = (c.to + 1 == w.labels.len())
            .then(|| r.network.relations.iter().find(|x| x.key == rel.relation))
            .flatten();
        if let Some((svg, table)) = ch::flow(w, rel, later, &name, l)? {
            let id = format!("change-flow-{}", rel.relation);
            out.push(spec(&id, tf(l, "change.flow_title", &named), t(l, "change.flow_desc"), table, svg));
        }
    }
    Ok(out)
}

fn spec(id: &str, title: String, description: String, table: TableData, svg: String) -> ChartSpec {
    ChartSpec {
        id: id.to_string(),
        title,
        description,
        headers: table.headers,
        rows: Arc::new(table.rows),
        svg: svg.into(),
        relation: None,
    }
}

/// The names of a dimension's answers, as its first item with `levels` in the codebook gives
/// them (完全不同意=1;…), as written; empty without. Unreadable parts were warned about when
/// the survey was read.
fn answer_levels(r: &Report, d: &crate::report::DimensionReport) -> Vec<(String, f64)> {
    let entry = d
        .items
        .iter()
        .find_map(|item| r.input.codebook.iter().find(|e| &e.column == item && !e.levels.trim().is_empty()));
    entry.map_or_else(Vec::new, |e| crate::survey::codebook::level_names(&e.levels))
}

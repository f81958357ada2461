//! Network results: a summary per relation, then one relation at a time: the top-10 by
//! in-degree, the diagram, its numbers, the explorer and the ego network (the suggestions are
//! the cultivate view's).

use leptos::prelude::*;

use crate::charts::explorer::Colouring;
use crate::i18n::{Lang, t};
use crate::labels::relation_label;
use crate::network::node_metric::NodeMetric;
use crate::report::format::{num, percent};
use crate::report::{CapacityReport, NodeMetrics, RelationReport};
use crate::ui::state::{SharedRelation, use_app_state};
use crate::ui::views::charts::ChartFigure;
use crate::ui::views::ego::EgoView;
use crate::ui::views::explorer::NetworkExplorer;
use crate::ui::views::picker::{LabelledSelect, index_select};
use crate::ui::views::table::{Cell, Column, DataTable, RowSource, TableRows};

/// Network summary table, top nodes and diagrams.
#[component]
pub fn NetworkView() -> impl IntoView {
    let state = use_app_state();
    let lang = state.lang;
    let (tools_ready, explorer_ready) = use_context::<crate::ui::NetworkToolsReady>()
        .map_or_else(|| (Signal::derive(|| true), Signal::derive(|| true)), |r| (r.tools, r.explorer));
    // One relation's details at a time: each has a node table, an explorer, an ego network and
    // suggestions, and all of them at once were most of the page (and of its first layout).
    let shown = RwSignal::new(0usize);
    move || {
        let r = state.result.get()?;
        let l = lang.get();
        // Borrowed from the shared result, never copied: a relation may have 100,000 nodes.
        let rels = &r.analysis.report.network.relations;
        if !r.complete {
            return Some(
                view! {
                    <section aria-labelledby="network-title">
                        <h2 id="network-title">{t(l, "network.title")}</h2>
                        <p data-testid="network-pending">{t(l, "network.computing")}</p>
                    </section>
                }
                .into_any(),
            );
        }
        if rels.is_empty() {
            return Some(
                view! {
                    <section aria-labelledby="network-title">
                        <h2 id="network-title">{t(l, "network.title")}</h2>
                        <p data-testid="network-none">{t(l, "network.none")}</p>
                    </section>
                }
                .into_any(),
            );
        }
        let summary = rels
            .iter()
            .map(|rel| {
                let g = &rel.graph;
                view! {
                    <tr data-testid="relation-row" data-key=rel.key.clone()>
                        <th scope="row">{relation_label(&r.analysis.report, &rel.key, l)}</th>
                        <td class="num" data-testid="relation-nodes">{g.nodes}</td>
                        <td class="num" data-testid="relation-ties">{g.edges}</td>
                        <td class="num" data-testid="relation-density">{num(g.density, 4, l)}</td>
                        <td class="num" data-testid="relation-reciprocity">{percent(g.reciprocity, l)}</td>
                        <td class="num">{g.non_respondents}</td>
                        <td class="num">{g.weak_components}</td>
                        <td class="num">{num(g.modularity, 3, l)}</td>
                    </tr>
                }
            })
            .collect_view();
        let selected = shown.get().min(rels.len() - 1);
        let relation_keys: Vec<String> =
            rels.iter().map(|x| relation_label(&r.analysis.report, &x.key, l)).collect();
        let per_relation = rels
            .iter()
            .enumerate()
            .filter(|(i, _)| *i == selected)
            .map(|(i, rel)| {
                let top = crate::report::top_by_in_degree(&rel.nodes, 10);
                let top_rows = top
                    .iter()
                    .take(10)
                    .map(|n| {
                        view! {
                            <tr data-testid="top-row">
                                <th scope="row"><button type="button" class="link org-link" data-org=n.id.clone()>{n.name.clone()}</button></th>
                                <td class="num">{n.in_degree}</td>
                                <td class="num">{n.out_degree}</td>
                                <td class="num">{num(n.betweenness, 4, l)}</td>
                                <td class="num">{n.community + 1}</td>
                                <td>{if n.respondent { t(l, "common.yes") } else { t(l, "common.no") }}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let g = &rel.graph;
                let f = |x: Option<f64>, d: usize| Cell::num(num(x, d, l), x);
                let mut facts: Vec<Vec<Cell>> = vec![
                    vec![Cell::text(t(l, "metric.transitivity")), f(Some(g.transitivity), 4)],
                    vec![Cell::text(t(l, "metric.average_clustering")), f(g.average_clustering, 4)],
                    vec![Cell::text(t(l, "metric.weak_components")), f(Some(g.weak_components as f64), 0)],
                    vec![Cell::text(t(l, "metric.largest_component")), f(Some(g.largest_weak_component as f64), 0)],
                    vec![Cell::text(t(l, "metric.strong_components")), f(Some(g.strong_components as f64), 0)],
                    vec![Cell::text(t(l, "metric.largest_strong_component")), f(Some(g.largest_strong_component as f64), 0)],
                    vec![Cell::text(t(l, "metric.community_method")), Cell::text(format!("{} (γ = {})", crate::labels::community_method(&rel.settings.community_method, l), rel.settings.resolution))],
                    vec![Cell::text(t(l, "metric.communities")), f(Some(g.communities as f64), 0)],
                    vec![Cell::text(t(l, "metric.max_coreness")), f(Some(g.max_coreness as f64), 0)],
                    vec![Cell::text(t(l, "metric.degree_centralization")), f(g.degree_centralization, 4)],
                    vec![Cell::text(t(l, "metric.betweenness_centralization")), f(g.betweenness_centralization, 4)],
                    vec![Cell::text(t(l, "metric.closeness_centralization")), f(g.closeness_centralization, 4)],
                    vec![Cell::text(t(l, "metric.degree_assortativity")), f(g.degree_assortativity, 4)],
                    vec![Cell::text(t(l, "metric.diameter")), f(g.paths.map(|p| p.diameter as f64), 0)],
                    vec![Cell::text(t(l, "metric.average_path_length")), f(g.paths.map(|p| p.average_path_length), 3)],
                    vec![Cell::text(t(l, "metric.cut_vertices")), f(Some(g.cut_vertices as f64), 0)],
                    vec![
                        Cell::text(t(l, "metric.path_length_rule")),
                        Cell::text(t(l, &format!("metric.path_{}", rel.settings.path_length))),
                    ],
                ];
                if let Some(cp) = &rel.core_periphery {
                    facts.push(vec![Cell::text(t(l, "metric.core_size")), f(Some(cp.core_size as f64), 0)]);
                    facts.push(vec![Cell::text(t(l, "metric.core_fit")), f(cp.fit, 3)]);
                    facts.push(vec![Cell::text(t(l, "metric.core_density")), f(cp.core_density, 3)]);
                    facts.push(vec![Cell::text(t(l, "metric.periphery_density")), f(cp.periphery_density, 3)]);
                }
                for m in &g.mixing {
                    facts.push(vec![Cell::text(format!("{} — {}", t(l, "metric.assortativity"), crate::labels::column_label(&r.analysis.report, &m.attribute, l))), f(m.assortativity, 3)]);
                    facts.push(vec![Cell::text(format!("{} — {}", t(l, "metric.ei_index"), crate::labels::column_label(&r.analysis.report, &m.attribute, l))), f(m.ei_index, 3)]);
                    facts.push(vec![Cell::text(format!("{} — {}", t(l, "metric.nmi"), crate::labels::column_label(&r.analysis.report, &m.attribute, l))), f(m.nmi, 3)]);
                }
                let node_source = SharedRelation::new(r.clone(), i).map(|rel| NodeRows::new(rel, l));
                let node_cols = node_source.as_ref().map(NodeRows::columns).unwrap_or_default();
                let node_rows = node_source.map_or_else(|| TableRows::from(Vec::new()), TableRows::lazy);
                let shared = SharedRelation::new(r.clone(), i);
                let graph = shared.as_ref().and_then(SharedRelation::graph);
                // The explorer starts from the analysis's layout, which comes just after the
                // result; until then it says the network is being laid out.
                let layouts = r.layouts.clone();
                let key = rel.key.clone();
                let facts_id = format!("graph-{key}");
                let nodes_id = format!("nodes-{key}");
                let diagram = move || {
                    let c = state.diagrams.get()?;
                    let spec = c.get(&format!("network-{key}"))?.clone();
                    Some(view! { <ChartFigure chart=spec/> })
                };
                let explorer = shared.clone().zip(graph.clone()).map(|(rel, graph)| {
                    move || match layouts.with(|l| l.as_ref().map(|l| l.positions.get(i).cloned().unwrap_or_default())) {
                        Some(layout) => {
                            // Built when the explorer is (a pass over every node: kept out of
                            // the section's first mount, the page's longest task).
                            let colourings = colourings(&rel, &rel.result().analysis.report, l);
                            view! { <NetworkExplorer rel=rel.clone() graph=graph.clone() layout=layout colourings=colourings lang=l/> }.into_any()
                        }
                        None => view! { <p class="note" data-testid="explorer-waiting">{t(l, "explorer.laying_out")}</p> }.into_any(),
                    }
                });
                view! {
                    <article class="relation">
                        <h3>{format!("{}: {}", t(l, "network.relation"), relation_label(&r.analysis.report, &rel.key, l))}</h3>
                        {rel.settings.combined.then(|| view! { <p class="note">{t(l, "network.combined_note")}</p> })}
                        <div class="table-wrap">
                            <table data-testid="top-table">
                                <caption>{t(l, "network.top")}</caption>
                                <thead><tr>
                                    <th scope="col">{t(l, "capacity.org")}</th>
                                    <th scope="col">{t(l, "network.in_degree")}</th>
                                    <th scope="col">{t(l, "network.out_degree")}</th>
                                    <th scope="col">{t(l, "network.betweenness")}</th>
                                    <th scope="col">{t(l, "network.community")}</th>
                                    <th scope="col">{t(l, "network.respondent")}</th>
                                </tr></thead>
                                <tbody>{top_rows}</tbody>
                            </table>
                        </div>
                        {diagram}
                        <DataTable id=facts_id caption=t(l, "network.facts") columns=vec![Column::text(t(l, "metric.metric")), Column::metric(l, "metric.value")] rows=facts/>
                        <DataTable id=nodes_id caption=t(l, "network.node_table") columns=node_cols rows=node_rows tall=true/>
                        {move || explorer_ready.get().then(|| explorer.clone())}
                        {move || tools_ready.get().then(|| {
                            shared.clone().zip(graph.clone()).map(|(rel, graph)| view! { <EgoView rel=rel graph=graph lang=l/> })
                        })}
                    </article>
                }
            })
            .collect_view();
        Some(
            view! {
                <section aria-labelledby="network-title">
                    <h2 id="network-title">{t(l, "network.title")}</h2>
                    <div class="table-wrap">
                        <table data-testid="relation-table">
                            <thead><tr>
                                <th scope="col">{t(l, "network.relation")}</th>
                                <th scope="col">{t(l, "network.nodes")}</th>
                                <th scope="col">{t(l, "network.ties")}</th>
                                <th scope="col">{t(l, "network.density")}</th>
                                <th scope="col">{t(l, "network.reciprocity")}</th>
                                <th scope="col">{t(l, "network.non_respondents")}</th>
                                <th scope="col">{t(l, "network.components")}</th>
                                <th scope="col">{t(l, "network.modularity")}</th>
                            </tr></thead>
                            <tbody>{summary}</tbody>
                        </table>
                    </div>
                    {(rels.len() > 1).then(|| view! {
                        <LabelledSelect label=t(l, "network.show_relation")>
                            {index_select(relation_keys, shown, "network-relation")}
                        </LabelledSelect>
                    })}
                    {per_relation}
                </section>
            }
            .into_any(),
        )
    }
}

/// The explorer's colour choices besides the community: the grouping attribute, the capacity
/// profile and the community-of-practice stage (when computed), and whether the organization
/// answered. Nodes are matched to organizations by id; partners who did not answer have no
/// value (grey).
fn colourings(
    rel: &RelationReport,
    report: &crate::report::Report,
    l: Lang,
) -> Vec<(String, String, Colouring)> {
    let capacity: &CapacityReport = &report.capacity;
    let by_id: rustc_hash::FxHashMap<&str, &crate::report::OrgCapacity> =
        capacity.organizations.iter().map(|o| (o.id.as_str(), o)).collect();
    let orgs: Vec<Option<&&crate::report::OrgCapacity>> =
        rel.nodes.iter().map(|n| by_id.get(n.id.as_str())).collect();
    let mut out = Vec::new();
    // Categories are borrowed (labels made once each), not a `String` per node.
    let mut add = |key: &str, label: String, values: Vec<Option<&str>>| {
        if values.iter().any(Option::is_some) {
            out.push((key.to_string(), label, Colouring::from_values(&values)));
        }
    };
    if let Some(attribute) = &capacity.settings.group_by {
        add(
            "group",
            crate::labels::column_label(report, attribute, l),
            orgs.iter().map(|o| o.and_then(|o| o.group.as_deref())).collect(),
        );
    }
    // Labels are translated once, not once per organization (100,000 of them).
    let profile = t(l, "typology.profile");
    let profiles = orgs.iter().filter_map(|o| o.and_then(|o| o.profile)).max().map_or(0, |p| p + 1);
    let profile_labels: Vec<String> = (0..profiles).map(|p| format!("{profile} {}", p + 1)).collect();
    add(
        "profile",
        profile.clone(),
        orgs.iter()
            .map(|o| o.and_then(|o| o.profile).and_then(|p| profile_labels.get(p)).map(String::as_str))
            .collect(),
    );
    let mut stages: rustc_hash::FxHashMap<&str, String> = Default::default();
    for s in orgs.iter().filter_map(|o| o.and_then(|o| o.stage.as_deref())) {
        stages.entry(s).or_insert_with(|| t(l, &format!("stage.{s}")));
    }
    let stage_values = orgs
        .iter()
        .map(|o| o.and_then(|o| o.stage.as_deref()).and_then(|s| stages.get(s)).map(String::as_str))
        .collect();
    add("stage", t(l, "explorer.colour_stage"), stage_values);
    let (yes, no) = (t(l, "common.yes"), t(l, "common.no"));
    add(
        "respondent",
        t(l, "network.respondent"),
        rel.nodes.iter().map(|n| Some(if n.respondent { yes.as_str() } else { no.as_str() })).collect(),
    );
    out
}

/// How one column of the node table is shown.
#[derive(Clone, Copy)]
enum NodeColumn {
    /// Text, never "not defined".
    Text(&'static str, fn(&NodeMetrics, Lang) -> String),
    /// A node metric with its digits; "not defined" when missing.
    Metric(NodeMetric, usize),
    /// The community's number.
    Community,
}

impl NodeColumn {
    /// The column's number for a node (`None` for text, and where the metric is not defined).
    fn value(self, n: &NodeMetrics) -> Option<f64> {
        match self {
            NodeColumn::Text(..) => None,
            NodeColumn::Metric(m, _) => m.get(n),
            NodeColumn::Community => Some(n.community as f64 + 1.0),
        }
    }
}

fn yes_no(b: bool, l: Lang) -> String {
    t(l, if b { "common.yes" } else { "common.no" })
}

/// The node table's columns, in order (the weighted clustering is added for weighted ties).
const NODE_COLUMNS: &[NodeColumn] = &[
    NodeColumn::Text("capacity.org", |n, _| n.name.clone()),
    NodeColumn::Text("network.respondent", |n, l| yes_no(n.respondent, l)),
    NodeColumn::Metric(NodeMetric::InDegree, 0),
    NodeColumn::Metric(NodeMetric::OutDegree, 0),
    NodeColumn::Metric(NodeMetric::InStrength, 1),
    NodeColumn::Metric(NodeMetric::Betweenness, 4),
    NodeColumn::Metric(NodeMetric::Closeness, 4),
    NodeColumn::Metric(NodeMetric::Harmonic, 2),
    NodeColumn::Metric(NodeMetric::Eigenvector, 4),
    NodeColumn::Metric(NodeMetric::PageRank, 4),
    NodeColumn::Metric(NodeMetric::Hub, 4),
    NodeColumn::Metric(NodeMetric::Authority, 4),
    NodeColumn::Metric(NodeMetric::Coreness, 0),
    NodeColumn::Metric(NodeMetric::Clustering, 3),
    NodeColumn::Metric(NodeMetric::Constraint, 3),
    NodeColumn::Metric(NodeMetric::EffectiveSize, 2),
    NodeColumn::Community,
    NodeColumn::Text("metric.cut_vertex", |n, l| yes_no(n.cut_vertex, l)),
    NodeColumn::Text("metric.brokerage", |n, _| {
        n.brokerage
            .map(|b| {
                format!(
                    "{}/{}/{}/{}/{}",
                    b.coordinator, b.itinerant, b.gatekeeper, b.representative, b.liaison
                )
            })
            .unwrap_or_default()
    }),
    NodeColumn::Metric(NodeMetric::CoreScore, 3),
    NodeColumn::Text("metric.in_core", |n, l| yes_no(n.in_core, l)),
];

/// The node table of one relation, formatted a page at a time (a relation may have 100,000
/// nodes and twenty columns).
struct NodeRows {
    rel: SharedRelation,
    lang: Lang,
    columns: Vec<NodeColumn>,
}

impl NodeRows {
    fn new(rel: SharedRelation, lang: Lang) -> Self {
        let mut columns = NODE_COLUMNS.to_vec();
        if rel.weighted {
            columns.push(NodeColumn::Metric(NodeMetric::WeightedClustering, 3));
        }
        NodeRows { rel, lang, columns }
    }

    fn columns(&self) -> Vec<Column> {
        self.columns
            .iter()
            .map(|c| match c {
                NodeColumn::Text(key, _) => Column::text(t(self.lang, key)),
                NodeColumn::Metric(m, _) => Column::metric(self.lang, m.label_key()),
                NodeColumn::Community => Column::metric(self.lang, "network.community"),
            })
            .collect()
    }

    fn nodes(&self) -> &[NodeMetrics] {
        &self.rel.nodes
    }
}

impl RowSource for NodeRows {
    fn len(&self) -> usize {
        self.nodes().len()
    }

    fn cell(&self, row: usize, col: usize) -> Cell {
        let (Some(n), Some(c)) = (self.nodes().get(row), self.columns.get(col)) else {
            return Cell::text("");
        };
        match c {
            // The name opens the organization's page.
            NodeColumn::Text(_, _) if col == 0 => Cell::org(n.name.clone(), n.id.clone()),
            NodeColumn::Text(_, text) => Cell::text(text(n, self.lang)),
            NodeColumn::Metric(_, digits) => {
                let v = c.value(n);
                Cell::num(num(v, *digits, self.lang), v)
            }
            NodeColumn::Community => {
                let v = c.value(n);
                Cell::num(num(v, 0, self.lang), v)
            }
        }
    }

    fn sort_key(&self, row: usize, col: usize) -> Option<f64> {
        match (self.nodes().get(row), self.columns.get(col)) {
            (Some(n), Some(c)) => c.value(n),
            _ => None,
        }
    }

    /// A number column reads "not defined" where its value is missing; text never does.
    ///
    /// One pass over the nodes for all columns, stopping once every number column has a
    /// missing value: a node's metrics are one struct of a few hundred bytes, and a pass per
    /// column read a 100,000-node relation's 30 MB seventeen times in the node table's first
    /// mount.
    fn undefined_columns(&self, columns: usize, _undefined: &[String]) -> Vec<bool> {
        let mut found = vec![false; columns];
        let mut open: Vec<(usize, NodeColumn)> = (0..columns)
            .filter_map(|c| match self.columns.get(c) {
                Some(column @ (NodeColumn::Metric(..) | NodeColumn::Community)) => Some((c, *column)),
                _ => None,
            })
            .collect();
        for n in self.nodes() {
            if open.is_empty() {
                break;
            }
            open.retain(|&(c, column)| {
                let missing = column.value(n).is_none_or(|v| !v.is_finite());
                found[c] |= missing;
                !missing
            });
        }
        found
    }
}

//! Network results: a summary per relation, the top-10 by in-degree and the diagram.

use leptos::prelude::*;

use crate::charts::explorer::Colouring;
use crate::i18n::{Lang, t};
use crate::report::format::{num, percent};
use crate::report::{CapacityReport, RelationReport};
use crate::ui::state::use_app_state;
use crate::ui::views::charts::ChartFigure;
use crate::ui::views::cultivate::CultivateView;
use crate::ui::views::ego::EgoView;
use crate::ui::views::explorer::NetworkExplorer;
use crate::ui::views::table::{Cell, Column, DataTable};

/// Network summary table, top nodes and diagrams.
#[component]
pub fn NetworkView() -> impl IntoView {
    let state = use_app_state();
    let lang = state.lang;
    move || {
        let r = state.result.get()?;
        let l = lang.get();
        // Borrowed from the shared result, never copied: a relation may have 100,000 nodes and
        // the capacity report a million organizations.
        let rels = &r.analysis.report.network.relations;
        let capacity = &r.analysis.report.capacity;
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
                        <th scope="row">{rel.key.clone()}</th>
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
        let per_relation = rels
            .iter()
            .enumerate()
            .map(|(i, rel)| {
                let mut top: Vec<_> = rel.nodes.iter().collect();
                top.sort_by(|a, b| b.in_degree.cmp(&a.in_degree).then(a.name.cmp(&b.name)));
                let top_rows = top
                    .iter()
                    .take(10)
                    .map(|n| {
                        view! {
                            <tr data-testid="top-row">
                                <th scope="row">{n.name.clone()}</th>
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
                    vec![Cell::text(t(l, "metric.community_method")), Cell::text(format!("{} (γ = {})", rel.settings.community_method, rel.settings.resolution))],
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
                    facts.push(vec![Cell::text(format!("{} — {}", t(l, "metric.assortativity"), m.attribute)), f(m.assortativity, 3)]);
                    facts.push(vec![Cell::text(format!("{} — {}", t(l, "metric.ei_index"), m.attribute)), f(m.ei_index, 3)]);
                    facts.push(vec![Cell::text(format!("{} — {}", t(l, "metric.nmi"), m.attribute)), f(m.nmi, 3)]);
                }
                let mut node_cols = vec![
                    Column::text(t(l, "capacity.org")),
                    Column::text(t(l, "network.respondent")),
                    Column::metric(l, "network.in_degree"),
                    Column::metric(l, "network.out_degree"),
                    Column::metric(l, "metric.in_strength"),
                    Column::metric(l, "network.betweenness"),
                    Column::metric(l, "metric.closeness"),
                    Column::metric(l, "metric.harmonic"),
                    Column::metric(l, "metric.eigenvector"),
                    Column::metric(l, "metric.pagerank"),
                    Column::metric(l, "metric.hub"),
                    Column::metric(l, "metric.authority"),
                    Column::metric(l, "metric.coreness"),
                    Column::metric(l, "metric.clustering"),
                    Column::metric(l, "metric.constraint"),
                    Column::metric(l, "metric.effective_size"),
                    Column::metric(l, "network.community"),
                    Column::text(t(l, "metric.cut_vertex")),
                    Column::text(t(l, "metric.brokerage")),
                    Column::metric(l, "metric.core_score"),
                    Column::text(t(l, "metric.in_core")),
                ];
                let weighted = rel.weighted;
                if weighted {
                    node_cols.push(Column::metric(l, "metric.weighted_clustering"));
                }
                let yes_no = |b: bool| if b { t(l, "common.yes") } else { t(l, "common.no") };
                let node_rows: Vec<Vec<Cell>> = rel
                    .nodes
                    .iter()
                    .map(|n| {
                        let mut row = vec![
                            Cell::text(n.name.clone()),
                            Cell::text(yes_no(n.respondent)),
                            f(Some(n.in_degree as f64), 0),
                            f(Some(n.out_degree as f64), 0),
                            f(Some(n.in_strength), 1),
                            f(n.betweenness, 4),
                            f(n.closeness, 4),
                            f(n.harmonic, 2),
                            f(n.eigenvector, 4),
                            f(n.pagerank, 4),
                            f(n.hub, 4),
                            f(n.authority, 4),
                            f(Some(n.coreness as f64), 0),
                            f(n.clustering, 3),
                            f(n.constraint, 3),
                            f(n.effective_size, 2),
                            f(Some(n.community as f64 + 1.0), 0),
                            Cell::text(yes_no(n.cut_vertex)),
                            Cell::text(n.brokerage.map(|b| format!("{}/{}/{}/{}/{}", b.coordinator, b.itinerant, b.gatekeeper, b.representative, b.liaison)).unwrap_or_default()),
                            f(n.core_score, 3),
                            Cell::text(yes_no(n.in_core)),
                        ];
                        if weighted {
                            row.push(f(n.weighted_clustering, 3));
                        }
                        row
                    })
                    .collect();
                let colourings = colourings(rel, capacity, l);
                let graph = r.analysis.relations.get(i).map(|x| x.graph.clone()).unwrap_or_default();
                let layout = r.analysis.layouts.get(i).cloned().unwrap_or_default();
                let key = rel.key.clone();
                let facts_id = format!("graph-{key}");
                let nodes_id = format!("nodes-{key}");
                let diagram = move || {
                    let c = state.charts.get()?;
                    let spec = c.get(&format!("network-{key}"))?.clone();
                    Some(view! { <ChartFigure chart=spec/> })
                };
                view! {
                    <article class="relation">
                        <h3>{format!("{}: {}", t(l, "network.relation"), rel.key)}</h3>
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
                        <NetworkExplorer rel=rel.clone() graph=graph.clone() layout=layout colourings=colourings lang=l/>
                        <EgoView rel=rel.clone() graph=graph lang=l/>
                        <CultivateView rel=rel.clone() result=r.clone() lang=l/>
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
fn colourings(rel: &RelationReport, capacity: &CapacityReport, l: Lang) -> Vec<(String, String, Colouring)> {
    let by_id: std::collections::HashMap<&str, &crate::report::OrgCapacity> =
        capacity.organizations.iter().map(|o| (o.id.as_str(), o)).collect();
    let orgs: Vec<Option<&&crate::report::OrgCapacity>> =
        rel.nodes.iter().map(|n| by_id.get(n.id.as_str())).collect();
    let mut out = Vec::new();
    let mut add = |key: &str, label: String, values: Vec<Option<String>>| {
        if values.iter().any(Option::is_some) {
            out.push((key.to_string(), label, Colouring::from_values(&values)));
        }
    };
    if let Some(attribute) = &capacity.settings.group_by {
        add("group", attribute.clone(), orgs.iter().map(|o| o.and_then(|o| o.group.clone())).collect());
    }
    add(
        "profile",
        t(l, "typology.profile"),
        orgs.iter()
            .map(|o| o.and_then(|o| o.profile).map(|p| format!("{} {}", t(l, "typology.profile"), p + 1)))
            .collect(),
    );
    add(
        "stage",
        t(l, "explorer.colour_stage"),
        orgs.iter().map(|o| o.and_then(|o| o.stage.as_ref()).map(|s| t(l, &format!("stage.{s}")))).collect(),
    );
    add(
        "respondent",
        t(l, "network.respondent"),
        rel.nodes
            .iter()
            .map(|n| Some(if n.respondent { t(l, "common.yes") } else { t(l, "common.no") }))
            .collect(),
    );
    out
}

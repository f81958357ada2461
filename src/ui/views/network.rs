//! Network results: a summary per relation, then one relation at a time: the top-10 by
//! in-degree, the diagram, its numbers, the node table (`network_nodes`), the explorer and the
//! ego network (the suggestions are the cultivate view's).

use std::sync::Arc;

use leptos::prelude::*;

use crate::i18n::{Lang, t, tf};
use crate::labels::relation_label;
use crate::report::format::{num, percent};
use crate::report::{RelationReport, Report};
use crate::ui::state::{PageResult, SharedRelation, use_app_state};
use crate::ui::views::charts::ChartFigure;
use crate::ui::views::ego::EgoView;
use crate::ui::views::explorer::{NetworkExplorer, colourings};
use crate::ui::views::fold::Fold;
use crate::ui::views::network_nodes::NodeRows;
use crate::ui::views::picker::{LabelledSelect, index_select};
use crate::ui::views::table::{Cell, Column, DataTable, TableRows};

/// Network summary table, top nodes and diagrams.
#[component]
pub fn NetworkView() -> impl IntoView {
    let state = use_app_state();
    let lang = state.lang;
    // One relation's details at a time: each has a node table, an explorer, an ego network and
    // suggestions, and all of them at once were most of the page (and of its first layout).
    let shown = RwSignal::new(0usize);
    // The route's relation (an overview finding's, the address's) is shown, else the main
    // one (all relations combined, as the overview speaks of it); a picked one is written
    // into the route.
    crate::ui::nav::follow_relation(state, shown);
    move || {
        let r = state.result.get()?;
        let l = lang.get();
        // Borrowed from the shared result, never copied: a relation may have 100,000 nodes.
        let rels = &r.analysis.report.network.relations;
        let note = match (r.complete, rels.is_empty()) {
            (false, _) => Some(("network-pending", "network.computing")),
            (true, true) => Some(("network-none", "network.none")),
            (true, false) => None,
        };
        if let Some((testid, key)) = note {
            return Some(
                view! {
                    <section aria-labelledby="network-title">
                        <h2 id="network-title">{t(l, "network.title")}</h2>
                        <p data-testid=testid>{t(l, key)}</p>
                    </section>
                }
                .into_any(),
            );
        }
        let selected = shown.get().min(rels.len() - 1);
        let (relations, relations_line) =
            (relation_table(&r.analysis.report, l), relations_summary(&r.analysis.report, l));
        let relation_labels: Vec<String> =
            rels.iter().map(|x| relation_label(&r.analysis.report, &x.key, l)).collect();
        Some(
            view! {
                <section aria-labelledby="network-title">
                    <h2 id="network-title">{t(l, "network.title")}</h2>
                    // Every relation's numbers: a row each on a desktop; on a phone (a card of
                    // seven lines each) folded under their sizes, so the key players come first.
                    <Fold id="network-relations-title" title=t(l, "network.relations_title") summary=relations_line open=wide_window() sub=true>
                        {relations}
                    </Fold>
                    {(rels.len() > 1).then(|| view! {
                        <LabelledSelect label=t(l, "network.show_relation")>
                            {index_select(relation_labels, shown, "network-relation")}
                        </LabelledSelect>
                    })}
                    <RelationDetails result=r.clone() index=selected lang=l/>
                </section>
            }
            .into_any(),
        )
    }
}

/// Whether the window is wider than a phone's (where a table row fits a relation).
fn wide_window() -> bool {
    !crate::ui::browser::phone_width()
}

/// The relations' line: each one's organizations and ties.
fn relations_summary(report: &Report, l: Lang) -> String {
    let parts: Vec<String> = report
        .network
        .relations
        .iter()
        .map(|rel| {
            let args = [
                ("name", relation_label(report, &rel.key, l)),
                ("nodes", rel.graph.nodes.to_string()),
                ("ties", rel.graph.edges.to_string()),
            ];
            tf(l, "network.relation_size", &args)
        })
        .collect();
    parts.join(if l.is_zh() { "；" } else { "; " })
}

/// The summary of every relation: nodes, ties, density, reciprocity, non-respondents,
/// components and modularity.
fn relation_table(report: &Report, l: Lang) -> impl IntoView + use<> {
    let label = |k: &str| t(l, k);
    let rows = report
        .network
        .relations
        .iter()
        .map(|rel| {
            let g = &rel.graph;
            view! {
                <tr data-testid="relation-row" data-key=rel.key.clone() id=crate::findings::anchor::relation_row(&rel.key)>
                    <th scope="row">{relation_label(report, &rel.key, l)}</th>
                    <td class="num" data-label=label("network.nodes") data-testid="relation-nodes">{g.nodes}</td>
                    <td class="num" data-label=label("network.ties") data-testid="relation-ties">{g.edges}</td>
                    <td class="num" data-label=label("network.density") data-testid="relation-density">{num(g.density, 3, l)}</td>
                    <td class="num" data-label=label("network.reciprocity") data-testid="relation-reciprocity">{percent(g.reciprocity, l)}</td>
                    <td class="num" data-label=label("network.non_respondents")>{g.non_respondents}</td>
                    <td class="num" data-label=label("network.components")>{g.weak_components}</td>
                    <td class="num" data-label=label("network.modularity")>{num(g.modularity, 3, l)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="cards" data-testid="relation-table">
                <thead>{crate::ui::views::table::header_row(l, &["network.relation", "network.nodes", "network.ties", "network.density", "network.reciprocity", "network.non_respondents", "network.components", "network.modularity"])}</thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The ten organizations most often named in a relation.
fn top_table(rel: &RelationReport, l: Lang) -> impl IntoView + use<> {
    let label = |k: &str| t(l, k);
    let key = rel.key.clone();
    let rows = crate::report::top_by_in_degree(&rel.nodes, 10)
        .iter()
        .take(10)
        .map(|n| {
            view! {
                <tr data-testid="top-row">
                    <th scope="row"><button type="button" class="link org-link name" data-org=n.id.clone()>{n.name.clone()}</button></th>
                    <td class="num" data-label=label("network.in_degree")>{n.in_degree}</td>
                    <td class="num" data-label=label("network.out_degree")>{n.out_degree}</td>
                    <td class="num" data-label=label("network.betweenness")>{num(n.betweenness, 3, l)}</td>
                    <td data-label=label("network.community")>{crate::labels::community_name(rel, n.community, l)}</td>
                    <td data-label=label("network.respondent")>{if n.respondent { t(l, "common.yes") } else { t(l, "common.no") }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="cards" data-testid="top-table" id=crate::findings::anchor::most_named(&key)>
                <caption>{t(l, "network.top")}</caption>
                <thead>{crate::ui::views::table::header_row(l, &["capacity.org", "network.in_degree", "network.out_degree", "network.betweenness", "network.community", "network.respondent"])}</thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// A relation's whole-network numbers, one row each (label, value); `communities` is
/// [`crate::report::communities_with_ties`] (the summary line says it too).
fn graph_facts(report: &Report, rel: &RelationReport, communities: usize, l: Lang) -> Vec<Vec<Cell>> {
    let g = &rel.graph;
    let f = |x: Option<f64>, d: usize| Cell::num(num(x, d, l), x);
    let count = |x: usize| f(Some(x as f64), 0);
    let row = |key: &str, value: Cell| vec![Cell::text(t(l, key)), value];
    let method = crate::labels::community_method(&rel.settings.community_method, l);
    let mut facts: Vec<Vec<Cell>> = vec![
        row("metric.transitivity", f(Some(g.transitivity), 3)),
        row("metric.average_clustering", f(g.average_clustering, 3)),
        row("metric.weak_components", count(g.weak_components)),
        row("metric.largest_component", count(g.largest_weak_component)),
        row("metric.strong_components", count(g.strong_components)),
        row("metric.largest_strong_component", count(g.largest_strong_component)),
        row(
            "metric.community_method",
            Cell::text(crate::i18n::aside(l, &method, &format!("γ = {}", rel.settings.resolution))),
        ),
        row("metric.communities", count(communities)),
        row("metric.without_ties", count(crate::report::without_ties(&rel.nodes))),
        row("metric.max_coreness", count(g.max_coreness)),
        row("metric.degree_centralization", f(g.degree_centralization, 3)),
        row("metric.betweenness_centralization", f(g.betweenness_centralization, 3)),
        row("metric.closeness_centralization", f(g.closeness_centralization, 3)),
        row("metric.degree_assortativity", f(g.degree_assortativity, 3)),
        row("metric.diameter", f(g.paths.map(|p| p.diameter as f64), 0)),
        row("metric.average_path_length", f(g.paths.map(|p| p.average_path_length), 3)),
        row("metric.cut_vertices", count(g.cut_vertices)),
        row(
            "metric.path_length_rule",
            Cell::text(t(l, &format!("metric.path_{}", rel.settings.path_length))),
        ),
    ];
    if let Some(cp) = &rel.core_periphery {
        facts.push(row("metric.core_size", count(cp.core_size)));
        facts.push(row("metric.core_fit", f(cp.fit, 3)));
        facts.push(row("metric.core_density", f(cp.core_density, 3)));
        facts.push(row("metric.periphery_density", f(cp.periphery_density, 3)));
    }
    for m in &g.mixing {
        let attribute = crate::labels::column_label(report, &m.attribute, l);
        for (key, value) in [
            ("metric.assortativity", m.assortativity),
            ("metric.ei_index", m.ei_index),
            ("metric.nmi", m.nmi),
        ] {
            facts.push(vec![Cell::text(format!("{} — {attribute}", t(l, key))), f(value, 3)]);
        }
    }
    facts
}

/// The whole-network numbers' line: the relation (its communities are not all relations
/// combined, which the overview counts), density, communities, average distance, how many more.
fn facts_summary(
    report: &Report,
    rel: &RelationReport,
    communities: usize,
    facts: &[Vec<Cell>],
    l: Lang,
) -> String {
    let g = &rel.graph;
    let args = [
        ("relation", relation_label(report, &rel.key, l)),
        ("density", num(g.density, 3, l)),
        ("communities", communities.to_string()),
        ("path", num(g.paths.map(|p| p.average_path_length), 2, l)),
        ("more", facts.len().saturating_sub(3).to_string()),
    ];
    tf(l, "network.facts_summary", &args)
}

/// The explorer's colour choices besides the community: (key, label, colours).
type Colourings = Arc<Vec<(String, String, crate::charts::explorer::Colouring)>>;

/// The explorer's colour choices, built over the next tasks, into `colours` (once): passes over
/// every node (hashing 100,000 ids and values, 60–90 ms in all), kept out of the task that
/// mounts the explorer (the two were one task of 0.1 s) and split (see `colourings`).
fn later_colourings(colours: RwSignal<Option<Colourings>>, rel: SharedRelation, l: Lang) {
    leptos::task::spawn_local(async move {
        if colours.try_with_untracked(Option::is_none) == Some(true) {
            let built = colourings(&rel, &rel.result().analysis.report, l).await;
            colours.try_set(Some(Arc::new(built)));
        }
    });
}

/// One relation's details: its top ten, diagram, numbers, node table, explorer and ego network.
#[component]
fn RelationDetails(result: Arc<PageResult>, index: usize, lang: Lang) -> impl IntoView {
    let l = lang;
    let state = use_app_state();
    let (tools_ready, explorer_ready) = use_context::<crate::ui::NetworkToolsReady>()
        .map_or_else(|| (Signal::derive(|| true), Signal::derive(|| true)), |r| (r.tools, r.explorer));
    let report = &result.analysis.report;
    let Some(rel) = report.network.relations.get(index) else { return ().into_any() };
    let shared = SharedRelation::new(result.clone(), index);
    let node_source = shared.clone().map(|rel| NodeRows::new(rel, l));
    let node_cols = node_source.as_ref().map(NodeRows::columns).unwrap_or_default();
    let node_rows = node_source.map_or_else(|| TableRows::from(Vec::new()), TableRows::lazy);
    let graph = shared.as_ref().and_then(SharedRelation::graph);
    let key = rel.key.clone();
    let communities = crate::report::communities_with_ties(&rel.nodes);
    let facts = graph_facts(report, rel, communities, l);
    let facts_line = facts_summary(report, rel, communities, &facts, l);
    let nodes_line = tf(l, "network.node_table_summary", &[("n", rel.nodes.len().to_string())]);
    let (facts_id, nodes_id) = (format!("graph-{key}"), format!("nodes-{key}"));
    let diagram_key = format!("network-{key}");
    let diagram = move || {
        let spec = state.diagrams.get()?.get(&diagram_key)?.clone();
        Some(view! { <ChartFigure chart=spec/> })
    };
    // The explorer starts from the analysis's layout, which comes just after the result;
    // until then it says the network is being laid out.
    let layouts = result.layouts.clone();
    // The explorer's colourings, built in the task before it mounts (see `later_colourings`).
    let (colours, asked) = (RwSignal::new(None), StoredValue::new(false));
    let explorer = shared.clone().zip(graph.clone()).map(|(rel, graph)| {
        move || {
            let layout = layouts.with(|p| p.as_ref().map(|p| p.positions.get(index).cloned().unwrap_or_default()));
            match (layout, colours.get()) {
                (Some(layout), Some(colourings)) => view! { <NetworkExplorer rel=rel.clone() graph=graph.clone() layout=layout colourings=colourings lang=l/> }.into_any(),
                (layout, _) => {
                    if layout.is_some() && !asked.get_value() {
                        asked.set_value(true);
                        later_colourings(colours, rel.clone(), l);
                    }
                    view! { <p class="note" data-testid="explorer-waiting">{t(l, "explorer.laying_out")}</p> }.into_any()
                }
            }
        }
    });
    let ego = move || {
        tools_ready.get().then(|| {
            shared
                .clone()
                .zip(graph.clone())
                .map(|(rel, graph)| view! { <EgoView rel=rel graph=graph lang=l/> })
        })
    };
    view! {
        <article class="relation">
            <h3>{crate::i18n::labelled(l, &t(l, "network.relation"), &relation_label(report, &rel.key, l))}</h3>
            {rel.settings.combined.then(|| view! { <p class="note">{t(l, "network.combined_note")}</p> })}
            {top_table(rel, l)}
            {diagram}
            // The long tables folded under a line of what they hold: the first screens are
            // the key players and the diagram.
            <Fold id="network-facts-title" title=t(l, "network.facts") summary=facts_line sub=true>
                <DataTable id=facts_id caption=t(l, "network.facts") columns=vec![Column::text(t(l, "metric.metric")), Column::metric(l, "metric.value")] rows=facts/>
            </Fold>
            <Fold id="network-nodes-title" title=t(l, "network.node_table") summary=nodes_line sub=true>
                <DataTable id=nodes_id caption=t(l, "network.node_table") columns=node_cols rows=node_rows/>
            </Fold>
            {move || explorer_ready.get().then(|| explorer.clone())}
            {ego}
        </article>
    }
    .into_any()
}

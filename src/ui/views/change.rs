//! The Change view: survey rounds compared (report `waves`). Who joined and left, each
//! dimension's change with its tests, each organization's change against the reliable-change
//! band, each relation's tie changes and community flow, and matches to check; without rounds,
//! how to add them.

use leptos::prelude::*;

use crate::charts::gallery::ChartSpec;
use crate::findings::{Kind, change as change_findings};
use crate::i18n::{Lang, t, tf};
use crate::labels::relation_label;
use crate::report::Report;
use crate::report::format::num;
use crate::report::rounds::{Comparison, DimensionChange, RelationChange, WavesReport};
use crate::ui::state::use_app_state;
use crate::ui::views::charts::ChartFigure;

/// A table with a caption, header cells and rows of text (the first cell a row header).
fn table(
    caption: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    testid: &'static str,
) -> impl IntoView + use<> {
    let head = headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view();
    let body = rows
        .into_iter()
        .map(|r| {
            let mut cells = r.into_iter();
            let first = cells.next().unwrap_or_default();
            let rest = cells.map(|c| view! { <td class="num">{c}</td> }).collect_view();
            view! { <tr><th scope="row">{first}</th>{rest}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data" data-testid=testid>
                <caption>{caption}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// Organizations per round, and joined / left / stayed with their names.
fn members(w: &WavesReport, l: Lang) -> impl IntoView + use<> {
    let c = &w.comparison;
    let m = &c.organizations;
    let counts = table(
        t(l, "change.members_title"),
        std::iter::once(t(l, "change.round")).chain(std::iter::once(t(l, "change.organizations"))).collect(),
        w.labels.iter().zip(&m.per_wave).map(|(label, n)| vec![label.clone(), n.to_string()]).collect(),
        "change-members",
    );
    let list = |key: &str, names: &[String]| {
        let title = format!("{} ({})", t(l, key), names.len());
        let text = crate::labels::join_names(names, l);
        view! { <details><summary>{title}</summary><p>{text}</p></details> }
    };
    view! {
        {counts}
        <p class="muted">{tf(l, "change.compared", &[("from", w.labels[c.from].clone()), ("to", w.labels[c.to].clone())])}</p>
        {list("change.joined", &m.joined)}
        {list("change.left", &m.left)}
        {list("change.stayed", &m.stayed)}
    }
}

/// One row of the dimension table.
fn dimension_row(d: &DimensionChange, l: Lang) -> Vec<String> {
    let method = d.wilcoxon_method.as_ref().map(|m| t(l, &format!("change.method_{m}"))).unwrap_or_default();
    let mut row = vec![crate::charts::rounds::dimension_label(d, l)];
    row.extend(d.means.iter().map(|m| num(*m, 2, l)));
    row.extend([
        d.n_paired.to_string(),
        num(d.change, 2, l),
        num(d.t, 2, l),
        num(d.t_p, 3, l),
        num(d.wilcoxon_p, 3, l),
        method,
        num(d.dz, 2, l),
    ]);
    row
}

fn dimensions(w: &WavesReport, l: Lang) -> impl IntoView + use<> {
    let mut headers = vec![t(l, "capacity.dimension")];
    headers.extend(w.labels.iter().cloned());
    for k in [
        "change.n_paired",
        "change.mean_change",
        "change.t",
        "change.t_p",
        "change.wilcoxon_p",
        "change.method",
        "change.dz",
    ] {
        headers.push(t(l, k));
    }
    let rows = w.comparison.capacity.dimensions.iter().map(|d| dimension_row(d, l)).collect();
    table(t(l, "change.dimensions_title"), headers, rows, "change-dimensions")
}

/// One relation's numbers per round and its tie changes.
fn relation(w: &WavesReport, rel: &RelationChange, report: &Report, l: Lang) -> impl IntoView + use<> {
    let name = relation_label(report, &rel.relation, l);
    let mut headers = vec![t(l, "change.round")];
    for k in [
        "network.nodes",
        "change.edges",
        "network.density",
        "network.reciprocity",
        "change.transitivity",
        "network.modularity",
    ] {
        headers.push(t(l, k));
    }
    let labels = &w.labels;
    let rows = rel
        .per_wave
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let g = g.as_ref()?;
            Some(vec![
                labels.get(i).cloned().unwrap_or_default(),
                g.nodes.to_string(),
                g.edges.to_string(),
                num(g.density, 3, l),
                num(g.reciprocity, 3, l),
                num(Some(g.transitivity), 3, l),
                num(g.modularity, 3, l),
            ])
        })
        .collect();
    let per_round = table(name.clone(), headers, rows, "change-network");
    let summary = table(
        tf(
            l,
            "change.ties_title",
            &[
                ("relation", name.clone()),
                ("from", labels[w.comparison.from].clone()),
                ("to", labels[w.comparison.to].clone()),
            ],
        ),
        vec![
            t(l, "network.relation"),
            t(l, "change.ties_added"),
            t(l, "change.ties_dropped"),
            t(l, "change.ties_kept"),
            t(l, "change.jaccard"),
            t(l, "change.ari"),
        ],
        vec![vec![
            name,
            rel.ties_added.to_string(),
            rel.ties_dropped.to_string(),
            rel.ties_kept.to_string(),
            num(rel.jaccard, 2, l),
            num(rel.community_ari, 2, l),
        ]],
        "change-ties",
    );
    let nodes = node_table(rel, l);
    view! { {per_round} {summary} {nodes} }
}

/// Organizations in both rounds: in-degree and betweenness in each and the change, biggest
/// in-degree changes first.
fn node_table(rel: &RelationChange, l: Lang) -> impl IntoView + use<> {
    let mut nodes: Vec<_> = rel.nodes.iter().filter(|n| n.in_degree.is_some()).collect();
    nodes.sort_by(|a, b| b.in_degree.map(i64::abs).cmp(&a.in_degree.map(i64::abs)).then(a.name.cmp(&b.name)));
    let count = |x: Option<usize>| x.map_or_else(|| t(l, "common.undefined"), |v| v.to_string());
    let rows = nodes
        .iter()
        .map(|n| {
            vec![
                n.name.clone(),
                format!("{} → {}", count(n.in_degree_per_wave[0]), count(n.in_degree_per_wave[1])),
                n.in_degree.map(|d| format!("{d:+}")).unwrap_or_default(),
                format!(
                    "{} → {}",
                    num(n.betweenness_per_wave[0], 3, l),
                    num(n.betweenness_per_wave[1], 3, l)
                ),
                num(n.betweenness, 3, l),
            ]
        })
        .collect();
    let headers = vec![
        t(l, "capacity.org"),
        t(l, "network.in_degree"),
        t(l, "change.change"),
        t(l, "network.betweenness"),
        t(l, "change.change"),
    ];
    view! {
        <details>
            <summary>{t(l, "change.node_changes")}</summary>
            {table(t(l, "change.node_changes"), headers, rows, "change-nodes")}
        </details>
    }
}

/// Consecutive pairs of rounds (more than two rounds).
fn pairs(w: &WavesReport, l: Lang) -> Option<impl IntoView + use<>> {
    if w.pairs.is_empty() {
        return None;
    }
    let mut headers =
        vec![t(l, "change.pair"), t(l, "change.joined"), t(l, "change.left"), t(l, "change.stayed")];
    let dims: Vec<&DimensionChange> = w.comparison.capacity.dimensions.iter().collect();
    headers.extend(dims.iter().map(|d| crate::charts::rounds::dimension_label(d, l)));
    let rows = w
        .pairs
        .iter()
        .map(|p: &Comparison| {
            let mut row = vec![
                format!("{} → {}", w.labels[p.from], w.labels[p.to]),
                p.organizations.joined.len().to_string(),
                p.organizations.left.len().to_string(),
                p.organizations.stayed.len().to_string(),
            ];
            row.extend(dims.iter().map(|d| {
                let x = p.capacity.dimensions.iter().find(|x| x.key == d.key);
                num(x.and_then(|x| x.change), 2, l)
            }));
            row
        })
        .collect();
    Some(table(t(l, "change.pairs_title"), headers, rows, "change-pairs"))
}

/// Matches to check, when there are any.
fn uncertain(w: &WavesReport, l: Lang) -> Option<impl IntoView + use<>> {
    if w.uncertain.is_empty() {
        return None;
    }
    let rows = w
        .uncertain
        .iter()
        .map(|u| {
            vec![
                format!("{} ({})", u.earlier, u.rounds.0),
                format!("{} ({})", u.later, u.rounds.1),
                t(l, &format!("change.uncertain_{}", u.reason)),
            ]
        })
        .collect();
    let headers = vec![t(l, "change.earlier"), t(l, "change.later"), t(l, "change.why")];
    Some(view! {
        <h3>{t(l, "change.uncertain_title")}</h3>
        <p class="muted">{t(l, "change.uncertain_note")}</p>
        {table(t(l, "change.uncertain_title"), headers, rows, "change-uncertain")}
    })
}

/// The charts of the rounds with this id prefix.
fn figures(charts: &[ChartSpec], prefix: &str) -> impl IntoView + use<> {
    let list: Vec<ChartSpec> = charts.iter().filter(|c| c.id.starts_with(prefix)).cloned().collect();
    view! { <div class="gallery">{list.into_iter().map(|c| view! { <ChartFigure chart=c/> }).collect_view()}</div> }
}

/// The Change view.
#[component]
pub fn ChangeView() -> impl IntoView {
    let state = use_app_state();
    move || {
        let l = state.lang.get();
        let charts: Vec<ChartSpec> = state.charts.get().map(|c| c.gallery.clone()).unwrap_or_default();
        state.result.with(|r| {
            let report = &r.as_ref()?.analysis.report;
            let Some(w) = report.waves.as_ref() else {
                return Some(view! {
                    <section class="change" aria-labelledby="change-title" data-testid="change">
                        <h2 id="change-title">{t(l, "change.title")}</h2>
                        <p data-testid="change-empty">{t(l, "change.empty")}</p>
                    </section>
                }
                .into_any());
            };
            let said = change_findings(report)
                .into_iter()
                .filter(|f| matches!(f.kind, Kind::ChangeMembers | Kind::ChangeCapacity | Kind::ChangeNetwork))
                .map(|f| f.text(report, l))
                .collect::<Vec<_>>()
                .join(" ");
            let relations = w
                .comparison
                .network
                .iter()
                .map(|rel| {
                    let prefix = [format!("change-ties-{}", rel.relation), format!("change-flow-{}", rel.relation)];
                    let list: Vec<ChartSpec> =
                        charts.iter().filter(|c| prefix.contains(&c.id)).cloned().collect();
                    view! {
                        {relation(w, rel, report, l)}
                        <div class="gallery">{list.into_iter().map(|c| view! { <ChartFigure chart=c/> }).collect_view()}</div>
                    }
                })
                .collect_view();
            Some(view! {
                <section class="change" aria-labelledby="change-title" data-testid="change">
                    <h2 id="change-title">{t(l, "change.title")}</h2>
                    <p data-testid="change-summary">{said}</p>
                    {members(w, l)}
                    <h3>{t(l, "change.dimensions_title")}</h3>
                    {dimensions(w, l)}
                    {figures(&charts, "change-means")}
                    <h3>{t(l, "change.orgs_section")}</h3>
                    {figures(&charts, "change-orgs-")}
                    <h3>{t(l, "change.network_title")}</h3>
                    {relations}
                    {pairs(w, l)}
                    {uncertain(w, l)}
                    <details class="help">
                        <summary>{t(l, "table.help")}</summary>
                        <p>{t(l, "change.help")}</p>
                    </details>
                </section>
            }
            .into_any())
        })
    }
}

//! The Change view: survey rounds compared (report `waves`). Who joined and left, each
//! dimension's change in words (its tests folded), each organization's change against the reliable-change
//! band, each relation's tie changes and community flow, and matches to check; without rounds,
//! how to add them.

use leptos::prelude::*;

use crate::charts::gallery::ChartSpec;
use crate::export::change_tables::{self as ct, TextTable};
use crate::export::change_text;
use crate::findings::{Kind, change as change_findings};
use crate::i18n::{Lang, t, tf};
use crate::labels::relation_label;
use crate::report::Report;
use crate::report::format::num;
use crate::report::rounds::{RelationChange, WavesReport};
use crate::ui::state::use_app_state;
use crate::ui::views::charts::ChartFigure;

/// A table with a caption, header cells and rows of text (the first cell a row header); on a
/// phone each row is a card, each cell labelled by its header.
fn table(
    caption: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    testid: &'static str,
) -> impl IntoView + use<> {
    let head = headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view();
    let body = rows
        .into_iter()
        .map(|r| {
            let mut cells = r.into_iter();
            let first = cells.next().unwrap_or_default();
            let rest = cells
                .zip(headers.iter().skip(1).cloned())
                .map(|(c, label)| view! { <td class="num" data-label=label>{c}</td> })
                .collect_view();
            view! { <tr><th scope="row">{first}</th>{rest}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data cards" data-testid=testid>
                <caption>{caption}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// A shared text table as a view.
fn text_table(caption: String, x: TextTable, testid: &'static str) -> impl IntoView + use<> {
    table(caption, x.headers, x.rows, testid)
}

/// Organizations per round, and joined / left / stayed with their names.
fn members(w: &WavesReport, l: Lang) -> impl IntoView + use<> {
    let c = &w.comparison;
    let m = &c.organizations;
    let counts = text_table(t(l, "change.members_title"), ct::members(w, l), "change-members");
    let list = |key: &str, names: &[String]| {
        let title = crate::i18n::aside(l, &t(l, key), &names.len().to_string());
        let text = crate::labels::join_names(names, l);
        view! { <details><summary>{title}</summary><p>{text}</p></details> }
    };
    // One block, where the overview's finding on who joined and left opens the view.
    view! {
        <div class="change-members" id=crate::findings::anchor::CHANGE_MEMBERS>
            {counts}
            <p class="muted">{tf(l, "change.compared", &[("from", w.labels[c.from].clone()), ("to", w.labels[c.to].clone())])}</p>
            {list("change.joined", &m.joined)}
            {list("change.left", &m.left)}
            {list("change.stayed", &m.stayed)}
        </div>
    }
}

/// Organizations with a reliable improvement or decline, with the counts in words.
fn reliable(w: &WavesReport, l: Lang) -> impl IntoView + use<> {
    let (improved, declined, n) = ct::reliable_counts(w);
    let x = ct::reliable(w, l);
    let said = if x.rows.is_empty() {
        t(l, "change.reliable_none")
    } else {
        let args =
            [("n", n.to_string()), ("improved", improved.to_string()), ("declined", declined.to_string())];
        tf(l, "change.reliable_counts", &args)
    };
    let shown = (!x.rows.is_empty()).then(|| text_table(t(l, "change.reliable_title"), x, "change-reliable"));
    view! { <p data-testid="change-reliable-said">{said}</p> {shown} }
}

/// One relation's numbers per round and its tie changes.
fn relation(w: &WavesReport, rel: &RelationChange, report: &Report, l: Lang) -> impl IntoView + use<> {
    let name = relation_label(report, &rel.relation, l);
    let per_round = text_table(name.clone(), ct::relation_rounds(w, rel, l), "change-network");
    let ties = ct::ties(report, w, l);
    let row = ties.rows.into_iter().filter(|r| r.first() == Some(&name)).collect();
    let details_name = name.clone();
    let labels = &w.labels;
    let caption = tf(
        l,
        "change.ties_title",
        &[
            ("relation", name),
            ("from", labels[w.comparison.from].clone()),
            ("to", labels[w.comparison.to].clone()),
        ],
    );
    let summary = table(caption, ties.headers, row, "change-ties");
    let scope = change_text::ties_scope(rel, w, l)
        .map(|s| view! { <p class="muted" data-testid="change-ties-scope">{s}</p> });
    let details = ct::ties_details(report, w, l);
    let row = details.rows.into_iter().filter(|r| r.first() == Some(&details_name)).collect();
    let details = details_fold(
        t(l, "change.ties_details"),
        table(t(l, "change.ties_details"), details.headers, row, "change-ties-details"),
    );
    let nodes = node_table(rel, l);
    view! { {per_round} {summary} {scope} {details} {nodes} }
}

/// A folded section of technical numbers under a plain table, closed until asked for.
fn details_fold<B: IntoView + 'static>(summary: String, body: B) -> impl IntoView + use<B> {
    view! { <details class="help"><summary>{summary}</summary>{body}</details> }
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

/// Consecutive pairs of rounds (more than two rounds): membership and capacity change, then
/// each relation's ties, one row per pair.
fn pairs(w: &WavesReport, report: &Report, l: Lang) -> Option<impl IntoView + use<>> {
    if w.pairs.is_empty() {
        return None;
    }
    let capacity = text_table(t(l, "change.pairs_title"), ct::pairs_capacity(w, l), "change-pairs");
    let ties = ct::pairs_ties(report, w, l)
        .into_iter()
        .map(|(name, x)| {
            text_table(tf(l, "change.pairs_ties", &[("relation", name)]), x, "change-pairs-ties")
        })
        .collect_view();
    Some(view! {
        <h3 id="change-pairs">{t(l, "change.pairs_title")}</h3>
        <p class="muted">{t(l, "change.pairs_note")}</p>
        {capacity}
        {ties}
    })
}

/// Matches to check, when there are any.
fn uncertain(w: &WavesReport, l: Lang) -> Option<impl IntoView + use<>> {
    let TextTable { headers, rows } = ct::uncertain(w, l)?;
    Some(view! {
        <h3>{t(l, "change.uncertain_title")}</h3>
        <p class="muted">{t(l, "change.uncertain_note")}</p>
        {table(t(l, "change.uncertain_title"), headers, rows, "change-uncertain")}
    })
}

/// A warning per dimension whose items hang together poorly in a compared round (its change
/// only indicative), as a list; nothing when every α is high enough.
fn low_alpha(w: &WavesReport, l: Lang) -> Option<impl IntoView + use<>> {
    let said = change_text::low_reliability(w, l);
    (!said.is_empty()).then(|| {
        let items = said.into_iter().map(|s| view! { <li>{s}</li> }).collect_view();
        view! { <ul class="note warn low-alpha" data-testid="change-low-alpha">{items}</ul> }
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
            // The answer first, in one plain sentence; the findings' fuller text folded under it
            // (on a phone it was a dense paragraph before anything else).
            let lead = change_text::lead(report, w, l).map(|s| view! { <p class="lead" data-testid="change-lead"><strong>{s}</strong></p> });
            let growth = change_text::growth(report, w, l).map(|s| view! { <p data-testid="change-growth">{s}</p> });
            let low_alpha = low_alpha(w, l);
            let skipped = ct::skipped_note_parts(w, l).map(|n| {
                view! { <p data-testid="change-skipped">{n.before}<a href="#change-pairs">{n.section}</a>{n.after}</p> }
            });
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
                    {lead}
                    {growth}
                    <details class="help" data-testid="change-summary-fold">
                        <summary>{t(l, "change.summary_more")}</summary>
                        <p data-testid="change-summary">{said}</p>
                    </details>
                    {skipped}
                    {members(w, l)}
                    <h3 id=crate::findings::anchor::CHANGE_CAPACITY>{t(l, "change.dimensions_title")}</h3>
                    {low_alpha}
                    {text_table(t(l, "change.dimensions_title"), ct::dimensions(w, l), "change-dimensions")}
                    {details_fold(t(l, "change.tests_title"), text_table(t(l, "change.tests_title"), ct::dimension_tests(w, l), "change-tests"))}
                    {figures(&charts, "change-means")}
                    <h3>{t(l, "change.orgs_section")}</h3>
                    {reliable(w, l)}
                    {figures(&charts, "change-orgs-")}
                    <h3 id=crate::findings::anchor::CHANGE_NETWORK>{t(l, "change.network_title")}</h3>
                    {relations}
                    {pairs(w, report, l)}
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

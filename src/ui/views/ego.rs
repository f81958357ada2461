//! The ego network of an organization the user picks: partners, ties among them, brokerage
//! and a small diagram (drawn on the main thread; the graph is small).

use leptos::prelude::*;

use crate::charts::network::ego_diagram;
use crate::i18n::{Lang, t, tf};
use crate::network::ego::ego_network;
use crate::report::format::num;
use crate::ui::state::{SharedGraph, SharedRelation};
use crate::ui::views::charts::{ChartDownloads, ORG_SELECT_MAX};
use crate::ui::views::picker::{OwnForm, options_html};
use crate::ui::views::table::{Cell, Column, DataTable};

/// Ego view of one relation; starts on the organization with the most partners.
#[component]
pub fn EgoView(rel: SharedRelation, graph: SharedGraph, lang: Lang) -> impl IntoView {
    let l = lang;
    let n = graph.node_count();
    let start =
        (0..n).max_by(|a, b| graph.und(*a).len().cmp(&graph.und(*b).len()).then(b.cmp(a))).unwrap_or(0);
    let picked = RwSignal::new(start);
    let picker = if n <= ORG_SELECT_MAX {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|a, b| rel.nodes[*a].name.cmp(&rel.nodes[*b].name));
        // Named as the organization picker names them: one that did not answer says so.
        let labels: Vec<String> = order
            .iter()
            .map(|v| {
                let node = &rel.nodes[*v];
                if node.respondent {
                    node.name.clone()
                } else {
                    crate::i18n::tf(l, "org.not_answered", &[("name", node.name.clone())])
                }
            })
            .collect();
        let options = options_html(
            order.iter().zip(&labels).map(|(v, label)| (v.to_string(), label.as_str())),
            Some(&start.to_string()),
        );
        let on_pick = move |ev: leptos::ev::Event| {
            if let Ok(v) = event_target_value(&ev).parse::<usize>() {
                picked.set(v);
            }
        };
        view! { <OwnForm><select data-testid="ego-select" on:change=on_pick inner_html=options></select></OwnForm> }
            .into_any()
    } else {
        // Looked up in the shared result (a copy of 100,000 names and ids was part of the
        // network section's first mount).
        let lookup = rel.clone();
        let on_name = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            let v = v.trim();
            if let Some(i) = lookup.nodes.iter().position(|x| x.name == v || x.id == v) {
                picked.set(i);
            }
        };
        let placeholder = rel.nodes.get(start).map(|x| x.name.clone()).unwrap_or_default();
        view! { <input type="search" class="search" data-testid="ego-search" placeholder=placeholder on:change=on_name/> }
            .into_any()
    };
    let key = rel.key.clone();
    // The ego network, its diagram and table come a task after the rest: for a 100,000-node
    // network they made the network tools' mount a task of about 50 ms.
    let due = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        crate::ui::browser::next_task().await;
        due.try_set(true);
    });
    let body = move || {
        if !due.get() {
            return None;
        }
        let v = picked.get();
        let e = ego_network(&graph, v);
        let node = rel.nodes.get(v)?;
        let summary = tf(
            l,
            "ego.summary",
            &[
                ("partners", e.alters.len().to_string()),
                ("ties", e.ties.len().to_string()),
                ("density", num(e.density, 3, l)),
                ("effective", num(node.effective_size, 2, l)),
                ("constraint", num(node.constraint, 3, l)),
            ],
        );
        let rows: Vec<Vec<Cell>> = e
            .alters
            .iter()
            .map(|a| {
                let dir = match (a.named, a.named_by) {
                    (true, true) => t(l, "ego.mutual"),
                    (true, false) => t(l, "ego.names"),
                    _ => t(l, "ego.named_by"),
                };
                let p = &rel.nodes[a.node];
                vec![
                    Cell::text(p.name.clone()),
                    Cell::text(dir),
                    Cell::text(crate::labels::community_name(&rel, p.community, l)),
                    Cell::text(if p.respondent { t(l, "common.yes") } else { t(l, "common.no") }),
                ]
            })
            .collect();
        let svg: std::sync::Arc<str> = ego_diagram(&rel, &e, l).unwrap_or_default().into();
        // Named as the diagram's title says (单个机构的自我中心网络-机构名@2x.png).
        let stem = crate::export::label_file_stem(&format!("{} {}", t(l, "ego.title"), node.name), "ego");
        let columns = vec![
            Column::text(t(l, "ego.partners")),
            Column::text(t(l, "ego.direction")),
            Column::text(t(l, "network.community")),
            Column::text(t(l, "network.respondent")),
        ];
        Some(view! {
            <p data-testid="ego-summary">{summary}</p>
            <figure class="chart" data-testid="chart-ego">
                <div class="svg" role="img" aria-label=t(l, "ego.diagram") inner_html=svg.to_string()></div>
                <figcaption>{t(l, "ego.diagram")}<ChartDownloads stem=stem svg=svg/></figcaption>
            </figure>
            <DataTable id=format!("ego-{}", key) caption=t(l, "ego.partners") columns=columns rows=rows/>
        })
    };
    view! {
        <section class="ego" data-testid="ego">
            <h4>{t(l, "ego.title")}</h4>
            <label class="inline">
                {t(l, "ego.pick")} " "
                {picker}
            </label>
            {body}
        </section>
    }
}

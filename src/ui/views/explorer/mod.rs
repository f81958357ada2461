//! The interactive network view: zoom (buttons, wheel, + and −), pan (drag, arrow keys),
//! search an organization (focus on its ego network), size nodes by a metric, hover for
//! names, click or tap a node for its details, and a live layout that can be paused,
//! resumed and replayed. Up to [`MAX_LAYOUT_NODES`] nodes the view starts from the
//! analysis's layout, and up to [`SVG_MAX_TIES`] ties too it is an SVG from
//! `charts::explorer` (escaped); otherwise it is a canvas (`ui::network_canvas`), and above
//! [`MAX_LAYOUT_NODES`] nodes the layout forms live in a worker (`ui::live_layout`), drawn
//! frame by frame. Names beside the nodes are a layer of their own, drawn at 12 CSS pixels
//! (11 on a phone) whatever the zoom, leaving out names that would overlap.
//!
//! Ties can be coloured and widened by a tie dimension (`charts::tie_style`), with their
//! legend and the table of the rated ties.
//!
//! The pieces: [`state`] (the signals and actions), [`controls`], [`canvas`] (the drawing)
//! and [`legend`] (what the colours mean, and the colour choices).

mod canvas;
mod controls;
mod legend;
mod state;

use std::sync::Arc;

use leptos::prelude::*;

pub use legend::colourings;

use crate::charts::explorer::{Colouring, drawn_ties};
use crate::i18n::{Lang, t, tf};
use crate::network::layout::{MAX_LAYOUT_NODES, MAX_LIVE_NODES};
use crate::report::format::num;
use crate::ui::network_canvas;
use crate::ui::state::{SharedGraph, SharedRelation};
use canvas::{ExplorerCanvas, tie_style, track_scene};
use controls::{ExplorerControls, LayoutControls};
use legend::{ExplorerLegend, TieLegend};
use state::ExplorerState;

/// Most ties drawn as SVG: an SVG element per tie makes the browser parse, style and lay out
/// tens of thousands of elements when the view appears (a 5,000/50,000 network held the page
/// for 0.14 s), where a canvas draws them in a few milliseconds.
pub const SVG_MAX_TIES: usize = 5_000;

/// One relation's explorer.
#[component]
pub fn NetworkExplorer(
    /// The relation, inside the shared result.
    rel: SharedRelation,
    graph: SharedGraph,
    layout: Vec<(f64, f64)>,
    /// Colour choices besides the community: (key, label, colours).
    colourings: Arc<Vec<(String, String, Colouring)>>,
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    let n = graph.node_count();
    if n == 0 || n > MAX_LIVE_NODES || (layout.is_empty() && n <= MAX_LAYOUT_NODES && n > 1) {
        return view! {
            <section class="explorer" data-testid="explorer">
                <h4>{t(l, "explorer.title")}</h4>
                <p class="note">{t(l, "explorer.too_large")}</p>
            </section>
        }
        .into_any();
    }
    let canvas_mode = n > MAX_LAYOUT_NODES || graph.edge_count() > SVG_MAX_TIES;
    let from_analysis = !layout.is_empty();
    let st = ExplorerState::new(layout, n, rel.settings.seed);
    let (graph, rel) = (Arc::new(graph), Arc::new(rel));
    if !from_analysis {
        // In the task after the mount: copying a million ties for the layout's worker made
        // the mount's task about 30 ms longer. Not if the explorer is gone by then (its
        // cleanup, which stops the layout, has run).
        let graph = graph.clone();
        leptos::task::spawn_local(async move {
            crate::ui::browser::next_task().await;
            if st.layout_state.try_get_untracked().is_some() {
                st.start_live(&graph);
            }
        });
    }
    on_cleanup(move || st.stop_live());
    let ties = tie_style(st, rel.clone(), graph.clone());
    track_scene(st, rel.clone(), graph.clone(), colourings.clone(), ties);
    let m = graph.edge_count();
    let drawn = drawn_ties(m, network_canvas::EDGE_LIMIT);
    let sample_note = (canvas_mode && drawn < m).then(|| {
        view! {
            <p class="note" data-testid="explorer-sample">
                {tf(l, "explorer.sampled_ties", &[("drawn", drawn.to_string()), ("ties", m.to_string())])}
            </p>
        }
    });
    let key = rel.key.clone();
    let (rel_details, graph_details, rel_table) = (rel.clone(), graph.clone(), rel.clone());
    view! {
        <section class="explorer" data-testid="explorer" data-key=key data-frames=move || st.frames.get()>
            <h4>{t(l, "explorer.title")}</h4>
            <LayoutControls st=st graph=graph.clone() lang=l/>
            <ExplorerControls st=st rel=rel.clone() colourings=colourings.clone() lang=l/>
            <ExplorerCanvas st=st rel=rel.clone() graph=graph.clone() canvas_mode=canvas_mode lang=l/>
            <ExplorerLegend rel=rel.clone() colourings=colourings colour_by=st.colour_by lang=l/>
            <TieLegend rel=rel.clone() style=ties tie_by=st.tie_by lang=l/>
            {sample_note}
            <p class="note help-pointer" data-testid="explorer-help">{t(l, "explorer.help")}</p>
            <p class="note help-touch" data-testid="explorer-help-touch">{t(l, "explorer.help_touch")}</p>
            {move || focus_details(st, &rel_details, &graph_details, l)}
            {move || st.tie_by.get().is_some().then(|| rated_ties_table(&rel_table, l))}
        </section>
    }
    .into_any()
}

/// The data table of the ties coloured by a tie dimension: every rated tie of the relation,
/// who rated whom, with its mean score on each tie dimension.
fn rated_ties_table(rel: &SharedRelation, l: Lang) -> impl IntoView + use<> {
    use crate::ui::views::table::{Cell, Column, DataTable};
    let mut columns = vec![Column::text(t(l, "explorer.rater")), Column::text(t(l, "explorer.rated"))];
    columns.extend(rel.tie_dimensions.iter().map(|d| Column::num(crate::labels::tie_dimension_label(d, l))));
    let name = |v: usize| rel.nodes.get(v).map(|n| Cell::org(n.name.clone(), n.id.clone()));
    let rows: Vec<Vec<Cell>> = rel
        .rated_ties
        .iter()
        .filter_map(|tie| {
            let mut row = vec![name(tie.source)?, name(tie.target)?];
            row.extend(rel.tie_dimensions.iter().map(|d| {
                // Not rated on it is not "not defined": said in words.
                let v = tie.ratings.get(&d.key).copied();
                Cell::num(v.map_or_else(|| t(l, "explorer.ties_unrated"), |x| num(Some(x), 2, l)), v)
            }));
            Some(row)
        })
        .collect();
    view! {
        <DataTable id=format!("rated-ties-{}", rel.key) caption=t(l, "explorer.ties_table") columns=columns rows=rows row_testid="rated-tie"/>
    }
}

/// The focused organization's numbers, a link to its page and a button clearing the focus.
fn focus_details(st: ExplorerState, rel: &SharedRelation, graph: &SharedGraph, l: Lang) -> Option<AnyView> {
    let v = st.focus.get()?;
    let n = rel.nodes.get(v)?;
    let text = tf(
        l,
        "explorer.details",
        &[
            ("name", n.name.clone()),
            ("in", n.in_degree.to_string()),
            ("out", n.out_degree.to_string()),
            ("betweenness", num(n.betweenness, 3, l)),
            ("community", crate::labels::community_name(rel, n.community, l)),
            ("partners", graph.und(v).len().to_string()),
        ],
    );
    Some(
        view! {
            <p data-testid="explorer-details">
                {text} " "
                <button class="link" data-testid="explorer-open-org" data-org=n.id.clone()>{t(l, "org.open")}</button>
                " "
                <button class="link" data-testid="explorer-clear" on:click=move |_| st.focus.set(None)>{t(l, "explorer.clear")}</button>
            </p>
        }
        .into_any(),
    )
}

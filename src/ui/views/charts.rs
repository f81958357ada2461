//! The chart gallery: every chart with its title, description, SVG/PNG downloads and its data
//! table; network charts for a chosen relation; a radar profile for a chosen organization.

use leptos::prelude::*;

use crate::charts::gallery::ChartSpec;
use crate::i18n::{t, tf};
use crate::ui::browser::{LazySvg, download, download_png};
use crate::ui::state::use_app_state;
use crate::ui::views::fold::Fold;
use crate::ui::views::picker::{LabelledSelect, index_select};
use crate::ui::views::table::{Cell, Column, DataTable};

/// Above this many organizations an organization is typed, not picked from a list (a list of
/// 100,000 options takes seconds to build and is unusable anyway).
pub const ORG_SELECT_MAX: usize = 1000;

/// One chart: the SVG (an image with an accessible name), its description, downloads, and
/// the numbers behind it in a collapsible table, built when it is first opened (twenty
/// closed tables were a sixth of the demo's page).
#[component]
pub fn ChartFigure(chart: ChartSpec) -> impl IntoView {
    let lang = use_app_state().lang;
    // Named from the chart's title in the UI language (网络图-知识分享@2x.png), not its id.
    let stem = crate::export::label_file_stem(&chart.title, &chart.id);
    let (chart_headers, chart_rows) = (chart.headers.clone(), chart.rows.clone());
    let alt = crate::i18n::sentences(lang.get_untracked(), &chart.title, &chart.description);
    let image = match LazySvg::size(&chart.svg) {
        Some((w, h)) => {
            // The source is made when the image comes near the screen (see `LazySvg`).
            let img = NodeRef::<leptos::html::Img>::new();
            let lazy = LazySvg::new(chart.svg.clone());
            let attach = lazy.clone();
            img.on_load(move |el| attach.attach(&el));
            on_cleanup(move || lazy.release());
            view! { <img class="svg" node_ref=img alt=alt width=w.to_string() height=h.to_string() decoding="async"/> }.into_any()
        }
        // Not an SVG with a size (never for our charts): show it inline.
        None => view! { <div class="svg" role="img" aria-label=alt inner_html=chart.svg.to_string()></div> }
            .into_any(),
    };
    let values = chart_values(chart.svg.clone());
    let opened = RwSignal::new(false);
    let (table_id, caption) = (format!("chart-{}", chart.id), chart.title.clone());
    // The table's cells are made when it is first opened (a scatter plot has a row per node),
    // and its columns' kinds found then too (reading every cell of a 100,000-row chart made
    // the mount of the network charts a task of 60–80 ms).
    let table = move || {
        opened.get().then(|| {
            let (numeric, columns) = table_columns(&chart_headers, &chart_rows);
            let cell = |(c, v): (usize, &String)| match numeric.get(c) {
                Some(true) => Cell::num(v.clone(), number_in(v)),
                _ => Cell::text(v.clone()),
            };
            let rows: Vec<Vec<Cell>> =
                chart_rows.iter().map(|r| r.iter().enumerate().map(cell).collect()).collect();
            view! { <DataTable id=table_id.clone() caption=caption.clone() columns=columns rows=rows/> }
        })
    };
    let on_toggle = move |ev: leptos::ev::Event| {
        let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
        if open {
            opened.set(true);
        }
    };
    view! {
        <figure class="chart" data-testid=format!("chart-{}", chart.id)>
            {values(image.into_any())}
            <figcaption>
                <strong>{chart.title.clone()}</strong>" — "{chart.description.clone()}
                <ChartDownloads stem=stem svg=chart.svg.clone()/>
            </figcaption>
            <details on:toggle=on_toggle>
                <summary>{move || t(lang.get(), "chart.table")}</summary>
                {table}
            </details>
        </figure>
    }
}

/// A chart's downloads, named `stem`: its SVG, and PNGs at twice and four times its size.
#[component]
pub fn ChartDownloads(stem: String, svg: std::sync::Arc<str>) -> impl IntoView {
    let lang = use_app_state().lang;
    let (svg_file, png2, png4) = (format!("{stem}.svg"), format!("{stem}@2x.png"), format!("{stem}@4x.png"));
    let (s1, s2, s3) = (svg.clone(), svg.clone(), svg);
    view! {
        <span class="chart-actions">
            " "
            <button class="link" data-testid="download-svg" on:click=move |_| download(&svg_file, "image/svg+xml", s1.as_bytes())>
                {move || t(lang.get(), "action.download_svg")}
            </button>
            " · "
            <button class="link" data-testid="download-png2" on:click=move |_| download_png(&png2, &s2, 2.0)>
                {move || t(lang.get(), "action.download_png2")}
            </button>
            " · "
            <button class="link" data-testid="download-png4" on:click=move |_| download_png(&png4, &s3, 4.0)>
                {move || t(lang.get(), "action.download_png4")}
            </button>
        </span>
    }
}

/// Which of a chart table's columns are numeric, and the columns: a column of numbers (or
/// percentages) is numeric: right-aligned, as narrow as its numbers, sorted by value.
fn table_columns(headers: &[String], rows: &[Vec<String>]) -> (Vec<bool>, Vec<Column>) {
    let numeric: Vec<bool> = (0..headers.len())
        .map(|c| {
            let mut cells = rows.iter().filter_map(|r| r.get(c)).filter(|v| !v.trim().is_empty()).peekable();
            cells.peek().is_some() && cells.all(|v| number_in(v).is_some())
        })
        .collect();
    let columns = headers
        .iter()
        .zip(&numeric)
        .map(|(h, n)| if *n { Column::num(h.clone()) } else { Column::text(h.clone()) })
        .collect();
    (numeric, columns)
}

/// The number a chart table's cell shows ("3.12", "−0.4", "19.6%"), `None` for words.
fn number_in(text: &str) -> Option<f64> {
    let t = text.trim().trim_end_matches('%').replace('−', "-").replace(',', "");
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The chart's picture in a frame that shows a mark's value (its SVG `<title>`) under the
/// chart when the pointer is on it, and steps through the marks with the arrow keys when the
/// frame has the focus. The picture is an image until the pointer or the focus first comes
/// (one element, not hundreds, see `LazySvg`), then the SVG itself (whose `<title>`s the
/// browser shows on hover too); the downloads are unchanged.
fn chart_values(svg: std::sync::Arc<str>) -> impl FnOnce(AnyView) -> AnyView {
    let lang = use_app_state().lang;
    let inline = RwSignal::new(false);
    let readout = RwSignal::new(String::new());
    let frame = NodeRef::<leptos::html::Div>::new();
    let step: StoredValue<Option<usize>> = StoredValue::new(None);
    let show = move || inline.set(true);
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let el = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
        let tip = el.and_then(titled).and_then(|g| g.first_element_child()).and_then(|t| t.text_content());
        readout.set(tip.unwrap_or_default());
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let forward = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => true,
            "ArrowLeft" | "ArrowUp" => false,
            "Escape" => {
                readout.set(String::new());
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        inline.set(true);
        let Some(root) = frame.get_untracked() else { return };
        let Ok(tips) = root.query_selector_all(".svg g > title:first-child") else { return };
        let n = tips.length() as usize;
        if n == 0 {
            return;
        }
        let next = match step.get_value() {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None if forward => 0,
            None => n - 1,
        };
        step.set_value(Some(next));
        if let Ok(Some(old)) = root.query_selector(".tip-on") {
            let _ = old.class_list().remove_1("tip-on");
        }
        if let Some(title) = tips.item(next as u32) {
            if let Some(g) = title.parent_element() {
                let _ = g.class_list().add_1("tip-on");
            }
            readout.set(title.text_content().unwrap_or_default());
        }
    };
    move |image: AnyView| {
        let picture =
            move || inline.get().then(|| view! { <div class="svg" inner_html=svg.to_string()></div> });
        view! {
            <div class="chart-frame" node_ref=frame tabindex="0" aria-label=move || t(lang.get(), "chart.values_hint")
                on:pointerenter=move |_| show() on:focus=move |_| show() on:pointermove=on_move
                on:pointerleave=move |_| readout.set(String::new()) on:keydown=on_key>
                <div class="chart-image" hidden=move || inline.get()>{image}</div>
                {picture}
            </div>
            <p class="chart-readout" data-testid="chart-readout" aria-live="polite" hidden=move || readout.with(String::is_empty)>{move || readout.get()}</p>
        }
        .into_any()
    }
}

/// The element holding a mark's `<title>` (a `<g>` whose first child is the title), from an
/// element under the pointer.
fn titled(el: web_sys::Element) -> Option<web_sys::Element> {
    let mut at = Some(el);
    while let Some(e) = at {
        if e.tag_name() == "svg" {
            return None;
        }
        if e.first_element_child().is_some_and(|c| c.tag_name() == "title") {
            return Some(e);
        }
        at = e.parent_element();
    }
    None
}

/// The capacity charts (every chart not of a relation, the means chart excepted: it is shown
/// with the dimension table; the survey rounds' `change-` charts are in the Change view).
#[component]
pub fn CapacityCharts() -> impl IntoView {
    let state = use_app_state();
    move || {
        let charts = state.charts.get()?;
        let l = state.lang.get();
        let capacity: Vec<ChartSpec> = charts
            .gallery
            .iter()
            .filter(|c| c.relation.is_none() && c.id != "means" && !c.id.starts_with("change-"))
            .cloned()
            .collect();
        let summary = tf(l, "fold.charts", &[("n", capacity.len().to_string())]);
        (!capacity.is_empty()).then(|| {
            view! {
                <section class="charts" aria-labelledby="charts-title" data-testid="charts">
                    <Fold id="charts-title" title=t(l, "charts.capacity_title") summary=summary>
                        <div class="gallery">
                            {capacity.into_iter().map(|c| view! { <ChartFigure chart=c/> }).collect_view()}
                        </div>
                    </Fold>
                </section>
            }
        })
    }
}

/// The network charts of one relation at a time (its diagram is shown with its details).
#[component]
pub fn NetworkCharts() -> impl IntoView {
    let state = use_app_state();
    let relation = RwSignal::new(0usize);
    // Each new result's charts open on its main relation, as the overview speaks of it.
    crate::ui::nav::open_on_main_relation(state, relation);
    move || {
        let r = state.result.get()?;
        let charts = state.charts.get()?;
        let l = state.lang.get();
        let report = &r.analysis.report;
        if report.network.relations.is_empty() {
            return None;
        }
        let keys: Vec<String> = report.network.relations.iter().map(|x| x.key.clone()).collect();
        let labels: Vec<String> = keys.iter().map(|k| crate::labels::relation_label(report, k, l)).collect();
        let summary = tf(l, "fold.network_charts", &[("n", labels.len().to_string())]);
        let gallery = charts.gallery.clone();
        let relation_charts = move || {
            let key = keys.get(relation.get())?.clone();
            let list: Vec<ChartSpec> = gallery
                .iter()
                .filter(|c| c.relation.as_deref() == Some(key.as_str()) && !c.id.starts_with("network-"))
                .cloned()
                .collect();
            Some(list.into_iter().map(|c| view! { <ChartFigure chart=c/> }).collect_view())
        };
        Some(view! {
            <section class="charts" aria-labelledby="network-charts-title" data-testid="network-charts">
                <Fold id="network-charts-title" title=t(l, "charts.network_title") summary=summary>
                    <LabelledSelect label=t(l, "charts.relation")>
                        {index_select(labels, relation, "chart-relation")}
                    </LabelledSelect>
                    <div class="gallery">{relation_charts}</div>
                </Fold>
            </section>
        })
    }
}

/// Organization `i`'s radar over the sample median, as a chart figure (`chart-radar-organization`).
pub fn radar_figure(
    report: &crate::report::Report,
    i: usize,
    l: crate::i18n::Lang,
) -> Option<impl IntoView + use<>> {
    if report.capacity.dimensions.len() < 3 {
        return None;
    }
    let (svg, table) = crate::charts::capacity::radar_organization(report, i, l).ok()?;
    let name = report.capacity.organizations.get(i)?.name.clone();
    let chart = ChartSpec {
        id: "radar-organization".into(),
        title: crate::i18n::tf(l, "chart.radar_org_title", &[("organization", name)]),
        description: t(l, "chart.radar_desc"),
        headers: table.headers,
        rows: std::sync::Arc::new(table.rows),
        svg: svg.into(),
        relation: None,
    };
    Some(view! { <ChartFigure chart=chart/> })
}

//! Capacity results: dimension table with reliability, the bar chart, the index per organization.

use leptos::prelude::*;

use crate::i18n::t;
use crate::report::format::num;
use crate::ui::browser::download;
use crate::ui::state::use_app_state;

/// Dimension statistics, chart and organization index table.
#[component]
pub fn CapacityView() -> impl IntoView {
    let state = use_app_state();
    let lang = state.lang;
    move || {
        let r = state.result.get()?;
        let l = lang.get();
        let cap = r.analysis.report.capacity.clone();
        if cap.dimensions.is_empty() {
            return Some(
                view! {
                    <section aria-labelledby="capacity-title">
                        <h2 id="capacity-title">{t(l, "capacity.title")}</h2>
                        <p data-testid="capacity-none">{t(l, "capacity.none")}</p>
                    </section>
                }
                .into_any(),
            );
        }
        let rows = cap
            .dimensions
            .iter()
            .map(|d| {
                let label = if l.is_zh() { d.label_zh.clone() } else { d.label.clone() };
                view! {
                    <tr data-testid="dimension-row" data-key=d.key.clone()>
                        <th scope="row">{label}</th>
                        <td class="num">{d.items.len()}</td>
                        <td class="num">{d.n_scored}</td>
                        <td class="num" data-testid="dimension-mean">{num(d.mean, 2, l)}</td>
                        <td class="num">{num(d.sd, 2, l)}</td>
                        <td class="num" data-testid="dimension-alpha">{num(d.alpha, 3, l)}</td>
                        <td class="num">{num(d.alpha_pairwise, 3, l)}</td>
                    </tr>
                }
            })
            .collect_view();
        let mut orgs = cap.organizations.clone();
        orgs.sort_by(|a, b| b.index.unwrap_or(f64::MIN).total_cmp(&a.index.unwrap_or(f64::MIN)));
        let keys: Vec<(String, String)> = cap
            .dimensions
            .iter()
            .map(|d| (d.key.clone(), if l.is_zh() { d.label_zh.clone() } else { d.label.clone() }))
            .collect();
        let head =
            keys.iter().map(|(_, label)| view! { <th scope="col">{label.clone()}</th> }).collect_view();
        let org_rows = orgs
            .iter()
            .map(|o| {
                let cells = keys
                    .iter()
                    .map(|(k, _)| view! { <td class="num">{num(o.scores.get(k).copied().flatten(), 2, l)}</td> })
                    .collect_view();
                view! {
                    <tr data-testid="org-row">
                        <th scope="row">{o.name.clone()}</th>
                        <td class="num" data-testid="org-index">{num(o.index, 1, l)}</td>
                        {cells}
                    </tr>
                }
            })
            .collect_view();
        let chart = move || {
            let c = state.charts.get()?;
            let svg = c.means.clone()?;
            let save = svg.clone();
            Some(view! {
                <figure class="chart" data-testid="chart-means">
                    <div class="svg" role="img" aria-label=t(lang.get(), "chart.means_title") inner_html=svg></div>
                    <figcaption>
                        <button class="link" on:click=move |_| download("dimension_means.svg", "image/svg+xml", save.as_bytes())>
                            {t(lang.get(), "action.download_svg")}
                        </button>
                    </figcaption>
                </figure>
            })
        };
        Some(
            view! {
                <section aria-labelledby="capacity-title">
                    <h2 id="capacity-title">{t(l, "capacity.title")}</h2>
                    <div class="table-wrap">
                        <table data-testid="dimension-table">
                            <caption class="visually-hidden">{t(l, "chart.table")}</caption>
                            <thead><tr>
                                <th scope="col">{t(l, "capacity.dimension")}</th>
                                <th scope="col">{t(l, "capacity.items")}</th>
                                <th scope="col">{t(l, "capacity.n")}</th>
                                <th scope="col">{t(l, "capacity.mean")}</th>
                                <th scope="col">{t(l, "capacity.sd")}</th>
                                <th scope="col">{t(l, "capacity.alpha")}</th>
                                <th scope="col">{t(l, "capacity.alpha_pairwise")}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {chart}
                    <h3>{t(l, "capacity.orgs_title")}</h3>
                    <div class="table-wrap tall">
                        <table data-testid="org-table">
                            <thead><tr>
                                <th scope="col">{t(l, "capacity.org")}</th>
                                <th scope="col">{t(l, "capacity.index")}</th>
                                {head}
                            </tr></thead>
                            <tbody>{org_rows}</tbody>
                        </table>
                    </div>
                </section>
            }
            .into_any(),
        )
    }
}

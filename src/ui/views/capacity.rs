//! Capacity results: dimension table with reliability, the bar chart, the index per organization.

use leptos::prelude::*;

use crate::i18n::t;
use crate::report::format::num;

use crate::ui::state::use_app_state;
use crate::ui::views::charts::ChartFigure;
use crate::ui::views::table::{Cell, Column, DataTable};

/// Dimension statistics, chart and organization index table.
#[component]
pub fn CapacityView() -> impl IntoView {
    let state = use_app_state();
    let lang = state.lang;
    move || {
        let r = state.result.get()?;
        let l = lang.get();
        let cap = &r.analysis.report.capacity;
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
        let keys: Vec<(String, String)> = cap
            .dimensions
            .iter()
            .map(|d| (d.key.clone(), if l.is_zh() { d.label_zh.clone() } else { d.label.clone() }))
            .collect();
        let label_of = |k: &String| {
            keys.iter().find(|(key, _)| key == k).map(|x| x.1.clone()).unwrap_or_else(|| k.clone())
        };
        let mut orgs: Vec<&crate::report::OrgCapacity> = cap.organizations.iter().collect();
        orgs.sort_by(|a, b| b.index.unwrap_or(f64::MIN).total_cmp(&a.index.unwrap_or(f64::MIN)));
        let mut org_cols = vec![
            Column::text(t(l, "capacity.org")),
            Column::metric(l, "capacity.index").id("org-index"),
            Column::metric(l, "capacity.percentile"),
            Column::text(t(l, "capacity.group")),
            Column::metric(l, "capacity.group_percentile"),
        ];
        org_cols.extend(keys.iter().map(|(_, label)| Column::num(label.clone())));
        org_cols.extend([
            Column::text(t(l, "capacity.strengths")),
            Column::text(t(l, "capacity.gaps")),
            Column::metric(l, "capacity.profile"),
            Column::text(t(l, "capacity.stage")),
        ]);
        let org_rows: Vec<Vec<Cell>> = orgs
            .iter()
            .map(|o| {
                let mut row = vec![
                    Cell::text(o.name.clone()),
                    Cell::num(num(o.index, 1, l), o.index),
                    Cell::num(num(o.percentile, 0, l), o.percentile),
                    Cell::text(o.group.clone().unwrap_or_default()),
                    Cell::num(num(o.group_percentile, 0, l), o.group_percentile),
                ];
                row.extend(keys.iter().map(|(k, _)| {
                    let v = o.scores.get(k).copied().flatten();
                    Cell::num(num(v, 2, l), v)
                }));
                row.push(Cell::text(o.strengths.iter().map(&label_of).collect::<Vec<_>>().join(", ")));
                row.push(Cell::text(o.gaps.iter().map(&label_of).collect::<Vec<_>>().join(", ")));
                row.push(Cell::num(
                    o.profile.map(|p| (p + 1).to_string()).unwrap_or_default(),
                    o.profile.map(|p| p as f64),
                ));
                row.push(Cell::text(
                    o.stage.as_ref().map(|s| t(l, &format!("stage.{s}"))).unwrap_or_default(),
                ));
                row
            })
            .collect();
        let chart = move || {
            let c = state.charts.get()?;
            let spec = c.get("means")?.clone();
            Some(view! { <ChartFigure chart=spec/> })
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
                    <DataTable id="organizations" caption=t(l, "capacity.orgs_title") columns=org_cols rows=org_rows row_testid="org-row" tall=true/>
                </section>
            }
            .into_any(),
        )
    }
}

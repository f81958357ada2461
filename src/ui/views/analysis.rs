//! Deeper capacity results: reliability and items, group comparisons, cross-tabulations,
//! correlations, profiles and stages, capacity × network. Each table is a [`DataTable`].

use crate::ui::views::picker::LabelledSelect;
use leptos::prelude::*;

use super::fold::Fold;
use super::table::{Cell, Column, DataTable};
use crate::i18n::{Lang, t, tf};
use crate::labels::{column_label, dimension_label, relation_label};
use crate::report::format::{fixed, num, percent};
use crate::report::{CapacityReport, MeanCi};
use crate::ui::state::use_app_state;

fn n(x: Option<f64>, d: usize, l: Lang) -> Cell {
    Cell::num(num(x, d, l), x)
}

/// A p-value's cell ([`crate::report::format::p_value`]), sorted by its value.
fn p_cell(x: Option<f64>, l: Lang) -> Cell {
    Cell::num(crate::report::format::p_value(x, l), x)
}

fn count(x: usize) -> Cell {
    Cell::num(x.to_string(), Some(x as f64))
}

fn ci(m: &MeanCi, l: Lang) -> Cell {
    let text = match (m.mean, m.ci_low, m.ci_high) {
        (Some(a), Some(lo), Some(hi)) => format!("{} [{}, {}]", fixed(a, 1), fixed(lo, 1), fixed(hi, 1)),
        (a, _, _) => num(a, 1, l),
    };
    Cell::num(text, m.mean)
}

/// A node metric's name in the UI language (its key when no label exists).
fn metric_label(key: &str, l: Lang) -> String {
    ["network", "metric"]
        .iter()
        .map(|p| format!("{p}.{key}"))
        .find(|k| crate::i18n::has(l, k))
        .map_or_else(|| key.to_string(), |k| t(l, &k))
}

/// Dimension label in the UI language, falling back to the key.
pub fn dim_label(cap: &CapacityReport, key: &str, l: Lang) -> String {
    cap.dimensions
        .iter()
        .find(|d| d.key == key)
        .map(|d| crate::labels::dimension_name(d, l))
        .unwrap_or_else(|| if key == "index" { t(l, "capacity.index") } else { key.to_string() })
}

/// The reliability section's line: how many dimensions measure reliably (α ≥ 0.7), of how many
/// items.
fn reliability_summary(cap: &CapacityReport, l: Lang) -> String {
    let reliable = cap.dimensions.iter().filter(|d| d.alpha.is_some_and(|a| a >= 0.7)).count();
    let items: usize = cap.dimensions.iter().map(|d| d.item_stats.len()).sum();
    let args = [
        ("reliable", reliable.to_string()),
        ("n", cap.dimensions.len().to_string()),
        ("items", items.to_string()),
    ];
    tf(l, "fold.reliability", &args)
}

/// The group comparisons' line: the attributes compared.
fn groups_summary(report: &crate::report::Report, l: Lang) -> String {
    let names: Vec<String> =
        report.capacity.groups.iter().map(|g| column_label(report, &g.attribute, l)).collect();
    tf(l, "fold.groups", &[("names", crate::labels::join_names(&names, l))])
}

/// The profiles section's line: what it holds (types, stages, correlations, links to the
/// network).
fn profiles_summary(cap: &CapacityReport, l: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(ty) = &cap.typology {
        parts.push(tf(l, "fold.types", &[("k", ty.k.to_string())]));
    }
    if cap.stages.is_some() {
        parts.push(t(l, "stages.title"));
    }
    if cap.correlations.is_some() {
        parts.push(t(l, "fold.correlations"));
    }
    if !cap.network_links.is_empty() {
        parts.push(t(l, "links.title"));
    }
    parts.join(if l.is_zh() { "、" } else { ", " })
}

/// Reliability (alpha, standardized alpha, omega) and item statistics.
#[component]
pub fn ReliabilityView() -> impl IntoView {
    let state = use_app_state();
    move || {
        let r = state.result.get()?;
        let l = state.lang.get();
        let cap = &r.analysis.report.capacity;
        if cap.dimensions.is_empty() {
            return None;
        }
        let rel_rows: Vec<Vec<Cell>> = cap
            .dimensions
            .iter()
            .map(|d| {
                vec![
                    Cell::text(dim_label(cap, &d.key, l)),
                    count(d.n_complete),
                    n(d.median, 2, l),
                    n(d.alpha, 3, l),
                    n(d.alpha_pairwise, 3, l),
                    n(d.alpha_standardized, 3, l),
                    n(d.omega, 3, l),
                ]
            })
            .collect();
        let item_rows: Vec<Vec<Cell>> = cap
            .dimensions
            .iter()
            .flat_map(|d| {
                d.item_stats.iter().map(move |s| {
                    let label = crate::labels::item_label(s, l);
                    // A reversed item says so in the language's brackets, unless its label
                    // already does (the demo's codebook writes "（反向题）").
                    let mark = t(l, "mapping.reverse");
                    let said = label.to_lowercase().contains(&mark.to_lowercase());
                    let name = if d.reversed.contains(&s.column) && !said {
                        crate::i18n::aside(l, &label, &mark)
                    } else {
                        label
                    };
                    vec![
                        Cell::text(name),
                        Cell::text(dim_label(cap, &d.key, l)),
                        count(s.n),
                        n(s.mean, 2, l),
                        n(s.sd, 2, l),
                        n(s.item_rest_r, 3, l),
                        n(s.alpha_if_dropped, 3, l),
                        Cell::num(percent(Some(s.missing_share), l), Some(s.missing_share)),
                    ]
                })
            })
            .collect();
        Some(view! {
            <section aria-labelledby="reliability-title">
                <Fold id="reliability-title" title=t(l, "capacity.reliability_title") summary=reliability_summary(cap, l)>
                <DataTable id="reliability" caption=t(l, "capacity.reliability_title")
                    columns=vec![
                        Column::text(t(l, "capacity.dimension")), Column::num("n"), Column::metric(l, "capacity.median"),
                        Column::metric(l, "capacity.alpha"), Column::metric(l, "capacity.alpha_pairwise"),
                        Column::metric(l, "capacity.alpha_std"), Column::metric(l, "capacity.omega").id("dimension-omega"),
                    ]
                    rows=rel_rows/>
                <DataTable id="items" caption=t(l, "capacity.items_title")
                    columns=vec![
                        Column::text(t(l, "capacity.item")), Column::text(t(l, "capacity.dimension")), Column::num("n"),
                        Column::metric(l, "capacity.mean"), Column::metric(l, "capacity.sd"), Column::metric(l, "capacity.item_rest"),
                        Column::metric(l, "capacity.alpha_drop"), Column::metric(l, "capacity.missing"),
                    ]
                    rows=item_rows/>
                </Fold>
            </section>
        })
    }
}

/// One row per cross-tabulation of two attributes: its chi-square test and Cramér's V.
fn crosstab_rows(report: &crate::report::Report, l: Lang) -> Vec<Vec<Cell>> {
    report
        .capacity
        .crosstabs
        .iter()
        .map(|c| {
            let tt = c.test;
            vec![
                Cell::text(format!("{} × {}", column_label(report, &c.a, l), column_label(report, &c.b, l))),
                n(tt.map(|x| x.chi2), 2, l),
                Cell::num(tt.map(|x| x.df.to_string()).unwrap_or_default(), tt.map(|x| x.df as f64)),
                p_cell(tt.map(|x| x.p), l),
                n(tt.map(|x| x.cramers_v), 3, l),
                Cell::num(percent(tt.map(|x| x.low_expected_share), l), tt.map(|x| x.low_expected_share)),
            ]
        })
        .collect()
}

/// Group comparisons with an attribute picker, and the chi-square cross-tabulations.
#[component]
pub fn GroupsView() -> impl IntoView {
    let state = use_app_state();
    let chosen = RwSignal::new(0usize);
    move || {
        let r = state.result.get()?;
        let l = state.lang.get();
        let cap = &r.analysis.report.capacity;
        if cap.groups.is_empty() {
            return Some(
                view! {
                    <section aria-labelledby="groups-title">
                        <h2 id="groups-title">{t(l, "groups.title")}</h2>
                        <p>{t(l, "groups.none")}</p>
                    </section>
                }
                .into_any(),
            );
        }
        let options = cap
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| view! { <option value=i.to_string() selected=move || chosen.get() == i>{crate::labels::column_label(&r.analysis.report, &g.attribute, l)}</option> })
            .collect_view();
        // The detail holds the shared result, not a copy of the capacity report: with a
        // million organizations the copy was 0.1 s and hundreds of megabytes.
        let shared = r.clone();
        let detail = move || {
            let cap2 = &shared.analysis.report.capacity;
            let g = cap2.groups.get(chosen.get()).or(cap2.groups.first())?.clone();
            let outcomes: Vec<String> = g.tests.iter().map(|t| t.outcome.clone()).collect();
            let mut cols = vec![Column::text(t(l, "groups.level")), Column::metric(l, "groups.n")];
            cols.extend(outcomes.iter().map(|o| Column::num(dim_label(cap2, o, l))));
            let rows: Vec<Vec<Cell>> = g
                .levels
                .iter()
                .map(|lv| {
                    let mut row = vec![Cell::text(lv.level.clone()), count(lv.n)];
                    row.extend(
                        outcomes
                            .iter()
                            .map(|o| lv.means.get(o).map(|m| ci(m, l)).unwrap_or_else(|| Cell::text("—"))),
                    );
                    row
                })
                .collect();
            let tests: Vec<Vec<Cell>> = g
                .tests
                .iter()
                .map(|tst| {
                    let k = tst.kruskal;
                    vec![
                        Cell::text(dim_label(cap2, &tst.outcome, l)),
                        n(k.map(|k| k.h), 3, l),
                        Cell::num(k.map(|k| k.df.to_string()).unwrap_or_default(), k.map(|k| k.df as f64)),
                        p_cell(k.map(|k| k.p), l),
                        n(k.map(|k| k.epsilon2), 3, l),
                    ]
                })
                .collect();
            let pairs: Vec<Vec<Cell>> = g
                .tests
                .iter()
                .filter(|tst| tst.outcome == "index")
                .flat_map(|tst| tst.pairwise.iter())
                .map(|p| {
                    vec![
                        Cell::text(format!("{} – {}", p.a, p.b)),
                        n(Some(p.u), 1, l),
                        p_cell(Some(p.p), l),
                        p_cell(Some(p.p_holm), l),
                    ]
                })
                .collect();
            Some(view! {
                <DataTable id="group-means" caption=crate::i18n::labelled(l, &t(l, "groups.mean_ci"), &crate::labels::column_label(&shared.analysis.report, &g.attribute, l)) columns=cols rows=rows/>
                <DataTable id="group-tests" caption=t(l, "groups.kruskal")
                    columns=vec![Column::text(t(l, "groups.outcome")), Column::metric(l, "groups.h"), Column::metric(l, "groups.df"), Column::metric(l, "groups.p"), Column::num(t(l, "groups.epsilon2"))]
                    rows=tests/>
                <DataTable id="group-pairwise" caption=format!("{} — {}", t(l, "groups.pairwise"), t(l, "capacity.index"))
                    columns=vec![Column::text(t(l, "groups.level")), Column::num("U"), Column::metric(l, "groups.p"), Column::metric(l, "groups.p_holm")]
                    rows=pairs/>
            })
        };
        let cross_rows = crosstab_rows(&r.analysis.report, l);
        let has_cross = !cross_rows.is_empty();
        Some(
            view! {
                <section aria-labelledby="groups-title">
                    <Fold id="groups-title" title=t(l, "groups.title") summary=groups_summary(&r.analysis.report, l)>
                    <LabelledSelect label=t(l, "groups.attribute")>
                        <select data-testid="group-select" on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(0))>
                            {options}
                        </select>
                    </LabelledSelect>
                    {detail}
                    {has_cross.then(|| view! {
                        <DataTable id="crosstabs" caption=t(l, "crosstab.title")
                            columns=vec![Column::text(t(l, "crosstab.pair")), Column::num(t(l, "crosstab.chi2")), Column::metric(l, "groups.df"), Column::metric(l, "groups.p"), Column::metric(l, "crosstab.v"), Column::metric(l, "crosstab.low")]
                            rows=cross_rows/>
                    })}
                    </Fold>
                </section>
            }
            .into_any(),
        )
    }
}

/// The community-of-practice stages: what they are, how they are cut, and how many
/// organizations are at each, with what each means.
fn stages_view(
    report: &crate::report::Report,
    st: &crate::report::StageSummary,
    l: crate::i18n::Lang,
) -> impl IntoView + use<> {
    let rows: Vec<Vec<Cell>> = crate::joint::linkage::STAGES
        .iter()
        .map(|(k, _, _)| {
            vec![
                Cell::text(t(l, &format!("stage.{k}"))),
                count(st.counts.get(*k).copied().unwrap_or(0)),
                Cell::text(crate::labels::stage_about(k, l)),
            ]
        })
        .collect();
    let columns = vec![
        Column::text(t(l, "capacity.stage")),
        Column::metric(l, "stages.count"),
        Column::text(t(l, "stages.meaning")).unsorted(),
    ];
    view! {
        <h3>{t(l, "stages.title")}</h3>
        <p data-testid="stages-about">{t(l, "stages.about")}</p>
        <p class="muted">{crate::labels::stage_rule(report, st, l)}</p>
        <DataTable id="stages" caption=t(l, "stages.title") columns=columns rows=rows/>
    }
}

/// Correlation matrix, capacity profiles, stages and capacity × network.
#[component]
pub fn ProfilesView() -> impl IntoView {
    let state = use_app_state();
    move || {
        let r = state.result.get()?;
        let l = state.lang.get();
        let cap = &r.analysis.report.capacity;
        let corr = cap.correlations.as_ref().map(|m| {
            let mut cols = vec![Column::text(t(l, "corr.variable"))];
            cols.extend(m.variables.iter().map(|v| Column::num(dimension_label(&r.analysis.report, v, l))));
            let rows: Vec<Vec<Cell>> = m
                .variables
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let mut row = vec![Cell::text(dimension_label(&r.analysis.report, v, l))];
                    row.extend((0..m.variables.len()).map(|j| {
                        let rho = m.spearman[i][j];
                        let text = match (rho, m.spearman_p[i][j]) {
                            (Some(r), Some(p)) if i != j => {
                                format!("{} ({})", fixed(r, 2), crate::report::format::p_value(Some(p), l))
                            }
                            (Some(r), _) => fixed(r, 2),
                            (None, _) => num(None, 2, l),
                        };
                        Cell::num(text, rho)
                    }));
                    row
                })
                .collect();
            view! { <DataTable id="correlations" caption=t(l, "corr.title") columns=cols rows=rows/> }
        });
        let typology = cap.typology.as_ref().map(|ty| {
            let keys: Vec<String> = cap
                .dimensions
                .iter()
                .map(|d| d.key.clone())
                .filter(|k| ty.profiles.first().is_some_and(|p| p.centroid.contains_key(k)))
                .collect();
            // A profile's size beside its name, so that every dimension fits the columns shown
            // at first (`datatable::DEFAULT_COLUMNS`).
            let mut cols = vec![Column::text(t(l, "typology.profile")), Column::text(t(l, "typology.label"))];
            cols.extend(keys.iter().map(|k| Column::num(dim_label(cap, k, l))));
            let rows: Vec<Vec<Cell>> = ty
                .profiles
                .iter()
                .map(|p| {
                    let named = [("n", (p.id + 1).to_string()), ("size", p.size.to_string())];
                    let mut row = vec![
                        Cell::text(tf(l, "typology.profile_size", &named)),
                        Cell::text(crate::labels::profile_label(&r.analysis.report, p, l)),
                    ];
                    row.extend(keys.iter().map(|k| n(p.centroid.get(k).copied(), 2, l)));
                    row
                })
                .collect();
            let summary = t(l, "typology.summary")
                .replace("{k}", &ty.k.to_string())
                .replace("{s}", &format!("{:.3}", ty.silhouette))
                .replace("{x}", &ty.excluded.to_string());
            view! {
                <h3>{t(l, "typology.title")}</h3>
                <p data-testid="typology-summary">{summary}</p>
                <DataTable id="profiles" caption=t(l, "typology.title") columns=cols rows=rows/>
            }
        });
        let stages = cap.stages.as_ref().map(|st| stages_view(&r.analysis.report, st, l));
        let links = cap
            .network_links
            .iter()
            .map(|link| {
                let rows: Vec<Vec<Cell>> = link
                    .correlations
                    .iter()
                    .map(|c| vec![Cell::text(dim_label(cap, &c.capacity, l)), Cell::text(metric_label(&c.metric, l)), count(c.n), n(c.rho, 3, l), p_cell(c.p, l)])
                    .collect();
                let rel = r.analysis.report.network.relations.iter().find(|x| x.key == link.relation);
                let name = |c: usize| rel.map_or_else(|| (c + 1).to_string(), |rel| crate::labels::community_name(rel, c, l));
                let comm: Vec<Vec<Cell>> = link
                    .by_community
                    .iter()
                    .map(|c| vec![Cell::text(name(c.community)), count(c.nodes), count(c.index.n), ci(&c.index, l)])
                    .collect();
                let id_a = format!("links-{}", link.relation);
                let id_b = format!("links-community-{}", link.relation);
                view! {
                    <h3>{crate::i18n::labelled(l, &t(l, "links.title"), &relation_label(&r.analysis.report, &link.relation, l))}</h3>
                    <DataTable id=id_a caption=format!("{} — {}", t(l, "links.title"), relation_label(&r.analysis.report, &link.relation, l))
                        columns=vec![Column::text(t(l, "links.capacity")), Column::text(t(l, "links.metric")), Column::num("n"), Column::metric(l, "links.rho"), Column::metric(l, "groups.p")]
                        rows=rows/>
                    <DataTable id=id_b caption=format!("{} — {}", t(l, "links.by_community"), relation_label(&r.analysis.report, &link.relation, l))
                        columns=vec![Column::text(t(l, "network.community")), Column::metric(l, "links.nodes"), Column::num("n"), Column::metric(l, "groups.mean_ci")]
                        rows=comm/>
                }
            })
            .collect_view();
        Some(view! {
            <section aria-labelledby=crate::findings::anchor::STAGES>
                <Fold id=crate::findings::anchor::STAGES title=t(l, "typology.title") summary=profiles_summary(cap, l)>
                    {typology}
                    {stages}
                    {corr}
                    {links}
                </Fold>
            </section>
        })
    }
}

/// Select-multiple questions: organizations choosing each option.
#[component]
pub fn MultiSelectView() -> impl IntoView {
    let state = use_app_state();
    move || {
        let r = state.result.get()?;
        let l = state.lang.get();
        let multi = r.analysis.report.capacity.multi_select.clone();
        if multi.is_empty() {
            return None;
        }
        let summary = tf(l, "fold.multi", &[("n", multi.len().to_string())]);
        let tables = multi
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                let rows: Vec<Vec<Cell>> = m
                    .options
                    .iter()
                    .map(|o| vec![Cell::text(o.option.clone()), count(o.count), Cell::num(percent(o.share, l), o.share)])
                    .collect();
                let caption = format!(
                    "{} — {}",
                    column_label(&r.analysis.report, &m.question, l),
                    crate::i18n::tf(l, "multi.answered", &[("n", m.answered.to_string())])
                );
                view! {
                    <DataTable id=format!("multi-{}", i + 1) caption=caption
                        columns=vec![Column::text(t(l, "multi.option")), Column::num(t(l, "multi.count")), Column::num(t(l, "multi.share"))]
                        rows=rows row_testid="multi-row"/>
                }
            })
            .collect_view();
        Some(view! {
            <section aria-labelledby="multi-title">
                <Fold id="multi-title" title=t(l, "multi.title") summary=summary>
                    {tables}
                </Fold>
            </section>
        })
    }
}

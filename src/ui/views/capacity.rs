//! Capacity results: dimension table with reliability and the bar chart; the table of every
//! organization's index (shown in the organizations view).

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::report::format::num;

use crate::report::OrgCapacity;
use crate::ui::state::PageResult;
use crate::ui::state::use_app_state;
use crate::ui::views::charts::ChartFigure;
use crate::ui::views::fold::Fold;
use crate::ui::views::table::{Cell, Column, DataTable, RowSource, TableRows};
use std::sync::Arc;

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
        // ICC columns only when some organization has several respondents.
        let several = r.org_facts().several;
        let icc_head = several.then(|| {
            view! {
                <th scope="col">{t(l, "capacity.icc1")}</th>
                <th scope="col">{t(l, "capacity.icc2")}</th>
            }
        });
        let respondents_note = several.then(|| respondents_note(cap, l));
        let icc_note = several
            .then(|| crate::ui::views::agreement::icc_note(&r.analysis.report, l))
            .flatten()
            .map(|text| view! { <p class="note warn" data-testid="icc-note">{text}</p> });
        let agreement = several.then(|| {
            view! { <crate::ui::views::agreement::AgreementTable result=r.clone() lang=l/> }
        });
        let rows = cap
            .dimensions
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let label = crate::labels::dimension_name(d, l);
                let icc = several.then(|| {
                    view! {
                        <td class="num" data-label=t(l, "capacity.icc1") data-testid="dimension-icc1">{num(d.icc1, 2, l)}</td>
                        <td class="num" data-label=t(l, "capacity.icc2") data-testid="dimension-icc2">{num(d.icc2, 2, l)}</td>
                    }
                });
                view! {
                    <tr data-testid="dimension-row" data-key=d.key.clone()>
                        // A finding about the dimension opens the view here.
                        <th scope="row" id=crate::findings::anchor::dimension(i)>{label}</th>
                        <td class="num" data-label=t(l, "capacity.items")>{d.items.len()}</td>
                        <td class="num" data-label=t(l, "capacity.n")>{d.n_scored}</td>
                        <td class="num" data-label=t(l, "capacity.mean") data-testid="dimension-mean">{num(d.mean, 2, l)}</td>
                        <td class="num" data-label=t(l, "capacity.sd")>{num(d.sd, 2, l)}</td>
                        <td class="num" data-label=t(l, "capacity.alpha") data-testid="dimension-alpha">{num(d.alpha, 3, l)}</td>
                        <td class="num" data-label=t(l, "capacity.alpha_pairwise")>{num(d.alpha_pairwise, 3, l)}</td>
                        {icc}
                    </tr>
                }
            })
            .collect_view();
        let chart = move || {
            let c = state.charts.get()?;
            let spec = c.get("means")?.clone();
            Some(view! { <ChartFigure chart=spec/> })
        };
        Some(
            view! {
                <section aria-labelledby="capacity-title">
                    <Fold id="capacity-title" title=t(l, "capacity.title") open=true>
                    <div class="table-wrap">
                        <table class="cards" data-testid="dimension-table">
                            <caption class="visually-hidden">{t(l, "chart.table")}</caption>
                            <thead><tr>
                                <th scope="col">{t(l, "capacity.dimension")}</th>
                                <th scope="col">{t(l, "capacity.items")}</th>
                                <th scope="col">{t(l, "capacity.n")}</th>
                                <th scope="col">{t(l, "capacity.mean")}</th>
                                <th scope="col">{t(l, "capacity.sd")}</th>
                                <th scope="col">{t(l, "capacity.alpha")}</th>
                                <th scope="col">{t(l, "capacity.alpha_pairwise")}</th>
                                {icc_head}
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <p class="muted" data-testid="alpha-note">{t(l, "capacity.alpha_note")}</p>
                    {respondents_note}
                    {icc_note}
                    {agreement}
                    {chart}
                    </Fold>
                </section>
            }
            .into_any(),
        )
    }
}

/// How many organizations several people answered for, how their answers were combined and
/// what the ICCs mean.
fn respondents_note(cap: &crate::report::CapacityReport, l: crate::i18n::Lang) -> impl IntoView + use<> {
    let orgs = &cap.organizations;
    let several = orgs.iter().filter(|o| o.respondents > 1).count();
    let rows: usize = orgs.iter().map(|o| o.respondents).sum();
    let method = t(l, &format!("settings.combine_{}", cap.settings.combine));
    let text = tf(
        l,
        "capacity.respondents_note",
        &[
            ("n", several.to_string()),
            ("orgs", orgs.len().to_string()),
            ("rows", rows.to_string()),
            ("method", method),
        ],
    );
    view! { <p class="note" data-testid="respondents-note">{text}</p> }
}

/// Every organization's index, percentiles, scores, strengths, gaps, profile and stage, lowest
/// index first — a coordinator looks for who needs support (the header says so, and a first
/// click on the index sorts it highest first); a name opens the organization's page. A phone
/// card shows the key columns (index, percentile, gaps, stage), the page the rest.
#[component]
pub fn OrganizationsTable() -> impl IntoView {
    let state = use_app_state();
    // Only the route's order redraws the table (not an organization opened above it).
    let order = Memo::new(move |_| state.route.with(|r| r.order.clone()));
    move || {
        let r = state.result.get()?;
        let l = state.lang.get();
        if r.analysis.report.capacity.organizations.is_empty() {
            return None;
        }
        // Ordered by a dimension's scores when a link asked (the overview's weakest dimension;
        // tied ones: the lower of their scores), that column then shown, on the phone's cards
        // too, the organizations the finding counts marked; else by the index.
        let by_all = order
            .with(|k| k.as_ref().and_then(|k| crate::findings::order_dimensions(&r.analysis.report, k)))
            .unwrap_or_default();
        let by = match by_all.as_slice() {
            [one] => Some(*one),
            _ => None,
        };
        let org_rows = OrgRows::new(r.clone(), l, &by_all);
        let lower = org_rows.lower_column();
        let mut org_cols = vec![
            Column::text(t(l, "capacity.org")),
            Column::metric(l, "capacity.index").id("org-index"),
            Column::metric(l, "capacity.percentile"),
            Column::text(group_heading(&r.analysis.report, l)).off_card(),
            Column::metric(l, "capacity.group_percentile").extra().off_card(),
        ];
        // The dimension scores and the profile are one click away (the column chooser).
        org_cols.extend(org_rows.keys.iter().enumerate().map(|(i, (_, label))| {
            let column = Column::num(label.clone());
            if by == Some(i) { column.extra().id("org-order-score") } else { column.extra().off_card() }
        }));
        org_cols.extend([
            // Each organization against itself, unlike the "weak" mark (against a fixed cut):
            // said in the columns' help, as a phone walkthrough read the two as one.
            Column::text(t(l, "capacity.strengths")).off_card().explained(l, t(l, "help.capacity.strengths")),
            // In place too: on a phone the table's glossary is 5,000 px below its header.
            Column::text(t(l, "capacity.gaps")).explained(l, gaps_help(l)).noted(gaps_help(l)),
            Column::metric(l, "capacity.profile").extra().off_card(),
            stage_column(&r.analysis.report, l),
        ]);
        if org_rows.several {
            org_cols.extend([
                Column::num(t(l, "capacity.respondents")).id("org-respondents").off_card(),
                Column::num(t(l, "capacity.agreement_low")).off_card(),
            ]);
        }
        let names = crate::labels::join_list(
            &by_all.iter().map(|&i| format!("“{}”", org_rows.keys[i].1)).collect::<Vec<_>>(),
            l,
        );
        let lower_title = tf(l, "capacity.order_lower", &[("dimensions", names.clone())]);
        if lower.is_some() {
            org_cols.push(Column::num(lower_title).extra().id("org-order-score"));
        }
        let (order, sorted) = match (by, lower) {
            (Some(i), _) => {
                let dimension = org_rows.keys[i].1.clone();
                let said = tf(l, "capacity.orgs_order_dimension", &[("dimension", dimension)]);
                (format!("{said}{}", org_rows.marked_note(l)), (LEADING + i, true))
            }
            (None, Some(col)) => {
                let said = tf(l, "capacity.orgs_order_lower", &[("dimensions", names)]);
                (format!("{said}{}", org_rows.marked_note(l)), (col, true))
            }
            (None, None) => (t(l, "capacity.orgs_order"), (1, true)),
        };
        let org_rows = TableRows::lazy(org_rows);
        Some(view! {
            <section aria-labelledby="organizations-title">
                <h2 id=crate::findings::anchor::ORGANIZATIONS>{t(l, "capacity.orgs_title")}</h2>
                // How a phone shows the table, said only there (a desktop shows every column).
                <p class="note" data-testid="orgs-order">{order}<span class="on-phone">{crate::i18n::space(l)}{t(l, "capacity.orgs_cards")}</span></p>
                <DataTable id="organizations" caption=t(l, "capacity.orgs_title") columns=org_cols rows=org_rows row_testid="org-row" sorted=sorted/>
            </section>
        })
    }
}

/// The stage column, explained from its header: in place, each stage in the plain words of the
/// organization's page (`stage.about.*`); in the table's explanations, what the stages are and
/// the rule that gave each organization its stage (the report's, with its thresholds).
fn stage_column(report: &crate::report::Report, l: crate::i18n::Lang) -> Column {
    let column = Column::text(t(l, "capacity.stage"));
    match &report.capacity.stages {
        Some(s) => {
            let rule = crate::labels::stage_rule(report, s, l);
            let space = crate::i18n::space(l);
            let stages: Vec<String> = crate::joint::linkage::STAGES
                .iter()
                .map(|(key, _, _)| {
                    tf(
                        l,
                        "stages.note_item",
                        &[
                            ("stage", crate::labels::stage_label(key, l)),
                            ("about", crate::labels::stage_about(key, l)),
                        ],
                    )
                })
                .collect();
            let note = tf(l, "stages.note", &[("stages", stages.join(if l.is_zh() { "；" } else { "; " }))]);
            column.explained(l, format!("{}{space}{rule}", t(l, "stages.about"))).noted(note)
        }
        None => column,
    }
}

/// The organizations table, lowest index (or score on one dimension) first, formatted a page at a time: a survey of a
/// million organizations keeps one copy of its rows (in the report) instead of thirteen
/// million formatted cells.
struct OrgRows {
    result: Arc<PageResult>,
    /// Row order: organizations by index (or by their score on one dimension, or the lower of
    /// their scores on several), lowest first (undefined last).
    order: Vec<u32>,
    /// The dimensions (positions) the rows are ordered by; empty: by the index.
    by: Vec<usize>,
    /// Dimension keys and labels in the page language.
    keys: Vec<(String, String)>,
    lang: crate::i18n::Lang,
    /// Some organization has several respondents: two more columns, respondents and the
    /// lowest rwg(j).
    several: bool,
}

/// Columns before the dimension scores: name, index, percentile, group, group percentile.
const LEADING: usize = 5;

impl OrgRows {
    /// Rows ordered by the index, or by the scores of the dimensions at `by` (in the report;
    /// several: the lower of their scores).
    fn new(result: Arc<PageResult>, lang: crate::i18n::Lang, by: &[usize]) -> Self {
        let cap = &result.analysis.report.capacity;
        let keys: Vec<(String, String)> =
            cap.dimensions.iter().map(|d| (d.key.clone(), crate::labels::dimension_name(d, lang))).collect();
        // By the index: the order gathered before the result was shown (a million
        // organizations' sort and its pass over the rows were most of this table's first task).
        let order = if by.is_empty() {
            result.org_facts().by_index.clone()
        } else {
            let keyed: Vec<Option<f64>> =
                cap.organizations.iter().map(|o| lower_score(o, by, &keys)).collect();
            crate::stats::sort_order(&keyed, true)
        };
        let several = result.org_facts().several;
        OrgRows { result, order, by: by.to_vec(), keys, lang, several }
    }

    /// The column of the lower of the scores on several dimensions (the last), when ordered so.
    fn lower_column(&self) -> Option<usize> {
        (self.by.len() > 1).then(|| LEADING + self.keys.len() + 4 + 2 * usize::from(self.several))
    }

    /// The sentence that says which organizations are marked weak: those below the cut on a
    /// dimension ordered by (the overview's finding counts the same ones, `findings::weak_on`).
    fn marked_note(&self, l: crate::i18n::Lang) -> String {
        let report = &self.result.analysis.report;
        let Some(&first) = self.by.first() else { return String::new() };
        // Counted ahead when these are the weakest dimensions (the overview's link here).
        let count = self.result.org_facts().weak_count(report, &self.by);
        let cut = crate::findings::weak_cut(&report.capacity.dimensions[first]);
        let space = crate::i18n::space(l);
        let args = [
            ("count", count.to_string()),
            ("cut", num(Some(cut), 2, l)),
            ("mark", t(l, "capacity.weak_mark")),
        ];
        format!("{space}{}", tf(l, "capacity.orgs_marked", &args))
    }

    /// A cell of the order's column: the score, and for an organization the finding counts,
    /// the mark (with how many of the dimensions it is weak on when there are several, their
    /// names on hover: `findings::weak_cell`).
    fn order_cell(&self, o: &OrgCapacity, v: Option<f64>) -> Cell {
        let l = self.lang;
        let weak = crate::findings::weak_on(&self.result.analysis.report, &self.by, o);
        let names: Vec<String> = weak.iter().map(|&i| self.keys[i].1.clone()).collect();
        let (text, title) = crate::findings::weak_cell(num(v, 2, l), &names, self.by.len(), l);
        let cell = Cell::num(text, v);
        match title {
            Some(title) => cell.with_title(title),
            None => cell,
        }
    }

    fn org(&self, row: usize) -> Option<&OrgCapacity> {
        self.result.analysis.report.capacity.organizations.get(*self.order.get(row)? as usize)
    }

    fn labels(&self, keys: &[crate::report::Key]) -> String {
        let label_of = |k: &crate::report::Key| {
            self.keys.iter().find(|(key, _)| *k == *key).map(|x| x.1.clone()).unwrap_or_else(|| k.to_string())
        };
        crate::labels::join_list(&keys.iter().map(label_of).collect::<Vec<_>>(), self.lang)
    }

    /// The number behind a numeric cell (the sort key), without formatting it.
    fn value(&self, o: &OrgCapacity, col: usize) -> Option<f64> {
        let d = self.keys.len();
        match col {
            c if Some(c) == self.lower_column() => lower_score(o, &self.by, &self.keys),
            1 => o.index,
            2 => o.percentile,
            4 => o.group_percentile,
            c if (LEADING..LEADING + d).contains(&c) => {
                o.scores.get(&self.keys[c - LEADING].0).copied().flatten()
            }
            c if c == LEADING + d + 2 => o.profile.map(|p| p as f64),
            c if c == LEADING + d + 4 => Some(o.respondents as f64),
            c if c == LEADING + d + 5 => lowest_agreement(o),
            _ => None,
        }
    }
}

/// The lowest of an organization's scores on the dimensions at `by` (those it has).
fn lower_score(o: &OrgCapacity, by: &[usize], keys: &[(String, String)]) -> Option<f64> {
    by.iter().filter_map(|&i| o.scores.get(&keys.get(i)?.0).copied().flatten()).reduce(f64::min)
}

/// The lowest rwg(j) of an organization's dimensions (`None` with one respondent).
fn lowest_agreement(o: &OrgCapacity) -> Option<f64> {
    o.agreement.iter().filter_map(|(_, v)| *v).reduce(f64::min)
}

impl RowSource for OrgRows {
    fn len(&self) -> usize {
        self.order.len()
    }

    fn cell(&self, row: usize, col: usize) -> Cell {
        let Some(o) = self.org(row) else { return Cell::text("") };
        let (l, d) = (self.lang, self.keys.len());
        let v = self.value(o, col);
        match col {
            0 => Cell::org(o.name.clone(), o.id.clone()),
            1 => Cell::num(num(v, 1, l), v),
            2 | 4 => Cell::num(num(v, 0, l), v),
            3 => Cell::text(o.group.as_deref().unwrap_or_default()),
            c if Some(c) == self.lower_column() => self.order_cell(o, v),
            c if (LEADING..LEADING + d).contains(&c) && self.by == [c - LEADING] => self.order_cell(o, v),
            c if c < LEADING + d => Cell::num(num(v, 2, l), v),
            c if c == LEADING + d && crate::organization::all_level(&self.result.analysis.report, o) => {
                Cell::text(t(l, "capacity.all_level"))
            }
            c if c == LEADING + d + 1 && crate::organization::all_level(&self.result.analysis.report, o) => {
                Cell::text(t(l, "capacity.all_level"))
            }
            c if c == LEADING + d => Cell::text(self.labels(&o.strengths)),
            c if c == LEADING + d + 1 => Cell::text(self.labels(&o.gaps)),
            c if c == LEADING + d + 2 => {
                Cell::num(o.profile.map(|p| (p + 1).to_string()).unwrap_or_default(), v)
            }
            c if c == LEADING + d + 3 => {
                Cell::text(o.stage.as_ref().map(|s| t(l, &format!("stage.{s}"))).unwrap_or_default())
            }
            c if c == LEADING + d + 4 => {
                let min = self.result.analysis.report.capacity.settings.min_respondents;
                let mut text = o.respondents.to_string();
                if o.few_respondents {
                    let few = tf(l, "capacity.few_respondents", &[("min", min.to_string())]);
                    text = crate::i18n::aside(l, &text, &few);
                }
                Cell::num(text, v)
            }
            c if c == LEADING + d + 5 => {
                let mut text = if o.agreement.is_empty() { String::new() } else { num(v, 2, l) };
                if v.is_some_and(|r| r < crate::report::AGREEMENT_MIN) {
                    text = crate::i18n::aside(l, &text, &t(l, "capacity.disagree"));
                }
                Cell::num(text, v)
            }
            _ => Cell::text(""),
        }
    }

    /// Index, percentiles and scores read "not defined" exactly when their number is missing;
    /// the other columns never do. Decided from the numbers (a dimension's score is missing
    /// somewhere when fewer organizations were scored than there are), formatting no cell.
    fn sort_key(&self, row: usize, col: usize) -> Option<f64> {
        self.org(row).and_then(|o| self.value(o, col))
    }

    fn undefined_columns(&self, columns: usize, _undefined: &[String]) -> Vec<bool> {
        let cap = &self.result.analysis.report.capacity;
        let orgs = &cap.organizations;
        // The index and both percentiles (columns 1, 2 and 4, as `value` reads them): gathered
        // with the row order before the result was shown (`datatable::orgs`; three passes
        // through `value` over a million organizations were 70 ms of the table's first task).
        let gaps = self.result.org_facts().gaps;
        (0..columns)
            .map(|c| match c {
                1 => gaps[0],
                2 => gaps[1],
                4 => gaps[2],
                c if (LEADING..LEADING + self.keys.len()).contains(&c) => {
                    cap.dimensions.get(c - LEADING).is_some_and(|d| d.n_scored < orgs.len())
                }
                _ => false,
            })
            .collect()
    }
}

/// The group column's heading: the grouping attribute's label (e.g. 城市) when the report says
/// which attribute groups the organizations, else "group".
fn group_heading(report: &crate::report::Report, l: crate::i18n::Lang) -> String {
    match &report.capacity.settings.group_by {
        Some(column) => crate::labels::column_label(report, column, l),
        None => t(l, "capacity.group"),
    }
}

/// The gaps column's help: each organization's lowest dimensions, and how that differs from
/// the "weak" mark (below [`crate::findings::WEAK_SCORE`] of 100).
fn gaps_help(l: crate::i18n::Lang) -> String {
    tf(l, "help.capacity.gaps", &[("weak", crate::findings::WEAK_SCORE.to_string())])
}

//! A sortable data table with a CSV download, used for every result table.
//!
//! Sorting is by clicking (or pressing Enter on) a column header; numbers sort numerically and
//! "not defined" cells sort last. Long tables are paged. The CSV (all rows) is UTF-8 with a BOM
//! (or GB18030, as chosen in the settings) with formula-neutralized cells.

use std::sync::Arc;

use leptos::prelude::*;

use crate::i18n::t;
use crate::ingest::Table;
use crate::ui::browser::download;
use crate::ui::state::use_app_state;

/// Rows shown per page: long tables are paged so the page stays responsive with large surveys.
const PAGE_ROWS: usize = 200;

/// A column of a [`DataTable`].
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text.
    pub title: String,
    /// Right-aligned, numeric sorting.
    pub numeric: bool,
    /// `data-testid` given to each cell of this column.
    pub testid: Option<&'static str>,
    /// Label key of the metric, for the reason shown when a cell is "not defined".
    pub metric: Option<&'static str>,
}

impl Column {
    /// A text column.
    pub fn text(title: impl Into<String>) -> Self {
        Column { title: title.into(), numeric: false, testid: None, metric: None }
    }
    /// A numeric column.
    pub fn num(title: impl Into<String>) -> Self {
        Column { title: title.into(), numeric: true, testid: None, metric: None }
    }
    /// A numeric column for the metric with label key `key`: its "not defined" cells are
    /// explained under the table (see [`crate::report::format::undefined_reason`]).
    pub fn metric(l: crate::i18n::Lang, key: &'static str) -> Self {
        Column { title: t(l, key), numeric: true, testid: None, metric: Some(key) }
    }
    /// Adds a `data-testid` to the column's cells.
    pub fn id(mut self, testid: &'static str) -> Self {
        self.testid = Some(testid);
        self
    }
}

/// A cell: what is shown, and the number it sorts by.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Display text.
    pub text: String,
    /// Sort key for numeric columns (`None` sorts last).
    pub sort: Option<f64>,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Self {
        Cell { text: s.into(), sort: None }
    }
    /// A numeric cell with its display text.
    pub fn num(text: impl Into<String>, value: Option<f64>) -> Self {
        Cell { text: text.into(), sort: value }
    }
}

/// A header row of column titles given by their label keys.
pub fn header_row(l: crate::i18n::Lang, keys: &[&str]) -> impl IntoView {
    let cells = keys.iter().map(|k| view! { <th scope="col">{t(l, k)}</th> }).collect_view();
    view! { <tr>{cells}</tr> }
}

/// Downloads a table as CSV in the encoding chosen in the settings (UTF-8 with BOM or GB18030).
pub fn save_csv(state: crate::ui::state::AppState, file: &str, table: &Table) {
    let encoding = state.settings.with_untracked(|s| s.csv_encoding.clone());
    let mime = if encoding == "gb18030" { "text/csv;charset=gb18030" } else { "text/csv;charset=utf-8" };
    download(file, mime, &crate::export::csv_download(table, &encoding));
}

/// Sortable table with a caption and a CSV download button (`download-csv-<id>`).
#[component]
pub fn DataTable(
    /// Stable id: `data-testid="table-<id>"`, CSV file name and download button id.
    #[prop(into)]
    id: String,
    /// Caption shown above the table.
    caption: String,
    /// Columns.
    columns: Vec<Column>,
    /// Rows of cells, one per column.
    rows: Vec<Vec<Cell>>,
    /// `data-testid` of each row.
    #[prop(optional)]
    row_testid: Option<&'static str>,
    /// Limit the height and scroll (long tables).
    #[prop(optional)]
    tall: bool,
) -> impl IntoView {
    let state = use_app_state();
    let lang = state.lang;
    let sort: RwSignal<Option<(usize, bool)>> = RwSignal::new(None);
    let page = RwSignal::new(0usize);
    let pages = rows.len().div_ceil(PAGE_ROWS).max(1);
    let rows = Arc::new(rows);
    let columns = Arc::new(columns);
    let csv_rows = rows.clone();
    let csv_cols = columns.clone();
    let file = format!("{id}.csv");
    let save = move |_| {
        let rows: Vec<Vec<String>> =
            csv_rows.iter().map(|r| r.iter().map(|c| c.text.clone()).collect()).collect();
        let table =
            Table::from_rows(&file, csv_cols.iter().map(|c| c.title.clone()).collect(), &rows, Vec::new());
        save_csv(state, &file, &table);
    };
    // Every column with a "not defined" cell gets its reason under the table, in words.
    let undefined =
        [t(crate::i18n::Lang::En, "common.undefined"), t(crate::i18n::Lang::Zh, "common.undefined")];
    let notes_cols: Vec<(String, Option<&'static str>)> = columns
        .iter()
        .enumerate()
        .filter(|(i, _)| rows.iter().any(|r| r.get(*i).is_some_and(|c| undefined.contains(&c.text))))
        .map(|(_, c)| (c.title.clone(), c.metric))
        .collect();
    let notes = move || {
        let l = lang.get();
        (!notes_cols.is_empty()).then(|| {
            let items = notes_cols
                .iter()
                .map(|(title, metric)| {
                    let reason = crate::report::format::undefined_reason(l, metric.unwrap_or(""));
                    let text = crate::i18n::tf(
                        l,
                        "table.undefined_note",
                        &[
                            ("undefined", t(l, "common.undefined")),
                            ("column", title.clone()),
                            ("reason", reason),
                        ],
                    );
                    view! { <li>{text}</li> }
                })
                .collect_view();
            view! { <ul class="undef-notes" data-testid="undefined-reasons">{items}</ul> }
        })
    };
    // Plain-language help for the table's metrics, right under the numbers.
    let help_keys: Vec<(String, String)> = columns
        .iter()
        .filter_map(|c| c.metric.map(|m| (c.title.clone(), format!("help.{m}"))))
        .filter(|(_, k)| crate::i18n::has(crate::i18n::Lang::En, k))
        .collect();
    let help = move || {
        let l = lang.get();
        (!help_keys.is_empty()).then(|| {
            let items = help_keys
                .iter()
                .map(|(title, key)| view! { <dt>{title.clone()}</dt><dd>{t(l, key)}</dd> })
                .collect_view();
            view! {
                <details class="table-help" data-testid="table-help">
                    <summary>{t(l, "table.help")}</summary>
                    <dl>{items}</dl>
                </details>
            }
        })
    };
    let head_cols = columns.clone();
    let header = move || {
        head_cols
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let aria = move || match sort.get() {
                    Some((k, true)) if k == i => "ascending",
                    Some((k, false)) if k == i => "descending",
                    _ => "none",
                };
                let toggle = move |_| {
                    sort.update(|s| {
                        *s = match *s {
                            Some((k, asc)) if k == i => Some((i, !asc)),
                            _ => Some((i, false)),
                        }
                    })
                };
                view! {
                    <th scope="col" aria-sort=aria class:num=c.numeric>
                        <button class="sort" on:click=toggle>{c.title.clone()}</button>
                    </th>
                }
            })
            .collect_view()
    };
    let body_rows = rows.clone();
    let body_cols = columns.clone();
    let body = move || {
        let mut order: Vec<usize> = (0..body_rows.len()).collect();
        if let Some((k, asc)) = sort.get() {
            let numeric = body_cols.get(k).is_some_and(|c| c.numeric);
            order.sort_by(|a, b| {
                let (x, y) = (&body_rows[*a][k], &body_rows[*b][k]);
                let ord = if numeric {
                    match (x.sort, y.sort) {
                        (Some(p), Some(q)) => {
                            if asc {
                                p.total_cmp(&q)
                            } else {
                                q.total_cmp(&p)
                            }
                        }
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    }
                } else if asc {
                    x.text.cmp(&y.text)
                } else {
                    y.text.cmp(&x.text)
                };
                ord.then(a.cmp(b))
            });
        }
        let start = page.get().min(pages - 1) * PAGE_ROWS;
        order
            .into_iter()
            .skip(start)
            .take(PAGE_ROWS)
            .map(|r| {
                let cells = body_rows[r]
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let col = &body_cols[i];
                        if i == 0 {
                            view! { <th scope="row" data-testid=col.testid>{c.text.clone()}</th> }.into_any()
                        } else {
                            view! { <td class:num=col.numeric data-testid=col.testid>{c.text.clone()}</td> }
                                .into_any()
                        }
                    })
                    .collect_view();
                view! { <tr data-testid=row_testid>{cells}</tr> }
            })
            .collect_view()
    };
    view! {
        <div class="table-block">
            <div class="table-wrap" class:tall=tall>
                <table data-testid=format!("table-{id}")>
                    <caption>{caption}</caption>
                    <thead><tr>{header}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            {(pages > 1).then(|| view! {
                <nav class="pager" aria-label=move || t(lang.get(), "table.pages")>
                    <button on:click=move |_| page.update(|p| *p = p.saturating_sub(1)) disabled=move || page.get() == 0>
                        {move || t(lang.get(), "table.previous")}
                    </button>
                    <span aria-live="polite">{move || format!("{} / {pages}", page.get() + 1)}</span>
                    <button on:click=move |_| page.update(|p| *p = (*p + 1).min(pages - 1)) disabled=move || page.get() + 1 >= pages>
                        {move || t(lang.get(), "table.next")}
                    </button>
                </nav>
            })}
            {notes}
            {help}
            <button class="link" data-testid=format!("download-csv-{id}") on:click=save>
                {move || t(lang.get(), "action.download_csv")}
            </button>
        </div>
    }
}

//! A sortable data table with a CSV download, used for every result table.
//!
//! Sorting is by clicking (or pressing Enter on) a column header; numbers sort numerically and
//! "not defined" cells sort last. Long tables are paged. The CSV (all rows) is UTF-8 with a BOM
//! (or GB18030, as chosen in the settings) with formula-neutralized cells.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::t;
use crate::ingest::Table;
use crate::markup::escape;
use crate::ui::browser::download;
use crate::ui::state::use_app_state;

/// Rows shown per page: long tables are paged so the page stays responsive with large surveys
/// (the tables scroll within 420 px anyway, about fourteen rows; 50 rows per page made the
/// demo's tables two thirds of the page's elements).
const PAGE_ROWS: usize = 25;

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
    /// The id of the organization the cell names: the name opens its page (see `ui::nav`).
    pub org: Option<String>,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Self {
        Cell { text: s.into(), sort: None, org: None }
    }
    /// A numeric cell with its display text.
    pub fn num(text: impl Into<String>, value: Option<f64>) -> Self {
        Cell { text: text.into(), sort: value, org: None }
    }
    /// An organization's name, which opens its page when clicked.
    pub fn org(name: impl Into<String>, id: impl Into<String>) -> Self {
        Cell { text: name.into(), sort: None, org: Some(id.into()) }
    }
}

/// Where a table's rows come from. Small tables hand over their cells ready-made (a
/// `Vec<Vec<Cell>>`); a table of a million organizations formats a row only when it is on the
/// shown page, so building the table costs nothing per row and memory stays with the report.
pub trait RowSource: Send + Sync {
    /// Number of rows.
    fn len(&self) -> usize;
    /// The cell in row `row`, column `col`.
    fn cell(&self, row: usize, col: usize) -> Cell;
    /// The number a numeric column sorts row `row` by. Sources with many rows override it to
    /// read the number without formatting the cell.
    fn sort_key(&self, row: usize, col: usize) -> Option<f64> {
        self.cell(row, col).sort
    }
    /// For each of `columns` columns: does any cell read "not defined" (`undefined` holds the
    /// words in both languages)? Reads every cell unless a source knows better.
    fn undefined_columns(&self, columns: usize, undefined: &[String]) -> Vec<bool> {
        (0..columns).map(|c| (0..self.len()).any(|r| undefined.contains(&self.cell(r, c).text))).collect()
    }
}

impl RowSource for Vec<Vec<Cell>> {
    fn len(&self) -> usize {
        self.as_slice().len()
    }
    fn cell(&self, row: usize, col: usize) -> Cell {
        self.get(row).and_then(|r| r.get(col)).cloned().unwrap_or_else(|| Cell::text(""))
    }
    /// Compares the cells in place (the default would copy each one).
    fn undefined_columns(&self, columns: usize, undefined: &[String]) -> Vec<bool> {
        (0..columns)
            .map(|c| self.iter().any(|r| r.get(c).is_some_and(|cell| undefined.contains(&cell.text))))
            .collect()
    }
}

/// The rows of a [`DataTable`]: ready-made cells or a lazy [`RowSource`].
#[derive(Clone)]
pub struct TableRows(Arc<dyn RowSource>);

impl TableRows {
    /// Rows formatted on demand.
    pub fn lazy(source: impl RowSource + 'static) -> Self {
        TableRows(Arc::new(source))
    }

    /// No rows.
    pub fn is_empty(&self) -> bool {
        self.0.len() == 0
    }
}

impl From<Vec<Vec<Cell>>> for TableRows {
    fn from(rows: Vec<Vec<Cell>>) -> Self {
        TableRows(Arc::new(rows))
    }
}

/// Row order for sorting by column `col`: numbers numerically with undefined last (a radix
/// sort, [`crate::stats::sort_order`]), text by its characters; ties keep the source order.
/// Reads each row's sort key once (not once per comparison).
pub fn sorted_order(rows: &dyn RowSource, col: usize, numeric: bool, ascending: bool) -> Vec<u32> {
    if numeric {
        let keys: Vec<Option<f64>> = (0..rows.len()).map(|r| rows.sort_key(r, col)).collect();
        return crate::stats::sort_order(&keys, ascending);
    }
    let keys: Vec<String> = (0..rows.len()).map(|r| rows.cell(r, col).text).collect();
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (p, q) = (&keys[a as usize], &keys[b as usize]);
        if ascending { p.cmp(q) } else { q.cmp(p) }
    });
    order
}

/// The rows of one page of a table (`order`, at most [`PAGE_ROWS`]) as HTML, set as the
/// body's `innerHTML` in one call: built element by element, the demo's 28 tables (5,000 cells)
/// took most of the page's time to show the results (each element, attribute and text a call
/// from WebAssembly into the DOM). Every cell's text and attribute is escaped.
fn body_html(
    rows: &dyn RowSource,
    columns: &[Column],
    order: impl Iterator<Item = usize>,
    row_testid: Option<&str>,
) -> String {
    use std::fmt::Write as _;
    let testid =
        |id: Option<&str>| id.map(|id| format!(" data-testid=\"{}\"", escape(id))).unwrap_or_default();
    let row_attr = testid(row_testid);
    let cell_attrs: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let class = if i > 0 && c.numeric { " class=\"num\"" } else { "" };
            let scope = if i == 0 { " scope=\"row\"" } else { "" };
            format!("{scope}{class}{}", testid(c.testid))
        })
        .collect();
    let mut html = String::new();
    for r in order.take(PAGE_ROWS) {
        let _ = write!(html, "<tr{row_attr}>");
        for (i, attrs) in cell_attrs.iter().enumerate() {
            let tag = if i == 0 { "th" } else { "td" };
            let cell = rows.cell(r, i);
            match &cell.org {
                Some(id) => {
                    let _ = write!(
                        html,
                        "<{tag}{attrs}><button type=\"button\" class=\"link org-link\" data-org=\"{}\">{}</button></{tag}>",
                        escape(id),
                        escape(&cell.text)
                    );
                }
                None => {
                    let _ = write!(html, "<{tag}{attrs}>{}</{tag}>", escape(&cell.text));
                }
            }
        }
        html.push_str("</tr>");
    }
    html
}

/// A header row of column titles given by their label keys.
pub fn header_row(l: crate::i18n::Lang, keys: &[&str]) -> impl IntoView {
    let cells = keys.iter().map(|k| view! { <th scope="col">{t(l, k)}</th> }).collect_view();
    view! { <tr>{cells}</tr> }
}

/// Downloads a table as CSV in the encoding chosen in the settings (UTF-8 with BOM or GB18030).
pub fn save_csv(state: crate::ui::state::AppState, file: &str, table: &Table) {
    let encoding = state.settings.with_untracked(|s| s.csv_encoding);
    let mime = match encoding {
        crate::settings::CsvEncoding::Gb18030 => "text/csv;charset=gb18030",
        crate::settings::CsvEncoding::Utf8 => "text/csv;charset=utf-8",
    };
    download(file, mime, &crate::export::csv_download(table, encoding.as_str()));
}

/// A table's sort: column and ascending.
type SortBy = (usize, bool);

/// Under a table, for every column with a "not defined" cell, the reason in words.
fn undefined_notes(
    rows: &dyn RowSource,
    columns: &[Column],
    lang: RwSignal<crate::i18n::Lang>,
) -> impl IntoView + use<> {
    let undefined =
        [t(crate::i18n::Lang::En, "common.undefined"), t(crate::i18n::Lang::Zh, "common.undefined")];
    let has_undefined = rows.undefined_columns(columns.len(), &undefined);
    let notes_cols: Vec<(String, Option<&'static str>)> = columns
        .iter()
        .zip(has_undefined)
        .filter(|(_, u)| *u)
        .map(|(c, _)| (c.title.clone(), c.metric))
        .collect();
    move || {
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
    }
}

/// Plain-language help for the table's metrics, right under the numbers.
fn table_help(columns: &[Column], lang: RwSignal<crate::i18n::Lang>) -> impl IntoView + use<> {
    let help_keys: Vec<(String, String)> = columns
        .iter()
        .filter_map(|c| c.metric.map(|m| (c.title.clone(), format!("help.{m}"))))
        .filter(|(_, k)| crate::i18n::has(crate::i18n::Lang::En, k))
        .collect();
    move || {
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
    }
}

/// The header row's cells: one sort button per column (titles escaped).
fn head_html(columns: &[Column]) -> String {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let class = if c.numeric { " class=\"num\"" } else { "" };
            format!(
                "<th scope=\"col\" aria-sort=\"none\"{class}><button class=\"sort\" data-col=\"{i}\">{}</button></th>",
                escape(&c.title)
            )
        })
        .collect()
}

/// The header's one click handler: a click on a column's button sorts by it (descending first,
/// then the other way) and sets each header's `aria-sort` in place, so the pressed button keeps
/// the focus.
fn sort_on_click(sort: RwSignal<Option<SortBy>>) -> impl Fn(leptos::ev::MouseEvent) {
    move |ev: leptos::ev::MouseEvent| {
        let button = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let Some(button) = button.and_then(|b| b.closest("button[data-col]").ok().flatten()) else { return };
        let Some(i) = button.get_attribute("data-col").and_then(|v| v.parse::<usize>().ok()) else { return };
        let next = match sort.get_untracked() {
            Some((k, asc)) if k == i => (i, !asc),
            _ => (i, false),
        };
        sort.set(Some(next));
        let Some(row) = button.closest("tr").ok().flatten() else { return };
        let mut th = row.first_element_child();
        let mut k = 0;
        while let Some(cell) = th {
            let aria = match next {
                (c, true) if c == k => "ascending",
                (c, false) if c == k => "descending",
                _ => "none",
            };
            let _ = cell.set_attribute("aria-sort", aria);
            th = cell.next_element_sibling();
            k += 1;
        }
    }
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
    /// Rows of cells, one per column (ready-made or formatted on demand).
    #[prop(into)]
    rows: TableRows,
    /// `data-testid` of each row.
    #[prop(optional)]
    row_testid: Option<&'static str>,
    /// Limit the height and scroll (long tables).
    #[prop(optional)]
    tall: bool,
) -> impl IntoView {
    let state = use_app_state();
    let lang = state.lang;
    let sort: RwSignal<Option<SortBy>> = RwSignal::new(None);
    let page = RwSignal::new(0usize);
    let rows = rows.0;
    let pages = rows.len().div_ceil(PAGE_ROWS).max(1);
    let columns = Arc::new(columns);
    let csv_rows = rows.clone();
    let csv_cols = columns.clone();
    let file = format!("{id}.csv");
    let save = move |_| {
        let rows: Vec<Vec<String>> = (0..csv_rows.len())
            .map(|r| (0..csv_cols.len()).map(|c| csv_rows.cell(r, c).text).collect())
            .collect();
        let table =
            Table::from_rows(&file, csv_cols.iter().map(|c| c.title.clone()).collect(), &rows, Vec::new());
        save_csv(state, &file, &table);
    };
    let notes = undefined_notes(rows.as_ref(), &columns, lang);
    let help = table_help(&columns, lang);
    // The header is one `innerHTML` (titles escaped) with one click handler for all its
    // buttons: as elements, each with its own handler and reactive `aria-sort`, the headers of
    // the demo's tables were 1,300 calls into the DOM and 330 effects. A click sets the order
    // and each header's `aria-sort` in place, so the pressed button keeps the focus.
    let head_html = head_html(&columns);
    let on_head_click = sort_on_click(sort);
    let body_rows = rows.clone();
    let body_cols = columns.clone();
    // The sorted order is kept while the pages are turned: sorting a million rows again for
    // every page was a pause of its own.
    let sorted: StoredValue<Option<(SortBy, Arc<[u32]>)>> = StoredValue::new(None);
    let body = move || {
        let start = page.get().min(pages - 1) * PAGE_ROWS;
        match sort.get() {
            Some(by) => {
                let order = match sorted.get_value() {
                    Some((cached, order)) if cached == by => order,
                    _ => {
                        let numeric = body_cols.get(by.0).is_some_and(|c| c.numeric);
                        let order: Arc<[u32]> = sorted_order(body_rows.as_ref(), by.0, numeric, by.1).into();
                        sorted.set_value(Some((by, order.clone())));
                        order
                    }
                };
                let rows = order.get(start..).unwrap_or_default().iter().map(|&r| r as usize);
                body_html(body_rows.as_ref(), &body_cols, rows, row_testid)
            }
            None => body_html(body_rows.as_ref(), &body_cols, start..body_rows.len(), row_testid),
        }
    };
    view! {
        <div class="table-block">
            <div class="table-wrap" class:tall=tall>
                <table data-testid=format!("table-{id}")>
                    <caption>{caption}</caption>
                    <thead><tr on:click=on_head_click inner_html=head_html></tr></thead>
                    <tbody inner_html=body></tbody>
                </table>
            </div>
            {(pages > 1).then(|| view! {
                <nav class="pager" aria-label=move || t(lang.get(), "table.pages")>
                    <button data-testid="page-previous" on:click=move |_| page.update(|p| *p = p.saturating_sub(1)) disabled=move || page.get() == 0>
                        {move || t(lang.get(), "table.previous")}
                    </button>
                    <span aria-live="polite">{move || format!("{} / {pages}", page.get() + 1)}</span>
                    <button data-testid="page-next" on:click=move |_| page.update(|p| *p = (*p + 1).min(pages - 1)) disabled=move || { page.get() + 1 >= pages }>
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

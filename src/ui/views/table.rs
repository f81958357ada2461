//! A sortable data table with a CSV download, used for every result table.
//!
//! Sorting is by clicking (or pressing Enter on) a column header; numbers sort numerically and
//! "not defined" cells sort last. Long tables are paged. The CSV (all rows) is UTF-8 with a BOM
//! (or GB18030, as chosen in the settings) with formula-neutralized cells.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::datatable::html as table_html;
pub use crate::datatable::{
    Cell, Column, ColumnChoice, DEFAULT_COLUMNS, RowSource, default_shown, sorted_order,
};
use crate::i18n::t;
use crate::ingest::Table;
use crate::ui::browser::download;
use crate::ui::state::use_app_state;

/// Rows shown per page: long tables are paged so the page stays responsive with large surveys
/// (50 rows per page made the demo's tables two thirds of the page's elements).
const PAGE_ROWS: usize = 25;

thread_local! {
    /// The columns chosen for each table (by id), kept while the page is open (a table is made
    /// anew when the language or the relation changes), never stored.
    static CHOSEN: std::cell::RefCell<std::collections::HashMap<String, Vec<bool>>> =
        Default::default();
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

/// A header row of column titles given by their label keys.
pub fn header_row(l: crate::i18n::Lang, keys: &[&str]) -> impl IntoView {
    let cells = keys.iter().map(|k| view! { <th scope="col">{t(l, k)}</th> }).collect_view();
    view! { <tr>{cells}</tr> }
}

/// Downloads a table as CSV in the encoding chosen in the settings (UTF-8 with BOM or GB18030).
pub fn save_csv(state: crate::ui::state::AppState, file: &str, table: &Table) {
    match state.settings.with_untracked(|s| s.csv_encoding) {
        // The GB18030 encoder lives in the file worker, not in the page's first download.
        crate::settings::CsvEncoding::Gb18030 => {
            let recipe = crate::export::FileRecipe::Gb18030(crate::export::csv_text(table));
            crate::ui::maker::make_and_download(state, file, "text/csv;charset=gb18030", &recipe);
        }
        crate::settings::CsvEncoding::Utf8 => {
            download(file, "text/csv;charset=utf-8", &crate::export::csv_bytes(table, true))
        }
    }
}

/// Rows above which a table is long: its CSV download is offered above it too, and it scrolls
/// in a box a screen high (a shorter one is shown whole).
const LONG_TABLE_ROWS: usize = 10;

/// A table's sort: column and ascending.
pub type SortBy = (usize, bool);

/// Sortable table with a caption and a CSV download button (`download-csv-<id>`). A table of
/// more than [`DEFAULT_COLUMNS`] columns has a column chooser; on a phone each row is a card.
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
    /// The order the rows come in, when they come sorted (column, ascending): the header shows
    /// it, the column shows even when hidden at first, and the first click on it reverses it.
    #[prop(optional)]
    sorted: Option<SortBy>,
) -> impl IntoView {
    let lang = use_app_state().lang;
    let sort: RwSignal<Option<SortBy>> = RwSignal::new(sorted);
    let page = RwSignal::new(0usize);
    let rows = rows.0;
    let pages = rows.len().div_ceil(PAGE_ROWS).max(1);
    let columns = Arc::new(columns);
    let chosen = CHOSEN.with(|c| c.borrow().get(&id).filter(|v| v.len() == columns.len()).cloned());
    // The column the rows come sorted by shows, chosen or not (the order says what it is), but
    // is remembered as chosen only when the reader ticks it.
    let choice = ColumnChoice::new(chosen.unwrap_or_else(|| default_shown(&columns)), sorted.map(|(c, _)| c));
    let shown = RwSignal::new(choice.shown.clone());
    let choice = StoredValue::new(choice);
    let remember = id.clone();
    Effect::new(move |_| {
        let v = shown.get();
        choice.update_value(|c| c.change(v));
        let mine = choice.with_value(ColumnChoice::remembered);
        CHOSEN.with(|c| c.borrow_mut().insert(remember.clone(), mine));
    });
    // Named by its caption in the reader's language, as the charts' files are.
    let file = format!("{}.csv", crate::export::label_file_stem(&caption, &id));
    let save = csv_saver(file, rows.clone(), columns.clone());
    let order = PageOrder { sort, page, pages, initial: sorted, cache: StoredValue::new(None) };
    let notes = undefined_notes(lang, rows.clone(), columns.clone(), shown, order);
    let help = metric_help(lang, &columns);
    let in_place = column_notes(&columns);
    let head_cols = columns.clone();
    // The header is one `innerHTML` (titles escaped) with one click handler for all its
    // buttons: as elements, each with its own handler and reactive `aria-sort`, the headers of
    // the demo's tables were 1,300 calls into the DOM and 330 effects. A click sets the order
    // and each header's `aria-sort` in place, so the pressed button keeps the focus.
    let head = move || shown.with(|v| table_html::head_html(&head_cols, v, sort.get_untracked()));
    let body = page_body(rows.clone(), columns.clone(), shown, order, row_testid);
    let chooser = (columns.len() > DEFAULT_COLUMNS).then(|| {
        let titles: Vec<String> = columns.iter().map(|c| c.title.clone()).collect();
        view! { <ColumnChooser titles=titles shown=shown/> }
    });
    // A long table's download also above it: on a phone the one below came after 25 cards.
    let long = rows.len() > LONG_TABLE_ROWS;
    let top_download = long.then(|| {
        let save = save.clone();
        view! {
            <button class="link table-top-download" data-testid=format!("download-csv-top-{id}") on:click=save>
                {move || t(lang.get(), "action.download_csv")}
            </button>
        }
    });
    // A short table is not a scroll box of its own: ten rows of long sentences (the top
    // introductions) were taller than the window and cut their last row.
    view! {
        <div class="table-block">
            {top_download}
            {chooser}
            {in_place}
            <div class="table-wrap" class:short=!long>
                <table class="cards" data-testid=format!("table-{id}")>
                    <caption>{caption}</caption>
                    <thead><tr on:click=move |ev| head_click(&ev, sort) inner_html=head></tr></thead>
                    <tbody inner_html=body></tbody>
                </table>
            </div>
            {(pages > 1).then(|| view! { <Pager page=page pages=pages/> })}
            {notes}
            {help}
            <button class="link" data-testid=format!("download-csv-{id}") on:click=save>
                {move || t(lang.get(), "action.download_csv")}
            </button>
        </div>
    }
}

/// The CSV download of a whole table (every row and column, numbers in full precision).
fn csv_saver(
    file: String,
    rows: Arc<dyn RowSource>,
    columns: Arc<Vec<Column>>,
) -> impl Fn(leptos::ev::MouseEvent) + Clone + 'static {
    let state = use_app_state();
    move |_| {
        let rows: Vec<Vec<String>> = (0..rows.len())
            .map(|r| {
                columns
                    .iter()
                    .enumerate()
                    .map(|(c, col)| table_html::download_text(&rows.cell(r, c), col.numeric))
                    .collect()
            })
            .collect();
        let table =
            Table::from_rows(&file, columns.iter().map(|c| c.title.clone()).collect(), &rows, Vec::new());
        save_csv(state, &file, &table);
    }
}

/// The rows on the shown page, in their order (rows that come sorted by `initial` in their own
/// order while that sort holds), shared by the body and the notes under it. The sorted order
/// is kept while the pages are turned: sorting a million rows again for every page was a
/// pause of its own.
#[derive(Clone, Copy)]
struct PageOrder {
    sort: RwSignal<Option<SortBy>>,
    page: RwSignal<usize>,
    pages: usize,
    initial: Option<SortBy>,
    cache: StoredValue<Option<(SortBy, Arc<[u32]>)>>,
}

impl PageOrder {
    fn rows(&self, rows: &dyn RowSource, columns: &[Column]) -> Vec<usize> {
        let start = self.page.get().min(self.pages - 1) * PAGE_ROWS;
        match self.sort.get().filter(|by| Some(*by) != self.initial) {
            Some(by) => {
                let order = match self.cache.get_value() {
                    Some((cached, order)) if cached == by => order,
                    _ => {
                        let numeric = columns.get(by.0).is_some_and(|c| c.numeric);
                        let order: Arc<[u32]> = sorted_order(rows, by.0, numeric, by.1).into();
                        self.cache.set_value(Some((by, order.clone())));
                        order
                    }
                };
                order.get(start..).unwrap_or_default().iter().take(PAGE_ROWS).map(|&r| r as usize).collect()
            }
            None => (start..rows.len().min(start + PAGE_ROWS)).collect(),
        }
    }
}

/// The body of the shown page.
fn page_body(
    rows: Arc<dyn RowSource>,
    columns: Arc<Vec<Column>>,
    shown: RwSignal<Vec<bool>>,
    order: PageOrder,
    row_testid: Option<&'static str>,
) -> impl Fn() -> String + 'static {
    move || {
        let page_rows = order.rows(rows.as_ref(), &columns);
        shown.with(|v| {
            table_html::body_html(rows.as_ref(), &columns, v, page_rows.into_iter(), row_testid, PAGE_ROWS)
        })
    }
}

/// A click in the header row: a sort button sorts ([`sort_click`]); a column's "?" opens the
/// table's explanations at that column's, focused.
fn head_click(ev: &leptos::ev::MouseEvent, sort: RwSignal<Option<SortBy>>) {
    let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let Some(button) = target.and_then(|b| b.closest("button.help-link").ok().flatten()) else {
        return sort_click(ev, sort);
    };
    let block = button.closest(".table-block").ok().flatten();
    let col = button.get_attribute("data-help").unwrap_or_default();
    // A column explained in place: its note, just above the rows, opened and focused.
    let note = block
        .as_ref()
        .and_then(|b| b.query_selector(&format!("details.column-note[data-col=\"{col}\"]")).ok().flatten());
    if let Some(details) = note.and_then(|d| d.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
        details.set_open(true);
        let summary = details.query_selector("summary").ok().flatten();
        if let Some(summary) = summary.and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = summary.focus();
        }
        return;
    }
    let help = block.as_ref().and_then(|b| b.query_selector("details.table-help").ok().flatten());
    if let Some(details) = help.and_then(|d| d.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
        details.set_open(true);
        let entry = details.query_selector(&format!("dt[data-col=\"{col}\"]")).ok().flatten();
        if let Some(dt) = entry.and_then(|d| d.dyn_into::<web_sys::HtmlElement>().ok()) {
            dt.scroll_into_view();
            let _ = dt.focus();
        }
    }
}

/// A click on a header's sort button: the next order (a new column descending first; the
/// column sorted by, shown or initial, flipped), and every header's `aria-sort` set in place.
fn sort_click(ev: &leptos::ev::MouseEvent, sort: RwSignal<Option<SortBy>>) {
    let button = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let Some(button) = button.and_then(|b| b.closest("button[data-col]").ok().flatten()) else { return };
    let col = |el: &web_sys::Element| el.get_attribute("data-col").and_then(|v| v.parse::<usize>().ok());
    let Some(i) = col(&button) else { return };
    let next = match sort.get_untracked() {
        Some((k, asc)) if k == i => (i, !asc),
        _ => (i, false),
    };
    sort.set(Some(next));
    let Some(row) = button.closest("tr").ok().flatten() else { return };
    let mut th = row.first_element_child();
    while let Some(cell) = th {
        // A column without a sort button (free text) has no `aria-sort`.
        if let Some(c) = cell.first_element_child().as_ref().and_then(col) {
            let aria = match next {
                (k, true) if c == k => "ascending",
                (k, false) if c == k => "descending",
                _ => "none",
            };
            let _ = cell.set_attribute("aria-sort", aria);
        }
        th = cell.next_element_sibling();
    }
}

/// Previous and next page buttons with "page / pages".
#[component]
fn Pager(page: RwSignal<usize>, pages: usize) -> impl IntoView {
    let lang = use_app_state().lang;
    view! {
        <nav class="pager" aria-label=move || t(lang.get(), "table.pages")>
            <button data-testid="page-previous" on:click=move |_| page.update(|p| *p = p.saturating_sub(1)) disabled=move || page.get() == 0>
                {move || t(lang.get(), "table.previous")}
            </button>
            <span aria-live="polite">{move || format!("{} / {pages}", page.get() + 1)}</span>
            <button data-testid="page-next" on:click=move |_| page.update(|p| *p = (*p + 1).min(pages - 1)) disabled=move || { page.get() + 1 >= pages }>
                {move || t(lang.get(), "table.next")}
            </button>
        </nav>
    }
}

/// Check boxes choosing a wide table's columns (the first, the name, always shows), folded
/// under "Columns (shown of total)".
#[component]
fn ColumnChooser(titles: Vec<String>, shown: RwSignal<Vec<bool>>) -> impl IntoView {
    let lang = use_app_state().lang;
    let total = titles.len();
    let summary = move || {
        let n = shown.with(|v| v.iter().filter(|s| **s).count());
        crate::i18n::tf(
            lang.get(),
            "table.columns",
            &[("shown", n.to_string()), ("total", total.to_string())],
        )
    };
    let boxes = titles
        .into_iter()
        .enumerate()
        .skip(1)
        .map(|(i, title)| {
            let checked = move || shown.with(|v| v.get(i).copied().unwrap_or(true));
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                shown.update(|v| {
                    if let Some(s) = v.get_mut(i) {
                        *s = on;
                    }
                });
            };
            view! { <label><input type="checkbox" prop:checked=checked on:change=toggle/>" "{title}</label> }
        })
        .collect_view();
    view! {
        <details class="column-chooser" data-testid="column-chooser">
            <summary>{summary}</summary>
            <div class="column-boxes">{boxes}</div>
        </details>
    }
}

/// Every shown column with a "not defined" cell on the shown page gets its reason under the
/// table, in words (no note for a hidden column, or for a row on another page).
fn undefined_notes(
    lang: RwSignal<crate::i18n::Lang>,
    rows: Arc<dyn RowSource>,
    columns: Arc<Vec<Column>>,
    shown: RwSignal<Vec<bool>>,
    order: PageOrder,
) -> impl Fn() -> Option<AnyView> + use<> {
    let undefined =
        [t(crate::i18n::Lang::En, "common.undefined"), t(crate::i18n::Lang::Zh, "common.undefined")];
    // Columns with a "not defined" cell anywhere (once); the shown page is checked among them.
    let anywhere = rows.undefined_columns(columns.len(), &undefined);
    move || {
        let l = lang.get();
        let page_rows =
            if anywhere.contains(&true) { order.rows(rows.as_ref(), &columns) } else { Vec::new() };
        let notes_cols: Vec<(String, Option<&'static str>)> = shown.with(|v| {
            columns
                .iter()
                .enumerate()
                .filter(|(c, _)| anywhere[*c] && v.get(*c).copied().unwrap_or(true))
                .filter(|(c, _)| page_rows.iter().any(|r| undefined.contains(&rows.cell(*r, *c).text)))
                .map(|(_, col)| (col.title.clone(), col.metric))
                .collect()
        });
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
            view! { <ul class="undef-notes" data-testid="undefined-reasons">{items}</ul> }.into_any()
        })
    }
}

/// The columns explained in place ([`Column::noted`]): each a folded note above the rows,
/// named as its header's "?" is, which opens it (a phone's reader stays at the table).
fn column_notes(columns: &[Column]) -> impl IntoView + use<> {
    columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let (note, (_, label)) = (c.note.clone()?, c.help.clone()?);
            Some(view! {
                <details class="column-note" data-col=i.to_string() data-testid="column-note">
                    <summary>{label}</summary>
                    <p>{note}</p>
                </details>
            })
        })
        .collect_view()
}

/// A click on an explanation's "back to the table": the header's "?" of its column (or the
/// table, when the column is not shown) brought into view and focused.
fn back_click(ev: &leptos::ev::MouseEvent) {
    let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let Some(button) = target.and_then(|b| b.closest("button.help-back").ok().flatten()) else { return };
    let Some(block) = button.closest(".table-block").ok().flatten() else { return };
    let col = button.get_attribute("data-col").unwrap_or_default();
    let ask = block.query_selector(&format!("thead button.help-link[data-help=\"{col}\"]")).ok().flatten();
    let place = ask.or_else(|| block.query_selector("table").ok().flatten());
    if let Some(el) = place.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        if !el.has_attribute("tabindex") && el.tag_name() == "TABLE" {
            let _ = el.set_attribute("tabindex", "-1");
        }
        el.scroll_into_view();
        let _ = el.focus();
    }
}

/// Plain-language help for the table's metrics and explained columns ([`Column::explained`]),
/// right under the numbers; each entry carries its column (`data-col`) for the header's "?",
/// and a way back to the table (a phone's reader came down a long table to read it).
fn metric_help(
    lang: RwSignal<crate::i18n::Lang>,
    columns: &[Column],
) -> impl Fn() -> Option<AnyView> + use<> {
    // A metric's explanation is a locale key; an explained column's, its words.
    let entries: Vec<(usize, String, Result<String, String>)> = columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match (&c.help, c.metric) {
            (Some((text, _)), _) => Some((i, c.title.clone(), Ok(text.clone()))),
            (None, Some(m)) => Some((i, c.title.clone(), Err(format!("help.{m}")))),
            (None, None) => None,
        })
        .filter(|(_, _, h)| h.as_ref().err().is_none_or(|k| crate::i18n::has(crate::i18n::Lang::En, k)))
        .collect();
    move || {
        let l = lang.get();
        (!entries.is_empty()).then(|| {
            let items = entries
                .iter()
                .map(|(i, title, help)| {
                    let text = help.clone().unwrap_or_else(|k| t(l, &k));
                    view! {
                        <dt data-col=i.to_string() tabindex="-1">{title.clone()}</dt>
                        <dd>{text} " "
                            <button type="button" class="link help-back" data-col=i.to_string()>{t(l, "table.back")}</button>
                        </dd>
                    }
                })
                .collect_view();
            view! {
                <details class="table-help" data-testid="table-help" on:click=move |ev| back_click(&ev)>
                    <summary>{t(l, "table.help")}</summary>
                    <dl>{items}</dl>
                </details>
            }
            .into_any()
        })
    }
}

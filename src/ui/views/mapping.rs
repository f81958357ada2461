//! The column mapping: every column's role as inferred or given, editable — role, dimension,
//! reverse-keying, scale, answer labels, missing codes, relation — then applied by re-running
//! with the mapping as a codebook, downloaded as a codebook (CSV, XLSX), and, with the user's
//! consent, remembered for the next file with the same columns. (The files themselves are
//! listed in `views::files`.)

use crate::ui::views::picker::OwnForm;
use leptos::prelude::*;

use crate::i18n::t;
use crate::ingest::TableKind;
use crate::report::CodebookEntry;
use crate::ui::maker::{XLSX, make_and_download};
use crate::ui::state::{AppState, PageFile, use_app_state};
use crate::ui::views::table::{header_row, save_csv};
use crate::ui::{persist, run};

/// Applies a field's new text to one mapping row.
type Setter = Box<dyn Fn(&mut CodebookEntry, String)>;

/// Name of the codebook file the mapping is applied as.
pub const MAPPING_FILE: &str = "tongxing_mapping.csv";

const ROLES: [&str; 10] =
    ["id", "name", "attribute", "numeric", "item", "multi", "roster", "tie_item", "text", "ignore"];
/// The mapping as codebook CSV bytes.
fn mapping_csv(state: AppState, entries: &[CodebookEntry]) -> Vec<u8> {
    let dims = state
        .result
        .get_untracked()
        .map(|r| r.analysis.report.capacity.dimensions.clone())
        .unwrap_or_default();
    crate::export::csv_bytes(&crate::export::codebook_table(entries, &dims), true)
}

/// Re-runs with the mapping as the codebook (and remembers it for these columns, with consent).
pub fn apply(state: AppState, entries: &[CodebookEntry]) {
    let bytes = mapping_csv(state, entries);
    let headers: Vec<String> = entries.iter().map(|e| e.column.clone()).collect();
    persist::save_mapping(&headers, &bytes);
    if let Some(file) = PageFile::from_bytes(MAPPING_FILE, &bytes, Some(TableKind::Codebook)) {
        run::start(state, run::files_replacing(state, TableKind::Codebook, MAPPING_FILE, file));
    }
}

/// After a run without a codebook: if a remembered mapping fits these columns, apply it once.
pub fn apply_remembered(state: AppState) {
    let Some(r) = state.result.get_untracked().filter(|r| r.complete) else { return };
    let input = &r.analysis.report.input;
    if input.kinds.iter().flatten().any(|k| *k == TableKind::Codebook) {
        return;
    }
    let headers: Vec<String> = input.codebook.iter().map(|e| e.column.clone()).collect();
    if let Some(bytes) = persist::load_mapping(&headers) {
        state.persist_note.set(Some("mapping.remembered"));
        if let Some(file) = PageFile::from_bytes(MAPPING_FILE, &bytes, Some(TableKind::Codebook)) {
            run::start(state, run::files_replacing(state, TableKind::Codebook, MAPPING_FILE, file));
        }
    }
}

/// A change handler that sets a field of the `i`-th entry to the control's value.
fn edit(entries: RwSignal<Vec<CodebookEntry>>, i: usize, f: Setter) -> impl Fn(leptos::ev::Event) {
    move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        entries.update(|e| {
            if let Some(entry) = e.get_mut(i) {
                f(entry, v);
            }
        });
    }
}

/// A number typed into a field (none when it is not a finite number).
fn number(v: String) -> Option<f64> {
    v.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Text typed into a field (none when blank).
fn text(v: String) -> Option<String> {
    Some(v.trim().to_string()).filter(|v| !v.is_empty())
}

/// One column's row of the mapping table: its role and, for items and tie items, dimension,
/// reverse keying and scale; levels, missing codes and, for rosters and tie items, the relation.
fn mapping_row(
    entries: RwSignal<Vec<CodebookEntry>>,
    i: usize,
    e: CodebookEntry,
    names: &Names,
    l: crate::i18n::Lang,
) -> impl IntoView + use<> {
    let role_options = ROLES
        .iter()
        .map(|r| view! { <option value=*r selected=e.role == *r>{t(l, &format!("role.{r}"))}</option> })
        .collect_view();
    // Tie items (ratings of a partner) have a dimension, scale and reverse-keying as items
    // do, and a relation as rosters do.
    let item = e.role == "item" || e.role == "tie_item";
    let related = e.role == "roster" || e.role == "tie_item";
    let label = |k: &str| format!("{} — {}", t(l, k), e.column);
    let role = view! {
        <select data-testid=format!("mapping-role-{i}") aria-label=label("mapping.role")
            on:change=edit(entries, i, Box::new(|e, v| e.role = v))>{role_options}</select>
    };
    // What the reader knows a column, dimension and relation by: its label, the file's header
    // (or the codebook's key) under it in small type when it differs.
    let (heading, key) = names.column(&e.column);
    let dim_name = e.dimension.as_deref().and_then(|d| names.dimension(d));
    let rel_name = e.relation.as_deref().and_then(|r| names.relation(r));
    let hint = |name: Option<String>| name.map(|n| view! { <span class="muted hint">{n}</span> });
    let cell = |k: &str| t(l, k);
    view! {
        <tr data-testid="mapping-row" data-column=e.column.clone()>
            <th scope="row">
                <span class="col-label">{heading}</span>
                {e.inferred.then(|| view! { <span class="muted">" *"</span> })}
                {key.map(|k| view! { <span class="muted hint col-key">{k}</span> })}
            </th>
            <td data-label=cell("mapping.role")><OwnForm>{role}</OwnForm></td>
            <td data-label=cell("mapping.dimension")><span class="field"><input type="text" class="short" aria-label=label("mapping.dimension") disabled=!item
                prop:value=e.dimension.clone().unwrap_or_default()
                on:change=edit(entries, i, Box::new(move |e, v| e.dimension = text(v)))/>{hint(dim_name)}</span></td>
            <td data-label=cell("mapping.reverse")><input type="checkbox" aria-label=label("mapping.reverse") disabled=!item prop:checked=e.reverse
                on:change=move |ev| { let on = event_target_checked(&ev); entries.update(|x| if let Some(e) = x.get_mut(i) { e.reverse = on; }); }/></td>
            <td data-label=cell("mapping.scale_min")><input type="number" class="tiny" aria-label=label("mapping.scale_min") disabled=!item
                prop:value=e.scale_min.map(|x| x.to_string()).unwrap_or_default()
                on:change=edit(entries, i, Box::new(move |e, v| e.scale_min = number(v)))/></td>
            <td data-label=cell("mapping.scale_max")><input type="number" class="tiny" aria-label=label("mapping.scale_max") disabled=!item
                prop:value=e.scale_max.map(|x| x.to_string()).unwrap_or_default()
                on:change=edit(entries, i, Box::new(move |e, v| e.scale_max = number(v)))/></td>
            <td data-label=cell("mapping.levels")><input type="text" aria-label=label("mapping.levels") placeholder="非常同意=5;同意=4"
                prop:value=e.levels.clone()
                on:change=edit(entries, i, Box::new(|e, v| e.levels = v.trim().to_string()))/></td>
            <td data-label=cell("mapping.missing")><input type="text" class="short" aria-label=label("mapping.missing") placeholder="99;-2"
                prop:value=e.missing.clone()
                on:change=edit(entries, i, Box::new(|e, v| e.missing = v.trim().to_string()))/></td>
            <td data-label=cell("mapping.relation")><span class="field"><input type="text" class="short" aria-label=label("mapping.relation") disabled=!related
                prop:value=e.relation.clone().unwrap_or_default()
                on:change=edit(entries, i, Box::new(move |e, v| e.relation = text(v)))/>{hint(rel_name)}</span></td>
        </tr>
    }
}

/// The labels of the result a mapping row names its column, dimension and relation by.
struct Names {
    result: Option<std::sync::Arc<crate::ui::state::PageResult>>,
    lang: crate::i18n::Lang,
}

impl Names {
    fn report(&self) -> Option<&crate::report::Report> {
        self.result.as_ref().map(|r| &r.analysis.report)
    }

    /// The column's label (else its header), and its header when that differs.
    fn column(&self, column: &str) -> (String, Option<String>) {
        let entry = self.report().and_then(|r| r.input.codebook.iter().find(|e| e.column == column));
        let label = entry
            .and_then(|e| {
                crate::labels::pick(
                    self.lang,
                    e.label.as_deref(),
                    e.label_zh.as_deref(),
                    e.label_zh_hant.as_deref(),
                )
            })
            .map(str::to_string)
            .filter(|x| x != column);
        match label {
            Some(label) => (label, Some(column.to_string())),
            None => (column.to_string(), None),
        }
    }

    /// A dimension's label when it is not its key.
    fn dimension(&self, key: &str) -> Option<String> {
        let r = self.report()?;
        r.capacity
            .dimensions
            .iter()
            .any(|d| d.key == key)
            .then(|| crate::labels::dimension_label(r, key, self.lang))
            .filter(|x| x != key)
    }

    /// A relation's label when it is not its key.
    fn relation(&self, key: &str) -> Option<String> {
        let r = self.report()?;
        r.network
            .relations
            .iter()
            .any(|x| x.key == key)
            .then(|| crate::labels::relation_label(r, key, self.lang))
            .filter(|x| x != key)
    }
}

/// Saves the edited mapping as a codebook file, CSV or XLSX.
fn save_mapping(state: AppState, entries: &[CodebookEntry], xlsx: bool) {
    let dims = state
        .result
        .get_untracked()
        .map(|r| r.analysis.report.capacity.dimensions.clone())
        .unwrap_or_default();
    let table = crate::export::codebook_table(entries, &dims);
    if xlsx {
        let recipe = crate::export::FileRecipe::Xlsx(vec![("codebook".into(), table)]);
        make_and_download(state, "codebook.xlsx", XLSX, &recipe);
    } else {
        save_csv(state, "codebook.csv", &table);
    }
}

/// The editable column mapping.
#[component]
pub fn MappingView() -> impl IntoView {
    let state = use_app_state();
    let entries: RwSignal<Vec<CodebookEntry>> = RwSignal::new(Vec::new());
    // A new result resets the table to what was applied.
    Effect::new(move || {
        if let Some(r) = state.result.get() {
            entries.set(r.analysis.report.input.codebook.clone());
        }
    });
    // The table's rows (a select and seven inputs per column) exist only while the list is
    // open: closed, they were a ninth of the demo's page. Edits live in `entries`.
    let opened = RwSignal::new(false);
    let on_toggle = move |ev: leptos::ev::Event| {
        opened.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open());
    };
    let rows = move || {
        if !opened.get() {
            return None;
        }
        let l = state.lang.get();
        let names = Names { result: state.result.get(), lang: l };
        let rows = entries
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, e)| mapping_row(entries, i, e, &names, l))
            .collect::<Vec<_>>();
        Some(rows)
    };
    move || {
        state.result.get()?;
        let l = state.lang.get();
        let on_apply = move |_| apply(state, &entries.get_untracked());
        let save_mapping_csv = move |_| save_mapping(state, &entries.get_untracked(), false);
        let save_mapping_xlsx = move |_| save_mapping(state, &entries.get_untracked(), true);
        Some(view! {
            <section aria-labelledby="mapping-title">
                <h2 id="mapping-title">{t(l, "mapping.title")}</h2>
                <details class="mapping" id=crate::findings::anchor::MAPPING data-testid="mapping" prop:open=opened.get_untracked() on:toggle=on_toggle>
                    <summary>{t(l, "mapping.open")}</summary>
                    <p class="muted">{t(l, "mapping.intro")}</p>
                    <div class="table-wrap">
                        <table class="cards" data-testid="mapping-table">
                            <caption>{t(l, "mapping.caption")}</caption>
                            <thead>{header_row(l, &["mapping.column", "mapping.role", "mapping.dimension", "mapping.reverse", "mapping.scale_min", "mapping.scale_max", "mapping.levels", "mapping.missing", "mapping.relation"])}</thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </details>
                <p>
                    <button class="primary" data-testid="mapping-apply" on:click=on_apply>{t(l, "mapping.apply")}</button>
                    " "
                    <button data-testid="download-mapping-csv" on:click=save_mapping_csv>{t(l, "mapping.download_csv")}</button>
                    " "
                    <button data-testid="download-mapping-xlsx" on:click=save_mapping_xlsx>{t(l, "mapping.download_xlsx")}</button>
                </p>
            </section>
        })
    }
}

//! The overview a result opens on: headline numbers, the key findings as sentences (each a
//! link to the view that shows it) and what needs attention, as counts with a link.

use leptos::prelude::*;

use crate::findings::{findings_counting, headline, headline_facts};
use crate::i18n::{t, tf};
use crate::markup::escape;
use crate::route::{Route, View};
use crate::ui::nav::take_overview_focus;
use crate::ui::state::use_app_state;

/// A link to a route — a view and what it is to show there, all in its `href` — followed by
/// the page itself (`data-go`, see `ui::nav`); at a section (by its heading's id,
/// `data-anchor`) the view opens scrolled to that section, its heading focused.
fn route_link(route: &Route, anchor: Option<&str>, class: &str, testid: &str, text: &str) -> String {
    let anchor = anchor.map(|a| format!(" data-anchor=\"{}\"", escape(a))).unwrap_or_default();
    format!(
        "<a class=\"{class}\" href=\"{href}\" data-go=\"{key}\"{anchor} data-testid=\"{testid}\">{text}</a>",
        href = escape(&route.href()),
        key = route.view.key(),
    )
}

/// Headline numbers, findings and attention. Written as HTML in one piece (every text
/// escaped): built element by element, the overview's view code was a fiftieth of the page's
/// WebAssembly, for a view that never changes until the next result.
#[component]
pub fn Overview() -> impl IntoView {
    let state = use_app_state();
    let heading = NodeRef::<leptos::html::H2>::new();
    // A new result's overview takes the focus (see `nav::take_overview_focus`).
    Effect::new(move || {
        if let Some(h) = heading.get()
            && take_overview_focus()
        {
            let _ = h.focus();
        }
    });
    // The section and its heading stay while a result is shown, and only the text under them
    // follows the result: when the full result replaced the early capacity results, a new
    // heading replaced the focused one, and the focus fell back to the page.
    let has_result = move || state.result.with(Option::is_some);
    let html = move || {
        let l = state.lang.get();
        state.result.with(|r| r.as_ref().map(|r| overview_html(r, l)))
    };
    view! {
        <Show when=has_result>
            <section class="overview" data-testid="overview" aria-labelledby="overview-title">
                <h2 id="overview-title" tabindex="-1" node_ref=heading>{move || t(state.lang.get(), "overview.title")}</h2>
                <div inner_html=move || html().unwrap_or_default()></div>
            </section>
        </Show>
    }
}

/// Without a codebook, a line above the findings: the dimension and item names they use are
/// the file's column names ("维度 F", "k_1"), where a walkthrough met them in the Chinese page
/// with only the last link under "needs attention" to say why.
fn inferred_note(
    report: &crate::report::Report,
    h: &crate::findings::Headline,
    l: crate::i18n::Lang,
) -> String {
    let Some(first) = report.capacity.dimensions.first().filter(|_| h.inferred_items) else {
        return String::new();
    };
    let example = crate::labels::dimension_label(report, &first.key, l);
    let text = escape(&tf(l, "overview.inferred", &[("example", example)]));
    let link = route_link(
        &Route::view(View::Data),
        Some(crate::findings::anchor::MAPPING),
        "attention",
        "overview-inferred-link",
        &escape(&t(l, "overview.inferred_link")),
    );
    let gap = crate::i18n::space(l);
    format!("<p class=\"note\" data-testid=\"overview-inferred\">{text}{gap}{link}</p>")
}

fn overview_html(result: &crate::ui::state::PageResult, l: crate::i18n::Lang) -> String {
    let (report, complete) = (&result.analysis.report, result.complete);
    use std::fmt::Write as _;
    let h = headline(report);
    let mut html = String::from("<dl class=\"facts headline\">");
    // The relation a number is of goes on the detail line: "网络" over "148 / 家机构，690 条关系
    // （全部关系合并）" (in a phone's card the label broke inside its brackets).
    for fact in headline_facts(report, &h, l) {
        let detail = fact
            .detail_of(l)
            .map(|d| format!("<span class=\"detail\">{}</span>", escape(&d)))
            .unwrap_or_default();
        let (id, label, value) = (fact.id, &fact.label, &fact.value);
        let _ = write!(
            html,
            "<div data-testid=\"{id}\"><dt>{}</dt><dd>{}{detail}</dd></div>",
            escape(label),
            escape(value)
        );
    }
    html.push_str("</dl>");
    html.push_str(&inferred_note(report, &h, l));
    if !complete {
        let _ = write!(
            html,
            "<p class=\"note\" data-testid=\"overview-partial\">{}</p>",
            escape(&t(l, "overview.partial"))
        );
    }
    let _ = write!(html, "<h3>{}</h3><ol class=\"findings\">", escape(&t(l, "overview.findings")));
    // The weakest dimension's organizations were counted before the result was shown
    // (`datatable::orgs`): a million of them were 60 ms of this task.
    let facts = result.org_facts();
    for f in findings_counting(report, &|dims| facts.weak_count(report, dims)) {
        let view = f.target.view;
        let text = format!(
            "<span class=\"sentence\">{}</span> <span class=\"go\">{}</span>",
            escape(&f.text(report, l)),
            escape(&tf(l, "overview.see", &[("view", t(l, view.label_key()))]))
        );
        // The route says what the view shows: the network view the finding's relation.
        let link = route_link(&f.target, f.anchor.as_deref(), "finding", "finding-link", &text);
        // A second place it is answered (the organizations it counts), beside it.
        let also = f
            .also
            .as_ref()
            .map(|a| {
                let words = escape(&tf(l, a.words, &[("view", t(l, a.target.view.label_key()))]));
                route_link(&a.target, Some(a.anchor), "finding-also", "finding-also-link", &words)
            })
            .unwrap_or_default();
        let _ = write!(html, "<li data-testid=\"finding\" data-target=\"{}\">{link}{also}</li>", view.key());
    }
    let _ = write!(html, "</ol><h3>{}</h3>", escape(&t(l, "attention.title")));
    if h.warnings == 0 && h.unmatched_names == 0 && !h.inferred_items {
        let _ = write!(html, "<p class=\"muted\">{}</p>", escape(&t(l, "attention.none")));
    } else {
        html.push_str("<p class=\"attention-links\">");
        if h.warnings > 0 {
            let text = escape(&tf(l, "attention.warnings", &[("n", h.warnings.to_string())]));
            html.push_str(&route_link(
                &Route::view(View::Data),
                Some(crate::findings::anchor::WARNINGS),
                "attention",
                "attention-warnings",
                &text,
            ));
        }
        if h.unmatched_names > 0 {
            let text = escape(&tf(l, "attention.names", &[("n", h.unmatched_names.to_string())]));
            let data = Route::view(View::Data);
            html.push_str(&route_link(&data, Some("names-title"), "attention", "attention-names", &text));
        }
        if h.inferred_items {
            let text = escape(&t(l, "attention.codebook"));
            let data = Route::view(View::Data);
            let at = Some(crate::findings::anchor::MAPPING);
            html.push_str(&route_link(&data, at, "attention", "attention-codebook", &text));
        }
        html.push_str("</p>");
    }
    html
}

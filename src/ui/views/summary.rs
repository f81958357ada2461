//! What was read: counts, encoding, and every note about the data.

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::ui::state::use_app_state;

/// Counts and warnings of the last run.
#[component]
pub fn Summary() -> impl IntoView {
    let state = use_app_state();
    let lang = state.lang;
    move || {
        let r = state.result.get()?;
        let report = &r.analysis.report;
        let input = report.input.clone();
        let l = lang.get();
        let delimiter = input.delimiter.clone().unwrap_or_else(|| "—".into());
        let warnings = input.warnings.clone();
        let n_warn = warnings.len();
        let open = n_warn > 0 && n_warn <= 5;
        // Several respondents per organization: the rows read are more than the organizations.
        let orgs = report.capacity.organizations.len();
        let rows = (orgs != input.rows).then(|| {
            view! { <div><dt>{t(l, "summary.rows")}</dt><dd data-testid="row-count">{input.rows}</dd></div> }
        });
        // The codebook's labels in the other language stand in for missing ones: said once.
        let labels_missing = crate::labels::missing_labels(report, l).map(|m| {
            let examples = crate::labels::join_names(&m.examples, l);
            let text = tf(l, "summary.labels_missing", &[("n", m.count.to_string()), ("examples", examples)]);
            view! { <p class="note" data-testid="labels-missing">{text}</p> }
        });
        Some(view! {
            <section aria-labelledby="summary-title">
                <h2 id="summary-title">{t(l, "summary.title")}</h2>
                <dl class="facts">
                    <div><dt>{t(l, "summary.orgs")}</dt><dd data-testid="org-count">{orgs}</dd></div>
                    {rows}
                    <div><dt>{t(l, "summary.columns")}</dt><dd data-testid="column-count">{input.columns}</dd></div>
                    <div><dt>{t(l, "summary.encoding")}</dt><dd data-testid="encoding">{input.encoding.clone()}</dd></div>
                    <div><dt>{t(l, "summary.delimiter")}</dt><dd>{delimiter}</dd></div>
                </dl>
                {labels_missing}
                <details class="warnings" id=crate::findings::anchor::WARNINGS data-testid="warnings" open=open>
                    <summary>{crate::i18n::aside(l, &t(l, "summary.warnings"), &n_warn.to_string())}</summary>
                    {if warnings.is_empty() {
                        view! { <p>{t(l, "summary.no_warnings")}</p> }.into_any()
                    } else {
                        view! {
                            // The whole list, in its fold (an inner box of 260 px hid all but
                            // the first notes on a phone, with no sign of the others).
                            <ul aria-label=t(l, "summary.warnings")>
                                {warnings.iter().map(|w| view! { <li>{crate::labels::warning(report, w, l)}</li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </details>
            </section>
        })
    }
}

//! Diagnostics: per-step timings as JSON, for support requests and performance work.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::i18n::t;
use crate::ui::state::use_app_state;

/// A collapsible panel whose `data-testid="diagnostics"` element holds timing JSON.
#[component]
pub fn Diagnostics() -> impl IntoView {
    let state = use_app_state();
    let lang = state.lang;
    let json = move || {
        let r = state.result.get()?;
        let mut timings: BTreeMap<String, f64> = r.analysis.report.timings_ms.clone().unwrap_or_default();
        // The steps after the result was sent: drawing the charts (the worker's, or the page's
        // after a language switch; the diagrams when their layouts came) and the worker's
        // layout.
        let charts = state.charts.get().map(|c| c.ms).unwrap_or(0.0)
            + state.diagrams.get().map(|c| c.ms).unwrap_or(0.0);
        timings.insert("charts".into(), charts);
        let layout = r.layouts.get().map(|l| l.ms);
        // The worker's peak: at the end of the run, after the layouts and drawing if they came.
        let worker_memory =
            r.layouts.get().map_or(r.worker_memory_bytes, |l| l.memory_bytes.max(r.worker_memory_bytes));
        if let Some(ms) = layout {
            timings.insert("layout".into(), ms);
        }
        // Layouts the pool ran while the analysis worker went on (`layout` is then what it
        // waited for or laid out itself).
        if let Some(ms) = r.layouts.get().map(|l| l.pooled_ms).filter(|ms| *ms > 0.0) {
            timings.insert("layout_shared".into(), ms);
        }
        if let Some(total) = timings.get_mut("total") {
            *total += charts + layout.unwrap_or(0.0);
        }
        let rounded: BTreeMap<String, f64> =
            timings.into_iter().map(|(k, v)| (k, (v * 100.0).round() / 100.0)).collect();
        serde_json::to_string_pretty(&serde_json::json!({
            "version": crate::VERSION,
            "engine": "worker",
            // WebAssembly memory (its peak: it never shrinks), in MB: the analysis worker's at
            // the end of the run, and the page's now.
            "memory_mb": {
                "worker_wasm": (worker_memory as f64 / 1_048_576.0).round(),
                "page_wasm": (crate::worker::wasm_memory_bytes() as f64 / 1_048_576.0).round(),
            },
            "complete": r.complete,
            // The analysis worker's warm-up run (compiling its code ahead of the first file).
            "worker_warmup_ms": state.worker_warmup_ms.get().map(|ms| ms.round()),
            "timings_ms": rounded,
        }))
        .ok()
    };
    view! {
        <details class="diagnostics">
            <summary>{move || t(lang.get(), "diag.title")}</summary>
            <p class="note">{move || t(lang.get(), "diag.note")}</p>
            <pre data-testid="diagnostics">{json}</pre>
        </details>
    }
}

//! The Models view: the paper's question asked of this survey. When the dimensions match the
//! community-of-practice chain it proposes the chain (`models::presets`); a builder takes any
//! formulas; fitted models are shown in words, as a path diagram and as tables. Fitting adds
//! the models to the settings and re-runs the analysis in the worker (the bootstrap is heavy).

use leptos::prelude::*;

use crate::i18n::{Lang, t};
use crate::labels::variable_label;
use crate::models::presets::paper_chain;
use crate::models::text::{caveat, mediation_sentences, model_sentences, p_text, spec_in_words as in_words};
use crate::report::format::num;
use crate::report::{ModelReport, Report};
use crate::ui::state::use_app_state;

/// One model's coefficients as a table (the accessible form of the sentences).
fn model_table(m: &ModelReport, report: &Report, l: Lang) -> impl IntoView + use<> {
    let gaussian = m.family == "gaussian";
    let rows = m
        .terms
        .iter()
        .map(|term| {
            let name = if term.term == "(Intercept)" {
                t(l, "model.intercept")
            } else {
                variable_label(report, &term.term, l)
            };
            let effect = if gaussian { num(term.std_estimate, 2, l) } else { num(term.odds_ratio, 2, l) };
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td class="num">{num(Some(term.estimate), 3, l)}</td>
                    <td class="num">{num(term.ci_low, 3, l)} " – " {num(term.ci_high, 3, l)}</td>
                    <td class="num">{p_text(term.p)}</td>
                    <td class="num">{effect}</td>
                </tr>
            }
        })
        .collect_view();
    let effect_head = if gaussian { t(l, "model.std_estimate") } else { t(l, "model.odds_ratio") };
    view! {
        <div class="table-wrap">
            <table class="data">
                <caption>{m.formula.clone()}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(l, "model.term")}</th>
                        <th scope="col">{t(l, "model.estimate")}</th>
                        <th scope="col">{t(l, "model.ci")}</th>
                        <th scope="col">"p"</th>
                        <th scope="col">{effect_head}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Lines of a text box, trimmed, without empty ones.
fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// The Models view.
#[component]
pub fn ModelsView() -> impl IntoView {
    let state = use_app_state();
    let formulas = RwSignal::new(String::new());
    let mediations = RwSignal::new(String::new());
    // The builder starts from what was fitted, else from the paper's chain when it matches.
    Effect::new(move || {
        let settings = state.settings.get_untracked();
        let preset = state.result.with(|r| {
            r.as_ref()
                .and_then(|r| paper_chain(&r.analysis.report.capacity, &r.analysis.report.network.relations))
        });
        let (f, m) = if settings.models.is_empty() && settings.mediations.is_empty() {
            preset.map(|p| (p.formulas, p.mediations)).unwrap_or_default()
        } else {
            (settings.models, settings.mediations)
        };
        formulas.set(f.join("\n"));
        mediations.set(m.join("\n"));
    });
    let fit = move |_| {
        state.settings.update(|s| {
            s.models = lines(&formulas.get_untracked());
            s.mediations = lines(&mediations.get_untracked());
        });
        crate::ui::run::rerun(state);
    };
    let results = move || {
        let l = state.lang.get();
        state.result.with(|r| {
            let r = r.as_ref()?;
            let report = &r.analysis.report;
            if report.models.is_empty() && report.mediation.is_empty() {
                return None;
            }
            let label = |v: &str| variable_label(report, v, l);
            let mediation = report
                .mediation
                .iter()
                .map(|m| {
                    let svg = crate::charts::paths::path_diagram(m, l, &label).unwrap_or_default();
                    let said = mediation_sentences(m, l, &label)
                        .into_iter()
                        .map(|s| view! { <li>{s}</li> })
                        .collect_view();
                    view! {
                        <section class="model" data-testid="mediation">
                            <h3>{in_words(&m.spec, &label)}</h3>
                            <ul class="sentences">{said}</ul>
                            <div class="svg" role="img" aria-label=t(l, "model.diagram") inner_html=svg></div>
                        </section>
                    }
                })
                .collect_view();
            let models = report
                .models
                .iter()
                .map(|m| {
                    let said = model_sentences(m, l, &label)
                        .into_iter()
                        .map(|s| view! { <li>{s}</li> })
                        .collect_view();
                    let table = m.not_defined.is_none().then(|| model_table(m, report, l));
                    view! {
                        <section class="model" data-testid="model">
                            <h3>{in_words(&m.formula, &label)}</h3>
                            <ul class="sentences">{said}</ul>
                            {table}
                        </section>
                    }
                })
                .collect_view();
            Some(view! {
                <p class="note">{caveat(l)}</p>
                {mediation}
                {models}
            })
        })
    };
    let l = move || state.lang.get();
    view! {
        <section class="models" data-testid="models-view">
            <h2>{move || t(l(), "models.title")}</h2>
            <p>{move || t(l(), "models.intro")}</p>
            {results}
            <form class="model-builder" on:submit=move |ev| ev.prevent_default()>
                <label for="model-formulas">{move || t(l(), "models.formulas")}</label>
                <textarea id="model-formulas" data-testid="model-formulas" rows="3"
                    prop:value=move || formulas.get() on:input=move |ev| formulas.set(event_target_value(&ev))></textarea>
                <label for="model-mediations">{move || t(l(), "models.mediations")}</label>
                <textarea id="model-mediations" data-testid="model-mediations" rows="2"
                    prop:value=move || mediations.get() on:input=move |ev| mediations.set(event_target_value(&ev))></textarea>
                <p class="hint">{move || t(l(), "models.syntax")}</p>
                <button type="button" data-testid="fit-models" on:click=fit>{move || t(l(), "models.fit")}</button>
            </form>
        </section>
    }
}

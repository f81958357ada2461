//! The Models view: the paper's question asked of this survey. When the dimensions match the
//! community-of-practice chain it proposes the chain (`models::presets`), said in words; a
//! builder picks labelled variables (`models::choices`, the builder's parts in `model_builder`)
//! with the formula text as an advanced option; fitted models are shown in words, as a path
//! diagram and as tables. Fitting adds the models to the settings and re-runs the analysis in
//! the worker (the bootstrap is heavy).

use leptos::prelude::*;

use crate::i18n::{Lang, t};
use crate::labels::variable_label;
use crate::models::presets::{Preset, paper_chain};
use crate::models::text::{
    caveat, mediation_reconcile, mediation_sentences, mediation_verdict, model_sentences, p_text,
    spec_heading, strength_rule,
};
use crate::report::format::num;
use crate::report::{ModelReport, Report};
use crate::ui::state::use_app_state;
use crate::ui::views::model_builder::{
    AdvancedText, ChainPicker, Plan, Planned, PresetLine, RegressionPicker,
};

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
                <caption>{spec_heading(&m.formula, l, &|v: &str| variable_label(report, v, l))}</caption>
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

/// The fitted models: the caveat, each mediation chain and regression in words, diagrams and
/// tables; `None` before any model is fitted.
fn results(report: &Report, l: Lang) -> Option<impl IntoView + use<>> {
    if report.models.is_empty() && report.mediation.is_empty() {
        return None;
    }
    let label = |v: &str| variable_label(report, v, l);
    let mediation = report
        .mediation
        .iter()
        .map(|m| {
            let svg = crate::charts::paths::path_diagram(m, l, &label).unwrap_or_default();
            let said =
                mediation_sentences(m, l, &label).into_iter().map(|s| view! { <li>{s}</li> }).collect_view();
            // The answer first: does the chain hold?
            let verdict = mediation_verdict(m, l, &label)
                .map(|v| view! { <p class="lead" data-testid="mediation-verdict">{v}</p> });
            // A supported chain beside unsupported shorter paths, reconciled.
            let reconcile = mediation_reconcile(m, l, &label)
                .map(|v| view! { <p data-testid="mediation-reconcile">{v}</p> });
            view! {
                <section class="model" data-testid="mediation">
                    <h3>{spec_heading(&m.spec, l, &label)}</h3>
                    {verdict}
                    {reconcile}
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
            let said =
                model_sentences(m, l, &label).into_iter().map(|s| view! { <li>{s}</li> }).collect_view();
            let table = m.not_defined.is_none().then(|| model_table(m, report, l));
            view! {
                <section class="model" data-testid="model">
                    <h3>{spec_heading(&m.formula, l, &label)}</h3>
                    <ul class="sentences">{said}</ul>
                    {table}
                </section>
            }
        })
        .collect_view();
    // How strong an indirect effect is: the rule, said once above the chains.
    let rule = (!report.mediation.is_empty())
        .then(|| view! { <p class="note" data-testid="strength-rule">{strength_rule(l)}</p> });
    Some(view! {
        <p class="note">{caveat(l)}</p>
        {rule}
        {mediation}
        {models}
    })
}

/// The Models view.
#[component]
pub fn ModelsView() -> impl IntoView {
    let state = use_app_state();
    let plan = Plan::new();
    // The builder starts from what was fitted, else from the paper's chain when it matches.
    Effect::new(move || {
        let settings = state.settings.get_untracked();
        let preset = state.result.with(|r| {
            r.as_ref()
                .and_then(|r| paper_chain(&r.analysis.report.capacity, &r.analysis.report.network.relations))
        });
        if settings.models.is_empty() && settings.mediations.is_empty() {
            plan.set(preset.unwrap_or_default());
        } else {
            plan.set(Preset { formulas: settings.models, mediations: settings.mediations });
        }
    });
    let fit = move |_| {
        state.settings.update(|s| {
            let p = plan.get();
            (s.models, s.mediations) = (p.formulas, p.mediations);
        });
        crate::ui::run::rerun(state);
    };
    let shown = move || {
        let l = state.lang.get();
        state.result.with(|r| r.as_ref().and_then(|r| results(&r.analysis.report, l)))
    };
    let l = move || state.lang.get();
    view! {
        <section class="models" data-testid="models-view">
            <h2>{move || t(l(), "models.title")}</h2>
            <p>{move || t(l(), "models.intro")}</p>
            {shown}
            <div class="model-builder">
                <PresetLine plan=plan/>
                <RegressionPicker plan=plan/>
                <ChainPicker plan=plan/>
                <Planned plan=plan/>
                <AdvancedText plan=plan/>
                <button type="button" class="primary" data-testid="fit-models" on:click=fit>{move || t(l(), "models.fit")}</button>
            </div>
        </section>
    }
}

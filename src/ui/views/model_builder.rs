//! The Models view's builder: a coordinator picks labelled variables (an outcome and its
//! predictors, or a chain from X through mediators to Y) instead of typing keys; the paper's
//! chain is offered as a sentence; the models to fit are listed in words; the formula text
//! stays as an advanced option. The formulas themselves come from `models::choices`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{Lang, t, tf};
use crate::labels::variable_label;
use crate::models::choices::{chain, formula, variables};
use crate::models::presets::{Preset, paper_chain};
use crate::models::text::spec_heading;
use crate::ui::state::{AppState, use_app_state};
use crate::ui::views::picker::options_html;

/// Mediators a chain can have in the builder (the text takes more).
const MEDIATORS: usize = 3;

/// The models to fit, as formula text: what the builder adds to and the text box edits.
#[derive(Clone, Copy)]
pub struct Plan {
    formulas: RwSignal<Vec<String>>,
    mediations: RwSignal<Vec<String>>,
}

impl Plan {
    /// An empty plan.
    pub fn new() -> Self {
        Plan { formulas: RwSignal::new(Vec::new()), mediations: RwSignal::new(Vec::new()) }
    }

    /// Replaces the plan.
    pub fn set(&self, p: Preset) {
        self.formulas.set(p.formulas);
        self.mediations.set(p.mediations);
    }

    /// The plan now.
    pub fn get(&self) -> Preset {
        Preset { formulas: self.formulas.get_untracked(), mediations: self.mediations.get_untracked() }
    }
}

impl Default for Plan {
    fn default() -> Self {
        Self::new()
    }
}

/// Lines of a text box, trimmed, without empty ones.
fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// The report's variables with their labels in the UI language (empty before a result).
fn labelled(state: AppState) -> Vec<(String, String)> {
    let l = state.lang.get();
    state.result.with(|r| {
        r.as_ref().map_or_else(Vec::new, |r| {
            let report = &r.analysis.report;
            variables(report)
                .into_iter()
                .map(|v| (variable_label(report, &v, l), v))
                .map(|(label, v)| (v, label))
                .collect()
        })
    })
}

/// A spec in words with the report's labels.
fn said(state: AppState, spec: &str, l: Lang) -> String {
    state.result.with(|r| match r {
        Some(r) => spec_heading(spec, l, &|v: &str| variable_label(&r.analysis.report, v, l)),
        None => spec.to_string(),
    })
}

/// A select of the variables (value: the key), with a first empty choice saying `empty`.
fn variable_select(
    vars: Vec<(String, String)>,
    empty: String,
    chosen: RwSignal<String>,
    id: String,
    test_id: &'static str,
) -> impl IntoView {
    let choices = std::iter::once((String::new(), empty.as_str()))
        .chain(vars.iter().map(|(key, label)| (key.clone(), label.as_str())));
    let html = options_html(choices, Some(&chosen.get_untracked()));
    view! {
        <select id=id data-testid=test_id inner_html=html prop:value=move || chosen.get()
            on:change=move |ev| chosen.set(event_target_value(&ev))></select>
    }
}

/// Brings the planned models' heading (`#models-planned`) to the top of the window and focuses
/// it: on a phone the list is screens below the button that fills it.
fn reveal_planned() {
    let heading = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("models-planned"))
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(h) = heading {
        h.scroll_into_view();
        let _ = h.focus();
    }
}

/// The paper's chain, when the dimensions match it, as a sentence with a button to use it;
/// pressed, a status line beside it says what was added and where, and the list is brought
/// into view.
#[component]
pub fn PresetLine(plan: Plan) -> impl IntoView {
    let state = use_app_state();
    let added = RwSignal::new(None::<usize>);
    move || {
        let l = state.lang.get();
        let preset = state.result.with(|r| {
            r.as_ref()
                .and_then(|r| paper_chain(&r.analysis.report.capacity, &r.analysis.report.network.relations))
        })?;
        let words = said(state, preset.mediations.first()?, l);
        Some(view! {
            <p class="model-preset" data-testid="model-preset">
                {tf(l, "models.preset", &[("chain", words)])} " "
                <button type="button" data-testid="use-preset" on:click=move |_| {
                    added.set(Some(preset.formulas.len() + preset.mediations.len()));
                    plan.set(preset.clone());
                    reveal_planned();
                }>
                    {t(l, "models.use_preset")}
                </button> " "
                <span role="status" data-testid="preset-added">
                    {move || added.get().map(|n| tf(l, "models.preset_added", &[("n", n.to_string())]))}
                </span>
            </p>
        })
    }
}

/// Regression: an outcome and any predictors, added to the plan.
#[component]
pub fn RegressionPicker(plan: Plan) -> impl IntoView {
    let state = use_app_state();
    let outcome = RwSignal::new(String::new());
    let picked = RwSignal::new(Vec::<String>::new());
    let add = move |_| {
        if let Some(f) = formula(&outcome.get_untracked(), &picked.get_untracked()) {
            plan.formulas.update(|fs| {
                if !fs.contains(&f) {
                    fs.push(f);
                }
            });
        }
    };
    move || {
        let l = state.lang.get();
        let vars = labelled(state);
        let boxes = vars
            .iter()
            .cloned()
            .map(|(key, label)| {
                let (k, shown) = (key.clone(), key.clone());
                let toggle = move |ev: leptos::ev::Event| {
                    let on = event_target_checked(&ev);
                    picked.update(|p| {
                        p.retain(|x| *x != k);
                        if on {
                            p.push(k.clone());
                        }
                    });
                };
                view! {
                    <label class="check" hidden=move || outcome.get() == shown>
                        <input type="checkbox" data-testid="model-predictor" value=key.clone()
                            prop:checked=move || picked.with(|p| p.contains(&key)) on:change=toggle/>
                        " " {label}
                    </label>
                }
            })
            .collect_view();
        view! {
            <fieldset class="model-pick" data-testid="regression-picker">
                <legend>{t(l, "models.regression")}</legend>
                <label for="model-outcome">{t(l, "models.outcome")}</label>
                {variable_select(vars, t(l, "models.choose"), outcome, "model-outcome".into(), "model-outcome")}
                <p class="pick-heading">{t(l, "models.predictors")}</p>
                <div class="checks">{boxes}</div>
                <button type="button" data-testid="add-model" on:click=add
                    disabled=move || formula(&outcome.get(), &picked.get()).is_none()>{t(l, "models.add_model")}</button>
            </fieldset>
        }
    }
}

/// Mediation: X, up to [`MEDIATORS`] mediators in order, and Y, added to the plan.
#[component]
pub fn ChainPicker(plan: Plan) -> impl IntoView {
    let state = use_app_state();
    let x = RwSignal::new(String::new());
    let y = RwSignal::new(String::new());
    let ms: [RwSignal<String>; MEDIATORS] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let picked = move || chain(&x.get(), &ms.map(|m| m.get()), &y.get());
    let add = move |_| {
        if let Some(c) = picked() {
            plan.mediations.update(|cs| {
                if !cs.contains(&c) {
                    cs.push(c);
                }
            });
        }
    };
    move || {
        let l = state.lang.get();
        let vars = labelled(state);
        let mediators = ms
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let id = format!("chain-m{}", i + 1);
                let label = tf(l, "models.chain_m", &[("n", (i + 1).to_string())]);
                let testid = ["chain-m1", "chain-m2", "chain-m3"][i];
                view! {
                    <label for=id.clone()>{label}</label>
                    {variable_select(vars.clone(), t(l, "models.none"), *m, id, testid)}
                }
            })
            .collect_view();
        view! {
            <fieldset class="model-pick" data-testid="chain-picker">
                <legend>{t(l, "models.chain")}</legend>
                <label for="chain-x">{t(l, "models.chain_x")}</label>
                {variable_select(vars.clone(), t(l, "models.choose"), x, "chain-x".into(), "chain-x")}
                {mediators}
                <label for="chain-y">{t(l, "models.chain_y")}</label>
                {variable_select(vars, t(l, "models.choose"), y, "chain-y".into(), "chain-y")}
                <button type="button" data-testid="add-chain" on:click=add disabled=move || picked().is_none()>
                    {t(l, "models.add_chain")}
                </button>
            </fieldset>
        }
    }
}

/// One planned model in words, with a button that removes it.
fn planned_item(
    state: AppState,
    list: RwSignal<Vec<String>>,
    spec: String,
    kind: &str,
    l: Lang,
) -> impl IntoView {
    let words = said(state, &spec, l);
    let remove = move |_| list.update(|v| v.retain(|s| *s != spec));
    view! {
        <li data-testid="planned-model">
            <span class="kind">{t(l, kind)}</span> " " <span>{words}</span> " "
            <button type="button" class="remove" on:click=remove>{t(l, "models.remove")}</button>
        </li>
    }
}

/// The models the button will fit, in words.
#[component]
pub fn Planned(plan: Plan) -> impl IntoView {
    let state = use_app_state();
    // The heading stays one element (the paper's chain button focuses it as the list changes).
    let heading = move || t(state.lang.get(), "models.planned");
    let list = move || {
        let l = state.lang.get();
        let chains = plan.mediations.get();
        let formulas = plan.formulas.get();
        let empty = (chains.is_empty() && formulas.is_empty())
            .then(|| view! { <p>{t(l, "models.planned_none")}</p> });
        let items = chains
            .into_iter()
            .map(|s| planned_item(state, plan.mediations, s, "models.kind_chain", l).into_any())
            .chain(
                formulas
                    .into_iter()
                    .map(|s| planned_item(state, plan.formulas, s, "models.kind_regression", l).into_any()),
            )
            .collect_view();
        view! {
            {empty}
            <ul class="planned" data-testid="model-planned">{items}</ul>
        }
    };
    view! {
        <h3 id="models-planned" tabindex="-1">{heading}</h3>
        {list}
    }
}

/// The plan as formula text, folded: for a reader who knows the variables' codes.
#[component]
pub fn AdvancedText(plan: Plan) -> impl IntoView {
    let state = use_app_state();
    let l = move || state.lang.get();
    view! {
        <details class="model-text">
            <summary>{move || t(l(), "models.advanced")}</summary>
            <label for="model-formulas">{move || t(l(), "models.formulas")}</label>
            <textarea id="model-formulas" data-testid="model-formulas" rows="3" spellcheck="false"
                prop:value=move || plan.formulas.get().join("\n")
                on:change=move |ev| plan.formulas.set(lines(&event_target_value(&ev)))></textarea>
            <label for="model-mediations">{move || t(l(), "models.mediations")}</label>
            <textarea id="model-mediations" data-testid="model-mediations" rows="2" spellcheck="false"
                prop:value=move || plan.mediations.get().join("\n")
                on:change=move |ev| plan.mediations.set(lines(&event_target_value(&ev)))></textarea>
            <p class="hint">{move || t(l(), "models.syntax")}</p>
        </details>
    }
}

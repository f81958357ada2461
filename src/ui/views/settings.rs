//! Analysis settings: encoding, answered-items threshold, grouping variable and the network
//! options (symmetrizing, weights, communities, betweenness sampling); changing one re-runs the
//! analysis on the files already in memory.
//!
//! The panel edits the typed [`Settings`]: every entry is read by its setting's rule
//! ([`Setting::read`], the same as the share link's and the CLI's), and an entry the setting
//! does not allow is marked invalid next to its field with the rule's message, not applied.

use crate::ui::views::picker::LabelledSelect;
use leptos::prelude::*;

use crate::i18n::{Lang, t};
use crate::network::Symmetrize;
use crate::network::community::Method;
use crate::settings::{Allowed, Choice, CsvEncoding, PartnerNames, Setting, SettingError, Settings};
use crate::survey::respondents::Combine;
use crate::ui::run;
use crate::ui::state::{AppState, use_app_state};

/// Threshold choices (share of a dimension's items that must be answered).
const THRESHOLDS: [f64; 4] = [0.5, 2.0 / 3.0, 0.75, 1.0];

/// Applies a change to the settings and re-runs when it changes results: not for the
/// settings of downloads ([`Setting::changes_results`]), nor for a setting whose switch ([`crate::settings::Descriptor::requires`])
/// is off. A change the setting does not allow leaves the settings as they were.
fn change(
    state: AppState,
    setting: Setting,
    edit: impl FnOnce(&mut Settings) -> Result<(), SettingError>,
) -> Result<(), SettingError> {
    let current = state.settings.get_untracked();
    let mut next = current.clone();
    edit(&mut next)?;
    if next == current {
        return Ok(());
    }
    let needed =
        setting.descriptor().requires.is_none_or(|switch| switch.write(&next).as_deref() == Some("1"));
    let rerun = needed && setting.changes_results();
    state.settings.set(next);
    if rerun {
        run::rerun(state);
    }
    Ok(())
}

/// Sets `setting` from a field's text (see [`change`]).
fn apply(state: AppState, setting: Setting, text: &str) -> Result<(), SettingError> {
    change(state, setting, |s| setting.read(s, text))
}

/// `<option>`s of a [`Choice`] setting, labelled by `label`, the current one selected.
fn choice_options<T: Choice>(current: T, label: impl Fn(&str) -> String) -> impl IntoView {
    T::ALL
        .iter()
        .map(|v| {
            let word = v.word();
            view! { <option value=word selected=*v == current>{label(word)}</option> }
        })
        .collect_view()
}

/// A select of a [`Choice`] setting.
fn choice_select<T: Choice>(
    state: AppState,
    setting: Setting,
    test_id: &'static str,
    current: T,
    label: impl Fn(&str) -> String,
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        // Every option is an allowed word.
        let _ = apply(state, setting, &event_target_value(&ev));
    };
    view! { <select data-testid=test_id on:change=on_change>{choice_options(current, label)}</select> }
}

/// A checkbox of a switch setting.
fn switch_box(state: AppState, setting: Setting, test_id: &'static str, label: String) -> impl IntoView {
    let on = setting.write(&state.settings.get_untracked()).as_deref() == Some("1");
    let on_change = move |ev: leptos::ev::Event| {
        let _ = apply(state, setting, if event_target_checked(&ev) { "1" } else { "0" });
    };
    view! {
        <label class="inline">
            <input type="checkbox" data-testid=test_id checked=on on:change=on_change/>
            " " {label}
        </label>
    }
}

/// A number field of one setting. An entry the setting does not allow is marked invalid
/// (`aria-invalid`, and the setting's rule under the field) and not applied; the next allowed
/// entry clears it.
#[component]
fn NumberField(
    /// The setting edited.
    setting: Setting,
    /// The field's label.
    label: String,
    /// `data-testid` of the input (its message is `<test_id>-error`).
    test_id: &'static str,
    /// The input's `step`.
    step: &'static str,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let state = use_app_state();
    let error: RwSignal<Option<SettingError>> = RwSignal::new(None);
    let value = setting.write(&state.settings.get_untracked()).unwrap_or_default();
    let (min, max) = match setting.descriptor().allowed {
        Allowed::Number { min, max, .. } => (Some(min.to_string()), Some(max.to_string())),
        Allowed::Whole { min } => (Some(min.to_string()), None),
        _ => (None, None),
    };
    let on_change = move |ev: leptos::ev::Event| {
        error.set(apply(state, setting, event_target_value(&ev).trim()).err());
    };
    let message_id = format!("{test_id}-error");
    view! {
        <label class="inline">
            {label} " "
            <input type="number" min=min max=max step=step class="short" data-testid=test_id
                prop:value=value
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=move || error.with(Option::is_some).then(|| message_id.clone())
                on:change=on_change/>
        </label>
        {move || error.get().map(|e| view! {
            " "
            <span class="field-error" id=format!("{test_id}-error") data-testid=format!("{test_id}-error") role="alert">
                {e.message(lang)}
            </span>
        })}
    }
}

/// The choices of the minimum answered share; a share from a link that is not one of them is
/// listed too.
fn threshold_options(current: f64) -> impl IntoView {
    let mut shares = THRESHOLDS.to_vec();
    if !shares.iter().any(|v| (current - v).abs() < 1e-9) {
        shares.push(current);
    }
    shares
        .iter()
        .map(|v| {
            let selected = (current - v).abs() < 1e-9;
            view! { <option value=v.to_string() selected=selected>{format!("{:.0}%", v * 100.0)}</option> }
        })
        .collect_view()
}

/// The attributes percentiles can be grouped by, the one used selected.
fn group_options(report: &crate::report::Report, l: Lang) -> impl IntoView + use<> {
    let used = report.capacity.settings.group_by.as_deref();
    report
        .capacity
        .groups
        .iter()
        .map(|g| {
            let n = &g.attribute;
            let selected = used == Some(n.as_str());
            view! { <option value=n.clone() selected=selected>{crate::labels::column_label(report, n, l)}</option> }
        })
        .collect_view()
}

/// The text encodings a user can force (the first: detect), `current` selected.
fn encoding_options(current: &str, l: Lang) -> impl IntoView + use<> {
    [
        ("", "settings.enc_auto"),
        ("UTF-8", "UTF-8"),
        ("GB18030", "GB18030 / GBK"),
        ("UTF-16LE", "UTF-16LE"),
        ("Big5", "Big5"),
    ]
    .into_iter()
    .map(|(v, label)| {
        let text = if v.is_empty() { t(l, label) } else { label.to_string() };
        view! { <option value=v selected=current == v>{text}</option> }
    })
    .collect_view()
}

/// Settings panel, shown once there is a result.
/// How several respondents are combined and the minimum expected: shown only when some
/// organization has several respondents.
fn respondent_settings(
    state: AppState,
    result: &crate::ui::state::PageResult,
    current: &Settings,
    l: Lang,
) -> Option<impl IntoView + use<>> {
    // Known before the result was shown (`datatable::orgs`), not a pass over every organization.
    result.org_facts().several.then(|| {
        let combine = choice_select::<Combine>(
            state,
            Setting::Combine,
            "setting-combine",
            current.respondent_combine,
            move |w| t(l, &format!("settings.combine_{w}")),
        );
        view! {
            <div class="network-settings">
                <LabelledSelect label=t(l, "settings.combine")>{combine}</LabelledSelect>
                " "
                <NumberField setting=Setting::MinRespondents label=t(l, "settings.min_respondents") test_id="setting-min-respondents" step="1" lang=l/>
            </div>
        }
    })
}

/// The minimum intensity of the ties analysed: shown only when ties carry intensity ratings (or
/// a link set a level).
fn intensity_setting(
    report: &crate::report::Report,
    current: &Settings,
    l: Lang,
) -> Option<impl IntoView + use<>> {
    let rated = report.network.relations.iter().any(|rel| !rel.intensity.is_empty());
    (rated || current.min_intensity > 0).then(|| {
        view! {
            <div class="network-settings">
                <NumberField setting=Setting::MinIntensity label=t(l, "settings.min_intensity") test_id="setting-min-intensity" step="1" lang=l/>
            </div>
        }
    })
}

#[component]
pub fn SettingsPanel() -> impl IntoView {
    let state = use_app_state();
    let lang = state.lang;
    move || {
        let r = state.result.get()?;
        let l = lang.get();
        let current = state.settings.get_untracked();
        let threshold_options = threshold_options(current.min_answered_share);
        let on_threshold = move |ev: leptos::ev::Event| {
            let _ = apply(state, Setting::MinAnswered, &event_target_value(&ev));
        };
        let group_options = group_options(&r.analysis.report, l);
        // An empty choice (none is listed today) means automatic.
        let optional = move |setting: Setting, clear: fn(&mut Settings)| {
            move |ev: leptos::ev::Event| {
                let v = event_target_value(&ev);
                let _ = if v.is_empty() {
                    change(state, setting, |s| {
                        clear(s);
                        Ok(())
                    })
                } else {
                    apply(state, setting, &v)
                };
            }
        };
        let enc_options = encoding_options(current.encoding.as_deref().unwrap_or_default(), l);
        let sym = choice_select::<Symmetrize>(
            state,
            Setting::Symmetrize,
            "setting-symmetrize",
            current.symmetrize,
            move |w| t(l, &format!("settings.sym_{w}")),
        );
        let community = choice_select::<Method>(
            state,
            Setting::Community,
            "setting-community",
            current.community,
            move |w| if w == "louvain" { "Louvain" } else { "Leiden" }.to_string(),
        );
        let csv = choice_select::<CsvEncoding>(
            state,
            Setting::CsvEncoding,
            "csv-encoding",
            current.csv_encoding,
            move |w| t(l, if w == "gb18030" { "settings.csv_gb18030" } else { "settings.csv_utf8" }),
        );
        let respondents = respondent_settings(state, &r, &current, l);
        let intensity = intensity_setting(&r.analysis.report, &current, l);
        let partner_names = choice_select::<PartnerNames>(
            state,
            Setting::ProfilePartnerNames,
            "setting-profile-partner-names",
            current.profile_partner_names,
            move |w| t(l, &format!("settings.partner_names_{w}")),
        );
        Some(view! {
            <section class="settings" aria-labelledby="settings-title">
                <h2 id="settings-title">{t(l, "settings.title")}</h2>
                <LabelledSelect label=t(l, "settings.encoding")>
                    <select data-testid="setting-encoding" on:change=optional(Setting::Encoding, |s| s.encoding = None)>{enc_options}</select>
                </LabelledSelect>
                " "
                <LabelledSelect label=t(l, "settings.min_answered")>
                    <select data-testid="setting-min-answered" on:change=on_threshold>{threshold_options}</select>
                </LabelledSelect>
                " "
                <LabelledSelect label=t(l, "settings.group_by")>
                    <select data-testid="setting-group-by" on:change=optional(Setting::GroupBy, |s| s.group_by = None)>{group_options}</select>
                </LabelledSelect>
                {respondents}
                <div class="network-settings">
                    <LabelledSelect label=t(l, "settings.symmetrize")>{sym}</LabelledSelect>
                    " "
                    {switch_box(state, Setting::ExcludeNonRespondents, "setting-exclude-nr", t(l, "settings.exclude_nr"))}
                    " "
                    {switch_box(state, Setting::DropIsolates, "setting-drop-isolates", t(l, "settings.drop_isolates"))}
                    " "
                    {switch_box(state, Setting::Weighted, "setting-weighted", t(l, "settings.weighted"))}
                </div>
                {intensity}
                <div class="network-settings">
                    <LabelledSelect label=t(l, "settings.community")>{community}</LabelledSelect>
                    " "
                    <NumberField setting=Setting::Resolution label=t(l, "settings.resolution") test_id="setting-resolution" step="0.05" lang=l/>
                    " "
                    <NumberField setting=Setting::ExactBetweennessMax label=t(l, "settings.exact_betweenness_max") test_id="setting-exact-betweenness" step="500" lang=l/>
                    " "
                    <NumberField setting=Setting::BetweennessSamples label=t(l, "settings.betweenness_samples") test_id="setting-betweenness-samples" step="50" lang=l/>
                </div>
                <div class="network-settings">
                    {switch_box(state, Setting::Anonymize, "anonymize-toggle", t(l, "settings.anonymize"))}
                    " "
                    <NumberField setting=Setting::MinGroupSize label=t(l, "settings.min_group_size") test_id="setting-min-group-size" step="1" lang=l/>
                    " "
                    <LabelledSelect label=t(l, "settings.csv_encoding")>{csv}</LabelledSelect>
                    " "
                    <LabelledSelect label=t(l, "settings.partner_names")>{partner_names}</LabelledSelect>
                </div>
            </section>
        })
    }
}

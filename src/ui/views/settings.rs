//! Analysis settings: encoding, answered-items threshold, grouping variable and the network
//! options (symmetrizing, weights, communities, betweenness sampling); changing one re-runs the
//! analysis on the files already in memory.

use crate::ui::views::picker::LabelledSelect;
use leptos::prelude::*;

use crate::i18n::t;
use crate::ui::run;
use crate::ui::state::use_app_state;

/// Threshold choices (share of a dimension's items that must be answered).
const THRESHOLDS: [f64; 4] = [0.5, 2.0 / 3.0, 0.75, 1.0];

/// Settings panel, shown once there is a result.
#[component]
pub fn SettingsPanel() -> impl IntoView {
    let state = use_app_state();
    let lang = state.lang;
    move || {
        let r = state.result.get()?;
        let l = lang.get();
        let current = state.settings.get_untracked();
        let used = r.analysis.report.capacity.settings.group_by.clone();
        let names: Vec<String> =
            r.analysis.report.capacity.groups.iter().map(|g| g.attribute.clone()).collect();
        let threshold_options = THRESHOLDS
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let selected = (current.min_answered_share - v).abs() < 1e-9;
                view! { <option value=i.to_string() selected=selected>{format!("{:.0}%", v * 100.0)}</option> }
            })
            .collect_view();
        let group_options = names
            .iter()
            .map(|n| {
                let selected = used.as_deref() == Some(n.as_str());
                view! { <option value=n.clone() selected=selected>{crate::labels::column_label(&r.analysis.report, n, l)}</option> }
            })
            .collect_view();
        let on_threshold = move |ev: leptos::ev::Event| {
            let i: usize = event_target_value(&ev).parse().unwrap_or(0);
            state.settings.update(|s| s.min_answered_share = THRESHOLDS.get(i).copied().unwrap_or(0.5));
            run::rerun(state);
        };
        let on_group = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            state.settings.update(|s| s.group_by = Some(v).filter(|v| !v.is_empty()));
            run::rerun(state);
        };
        let sym = current.symmetrize.clone();
        let sym_options = ["none", "union", "reciprocal"]
            .into_iter()
            .map(
                |k| view! { <option value=k selected=sym == k>{t(l, &format!("settings.sym_{k}"))}</option> },
            )
            .collect_view();
        let on_sym = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            state.settings.update(|s| s.symmetrize = v);
            run::rerun(state);
        };
        let toggle = move |f: fn(&mut crate::settings::Settings) -> &mut bool| {
            move |_| {
                state.settings.update(|s| {
                    let b = f(s);
                    *b = !*b;
                });
                run::rerun(state);
            }
        };
        let community = current.community.clone();
        let community_options = [("leiden", "Leiden"), ("louvain", "Louvain")]
            .into_iter()
            .map(|(k, label)| view! { <option value=k selected=community == k>{label}</option> })
            .collect_view();
        let on_community = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            state.settings.update(|s| s.community = v);
            run::rerun(state);
        };
        // Number inputs apply on change (Enter or leaving the field); invalid values are ignored
        // and the field shows the value in use again.
        let on_number = move |apply: fn(&mut crate::settings::Settings, f64) -> bool| {
            move |ev: leptos::ev::Event| {
                let ok =
                    event_target_value(&ev).trim().parse::<f64>().ok().filter(|x| x.is_finite()).is_some_and(
                        |x| {
                            let mut changed = false;
                            state.settings.update(|s| changed = apply(s, x));
                            changed
                        },
                    );
                if ok {
                    run::rerun(state);
                }
            }
        };
        let enc = current.encoding.clone().unwrap_or_default();
        let enc_options = [
            ("", "settings.enc_auto"),
            ("UTF-8", "UTF-8"),
            ("GB18030", "GB18030 / GBK"),
            ("UTF-16LE", "UTF-16LE"),
            ("Big5", "Big5"),
        ]
        .into_iter()
        .map(|(v, label)| {
            let text = if v.is_empty() { t(l, label) } else { label.to_string() };
            view! { <option value=v selected=enc == v>{text}</option> }
        })
        .collect_view();
        let on_enc = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            state.settings.update(|s| s.encoding = Some(v).filter(|v| !v.is_empty()));
            run::rerun(state);
        };
        let csv = current.csv_encoding.clone();
        let csv_options = [("utf-8", "settings.csv_utf8"), ("gb18030", "settings.csv_gb18030")]
            .into_iter()
            .map(|(v, label)| view! { <option value=v selected=csv == v>{t(l, label)}</option> })
            .collect_view();
        // The CSV encoding only changes downloads: no re-run.
        let on_csv = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            state.settings.update(|s| s.csv_encoding = v);
        };
        Some(view! {
            <section class="settings" aria-labelledby="settings-title">
                <h2 id="settings-title">{t(l, "settings.title")}</h2>
                <LabelledSelect label=t(l, "settings.encoding")>
                    <select data-testid="setting-encoding" on:change=on_enc>{enc_options}</select>
                </LabelledSelect>
                " "
                <LabelledSelect label=t(l, "settings.min_answered")>
                    <select data-testid="setting-min-answered" on:change=on_threshold>{threshold_options}</select>
                </LabelledSelect>
                " "
                <LabelledSelect label=t(l, "settings.group_by")>
                    <select data-testid="setting-group-by" on:change=on_group>{group_options}</select>
                </LabelledSelect>
                <div class="network-settings">
                    <LabelledSelect label=t(l, "settings.symmetrize")>
                        <select data-testid="setting-symmetrize" on:change=on_sym>{sym_options}</select>
                    </LabelledSelect>
                    " "
                    <label class="inline">
                        <input type="checkbox" data-testid="setting-exclude-nr" checked=current.exclude_non_respondents on:change=toggle(|s| &mut s.exclude_non_respondents)/>
                        " " {t(l, "settings.exclude_nr")}
                    </label>
                    " "
                    <label class="inline">
                        <input type="checkbox" data-testid="setting-drop-isolates" checked=current.drop_isolates on:change=toggle(|s| &mut s.drop_isolates)/>
                        " " {t(l, "settings.drop_isolates")}
                    </label>
                    " "
                    <label class="inline">
                        <input type="checkbox" data-testid="setting-weighted" checked=current.weighted on:change=toggle(|s| &mut s.weighted)/>
                        " " {t(l, "settings.weighted")}
                    </label>
                </div>
                <div class="network-settings">
                    <LabelledSelect label=t(l, "settings.community")>
                        <select data-testid="setting-community" on:change=on_community>{community_options}</select>
                    </LabelledSelect>
                    " "
                    <label class="inline">
                        {t(l, "settings.resolution")} " "
                        <input type="number" min="0.05" max="10" step="0.05" class="short" data-testid="setting-resolution"
                            prop:value=current.resolution.to_string()
                            on:change=on_number(|s, x| { let ok = x > 0.0 && x <= 10.0; if ok { s.resolution = x; } ok })/>
                    </label>
                    " "
                    <label class="inline">
                        {t(l, "settings.exact_betweenness_max")} " "
                        <input type="number" min="0" step="500" class="short" data-testid="setting-exact-betweenness"
                            prop:value=current.exact_betweenness_max.to_string()
                            on:change=on_number(|s, x| { let ok = x >= 0.0; if ok { s.exact_betweenness_max = x as usize; } ok })/>
                    </label>
                    " "
                    <label class="inline">
                        {t(l, "settings.betweenness_samples")} " "
                        <input type="number" min="1" step="50" class="short" data-testid="setting-betweenness-samples"
                            prop:value=current.betweenness_samples.to_string()
                            on:change=on_number(|s, x| { let ok = x >= 1.0; if ok { s.betweenness_samples = x as usize; } ok })/>
                    </label>
                </div>
                <div class="network-settings">
                    <label class="inline">
                        <input type="checkbox" data-testid="anonymize-toggle" checked=current.anonymize on:change=toggle(|s| &mut s.anonymize)/>
                        " " {t(l, "settings.anonymize")}
                    </label>
                    " "
                    <label class="inline">
                        {t(l, "settings.min_group_size")} " "
                        <input type="number" min="1" step="1" class="short" data-testid="setting-min-group-size"
                            prop:value=current.min_group_size.to_string()
                            on:change=on_number(|s, x| { let ok = x >= 1.0 && x.fract() == 0.0; if ok { s.min_group_size = x as usize; } ok && s.anonymize })/>
                    </label>
                    " "
                    <LabelledSelect label=t(l, "settings.csv_encoding")>
                        <select data-testid="csv-encoding" on:change=on_csv>{csv_options}</select>
                    </LabelledSelect>
                </div>
            </section>
        })
    }
}

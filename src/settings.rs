//! The page's analysis settings, and how they travel: to the worker as a [`Job`], into a share
//! link's URL fragment, and into local storage when the user asks the page to remember them.
//!
//! Settings never contain survey data: a share link reproduces a view only when the recipient
//! drops the same file. The fragment (`#…`) is never sent to the server by the browser.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::protocol::Job;

/// Everything the user can set that changes results or exports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Share of a dimension's items needed for a score.
    pub min_answered_share: f64,
    /// Grouping variable for within-group percentiles (`None`: automatic).
    pub group_by: Option<String>,
    /// `none`, `union` or `reciprocal`.
    pub symmetrize: String,
    /// Leave out partners who did not respond.
    pub exclude_non_respondents: bool,
    /// Remove nodes without ties.
    pub drop_isolates: bool,
    /// Use tie weights.
    pub weighted: bool,
    /// Text encoding chosen by the user (`None`: detect).
    pub encoding: Option<String>,
    /// Community detection: `leiden` or `louvain`.
    pub community: String,
    /// Modularity resolution γ.
    pub resolution: f64,
    /// Exact betweenness up to this many nodes, sampled above.
    pub exact_betweenness_max: usize,
    /// Sampled sources for betweenness above that size.
    pub betweenness_samples: usize,
    /// Replace organization names with codes everywhere and coarsen small groups.
    pub anonymize: bool,
    /// With `anonymize`: attribute values held by fewer organizations become "other".
    pub min_group_size: usize,
    /// Encoding of CSV downloads: `utf-8` (with BOM) or `gb18030`.
    pub csv_encoding: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_answered_share: 0.5,
            group_by: None,
            symmetrize: "none".into(),
            exclude_non_respondents: false,
            drop_isolates: false,
            weighted: false,
            encoding: None,
            community: "leiden".into(),
            resolution: 1.0,
            exact_betweenness_max: 5000,
            betweenness_samples: 500,
            anonymize: false,
            min_group_size: 5,
            csv_encoding: "utf-8".into(),
        }
    }
}

impl Settings {
    /// The worker job for run `id`, whose charts the worker draws in `chart_lang`.
    pub fn job(&self, id: u64, chart_lang: crate::i18n::Lang) -> Job {
        Job {
            id,
            encoding: self.encoding.clone(),
            min_answered_share: Some(self.min_answered_share),
            group_by: self.group_by.clone(),
            symmetrize: Some(self.symmetrize.clone()),
            weighted: self.weighted,
            exclude_non_respondents: self.exclude_non_respondents,
            drop_isolates: self.drop_isolates,
            community: Some(self.community.clone()),
            resolution: Some(self.resolution),
            betweenness_samples: Some(self.betweenness_samples),
            exact_betweenness_max: Some(self.exact_betweenness_max),
            seed: None,
            anonymize: self.anonymize.then_some(self.min_group_size),
            kinds: Vec::new(),
            chart_lang: Some(chart_lang),
        }
    }

    /// The CLI flags that reproduce these settings (for the reproducibility record).
    pub fn cli_flags(&self) -> Vec<String> {
        let d = Settings::default();
        let mut f: Vec<String> = Vec::new();
        let mut push = |k: &str, v: String| {
            f.push(k.to_string());
            f.push(v);
        };
        if let Some(e) = &self.encoding {
            push("--encoding", e.clone());
        }
        if self.min_answered_share != d.min_answered_share {
            push("--min-answered", self.min_answered_share.to_string());
        }
        if let Some(g) = &self.group_by {
            push("--group-by", g.clone());
        }
        if self.symmetrize != d.symmetrize {
            push("--symmetrize", self.symmetrize.clone());
        }
        if self.community != d.community {
            push("--community", self.community.clone());
        }
        if self.resolution != d.resolution {
            push("--resolution", self.resolution.to_string());
        }
        if self.betweenness_samples != d.betweenness_samples {
            push("--betweenness-samples", self.betweenness_samples.to_string());
        }
        if self.exact_betweenness_max != d.exact_betweenness_max {
            push("--exact-betweenness-max", self.exact_betweenness_max.to_string());
        }
        if self.anonymize {
            push("--min-group-size", self.min_group_size.to_string());
        }
        for (on, flag) in [
            (self.weighted, "--weighted"),
            (self.exclude_non_respondents, "--exclude-non-respondents"),
            (self.drop_isolates, "--drop-isolates"),
            (self.anonymize, "--anonymize"),
        ] {
            if on {
                f.push(flag.to_string());
            }
        }
        f
    }

    /// The URL fragment (without `#`) holding the language and every setting that differs
    /// from the default, as readable `key=value` pairs.
    pub fn to_fragment(&self, lang: Lang) -> String {
        let d = Settings::default();
        let code = match lang {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::ZhHant => "zh-Hant",
        };
        let mut parts = vec![format!("lang={code}")];
        let mut add = |k: &str, v: String| parts.push(format!("{k}={}", percent_encode(&v)));
        if self.min_answered_share != d.min_answered_share {
            add("min", self.min_answered_share.to_string());
        }
        if let Some(g) = &self.group_by {
            add("group", g.clone());
        }
        if self.symmetrize != d.symmetrize {
            add("sym", self.symmetrize.clone());
        }
        for (k, v, dv) in [
            ("nr", self.exclude_non_respondents, d.exclude_non_respondents),
            ("iso", self.drop_isolates, d.drop_isolates),
            ("w", self.weighted, d.weighted),
            ("anon", self.anonymize, d.anonymize),
        ] {
            if v != dv {
                add(k, if v { "1" } else { "0" }.into());
            }
        }
        if let Some(e) = &self.encoding {
            add("enc", e.clone());
        }
        if self.community != d.community {
            add("comm", self.community.clone());
        }
        if self.resolution != d.resolution {
            add("res", self.resolution.to_string());
        }
        if self.exact_betweenness_max != d.exact_betweenness_max {
            add("exact", self.exact_betweenness_max.to_string());
        }
        if self.betweenness_samples != d.betweenness_samples {
            add("samples", self.betweenness_samples.to_string());
        }
        if self.min_group_size != d.min_group_size {
            add("k", self.min_group_size.to_string());
        }
        if self.csv_encoding != d.csv_encoding {
            add("csv", self.csv_encoding.clone());
        }
        parts.join("&")
    }

    /// Settings and language read from a URL fragment (with or without `#`). Unknown keys and
    /// invalid values are skipped (and named in the returned list) so an old or edited link
    /// still opens; `None` when the fragment holds no settings at all.
    pub fn from_fragment(fragment: &str) -> Option<(Settings, Option<Lang>, Vec<String>)> {
        let fragment = fragment.trim_start_matches('#');
        if fragment.is_empty() {
            return None;
        }
        let mut s = Settings::default();
        let mut lang = None;
        let mut skipped = Vec::new();
        let mut any = false;
        for pair in fragment.split('&').filter(|p| !p.is_empty()) {
            let (k, raw) = pair.split_once('=').unwrap_or((pair, ""));
            let Some(v) = percent_decode(raw) else {
                skipped.push(pair.to_string());
                continue;
            };
            let flag = |v: &str| match v {
                "1" | "true" => Some(true),
                "0" | "false" => Some(false),
                _ => None,
            };
            let ok = match k {
                "lang" => {
                    lang = Some(Lang::from_tag(&v));
                    true
                }
                "min" => {
                    set(&mut s.min_answered_share, v.parse().ok().filter(|x: &f64| (0.0..=1.0).contains(x)))
                }
                "group" => set(&mut s.group_by, Some(Some(v.clone())).filter(|_| !v.is_empty())),
                "sym" => set(
                    &mut s.symmetrize,
                    Some(v.clone()).filter(|v| ["none", "union", "reciprocal"].contains(&v.as_str())),
                ),
                "nr" => set(&mut s.exclude_non_respondents, flag(&v)),
                "iso" => set(&mut s.drop_isolates, flag(&v)),
                "w" => set(&mut s.weighted, flag(&v)),
                "anon" => set(&mut s.anonymize, flag(&v)),
                "enc" => set(&mut s.encoding, Some(Some(v.clone())).filter(|_| !v.is_empty())),
                "comm" => set(&mut s.community, Some(v.clone()).filter(|v| v == "leiden" || v == "louvain")),
                "res" => set(
                    &mut s.resolution,
                    v.parse().ok().filter(|r: &f64| r.is_finite() && *r > 0.0 && *r <= 10.0),
                ),
                "exact" => set(&mut s.exact_betweenness_max, v.parse().ok()),
                "samples" => set(&mut s.betweenness_samples, v.parse().ok().filter(|k| *k > 0)),
                "k" => set(&mut s.min_group_size, v.parse().ok().filter(|k| *k > 0)),
                "csv" => set(&mut s.csv_encoding, Some(v.clone()).filter(|v| v == "utf-8" || v == "gb18030")),
                _ => false,
            };
            if ok {
                any = true;
            } else {
                skipped.push(pair.to_string());
            }
        }
        any.then_some((s, lang, skipped))
    }
}

fn set<T>(slot: &mut T, value: Option<T>) -> bool {
    match value {
        Some(v) => {
            *slot = v;
            true
        }
        None => false,
    }
}

/// Percent-encodes everything except RFC 3986 unreserved characters (UTF-8 bytes).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space); `None` for malformed escapes or invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_settings_make_a_short_link() {
        assert_eq!(Settings::default().to_fragment(Lang::Zh), "lang=zh");
        let (s, lang, skipped) = Settings::from_fragment("#lang=zh").unwrap();
        assert_eq!(s, Settings::default());
        assert_eq!(lang, Some(Lang::Zh));
        assert!(skipped.is_empty());
    }

    #[test]
    fn every_setting_survives_the_link() {
        let s = Settings {
            min_answered_share: 0.75,
            group_by: Some("城市 & field=x".into()),
            symmetrize: "union".into(),
            exclude_non_respondents: true,
            drop_isolates: true,
            weighted: true,
            encoding: Some("GB18030".into()),
            community: "louvain".into(),
            resolution: 1.5,
            exact_betweenness_max: 1000,
            betweenness_samples: 64,
            anonymize: true,
            min_group_size: 3,
            csv_encoding: "gb18030".into(),
        };
        let f = s.to_fragment(Lang::En);
        assert!(f.is_ascii() && !f.contains(' ') && !f.contains('#'), "{f}");
        let (back, lang, skipped) = Settings::from_fragment(&f).unwrap();
        assert_eq!(back, s);
        assert_eq!(lang, Some(Lang::En));
        assert!(skipped.is_empty());
    }

    #[test]
    fn bad_values_are_skipped_and_named() {
        let (s, _, skipped) =
            Settings::from_fragment("sym=sideways&res=-1&min=0.75&zzz=1&group=%E4").unwrap();
        assert_eq!(s.symmetrize, "none");
        assert_eq!(s.resolution, 1.0);
        assert_eq!(s.min_answered_share, 0.75);
        assert_eq!(skipped, vec!["sym=sideways", "res=-1", "zzz=1", "group=%E4"]);
        assert!(Settings::from_fragment("").is_none());
        assert_eq!(
            Settings::from_fragment(&Settings::default().to_fragment(Lang::ZhHant)).unwrap().1,
            Some(Lang::ZhHant)
        );
        assert!(Settings::from_fragment("#section-2").is_none(), "an ordinary anchor is not a settings link");
    }

    #[test]
    fn cli_flags_match_the_settings() {
        let s =
            Settings { symmetrize: "union".into(), anonymize: true, weighted: true, ..Settings::default() };
        assert_eq!(
            s.cli_flags(),
            vec!["--symmetrize", "union", "--min-group-size", "5", "--weighted", "--anonymize"]
        );
        assert!(Settings::default().cli_flags().is_empty());
    }
}

//! The analysis settings, defined once.
//!
//! [`Settings`] is the one typed value: what the page keeps and remembers, what a worker
//! [`crate::protocol::Job`] carries, and what the CLI builds from its flags. [`TABLE`] is the
//! one list of settings: each [`Descriptor`] gives a setting's share-link fragment key, CLI
//! flag, reproducibility-record key (its serde name) and allowed values, and the fragment
//! ([`Settings::to_fragment`]), the CLI flags ([`Settings::cli_flags`], and the CLI's parser)
//! and the record ([`Settings::record`]) are all made from it. A value read from text is
//! checked against its descriptor once ([`Setting::read`]); a failure is a [`SettingError`]
//! that names the setting and what it allows.
//!
//! Settings never contain survey data: a share link reproduces a view only when the recipient
//! drops the same file. The fragment (`#…`) is never sent to the server by the browser.

use serde::{Deserialize, Serialize};

use crate::diag::{Arg, Args, UserMessage};
pub use crate::export::profile::PartnerNames;
use crate::i18n::Lang;
use crate::network::Symmetrize;
use crate::network::community::Method;
use crate::pipeline::Options;
use crate::report::Report;
use crate::report::record::Record;

/// Everything the user can set that changes results or exports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Share of a dimension's items needed for a score.
    pub min_answered_share: f64,
    /// Grouping variable for within-group percentiles (`None`: automatic).
    pub group_by: Option<String>,
    /// How nominations become ties.
    #[serde(with = "word")]
    pub symmetrize: Symmetrize,
    /// Leave out partners who did not respond.
    pub exclude_non_respondents: bool,
    /// Remove nodes without ties.
    pub drop_isolates: bool,
    /// Use tie weights.
    pub weighted: bool,
    /// Text encoding chosen by the user (`None`: detect).
    pub encoding: Option<String>,
    /// Community detection method.
    #[serde(with = "word")]
    pub community: Method,
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
    /// Seed of sampling, community detection, the typology and the layouts.
    pub seed: u64,
    /// Encoding of CSV downloads.
    #[serde(with = "word")]
    pub csv_encoding: CsvEncoding,
    /// Whether feedback profiles name the organizations suggested for introductions (never
    /// when anonymized).
    #[serde(with = "word")]
    pub profile_partner_names: PartnerNames,
    /// Regression formulas (`OUTCOME ~ TERM + …`; CLI `--model`, repeatable). Lists, so not
    /// rows of [`TABLE`]: the CLI has its own flags, the record its own command words, and the
    /// share link leaves them out (a link holds settings, not analyses).
    pub models: Vec<String>,
    /// Mediation specifications (`X -> M -> Y | C`; CLI `--mediation`, repeatable).
    pub mediations: Vec<String>,
    /// Bootstrap resamples of the mediation intervals (CLI `--bootstrap`), 100–100,000.
    pub bootstrap: usize,
}

/// The bootstrap resamples [`Settings::bootstrap`] allows.
pub const BOOTSTRAP_RANGE: std::ops::RangeInclusive<usize> = 100..=100_000;

impl Default for Settings {
    fn default() -> Self {
        let (capacity, network) =
            (crate::capacity::CapacityOptions::default(), crate::network::NetworkOptions::default());
        Settings {
            min_answered_share: capacity.min_answered_share,
            group_by: None,
            symmetrize: network.symmetrize,
            exclude_non_respondents: !network.include_non_respondents,
            drop_isolates: network.drop_isolates,
            weighted: network.weighted,
            encoding: None,
            community: network.community,
            resolution: network.resolution,
            exact_betweenness_max: network.exact_betweenness_max_nodes,
            betweenness_samples: network.betweenness_samples,
            anonymize: false,
            min_group_size: 5,
            seed: network.seed,
            csv_encoding: CsvEncoding::Utf8,
            profile_partner_names: PartnerNames::Named,
            models: Vec::new(),
            mediations: Vec::new(),
            bootstrap: crate::models::DEFAULT_BOOTSTRAP,
        }
    }
}

/// Encoding of CSV downloads (and of the CLI's anonymization key).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CsvEncoding {
    /// UTF-8 with a byte-order mark (Excel 2016+, WPS).
    #[default]
    Utf8,
    /// GB18030 without a mark (older Excel on Chinese Windows).
    Gb18030,
}

impl CsvEncoding {
    /// The word used in links, flags and `crate::export::csv_download`.
    pub fn as_str(self) -> &'static str {
        match self {
            CsvEncoding::Utf8 => "utf-8",
            CsvEncoding::Gb18030 => "gb18030",
        }
    }
}

/// A setting whose value is one of a few words.
pub trait Choice: Sized + Copy + PartialEq + 'static {
    /// Every value, in the order of [`Choice::WORDS`].
    const ALL: &'static [Self];
    /// The word of each value.
    const WORDS: &'static [&'static str];

    /// The value's word.
    fn word(self) -> &'static str {
        Self::ALL.iter().position(|v| *v == self).map_or("", |i| Self::WORDS[i])
    }

    /// The value of a word (exact, as listed in [`Choice::WORDS`], or an alias the type accepts).
    fn from_word(text: &str) -> Option<Self> {
        Self::WORDS.iter().position(|w| *w == text).map(|i| Self::ALL[i])
    }
}

impl Choice for Symmetrize {
    const ALL: &'static [Self] = &[Symmetrize::None, Symmetrize::Union, Symmetrize::Reciprocal];
    const WORDS: &'static [&'static str] = &["none", "union", "reciprocal"];

    fn from_word(text: &str) -> Option<Self> {
        Symmetrize::parse(text)
    }
}

impl Choice for Method {
    const ALL: &'static [Self] = &[Method::Leiden, Method::Louvain];
    const WORDS: &'static [&'static str] = &["leiden", "louvain"];

    fn from_word(text: &str) -> Option<Self> {
        Method::parse(text)
    }
}

impl Choice for PartnerNames {
    const ALL: &'static [Self] = &[PartnerNames::Named, PartnerNames::Hidden];
    const WORDS: &'static [&'static str] = &["named", "hidden"];
}

impl Choice for CsvEncoding {
    const ALL: &'static [Self] = &[CsvEncoding::Utf8, CsvEncoding::Gb18030];
    const WORDS: &'static [&'static str] = &["utf-8", "gb18030"];

    fn from_word(text: &str) -> Option<Self> {
        Self::WORDS.iter().position(|w| w.eq_ignore_ascii_case(text)).map(|i| Self::ALL[i])
    }
}

/// Serde of a [`Choice`] as its word (`"union"`), as the page has always stored it.
mod word {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Choice;

    pub fn serialize<S: Serializer, T: Choice>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value.word())
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Choice>(d: D) -> Result<T, D::Error> {
        let text = String::deserialize(d)?;
        T::from_word(&text).ok_or_else(|| D::Error::custom(format!("unknown value {text:?}")))
    }
}

/// One setting: its identity in typed errors, its descriptor ([`Setting::descriptor`]) and
/// how its value is written as and read from text ([`Setting::write`], [`Setting::read`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Setting {
    /// [`Settings::encoding`].
    Encoding,
    /// [`Settings::min_answered_share`].
    MinAnswered,
    /// [`Settings::group_by`].
    GroupBy,
    /// [`Settings::symmetrize`].
    Symmetrize,
    /// [`Settings::community`].
    Community,
    /// [`Settings::resolution`].
    Resolution,
    /// [`Settings::betweenness_samples`].
    BetweennessSamples,
    /// [`Settings::exact_betweenness_max`].
    ExactBetweennessMax,
    /// [`Settings::min_group_size`].
    MinGroupSize,
    /// [`Settings::seed`].
    Seed,
    /// [`Settings::csv_encoding`].
    CsvEncoding,
    /// [`Settings::profile_partner_names`].
    ProfilePartnerNames,
    /// [`Settings::weighted`].
    Weighted,
    /// [`Settings::exclude_non_respondents`].
    ExcludeNonRespondents,
    /// [`Settings::drop_isolates`].
    DropIsolates,
    /// [`Settings::anonymize`].
    Anonymize,
}

/// What values a setting allows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Allowed {
    /// A number from `min` to `max` (above `min` when `above`).
    Number {
        /// Smallest value (excluded when `above`).
        min: f64,
        /// Whether `min` itself is excluded.
        above: bool,
        /// Largest value.
        max: f64,
    },
    /// A whole number of at least `min`.
    Whole {
        /// Smallest value.
        min: u64,
    },
    /// One of these words.
    Word(&'static [&'static str]),
    /// Any text that is not empty.
    Text,
    /// On or off: `1`/`0` (or `true`/`false`) in a link, a flag without value on the command line.
    Switch,
}

/// One row of the settings table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Descriptor {
    /// The setting.
    pub setting: Setting,
    /// Key in a share link's fragment (`#lang=zh&sym=union`).
    pub fragment: &'static str,
    /// The CLI flag, without its leading `--`.
    pub flag: &'static str,
    /// Key in the reproducibility record's `settings` (and in the page's stored settings): the
    /// serde name of the [`Settings`] field.
    pub record: &'static str,
    /// Name of the flag's value in the CLI's help (`None` for a switch).
    pub value_name: Option<&'static str>,
    /// One line of help for the CLI.
    pub help: &'static str,
    /// What values are allowed.
    pub allowed: Allowed,
    /// A switch this setting only matters with: without it, the CLI flags leave the setting
    /// out; with it, they always give it (so a record shows the value used).
    pub requires: Option<Setting>,
}

const fn row(
    setting: Setting,
    fragment: &'static str,
    flag: &'static str,
    record: &'static str,
    value_name: Option<&'static str>,
    allowed: Allowed,
    help: &'static str,
) -> Descriptor {
    Descriptor { setting, fragment, flag, record, value_name, help, allowed, requires: None }
}

/// Every setting, in the order of the CLI flags a record gives (options with a value, then
/// switches).
pub const TABLE: [Descriptor; 16] = [
    row(
        Setting::Encoding,
        "enc",
        "encoding",
        "encoding",
        Some("LABEL"),
        Allowed::Text,
        "Read text files in this encoding (UTF-8, GB18030, UTF-16LE, Big5…) instead of detecting it",
    ),
    row(
        Setting::MinAnswered,
        "min",
        "min-answered",
        "min_answered_share",
        Some("SHARE"),
        Allowed::Number { min: 0.0, above: false, max: 1.0 },
        "Score a dimension when at least this share of its items is answered",
    ),
    row(
        Setting::GroupBy,
        "group",
        "group-by",
        "group_by",
        Some("COLUMN"),
        Allowed::Text,
        "Percentiles within groups of this attribute (default: the first with 2–12 groups)",
    ),
    row(
        Setting::Symmetrize,
        "sym",
        "symmetrize",
        "symmetrize",
        Some("RULE"),
        Allowed::Word(<Symmetrize as Choice>::WORDS),
        "How nominations become ties: as nominated, either names the other, or both do",
    ),
    row(
        Setting::Community,
        "comm",
        "community",
        "community",
        Some("METHOD"),
        Allowed::Word(<Method as Choice>::WORDS),
        "Community detection method",
    ),
    row(
        Setting::Resolution,
        "res",
        "resolution",
        "resolution",
        Some("GAMMA"),
        Allowed::Number { min: 0.0, above: true, max: 10.0 },
        "Modularity resolution of community detection",
    ),
    row(
        Setting::BetweennessSamples,
        "samples",
        "betweenness-samples",
        "betweenness_samples",
        Some("K"),
        Allowed::Whole { min: 1 },
        "Sampled sources for betweenness above the exact limit",
    ),
    row(
        Setting::ExactBetweennessMax,
        "exact",
        "exact-betweenness-max",
        "exact_betweenness_max",
        Some("N"),
        Allowed::Whole { min: 0 },
        "Exact betweenness up to this many nodes, sampled above",
    ),
    Descriptor {
        requires: Some(Setting::Anonymize),
        ..row(
            Setting::MinGroupSize,
            "k",
            "min-group-size",
            "min_group_size",
            Some("K"),
            Allowed::Whole { min: 1 },
            "With --anonymize: attribute values held by fewer organizations become \"other\"",
        )
    },
    row(
        Setting::Seed,
        "seed",
        "seed",
        "seed",
        Some("N"),
        Allowed::Whole { min: 0 },
        "Seed of sampling, communities, the typology and the layouts",
    ),
    row(
        Setting::CsvEncoding,
        "csv",
        "csv-encoding",
        "csv_encoding",
        Some("ENCODING"),
        Allowed::Word(<CsvEncoding as Choice>::WORDS),
        "Encoding of CSV files written (the --key file)",
    ),
    row(
        Setting::ProfilePartnerNames,
        "pn",
        "profile-partner-names",
        "profile_partner_names",
        Some("NAMES"),
        Allowed::Word(<PartnerNames as Choice>::WORDS),
        "Feedback profiles name the organizations they suggest introducing, or describe them without names (never named when anonymized)",
    ),
    row(
        Setting::Weighted,
        "w",
        "weighted",
        "weighted",
        None,
        Allowed::Switch,
        "Use tie weights (strength, PageRank)",
    ),
    row(
        Setting::ExcludeNonRespondents,
        "nr",
        "exclude-non-respondents",
        "exclude_non_respondents",
        None,
        Allowed::Switch,
        "Leave out partners who did not respond",
    ),
    row(
        Setting::DropIsolates,
        "iso",
        "drop-isolates",
        "drop_isolates",
        None,
        Allowed::Switch,
        "Drop organizations without ties",
    ),
    row(
        Setting::Anonymize,
        "anon",
        "anonymize",
        "anonymize",
        None,
        Allowed::Switch,
        "Codes (ORG-001) instead of names everywhere, and small groups merged",
    ),
];

impl Setting {
    /// Every setting, in the order of [`TABLE`].
    pub const ALL: [Setting; 16] = {
        let mut all = [Setting::Encoding; 16];
        let mut i = 0;
        while i < TABLE.len() {
            all[i] = TABLE[i].setting;
            i += 1;
        }
        all
    };

    /// Whether a change of this setting changes the analysis (and so re-runs it): not the
    /// settings of downloads alone.
    pub fn changes_results(self) -> bool {
        !matches!(self, Setting::CsvEncoding | Setting::ProfilePartnerNames)
    }

    /// This setting's row of [`TABLE`].
    pub fn descriptor(self) -> &'static Descriptor {
        // The table lists the settings in the order of the enum (a test checks it).
        &TABLE[self as usize]
    }

    /// The setting with this share-link fragment key.
    pub fn from_fragment_key(key: &str) -> Option<Setting> {
        TABLE.iter().find(|d| d.fragment == key).map(|d| d.setting)
    }

    /// The setting's value in `s` as text (`None` when it is unset: no encoding, no grouping
    /// variable). Switches are `1` or `0`.
    pub fn write(self, s: &Settings) -> Option<String> {
        let switch = |on: bool| Some(if on { "1" } else { "0" }.to_string());
        match self {
            Setting::Encoding => s.encoding.clone(),
            Setting::MinAnswered => Some(s.min_answered_share.to_string()),
            Setting::GroupBy => s.group_by.clone(),
            Setting::Symmetrize => Some(s.symmetrize.word().to_string()),
            Setting::Community => Some(s.community.word().to_string()),
            Setting::Resolution => Some(s.resolution.to_string()),
            Setting::BetweennessSamples => Some(s.betweenness_samples.to_string()),
            Setting::ExactBetweennessMax => Some(s.exact_betweenness_max.to_string()),
            Setting::MinGroupSize => Some(s.min_group_size.to_string()),
            Setting::Seed => Some(s.seed.to_string()),
            Setting::CsvEncoding => Some(s.csv_encoding.word().to_string()),
            Setting::ProfilePartnerNames => Some(s.profile_partner_names.word().to_string()),
            Setting::Weighted => switch(s.weighted),
            Setting::ExcludeNonRespondents => switch(s.exclude_non_respondents),
            Setting::DropIsolates => switch(s.drop_isolates),
            Setting::Anonymize => switch(s.anonymize),
        }
    }

    /// Sets this setting in `s` from text (a link's value, a flag's value, a field's entry),
    /// checked against what it allows.
    ///
    /// # Errors
    /// [`SettingError`] naming the setting when the text is not an allowed value; `s` is then
    /// unchanged.
    pub fn read(self, s: &mut Settings, text: &str) -> Result<(), SettingError> {
        let allowed = self.descriptor().allowed;
        let error = || SettingError { setting: self, value: text.to_string() };
        let number = || allowed.number(text).ok_or_else(error);
        let whole = || allowed.whole(text).ok_or_else(error);
        let size = || whole().and_then(|n| usize::try_from(n).map_err(|_| error()));
        let text_value = || allowed.text(text).map(str::to_string).ok_or_else(error);
        let switch = || allowed.switch(text).ok_or_else(error);
        fn choice<T: Choice>(text: &str) -> Option<T> {
            T::from_word(text)
        }
        match self {
            Setting::Encoding => s.encoding = Some(text_value()?),
            Setting::MinAnswered => s.min_answered_share = number()?,
            Setting::GroupBy => s.group_by = Some(text_value()?),
            Setting::Symmetrize => s.symmetrize = choice(text).ok_or_else(error)?,
            Setting::Community => s.community = choice(text).ok_or_else(error)?,
            Setting::Resolution => s.resolution = number()?,
            Setting::BetweennessSamples => s.betweenness_samples = size()?,
            Setting::ExactBetweennessMax => s.exact_betweenness_max = size()?,
            Setting::MinGroupSize => s.min_group_size = size()?,
            Setting::Seed => s.seed = whole()?,
            Setting::CsvEncoding => s.csv_encoding = choice(text).ok_or_else(error)?,
            Setting::ProfilePartnerNames => s.profile_partner_names = choice(text).ok_or_else(error)?,
            Setting::Weighted => s.weighted = switch()?,
            Setting::ExcludeNonRespondents => s.exclude_non_respondents = switch()?,
            Setting::DropIsolates => s.drop_isolates = switch()?,
            Setting::Anonymize => s.anonymize = switch()?,
        }
        Ok(())
    }
}

impl Allowed {
    /// A number this allows.
    fn number(self, text: &str) -> Option<f64> {
        let Allowed::Number { min, above, max } = self else { return None };
        let x: f64 = text.trim().parse().ok()?;
        let low = if above { x > min } else { x >= min };
        (x.is_finite() && low && x <= max).then_some(x)
    }

    /// A whole number this allows.
    fn whole(self, text: &str) -> Option<u64> {
        let Allowed::Whole { min } = self else { return None };
        text.trim().parse::<u64>().ok().filter(|n| *n >= min)
    }

    /// Text this allows.
    fn text(self, text: &str) -> Option<&str> {
        (self == Allowed::Text && !text.is_empty()).then_some(text)
    }

    /// A switch's state.
    fn switch(self, text: &str) -> Option<bool> {
        match (self, text) {
            (Allowed::Switch, "1" | "true") => Some(true),
            (Allowed::Switch, "0" | "false") => Some(false),
            _ => None,
        }
    }

    /// What this allows, in English (for the CLI): "needs a number between 0 and 1".
    pub fn describe(self) -> String {
        match self {
            Allowed::Number { min, above: false, max } => format!("needs a number between {min} and {max}"),
            Allowed::Number { min, above: true, max } => {
                format!("needs a number above {min} and at most {max}")
            }
            Allowed::Whole { min: 0 } => "needs a whole number".into(),
            Allowed::Whole { min } => format!("needs a whole number of at least {min}"),
            Allowed::Word(words) => format!("takes {}", or_list(words)),
            Allowed::Text => "needs a value".into(),
            Allowed::Switch => "takes 1 or 0".into(),
        }
    }

    /// What this allows, as a locale key with its arguments.
    pub fn rule(self) -> UserMessage {
        let text = |x: String| Arg::Text(x);
        let args = |pairs: Vec<(&str, Arg)>| -> Args {
            pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
        };
        match self {
            Allowed::Number { min, above, max } => UserMessage::new(
                if above { "settings.invalid_above" } else { "settings.invalid_number" },
                args(vec![("min", text(min.to_string())), ("max", text(max.to_string()))]),
            ),
            Allowed::Whole { min } => {
                UserMessage::new("settings.invalid_whole", args(vec![("min", text(min.to_string()))]))
            }
            Allowed::Word(words) => {
                UserMessage::new("settings.invalid_word", args(vec![("words", text(words.join(", ")))]))
            }
            Allowed::Text => UserMessage::new("settings.invalid_text", Args::new()),
            Allowed::Switch => UserMessage::new("settings.invalid_switch", Args::new()),
        }
    }

    /// What this allows, in the page's language (from the locale files).
    pub fn message(self, lang: Lang) -> String {
        self.rule().text(lang)
    }
}

/// `a, b or c`.
fn or_list(words: &[&str]) -> String {
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => words.join(""),
    }
}

/// A setting's value that is not allowed. Shown as the CLI says it: `--resolution needs a
/// number above 0 and at most 10, got 20`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError {
    /// The setting.
    pub setting: Setting,
    /// The value given, as text.
    pub value: String,
}

impl std::fmt::Display for SettingError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let d = self.setting.descriptor();
        write!(f, "--{} {}, got {}", d.flag, d.allowed.describe(), self.value)
    }
}

impl std::error::Error for SettingError {}

impl SettingError {
    /// What the setting allows, in the page's language (shown next to its field).
    pub fn message(&self, lang: Lang) -> String {
        self.setting.descriptor().allowed.message(lang)
    }

    /// The error as a message naming the setting by its flag, for a worker's reply.
    pub fn user_message(&self) -> UserMessage {
        let d = self.setting.descriptor();
        let rule = d.allowed.rule();
        let args: Args = [
            ("setting".to_string(), Arg::Text(format!("--{}", d.flag))),
            ("value".to_string(), Arg::Text(self.value.clone())),
            ("rule".to_string(), Arg::Message(rule.key, rule.args)),
        ]
        .into_iter()
        .collect();
        UserMessage::new("error.setting", args)
    }
}

impl Settings {
    /// Checks every setting against what it allows.
    ///
    /// # Errors
    /// [`SettingError`] for the first setting (in [`TABLE`] order) whose value is not allowed.
    pub fn validate(&self) -> Result<(), SettingError> {
        // Each value must read back from its own text: one rule per setting, the table's.
        for setting in Setting::ALL {
            if let Some(text) = setting.write(self) {
                setting.read(&mut self.clone(), &text)?;
            }
        }
        Ok(())
    }

    /// The analysis options these settings ask for (no layout: callers that want positions
    /// with the result set `layout`).
    ///
    /// # Errors
    /// [`SettingError`] when a setting is out of its range (see [`Settings::validate`]).
    pub fn options(&self) -> Result<Options, SettingError> {
        self.validate()?;
        let mut o = Options {
            layout: false,
            encoding: self.encoding.clone(),
            anonymize: self.anonymize.then_some(self.min_group_size),
            ..Options::default()
        };
        o.models = crate::models::ModelOptions {
            formulas: self.models.clone(),
            mediations: self.mediations.clone(),
            bootstrap: self.bootstrap.clamp(*BOOTSTRAP_RANGE.start(), *BOOTSTRAP_RANGE.end()),
            ..Default::default()
        };
        o.capacity.min_answered_share = self.min_answered_share;
        o.capacity.group_by = self.group_by.clone();
        o.capacity.seed = self.seed;
        let n = &mut o.network;
        n.symmetrize = self.symmetrize;
        n.weighted = self.weighted;
        n.include_non_respondents = !self.exclude_non_respondents;
        n.drop_isolates = self.drop_isolates;
        n.community = self.community;
        n.resolution = self.resolution;
        n.betweenness_samples = self.betweenness_samples;
        n.exact_betweenness_max_nodes = self.exact_betweenness_max;
        n.seed = self.seed;
        Ok(o)
    }

    /// The settings that differ from the defaults, in [`TABLE`] order.
    fn changed(&self) -> impl Iterator<Item = (&'static Descriptor, String)> + '_ {
        let default = Settings::default();
        TABLE.iter().filter_map(move |d| {
            let value = d.setting.write(self)?;
            (Some(&value) != d.setting.write(&default).as_ref()).then_some((d, value))
        })
    }

    /// The CLI flags that reproduce these settings (for the reproducibility record): every
    /// setting that differs from its default, and a setting that only matters with a switch
    /// ([`Descriptor::requires`]) whenever that switch is on.
    pub fn cli_flags(&self) -> Vec<String> {
        let mut flags = Vec::new();
        for d in &TABLE {
            let Some(value) = d.setting.write(self) else { continue };
            let relevant = match d.requires {
                Some(switch) => switch.write(self).as_deref() == Some("1"),
                None => Some(&value) != d.setting.write(&Settings::default()).as_ref(),
            };
            if !relevant {
                continue;
            }
            flags.push(format!("--{}", d.flag));
            match d.allowed {
                // A switch that differs from its default (all are off by default) is on.
                Allowed::Switch => {}
                _ => flags.push(value),
            }
        }
        for (flag, values) in [("--model", &self.models), ("--mediation", &self.mediations)] {
            for v in values {
                flags.extend([flag.to_string(), v.clone()]);
            }
        }
        if !self.mediations.is_empty() && self.bootstrap != crate::models::DEFAULT_BOOTSTRAP {
            flags.extend(["--bootstrap".to_string(), self.bootstrap.to_string()]);
        }
        flags
    }

    /// The URL fragment (without `#`) holding the language and every setting that differs
    /// from the default, as readable `key=value` pairs.
    pub fn to_fragment(&self, lang: Lang) -> String {
        let code = match lang {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::ZhHant => "zh-Hant",
        };
        let mut parts = vec![format!("lang={code}")];
        parts.extend(self.changed().map(|(d, v)| format!("{}={}", d.fragment, percent_encode(&v))));
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
            let ok = match (k, percent_decode(raw)) {
                ("lang", Some(v)) => {
                    lang = Some(Lang::from_tag(&v));
                    true
                }
                (k, Some(v)) => {
                    Setting::from_fragment_key(k).is_some_and(|setting| setting.read(&mut s, &v).is_ok())
                }
                (_, None) => false,
            };
            if ok {
                any = true;
            } else {
                skipped.push(pair.to_string());
            }
        }
        any.then_some((s, lang, skipped))
    }

    /// The reproducibility record of a report made with these settings: the settings under
    /// their record keys, and the CLI command with [`Settings::cli_flags`].
    pub fn record(&self, report: &Report) -> Record {
        let values = serde_json::to_value(self).unwrap_or_default();
        crate::report::record::record(report, &self.cli_flags(), values)
    }

    /// The settings a record was made with.
    ///
    /// # Errors
    /// [`RecordError`] when the record's settings are not valid settings.
    pub fn from_record(record: &Record) -> Result<Settings, RecordError> {
        let s: Settings = serde_json::from_value(record.settings.clone())
            .map_err(|e| RecordError::Malformed(e.to_string()))?;
        s.validate()?;
        Ok(s)
    }
}

/// Why a record's settings cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RecordError {
    /// The settings are not a settings object.
    #[error("the record's settings are malformed: {0}")]
    Malformed(String),
    /// A setting is out of its range.
    #[error(transparent)]
    Invalid(#[from] SettingError),
}

/// The link's percent-encoding (one copy, shared with the view in the fragment).
pub use crate::markup::{percent_decode, percent_encode};

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

    /// Settings with every value changed from its default (and valid).
    pub(crate) fn all_changed() -> Settings {
        Settings {
            min_answered_share: 0.75,
            group_by: Some("城市 & field=x".into()),
            symmetrize: Symmetrize::Union,
            exclude_non_respondents: true,
            drop_isolates: true,
            weighted: true,
            encoding: Some("GB18030".into()),
            community: Method::Louvain,
            resolution: 1.5,
            exact_betweenness_max: 1000,
            betweenness_samples: 64,
            anonymize: true,
            min_group_size: 3,
            seed: 7,
            csv_encoding: CsvEncoding::Gb18030,
            profile_partner_names: PartnerNames::Hidden,
            ..Settings::default()
        }
    }

    #[test]
    fn every_setting_survives_the_link() {
        let s = all_changed();
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
        assert_eq!(s.symmetrize, Symmetrize::None);
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
        let s = Settings {
            symmetrize: Symmetrize::Union,
            anonymize: true,
            weighted: true,
            ..Settings::default()
        };
        assert_eq!(
            s.cli_flags(),
            vec!["--symmetrize", "union", "--min-group-size", "5", "--weighted", "--anonymize"]
        );
        assert!(Settings::default().cli_flags().is_empty());
    }

    #[test]
    fn the_table_lists_each_setting_once_in_enum_order() {
        for (i, d) in TABLE.iter().enumerate() {
            assert_eq!(d.setting as usize, i, "{:?} is out of order", d.setting);
            assert_eq!(d.setting.descriptor(), d);
            assert_eq!(d.value_name.is_none(), d.allowed == Allowed::Switch, "{:?}", d.setting);
        }
        for key in [|d: &Descriptor| d.fragment, |d: &Descriptor| d.flag, |d: &Descriptor| d.record] {
            let mut keys: Vec<&str> = TABLE.iter().map(key).collect();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), TABLE.len(), "keys repeat: {keys:?}");
        }
        // The record keys are the settings' serde names, and every field has a row but the
        // model lists, which have flags of their own (tests/integration/settings.rs).
        let serde_keys: Vec<String> = match serde_json::to_value(Settings::default()).unwrap() {
            serde_json::Value::Object(map) => map
                .keys()
                .filter(|k| !["models", "mediations", "bootstrap"].contains(&k.as_str()))
                .cloned()
                .collect(),
            _ => panic!("settings are an object"),
        };
        let mut record_keys: Vec<String> = TABLE.iter().map(|d| d.record.to_string()).collect();
        record_keys.sort();
        assert_eq!(record_keys, serde_keys);
        // Switches are off by default: a flag without value turns one on.
        assert!(
            TABLE.iter().filter(|d| d.allowed == Allowed::Switch).all(|d| d
                .setting
                .write(&Settings::default())
                .as_deref()
                == Some("0"))
        );
        assert_eq!(Settings::default().validate(), Ok(()));
        for choice in [
            <Symmetrize as Choice>::WORDS,
            <Method as Choice>::WORDS,
            <CsvEncoding as Choice>::WORDS,
            <PartnerNames as Choice>::WORDS,
        ] {
            assert!(!choice.is_empty());
        }
        assert!(
            Symmetrize::ALL
                .iter()
                .all(|v| Symmetrize::from_word(v.word()) == Some(*v) && v.word() == v.as_str())
        );
        assert!(
            Method::ALL.iter().all(|v| Method::from_word(v.word()) == Some(*v) && v.word() == v.as_str())
        );
        assert!(
            CsvEncoding::ALL
                .iter()
                .all(|v| CsvEncoding::from_word(v.word()) == Some(*v) && v.word() == v.as_str())
        );
    }

    #[test]
    fn out_of_range_values_name_the_setting_and_the_range() {
        let mut s = Settings::default();
        let e = Setting::Resolution.read(&mut s, "20").unwrap_err();
        assert_eq!(e, SettingError { setting: Setting::Resolution, value: "20".into() });
        assert_eq!(e.to_string(), "--resolution needs a number above 0 and at most 10, got 20");
        assert_eq!(e.message(Lang::En), "Enter a number above 0 and at most 10.");
        // As a worker says it (a locale key with arguments).
        assert_eq!(
            e.user_message().text(Lang::En),
            "The setting --resolution cannot be 20: Enter a number above 0 and at most 10."
        );
        assert_eq!(
            e.user_message().text(Lang::Zh),
            "设置 --resolution 不能为 20：请输入大于 0 且不超过 10 的数。"
        );
        assert_eq!(s, Settings::default(), "a refused value changes nothing");
        let e = Setting::MinAnswered.read(&mut s, "2").unwrap_err();
        assert!(e.to_string().contains("between 0 and 1"), "{e}");
        assert_eq!(
            Setting::Symmetrize.read(&mut s, "sideways").unwrap_err().to_string(),
            "--symmetrize takes none, union or reciprocal, got sideways"
        );
        for (setting, bad) in [
            (Setting::BetweennessSamples, "0"),
            (Setting::MinGroupSize, "1.5"),
            (Setting::ExactBetweennessMax, "-1"),
            (Setting::Resolution, "NaN"),
            (Setting::GroupBy, ""),
            (Setting::Weighted, "yes"),
        ] {
            assert_eq!(setting.read(&mut s, bad).map_err(|e| e.setting), Err(setting), "{bad}");
        }
        // The page and the worker check the same ranges: an out-of-range value never runs.
        let wide = Settings { resolution: 20.0, ..Settings::default() };
        assert_eq!(wide.validate().unwrap_err().setting, Setting::Resolution);
        assert!(wide.options().is_err());
        for lang in [Lang::En, Lang::Zh, Lang::ZhHant] {
            for d in &TABLE {
                let m = d.allowed.message(lang);
                assert!(!m.starts_with("settings.") && !m.contains('{'), "{lang:?} {:?}: {m}", d.setting);
            }
        }
    }

    #[test]
    fn options_carry_every_setting() {
        let s = all_changed();
        let o = s.options().unwrap();
        assert_eq!(o.encoding.as_deref(), Some("GB18030"));
        assert_eq!(o.capacity.min_answered_share, 0.75);
        assert_eq!(o.capacity.group_by, s.group_by);
        assert_eq!((o.capacity.seed, o.network.seed), (7, 7));
        assert_eq!(o.network.symmetrize, Symmetrize::Union);
        assert_eq!(o.network.community, Method::Louvain);
        assert!(o.network.weighted && o.network.drop_isolates && !o.network.include_non_respondents);
        assert_eq!(o.network.resolution, 1.5);
        assert_eq!((o.network.exact_betweenness_max_nodes, o.network.betweenness_samples), (1000, 64));
        assert_eq!(o.anonymize, Some(3));
        // The defaults are the pipeline's defaults.
        let d = Settings::default().options().unwrap();
        let p = Options::default();
        assert_eq!((d.capacity, d.network), (p.capacity, p.network));
        assert_eq!((d.anonymize, d.encoding, d.layout), (None, None, false));
    }

    #[test]
    fn stored_settings_keep_their_words() {
        let text = serde_json::to_string(&all_changed()).unwrap();
        assert!(
            text.contains(r#""symmetrize":"union""#) && text.contains(r#""csv_encoding":"gb18030""#),
            "{text}"
        );
        assert!(text.contains(r#""resolution":1.5"#), "numbers stay numbers: {text}");
        // A page's stored settings from before the seed existed still load.
        let old = r#"{"min_answered_share":0.5,"symmetrize":"reciprocal","community":"louvain","csv_encoding":"utf-8"}"#;
        let s: Settings = serde_json::from_str(old).unwrap();
        assert_eq!((s.symmetrize, s.community, s.seed), (Symmetrize::Reciprocal, Method::Louvain, 42));
    }
}

//! The command line's arguments, parsed by clap: `tongxing analyze FILE… [options]`,
//! `tongxing demo DIR`, `tongxing synth N M DIR`, with `--help` per subcommand and `--version`.
//!
//! The analysis settings' flags are not written here: [`SettingsArgs`] makes one flag per row
//! of [`crate::settings::TABLE`] and reads each value with that row's rule, so the CLI, the
//! page, the share link and the reproducibility record name and check the same settings.
//! Errors in the arguments exit with code 2 (clap's usage errors), as every CLI error does.

use clap::error::ErrorKind;
use clap::{Arg, ArgAction, ArgMatches, Args, Command, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::i18n::Lang;
use crate::ingest::TableKind;
use crate::settings::{Allowed, Descriptor, Settings, TABLE};

/// `tongxing`: organizational-capacity and network analysis of NGO surveys.
#[derive(Debug, Parser)]
#[command(name = "tongxing", version, arg_required_else_help = true)]
#[command(
    about = "Organizational-capacity and network analysis of NGO surveys (the page's analysis, natively)"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Commands,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Analyse a survey: capacity scores, reliability and partnership networks.
    Analyze(Box<Analyze>),
    /// Write the synthetic demo survey (CSV files and an XLSX workbook).
    Demo {
        /// Folder to write to (created if missing).
        dir: String,
    },
    /// Write a synthetic benchmark survey: N organizations, M block-model ties.
    Synth {
        /// Organizations.
        n: usize,
        /// Ties.
        m: usize,
        /// Folder to write to (created if missing).
        dir: String,
    },
}

/// `tongxing analyze`: the inputs, the outputs and the settings.
#[derive(Debug, clap::Args)]
pub struct Analyze {
    /// Responses (CSV, TSV, XLSX, XLS or JSON), or a workbook with several tables.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// A codebook file.
    #[arg(long, value_name = "F")]
    pub codebook: Vec<String>,
    /// A ties file (source, target, relation, weight).
    #[arg(long, value_name = "F")]
    pub ties: Vec<String>,
    /// An aliases file (alias, name).
    #[arg(long, value_name = "F")]
    pub aliases: Vec<String>,
    /// Print the JSON report (default: a summary).
    #[arg(long)]
    pub json: bool,
    /// Add `timings_ms` (per step and per metric) to the JSON.
    #[arg(long)]
    pub timings: bool,
    /// Write one SVG per chart and a printable report.html into DIR.
    #[arg(long, value_name = "DIR")]
    pub charts: Option<String>,
    /// Language of the charts, the report and the messages: en, zh or zh-Hant.
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = lang)]
    pub lang: Lang,
    /// With --anonymize: write the code → name key as CSV to FILE.
    #[arg(long, value_name = "FILE", requires = "anonymize")]
    pub key: Option<String>,
    /// Write the reproducibility record to FILE.
    #[arg(long, value_name = "FILE")]
    pub record: Option<String>,
    /// A regression model, OUTCOME ~ TERM + TERM (dimension keys, index, columns,
    /// METRIC@RELATION); repeatable.
    #[arg(long = "model", value_name = "FORMULA")]
    pub models: Vec<String>,
    /// A mediation chain, X -> M1 [-> M2 …] -> Y [| C1 + C2]; repeatable.
    #[arg(long = "mediation", value_name = "SPEC")]
    pub mediations: Vec<String>,
    /// Bootstrap resamples of the mediation intervals (100–100000).
    #[arg(long, value_name = "N", default_value_t = crate::models::DEFAULT_BOOTSTRAP, value_parser = bootstrap)]
    pub bootstrap: usize,
    /// Threads to analyse on (1–1024; default: every core). The report does not depend on it.
    #[arg(long, value_name = "N", value_parser = threads)]
    pub threads: Option<usize>,
    /// The analysis settings (one flag per row of the settings table).
    #[command(flatten)]
    pub settings: SettingsArgs,
}

fn bootstrap(text: &str) -> Result<usize, String> {
    let range = crate::settings::BOOTSTRAP_RANGE;
    text.parse::<usize>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| format!("takes a whole number from {} to {}", range.start(), range.end()))
}

impl Analyze {
    /// The settings with the models asked for by `--model`, `--mediation` and `--bootstrap`.
    pub fn full_settings(&self) -> Settings {
        Settings {
            models: self.models.clone(),
            mediations: self.mediations.clone(),
            bootstrap: self.bootstrap,
            ..self.settings.0.clone()
        }
    }
}

fn threads(text: &str) -> Result<usize, String> {
    text.parse::<usize>()
        .ok()
        .filter(|n| (1..=1024).contains(n))
        .ok_or_else(|| "takes a whole number from 1 to 1024".to_string())
}

impl Analyze {
    /// The threads `--threads` asks for, or every core.
    pub fn threads(&self) -> crate::stats::par::Threads {
        self.threads.map_or_else(crate::stats::par::Threads::available, crate::stats::par::Threads::new)
    }
}

fn lang(tag: &str) -> Result<Lang, String> {
    Ok(Lang::from_tag(tag))
}

impl Analyze {
    /// The `--codebook`, `--ties` and `--aliases` files in the order given.
    pub fn tables(&self, matches: &ArgMatches) -> Vec<(TableKind, String)> {
        let mut tables: Vec<(usize, TableKind, String)> = Vec::new();
        for (id, kind, files) in [
            ("codebook", TableKind::Codebook, &self.codebook),
            ("ties", TableKind::Ties, &self.ties),
            ("aliases", TableKind::Aliases, &self.aliases),
        ] {
            let at = matches.indices_of(id).map(Iterator::collect::<Vec<_>>).unwrap_or_default();
            tables.extend(
                files.iter().enumerate().map(|(i, f)| (at.get(i).copied().unwrap_or(0), kind, f.clone())),
            );
        }
        tables.sort_by_key(|(at, ..)| *at);
        tables.into_iter().map(|(_, kind, f)| (kind, f)).collect()
    }
}

/// The analysis settings given as flags: one per row of [`TABLE`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SettingsArgs(pub Settings);

/// The flag of one setting: a switch, or an option whose value its row checks.
fn flag(d: &'static Descriptor) -> Arg {
    let arg = Arg::new(d.record).long(d.flag);
    match d.value_name {
        None => arg.action(ArgAction::SetTrue).help(d.help),
        Some(name) => {
            let default = d.setting.write(&Settings::default());
            let rule = (d.allowed != Allowed::Text).then(|| d.allowed.describe());
            let help = match (rule, default) {
                (Some(rule), Some(v)) => format!("{} ({rule}; default {v})", d.help),
                (Some(rule), None) => format!("{} ({rule})", d.help),
                (None, _) => d.help.to_string(),
            };
            arg.value_name(name).help(help).value_parser(move |text: &str| {
                d.setting
                    .read(&mut Settings::default(), text)
                    .map(|()| text.to_string())
                    .map_err(|_| d.allowed.describe())
            })
        }
    }
}

impl Args for SettingsArgs {
    fn augment_args(cmd: Command) -> Command {
        TABLE.iter().fold(cmd.next_help_heading("Settings"), |cmd, d| cmd.arg(flag(d)))
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

impl FromArgMatches for SettingsArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut s = Settings::default();
        for d in &TABLE {
            let value = match d.allowed {
                Allowed::Switch => matches.get_flag(d.record).then(|| "1".to_string()),
                _ => matches.get_one::<String>(d.record).cloned(),
            };
            if let Some(v) = value {
                d.setting.read(&mut s, &v).map_err(|e| clap::Error::raw(ErrorKind::ValueValidation, e))?;
            }
        }
        Ok(SettingsArgs(s))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

/// Parsed arguments: the command, and for `analyze` its `--codebook`, `--ties` and
/// `--aliases` files in the order given (which clap's separate lists do not keep).
///
/// # Errors
/// clap's error (usage, `--help`, `--version`), which `clap::Error::exit` prints and exits
/// with (code 2 for a usage error, 0 for help and version).
pub fn parse<I, T>(args: I) -> Result<(Cli, Vec<(TableKind, String)>), clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = Cli::command().try_get_matches_from(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    let tables = match (&cli.command, matches.subcommand_matches("analyze")) {
        (Commands::Analyze(analyze), Some(m)) => analyze.tables(m),
        _ => Vec::new(),
    };
    Ok((cli, tables))
}

/// The settings of `tongxing analyze ARGS…` (without the program and subcommand names), as
/// the CLI reads them: how a record's flags are checked to reproduce its settings.
///
/// # Errors
/// clap's error when the arguments are not valid.
pub fn analyze_settings(args: &[String]) -> Result<Settings, clap::Error> {
    let full = ["tongxing", "analyze"].into_iter().map(String::from).chain(args.iter().cloned());
    match parse(full)?.0.command {
        Commands::Analyze(analyze) => Ok(analyze.full_settings()),
        _ => Err(clap::Error::new(ErrorKind::InvalidSubcommand)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_is_well_formed() {
        Cli::command().debug_assert();
    }
}

//! The reproducibility record: which tongxing, which files (SHA-256), which settings and the
//! command line that reproduces the same numbers with the CLI, plus a few headline results to
//! compare against.
//!
//! The record holds no survey data: file names, hashes and summary numbers only.

use serde::{Deserialize, Serialize};

use crate::ingest::TableKind;
use crate::report::Report;

/// Schema identifier of the record.
pub const SCHEMA: &str = "tongxing.record/1";

/// A reproducibility record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// tongxing version that produced the results.
    pub generator: String,
    /// The input files.
    pub files: Vec<RecordFile>,
    /// The capacity settings as applied (from the report).
    pub capacity_settings: crate::report::CapacitySettings,
    /// Each relation's settings as applied (from the report).
    pub relation_settings: Vec<(String, crate::report::RelationSettings)>,
    /// The settings as given, by their record keys (`crate::settings::TABLE`; absent from
    /// records made before it).
    #[serde(default)]
    pub settings: serde_json::Value,
    /// A command line that reproduces the report with the CLI.
    pub command: String,
    /// Headline results to compare a re-run against.
    pub check: Check,
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordFile {
    /// Name as given.
    pub name: String,
    /// Lowercase hex SHA-256 of its bytes.
    pub sha256: String,
    /// Kinds of the tables read from it.
    pub tables: Vec<TableKind>,
}

/// Headline results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// Organizations (data rows).
    pub organizations: usize,
    /// Cronbach's alpha per dimension key.
    pub alpha: Vec<(String, Option<f64>)>,
    /// Per relation: nodes, ties and modularity.
    pub relations: Vec<(String, usize, usize, Option<f64>)>,
}

/// Builds the record of a report; `flags` are the CLI options of the settings used and
/// `settings` the settings themselves (see `crate::settings::Settings::record`, the way to
/// call this).
pub fn record(report: &Report, flags: &[String], settings: serde_json::Value) -> Record {
    let input = &report.input;
    let files: Vec<RecordFile> = input
        .files
        .iter()
        .enumerate()
        .map(|(i, name)| RecordFile {
            name: name.clone(),
            sha256: input.sha256.get(i).cloned().unwrap_or_default(),
            tables: input.kinds.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    Record {
        schema: SCHEMA.to_string(),
        generator: report.generator.clone(),
        command: command(&files, flags),
        files,
        capacity_settings: report.capacity.settings.clone(),
        relation_settings: report
            .network
            .relations
            .iter()
            .map(|r| (r.key.clone(), r.settings.clone()))
            .collect(),
        settings,
        check: Check {
            organizations: report.input.rows,
            alpha: report.capacity.dimensions.iter().map(|d| (d.key.clone(), d.alpha)).collect(),
            relations: report
                .network
                .relations
                .iter()
                .map(|r| (r.key.clone(), r.graph.nodes, r.graph.edges, r.graph.modularity))
                .collect(),
        },
    }
}

/// `tongxing analyze …`: files holding responses (or several tables) go first as positional
/// arguments, single-table codebooks, ties and aliases files follow their flag.
fn command(files: &[RecordFile], flags: &[String]) -> String {
    let mut args: Vec<String> = vec!["tongxing".into(), "analyze".into()];
    let (main, rest): (Vec<&RecordFile>, Vec<&RecordFile>) =
        files.iter().partition(|f| f.tables.len() != 1 || f.tables.first() == Some(&TableKind::Responses));
    args.extend(main.iter().map(|f| f.name.clone()));
    for f in rest {
        let flag = match f.tables[0] {
            TableKind::Codebook => "--codebook",
            TableKind::Ties => "--ties",
            TableKind::Aliases => "--aliases",
            TableKind::Responses => unreachable!("partitioned above"),
        };
        args.push(flag.into());
        args.push(f.name.clone());
    }
    args.extend(flags.iter().cloned());
    args.push("--json".into());
    args.iter().map(|a| shell_quote(a)).collect::<Vec<_>>().join(" ")
}

/// POSIX shell quoting: plain words stay, anything else goes in single quotes.
fn shell_quote(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_puts_responses_first_and_quotes_names() {
        let f = |name: &str, tables: Vec<TableKind>| RecordFile {
            name: name.into(),
            sha256: String::new(),
            tables,
        };
        let files = vec![
            f("ties.csv", vec![TableKind::Ties]),
            f("机构 调查's.csv", vec![TableKind::Responses]),
            f("book.xlsx", vec![TableKind::Responses, TableKind::Codebook]),
        ];
        assert_eq!(
            command(&files, &["--symmetrize".into(), "union".into()]),
            r"tongxing analyze '机构 调查'\''s.csv' book.xlsx --ties ties.csv --symmetrize union --json"
        );
    }
}

//! Diagnostics: located, bilingual messages about the input and the analysis.
//!
//! Recoverable problems (a ragged row, an unknown answer label, an unmatched partner name)
//! never stop the analysis; they become `Warning`s that the page lists and the report keeps.
//! Fatal problems are `Error`s from the module that found them.

use serde::{Deserialize, Serialize};

/// One located problem, in both languages so the report is readable by either audience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// File (or sheet) the problem is in, when it comes from an input table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based row number in the source file (the header is row 1), when known.
    pub row: Option<usize>,
    /// Column header the problem is in, when known.
    pub column: Option<String>,
    /// English message, including what to do about it.
    pub message: String,
    /// Simplified Chinese message.
    pub message_zh: String,
}

impl Warning {
    /// A warning not tied to a row or column.
    pub fn general(message: impl Into<String>, message_zh: impl Into<String>) -> Self {
        Warning {
            file: None,
            row: None,
            column: None,
            message: message.into(),
            message_zh: message_zh.into(),
        }
    }

    /// A warning located at a cell (or a whole row/column when one side is `None`).
    pub fn at(
        file: &str,
        row: Option<usize>,
        column: Option<&str>,
        message: impl Into<String>,
        message_zh: impl Into<String>,
    ) -> Self {
        Warning {
            file: Some(file.to_string()),
            row,
            column: column.map(str::to_string),
            message: message.into(),
            message_zh: message_zh.into(),
        }
    }

    /// The message in the requested language, prefixed with its location.
    pub fn localized(&self, zh: bool) -> String {
        let mut loc = Vec::new();
        if let Some(f) = &self.file {
            loc.push(f.clone());
        }
        if let Some(r) = self.row {
            loc.push(if zh { format!("第 {r} 行") } else { format!("row {r}") });
        }
        if let Some(c) = &self.column {
            loc.push(if zh { format!("列“{c}”") } else { format!("column “{c}”") });
        }
        let msg = if zh { &self.message_zh } else { &self.message };
        if loc.is_empty() { msg.clone() } else { format!("{}: {msg}", loc.join(", ")) }
    }
}

/// A bilingual fatal error message, as shown to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserMessage {
    /// English text.
    pub en: String,
    /// Simplified Chinese text.
    pub zh: String,
}

/// Errors that have a message for the user in both languages.
pub trait Localize {
    /// The message in English and Chinese, saying what is wrong, where, and what to do.
    fn user_message(&self) -> UserMessage;
}

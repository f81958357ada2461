//! JSON input: an array of flat objects, one per organization.

use serde_json::Value;

use super::IngestError;
use super::table::Table;

/// Parses a JSON array of objects; keys become headers in first-seen order.
///
/// Nested values are kept as their JSON text; arrays of strings are joined with `;` so that a
/// roster answer given as a list reads like a roster cell.
///
/// # Errors
/// [`IngestError::Json`] when the text is not an array of objects.
pub fn parse(name: &str, text: &str) -> Result<Table, IngestError> {
    let err = |detail: String| IngestError::Json { file: name.to_string(), detail };
    let value: Value = serde_json::from_str(text).map_err(|e| err(e.to_string()))?;
    let Value::Array(items) = value else {
        return Err(err("the top level is not an array".into()));
    };
    let mut headers: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Object(map) = item else {
            return Err(err(format!("item {} is not an object", i + 1)));
        };
        for k in map.keys() {
            if !headers.contains(k) {
                headers.push(k.clone());
            }
        }
    }
    if headers.is_empty() {
        return Err(IngestError::Empty { file: name.to_string() });
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            headers
                .iter()
                .map(|h| match item.get(h) {
                    None | Some(Value::Null) => String::new(),
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Array(a)) => a
                        .iter()
                        .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
                        .collect::<Vec<_>>()
                        .join(";"),
                    Some(v) => v.to_string(),
                })
                .collect()
        })
        .collect();
    let row_numbers = (0..items.len()).map(|i| i + 2).collect();
    Ok(Table::from_rows(name, headers, &rows, row_numbers))
}

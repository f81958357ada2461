//! Templates: the blank files and the XLSForm are read back, and a file shaped like them is
//! analysed without a mapping.

use calamine::Reader as _;

use tongxing::demo::template;
use tongxing::ingest::{TableKind, load_file};
use tongxing::pipeline::{InputFile, Options, run};

#[test]
fn blank_templates_hold_the_codebook_columns() {
    let d = tongxing::demo::demo();
    let columns: Vec<String> = d.codebook.rows().iter().map(|r| r[0].to_string()).collect();
    let csv = template::blank_csv();
    let text = String::from_utf8(csv).unwrap();
    assert_eq!(text.trim_start_matches('\u{feff}').trim_end(), columns.join(","));
    let wb = template::blank_workbook().unwrap();
    let loaded = load_file("template.xlsx", &wb, None).expect("workbook reads");
    let kinds: Vec<TableKind> = loaded.tables.iter().map(|(k, _)| *k).collect();
    assert_eq!(kinds, [TableKind::Responses, TableKind::Codebook, TableKind::Ties, TableKind::Aliases]);
    assert_eq!(loaded.tables[0].1.headers, columns);
}

#[test]
fn xlsform_has_kobo_sheets_and_one_question_per_column() {
    let bytes = template::xlsform().unwrap();
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).expect("xlsx");
    assert_eq!(wb.sheet_names(), ["survey", "choices", "settings"]);
    let survey = wb.worksheet_range("survey").unwrap();
    let rows: Vec<Vec<String>> = survey.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0][..4], ["type", "name", "label::English (en)", "label::中文 (zh)"]);
    let d = tongxing::demo::demo();
    assert_eq!(rows.len() - 1, d.codebook.rows().len());
    for (r, cb) in rows[1..].iter().zip(&d.codebook.rows()) {
        assert_eq!(r[1], cb[0]);
        let expected = match cb[1] {
            "item" => "select_one likert5".to_string(),
            "numeric" => "integer".into(),
            "attribute" => format!("select_one {}", cb[0]),
            _ => "text".into(),
        };
        assert_eq!(r[0], expected, "{}", cb[0]);
    }
    let choices = wb.worksheet_range("choices").unwrap();
    let likert: Vec<Vec<String>> = choices
        .rows()
        .filter(|r| r[0] == "likert5")
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(likert.len(), 5);
    assert_eq!(likert[4][1..], ["5", "Strongly agree", "完全同意"]);
    let settings = wb.worksheet_range("settings").unwrap();
    assert_eq!(settings.get((1, 1)).unwrap().to_string(), "tongxing_ngo_survey");
}

#[test]
fn a_kobo_export_of_the_form_needs_no_mapping() {
    // What KoboToolbox exports for this form ("XML values and headers", `;`): the question
    // names as headers, codes for the items, plus its metadata columns.
    let d = tongxing::demo::demo();
    let mut csv = String::from("start;end;");
    csv.push_str(&d.responses.headers.join(";"));
    csv.push_str(";_id;_uuid;_submission_time;_index\n");
    for (i, r) in d.responses.rows().iter().enumerate() {
        let cells: Vec<String> = r.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
        csv.push_str(&format!(
            "2026-09-01;2026-09-01;{};{};u{i};2026-09-01;{}\n",
            cells.join(";"),
            i + 1,
            i + 1
        ));
    }
    let files = vec![InputFile { name: "kobo.csv".into(), bytes: csv.into_bytes(), kind: None }];
    let a = run(&files, &Options::default(), &|| 0.0).expect("reads");
    for cb in &d.codebook.rows() {
        let role = a.report.input.codebook.iter().find(|c| c.column == cb[0]).map(|c| c.role.as_str());
        assert_eq!(role, Some(cb[1]), "role of {}", cb[0]);
    }
    assert_eq!(a.report.capacity.dimensions.len(), 5);
    assert_eq!(a.report.network.relations.len(), 3, "two rosters and the combined relation");
}

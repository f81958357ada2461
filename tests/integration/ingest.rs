//! Ingest: encodings, delimiters, workbooks, JSON and the codebook inference.

use tongxing::ingest::{IngestError, TableKind, load_file};

use crate::util::{analyze, analyze_text, data};

#[test]
fn gbk_file_is_decoded_as_gb18030() {
    let bytes = std::fs::read(data("small_survey_gbk.csv")).unwrap();
    let f = load_file("small_survey_gbk.csv", &bytes, None).unwrap();
    assert_eq!(f.encoding, "GB18030");
    assert_eq!(f.tables[0].1.rows()[0][1], "北京");
    let a = analyze(&["small_survey_gbk.csv"]);
    assert_eq!(a.report.input.rows, 5);
}

#[test]
fn kobo_semicolon_csv_with_metadata() {
    let csv = "start;end;grp/org_name;grp/ks_1;grp/ks_2;_id;_uuid;_submission_time\n\
               2026-01-01;2026-01-01;\"甲, 机构\";4;5;1;u1;2026\n\
               2026-01-01;2026-01-01;乙;2;3;2;u2;2026\n";
    let a = analyze_text("kobo.csv", csv);
    assert_eq!(a.report.input.delimiter.as_deref(), Some(";"));
    assert_eq!(a.report.capacity.organizations[0].name, "甲, 机构");
    let roles: Vec<(&str, &str)> =
        a.report.input.codebook.iter().map(|c| (c.column.as_str(), c.role.as_str())).collect();
    assert!(roles.contains(&("_uuid", "ignore")));
    assert!(roles.contains(&("start", "ignore")));
    assert!(roles.contains(&("grp/org_name", "name")));
    assert!(roles.contains(&("grp/ks_1", "item")));
}

#[test]
fn json_array_of_objects() {
    let json = r#"[{"org_name":"A","q_1":4,"q_2":5,"partners":["B"]},{"org_name":"B","q_1":2,"q_2":1,"partners":["A","C"]}]"#;
    let a = analyze_text("s.json", json);
    assert_eq!(a.report.input.rows, 2);
    assert_eq!(a.report.network.relations[0].graph.edges, 3);
}

#[test]
fn workbook_with_named_sheets_round_trips() {
    let bytes = tongxing::demo::workbook().unwrap();
    let f = load_file("demo.xlsx", &bytes, None).unwrap();
    let kinds: Vec<TableKind> = f.tables.iter().map(|(k, _)| *k).collect();
    assert_eq!(kinds, vec![TableKind::Responses, TableKind::Codebook, TableKind::Aliases]);
    let files = vec![tongxing::pipeline::InputFile { name: "demo.xlsx".into(), bytes, kind: None }];
    let from_xlsx = tongxing::pipeline::run(&files, &Default::default(), &|| 0.0).unwrap();
    let from_csv = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    assert_eq!(from_xlsx.report.capacity, from_csv.report.capacity);
    assert_eq!(from_xlsx.report.network.relations, from_csv.report.network.relations);
}

#[test]
fn broken_inputs_give_located_errors() {
    let bin = std::fs::read(data("bad_binary.csv")).unwrap();
    assert!(matches!(load_file("bad_binary.csv", &bin, None), Err(IngestError::Binary { offset: 0, .. })));
    assert!(matches!(load_file("e.csv", b"", None), Err(IngestError::Empty { .. })));
    assert!(matches!(load_file("t.xlsx", b"PK\x03\x04garbage", None), Err(IngestError::Workbook { .. })));
    assert!(matches!(load_file("x.json", b"{\"a\":1}", None), Err(IngestError::Json { .. })));
}

#[test]
fn duplicate_headers_are_renamed_not_dropped() {
    let a = analyze_text("d.csv", "name,city,city\nA,x,y\n");
    let cols: Vec<&str> = a.report.input.codebook.iter().map(|c| c.column.as_str()).collect();
    assert_eq!(cols, vec!["name", "city", "city (2)"]);
    assert!(a.report.input.warnings.iter().any(|w| w.row == Some(1) && w.message.contains("more than once")));
}

#[test]
fn wenjuanxing_headers_and_metadata() {
    let csv = "序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、机构名称,2、城市,3、合作机构\n\
               1,2026/09/03 12:00:00,100秒,手机提交,直接访问,1.2.3.4,甲机构,北京,乙机构┋丙机构\n\
               2,2026/09/03 12:05:00,90秒,手机提交,直接访问,1.2.3.5,乙机构,上海,甲机构\n";
    let a = analyze_text("wjx.csv", csv);
    let role = |c: &str| a.report.input.codebook.iter().find(|x| x.column == c).map(|x| x.role.clone());
    assert_eq!(role("来自IP").as_deref(), Some("ignore"));
    assert_eq!(role("1、机构名称").as_deref(), Some("name"));
    assert_eq!(role("3、合作机构").as_deref(), Some("roster"));
    assert_eq!(a.report.network.relations[0].graph.edges, 3);
}

#[test]
fn wenjuanxing_coded_export_with_units_codes_and_skips() {
    let a = analyze(&["wjx_coded.csv"]);
    let role =
        |c: &str| a.report.input.codebook.iter().find(|x| x.column == c).map(|x| x.role.clone()).unwrap();
    assert_eq!(role("序号"), "ignore");
    assert_eq!(role("2、统一社会信用代码"), "id");
    assert_eq!(role("3、全职员工人数"), "numeric");
    assert_eq!(role("4、年度预算"), "numeric");
    assert_eq!(role("5、ks_1"), "item");
    assert_eq!(role("7、合作机构"), "roster");
    let w: Vec<(Option<usize>, &str)> =
        a.report.input.warnings.iter().map(|w| (w.row, w.message.as_str())).collect();
    assert!(w.iter().any(|(_, m)| m.contains("Wenjuanxing export recognized")));
    assert!(w.iter().any(|(r, m)| *r == Some(3) && m.contains("is a range; its midpoint 250000 is used")));
    assert!(w.iter().any(|(r, m)| *r == Some(4) && m.contains("not a valid unified social credit code")));
    // 丁机构 has 乙机构's code: one organization's two respondents, reported.
    assert!(w.iter().any(|(r, m)| *r == Some(5) && m.contains("is also on row 3, named “乙机构”")));
    // −2 and −3 are unanswered: 乙 answered ks_2 only (half of two items) → score 3.
    let yi = a.report.capacity.organizations.iter().find(|o| o.name == "乙机构").unwrap();
    assert_eq!(yi.scores["ks"], Some(3.0));
    assert_eq!(yi.id, "52310000MJ0000001K");
    // Units: staff 20, 8, 12 and budget 500000, 250000, 5000 reach the correlations (乙 and
    // 丁 are one organization: its first respondent's numbers, 8 and 250000).
    let corr = a.report.capacity.correlations.as_ref().unwrap();
    let i = corr.variables.iter().position(|v| v == "3、全职员工人数").unwrap();
    let j = corr.variables.iter().position(|v| v == "4、年度预算").unwrap();
    assert_eq!(corr.n[i][j], 3);
    // Spearman of (20, 8, 12) and (500000, 250000, 5000): ranks (3,1,2) vs (3,2,1), Σd² = 2.
    let rho = corr.spearman[i][j].unwrap();
    assert!((rho - 0.5).abs() < 1e-12, "{rho}");
    assert_eq!(a.report.network.relations[0].graph.edges, 5);
}

fn role_of<'a>(a: &'a tongxing::pipeline::Analysis, column: &str) -> &'a str {
    a.report.input.codebook.iter().find(|c| c.column == column).map(|c| c.role.as_str()).unwrap_or("missing")
}

fn options(a: &tongxing::pipeline::Analysis, question: &str) -> Vec<(String, usize)> {
    let q =
        a.report.capacity.multi_select.iter().find(|m| m.question == question).expect("question summarized");
    q.options.iter().map(|o| (o.option.clone(), o.count)).collect()
}

#[test]
fn kobotoolbox_export_as_downloaded() {
    let a = analyze(&["kobo_export.csv"]);
    assert_eq!(a.report.input.delimiter.as_deref(), Some(";"));
    assert_eq!(a.report.input.rows, 4);
    assert_eq!(a.report.capacity.organizations[3].name, "\"星火\"公益");
    for (col, role) in [
        ("start", "ignore"),
        ("_uuid", "ignore"),
        ("_index", "ignore"),
        ("org_info/org_name", "name"),
        ("org_info/city", "attribute"),
        ("capacity/ks_1", "item"),
        ("services", "multi"),
        ("services/training", "multi"),
        ("partners/knowledge_sharing", "roster"),
    ] {
        assert_eq!(role_of(&a, col), role, "{col}");
    }
    let dims: Vec<&str> = a.report.capacity.dimensions.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(dims, ["ks", "pro"]);
    // Counted once, from the 0/1 columns (the joined twin is not double-counted).
    assert_eq!(a.report.capacity.multi_select.len(), 1);
    assert_eq!(
        options(&a, "services"),
        [("advocacy".into(), 2), ("training".into(), 2), ("funding".into(), 1)]
    );
    assert_eq!(a.report.capacity.multi_select[0].answered, 3);
    let rel = &a.report.network.relations[0];
    assert_eq!(rel.key, "knowledge_sharing");
    assert_eq!(rel.graph.edges, 6);
}

#[test]
fn odk_central_export_with_group_dash_headers() {
    let a = analyze(&["odk_central.csv"]);
    for (col, role) in [
        ("SubmissionDate", "ignore"),
        ("meta-instanceID", "ignore"),
        ("KEY", "ignore"),
        ("ReviewState", "ignore"),
        ("org_info-org_name", "name"),
        ("org_info-city", "attribute"),
        ("capacity-ks_1", "item"),
        ("services", "multi"),
        ("partners-knowledge_sharing", "roster"),
    ] {
        assert_eq!(role_of(&a, col), role, "{col}");
    }
    assert_eq!(a.report.capacity.dimensions[0].key, "ks", "the group prefix is not part of the dimension");
    assert_eq!(
        options(&a, "services"),
        [("advocacy".into(), 2), ("training".into(), 2), ("funding".into(), 1)]
    );
    assert_eq!(a.report.network.relations[0].graph.edges, 5);
}

#[test]
fn wenjuanxing_label_export_in_gb18030() {
    let a = analyze(&["wenjuanxing_labels.csv"]);
    assert_eq!(a.report.input.encoding, "GB18030");
    for (col, role) in [
        ("序号", "ignore"),
        ("来自IP", "ignore"),
        ("1、机构名称", "name"),
        ("3、服务领域", "multi"),
        ("7(培训需求)", "multi"),
        ("8、合作机构", "roster"),
    ] {
        assert_eq!(role_of(&a, col), role, "{col}");
    }
    // 非常同意 = 5, 同意 = 4, 一般 = 3, 不同意 = 2: 甲 (5+4+4)/3, 乙 (3+2+3)/3.
    let d = &a.report.capacity.dimensions[0];
    assert_eq!(d.key, "知识分享");
    let score = |i: usize| a.report.capacity.organizations[i].scores["知识分享"].unwrap();
    assert!((score(0) - 13.0 / 3.0).abs() < 1e-12 && (score(1) - 8.0 / 3.0).abs() < 1e-12);
    assert_eq!(
        options(&a, "3、服务领域"),
        [("教育".into(), 3), ("社区发展".into(), 2), ("其他".into(), 1), ("养老".into(), 1)]
    );
    assert_eq!(role_of(&a, "3、(其他（请补充）:)"), "text", "an other-please-specify box is free text");
    assert_eq!(options(&a, "7"), [("培训需求".into(), 2), ("资金需求".into(), 2), ("倡导需求".into(), 1)]);
    assert_eq!(a.report.network.relations[0].graph.edges, 5);
}

/// A source that hands out at most 7 bytes per read, as a slow or sliced reader might.
struct Trickle(Vec<u8>);

impl tongxing::ingest::ByteSource for Trickle {
    fn len(&self) -> u64 {
        self.0.len() as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let start = (offset as usize).min(self.0.len());
        let n = buf.len().min(7).min(self.0.len() - start);
        buf[..n].copy_from_slice(&self.0[start..start + n]);
        Ok(n)
    }
}

fn sha256(bytes: &[u8]) -> String {
    tongxing::ingest::sha256_hex(bytes)
}

#[test]
fn streamed_reading_equals_whole_reading() {
    // Chinese text, quotes, a BOM, 3 MB (several chunks): the table, encoding, hash and the
    // progress reports of a trickling source match reading the bytes at once.
    let mut text = String::from("\u{feff}机构名称,城市,备注\n");
    for i in 0..60_000 {
        text.push_str(&format!("机构{i},北京,\"说明，含逗号 {i}\"\n"));
    }
    let bytes = text.into_bytes();
    let whole = load_file("a.csv", &bytes, None).unwrap();
    assert_eq!(whole.encoding, "UTF-8 (BOM)");
    assert_eq!(whole.sha256, sha256(&bytes));
    let mut seen = Vec::new();
    let (streamed, _) =
        tongxing::ingest::load_source("a.csv", &Trickle(bytes.clone()), None, &|| 0.0, &mut |at| {
            seen.push(at)
        })
        .unwrap();
    assert_eq!(streamed.tables, whole.tables);
    assert_eq!(
        (streamed.encoding.as_str(), streamed.sha256.as_str()),
        ("UTF-8 (BOM)", whole.sha256.as_str())
    );
    assert_eq!(whole.tables[0].1.n_rows(), 60_000);
    assert_eq!(seen.last().copied(), Some(bytes.len() as u64));
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "progress only moves forward");
}

#[test]
fn gbk_after_a_long_ascii_start_is_read_again_as_gb18030() {
    // The first 64 KB are ASCII (valid UTF-8); a GBK row comes after: the whole file is read
    // as GB18030, as decoding it at once decides, and nothing is replaced.
    let mut text = String::from("org_name,city\n");
    for i in 0..10_000 {
        text.push_str(&format!("org{i},x\n"));
    }
    text.push_str("北京协会,上海\n");
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    assert!(gbk.len() > 64 * 1024);
    let f = load_file("late.csv", &gbk, None).unwrap();
    assert_eq!(f.encoding, "GB18030");
    let t = &f.tables[0].1;
    assert_eq!(t.n_rows(), 10_001);
    assert_eq!(t.cell(10_000, 0), "北京协会");
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert_eq!(f.sha256, sha256(&gbk));
}

//! Browser tests (wasm-bindgen-test in headless Chromium): the parts that could behave
//! differently in a browser — plotters drawing charts in wasm (its browser build measures text
//! through the DOM unless the backend answers, see `charts::backend`), the XLSX writer and
//! reader in wasm, and the mounted page running the demo end to end.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
fn charts_render_without_touching_the_dom() {
    let a =
        tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &js_sys::Date::now).unwrap();
    // Every chart of the gallery draws in the browser, and identically to the native build:
    // text is measured by the backend's estimate, so no element is added to the page.
    let page = || web_sys::window().unwrap().document().unwrap().document_element().unwrap().outer_html();
    let before = page();
    let gallery = tongxing::charts::gallery::all_charts(&a, tongxing::i18n::Lang::Zh).unwrap();
    assert!(gallery.len() >= 10, "{} charts", gallery.len());
    assert!(gallery.iter().all(|c| c.svg.starts_with("<svg") && !c.rows.is_empty()));
    assert!(gallery[0].svg.contains("知识分享"));
    assert_eq!(a.report.input.rows, 120);
    assert_eq!(before, page());
}

#[wasm_bindgen_test]
fn escapes_markup_in_names() {
    let csv = "org_name,q_1,q_2,partners\n\"<script>alert(1)</script>\",1,2,B;C\nB,2,3,\"<script>alert(1)</script>\"\n";
    let files = vec![tongxing::pipeline::InputFile {
        name: "x.csv".into(),
        bytes: csv.as_bytes().to_vec(),
        kind: None,
    }];
    let opts = tongxing::pipeline::Options { layout: true, ..Default::default() };
    let a = tongxing::pipeline::run(&files, &opts, &js_sys::Date::now).unwrap();
    let svg = tongxing::charts::network::diagram(
        &a.report.network.relations[0],
        &a.graphs[0],
        &a.layouts[0],
        tongxing::i18n::Lang::En,
    )
    .unwrap();
    assert!(!svg.contains("<script>"));
    assert!(svg.contains("&lt;script&gt;"));
}

#[wasm_bindgen_test]
fn xlsx_written_and_read_in_the_browser() {
    let bytes = tongxing::demo::workbook().unwrap();
    let f = tongxing::ingest::load_file("demo.xlsx", &bytes, None).unwrap();
    assert_eq!(f.tables.len(), 3);
    assert_eq!(f.tables[0].1.n_rows(), 120);
}

/// The test runner serves no worker script, so the mounted page must say plainly that the
/// background analysis could not start, and stay usable (the real worker run is covered by
/// the end-to-end tests of `dist/`).
#[wasm_bindgen_test]
async fn mounted_page_explains_a_missing_worker() {
    tongxing::ui::mount();
    let doc = web_sys::window().unwrap().document().unwrap();
    // The page mounts once its first language is at hand (`ui::mount` is asynchronous).
    let mut found = None;
    for _ in 0..100 {
        found = doc.query_selector("[data-testid=demo-button]").unwrap();
        if found.is_some() {
            break;
        }
        sleep(20).await;
    }
    let button: web_sys::HtmlElement = found.expect("the page mounts").dyn_into().unwrap();
    button.click();
    let mut state = String::new();
    for _ in 0..100 {
        sleep(50).await;
        state =
            doc.query_selector("[data-testid=status]").unwrap().unwrap().get_attribute("data-state").unwrap();
        if state != "working" && state != "idle" {
            break;
        }
    }
    assert_eq!(state, "error");
    let message = doc.query_selector("[data-testid=error]").unwrap().unwrap().text_content().unwrap();
    assert!(message.contains("Web Worker"), "{message}");
    assert!(doc.query_selector("[data-testid=demo-button]").unwrap().is_some());
}

#[wasm_bindgen_test]
fn large_network_canvas_draws_the_scene() {
    use tongxing::charts::explorer::Scene;
    use tongxing::ui::network_canvas::{Frame, side_for};
    let a = tongxing::pipeline::run(
        &tongxing::demo::files(),
        &tongxing::pipeline::Options { layout: true, ..Default::default() },
        &js_sys::Date::now,
    )
    .unwrap();
    let (report, graph) = (&a.report.network.relations[0], &a.graphs[0]);
    let scene = Scene::new(
        report,
        graph,
        &a.layouts[0],
        tongxing::network::node_metric::NodeMetric::InDegree,
        None,
        None,
        12,
    )
    .unwrap();
    let doc = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").unwrap().unchecked_into();
    Frame::new(report, graph, &scene, 1000, false).paint(&canvas);
    assert_eq!((canvas.width(), canvas.height()), (1000, 1000));
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let px = ctx.get_image_data(0.0, 0.0, 1000.0, 1000.0).unwrap().data();
    let at = |x: usize, y: usize| {
        let i = 4 * (y * 1000 + x);
        (px[i], px[i + 1], px[i + 2])
    };
    // Every respondent node shows its community colour near its centre (the drawing is the
    // scene's: same positions, same colours).
    let mut seen = 0;
    for v in 0..scene.pts.len() {
        if !report.nodes[v].respondent {
            continue;
        }
        let (x, y) = (scene.pts[v].0 as usize, scene.pts[v].1 as usize);
        let near =
            (x.saturating_sub(2)..x + 3).flat_map(|a| (y.saturating_sub(2)..y + 3).map(move |b| (a, b)));
        if near.clone().any(|(a, b)| at(a, b) == scene.colour[v]) {
            seen += 1;
        }
    }
    let respondents = report.nodes.iter().filter(|n| n.respondent).count();
    assert!(seen * 10 >= respondents * 9, "{seen} of {respondents} nodes found in their colour");
    // The corner stays white.
    assert_eq!(at(1, 1), (255, 255, 255));
    // Parsed in pieces of a few subpaths, a slice at a time (as a large network's frames
    // are), the picture is the same, pixel for pixel: each layer is still one path.
    let pieces: web_sys::HtmlCanvasElement = doc.create_element("canvas").unwrap().unchecked_into();
    let mut frame = Frame::in_pieces(report, graph, &scene, 1000, false, 60);
    let mut slices = 1;
    while !frame.prepare(&|| 0.0, 0.0) {
        slices += 1;
    }
    assert!(slices > 20, "{slices} slices");
    frame.paint(&pieces);
    let ctx2: web_sys::CanvasRenderingContext2d = pieces.get_context("2d").unwrap().unwrap().unchecked_into();
    let px2 = ctx2.get_image_data(0.0, 0.0, 1000.0, 1000.0).unwrap().data();
    let differ = px.iter().zip(px2.iter()).filter(|(a, b)| a != b).count();
    assert_eq!(differ, 0, "{differ} bytes differ");
    // Resolution follows the zoom in powers of two, capped.
    assert_eq!(side_for(640.0, 1.0, 1.0), 640);
    assert_eq!(side_for(640.0, 1.0, 1.6), 1280);
    assert_eq!(side_for(640.0, 2.0, 12.0), 4096);
}

/// The browser's `TextDecoder` (the workers' decoder, built without `text-tables`) decodes
/// every encoding a survey export comes in as `encoding_rs` does: whole, in pieces that cut
/// characters, with malformed bytes, and with a BOM kept as U+FEFF.
#[wasm_bindgen_test]
fn the_browser_decodes_text_as_encoding_rs() {
    use tongxing::worker::browser_text::make;
    let text = "机构名称,城市,類型\n北京协会,上海,\u{FEFF}非營利\n".repeat(40);
    let encodings = [
        encoding_rs::GB18030,
        encoding_rs::GBK,
        encoding_rs::BIG5,
        encoding_rs::SHIFT_JIS,
        encoding_rs::EUC_KR,
        encoding_rs::WINDOWS_1252,
        encoding_rs::UTF_16LE,
    ];
    for enc in encodings {
        let mut bytes = if enc == encoding_rs::UTF_16LE {
            text.encode_utf16().flat_map(u16::to_le_bytes).collect()
        } else {
            enc.encode(&text).0.into_owned()
        };
        // A malformed sequence in the middle and a character cut by the end.
        bytes.splice(10..10, [0xFF, 0x81]);
        bytes.push(0x81);
        let (expected, _) = enc.decode_without_bom_handling(&bytes);
        let whole = make(enc).unwrap().decode(&bytes, true);
        assert_eq!(whole, expected, "{}", enc.name());
        let mut pieces = make(enc).unwrap();
        let mut out = String::new();
        for piece in bytes.chunks(7) {
            out.push_str(&pieces.decode(piece, false));
        }
        out.push_str(&pieces.decode(&[], true));
        assert_eq!(out, expected, "{} in pieces", enc.name());
    }
    // The "replacement" encoding's labels: the browser refuses them (the core then writes one
    // U+FFFD, as encoding_rs decodes them).
    let replacement = encoding_rs::Encoding::for_label(b"iso-2022-kr").unwrap();
    assert!(make(replacement).is_none());
    assert_eq!(replacement.decode_without_bom_handling(b"abc").0, "\u{FFFD}");
}

/// The browser's NFKC (the workers' normalizer, built without `text-tables`) normalizes names
/// and numbers typed in full width as `unicode-normalization` does.
#[wasm_bindgen_test]
fn the_browser_normalizes_as_unicode_normalization() {
    use unicode_normalization::UnicodeNormalization;
    let samples = [
        "１２３，４５６",
        "①㈱ﬁ",
        "Ｂｅｉｊｉｎｇ　公益（联盟）",
        "⼀⼆",
        "豈更",
        "가각",
        "Café Ångström",
        "ｶﾞｷﾞ",
        "㍿㌔",
        "ℌℍ℡",
        "Ⅻ",
        "x²₃",
        "北京·协会",
        "e\u{301}",
    ];
    for s in samples {
        assert_eq!(tongxing::worker::browser_text::nfkc(s), s.nfkc().collect::<String>(), "{s}");
    }
}

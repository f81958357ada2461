//! The analysis Web Worker: receives files, runs [`crate::rounds::run_sources`] on them and posts
//! progress, early capacity results and the final result as JSON [`WorkerMessage`]s (reports
//! with their organization rows in chunks, [`report_messages`]), then the result's charts and
//! the networks' layouts with their diagrams, so the page never blocks while a large survey
//! is analysed or drawn. Cancelling is terminating the worker.
//!
//! The same script also lays out graphs live (`ui::live_layout`), in a worker instance of its
//! own. Downloads are written by the smaller file worker ([`crate::file_worker`]).
//!
//! Messages are typed both ways ([`ToWorker`] in, [`WorkerMessage`] out); [`pack`] and
//! [`unpack`] are their envelope, for the page as for the workers.

pub mod browser_text;
mod layouts;
mod locale;
mod measures;
pub mod passes;

use std::cell::RefCell;

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::charts::gallery::{self, Drawn};
use crate::diag::{Localize, UserMessage};
use crate::i18n::Lang;
use crate::ingest::ByteSource;
use crate::network::graph::Graph;
use crate::network::layout::{LayoutTies, LiveLayout};
use crate::pipeline::{self, Analysis, Options, Progress, SourceFile};
use crate::protocol::{
    FileMeta, Job, LAYOUT_MIN_FRAMES, LAYOUT_SLICE_MS, ToWorker, WARM_UP_ID, WORKER_CHARTS_MAX_ROWS,
    WorkerMessage, chart_rows, report_messages, report_messages_spent,
};
use crate::report::Report;

thread_local! {
    /// The graph being laid out live, with its layout id (see [`crate::protocol`]).
    static LIVE: RefCell<Option<(u64, Graph, LiveLayout)>> = const { RefCell::new(None) };
    /// The worker's message listener: it lives as long as the worker.
    static LISTENER: RefCell<Option<gloo_events::EventListener>> = const { RefCell::new(None) };
}

pub(crate) fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// A typed message with its attachments, ready to post (see [`pack`]).
pub(crate) struct Packed {
    /// What is posted.
    pub data: JsValue,
    /// The buffers handed over rather than copied.
    pub transfer: js_sys::Array,
}

/// The envelope of every message between the page and its workers: `msg` as UTF-8 JSON in a
/// byte array, alone, or first in an array followed by the attachments its variant names (see
/// [`crate::protocol`]). The JSON's buffer and every attached typed array are transferred
/// (the sender gives them up: no copy); other attachments (a `Blob` is a handle) are cloned.
pub(crate) fn pack<T: Serialize>(msg: &T, attachments: &[&JsValue]) -> Option<Packed> {
    let bytes = serde_json::to_vec(msg).ok()?;
    let json = js_sys::Uint8Array::from(bytes.as_slice());
    let transfer = js_sys::Array::of1(&json.buffer());
    if attachments.is_empty() {
        return Some(Packed { data: json.into(), transfer });
    }
    let data = js_sys::Array::of1(&json);
    for a in attachments {
        data.push(a);
        if js_sys::ArrayBuffer::is_view(a) {
            // Any typed array's `buffer`.
            transfer.push(&a.unchecked_ref::<js_sys::Uint8Array>().buffer());
        }
    }
    Some(Packed { data: data.into(), transfer })
}

/// The JSON bytes and the attachments of a message packed by [`pack`].
pub(crate) fn unpack_bytes(data: &JsValue) -> Option<(Vec<u8>, Vec<JsValue>)> {
    if let Some(json) = data.dyn_ref::<js_sys::Uint8Array>() {
        return Some((json.to_vec(), Vec::new()));
    }
    let parts = data.dyn_ref::<js_sys::Array>()?;
    let json: js_sys::Uint8Array = parts.get(0).dyn_into().ok()?;
    Some((json.to_vec(), parts.iter().skip(1).collect()))
}

/// A message packed by [`pack`], read back with its attachments.
pub(crate) fn unpack<T: DeserializeOwned>(data: &JsValue) -> Option<(T, Vec<JsValue>)> {
    let (bytes, attachments) = unpack_bytes(data)?;
    Some((serde_json::from_slice(&bytes).ok()?, attachments))
}

/// Posts a message with attachments to the page.
pub(crate) fn post_with(msg: &WorkerMessage, attachments: &[&JsValue]) {
    if let Some(p) = pack(msg, attachments) {
        let _ = scope().post_message_with_transfer(&p.data, &p.transfer);
    }
}

/// Posts a message to the page.
pub(crate) fn post(msg: &WorkerMessage) {
    // Rows travel as bytes beside the message (`protocol::attached_rows`).
    match crate::protocol::attached_rows(msg) {
        Some((head, bytes)) => post_with(&head, &[&js_sys::Uint8Array::from(bytes.as_slice()).into()]),
        None => post_with(msg, &[]),
    }
}

/// Installs the panic hook and the message handler, then tells the page it is ready.
pub fn start() {
    browser_text::install();
    listen(handle);
}

/// What every worker of this crate does on start (the analysis worker, the file worker): a
/// panic becomes a `Panic` message, messages go to `handle` with their attachments, and the
/// page hears `Ready`.
pub(crate) fn listen(handle: fn(ToWorker<'static>, Vec<JsValue>)) {
    std::panic::set_hook(Box::new(|info| post(&WorkerMessage::Panic { message: info.to_string() })));
    let listener = gloo_events::EventListener::new(&scope(), "message", move |ev| {
        let data = ev.unchecked_ref::<web_sys::MessageEvent>().data();
        match unpack::<ToWorker>(&data) {
            Some((msg, attachments)) => handle(msg, attachments),
            None => post(&WorkerMessage::Failed {
                id: 0,
                message: UserMessage::new("error.malformed_job", Default::default()),
            }),
        }
    });
    LISTENER.with(|l| *l.borrow_mut() = Some(listener));
    post(&WorkerMessage::Ready);
}

/// A browser `Blob` (the user's `File`) read in slices with `FileReaderSync`, which workers
/// have: the file is never copied whole into the worker's memory.
struct BlobSource {
    blob: web_sys::Blob,
    reader: web_sys::FileReaderSync,
}

impl BlobSource {
    /// A source reading `blob`, boxed as the pipeline takes it.
    fn boxed(blob: web_sys::Blob) -> Option<Box<dyn ByteSource>> {
        let reader = web_sys::FileReaderSync::new().ok()?;
        Some(Box::new(BlobSource { blob, reader }))
    }
}

impl ByteSource for BlobSource {
    fn len(&self) -> u64 {
        self.blob.size() as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let end = (offset + buf.len() as u64).min(self.len());
        if offset >= end {
            return Ok(0);
        }
        let failed = |e: JsValue| {
            let text = |k: &str| js_sys::Reflect::get(&e, &k.into()).ok().and_then(|v| v.as_string());
            std::io::Error::other(
                text("message").or_else(|| text("name")).unwrap_or_else(|| format!("{e:?}")),
            )
        };
        let slice = self.blob.slice_with_f64_and_f64(offset as f64, end as f64).map_err(failed)?;
        let buffer = self.reader.read_as_array_buffer(&slice).map_err(failed)?;
        let bytes = js_sys::Uint8Array::new(&buffer);
        let n = (bytes.length() as usize).min(buf.len());
        bytes.subarray(0, n as u32).copy_to(&mut buf[..n]);
        Ok(n)
    }
}

/// The files of a [`ToWorker::Run`]: each one's name and kind with its attached `Blob`.
/// The files' rounds ride beside them (see [`crate::rounds::run_sources`]).
type Sources = (Vec<SourceFile<'static>>, Vec<Option<String>>);

fn sources(files: Vec<FileMeta>, blobs: Vec<JsValue>) -> Option<Sources> {
    if files.len() != blobs.len() {
        return None;
    }
    let tags = files.iter().map(|f| f.wave.clone()).collect();
    let files = files
        .into_iter()
        .zip(blobs)
        .map(|(meta, blob)| {
            let source = BlobSource::boxed(blob.dyn_into().ok()?)?;
            Some(SourceFile { name: meta.name, source, kind: meta.kind })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((files, tags))
}

/// Analyses the synthetic demo survey once, when the page asks right after the worker starts,
/// and sends the result to the page as run [`WARM_UP_ID`]. Browsers compile WebAssembly
/// lazily, function by function on first call, and the first run of every analysis step paid
/// for it (the demo took 370 ms in the worker on a fresh page and 40 ms natively); compiled
/// while the user is still choosing a file, the code is ready when the file arrives. A job sent
/// meanwhile waits for the rest of the warm-up, which is mostly that same compilation it would
/// have paid anyway.
///
/// The warm-up takes exactly a job's way ([`run_job`], the files read from `Blob`s as the
/// page's are): V8 optimizes hot code for the calls through `dyn` it has seen (here the file
/// source and the progress observer), and a first job that called other ones (the demo read
/// from byte slices, a silent observer) threw the optimized pipeline away and compiled it
/// again, 45 ms of the demo's 0.1 s in the worker.
///
/// A `brief` warm-up (a worker started for a large job that waits, `ui::bridge`) stops after
/// sending the result: the page is warm already and the job waits for it, and the charts and
/// layouts were about half of the warm-up (0.41 of 0.83 s before a 5,000/50,000 job).
fn warm(brief: bool) {
    let start = js_sys::Date::now();
    let files = crate::demo::files()
        .into_iter()
        .filter_map(|f| {
            let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(f.bytes.as_slice()));
            let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).ok()?;
            Some(SourceFile { name: f.name, source: BlobSource::boxed(blob)?, kind: f.kind })
        })
        .collect::<Vec<_>>();
    let files = (files, Vec::new());
    // As a job goes (progress, early results, result, charts, layouts), to the page, which
    // builds its sections from it out of sight to compile its own code (`ui::warm`).
    let job = Job { id: WARM_UP_ID, chart_lang: Some(Lang::Zh), ..Job::default() };
    let then = if brief { Then { charts: None, layouts: false } } else { Then::of(&job) };
    run(&job, &files, then);
    post(&WorkerMessage::Warmed { ms: js_sys::Date::now() - start });
}

/// What the worker posts for a run's progress and early capacity results.
fn observer(id: u64) -> impl FnMut(Progress) {
    observer_from(id, 0.0)
}

/// [`observer`], showing no step's progress below `floor` percent (a run that went on after
/// its shared passes: the network step's first relation is past the passes' 35–75%).
pub(crate) fn observer_from(id: u64, floor: f64) -> impl FnMut(Progress) {
    move |p: Progress| match p {
        Progress::Step { step, detail, percent } => post(&WorkerMessage::Progress {
            id,
            step: step.key().to_string(),
            detail,
            percent: percent.max(floor),
        }),
        Progress::Capacity(input, capacity, ties) => drop(report_messages(
            WorkerMessage::Partial { id, report: Box::new(Report::partial(input, capacity)), rows: 0, ties },
            &mut post,
            false,
        )),
    }
}

/// Runs a job (or the warm-up) on its files and sends what it finds as it goes: progress,
/// early capacity results, then the result ([`send_result`]) or why it failed. With workers to
/// share with (`pool`), a job whose analysis has a large pass of searches pauses inside its
/// network step, after the early capacity results, and goes on when the pool has run it
/// ([`crate::worker::passes`]).
/// What the worker does once it has sent a run's result ([`send_result`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Then {
    /// Draw the charts in this language and send them.
    pub charts: Option<Lang>,
    /// Lay the networks out and send their layouts (and diagrams, with `charts`).
    pub layouts: bool,
}

impl Then {
    /// What a job asks for: its charts, if it names a language, and always the layouts.
    fn of(job: &Job) -> Then {
        Then { charts: job.chart_lang, layouts: true }
    }
}

fn run_job(id: u64, options: &Options, (files, tags): &Sources, then: Then, pool: usize) {
    let clock = &js_sys::Date::now;
    let read = match pipeline::read_sources(files, options, clock, &mut observer(id)) {
        Ok(read) => read,
        Err(e @ crate::ingest::IngestError::NoWorkbookReader { .. }) => {
            return post(&WorkerMessage::NeedsWorkbookReader { id, message: e.user_message() });
        }
        Err(e) => return post(&WorkerMessage::Failed { id, message: e.user_message() }),
    };
    let stage = if pool > 0 {
        let min_work = crate::worker::passes::POOL_MIN_WORK;
        crate::rounds::analyze_read_pausing(read, tags, options, min_work, clock, &mut observer(id))
    } else {
        crate::rounds::analyze_read(read, tags, options, clock, &mut observer(id))
            .map(|a| pipeline::Stage::Done(Box::new(a)))
    };
    match stage {
        Ok(pipeline::Stage::Done(analysis)) => send_result(id, *analysis, then, options.network.seed),
        Ok(pipeline::Stage::Paused(half, jobs)) => {
            crate::worker::passes::pause(id, options.clone(), half, then, jobs)
        }
        Err(e) => post(&WorkerMessage::Failed { id, message: e.user_message() }),
    }
}

/// Goes on with run `id` paused on its passes, what the pool computed now at hand (`handed`),
/// and sends the result ([`send_result`]); `shared_ms`, the time the pause lasted, is timed as
/// `passes_shared` (`network` and `total` include it: the pause is inside the network step),
/// and `measured_ms`, the time the pool's measures took during the pause
/// (`worker::measures`), as `metrics_shared`.
pub(crate) fn finish(
    id: u64,
    options: &Options,
    half: pipeline::Halfway,
    handed: pipeline::Handed,
    (then, shared_ms, floor, measured_ms): (Then, f64, f64, f64),
) {
    let measured = !handed.graph_only.is_empty();
    // The ledger counts this run's hand-overs only (emptied before it).
    #[cfg(feature = "pool-member")]
    crate::handover::ledger();
    let mut analysis = half.finish(handed, options, &js_sys::Date::now, &mut observer_from(id, floor));
    #[cfg(feature = "pool-member")]
    publish_ledger();
    if let Some(t) = analysis.report.timings_ms.as_mut() {
        t.insert("passes_shared".to_string(), shared_ms);
        if measured {
            t.insert("metrics_shared".to_string(), measured_ms);
        }
    }
    send_result(id, analysis, then, options.network.seed)
}

/// Leaves the counts of the pool's results offered to the run and taken by it (by kind:
/// `handover::ledger`) on the worker's global scope as `tongxingHandover`, a JSON object, for
/// the end-to-end test that checks the page's pool work is used: a result that is not taken
/// changes no number, only the time. Only the fast build keeps a ledger (`handover::count`).
#[cfg(feature = "pool-member")]
fn publish_ledger() {
    // Written by hand: the kinds are fixed names without quotes.
    let counts: Vec<String> = crate::handover::ledger()
        .into_iter()
        .map(|(kind, c)| format!("\"{kind}\":{{\"offered\":{},\"taken\":{}}}", c.offered, c.taken))
        .collect();
    let json = format!("{{{}}}", counts.join(","));
    let _ = js_sys::Reflect::set(&js_sys::global(), &"tongxingHandover".into(), &json.into());
}

/// Sends a run's result as the page receives it: the report ([`report_messages`]), then, with
/// a chart language and up to [`WORKER_CHARTS_MAX_ROWS`] rows, its charts
/// ([`WorkerMessage::Charts`]), then the networks' layouts with their diagrams and the
/// worker's memory at the end ([`End::finish`], once the layouts asked of the pool, if any,
/// are in: `worker::layouts`), as `then` asks. The charts are drawn here, after the result was
/// sent, while the page mounts it: they cost the page 30–90 ms per run when it drew them.
fn send_result(id: u64, analysis: Analysis, then: Then, seed: u64) {
    let (mut done, graphs) = WorkerMessage::done_keeping_graphs(id, analysis);
    let lang = then.charts.filter(|_| chart_rows(&done) <= WORKER_CHARTS_MAX_ROWS);
    if let WorkerMessage::Done { memory_bytes, charts_follow, .. } = &mut done {
        *memory_bytes = wasm_memory_bytes();
        *charts_follow = lang.is_some();
    }
    // Without drawing, the rows sent are dropped last (see `report_messages_spent`).
    let (whole, spent) = match lang {
        Some(_) => (report_messages(done, &mut post, true), Vec::new()),
        None => (None, report_messages_spent(done, &mut post)),
    };
    let end = match (lang, whole) {
        (Some(lang), Some(WorkerMessage::Done { report, key, .. })) => {
            let a = Analysis { report: *report, graphs, layouts: Vec::new(), key };
            let charts = Drawn::draw(lang, &js_sys::Date::now, || gallery::all_charts(&a, lang));
            post(&WorkerMessage::Charts { id, charts: Box::new(charts) });
            End { id, seed, diagrams: Ok((a, lang)) }
        }
        _ => End { id, seed, diagrams: Err(graphs) },
    };
    if then.layouts {
        layouts::when_laid_out(end);
    }
    drop(spent);
}

/// What is left of a run once its result and charts are sent: its graphs' layouts and, with a
/// chart language, their diagrams (`Ok`: the analysis, whose graphs they are).
pub(crate) struct End {
    pub id: u64,
    seed: u64,
    diagrams: Result<(Analysis, Lang), Vec<Graph>>,
}

impl End {
    /// Lays out the graphs the pool did not (`pooled`: its layouts in graph order), draws the
    /// diagrams and sends them with the layouts.
    pub(crate) fn finish(self, pooled: Vec<layouts::Answer>) {
        let End { id, seed, diagrams } = self;
        let graphs = match &diagrams {
            Ok((a, _)) => &a.graphs,
            Err(graphs) => graphs,
        };
        let start = js_sys::Date::now();
        let mut pooled_ms = 0.0;
        let mut pooled = pooled.into_iter().peekable();
        let layouts: Vec<Vec<(f64, f64)>> = graphs
            .iter()
            .enumerate()
            .map(|(i, g)| match pooled.next_if(|p| p.graph == i) {
                Some(answer) if answer.ties == LayoutTies::of(g) => {
                    pooled_ms += answer.ms;
                    answer.positions
                }
                _ => crate::network::layout::force_layout(g, seed),
            })
            .collect();
        let ms = js_sys::Date::now() - start;
        let diagrams = diagrams.ok().map(|(a, lang)| {
            Box::new(Drawn::draw(lang, &js_sys::Date::now, || gallery::diagram_charts(&a, &layouts, lang)))
        });
        let memory_bytes = wasm_memory_bytes();
        post(&WorkerMessage::Layouts { id, layouts, ms, diagrams, memory_bytes, pooled_ms });
    }
}

/// Size of this instance's WebAssembly memory in bytes.
pub fn wasm_memory_bytes() -> u64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as u64
}

/// Starts laying out a graph live: `n` nodes, the ties attached as `[s0, t0, …]` (and their
/// weights when `weighted`).
fn start_layout(id: u64, n: usize, seed: u64, weighted: bool, attachments: &[JsValue]) {
    let ends = attachments
        .first()
        .and_then(|a| a.dyn_ref::<js_sys::Uint32Array>())
        .map(|a| a.to_vec())
        .unwrap_or_default();
    let weights = attachments
        .get(1)
        .filter(|_| weighted)
        .and_then(|a| a.dyn_ref::<js_sys::Float64Array>())
        .map(|a| a.to_vec())
        .unwrap_or_default();
    let edges: Vec<(u32, u32, f64)> = ends
        .chunks_exact(2)
        .enumerate()
        .filter(|(_, e)| (e[0] as usize) < n && (e[1] as usize) < n)
        .map(|(i, e)| (e[0], e[1], weights.get(i).copied().unwrap_or(1.0)))
        .collect();
    let g = Graph::from_edges(n, &edges);
    let live = LiveLayout::new(&g, seed);
    LIVE.with(|l| *l.borrow_mut() = Some((id, g, live)));
    layout_step(id);
}

/// Runs the next slice of live layout `id` and sends its frame.
fn layout_step(id: u64) {
    LIVE.with(|l| {
        let mut l = l.borrow_mut();
        let Some((live_id, g, live)) = l.as_mut() else { return };
        if *live_id != id {
            return;
        }
        live.run(g, live.total.div_ceil(LAYOUT_MIN_FRAMES), &js_sys::Date::now, LAYOUT_SLICE_MS);
        let flat: Vec<f32> = live.positions(g).iter().flat_map(|(x, y)| [*x as f32, *y as f32]).collect();
        let pos = js_sys::Float32Array::from(flat.as_slice());
        post_with(&WorkerMessage::Frame { id, done: live.done, total: live.total }, &[&pos]);
    });
}

fn handle(msg: ToWorker<'static>, attachments: Vec<JsValue>) {
    match msg {
        ToWorker::Run { job, files } => match sources(files, attachments) {
            Some(files) => {
                let then = Then::of(&job);
                run(&job, &files, then)
            }
            None => post(&WorkerMessage::Failed {
                id: job.id,
                message: UserMessage::new("error.malformed_job", Default::default()),
            }),
        },
        ToWorker::Warm => warm(false),
        ToWorker::WarmBriefly => warm(true),
        ToWorker::Words { lang, json } => {
            crate::i18n::load(lang, &json);
        }
        ToWorker::LayoutStart { id, n, seed, weighted } => start_layout(id, n, seed, weighted, &attachments),
        ToWorker::LayoutStep { id } => layout_step(id),
        #[cfg(feature = "pool-member")]
        ToWorker::PassGraphs { id, passes } => {
            crate::worker::passes::receive_graphs(id, &passes, &attachments)
        }
        // The quick build is never a pool member (`pool-member`).
        #[cfg(not(feature = "pool-member"))]
        ToWorker::PassGraphs { .. } => {}
        ToWorker::PassBatch { id, pass, batch } => crate::worker::passes::batch(id, pass, batch),
        ToWorker::PassPart { id, pass, batch } => {
            crate::worker::passes::receive_part(id, pass, batch, &attachments)
        }
        ToWorker::LayOut { id, graph, n, seed, keep } => {
            layouts::lay_out(id, (graph, n, seed, keep), &attachments)
        }
        ToWorker::LaidOut { id, graph, ms } => layouts::receive(id, graph, ms, &attachments),
        ToWorker::Measure { id, measure, keep } => measures::measure(id, &measure, keep, &attachments),
        ToWorker::Measured { id, graph, part, ms, key } => {
            measures::receive(id, (graph, part, ms, key), &attachments)
        }
        // The file worker's.
        ToWorker::Make { .. } => {}
    }
}

/// Runs a job whose settings are valid, or says which setting is not.
fn run(job: &Job, files: &Sources, then: Then) {
    if let Some(lang) = then.charts {
        locale::ensure(lang);
    }
    match job.settings.options() {
        Ok(options) => run_job(job.id, &options, files, then, job.pool),
        Err(e) => post(&WorkerMessage::Failed { id: job.id, message: e.user_message() }),
    }
}

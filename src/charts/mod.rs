//! Charts: report data → SVG strings through plotters' SVG backend.
//!
//! The same functions run in the page and in the CLI; they draw on [`backend::Svg`], which
//! measures text without a font or a DOM, so each chart is the same SVG everywhere. plotters escapes
//! text, so organization names cannot inject markup.

pub mod backend;
pub mod capacity;
pub mod explorer;
pub mod gallery;
pub mod netcharts;
pub mod network;
pub mod paths;
pub mod raster;

use plotters::coord::Shift;
use plotters::prelude::*;
use thiserror::Error;

use crate::i18n::Lang;
use crate::report::format::num;
use backend::{Svg, text_extent};

/// Font stack for chart text: system fonts that cover Chinese on every major platform, so no
/// font is fetched from anywhere.
pub const FONT: &str = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, WenQuanYi Micro Hei, Heiti SC, sans-serif";

/// Okabe–Ito colour-blind-safe palette (without black), for categories such as communities.
pub const PALETTE: [(u8, u8, u8); 7] = [
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
    (240, 228, 66),
];

/// The numbers behind a chart: column titles and formatted rows.
#[derive(Debug, Clone, PartialEq)]
pub struct TableData {
    /// Column titles.
    pub headers: Vec<String>,
    /// Rows, formatted as shown.
    pub rows: Vec<Vec<String>>,
}

/// A drawing area on the SVG backend.
pub(crate) type Area<'a> = DrawingArea<Svg<'a>, Shift>;

/// Draws into an SVG string of `w` × `h` pixels.
pub(crate) fn svg(
    w: u32,
    h: u32,
    draw: impl FnOnce(&Area) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = Svg::with_string(&mut out, (w, h)).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    Ok(out)
}

/// Pixels a label at `size` needs (see [`text_extent`]).
pub(crate) fn text_width(s: &str, size: u32) -> u32 {
    text_extent(s, f64::from(size)).ceil() as u32
}

/// The i-th colour of the Okabe–Ito palette (cycling).
pub(crate) fn colour(i: usize) -> RGBColor {
    let (r, g, b) = PALETTE[i % PALETTE.len()];
    RGBColor(r, g, b)
}

/// A number for a data table: `digits` decimals, or "not defined".
pub(crate) fn cell(x: Option<f64>, digits: usize, lang: Lang) -> String {
    num(x, digits, lang)
}

/// A chart could not be drawn.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("chart drawing failed: {0}")]
pub struct ChartError(pub String);

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

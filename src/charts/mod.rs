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
pub mod raster;

use thiserror::Error;

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

/// A chart could not be drawn.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("chart drawing failed: {0}")]
pub struct ChartError(pub String);

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

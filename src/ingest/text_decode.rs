//! Bytes of a text file in a known encoding → UTF-8, in pieces or whole.
//!
//! With the `text-tables` feature (the CLI, the tests) this is `encoding_rs`. The page's workers
//! are built without it and use the browser's own `TextDecoder`, which the analysis worker
//! hands in at start ([`use_decoders`]; the binding is in `worker`, since the core stays free
//! of web crates): both implement the WHATWG Encoding Standard, and leaving `encoding_rs`'s
//! decoders out of the workers keeps its decoding code and CJK tables (about 0.15 MB of wasm)
//! out of what a first visit downloads. `encoding_rs` still names encodings everywhere
//! (labels, BOMs), which costs no tables. `tests/web.rs` checks the two decode alike.

use encoding_rs::Encoding;

/// A decoder supplied by the host for one file, fed its bytes in order (`last` with the final
/// piece). It keeps a BOM as U+FEFF and replaces malformed bytes with U+FFFD.
pub trait PieceDecoder {
    /// The text of `input`, characters cut by its end completed by the next piece.
    fn decode(&mut self, input: &[u8], last: bool) -> String;
}

/// Makes the host's decoder of an encoding; `None` if the host has none for it.
pub type DecoderFactory = fn(&'static Encoding) -> Option<Box<dyn PieceDecoder>>;

static FACTORY: std::sync::OnceLock<DecoderFactory> = std::sync::OnceLock::new();

/// Sets the decoders of a build without `text-tables` (the analysis worker does at start);
/// with `text-tables`, `encoding_rs` decodes and they are not used.
pub fn use_decoders(factory: DecoderFactory) {
    let _ = FACTORY.set(factory);
}

/// Decodes one file's bytes in order, piece by piece; characters cut by a piece's end are
/// completed by the next piece.
pub struct ChunkDecoder {
    #[cfg(feature = "text-tables")]
    inner: encoding_rs::Decoder,
    /// `None` without a host decoder for the encoding: the browser refuses the "replacement"
    /// encoding (labels such as `iso-2022-kr`), which decodes to one U+FFFD, as in
    /// `encoding_rs`; so does a build that set no decoders (the page, which reads no files).
    #[cfg(not(feature = "text-tables"))]
    inner: Option<Box<dyn PieceDecoder>>,
    #[cfg(not(feature = "text-tables"))]
    started: bool,
}

impl ChunkDecoder {
    /// A decoder of `encoding` that decodes a BOM as U+FEFF like any other character (the
    /// caller has skipped the BOM that chose the encoding, see `stream::choose_encoding`).
    pub fn new(encoding: &'static Encoding) -> Self {
        #[cfg(feature = "text-tables")]
        {
            ChunkDecoder { inner: encoding.new_decoder_without_bom_handling() }
        }
        #[cfg(not(feature = "text-tables"))]
        {
            ChunkDecoder { inner: FACTORY.get().and_then(|make| make(encoding)), started: false }
        }
    }

    /// Decodes `input` (the next bytes; `last` when none follow), appending UTF-8 to `out`.
    /// True when malformed bytes were replaced with U+FFFD.
    #[cfg(feature = "text-tables")]
    pub fn decode(&mut self, input: &[u8], out: &mut Vec<u8>, last: bool) -> bool {
        let start = out.len();
        let cap = self.inner.max_utf8_buffer_length(input.len()).unwrap_or(input.len() * 3 + 16);
        out.resize(start + cap, 0);
        let (_, _, written, replaced) = self.inner.decode_to_utf8(input, &mut out[start..], last);
        out.truncate(start + written);
        replaced
    }

    /// Decodes `input` (the next bytes; `last` when none follow), appending UTF-8 to `out`.
    /// True when malformed bytes were replaced with U+FFFD. (The browser does not say so, so
    /// a U+FFFD in the text counts: a file that encodes U+FFFD itself gets the same warning.)
    #[cfg(not(feature = "text-tables"))]
    pub fn decode(&mut self, input: &[u8], out: &mut Vec<u8>, last: bool) -> bool {
        let text = match self.inner.as_mut() {
            Some(decoder) => decoder.decode(input, last),
            None if !self.started && !input.is_empty() => "\u{FFFD}".into(),
            None => String::new(),
        };
        self.started |= !input.is_empty();
        out.extend_from_slice(text.as_bytes());
        text.contains('\u{FFFD}')
    }
}

/// Decodes a whole (small) buffer in `encoding`, a BOM decoded as U+FEFF; true when bytes
/// were replaced.
pub fn decode_whole(encoding: &'static Encoding, bytes: &[u8]) -> (String, bool) {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 2);
    let replaced = ChunkDecoder::new(encoding).decode(bytes, &mut out, true);
    // Both decoders write valid UTF-8; the lossy conversion only avoids an `unwrap`.
    let text = match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    (text, replaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_decode_as_the_whole() {
        let text = "机构,城市\n北京协会,上海\u{FEFF}🙂\n".repeat(5);
        for enc in [encoding_rs::GB18030, encoding_rs::BIG5, encoding_rs::UTF_16BE, encoding_rs::UTF_8] {
            let bytes: Vec<u8> = if enc == encoding_rs::UTF_16BE {
                text.encode_utf16().flat_map(u16::to_be_bytes).collect()
            } else {
                enc.encode(&text).0.into_owned()
            };
            let (whole, replaced) = decode_whole(enc, &bytes);
            let mut d = ChunkDecoder::new(enc);
            let mut out = Vec::new();
            for piece in bytes.chunks(3) {
                d.decode(piece, &mut out, false);
            }
            d.decode(&[], &mut out, true);
            assert_eq!(String::from_utf8(out).unwrap(), whole, "{}", enc.name());
            if enc != encoding_rs::BIG5 {
                assert_eq!(whole, text, "{}", enc.name());
                assert!(!replaced);
            }
        }
        assert_eq!(decode_whole(encoding_rs::GB18030, &[0x81]), ("\u{FFFD}".to_string(), true));
    }
}

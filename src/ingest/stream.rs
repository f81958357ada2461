//! Reading delimited text in pieces: bytes are pulled from a [`ByteSource`] four megabytes at a
//! time, decoded to UTF-8 on the way ([`DecodingReader`]) and parsed by the CSV reader as they
//! come, so a 200 MB export is never held whole as bytes, nor copied whole as text: memory is
//! the parsed table plus a few buffers. In the browser the source is the user's `File`, read in
//! slices by the worker; natively and in tests it is a byte slice.
//!
//! The encoding is chosen from the first 64 KB as [`super::decode`] chooses it for a whole
//! file (BOM, UTF-16 by its NUL bytes, strict UTF-8, else GB18030). A file that looks like
//! UTF-8 at the start but has invalid bytes later is read again from the start as GB18030,
//! which is what decoding the whole file at once would have decided.

use std::cell::Cell;
use std::io;

use encoding_rs::{Encoding, GB18030, UTF_8};

use super::IngestError;
use super::text_decode::ChunkDecoder;

/// Bytes read for choosing the encoding and delimiter.
pub const HEAD_BYTES: usize = 64 * 1024;

/// Bytes pulled from the source at a time.
pub const CHUNK_BYTES: usize = 4 * 1024 * 1024;

/// Random-access bytes of an input file.
pub trait ByteSource {
    /// Total length in bytes.
    fn len(&self) -> u64;

    /// True for an empty source.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads up to `buf.len()` bytes from `offset` into `buf` and returns how many were read
    /// (0 only at the end).
    ///
    /// # Errors
    /// When the bytes cannot be read (in the browser: the file was changed or removed).
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize>;

    /// The bytes from `offset` to the end, or at most `max` of them.
    ///
    /// # Errors
    /// As [`ByteSource::read_at`].
    fn read_range(&self, offset: u64, max: usize) -> io::Result<Vec<u8>> {
        let n = (self.len().saturating_sub(offset)).min(max as u64) as usize;
        let mut buf = vec![0; n];
        let mut filled = 0;
        while filled < n {
            let got = self.read_at(offset + filled as u64, &mut buf[filled..])?;
            if got == 0 {
                break;
            }
            filled += got;
        }
        buf.truncate(filled);
        Ok(buf)
    }
}

impl ByteSource for &[u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let start = (offset as usize).min(<[u8]>::len(self));
        let n = buf.len().min(<[u8]>::len(self) - start);
        buf[..n].copy_from_slice(&self[start..start + n]);
        Ok(n)
    }
}

/// How a text file is to be decoded, chosen from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextEncoding {
    /// The decoder's encoding.
    pub encoding: &'static Encoding,
    /// Bytes of BOM to skip.
    pub skip: usize,
    /// Name shown to the user (`UTF-8`, `UTF-8 (BOM)`, `GB18030`, …).
    pub label: &'static str,
    /// UTF-8 chosen because the start is valid UTF-8: invalid bytes later mean the file must
    /// be read again as GB18030, not have them replaced.
    pub tentative: bool,
    /// The user forced an encoding: the text is decoded, never passed through (a BOM still
    /// wins over the forced label, as `Encoding::decode` decides).
    pub forced: bool,
}

/// Chooses the encoding from the file's first bytes (`head`; `whole` when it is the whole
/// file), or the user's forced label. `Ok(None)` with an unknown label means "detect".
///
/// # Errors
/// [`IngestError::Binary`] for NUL bytes without a UTF-16 pattern.
pub fn choose_encoding(
    name: &str,
    head: &[u8],
    whole: bool,
    forced: Option<&str>,
) -> Result<TextEncoding, IngestError> {
    let forced_encoding = forced.and_then(|l| Encoding::for_label(l.as_bytes()));
    // A BOM wins over a forced label too (as `Encoding::decode` decides).
    if let Some((enc, bom_len)) = Encoding::for_bom(head) {
        let label = if enc == UTF_8 { "UTF-8 (BOM)" } else { enc.name() };
        let forced = forced_encoding.is_some();
        return Ok(TextEncoding { encoding: enc, skip: bom_len, label, tentative: false, forced });
    }
    if let Some(enc) = forced_encoding {
        return Ok(TextEncoding {
            encoding: enc,
            skip: 0,
            label: enc.name(),
            tentative: false,
            forced: true,
        });
    }
    let sample = &head[..head.len().min(8192)];
    if let Some(offset) = sample.iter().position(|b| *b == 0) {
        let Some(enc) = super::decode::utf16_without_bom(sample) else {
            return Err(IngestError::Binary { file: name.to_string(), offset });
        };
        return Ok(TextEncoding {
            encoding: enc,
            skip: 0,
            label: enc.name(),
            tentative: false,
            forced: false,
        });
    }
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        // A multi-byte character cut by the end of the head is fine, unless the file ends there.
        Err(e) => e.error_len().is_none() && !whole,
    };
    Ok(if utf8 {
        TextEncoding { encoding: UTF_8, skip: 0, label: "UTF-8", tentative: true, forced: false }
    } else {
        TextEncoding { encoding: GB18030, skip: 0, label: "GB18030", tentative: false, forced: false }
    })
}

/// How the CSV parser treats invalid UTF-8 in the text it is given (see
/// [`DecodingReader::invalid_utf8`]); the flag records that it happened.
#[derive(Debug, Clone, Copy)]
pub enum InvalidUtf8<'a> {
    /// End the parse and set the flag (the caller reads the file again as GB18030).
    Stop(&'a Cell<bool>),
    /// Replace invalid bytes with U+FFFD and set the flag, if any.
    Replace(Option<&'a Cell<bool>>),
}

impl InvalidUtf8<'_> {
    /// Records that invalid bytes were met; true when they are to be replaced, false when the
    /// parse must stop.
    pub fn met(self) -> bool {
        match self {
            InvalidUtf8::Stop(flag) => {
                flag.set(true);
                false
            }
            InvalidUtf8::Replace(flag) => {
                if let Some(flag) = flag {
                    flag.set(true);
                }
                true
            }
        }
    }
}

/// What a [`DecodingReader`] found, shared with its caller while the CSV reader owns it.
#[derive(Debug, Default)]
pub struct DecodeState {
    /// Bytes were replaced with U+FFFD.
    pub replaced: Cell<bool>,
    /// A tentative UTF-8 reading met invalid bytes (read again as GB18030).
    pub malformed: Cell<bool>,
    /// The source failed; the message.
    pub failed: std::cell::RefCell<Option<String>>,
    /// Milliseconds spent pulling and decoding bytes.
    pub ms: Cell<f64>,
    /// SHA-256 of the bytes read so far (the caller adds a skipped BOM first).
    pub hash: std::cell::RefCell<sha2::Sha256>,
}

/// An [`io::Read`] of UTF-8 text decoded from a [`ByteSource`] a chunk at a time.
///
/// UTF-8 sources (not forced by the user, whose label may mean a BOM must still be sniffed)
/// pass through undecoded: the CSV parser validates each record once
/// ([`super::delimited::parse_reader`] with [`DecodingReader::invalid_utf8`]), instead of
/// the decoder validating and copying every byte and the parser validating them again.
pub struct DecodingReader<'a> {
    src: &'a dyn ByteSource,
    pos: u64,
    decoder: ChunkDecoder,
    passthrough: bool,
    tentative: bool,
    raw: Vec<u8>,
    out: Vec<u8>,
    out_start: usize,
    done: bool,
    state: &'a DecodeState,
    clock: &'a dyn Fn() -> f64,
    on_bytes: &'a mut dyn FnMut(u64),
}

impl<'a> DecodingReader<'a> {
    /// A reader of `src` in encoding `enc`; `on_bytes` hears the source offset after each chunk.
    pub fn new(
        src: &'a dyn ByteSource,
        enc: TextEncoding,
        state: &'a DecodeState,
        clock: &'a dyn Fn() -> f64,
        on_bytes: &'a mut dyn FnMut(u64),
    ) -> Self {
        DecodingReader {
            src,
            pos: enc.skip as u64,
            decoder: ChunkDecoder::new(enc.encoding),
            passthrough: enc.encoding == UTF_8 && !enc.forced,
            tentative: enc.tentative,
            raw: vec![0; CHUNK_BYTES],
            out: Vec::new(),
            out_start: 0,
            done: false,
            state,
            clock,
            on_bytes,
        }
    }

    /// What the parser must do with invalid UTF-8: nothing (the decoder already replaced
    /// it), or, when bytes pass through undecoded, stop (a tentative UTF-8 reading, to be read
    /// again as GB18030) or replace it; either way it records that on `state`.
    pub fn invalid_utf8(&self) -> InvalidUtf8<'a> {
        match (self.passthrough, self.tentative) {
            (false, _) => InvalidUtf8::Replace(None),
            (true, true) => InvalidUtf8::Stop(&self.state.malformed),
            (true, false) => InvalidUtf8::Replace(Some(&self.state.replaced)),
        }
    }

    /// Decodes the next chunk into `out`.
    fn fill(&mut self) -> io::Result<()> {
        let t0 = (self.clock)();
        let n = match self.src.read_at(self.pos, &mut self.raw) {
            Ok(n) => n,
            Err(e) => {
                *self.state.failed.borrow_mut() = Some(e.to_string());
                return Err(e);
            }
        };
        self.pos += n as u64;
        sha2::Digest::update(&mut *self.state.hash.borrow_mut(), &self.raw[..n]);
        let last = n == 0 || self.pos >= self.src.len();
        let input = &self.raw[..n];
        self.out.clear();
        self.out_start = 0;
        if self.passthrough {
            self.out.extend_from_slice(input);
        } else {
            if self.decoder.decode(input, &mut self.out, last) {
                self.state.replaced.set(true);
            }
        }
        self.done = last;
        self.state.ms.set(self.state.ms.get() + (self.clock)() - t0);
        (self.on_bytes)(self.pos);
        Ok(())
    }
}

impl io::Read for DecodingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_start >= self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.fill()?;
        }
        let n = buf.len().min(self.out.len() - self.out_start);
        buf[..n].copy_from_slice(&self.out[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

/// Lower-case hexadecimal SHA-256 of a finished hash.
pub fn hex(hash: sha2::Sha256) -> String {
    sha2::Digest::finalize(hash).iter().map(|b| format!("{b:02x}")).collect()
}

/// Decodes a whole (small) byte buffer with the chosen encoding, for sniffing and JSON.
pub fn decode_all(bytes: &[u8], enc: TextEncoding) -> (String, bool) {
    super::text_decode::decode_whole(enc.encoding, &bytes[enc.skip.min(bytes.len())..])
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    /// The text read in chunks of `chunk` bytes, whether bytes were replaced, and whether a
    /// tentative UTF-8 reading must start again as GB18030 (what the CSV parser decides on the
    /// bytes passed through).
    fn read_all(bytes: &[u8], enc: TextEncoding, chunk: usize) -> (String, bool, bool) {
        let state = DecodeState::default();
        let clock = || 0.0;
        let mut seen = Vec::new();
        let mut on_bytes = |p: u64| seen.push(p);
        let mut r = DecodingReader::new(&bytes, enc, &state, &clock, &mut on_bytes);
        r.raw = vec![0; chunk];
        let invalid = r.invalid_utf8();
        let mut raw = Vec::new();
        r.read_to_end(&mut raw).unwrap();
        let s = match std::str::from_utf8(&raw) {
            Ok(s) => s.to_string(),
            Err(_) => {
                if invalid.met() {
                    String::from_utf8_lossy(&raw).into_owned()
                } else {
                    String::new()
                }
            }
        };
        (s, state.replaced.get(), state.malformed.get())
    }

    #[test]
    fn characters_cut_by_chunk_edges_are_whole() {
        let text = "机构,城市\n北京协会,上海🙂\n".repeat(20);
        let enc = choose_encoding("a.csv", text.as_bytes(), true, None).unwrap();
        assert!(enc.tentative);
        for chunk in [1, 2, 3, 5, 7, 64] {
            assert_eq!(read_all(text.as_bytes(), enc, chunk), (text.clone(), false, false), "chunk {chunk}");
        }
        let (gbk, _, _) = GB18030.encode(&text);
        let enc = choose_encoding("a.csv", &gbk, true, None).unwrap();
        assert_eq!(enc.label, "GB18030");
        for chunk in [1, 3, 64] {
            assert_eq!(read_all(&gbk, enc, chunk).0, text, "chunk {chunk}");
        }
    }

    #[test]
    fn late_invalid_utf8_is_reported_not_replaced() {
        let mut bytes = "a,b\n".repeat(100).into_bytes();
        bytes.extend_from_slice(&GB18030.encode("机构,城市\n").0);
        let head = &bytes[..16];
        let enc = choose_encoding("a.csv", head, false, None).unwrap();
        assert!(enc.tentative);
        let (_, _, malformed) = read_all(&bytes, enc, 32);
        assert!(malformed);
    }

    #[test]
    fn a_character_cut_by_the_head_is_still_utf8() {
        let text = "名称".as_bytes();
        assert!(choose_encoding("a.csv", &text[..4], false, None).unwrap().tentative);
        assert_eq!(choose_encoding("a.csv", &text[..4], true, None).unwrap().label, "GB18030");
    }
}

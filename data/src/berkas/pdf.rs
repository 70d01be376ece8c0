//! PDF rendering of the "Bahan Briefing" meeting pack.
//!
//! [`render`] turns a [`Dokumen`] (title block plus a list of [`Bagian`]) into
//! the bytes of an A4 portrait PDF. It is a pure function: no clock, no files,
//! no external programs, and identical input always yields identical bytes.
//!
//! Only the PDF standard-14 fonts Helvetica, Helvetica-Bold and Courier are
//! used (not embedded) with `/WinAnsiEncoding`. Layout (wrapping, right
//! alignment, truncation with "…") relies on the published Adobe Core14 AFM
//! glyph widths, tabulated below. Characters that WinAnsi cannot encode are
//! rendered as `?`.
//!
//! Rendering happens in two passes: the sections are laid out onto pages
//! first, then the footer (which needs the total page count, "Halaman i dari
//! n") is added to every page and the PDF objects are written.

use pdf_writer::Content;
use pdf_writer::Name;
use pdf_writer::Pdf;
use pdf_writer::Rect;
use pdf_writer::Ref;
use pdf_writer::Str;
use pdf_writer::TextStr;

/// A document: title block on page 1, sections flowing over A4 portrait pages.
pub struct Dokumen {
    /// Document title, e.g. "Bahan Briefing Wali Kota".
    pub judul: String,
    /// Subtitle under the title (programme, city, period).
    pub subjudul: String,
    /// Data cut-off, already formatted, e.g. "29 November 2026 pukul 21.05 WIB".
    pub cutoff: String,
    /// SHA-256 of the underlying data as 64 hex characters.
    pub hash: String,
    /// Left part of the footer, e.g. "Pantau KKMP · Dinas Koperasi dan UKM Kota Palembang".
    pub catatan_kaki: String,
    /// The sections, in order.
    pub bagian: Vec<Bagian>,
}

/// One section of the document.
pub enum Bagian {
    /// Section heading (bold 13 pt, red accent rule under it). It is kept
    /// with the start of the following section.
    Judul(String),
    /// Body text, 9.5 pt, wrapped to the text width. `\n` forces a line break.
    Paragraf(String),
    /// Headline figures as tiles, at most 4 per row.
    Angka(Vec<Kotak>),
    /// A table; the header row is repeated when it breaks over pages.
    Tabel(Tabel),
    /// A horizontal bar chart drawn as vector paths.
    Batang(Batang),
    /// Forces a page break.
    HalamanBaru,
}

/// A headline figure tile: big number over a label and an optional sub-line.
pub struct Kotak {
    /// Small label under the number, e.g. "KKMP berbadan hukum".
    pub label: String,
    /// The big number, e.g. "104 dari 107".
    pub nilai: String,
    /// Optional grey sub-line, e.g. "+3 sejak briefing lalu".
    pub keterangan: Option<String>,
}

/// A table with a bold header row on light grey.
pub struct Tabel {
    /// Optional title above the table (bold 10 pt).
    pub judul: Option<String>,
    /// Column headers; their count defines the number of columns.
    pub kolom: Vec<String>,
    /// Per column: `true` = numeric, right-aligned. Missing entries are `false`.
    pub angka: Vec<bool>,
    /// Relative column widths; ignored (equal widths) unless one positive
    /// weight per column is given.
    pub lebar: Option<Vec<f32>>,
    /// Rows of cells; missing cells are empty, extra cells are ignored.
    pub baris: Vec<Vec<String>>,
}

/// A horizontal bar chart of shares (0..=1, where 1 = 100 %).
pub struct Batang {
    /// Title above the chart stating the finding (bold 10 pt).
    pub judul: String,
    /// Axis label under the chart.
    pub sumbu: String,
    /// One bar per row.
    pub baris: Vec<BarisBatang>,
}

/// One bar of a [`Batang`] chart.
pub struct BarisBatang {
    /// Label on the left.
    pub label: String,
    /// Share 0..=1; values above 1 are drawn to the edge, below 0 as empty.
    pub nilai: f64,
    /// Optional expected value, drawn as a thin black vertical marker.
    pub harapan: Option<f64>,
    /// Status word shown at the right, e.g. "tercapai".
    pub status: String,
    /// Bar fill.
    pub warna: Warna,
}

/// Bar fills, chosen to stay distinct when printed in greyscale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Warna {
    /// #1b7f4b
    Hijau,
    /// #6fb38a
    HijauMuda,
    /// #e0a12e
    Kuning,
    /// #b41e2a
    Merah,
    /// #9aa0a6
    Abu,
}

impl Warna {
    fn rgb(self) -> [f32; 3] {
        match self {
            Warna::Hijau => rgb(0x1b7f4b),
            Warna::HijauMuda => rgb(0x6fb38a),
            Warna::Kuning => rgb(0xe0a12e),
            Warna::Merah => rgb(0xb41e2a),
            Warna::Abu => rgb(0x9aa0a6),
        }
    }
}

// ---------------------------------------------------------------------------
// Page geometry and colours
// ---------------------------------------------------------------------------

const PAGE_W: f32 = 595.0;

const PAGE_H: f32 = 842.0;

const MARGIN_X: f32 = 42.0;

const MARGIN_TOP: f32 = 48.0;

const MARGIN_BOTTOM: f32 = 56.0;

const LEFT: f32 = MARGIN_X;

const RIGHT: f32 = PAGE_W - MARGIN_X;

const TEXT_W: f32 = RIGHT - LEFT;

const TOP: f32 = PAGE_H - MARGIN_TOP;

const BOTTOM: f32 = MARGIN_BOTTOM;

const fn rgb(hex: u32) -> [f32; 3] {
    [
        ((hex >> 16) & 0xff) as f32 / 255.0,
        ((hex >> 8) & 0xff) as f32 / 255.0,
        (hex & 0xff) as f32 / 255.0,
    ]
}

const DARK: [f32; 3] = rgb(0x1f2328);

const GREY: [f32; 3] = rgb(0x57606a);

const RED: [f32; 3] = rgb(0xb41e2a);

const RULE: [f32; 3] = rgb(0xd0d7de);

const RULE_DARK: [f32; 3] = rgb(0x8c959f);

const HEAD_BG: [f32; 3] = rgb(0xeaeef2);

const TILE_BG: [f32; 3] = rgb(0xf6f8fa);

const GRID: [f32; 3] = rgb(0xc8ccd1);

const BLACK: [f32; 3] = [0.0, 0.0, 0.0];

// ---------------------------------------------------------------------------
// Fonts, WinAnsi encoding and metrics
// ---------------------------------------------------------------------------

/// Glyph advance widths (1/1000 em) of Helvetica for WinAnsi codes 32..=255,
/// from Adobe's Core14 AFM file `Helvetica.afm` (Adobe Font Metrics, base-35
/// set). Codes unused by WinAnsi (0x81, 0x8D, 0x8F, 0x90, 0x9D) hold 350.
const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0x30
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // 0x40
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 0x50
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // 0x60
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 350, // 0x70
    556, 350, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350, // 0x80
    350, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 350, 500, 667, // 0x90
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // 0xF0
];

/// Glyph advance widths (1/1000 em) of Helvetica-Bold for WinAnsi codes
/// 32..=255, from Adobe's Core14 AFM file `Helvetica-Bold.afm`.
const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0x30
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // 0x40
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // 0x50
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // 0x60
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 350, // 0x70
    556, 350, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350, // 0x80
    350, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 350, 500, 667, // 0x90
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, // 0xF0
];

/// The three standard-14 fonts used.
#[derive(Clone, Copy)]
enum Huruf {
    Biasa,
    Tebal,
    Mono,
}

impl Huruf {
    fn nama(self) -> Name<'static> {
        match self {
            Huruf::Biasa => Name(b"F1"),
            Huruf::Tebal => Name(b"F2"),
            Huruf::Mono => Name(b"F3"),
        }
    }

    /// Advance width of one WinAnsi code in 1/1000 em.
    fn lebar_kode(self, kode: u8) -> f32 {
        let i = usize::from(kode.max(32) - 32);
        match self {
            Huruf::Biasa => f32::from(HELVETICA[i]),
            Huruf::Tebal => f32::from(HELVETICA_BOLD[i]),
            Huruf::Mono => 600.0,
        }
    }

    /// Width of `s` in points at `size`.
    fn lebar(self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.lebar_kode(winansi(c))).sum::<f32>() * size / 1000.0
    }
}

/// Maps a char to its WinAnsiEncoding code (PDF 32000-1, Annex D);
/// unencodable chars become `?`, whitespace controls a space.
fn winansi(c: char) -> u8 {
    let u = u32::from(c);
    match u {
        0x20..=0x7e | 0xa0..=0xff => u as u8,
        0x09 | 0x0a | 0x0d => b' ',
        _ => match c {
            '€' => 0x80,
            '‚' => 0x82,
            'ƒ' => 0x83,
            '„' => 0x84,
            '…' => 0x85,
            '†' => 0x86,
            '‡' => 0x87,
            'ˆ' => 0x88,
            '‰' => 0x89,
            'Š' => 0x8a,
            '‹' => 0x8b,
            'Œ' => 0x8c,
            'Ž' => 0x8e,
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{201c}' => 0x93,
            '\u{201d}' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '˜' => 0x98,
            '™' => 0x99,
            'š' => 0x9a,
            '›' => 0x9b,
            'œ' => 0x9c,
            'ž' => 0x9e,
            'Ÿ' => 0x9f,
            // Close look-alikes that formatters commonly emit.
            '\u{2010}' | '\u{2011}' | '\u{2212}' => b'-',
            '\u{2007}' | '\u{2009}' | '\u{202f}' => 0xa0,
            _ => b'?',
        },
    }
}

/// Encodes a string as WinAnsi bytes.
fn encode(s: &str) -> Vec<u8> {
    s.chars().map(winansi).collect()
}

/// Shortens `s` with a trailing "…" so that it fits into `max` points.
fn potong(s: &str, font: Huruf, size: f32, max: f32) -> String {
    if font.lebar(s, size) <= max {
        return s.to_string();
    }
    let elipsis = font.lebar("…", size);
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = font.lebar_kode(winansi(c)) * size / 1000.0;
        if w + cw + elipsis > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

/// Greedy word wrap of `s` into lines no wider than `max` points. Explicit
/// `\n` starts a new line; words wider than a line are split by characters.
fn bungkus(s: &str, font: Huruf, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if font.lebar(&candidate, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone may still be too wide: split it by characters.
            for c in word.chars() {
                let mut next = line.clone();
                next.push(c);
                if !line.is_empty() && font.lebar(&next, size) > max {
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                } else {
                    line = next;
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// Formats a share (1.0 = 100 %) Indonesian style, e.g. "87,5 %".
fn persen(v: f64) -> String {
    let v = if v.is_finite() { v * 100.0 } else { 0.0 };
    format!("{v:.1} %").replace('.', ",")
}

// ---------------------------------------------------------------------------
// Drawing primitives
// ---------------------------------------------------------------------------

/// Shows `s` with its baseline starting at (`x`, `y`).
fn teks(c: &mut Content, font: Huruf, size: f32, warna: [f32; 3], x: f32, y: f32, s: &str) {
    if s.is_empty() {
        return;
    }
    let bytes = encode(s);
    c.set_fill_rgb(warna[0], warna[1], warna[2]);
    c.begin_text();
    c.set_font(font.nama(), size);
    c.next_line(x, y);
    c.show(Str(&bytes));
    c.end_text();
}

/// Shows `s` so that it ends at `x_kanan`.
fn teks_kanan(
    c: &mut Content,
    font: Huruf,
    size: f32,
    warna: [f32; 3],
    x_kanan: f32,
    y: f32,
    s: &str,
) {
    let x = x_kanan - font.lebar(s, size);
    teks(c, font, size, warna, x, y, s);
}

/// Shows `s` centred on `x_tengah`.
fn teks_tengah(
    c: &mut Content,
    font: Huruf,
    size: f32,
    warna: [f32; 3],
    x_tengah: f32,
    y: f32,
    s: &str,
) {
    let x = x_tengah - font.lebar(s, size) / 2.0;
    teks(c, font, size, warna, x, y, s);
}

/// Fills an axis-aligned rectangle; (`x`, `y`) is the lower-left corner.
fn kotak(c: &mut Content, x: f32, y: f32, w: f32, h: f32, warna: [f32; 3]) {
    if w <= 0.0 || h <= 0.0 {
        return;
    }
    c.set_fill_rgb(warna[0], warna[1], warna[2]);
    c.rect(x, y, w, h);
    c.fill_nonzero();
}

/// Strokes a straight line.
fn garis(c: &mut Content, (x1, y1): (f32, f32), (x2, y2): (f32, f32), tebal: f32, warna: [f32; 3]) {
    c.set_stroke_rgb(warna[0], warna[1], warna[2]);
    c.set_line_width(tebal);
    c.move_to(x1, y1);
    c.line_to(x2, y2);
    c.stroke();
}

// ---------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------

const PARA_SIZE: f32 = 9.5;

const PARA_LEAD: f32 = 13.0;

const HEAD_SIZE: f32 = 13.0;

const CELL_SIZE: f32 = 8.5;

const ROW_H: f32 = 15.0;

const CELL_PAD: f32 = 4.0;

const BAR_ROW: f32 = 16.0;

const BAR_LABEL_W: f32 = 150.0;

const BAR_RIGHT_W: f32 = 105.0;

const TILE_GAP: f32 = 8.0;

const TILES_PER_ROW: usize = 4;

const GAP: f32 = 10.0;

/// Page-flow state: finished pages, the current page and the cursor `y`
/// (top of the free space on the current page).
struct Tata {
    selesai: Vec<Content>,
    c: Content,
    y: f32,
}

impl Tata {
    fn new() -> Self {
        Tata {
            selesai: Vec::new(),
            c: Content::new(),
            y: TOP,
        }
    }

    fn halaman_baru(&mut self) {
        let c = std::mem::replace(&mut self.c, Content::new());
        self.selesai.push(c);
        self.y = TOP;
    }

    /// `true` when nothing has been placed below the top margin yet.
    fn di_atas(&self) -> bool {
        self.y >= TOP
    }

    /// Starts a new page unless `h` points fit above the bottom margin.
    fn ruang(&mut self, h: f32) {
        if self.y - h < BOTTOM && !self.di_atas() {
            self.halaman_baru();
        }
    }

    fn pages(mut self) -> Vec<Content> {
        self.selesai.push(self.c);
        self.selesai
    }

    fn header(&mut self, d: &Dokumen) {
        kotak(&mut self.c, 0.0, PAGE_H - 8.0, PAGE_W, 8.0, RED);
        for line in bungkus(&d.judul, Huruf::Tebal, 18.0, TEXT_W) {
            teks(
                &mut self.c,
                Huruf::Tebal,
                18.0,
                DARK,
                LEFT,
                self.y - 17.0,
                &line,
            );
            self.y -= 22.0;
        }
        for line in bungkus(&d.subjudul, Huruf::Biasa, 10.0, TEXT_W) {
            teks(
                &mut self.c,
                Huruf::Biasa,
                10.0,
                GREY,
                LEFT,
                self.y - 10.0,
                &line,
            );
            self.y -= 13.0;
        }
        self.y -= 4.0;
        let data_per = potong(&format!("Data per {}", d.cutoff), Huruf::Biasa, 9.0, TEXT_W);
        teks(
            &mut self.c,
            Huruf::Biasa,
            9.0,
            DARK,
            LEFT,
            self.y - 9.0,
            &data_per,
        );
        self.y -= 12.0;
        let hash = potong(
            &format!("Hash data (SHA-256): {}", d.hash),
            Huruf::Mono,
            7.5,
            TEXT_W,
        );
        teks(
            &mut self.c,
            Huruf::Mono,
            7.5,
            GREY,
            LEFT,
            self.y - 8.0,
            &hash,
        );
        self.y -= 16.0;
        garis(&mut self.c, (LEFT, self.y), (RIGHT, self.y), 0.5, RULE);
        self.y -= 14.0;
    }

    fn judul(&mut self, s: &str, berikut: Option<&Bagian>) {
        let lines = bungkus(s, Huruf::Tebal, HEAD_SIZE, TEXT_W);
        let spasi = if self.di_atas() { 0.0 } else { 6.0 };
        let h = spasi + lines.len() as f32 * 17.0 + 10.0;
        // Keep the heading with the start of what follows.
        self.ruang(h + berikut.map_or(0.0, tinggi_awal));
        if !self.di_atas() {
            self.y -= spasi;
        }
        for line in &lines {
            teks(
                &mut self.c,
                Huruf::Tebal,
                HEAD_SIZE,
                DARK,
                LEFT,
                self.y - 13.0,
                line,
            );
            self.y -= 17.0;
        }
        self.y -= 2.0;
        garis(&mut self.c, (LEFT, self.y), (RIGHT, self.y), 0.5, RULE);
        kotak(&mut self.c, LEFT, self.y - 0.75, 40.0, 2.0, RED);
        self.y -= 8.0;
    }

    fn paragraf(&mut self, s: &str) {
        for line in bungkus(s, Huruf::Biasa, PARA_SIZE, TEXT_W) {
            self.ruang(PARA_LEAD);
            teks(
                &mut self.c,
                Huruf::Biasa,
                PARA_SIZE,
                DARK,
                LEFT,
                self.y - 9.5,
                &line,
            );
            self.y -= PARA_LEAD;
        }
        self.y -= GAP - 3.0;
    }

    fn angka(&mut self, kotak_: &[Kotak]) {
        let tile_w = (TEXT_W - TILE_GAP * (TILES_PER_ROW as f32 - 1.0)) / TILES_PER_ROW as f32;
        let inner = tile_w - 14.0;
        for row in kotak_.chunks(TILES_PER_ROW) {
            let h = tinggi_kotak(row);
            self.ruang(h);
            let top = self.y;
            for (i, k) in row.iter().enumerate() {
                let x = LEFT + i as f32 * (tile_w + TILE_GAP);
                kotak(&mut self.c, x, top - h, tile_w, h, TILE_BG);
                kotak(&mut self.c, x, top - h, 2.5, h, RED);
                let tx = x + 9.0;
                let nilai = potong(&k.nilai, Huruf::Tebal, 18.0, inner);
                teks(
                    &mut self.c,
                    Huruf::Tebal,
                    18.0,
                    DARK,
                    tx,
                    top - 24.0,
                    &nilai,
                );
                let mut y = top - 37.0;
                for line in label_kotak(&k.label, inner) {
                    teks(&mut self.c, Huruf::Biasa, 8.0, DARK, tx, y, &line);
                    y -= 10.0;
                }
                if let Some(ket) = &k.keterangan {
                    let ket = potong(ket, Huruf::Biasa, 8.0, inner);
                    teks(&mut self.c, Huruf::Biasa, 8.0, GREY, tx, y, &ket);
                }
            }
            self.y = top - h - TILE_GAP;
        }
        self.y -= GAP - TILE_GAP;
    }

    fn tabel(&mut self, t: &Tabel) {
        let lebar = lebar_kolom(t);
        let judul_h = if t.judul.is_some() { 16.0 } else { 0.0 };
        self.ruang(judul_h + ROW_H * 2.0);
        if let Some(j) = &t.judul {
            let j = potong(j, Huruf::Tebal, 10.0, TEXT_W);
            teks(
                &mut self.c,
                Huruf::Tebal,
                10.0,
                DARK,
                LEFT,
                self.y - 10.0,
                &j,
            );
            self.y -= judul_h;
        }
        if lebar.is_empty() {
            self.y -= GAP;
            return;
        }
        self.baris_tabel(t, &lebar, &t.kolom, true);
        for row in &t.baris {
            let h = tinggi_baris(&baris_sel(&lebar, row, Huruf::Biasa));
            if self.y - h < BOTTOM {
                self.halaman_baru();
                self.baris_tabel(t, &lebar, &t.kolom, true);
            }
            self.baris_tabel(t, &lebar, row, false);
        }
        self.y -= GAP;
    }

    /// Draws one table row (header when `kepala`) at the cursor; long
    /// cells wrap onto up to [`SEL_BARIS_MAKS`] lines.
    fn baris_tabel(&mut self, t: &Tabel, lebar: &[f32], sel: &[String], kepala: bool) {
        let top = self.y;
        let font = if kepala { Huruf::Tebal } else { Huruf::Biasa };
        let isi = baris_sel(lebar, sel, font);
        let h = tinggi_baris(&isi);
        let (garis_w, garis_c) = if kepala {
            kotak(&mut self.c, LEFT, top - h, TEXT_W, h, HEAD_BG);
            (0.6, RULE_DARK)
        } else {
            (0.3, RULE)
        };
        let mut x = LEFT;
        for (i, w) in lebar.iter().enumerate() {
            for (k, line) in isi
                .get(i)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let baseline = top - 10.5 - SEL_LEAD * k as f32;
                if t.angka.get(i).copied().unwrap_or(false) {
                    teks_kanan(
                        &mut self.c,
                        font,
                        CELL_SIZE,
                        DARK,
                        x + w - CELL_PAD,
                        baseline,
                        line,
                    );
                } else {
                    teks(
                        &mut self.c,
                        font,
                        CELL_SIZE,
                        DARK,
                        x + CELL_PAD,
                        baseline,
                        line,
                    );
                }
            }
            x += w;
        }
        self.y -= h;
        garis(
            &mut self.c,
            (LEFT, self.y),
            (RIGHT, self.y),
            garis_w,
            garis_c,
        );
    }

    fn batang(&mut self, b: &Batang) {
        let judul = bungkus(&b.judul, Huruf::Tebal, 10.0, TEXT_W);
        let kaki = 26.0;
        self.ruang(judul.len() as f32 * 13.0 + 4.0 + BAR_ROW * b.baris.len().min(3) as f32 + kaki);
        for line in &judul {
            teks(
                &mut self.c,
                Huruf::Tebal,
                10.0,
                DARK,
                LEFT,
                self.y - 10.0,
                line,
            );
            self.y -= 13.0;
        }
        self.y -= 4.0;
        let ada_harapan = b.baris.iter().any(|r| r.harapan.is_some());
        let mut sisa: &[BarisBatang] = &b.baris;
        loop {
            let muat = ((self.y - BOTTOM - kaki) / BAR_ROW).floor().max(0.0) as usize;
            let perlu = sisa.len().min(3);
            if muat < perlu && !self.di_atas() {
                self.halaman_baru();
                continue;
            }
            let n = muat.max(1).min(sisa.len());
            let (seg, rest) = sisa.split_at(n);
            self.segmen_batang(seg, &b.sumbu, ada_harapan && rest.is_empty());
            sisa = rest;
            if sisa.is_empty() {
                break;
            }
            self.halaman_baru();
        }
        self.y -= GAP;
    }

    /// Draws grid, bars and axis for rows that fit on the current page.
    fn segmen_batang(&mut self, rows: &[BarisBatang], sumbu: &str, legenda: bool) {
        let bx0 = LEFT + BAR_LABEL_W + 8.0;
        let bx1 = RIGHT - BAR_RIGHT_W - 8.0;
        let bw = bx1 - bx0;
        let top = self.y;
        let h = rows.len() as f32 * BAR_ROW;
        let ticks = [0.0_f32, 0.25, 0.5, 0.75, 1.0];
        for t in ticks {
            let x = bx0 + t * bw;
            let warna = if t == 0.0 { RULE_DARK } else { GRID };
            garis(&mut self.c, (x, top), (x, top - h - 3.0), 0.4, warna);
        }
        for (i, r) in rows.iter().enumerate() {
            let cy = top - (i as f32 + 0.5) * BAR_ROW;
            let label = potong(&r.label, Huruf::Biasa, CELL_SIZE, BAR_LABEL_W);
            teks(
                &mut self.c,
                Huruf::Biasa,
                CELL_SIZE,
                DARK,
                LEFT,
                cy - 3.0,
                &label,
            );
            kotak(
                &mut self.c,
                bx0,
                cy - 4.5,
                pangkas(r.nilai) * bw,
                9.0,
                r.warna.rgb(),
            );
            if let Some(hr) = r.harapan {
                let hx = bx0 + pangkas(hr) * bw;
                garis(&mut self.c, (hx, cy - 7.0), (hx, cy + 7.0), 1.2, BLACK);
            }
            let pct = persen(r.nilai);
            teks_kanan(&mut self.c, Huruf::Tebal, 8.0, DARK, RIGHT, cy - 3.0, &pct);
            let status_w = BAR_RIGHT_W - Huruf::Tebal.lebar(&pct, 8.0) - 4.0;
            let status = potong(&r.status, Huruf::Biasa, 8.0, status_w);
            teks(
                &mut self.c,
                Huruf::Biasa,
                8.0,
                DARK,
                bx1 + 8.0,
                cy - 3.0,
                &status,
            );
        }
        self.y = top - h;
        for t in ticks {
            let label = format!("{} %", (t * 100.0).round());
            teks_tengah(
                &mut self.c,
                Huruf::Biasa,
                7.0,
                GREY,
                bx0 + t * bw,
                self.y - 10.0,
                &label,
            );
        }
        self.y -= 13.0;
        let sumbu = potong(sumbu, Huruf::Biasa, 7.5, bw);
        teks_tengah(
            &mut self.c,
            Huruf::Biasa,
            7.5,
            GREY,
            bx0 + bw / 2.0,
            self.y - 8.0,
            &sumbu,
        );
        if legenda {
            let lx = bx1 + 8.0;
            garis(
                &mut self.c,
                (lx + 2.0, self.y - 10.0),
                (lx + 2.0, self.y),
                1.2,
                BLACK,
            );
            teks(
                &mut self.c,
                Huruf::Biasa,
                7.0,
                GREY,
                lx + 7.0,
                self.y - 8.0,
                "= harapan",
            );
        }
        self.y -= 13.0;
    }

    /// Draws the footer on page `i` (1-based) of `n`.
    fn footer(c: &mut Content, d: &Dokumen, i: usize, n: usize) {
        let y = BOTTOM - 12.0;
        garis(c, (LEFT, y), (RIGHT, y), 0.5, RULE);
        let size = 7.5;
        let gap = 12.0;
        let kanan = format!("Halaman {i} dari {n}");
        let kanan_w = Huruf::Biasa.lebar(&kanan, size);
        teks_kanan(c, Huruf::Biasa, size, GREY, RIGHT, y - 10.0, &kanan);
        // Left part gets at most half the width; the centre part what is left.
        let kiri_max = TEXT_W / 2.0;
        let kiri = potong(&d.catatan_kaki, Huruf::Biasa, size, kiri_max);
        let kiri_w = Huruf::Biasa.lebar(&kiri, size);
        teks(c, Huruf::Biasa, size, GREY, LEFT, y - 10.0, &kiri);
        let (x0, x1) = (LEFT + kiri_w + gap, RIGHT - kanan_w - gap);
        let tengah = potong(
            &format!("Data per {}", d.cutoff),
            Huruf::Biasa,
            size,
            (x1 - x0).max(0.0),
        );
        let tengah_w = Huruf::Biasa.lebar(&tengah, size);
        // Page centre when it does not collide, else centred in the free gap.
        let mut xt = PAGE_W / 2.0 - tengah_w / 2.0;
        if xt < x0 || xt + tengah_w > x1 {
            xt = (x0 + x1) / 2.0 - tengah_w / 2.0;
        }
        teks(c, Huruf::Biasa, size, GREY, xt, y - 10.0, &tengah);
        let hash = potong(
            &format!("SHA-256 data: {}", d.hash),
            Huruf::Mono,
            6.5,
            TEXT_W,
        );
        teks(c, Huruf::Mono, 6.5, GREY, LEFT, y - 20.0, &hash);
    }
}

/// Clamps a share to 0..=1 for drawing (NaN counts as 0).
fn pangkas(v: f64) -> f32 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(0.0, 1.0) as f32
    }
}

/// A tile label wrapped to at most two lines (the second truncated).
fn label_kotak(label: &str, max: f32) -> Vec<String> {
    let mut lines = bungkus(label, Huruf::Biasa, 8.0, max);
    if lines.len() > 2 {
        let rest = lines[1..].join(" ");
        lines.truncate(1);
        lines.push(potong(&rest, Huruf::Biasa, 8.0, max));
    }
    lines
}

/// Height of one row of tiles.
fn tinggi_kotak(row: &[Kotak]) -> f32 {
    let inner = (TEXT_W - TILE_GAP * (TILES_PER_ROW as f32 - 1.0)) / TILES_PER_ROW as f32 - 14.0;
    let label = row
        .iter()
        .map(|k| label_kotak(&k.label, inner).len())
        .max()
        .unwrap_or(1);
    let ket = usize::from(row.iter().any(|k| k.keterangan.is_some()));
    37.0 + (label + ket) as f32 * 10.0 - 2.0
}

/// Space the start of a section needs, used to keep headings with it.
fn tinggi_awal(b: &Bagian) -> f32 {
    match b {
        Bagian::Paragraf(_) => 2.0 * PARA_LEAD,
        Bagian::Angka(k) => k
            .get(..k.len().min(TILES_PER_ROW))
            .map_or(0.0, tinggi_kotak),
        Bagian::Tabel(t) => {
            (if t.judul.is_some() { 16.0 } else { 0.0 }) + ROW_H * (1 + t.baris.len().min(2)) as f32
        }
        Bagian::Batang(b) => 17.0 + BAR_ROW * b.baris.len().min(3) as f32 + 26.0,
        Bagian::Judul(_) | Bagian::HalamanBaru => 0.0,
    }
}

/// Lines per table cell at most; a longer cell ends with "…".
const SEL_BARIS_MAKS: usize = 4;

/// Distance between the lines of a wrapped cell.
const SEL_LEAD: f32 = 10.0;

/// Each cell's text wrapped to its column.
fn baris_sel(lebar: &[f32], sel: &[String], font: Huruf) -> Vec<Vec<String>> {
    lebar
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let max = w - 2.0 * CELL_PAD;
            let s = sel.get(i).map(String::as_str).unwrap_or("");
            let mut lines = bungkus(s, font, CELL_SIZE, max);
            if lines.len() > SEL_BARIS_MAKS {
                let rest = lines[SEL_BARIS_MAKS - 1..].join(" ");
                lines.truncate(SEL_BARIS_MAKS - 1);
                lines.push(potong(&format!("{rest}…"), font, CELL_SIZE, max));
            }
            lines
        })
        .collect()
}

/// The height of a row whose cells are wrapped as given.
fn tinggi_baris(isi: &[Vec<String>]) -> f32 {
    let n = isi.iter().map(Vec::len).max().unwrap_or(1).max(1);
    ROW_H + SEL_LEAD * (n - 1) as f32
}

/// Column widths in points: proportional to valid weights, else equal.
fn lebar_kolom(t: &Tabel) -> Vec<f32> {
    let n = t.kolom.len();
    let bobot: Vec<f32> = match &t.lebar {
        Some(l) if l.len() == n && l.iter().all(|w| w.is_finite() && *w > 0.0) => l.clone(),
        _ => vec![1.0; n],
    };
    let total: f32 = bobot.iter().sum();
    bobot.iter().map(|w| TEXT_W * w / total).collect()
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

/// Renders the document to PDF bytes (A4 portrait, standard-14 fonts).
///
/// Infallible: pdf-writer only builds an in-memory buffer. The output is
/// deterministic (no creation date, no random file ID).
pub fn render(d: &Dokumen) -> Vec<u8> {
    // Pass 1: lay out the content onto pages.
    let mut tata = Tata::new();
    tata.header(d);
    for (i, b) in d.bagian.iter().enumerate() {
        match b {
            Bagian::Judul(s) => tata.judul(s, d.bagian.get(i + 1)),
            Bagian::Paragraf(s) => tata.paragraf(s),
            Bagian::Angka(k) => tata.angka(k),
            Bagian::Tabel(t) => tata.tabel(t),
            Bagian::Batang(b) => tata.batang(b),
            Bagian::HalamanBaru => {
                if !tata.di_atas() {
                    tata.halaman_baru();
                }
            }
        }
    }
    let pages = tata.pages();
    let n = pages.len();

    // Pass 2: footers and PDF objects.
    let catalog_id = Ref::new(1);
    let tree_id = Ref::new(2);
    let info_id = Ref::new(3);
    let fonts = [
        (Huruf::Biasa, Ref::new(4), Name(b"Helvetica")),
        (Huruf::Tebal, Ref::new(5), Name(b"Helvetica-Bold")),
        (Huruf::Mono, Ref::new(6), Name(b"Courier")),
    ];
    let first_page = 7;
    let page_ids: Vec<Ref> = (0..n)
        .map(|i| Ref::new(first_page + 2 * i as i32))
        .collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog_id).pages(tree_id);
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(n as i32);
    pdf.document_info(info_id)
        .title(TextStr(&d.judul))
        .subject(TextStr(&d.subjudul))
        .producer(TextStr("Pantau KKMP"));
    for (_, id, base) in fonts {
        pdf.type1_font(id)
            .base_font(base)
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (i, (mut content, page_id)) in pages.into_iter().zip(page_ids.iter().copied()).enumerate() {
        Tata::footer(&mut content, d, i + 1, n);
        let content_id = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree_id)
            .contents(content_id);
        let mut res = page.resources();
        let mut dict = res.fonts();
        for (huruf, id, _) in fonts {
            dict.pair(huruf.nama(), id);
        }
        drop(dict);
        drop(res);
        drop(page);
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "3f9a1c0b7d2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a";
    const CUTOFF: &str = "29 November 2026 pukul 21.05 WIB";

    fn contoh() -> Dokumen {
        let kecamatan = [
            "Alang-Alang Lebar",
            "Bukit Kecil",
            "Gandus",
            "Ilir Barat I",
            "Ilir Barat II",
            "Ilir Timur I",
            "Ilir Timur II",
            "Ilir Timur III",
            "Jakabaring",
            "Kalidoni",
            "Kemuning",
            "Kertapati",
            "Plaju",
            "Sako",
            "Seberang Ulu I",
            "Seberang Ulu II",
            "Sematang Borang",
            "Sukarami",
        ];
        let warna = [
            Warna::Hijau,
            Warna::HijauMuda,
            Warna::Kuning,
            Warna::Merah,
            Warna::Abu,
        ];
        let status = [
            "tercapai",
            "hampir",
            "perlu dorongan",
            "tertinggal",
            "belum ada data",
        ];
        let baris_batang = kecamatan
            .iter()
            .enumerate()
            .map(|(i, k)| BarisBatang {
                label: format!("Kec. {k}"),
                nilai: [1.0, 0.875, 0.6, 0.35, 0.0, 1.2][i % 6],
                harapan: if i % 4 == 3 { None } else { Some(0.8) },
                status: status[i % 5].to_string(),
                warna: warna[i % 5],
            })
            .collect();
        let baris_tabel = (1..=107)
            .map(|i| {
                vec![
                    format!("{i}"),
                    format!(
                        "KKMP Kelurahan Contoh Nomor {i} dengan nama yang sangat panjang sekali"
                    ),
                    kecamatan[i % 18].to_string(),
                    format!("Rp{}.{:03}.567", i, i * 7 % 1000),
                    format!("{},5 %", i % 100),
                    "4 September 2025".to_string(),
                ]
            })
            .collect();
        Dokumen {
            judul: "Bahan Briefing Wali Kota".into(),
            subjudul: "Koperasi Kelurahan Merah Putih — Kota Palembang · Periode Oktober 2026".into(),
            cutoff: CUTOFF.into(),
            hash: HASH.into(),
            catatan_kaki: "Pantau KKMP · Dinas Koperasi dan UKM Kota Palembang".into(),
            bagian: vec![
                Bagian::Judul("Ringkasan".into()),
                Bagian::Angka(vec![
                    Kotak { label: "KKMP berbadan hukum".into(), nilai: "104 dari 107".into(), keterangan: Some("+3 sejak briefing lalu".into()) },
                    Kotak { label: "Gerai beroperasi".into(), nilai: "87".into(), keterangan: None },
                    Kotak { label: "Modal disalurkan (pinjaman bank Himbara)".into(), nilai: "Rp12,4 M".into(), keterangan: Some("dari plafon Rp32,1 M".into()) },
                    Kotak { label: "Anggota".into(), nilai: "21.450".into(), keterangan: Some("12,5 % perempuan".into()) },
                    Kotak { label: "Kelurahan tanpa data".into(), nilai: "3".into(), keterangan: None },
                ]),
                Bagian::Paragraf("Per akhir Oktober 2026, 104 dari 107 KKMP di Kota Palembang telah berbadan hukum. Nilai pinjaman Rp1.234.567 tercatat pada 4 September 2025 — angka ini belum final… Pengurus ’koperasi’ • “laporan” – ringkas. Kata-yang-sangat-panjang-tanpa-spasi-yang-harus-dipotong-per-karakter-agar-muat-di-lebar-teks-halaman-A4-ini-sekali-lagi-dan-lagi.".into()),
                Bagian::Judul("Capaian per kecamatan".into()),
                Bagian::Batang(Batang {
                    judul: "Sembilan kecamatan telah mencapai target 80 % gerai beroperasi".into(),
                    sumbu: "Persentase KKMP dengan gerai beroperasi (0–100 %)".into(),
                    baris: baris_batang,
                }),
                Bagian::Judul("Daftar KKMP".into()),
                Bagian::Tabel(Tabel {
                    judul: Some("Tabel 1. Status KKMP per kelurahan".into()),
                    kolom: vec!["No".into(), "Nama KKMP".into(), "Kecamatan".into(), "Pinjaman".into(), "Capaian".into(), "Tanggal".into()],
                    angka: vec![true, false, false, true, true, false],
                    lebar: Some(vec![0.5, 3.0, 1.6, 1.4, 1.0, 1.5]),
                    baris: baris_tabel,
                }),
                Bagian::HalamanBaru,
                Bagian::Judul("Catatan".into()),
                Bagian::Paragraf("Data bersumber dari laporan kelurahan.\nBaris kedua.".into()),
            ],
        }
    }

    fn muat(bytes: &[u8]) -> lopdf::Document {
        match lopdf::Document::load_mem(bytes) {
            Ok(doc) => doc,
            Err(e) => panic!("PDF tidak terbaca: {e}"),
        }
    }

    fn teks_halaman(doc: &lopdf::Document, i: u32) -> String {
        match doc.extract_text(&[i]) {
            Ok(t) => t,
            Err(e) => panic!("ekstraksi halaman {i} gagal: {e}"),
        }
    }

    #[test]
    fn halaman_dan_footer() {
        let bytes = render(&contoh());
        assert!(bytes.starts_with(b"%PDF-"));
        let doc = muat(&bytes);
        let n = doc.get_pages().len() as u32;
        assert!(n >= 4, "expected several pages, got {n}");
        for i in 1..=n {
            let t = teks_halaman(&doc, i);
            assert!(t.contains(CUTOFF), "page {i}: {t}");
            assert!(t.contains(HASH), "page {i}");
            assert!(t.contains(&format!("Halaman {i} dari {n}")), "page {i}");
            assert!(t.contains("Pantau KKMP"), "page {i}");
        }
        let p1 = teks_halaman(&doc, 1);
        assert!(p1.contains("Bahan Briefing Wali Kota"));
        assert!(p1.contains(&format!("Hash data (SHA-256): {HASH}")));
        assert!(p1.contains("104 dari 107"));
        let semua = (1..=n).map(|i| teks_halaman(&doc, i)).collect::<String>();
        assert!(semua.contains("Kec. Sematang Borang"), "bar label");
        assert!(semua.contains("tercapai"));
        assert!(semua.contains("87,5 %"));
        assert!(semua.contains("Rp107.749.567"), "table cell");
        // The last page holds only the section after the forced break.
        let akhir = teks_halaman(&doc, n);
        assert!(akhir.contains("Catatan") && akhir.contains("Baris kedua."));
        assert!(!akhir.contains("Rp"));
    }

    #[test]
    fn tabel_panjang_berulang_kepala() {
        let bytes = render(&contoh());
        let doc = muat(&bytes);
        let n = doc.get_pages().len() as u32;
        let mut halaman_tabel = 0;
        let mut baris_ditemukan = 0;
        for i in 1..=n {
            let t = teks_halaman(&doc, i);
            let rows = (1..=107)
                .filter(|r| t.contains(&format!("Rp{}.{:03}.567", r, r * 7 % 1000)))
                .count();
            if rows > 0 {
                halaman_tabel += 1;
                baris_ditemukan += rows;
                assert!(
                    t.contains("Nama KKMP") && t.contains("Kecamatan") && t.contains("Pinjaman"),
                    "header repeated on page {i}"
                );
            }
        }
        assert!(halaman_tabel >= 2, "table should break over pages");
        assert_eq!(baris_ditemukan, 107);
    }

    #[test]
    fn deterministik() {
        assert_eq!(render(&contoh()), render(&contoh()));
    }

    #[test]
    fn format_indonesia_dan_winansi() {
        let bytes = render(&contoh());
        let doc = muat(&bytes);
        let n = doc.get_pages().len() as u32;
        let semua = (1..=n).map(|i| teks_halaman(&doc, i)).collect::<String>();
        for s in [
            "Rp1.234.567",
            "12,5 %",
            "4 September 2025",
            "—",
            "…",
            "’koperasi’",
            "•",
            "“laporan”",
            "–",
            "·",
        ] {
            assert!(semua.contains(s), "missing {s:?}");
        }
        assert_eq!(encode("—–•…’€"), vec![0x97, 0x96, 0x95, 0x85, 0x92, 0x80]);
        assert_eq!(encode("é漢😀\u{0}"), vec![0xe9, b'?', b'?', b'?']);
    }

    #[test]
    fn karakter_asing_tidak_panik() {
        let d = Dokumen {
            judul: "漢字 😀 \u{0}\u{7f}\u{81} Ω".into(),
            subjudul: String::new(),
            cutoff: "—".into(),
            hash: "x".repeat(300),
            catatan_kaki: "ℹ️".repeat(200),
            bagian: vec![
                Bagian::Judul("😀".repeat(100)),
                Bagian::Paragraf(String::new()),
                Bagian::Angka(vec![]),
                Bagian::Tabel(Tabel {
                    judul: None,
                    kolom: vec![],
                    angka: vec![],
                    lebar: None,
                    baris: vec![vec!["a".into()]],
                }),
                Bagian::Tabel(Tabel {
                    judul: None,
                    kolom: vec!["a".into(), "b".into()],
                    angka: vec![true],
                    lebar: Some(vec![f32::NAN, 1.0]),
                    baris: vec![vec![], vec!["1".into(), "2".into(), "3".into()]],
                }),
                Bagian::Batang(Batang {
                    judul: String::new(),
                    sumbu: String::new(),
                    baris: vec![BarisBatang {
                        label: "ü".into(),
                        nilai: f64::NAN,
                        harapan: Some(f64::INFINITY),
                        status: "?".into(),
                        warna: Warna::Abu,
                    }],
                }),
                Bagian::Batang(Batang {
                    judul: "kosong".into(),
                    sumbu: String::new(),
                    baris: vec![],
                }),
                Bagian::HalamanBaru,
                Bagian::HalamanBaru,
                Bagian::Judul("akhir".into()),
            ],
        };
        let doc = muat(&render(&d));
        assert_eq!(doc.get_pages().len(), 2);
        let empty = Dokumen {
            judul: String::new(),
            subjudul: String::new(),
            cutoff: String::new(),
            hash: String::new(),
            catatan_kaki: String::new(),
            bagian: vec![],
        };
        let doc = muat(&render(&empty));
        assert_eq!(doc.get_pages().len(), 1);
        assert!(teks_halaman(&doc, 1).contains("Halaman 1 dari 1"));
    }

    #[test]
    fn bungkus_dan_potong() {
        let lines = bungkus("satu dua tiga empat lima", Huruf::Biasa, 10.0, 60.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| Huruf::Biasa.lebar(l, 10.0) <= 60.0));
        let p = potong("Koperasi Kelurahan Merah Putih", Huruf::Tebal, 10.0, 50.0);
        assert!(p.ends_with('…') && Huruf::Tebal.lebar(&p, 10.0) <= 50.0);
        assert_eq!(potong("abc", Huruf::Biasa, 10.0, 100.0), "abc");
        assert!((Huruf::Biasa.lebar("Helvetica", 1000.0) - 4112.0).abs() < 0.5);
        assert_eq!(persen(0.875), "87,5 %");
    }

    #[test]
    fn judul_tidak_sendirian_dan_grafik_terpecah() {
        // Whatever the filler height, a heading shares its page with the first table row.
        for k in 0..70 {
            let d = Dokumen {
                judul: "T".into(),
                subjudul: String::new(),
                cutoff: CUTOFF.into(),
                hash: HASH.into(),
                catatan_kaki: String::new(),
                bagian: vec![
                    Bagian::Paragraf(vec!["isi"; k].join("\n")),
                    Bagian::Judul("Judul Uji".into()),
                    Bagian::Tabel(Tabel {
                        judul: None,
                        kolom: vec!["Kolom".into()],
                        angka: vec![false],
                        lebar: None,
                        baris: vec![vec!["sel-pertama".into()]],
                    }),
                ],
            };
            let doc = muat(&render(&d));
            let n = doc.get_pages().len() as u32;
            let ok = (1..=n).any(|i| {
                let t = teks_halaman(&doc, i);
                t.contains("Judul Uji") && t.contains("sel-pertama")
            });
            assert!(ok, "heading separated from its table with {k} filler lines");
        }
        // A long chart continues on the next page with all its bars.
        let baris = (0..80)
            .map(|i| BarisBatang {
                label: format!("Kelurahan {i:02}"),
                nilai: f64::from(i) / 80.0,
                harapan: Some(0.5),
                status: "ok".into(),
                warna: Warna::Hijau,
            })
            .collect();
        let d = Dokumen {
            judul: "T".into(),
            subjudul: String::new(),
            cutoff: CUTOFF.into(),
            hash: HASH.into(),
            catatan_kaki: String::new(),
            bagian: vec![Bagian::Batang(Batang {
                judul: "Grafik".into(),
                sumbu: "Sumbu".into(),
                baris,
            })],
        };
        let doc = muat(&render(&d));
        let n = doc.get_pages().len() as u32;
        assert!(n >= 2);
        let semua = (1..=n).map(|i| teks_halaman(&doc, i)).collect::<String>();
        assert!((0..80).all(|i| semua.contains(&format!("Kelurahan {i:02}"))));
    }
}

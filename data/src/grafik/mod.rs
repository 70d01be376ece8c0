//! Charts: pure functions from figures to an SVG document (plotters, SVG
//! backend). Every chart carries a `<title>` (its finding) and a `<desc>`,
//! labels in Bahasa with id-ID numbers, and never relies on colour alone:
//! each bar ends with its status word.

mod ringkas;

use model::format::angka;
use model::format::persen;
use model::status::StatusOperasi;
use model::status::StatusTarget;
use plotters::coord::ranged1d::SegmentValue;
use plotters::drawing::DrawingAreaErrorKind;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use plotters::style::text_anchor::Pos;
use plotters::style::text_anchor::VPos;

/// One bar of a progress chart.
#[derive(Clone, Debug, PartialEq)]
pub struct BarCapaian {
    pub label: String,
    /// Achievement as a share 0..=1 (values above are drawn at the edge).
    pub aktual: f64,
    /// Where the trajectory stands (the marker).
    pub harapan: f64,
    pub status: StatusTarget,
}

/// Fill colours chosen to stay distinct in grey print (light to dark).
fn warna(status: StatusTarget) -> RGBColor {
    match status {
        StatusTarget::Tercapai => RGBColor(0x1b, 0x7f, 0x4b),
        StatusTarget::SesuaiJalur => RGBColor(0x6f, 0xb3, 0x8a),
        StatusTarget::Berisiko => RGBColor(0xe0, 0xa1, 0x2e),
        StatusTarget::Tertinggal => RGBColor(0xb4, 0x1e, 0x2a),
    }
}

const FONT: &str = "sans-serif";

/// A label style: size, colour, horizontal anchor, centred vertically.
fn teks(size: u32, color: &RGBColor, h: HPos) -> TextStyle<'static> {
    (FONT, size)
        .into_font()
        .color(color)
        .pos(Pos::new(h, VPos::Center))
}

/// Horizontal bars of achievement per area, sorted best on top, with the
/// trajectory marked on each bar.
pub fn capaian_per_wilayah(
    judul: &str,
    sumbu_x: &str,
    bars: &[BarCapaian],
) -> Result<String, String> {
    let mut sorted: Vec<&BarCapaian> = bars.iter().collect();
    // Worst at index 0 = bottom of the chart.
    sorted.sort_by(|a, b| {
        a.aktual
            .total_cmp(&b.aktual)
            .then_with(|| b.label.cmp(&a.label))
    });
    let n = sorted.len().max(1);
    let (w, h) = (820u32, 70 + 30 * n as u32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .margin_top(12)
            .margin_right(16)
            .x_label_area_size(44)
            .y_label_area_size(170)
            .build_cartesian_2d(0f64..1.3f64, (0..n).into_segmented())
            .map_err(|e| e.to_string())?;
        let labels: Vec<String> = sorted.iter().map(|b| b.label.clone()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_labels(6)
            .y_labels(n)
            .x_label_formatter(&|x| {
                if *x <= 1.0 + 1e-9 {
                    persen(*x)
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .x_desc(sumbu_x)
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 15))
            .light_line_style(RGBColor(0xee, 0xee, 0xee))
            .draw()
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(sorted.iter().enumerate().map(|(i, b)| {
                let mut bar = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (b.aktual.clamp(0.0, 1.0), SegmentValue::Exact(i + 1)),
                    ],
                    warna(b.status).filled(),
                );
                bar.set_margin(5, 5, 0, 0);
                bar
            }))
            .map_err(|e| e.to_string())?;
        // The trajectory marker: a dark tick across the bar.
        chart
            .draw_series(sorted.iter().enumerate().map(|(i, b)| {
                PathElement::new(
                    vec![
                        (b.harapan.clamp(0.0, 1.0), SegmentValue::Exact(i)),
                        (b.harapan.clamp(0.0, 1.0), SegmentValue::Exact(i + 1)),
                    ],
                    BLACK.stroke_width(3),
                )
            }))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(sorted.iter().enumerate().map(|(i, b)| {
                let x = b.aktual.clamp(0.0, 1.0).max(b.harapan.clamp(0.0, 1.0)) + 0.015;
                Text::new(
                    format!("{} · {}", persen(b.aktual), b.status.label().to_lowercase()),
                    (x, SegmentValue::CenterOf(i)),
                    teks(15, &BLACK, HPos::Left),
                )
            }))
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    let desc = sorted
        .iter()
        .rev()
        .map(|b| {
            format!(
                "{}: {} ({}, lintasan {})",
                b.label,
                persen(b.aktual),
                b.status.label(),
                persen(b.harapan)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    Ok(accessible(svg, judul, &desc))
}

/// The program funnel: one bar per milestone, in program order from the
/// top, each labelled with its count and share of `total`.
pub fn tahapan(judul: &str, tahap: &[(&str, i64)], total: i64) -> Result<String, String> {
    let n = tahap.len().max(1);
    let (w, h) = (820u32, 60 + 34 * n as u32);
    let total = total.max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .margin_top(10)
            .margin_right(16)
            .x_label_area_size(36)
            .y_label_area_size(210)
            .build_cartesian_2d(0f64..total as f64 * 1.3, (0..n).into_segmented())
            .map_err(|e| e.to_string())?;
        // Index 0 is the bottom: the first milestone goes on top.
        let labels: Vec<&str> = tahap.iter().rev().map(|(l, _)| *l).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n)
            .x_labels(6)
            .x_label_formatter(&|x| {
                if *x <= total as f64 + 1e-9 {
                    angka(x.round() as i64)
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(i) => {
                    labels.get(*i).map(|s| s.to_string()).unwrap_or_default()
                }
                _ => String::new(),
            })
            .x_desc("Jumlah KKMP")
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 14))
            .light_line_style(WHITE)
            .draw()
            .map_err(|e| e.to_string())?;
        let fill = RGBColor(0x9b, 0x0c, 0x23);
        chart
            .draw_series(tahap.iter().rev().enumerate().map(|(i, (_, c))| {
                let mut bar = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (*c as f64, SegmentValue::Exact(i + 1)),
                    ],
                    fill.filled(),
                );
                bar.set_margin(5, 5, 0, 0);
                bar
            }))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(tahap.iter().rev().enumerate().map(|(i, (_, c))| {
                Text::new(
                    format!("{} ({})", angka(*c), persen(*c as f64 / total as f64)),
                    (*c as f64 + total as f64 * 0.015, SegmentValue::CenterOf(i)),
                    teks(15, &BLACK, HPos::Left),
                )
            }))
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    let desc = tahap
        .iter()
        .map(|(l, c)| format!("{l}: {}", angka(*c)))
        .collect::<Vec<_>>()
        .join("; ");
    Ok(accessible(svg, judul, &desc))
}

/// How a line is drawn: the main series, a second one, or a target
/// trajectory (dashed). Distinct by stroke and marker, not by colour alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GayaGaris {
    Utama,
    Kedua,
    Target,
}

/// One line of a trend chart: share values (0..=1) per month.
#[derive(Clone, Debug, PartialEq)]
pub struct Garis {
    pub nama: String,
    pub titik: Vec<(model::Periode, f64)>,
    pub gaya: GayaGaris,
}

/// Shares per month as lines, with the legend under the plot.
pub fn tren_bulanan(judul: &str, garis: &[Garis]) -> Result<String, String> {
    let months: Vec<model::Periode> = {
        let mut all: Vec<_> = garis
            .iter()
            .flat_map(|g| g.titik.iter().map(|(m, _)| *m))
            .collect();
        all.sort();
        all.dedup();
        all
    };
    let (lo, hi) = match (months.first(), months.last()) {
        (Some(a), Some(b)) => (a.index(), b.index().max(a.index() + 1)),
        _ => (0, 1),
    };
    let (w, h) = (820u32, 400u32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let (plot, legend) = root.split_vertically(h - 44);
        let mut chart = ChartBuilder::on(&plot)
            .margin_top(12)
            .margin_right(24)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(lo as f64 - 0.3..hi as f64 + 0.3, 0f64..1.05f64)
            .map_err(|e| e.to_string())?;
        let step = ((hi - lo) / 6).max(1);
        chart
            .configure_mesh()
            .x_labels(((hi - lo) / step + 1) as usize)
            .x_label_formatter(&|x| {
                let i = x.round() as i32;
                if (x - i as f64).abs() < 0.01 && (i - lo) % step == 0 {
                    model::Periode::from_index(i)
                        .map(|p| p.short_label())
                        .unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_labels(6)
            .y_label_formatter(&|y| {
                if *y <= 1.0 + 1e-9 {
                    persen(*y)
                } else {
                    String::new()
                }
            })
            .y_desc("% dari KKMP dalam cakupan")
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 14))
            .light_line_style(WHITE)
            .draw()
            .map_err(|e| e.to_string())?;
        let merah = RGBColor(0xb4, 0x1e, 0x2a);
        let abu = RGBColor(0x4a, 0x55, 0x68);
        for g in garis {
            let pts: Vec<(f64, f64)> = g
                .titik
                .iter()
                .map(|(m, v)| (m.index() as f64, v.clamp(0.0, 1.05)))
                .collect();
            match g.gaya {
                GayaGaris::Utama => {
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            pts.clone(),
                            merah.stroke_width(3),
                        )))
                        .map_err(|e| e.to_string())?;
                    chart
                        .draw_series(pts.iter().map(|p| Circle::new(*p, 4, merah.filled())))
                        .map_err(|e| e.to_string())?;
                }
                GayaGaris::Kedua => {
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            pts.clone(),
                            abu.stroke_width(2),
                        )))
                        .map_err(|e| e.to_string())?;
                    chart
                        .draw_series(pts.iter().map(|p| TriangleMarker::new(*p, 5, abu.filled())))
                        .map_err(|e| e.to_string())?;
                }
                GayaGaris::Target => {
                    // Dashed: short segments along each step.
                    let mut dashes = Vec::new();
                    for pair in pts.windows(2) {
                        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
                        for k in 0..4 {
                            let t0 = k as f64 / 4.0;
                            let t1 = t0 + 0.14;
                            dashes.push(PathElement::new(
                                vec![
                                    (x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0),
                                    (x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1),
                                ],
                                BLACK.stroke_width(2),
                            ));
                        }
                    }
                    chart.draw_series(dashes).map_err(|e| e.to_string())?;
                }
            }
        }
        // Legend: one row under the plot.
        let mut x = 70;
        for g in garis {
            let y = 22;
            let drawn = match g.gaya {
                GayaGaris::Utama => legend.draw(&PathElement::new(
                    vec![(x, y), (x + 28, y)],
                    merah.stroke_width(3),
                )),
                GayaGaris::Kedua => legend.draw(&PathElement::new(
                    vec![(x, y), (x + 28, y)],
                    abu.stroke_width(2),
                )),
                GayaGaris::Target => legend
                    .draw(&PathElement::new(
                        vec![(x, y), (x + 10, y)],
                        BLACK.stroke_width(2),
                    ))
                    .and_then(|_| {
                        legend.draw(&PathElement::new(
                            vec![(x + 16, y), (x + 28, y)],
                            BLACK.stroke_width(2),
                        ))
                    }),
            };
            drawn.map_err(|e| e.to_string())?;
            legend
                .draw(&Text::new(
                    g.nama.clone(),
                    (x + 36, y),
                    teks(14, &BLACK, HPos::Left),
                ))
                .map_err(|e| e.to_string())?;
            x += 48 + 8 * g.nama.chars().count() as i32;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    let desc = garis
        .iter()
        .map(|g| {
            let values: Vec<String> = g
                .titik
                .iter()
                .map(|(m, v)| format!("{} {}", m.short_label(), persen(*v)))
                .collect();
            format!("{}: {}", g.nama, values.join(", "))
        })
        .collect::<Vec<_>>()
        .join(". ");
    Ok(accessible(svg, judul, &desc))
}

/// What a mark on the map says about its KKMP or area.
#[derive(Clone, Debug, PartialEq)]
pub enum IsiPeta {
    /// Operating status, and whether the KKMP is only a formality.
    Status(StatusOperasi, bool),
    /// A class 0..KELAS of an indicator's value (light to dark).
    Kelas(usize),
}

/// Classes of an indicator map.
pub const KELAS: usize = 5;

/// One cooperative on the map, at its kelurahan centroid.
#[derive(Clone, Debug, PartialEq)]
pub struct TitikPeta {
    pub label: String,
    pub lat: f64,
    pub lng: f64,
    pub isi: IsiPeta,
    /// The value as people read it, for the description ("45,0%").
    pub teks: String,
}

/// An area's boundary: rings of (lng, lat), the first of each polygon its
/// outline; filled by `isi` when it has one.
#[derive(Clone, Debug, PartialEq)]
pub struct PoligonPeta {
    pub label: String,
    pub cincin: Vec<Vec<(f64, f64)>>,
    pub isi: Option<IsiPeta>,
}

/// A kecamatan name placed on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelPeta {
    pub label: String,
    pub lat: f64,
    pub lng: f64,
}

/// A sequential ramp from light to dark that stays ordered in grey print.
fn warna_kelas(k: usize) -> RGBColor {
    const RAMP: [RGBColor; KELAS] = [
        RGBColor(0xfb, 0xe3, 0xe1),
        RGBColor(0xf1, 0xa9, 0xa0),
        RGBColor(0xd9, 0x6a, 0x5e),
        RGBColor(0xb4, 0x1e, 0x2a),
        RGBColor(0x6b, 0x0f, 0x18),
    ];
    RAMP[k.min(KELAS - 1)]
}

const HIJAU: RGBColor = RGBColor(0x1b, 0x7f, 0x4b);

const MERAH: RGBColor = RGBColor(0xb4, 0x1e, 0x2a);

/// A light fill for an area by operating status (the mark on top says it
/// in shape).
fn warna_status(s: StatusOperasi) -> RGBColor {
    match s {
        StatusOperasi::Penuh => RGBColor(0xb9, 0xdc, 0xc6),
        StatusOperasi::Terbatas => RGBColor(0xe3, 0xf1, 0xe8),
        StatusOperasi::Belum => RGBColor(0xf6, 0xd5, 0xd7),
    }
}

/// The map: the KKMP at their kelurahan centroids over area polygons when
/// boundaries are installed. By status, marks are shaped (filled circle =
/// penuh, ring = terbatas, cross = belum, square around = only a
/// formality); by indicator, areas or marks are shaded light to dark and
/// marks grow with the class, so the map reads in grey print. `legenda`
/// names the classes an indicator map uses, (class, text) (empty for a
/// status map).
pub fn peta(
    judul: &str,
    titik: &[TitikPeta],
    poligon: &[PoligonPeta],
    label: &[LabelPeta],
    legenda: &[(usize, String)],
) -> Result<String, String> {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    let mut grow = |x: f64, y: f64| {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    };
    for t in titik {
        grow(t.lng, t.lat);
    }
    for p in poligon {
        for r in &p.cincin {
            for (x, y) in r {
                grow(*x, *y);
            }
        }
    }
    if x0 > x1 {
        (x0, x1, y0, y1) = (0.0, 1.0, 0.0, 1.0);
    }
    let pad = if poligon.is_empty() { 0.012 } else { 0.004 };
    let (x0, x1, y0, y1) = (x0 - pad, x1 + pad, y0 - pad, y1 + pad);
    // Near the equator a degree of longitude and of latitude are about equal:
    // keep the map's aspect ratio true.
    let (w, map_w) = (820u32, 580u32);
    let h = (((map_w - 20) as f64 * (y1 - y0) / (x1 - x0)) as u32 + 20).clamp(300, 720);
    let mut svg = String::new();
    let err = |e: DrawingAreaErrorKind<_>| e.to_string();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (area, kanan) = root.split_horizontally(map_w);
        let mut chart = ChartBuilder::on(&area)
            .margin(10)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        chart
            .plotting_area()
            .draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                RGBColor(0xbb, 0xbb, 0xbb).stroke_width(1),
            ))
            .map_err(err)?;
        let garis = RGBColor(0x6b, 0x72, 0x80);
        for p in poligon {
            let fill = match &p.isi {
                Some(IsiPeta::Kelas(k)) => warna_kelas(*k),
                Some(IsiPeta::Status(s, _)) => warna_status(*s),
                None => RGBColor(0xf4, 0xf5, 0xf7),
            };
            for ring in &p.cincin {
                chart
                    .draw_series(std::iter::once(Polygon::new(ring.clone(), fill.filled())))
                    .map_err(err)?;
                let mut outline = ring.clone();
                if let Some(first) = ring.first() {
                    outline.push(*first);
                }
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        outline,
                        garis.stroke_width(1),
                    )))
                    .map_err(err)?;
            }
        }
        let grey = RGBColor(0x3f, 0x46, 0x52);
        // A light plate under each name, so it reads on dark areas too.
        if !poligon.is_empty() {
            for l in label {
                let (px, py) = chart.backend_coord(&(l.lng, l.lat));
                let half = 4 + 7 * l.label.chars().count() as i32 / 2;
                area.draw(&Rectangle::new(
                    [(px - half, py - 9), (px + half, py + 9)],
                    RGBAColor(255, 255, 255, 0.78).filled(),
                ))
                .map_err(err)?;
            }
        }
        chart
            .draw_series(label.iter().map(|l| {
                Text::new(
                    l.label.clone(),
                    (l.lng, l.lat),
                    teks(13, &grey, HPos::Center),
                )
            }))
            .map_err(err)?;
        // Marks: by status always; by class only when there are no polygons
        // to shade.
        for t in titik {
            let at = (t.lng, t.lat);
            match &t.isi {
                IsiPeta::Status(StatusOperasi::Penuh, _) => {
                    chart.draw_series(std::iter::once(Circle::new(at, 7, HIJAU.filled())))
                }
                IsiPeta::Status(StatusOperasi::Terbatas, _) => {
                    chart.draw_series(std::iter::once(Circle::new(at, 6, HIJAU.stroke_width(3))))
                }
                IsiPeta::Status(StatusOperasi::Belum, _) => {
                    chart.draw_series(std::iter::once(Cross::new(at, 6, MERAH.stroke_width(3))))
                }
                IsiPeta::Kelas(k) if poligon.is_empty() => {
                    let r = 4 + *k as i32 * 2;
                    chart
                        .draw_series(std::iter::once(Circle::new(
                            at,
                            r,
                            warna_kelas(*k).filled(),
                        )))
                        .map_err(err)?;
                    chart.draw_series(std::iter::once(Circle::new(at, r, garis.stroke_width(1))))
                }
                IsiPeta::Kelas(_) => continue,
            }
            .map_err(err)?;
            if let IsiPeta::Status(_, true) = t.isi {
                let d = 0.0024;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(t.lng - d, t.lat - d), (t.lng + d, t.lat + d)],
                        MERAH.stroke_width(1),
                    )))
                    .map_err(err)?;
            }
        }
        // The legend, beside the map so that it hides no mark.
        let count =
            |f: &dyn Fn(&IsiPeta) -> bool| titik.iter().filter(|t| f(&t.isi)).count() as i64;
        if legenda.is_empty() {
            let is =
                |s: StatusOperasi| move |i: &IsiPeta| matches!(i, IsiPeta::Status(x, _) if *x == s);
            let items: [(String, u8); 4] = [
                (
                    format!(
                        "Beroperasi penuh ({})",
                        angka(count(&is(StatusOperasi::Penuh)))
                    ),
                    0,
                ),
                (
                    format!(
                        "Beroperasi terbatas ({})",
                        angka(count(&is(StatusOperasi::Terbatas)))
                    ),
                    1,
                ),
                (
                    format!(
                        "Belum beroperasi ({})",
                        angka(count(&is(StatusOperasi::Belum)))
                    ),
                    2,
                ),
                (
                    format!(
                        "… hanya formalitas ({})",
                        angka(count(&|i: &IsiPeta| matches!(i, IsiPeta::Status(_, true))))
                    ),
                    3,
                ),
            ];
            for (i, (text, shape)) in items.iter().enumerate() {
                let y = 30 + 30 * i as i32;
                let at = (24, y);
                match shape {
                    0 => kanan.draw(&Circle::new(at, 7, HIJAU.filled())),
                    1 => kanan.draw(&Circle::new(at, 6, HIJAU.stroke_width(3))),
                    2 => kanan.draw(&Cross::new(at, 6, MERAH.stroke_width(3))),
                    _ => kanan.draw(&Rectangle::new(
                        [(at.0 - 8, y - 8), (at.0 + 8, y + 8)],
                        MERAH.stroke_width(1),
                    )),
                }
                .map_err(err)?;
                kanan
                    .draw(&Text::new(
                        text.clone(),
                        (44, y),
                        teks(15, &BLACK, HPos::Left),
                    ))
                    .map_err(err)?;
            }
        } else {
            for (i, (k, text)) in legenda.iter().enumerate() {
                let (k, y) = (*k, 30 + 30 * i as i32);
                kanan
                    .draw(&Rectangle::new(
                        [(14, y - 9), (34, y + 9)],
                        warna_kelas(k).filled(),
                    ))
                    .and_then(|_| {
                        kanan.draw(&Rectangle::new(
                            [(14, y - 9), (34, y + 9)],
                            garis.stroke_width(1),
                        ))
                    })
                    .map_err(err)?;
                kanan
                    .draw(&Text::new(
                        text.clone(),
                        (44, y),
                        teks(15, &BLACK, HPos::Left),
                    ))
                    .map_err(err)?;
            }
        }
        root.present().map_err(err)?;
    }
    let asal = if poligon.is_empty() {
        "Titik di pusat setiap kelurahan."
    } else {
        "Batas wilayah dari berkas GeoJSON yang dipasang admin; titik di pusat setiap kelurahan."
    };
    let desc = format!(
        "{asal} {}",
        titik
            .iter()
            .map(|t| format!("{}: {}", t.label, t.teks))
            .collect::<Vec<_>>()
            .join("; ")
    );
    Ok(accessible(svg, judul, &desc))
}

/// One panel of a set of small multiples: an area's share (0..=1) per
/// month, the target trajectory, and the status word.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub label: String,
    pub titik: Vec<(model::Periode, f64)>,
    pub lintasan: Vec<(model::Periode, f64)>,
    pub status: Option<StatusTarget>,
}

/// Small multiples: one small trend per area (the 18 kecamatan) on the same
/// scale, six to a row, each with its trajectory dashed and its status
/// written under its name.
pub fn kelipatan_kecil(judul: &str, panel: &[Panel]) -> Result<String, String> {
    let kolom = 6usize;
    let baris = panel.len().div_ceil(kolom).max(1);
    let (w, ph) = (960u32, 150u32);
    let h = ph * baris as u32;
    let bulan: Vec<i32> = {
        let mut all: Vec<i32> = panel
            .iter()
            .flat_map(|p| p.titik.iter().chain(&p.lintasan).map(|(m, _)| m.index()))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    let (lo, hi) = match (bulan.first(), bulan.last()) {
        (Some(a), Some(b)) => (*a as f64, (*b).max(*a + 1) as f64),
        _ => (0.0, 1.0),
    };
    let mut svg = String::new();
    let err = |e: DrawingAreaErrorKind<_>| e.to_string();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let cells = root.split_evenly((baris, kolom));
        for (p, cell) in panel.iter().zip(cells.iter()) {
            let (head, plot) = cell.split_vertically(40);
            head.draw(&Text::new(
                p.label.clone(),
                (8, 12),
                teks(13, &BLACK, HPos::Left),
            ))
            .map_err(err)?;
            let (status, warna_teks) = match p.status {
                Some(s) => (s.label().to_string(), warna(s)),
                None => ("tanpa target".to_string(), RGBColor(0x6b, 0x72, 0x80)),
            };
            let last = p.titik.last().map(|(_, v)| persen(*v)).unwrap_or_default();
            head.draw(&Text::new(
                format!("{last} · {status}"),
                (8, 30),
                teks(12, &warna_teks, HPos::Left),
            ))
            .map_err(err)?;
            let mut chart = ChartBuilder::on(&plot)
                .margin_left(8)
                .margin_right(8)
                .margin_bottom(16)
                .build_cartesian_2d(lo - 0.3..hi + 0.3, 0f64..1.05f64)
                .map_err(err)?;
            let abu = RGBColor(0xdd, 0xdd, 0xdd);
            chart
                .plotting_area()
                .draw(&Rectangle::new(
                    [(lo - 0.3, 0.0), (hi + 0.3, 1.05)],
                    abu.stroke_width(1),
                ))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(lo - 0.3, 1.0), (hi + 0.3, 1.0)],
                    abu.stroke_width(1),
                )))
                .map_err(err)?;
            let pts = |v: &[(model::Periode, f64)]| -> Vec<(f64, f64)> {
                v.iter()
                    .map(|(m, y)| (m.index() as f64, y.clamp(0.0, 1.05)))
                    .collect()
            };
            let lintasan = pts(&p.lintasan);
            let mut dashes = Vec::new();
            for pair in lintasan.windows(2) {
                let ((a, b), (c, d)) = (pair[0], pair[1]);
                dashes.push(PathElement::new(
                    vec![(a, b), (a + (c - a) * 0.55, b + (d - b) * 0.55)],
                    BLACK.stroke_width(1),
                ));
            }
            chart.draw_series(dashes).map_err(err)?;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    pts(&p.titik),
                    MERAH.stroke_width(2),
                )))
                .map_err(err)?;
            // The first and last month under the panel.
            if let (Some(a), Some(b)) = (
                model::Periode::from_index(lo as i32),
                model::Periode::from_index(hi as i32),
            ) {
                let (pw, phh) = plot.dim_in_pixel();
                let abu_teks = RGBColor(0x6b, 0x72, 0x80);
                plot.draw(&Text::new(
                    a.short_label(),
                    (8, phh as i32 - 4),
                    teks(10, &abu_teks, HPos::Left),
                ))
                .map_err(err)?;
                plot.draw(&Text::new(
                    b.short_label(),
                    (pw as i32 - 8, phh as i32 - 4),
                    teks(10, &abu_teks, HPos::Right),
                ))
                .map_err(err)?;
            }
            if let Some(end) = pts(&p.titik).last() {
                chart
                    .draw_series(std::iter::once(Circle::new(*end, 3, MERAH.filled())))
                    .map_err(err)?;
            }
        }
        root.present().map_err(err)?;
    }
    let desc = panel
        .iter()
        .map(|p| {
            format!(
                "{}: {}{}",
                p.label,
                p.titik
                    .iter()
                    .map(|(m, v)| format!("{} {}", m.short_label(), persen(*v)))
                    .collect::<Vec<_>>()
                    .join(", "),
                p.status
                    .map(|s| format!(" ({})", s.label()))
                    .unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join(". ");
    Ok(accessible(svg, judul, &desc))
}

/// Makes the SVG compact ([`ringkas`]), scale to its container, and gives
/// it a title and a description for screen readers.
fn accessible(svg: String, judul: &str, desc: &str) -> String {
    let svg = ringkas::ringkas(&svg);
    let Some(end) = svg.find('>') else { return svg };
    let (head, rest) = svg.split_at(end + 1);
    let head = head.replacen(
        "<svg ",
        "<svg role=\"img\" preserveAspectRatio=\"xMinYMin meet\" ",
        1,
    );
    format!(
        "{head}<title>{}</title><desc>{}</desc>{rest}",
        escape(judul),
        escape(desc)
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, aktual: f64, status: StatusTarget) -> BarCapaian {
        BarCapaian {
            label: label.into(),
            aktual,
            harapan: 0.5,
            status,
        }
    }

    #[test]
    fn one_bar_per_area_and_a_title() {
        let bars: Vec<_> = (0..18)
            .map(|i| bar(&format!("Kec {i}"), i as f64 / 20.0, StatusTarget::Berisiko))
            .collect();
        let svg = capaian_per_wilayah("Judul temuan", "Capaian (% KKMP)", &bars).unwrap();
        assert!(svg.starts_with("<svg role=\"img\""));
        assert!(svg.contains("<title>Judul temuan</title>"));
        for i in 0..18 {
            assert!(svg.contains(&format!(">Kec {i}<")), "label {i} missing");
        }
        assert_eq!(svg.matches("berisiko").count(), 18);
    }

    fn titik() -> Vec<TitikPeta> {
        [
            StatusOperasi::Penuh,
            StatusOperasi::Terbatas,
            StatusOperasi::Belum,
        ]
        .iter()
        .enumerate()
        .map(|(i, s)| TitikPeta {
            label: format!("K{i}"),
            lat: -2.9 - i as f64 * 0.05,
            lng: 104.7 + i as f64 * 0.05,
            isi: IsiPeta::Status(*s, *s == StatusOperasi::Belum),
            teks: s.label().to_string(),
        })
        .collect()
    }

    #[test]
    fn map_has_a_mark_per_kkmp_and_a_legend() {
        let label = [LabelPeta {
            label: "Kec <A>".into(),
            lat: -2.95,
            lng: 104.75,
        }];
        let svg = peta("Peta", &titik(), &[], &label, &[]).unwrap();
        assert!(svg.contains("Beroperasi penuh (1)") && svg.contains("Belum beroperasi (1)"));
        assert!(svg.contains("hanya formalitas (1)"));
        assert!(svg.contains("Kec &lt;A&gt;"), "labels escaped");
        assert!(svg.contains("K2: Belum beroperasi"));
        assert_eq!(
            svg.matches("<circle").count(),
            2 + 2,
            "two marks and two legend circles"
        );
        assert!(!svg.contains("<polygon"));
    }

    #[test]
    fn map_with_polygons_shades_each_area_by_class() {
        let square = |x: f64, y: f64| {
            vec![vec![
                (x, y),
                (x + 0.04, y),
                (x + 0.04, y + 0.04),
                (x, y + 0.04),
            ]]
        };
        let poligon: Vec<PoligonPeta> = (0..KELAS)
            .map(|k| PoligonPeta {
                label: format!("W{k}"),
                cincin: square(104.7 + k as f64 * 0.05, -2.95),
                isi: Some(IsiPeta::Kelas(k)),
            })
            .collect();
        let legenda: Vec<(usize, String)> = (0..KELAS).map(|k| (k, format!("kelas {k}"))).collect();
        let svg = peta("Peta nilai", &[], &poligon, &[], &legenda).unwrap();
        assert_eq!(svg.matches("<polygon").count(), KELAS);
        for k in 0..KELAS {
            let c = warna_kelas(k);
            let hex = format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
            assert!(svg.contains(&hex), "class {k} colour {hex}");
            assert!(svg.contains(&format!("kelas {k}")));
        }
        assert!(svg.contains("Batas wilayah dari berkas GeoJSON"));
    }

    #[test]
    fn small_multiples_have_a_panel_per_kecamatan() {
        let m = |i| model::Periode::new(2026, i).unwrap();
        let panel: Vec<Panel> = (0..18)
            .map(|i| Panel {
                label: format!("Kecamatan {i}"),
                titik: vec![(m(1), 0.1), (m(2), 0.2 + i as f64 / 100.0)],
                lintasan: vec![(m(1), 0.3), (m(2), 0.4)],
                status: Some(if i < 7 {
                    StatusTarget::Tertinggal
                } else {
                    StatusTarget::SesuaiJalur
                }),
            })
            .collect();
        let svg = kelipatan_kecil("7 dari 18 kecamatan tertinggal", &panel).unwrap();
        for i in 0..18 {
            assert!(svg.contains(&format!(">Kecamatan {i}<")), "panel {i}");
        }
        assert_eq!(svg.matches("· Tertinggal").count(), 7);
        assert_eq!(svg.matches("· Sesuai jalur").count(), 11);
        // One red line and one end dot per panel.
        let merah = ringkas::datar(&svg)
            .iter()
            .filter(|e| e.contains("stroke=\"#B41E2A\"") && e.contains("stroke-width=\"2\""))
            .count();
        assert_eq!(merah, 18);
        assert!(svg.contains("Kecamatan 17: Jan 2026 10,0%, Feb 2026 37,0% (Sesuai jalur)"));
    }

    /// The x coordinates of an SVG element's attribute.
    fn attr(el: &str, name: &str) -> f64 {
        let key = format!(" {name}=\"");
        let start = el.find(&key).unwrap() + key.len();
        el[start..].split('"').next().unwrap().parse().unwrap()
    }

    #[test]
    fn the_target_marker_stands_where_the_trajectory_is() {
        // A full bar (100%) and the trajectory at 40%: the marker must sit at
        // 40% of the bar's length from its start.
        let bars = [BarCapaian {
            label: "A".into(),
            aktual: 1.0,
            harapan: 0.4,
            status: StatusTarget::Tercapai,
        }];
        let svg = ringkas::datar(&capaian_per_wilayah("t", "x", &bars).unwrap());
        let rect = svg
            .iter()
            .find(|r| r.starts_with("<rect") && r.contains("fill=\"#1B7F4B\""))
            .expect("the bar");
        let (x, w) = (attr(rect, "x"), attr(rect, "width"));
        let line = svg
            .iter()
            .find(|l| {
                l.starts_with("<polyline")
                    && l.contains("stroke=\"#000000\"")
                    && l.contains("stroke-width=\"3\"")
            })
            .expect("the marker");
        let pts = line
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let xs: Vec<f64> = pts
            .split_whitespace()
            .map(|p| p.split(',').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(xs.len(), 2);
        assert_eq!(xs[0], xs[1], "a vertical tick");
        let expected = x + 0.4 * w;
        assert!(
            (xs[0] - expected).abs() <= 1.5,
            "marker at {} expected {expected}",
            xs[0]
        );
    }

    #[test]
    fn eighteen_bars_for_eighteen_kecamatan() {
        let bars: Vec<_> = (0..18)
            .map(|i| {
                bar(
                    &format!("Kec {i}"),
                    0.05 + i as f64 / 20.0,
                    StatusTarget::Berisiko,
                )
            })
            .collect();
        let svg = ringkas::datar(&capaian_per_wilayah("x", "x", &bars).unwrap());
        let filled = svg
            .iter()
            .filter(|r| r.starts_with("<rect") && r.contains("fill=\"#E0A12E\""))
            .count();
        assert_eq!(filled, 18);
    }

    #[test]
    fn trend_has_every_series_in_legend_and_description() {
        let m = |i| model::Periode::new(2026, i).unwrap();
        let garis = [
            Garis {
                nama: "A".into(),
                titik: vec![(m(1), 0.1), (m(2), 0.2), (m(3), 0.4)],
                gaya: GayaGaris::Utama,
            },
            Garis {
                nama: "T".into(),
                titik: vec![(m(1), 0.3), (m(2), 0.6), (m(3), 0.9)],
                gaya: GayaGaris::Target,
            },
        ];
        let svg = tren_bulanan("Tren", &garis).unwrap();
        assert!(svg.contains("<title>Tren</title>"));
        assert!(svg.contains("A: Jan 2026 10,0%, Feb 2026 20,0%, Mar 2026 40,0%"));
        assert!(svg.contains(">T<"), "legend entry");
        // Target dashes: 4 per step between 3 months.
        let dash = ringkas::datar(&svg)
            .iter()
            .filter(|e| e.contains("stroke=\"#000000\"") && e.contains("stroke-width=\"2\""))
            .count();
        assert!(dash >= 8, "{dash} dashes");
    }

    #[test]
    fn labels_are_escaped() {
        let svg = capaian_per_wilayah(
            "<b>x</b>",
            "x",
            &[bar(
                "<script>alert(1)</script>",
                0.3,
                StatusTarget::Tertinggal,
            )],
        )
        .unwrap();
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;"));
        let p = Panel {
            label: "<script>alert(1)</script>".into(),
            titik: vec![],
            lintasan: vec![],
            status: None,
        };
        let svg = kelipatan_kecil("<script>", &[p]).unwrap();
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"));
        let t = TitikPeta {
            label: "<script>x</script>".into(),
            lat: 0.0,
            lng: 0.0,
            isi: IsiPeta::Kelas(1),
            teks: "<b>".into(),
        };
        let svg = peta("<script>", &[t], &[], &[], &[(0, "<i>".into())]).unwrap();
        assert!(!svg.contains("<script>") && !svg.contains("<b>") && !svg.contains("<i>"));
    }
}

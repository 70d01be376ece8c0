//! Charts: pure functions from figures to an SVG document (plotters, SVG
//! backend). Every chart carries a `<title>` (its finding) and a `<desc>`,
//! labels in Bahasa with id-ID numbers, and never relies on colour alone:
//! each bar ends with its status word.

use model::format::{angka, persen};
use model::status::{StatusOperasi, StatusTarget};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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
            .y_desc("% dari 107 KKMP")
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

/// One cooperative on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct TitikPeta {
    pub label: String,
    pub lat: f64,
    pub lng: f64,
    pub status: StatusOperasi,
    pub formalitas: bool,
}

/// A kecamatan name placed on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelPeta {
    pub label: String,
    pub lat: f64,
    pub lng: f64,
}

/// The KKMP as points at their kelurahan centroids, shaped and coloured by
/// operating status: filled circle = penuh, ring = terbatas, cross = belum
/// (a cross in a square = only a formality). Shapes read in grey print.
pub fn peta_kkmp(judul: &str, titik: &[TitikPeta], label: &[LabelPeta]) -> Result<String, String> {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for t in titik {
        x0 = x0.min(t.lng);
        x1 = x1.max(t.lng);
        y0 = y0.min(t.lat);
        y1 = y1.max(t.lat);
    }
    if titik.is_empty() {
        (x0, x1, y0, y1) = (0.0, 1.0, 0.0, 1.0);
    }
    let pad = 0.012;
    let (x0, x1, y0, y1) = (x0 - pad, x1 + pad, y0 - pad, y1 + pad);
    // Near the equator a degree of longitude and of latitude are about equal:
    // keep the map's aspect ratio true.
    let (w, map_w) = (820u32, 580u32);
    let h = (((map_w - 20) as f64 * (y1 - y0) / (x1 - x0)) as u32 + 20).clamp(300, 720);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let (peta, legenda) = root.split_horizontally(map_w);
        let mut chart = ChartBuilder::on(&peta)
            .margin(10)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(|e| e.to_string())?;
        chart
            .plotting_area()
            .draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                RGBColor(0xbb, 0xbb, 0xbb).stroke_width(1),
            ))
            .map_err(|e| e.to_string())?;
        let grey = RGBColor(0x8a, 0x93, 0xa0);
        chart
            .draw_series(label.iter().map(|l| {
                Text::new(
                    l.label.clone(),
                    (l.lng, l.lat),
                    teks(13, &grey, HPos::Center),
                )
            }))
            .map_err(|e| e.to_string())?;
        let hijau = RGBColor(0x1b, 0x7f, 0x4b);
        let merah = RGBColor(0xb4, 0x1e, 0x2a);
        let count = |s: StatusOperasi| titik.iter().filter(|t| t.status == s).count() as i64;
        let of = |s: StatusOperasi| titik.iter().filter(move |t| t.status == s);
        chart
            .draw_series(
                of(StatusOperasi::Penuh).map(|t| Circle::new((t.lng, t.lat), 7, hijau.filled())),
            )
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(
                of(StatusOperasi::Terbatas)
                    .map(|t| Circle::new((t.lng, t.lat), 6, hijau.stroke_width(3))),
            )
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(
                of(StatusOperasi::Belum)
                    .map(|t| Cross::new((t.lng, t.lat), 6, merah.stroke_width(3))),
            )
            .map_err(|e| e.to_string())?;
        let formalitas = titik.iter().filter(|t| t.formalitas).count() as i64;
        chart
            .draw_series(titik.iter().filter(|t| t.formalitas).map(|t| {
                let d = 0.0024;
                Rectangle::new(
                    [(t.lng - d, t.lat - d), (t.lng + d, t.lat + d)],
                    merah.stroke_width(1),
                )
            }))
            .map_err(|e| e.to_string())?;
        // The legend, beside the map so that it hides no point.
        let items: [(String, u8); 4] = [
            (
                format!("Beroperasi penuh ({})", angka(count(StatusOperasi::Penuh))),
                0,
            ),
            (
                format!(
                    "Beroperasi terbatas ({})",
                    angka(count(StatusOperasi::Terbatas))
                ),
                1,
            ),
            (
                format!("Belum beroperasi ({})", angka(count(StatusOperasi::Belum))),
                2,
            ),
            (format!("… hanya formalitas ({})", angka(formalitas)), 3),
        ];
        for (i, (text, shape)) in items.iter().enumerate() {
            let y = 30 + 30 * i as i32;
            let at = (24, y);
            let drawn = match shape {
                0 => legenda.draw(&Circle::new(at, 7, hijau.filled())),
                1 => legenda.draw(&Circle::new(at, 6, hijau.stroke_width(3))),
                2 => legenda.draw(&Cross::new(at, 6, merah.stroke_width(3))),
                _ => legenda.draw(&Rectangle::new(
                    [(at.0 - 8, y - 8), (at.0 + 8, y + 8)],
                    merah.stroke_width(1),
                )),
            };
            drawn.map_err(|e| e.to_string())?;
            legenda
                .draw(&Text::new(
                    text.clone(),
                    (44, y),
                    teks(15, &BLACK, HPos::Left),
                ))
                .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    let desc = format!(
        "Titik di pusat setiap kelurahan. {}",
        titik
            .iter()
            .map(|t| format!(
                "{}: {}{}",
                t.label,
                t.status.label(),
                if t.formalitas { ", formalitas" } else { "" }
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    Ok(accessible(svg, judul, &desc))
}

/// Makes the SVG scale to its container and gives it a title and a
/// description for screen readers.
fn accessible(svg: String, judul: &str, desc: &str) -> String {
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
            assert!(svg.contains(&format!("\nKec {i}\n")), "label {i} missing");
        }
        assert_eq!(svg.matches("berisiko").count(), 18);
    }

    #[test]
    fn map_has_a_mark_per_kkmp_and_a_legend() {
        let titik: Vec<_> = [
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
            status: *s,
            formalitas: *s == StatusOperasi::Belum,
        })
        .collect();
        let label = [LabelPeta {
            label: "Kec <A>".into(),
            lat: -2.95,
            lng: 104.75,
        }];
        let svg = peta_kkmp("Peta", &titik, &label).unwrap();
        assert!(svg.contains("Beroperasi penuh (1)") && svg.contains("Belum beroperasi (1)"));
        assert!(svg.contains("hanya formalitas (1)"));
        assert!(svg.contains("Kec &lt;A&gt;"), "labels escaped");
        assert!(svg.contains("K2: Belum beroperasi, formalitas"));
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
        assert!(svg.contains("\nT\n"), "legend entry");
        // Target dashes: 4 per step between 3 months.
        assert!(svg.matches("stroke=\"#000000\" stroke-width=\"2\"").count() >= 8);
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
    }
}

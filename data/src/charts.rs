//! Charts: pure functions from figures to an SVG document (plotters, SVG
//! backend). Every chart carries a `<title>` (its finding) and a `<desc>`,
//! labels in Bahasa with id-ID numbers, and never relies on colour alone:
//! each bar ends with its status word.

use model::format::persen;
use model::status::StatusTarget;
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

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
                    (FONT, 15).into_font().color(&BLACK).pos(
                        plotters::style::text_anchor::Pos::new(
                            plotters::style::text_anchor::HPos::Left,
                            plotters::style::text_anchor::VPos::Center,
                        ),
                    ),
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

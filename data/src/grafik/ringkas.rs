//! Makes plotters' SVG smaller without changing what it draws (issue 16:
//! the charts were half of the city page's HTML).
//!
//! plotters writes every element on its own with its full style: a dashed
//! trajectory is hundreds of `<polyline>`s, each repeating `fill`, `stroke`,
//! `stroke-width` and `opacity="1"`. Here:
//!
//! - `opacity="1"` (the default) is dropped;
//! - a `<polyline>` becomes a `<path>` (`d="M x,y x,y …"` draws the same
//!   line), and consecutive ones with the same style become one `<path>`
//!   with several `M` segments (they are unfilled, so nothing overlaps
//!   differently);
//! - consecutive elements with the same inheritable style are wrapped in
//!   one `<g>` carrying it;
//! - font sizes are rounded to a tenth of a pixel, and the line breaks
//!   around text (which SVG collapses anyway) go.
//!
//! Anything it does not recognise (a nested element other than `<text>`,
//! a tag it cannot read) leaves the chart exactly as plotters wrote it.

/// Attributes that place or size one element, or that do not inherit the
/// same way from a group (`opacity` composites the group as a whole):
/// never moved into a `<g>`.
const SENDIRI: [&str; 16] = [
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "width",
    "height",
    "points",
    "d",
    "dy",
    "transform",
    "opacity",
];

#[derive(Clone, Debug, PartialEq)]
struct Unsur {
    nama: String,
    atribut: Vec<(String, String)>,
    /// The text of a `<text>`, as escaped by plotters.
    isi: Option<String>,
    /// A path made from polylines: may take more segments.
    dari_garis: bool,
}

impl Unsur {
    fn gaya(&self) -> Vec<(String, String)> {
        self.atribut
            .iter()
            .filter(|(k, _)| !SENDIRI.contains(&k.as_str()))
            .cloned()
            .collect()
    }

    fn tulis(&self, out: &mut String, tanpa: &[(String, String)]) {
        out.push('<');
        out.push_str(&self.nama);
        for (k, v) in &self.atribut {
            if tanpa.iter().any(|(a, _)| a == k) {
                continue;
            }
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            out.push_str(v);
            out.push('"');
        }
        match &self.isi {
            Some(t) => {
                out.push('>');
                out.push_str(t);
                out.push_str("</");
                out.push_str(&self.nama);
                out.push('>');
            }
            None => out.push_str("/>"),
        }
    }
}

/// The attributes of a tag's inside (`name a="1" b="2"`), or `None` when
/// it is not the plain form plotters writes.
fn baca_tag(dalam: &str) -> Option<(String, Vec<(String, String)>)> {
    let dalam = dalam.trim();
    let (nama, mut sisa) = dalam.split_once(' ').unwrap_or((dalam, ""));
    if nama.is_empty() || !nama.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let mut atribut = Vec::new();
    loop {
        sisa = sisa.trim_start();
        if sisa.is_empty() {
            break;
        }
        let (k, r) = sisa.split_once("=\"")?;
        let (v, r) = r.split_once('"')?;
        if k.is_empty() || k.contains(char::is_whitespace) {
            return None;
        }
        atribut.push((k.to_string(), v.to_string()));
        sisa = r;
    }
    Some((nama.to_string(), atribut))
}

/// Rounds a font size to a tenth: `12.096774193548388` → `12.1`.
fn bulatkan(v: &str) -> String {
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() => {
            let s = format!("{:.1}", x);
            s.strip_suffix(".0").map_or(s.clone(), str::to_string)
        }
        _ => v.to_string(),
    }
}

fn unsur(nama: String, atribut: Vec<(String, String)>, isi: Option<String>) -> Unsur {
    let mut atribut: Vec<(String, String)> = atribut
        .into_iter()
        .filter(|(k, v)| !(k == "opacity" && v == "1"))
        .map(|(k, v)| {
            if k == "font-size" {
                let v = bulatkan(&v);
                (k, v)
            } else {
                (k, v)
            }
        })
        .collect();
    if nama == "polyline" {
        for (k, v) in &mut atribut {
            if k == "points" {
                *k = "d".into();
                *v = format!("M{}", v.trim());
            }
        }
        return Unsur {
            nama: "path".into(),
            atribut,
            isi,
            dari_garis: true,
        };
    }
    Unsur {
        nama,
        atribut,
        isi,
        dari_garis: false,
    }
}

/// The compact form of `svg` (see the module's documentation).
pub fn ringkas(svg: &str) -> String {
    baca(svg).map_or_else(|| svg.to_string(), |(akar, anak)| tulis(&akar, anak))
}

/// The root tag's inside and its children, or `None` for anything but the
/// flat document plotters writes.
fn baca(svg: &str) -> Option<(String, Vec<Unsur>)> {
    let svg = svg.trim();
    let rest = svg.strip_prefix("<svg ")?;
    let (akar, mut rest) = rest.split_once('>')?;
    let mut anak = Vec::new();
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("</svg>") {
            return r.trim().is_empty().then(|| (akar.to_string(), anak));
        }
        let r = rest.strip_prefix('<')?;
        let (tag, r) = r.split_once('>')?;
        if let Some(tag) = tag.strip_suffix('/') {
            let (nama, atribut) = baca_tag(tag)?;
            anak.push(unsur(nama, atribut, None));
            rest = r;
        } else {
            let (nama, atribut) = baca_tag(tag)?;
            if nama != "text" {
                return None;
            }
            let (isi, r) = r.split_once("</text>")?;
            if isi.contains('<') {
                return None;
            }
            anak.push(unsur(nama, atribut, Some(isi.trim().to_string())));
            rest = r;
        }
    }
}

fn tulis(akar: &str, anak: Vec<Unsur>) -> String {
    // Consecutive unfilled lines of one style: one path.
    let mut gabung: Vec<Unsur> = Vec::with_capacity(anak.len());
    for u in anak {
        if let Some(prev) = gabung.last_mut()
            && prev.dari_garis
            && u.dari_garis
            && prev.atribut.iter().any(|(k, v)| k == "fill" && v == "none")
            && prev.gaya() == u.gaya()
            && u.atribut
                .iter()
                .all(|(k, _)| k == "d" || !SENDIRI.contains(&k.as_str()))
            && prev
                .atribut
                .iter()
                .all(|(k, _)| k == "d" || !SENDIRI.contains(&k.as_str()))
        {
            let d = u
                .atribut
                .iter()
                .find(|(k, _)| k == "d")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            if let Some((_, pd)) = prev.atribut.iter_mut().find(|(k, _)| k == "d") {
                pd.push(' ');
                pd.push_str(&d);
            }
            continue;
        }
        gabung.push(u);
    }
    let mut out = String::with_capacity(gabung.len() * 48);
    out.push_str("<svg ");
    out.push_str(akar);
    out.push('>');
    let mut i = 0;
    while i < gabung.len() {
        let gaya = gabung[i].gaya();
        let mut j = i + 1;
        while j < gabung.len() && !gaya.is_empty() && gabung[j].gaya() == gaya {
            j += 1;
        }
        if j - i >= 2 {
            out.push_str("<g");
            for (k, v) in &gaya {
                out.push(' ');
                out.push_str(k);
                out.push_str("=\"");
                out.push_str(v);
                out.push('"');
            }
            out.push('>');
            for u in &gabung[i..j] {
                u.tulis(&mut out, &gaya);
            }
            out.push_str("</g>");
        } else {
            gabung[i].tulis(&mut out, &[]);
        }
        i = j;
    }
    out.push_str("</svg>");
    out
}

/// The compact SVG back as plotters would have written it, one string per
/// drawn element: group styles pushed down onto their children, each `M`
/// segment of an unfilled path as a `<polyline points="…">`. For tests
/// that look for an element by its style.
#[cfg(test)]
pub(crate) fn datar(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut gaya: Vec<(String, String)> = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find('<') {
        let r = &rest[i + 1..];
        let Some((tag, r)) = r.split_once('>') else {
            break;
        };
        rest = r;
        if tag.starts_with('/') || tag.starts_with("svg ") || tag == "title" || tag == "desc" {
            if tag == "/g" {
                gaya.clear();
            }
            continue;
        }
        let tertutup = tag.ends_with('/');
        let Some((nama, mut atribut)) = baca_tag(tag.trim_end_matches('/')) else {
            continue;
        };
        if nama == "g" {
            gaya = atribut;
            continue;
        }
        if nama == "title" || nama == "desc" {
            continue;
        }
        atribut.extend(gaya.iter().cloned());
        let isi = if tertutup {
            None
        } else {
            let (isi, r) = rest.split_once(&format!("</{nama}>")).unwrap_or((rest, ""));
            rest = r;
            Some(isi.to_string())
        };
        let polos = |nama: &str, atribut: &[(String, String)]| {
            let mut u = Unsur {
                nama: nama.to_string(),
                atribut: atribut.to_vec(),
                isi: isi.clone(),
                dari_garis: false,
            };
            let mut s = String::new();
            u.tulis(&mut s, &[]);
            u.atribut.clear();
            s
        };
        let garis = nama == "path" && atribut.iter().any(|(k, v)| k == "fill" && v == "none");
        if garis {
            let d = atribut
                .iter()
                .find(|(k, _)| k == "d")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            for seg in d.split('M').filter(|s| !s.trim().is_empty()) {
                let a: Vec<(String, String)> = atribut
                    .iter()
                    .map(|(k, v)| {
                        if k == "d" {
                            ("points".to_string(), seg.trim().to_string())
                        } else {
                            (k.clone(), v.clone())
                        }
                    })
                    .collect();
                out.push(polos("polyline", &a));
            }
        } else {
            out.push(polos(&nama, &atribut));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattening_gives_back_every_element_with_its_style() {
        let els = datar(&ringkas(CONTOH));
        assert_eq!(els.len(), 7, "{els:#?}");
        assert_eq!(
            els[1],
            r##"<polyline fill="none" stroke="#999999" stroke-width="1" points="0,10 5,10"/>"##
        );
        assert!(els[4].starts_with("<text x=\"10\" y=\"20\""));
        assert!(els[4].contains("fill=\"#000000\""));
        assert!(els[4].ends_with(">Kec. A &amp; B</text>"));
    }

    const CONTOH: &str = r##"<svg width="200" height="100" viewBox="0 0 200 100" xmlns="http://www.w3.org/2000/svg">
<rect x="0" y="0" width="200" height="100" opacity="1" fill="#FFFFFF" stroke="none"/>
<polyline fill="none" opacity="1" stroke="#999999" stroke-width="1" points="0,10 5,10 "/>
<polyline fill="none" opacity="1" stroke="#999999" stroke-width="1" points="10,10 15,10 "/>
<polyline fill="none" opacity="1" stroke="#000000" stroke-width="2" points="0,50 100,50 "/>
<text x="10" y="20" dy="0.76em" text-anchor="start" font-family="sans-serif" font-size="12.096774193548388" opacity="1" fill="#000000">
Kec. A &amp; B
</text>
<text x="10" y="40" dy="0.76em" text-anchor="start" font-family="sans-serif" font-size="12.096774193548388" opacity="1" fill="#000000">
Kec. C
</text>
<rect x="5" y="5" width="10" height="10" opacity="0.5" fill="#FF0000" stroke="none"/>
</svg>
"##;

    #[test]
    fn lines_of_one_style_become_one_path_and_runs_share_a_group() {
        let r = ringkas(CONTOH);
        assert_eq!(
            r,
            concat!(
                r##"<svg width="200" height="100" viewBox="0 0 200 100" xmlns="http://www.w3.org/2000/svg">"##,
                r##"<rect x="0" y="0" width="200" height="100" fill="#FFFFFF" stroke="none"/>"##,
                r##"<path fill="none" stroke="#999999" stroke-width="1" d="M0,10 5,10 M10,10 15,10"/>"##,
                r##"<path fill="none" stroke="#000000" stroke-width="2" d="M0,50 100,50"/>"##,
                r##"<g text-anchor="start" font-family="sans-serif" font-size="12.1" fill="#000000">"##,
                r##"<text x="10" y="20" dy="0.76em">Kec. A &amp; B</text>"##,
                r##"<text x="10" y="40" dy="0.76em">Kec. C</text></g>"##,
                r##"<rect x="5" y="5" width="10" height="10" opacity="0.5" fill="#FF0000" stroke="none"/>"##,
                "</svg>"
            )
        );
        assert!(r.len() < CONTOH.len());
    }

    #[test]
    fn what_it_cannot_read_stays_as_it_was() {
        for svg in [
            "<svg width=\"1\"><g><rect x=\"1\"/></g></svg>",
            "<svg width=\"1\"><rect x=1/></svg>",
            "not svg",
            "<svg width=\"1\"><rect x=\"1\"/>",
            "<svg width=\"1\"><text x=\"1\">a<tspan>b</tspan></text></svg>",
        ] {
            assert_eq!(ringkas(svg), svg);
        }
    }

    #[test]
    fn rounding_keeps_what_is_not_a_number() {
        assert_eq!(bulatkan("12.096774193548388"), "12.1");
        assert_eq!(bulatkan("12"), "12");
        assert_eq!(bulatkan("12.96"), "13");
        assert_eq!(bulatkan("besar"), "besar");
    }
}

//! Boundary polygons for the map: GeoJSON files an admin installs (by
//! upload or by configuration), one per level, kelurahan or kecamatan.
//! Without one the map draws the KKMP at their kelurahan centroids from the
//! embedded master data; the project ships no boundary file.
//!
//! A file is accepted only whole: a FeatureCollection of Polygon or
//! MultiPolygon features, each carrying in its properties the Kemendagri
//! code of a kelurahan or kecamatan of Kota Palembang (dotted, "16.71.01",
//! or not, "167101"). Every problem is named with the feature's position.

use chrono::DateTime;
use chrono::Utc;

/// Largest boundary file accepted.
pub const UKURAN_MAKS: usize = 20 * 1024 * 1024;

/// The two levels a boundary file can describe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tingkat {
    Kelurahan,
    Kecamatan,
}

impl Tingkat {
    pub fn code(self) -> &'static str {
        match self {
            Tingkat::Kelurahan => "kelurahan",
            Tingkat::Kecamatan => "kecamatan",
        }
    }
}

/// One area's polygons: rings of (lng, lat), simplified for drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    pub code: String,
    pub cincin: Vec<Vec<(f64, f64)>>,
}

/// A parsed boundary file.
#[derive(Clone, Debug, PartialEq)]
pub struct Batas {
    pub tingkat: Tingkat,
    pub area: Vec<Area>,
}

/// An installed file, as the admin page lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct BatasTerpasang {
    pub tingkat: String,
    pub nama_berkas: String,
    pub sha256: String,
    pub jumlah_wilayah: i64,
    pub dipasang_pada: DateTime<Utc>,
    pub dipasang_oleh: String,
}

/// Points closer than this to the previous kept point are dropped when
/// drawing (about 30 m): the map is 600 pixels wide for 25 km.
pub const LANGKAH_MIN: f64 = 0.0003;

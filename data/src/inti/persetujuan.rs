use chrono::DateTime;
use chrono::Utc;
use model::status::Persetujuan;

/// The state of one (KKMP, month).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keadaan {
    pub kelurahan_code: String,
    pub periode: String,
    pub laporan_id: i64,
    pub versi: i64,
    pub status: Persetujuan,
    pub status_pada: Option<DateTime<Utc>>,
    pub diterima_id: Option<i64>,
    pub dikirim_oleh: String,
}

/// Whether `ke` may follow `dari`, and whether it needs a note.
pub fn boleh(dari: Persetujuan, ke: Persetujuan) -> Option<bool> {
    use Persetujuan::*;
    match (dari, ke) {
        (Diajukan, Diverifikasi) => Some(false),
        (Diajukan | Diverifikasi, Dikembalikan) => Some(true),
        (Diverifikasi, Diterima) => Some(false),
        (Diterima, Dibuka) => Some(true),
        _ => None,
    }
}

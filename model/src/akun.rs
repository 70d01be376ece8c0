//! Accounts, roles and what each role may see and do: the one access policy.
//!
//! The server checks every request against these functions (server
//! functions, page loaders, file endpoints); the pages use the same
//! functions only to decide which links to show. Scope is a Kemendagri code:
//! a kecamatan (`16.71.04`) for a camat, a kelurahan (`16.71.04.1001`) for an
//! operator or a lurah; the other roles have none.

use serde::{Deserialize, Serialize};

/// The roles of docs/domain.md §2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Peran {
    /// Dinas Koperasi: data steward, accepts reports, manages users.
    Admin,
    /// A KKMP's operator: one kelurahan.
    Operator,
    /// The lurah: one kelurahan.
    Lurah,
    /// The camat: one kecamatan; verifies its kelurahan's reports.
    Camat,
    /// Wali Kota, Sekda: read everything.
    Pimpinan,
    /// Inspektorat: read everything, the audit trail.
    Inspektorat,
}

impl Peran {
    pub const ALL: [Peran; 6] = [
        Peran::Admin,
        Peran::Operator,
        Peran::Lurah,
        Peran::Camat,
        Peran::Pimpinan,
        Peran::Inspektorat,
    ];

    /// The stable code stored in the database and typed on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Peran::Admin => "admin",
            Peran::Operator => "operator",
            Peran::Lurah => "lurah",
            Peran::Camat => "camat",
            Peran::Pimpinan => "pimpinan",
            Peran::Inspektorat => "inspektorat",
        }
    }

    pub fn from_code(code: &str) -> Option<Peran> {
        Peran::ALL
            .into_iter()
            .find(|p| p.code() == code.trim().to_ascii_lowercase())
    }

    pub fn label(self) -> &'static str {
        match self {
            Peran::Admin => "Admin Dinas Koperasi",
            Peran::Operator => "Operator KKMP",
            Peran::Lurah => "Lurah",
            Peran::Camat => "Camat",
            Peran::Pimpinan => "Pimpinan (Wali Kota, Sekda)",
            Peran::Inspektorat => "Inspektorat",
        }
    }

    /// What kind of scope code the role needs, if any.
    pub fn cakupan(self) -> Option<TingkatCakupan> {
        match self {
            Peran::Operator | Peran::Lurah => Some(TingkatCakupan::Kelurahan),
            Peran::Camat => Some(TingkatCakupan::Kecamatan),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TingkatCakupan {
    Kecamatan,
    Kelurahan,
}

impl TingkatCakupan {
    pub fn label(self) -> &'static str {
        match self {
            TingkatCakupan::Kecamatan => "kecamatan",
            TingkatCakupan::Kelurahan => "kelurahan",
        }
    }
}

/// The signed-in person, as every request sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Akun {
    pub id: i64,
    pub nama_pengguna: String,
    /// Full name, shown on pages and stored with what the person writes.
    pub nama: String,
    pub peran: Peran,
    /// Kecamatan code (camat) or kelurahan code (operator, lurah).
    pub cakupan: Option<String>,
}

/// The kecamatan code of a kelurahan code (`16.71.04.1001` → `16.71.04`).
pub fn kecamatan_dari(kelurahan_code: &str) -> &str {
    match kelurahan_code.rmatch_indices('.').next() {
        Some((i, _)) if kelurahan_code.matches('.').count() == 3 => &kelurahan_code[..i],
        _ => "",
    }
}

impl Akun {
    /// "Nama (nama_pengguna)", stored with every version and change.
    pub fn tampil(&self) -> String {
        format!("{} ({})", self.nama, self.nama_pengguna)
    }

    fn cakupan_is(&self, code: &str) -> bool {
        self.cakupan.as_deref() == Some(code)
    }

    /// City-wide pages and figures: the city dashboard, every kecamatan and KKMP.
    pub fn baca_kota(&self) -> bool {
        matches!(
            self.peran,
            Peran::Admin | Peran::Pimpinan | Peran::Inspektorat
        )
    }

    pub fn baca_kecamatan(&self, kecamatan_code: &str) -> bool {
        self.baca_kota() || (self.peran == Peran::Camat && self.cakupan_is(kecamatan_code))
    }

    pub fn baca_kkmp(&self, kelurahan_code: &str) -> bool {
        self.baca_kecamatan(kecamatan_dari(kelurahan_code))
            || (matches!(self.peran, Peran::Operator | Peran::Lurah)
                && self.cakupan_is(kelurahan_code))
    }

    /// Send a monthly report (form or file) for this KKMP.
    pub fn kirim_laporan(&self, kelurahan_code: &str) -> bool {
        self.peran == Peran::Admin
            || (matches!(self.peran, Peran::Operator | Peran::Lurah)
                && self.cakupan_is(kelurahan_code))
    }

    /// Upload files of reports (rows outside the scope are refused row by row).
    pub fn unggah(&self) -> bool {
        matches!(self.peran, Peran::Admin | Peran::Operator | Peran::Lurah)
    }

    /// Verify or return a report of this KKMP (the camat of its kecamatan).
    pub fn verifikasi(&self, kelurahan_code: &str) -> bool {
        self.peran == Peran::Camat && self.cakupan_is(kecamatan_dari(kelurahan_code))
    }

    /// Accept, return or reopen reports (Dinas).
    pub fn terima(&self) -> bool {
        self.peran == Peran::Admin
    }

    /// Take approval step `ke` on a report of this KKMP: the camat of its
    /// kecamatan verifies or returns; the Dinas accepts, returns or reopens;
    /// nobody submits by hand (sending a report submits it).
    pub fn langkah(&self, ke: crate::status::Persetujuan, kelurahan_code: &str) -> bool {
        use crate::status::Persetujuan::*;
        match ke {
            Diverifikasi => self.verifikasi(kelurahan_code),
            Dikembalikan => self.verifikasi(kelurahan_code) || self.terima(),
            Diterima | Dibuka => self.terima(),
            Diajukan => false,
        }
    }

    /// Download a report template: one KKMP's, whoever may report for it;
    /// the city recap of all 107, the Dinas.
    pub fn unduh_templat(&self, kelurahan_code: Option<&str>) -> bool {
        match kelurahan_code {
            Some(k) => self.kirim_laporan(k),
            None => self.peran == Peran::Admin,
        }
    }

    /// The rows an export may carry: `None` for the whole city, else the
    /// account's own kecamatan or kelurahan (`-`, matching nothing, for an
    /// account without a scope).
    pub fn cakupan_ekspor(&self) -> Option<String> {
        if self.baca_kota() {
            None
        } else {
            Some(self.cakupan.clone().unwrap_or_else(|| "-".into()))
        }
    }

    /// The verification queue.
    pub fn antrean(&self) -> bool {
        matches!(self.peran, Peran::Admin | Peran::Camat)
    }

    /// Read the targets page and the boundary files.
    pub fn baca_target(&self) -> bool {
        self.baca_kota()
    }

    /// Change reference data: targets, boundary files.
    pub fn kelola_data(&self) -> bool {
        self.peran == Peran::Admin
    }

    pub fn kelola_pengguna(&self) -> bool {
        self.peran == Peran::Admin
    }

    /// The outbox: who was sent what, to which address (Dinas only).
    pub fn baca_kotak_keluar(&self) -> bool {
        self.peran == Peran::Admin
    }

    /// The audit trail and its verification.
    pub fn baca_jejak(&self) -> bool {
        matches!(self.peran, Peran::Admin | Peran::Inspektorat)
    }

    /// The briefing room and the meeting room (read): the city-wide readers.
    pub fn baca_ruang(&self) -> bool {
        self.baca_kota()
    }

    /// Freeze a briefing or a meeting, and keep the tindak lanjut ledger:
    /// the Dinas as the meeting's secretariat and the pimpinan who chairs it.
    pub fn kelola_rapat(&self) -> bool {
        matches!(self.peran, Peran::Admin | Peran::Pimpinan)
    }

    /// The Inspektorat's room: anomalies, risk ranking, evidence exports.
    pub fn audit(&self) -> bool {
        self.baca_jejak()
    }

    /// Mark an anomaly as followed up: the auditors' own judgement.
    pub fn tindak_anomali(&self) -> bool {
        self.peran == Peran::Inspektorat
    }

    /// Log the city's support to a KKMP.
    pub fn catat_intervensi(&self) -> bool {
        self.peran == Peran::Admin
    }

    /// The field verification page: the city-wide readers and the camat
    /// (who sees their kecamatan's visits only). The KKMP's own operator
    /// and lurah, whose reports the visits check, do not.
    pub fn baca_lapangan(&self) -> bool {
        self.baca_kota() || self.peran == Peran::Camat
    }

    /// One visit and its photos: whoever reads that KKMP's kecamatan.
    pub fn baca_kunjungan(&self, kelurahan_code: &str) -> bool {
        self.baca_kecamatan(kecamatan_dari(kelurahan_code))
    }

    /// Record a field visit to this KKMP: the Dinas anywhere, a camat in
    /// their kecamatan.
    pub fn catat_kunjungan(&self, kelurahan_code: &str) -> bool {
        self.peran == Peran::Admin
            || (self.peran == Peran::Camat && self.cakupan_is(kecamatan_dari(kelurahan_code)))
    }

    /// The findings register: the city-wide readers, and the camat (the
    /// findings about their kecamatan and its kelurahan).
    pub fn baca_temuan(&self) -> bool {
        self.baca_kota() || self.peran == Peran::Camat
    }

    /// Whether a finding about `wilayah` (a kecamatan or kelurahan code;
    /// empty for the city) is in this account's view.
    pub fn baca_satu_temuan(&self, wilayah: &str) -> bool {
        self.baca_kota() || (self.peran == Peran::Camat && self.dalam_kecamatan(wilayah))
    }

    /// Open, close and reopen a finding: the Inspektorat's alone.
    pub fn kelola_temuan(&self) -> bool {
        self.peran == Peran::Inspektorat
    }

    /// Report a follow-up on a finding about `wilayah`: the Dinas on any,
    /// a camat on those about their kecamatan and its kelurahan.
    pub fn tindak_temuan(&self, wilayah: &str) -> bool {
        self.peran == Peran::Admin || (self.peran == Peran::Camat && self.dalam_kecamatan(wilayah))
    }

    /// The SIMKOPDES reconciliation: the city-wide readers, and the camat
    /// (the discrepancies of their kecamatan's kelurahan).
    pub fn baca_rekonsiliasi(&self) -> bool {
        self.baca_temuan()
    }

    /// Import a SIMKOPDES export and resolve or reopen a discrepancy: the
    /// Dinas, which keeps the city's side of the national system.
    pub fn kelola_rekonsiliasi(&self) -> bool {
        self.peran == Peran::Admin
    }

    /// Report a follow-up on a discrepancy of `kelurahan_code`: the Dinas,
    /// or the camat of its kecamatan.
    pub fn tindak_selisih(&self, kelurahan_code: &str) -> bool {
        self.tindak_temuan(kelurahan_code)
    }

    /// `wilayah` is this camat's kecamatan or one of its kelurahan.
    fn dalam_kecamatan(&self, wilayah: &str) -> bool {
        !wilayah.is_empty()
            && (self.cakupan_is(wilayah) || self.cakupan_is(kecamatan_dari(wilayah)))
    }

    /// Whether an exported row of this KKMP may go to this account.
    pub fn ekspor_kkmp(&self, kelurahan_code: &str) -> bool {
        self.baca_kkmp(kelurahan_code)
    }

    /// The page a person lands on after signing in.
    pub fn beranda(&self) -> String {
        match (self.peran, self.cakupan.as_deref()) {
            (Peran::Camat, Some(k)) => format!("/kecamatan/{k}"),
            (Peran::Operator | Peran::Lurah, Some(k)) => format!("/kkmp/{k}"),
            _ => "/".to_string(),
        }
    }
}

/// A path is safe to redirect to after signing in only when it stays on
/// this site (no scheme, no `//host`, no backslash tricks).
pub fn lanjut_aman(lanjut: &str) -> Option<&str> {
    let ok = lanjut.starts_with('/')
        && !lanjut.starts_with("//")
        && !lanjut.contains('\\')
        && !lanjut.chars().any(char::is_control)
        && !lanjut.starts_with("/api/");
    ok.then_some(lanjut)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn akun(peran: Peran, cakupan: Option<&str>) -> Akun {
        Akun {
            id: 1,
            nama_pengguna: "x".into(),
            nama: "X".into(),
            peran,
            cakupan: cakupan.map(str::to_string),
        }
    }

    #[test]
    fn scope_follows_the_hierarchy() {
        let camat = akun(Peran::Camat, Some("16.71.04"));
        assert!(camat.baca_kecamatan("16.71.04"));
        assert!(!camat.baca_kecamatan("16.71.05"));
        assert!(camat.baca_kkmp("16.71.04.1001"));
        assert!(!camat.baca_kkmp("16.71.05.1001"));
        // A code that merely starts with the kecamatan code is not in it.
        assert!(!camat.baca_kkmp("16.71.041.1001"));
        assert!(camat.verifikasi("16.71.04.1001"));
        assert!(!camat.kirim_laporan("16.71.04.1001"));
        assert!(!camat.baca_kota());

        let op = akun(Peran::Operator, Some("16.71.04.1001"));
        assert!(op.baca_kkmp("16.71.04.1001"));
        assert!(op.kirim_laporan("16.71.04.1001"));
        assert!(!op.baca_kkmp("16.71.04.1002"));
        assert!(!op.kirim_laporan("16.71.04.1002"));
        assert!(!op.baca_kecamatan("16.71.04"));
        assert!(!op.verifikasi("16.71.04.1001"));

        for p in [Peran::Pimpinan, Peran::Inspektorat] {
            let a = akun(p, None);
            assert!(a.baca_kota() && a.baca_kkmp("16.71.05.1001"));
            assert!(!a.kirim_laporan("16.71.05.1001") && !a.terima() && !a.kelola_data());
        }
        assert!(akun(Peran::Inspektorat, None).baca_jejak());
        assert!(!akun(Peran::Pimpinan, None).baca_jejak());
        assert!(camat.catat_kunjungan("16.71.04.1001") && !camat.catat_kunjungan("16.71.05.1001"));
        assert!(!op.catat_kunjungan("16.71.04.1001") && !op.baca_lapangan());
        assert!(!op.baca_kunjungan("16.71.04.1001"));
        assert!(!akun(Peran::Pimpinan, None).catat_kunjungan("16.71.04.1001"));
        assert!(camat.tindak_temuan("16.71.04.1001") && camat.tindak_temuan("16.71.04"));
        assert!(!camat.tindak_temuan("16.71.05.1001") && !camat.tindak_temuan(""));
        assert!(!camat.kelola_temuan() && akun(Peran::Inspektorat, None).kelola_temuan());
        assert!(!akun(Peran::Inspektorat, None).tindak_temuan("16.71.04"));
        let admin = akun(Peran::Admin, None);
        assert!(admin.catat_kunjungan("16.71.05.1001"));
        assert!(admin.terima() && admin.kelola_pengguna() && !admin.verifikasi("16.71.04.1001"));
    }

    #[test]
    fn kecamatan_of_a_kelurahan() {
        assert_eq!(kecamatan_dari("16.71.04.1001"), "16.71.04");
        assert_eq!(kecamatan_dari("16.71.04"), "");
        assert_eq!(kecamatan_dari(""), "");
    }

    #[test]
    fn only_local_redirects() {
        assert_eq!(
            lanjut_aman("/kkmp/16.71.04.1001"),
            Some("/kkmp/16.71.04.1001")
        );
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "x",
            "/api/masuk",
        ] {
            assert_eq!(lanjut_aman(bad), None, "{bad}");
        }
    }

    #[test]
    fn role_codes_round_trip() {
        for p in Peran::ALL {
            assert_eq!(Peran::from_code(p.code()), Some(p));
        }
        assert_eq!(Peran::from_code("root"), None);
    }
}

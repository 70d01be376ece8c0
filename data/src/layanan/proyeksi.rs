//! Projections of the targets (issue 18): the figures they start from,
//! made once per change of the accepted data (`revisi.diterima`) from the
//! same per-month pass the rooms freeze (`isi_ruang`), for the city and
//! every kecamatan. The model is `inti::proyeksi`.

use crate::error::Result;
use crate::inti::proyeksi::Dasar;
use crate::inti::target::KODE_KOTA;
use model::view::Ringkasan;
use std::sync::Arc;

/// The cache of [`Dasar`] and the revision it was made at.
pub type CacheProyeksi = tokio::sync::Mutex<Option<(i64, Arc<Dasar>)>>;

/// The city's counts: the sum of its kecamatan's (the targetable
/// indicators are shares of counts, or members per KKMP).
fn jumlah(rs: &[&Ringkasan]) -> Ringkasan {
    let mut t = Ringkasan::default();
    for r in rs {
        t.kkmp += r.kkmp;
        t.badan_hukum += r.badan_hukum;
        t.nib += r.nib;
        t.npwp += r.npwp;
        t.rekening += r.rekening;
        t.gerai_sembako += r.gerai_sembako;
        t.operasi_penuh += r.operasi_penuh;
        t.operasi_terbatas += r.operasi_terbatas;
        t.operasi_belum += r.operasi_belum;
        t.pinjaman_cair += r.pinjaman_cair;
        t.anggota += r.anggota;
    }
    t
}

/// The projection of each of `capaian` (the targets as they apply to scope
/// `kode`): (indicator name, the sentence).
pub(crate) fn kalimat(
    d: &Dasar,
    kode: &str,
    capaian: &[model::view::Capaian],
) -> Vec<(String, String)> {
    capaian
        .iter()
        .filter_map(|c| {
            let tenggat = chrono::NaiveDate::parse_from_str(&c.tenggat, "%Y-%m-%d").ok()?;
            let p = d.hitung(kode, &c.indikator, c.target, tenggat)?;
            Some((c.indikator_nama.clone(), p.kalimat(c.persen)))
        })
        .collect()
}

/// The "what if" of the meeting room: at most this many KKMP.
pub const ANDAI_MAKS: i64 = 107;

impl crate::layanan::Pantau {
    /// The meeting room's "what if": for each city target on a share of
    /// KKMP not reached yet, the projected month if `n` more KKMP meet it
    /// next month, beside the month at the present pace.
    pub async fn andai(&self, n: i64) -> Result<(i64, Vec<(String, String)>)> {
        let n = n.clamp(1, ANDAI_MAKS);
        let kota = self.dashboard_kota(None, None, None, false).await?;
        let d = self.dasar_proyeksi().await?;
        let kkmp = kota.kota.kkmp.max(1) as f64;
        let mut out = Vec::new();
        for c in kota.target_kota.iter().filter(|c| c.persen) {
            let Ok(tenggat) = chrono::NaiveDate::parse_from_str(&c.tenggat, "%Y-%m-%d") else {
                continue;
            };
            let Some(p) = d.hitung(KODE_KOTA, &c.indikator, c.target, tenggat) else {
                continue;
            };
            if p.tercapai {
                continue;
            }
            let kini = crate::inti::proyeksi::arah_teks(p.arah_3);
            let andai = crate::inti::proyeksi::arah_teks(p.andai(n as f64 / kkmp));
            out.push((
                c.indikator_nama.clone(),
                format!(
                    "Bila {n} KKMP lagi memenuhinya bulan depan, target {} tercapai: {andai} (dengan laju 3 bulan terakhir: {kini}; tenggat {}).",
                    crate::inti::teks::nilai_teks(c.target, true),
                    model::format::tanggal_iso(&c.tenggat)
                ),
            ));
        }
        Ok((n, out))
    }

    /// The figures every projection starts from, as of the accepted data
    /// now.
    pub async fn dasar_proyeksi(&self) -> Result<Arc<Dasar>> {
        let diterima = self.revisi_lengkap().await?.diterima;
        let mut cache = self.proyeksi.lock().await;
        if let Some((r, d)) = cache.as_ref()
            && *r == diterima
        {
            return Ok(d.clone());
        }
        let basis = self.basis(false).await?;
        let mut dasar = Dasar::default();
        if let Some(p) = basis.periode.first().copied() {
            dasar.periode = Some(p);
            // Each scope's figures at p, p-3 and p-6 (None: not reported).
            let mut bulan: Vec<Option<Vec<(String, Ringkasan)>>> = Vec::new();
            for n in [0, 3, 6] {
                let m = (0..n).fold(p, |x, _| x.prev());
                if !basis.periode.contains(&m) {
                    bulan.push(None);
                    continue;
                }
                let isi = self
                    .isi_ruang(basis.clone(), m, Default::default(), Vec::new(), None)
                    .await?;
                let mut per: Vec<(String, Ringkasan)> = isi
                    .kecamatan
                    .iter()
                    .map(|k| (k.code.clone(), k.ringkasan.clone()))
                    .collect();
                let kota = jumlah(&per.iter().map(|(_, r)| r).collect::<Vec<_>>());
                per.push((KODE_KOTA.to_string(), kota));
                bulan.push(Some(per));
            }
            let nilai = |i: usize, kode: &str, ind: &str| {
                bulan[i].as_ref().and_then(|per| {
                    per.iter()
                        .find(|(c, _)| c == kode)
                        .and_then(|(_, r)| crate::analitik::nilai(ind, r))
                })
            };
            let kode: Vec<String> = std::iter::once(KODE_KOTA.to_string())
                .chain(self.wilayah().kecamatan.iter().map(|k| k.code.clone()))
                .collect();
            for k in &kode {
                for ind in model::indikator::TARGETABLE {
                    if let Some(v0) = nilai(0, k, ind) {
                        dasar.nilai.insert(
                            (k.clone(), ind.to_string()),
                            (v0, nilai(1, k, ind), nilai(2, k, ind)),
                        );
                    }
                }
            }
        }
        let d = Arc::new(dasar);
        *cache = Some((diterima, d.clone()));
        Ok(d)
    }
}

//! The open data (`/data-terbuka`): every file made at once from the
//! accepted figures of every month, kept until an acceptance changes them
//! (`revisi.diterima`), so a portal harvesting it or a crowd reading it
//! costs one computation per change.

use crate::berkas::terbuka as b;
use crate::error::Result;
use model::terbuka::{KECAMATAN, KKMP};
use std::sync::Arc;

/// One published file.
pub struct Berkas {
    pub nama: &'static str,
    pub jenis: &'static str,
    pub isi: Vec<u8>,
    /// A strong ETag: the SHA-256 of the bytes, quoted.
    pub etag: String,
}

/// Every file, for one revision of the accepted data.
pub struct BerkasTerbuka {
    pub diterima: i64,
    url: String,
    pub berkas: Vec<Berkas>,
}

impl BerkasTerbuka {
    pub fn cari(&self, nama: &str) -> Option<&Berkas> {
        self.berkas.iter().find(|f| f.nama == nama)
    }
}

/// The cache of [`BerkasTerbuka`]: one computation at a time.
pub type CacheTerbuka = tokio::sync::Mutex<Option<Arc<BerkasTerbuka>>>;

const CSV: &str = "text/csv; charset=utf-8";
const JSON: &str = "application/json";

impl crate::layanan::Pantau {
    /// The open data's files as of the accepted data now; `url` is the
    /// app's public address, for the links inside them.
    pub async fn data_terbuka(&self, url: &str) -> Result<Arc<BerkasTerbuka>> {
        let url = url.trim_end_matches('/');
        let diterima = self.revisi_lengkap().await?.diterima;
        let mut cache = self.terbuka.lock().await;
        if let Some(c) = cache.as_ref()
            && c.diterima == diterima
            && c.url == url
        {
            return Ok(c.clone());
        }
        let basis = self.basis(false).await?;
        let mut periode = basis.periode.clone();
        periode.reverse();
        let (mut kec, mut kkmp) = (Vec::new(), Vec::new());
        for p in &periode {
            let isi = self
                .isi_ruang(basis.clone(), *p, Default::default(), Vec::new(), None)
                .await?;
            let (a, k) = b::baris_bulan(*p, &isi);
            kec.extend(a);
            kkmp.extend(k);
        }
        let diubah = crate::simpan::laporan::terakhir_diterima(self.db())
            .await?
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default();
        let m = b::Meta {
            url,
            diubah: &diubah,
            periode: &periode,
        };
        let berkas = [
            ("kecamatan.csv", CSV, b::csv(&KECAMATAN, &kec)),
            ("kecamatan.json", JSON, b::json_tabel(&KECAMATAN, &kec, &m)),
            ("kkmp.csv", CSV, b::csv(&KKMP, &kkmp)),
            ("kkmp.json", JSON, b::json_tabel(&KKMP, &kkmp, &m)),
            ("kamus.json", JSON, b::kamus()),
            ("katalog.json", JSON, b::katalog(&m)),
            ("openapi.json", JSON, b::openapi(url)),
        ]
        .into_iter()
        .map(|(nama, jenis, isi)| Berkas {
            nama,
            jenis,
            etag: format!("\"{}\"", &crate::inti::sandi::sha256_hex(&isi)[..32]),
            isi,
        })
        .collect();
        let baru = Arc::new(BerkasTerbuka {
            diterima,
            url: url.to_string(),
            berkas,
        });
        *cache = Some(baru.clone());
        Ok(baru)
    }
}

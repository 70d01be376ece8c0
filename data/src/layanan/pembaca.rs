//! Workbooks are read in a separate process.
//!
//! calamine holds a sheet in memory, and a crafted workbook can ask for
//! more memory than the machine has: in the server process that allocation
//! failure aborts every user's session. So the service never opens a
//! workbook itself. It starts a reader process (the server binary with the
//! `baca-berkas` command, or in tests the `pantau-baca` binary), writes the
//! file to its standard input and reads the sheet back as JSON
//! ([`Lembaran`]). The reader limits itself before it reads anything
//! ([`utama`]): address space [`MEMORI_MAKS`], CPU time [`CPU_MAKS`], no
//! core file. The service waits at most [`WAKTU_MAKS`], reads at most
//! [`KELUARAN_MAKS`] bytes back, runs at most [`PARALEL`] readers at once,
//! and turns every way the reader can fail (killed, aborted, timed out,
//! answer too big or malformed) into a [`Temuan`] for the person who
//! uploaded the file.
//!
//! CSV files are read in the server: the CSV reader streams and allocates
//! per row, and the file's size is capped before anything reads it.

use crate::berkas::impor::{Batas, Jenis, Temuan, Terbaca, kenali};
use crate::berkas::xlsx::{self, Lembaran};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Address space a reader may use: a full 200,000-row recap needs a few
/// hundred MB.
pub const MEMORI_MAKS: u64 = 2 * 1024 * 1024 * 1024;
/// CPU seconds a reader may use.
pub const CPU_MAKS: u64 = 60;
/// How long the service waits for a reader.
pub const WAKTU_MAKS: Duration = Duration::from_secs(90);
/// The largest answer the service reads back.
pub const KELUARAN_MAKS: u64 = 256 * 1024 * 1024;
/// Readers running at once; more uploads wait their turn.
pub const PARALEL: usize = 2;
/// The command the server binary answers as a reader.
pub const PERINTAH: &str = "baca-berkas";

/// How the service starts a reader.
pub struct Pembaca {
    program: PathBuf,
    args: Vec<String>,
    giliran: tokio::sync::Semaphore,
}

impl Pembaca {
    /// Readers are `program args… <name> <size> <rows> <unpacked size>`.
    pub fn proses(program: impl Into<PathBuf>, args: &[&str]) -> Pembaca {
        Pembaca {
            program: program.into(),
            args: args.iter().map(|a| a.to_string()).collect(),
            giliran: tokio::sync::Semaphore::new(PARALEL),
        }
    }

    /// This binary, with the [`PERINTAH`] command: what the server uses.
    pub fn server() -> Pembaca {
        let program = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("/proc/self/exe"));
        Pembaca::proses(program, &[PERINTAH])
    }

    /// Recognises the file, and reads a workbook in a reader process.
    pub async fn baca(&self, bytes: &[u8], nama: &str, batas: Batas) -> Terbaca {
        self.baca_lembar(bytes, nama, batas, xlsx::Pilih::Laporan)
            .await
    }

    /// Like [`Pembaca::baca`], with the sheet a workbook is read from.
    pub async fn baca_lembar(
        &self,
        bytes: &[u8],
        nama: &str,
        batas: Batas,
        pilih: xlsx::Pilih,
    ) -> Terbaca {
        match kenali(bytes, nama, batas) {
            Ok(Jenis::Csv) => Terbaca::Csv,
            Ok(Jenis::Xlsx) => match self.baca_xlsx(bytes, nama, batas, pilih).await {
                Ok(l) => Terbaca::Xlsx(l),
                Err(t) => Terbaca::Ditolak(t),
            },
            Err(t) => Terbaca::Ditolak(t),
        }
    }

    async fn baca_xlsx(
        &self,
        bytes: &[u8],
        nama: &str,
        batas: Batas,
        pilih: xlsx::Pilih,
    ) -> Result<Lembaran, Temuan> {
        let gagal = |sebab: &str| {
            Temuan::berkas(format!(
                "Berkas {nama} tidak dapat dibaca: {sebab}. Salin isinya ke templat Pantau KKMP, simpan sebagai .xlsx, lalu unggah lagi."
            ))
        };
        let _giliran = self
            .giliran
            .acquire()
            .await
            .map_err(|_| gagal("server sedang berhenti"))?;
        // A name is an argument: no NUL, and not longer than a name needs.
        let nama_arg: String = nama.chars().filter(|c| *c != '\0').take(255).collect();
        let mut anak = tokio::process::Command::new(&self.program)
            .args(&self.args)
            .arg(&nama_arg)
            .arg(batas.ukuran.to_string())
            .arg(batas.baris.to_string())
            .arg(batas.isi_xlsx.to_string())
            .arg(pilih.kata())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                tracing::error!(program = %self.program.display(), "cannot start the workbook reader: {e}");
                gagal("pembaca berkas di server tidak dapat dijalankan (hubungi admin)")
            })?;
        let (Some(mut masuk), Some(keluar), Some(galat)) =
            (anak.stdin.take(), anak.stdout.take(), anak.stderr.take())
        else {
            return Err(gagal("pembaca berkas di server tidak dapat dijalankan"));
        };
        let kerja = async move {
            let tulis = async {
                // A reader that stops early closes its input: not an error here.
                let _ = masuk.write_all(bytes).await;
                drop(masuk);
            };
            let mut out = Vec::new();
            let mut err = Vec::new();
            let mut keluar = keluar.take(KELUARAN_MAKS + 1);
            let baca_out = keluar.read_to_end(&mut out);
            // The first 16 KB of its messages for the log; the rest drained,
            // so a chatty reader never blocks on a full pipe.
            let baca_err = async {
                let mut galat = galat;
                let r = (&mut galat).take(16 * 1024).read_to_end(&mut err).await;
                let _ = tokio::io::copy(&mut galat, &mut tokio::io::sink()).await;
                r
            };
            let (_, a, b) = tokio::join!(tulis, baca_out, baca_err);
            if out.len() as u64 > KELUARAN_MAKS {
                return (
                    Err("isinya terlalu besar untuk dibaca".to_string()),
                    out,
                    err,
                );
            }
            let status = anak.wait().await;
            let hasil = match (a, b, status) {
                (Ok(_), Ok(_), Ok(s)) if s.success() => Ok(()),
                (_, _, Ok(s)) => Err(format!("{s}")),
                (_, _, Err(e)) => Err(e.to_string()),
            };
            (hasil, out, err)
        };
        let (hasil, out, err) = match tokio::time::timeout(WAKTU_MAKS, kerja).await {
            Ok(x) => x,
            Err(_) => {
                tracing::warn!(nama = %nama_arg, "workbook reader timed out");
                return Err(gagal("membacanya melebihi batas waktu"));
            }
        };
        if let Err(sebab) = hasil {
            tracing::warn!(
                nama = %nama_arg,
                stderr = %String::from_utf8_lossy(&err),
                "workbook reader failed: {sebab}"
            );
            return Err(if sebab.contains("terlalu besar") {
                gagal(&sebab)
            } else {
                gagal("membacanya melebihi batas memori atau waktu server")
            });
        }
        match serde_json::from_slice::<Result<Lembaran, Temuan>>(&out) {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(nama = %nama_arg, "workbook reader answered malformed JSON: {e}");
                Err(gagal("pembaca berkas memberi jawaban yang rusak"))
            }
        }
    }
}

/// When this process was started as a reader (its first argument is
/// [`PERINTAH`]), runs [`utama`] and exits; otherwise returns. Called first
/// in `main` of every binary that serves as a reader, before any runtime or
/// thread starts.
pub fn layani_bila_diminta() {
    if std::env::args().nth(1).as_deref() == Some(PERINTAH) {
        let args: Vec<String> = std::env::args().skip(2).collect();
        std::process::exit(utama(&args));
    }
}

/// The reader process: `<name> <size> <rows> <unpacked size>` as
/// arguments, the file on standard input, `Result<Lembaran, Temuan>` as
/// JSON on standard output. Limits itself before it reads. Returns the
/// process exit code.
pub fn utama(args: &[String]) -> i32 {
    use rlimit::Resource;
    let batasi = || -> std::io::Result<()> {
        Resource::CORE.set(0, 0)?;
        Resource::AS.set(MEMORI_MAKS, MEMORI_MAKS)?;
        Resource::CPU.set(CPU_MAKS, CPU_MAKS + 1)?;
        Ok(())
    };
    if let Err(e) = batasi() {
        eprintln!("baca-berkas: batas proses tidak dapat dipasang: {e}");
        return 3;
    }
    let angka = |i: usize| args.get(i).and_then(|a| a.parse::<u64>().ok());
    let (Some(nama), Some(ukuran), Some(baris), Some(isi_xlsx)) =
        (args.first(), angka(1), angka(2), angka(3))
    else {
        eprintln!(
            "penggunaan: baca-berkas <nama> <ukuran> <baris> <isi_xlsx> [laporan|pertama] < berkas"
        );
        return 2;
    };
    let pilih = match args.get(4) {
        None => xlsx::Pilih::Laporan,
        Some(k) => match xlsx::Pilih::dari_kata(k) {
            Some(p) => p,
            None => {
                eprintln!("baca-berkas: lembar '{k}' tidak dikenal");
                return 2;
            }
        },
    };
    let batas = Batas {
        ukuran: usize::try_from(ukuran).unwrap_or(usize::MAX),
        baris,
        isi_xlsx,
    };
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin()
        .lock()
        .take(ukuran.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        eprintln!("baca-berkas: {e}");
        return 1;
    }
    let hasil = match kenali(&bytes, nama, batas) {
        Ok(Jenis::Xlsx) => xlsx::baca(&bytes, nama, batas, pilih),
        Ok(Jenis::Csv) => Err(Temuan::berkas(format!("Berkas {nama} bukan berkas Excel."))),
        Err(t) => Err(t),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match serde_json::to_writer(&mut out, &hasil).map(|_| out.flush()) {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            eprintln!("baca-berkas: {e}");
            1
        }
        Err(e) => {
            eprintln!("baca-berkas: {e}");
            1
        }
    }
}

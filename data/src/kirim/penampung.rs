//! A small SMTP server on a local port that takes every message and keeps
//! it in memory: the far side of the outbox's tests and of `bench pesan`
//! (like `berkas::jebakan`, support for them, never started by the
//! server). It speaks enough SMTP for `lettre`: EHLO/HELO, MAIL, RCPT,
//! DATA with dot-unstuffing, RSET, NOOP, QUIT.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One message as received.
#[derive(Clone, Debug)]
pub struct Surat {
    /// The envelope's recipients.
    pub ke: Vec<String>,
    /// Headers and body as sent.
    pub data: String,
}

/// The running server: its port and what it has received.
pub struct Penampung {
    pub port: u16,
    pub surat: Arc<Mutex<Vec<Surat>>>,
}

impl Penampung {
    /// Starts the server on 127.0.0.1, on a free port.
    pub async fn mulai() -> std::io::Result<Penampung> {
        let l = TcpListener::bind("127.0.0.1:0").await?;
        let port = l.local_addr()?.port();
        let surat = Arc::new(Mutex::new(Vec::new()));
        let s = surat.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = l.accept().await {
                let s = s.clone();
                tokio::spawn(async move {
                    let _ = sesi(sock, s).await;
                });
            }
        });
        Ok(Penampung { port, surat })
    }

    /// What has been received so far.
    pub fn diterima(&self) -> Vec<Surat> {
        self.surat.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

async fn sesi(sock: TcpStream, kotak: Arc<Mutex<Vec<Surat>>>) -> std::io::Result<()> {
    // Answers are small writes: without this, Nagle's algorithm and the
    // client's delayed ACK add ~40 ms to every exchange.
    sock.set_nodelay(true)?;
    let (r, mut w) = sock.into_split();
    let mut r = BufReader::new(r);
    w.write_all(b"220 penampung.local ESMTP\r\n").await?;
    let mut ke = Vec::new();
    let mut baris = String::new();
    loop {
        baris.clear();
        if r.read_line(&mut baris).await? == 0 {
            return Ok(());
        }
        let perintah = baris.trim_end().to_string();
        let besar = perintah.to_ascii_uppercase();
        if besar.starts_with("EHLO") || besar.starts_with("HELO") {
            w.write_all(b"250-penampung.local\r\n250 8BITMIME\r\n")
                .await?;
        } else if besar.starts_with("MAIL FROM:") {
            ke.clear();
            w.write_all(b"250 OK\r\n").await?;
        } else if let Some(alamat) = perintah.get(8..).filter(|_| besar.starts_with("RCPT TO:")) {
            ke.push(alamat.trim().trim_matches(['<', '>']).to_string());
            w.write_all(b"250 OK\r\n").await?;
        } else if besar == "DATA" {
            w.write_all(b"354 akhiri dengan .\r\n").await?;
            let mut data = String::new();
            loop {
                baris.clear();
                if r.read_line(&mut baris).await? == 0 {
                    return Ok(());
                }
                if baris == ".\r\n" {
                    break;
                }
                let isi = if baris.starts_with("..") {
                    &baris[1..]
                } else {
                    &baris[..]
                };
                data.push_str(isi);
            }
            if let Ok(mut k) = kotak.lock() {
                k.push(Surat {
                    ke: ke.clone(),
                    data,
                });
            }
            w.write_all(b"250 OK diterima\r\n").await?;
        } else if besar == "QUIT" {
            w.write_all(b"221 sampai jumpa\r\n").await?;
            return Ok(());
        } else if besar == "RSET" || besar == "NOOP" {
            w.write_all(b"250 OK\r\n").await?;
        } else {
            w.write_all(b"502 tidak dikenal\r\n").await?;
        }
    }
}

//! A sliding-window allowance per key, in memory: how many times something
//! may happen in a window (downloads per account). Per app instance: with
//! several instances behind a balancer, an account gets the allowance of
//! each, a bound all the same.

use std::collections::HashMap;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;
use std::time::Instant;

/// Keys remembered before idle ones are dropped.
const KUNCI_MAKS: usize = 10_000;

pub struct Jatah {
    maks: usize,
    jendela: Duration,
    catatan: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Jatah {
    /// At most `maks` times per `jendela` per key.
    pub fn baru(maks: usize, jendela: Duration) -> Jatah {
        Jatah {
            maks,
            jendela,
            catatan: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one from `kunci`'s allowance, or says how long until one is
    /// free again.
    pub fn ambil(&self, kunci: &str) -> Result<(), Duration> {
        self.ambil_pada(kunci, Instant::now())
    }

    fn ambil_pada(&self, kunci: &str, kini: Instant) -> Result<(), Duration> {
        let Ok(mut catatan) = self.catatan.lock() else {
            // A panicked holder: refusing everyone would be worse than
            // counting no one.
            return Ok(());
        };
        let jendela = self.jendela;
        if catatan.len() >= KUNCI_MAKS && !catatan.contains_key(kunci) {
            catatan.retain(|_, q| q.back().is_some_and(|t| kini.duration_since(*t) < jendela));
        }
        let q = catatan.entry(kunci.to_string()).or_default();
        while q
            .front()
            .is_some_and(|t| kini.duration_since(*t) >= jendela)
        {
            q.pop_front();
        }
        if q.len() >= self.maks {
            let tertua = q.front().copied().unwrap_or(kini);
            return Err(jendela.saturating_sub(kini.duration_since(tertua)));
        }
        q.push_back(kini);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allowance_refills_as_the_window_slides() {
        let j = Jatah::baru(3, Duration::from_secs(60));
        let t0 = Instant::now();
        for i in 0..3 {
            assert!(j.ambil_pada("a", t0 + Duration::from_secs(i)).is_ok());
        }
        let tunggu = j.ambil_pada("a", t0 + Duration::from_secs(10)).unwrap_err();
        assert_eq!(tunggu, Duration::from_secs(50));
        // Another key has its own allowance.
        assert!(j.ambil_pada("b", t0 + Duration::from_secs(10)).is_ok());
        // The first one frees after the window.
        assert!(j.ambil_pada("a", t0 + Duration::from_secs(60)).is_ok());
        assert!(j.ambil_pada("a", t0 + Duration::from_secs(60)).is_err());
    }
}

#!/usr/bin/env python3
"""The national roll-up in DuckDB (and Python Polars, when installed) over
the rows `bench analitik kasus nasional` wrote with BENCH_EKSPOR=DIR, side
by side with that run's polars (Rust) times. Run by scripts/bench_nasional.sh.

Optional dependencies: `pip install duckdb polars`. Without them the
comparison is skipped with a message (exit 0): the benchmark is not a test.

The workload is the one `bench analitik` times (bench/src/sintetis.rs,
SQL_ROLLUP): one row per (kecamatan, month) from that month's reports —
count, gerai sembako, operating, members, turnover — joined with the
kecamatan's target; once over the current versions (the stored `terkini`
flag) and once resolving the latest version per (KKMP, month) in the query.
Times are medians of 7 runs after one warm-up, data already in memory.
"""

import json
import statistics
import sys
import time
from pathlib import Path

RUNS = 7

ROLLUP = """
SELECT r.kec, r.p, r.laporan, r.sembako, r.beroperasi, r.anggota, r.omzet, t.nilai_target
FROM (SELECT kec, p, COUNT(*) AS laporan, SUM(CASE WHEN sembako THEN 1 ELSE 0 END) AS sembako,
             SUM(CASE WHEN unit >= 1 THEN 1 ELSE 0 END) AS beroperasi,
             SUM(anggota) AS anggota, SUM(omzet) AS omzet
      FROM {sumber} GROUP BY kec, p) r
LEFT JOIN target t ON t.kec = r.kec
"""
TERKINI = "(SELECT * FROM laporan WHERE terkini)"
RESOLUSI = "(SELECT * FROM laporan QUALIFY versi = max(versi) OVER (PARTITION BY kel, p))"


def median_ms(f):
    f()
    xs = []
    for _ in range(RUNS):
        t = time.perf_counter()
        f()
        xs.append(time.perf_counter() - t)
    return statistics.median(xs) * 1000.0


def duckdb_times(dir_):
    import duckdb

    con = duckdb.connect()
    # Codes are text ("11.0001" would be read as a number otherwise).
    teks = "types={'kel': 'VARCHAR', 'kec': 'VARCHAR'}"
    con.execute(
        f"CREATE TABLE laporan AS SELECT * FROM read_csv('{dir_ / 'laporan.csv'}', {teks})"
    )
    con.execute(
        f"CREATE TABLE target AS SELECT * FROM read_csv('{dir_ / 'target.csv'}', "
        "types={'kec': 'VARCHAR'})"
    )
    n = con.execute("SELECT count(*) FROM laporan").fetchone()[0]
    rows = {}

    def run(sql):
        def f():
            rows["n"] = len(con.execute(sql).fetchall())

        return f

    out = {
        "rollup_terkini": median_ms(run(ROLLUP.format(sumber=TERKINI))),
        "rollup_resolusi": median_ms(run(ROLLUP.format(sumber=RESOLUSI))),
    }
    return f"DuckDB {duckdb.__version__}", n, rows["n"], out


def polars_py_times(dir_):
    import polars as pl

    teks = {"kel": pl.Utf8, "kec": pl.Utf8}
    lap = pl.read_csv(dir_ / "laporan.csv", schema_overrides=teks)
    tgt = pl.read_csv(dir_ / "target.csv", schema_overrides={"kec": pl.Utf8})

    def rollup(lf):
        return (
            lf.group_by("kec", "p")
            .agg(
                pl.len().alias("laporan"),
                pl.col("sembako").sum(),
                (pl.col("unit") >= 1).sum().alias("beroperasi"),
                pl.col("anggota").sum(),
                pl.col("omzet").sum(),
            )
            .join(tgt.lazy(), on="kec", how="left")
            .collect()
        )

    terkini = lambda: rollup(lap.lazy().filter(pl.col("terkini")))
    resolusi = lambda: rollup(
        lap.lazy().filter(pl.col("versi") == pl.col("versi").max().over("kel", "p"))
    )
    return f"Polars (Python) {pl.__version__}", {
        "rollup_terkini": median_ms(terkini),
        "rollup_resolusi": median_ms(resolusi),
    }


def main():
    if len(sys.argv) != 2:
        print("Penggunaan: duckdb_nasional.py DIR  (DIR dari BENCH_EKSPOR)")
        return 2
    dir_ = Path(sys.argv[1])
    ours = json.loads((dir_ / "polars.json").read_text())
    kolom = [("polars (Rust, proyek ini)", ours)]
    try:
        nama, n, hasil_baris, t = duckdb_times(dir_)
        print(f"{nama}: {n} laporan dimuat, roll-up {hasil_baris} baris")
        kolom.append((nama, t))
    except ImportError:
        print("DuckDB tidak terpasang (pip install duckdb): perbandingan DuckDB dilewati.")
    try:
        nama, t = polars_py_times(dir_)
        kolom.append((nama, t))
    except ImportError:
        print("Polars untuk Python tidak terpasang (pip install polars): kolomnya dilewati.")
    if len(kolom) == 1:
        return 0
    langkah = [
        ("rollup_terkini", "roll-up kec×bulan + target, versi terkini"),
        ("rollup_resolusi", "roll-up kec×bulan + target, versi diselesaikan saat baca"),
    ]
    print()
    print(f"{'langkah':<58}" + "".join(f"{k[0][:26]:>28}" for k in kolom))
    for kunci, label in langkah:
        base = ours[kunci]
        sel = []
        for i, (_, t) in enumerate(kolom):
            ms = t[kunci]
            sel.append(f"{ms:>10.1f} ms" + ("" if i == 0 else f" ({ms / base:4.2f}×)"))
        print(f"{label:<58}" + "".join(f"{s:>28}" for s in sel))
    print("\n(n×) = waktu mesin itu dibagi waktu proyek ini: di atas 1 berarti proyek ini lebih cepat.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

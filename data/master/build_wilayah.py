#!/usr/bin/env python3
"""Builds data/master/wilayah.csv, the project's own master data, from the
official reference files (../shared/reference in the development checkout).

Run by hand when the reference changes; the app never reads the reference.
Each kelurahan gets its polygon centroid (area-weighted over all parts, in
lng/lat degrees: at Palembang's size the planar error is far below a metre of
map precision) and its KKMP name.

    python3 data/master/build_wilayah.py ../shared/reference > data/master/wilayah.csv
"""
import csv
import json
import sys
from pathlib import Path


def ring_centroid(ring):
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2.0
    if area == 0:
        return 0.0, 0.0, 0.0
    return area, cx / (6.0 * area), cy / (6.0 * area)


def centroid(geometry):
    polys = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polys = [polys]
    total = sx = sy = 0.0
    for poly in polys:
        for i, ring in enumerate(poly):
            a, x, y = ring_centroid([tuple(p) for p in ring[:-1]])
            # Holes count negatively whatever their winding.
            w = abs(a) if i == 0 else -abs(a)
            total += w
            sx += x * w
            sy += y * w
    return sx / total, sy / total


def main():
    ref = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference")
    geo = json.loads((ref / "palembang_kelurahan.geojson").read_text())
    cent = {f["properties"]["kelurahan_code"]: centroid(f["geometry"]) for f in geo["features"]}
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["kecamatan_code", "kecamatan_name", "kelurahan_code", "kelurahan_name",
                  "kkmp_name", "lat", "lng"])
    with open(ref / "palembang_wilayah.csv", newline="") as f:
        for row in csv.DictReader(f):
            lng, lat = cent[row["kelurahan_code"]]
            out.writerow([row["kecamatan_code"], row["kecamatan_name"], row["kelurahan_code"],
                          row["kelurahan_name"],
                          f"Koperasi Kelurahan Merah Putih {row['kelurahan_name']}",
                          f"{lat:.6f}", f"{lng:.6f}"])


if __name__ == "__main__":
    main()

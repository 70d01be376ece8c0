use chrono::DateTime;
use chrono::Datelike;
use chrono::Duration;
use chrono::FixedOffset;
use chrono::NaiveDate;
use chrono::NaiveTime;
use chrono::TimeZone;
use chrono::Utc;
use model::Periode;

/// Western Indonesia Time, UTC+7: deadlines are in Palembang's clock.
pub fn wib() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// "4 September 2025, 14.05 WIB": a moment as people in Palembang read it.
pub fn waktu_wib(t: DateTime<Utc>) -> String {
    let t = t.with_timezone(&wib());
    format!(
        "{}, {} WIB",
        model::format::tanggal(t.year(), t.month(), t.day()),
        t.format("%H.%M")
    )
}

/// The reporting deadline of `periode`: day `hari` of the next month, end of
/// day WIB. `hari` is clamped to the month's length.
pub fn batas_waktu(periode: Periode, hari: u32) -> DateTime<Utc> {
    let next = periode.next();
    let first = NaiveDate::from_ymd_opt(next.year(), next.month(), 1).expect("valid period");
    let last_day = (first + Duration::days(40))
        .with_day(1)
        .expect("day 1 exists")
        - Duration::days(1);
    let day = hari.clamp(1, last_day.day());
    let date = first.with_day(day).expect("clamped day");
    let end = date.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"));
    wib()
        .from_local_datetime(&end)
        .single()
        .expect("fixed offset is unambiguous")
        .with_timezone(&Utc)
}

/// Whole days after the deadline (0 or less: on time), counted in WIB dates.
pub fn hari_terlambat(periode: Periode, hari_batas: u32, dikirim: DateTime<Utc>) -> i64 {
    let deadline = batas_waktu(periode, hari_batas)
        .with_timezone(&wib())
        .date_naive();
    let sent = dikirim.with_timezone(&wib()).date_naive();
    (sent - deadline).num_days()
}

/// "29 November 2026 pukul 21.05 WIB".
pub fn waktu_panjang(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let w = t.with_timezone(&wib());
    format!(
        "{} pukul {:02}.{:02} WIB",
        model::format::tanggal(w.year(), w.month(), w.day()),
        w.hour(),
        w.minute()
    )
}

/// Today in Palembang.
pub fn hari_ini() -> NaiveDate {
    Utc::now().with_timezone(&wib()).date_naive()
}

/// Days since 1970-01-01: how the analytics core takes dates.
pub fn hari(d: chrono::NaiveDate) -> i32 {
    (d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")).num_days() as i32
}

/// The last day of a month, when targets are judged.
pub fn akhir_bulan(p: Periode) -> NaiveDate {
    let next = p.next();
    NaiveDate::from_ymd_opt(next.year(), next.month(), 1).expect("valid period") - Duration::days(1)
}

/// A stored RFC 3339 time as people read it in WIB ("5 Desember 2026
/// 09.15 WIB"); the text itself when it does not parse.
pub fn waktu_teks(iso: &str) -> String {
    DateTime::parse_from_rfc3339(iso)
        .map(|t| waktu_wib(t.with_timezone(&Utc)))
        .unwrap_or_else(|_| iso.to_string())
}

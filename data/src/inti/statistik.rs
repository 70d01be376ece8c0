/// A robust z-score above this is an outlier.
pub const BATAS_Z: f64 = 3.5;

/// Median of `xs` (None when empty).
pub fn median(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Median absolute deviation, scaled to match a standard deviation on
/// normal data (× 1.4826).
pub fn mad(xs: &[f64]) -> Option<f64> {
    let m = median(xs)?;
    let dev: Vec<f64> = xs.iter().map(|x| (x - m).abs()).collect();
    median(&dev).map(|d| d * 1.4826)
}

/// Whether `x` lies far outside `reference`: a robust z-score above
/// [`BATAS_Z`] and at least half the median away (so that a flat history
/// with MAD 0 does not flag small, ordinary changes).
pub fn pencilan(x: f64, reference: &[f64]) -> bool {
    let (Some(m), Some(s)) = (median(reference), mad(reference)) else {
        return false;
    };
    let gap = (x - m).abs();
    let z = if s > 0.0 {
        gap / s
    } else if gap > 0.0 {
        f64::INFINITY
    } else {
        0.0
    };
    z > BATAS_Z && gap > 0.5 * m.abs().max(1.0)
}

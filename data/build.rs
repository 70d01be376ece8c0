// The migrations are embedded by `sqlx::migrate!`: a new or changed
// migration file must rebuild this crate (sqlx's recommendation).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}

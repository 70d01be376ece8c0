//! The browser entry point: hydrates the islands of the server-rendered
//! page (`app::pulau`). Nothing else lives here; the application is the
//! `app` crate, and only its islands reach the browser bundle.

// Linked for its `#[island]` exports, which the hydration script calls.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}

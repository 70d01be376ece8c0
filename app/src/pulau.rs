//! The islands (`pulau`): the only components hydrated in the browser.
//! Everything else is server-rendered HTML that works without JavaScript;
//! an island only adds a convenience on top of it, so a page whose bundle
//! has not loaded (or never loads) still works.

use leptos::prelude::*;

/// Marks the document as live once the bundle has hydrated
/// (`<html data-hydrated="true">`): end-to-end tests and styles can tell a
/// live page from a static one. Rendered once by the page frame.
#[island]
pub fn TandaHidup() -> impl IntoView {
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}

/// Submits the surrounding form when one of its fields changes, so a GET
/// filter form (month, indicator, "include pending") needs no click on its
/// button. Without JavaScript the button does the same.
#[island]
pub fn KirimSaatBerubah() -> impl IntoView {
    let penanda = NodeRef::<leptos::html::Span>::new();
    Effect::new(move |_| {
        use leptos::wasm_bindgen::JsCast;
        use leptos::wasm_bindgen::closure::Closure;
        let Some(form) = penanda
            .get()
            .and_then(|s| s.closest("form").ok().flatten())
            .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let target = form.clone();
        let kirim = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            let _ = target.request_submit();
        });
        let _ = form.add_event_listener_with_callback("change", kirim.as_ref().unchecked_ref());
        // The listener lives as long as the page (the form is never removed).
        kirim.forget();
    });
    view! { <span node_ref=penanda hidden=true></span> }
}

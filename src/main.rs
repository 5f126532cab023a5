//! Entry point of the browser build; Trunk builds this binary to WebAssembly.

fn main() {
    #[cfg(target_arch = "wasm32")]
    eci_console::start();
}

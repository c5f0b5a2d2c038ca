//! Selects the 32-bit `WCHAR` flavour of libresutils' sources (`resutils::wide::WChar`
//! is `u32`); applies to the library and to this package's tests.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(clusim_wchar32)");
    println!("cargo::rustc-cfg=clusim_wchar32");
}

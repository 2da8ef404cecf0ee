//! The catalogs are compiled into the crate; rebuild it whenever one of them changes.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}

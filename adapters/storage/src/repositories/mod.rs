//! `impl <Port> for Database` for every access port. Reads use the reader pool, writes the
//! caller's unit of work or (for single-row writes) the writer pool.

mod attempts;
mod audit;
mod housekeeping;
mod organisations;
mod sessions;
mod staff;
mod tokens;

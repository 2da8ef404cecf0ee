//! Runs the share-link demo over the `HashMap` adapter and prints what happened.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), String> {
    let outcome = frontdesk_example_share_links_hashmap::demo().await?;
    println!("{outcome:?}");
    Ok(())
}

//! Runs the custom-transport demo and prints what the postbox accepted.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), String> {
    for (to, subject) in frontdesk_example_custom_mailer::demo().await? {
        println!("{to}: {subject}");
    }
    Ok(())
}

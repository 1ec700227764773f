//! Ctrl-C: the first stops reading the input (the requests in flight finish
//! and are recorded), the second aborts.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Whether the job was asked to stop.
#[derive(Clone, Default)]
pub struct Interrupt(Arc<AtomicBool>);

impl Interrupt {
    /// Listens for Ctrl-C (SIGINT) from now on; `job` names what finishes.
    pub fn listen(job: &'static str) -> Self {
        let flag = Interrupt::default();
        let f = flag.clone();
        tokio::spawn(async move {
            while tokio::signal::ctrl_c().await.is_ok() {
                if f.0.swap(true, Ordering::SeqCst) {
                    eprintln!("\nchat-platform: {job} aborted (the journal has every row recorded so far)");
                    std::process::exit(130);
                }
                eprintln!("\nchat-platform: stopping: the requests in flight finish and are recorded (Ctrl-C again aborts)");
            }
        });
        flag
    }

    pub fn stopped(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

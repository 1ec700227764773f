//! What the language bindings of chat-platform share but the core must not
//! hold: forwarding the core's `tracing` events to a host-language logger
//! ([`log`]), turning a caught panic into a message ([`panic_message`]), and
//! keeping a host-language error raised on another thread ([`FirstError`]).

pub mod log;

use std::sync::{Arc, Mutex};

/// The first of the errors a host language raised while a bulk operation ran
/// (a source that threw, a progress callback that threw), kept across
/// threads so that the error the operation ends with can chain it as its
/// cause. Clones share the slot.
pub struct FirstError<E>(Arc<Mutex<Option<E>>>);

impl<E> FirstError<E> {
    /// Keeps `e` unless an earlier error is kept already.
    pub fn keep(&self, e: E) {
        let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(e);
        }
    }

    /// The kept error, leaving the slot empty.
    pub fn take(&self) -> Option<E> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

impl<E> Default for FirstError<E> {
    fn default() -> Self {
        FirstError(Arc::new(Mutex::new(None)))
    }
}

impl<E> Clone for FirstError<E> {
    fn clone(&self) -> Self {
        FirstError(Arc::clone(&self.0))
    }
}

/// The message of a caught panic payload (`&str` or `String`), or
/// `"unknown panic"`.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{panic_message, FirstError};

    #[test]
    fn the_first_error_is_kept_across_clones() {
        let kept = FirstError::default();
        let other = kept.clone();
        std::thread::spawn(move || {
            other.keep("the source threw");
            other.keep("a later error");
        })
        .join()
        .unwrap();
        assert_eq!(kept.take(), Some("the source threw"));
        assert_eq!(kept.take(), None);
    }

    #[test]
    fn panic_payloads_become_messages() {
        let p = std::panic::catch_unwind(|| panic!("static text")).unwrap_err();
        assert_eq!(panic_message(p.as_ref()), "static text");
        let n = 7;
        let p = std::panic::catch_unwind(|| panic!("formatted {n}")).unwrap_err();
        assert_eq!(panic_message(p.as_ref()), "formatted 7");
        let p = std::panic::catch_unwind(|| std::panic::panic_any(42u8)).unwrap_err();
        assert_eq!(panic_message(p.as_ref()), "unknown panic");
    }
}

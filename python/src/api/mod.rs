//! The operations, one file per resource as in the core's `src/api/`: each
//! declared once in an `operations!` table (blocking on `Client`, awaitable
//! on `AsyncClient`), with the lazy iterators and bulk forms beside them.

/// Generates each operation twice: blocking on `Client`, awaitable on
/// `AsyncClient`. pyo3 hands every argument over unconverted (`Raw`) and
/// `args::take` converts it, so a wrong type or value is an error that names
/// the operation and the argument.
macro_rules! operations {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident [$($sig:tt)*] ($core:ident $(, $arg:ident : $ty:ty)*) -> $ret:ty
        $(where { $($pre:tt)* })?
        $body:block
    )*) => {
        #[pymethods]
        impl Client {
            $(
                $(#[doc = $doc])*
                #[pyo3(signature = ($($sig)*))]
                #[allow(clippy::too_many_arguments)]
                fn $name<'py>(&self, py: Python<'py>, $($arg: Option<Raw<'py>>),*) -> PyResult<$ret> {
                    $(let $arg: $ty = args::take(py, stringify!($name), stringify!($arg), $arg)?;)*
                    let $core = self.shared.core()?;
                    $($($pre)*)?
                    runtime::block_on(py, async move $body)
                }
            )*
        }
        #[pymethods]
        impl AsyncClient {
            $(
                $(#[doc = $doc])*
                #[pyo3(signature = ($($sig)*))]
                #[allow(clippy::too_many_arguments)]
                fn $name<'py>(&self, py: Python<'py>, $($arg: Option<Raw<'py>>),*) -> PyResult<Bound<'py, PyAny>> {
                    $(let $arg: $ty = args::take(py, stringify!($name), stringify!($arg), $arg)?;)*
                    let $core = self.shared.core()?;
                    $($($pre)*)?
                    runtime::awaitable(py, concat!("AsyncClient.", stringify!($name)), async move $body)
                }
            )*
        }
    };
}

/// Generates each paged list's lazy iterator twice: on `Client` the sync
/// iterator class, on `AsyncClient` the async one, both over the core stream
/// `$stream(&shared, py, args...)` makes (which checks the arguments).
macro_rules! iterators {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident [$($sig:tt)*] $text:literal ($($arg:ident),*)
            -> $sync:ident / $async_:ident = $stream:ident;
    )*) => {
        #[pymethods]
        impl Client {
            $(
                $(#[doc = $doc])*
                #[doc = ""]
                #[doc = "A lazy iterator (`for item in ...`), one page in memory at a time."]
                #[pyo3(signature = ($($sig)*), text_signature = $text)]
                fn $name<'py>(&self, py: Python<'py>, $($arg: Option<Raw<'py>>),*) -> PyResult<$sync> {
                    $stream(&self.shared, py, $($arg),*).map($sync::new)
                }
            )*
        }
        #[pymethods]
        impl AsyncClient {
            $(
                $(#[doc = $doc])*
                #[doc = ""]
                #[doc = "An async iterator (`async for item in ...`), one page in memory at a time."]
                #[pyo3(signature = ($($sig)*), text_signature = $text)]
                fn $name<'py>(&self, py: Python<'py>, $($arg: Option<Raw<'py>>),*) -> PyResult<$async_> {
                    $stream(&self.shared, py, $($arg),*).map($async_::new)
                }
            )*
        }
    };
}

/// What the operation tables use.
mod prelude {
    pub(crate) use chat_platform as core;
    pub(crate) use pyo3::prelude::*;

    pub(crate) use crate::args::{
        self, Attributes, ChatTypes, DeleteLimit, Hour, Limit, Nicknames, Raw,
    };
    pub(crate) use crate::args::{names, style_arg};
    pub(crate) use crate::bulk::{
        attribute_keys, batches, finish_items, finish_register, names_input, progress_fn,
        register_input, AsyncBatchIterator, BatchIterator, Raised,
    };
    pub(crate) use crate::client::{AsyncClient, Client, Shared};
    pub(crate) use crate::iter::{
        AsyncContactIterator, AsyncMuteIterator, AsyncUserIterator, ContactIterator, MuteIterator,
        UserIterator,
    };
    pub(crate) use crate::records::{
        DeliveryStatus, Nothing, Presence, PyRegisterReport, PyTokenInfo, PyUser, PyUserPage,
    };
    pub(crate) use crate::records::{
        PyContactPage, PyDeletion, PyDevice, PyMutePage, PyMuteStatus, PyPushNicknameReport,
        PyPushSetting, PyUserToken,
    };
    pub(crate) use crate::runtime;
}

mod account;
mod attributes;
mod blocks;
mod contacts;
mod devices;
mod mutes;
mod presence;
mod push;
mod tokens;
mod users;

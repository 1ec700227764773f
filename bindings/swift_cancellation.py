"""Makes the UniFFI-generated Swift cancel Rust futures when their Task is
cancelled (see bindings/generate.sh). Rewrites the file given in place; exits
non-zero, changing nothing, if the generated code is not the shape expected."""

import re
import sys
import textwrap

LOOP = """    var pollResult: Int8;
    repeat {
        pollResult = await withUnsafeContinuation {
            pollFunc(
                rustFuture,
                { handle, pollResult in
                    uniffiFutureContinuationCallback(handle: handle, pollResult: pollResult)
                },
                uniffiContinuationHandleMap.insert(obj: $0)
            )
        }
    } while pollResult != UNIFFI_RUST_FUTURE_POLL_READY
"""

# The same loop (after its first line), under a cancellation handler.
CANCELLABLE_LOOP = (
    "    let canceller = UniffiFutureCanceller(cancel: cancelFunc)\n"
    "    var pollResult: Int8 = 0\n"
    "    await withTaskCancellationHandler {\n"
    + textwrap.indent(LOOP.split("\n", 1)[1], "    ")
    + "    } onCancel: {\n"
    "        // The next poll answers READY, and the completion CALL_CANCELLED.\n"
    "        canceller.cancel(rustFuture)\n"
    "    }\n"
)

SIGNATURE = "    freeFunc: (UInt64) -> (),\n    liftFunc: (F) throws -> T,"
NEW_SIGNATURE = (
    "    freeFunc: (UInt64) -> (),\n"
    "    cancelFunc: @escaping (UInt64) -> (),\n"
    "    liftFunc: (F) throws -> T,"
)
# A Rust future's cancel function may be called from any thread (UniFFI's
# contract), which Swift cannot see in a C function's type.
CANCELLER = """
// A Rust future's cancel function, callable from any thread.
fileprivate struct UniffiFutureCanceller: @unchecked Sendable {
    let cancel: (UInt64) -> ()
}

fileprivate func uniffiRustCallAsync<F, T>("""
DEFINITION = "\nfileprivate func uniffiRustCallAsync<F, T>("
FATAL = '        case CALL_CANCELLED:\n            fatalError("Cancellation not supported yet")'
THROW = "        case CALL_CANCELLED:\n            throw CancellationError()"
# Each call site names its future's free function; the cancel function is its sibling.
CALL = re.compile(r"(\n(\s*)freeFunc: (ffi_\w+)_rust_future_free_(\w+),)")


def main(path: str) -> int:
    text = open(path, encoding="utf-8").read()
    for needle in (LOOP, SIGNATURE, FATAL, DEFINITION):
        if text.count(needle) != 1:
            print(f"swift_cancellation.py: expected one of:\n{needle}", file=sys.stderr)
            return 1
    text = text.replace(LOOP, CANCELLABLE_LOOP).replace(SIGNATURE, NEW_SIGNATURE).replace(FATAL, THROW)
    text = text.replace(DEFINITION, CANCELLER)
    text, calls = CALL.subn(r"\1\n\2cancelFunc: \3_rust_future_cancel_\4,", text)
    # Every call (the definition reads `uniffiRustCallAsync<F, T>(`).
    if calls != text.count("uniffiRustCallAsync("):
        print(f"swift_cancellation.py: {calls} call sites given a cancel function, "
              f"{text.count('uniffiRustCallAsync(')} calls", file=sys.stderr)
        return 1
    open(path, "w", encoding="utf-8").write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

"""The ``chat-platform`` command (the wheel's console script): import, export, delete and
status jobs against the Chat Platform API. ``chat-platform --help`` lists every option."""

import signal
import sys

from ._native import _run_cli


def main() -> None:
    """Runs ``chat-platform`` with this process's arguments and exits with its status."""
    # The command handles Ctrl-C itself (the first finishes the requests in flight and saves
    # the journal, the second aborts); Python's handler would turn it into a KeyboardInterrupt
    # once the command has returned.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(_run_cli(["chat-platform", *sys.argv[1:]]))


if __name__ == "__main__":
    main()

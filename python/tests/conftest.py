import os
import pathlib
import socket
import threading

import pytest

import chat_platform

REPO = pathlib.Path(__file__).resolve().parents[2]


def pytest_sessionstart(session):
    # The tests exercise the installed wheel, never the source tree.
    src = REPO / "python" / "python"
    assert not pathlib.Path(chat_platform.__file__).resolve().is_relative_to(src), chat_platform.__file__
    assert "site-packages" in chat_platform.__file__, chat_platform.__file__


@pytest.fixture(scope="session")
def emu():
    # CHAT_PLATFORM_EMULATOR_URL: an emulator of another process (a
    # chat-emulator binary from dist/, the Windows one under Wine included).
    url = os.environ.get("CHAT_PLATFORM_EMULATOR_URL")
    if url:
        from remote_emulator import RemoteEmulator

        yield RemoteEmulator(url)
        return
    with chat_platform.Emulator() as e:
        yield e


@pytest.fixture
def fresh(emu):
    emu.reset()
    return emu


@pytest.fixture
def client(fresh):
    with chat_platform.Client(
        base_url=fresh.url,
        app_key=fresh.app_key,
        client_id=fresh.client_id,
        client_secret=fresh.client_secret,
        retry_base_delay=0.001,
        min_token_interval=0.0,
    ) as c:
        yield c


class SilentServer(str):
    """The URL of a port that accepts connections and never answers; `connections` holds
    every connection accepted so far."""

    connections: list


@pytest.fixture
def silent_server():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    url = SilentServer(f"http://127.0.0.1:{s.getsockname()[1]}")
    url.connections = []
    stop = threading.Event()

    def accept():
        s.settimeout(0.05)
        while not stop.is_set():
            try:
                url.connections.append(s.accept()[0])
            except OSError:
                pass

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield url
    stop.set()
    t.join()
    for c in url.connections:
        c.close()
    s.close()


def pytest_report_header(config):
    return f"chat_platform {chat_platform.__version__} from {os.path.dirname(chat_platform.__file__)}"

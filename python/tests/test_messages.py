"""What a new user meets first: whole-call timeouts, errors that say what they
are about, a quiet library, constructor errors naming the keyword, typed
context managers and the renamed delete_oldest_users."""

import socket
import subprocess
import sys
import textwrap
import time

import pytest

import chat_platform
from chat_platform import Client, ConfigurationError, NewUser, NotFoundError


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_request_timeout_bounds_the_whole_call(silent_server):
    c = Client(base_url=silent_server, app_key="org#app", client_id="id", client_secret="s3cret-value",
               request_timeout=1)
    t0 = time.monotonic()
    with pytest.raises(chat_platform.TransportError) as e:
        c.get_user("alice")
    took = time.monotonic() - t0
    assert 0.95 <= took < 2.5, took
    assert e.value.timeout
    assert e.value.operation == "get_user"
    m = str(e.value)
    assert m.startswith("get_user: fetching the app token: timed out"), m
    assert silent_server[len("http://"):] in m and "after 1 attempt" in m, m
    assert "s3cret-value" not in m


def test_transport_errors_name_the_host_and_the_operation_called():
    port = closed_port()
    c = Client(base_url=f"http://127.0.0.1:{port}", app_key="org#app", client_id="id", client_secret="s",
               max_attempts=1)
    with pytest.raises(chat_platform.TransportError) as e:
        c.get_user("alice")
    m = str(e.value)
    assert m.startswith(f"get_user: fetching the app token: could not connect to http://127.0.0.1:{port}"), m
    assert "client error (Connect)" not in m


def test_not_found_and_conflict_name_the_user(client):
    with pytest.raises(NotFoundError) as e:
        client.get_user("nobody")
    assert str(e.value).startswith('get_user: user "nobody" not found'), e.value
    assert e.value.server_code == "service_resource_not_found" == e.value.code
    assert e.value.server_description and e.value.server_description == e.value.description
    client.register_user("alice", "pw-12345")
    with pytest.raises(chat_platform.ConflictError) as e:
        client.register_user("alice", "pw-12345")
    assert 'user "alice" already exists' in str(e.value)


def test_nothing_reaches_stderr_unless_logging_is_configured():
    script = textwrap.dedent(f"""
        import chat_platform
        c = chat_platform.Client(base_url="http://127.0.0.1:{closed_port()}", app_key="org#app",
                                 client_id="id", client_secret="s", max_attempts=3, retry_base_delay=0.01)
        try:
            c.get_user("alice")
        except chat_platform.TransportError as e:
            print("failed:", e.kind)
    """)
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "failed: TRANSPORT"
    assert r.stderr == "", r.stderr
    # Configured at INFO, the retries are there.
    script = "import logging; logging.basicConfig(level=logging.INFO)\n" + script
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert "retrying" in r.stderr, r.stderr


@pytest.mark.parametrize("cls", [chat_platform.Client, chat_platform.AsyncClient])
def test_constructor_type_errors_name_the_class_and_the_keyword(cls):
    name = cls.__name__
    for kwargs, keyword in [
        ({"request_timeout": "5"}, "request_timeout"),
        ({"max_attempts": 2.5}, "max_attempts"),
        ({"rate_limits": "yes"}, "rate_limits"),
        ({"app_key": 42}, "app_key"),
        ({"connect_timeout": True}, "connect_timeout"),
    ]:
        with pytest.raises(TypeError) as e:
            cls(**{"base_url": "http://127.0.0.1:1", "app_key": "org#app", "token": "t", **kwargs})
        assert str(e.value).startswith(f"{name}: `{keyword}` must be"), e.value
    with pytest.raises(TypeError) as e:
        cls(request_timout=5)
    assert "request_timout" in str(e.value)


def test_configuration_errors_always_name_the_field():
    base = {"base_url": "http://127.0.0.1:1", "token": "t"}
    for kwargs, field in [
        ({}, "app_key"),
        ({"app_key": "no-hash"}, "app_key"),
        ({"app_key": "org#app", "request_timeout": 0}, "request_timeout"),
        ({"app_key": "org#app", "attempt_timeout": -1}, "attempt_timeout"),
        ({"app_key": "org#app", "max_attempts": 0}, "max_attempts"),
        ({"app_key": "org#app", "base_url": "ftp://x"}, "base_url"),
    ]:
        with pytest.raises(ConfigurationError) as e:
            Client(**{**base, **kwargs})
        assert e.value.field == field, (kwargs, e.value.field, str(e.value))
        assert f"`{field}`" in str(e.value), e.value


def test_new_user_and_emulator_name_the_argument():
    with pytest.raises(TypeError) as e:
        NewUser(None, "pw")  # type: ignore[arg-type]
    assert str(e.value).startswith("NewUser: `username` must be"), e.value
    with pytest.raises(TypeError) as e:
        NewUser("bob", 12345)  # type: ignore[arg-type]
    assert str(e.value).startswith("NewUser: `password` must be"), e.value
    with pytest.raises(TypeError) as e:
        chat_platform.Emulator(prot=9000)  # type: ignore[call-arg]
    assert "Emulator" in str(e.value) and "prot" in str(e.value), e.value


def test_help_describes_every_keyword_with_its_unit():
    doc = Client.__doc__ or ""
    for keyword in ["request_timeout", "attempt_timeout", "connect_timeout", "max_attempts", "rate_limit_scale",
                    "proxy_from_env", "ca_certificate_files", "seconds"]:
        assert keyword in doc, keyword
    assert "request_timeout=30.0" in (Client.__text_signature__ or "")
    assert "request_timeout" in (chat_platform.AsyncClient.__doc__ or "")


def test_context_managers_type_check_under_mypy_strict(tmp_path):
    src = tmp_path / "use.py"
    src.write_text(textwrap.dedent("""
        import chat_platform

        def url() -> str:
            with chat_platform.Emulator(rate_limits=True, latency_ms=5) as emu:
                return emu.url

        def key() -> str:
            with chat_platform.Client(base_url="http://x", app_key="o#a", token="t") as c:
                return c.app_key

        async def akey() -> str:
            async with chat_platform.AsyncClient(base_url="http://x", app_key="o#a", token="t") as c:
                return c.app_key
    """))
    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(src)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_delete_users_is_a_deprecated_alias(client, fresh):
    for i in range(3):
        client.register_user(f"u{i}", "pw-12345")
    with pytest.warns(DeprecationWarning, match="delete_oldest_users"):
        page = client.delete_users(1)
    assert [u.username for u in page.users] == ["u0"]
    page = client.delete_oldest_users(1)
    assert [u.username for u in page.users] == ["u1"]

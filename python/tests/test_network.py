"""Proxies and TLS from Python: the HTTPS emulator with and without its CA, and
the real proxies of scripts/test-proxies.sh (python-test.sh runs pytest under it)."""

import os
import pathlib
import time

import pytest

import chat_platform
from chat_platform import Client, Emulator
from chat_platform.exceptions import ConfigurationError, NotFoundError, TransportError
from conftest import REPO


def env(name):
    value = os.environ.get(name)
    assert value, f"{name} is not set: run under scripts/test-proxies.sh (python-test.sh does)"
    return value


def log(name):
    return REPO / env(name)


def log_has(path: pathlib.Path, needle: str) -> bool:
    for _ in range(50):
        if needle in path.read_text():
            return True
        time.sleep(0.02)
    return False


def client(emu, base=None, **kw):
    kw.setdefault("proxy_from_env", False)
    return Client(base_url=base or emu.url, app_key=emu.app_key, client_id=emu.client_id,
                  client_secret=emu.client_secret, max_attempts=2, retry_base_delay=0.001,
                  connect_timeout=2.0, **kw)


def test_https_needs_the_emulators_ca_and_works_with_it(tmp_path):
    with Emulator(tls=True) as emu:
        assert emu.url.startswith("https://127.0.0.1:")
        ca = emu.ca_pem
        assert ca and ca.startswith("-----BEGIN CERTIFICATE-----")
        with pytest.raises(ConfigurationError) as e:
            client(emu).fetch_token()
        assert "TLS failed" in str(e.value) and "ca_certificates" in str(e.value)
        assert e.value.retryable is False
        c = client(emu, ca_certificates=ca)
        c.register_user("tls-py", "pw-12345")
        assert c.get_user("tls-py").username == "tls-py"
        pem = tmp_path / "emulator-ca.pem"
        pem.write_text(ca)
        by_name = emu.url.replace("127.0.0.1", "localhost")
        assert client(emu, base=by_name, ca_certificate_files=[pem]).get_user("tls-py").username == "tls-py"
        assert emu.client().get_user("tls-py").username == "tls-py"
    with Emulator() as plain:
        assert plain.ca_pem is None


def test_a_bad_ca_is_a_configuration_error_at_construction():
    with Emulator() as emu:
        with pytest.raises(ConfigurationError, match="CA certificate #1"):
            client(emu, ca_certificates="not a certificate")
        with pytest.raises(ConfigurationError, match="/nonexistent/ca.pem"):
            client(emu, ca_certificate_files="/nonexistent/ca.pem")
        with pytest.raises(TypeError, match="Client: `ca_certificates\\[0\\]` must be a str, not int"):
            client(emu, ca_certificates=[5])


def test_through_the_proxy_a_connect_tunnel_and_no_proxy():
    proxy, proxy_log = env("CHAT_PLATFORM_TEST_PROXY"), log("CHAT_PLATFORM_TEST_PROXY_LOG")
    with Emulator() as emu:
        c = client(emu, proxy=proxy)
        c.register_user("via-proxy-py", "pw-12345")
        c.get_user("via-proxy-py")
        path = f"{emu.url}/demo-org/demo-app/users/via-proxy-py"
        assert log_has(proxy_log, f"GET {path}")
        client(emu, proxy=proxy, no_proxy=["example.invalid", "127.0.0.1"]).get_user("via-proxy-py")
        time.sleep(0.2)
        assert proxy_log.read_text().count(f"GET {path}") == 1, "a NO_PROXY host went through the proxy"
    with Emulator(tls=True) as emu:
        client(emu, proxy=proxy, ca_certificates=[emu.ca_pem]).fetch_token()
        port = emu.url.rsplit(":", 1)[1]
        assert log_has(proxy_log, f"CONNECT 127.0.0.1:{port}")


def test_proxy_credentials_are_sent_and_never_shown(caplog):
    import logging
    auth = env("CHAT_PLATFORM_TEST_AUTH_PROXY")
    user, password = env("CHAT_PLATFORM_TEST_AUTH_PROXY_USER"), env("CHAT_PLATFORM_TEST_AUTH_PROXY_PASSWORD")
    with Emulator() as emu, caplog.at_level(logging.DEBUG, logger="chat_platform"):
        # A GET with a fixed token: tinyproxy answers a POST's 407 before
        # reading its body and resets the connection.
        refused_client = Client(base_url=emu.url, app_key=emu.app_key, token="a-fixed-token",
                                proxy=auth, proxy_from_env=False, max_attempts=1)
        with pytest.raises(ConfigurationError) as refused:
            refused_client.get_user("anyone")
        assert refused.value.status == 407 and "needs valid credentials" in str(refused.value)
        in_url = auth.replace("http://", f"http://{user}:{password}@")
        emu.client().register_user("auth-proxy-py", "pw-12345")
        for c in (client(emu, proxy=auth, proxy_username=user, proxy_password=password),
                  client(emu, proxy=in_url)):
            assert c.get_user("auth-proxy-py").username == "auth-proxy-py"
            with pytest.raises(NotFoundError) as nf:
                c.get_user("nobody")
            shown = [repr(c), str(c), str(nf.value), repr(nf.value)] + [r.getMessage() for r in caplog.records]
            assert not [s for s in shown if password in s], "the proxy password shows"
        assert log_has(log("CHAT_PLATFORM_TEST_AUTH_PROXY_LOG"), "auth-proxy-py")


def test_a_dead_proxy_fails_fast_with_a_transport_error_naming_it():
    dead = env("CHAT_PLATFORM_TEST_DEAD_PROXY")
    with Emulator() as emu:
        started = time.monotonic()
        with pytest.raises(TransportError) as e:
            client(emu, proxy=dead, proxy_username="someone", proxy_password="hunter2-secret").fetch_token()
        assert time.monotonic() - started < 5
        assert f"through the proxy {dead.removeprefix('http://')}" in str(e.value)
        assert "hunter2-secret" not in str(e.value) + repr(e.value)


def test_the_environments_proxies_apply_as_curl_reads_them():
    # scripts/test-proxies.sh exports HTTP_PROXY and NO_PROXY=127.0.0.1: by
    # name through the proxy, by address direct.
    proxy_log = log("CHAT_PLATFORM_TEST_PROXY_LOG")
    with Emulator() as emu:
        by_name = emu.url.replace("127.0.0.1", "localhost")
        client(emu, base=by_name, proxy_from_env=True).register_user("env-proxy-py", "pw-12345")
        assert log_has(proxy_log, f"{by_name}/demo-org/demo-app/users")
        client(emu, proxy_from_env=True).get_user("env-proxy-py")
        time.sleep(0.2)
        assert f"{emu.url}/demo-org/demo-app/users/env-proxy-py" not in proxy_log.read_text()


def test_bad_arguments_name_the_operation_and_the_argument():
    with Emulator() as emu:
        c = emu.client()
        with pytest.raises(TypeError) as e:
            c.get_user(None)
        assert str(e.value) == "get_user: `username` must be a str, not None"
        with pytest.raises(chat_platform.exceptions.InvalidInputError) as e:
            c.set_no_disturb("bob", -1, 5)
        assert str(e.value) == "set_no_disturb: invalid `start_hour`: must be an hour 0-23 (got -1)"
        assert e.value.field == "start_hour" and e.value.operation == "set_no_disturb"
        for call, message in [
            (lambda: c.set_no_disturb("bob", 1, "5"), "set_no_disturb: `end_hour` must be an int, not str"),
            (lambda: c.set_no_disturb("bob", True, 5), "set_no_disturb: `start_hour` must be an int, not bool"),
            (lambda: c.register_user("a", "pw", 5), "register_user: `nickname` must be a str or None, not int"),
            (lambda: c.list_users(limit="10"), "list_users: `limit` must be an int or None, not str"),
            (lambda: c.block_users("a", "bob"), "block_users: `usernames` must be a list of str, not str"),
            (lambda: c.users_status(["a", 2]), "users_status: `usernames[1]` must be a str, not int"),
            (lambda: c.register_users([{"username": "a"}]), "register_users: `users[0].password` is missing"),
        ]:
            with pytest.raises(TypeError) as e:
                call()
            assert str(e.value) == message
        for call, message in [
            (lambda: c.delete_oldest_users(-3), "delete_oldest_users: invalid `limit`: must be between 1 and 500 (got -3)"),
            (lambda: c.list_users(limit=10**30), "list_users: invalid `limit`: must be between 1 and 100 (got 9223372036854775807)"),
            (lambda: c.iter_users(page_size=0), "iter_users: invalid `page_size`: must be between 1 and 100 (got 0)"),
            (lambda: c.users_status(iter(["a"]), total=-1), "users_status: invalid `total`: must be a count, 0 or more (got -1)"),
            (lambda: c.register_users_iter([], total=-5), "register_users: invalid `total`: must be a count, 0 or more (got -5)"),
        ]:
            with pytest.raises(chat_platform.exceptions.InvalidInputError) as e:
                call()
            assert str(e.value) == message
        assert emu.stats()["total_requests"] == 0, "nothing was sent"

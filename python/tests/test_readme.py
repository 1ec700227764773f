"""The package README's Python examples (python/README.md, what PyPI shows) run as written
against the installed wheel."""

import os
import re

from conftest import REPO


def test_readme_python_examples_run(capsys, monkeypatch):
    assert os.environ.get("CHAT_PLATFORM_TEST_REDIS"), "run through scripts/test-redis.sh (make test does)"
    monkeypatch.setenv("REDIS_URL", os.environ["CHAT_PLATFORM_TEST_REDIS"])
    text = (REPO / "python" / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 6, "python/README.md has its examples"
    for code in blocks:
        exec(compile(code, "python/README.md", "exec"), {"__name__": "readme"})
    out = capsys.readouterr().out
    assert "alice" in out
    assert "bob already_gone" in out
    assert "carol 1 token grant for 3 clients" in out
    assert "token over TLS" in out
    assert "span POST /token 200 UNSET" in out
    assert "span POST /users 200 UNSET" in out
    assert "span GET /users/{username} 404 ERROR" in out
    assert "attempts timed: 3" in out


def test_root_readme_has_no_python_block_left_untested():
    text = (REPO / "README.md").read_text()
    assert "```python" not in text, "Python examples belong in python/README.md, where this test runs them"

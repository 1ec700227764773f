"""The README's Python example runs as written against the installed wheel."""

import os
import re

from conftest import REPO


def test_readme_python_example_runs(capsys, monkeypatch):
    assert os.environ.get("CHAT_PLATFORM_TEST_REDIS"), "run through scripts/test-redis.sh (make test does)"
    monkeypatch.setenv("REDIS_URL", os.environ["CHAT_PLATFORM_TEST_REDIS"])
    text = (REPO / "README.md").read_text()
    sections = [text.split(f"## {title}", 1)[1].split("\n## ", 1)[0] for title in ("Python", "What a repeat does", "Fleet mode")]
    blocks = [b for section in sections for b in re.findall(r"```python\n(.*?)```", section, re.S)]
    assert blocks, "the README has a Python example"
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    out = capsys.readouterr().out
    assert "alice" in out
    assert "bob already_gone" in out
    assert "carol 1 token grant for 3 clients" in out

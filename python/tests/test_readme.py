"""The README's Python example runs as written against the installed wheel."""

import re

from conftest import REPO


def test_readme_python_example_runs(capsys):
    text = (REPO / "README.md").read_text()
    sections = [text.split(f"## {title}", 1)[1].split("\n## ", 1)[0] for title in ("Python", "What a repeat does")]
    blocks = [b for section in sections for b in re.findall(r"```python\n(.*?)```", section, re.S)]
    assert blocks, "the README has a Python example"
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    out = capsys.readouterr().out
    assert "alice" in out
    assert "bob already_gone" in out

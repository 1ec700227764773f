"""The wheel's ``chat-platform`` command, installed in this venv, against the emulator: an import
killed with SIGKILL at random moments and resumed, bad rows, secrets on the command line, an
existing journal, Ctrl-C, export, status and delete."""

import json
import os
import pathlib
import random
import signal
import subprocess
import sys
import time

import chat_platform

COMMAND = pathlib.Path(sys.executable).parent / "chat-platform"


def env_for(emu):
    return {
        "PATH": os.environ.get("PATH", ""),
        "CHAT_PLATFORM_BASE_URL": emu.url,
        "CHAT_PLATFORM_APP_KEY": emu.app_key,
        "CHAT_PLATFORM_CLIENT_ID": emu.client_id,
        "CHAT_PLATFORM_CLIENT_SECRET": emu.client_secret,
    }


def run(emu, *args):
    return subprocess.run([str(COMMAND), *args], env=env_for(emu), capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120)


def summary(done):
    assert done.stdout.strip(), done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def users_csv(path, prefix, n):
    path.write_text("username,password\n" + "".join(f"{prefix}{i},pw-{i:06}\n" for i in range(n)))


def test_the_command_is_installed_with_the_wheel():
    assert COMMAND.exists(), f"{COMMAND}: the wheel's console script"
    done = subprocess.run([str(COMMAND), "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == f"chat-platform {chat_platform.__version__}", done


def test_an_import_killed_at_random_and_resumed_creates_every_user_once(tmp_path):
    with chat_platform.Emulator(rate_limits=True, latency_ms=5) as emu:
        file = tmp_path / "users.csv"
        users_csv(file, "k", 20_000)
        journal = tmp_path / "users.csv.journal"
        killed = 0
        for _ in range(4):
            args = [str(COMMAND), "import", str(file), "--quiet"] + (["--resume"] if journal.exists() else [])
            child = subprocess.Popen(args, env=env_for(emu), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(random.uniform(0.3, 1.0))  # 20,000 rows take about 3.5 s
            if child.poll() is None:
                killed += 1
            child.send_signal(signal.SIGKILL)
            child.wait()
        assert killed >= 2, killed
        done = run(emu, "import", str(file), "--resume", "--quiet", "--json")
        s = summary(done)
        assert done.returncode == 0, (s, done.stderr)
        assert (s["rows"], s["created"], s["failed"]) == (20_000, 20_000, 0), s
        assert emu.stats()["users"] == 20_000
        names = [u.username for u in emu.client().iter_users()]
        assert len(names) == len(set(names)) == 20_000


def test_bad_rows_secrets_and_an_existing_journal(fresh, tmp_path):
    file = tmp_path / "users.csv"
    file.write_text("username,password,age\nalice,pw-1,30\nbad name,pw-2,31\nALICE,pw-3,32\n")
    failures = tmp_path / "failed.csv"
    done = run(fresh, "import", str(file), "--json", "--failures", str(failures))
    s = summary(done)
    assert done.returncode == 1 and (s["created"], s["skipped"]) == (1, 2), s
    assert s["ignored_columns"] == ["age"]
    assert failures.read_text().splitlines()[1].startswith("3,bad name,INVALID_ROW,")
    again = run(fresh, "import", str(file))
    assert again.returncode == 2 and "--resume" in again.stderr and "--restart" in again.stderr, again.stderr
    refused = run(fresh, "export", "--client-secret", "S3CRET-VALUE")
    assert refused.returncode == 2 and "CHAT_PLATFORM_CLIENT_SECRET" in refused.stderr, refused.stderr
    assert "S3CRET-VALUE" not in refused.stderr + refused.stdout


def test_ctrl_c_saves_the_journal_and_resume_finishes(tmp_path):
    with chat_platform.Emulator(rate_limits=True, latency_ms=5) as emu:
        file = tmp_path / "users.csv"
        users_csv(file, "i", 20_000)
        child = subprocess.Popen([str(COMMAND), "import", str(file), "--quiet"], env=env_for(emu),
                                 stderr=subprocess.PIPE, text=True)
        time.sleep(1.2)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
        assert child.returncode == 130, err
        assert "--resume` goes on" in err, err
        assert 0 < emu.stats()["users"] < 20_000
        s = summary(run(emu, "import", str(file), "--resume", "--quiet", "--json"))
        assert (s["created"], s["failed"]) == (20_000, 0), s


def test_export_status_and_delete(fresh, tmp_path):
    fresh.client().register_users([chat_platform.NewUser(f"e{i}", f"pw-{i:06}") for i in range(120)])
    out = run(fresh, "export", "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    assert sorted(json.loads(line)["username"] for line in out.stdout.splitlines()) == sorted(f"e{i}" for i in range(120))
    names = tmp_path / "names.txt"
    names.write_text("".join(f"e{i}\n" for i in range(120)))
    fresh.set_presence("e5", True)
    st = run(fresh, "status", str(names), "--quiet")
    rows = st.stdout.splitlines()
    assert (len(rows), rows[0], rows[6]) == (121, "username,status", "e5,online"), st.stderr
    gone = summary(run(fresh, "delete", str(names), "--yes", "--quiet", "--json"))
    assert (gone["deleted"], gone["failed"]) == (120, 0), gone
    assert fresh.stats()["users"] == 0

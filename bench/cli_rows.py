"""Writes a CSV of N users for `chat-platform import`: bench/cli_rows.py FILE N PREFIX."""

import sys

path, n, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as f:
    f.write("username,password,nickname\n")
    for i in range(n):
        f.write(f"{prefix}{i},pw-{i:07},User {i}\n")

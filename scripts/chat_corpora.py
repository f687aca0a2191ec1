#!/usr/bin/env python3
"""The shared chat corpora against a running server, each held to a floor.

  scripts/chat_corpora.py --base http://127.0.0.1:PORT [--shared ../shared]

The server must let one user send turns as fast as the tools do: start it with
CHAT_RATE_LIMIT=0 (scripts/chat-eval.sh does) or in single-user mode.

Runs ../shared/tools/chat-eval on dev.jsonl and dates-dev.jsonl and
../shared/tools/real-eval on real-dev.jsonl, prints each score, and exits 1
when a score is below its floor (FLOORS). The floors follow the scores up:
raise one whenever the chat gets better, never lower one to let a change in.
"""
import argparse
import re
import subprocess
import sys
from pathlib import Path

# corpus file -> (checker in shared/tools, lowest passing score in percent)
FLOORS = {
    "dev.jsonl": ("chat-eval", 100.0),
    "dates-dev.jsonl": ("chat-eval", 95.0),
    "real-dev.jsonl": ("real-eval", 90.0),
}
SCORE = re.compile(r"^score: (\d+)/(\d+) = ([\d.]+)%$", re.M)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parent.parent.parent / "shared"))
    args = ap.parse_args()
    shared = Path(args.shared)
    failed = []
    for corpus, (checker, floor) in FLOORS.items():
        run = subprocess.run([str(shared / "tools" / checker), "--base", args.base, str(shared / "chat-corpus" / corpus)],
                             capture_output=True, text=True)
        match = SCORE.search(run.stdout)
        if not match:
            print(run.stdout + run.stderr, end="")
            failed.append(f"{corpus}: {checker} printed no score (exit {run.returncode})")
            continue
        passed, total, percent = int(match[1]), int(match[2]), float(match[3])
        verdict = "ok" if percent >= floor else "BELOW THE FLOOR"
        print(f"{corpus:16} {passed:4}/{total:<4} = {percent:5.1f}%  (floor {floor:.0f}%)  {verdict}")
        if percent < floor:
            # The failed cases, so that the log says what broke.
            print("".join(line + "\n" for line in run.stdout.splitlines() if line.startswith("FAIL")), end="")
            failed.append(f"{corpus}: {percent:.1f}% is below its floor of {floor:.0f}%")
    for line in failed:
        print("chat_corpora.py: " + line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The changes page's reading of git history: 1,000 commits, beside git's own log of them.

    python benchmarks/history.py             # 1,000 commits, 5 runs
    python benchmarks/history.py --commits 5000

It makes a repository (git fast-import) whose content has 20 phrasebook files of 50 phrases,
then `--commits` commits over the last 90 days, each rewording one phrase and every tenth
adding or removing one, and times `history.read` (what the plugin calls for the changes page:
git log, git cat-file and the comparison of every day's entries) against the bare
`git log --raw` it starts with, as medians of the runs. Goal: <= 1 s for 1,000 commits.
Nothing here is a test: it measures and reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from service_phrasebook.render import history  # noqa: E402

TODAY = dt.date(2026, 11, 23)
FILES, PER_FILE = 20, 50
GOAL_S = 1.0


def document(phrases: list[dict[str, object]]) -> bytes:
    return yaml.safe_dump({"phrases": phrases}, sort_keys=False).encode()


def make_repo(folder: Path, commits: int, seed: int = 5) -> None:
    """A repository of `commits` commits, written in one `git fast-import` stream."""
    rng = random.Random(seed)
    files = [[{"id": f"p-{f}-{n}", "step": "hear", "situations": ["s"],
               "say": f"Phrase {n} of file {f}."} for n in range(PER_FILE)] for f in range(FILES)]
    start = dt.datetime.combine(TODAY - dt.timedelta(days=89), dt.time(8), dt.UTC).timestamp()
    step = 89 * 86400 / commits
    out: list[bytes] = []
    for n in range(commits + 1):
        when = int(start + n * step)
        touched = range(FILES) if n == 0 else [rng.randrange(FILES)]
        for f in touched:
            if n and n % 10 == 0 and len(files[f]) > 1:
                files[f].pop(rng.randrange(len(files[f])))
            elif n and n % 10 == 5:
                files[f].append({"id": f"new-{n}", "step": "hear", "situations": ["s"],
                                 "say": f"New phrase {n}."})
            elif n:
                files[f][rng.randrange(len(files[f]))]["say"] = f"Reworded in commit {n}."
        out.append(b"commit refs/heads/main\n")
        out.append(f"committer A <a@example.com> {when} +0000\n".encode())
        message = f"commit {n}".encode()
        out.append(b"data %d\n%s\n" % (len(message), message))
        for f in touched:
            data = document(files[f])
            out.append(f"M 100644 inline phrasebook/file-{f:02d}.yml\n".encode())
            out.append(b"data %d\n%s\n" % (len(data), data))
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    subprocess.run(["git", "-C", str(folder), "fast-import", "--quiet"], input=b"".join(out),
                   check=True)
    subprocess.run(["git", "-C", str(folder), "checkout", "-q", "main"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        make_repo(repo, args.commits)
        ours: list[float] = []
        bare: list[float] = []
        for _ in range(args.runs):
            began = time.perf_counter()
            subprocess.run(["git", "-C", str(repo), "log", "--first-parent", "--raw",
                            "--no-abbrev", "--no-renames", "-z", "--format=%x1e%H %ct", "HEAD",
                            "--", "phrasebook"], check=True, capture_output=True)
            bare.append(time.perf_counter() - began)
            began = time.perf_counter()
            read = history.read(repo, (repo / "phrasebook",), TODAY, 90)
            ours.append(time.perf_counter() - began)
        assert read is not None
        days = len(read.days)
        entries = sum(len(d.changes) for d in read.days)
    mine, git = statistics.median(ours), statistics.median(bare)
    print(f"| commits | days with changes | entries listed | history.read s | git log --raw s "
          f"(baseline) | read / git log | goal <= {GOAL_S:.0f} s |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {args.commits:,} | {days} | {entries:,} | {mine:.3f} | {git:.3f} | "
          f"{mine / git:.1f}x | {'yes' if mine <= GOAL_S else 'no'} |")


if __name__ == "__main__":
    main()

"""The changes page's reading of git history: 1,000 commits, beside git's own log of them.

    python benchmarks/history.py             # 1,000 commits, 5 runs
    python benchmarks/history.py --commits 5000
    python benchmarks/history.py --against main   # and another revision's, side by side

It makes a repository (git fast-import) whose content has 20 phrasebook files of 50 phrases,
then `--commits` commits over the last 90 days, each rewording one phrase and every tenth
adding or removing one, and times `history.read` (what the plugin calls for the changes page:
git log, git cat-file and the comparison of every day's entries) against the bare
`git log --raw` it starts with, as medians of the runs. Goal: <= 1 s for 1,000 commits.
With `--against REV`, that revision's `history.read` (its `generator/` from `git archive`)
is timed too, alternating run by run with this one on the same repository, so a loaded
machine slows both alike; it also says whether both list the same entries.
Nothing here is a test: it measures and reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import io
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from types import ModuleType

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


def other_revision(rev: str, folder: Path) -> ModuleType:
    """`history` as revision `rev` of this repository has it, imported from a copy of that
    revision's `generator/` named as the installed package is."""
    archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", rev, "generator"],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    (folder / "generator").rename(folder / "service_phrasebook")
    ours = {k: v for k, v in sys.modules.items() if k.startswith("service_phrasebook")}
    for name in ours:
        del sys.modules[name]
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module("service_phrasebook.render.history")
    finally:
        sys.path.remove(str(folder))
        sys.modules.update(ours)


def listed(read: object) -> list[tuple[object, ...]]:
    return [(d.date, c.kind, c.id, c.what, c.title) for d in read.days  # type: ignore[attr-defined]
            for c in d.changes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", metavar="REV", help="time this revision's too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        make_repo(repo, args.commits)
        other = other_revision(args.against, Path(tmp) / "other") if args.against else None
        ours: list[float] = []
        bare: list[float] = []
        theirs: list[float] = []
        for _ in range(args.runs):
            began = time.perf_counter()
            subprocess.run(["git", "-C", str(repo), "log", "--first-parent", "--raw",
                            "--no-abbrev", "--no-renames", "-z", "--format=%x1e%H %ct", "HEAD",
                            "--", "phrasebook"], check=True, capture_output=True)
            bare.append(time.perf_counter() - began)
            if other is not None:
                began = time.perf_counter()
                their_read = other.read(repo, (repo / "phrasebook",), TODAY, 90)
                theirs.append(time.perf_counter() - began)
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
    if other is not None:
        then = statistics.median(theirs)
        same = listed(their_read) == listed(read)
        print(f"\n{args.against}'s history.read: {then:.3f} s; this one / {args.against}: "
              f"{mine / then:.2f}x; the same entries listed: {'yes' if same else 'no'}")


if __name__ == "__main__":
    main()

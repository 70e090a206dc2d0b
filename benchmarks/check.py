"""`phrasebook check`, cold and warm, against a bare PyYAML parse of the same files.

    python benchmarks/check.py                       # 1,000 and 10,000 phrases, best of 3
    python benchmarks/check.py --sizes 1000 --runs 1

For each size, in one run and in turn: the bare parse (PyYAML's C loader, the baseline of
issue 15's targets), a cold check (no cache), a warm check with nothing changed, and a warm
check after a one-file edit (one phrase's text reworded in one situation file, a different
wording each time, so every warm run finds exactly one file changed). Each figure is taken
in a fresh process after its imports, like benchmarks/measure.py: what `phrasebook check`
spends on the content, not Python's start-up, which is printed once apart. Best of N runs,
since other work on a shared machine only ever adds time. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import synth  # noqa: E402

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000", "PYTHONPATH": str(ROOT)}
EDITED = "phrasebook"  # the folder of the situation files; the first one is edited

ONE = """
import json, sys, time
from pathlib import Path
import yaml
from service_phrasebook import check
from service_phrasebook.load import Cache, content_files
from service_phrasebook.load.cache import FOLDER
from service_phrasebook.settings import from_mkdocs_yml
mode, project = sys.argv[1], Path(sys.argv[2])
start = time.perf_counter()
if mode == "parse":
    for path in content_files([project / "content", project / "phrasebook"]):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
else:
    settings = from_mkdocs_yml(project / "mkdocs.yml")
    cache = None if mode == "cold" else Cache(settings.root / FOLDER)
    found = check.checked(settings, cache)
    trouble = cache.save() if cache else None
    assert trouble is None, trouble
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds}))
"""


def one(mode: str, project: Path) -> float:
    result = subprocess.run([sys.executable, "-c", ONE, mode, str(project)], env=ENV,
                            capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{result.stderr[-3000:]}")
    return float(json.loads(result.stdout.strip().splitlines()[-1])["seconds"])


def reword(project: Path, run: int) -> None:
    """One phrase's text in the first situation file, worded differently on every run."""
    path = sorted((project / EDITED).glob("*.yml"))[1]  # [0] is situations.yml
    text = path.read_text(encoding="utf-8")
    at = text.index("say: ") + len("say: ")
    at += text[at] in "'\""  # inside the quotes of a quoted text
    path.write_text(text[:at] + f"Edit number {run} " + text[at:], encoding="utf-8")


def startup() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import service_phrasebook.cli"], env=ENV,
                   check=True)
    return time.perf_counter() - start


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    options.add_argument("--runs", type=int, default=3)
    args = options.parse_args()
    rows: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="check-bench-") as work:
        for n in args.sizes:
            project, _ = synth.write(n, Path(work) / str(n))
            best: dict[str, float] = {}
            for run in range(args.runs):
                shutil.rmtree(project / ".phrasebook_cache", ignore_errors=True)
                times = {"parse": one("parse", project), "cold": one("cold", project)}
                one("warm", project)  # fills the cache (a first check)
                times["warm, no edit"] = one("warm", project)
                reword(project, run)
                times["warm, one file edited"] = one("warm", project)
                for name, seconds in times.items():
                    best[name] = min(best.get(name, seconds), seconds)
            parse = best["parse"]
            for name, seconds in best.items():
                rows.setdefault(f"{name} s", []).append(f"{seconds:.3f}")
                if name != "parse":
                    rows.setdefault(f"{name} / parse", []).append(f"{seconds / parse:.2f}x")
    print(f"best of {args.runs}; Python start-up and imports, not included above: "
          f"{startup():.2f} s; load average {os.getloadavg()[0]:.2f}")
    print("| figure | " + " | ".join(f"{n:,} phrases" for n in args.sizes) + " |")
    print("| --- |" + " --- |" * len(args.sizes))
    for name, cells in rows.items():
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

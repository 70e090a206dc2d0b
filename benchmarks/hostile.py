"""Hostile input is read in linear time: each reader on an input and on ten times that input.

    python benchmarks/hostile.py               # 1x and 10x, best of 3
    python benchmarks/hostile.py --scale 0.1   # smaller inputs (for code that is quadratic)

Issue 19, point 7: the expression that hides Markdown link targets scanned the rest of a text
from every `](`, so `"](" * n` cost n squared, in Python (`phrasebook check`, `phrasebook
reply`) and in the reply page's twin (reply.js); the history reader's title expression did
the same with the spaces of a long line. For each reader this times one input and the same
input ten times as long, side by side, and prints the ratio: about 10x is linear, 100x
quadratic. The readers, each timed as the command runs it, after its imports:

- check: `check.checked` (no cache) on phrases whose texts are `"](` link openers ending in
  an avoided phrase; 1x is texts of 2,000 characters, 10x of 20,000 (the limit of one text);
- reply: `reply.check`, the function `phrasebook reply` runs, on a draft of `"](` and an
  avoided phrase, 100,000 and 1,000,000 characters (the limit of a draft);
- reply page: `window.phrasebookReply.check` in headless Chromium, the page's own clock,
  on the same drafts;
- history: the changes page's reader of one file version (`history._entries`, then the
  title of each entry) whose title line holds 80,000 and 800,000 spaces.

Best of N runs, since other work on a shared machine only ever adds time. Nothing here is a
test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import CHROMIUM_FLAGS, MKDOCS_YML, chromium_path, serve  # noqa: E402
from service_phrasebook.load import load  # noqa: E402
from service_phrasebook.render import history, reply  # noqa: E402
from service_phrasebook.settings import from_mkdocs_yml  # noqa: E402

OPENER = '"]('
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000", "PYTHONPATH": str(ROOT)}
METHOD = {"method": {"title": "M", "steps": [
    {"id": "listen", "title": "Listen", "goal": "Let them finish."},
    {"id": "fix", "title": "Fix", "goal": "Put it right."}]}}
TEXTS = 40  # phrases of link openers in the check's handbook, whatever their length

CHECK = """
import json, sys, time
from pathlib import Path
from service_phrasebook import check
from service_phrasebook.settings import from_mkdocs_yml
settings = from_mkdocs_yml(Path(sys.argv[1]) / "mkdocs.yml")
start = time.perf_counter()
found = check.checked(settings, None)
print(json.dumps({"seconds": time.perf_counter() - start, "found": len(found)}))
"""


def best(runs: int, work: Callable[[], float]) -> float:
    return min(work() for _ in range(runs))


def openers(length: int) -> str:
    """`"](` repeated to about `length` characters, then an avoided phrase."""
    return OPENER * (length // len(OPENER)) + " calm down"


def project(folder: Path, length: int, texts: int = TEXTS) -> Path:
    """A handbook whose phrases say `openers(length)`, each with its own last words."""
    (folder / "content").mkdir(parents=True)
    (folder / "phrasebook").mkdir()
    (folder / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    (folder / "content" / "method.yml").write_text(yaml.safe_dump(METHOD), "utf-8")
    (folder / "content" / "openers.yml").write_text(yaml.safe_dump({
        "situations": [{"id": "s", "title": "S"}],
        "phrases": [{"id": "p", "step": "listen", "situations": ["s"], "say": "Go on.",
                     "avoid": ["calm down"]}] + [
            {"id": f"p{n}", "step": "fix", "situations": ["s"],
             "say": f"{openers(length - 30)}, {n} {n * n} {n ** 3}"} for n in range(texts)]},
        width=10**7), "utf-8")
    return folder


def time_check(folder: Path) -> float:
    result = subprocess.run([sys.executable, "-c", CHECK, str(folder)], env=ENV,
                            capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise SystemExit(f"check failed:\n{result.stderr[-3000:]}")
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["found"] >= TEXTS, "every text's avoided phrase is found"
    return float(measured["seconds"])


def time_reply(draft: str, avoidances: list[reply.Avoidance]) -> float:
    start = time.perf_counter()
    found = reply.check(draft, avoidances)
    seconds = time.perf_counter() - start
    assert [f.avoid.text for f in found] == ["calm down"]
    return seconds


def title_line(spaces: int) -> bytes:
    return yaml.safe_dump({"phrases": [{"id": "p", "step": "fix", "situations": ["s"],
                                        "say": "Go on."}]}).replace(
        "- id: p\n", f"- id: p\n  title: Long{' ' * spaces}title\n").encode()


def time_history(data: bytes) -> float:
    start = time.perf_counter()
    version = history._entries(data, {})
    assert version is not None
    titles = [history._Item(raw).title for raw in version]  # as a reported entry's title
    seconds = time.perf_counter() - start
    assert titles and titles[0].startswith("Long") and titles[0].endswith("title")
    return seconds


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--scale", type=float, default=1.0,
                         help="multiply every input's size (default: %(default)s)")
    args = options.parse_args()

    def size(n: int) -> int:
        return int(n * args.scale)

    rows: list[tuple[str, str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="hostile-bench-") as work:
        base = Path(work)
        small, large = (project(base / name, size(n)) for name, n in
                        (("1x", 2_000), ("10x", 20_000)))
        rows.append((f"check: {TEXTS} texts of `\"](`", f"{size(2_000):,} chars each",
                     best(args.runs, lambda: time_check(small)),
                     best(args.runs, lambda: time_check(large))))

        settings = from_mkdocs_yml(small / "mkdocs.yml")
        handbook = load(settings.content, settings.root, settings.channels)
        avoidances = reply.from_json(reply.table_json(handbook, lambda p: ""))
        drafts = [openers(size(100_000)), openers(size(1_000_000))]
        rows.append(("reply: a draft of `\"](`", f"{len(drafts[0]):,} chars",
                     *(best(args.runs, lambda d=d: time_reply(d, avoidances)) for d in drafts)))

        clean = project(base / "clean", 0, texts=0)  # builds: its one avoided phrase, unsaid
        subprocess.run([sys.executable, "-m", "service_phrasebook.cli", "build", "-d",
                        str(base / "site")], cwd=clean, env=ENV, check=True,
                       capture_output=True, timeout=1800)
        rows.append(("reply page (Chromium): the same drafts", f"{len(drafts[0]):,} chars",
                     *page_times(base / "site", drafts, args.runs)))

        blobs = [title_line(size(80_000)), title_line(size(800_000))]
        rows.append(("history: a title line of spaces", f"{len(blobs[0]):,} bytes",
                     *(best(args.runs, lambda b=b: time_history(b)) for b in blobs)))

    print(f"best of {args.runs}; scale {args.scale}; load average {os.getloadavg()[0]:.2f}")
    print("| reader, input | 1x | 1x s | 10x s | 10x / 1x |")
    print("| --- | --- | --- | --- | --- |")
    for name, shown, one, ten in rows:
        print(f"| {name} | {shown} | {one:.4f} | {ten:.4f} | {ten / one:.1f}x |")


def page_times(site: Path, drafts: list[str], runs: int) -> tuple[float, float]:
    """Seconds of the page's check of each draft, in the page's own clock."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS)
        for url in serve(site):
            tab = browser.new_page()
            tab.goto(url + "reply/")
            tab.wait_for_function("window.phrasebookReply")
            for draft in drafts:
                times.append(min(tab.evaluate(
                    """(draft) => {
                        const start = performance.now();
                        const found = window.phrasebookReply.check(draft);
                        if (found.length !== 1) throw new Error("not one finding");
                        return (performance.now() - start) / 1000;
                    }""", draft) for _ in range(runs)))
            tab.close()
        browser.close()
    return times[0], times[1]


if __name__ == "__main__":
    main()

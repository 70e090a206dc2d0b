"""The benchmark: this tool against a hand-written MkDocs + Material site, side by side.

    python benchmarks/run.py                      # 1,000 and 10,000 phrases, 3 runs each
    python benchmarks/run.py --sizes 1000 --runs 1   # a quick look

For each size it generates the same synthetic handbook twice (our YAML; plain Markdown, 50
phrases a page), builds both in turn, times `phrasebook check` against a bare PyYAML parse,
measures sizes, and times search in headless Chromium: from the last key of a query to its
first result, for Material's search and for our phrase finder. Figures are medians of the
runs. The table is printed and written to benchmarks/README.md with the machine's
description. Nothing here is a test: it measures and reports. The finder alone, up to 100,000
phrases (a size whose MkDocs sites take long to build here), is measured by finder.py.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(HERE)]

import recall  # noqa: E402
import synth  # noqa: E402
from conftest import CHROMIUM_FLAGS, serve  # noqa: E402

QUERIES = ["refund", "furious parcel", "manager", "invoice", "cancel", "worried",
           "delivery", "router", "replacement", "callback", "stressed", "engineer"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795392000",
       "PYTHONPATH": str(ROOT)}


def measure(operation: str, project: Path, out: Path | None = None) -> dict[str, float]:
    command = [sys.executable, str(HERE / "measure.py"), operation, str(project)]
    if out is not None:
        command.append(str(out))
    result = subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=1800)
    if result.returncode != 0:
        raise SystemExit(f"{operation} failed:\n{result.stderr[-3000:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


# --- Search in the browser -------------------------------------------------------------------

SETUP = """([input, result]) => {
  const box = document.querySelector(input);
  window.__timing = new Promise((resolve) => {
    let start = 0;
    box.addEventListener("keydown", () => { start = performance.now(); },
                         { once: true, capture: true });
    const seen = () => start && document.querySelector(result);
    const observer = new MutationObserver(() => {
      if (seen()) { observer.disconnect(); resolve(performance.now() - start); }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
    setTimeout(() => { observer.disconnect(); resolve(-1); }, 30000);
  });
}"""

CLEAR = """([input, result]) => {
  const box = document.querySelector(input);
  box.value = "";
  for (const type of ["input", "keyup"]) box.dispatchEvent(new Event(type, { bubbles: true }));
  return !document.querySelector(result);
}"""

ENGINES = {
    # name: (how to open the box, the input, a result on screen)
    "Material search": (".md-search__input", ".md-search__input",
                        ".md-search-result__list > .md-search-result__item"),
    "phrase finder": ("#pb-finder-input", "#pb-finder-input",
                      "#pb-finder-results [role=option]"),
}


def time_query(page: Any, engine: str, query: str) -> float:
    """Put all but the last key in the box silently, press the last key for real, and time
    until the first result shows, in the page's own clock."""
    opener, box, result = ENGINES[engine]
    page.wait_for_function(CLEAR, arg=[box, result], timeout=10000)
    page.locator(opener).click()
    page.evaluate("([box, value]) => { document.querySelector(box).value = value; }",
                  [box, query[:-1]])
    page.evaluate(SETUP, [box, result])
    page.keyboard.press(query[-1])
    return float(page.evaluate("window.__timing"))


def search_times(site: Path, engine: str, queries: list[str]) -> tuple[float, float]:
    """(first query after the page loads, median of later ones), in milliseconds."""
    from conftest import chromium_path
    from playwright.sync_api import sync_playwright

    firsts: list[float] = []
    laters: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS)
        for url in serve(site):
            for n, query in enumerate(queries[:3]):  # three fresh page loads
                page = browser.new_page()
                page.goto(url, wait_until="load")
                firsts.append(time_query(page, engine, query))
                for later in queries[3 + n * 3: 6 + n * 3]:
                    laters.append(time_query(page, engine, later))
                page.close()
        browser.close()
    return statistics.median(firsts), statistics.median(laters)


# --- mkdocs serve ----------------------------------------------------------------------------


@contextmanager
def served(project: Path) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "service_phrasebook.cli", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def serve_latency(runs: int) -> float:
    """Seconds from saving an edited phrase of the bundled handbook to the page showing it."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "p"
        for name in ("content", "phrasebook", "site_overrides"):
            shutil.copytree(ROOT / name, project / name)
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        phrases = project / "phrasebook" / "02-listen.yml"
        with served(project) as url:
            page = url + "phrasebook/venting/"
            end = time.monotonic() + 60
            while "Go on, I" not in fetch(page) and time.monotonic() < end:
                time.sleep(0.1)
            text = phrases.read_text()
            for n in range(runs):
                marker = f"Go on, I'm listening {n}."
                # Let the watcher settle after the previous rebuild. MkDocs polls for changes
                # every 0.5 s: a pause that varies from edit to edit samples every phase of
                # that cycle instead of hitting the same one each time.
                time.sleep(1.5 + (n * 0.13) % 0.5)
                phrases.write_text(text.replace("say: Go on, I'm listening.", f"say: {marker}"))
                start = time.monotonic()
                while marker not in html.unescape(fetch(page)):
                    if time.monotonic() - start > 60:
                        raise SystemExit("serve never showed the edit")
                    time.sleep(0.02)
                times.append(time.monotonic() - start)
    return statistics.median(times)


# --- The run ---------------------------------------------------------------------------------


def median_of(runs: int, work: Callable[[], dict[str, float]]) -> dict[str, float]:
    results = [work() for _ in range(runs)]
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


RECALL: dict[int, dict[str, dict[str, tuple[int, int]]]] = {}  # size -> engine -> kind -> counts


def search_figures(n: int, folder: Path) -> dict[str, float]:
    """Search in the browser: speed of each engine, and its recall (kept in RECALL)."""
    figures: dict[str, float] = {}
    data = synth.content(n)
    RECALL[n] = {}
    for engine, site in (("Material search", folder / "site-base"),
                         ("phrase finder", folder / "site-ours")):
        first, later = search_times(site, engine, QUERIES)
        figures[f"{engine}: first query ms"] = first
        figures[f"{engine}: later queries ms"] = later
        RECALL[n][engine] = recall.recall(site, engine, data)
    return figures


def run_size(n: int, runs: int, browser: bool, search_only: bool = False) -> dict[str, float]:
    folder = HERE / "work" / str(n)
    ours, baseline = synth.write(n, folder)
    figures: dict[str, float] = {}
    builds: dict[str, list[dict[str, float]]] = {"ours": [], "baseline": []}
    for _ in range(runs):  # in turn, so a busy moment of the machine hits both alike
        builds["ours"].append(measure("build-ours", ours, folder / "site-ours"))
        builds["baseline"].append(measure("build-baseline", baseline, folder / "site-base"))
    finder = folder / "site-ours" / "assets" / "phrasebook"
    # The head every page load fetches, and the whole index: the head and its parts, of
    # which a query fetches those it needs (generator/finder/parts.py).
    figures["phrase index head MB (ours, finder)"] = size_mb(finder / "phrases.json")
    figures["phrase index MB (ours, finder)"] = (size_mb(finder / "phrases.json")
                                                 + size_mb(finder / "finder"))
    if search_only:
        return {**figures, **search_figures(n, folder)}
    for who, results in builds.items():
        figures[f"build s ({who})"] = statistics.median(r["seconds"] for r in results)
        figures[f"peak MB ({who})"] = statistics.median(r["peak_mb"] for r in results)
    checks = median_of(runs, lambda: measure("check", ours))
    parses = median_of(runs, lambda: measure("parse", ours))
    figures["check s"] = checks["seconds"]
    figures["parse s (PyYAML C)"] = parses["seconds"]
    figures["site MB (ours)"] = size_mb(folder / "site-ours")
    figures["site MB (baseline)"] = size_mb(folder / "site-base")
    # Ours builds no Material index since the finder became the site's search (issue 20).
    figures["search index MB (baseline)"] = size_mb(
        folder / "site-base" / "search" / "search_index.json")
    if browser:
        figures.update(search_figures(n, folder))
    return figures


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import markdown_it
    import material
    import mkdocs

    chromium = subprocess.run(["chromium", "--version"], capture_output=True, text=True)
    return (f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}; MkDocs "
            f"{mkdocs.__version__}, Material {material.__version__}, markdown-it-py "
            f"{markdown_it.__version__}; {chromium.stdout.strip() or 'no chromium'}")


TARGETS = [
    ("build, ours / baseline", "build s (ours)", "build s (baseline)", 0.5),
    ("peak memory, ours / baseline", "peak MB (ours)", "peak MB (baseline)", 1.0),
    ("check / bare YAML parse", "check s", "parse s (PyYAML C)", 1.5),
]


def table(results: dict[int, dict[str, float]], serve_s: float | None) -> str:
    sizes = sorted(results)
    big, small = sizes[-1], sizes[0]
    lines = ["| figure | " + " | ".join(f"{n:,} phrases" for n in sizes)
             + (f" | {big:,} / {small:,} |" if len(sizes) > 1 else " |"),
             "| --- |" + " --- |" * (len(sizes) + (len(sizes) > 1))]
    for name in results[big]:
        row = [f"{results[n][name]:,.2f}" for n in sizes]
        if len(sizes) > 1:
            row.append(f"{results[big][name] / results[small][name]:.1f}x"
                       if results[small][name] else "")
        lines.append(f"| {name} | " + " | ".join(row) + " |")
    lines += ["", "| target | " + " | ".join(f"{n:,}" for n in sizes) + " | goal | met |",
              "| --- |" + " --- |" * (len(sizes) + 2)]
    for label, ours, theirs, goal in TARGETS:
        if ours not in results[big]:
            continue
        ratios = [results[n][ours] / results[n][theirs] for n in sizes]
        lines.append(f"| {label} | " + " | ".join(f"{r:.2f}x" for r in ratios)
                     + f" | ≤ {goal}x | {'yes' if ratios[-1] <= goal else 'no'} |")
    if len(sizes) > 1:
        for label, key, goal in (("growth of build", "build s (ours)", 11),
                                 ("growth of check", "check s", 11),
                                 ("growth of phrase index (finder)",
                                  "phrase index MB (ours, finder)", 11)):
            if key not in results[big]:
                continue
            growth = results[big][key] / results[small][key]
            lines.append(f"| {label} ({big:,} / {small:,}) | " + " | " * (len(sizes) - 1)
                         + f"{growth:.1f}x | ≤ {goal}x | {'yes' if growth <= goal else 'no'} |")
    finder = results[big].get("phrase finder: first query ms")
    if finder is not None:
        later = results[big]["phrase finder: later queries ms"]
        lines.append(f"| finder, first query at {big:,} | | {finder:.0f} ms | ≤ 300 ms | "
                     f"{'yes' if 0 <= finder <= 300 else 'no'} |")
        lines.append(f"| finder, later queries at {big:,} | | {later:.0f} ms | ≤ 50 ms | "
                     f"{'yes' if 0 <= later <= 50 else 'no'} |")
    if serve_s is not None:
        lines.append(f"| `phrasebook serve` shows an edit (bundled) | | {serve_s:.2f} s | ≤ 1 s "
                     f"| {'yes' if serve_s <= 1 else 'no'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true", help="skip the search timings")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve timing")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--search-only", action="store_true",
                        help="build once, then only search speed and recall (prints only)")
    args = parser.parse_args()
    results = {}
    for n in args.sizes:
        results[n] = run_size(n, 1 if args.search_only else args.runs, not args.no_browser,
                              args.search_only)
        print(f"{n:,} phrases: {json.dumps(results[n], indent=1)}", file=sys.stderr, flush=True)
    serve_s = None if args.no_serve or args.search_only else serve_latency(max(args.runs, 9))
    text = table(results, serve_s)
    if RECALL:
        text += ("\n\nRecall: the same queries, typed as reps type them (benchmarks/recall.py), "
                 "answered when a phrase holding the words they mean is among the first three "
                 "results; Material's search on the baseline site.\n\n"
                 + "\n".join(recall.rows(RECALL)))
    print(text)
    if not args.no_write and not args.search_only:
        # The page's other sections (serve.py, finder.py, check.py, reply.py, history.py)
        # are written by hand from those scripts' output: only this table is replaced.
        readme = HERE / "README.md"
        old = readme.read_text(encoding="utf-8") if readme.exists() else ""
        rest = old[old.index("\n## "):] if "\n## " in old else ""
        readme.write_text(
            "# Benchmarks\n\n"
            "`make bench` (or `python benchmarks/run.py`) generates synthetic handbooks "
            "(`benchmarks/synth.py`: N phrases, N/10 worked examples of 8 turns, 12 steps, "
            "200 situations, a third with channel variants, two in five with avoided phrases) "
            "and the same content as hand-written Markdown (50 phrases a page, admonitions for "
            "say and avoid, a page per example), builds both, and measures. Figures are "
            f"medians of {args.runs} runs, ours and the baseline in turn; times in seconds "
            "include importing MkDocs. Search is timed in headless Chromium from the query's "
            "last key to its first result: Material's search on the baseline site, our phrase "
            "finder on ours.\n\n"
            f"Machine: {machine()}.\n\n{text}\n\n"
            "Where the time and memory go, and what bounds the targets not met: "
            "[PROFILE.md](PROFILE.md).\n" + rest, encoding="utf-8")


if __name__ == "__main__":
    main()

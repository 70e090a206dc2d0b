"""The phrase finder alone, up to sizes a whole MkDocs build makes slow to reach.

    python benchmarks/finder.py                          # 1,000, 10,000 and 100,000 phrases
    python benchmarks/finder.py --sizes 100000 --runs 3

For each size it writes the synthetic handbook (synth.py, the same content run.py builds),
loads it, and makes the finder's index with the plugin's own code (render.assets.phrase_index); then
a page that carries only the finder (its partial, scripts and index, as every page of the site
does) is served, and the finder is timed in headless Chromium as run.py times it: from the
last key of a query to its first result, the first query after a fresh page load (nothing
cached) and later ones. It prints the index's sizes (the head every page load fetches, the
parts, the total), what the first query fetched, what each later query fetched and in how
many rounds (one fetch waiting for another: the figure load does not move), and the times,
each a median over fresh page loads. Material's search is not here: run.py --search-only
measures it beside the finder on the full sites at 1,000 and 10,000 phrases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(HERE)]

import jinja2  # noqa: E402
import run  # noqa: E402
import synth  # noqa: E402
from conftest import CHROMIUM_FLAGS, chromium_path, serve  # noqa: E402
from service_phrasebook import render  # noqa: E402
from service_phrasebook.addresses import FINDER  # noqa: E402
from service_phrasebook.finder import parts  # noqa: E402
from service_phrasebook.labels import labels_for  # noqa: E402
from service_phrasebook.load import load  # noqa: E402
from service_phrasebook.render import assets  # noqa: E402
from service_phrasebook.settings import from_mkdocs_yml  # noqa: E402

THEME = ROOT / "generator" / "theme"
PAGE = """<!doctype html>
<html lang="{language}"><head><meta charset="utf-8"><title>Finder</title>
<link rel="stylesheet" href="assets/phrasebook/phrasebook.css"></head>
<body>{finder}
<script src="assets/phrasebook/messages.js"></script>
<script src="assets/phrasebook/phrasebook.js"></script>
</body></html>
"""


def finder_site(n: int, folder: Path, keep: bool = False) -> Path:
    """A page with the finder and the index of the n-phrase synthetic handbook (written
    afresh, unless `keep` and an earlier run wrote it)."""
    if not (keep and (folder / "ours" / "mkdocs.yml").is_file()):
        if folder.exists():
            shutil.rmtree(folder)
        synth.write_ours(synth.content(n), folder / "ours")
    settings = from_mkdocs_yml(folder / "ours" / "mkdocs.yml")
    book = load(settings.content, settings.root, settings.channels)
    labels = labels_for("en")[0]
    options = render.Options(today=dt.date(2026, 12, 1), labels=labels)
    site = folder / "finder-site"
    if site.exists():
        shutil.rmtree(site)
    made = assets.files(book, options)  # the finder's index and its messages
    for path, data in made.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            (site / path).write_bytes(data)
        else:
            (site / path).write_text(data, encoding="utf-8")
    for asset in ("phrasebook.js", "phrasebook.css", "finder-worker.js"):
        shutil.copy(THEME / "assets" / "phrasebook" / asset, site / FINDER / asset)
    partial = jinja2.Environment(loader=jinja2.FileSystemLoader(THEME / "partials"),
                                 autoescape=True).get_template("phrase-finder.html")
    finder = partial.render(base_url=".", phrasebook={
        "t": labels.html, "placeholder": render.finder_placeholder(book, labels), "reply": ""})
    (site / "index.html").write_text(PAGE.format(language="en", finder=finder), "utf-8")
    return site


def sizes(site: Path) -> dict[str, float]:
    """The index's sizes in kB: the head, each kind of part, the total."""
    index = parts.Index.in_folder(site / FINDER)

    def kb(name: str) -> float:
        return (site / FINDER / name).stat().st_size / 1e3

    postings = [kb(name) for _, name, *_ in index.head["postings"]]
    previews = [kb(name) for _, _, *preview in index.head["postings"] for name in preview]
    shards = [kb(name) for _, name in index.head["shards"]]
    ids = [kb(name) for name in index.head["ids"]]
    figures = [kb(index.head["figures"][1])] if "figures" in index.head else []
    head = kb(parts.HEAD)
    return {"head kB": head, "words in the head": len(index.head["vocabulary"]),
            "words that begin with a figure": index.head.get("figures", [0])[0],
            "figure words kB": sum(figures),
            "postings parts": len(postings), "postings kB": sum(postings),
            "largest postings part kB": max(postings),
            "previews": len(previews), "previews kB": sum(previews),
            "display shards": len(shards), "display kB": sum(shards),
            "id buckets": len(ids), "ids kB": sum(ids),
            "index total kB": head + sum(figures) + sum(postings) + sum(previews) + sum(shards)
            + sum(ids)}


def rounds(spans: list[tuple[float, float]]) -> int:
    """How many rounds of fetches one after another: a fetch that starts once another has
    ended is a round after it (it waited for what that one brought)."""
    ended: list[tuple[float, int]] = []
    for start, end in sorted(spans):
        ended.append((end, 1 + max((r for e, r in ended if e <= start), default=0)))
    return max((r for _, r in ended), default=0)


def later_fetches(site: Path, queries: list[str]) -> list[tuple[str, int, int]]:
    """For each later query (as search_times types them: three fresh page loads, a first
    query then three later ones), the index files it fetched and in how many rounds: the
    figure load does not move."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS)
        finished: list[Any] = []

        def record(request: Any) -> None:
            finished.append(request)

        for url in serve(site):
            for n, query in enumerate(queries[:3]):
                page = browser.new_page()
                page.on("requestfinished", record)
                page.goto(url, wait_until="load")
                run.time_query(page, "phrase finder", query)
                for later in queries[3 + n * 3: 6 + n * 3]:
                    page.wait_for_timeout(200)  # what the query before fetched is in
                    finished.clear()
                    run.time_query(page, "phrase finder", later)
                    page.wait_for_timeout(50)  # its last events delivered
                    index = [r.timing for r in finished if "/finder/" in r.url]
                    out.append((later, len(index), rounds(
                        [(t["startTime"], t["startTime"] + t["responseEnd"]) for t in index])))
                page.close()
        browser.close()
    return out


def first_query_fetches(site: Path, query: str) -> dict[str, float]:
    """What one fresh page load and its first query fetch of the index, in kB."""
    from playwright.sync_api import sync_playwright

    fetched: dict[str, int] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS)
        for url in serve(site):
            page = browser.new_page()
            page.on("requestfinished", lambda request: fetched.__setitem__(
                request.url, request.sizes()["responseBodySize"]))
            page.goto(url, wait_until="load")
            run.time_query(page, "phrase finder", query)
            page.wait_for_timeout(200)
            page.close()
        browser.close()
    index = [size for url, size in fetched.items() if "/finder/" in url or url.endswith(
        parts.HEAD)]
    return {"first query: index files fetched": len(index),
            "first query: index kB fetched": sum(index) / 1e3}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3, help="rounds of 3 fresh page loads")
    parser.add_argument("--keep", action="store_true",
                        help="reuse the synthetic handbooks an earlier run wrote")
    args = parser.parse_args()
    results: dict[int, dict[str, Any]] = {}
    for n in args.sizes:
        site = finder_site(n, HERE / "work" / "finder" / str(n), args.keep)
        figures: dict[str, Any] = sizes(site)
        figures.update(first_query_fetches(site, run.QUERIES[0]))
        firsts, laters = [], []
        for _ in range(args.runs):
            first, later = run.search_times(site, "phrase finder", run.QUERIES)
            firsts.append(first)
            laters.append(later)
        later = later_fetches(site, run.QUERIES)
        print(f"{n:,} phrases, later queries (query, index files, rounds): {later}",
              file=sys.stderr)
        figures["later queries: index files fetched"] = statistics.median(f for _, f, _ in later)
        figures["later queries: fetch rounds"] = statistics.median(r for _, _, r in later)
        figures["later queries: most fetch rounds"] = max(r for _, _, r in later)
        figures["first query ms"] = statistics.median(firsts)
        figures["first query ms (best round)"] = min(firsts)
        figures["later queries ms"] = statistics.median(laters)
        figures["load average"] = os.getloadavg()[0]
        results[n] = figures
        print(f"{n:,} phrases: {json.dumps(figures, indent=1)}", file=sys.stderr, flush=True)
    names = list(results[args.sizes[0]])
    print("| figure | " + " | ".join(f"{n:,} phrases" for n in args.sizes) + " |")
    print("| --- |" + " --- |" * len(args.sizes))
    for name in names:
        print(f"| {name} | " + " | ".join(
            f"{results[n][name]:,.0f}" if isinstance(results[n][name], int)
            else f"{results[n][name]:,.1f}" for n in args.sizes) + " |")
    if len(args.sizes) > 1:
        small, big = args.sizes[-2], args.sizes[-1]
        growth = results[big]["index total kB"] / results[small]["index total kB"]
        print(f"\nindex growth {small:,} -> {big:,}: {growth:.1f}x (goal <= 11x); first query "
              f"at {big:,}: {results[big]['first query ms']:.0f} ms (goal <= 300 ms); later "
              f"queries: {results[big]['later queries ms']:.0f} ms (goal <= 50 ms)")


if __name__ == "__main__":
    main()

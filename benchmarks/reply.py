"""The reply checker's speed: a 5,000-word draft in the browser, beside the same check in Python.

    python benchmarks/reply.py            # the bundled handbook and a 1,000-phrase one
    python benchmarks/reply.py --runs 50

For each handbook it builds the site, opens its reply page in headless Chromium and times
`phrasebook reply`'s twin in the page (window.phrasebookReply.check) on a 5,000-word draft
that holds avoided phrases, in the page's own clock: the first check after the page loads
and the median of later ones. The baseline is the same draft through the Python checker
(`reply.check`, the command's own function), in this process. Goal: <= 50 ms in the browser.
Nothing here is a test: it measures and reports.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(HERE)]

import synth  # noqa: E402
from conftest import CHROMIUM_FLAGS, chromium_path, serve  # noqa: E402
from service_phrasebook.load import load  # noqa: E402
from service_phrasebook.render import reply  # noqa: E402
from service_phrasebook.settings import from_mkdocs_yml  # noqa: E402

WORDS = 5000
GOAL_MS = 50.0


def draft(avoided: list[str], seed: int = 13) -> str:
    """About WORDS words of ordinary reply text, one avoided phrase in every 100 words, some
    with curly quotes, capitals or a line break inside."""
    rng = random.Random(seed)
    out: list[str] = []
    count = 0
    while count < WORDS:
        if count % 100 == 50 and avoided:
            phrase = rng.choice(avoided)
            phrase = rng.choice([phrase, phrase.upper(), phrase.replace("'", "\u2019"),
                                 phrase.replace(" ", "\n", 1)])
            out.append(phrase)
            count += len(phrase.split())
        else:
            out.append(rng.choice(synth.WORDS) + rng.choice(["", "", "", ",", "."]))
            count += 1
    return " ".join(out)


def build(config: Path, site: Path) -> None:
    subprocess.run([sys.executable, "-m", "service_phrasebook.cli", "build", "-f", str(config),
                    "-d", str(site)], check=True, capture_output=True, timeout=1800)


def measure(name: str, config: Path, runs: int) -> dict[str, float | str]:
    from playwright.sync_api import sync_playwright

    settings = from_mkdocs_yml(config)
    handbook = load(settings.content, settings.root, settings.channels)
    avoidances = reply.from_json(reply.table_json(handbook, lambda p: ""))
    text = draft([a.text for a in avoidances])
    python: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        expected = reply.check(text, avoidances)
        python.append((time.perf_counter() - start) * 1000)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(config, site)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(),
                                                 args=CHROMIUM_FLAGS)
            for url in serve(site):
                page = browser.new_page()
                page.goto(url + "reply/")
                page.wait_for_function("window.phrasebookReply")
                times = page.evaluate("""([text, runs]) => {
                    const out = [];
                    for (let i = 0; i < runs; i++) {
                      const start = performance.now();
                      const found = window.phrasebookReply.check(text);
                      out.push([performance.now() - start, found.length]);
                    }
                    return out;
                }""", [text, runs])
            browser.close()
    assert all(n == len(expected) for _, n in times), "the page and Python disagree"
    browser_ms = [t for t, _ in times]
    return {"handbook": name, "avoided": len(avoidances), "words": len(text.split()),
            "found": len(expected), "first": browser_ms[0],
            "browser": statistics.median(browser_ms[1:] or browser_ms),
            "python": statistics.median(python)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    rows = [measure("bundled", ROOT / "mkdocs.yml", args.runs)]
    with tempfile.TemporaryDirectory() as tmp:
        ours, _ = synth.write(1000, Path(tmp) / "1000")
        rows.append(measure("synthetic, 1,000 phrases", ours / "mkdocs.yml", args.runs))
    print(f"| handbook | avoided phrases | draft words | found | browser, first check ms | "
          f"browser, later checks ms | Python (baseline) ms | browser / Python | "
          f"goal <= {GOAL_MS:.0f} ms |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        worst = max(float(r["first"]), float(r["browser"]))
        print(f"| {r['handbook']} | {r['avoided']} | {r['words']} | {r['found']} | "
              f"{float(r['first']):.1f} | {float(r['browser']):.1f} | "
              f"{float(r['python']):.1f} | {float(r['browser']) / float(r['python']):.2f}x | "
              f"{'yes' if worst <= GOAL_MS else 'no'} |")


if __name__ == "__main__":
    main()

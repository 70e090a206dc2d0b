"""Recall: the same queries, typed as reps type them, through our phrase finder and through
Material's search.

    python benchmarks/recall.py          # the query specs, on their handbooks (issue 20)

Run as a script, it takes the query specs the browser tests hold the finder to
(tests/finder_queries.yml on the bundled handbook, tests/finder_<language>/queries.yml on the
German, French and Spanish test handbooks) and builds each handbook twice: as the phrasebook
builds it, its finder in the header; and as a baseline with Material's own search, of the same
content and pages (the plugin's switch-off of Material's search undone, Material's own header
put back). A query is answered when one of the first three results is one of the entries
its spec accepts; Material's results are read as links, matched to entries by the address
the finder gives each one. It prints both recalls side by side.

The functions below main's serve run.py too: the synthetic queries (QUERIES), each written with
the words it means (`means`), answered when one of the first three results is a phrase
whose text to say, channel variants or situations hold every one of those words; the words
come from the synthetic vocabulary (synth.py), so every query has answers at every size;
how it is typed (a typo, another form, a British spelling, a sentence, a word half typed) is
what is measured, against Material's search on the hand-written baseline.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# (kind, typed, the words it means)
QUERIES: list[tuple[str, str, tuple[str, ...]]] = [
    ("as written", "refund", ("refund",)),
    ("as written", "furious parcel", ("furious", "parcel")),
    ("as written", "invoice", ("invoice",)),
    ("as written", "worried engineer", ("worried", "engineer")),
    ("as written", "router", ("router",)),
    ("typo", "refnud", ("refund",)),
    ("typo", "delviery", ("delivery",)),
    ("typo", "recepit", ("receipt",)),
    ("typo", "invocie", ("invoice",)),
    ("typo", "enginer", ("engineer",)),
    ("typo", "paymnet", ("payment",)),
    ("typo", "discuont", ("discount",)),
    ("typo", "colleage", ("colleague",)),
    ("typo", "furous parcle", ("furious", "parcel")),
    ("other form", "refunds", ("refund",)),
    ("other form", "invoices", ("invoice",)),
    ("other form", "replaced", ("replace",)),
    ("other form", "arrived", ("arrive",)),
    ("other form", "engineers", ("engineer",)),
    ("other form", "checking the receipts", ("check", "receipt")),
    ("British spelling", "apologise", ("apologize",)),
    ("British spelling", "apologising for the delivery", ("apologize", "delivery")),
    ("sentence", "the customer is furious about the parcel", ("furious", "parcel")),
    ("sentence", "she wants a refund for the router", ("refund", "router")),
    ("sentence", "he is worried about his invoice", ("worried", "invoice")),
    ("sentence", "the engineer did not arrive", ("engineer", "arrive")),
    ("half typed", "replacem", ("replacement",)),
    ("half typed", "invo", ("invoice",)),
    ("half typed", "furious eng", ("furious", "engineer")),
]

WORD = re.compile(r"[a-z]+")


def answers(data: dict[str, Any], means: tuple[str, ...]) -> set[str]:
    """The ids of the phrases that answer a query meaning these words."""
    situations = {s["id"]: f"{s['title']} {' '.join(s['keywords'])}" for s in data["situations"]}
    out = set()
    for phrase in data["phrases"]:
        text = " ".join((phrase["say"], *phrase.get("variants", {}).values(),
                         *(situations[s] for s in phrase["situations"])))
        if set(means) <= set(WORD.findall(text.lower())):
            out.add(phrase["id"])
    return out


# What each engine shows, read from the page: the first three phrases it offers.
FIRST_THREE = {
    "phrase finder": """() => [...document.querySelectorAll('#pb-finder-results [role=option]')]
        .slice(0, 3).map(o => o.dataset.id)""",
    # Material lists pages, each with its matching sections; a phrase is a section whose
    # anchor is its id. Its first three phrase links, in the order shown.
    "Material search": """() => [...document.querySelectorAll('.md-search-result__list a')]
        .map(a => (a.getAttribute('href') || '').split('#')[1])
        .filter(id => /^phrase-/.test(id || ''))
        .filter((id, n, all) => all.indexOf(id) === n).slice(0, 3)""",
}
# The engine has finished with a query: its status line names a result, or none.
SETTLED = {
    "phrase finder": """() =>
        document.querySelector('.pb-finder__status').textContent.trim() !== ''""",
    "Material search": """() => !/^$|Type to start/i.test(
        (document.querySelector('.md-search-result__meta') || {}).textContent || '')""",
}
BOX = {"phrase finder": "#pb-finder-input", "Material search": ".md-search__input"}


def first_three(page: Any, engine: str, query: str) -> list[str]:
    box = BOX[engine]
    page.locator(box).click()
    page.locator(box).fill("")
    page.wait_for_timeout(50)
    page.evaluate("([box, value]) => { document.querySelector(box).value = value; }",
                  [box, query[:-1]])
    page.keyboard.type(query[-1])  # a key of any keyboard ("é" too)
    page.wait_for_function(SETTLED[engine], timeout=30000)
    page.wait_for_timeout(400)  # Material renders its list in batches after the count
    return [str(i) for i in page.evaluate(FIRST_THREE[engine])]


def recall(site: Path, engine: str, data: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Per kind of query: (answered in the first three, queries)."""
    from conftest import CHROMIUM_FLAGS, chromium_path, serve
    from playwright.sync_api import sync_playwright

    out: dict[str, tuple[int, int]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS)
        for url in serve(site):
            page = browser.new_page()
            page.goto(url, wait_until="load")
            for kind, typed, means in QUERIES:
                right = answers(data, means)
                hit = bool(set(first_three(page, engine, typed)) & right)
                done, total = out.get(kind, (0, 0))
                out[kind] = (done + hit, total + 1)
            page.close()
        browser.close()
    return out


def rows(results: dict[int, dict[str, dict[str, tuple[int, int]]]]) -> Iterator[str]:
    """The recall table: a row per kind of query, a column per engine and size."""
    sizes = sorted(results)
    engines = ("phrase finder", "Material search")
    yield ("| typed queries | " + " | ".join(f"{e}, {n:,}" for n in sizes for e in engines)
           + " |")
    yield "| --- |" + " --- |" * (len(sizes) * len(engines))
    kinds = list(dict.fromkeys(kind for kind, _, _ in QUERIES))
    for kind in [*kinds, "all"]:
        cells = []
        for n in sizes:
            for engine in engines:
                counts = results[n][engine]
                done, total = (counts[kind] if kind != "all" else
                               tuple(map(sum, zip(*counts.values(), strict=True))))
                cells.append(f"{done}/{total}")
        yield f"| {kind} | " + " | ".join(cells) + " |"


# --- The query specs, Material's search beside the finder (issue 20) -------------------------

# (name, the project's folder, its query spec), relative to the repository
SPECS = [("English (bundled)", ".", "tests/finder_queries.yml"),
         ("German", "tests/finder_de", "tests/finder_de/queries.yml"),
         ("French", "tests/finder_fr", "tests/finder_fr/queries.yml"),
         ("Spanish", "tests/finder_es", "tests/finder_es/queries.yml")]

# Material's search in a build of ours: the plugin switches it off (the finder is the site's
# search), so the baseline's build switches that back off, in its own process.
MATERIAL_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from service_phrasebook import plugin
plugin.without_material_search = lambda config: None
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
"""

# Material's first three results as links, in the order shown (a page, or a section of it).
MATERIAL_LINKS = """() => [...document.querySelectorAll('.md-search-result__list a')]
    .filter((a) => a.offsetParent !== null).map((a) => a.href)
    .filter((href, n, all) => all.indexOf(href) === n).slice(0, 3)"""


def _absolute(config: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The config with its folders made absolute, so that it builds from elsewhere."""
    config = dict(config)
    config["docs_dir"] = str(folder / config.get("docs_dir", "docs"))
    theme = dict(config["theme"])
    if theme.get("custom_dir"):
        theme["custom_dir"] = str(folder / theme["custom_dir"])
    config["theme"] = theme
    plugins = []
    for entry in config.get("plugins", []):
        if isinstance(entry, dict) and "phrasebook" in entry:
            options = dict(entry["phrasebook"] or {})
            options["content"] = [str(folder / c) for c in options.get("content", ["."])]
            entry = {"phrasebook": options}
        plugins.append(entry)
    config["plugins"] = plugins
    return config


def sites(project: Path, work: Path) -> tuple[Path, Path]:
    """The handbook built by the phrasebook, and the same with Material's search instead of
    the finder: (ours, baseline)."""
    original = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    config = _absolute(original, project)
    if work.exists():
        shutil.rmtree(work)
    if not Path(config["docs_dir"]).is_dir():  # a handbook with no pages of its own
        config["docs_dir"] = str(work / "pages")
        (work / "pages").mkdir(parents=True)
    header = work / "material-header" / "partials" / "header.html"
    header.parent.mkdir(parents=True)
    import material

    shutil.copy(Path(material.__file__).parent / "templates" / "partials" / "header.html", header)
    ours = dict(config, plugins=[p for p in config["plugins"]
                                 if p not in ("search", {"search": None})])
    baseline = dict(config, plugins=["search", *ours["plugins"]],
                    theme=dict(config["theme"], custom_dir=str(header.parent.parent)))
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000"}
    built = []
    for name, config_of in (("ours", ours), ("baseline", baseline)):
        path = work / f"{name}.yml"
        path.write_text(yaml.safe_dump(config_of, allow_unicode=True), "utf-8")
        site = work / f"site-{name}"
        command = ([sys.executable, "-m", "service_phrasebook.cli", "build", "-f", str(path),
                    "--site-dir", str(site)] if name == "ours"
                   else [sys.executable, "-c", MATERIAL_BUILD, str(path), str(site)])
        result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True,
                                timeout=1800)
        if result.returncode != 0:
            raise SystemExit(f"{name} build of {project} failed:\n{result.stderr[-3000:]}")
        built.append(site)
    return built[0], built[1]


def entries_by_address(site: Path) -> dict[str, str]:
    """Every entry's address (as the finder opens it) -> its id, from the finder's index."""
    from service_phrasebook.finder import parts

    index = parts.Index.in_folder(site / "assets" / "phrasebook")
    return {row["u"]: row["i"] for row in index.rows()}


def material_ids(links: list[str], root: str, ids: dict[str, str]) -> list[str]:
    """Material's result links as entry ids: a section by its anchor when that is an entry's
    (a phrase's card), else by its address, a page by its address."""
    anchors = set(ids.values())
    out = []
    for link in links:
        parts_of = urlsplit(urljoin(root, link))
        path = parts_of.path.removeprefix(urlsplit(root).path)
        address = path + (f"#{parts_of.fragment}" if parts_of.fragment else "")
        found = (parts_of.fragment if parts_of.fragment in anchors
                 else ids.get(address) or ids.get(path))
        out.append(found or address)
    return out


def spec_recall(ours: Path, baseline: Path, spec: list[dict[str, Any]]
                ) -> dict[str, list[str]]:
    """Per engine, the queries of the spec it did not answer in its first three."""
    from conftest import CHROMIUM_FLAGS, chromium_path, serve
    from playwright.sync_api import sync_playwright

    ids = entries_by_address(ours)
    missed: dict[str, list[str]] = {"Material search": [], "phrase finder": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS)
        for engine, site in (("Material search", baseline), ("phrase finder", ours)):
            for url in serve(site):
                page = browser.new_page()
                page.goto(url, wait_until="load")
                for case in spec:
                    if engine == "phrase finder":
                        got = first_three(page, engine, case["query"])
                    else:
                        first_three(page, engine, case["query"])
                        got = material_ids(page.evaluate(MATERIAL_LINKS), url, ids)
                    if not set(got) & set(case["top3"]):
                        missed[engine].append(f"{case['query']!r}: {got}")
                page.close()
        browser.close()
    return missed


def main() -> None:
    """The recall table of the query specs; exit 1 when Material answers more of one."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-misses", action="store_true",
                        help="list the queries each engine did not answer")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT / "tests")]
    rows = ["| query spec | queries | Material search | phrase finder | finder >= Material |",
            "| --- | --- | --- | --- | --- |"]
    ok = True
    for name, folder, spec_file in SPECS:
        spec = yaml.safe_load((ROOT / spec_file).read_text("utf-8"))
        ours, baseline = sites(ROOT / folder,
                               HERE / "work" / "recall" / (Path(folder).name or "bundled"))
        missed = spec_recall(ours, baseline, spec)
        answered = {engine: len(spec) - len(m) for engine, m in missed.items()}
        met = answered["phrase finder"] >= answered["Material search"]
        ok &= met
        rows.append(f"| {name} | {len(spec)} | {answered['Material search']}/{len(spec)} | "
                    f"{answered['phrase finder']}/{len(spec)} | {'yes' if met else 'no'} |")
        if args.show_misses:
            for engine, queries in missed.items():
                for query in queries:
                    print(f"{name}, {engine} missed {query}", file=sys.stderr)
    print("\n".join(rows))
    print(f"\nload average {os.getloadavg()[0]:.1f}")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()

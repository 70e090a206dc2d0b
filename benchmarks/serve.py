"""`phrasebook serve`: from saving an edit to the new text on screen, beside a full rebuild.

    python benchmarks/serve.py                        # bundled, 1,000 and 10,000 phrases
    python benchmarks/serve.py --sizes 1000 --runs 1  # a quick look
    python benchmarks/serve.py --zensical /tmp/zvenv  # and Zensical, installed in that venv

For each size, the synthetic handbook (synth.py) is copied to a temporary folder, served by
a real `phrasebook serve`, and the edited entry's page is open in headless Chromium. Three
edits are saved in turn, each `runs` times with a new text: (a) a phrase's `say`, (b) a
worked example's takeaway, (c) a step's goal in the method. The time is from the file's
write to the new text in the open tab's DOM (the page reloads by MkDocs' live-reload script),
in the benchmark's clock.

Beside it, the baseline, today's behaviour before the differential rebuild, measured the
same way: the same code served with every save a full build (FULL_REBUILDS, a patch made
here, not a flag of `phrasebook serve`). It loads through the same content cache, so it is
a little faster than the code before this work was. And when `zensical` is importable from a
venv given by --zensical (pip install zensical there), `zensical serve` of the baseline
Markdown site (synth.py writes it) with the same kind of edit (a phrase's text on its page).
Figures are medians; nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(HERE)]

import synth  # noqa: E402
from conftest import CHROMIUM_FLAGS, chromium_path  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795392000",
       "PYTHONPATH": str(ROOT)}


@dataclass(frozen=True)
class Edit:
    name: str
    file: str  # in the handbook folder
    pattern: str  # the line to change; its text after the key is replaced
    page: str  # where it shows


EDITS = (
    # The first phrase of situation-000's file, shown on that situation's page.
    Edit("phrase", "phrasebook/situation-000.yml", r"(?m)^  say: (.+)$",
         "phrasebook/situation-000/"),
    # Each group's first line is the part replaced; a folded continuation stays after it.
    Edit("example", "content/examples/examples-00000.yml", r"(?m)^  takeaway: (.+)$",
         "examples/example-0000/"),
    Edit("method", "content/method.yml", r"(?m)^    goal: (.+)$", "method/listen/"),
)


def edited(text: str, edit: Edit, marker: str) -> str:
    new, count = re.subn(edit.pattern, lambda m: m.group(0).replace(m.group(1), marker),
                         text, count=1)
    if count != 1:
        raise SystemExit(f"{edit.file}: the line to edit is not there ({edit.pattern})")
    return new


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(command: list[str], cwd: Path, log: Path) -> Iterator[str]:
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen([*command, "-a", f"127.0.0.1:{port}"], cwd=cwd, env=ENV,
                                   stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            yield f"http://127.0.0.1:{port}/"
        finally:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


SHOWN = "(marker) => document.body && document.body.innerText.includes(marker)"


def open_when_up(browser: Any, url: str, text: str, seconds: float = 600) -> Any:
    """A tab on `url` once the server answers it with `text` (the first build is slow)."""
    tab = browser.new_page()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            tab.goto(url, wait_until="load", timeout=60_000)
            if tab.evaluate(SHOWN, text):
                return tab
        except Exception:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} never showed {text!r}")


def on_screen(tab: Any, path: Path, text: str, marker: str) -> float:
    """Seconds from writing `text` to `path` until `marker` is in the tab's page."""
    time.sleep(1.5)  # let the watcher settle after the previous rebuild
    start = time.monotonic()
    path.write_text(text, encoding="utf-8")
    tab.wait_for_function(SHOWN, arg=marker, polling=20, timeout=120_000)
    return time.monotonic() - start


def serve_times(project: Path, runs: int, browser: Any, command: list[str],
                edits: tuple[Edit, ...], log: Path) -> dict[str, float]:
    times: dict[str, list[float]] = {e.name: [] for e in edits}
    with served(command, project, log) as url:
        for edit in edits:
            path = project / edit.file
            original = path.read_text(encoding="utf-8")
            first = re.search(edit.pattern, original)
            assert first is not None
            tab = open_when_up(browser, url + edit.page, first.group(1))
            for n in range(runs):
                marker = f"Edited {edit.name} {n} {time.time_ns()}."
                times[edit.name].append(on_screen(tab, path, edited(original, edit, marker),
                                                  marker))
            tab.close()
            time.sleep(1.5)
            path.write_text(original, encoding="utf-8")
    return {name: statistics.median(t) for name, t in times.items()}


# Today's behaviour before the differential rebuild, in the same code: every save a full
# build (the differential path declines, so serve builds the whole site as it always did).
# A benchmark-only patch: `phrasebook serve` has no flag for it.
FULL_REBUILDS = ("import sys; from service_phrasebook.serve import differential; "
                 "differential.rebuild = lambda config, plugin: None; "
                 "from service_phrasebook.cli import main; sys.exit(main(sys.argv[1:]))")
OURS = [sys.executable, "-m", "service_phrasebook.cli", "serve"]
BASELINE = [sys.executable, "-c", FULL_REBUILDS, "serve"]

BUNDLED_EDITS = (Edit("phrase", "phrasebook/02-listen.yml",
                      r"(?m)^    say: (Go on, I'm listening\.)$", "phrasebook/venting/"),)


def bundled(folder: Path) -> Path:
    """A copy of the bundled handbook to edit."""
    project = folder / "bundled"
    for name in ("content", "phrasebook", "site_overrides"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["bundled", "1000", "10000"],
                        help="'bundled' (the bundled handbook, a phrase edit) or a number of "
                             "synthetic phrases")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--zensical", type=Path, default=None,
                        help="a venv where `pip install zensical` was run")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows: list[tuple[str, str, float, float, float | None]] = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS)
        for size in args.sizes:
            print(f"{size}: load average {os.getloadavg()[0]:.2f}", file=sys.stderr)
            if size == "bundled":
                ours, baseline, edits = bundled(Path(tmp)), None, BUNDLED_EDITS
            else:
                ours, baseline = synth.write(int(size), Path(tmp) / size)
                edits = EDITS
            serve = serve_times(ours, args.runs, browser, OURS, edits,
                                Path(tmp) / f"serve-{size}.log")
            full = serve_times(ours, args.runs, browser, BASELINE, edits,
                               Path(tmp) / f"full-{size}.log")
            zensical: dict[str, float] = {}
            if args.zensical and baseline is not None:
                zensical = zensical_times(ours, baseline, args, browser, Path(tmp), size)
            for edit in edits:
                rows.append((size, edit.name, serve[edit.name], full[edit.name],
                             zensical.get(edit.name)))
                print(f"  {edit.name}: {serve[edit.name]:.2f} s, full rebuilds "
                      f"{full[edit.name]:.2f} s", file=sys.stderr)
        browser.close()
    print(table(rows))
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def zensical_times(ours: Path, baseline: Path, args: argparse.Namespace, browser: Any,
                   tmp: Path, size: str) -> dict[str, float]:
    """`zensical serve` of the hand-written Markdown site, the same phrase's text edited."""
    found = re.search(EDITS[0].pattern, (ours / EDITS[0].file).read_text(encoding="utf-8"))
    assert found is not None
    say = found.group(1)
    for path in sorted((baseline / "docs").rglob("*.md")):
        if f"    {say}\n" in path.read_text(encoding="utf-8"):
            break
    else:
        return {}
    edit = Edit("phrase", path.relative_to(baseline).as_posix(),
                "(?m)^    (" + re.escape(say) + ")$",
                path.relative_to(baseline / "docs").with_suffix("").as_posix() + "/")
    command = [str(args.zensical / "bin" / "zensical"), "serve", "-f",
               str(baseline / "mkdocs.yml")]
    return serve_times(baseline, args.runs, browser, command, (edit,),
                       tmp / f"zensical-{size}.log")


def shown(size: str) -> str:
    return size if size == "bundled" else f"{int(size):,} phrases"


def table(rows: list[tuple[str, str, float, float, float | None]]) -> str:
    head = ("| handbook | edit | serve: save to screen s | serve, full rebuilds s (baseline) "
            "| ours / baseline | zensical serve s | ours / zensical | goal <= 1 s |")
    lines = [head, "|" + " --- |" * 8]
    for size, name, serve, full, zen in rows:
        lines.append(
            f"| {shown(size)} | {name} | {serve:.2f} | {full:.2f} | {serve / full:.2f}x | "
            + (f"{zen:.2f} | {serve / zen:.2f}x" if zen else "n/a | n/a")
            + f" | {'yes' if serve <= 1 else 'no'} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()

"""One measured operation, run in a fresh process by run.py: prints its figures as JSON.

Each build or check runs in its own interpreter so that peak memory (ru_maxrss) belongs to
that operation alone and no cache carries over from a previous run.
"""

from __future__ import annotations

import functools
import json
import logging
import resource
import sys
import time
from pathlib import Path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_ours(project: Path, out: Path) -> None:
    from service_phrasebook.cli import main

    if main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(out)]) != 0:
        raise SystemExit("our build failed")


def build_baseline(project: Path, out: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(out))
    build(config)


def export(project: Path, fmt: str, out: Path) -> None:
    from service_phrasebook.cli import main

    args = ["export", "--format", fmt, "--force", "-f", str(project / "mkdocs.yml"), str(out)]
    if main(args) != 0:
        raise SystemExit(f"the {fmt} export failed")


def check(project: Path) -> None:
    from service_phrasebook import check as rules
    from service_phrasebook.load import load
    from service_phrasebook.settings import from_mkdocs_yml

    settings = from_mkdocs_yml(project / "mkdocs.yml")
    rules.run(load(settings.content, settings.root, settings.channels), settings)


def parse(project: Path) -> None:
    """What `check` is measured against: PyYAML's C loader reading the same files."""
    import yaml
    from service_phrasebook.load import content_files

    for path in content_files([project / "content", project / "phrasebook"]):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def main() -> None:
    operation, project = sys.argv[1], Path(sys.argv[2])
    out = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    work = {"build-ours": lambda: build_ours(project, out or project / "site"),
            "build-baseline": lambda: build_baseline(project, out or project / "site"),
            "check": lambda: check(project),
            "parse": lambda: parse(project),
            **{f"export-{fmt}": functools.partial(export, project, fmt,
                                                  out or project / f"export-{fmt}")
               for fmt in ("markdown", "zendesk", "csv", "espanso", "vale")}}[operation]
    if operation in ("check", "parse"):  # import first: the work itself is compared
        import yaml  # noqa: F401
        from service_phrasebook import check as _rules  # noqa: F401
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb()}))


if __name__ == "__main__":
    main()

"""A build that fails part-way leaves the previous site byte for byte as it was."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXED_DAY, ROOT, make_project, phrasebook


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def built(tmp_path: Path, hook: str | None = None) -> tuple[Path, dict[str, str]]:
    project = make_project(tmp_path, {}, with_bundled=True)
    assert phrasebook("build", cwd=project).returncode == 0
    if hook is not None:
        (project / "hook.py").write_text(hook, encoding="utf-8")
        config = project / "mkdocs.yml"
        config.write_text(config.read_text() + "hooks:\n  - hook.py\n", encoding="utf-8")
    return project, snapshot(project / "site")


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site."))


def test_bad_input_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    project, before = built(tmp_path)
    (project / "phrasebook" / "broken.yml").write_text("phrases: [\n", encoding="utf-8")
    result = phrasebook("build", cwd=project)
    assert result.returncode == 1
    assert "phrasebook/broken.yml:1:11: error yaml-syntax" in result.stderr
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


def test_an_exception_while_rendering_pages_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    failing = (
        "def on_post_page(output, page, config):\n"
        "    if page.file.src_uri == 'method/fix.md':\n"
        "        raise RuntimeError('the theme broke on this page')\n"
        "    return output\n"
    )
    project, before = built(tmp_path, failing)
    result = phrasebook("build", cwd=project)
    assert result.returncode != 0
    assert "the theme broke on this page" in result.stderr
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


def test_an_interrupt_leaves_the_site_as_it_was_and_no_half_built_folder(tmp_path: Path) -> None:
    slow = "import time\n\ndef on_post_page(output, page, config):\n" \
           "    time.sleep(0.05)\n    return output\n"
    project, before = built(tmp_path, slow)
    process = subprocess.Popen(
        [sys.executable, "-m", "service_phrasebook.cli", "build"], cwd=project,
        env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_DAY, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    end = time.monotonic() + 60
    while time.monotonic() < end and not any(
        (d / "phrasebook").exists() for d in project.glob(".site.new-*")
    ):
        time.sleep(0.02)
    assert list(project.glob(".site.new-*")), "the build got under way"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "nothing was replaced" in stderr
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


def test_a_good_build_replaces_the_site_completely(tmp_path: Path) -> None:
    project, before = built(tmp_path)
    (project / "site" / "stale-file.html").write_text("left from an old build")
    assert phrasebook("build", cwd=project).returncode == 0
    after = snapshot(project / "site")
    assert "stale-file.html" not in after
    assert after == before
    assert leftovers(project) == []

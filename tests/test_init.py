"""`phrasebook init DIR` makes a new handbook a team then edits: it passes the checker and
builds strictly as created, in each starter language, and from a wheel in a fresh virtual
environment, as a team that installed the package gets it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import FIXED_DAY, ROOT, phrasebook
from service_phrasebook.cli import main
from service_phrasebook.finder.parts import Index
from service_phrasebook.load import Cache, load
from service_phrasebook.load.cache import FOLDER, key_folder
from service_phrasebook.settings import from_mkdocs_yml

CREATED = {"mkdocs.yml", ".gitignore", ".pre-commit-config.yaml", "requirements.txt",
           ".github/workflows/handbook.yml", ".gitlab-ci.yml", "handbook/schema.json",
           "handbook/method.yml", "handbook/phrases.yml", "handbook/examples.yml",
           "handbook/sources.yml"}


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def assert_each_schema_line_resolves_and_validates(handbook: Path) -> None:
    for path in sorted((handbook / "handbook").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema_file = path.parent / first.partition("$schema=")[2]
        assert schema_file.is_file(), f"{path.name}: {first} does not resolve"
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_init_makes_a_handbook_that_checks_and_builds_strictly_in_its_language(
        tmp_path: Path, language: str) -> None:
    made = tmp_path / "handbook"
    result = phrasebook("init", str(made), "--language", language, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert files_in(made) == CREATED
    config = yaml.safe_load((made / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["language"] == language
    assert_each_schema_line_resolves_and_validates(made)
    check = phrasebook("check", "--strict", cwd=made)
    assert check.returncode == 0, check.stdout + check.stderr
    build = phrasebook("build", "--strict", cwd=made)
    assert build.returncode == 0, build.stderr
    home = (made / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}"' in home
    finder = Index.in_folder(made / "site" / "assets" / "phrasebook").head
    assert len(finder["situations"]) == 2 and finder["phrases"] >= 3
    settings = from_mkdocs_yml(made / "mkdocs.yml")
    book = load(settings.content, settings.root, settings.channels)
    assert any(phrase.avoid for phrase in book.phrases), "phrases come with avoid lists"
    assert list((made / "site" / "examples").glob("*/index.html")), "one worked example"


def test_each_language_s_starter_is_written_in_it() -> None:
    """The same starter, translated: no two languages share the text of a phrase."""
    says: dict[str, set[str]] = {}
    for language in ("en", "de", "fr", "es"):
        path = ROOT / "generator" / "starter" / language / "handbook" / "phrases.yml"
        says[language] = {p["say"] for p in yaml.safe_load(path.read_text())["phrases"]}
    for language, texts in says.items():
        for other, other_texts in says.items():
            assert other == language or not texts & other_texts


def test_the_github_workflow_publishes_to_pages_from_the_default_branch_only(
        tmp_path: Path) -> None:
    """The current official way (actions/upload-pages-artifact, then actions/deploy-pages in
    a job of its own with `pages: write` and `id-token: write`), the whole history checked
    out for the changes page, and nothing published from a pull request."""
    made = tmp_path / "new"
    phrasebook("init", str(made), check=True)
    workflow = yaml.safe_load((made / ".github" / "workflows" / "handbook.yml").read_text())
    check, deploy = workflow["jobs"]["check"], workflow["jobs"]["deploy"]
    checkout = next(s for s in check["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    upload = next(s for s in check["steps"]
                  if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    on_default = "github.event_name != 'pull_request' && " \
        "github.ref_name == github.event.repository.default_branch"
    assert upload["if"] == on_default and deploy["if"] == on_default
    assert deploy["needs"] == "check"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"] for s in deploy["steps"]] == ["actions/deploy-pages@v4"]


def test_the_github_workflow_keeps_the_check_warm_from_one_run_to_the_next(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check's cache and the key that signs it are restored before the check, per
    phrasebook version. What a job gains, done here as actions/cache does it: a first run
    saves both folders, a later run on a fresh checkout at the same place restores them, and
    after a push that edited one file, only that file is decoded again."""
    made = tmp_path / "new"
    phrasebook("init", str(made), check=True)
    workflow = yaml.safe_load((made / ".github" / "workflows" / "handbook.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    cached = next(n for n, s in enumerate(steps) if s.get("uses", "").startswith(
        "actions/cache@"))
    checked = next(n for n, s in enumerate(steps) if s.get("run", "").startswith(
        "phrasebook check"))
    assert cached < checked
    step = steps[cached]["with"]
    assert step["path"].split() == [".phrasebook_cache", "~/.cache/service-phrasebook"]
    assert "hashFiles('requirements.txt')" in step["key"]
    assert step["key"].startswith(step["restore-keys"]) and step["key"] != step["restore-keys"]

    runner = tmp_path / "runner"  # the runner's home, where ~ in the step's paths points
    monkeypatch.setenv("HOME", str(runner))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_DAY)
    kept = [Path(path.replace("~", str(runner), 1)) if path.startswith("~") else made / path
            for path in step["path"].split()]
    assert key_folder() in kept
    checkout = tmp_path / "checkout"
    shutil.copytree(made, checkout)
    assert main(["check", "-f", str(made / "mkdocs.yml")]) == 0  # the first run
    saved = tmp_path / "saved"
    for n, path in enumerate(kept):
        shutil.copytree(path, saved / str(n))
    shutil.rmtree(made)
    shutil.rmtree(runner)
    shutil.copytree(checkout, made)  # the next run: a fresh checkout on a fresh runner
    for n, path in enumerate(kept):
        shutil.copytree(saved / str(n), path)
    phrases = made / "handbook" / "phrases.yml"
    phrases.write_text(phrases.read_text(encoding="utf-8") + "\n# a push\n", encoding="utf-8")
    settings = from_mkdocs_yml(made / "mkdocs.yml")
    cache = Cache(made / FOLDER)
    load(settings.content, settings.root, settings.channels, cache)
    files = len(list((made / "handbook").glob("*.yml")))
    assert (cache.found, cache.missed) == (files - 1, 1)


def test_the_gitlab_pipeline_checks_branches_and_publishes_the_default_one(
        tmp_path: Path) -> None:
    made = tmp_path / "new"
    phrasebook("init", str(made), check=True)
    pipeline = yaml.safe_load((made / ".gitlab-ci.yml").read_text())
    assert pipeline["variables"]["GIT_DEPTH"] == 0
    assert pipeline["before_script"] == ["pip install -r requirements.txt"]
    pages = pipeline["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert "phrasebook build --strict --site-dir public" in pages["script"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert "phrasebook check --strict" in pipeline["check"]["script"]
    # What the pipeline runs works: the build writes the site where GitLab Pages takes it.
    built = phrasebook("build", "--strict", "--site-dir", "public", cwd=made)
    assert built.returncode == 0, built.stderr
    assert (made / "public" / "index.html").is_file()


def test_requirements_name_what_this_installation_came_from(tmp_path: Path) -> None:
    """The test environment is an editable install of a folder: said in the file and in
    init's output, since no CI runner can reach it."""
    made = tmp_path / "new"
    result = phrasebook("init", str(made), check=True)
    lines = (made / "requirements.txt").read_text("utf-8").splitlines()
    assert lines[-1] == f"service-phrasebook @ {ROOT.as_uri()}"
    comment = " ".join(line.removeprefix("# ") for line in lines[:-1])
    assert f"The line below names {ROOT}, a folder or file on the machine" in comment
    assert "no CI runner can install from it" in comment
    assert f"requirements.txt names {ROOT}, which is on this machine only" in result.stderr


@pytest.mark.parametrize("direct_url, requirement, local", [
    (None, "service-phrasebook==1.2.0", None),  # from a package index
    ('{"url": "https://github.com/acme/phrasebook.git", "vcs_info": {"vcs": "git", '
     '"commit_id": "4f2a9c1", "requested_revision": "main"}}',
     "service-phrasebook @ git+https://github.com/acme/phrasebook.git@4f2a9c1", None),
    ('{"url": "https://files.example/service_phrasebook-1.2.0-py3-none-any.whl", '
     '"archive_info": {"hashes": {"sha256": "ab12"}}}',
     "service-phrasebook @ https://files.example/service_phrasebook-1.2.0-py3-none-any.whl"
     "#sha256=ab12", None),
    ('{"url": "file:///home/ana/src/phrase%20book", "dir_info": {}}',
     "service-phrasebook @ file:///home/ana/src/phrase%20book", "/home/ana/src/phrase book"),
    ('{"url": "file:///x\nevil==1", "dir_info": {}}', "service-phrasebook==1.2.0", None),
])
def test_a_direct_url_as_pip_records_it_becomes_one_requirement_line(
        direct_url: str | None, requirement: str, local: str | None) -> None:
    from service_phrasebook.origin import from_direct_url

    found = from_direct_url(direct_url, "service-phrasebook", "1.2.0")
    assert found.requirement == requirement
    assert found.local == (Path(local) if local else None)


def test_the_ci_workflow_and_pre_commit_run_the_strict_check(tmp_path: Path) -> None:
    made = tmp_path / "new"
    phrasebook("init", str(made), check=True)
    workflow = yaml.safe_load((made / ".github" / "workflows" / "handbook.yml").read_text())
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "pip install -r requirements.txt" in " ".join(runs)
    assert any(r.startswith("phrasebook check --strict") for r in runs)
    assert "phrasebook build --strict" in runs
    hooks = yaml.safe_load((made / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert hooks[0]["entry"] == "phrasebook check --strict"
    assert "site/" in (made / ".gitignore").read_text().split()


@pytest.mark.parametrize("occupied", ["a file inside", "a file"])
def test_init_refuses_a_folder_that_is_not_empty_and_writes_nothing(
        tmp_path: Path, occupied: str) -> None:
    target = tmp_path / "taken"
    if occupied == "a file":
        target.write_text("notes")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("notes")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = phrasebook("init", str(target), cwd=tmp_path)
    assert result.returncode == 2
    assert f"{target}: is a" in result.stderr and "nothing was written" in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_init_into_an_empty_folder_fills_it(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert phrasebook("init", "empty", cwd=tmp_path).returncode == 0
    assert files_in(tmp_path / "empty") == CREATED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"], "no temporary left behind"


def test_an_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    result = phrasebook("init", "x", "--language", "it", cwd=tmp_path)
    assert result.returncode == 2 and "invalid choice: 'it'" in result.stderr
    assert not (tmp_path / "x").exists()


def test_init_from_a_wheel_in_a_fresh_virtual_environment(tmp_path: Path) -> None:
    """What a team gets from `pip install`: the wheel built from a copy of the sources,
    installed with pip into a new environment. Its dependencies (MkDocs, Material, ...) come
    from the test environment through a .pth file, so nothing is downloaded; that path holds
    no `service_phrasebook` of its own, since editable installs need their own .pth file,
    which a path listed in another .pth never runs."""
    source = tmp_path / "source"
    for part in ("generator", "site_overrides"):
        shutil.copytree(ROOT / part, source / part, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, source / part)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-cache-dir", "--wheel-dir", str(tmp_path / "wheel"), str(source)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    fresh = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=False).create(fresh)
    python = fresh / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    purelib = subprocess.run([str(python), "-c", "import sysconfig; "
                              "print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    (Path(purelib) / "test-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["SOURCE_DATE_EPOCH"] = "1795392000"

    def run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=300)

    where = run(str(python), "-c", "import service_phrasebook; print(service_phrasebook.__file__)",
                cwd=tmp_path)
    assert where.stdout.startswith(str(fresh)), where.stdout + where.stderr
    created = run(str(fresh / "bin" / "phrasebook"), "init", "team", "--language", "de",
                  cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    team = tmp_path / "team"
    assert files_in(team) == CREATED
    checked = run(str(fresh / "bin" / "phrasebook"), "check", "--strict", cwd=team)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    requirement = (team / "requirements.txt").read_text("utf-8").splitlines()[-1]
    assert requirement.startswith(f"service-phrasebook @ {wheel.as_uri()}#sha256="), \
        "the wheel it came from, with the hash pip recorded"
    assert f"requirements.txt nennt {wheel}, das es nur auf diesem Rechner gibt" in \
        created.stderr, "a file on this machine, said plainly, in the handbook's language"
    built = run(str(python), "-m", "mkdocs", "build", "--strict", cwd=team)
    assert built.returncode == 0, built.stderr
    assert (team / "site" / "phrasebook" / "index.html").is_file()

"""The check cache: a second `phrasebook check` reads only what changed, and always says what a
check without the cache says, whatever happened to the files or to the cache in between."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXED_DAY, make_project
from hypothesis import given, settings
from hypothesis import strategies as st
from service_phrasebook import load as loading
from service_phrasebook import model as m
from service_phrasebook.cli import main
from service_phrasebook.load import Cache, load
from service_phrasebook.load import decode as decoding
from service_phrasebook.load.cache import FOLDER, fingerprint, key_folder, pack, unpack, user_key

# Planted beside a copy of the bundled handbook, so that rules of every family fire and the
# cache has findings to keep: an avoided phrase in another file's text, a figure, an unused
# fill-in, a near duplicate of a bundled phrase, an example whose step order is wrong.
PLANTED = {
    "phrasebook/planted.yml": """\
        phrases:
          - id: planted-shout
            step: listen
            situations: [shouting]
            say: There's no need to shout, I'm listening.
          - id: planted-figure
            step: listen
            situations: [shouting]
            say: Nine in ten customers feel better when heard, {name}.
            variables:
              name: their name
              unused: nothing
          - id: planted-reference
            step: listen
            situations: [shouting]
            say: Go on, I am listening to every word.
            sources: [planted-source]
          - id: planted-suppressed
            step: listen
            situations: [shouting]
            say: Most customers want to be heard first.
            suppress:
              - rule: figure
                reason: a trainer's saying, kept as written
              - rule: channel
                reason: silences nothing until the text says "see below"
        """,
    "content/planted-sources.yml": """\
        sources:
          - id: planted-source
            title: A planted source
        """,
}


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_DAY)


def check(project: Path, capsys: pytest.CaptureFixture[str], *extra: str
          ) -> tuple[int, list[dict[str, object]], str]:
    """`phrasebook check --format json` run in this process: exit code, findings, stderr."""
    code = main(["check", "--format", "json", "-f", str(project / "mkdocs.yml"), *extra])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def same_as_cold(project: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    """Check with the cache, then without it; both must agree, exit code and every finding."""
    warm = check(project, capsys)
    cold = check(project, capsys, "--no-cache")
    assert warm[:2] == cold[:2]
    assert warm[2] == ""
    return warm[1]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rules(findings: list[dict[str, object]]) -> set[object]:
    return {f["rule"] for f in findings}


def test_every_kind_of_edit_is_checked_as_a_check_without_cache_checks_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, PLANTED, with_bundled=True)
    planted = project / "phrasebook" / "planted.yml"
    first = same_as_cold(project, capsys)
    assert {"avoided-phrase", "figure", "variables"} <= rules(first)
    assert (project / FOLDER / "entries").is_file()
    assert (project / FOLDER / ".gitignore").read_text().splitlines()[-1] == "*"

    # A phrase's text: its finding goes away.
    edit(planted, "There's no need to shout, I'm listening.", "I'm listening, go on.")
    assert "avoided-phrase" not in rules(same_as_cold(project, capsys))
    # An avoid list in another file: an unchanged file's text now contains an avoided phrase.
    edit(project / "phrasebook" / "01-stay-calm.yml", "- text: no need to shout",
         "- text: go on")
    assert "avoided-phrase" in rules(same_as_cold(project, capsys))
    # An id another file refers to, removed: that reference is now unknown.
    edit(project / "content" / "planted-sources.yml", "id: planted-source", "id: renamed")
    code, findings, _ = check(project, capsys)
    assert code == 1 and "unknown-reference" in rules(findings)
    same_as_cold(project, capsys)
    # A file deleted: the source is gone.
    (project / "content" / "planted-sources.yml").unlink()
    same_as_cold(project, capsys)
    # A file renamed: its findings name the new path.
    planted.rename(project / "phrasebook" / "moved.yml")
    edit(project / "phrasebook" / "moved.yml", "sources: [planted-source]", "")
    findings = same_as_cold(project, capsys)
    assert {f["path"] for f in findings if f["rule"] == "figure"} == {"phrasebook/moved.yml"}


def test_suppressions_apply_to_kept_findings_as_to_new_ones(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, PLANTED, with_bundled=True)
    planted = project / "phrasebook" / "planted.yml"

    def suppressed() -> tuple[bool, bool]:
        """Whether the figure is reported, and whether the channel suppression is unused."""
        findings = same_as_cold(project, capsys)
        mine = [f for f in findings if f["path"] == "phrasebook/planted.yml"]
        return (any("Most customers" in str(f["message"]) for f in mine),
                any(f["rule"] == "unused-suppression" and "channel" in str(f["message"])
                    for f in mine))

    assert suppressed() == (False, True)
    edit(project / "phrasebook" / "02-listen.yml", "say: ", "say: Right, ")  # another file
    assert suppressed() == (False, True)
    edit(planted, "want to be heard first.", "want to be heard first, see below.")
    assert suppressed() == (False, False)
    edit(planted, "- rule: figure", "- rule: duplicate")
    assert suppressed() == (True, False)


def test_a_file_changed_back_finds_what_it_said_before(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, PLANTED, with_bundled=True)
    planted = project / "phrasebook" / "planted.yml"
    before = planted.read_text(encoding="utf-8")
    first = same_as_cold(project, capsys)
    edit(planted, "Nine in ten customers", "Customers")
    assert "figure" not in rules(same_as_cold(project, capsys))
    planted.write_text(before, encoding="utf-8")
    assert same_as_cold(project, capsys) == first


def test_a_corrupt_cache_is_ignored_and_replaced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, PLANTED, with_bundled=True)
    first = same_as_cold(project, capsys)
    entries = project / FOLDER / "entries"
    data = bytearray(entries.read_bytes())
    for position in (0, 40, len(data) // 2, len(data) - 1):  # the MAC, the payload, its end
        flipped = bytearray(data)
        flipped[position] ^= 0xFF
        entries.write_bytes(bytes(flipped))
        assert same_as_cold(project, capsys) == first
    entries.write_bytes(bytes(data[: len(data) // 3]))  # a write cut short
    assert same_as_cold(project, capsys) == first
    entries.write_bytes(b"")
    assert same_as_cold(project, capsys) == first
    assert entries.read_bytes() == bytes(data)  # written again, whole


def replaced(value: object, old: str, new: str) -> object:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, (list, tuple)):
        return type(value)(replaced(item, old, new) for item in value)
    if isinstance(value, dict):
        return {k: replaced(item, old, new) for k, item in value.items()}
    return value


def forged(project: Path, tool: bytes, secret: bytes | None = None) -> None:
    """Rewrite the cache as another tool might have: "no need to shout" avoided and said
    nowhere, under a MAC with `secret` (by default this user's key, so that only the tool's
    fingerprint tells it apart), in the file's format (cache.py's `pack`)."""
    folder = project / FOLDER
    secret = secret or user_key(project)
    entries = unpack((folder / "entries").read_bytes(), user_key(project))
    assert entries, "the cache this test starts from is read"
    parts = [b"phrasebook cache 2\n", tool, struct.pack("<I", len(entries))]
    for name, value in sorted(entries.items()):
        data = json.dumps(replaced(json.loads(bytes(value)), "no need to shout", "FORGED"),
                          separators=(",", ":")).encode()
        parts += [bytes.fromhex(name), struct.pack("<I", len(data)), data]
    payload = b"".join(parts)
    mac = hashlib.blake2b(payload, key=secret, digest_size=32).digest()
    (folder / "entries").write_bytes(mac + payload)


def test_a_cache_written_by_another_version_is_ignored(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, PLANTED, with_bundled=True)
    first = same_as_cold(project, capsys)
    forged(project, b"another version of phrasebook")
    assert same_as_cold(project, capsys) == first
    # The same entries under this version's fingerprint are read: the fingerprint alone is
    # what kept them out above.
    forged(project, fingerprint())
    assert check(project, capsys)[1] != first


def test_a_second_load_decodes_no_file_and_a_third_after_an_edit_decodes_one(
        tmp_path: Path) -> None:
    project = make_project(tmp_path, PLANTED, with_bundled=True)
    folders = [project / "content", project / "phrasebook"]
    files = len(list(project.glob("*/**/*.yml")))
    first = Cache(project / FOLDER)
    cold = load(folders, project, cache=first)
    assert (first.found, first.missed) == (0, files)
    assert first.save() is None
    second = Cache(project / FOLDER)
    assert load(folders, project, cache=second) == cold
    assert (second.found, second.missed) == (files, 0)
    second.save()
    edit(project / "phrasebook" / "planted.yml", "Go on, I am", "Go on, we are")
    third = Cache(project / FOLDER)
    warm = load(folders, project, cache=third)
    assert (third.found, third.missed) == (files - 1, 1)
    assert warm == load(folders, project)
    assert [p.where("say") for p in warm.phrases] == [
        p.where("say") for p in load(folders, project).phrases]


def test_other_settings_do_not_share_entries(tmp_path: Path) -> None:
    project = make_project(tmp_path, PLANTED, with_bundled=True)
    folders = [project / "content", project / "phrasebook"]
    cache = Cache(project / FOLDER)
    load(folders, project, cache=cache)
    assert cache.save() is None
    sms = (*m.DEFAULT_CHANNELS, m.ChannelInfo("sms", "SMS", spoken=False))
    warm = load(folders, project, sms, cache=Cache(project / FOLDER))
    cold = load(folders, project, sms)
    assert warm == cold
    assert "sms" in warm.phrases[0].channels


def test_in_memory_the_same_records_come_back_and_unused_ones_are_dropped(
        tmp_path: Path) -> None:
    project = make_project(tmp_path, PLANTED, with_bundled=True)
    folders = [project / "content", project / "phrasebook"]
    cache = Cache()
    first = load(folders, project, cache=cache)
    cache.save()
    again = load(folders, project, cache=cache)
    cache.save()
    assert again == first and again.phrases[0] is first.phrases[0]
    edit(project / "phrasebook" / "planted.yml", "Go on, I am", "Go on, we are")
    edited = load(folders, project, cache=cache)
    cache.save()
    assert edited == load(folders, project)
    assert edited.index["phrase"]["planted-reference"] != first.index["phrase"][
        "planted-reference"]
    assert edited.phrases[0] is first.phrases[0]  # an unchanged file's records are reused
    assert not list(project.glob(FOLDER))  # in memory: nothing on disk


def test_a_cache_folder_that_cannot_be_written_is_checked_without(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, PLANTED, with_bundled=True)
    cold = check(project, capsys, "--no-cache")
    assert not (project / FOLDER).exists()
    (project / FOLDER).write_text("a file where the folder would be")
    code, findings, err = check(project, capsys)
    assert (code, findings) == cold[:2]
    assert err.count("cache not written") == 1


def test_two_checks_writing_at_once_leave_a_whole_cache(tmp_path: Path) -> None:
    project = make_project(tmp_path, PLANTED, with_bundled=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_DAY}
    command = [sys.executable, "-m", "service_phrasebook.cli", "check", "--format", "json"]
    for _ in range(3):
        shutil.rmtree(project / FOLDER, ignore_errors=True)
        runs = [subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [run.communicate(timeout=300) for run in runs]
        assert outputs[0][0] == outputs[1][0] and outputs[0][1] == outputs[1][1]
        assert [p.name for p in (project / FOLDER).iterdir()
                if p.name.startswith(".") and p.name != ".gitignore"] == []  # no leftovers
        warm = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True,
                              timeout=300)
        assert warm.stdout == outputs[0][0]
        cache = Cache(project / FOLDER)
        assert cache._read(), "the cache the two checks left is whole and readable"


# --- Nothing in the checkout is trusted (issue 19, point 3) ----------------------------------
#
# The cases that plant a cache in a project (a forged one committed with `git add -f`, a
# linked folder, files linked to /dev/zero) are in the hostile-input corpus,
# tests/test_bad_inputs.py, with the diagnostics a check must still give.


def test_the_key_is_the_users_own_outside_every_project(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    project = make_project(tmp_path, PLANTED, with_bundled=True)
    same_as_cold(project, capsys)
    folder = tmp_path / "user-cache" / "service-phrasebook"
    assert key_folder() == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "key").stat().st_mode) == 0o600
    assert len((folder / "key").read_bytes()) == 32
    assert sorted(p.name for p in (project / FOLDER).iterdir()) == [".gitignore", "entries"]
    assert not list(project.rglob("key"))


def test_a_cache_written_under_another_key_is_ignored(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, PLANTED, with_bundled=True)
    first = same_as_cold(project, capsys)
    forged(project, fingerprint(), secret=b"k" * 32)  # this version's, another person's key
    (project / FOLDER / "key").write_bytes(b"k" * 32)  # where versions before kept theirs
    assert same_as_cold(project, capsys) == first


def test_a_key_folder_inside_the_project_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """XDG_CACHE_HOME pointed into the checkout (`XDG_CACHE_HOME=.cache` in a CI file)
    would let a pull request bring its own key: the check runs without a cache and says so."""
    project = make_project(tmp_path, PLANTED, with_bundled=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(project / ".cache"))
    code, findings, err = check(project, capsys)
    assert (code, findings) == check(project, capsys, "--no-cache")[:2]
    assert "inside the project" in err and "cache not written" in err
    assert not (project / ".cache").exists() and not (project / FOLDER / "entries").exists()


def test_a_key_others_can_write_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    project = make_project(tmp_path, PLANTED, with_bundled=True)
    cold = same_as_cold(project, capsys)
    (tmp_path / "user-cache" / "service-phrasebook" / "key").chmod(0o666)
    code, findings, err = check(project, capsys)
    assert code == 1 and findings == cold
    assert "can be written by other users" in err


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400), flip=st.integers(min_value=0, max_value=10_000))
def test_any_bytes_read_as_no_entries_or_as_what_was_written(data: bytes, flip: int) -> None:
    """Whatever lies in the file, reading it ends in entries this tool wrote or in none:
    nothing is decoded before the MAC holds, and every length is checked after."""
    secret = b"s" * 32
    assert unpack(data, secret) == {}
    written = pack({"ab" * 20: b"[1,2]", "cd" * 20: data}, secret)
    assert {k: bytes(v) for k, v in unpack(written, secret).items()} == {
        "ab" * 20: b"[1,2]", "cd" * 20: data}
    changed = bytearray(written)
    changed[flip % len(changed)] ^= 0x01
    assert unpack(bytes(changed), secret) == {}
    assert unpack(written, b"t" * 32) == {}
    assert unpack(written[:-1], secret) == {}


def test_files_whose_aliases_add_up_are_reported_alike_warm_and_cold(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The load's alias budget is shared by its files (issue 19, point 8): a kept file must
    pay what it paid when decoded, and stop where a cold load stops, whatever was kept."""
    monkeypatch.setattr(loading, "MAX_ALIASED", 1_000)  # the corpus has the full-size case
    monkeypatch.setattr(decoding, "MAX_ALIASED", 1_000)
    rows = "".join(f"  - {{id: s{{n}}-{i}, title: T, keywords: *k}}\n" for i in range(1, 30))
    project = make_project(tmp_path, {
        f"content/aliases-{n}.yml": "# " + "padding " * 500 + "\nsituations:\n"
        f"  - {{id: s{n}-0, title: T, keywords: &k [{', '.join(['w'] * 20)}]}}\n"
        + rows.replace("{n}", str(n)) for n in range(3)})
    shutil.copy(Path(__file__).parent / "bad_inputs" / "_base" / "method.yml",
                project / "content" / "method.yml")
    first = same_as_cold(project, capsys)
    assert [(f["path"], f["rule"]) for f in first] == [("content/aliases-1.yml", "yaml-aliases")]
    assert "1 later file aliases values past it too" in str(first[0]["message"])
    (project / "content" / "aliases-0.yml").rename(project / "content" / "aliases-9.yml")
    moved = same_as_cold(project, capsys)
    assert [(f["path"], f["rule"]) for f in moved] == [("content/aliases-2.yml", "yaml-aliases")]

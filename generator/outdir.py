"""The folder a build or an export writes: what may be replaced, and replacing it whole.

The folder is replaced, never merged into, so whatever it held is deleted. The name comes
from the command line or from mkdocs.yml, and a repository can hold anything at that name (a
committed `site -> ../victim`), so nothing is deleted unless it is plainly ours: a folder that
an earlier build or export wrote (it holds `MARKER`), reached without following a symbolic
link, that holds neither the handbook nor its configuration. Anything else stops the command
before a file is written (exit 2, `ConfigError`), saying why and what to do instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .labels import Labels
from .messages import Message, say
from .settings import ConfigError

MARKER = ".phrasebook-output"  # its text, in the handbook's language: `outdir_marker`


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check(target: Path, command: str, protected: Iterable[tuple[Message, Path]],
          flag: Message | str = "", example: str = "site/") -> Path:
    """`target` as an absolute path whose last part is not followed, once it is known to be
    safe to replace; ConfigError otherwise. `protected` names what must survive (the content
    folders, docs_dir, mkdocs.yml) with the words that say what each is."""
    target = Path(os.path.abspath(target))

    def refused(key: str, what: Message | str = "", held: str = "", points: str = ""
                ) -> ConfigError:
        return ConfigError(say(key, command=command, flag=flag, example=example,
                               marker=MARKER, what=what, held=held, points=points), target)

    if target.is_symlink():
        raise refused("outdir_link", points=os.readlink(target))
    if target.exists() and not target.is_dir():
        raise refused("outdir_not_folder")
    real = target.parent.resolve() / target.name  # what the rename and the delete act on
    for what, path in protected:
        held = path.resolve()
        if _inside(held, real):
            raise refused("outdir_holds", what, str(path))
        if held.is_dir() and _inside(real, held):
            raise refused("outdir_inside", what, str(path))
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise refused("outdir_not_ours")
    return target


@contextlib.contextmanager
def replaced_atomically(target: Path, command: str, words: Labels) -> Iterator[Path]:
    """Yield a fresh folder beside `target`; swap it in only if the block completes, with
    the mark that says it is ours, written for people in `words`' language.

    A failure, an exception or Ctrl-C leaves `target` exactly as it was, and removes the
    half-built folder. `target` must have passed `check`: it is renamed, never followed.
    """
    target = Path(os.path.abspath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield fresh
        (fresh / MARKER).write_text(words.say(say("outdir_marker", command=command)) + "\n",
                                    encoding="utf-8")
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.is_dir() and not target.is_symlink():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)

"""A full build's pages put through the theme by two processes.

MkDocs puts each page through the theme one after the other, and at 10,000 phrases that loop
is half of `phrasebook build` (1,400 pages through Material's `base.html`), on one core of
two. Each page's making is independent of the others': it reads the site as it stands once
every page is read (navigation, files, Jinja environment) and writes its own file. So when
the loop starts, `phrasebook build` forks: the second process makes every other page, the
first the rest, and the second hands back the log lines said meanwhile, which the first says
again, so the site and `--strict` are what one process gives (tests/test_pagesplit.py).

Only where it pays: from SPLIT_PAGES pages on (measured in benchmarks/PROFILE.md), with no
plugin but ours at work (another may keep state from page to page, as a search index does;
Material's search is switched off by ours, the finder being the site's search), in a process
with one thread (a fork copies no other thread, and a lock another thread held would stay
held), on a system that forks.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import threading
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

import mkdocs.commands.build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from .labels import labels_for
from .messages import Message, say

# Below this many pages the fork, and the second process copying the pages of memory it
# writes to, cost more than half the loop saves.
SPLIT_PAGES = 600


@contextlib.contextmanager
def shared(config: MkDocsConfig, pages: int | None = None) -> Iterator[None]:
    """Within, MkDocs' build of `config` puts its pages through the theme in two processes
    when it has at least `pages` of them (SPLIT_PAGES by default), and the conditions above
    hold."""
    split = _Split(config, mkdocs_build._build_page, SPLIT_PAGES if pages is None else pages)
    mkdocs_build._build_page = split.build_page
    try:
        yield
    finally:
        mkdocs_build._build_page = split.original
        split.close()


class _Split:
    def __init__(self, config: MkDocsConfig, original: Callable[..., None], pages: int) -> None:
        self.config, self.original, self.least = config, original, pages
        self.order: dict[str, int] = {}  # each page's number in the loop, by its source path
        self.child: int | None = None  # the second process, seen from the first
        self.second = False  # this is the second process
        self.pipe: tuple[int, int] | None = None
        self.said: list[tuple[str, int, str]] = []  # the second process's log lines
        self.last = -1

    def build_page(self, page: Any, config: MkDocsConfig, doc_files: Any, *args: Any,
                   **kwargs: Any) -> None:
        if not self.order:
            self._start(config, doc_files)
        number = self.order.get(page.file.src_uri) if self.pipe is not None else None
        if number is None:  # one process, or a page not counted when the loop began
            self.original(page, config, doc_files, *args, **kwargs)
        elif self.second:
            try:  # whatever happens, the second process ends here, never in the caller
                if number % 2 == 1:
                    self.original(page, config, doc_files, *args, **kwargs)
                if number == self.last:
                    self._hand_back(None)
            except BaseException as error:  # handed to the first process
                self._hand_back(error)
        else:
            if number % 2 == 0:
                self.original(page, config, doc_files, *args, **kwargs)
            if number == self.last:
                self._end()

    def _start(self, config: MkDocsConfig, doc_files: Any) -> None:
        self.order = {f.src_uri: n for n, f in enumerate(doc_files)}
        self.last = len(self.order) - 1
        others = [name for name, plugin in config.plugins.items()  # hooks are modules
                  if name != "phrasebook" and getattr(plugin, "config", {}).get("enabled", True)]
        if (len(self.order) < max(self.least, 2) or not hasattr(os, "fork")
                or threading.active_count() > 1 or others):
            return
        self.pipe = os.pipe()
        gc.freeze()  # the second process then leaves the first's objects where they are
        child = os.fork()
        if child == 0:
            self.second = True
            gc.disable()
            os.close(self.pipe[0])
            self._keep_log_lines()
        else:
            self.child = child
            os.close(self.pipe[1])

    def _keep_log_lines(self) -> None:
        said = self.said

        class Keep(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                said.append((record.name, record.levelno, record.getMessage()))

        for name in ("", "mkdocs"):
            logger = logging.getLogger(name)
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
            logger.addHandler(Keep())

    def _end(self) -> None:
        assert self.pipe is not None and self.child is not None
        with os.fdopen(self.pipe[0], "rb") as reader:
            data = reader.read()
        self.pipe = None
        _, status = os.waitpid(self.child, 0)
        self.child = None
        gc.unfreeze()
        try:
            said, error = pickle.loads(data)
        except Exception:  # nothing whole came back
            labels = labels_for(self.config.theme.get("language"))[0]
            raise Abort(labels.say(_stopped(status))) from None
        for name, level, message in said:
            logging.getLogger(name).log(level, "%s", message)
        if error is not None:
            raise error

    def _hand_back(self, error: BaseException | None) -> NoReturn:
        """The second process's end: its log lines and how it ended, to the first."""
        try:
            assert self.pipe is not None
            try:
                data = pickle.dumps((self.said, error))
            except Exception:  # an exception that cannot be pickled
                data = pickle.dumps((self.said, Abort(str(error))))
            with os.fdopen(self.pipe[1], "wb") as writer:
                writer.write(data)
        finally:
            os._exit(0)

    def close(self) -> None:
        """The build ended early in the first process: the second is stopped and reaped."""
        if self.child is not None:
            with contextlib.suppress(OSError):
                os.kill(self.child, 9)
                os.waitpid(self.child, 0)
            self.child = None
            gc.unfreeze()
        if self.pipe is not None and not self.second:
            with contextlib.suppress(OSError):
                os.close(self.pipe[0])
            self.pipe = None


def _stopped(status: int) -> Message:
    """Why the second process handed nothing back, from its wait status."""
    if os.WIFSIGNALED(status):
        return say("build_second_stopped_signal", signal=str(os.WTERMSIG(status)))
    return say("build_second_stopped_exit", status=str(os.WEXITSTATUS(status)))

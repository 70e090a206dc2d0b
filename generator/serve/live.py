"""`phrasebook serve` on broken content: a page naming each problem, not a hung request.

MkDocs' development server holds every request while the last build failed ("the server
will appear stuck until build errors are resolved"): after a save that breaks a file, the
author's browser waited with no word of why. Here a failed build counts as a finished one
whose pages are a single page listing the problems (place, message, hint). Browsers reload
to it at once, and reload again to the site when a save fixes the content, by MkDocs' own
live-reload script, which is injected into the problem page as into any other.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer

from ..diagnostic import SEVERITY, Diagnostic, escaped, ordered
from ..labels import Labels, english_labels, labels_for
from ..messages import Message, say


class Problems:
    """The problems of the last build, shared by the builder and the server's threads:
    empty when the last build succeeded, and the labels of the handbook's language to show
    them in. Each attribute is replaced whole, never mutated."""

    def __init__(self) -> None:
        self.current: tuple[Diagnostic, ...] | Message = ()
        self.labels: Labels = english_labels()


def reporting(build: Callable[..., None], problems: Problems) -> Callable[..., None]:
    """`build`, recording why it stopped instead of raising, so the server goes on."""

    def build_or_report(config: Any, **options: Any) -> None:
        try:
            build(config, **options)
        except Abort as error:
            plugin = config.plugins.get("phrasebook")
            found = tuple(getattr(plugin, "problems", ()))
            problems.labels = labels_for(str(config.theme.get("language") or "en"))[0]
            problems.current = found or say("serve_build_stopped", error=str(error))
        else:
            problems.current = ()

    return build_or_report


def _place(d: Diagnostic) -> str:
    return html.escape(escaped(str(d.at)))


def problem_page(problems: Sequence[Diagnostic] | Message,
                 labels: Labels | None = None) -> bytes:
    """An HTML page naming each problem, in the handbook's language: what content says is
    escaped, never markup."""
    labels = labels or english_labels()

    def text(message: Message) -> str:
        return html.escape(escaped(labels.say(message)))

    if isinstance(problems, Message):
        items = [f"<li>{text(problems)}</li>"]
        count = text(say("serve_stopped_title"))
    else:
        items = []
        for d in ordered(problems):
            see = "".join(f"<div>{text(say('serve_see'))} "
                          f"<code>{html.escape(escaped(str(r)))}</code></div>"
                          for r in d.related)
            hint = (f'<div class="hint">{text(say("serve_hint", hint=d.hint))}</div>'
                    if d.hint else "")
            items.append(f'<li><code class="at">{_place(d)}</code> '
                         f'{text(SEVERITY[d.severity])} '
                         f'<code>{html.escape(d.rule)}</code>: '
                         f'<span class="message">{text(d.message)}</span>'
                         f"{see}{hint}</li>")
        count = text(say("serve_problems", count=len(problems)))
    language = html.escape(labels.language, quote=True)
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{count}</title><style>"
        "body{font:1rem/1.5 system-ui,sans-serif;margin:2rem;color:#1a1a1a;background:#fff}"
        "li{margin:0 0 1rem}.hint{color:#333}code{background:#f2f2f2;padding:0 .2em}"
        "@media (prefers-color-scheme:dark){body{color:#eee;background:#1e1e1e}"
        ".hint{color:#ccc}code{background:#333}}</style></head><body>"
        f"<h1>{count}</h1><p>{text(say('serve_fix'))}</p>"
        f'<ol class="problems">{"".join(items)}</ol></body></html>'
    ).encode()


class ProblemServer(LiveReloadServer):
    """MkDocs' live-reload server, answering every page request with the problem page
    while the last build failed. Stylesheets, scripts and images are served as usual."""

    def __init__(self, *args: Any, problems: Problems, **kwargs: Any) -> None:
        self.problems = problems
        super().__init__(*args, **kwargs)

    def _serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]
                       ) -> Iterable[bytes] | None:
        path = str(environ.get("PATH_INFO", ""))
        last = path.rsplit("/", 1)[-1]
        if path.startswith("/livereload/") or ("." in last and not last.endswith(".html")):
            return super()._serve_request(environ, start_response)
        with self._epoch_cond:  # as MkDocs does: a build under way is waited for
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            epoch = self._visible_epoch
            current, labels = self.problems.current, self.problems.labels
        if not current:
            return super()._serve_request(environ, start_response)
        page: bytes = self._inject_js_into_html(  # type: ignore[no-untyped-call]
            problem_page(current, labels), epoch)
        start_response("500 Internal Server Error", [
            ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page))),
            ("Cache-Control", "no-store")])
        return [page]

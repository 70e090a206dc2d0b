"""Markdown in content fields: one sentence of plain text skips the parser and comes out
exactly as markdown-it would render it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from service_phrasebook.render import markup

plain_sentences = st.from_regex(markup.PLAIN, fullmatch=True)


@settings(max_examples=500, deadline=None)
@given(plain_sentences)
def test_plain_text_comes_out_as_markdown_it_renders_it(text: str) -> None:
    env = {"resolve": None}
    assert markup.block(text) == markup._MD.render(text, env)
    assert markup.inline(text) == markup._MD.renderInline(text, env)


def test_what_markdown_means_something_in_goes_through_the_parser() -> None:
    assert markup.block("I **apologize**.") == "<p>I <strong>apologize</strong>.</p>\n"
    assert markup.inline("Say [this](https://example.org)") == \
        'Say <a href="https://example.org" rel="noopener noreferrer">this</a>'
    assert markup.block("1. First") == "<ol>\n<li>First</li>\n</ol>\n"
    assert markup.block('Say "no" <b>') == "<p>Say &quot;no&quot; &lt;b&gt;</p>\n"

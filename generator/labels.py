"""The words the tool itself writes on a site, in the site's language.

Every label comes from a gettext catalog in `locales/`: `messages.pot` holds the English text
(the key of each label is its `msgctxt`), and `<language>.po` a translation of it. We read
the `.po` files with Babel, the library MkDocs' own themes use for the same job, so
translators work with the ordinary tools (Poedit, Weblate, `pybabel update`), and plural
forms follow CLDR's rules as Babel has them: French says "1 phrase" and "0 phrase", German
"1 Formulierung" and "2 Formulierungen". The language is Material's own `theme.language`, so
a site is in one language, not two.

A team can replace any label in `mkdocs.yml` (`labels: {say: "Sagen Sie"}`); those texts are
data like content: escaped wherever they land, never formatted with `str.format` (which
would read attributes: `{count.__class__}`).
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from markupsafe import Markup

from .messages import LANGUAGE, Message, say

LOCALES = Path(__file__).with_name("locales")
TEMPLATE = LOCALES / "messages.pot"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# The label naming each built-in channel; a team's own channels bring their label.
CHANNEL_KEYS = {"phone": "channel_phone", "chat": "channel_chat", "email": "channel_email",
                "in-person": "channel_in_person"}


@dataclass(frozen=True, slots=True)
class Labels:
    """One language's labels: each key's forms (one, or one per plural form), the rule that
    picks a plural form for a number, and which form each CLDR category uses (what the
    browser's `Intl.PluralRules` names)."""

    language: str
    forms: Mapping[str, tuple[str, ...]]
    plural: Callable[[int], int] = field(repr=False)
    categories: Mapping[str, int] = field(default_factory=dict)
    locale: str = "en"  # CLDR's name for the language, for its dates

    def date(self, value: dt.date) -> str:
        """A date as the language writes it: "Jan 10, 2024", "10.01.2024"."""
        return format_date(value, "medium", locale=self.locale)

    def text(self, key: str, count: int | None = None, **values: object) -> str:
        """The label as plain text, `{name}`s filled in (page titles, the navigation)."""
        forms = self.forms[key]
        chosen = forms[min(self.plural(count), len(forms) - 1)] if count is not None else forms[0]
        return fill(chosen, {"count": count, **values} if count is not None else values)

    def html(self, key: str, count: int | None = None, **values: object) -> Markup:
        """The label as HTML: its text escaped, each value escaped unless it is Markup
        already (a link the template built)."""
        forms = self.forms[key]
        chosen = forms[min(self.plural(count), len(forms) - 1)] if count is not None else forms[0]
        escaped = {k: v if isinstance(v, Markup) else html.escape(str(v), quote=True)
                   for k, v in values.items()}
        if count is not None:
            escaped["count"] = str(count)
        return Markup(fill(html.escape(chosen, quote=True), escaped))

    def say(self, message: Message) -> str:
        """A message (messages.py) written in this language: its plural form chosen by its
        count, numbers grouped as the language groups them, inner messages written too."""
        if message.key == LANGUAGE:
            return self.language_name(dict(message.values))
        forms = self.forms.get(message.key) or english()[message.key]
        chosen = (forms[min(self.plural(message.count), len(forms) - 1)]
                  if message.count is not None else forms[0])
        if "{" not in chosen:
            return chosen
        values = {name: self.value(value) for name, value in message.values}
        if message.count is not None:
            values.setdefault("count", self.value(message.count))
        return fill(chosen, values)

    def language_name(self, values: Mapping[str, object]) -> str:
        """A language's name in this language, CLDR's ("Englisch", "anglais"); the name the
        team gave it for a language CLDR does not know."""
        code, name = str(values.get("code", "")), str(values.get("name", ""))
        try:
            known = Locale.parse(code.replace("-", "_")).get_display_name(self.locale)
        except (UnknownLocaleError, ValueError, TypeError):
            known = None
        return known or name or code

    def value(self, value: Message | str | int) -> str:
        if isinstance(value, Message):
            return self.say(value)
        if isinstance(value, int):
            return format_decimal(value, locale=self.locale)
        return value

    def for_script(self, keys: Iterable[str]) -> dict[str, object]:
        """Labels for the browser: plural ones as {CLDR category: text}, the others as
        text, so phrasebook.js picks a form with `Intl.PluralRules` like Babel does here."""
        out: dict[str, object] = {}
        for key in keys:
            forms = self.forms[key]
            out[key] = forms[0] if len(forms) == 1 else {
                category: forms[min(index, len(forms) - 1)]
                for category, index in self.categories.items()}
        return out


def fill(text: str, values: Mapping[str, object]) -> str:
    """`{name}` replaced by its value; any other brace is left as written."""
    if "{" not in text:  # most labels: a channel's name, "Say", on every phrase card
        return text
    return _PLACEHOLDER.sub(
        lambda m: str(values[m[1]]) if m[1] in values else m[0], text)


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


# --- Catalogs --------------------------------------------------------------------------------


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale)


@functools.cache
def english() -> Mapping[str, tuple[str, ...]]:
    """Every key and its English forms: the template is the English catalog."""
    out: dict[str, tuple[str, ...]] = {}
    for message in _read(TEMPLATE):
        if message.context:
            out[message.context] = _strings(message.id)
    return out


def _strings(value: object) -> tuple[str, ...]:
    """A message's id or string as a tuple of forms (Babel gives a tuple only for plurals)."""
    items = value if isinstance(value, (tuple, list)) else (value,)
    return tuple(str(item or "") for item in items)


def shipped() -> tuple[str, ...]:
    """The languages with a catalog, English first."""
    return ("en", *sorted(p.stem for p in LOCALES.glob("*.po")))


def _catalog_file(language: str) -> Path | None:
    """`de.po` for `de`, `de-CH` and `de_CH`; `pt_BR.po` before `pt.po` for `pt-BR`."""
    tag = language.replace("-", "_")
    for name in (tag, tag.split("_")[0]):
        path = LOCALES / f"{name}.po"
        if name and path.is_file():
            return path
    return None


@functools.cache
def translated(language: str) -> tuple[Mapping[str, tuple[str, ...]], str]:
    """A shipped language's forms by key (untranslated keys left out) and its plural rule
    as a C expression, CLDR's from Babel unless the file declares its own."""
    path = _catalog_file(language)
    if path is None or path.stem == "en":
        return {}, "(n != 1)"
    catalog = _read(path, locale=path.stem)
    forms: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.context or message.fuzzy:
            continue
        strings = _strings(message.string)
        if all(strings):
            forms[message.context] = strings
    return forms, catalog.plural_expr


def _locale(language: str) -> Locale:
    """CLDR's data for `de`, `pt-BR` or `pt_BR`; English for a name CLDR does not know."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _categories(language: str, plural: Callable[[int], int]) -> dict[str, int]:
    """Which plural form each CLDR category of the language uses, found by asking both
    rules about the same numbers."""
    rule = _locale(language).plural_form
    found: dict[str, int] = {}
    for n in (*range(0, 200), 1000, 100000, 1000000):
        found.setdefault(rule(n), plural(n))
    return found


def environment_language(environ: Mapping[str, str]) -> str | None:
    """The first shipped language the environment's locale asks for, as gettext reads it:
    LANGUAGE (a list, `fr:de`), then LC_ALL, LC_MESSAGES, LANG (`de_DE.UTF-8`); None for
    C, POSIX or a language without a catalog. English is shipped too: `en_GB` says "en"."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if not value:
            continue
        for wanted in value.split(":") if name == "LANGUAGE" else [value]:
            base = wanted.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
            if base in shipped():
                return base
        if name != "LANGUAGE":
            return None  # the first variable set decides, as in gettext
    return None


class UnknownLanguage(Warning):
    """No catalog for the site's language: the labels stay English."""


def labels_for(language: str | None, overrides: Mapping[str, object] | None = None
               ) -> tuple[Labels, list[Message]]:
    """The labels for `theme.language` with a team's overrides laid over them, and what to
    warn about: a language without a catalog, or keys the catalog leaves untranslated."""
    language = (language or "en").strip() or "en"
    warnings: list[Message] = []
    base = dict(english())
    if _catalog_file(language) is None and language.split("-")[0].split("_")[0] != "en":
        warnings.append(say("no_catalog", language=language, shipped=", ".join(shipped())))
        forms: Mapping[str, tuple[str, ...]] = {}
        expression = "(n != 1)"
    else:
        forms, expression = translated(language)
    missing = sorted(k for k in base if k not in forms) if forms else []
    if missing and _catalog_file(language) is not None and not language.startswith("en"):
        warnings.append(say("catalog_incomplete", language=language, keys=", ".join(missing)))
    base.update(forms)
    plural = gettext.c2py(expression)
    categories = _categories(language, plural)
    for key, value in (overrides or {}).items():
        base[key] = _override_forms(value, base[key], categories)
    return Labels(language, base, plural, categories, str(_locale(language))), warnings


@functools.cache
def english_labels() -> Labels:
    """The English labels, with no team's overrides: what `str(message)` writes."""
    return labels_for("en")[0]


def _override_forms(value: object, current: tuple[str, ...],
                    categories: Mapping[str, int]) -> tuple[str, ...]:
    """A team's text for every form, or {category: text} for each CLDR category given."""
    if isinstance(value, str):
        return (value,) * len(current)
    assert isinstance(value, Mapping)
    forms = list(current)
    for category, index in categories.items():
        text = value.get(category, value.get("other"))
        if isinstance(text, str) and index < len(forms):
            forms[index] = text
    return tuple(forms)


def problems(overrides: object) -> list[tuple[tuple[str, ...], Message]]:
    """What is wrong with a team's `labels:`, each with the path to its place under it."""
    if overrides is None:
        return []
    if not isinstance(overrides, Mapping):
        return [((), say("labels_not_mapping"))]
    known = english()
    found: list[tuple[tuple[str, ...], Message]] = []
    for key, value in overrides.items():
        if key not in known:
            close = _closest(str(key), known)
            found.append(((str(key),), say("no_such_label_close", key=str(key), close=close)
                          if close else say("no_such_label", key=str(key))))
            continue
        english_text = " ".join(known[key])
        allowed = placeholders(english_text)
        texts = ([(None, value)] if isinstance(value, str) else
                 list(value.items()) if isinstance(value, Mapping) else [])
        if not texts or not all(isinstance(t, str) for _, t in texts):
            found.append(((key,), say("label_plural_text" if len(known[key]) > 1
                                      else "label_text", key=key)))
            continue
        for category, text in texts:
            place = (key,) if category is None else (key, str(category))
            if category is not None and (len(known[key]) == 1 or category not in
                                         ("zero", "one", "two", "few", "many", "other")):
                found.append((place, say("label_no_plural", key=key, category=str(category))))
                continue
            unknown = placeholders(str(text)) - allowed
            if unknown:
                found.append((place, say("label_values", key=key,
                                         unknown=", ".join(sorted(unknown)),
                                         allowed=", ".join(sorted(allowed)))
                              if allowed else say("label_no_values", key=key,
                                                  unknown=", ".join(sorted(unknown)))))
    return found


def _closest(key: str, known: Iterable[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None

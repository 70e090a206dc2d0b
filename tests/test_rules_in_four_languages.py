"""The rules that read words read them in the handbook's language (`theme.language`).

A French team writes "un client sur trois" where an English one writes "one in three"; a
WhatsApp text that says "restez en ligne" was copied from the phone as surely as one that
says "stay on the line". Each case is a small handbook in that language, loaded with the real
loader and checked with the real rules; the words each rule reads are the language's file in
`generator/finder/languages/`.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from service_phrasebook import check
from service_phrasebook import model as m
from service_phrasebook.load import load
from service_phrasebook.settings import Settings

BASE = """\
    method:
      title: M
      steps:
        - {id: listen, title: L, goal: G.}
    situations:
      - {id: s, title: S}
    sources:
      - {id: src, title: A source}
    statistics:
      - {id: quick, figure: 95 %, claim: C., source: src, caveat: C.}
    """

WHATSAPP = m.ChannelInfo("whatsapp", "WhatsApp", False)


def fired(tmp_path: Path, rule: str, language: str, text: str) -> list[tuple[str, str]]:
    """(place, message) of each finding of `rule` on a handbook of BASE plus `text`."""
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    (folder / "base.yml").write_text(textwrap.dedent(BASE), encoding="utf-8")
    (folder / "case.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    channels = (*m.DEFAULT_CHANNELS, WHATSAPP)
    handbook = load([folder], tmp_path, channels)
    settings = Settings(root=tmp_path, content=(folder,), today=dt.date(2026, 11, 23),
                        language=language, channels=channels)
    return [(str(d.at), str(d.message)) for d in check.run(handbook, settings).diagnostics
            if d.rule == rule]


def lesson_saying(objective: str) -> str:
    """A lesson whose one objective is `objective`, at line 7, column 9 of case.yml."""
    return f"""\
    phrases:
      - {{id: p, step: listen, situations: [s], say: Go on.}}
    lessons:
      - id: l
        title: L
        objectives:
          - {json.dumps(objective, ensure_ascii=False)}
        plan: [{{step: listen}}]
    """


# --- figure ----------------------------------------------------------------------------------

FIGURES = [
    ("en", "One in three customers never complains.", "One in three"),
    ("en", "Most unhappy customers leave without a word.", "Most unhappy customers"),
    ("en", "A lost customer costs five times more than a kept one.", "five times more"),
    ("fr", "Un client sur trois ne se plaint jamais.", "Un client sur trois"),
    ("fr", "La plupart des clients partent sans rien dire.", "La plupart des clients"),
    ("fr", "Un client perdu coûte deux fois plus qu'un client gardé.", "deux fois plus"),
    ("fr", "Neuf clients sur dix reviennent si on règle vite.", "Neuf clients sur dix"),
    ("fr", "30 % des clients mécontents ne disent rien.", "30 %"),
    ("fr", "Trente pour cent des clients ne disent rien.", "Trente pour cent"),
    ("de", "Einer von drei Kunden beschwert sich nie.", "Einer von drei"),
    ("de", "Die meisten unzufriedenen Kunden gehen wortlos.", "Die meisten unzufriedenen Kunden"),
    ("de", "Ein verlorener Kunde kostet fünfmal mehr als ein gehaltener.", "fünfmal mehr"),
    ("de", "Jeder dritte Kunde beschwert sich nie.", "Jeder dritte"),
    ("de", "Zufriedene Kunden empfehlen doppelt so oft weiter.", "doppelt so oft"),
    ("de", "30 Prozent der Kunden sagen nichts.", "30 Prozent"),
    ("es", "Uno de cada tres clientes nunca se queja.", "Uno de cada tres"),
    ("es", "La mayoría de los clientes se van sin decir nada.",
     "La mayoría de los clientes"),
    ("es", "Un cliente perdido cuesta cinco veces más que uno conservado.",
     "cinco veces más"),
    ("es", "El 30 por ciento de los clientes no dice nada.", "30 por ciento"),
]


@pytest.mark.parametrize("language, said, figure", FIGURES)
def test_a_share_of_customers_in_the_handbook_s_language_is_a_figure(
    tmp_path: Path, language: str, said: str, figure: str,
) -> None:
    found = fired(tmp_path, "figure", language, lesson_saying(said))
    column = 10 + said.index(figure)
    assert found == [(f"content/case.yml:7:{column}", f"“{figure}” is a figure stated as fact")]


SILENT = [
    ("fr", "Rappelez avant 10 h 30, ou dans les 24 heures au plus tard."),
    ("fr", "Remboursez les 80 euros de la commande 12345 et proposez deux options."),
    ("fr", "Le technicien passe à huit heures, dans trois jours."),
    ("fr", "Une fois le problème réglé, proposez un petit geste."),
    ("fr", "Citez la source : [un client sur trois](statistic:quick)."),
    ("fr", "Un dicton dit « neuf clients sur dix ne se plaignent jamais »."),
    ("de", "Rufen Sie bis 10:30 Uhr zurück, spätestens in 24 Stunden."),
    ("de", "Erstatten Sie die 80 Euro der Bestellung 12345 und bieten Sie zwei Wege an."),
    ("de", "Erklären Sie es einmal mehr, in Ruhe."),
    ("de", "Ein Spruch sagt „die meisten Kunden beschweren sich nie“."),
    ("es", "Devuelva la llamada antes de las 10:30, o en 24 horas como mucho."),
    ("es", "Reembolse los 80 euros del pedido 12345 y ofrezca dos opciones."),
    ("es", "Una vez resuelto el problema, ofrezca un detalle."),
    ("es", "Cite la fuente: [la mayoría de los clientes](statistic:quick)."),
]


@pytest.mark.parametrize("language, said", SILENT)
def test_times_prices_counts_linked_and_quoted_figures_stay_silent_in_each_language(
    tmp_path: Path, language: str, said: str,
) -> None:
    assert fired(tmp_path, "figure", language, lesson_saying(said)) == []


def test_a_language_reads_its_own_words_not_english_ones(tmp_path: Path) -> None:
    """An English sentence quoted in a French handbook is not read with French words, and
    the other way round: each language's words are its own."""
    assert fired(tmp_path, "figure", "fr", lesson_saying("Most customers stay.")) == []
    assert fired(tmp_path, "figure", "en", lesson_saying("La plupart des clients.")) == []


# --- channel ---------------------------------------------------------------------------------

def phrase_for(channel: str, text: str) -> str:
    """A phrase for `channel` only, its text at line 5, column 10 of case.yml."""
    return f"""\
    phrases:
      - id: p
        step: listen
        situations: [s]
        say: {json.dumps(text, ensure_ascii=False)}
        channels: [{channel}]
    """


VOICE = [  # a written channel's text that speaks of the voice or the line
    ("en", "Please stay on the line while I check.", "stay on the line"),
    ("fr", "Restez en ligne, je vérifie votre commande.", "Restez en ligne"),
    ("fr", "Ne quittez pas, je regarde tout de suite.", "Ne quittez pas"),
    ("de", "Bleiben Sie bitte dran, ich sehe nach.", "Bleiben Sie bitte dran"),
    ("de", "Bleiben Sie in der Leitung, ich prüfe das.", "Bleiben Sie in der Leitung"),
    ("es", "No cuelgue, reviso su pedido.", "No cuelgue"),
    ("es", "Permanezca en línea mientras lo compruebo.", "Permanezca en línea"),
]
WRITING = [  # a spoken channel's text that points at writing
    ("en", "The steps are listed below.", "below"),
    ("fr", "Les étapes sont indiquées ci-dessous.", "ci-dessous"),
    ("fr", "Cliquez sur le lien pour suivre le colis.", "Cliquez"),
    ("de", "Die Schritte stehen weiter unten.", "weiter unten"),
    ("de", "Klicken Sie auf den Link, um das Paket zu verfolgen.", "Klicken"),
    ("es", "Los pasos están más abajo.", "más abajo"),
    ("es", "Haga clic en el enlace para seguir el paquete.", "Haga clic"),
]


@pytest.mark.parametrize("language, said, words", VOICE)
def test_a_whatsapp_text_that_speaks_of_the_line_is_found_in_its_language(
    tmp_path: Path, language: str, said: str, words: str,
) -> None:
    found = fired(tmp_path, "channel", language, phrase_for("whatsapp", said))
    column = 11 + said.index(words)
    assert [place for place, _ in found] == [f"content/case.yml:5:{column}"]
    assert found[0][1].startswith("the whatsapp text refers to voice")


@pytest.mark.parametrize("language, said, words", WRITING)
def test_a_phone_text_that_points_at_writing_is_found_in_its_language(
    tmp_path: Path, language: str, said: str, words: str,
) -> None:
    found = fired(tmp_path, "channel", language, phrase_for("phone", said))
    column = 11 + said.index(words)
    assert [place for place, _ in found] == [f"content/case.yml:5:{column}"]
    assert found[0][1].startswith("the phone text refers to writing")


@pytest.mark.parametrize("language, said", [
    ("fr", "Je reste en ligne avec vous le temps de vérifier."),  # not an order to the caller
    ("de", "Ich sehe oben in Ihrer Bestellung nach."),
    ("es", "Lo miro ahora mismo, un momento."),
])
def test_a_phone_text_in_its_own_words_stays_silent(
    tmp_path: Path, language: str, said: str,
) -> None:
    assert fired(tmp_path, "channel", language, phrase_for("phone", said)) == []


def test_a_written_text_in_its_own_words_stays_silent(tmp_path: Path) -> None:
    said = "Voici le lien ci-dessous pour suivre votre colis."
    assert fired(tmp_path, "channel", "fr", phrase_for("whatsapp", said)) == []


def test_the_check_cache_tells_languages_apart(tmp_path: Path) -> None:
    """The same files checked as French, then as English, are read again: a kept French
    finding is not an English one."""
    from service_phrasebook.load.cache import Cache

    text = lesson_saying("Un client sur trois ne se plaint jamais.")
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "base.yml").write_text(textwrap.dedent(BASE), encoding="utf-8")
    (folder / "case.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    cache = Cache(tmp_path / ".phrasebook_cache")
    found: dict[str, list[str]] = {}
    for language in ("fr", "en"):
        settings = Settings(root=tmp_path, content=(folder,), language=language,
                            today=dt.date(2026, 11, 23))
        found[language] = [d.rule for d in check.checked(settings, cache)]
        cache.save()
    assert "figure" in found["fr"] and "figure" not in found["en"]
    # The same with the handbook loaded once: only the files' own findings are kept.
    handbook = load([folder], tmp_path)
    for language in ("fr", "en"):
        settings = Settings(root=tmp_path, content=(folder,), language=language,
                            today=dt.date(2026, 11, 23))
        found[language] = [d.rule for d in check.run(handbook, settings, cache).diagnostics]
        cache.save()
    assert "figure" in found["fr"] and "figure" not in found["en"]


# --- avoided phrases: matched however they are typed, in every language ----------------------

@pytest.mark.parametrize("language, avoided, said, found", [
    ("fr", "ce n'est pas mon service", "Désolé, ce n’est PAS mon service.",
     "ce n’est PAS mon service"),
    ("de", "beruhigen Sie sich", "Bitte BERUHIGEN sie sich.", "BERUHIGEN sie sich"),
    ("es", "cálmese", "Por favor, CÁLMESE.", "CÁLMESE"),
])
def test_an_avoided_phrase_is_found_however_it_is_typed_in_each_language(
    tmp_path: Path, language: str, avoided: str, said: str, found: str,
) -> None:
    """Case (accented letters too) and curly apostrophes aside, an avoided phrase in a text
    to say is found at its words: the avoid rules compare words, not English ones."""
    text = f"""\
    phrases:
      - id: p
        step: listen
        situations: [s]
        say: {json.dumps(said, ensure_ascii=False)}
      - id: q
        step: listen
        situations: [s]
        say: Go on.
        avoid:
          - {json.dumps(avoided, ensure_ascii=False)}
    """
    places = [place for place, _ in fired(tmp_path, "avoided-phrase", language, text)]
    assert places == [f"content/case.yml:5:{11 + said.index(found)}"]


# --- say-ability: words, not the punctuation a language sets apart ---------------------------

def test_a_spoken_text_counts_words_not_the_punctuation_french_sets_apart(
    tmp_path: Path,
) -> None:
    """32 words, and French spaces before each `;`, `!` and `?`: 32 words said, under the
    default limit of 35, however many marks stand alone; 37 words are over it."""
    said = " ".join(["Je comprends ; vous attendez depuis hier ! Vraiment ?"] * 4)
    assert len(said.split()) == 40
    assert fired(tmp_path, "say-ability", "fr", phrase_for("phone", said + " Merci bien, "
                                                           "je regarde.")) == []
    longer = said + " Merci beaucoup, je regarde tout de suite pour vous."
    assert [place for place, _ in fired(tmp_path, "say-ability", "fr",
                                        phrase_for("phone", longer))] == ["content/case.yml:5:10"]

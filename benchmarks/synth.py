"""Synthetic handbooks for the benchmarks, in our format and as a team would write by hand.

`write(n, folder)` makes two sites with the same content: `ours/` (YAML for the phrasebook
plugin) and `baseline/` (plain Markdown for plain MkDocs + Material: 50 phrases a page,
admonitions for what to say and what to avoid, a page per worked example). The content is
seeded, so the same n always gives the same files.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
STEPS = 12
SITUATIONS = 200
PER_PAGE = 50
SOURCES = 20

WORDS = [
    "account",
    "order",
    "delivery",
    "refund",
    "payment",
    "parcel",
    "card",
    "bill",
    "plan",
    "service",
    "engineer",
    "line",
    "screen",
    "phone",
    "router",
    "box",
    "receipt",
    "invoice",
    "charge",
    "credit",
    "discount",
    "date",
    "week",
    "today",
    "tomorrow",
    "morning",
    "team",
    "colleague",
    "manager",
    "note",
    "email",
    "message",
    "chat",
    "call",
    "update",
    "number",
    "name",
    "address",
    "problem",
    "issue",
    "question",
    "answer",
    "reason",
    "option",
    "choice",
    "time",
    "help",
    "sort",
    "fix",
    "check",
    "send",
    "arrive",
    "replace",
    "return",
    "cancel",
    "keep",
    "change",
    "confirm",
    "explain",
    "apologize",
    "thank",
    "listen",
    "understand",
    "know",
    "see",
    "hear",
    "look",
    "find",
    "take",
    "give",
    "make",
    "let",
    "put",
    "bring",
    "stay",
    "wait",
]
FEELINGS = [
    "angry",
    "upset",
    "furious",
    "worried",
    "confused",
    "tired",
    "annoyed",
    "frustrated",
    "stressed",
]
REQUESTS = [
    "refund",
    "manager",
    "cancel",
    "discount",
    "replacement",
    "callback",
    "supervisor",
    "exchange",
]
# Avoided phrases come from their own words, so no recommended line contains one by chance.
NEVER = ["zorp", "quib", "flen", "drax", "mobe", "plit", "vung", "krel", "snib", "toff"]

METHOD_STEPS = [
    "listen",
    "confirm",
    "apologize",
    "own",
    "ask",
    "fix",
    "hand-off",
    "summarize",
    "extra",
    "thank",
    "follow-up",
    "learn",
]
RULES = [("listen", "fix"), ("fix", "extra"), ("summarize", "thank"), ("fix", "follow-up")]


def sentence(rng: random.Random, low: int, high: int, unique: int) -> str:
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))
    return f"{body.capitalize()} ref {unique}."


def content(n: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed * 1_000_003 + n)
    sources = [
        {"id": f"source-{i:02d}", "title": f"Source {i}", "author": f"Author {i}"}
        for i in range(SOURCES)
    ]
    situations = [
        {
            "id": f"situation-{i:03d}",
            "title": f"{rng.choice(FEELINGS).capitalize()} about the {rng.choice(WORDS)} {i}",
            "keywords": [rng.choice(FEELINGS), rng.choice(REQUESTS), rng.choice(WORDS)],
        }
        for i in range(SITUATIONS)
    ]
    phrases = []
    for i in range(n):
        phrase: dict[str, Any] = {
            "id": f"phrase-{i:05d}",
            "step": METHOD_STEPS[i % STEPS],
            "situations": [situations[i % SITUATIONS]["id"]]
            + ([situations[(i * 7 + 3) % SITUATIONS]["id"]] if i % 4 == 0 else []),
            "say": sentence(rng, 6, 16, i),
            "why": sentence(rng, 8, 14, i),
            "sources": [sources[i % SOURCES]["id"]],
        }
        if i % 3 == 0:
            phrase["variants"] = {
                "chat": sentence(rng, 5, 12, i),
                "email": sentence(rng, 10, 20, i),
            }
        if i % 5 < 2:
            phrase["avoid"] = [
                {
                    "text": f"{rng.choice(NEVER)} {rng.choice(NEVER)} x{i}",
                    "why": sentence(rng, 4, 8, i),
                }
            ]
        phrases.append(phrase)
    examples = []
    for e in range(n // 10):
        turns: list[dict[str, Any]] = []
        for t, step in enumerate(("listen", "confirm", "apologize", "fix")):
            turns.append({"customer": sentence(rng, 5, 12, e * 10 + t)})
            turns.append({"rep": sentence(rng, 5, 12, e * 10 + t), "step": step})
        examples.append(
            {
                "id": f"example-{e:04d}",
                "title": f"Example {e}: the {rng.choice(WORDS)}",
                "situations": [situations[e % SITUATIONS]["id"]],
                "channel": "phone",
                "setting": sentence(rng, 10, 20, e),
                "dialogue": turns,
                "takeaway": sentence(rng, 8, 14, e),
                "sources": [sources[e % SOURCES]["id"]],
            }
        )
    method = {
        "title": "The method",
        "steps": [
            {
                "id": s,
                "title": s.replace("-", " ").capitalize(),
                "goal": sentence(rng, 6, 10, i),
                "do": [sentence(rng, 6, 10, i)],
                "sources": [sources[i % SOURCES]["id"]],
            }
            for i, s in enumerate(METHOD_STEPS)
        ],
        "rules": [
            {"id": f"{b}-after-{a}", "title": f"{b} after {a}", "first": a, "then": b}
            for a, b in RULES
        ],
    }
    return {
        "method": method,
        "situations": situations,
        "phrases": phrases,
        "examples": examples,
        "sources": sources,
    }


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


THEME = """\
theme:
  name: material
  font: false
  features: [navigation.sections, navigation.indexes, search.highlight, search.suggest]
"""


def write_ours(data: dict[str, Any], folder: Path) -> None:
    """YAML as a team using this tool writes it: a file per situation, a few for the rest."""
    (folder / "content").mkdir(parents=True)
    _dump(folder / "content" / "method.yml", {"method": data["method"]})
    _dump(folder / "content" / "sources.yml", {"sources": data["sources"]})
    _dump(folder / "phrasebook" / "situations.yml", {"situations": data["situations"]})
    by_situation: dict[str, list[dict[str, Any]]] = {}
    for phrase in data["phrases"]:
        by_situation.setdefault(phrase["situations"][0], []).append(phrase)
    for situation, phrases in by_situation.items():
        _dump(folder / "phrasebook" / f"{situation}.yml", {"phrases": phrases})
    for start in range(0, len(data["examples"]), 100):
        _dump(
            folder / "content" / "examples" / f"examples-{start:05d}.yml",
            {"examples": data["examples"][start : start + 100]},
        )
    (folder / "mkdocs.yml").write_text(
        "site_name: Synthetic handbook\ndocs_dir: content\nuse_directory_urls: true\n"
        + THEME
        + "plugins:\n  - search\n  - phrasebook\n"
        "markdown_extensions: [admonition, attr_list, md_in_html, toc]\n",
        "utf-8",
    )


def _md(text: str) -> str:
    return text.replace("*", r"\*").replace("_", r"\_")


def write_baseline(data: dict[str, Any], folder: Path) -> None:
    """The same content as plain Markdown pages, the way a team without this tool would."""
    docs = folder / "docs"
    (docs / "phrases").mkdir(parents=True)
    (docs / "examples").mkdir()
    (docs / "method").mkdir()
    situations = {s["id"]: s for s in data["situations"]}
    steps = {s["id"]: s for s in data["method"]["steps"]}
    pages = [data["phrases"][i : i + PER_PAGE] for i in range(0, len(data["phrases"]), PER_PAGE)]
    index = ["# Phrasebook", ""]
    for number, page in enumerate(pages, start=1):
        lines = [f"# Phrases {number}", ""]
        for phrase in page:
            lines += [
                f"## {_md(phrase['say'])} {{#{phrase['id']}}}",
                "",
                '!!! success "Say"',
                "",
                f"    {_md(phrase['say'])}",
                "",
            ]
            for channel, text in phrase.get("variants", {}).items():
                lines += [f'!!! note "{channel.capitalize()}"', "", f"    {_md(text)}", ""]
            if phrase.get("avoid"):
                lines += ['!!! failure "Avoid"', ""]
                lines += [f"    - ~~{_md(a['text'])}~~: {_md(a['why'])}" for a in phrase["avoid"]]
                lines += [""]
            situation_links = ", ".join(situations[s]["title"] for s in phrase["situations"])
            lines += [
                f"**Why:** {_md(phrase['why'])}",
                "",
                f"**Step:** [{steps[phrase['step']]['title']}]"
                f"(../method/{phrase['step']}.md) · **When:** {situation_links}",
                "",
            ]
        (docs / "phrases" / f"page-{number:03d}.md").write_text("\n".join(lines), "utf-8")
        index.append(f"- [Phrases {number}](phrases/page-{number:03d}.md)")
    (docs / "phrasebook.md").write_text("\n".join(index) + "\n", "utf-8")
    examples = ["# Worked examples", ""]
    for example in data["examples"]:
        lines = [f"# {example['title']}", "", _md(example["setting"]), ""]
        for turn in example["dialogue"]:
            if "customer" in turn:
                lines += [f"**Customer:** {_md(turn['customer'])}", ""]
            else:
                lines += [
                    f"**Rep** ([{steps[turn['step']]['title']}]"
                    f"(../method/{turn['step']}.md)): {_md(turn['rep'])}",
                    "",
                ]
        lines += ['!!! tip "Takeaway"', "", f"    {_md(example['takeaway'])}", ""]
        (docs / "examples" / f"{example['id']}.md").write_text("\n".join(lines), "utf-8")
        examples.append(f"- [{example['title']}](examples/{example['id']}.md)")
    (docs / "examples.md").write_text("\n".join(examples) + "\n", "utf-8")
    for step in data["method"]["steps"]:
        (docs / "method" / f"{step['id']}.md").write_text(
            f"# {step['title']}\n\n{_md(step['goal'])}\n\n- {_md(step['do'][0])}\n", "utf-8"
        )
    (docs / "index.md").write_text("# Synthetic handbook\n\n[Phrasebook](phrasebook.md)\n")
    nav = [
        "nav:",
        "  - Home: index.md",
        "  - Phrasebook: phrasebook.md",
        "  - Examples: examples.md",
        "  - Method:",
    ]
    nav += [f"    - {s['title']}: method/{s['id']}.md" for s in data["method"]["steps"]]
    (folder / "mkdocs.yml").write_text(
        "site_name: Synthetic handbook\n" + THEME + "plugins: [search]\n"
        "markdown_extensions: [admonition, attr_list, toc, pymdownx.tilde]\n"
        + "\n".join(nav)
        + "\n",
        "utf-8",
    )


def write(n: int, folder: Path) -> tuple[Path, Path]:
    """Both sites for n phrases under `folder`, fresh each time."""
    if folder.exists():
        shutil.rmtree(folder)
    data = content(n)
    write_ours(data, folder / "ours")
    write_baseline(data, folder / "baseline")
    return folder / "ours", folder / "baseline"


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(write(size, ROOT / "benchmarks" / "work" / str(size)))

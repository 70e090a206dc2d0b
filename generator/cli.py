"""The `phrasebook` command: build, serve, check and export a handbook.

Exit codes: 0 when all is well, 1 when the content has problems (or, with --strict, warnings),
2 when the command line or mkdocs.yml is wrong, 141 when the reader of the output stopped
reading it (`| head`).

Everything it prints for people is in the handbook's language (`theme.language` in
mkdocs.yml), even when the rest of mkdocs.yml is wrong. Where there is no handbook to ask
(`init`, or a mkdocs.yml that cannot be read), it is `--language` where a command has it,
else the language the environment's locale asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG),
else English.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

import yaml

from . import argparse_words, check, outdir, pagesplit, scaffold, sites, translated
from . import export as exports
from . import model as m
from .addresses import entry_url
from .diagnostic import ContentError, as_json, as_sarif, as_text
from .labels import Labels, english_labels, environment_language, labels_for
from .load import load
from .load.cache import FOLDER as CACHE_FOLDER
from .load.cache import Cache
from .messages import Message, language, say
from .origin import origin
from .render import reply
from .schema import schema
from .settings import ConfigError, Settings, TolerantLoader, from_mkdocs_yml, language_of
from .source import normalised

OK, FINDINGS, USAGE = 0, 1, 2
READER_GONE = 128 + 13  # a shell's status for a process ended by SIGPIPE


def words(args: argparse.Namespace) -> Labels:
    """The labels of the language this run speaks (see the module's docstring)."""
    config_file = getattr(args, "config_file", None)
    language = (language_of(Path(config_file)) if config_file else None) or \
        getattr(args, "language", None) or environment_language(os.environ) or "en"
    return labels_for(language)[0]


def tell(args: argparse.Namespace, message: Message) -> None:
    """A line for people on standard error, prefixed with the program's name."""
    print(f"phrasebook: {words(args).say(message)}", file=sys.stderr)


class _Quiet(logging.Filter):
    """MkDocs' INFO lines are noise for a one-shot build; keep warnings and errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


def _log_to_stderr(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    if not verbose:
        handler.addFilter(_Quiet())
    root = logging.getLogger("mkdocs")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    root.propagate = False


def cmd_build(args: argparse.Namespace) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    _log_to_stderr(args.verbose)
    config_file = Path(args.config_file)
    settings = from_mkdocs_yml(config_file)  # a configuration problem exits 2 before MkDocs
    chosen = Path(args.site_dir) if args.site_dir else None
    try:
        config = load_config(str(config_file), strict=args.strict)
    except (ConfigurationError, Abort) as error:
        raise ConfigError(say("mkdocs_says", error=str(error)), config_file) from None
    target = outdir.check(chosen or Path(config.site_dir), "build",
                          protected(settings, config_file, Path(config.docs_dir)),
                          flag=say("outdir_flag_build"))
    try:
        with outdir.replaced_atomically(target, "build", words(args)) as fresh, \
                pagesplit.shared(config):
            config.site_dir = str(fresh)
            build(config)
    except Abort:
        tell(args, say("build_stopped", folder=str(target)))
        return FINDINGS
    tell(args, say("built", folder=str(target)))
    return OK


def protected(settings: Settings, config_file: Path, docs_dir: Path
              ) -> list[tuple[Message, Path]]:
    """What an output folder must neither hold nor sit in (see outdir.py)."""
    every = [lang.content for lang in settings.languages] or [settings.content]
    pages = [lang.docs_dir for lang in settings.languages if lang.docs_dir]
    return [*((say("outdir_content"), folder) for content in every for folder in content),
            (say("outdir_docs_dir"), docs_dir),
            *((say("outdir_docs_dir"), folder) for folder in pages),
            (say("outdir_config"), config_file)]


POLL_SECONDS = 0.1


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands import serve
    from mkdocs.exceptions import Abort, ConfigurationError

    from .serve import live
    from .serve.differential import Differential

    # MkDocs looks for changed files every half second, which alone is a quarter of a second
    # on average between saving a phrase and seeing it. Polling a content folder is a few
    # dozen stat calls, so we look five times as often (a parameter MkDocs' own server takes,
    # but its `serve` does not pass on). A failed build is reported to the browser as a page
    # of problems instead of holding its requests (live.py). After the first build, a save
    # puts only the pages it changed through the theme (differential.py).
    problems = live.Problems()
    serve.LiveReloadServer = functools.partial(  # type: ignore[attr-defined,assignment]
        live.ProblemServer, polling_interval=POLL_SECONDS, problems=problems)
    serve.build = live.reporting(  # type: ignore[attr-defined]
        Differential(serve.build), problems)  # type: ignore[attr-defined]
    from_mkdocs_yml(Path(args.config_file))  # a configuration problem exits 2, not a hang
    _log_to_stderr(True)
    try:
        serve.serve(config_file=args.config_file, dev_addr=args.dev_addr, livereload=True)
    except (ConfigurationError, Abort) as error:  # builds never raise: live.reporting
        raise ConfigError(say("mkdocs_says", error=str(error)), args.config_file) from None
    return OK


def cmd_check(args: argparse.Namespace) -> int:
    settings = from_mkdocs_yml(Path(args.config_file))
    cache = None if args.no_cache else Cache(settings.root / CACHE_FOLDER)
    diagnostics = list(check.checked(settings, cache))
    trouble = cache.save() if cache else None
    speaking = words(args)
    if trouble:
        tell(args, say("cache_not_written", trouble=trouble))
    if args.format == "json":
        print(as_json(diagnostics, speaking))
    elif args.format == "sarif":
        rules = check.titles()
        if settings.languages:  # the rules across languages, named for code scanning too
            rules |= {doc.id: doc.title for doc in check.translations.DOCS}
        print(as_sarif(diagnostics, rules, speaking))
    elif diagnostics:
        print(as_text(diagnostics, speaking))
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    if args.format == "text":
        print(speaking.say(say("check_summary", errors=say("errors", count=errors),
                               warnings=say("warnings", count=warnings))), file=sys.stderr)
    return FINDINGS if errors or (args.strict and warnings) else OK


def cmd_reply(args: argparse.Namespace) -> int:
    settings = from_mkdocs_yml(Path(args.config_file))
    named = args.file not in (None, "-")  # `-` is standard input, as in most tools
    name = args.file if named else "<stdin>"
    try:
        if named:
            with open(args.file, "rb") as stream:
                data = stream.read(reply.MAX_CHARS * 4 + 1)
        else:
            data = sys.stdin.buffer.read(reply.MAX_CHARS * 4 + 1)
        draft = reply.decode(data, name)
    except OSError as error:
        raise ConfigError(say("external", text=error.strerror or str(error)), name) from None
    except reply.DraftError as error:
        raise ConfigError(error.message, error.at) from None
    settings = _language_of(settings, args.language, "reply_language_unknown")
    channels = [c.id for c in settings.channels]
    if args.channel is not None and args.channel not in channels:
        raise ConfigError(say("unknown_reply_channel", channel=args.channel,
                              channels=", ".join(channels)))
    speaking = words(args)
    try:
        handbook = load(settings.content, settings.root, settings.channels)
    except ContentError as error:
        print(as_text(error.diagnostics, speaking), file=sys.stderr)
        return FINDINGS

    table = reply.table_json(handbook, lambda p: entry_url(handbook, "phrase", p.id, True))
    findings = reply.check(draft, reply.from_json(table), args.channel)
    if args.format == "json":
        print(reply.as_json(name, findings, args.channel))
    elif findings:
        print(reply.as_text(name, findings, speaking))
    if args.format == "text":
        print(speaking.say(say("reply_summary", count=len(findings))), file=sys.stderr)
    return FINDINGS if findings else OK


def cmd_export(args: argparse.Namespace) -> int:
    from .plugin import changes_of  # the What changed page, read from git as a build does

    config_file = Path(args.config_file)
    settings = from_mkdocs_yml(config_file)
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=TolerantLoader) or {}
    docs_dir = config_file.resolve().parent / str(config.get("docs_dir", "docs"))
    out = outdir.check(Path(args.directory), "export",
                       protected(settings, config_file, docs_dir), example="export/")
    if out.is_dir() and any(out.iterdir()) and not args.force:
        raise ConfigError(say("export_not_empty"), out)
    if args.delimiter is not None and (len(args.delimiter) != 1 or args.delimiter in '"\r\n'):
        raise ConfigError(say("export_delimiter", delimiter=repr(args.delimiter)))
    speaking = words(args)
    # A handbook in several languages: every language, each in a folder named by its code
    # (the layout of the built sites), or the one `--language` names, in DIR itself.
    chosen = [_language_of(settings, args.language, "export_language_unknown")]
    if settings.languages and args.language is None:
        chosen = [settings.for_language(lang.code) for lang in settings.languages]
    files: dict[str, str | bytes] = {}
    site_url = str(config.get("site_url") or "")
    for each in chosen:
        language = next((lang for lang in settings.languages if lang.code == each.language),
                        None)
        try:
            handbook = load(each.content, each.root, each.channels)
            report = check.run(handbook, each)
            errors = [*report.errors, *(d for d in check.pages(each) if d.severity == "error")]
            if errors:
                raise ContentError(errors)
            labels, problems = labels_for(each.language, each.labels)
            for problem in problems:
                tell(args, problem)
            job = exports.Job(
                handbook, each, labels,
                site_name=(language and language.site_name) or str(
                    config.get("site_name") or "Service phrasebook"),
                site_url=sites.site_url(site_url, each.language) if language else site_url,
                docs_dir=(language and language.docs_dir) or docs_dir,
                use_directory_urls=bool(config.get("use_directory_urls", True)),
                config=config if isinstance(config, dict) else {}, delimiter=args.delimiter,
                changes=changes_of(each) if args.format == "markdown" else None)
            result = exports.FORMATS[args.format](job)
        except ContentError as error:
            print(as_text(error.diagnostics, speaking), file=sys.stderr)
            return FINDINGS
        if result.notes:
            print(as_text(result.notes, speaking), file=sys.stderr)
        folder = f"{each.language}/" if len(chosen) > 1 else ""
        files.update({folder + name: data for name, data in result.files.items()})
    with outdir.replaced_atomically(out, "export", speaking) as fresh:
        for name, data in sorted(files.items()):
            dest = fresh / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                dest.write_bytes(data)
            else:
                dest.write_text(data, encoding="utf-8", newline="")
    tell(args, say("exported", count=len(files), format=args.format, folder=str(out)))
    return OK


def _language_of(settings: Settings, code: str | None, unknown: str) -> Settings:
    """The settings for `--language CODE` (the first language when None); a ConfigError
    (exit 2) for a code the handbook does not have (its message: `unknown`, the command's
    own advice), or any code in a handbook in one."""
    if not settings.languages:
        if code is not None:
            raise ConfigError(say("language_option_one"), f"--language {code}")
        return settings
    codes = [lang.code for lang in settings.languages]
    if code is None:
        return settings.for_language(codes[0])
    if code not in codes:
        raise ConfigError(say(unknown, codes=", ".join(codes)), f"--language {code}")
    return settings.for_language(code)


def cmd_translated(args: argparse.Namespace) -> int:
    settings = from_mkdocs_yml(Path(args.config_file))
    codes = [lang.code for lang in settings.languages]
    if not settings.languages:
        raise ConfigError(say("translated_one_language"), args.config_file)
    if args.language not in codes[1:]:
        raise ConfigError(say("translated_not_translated", codes=", ".join(codes[1:]),
                              source=codes[0]), args.language)
    source, target = settings.for_language(codes[0]), settings.for_language(args.language)
    try:
        original = load(source.content, source.root, source.channels)
        translation = load(target.content, target.root, target.channels)
    except ContentError as error:
        print(as_text(error.diagnostics, words(args)), file=sys.stderr)
        return FINDINGS
    wanted = [_entry_named(translation, name, args.language) for name in args.ids] \
        if args.ids else None
    try:
        found = translated.changes(original, translation, codes[0], wanted)
    except translated.Unwritable as error:
        raise ConfigError(error.message, error.at) from None
    files = translated.by_file(found)
    written: dict[Path, bytes] = {}  # each file as it was, to put back if anything fails
    try:
        for shown, changes in sorted(files.items()):
            path = (settings.root / shown).resolve()  # a link's file, not the link
            before = path.read_bytes()
            text = before.decode("utf-8")
            if normalised(text) != translation.texts[shown]:
                raise ConfigError(say("translated_changed_meanwhile"), shown)
            new = translated.edited(translation.texts[shown], changes)
            if "\r\n" in text:
                new = new.replace("\n", "\r\n")
            if text.startswith("\ufeff"):
                new = "\ufeff" + new
            fresh = path.with_name(f".{path.name}.phrasebook-{os.getpid()}")
            fresh.write_bytes(new.encode("utf-8"))
            os.replace(fresh, path)
            written[path] = before
        again = load(target.content, target.root, target.channels)
        left = translated.changes(original, again, codes[0], [(c.kind, c.entry.id)
                                                             for c in found])
        if left:
            raise ConfigError(say("translated_not_written"), str(left[0].entry.at))
    except (translated.Unwritable, ContentError, ConfigError, OSError) as error:
        for path, before in written.items():
            path.write_bytes(before)
        if isinstance(error, ContentError):
            print(as_text(error.diagnostics, words(args)), file=sys.stderr)
            tell(args, say("translated_put_back"))
            return FINDINGS
        if isinstance(error, translated.Unwritable):
            raise ConfigError(error.message, error.at) from None
        if isinstance(error, OSError):
            raise ConfigError(say("translated_put_back_after", error=say(
                "external", text=error.strerror or str(error))), error.filename or "") from None
        raise
    speaking = words(args)
    for change in found:
        print(f"{change.entry.where('id')}: " + speaking.say(say(
            "translated_entry", kind=say(f"entry_{change.kind}"), id=change.entry.id,
            value=change.value)), file=sys.stderr)
    tell(args, say("translations_recorded", translations=say("translations", count=len(found)),
                   files=say("files", count=len(files))))
    return OK


def _entry_named(handbook: m.Handbook, name: str, code: str) -> tuple[str, str]:
    """The (kind, id) an author means by `id` or `kind:id`; a ConfigError when no entry, or
    more than one kind of entry, has it."""
    kind, _, id = name.rpartition(":")
    kinds = [kind] if kind else [k for k in m.KINDS if id in handbook.index[k]]
    if kind and (kind not in m.KINDS or id not in handbook.index[kind]):
        kinds = []
    if len(kinds) == 1:
        return kinds[0], id
    if not kinds:
        raise ConfigError(say("translated_no_entry", language=language(code, code)), name)
    raise ConfigError(say("translated_ambiguous", choices=", ".join(f"`{k}:{id}`" for k in kinds)),
                      name)


def cmd_init(args: argparse.Namespace) -> int:
    target = Path(args.directory)
    found = origin()
    created = scaffold.create(target, args.language or "en", found)
    speaking = words(args)
    print("\n".join((
        f"phrasebook: {speaking.say(say('init_done', count=len(created), folder=str(target)))}",
        f"  cd {target}",
        f"  phrasebook serve          # {speaking.say(say('init_serve'))}",
        f"  phrasebook check --strict # {speaking.say(say('init_check'))}")), file=sys.stderr)
    if found.local is not None:
        tell(args, say("init_local", path=str(found.local)))
    else:
        tell(args, say("init_origin", requirement=found.requirement))
    return OK


def cmd_schema(args: argparse.Namespace) -> int:
    """The schema, with the team's channels when there is a mkdocs.yml to read them from."""
    config_file = Path(args.config_file)
    channels = from_mkdocs_yml(config_file).channels if config_file.is_file() else ()
    print(json.dumps(schema(tuple(c.id for c in channels) or m.CHANNELS), indent=2,
                     ensure_ascii=False))
    return OK


def parser(speaking: Labels | None = None) -> argparse.ArgumentParser:
    """The command line, its --help in `speaking`'s language (English by default). argparse's
    own words ("usage:", "options") follow only within `argparse_words.speaking`."""
    t = (speaking or english_labels()).say
    top = argparse.ArgumentParser(prog="phrasebook", description=t(say("cli_description")))
    commands = top.add_subparsers(dest="command", required=True,
                                  metavar=t(say("cli_metavar_command")))
    file, folder, code = (t(say("cli_metavar_file")), t(say("cli_metavar_dir")),
                          t(say("cli_metavar_code")))

    def command(name: str, run: Callable[[argparse.Namespace], int], help: str
                ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("-f", "--config-file", default="mkdocs.yml", metavar=file,
                         help=t(say("cli_config_file")))
        sub.set_defaults(run=run)
        return sub

    build = command("build", cmd_build, t(say("cli_build")))
    build.add_argument("-d", "--site-dir", metavar=folder, help=t(say("cli_build_site_dir")))
    build.add_argument("--strict", action="store_true", help=t(say("cli_build_strict")))
    build.add_argument("-v", "--verbose", action="store_true",
                       help=t(say("cli_build_verbose")))
    serve = command("serve", cmd_serve, t(say("cli_serve")))
    serve.add_argument("-a", "--dev-addr", default=None, metavar="IP:PORT",
                       help=t(say("cli_serve_dev_addr")))
    chk = command("check", cmd_check, t(say("cli_check")))
    chk.epilog = t(say("cli_check_epilog", folder=CACHE_FOLDER))
    chk.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                     help=t(say("cli_format")))
    chk.add_argument("--strict", action="store_true", help=t(say("cli_check_strict")))
    chk.add_argument("--no-cache", action="store_true",
                     help=t(say("cli_check_no_cache", folder=CACHE_FOLDER)))
    rep = command("reply", cmd_reply, t(say("cli_reply")))
    rep.add_argument("file", nargs="?", metavar=file, help=t(say("cli_reply_file")))
    rep.add_argument("--format", choices=("text", "json"), default="text",
                     help=t(say("cli_format")))
    rep.add_argument("--language", metavar=code, help=t(say("cli_reply_language")))
    rep.add_argument("--channel", default=None, metavar=t(say("cli_metavar_channel")),
                     help=t(say("cli_reply_channel")))
    exp = command("export", cmd_export, t(say("cli_export")))
    exp.add_argument("directory", metavar=folder, help=t(say("cli_export_directory")))
    exp.add_argument("--format", choices=tuple(exports.FORMATS), default="markdown",
                     help=t(say("cli_export_format")))
    exp.add_argument("--force", action="store_true",
                     help=t(say("cli_export_force", folder=folder)))
    exp.add_argument("--delimiter", metavar=t(say("cli_metavar_char")),
                     help=t(say("cli_export_delimiter")))
    exp.add_argument("--language", metavar=code,
                     help=t(say("cli_export_language", folder=folder, code=code)))
    init = commands.add_parser("init", help=t(say("cli_init")), description=t(say("cli_init")))
    init.add_argument("directory", metavar=folder, help=t(say("cli_init_directory")))
    init.add_argument("--language", choices=scaffold.LANGUAGES, default=None,
                      help=t(say("cli_init_language")))
    init.set_defaults(run=cmd_init)
    command("schema", cmd_schema, t(say("cli_schema")))
    done = command("translated", cmd_translated, t(say("cli_translated")))
    done.add_argument("language", metavar=code, help=t(say("cli_translated_language")))
    done.add_argument("ids", nargs="*", metavar=t(say("cli_metavar_id")),
                      help=t(say("cli_translated_ids")))
    return top


class _Early(argparse.ArgumentParser):
    """Reads what `words` needs from a command line that may well be wrong: it never says
    anything, and gives up (ArgumentError) where argparse would stop the program."""

    def error(self, message: str) -> NoReturn:
        raise argparse.ArgumentError(None, message)


def early(argv: Sequence[str]) -> argparse.Namespace:
    """What `words` reads (`-f/--config-file`, `--language`, and whether the command is
    `init`, which has no mkdocs.yml), from the command line before it is parsed: argparse's
    own words, --help and a usage error, are then in the handbook's language too."""
    reader = _Early(add_help=False)
    reader.add_argument("command", nargs="?")
    reader.add_argument("-f", "--config-file")
    reader.add_argument("--language")
    try:
        found = reader.parse_known_args(argv)[0]
    except argparse.ArgumentError:
        found = argparse.Namespace(command=None, config_file=None, language=None)
    if found.config_file is None and found.command != "init":
        found.config_file = "mkdocs.yml"
    return found


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    speaking = words(early(argv))
    with argparse_words.speaking(speaking):
        args = parser(speaking).parse_args(argv)
    try:
        code = int(args.run(args))
        sys.stdout.flush()  # here, where a reader that went away can be told apart
        return code
    except ConfigError as error:
        print(f"phrasebook: {error.text(words(args))}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        tell(args, say("interrupted"))
        return 130
    except BrokenPipeError:
        # The output's reader stopped reading (`phrasebook reply --format json | head`):
        # stop quietly, as `cat` and `grep` do, with the status of a process ended by
        # SIGPIPE. What is left in Python's buffer goes nowhere instead of raising again
        # when the interpreter flushes it on exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return READER_GONE


if __name__ == "__main__":
    sys.exit(main())

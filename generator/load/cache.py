"""What loading and checking worked out for each file, kept by the file's content.

One API for two lives: `Cache()` keeps values in memory, for a process that loads the same
handbook again and again (`phrasebook serve`); `Cache(folder)` keeps them in a file on disk,
for a command run again after an edit (`phrasebook check`). Either way a value is found by a
key made of everything it was worked out from: the file's bytes, its path, the settings that
change the result (channels...) and the tool itself (a digest of its own source code and
Python's version), so an entry written by another version or for other settings is never
found, and a file changed back to an earlier content finds that content's entry again.

On disk, the cache is one file, `<folder>/entries`, replaced atomically (written beside it,
then renamed over it): two processes writing at once leave one complete file or the other,
never a mix. The folder lies in the project (`.phrasebook_cache/` beside mkdocs.yml), so a
checkout can hold one: committed with `git add -f`, planted by a pull request. Nothing in it
is trusted for being there:

- its first 32 bytes are a BLAKE2 MAC of the rest under a key that is never in a project: a
  random key per user, `$XDG_CACHE_HOME/service-phrasebook/key` (else `~/.cache/...`), made
  once with mode 0600 in a folder only its owner can write. An entries file that a checkout
  brings, or any file this user's tool did not write, fails the MAC and is ignored whole, as
  if there were no cache; nothing of it is decoded before the MAC is checked.
- links are never followed: the folder is opened with O_NOFOLLOW and every file in it
  through that open folder, also with O_NOFOLLOW, so a linked folder or a linked `entries`
  or `.gitignore` is neither read nor written (`save` says so); only a regular file is read,
  and at most MAX_BYTES of it (a link to /dev/zero would otherwise be read for ever).
- the format is read by bounds-checked slicing and `json`: nothing in it can run code or
  crash the interpreter, whatever its bytes (marshal, used before, can).

For CI (a job that restores the cache of its last run), keep both folders: the project's
`.phrasebook_cache/` and the user's `service-phrasebook/` key folder (`~/.cache/...` on a CI
runner), e.g. as the two paths of one cache step. The key then lives with the cache the CI
itself saved, never with the checkout.

The cache is an optimisation only: a folder that cannot be read or written, or a key that
cannot be made, makes every value be worked out again, and `save` says why it wrote nothing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import os
import stat
import struct
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ..messages import Message, say

T = TypeVar("T")
Plain = Any  # None, bool, int, str, and lists and dicts of them: what JSON holds

FOLDER = ".phrasebook_cache"  # beside mkdocs.yml
KEY_FOLDER = "service-phrasebook"  # under $XDG_CACHE_HOME: the user's, never a project's
MAX_BYTES = 1 << 30  # 10,000 phrases keep some 10 MB; past this, a file is not ours
_ENTRIES = "entries"
_KEY = "key"
_MAC_SIZE = 32
_MAGIC = b"phrasebook cache 2\n"
_COUNT = struct.Struct("<I")
_KEY_BYTES = 20  # the digest size of `key`
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class Untrusted(OSError):
    """A cache folder or key that is not used as it is; `message` says why."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


@functools.cache
def fingerprint() -> bytes:
    """This tool, as far as a cached value can tell: its code and the Python running it.

    The package's own source, not its version number: an editable install changes code
    without changing the version, and a value decoded by older code must not be trusted."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=32)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.digest()


def key(*parts: str | bytes) -> str:
    """A key for a value worked out from `parts` by this version of the tool."""
    digest = hashlib.blake2b(fingerprint(), digest_size=_KEY_BYTES)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class Cache:
    """Values by key, in memory or in `folder`. Entries a run did not ask for are dropped
    when it calls `save`, so the cache holds one handbook's worth, not its whole history."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._old: dict[str, Any] | None = None if folder else {}  # read lazily from disk
        self._new: dict[str, Any] = {}  # asked for or put during this run
        self._changed = False
        self.found = self.missed = 0  # asks answered and not, for tests and curious callers
        # What a resident process (`phrasebook serve`) keeps from one check to the next in
        # memory, never written: what the rules worked out of each text, a rule's state.
        self.resident: dict[str, Any] | None = {} if folder is None else None

    @property
    def on_disk(self) -> bool:
        return self.folder is not None

    def get(self, key: str, decode: Callable[[Plain], T]) -> T | None:
        """The value under `key`, or None. On disk, `decode` turns the stored plain value
        back into the value; if it fails the entry is treated as missing."""
        if key in self._new:
            found = self._new[key]
        else:
            found = self._stored().get(key)
            if found is None:
                self.missed += 1
                return None
            self._new[key] = found
        if self.folder is None:
            self.found += 1
            return found  # type: ignore[no-any-return]
        try:
            value = decode(json.loads(bytes(found)))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
                RecursionError):
            del self._new[key]
            self._changed = True
            self.missed += 1
            return None
        self.found += 1
        return value

    def put(self, key: str, value: T, encode: Callable[[T], Plain]) -> None:
        """Keep `value` under `key`; on disk as `encode(value)`, plain values only."""
        self._new[key] = value if self.folder is None else json.dumps(
            encode(value), separators=(",", ":")).encode("ascii")
        self._changed = True

    def keep(self) -> None:
        """Keep every entry of the last run through `save`, asked for or not: for a run that
        found its answer in one entry made from the same inputs as all of them."""
        for name, value in self._stored().items():
            self._new.setdefault(name, value)

    def save(self) -> Message | None:
        """End a run: keep only what it used, and write it if on disk. Returns why nothing
        could be written, or None."""
        unused = self._old is not None and self._old.keys() - self._new.keys()
        old, self._old, self._new = self._old, self._new, {}
        changed, self._changed = self._changed or bool(unused) or old is None, False
        if self.folder is None or not changed:
            return None
        try:
            self._write(self._old)
        except (OSError, ValueError) as error:
            return say("cache_trouble", folder=str(self.folder),
                       error=error.message if isinstance(error, Untrusted) else
                       str(getattr(error, "strerror", None) or error))
        return None

    # -- on disk --

    def _stored(self) -> dict[str, Any]:
        if self._old is None:
            self._old = self._read()
        return self._old

    def _read(self) -> dict[str, Any]:
        assert self.folder is not None
        try:
            with _opened(self.folder) as folder:
                data = _read_file(_ENTRIES, folder)
            secret = user_key(self.folder.parent)
        except OSError:
            return {}
        return unpack(data, secret)

    def _write(self, entries: dict[str, Any]) -> None:
        assert self.folder is not None
        secret = user_key(self.folder.parent)
        with contextlib.suppress(FileExistsError):
            os.mkdir(self.folder, 0o700)
        with _opened(self.folder) as folder:
            with contextlib.suppress(FileExistsError):  # whatever is there, even a link, stays
                _create(".gitignore", folder, b"# written by phrasebook check\n*\n", 0o644)
            _replace(_ENTRIES, folder, pack(entries, secret))


# --- The file's format ---------------------------------------------------------------------
#
#   MAC (32 bytes, of all that follows) | _MAGIC | fingerprint (32 bytes) | count (u32)
#   then per entry: key (20 bytes) | length (u32) | the value as JSON (ASCII)


def pack(entries: dict[str, Any], secret: bytes) -> bytes:
    parts = [_MAGIC, fingerprint(), _COUNT.pack(len(entries))]
    for name, value in sorted(entries.items()):
        parts += [bytes.fromhex(name), _COUNT.pack(len(value)), value]
    payload = b"".join(parts)
    return _mac(secret, payload) + payload


def unpack(data: bytes, secret: bytes) -> dict[str, Any]:
    """The entries of a cache file, each a view of its JSON bytes; empty unless the MAC
    under `secret` holds, and then every length is checked against what is there."""
    mac, payload = data[:_MAC_SIZE], memoryview(data)[_MAC_SIZE:]
    if len(mac) != _MAC_SIZE or not hmac.compare_digest(mac, _mac(secret, payload)):
        return {}
    head = len(_MAGIC) + 32
    if payload[:head] != _MAGIC + fingerprint() or len(payload) < head + _COUNT.size:
        return {}
    (count,), at = _COUNT.unpack_from(payload, head), head + _COUNT.size
    entries: dict[str, Any] = {}
    for _ in range(count):
        if at + _KEY_BYTES + _COUNT.size > len(payload):
            return {}
        name = payload[at:at + _KEY_BYTES].hex()
        (size,), at = _COUNT.unpack_from(payload, at + _KEY_BYTES), at + _KEY_BYTES + _COUNT.size
        if at + size > len(payload):
            return {}
        entries[name], at = payload[at:at + size], at + size
    return entries if at == len(payload) else {}


def _mac(secret: bytes, payload: bytes | memoryview) -> bytes:
    return hashlib.blake2b(payload, key=secret, digest_size=_MAC_SIZE).digest()


# --- The user's key ------------------------------------------------------------------------


def key_folder() -> Path:
    """Where the user's MAC key lives: $XDG_CACHE_HOME (an absolute path, as the XDG base
    directory specification says) or ~/.cache, then `service-phrasebook`."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / KEY_FOLDER


def user_key(project: Path) -> bytes:
    """This user's MAC key, made once. Refused when it would lie inside `project` (a
    checkout could then bring it), or when someone else could have written it."""
    folder = key_folder()
    real, root = Path(os.path.realpath(folder)), Path(os.path.realpath(project))
    if real == root or root in real.parents:
        raise Untrusted(say("cache_key_inside", folder=str(folder)))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with _opened(folder) as handle:
        _private(os.fstat(handle), folder, 0o022)
        try:
            return _read_key(handle, folder)
        except FileNotFoundError:
            pass
        # Made beside and linked into place, so a second process never reads half of it:
        # whichever link lands first is the key both use.
        temporary = f".key-{os.getpid()}-{os.urandom(4).hex()}"
        _create(temporary, handle, os.urandom(_MAC_SIZE), 0o600)
        try:
            with contextlib.suppress(FileExistsError):
                os.link(temporary, _KEY, src_dir_fd=handle, dst_dir_fd=handle,
                        follow_symlinks=False)
        finally:
            os.unlink(temporary, dir_fd=handle)
        return _read_key(handle, folder)


def _read_key(folder: int, shown: Path) -> bytes:
    descriptor = os.open(_KEY, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise Untrusted(say("cache_key_not_file", file=str(shown / _KEY)))
        _private(info, shown / _KEY, 0o077)
        secret = file.read(_MAC_SIZE + 1)
    if len(secret) != _MAC_SIZE:
        raise Untrusted(say("cache_key_not_ours", file=str(shown / _KEY)))
    return secret


def _private(info: os.stat_result, shown: Path, forbidden: int) -> None:
    """Refuses what another user owns or may write (`forbidden`: the mode bits that say so)."""
    if info.st_uid != os.getuid() or info.st_mode & forbidden:
        raise Untrusted(say("cache_writable_by_others", file=str(shown)))


# --- Files, never through a link -----------------------------------------------------------


@contextlib.contextmanager
def _opened(folder: Path) -> Iterator[int]:
    """The folder, opened without following a link: every file of the cache is reached
    through this descriptor, so the folder cannot be swapped for a link in between."""
    try:
        handle = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
    except OSError as error:
        if os.path.islink(folder):
            raise Untrusted(say("cache_link", folder=str(folder))) from None
        raise error from None
    try:
        yield handle
    finally:
        os.close(handle)


def _read_file(name: str, folder: int) -> bytes:
    """A regular file of the folder, at most MAX_BYTES of it (a link, a device or a pipe is
    refused before anything is read)."""
    descriptor = os.open(name, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            raise Untrusted(say("cache_not_a_file", file=name))
        return file.read(info.st_size)  # what it holds now: a file that grows fails the MAC


def _create(name: str, folder: int, data: bytes, mode: int) -> None:
    """A new file; FileExistsError if the name is taken, by a link too."""
    descriptor = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode,
                         dir_fd=folder)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.chmod(name, mode, dir_fd=folder)  # whatever the umask made of it
    except BaseException:
        os.unlink(name, dir_fd=folder)
        raise


def _replace(name: str, folder: int, data: bytes) -> None:
    temporary = f".{name}-{os.getpid()}-{os.urandom(4).hex()}"
    _create(temporary, folder, data, 0o600)
    try:
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        os.unlink(temporary, dir_fd=folder)
        raise

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
never a mix. It holds plain values written with `marshal`, which cannot run code, unlike
pickle; each entry is marshalled on its own, so a run decodes only the entries it asks for.
Its first 32 bytes are a BLAKE2 MAC of the rest under a random key kept in the same folder,
checked before anything is read: a truncated, corrupt or foreign file (copied from another
project or machine, written by a tool that is not this one) is ignored whole, and the check
works as if there were no cache. Whoever can write the folder could also forge an entry; the
folder is the author's own project folder, as trusted as the content itself (like
`.mypy_cache`), and a forged entry can make a check wrong, never run code.

The cache is an optimisation only: a folder that cannot be read or written makes every
value be worked out again, and `save` says why it wrote nothing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
Plain = Any  # None, bool, int, str, bytes, and lists, tuples and dicts of them

FOLDER = ".phrasebook_cache"  # beside mkdocs.yml
_ENTRIES = "entries"
_KEY = "key"
_MAC_SIZE = 32


@functools.cache
def fingerprint() -> bytes:
    """This tool, as far as a cached value can tell: its code and the Python running it.

    The package's own source, not its version number: an editable install changes code
    without changing the version, and a value decoded by older code must not be trusted."""
    digest = hashlib.blake2b(f"{sys.version}|{marshal.version}|{sys.byteorder}".encode(),
                             digest_size=32)  # the byte order: places are arrays of ints
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.digest()


def key(*parts: str | bytes) -> str:
    """A key for a value worked out from `parts` by this version of the tool."""
    digest = hashlib.blake2b(fingerprint(), digest_size=20)
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
            value = decode(marshal.loads(found))
        except (EOFError, TypeError, ValueError, KeyError, IndexError, AttributeError):
            del self._new[key]
            self._changed = True
            self.missed += 1
            return None
        self.found += 1
        return value

    def put(self, key: str, value: T, encode: Callable[[T], Plain]) -> None:
        """Keep `value` under `key`; on disk as `encode(value)`, plain values only."""
        self._new[key] = value if self.folder is None else marshal.dumps(encode(value))
        self._changed = True

    def keep(self) -> None:
        """Keep every entry of the last run through `save`, asked for or not: for a run that
        found its answer in one entry made from the same inputs as all of them."""
        for name, value in self._stored().items():
            self._new.setdefault(name, value)

    def save(self) -> str | None:
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
            return f"{self.folder}: cache not written ({getattr(error, 'strerror', None) or error})"
        return None

    # -- on disk --

    def _stored(self) -> dict[str, Any]:
        if self._old is None:
            self._old = self._read()
        return self._old

    def _read(self) -> dict[str, Any]:
        assert self.folder is not None
        try:
            secret = (self.folder / _KEY).read_bytes()
            data = (self.folder / _ENTRIES).read_bytes()
        except OSError:
            return {}
        mac, payload = data[:_MAC_SIZE], data[_MAC_SIZE:]
        if len(secret) != _MAC_SIZE or not hmac.compare_digest(mac, _mac(secret, payload)):
            return {}
        try:
            tool, entries = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return {}
        if tool != fingerprint() or type(entries) is not dict or not all(
                type(value) is bytes for value in entries.values()):
            return {}
        return entries

    def _write(self, entries: dict[str, Any]) -> None:
        assert self.folder is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            _replace(self.folder, ".gitignore", b"# written by phrasebook check\n*\n", 0o644)
        payload = marshal.dumps((fingerprint(), entries))
        _replace(self.folder, _ENTRIES, _mac(_secret(self.folder), payload) + payload)


def _mac(secret: bytes, payload: bytes) -> bytes:
    return hashlib.blake2b(payload, key=secret, digest_size=_MAC_SIZE).digest()


def _secret(folder: Path) -> bytes:
    """The folder's MAC key, made once. Made beside and linked into place, so a second
    process never reads half of it: whichever link lands first is the key both use."""
    path = folder / _KEY
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        secret = b""
    if len(secret) == _MAC_SIZE:
        return secret
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".key-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(os.urandom(_MAC_SIZE))
        with contextlib.suppress(FileExistsError):  # another process's key came first
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    secret = path.read_bytes()
    if len(secret) != _MAC_SIZE:
        raise ValueError(f"{path} is not a key this tool wrote; delete the folder")
    return secret


def _replace(folder: Path, name: str, data: bytes, mode: int = 0o600) -> None:
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, folder / name)
    except BaseException:
        os.unlink(temporary)
        raise

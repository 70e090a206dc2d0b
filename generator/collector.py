"""Python's cycle collector, held off while the handbook is loaded, checked and rendered."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Loading, checking and rendering make hundreds of thousands of objects that live on
    (nodes, records, spans, pages) and free no reference cycles, yet every burst of
    allocations wakes the cycle collector to walk them all again. At 10,000 phrases that was
    half of the load time, and it grew faster than the content. Reference counting still
    frees everything as usual; the collector runs again afterwards. Also a decorator:
    `@collector.paused()`."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

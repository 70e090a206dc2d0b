"""Python's cycle collector, held off while the handbook is loaded, checked and rendered."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused() -> Iterator[None]:
    """Loading, checking and rendering make hundreds of thousands of objects that live on
    (nodes, records, spans, pages) and free no reference cycles, yet every burst of
    allocations wakes the cycle collector to walk them all again. At 10,000 phrases that was
    half of the load time, and it grew faster than the content. Reference counting still
    frees everything as usual; the collector runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_pauses(function: Callable[P, R]) -> Callable[P, R]:
    """`function`, run with the cycle collector paused."""

    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return function(*args, **kwargs)

    return run

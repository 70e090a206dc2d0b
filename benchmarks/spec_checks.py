"""What refusing the YAML libyaml lets by costs, against composing the same files.

    python benchmarks/spec_checks.py            # the 10,000-phrase synthetic handbook
    python benchmarks/spec_checks.py 1000

source.compose() runs two checks after libyaml composes a file (a comment glued to a value;
a flow collection or quoted text continued too little indented, or holding a lone `-`).
Every content file pays for them, so this prints, per size, the best of 5 runs of composing
every file and of each check, side by side, and the checks' share of composing. The cycle
collector is off, as it is while the loader runs (collector.paused).
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from service_phrasebook import source  # noqa: E402
from service_phrasebook.load import content_files  # noqa: E402


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    ours, _ = synth.write(size, HERE / "work" / str(size))
    files = content_files([ours / "content", ours / "phrasebook"])
    texts = [source.normalised(p.read_text("utf-8")) for p in files]
    gc.disable()
    compose = best_of(5, lambda: [yaml.compose(t, Loader=source._Loader) for t in texts])
    nodes = [yaml.compose(t, Loader=source._Loader) for t in texts]
    glued = best_of(5, lambda: [source._glued_comment(t, "f") for t in texts])
    flow = best_of(5, lambda: [source._flow_problem(n, t, "f") for n, t in zip(nodes, texts,
                                                                              strict=True)])
    megabytes = sum(map(len, texts)) / 1e6
    print(f"{size:,} phrases: {len(texts)} files, {megabytes:.1f} MB of YAML")
    print(f"{'compose (baseline)':28} {compose * 1000:8.1f} ms   1.00x")
    print(f"{'glued comments':28} {glued * 1000:8.1f} ms   {glued / compose:.2f}x")
    print(f"{'flow indentation, lone -':28} {flow * 1000:8.1f} ms   {flow / compose:.2f}x")
    print(f"{'both checks':28} {(glued + flow) * 1000:8.1f} ms   "
          f"{(glued + flow) / compose:.2f}x")


if __name__ == "__main__":
    main()

"""Export times: each `phrasebook export --format` against our own build, side by side.

    python benchmarks/export.py                    # 1,000 and 10,000 phrases, 3 runs each
    python benchmarks/export.py --sizes 1000 --runs 1

Each export runs in a fresh process on the synthetic handbook of benchmarks/synth.py (load,
check, export, write), as does the baseline, `phrasebook build` of the same handbook: an
export should cost no more than building the site. Figures are medians of the runs,
seconds including imports. It measures and reports; it is not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE)]

import synth  # noqa: E402
from run import measure  # noqa: E402

FORMATS = ("markdown", "zendesk", "csv", "espanso", "vale")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows: dict[str, dict[int, float]] = {}
    for n in args.sizes:
        folder = HERE / "work" / f"export-{n}"
        ours, _ = synth.write(n, folder)
        for name, operation in [("build (baseline)", "build-ours"),
                                *((f"export {f}", f"export-{f}") for f in FORMATS)]:
            times = [measure(operation, ours, folder / operation)["seconds"]
                     for _ in range(args.runs)]
            rows.setdefault(name, {})[n] = statistics.median(times)
            print(f"{n:,} phrases, {name}: {rows[name][n]:.2f} s", file=sys.stderr,
                  flush=True)
    sizes, big = sorted(args.sizes), max(args.sizes)
    print("| figure | " + " | ".join(f"{n:,} phrases s" for n in sizes)
          + f" | / build at {big:,} |")
    print("| --- |" + " --- |" * (len(sizes) + 1))
    for name, by_size in rows.items():
        ratio = by_size[big] / rows["build (baseline)"][big]
        print(f"| {name} | " + " | ".join(f"{by_size[n]:.2f}" for n in sizes)
              + f" | {ratio:.2f}x |")


if __name__ == "__main__":
    main()

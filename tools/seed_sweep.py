"""Re-run chapters with other seeds and check the targets that must hold at any seed.

    python tools/seed_sweep.py 03 09 --seeds 7 123          # full runs: as slow as the chapters
    python tools/seed_sweep.py 04 --seeds 7 --fast          # the mechanics only (see below)

Every target in tests/targets.toml has a ``kind``. An ``exact`` target is the same at any seed and a
``claim`` is what the chapter's text promises at any seed, so the sweep checks both against their
accepted range on every run. A ``reproduction`` is the committed run's number (SEED = 42); another
seed is expected to move it, so the sweep reports it without checking it.

Each chapter is executed once per seed by the project's own command,
``tools/execute.py NB --seed S --output DIR/NB-seedS.ipynb`` (the committed notebook is left alone),
and the glued values of the run are read back with ``nbtools.glued``. The table printed at the end
has one row per target: its kind, the committed value, the value of every seed and the outcome;
the same rows go to a CSV file under ``_build/seed_sweep/``. The exit status is 1 if an exact or a
claim target missed its range (or was not glued) in any run, or if a run failed.

A chapter whose parameters cell has no SEED yet (SEED_PENDING in tests/test_hygiene.py) is
refused: every seed would re-run the committed draw.

``--fast`` runs the chapters with FAST = True. That is only good for trying the mechanics: FAST
values are computed on small subsets and short trainings and miss many ranges.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbtools import NOTEBOOKS, ROOT, glued, read, toc_notebooks  # noqa: E402

KINDS = ("exact", "reproduction", "claim")
CHECKED = ("exact", "claim")
OUT_DIR = ROOT / "_build" / "seed_sweep"


def load_targets(path: Path = ROOT / "tests" / "targets.toml") -> list[dict]:
    with open(path, "rb") as f:
        return tomllib.load(f)["target"]


def chapter_notebook(chapter: str, notebooks: list[Path] | None = None) -> Path:
    """The notebook in _toc.yml whose file name starts with ``chapter`` ("03" or "3")."""
    notebooks = toc_notebooks() if notebooks is None else notebooks
    prefix = f"{int(chapter):02d}_" if chapter.isdigit() else chapter
    matches = [p for p in notebooks if p.name.startswith(prefix)]
    if len(matches) != 1:
        raise ValueError(f"chapter {chapter!r} matches {len(matches)} notebooks in _toc.yml")
    return matches[0]


def has_seed_parameter(nb) -> bool:
    """Whether the notebook's ``parameters`` cell defines SEED (chapters still listed in
    SEED_PENDING do not: another seed would silently re-run the same draw)."""
    return any("parameters" in c.metadata.get("tags", [])
               and re.search(r"^SEED\s*=", c.source, re.MULTILINE)
               for c in nb.cells if c.cell_type == "code")


def check(target: dict, value) -> str:
    """'pass' or 'fail' for an exact or claim target, 'reported' for a reproduction,
    'missing' when the run glued no number under the target's name."""
    if target.get("kind") not in CHECKED:
        return "reported"
    if value is None:
        return "missing"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return "fail"
    if "min" in target and value < target["min"]:
        return "fail"
    if "max" in target and value > target["max"]:
        return "fail"
    return "pass"


def sweep_rows(targets: list[dict], runs: dict[int, dict | None],
               committed: dict | None = None) -> list[dict]:
    """One row per target: the value and outcome of every seed's run and an overall verdict.

    ``runs`` maps a seed to the run's glued values, or to None if the run failed (then every
    checked target of that run is 'missing'). The verdict is 'FAIL' if any checked run did not
    pass, 'pass' if all did, 'reported' for a reproduction.
    """
    committed = committed or {}
    rows = []
    for t in targets:
        values = {s: (None if glued_values is None else glued_values.get(t["name"]))
                  for s, glued_values in runs.items()}
        outcomes = {s: check(t, v) for s, v in values.items()}
        if t.get("kind") not in CHECKED:
            verdict = "reported"
        else:
            verdict = "pass" if all(o == "pass" for o in outcomes.values()) else "FAIL"
        rows.append({"notebook": t["notebook"], "name": t["name"], "kind": t.get("kind", ""),
                     "min": t.get("min"), "max": t.get("max"), "format": t.get("format", ""),
                     "committed": committed.get(t["name"]), "values": values,
                     "outcomes": outcomes, "verdict": verdict})
    return rows


def _fmt(value, spec: str = "") -> str:
    if value is None:
        return "—"
    try:
        return format(value, spec or ".4g")
    except (TypeError, ValueError):
        return str(value)


def _range(row: dict) -> str:
    low, high, spec = row["min"], row["max"], row["format"]
    if low is not None and high is not None:
        return f"[{_fmt(low, spec)}, {_fmt(high, spec)}]"
    return f"≥ {_fmt(low, spec)}" if low is not None else f"≤ {_fmt(high, spec)}"


def format_table(rows: list[dict], seeds: list[int]) -> str:
    """A plain-text table: target, kind, range, committed value, one column per seed, verdict."""
    header = ["target", "kind", "range", "committed (42)"] + [f"seed {s}" for s in seeds] + [
        "verdict"]
    body = []
    for r in rows:
        cells = [f"{_fmt(r['values'][s], r['format'])}"
                 + ("" if r["outcomes"][s] in ("pass", "reported") else f" ({r['outcomes'][s]})")
                 for s in seeds]
        body.append([r["name"], r["kind"], _range(r), _fmt(r["committed"], r["format"])]
                    + cells + [r["verdict"]])
    widths = [max(len(line[i]) for line in [header] + body) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip()
             for line in [header] + body]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_csv(rows: list[dict], seeds: list[int], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = ["notebook", "name", "kind", "min", "max", "committed"] + [
        f"seed_{s}" for s in seeds] + [f"outcome_{s}" for s in seeds] + ["verdict"]
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fields, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            line = {k: r[k] for k in ("notebook", "name", "kind", "min", "max", "committed",
                                      "verdict")}
            line |= {f"seed_{s}": r["values"][s] for s in seeds}
            line |= {f"outcome_{s}": r["outcomes"][s] for s in seeds}
            writer.writerow({k: ("" if v is None else v) for k, v in line.items()})


def execute_run(path: Path, seed: int, fast: bool, out_dir: Path) -> dict | None:
    """Run one chapter with one seed through tools/execute.py; its glued values, or None."""
    output = out_dir / f"{path.stem}-seed{seed}.ipynb"
    cmd = [sys.executable, str(ROOT / "tools" / "execute.py"), str(path), "--seed", str(seed),
           "--output", str(output)] + (["--fast"] if fast else [])
    print(f"$ {' '.join(cmd)}", flush=True)
    if subprocess.run(cmd, cwd=ROOT).returncode != 0:
        print(f"  the run of {path.name} with seed {seed} failed", file=sys.stderr)
        return None
    return glued(read(output))


def main(argv=None, runner=execute_run) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="+", help="chapter numbers, e.g. 03 09")
    parser.add_argument("--seeds", nargs="+", type=int, required=True, help="e.g. 7 123")
    parser.add_argument("--fast", action="store_true",
                        help="FAST runs: only to try the mechanics, many values will miss")
    parser.add_argument("--keep", type=Path,
                        help="keep the executed notebooks in this folder (default: a temporary one)")
    args = parser.parse_args(argv)
    if 42 in args.seeds:
        parser.error("seed 42 is the committed reference run: choose other seeds")
    try:
        paths = [chapter_notebook(c) for c in args.chapters]
    except ValueError as e:
        parser.error(str(e))
    no_seed = [p.stem for p in paths if p.is_file() and not has_seed_parameter(read(p))]
    if no_seed:
        parser.error(f"no SEED parameter in {', '.join(no_seed)} (SEED_PENDING in "
                     "tests/test_hygiene.py): every seed would give the committed draw")
    all_targets = load_targets()
    bad = [t["name"] for t in all_targets if t.get("kind") not in KINDS]
    if bad:
        parser.error(f"targets without a valid kind: {', '.join(bad[:5])}")

    rows, failed_runs = [], []
    with tempfile.TemporaryDirectory(prefix="seed_sweep_") as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        for path in paths:
            targets = [t for t in all_targets if t["notebook"] == path.stem]
            runs = {seed: runner(path, seed, args.fast, out_dir) for seed in args.seeds}
            failed_runs += [f"{path.stem} (seed {s})" for s, v in runs.items() if v is None]
            committed_path = NOTEBOOKS / path.name
            committed = glued(read(committed_path)) if committed_path.is_file() else {}
            rows += sweep_rows(targets, runs, committed)

    print()
    print(format_table(rows, args.seeds))
    name = "-".join(["ch" + "_".join(p.stem[:2] for p in paths),
                     "seeds" + "_".join(map(str, args.seeds))] + (["fast"] if args.fast else []))
    csv_path = OUT_DIR / f"{name}.csv"
    write_csv(rows, args.seeds, csv_path)
    checked = [r for r in rows if r["kind"] in CHECKED]
    failed = [r for r in checked if r["verdict"] == "FAIL"]
    print(f"\n{len(checked)} exact/claim targets checked at seeds "
          f"{', '.join(map(str, args.seeds))}{' (FAST)' if args.fast else ''}: "
          f"{len(checked) - len(failed)} pass, {len(failed)} fail; "
          f"{len(rows) - len(checked)} reproduction targets reported. CSV: "
          f"{csv_path.relative_to(ROOT) if csv_path.is_relative_to(ROOT) else csv_path}")
    if failed_runs:
        print(f"Runs that failed: {', '.join(failed_runs)}", file=sys.stderr)
    return 1 if failed or failed_runs else 0


if __name__ == "__main__":
    sys.exit(main())

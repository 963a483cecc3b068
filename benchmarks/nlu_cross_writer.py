"""Cross-writer NLU accuracy: for each writer in data/nlu/writers/, train the NLU pipeline
on all the training data except that writer's file and evaluate on that file.

The project's own held-out sets were written by the hand that wrote most of the training
data and flatter the model; a writer the model never saw measures how it generalises to
parents who write differently. Writers' files are named `<writer>_<nl|en>.yml`; the
report gives each writer's figures and the pooled figures per language. With
`--together N` a fold leaves N writers out at once (and is tested on each of them): fewer
trainings, on less data, so the figures are if anything lower than one writer at a time.

Run in the Rasa environment from the project root (a fold takes about 8 minutes on one
core; `--jobs 2` trains two folds at once, `--writer NAME` only the writers named):
    PYTHONPATH=$PWD .venv/rasa/bin/python benchmarks/nlu_cross_writer.py --jobs 2
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bot.nlu.evaluation import Report, evaluate_all

ROOT = Path(__file__).resolve().parent.parent
WRITERS = ROOT / "data" / "nlu" / "writers"
# the Makefile's TRAIN_ENV: one TensorFlow thread and a fixed hash seed, so a fold's model
# is the same on every run on a machine
DETERMINISTIC = {
    "TF_DETERMINISTIC_OPS": "1",
    "TF_INTER_OP_PARALLELISM_THREADS": "1",
    "TF_INTRA_OP_PARALLELISM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
}


def language_of(writer_file: Path) -> str:
    return writer_file.stem.rsplit("_", 1)[-1]


def training_data_without(left_out: list[Path], into: Path) -> Path:
    """A copy of data/nlu without the `left_out` writers (lookups and the others included)."""
    nlu = into / "nlu"
    shutil.copytree(ROOT / "data" / "nlu", nlu)
    for writer_file in left_out:
        (nlu / "writers" / writer_file.name).unlink()
    return nlu


def train_fold(left_out: list[Path], work: Path) -> Path:
    name = "+".join(w.stem for w in left_out)
    nlu = training_data_without(left_out, work)
    command = [
        str(ROOT / ".venv" / "rasa" / "bin" / "rasa"),
        "train",
        "nlu",
        "--quiet",
        "--config",
        str(ROOT / "config.yml"),
        "--nlu",
        str(nlu),
        "--out",
        str(work / "models"),
        "--fixed-model-name",
        name,
    ]
    env = {**os.environ, **DETERMINISTIC, "PYTHONPATH": str(ROOT)}
    subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    return work / "models" / f"{name}.tar.gz"


def fold(left_out: list[Path], keep: Path | None) -> dict[Path, Report]:
    """Train without the `left_out` writers; a report on each of them."""
    with tempfile.TemporaryDirectory(prefix="fold-") as work:
        model = train_fold(left_out, Path(work))
        if keep is not None:
            shutil.copy(model, keep / model.name)
        return dict(zip(left_out, evaluate_all(model, left_out), strict=True))


def pooled(reports: list[Report]) -> Report:
    """The examples of several writers as one set (macro-F1 is left out: it is per set)."""
    total = Report()
    for report in reports:
        total.total += report.total
        total.correct += report.correct
        total.entities += report.entities
        total.recalled += report.recalled
        total.normalised += report.normalised
        total.out_of_scope += report.out_of_scope
        total.out_of_scope_caught += report.out_of_scope_caught
        total.turned_away += report.turned_away
        total.asked += report.asked
    return total


def row(name: str, report: Report) -> str:
    return (
        f"| {name} | {report.total} | {report.accuracy:.3f} | {report.entity_recall:.3f} "
        f"({report.recalled}/{report.entities}) | {report.out_of_scope_recall:.3f} "
        f"({report.out_of_scope_caught}/{report.out_of_scope}) | {report.turned_away} | "
        f"{report.wrong} | {report.asked} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=1, help="folds trained at once")
    parser.add_argument("--together", type=int, default=1, help="writers left out per fold")
    parser.add_argument("--writer", nargs="*", help="only these writers (file stems)")
    parser.add_argument("--keep-models", type=Path, help="copy each fold's model here")
    parser.add_argument("--errors", action="store_true", help="print each misread example")
    args = parser.parse_args()
    writers = sorted(WRITERS.glob("*.yml"))
    if args.writer:
        writers = [w for w in writers if w.stem in args.writer]
    if not writers:
        sys.exit(f"no writers' files in {WRITERS}")
    if args.keep_models:
        args.keep_models.mkdir(parents=True, exist_ok=True)
    folds_count = -(-len(writers) // args.together)
    folds = [writers[i::folds_count] for i in range(folds_count)]
    reports: dict[Path, Report] = {}
    with ThreadPoolExecutor(args.jobs) as pool:
        for fold_reports in pool.map(lambda left_out: fold(left_out, args.keep_models), folds):
            reports.update(fold_reports)
    reports = dict(sorted(reports.items()))
    print(
        "| writer (left out) | examples | intent accuracy | entity recall | "
        "out-of-scope recall | in-scope taken for out_of_scope | misread | fell back |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for writer, report in reports.items():
        print(row(writer.stem, report))
    for language in sorted({language_of(w) for w in writers}):
        same = [r for w, r in reports.items() if language_of(w) == language]
        print(row(f"**all {language} writers**", pooled(same)))
    if args.errors:
        for writer, report in reports.items():
            print(f"\n== {writer.stem}")
            print("\n".join(report.errors))


if __name__ == "__main__":
    main()

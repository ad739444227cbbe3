"""Graded labs: the solutions score 100 %, the blank student version scores less and still runs."""

import subprocess
import sys

import nbformat
import pytest

import labs

LABS = labs.labs()


def test_there_are_labs():
    assert LABS, "labs/NN_lab.ipynb"
    for number in LABS:
        assert any((labs.ROOT / "notebooks").glob(f"{number}_*.ipynb")), f"lab {number} has no chapter"


@pytest.fixture(scope="module", params=sorted(LABS))
def built(request):
    return request.param, labs.build(request.param)


def test_solutions_pass_every_check(built):
    """otter assign ran the solution notebook with every public and hidden check (labs.build
    fails otherwise); here we check what it wrote. Grading the solution notebook through the
    autograder zip, as a teacher does, is tested on the first lab below (a third run of every
    lab would add minutes to CI for no new information)."""
    number, out = built
    config = nbformat.read(LABS[number], as_version=4).cells[0].source
    assert config.startswith("# ASSIGNMENT CONFIG") and "run_tests: true" in config, (
        "otter assign must run the checks on the solutions (run_tests: true)")
    questions = labs.questions(number)
    assert 3 <= len(questions) <= 6, f"3 to 6 questions per lab, not {len(questions)}"
    assert (out / "autograder" / f"{number}_lab.ipynb").is_file()
    assert any((out / "autograder").glob("*-autograder_*.zip"))


def test_student_version_has_no_solutions_scores_less_and_runs(built):
    number, out = built
    student = out / "student" / f"{number}_lab.ipynb"
    nb = nbformat.read(student, as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    assert "SOLUTION" not in text and "HIDDEN" not in text
    scores = labs.grade(number, student)
    assert sum(s for s, _ in scores.values()) < sum(m for _, m in scores.values())
    assert all(s == 0 for s, _ in scores.values()), "a blank question earns nothing"


def test_grade_command_writes_a_csv(tmp_path):
    number = sorted(LABS)[0]  # one lab is enough for the command line
    out = labs.OUT / number
    if not (out / "autograder").is_dir():
        labs.build(number)
    result = subprocess.run([sys.executable, str(labs.ROOT / "tools" / "labs.py"), "grade", number,
                             str(out / "autograder" / f"{number}_lab.ipynb")],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    header, row = result.stdout.strip().splitlines()
    assert header.startswith("submission,") and header.endswith("total,max")
    assert row.split(",")[-1] == row.split(",")[-2], "the solutions score full marks"
    assert float(row.split(",")[-1]) > 0

"""A report's problems come out in the same order in every process: the order of the rows a
table lacks must not follow the process's string hash seed (`PYTHONHASHSEED`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEEDS

_SCRIPT = """
import sys
from xxgk.parse.report import parse_report
parsed = parse_report(open(sys.argv[1], "rb").read())
for problem in parsed.applications.problems:
    print(problem.check, problem.row_code)
"""


def test_missing_rows_are_reported_in_the_templates_order(tmp_path: Path) -> None:
    lines = (SEEDS / "000_0c18debd51cd50fa.txt").read_text("utf-8").splitlines()
    start = lines.index("一、本年新收政府信息公开申请数量 |")
    end = lines.index("三、本年度办理结果 |")
    report = tmp_path / "two_rows_missing.txt"  # 一 and 二 taken out, values and all
    report.write_text("\n".join(lines[:start] + lines[end:]) + "\n", "utf-8")
    seen = set()
    for seed in ("1", "2", "3", "4"):
        out = subprocess.run(
            [sys.executable, "-c", _SCRIPT, str(report)],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        seen.add(out)
    (problems,) = seen
    missing = [line for line in problems.splitlines() if line.startswith("row_missing")]
    assert [line.split()[1] for line in missing] == ["received", "carried_over"]

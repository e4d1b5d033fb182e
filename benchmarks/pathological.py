"""Pathological input families: check time at three sizes, and peak memory.

Run from the project root::

    python benchmarks/pathological.py              # every family (a few minutes)
    python benchmarks/pathological.py bang docx    # some families

Each family runs in its own process (so its peak memory is its own): the pipeline is loaded
first, then the family's text is checked at each size through the reader of its format and
``check_source``, as the CLI does. A family is linear when the time grows about as the size
does (x4 per step here). Nothing is written into the repository.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

LETTER_HEAD = "Geachte bewoner,\n\nWij leggen een nieuwe stoep aan in uw straat en "

#: name -> (format, sizes, python expression of the text for size n)
FAMILIES: dict[str, tuple[str, tuple[int, ...], str]] = {
    "bang": ("txt", (4_000, 16_000, 64_000), "'!' * n"),
    "dash": ("txt", (4_000, 16_000, 64_000), "'–' * n"),
    "punct-mix": ("txt", (4_000, 16_000, 64_000), "('?!.,;:' * (n // 6 + 1))[:n]"),
    "dots-in-sentence": ("txt", (4_000, 16_000, 64_000), "HEAD + 'dit ' + '.' * n + 'x wordt leuk.\\n'"),
    "weekday-spaces": ("txt", (4_000, 16_000, 64_000), "HEAD + 'maandag' + ' ' * n + 'x.\\n'"),
    "md-space-line": ("md", (4_000, 16_000, 64_000), "'Hallo\\n' + ' ' * n + '\\nDag\\n'"),
    "md-strong": ("md", (4_000, 16_000, 64_000), "'**a ' * (n // 4)"),
    "md-link": ("md", (4_000, 16_000, 64_000), "'[a](' * (n // 4)"),
    "md-comment": ("md", (4_000, 16_000, 64_000), "'<!--' * (n // 4)"),
    "html-attributes": ("html", (4_000, 16_000, 64_000), "'<p>x</p>' + '<a b' * (n // 4)"),
    "wordt-ge": ("txt", (4_000, 16_000, 64_000), "HEAD + 'wordt ' + 'ge' * (n // 2)"),
    "paragraphs": ("txt", (20_000, 80_000, 320_000), "'Ja.\\n\\n' * (n // 5)"),
    "ja-sentences": ("txt", (125_000, 500_000, 2_000_000), "'Ja. ' * (n // 4)"),
    "long-line-e": ("txt", (25_000, 100_000, 400_000), "'é' + 'woord ' * (n // 6)"),
    "docx-table-rows": ("docx", (500, 2_000, 8_000), "ROWS"),
}

_CHILD = r"""
import io, json, resource, sys, time
import helderetaal
from helderetaal.config import Config
from helderetaal.engine import check_source
from helderetaal.readers import read_bytes

fmt, sizes, expression = json.loads(sys.argv[1])
HEAD = %r
helderetaal.check("Geachte bewoner,\n\nHallo.\n")  # load the pipeline and the rules first


def rows(count):
    import docx
    document = docx.Document()
    document.add_paragraph("Geachte bewoner,")
    table = document.add_table(rows=count, cols=2)
    for number, row in enumerate(table.rows):
        row.cells[0].text = f"Wij informeren u middels rij {number}"
        row.cells[1].text = "binnenkort"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
times = []
for n in sizes:
    data = rows(n) if expression == "ROWS" else eval(expression, {"HEAD": HEAD, "n": n}).encode("utf-8")
    started = time.perf_counter()
    report = check_source(read_bytes(data, "brief." + fmt), Config())
    times.append(time.perf_counter() - started)
    assert not report.errors, report.errors
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"times": times, "peak_mb": peak / 1024, "base_mb": before / 1024}))
""" % LETTER_HEAD


def run_family(name: str) -> dict:
    fmt, sizes, expression = FAMILIES[name]
    done = subprocess.run([sys.executable, "-c", _CHILD, json.dumps([fmt, sizes, expression])],
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(names: list[str]) -> None:
    names = names or list(FAMILIES)
    unknown = [name for name in names if name not in FAMILIES]
    if unknown:
        raise SystemExit(f"unknown families: {', '.join(unknown)} (known: {', '.join(FAMILIES)})")
    print(f"{'family':18} {'size (chars; rows)':>28}   {'seconds':>24}   {'x per step':>11}  peak MB (base)")
    started = time.perf_counter()
    for name in names:
        sizes = FAMILIES[name][1]
        result = run_family(name)
        if "error" in result:
            print(f"{name:18} FAILED: {result['error']}")
            continue
        times = result["times"]
        growth = " ".join(f"{later / max(earlier, 1e-3):4.1f}" for earlier, later in zip(times, times[1:]))
        print(f"{name:18} {' / '.join(f'{size:,}' for size in sizes):>28}   "
              f"{' / '.join(f'{t:6.2f}' for t in times):>24}   {growth:>11}  "
              f"{result['peak_mb']:6.0f} ({result['base_mb']:.0f})", flush=True)
    print(f"\n(sizes grow x4 per step: linear is about x4 in time; {time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main(sys.argv[1:])

"""The suggested "In het kort" summary: library, JSON and `helderetaal summary`, via the CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import helderetaal

LETTERS = Path(__file__).resolve().parent / "letters"
# The entry point of the interpreter running the tests (not another install on PATH).
_BESIDE = Path(sys.executable).with_name("helderetaal")
EXE = str(_BESIDE) if _BESIDE.exists() else shutil.which("helderetaal")


def _cli(*args, cwd=None):
    command = [EXE, *args] if EXE else [sys.executable, "-m", "helderetaal.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=cwd)


def test_summary_of_a_works_letter():
    summary = helderetaal.check_file(LETTERS / "01_riolering.txt").summary
    sentences = re.findall(r"[^.?!]+[.?!]", summary)
    assert 2 <= len(sentences) <= 6  # "Vragen?" counts as its own short sentence
    assert "maandag 3 juni 2024 tot en met vrijdag 28 juni 2024" in summary
    assert "Sanne Bakker" in summary and "06-12345678" in summary


def test_summary_never_invents_facts():
    for letter in sorted(LETTERS.glob("*.txt")) + sorted(LETTERS.glob("*.md")):
        report = helderetaal.check_file(letter)
        if report.summary is None:
            continue
        text = letter.read_text(encoding="utf-8")
        flat = " ".join(text.split())
        for number in re.findall(r"(?:\+31|0|14)[\d ()-]{4,}\d", report.summary):
            assert " ".join(number.split()) in flat, (letter.name, number)
        for email in re.findall(r"[\w.+-]+@[\w.-]+\.\w+", report.summary):
            assert email in text.lower(), (letter.name, email)
        people = report.facts["contacts"]["people"]
        for person in people:
            if person["name"] in report.summary:  # only people the reader can reach are named
                assert any(p["contact_person"] for p in people if p["name"] == person["name"])
        for year in re.findall(r"\b20\d\d\b", report.summary):
            assert year in text or any(d["date"] and d["date"].startswith(year) for d in report.facts["dates"])


def test_no_summary_without_facts():
    assert helderetaal.check("Beste bewoner,\n\nDank voor uw brief.").summary is None


def test_cli_summary_prints_the_summary():
    result = _cli("summary", str(LETTERS / "08_bijeenkomst_zonder_plaats.txt"))
    assert result.returncode == 0, result.stderr
    assert "De bewonersavond is op dinsdag 17 september 2024 van 19.30 tot 21.00 uur." in result.stdout
    assert "Meld u uiterlijk dinsdag 10 september 2024 aan." in result.stdout  # the letter says "uiterlijk"


def test_cli_summary_json_and_missing_facts(tmp_path):
    result = _cli("summary", "--format", "json", str(LETTERS / "05_weeknummers.txt"))
    data = json.loads(result.stdout)
    assert "week 36 tot en met week 38" in data["summary"]
    empty = tmp_path / "leeg.txt"
    empty.write_text("Beste bewoner,\n\nDank voor uw brief.\n", encoding="utf-8")
    result = _cli("summary", str(empty))
    assert result.returncode == 1 and "te weinig" in result.stderr


def test_cli_check_json_has_elements_facts_and_summary():
    result = _cli("check", "--format", "json", "--exit-zero", str(LETTERS / "13_weekdag_fout.txt"),
                  str(LETTERS / "10_crlf_uitnodiging.txt"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    first, second = data["files"]
    assert first["facts"]["start_date"] == "2024-06-04"
    assert first["elements"]["contact_person"]["present"] is True
    weekday = [f for f in first["findings"] if f["rule"] == "weekdag-klopt-niet"]
    assert weekday and "dinsdag" in weekday[0]["message"]
    assert second["facts"]["meetings"][0]["place"] == "Wijkcentrum 't Hofke, Hofstraat 12"
    raw = (LETTERS / "10_crlf_uitnodiging.txt").read_bytes().decode("utf-8")
    for element in second["elements"].values():
        for evidence in element["evidence"]:
            assert raw[evidence["start"]:evidence["end"]] == evidence["text"]
    assert second["summary"].startswith("Dit is een uitnodiging")


@pytest.mark.parametrize("profile", ["werkzaamheden", "besluit"])
def test_cli_profile_option(profile):
    result = _cli("check", "--format", "json", "--exit-zero", "--profile", profile, str(LETTERS / "03_algemeen_nummer.txt"))
    rules = {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert ("element-contactpersoon" in rules) is (profile == "werkzaamheden")


DECISION_LIKE = """Datum: 6 mei 2024

Geachte bewoner,

Vanaf maandag 3 juni 2024 vervangen wij de riolering in de Lindelaan.
Heeft u vragen? Bel 14 070.
"""


def test_cli_profile_besluit_shows_in_json_and_shapes_the_summary(tmp_path):
    letter = tmp_path / "brief.txt"
    letter.write_text(DECISION_LIKE, encoding="utf-8")
    detected = json.loads(_cli("check", "--format", "json", "--exit-zero", str(letter)).stdout)["files"][0]
    assert detected["facts"]["profile"] == "werkzaamheden"
    assert "Het werk begint op maandag 3 juni 2024." in detected["summary"]
    result = _cli("check", "--format", "json", "--exit-zero", "--profile", "besluit", str(letter))
    forced = json.loads(result.stdout)["files"][0]
    assert forced["facts"]["profile"] == "besluit"
    assert forced["facts"]["detected_profile"] == "werkzaamheden"
    assert "Dit geldt vanaf maandag 3 juni 2024." in forced["summary"]


def test_configured_profile_shapes_the_library_summary():
    report = helderetaal.check(DECISION_LIKE, config=helderetaal.Config(profile="besluit"))
    assert report.profile == "besluit" and report.facts["profile"] == "besluit"
    assert "Dit geldt vanaf" in report.summary


# -- issue 15 item 9: a Word letterhead table; a summary never restates a wrong date --------
_BODY = ["Geachte bewoner,",
         "Op dinsdag 4 juni 2024 beginnen wij met nieuwe tegels op de stoep van de Lindelaan. De stoep is versleten.",
         "Heeft u vragen? Bel Sanne Bakker via 06 12345678.", "Met vriendelijke groet,", "Sanne Bakker"]


def _word_letter(path: Path, rows: list[tuple[str, str]], body: list[str]) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=2)
    for row, (label, value) in zip(table.rows, rows):
        row.cells[0].text, row.cells[1].text = label, value
    for paragraph in body:
        document.add_paragraph(paragraph)
    document.save(path)
    return path


@pytest.mark.parametrize("rows", [
    [("Datum", "21 mei 2024"), ("Contactpersoon", "Sanne Bakker"), ("Onderwerp", "Nieuwe stoep Lindelaan")],
    [("Datum", "21 mei 2024"), ("Onderwerp", "Nieuwe stoep Lindelaan"), ("Contactpersoon", "Sanne Bakker")],
], ids=["person-first", "subject-first"])
def test_word_letterhead_table_gives_the_subject_not_a_cell_value(tmp_path, rows):
    report = helderetaal.check_file(_word_letter(tmp_path / "kop.docx", rows, _BODY))
    assert report.facts["subject"] == "Nieuwe stoep Lindelaan"
    assert report.summary.startswith("Deze brief gaat over: nieuwe stoep Lindelaan.")
    assert "Sanne Bakker." not in report.summary.split(".")[0] + "."


def test_word_letterhead_without_subject_gives_no_cell_value_as_subject(tmp_path):
    rows = [("Datum", "21 mei 2024"), ("Contactpersoon", "Sanne Bakker"), ("Ons kenmerk", "Z-2024-118")]
    report = helderetaal.check_file(_word_letter(tmp_path / "kop.docx", rows, _BODY))
    assert report.facts["subject"] is None
    assert "gaat over" not in (report.summary or "")


def test_letterhead_row_on_one_line():
    text = "Datum | 21 mei 2024\nOnderwerp | Nieuwe stoep Lindelaan\n\n" + "\n\n".join(_BODY) + "\n"
    assert helderetaal.check(text).facts["subject"] == "Nieuwe stoep Lindelaan"


def test_summary_leaves_out_a_start_date_with_the_wrong_weekday(tmp_path):
    body = [_BODY[0], _BODY[1].replace("dinsdag 4 juni", "maandag 4 juni"), *_BODY[2:]]
    rows = [("Datum", "21 mei 2024"), ("Onderwerp", "Nieuwe stoep Lindelaan")]
    report = helderetaal.check_file(_word_letter(tmp_path / "kop.docx", rows, body))
    assert "weekdag-klopt-niet" in {f.rule for f in report.findings}
    assert "4 juni" not in (report.summary or "")
    right = helderetaal.check_file(_word_letter(tmp_path / "goed.docx", rows, _BODY))
    assert "Het werk begint op dinsdag 4 juni 2024." in right.summary


def test_summary_leaves_out_a_meeting_and_a_deadline_the_timing_rules_call_wrong():
    letter = ("Datum: 2 april 2024\n\nGeachte bewoner,\n\nWij nodigen u uit voor een informatieavond op "
              "woensdag 16 april 2024 van 19.30 tot 21.00 uur in het buurthuis De Linde. Meld u aan vóór "
              "10 april 2024. Heeft u vragen? Mail naar info@voorbeeld.nl.\n")
    report = helderetaal.check(letter)
    assert "weekdag-klopt-niet" in {f.rule for f in report.findings}  # 16 april 2024 is a Tuesday
    assert "16 april" not in (report.summary or "")
    early = letter.replace("Meld u aan vóór 10 april 2024", "Meld u aan vóór 1 maart 2024")
    summary = helderetaal.check(early).summary or ""
    assert "1 maart" not in summary


PARTICIPATION = """# Denk mee over het Kastanjeplein

Beste bewoner,

De gemeente wil het Kastanjeplein opnieuw inrichten, met meer groen en een speelplek.

Op dinsdag 9 maart 2027 van 19.30 tot 21.00 uur is er een ontwerpavond in buurthuis De Eik, Eikstraat 3.
U kunt zich aanmelden {lead} 2 maart via plein@gemeente.nl.

Kunt u niet komen? Vul dan voor 20 maart de vragenlijst in op www.gemeente.nl/plein.

Met vriendelijke groet,

Anna de Vries
projectleider, 06-12345678
"""


def test_a_meeting_that_is_the_only_date_is_said_as_the_meeting_not_as_a_start():
    summary = helderetaal.check(PARTICIPATION.format(lead="tot")).summary or ""
    assert "De ontwerpavond is op dinsdag 9 maart 2027 van 19.30 tot 21.00 uur" in summary
    assert "begint" not in summary


@pytest.mark.parametrize("lead, expected", [
    ("tot", "Meld u uiterlijk dinsdag 2 maart 2027 aan."),
    ("vóór", "Meld u aan vóór dinsdag 2 maart 2027."),
])
def test_the_registration_deadline_is_the_one_of_the_registration_sentence(lead, expected):
    summary = helderetaal.check(PARTICIPATION.format(lead=lead)).summary or ""
    assert expected in summary and "20 maart" not in summary


def test_the_senders_name_in_the_head_is_not_the_subject():
    text = ("Woonstichting Het Anker\nPostbus 88\n7400 AB Deventer\n\nDeventer, 18 augustus 2025\n\nBeste huurder,\n\n"
            "Uw woning krijgt in oktober nieuwe kozijnen. U betaalt hiervoor geen extra huur.\n")
    report = helderetaal.check(text)
    assert report.facts["subject"] is None
    assert "Het Anker" not in (report.summary or "")

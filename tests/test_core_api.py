"""The library API: offsets, threads, typed results."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

import helderetaal

TEXT = "Geachte bewoner,\r\n\r\nWij 😀 informeren u middels déze brief, teneinde u te informeren.\r\n"


def test_offsets_slice_the_original_text_with_crlf_and_emoji():
    report = helderetaal.check(TEXT)
    found = [f for f in report.findings if f.rule == "ambtelijk"]
    assert found
    for finding in report.findings:
        assert TEXT[finding.start:finding.end] == finding.text
        lines = TEXT.replace("\r\n", "\n").split("\n")
        assert lines[finding.line - 1][finding.column - 1:].startswith(finding.text.splitlines()[0])
    middels = next(f for f in found if f.text == "middels")
    assert (middels.line, middels.column, middels.end_line, middels.end_column) == (3, 20, 3, 27)


def test_same_input_same_output():
    assert helderetaal.check(TEXT) == helderetaal.check(TEXT)


def test_many_threads_get_the_same_findings():
    texts = [TEXT, "Wij informeren u middels deze brief.", "Beste buren,\n\nTot ziens!"] * 10
    expected = [helderetaal.check(text).findings for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda text: helderetaal.check(text).findings, texts))
    assert results == expected


def test_report_to_dict_keeps_the_contract():
    data = helderetaal.check(TEXT, path="brief.txt").to_dict()
    assert set(data) == {"path", "findings", "metrics", "elements", "facts", "summary", "passport"}
    assert set(data["findings"][0]) == {"rule", "category", "severity", "message", "start", "end", "line", "column",
                                        "end_line", "end_column", "text", "suggestions"}
    assert set(data["elements"]) == set(helderetaal.ELEMENT_KEYS)


def test_check_rejects_bytes():
    with pytest.raises(TypeError):
        helderetaal.check(b"tekst")  # type: ignore[arg-type]


def test_check_file_reports_unreadable_files(tmp_path):
    binary = tmp_path / "brief.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(helderetaal.InputError, match="geen tekstbestand"):
        helderetaal.check_file(binary)


def test_markdown_by_path_suffix():
    report = helderetaal.check("Zie `middels` in de code.\n", path="brief.md")
    assert not [f for f in report.findings if f.rule == "ambtelijk"]


def test_vague_wording_and_vague_planning_give_one_finding():
    letter = ("Datum: 6 mei 2024\n\nGeachte bewoner,\n\nIn het najaar vervangen wij de riolering in uw straat. "
              "Dat is nodig omdat de buizen oud zijn. U hoeft niets te doen. Vragen? Bel Sanne Bakker, "
              "omgevingsmanager, op 06-12345678.\n")
    report = helderetaal.check(letter, config=helderetaal.Config(profile="werkzaamheden"))
    on_season = [f for f in report.findings if f.text == "In het najaar"]
    assert [f.rule for f in on_season] == ["vage-planning"]


def test_messages_have_no_gaps_from_empty_placeholders():
    report = helderetaal.check("Wij informeren u middels deze brief.")
    for finding in report.findings:
        assert finding.message == " ".join(finding.message.split())


def test_a_quick_fix_fits_the_words_before_it():
    from helderetaal.dutch import fit_replacement

    assert fit_replacement("aan de rand van het ", "het stuk straat waar wij werken") == "stuk straat waar wij werken"
    assert fit_replacement("kijk op de ", "deze") is None
    assert fit_replacement("kijk op de ", "over") is None
    assert fit_replacement("over de ", "het besluit") is None
    assert fit_replacement("Wij sturen u ", "deze brief") == "deze brief"
    assert fit_replacement("", "het besluit") == "het besluit"
    # Through the engine: the finding offers only what reads well in place.
    report = helderetaal.check("Beste bewoner,\n\nDe informatie staat op de betreffende website.\n")
    found = [f for f in report.findings if f.text == "betreffende"]
    assert found and "over" not in found[0].suggestions and "deze" not in found[0].suggestions

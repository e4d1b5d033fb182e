"""Text in other encodings is read correctly or refused; never silently garbled."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from helderetaal.cli import main
from helderetaal.readers import InputError, decode_text, read_file

DUTCH = "Geachte heer/mevrouw,\n\nWij informeren u over het café en de reünie op 3 juni – vóór 12 uur.\n"


def test_windows_1252_is_detected_and_read(tmp_path):
    path = tmp_path / "oud.txt"
    path.write_bytes(DUTCH.encode("cp1252"))
    source = read_file(path)
    assert source.encoding == "cp1252"
    assert source.text == DUTCH  # the en dash (0x96 in cp1252) and accents survive


def test_utf8_and_utf16_with_bom(tmp_path):
    assert decode_text(DUTCH.encode("utf-8-sig"), "a.txt") == ("\ufeff" + DUTCH, "utf-8")
    assert decode_text(DUTCH.encode("utf-16"), "a.txt")[0] == DUTCH


def test_mac_roman_is_refused_not_garbled(tmp_path):
    path = tmp_path / "mac.txt"
    path.write_bytes(DUTCH.encode("mac_roman"))
    with pytest.raises(InputError) as caught:
        read_file(path)
    assert "UTF-8" in caught.value.reason and caught.value.line == 3


def test_dos_code_page_is_refused(tmp_path):
    path = tmp_path / "dos.txt"
    path.write_bytes("Wij informeren u over het café en de reünie.\n".encode("cp437"))
    with pytest.raises(InputError, match="UTF-8"):
        read_file(path)


def test_utf16_without_bom_is_refused_as_binary(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(DUTCH.encode("utf-16-le"))
    with pytest.raises(InputError, match="binaire"):
        read_file(path)


def test_cli_reports_the_encoding_problem_and_checks_other_files(tmp_path):
    bad = tmp_path / "mac.txt"
    bad.write_bytes(DUTCH.encode("mac_roman"))
    good = tmp_path / "oud.txt"
    good.write_bytes("Wij informeren u middels deze brief over het café.\n".encode("cp1252"))
    result = CliRunner().invoke(main, ["check", "--no-color", str(bad), str(good)])
    assert result.exit_code == 2
    assert f"{bad}: kan niet controleren: regel 3:" in result.stdout
    assert any(str(good) in line and "'middels'" in line for line in result.stdout.splitlines())

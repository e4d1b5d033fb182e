"""The letter passport: each demand with a letter that meets it and one that does not.

The letters are our own short texts. Each test checks the whole chain (helderetaal.check ->
Report.passport), so an entry is always derived from the real findings and facts.
"""

from __future__ import annotations

import json

import pytest

import helderetaal
from helderetaal.config import Config
from helderetaal.document import Document
from helderetaal.engine import check_document
from helderetaal.passport import DEMANDS, Passport, PassportSettings, build_passport
from helderetaal.readers import parse_text
from helderetaal.yamlfile import ConfigError

GOOD_WORKS = """Datum: 6 mei 2024
Onderwerp: Nieuwe stoep in de Lindelaan vanaf 3 juni

Beste bewoner,

Van maandag 3 juni tot en met vrijdag 28 juni 2024 leggen wij een nieuwe stoep in de Lindelaan. Dat is nodig omdat de tegels los liggen.

Zet uw auto in die weken in de Berkenlaan. U kunt altijd te voet bij uw huis komen.

Heeft u vragen? Bel Sanne Bakker, omgevingsmanager, op 06-12345678.

Met vriendelijke groet,

Sanne Bakker
"""

BAD_WORKS = """Datum: 27 mei 2024
Onderwerp: Bewonersbrief Lindelaan

Geachte bewoner(s),

Middels deze brief willen wij u informeren omtrent de werkzaamheden die binnenkort zullen worden uitgevoerd. De gemeente is reeds geruime tijd bezig met de voorbereidingen.

Op maandag 3 juni 2024 vangen de werkzaamheden aan. Gedurende de uitvoering is de rijbaan afgesloten.

Voor vragen kunt u contact opnemen met het algemene nummer 14 070.

Met vriendelijke groet,

De gemeente
"""

GOOD_INVITATION = """Datum: 2 september 2024

Beste bewoner,

Wij nodigen u uit voor de bewonersavond over het nieuwe Mesdagplein op donderdag 19 september 2024 van 19.30 tot 21.00 uur in wijkcentrum De Bron, Kerkstraat 4.
Meld u aan voor 16 september via plein@gemeente.nl.

Heeft u vragen? Mail Ahmed Yilmaz via plein@gemeente.nl.
"""

BAD_INVITATION = """Datum: 2 september 2024

Beste bewoner,

Wij nodigen u uit voor de bewonersavond over het nieuwe Mesdagplein op donderdag 19 september 2024 van 19.30 tot 21.00 uur.
Meld u aan voor 16 september via plein@gemeente.nl.

Heeft u vragen? Mail Ahmed Yilmaz via plein@gemeente.nl.
"""

ONLY_THANKS = """Beste bewoner,

Bedankt voor uw reactie op het ontwerp voor het Mesdagplein. Het was fijn dat zoveel buren meedachten.
Wij houden u op de hoogte. Vragen? Mail Ahmed Yilmaz via plein@gemeente.nl.
"""

FEEDBACK = """Beste bewoner,

Bedankt voor uw reactie op het ontwerp voor het Mesdagplein. Er kwamen 86 reacties binnen. De meeste bewoners vroegen om meer groen.
Daarom hebben wij het ontwerp aangepast: er komen zes bomen bij. Een extra parkeerplaats kan niet, omdat de stoep dan te smal wordt.
Het ontwerp ligt nu vast. Vragen? Mail Ahmed Yilmaz via plein@gemeente.nl.
"""

NO_INFLUENCE = """Beste bewoner,

De gemeente heeft een nieuw ontwerp gemaakt voor het Mesdagplein. Het ontwerp staat op www.gemeente.nl/mesdagplein.
Vragen? Mail Ahmed Yilmaz via plein@gemeente.nl.
"""

MISTAKE_UNEXPLAINED = """Beste bewoner,

In onze vorige brief stond per abuis een verkeerde datum. Onze excuses daarvoor.
Vragen? Bel Sanne Bakker op 06-12345678.
"""

MISTAKE_OWNED = """Beste bewoner,

In onze vorige brief stond per abuis een verkeerde datum: wij leggen de stoep vanaf 3 juni 2024, niet vanaf 3 mei.
Voor u betekent dit dat u uw auto tot 3 juni gewoon voor de deur kunt zetten. Om dit te voorkomen laten wij brieven voortaan door een tweede collega lezen.
Vragen? Bel Sanne Bakker op 06-12345678.
"""

EMPTY_APOLOGY = """Beste bewoner,

Van 3 tot en met 28 juni 2024 leggen wij een nieuwe stoep, omdat de tegels los liggen. Onze excuses voor het eventuele ongemak.
Vragen? Bel Sanne Bakker op 06-12345678.
"""

WITH_SUMMARY = """Beste bewoner,

In het kort
- Van 3 juni tot en met 28 juni 2024 leggen wij een nieuwe stoep.
- U kunt dan niet voor de deur parkeren.

""" + "\n\n".join(
    f"In week {23 + n % 4} werken wij aan huisnummer {2 * n} tot en met {2 * n + 8}. Wij leggen daar eerst het zand "
    "recht en dan de nieuwe tegels. U kunt altijd te voet bij uw huis komen." for n in range(12)) + """

Heeft u vragen? Bel Sanne Bakker op 06-12345678.
"""

LONG = "Beste bewoner,\n\n" + "\n\n".join(
    "Wij leggen een nieuwe stoep in de Lindelaan, omdat de tegels los liggen. U kunt altijd te voet bij uw huis "
    "komen. Zet uw auto in de Berkenlaan." for _ in range(40)) + "\n\nVragen? Bel Sanne Bakker op 06-12345678.\n"


def passport(text: str, profile: str = "auto") -> Passport:
    report = helderetaal.check(text, config=Config(profile=profile))
    assert report.passport is not None
    return report.passport


def status(text: str, key: str, profile: str = "auto") -> str:
    return passport(text, profile)[key].status


def test_one_entry_per_demand_in_order():
    result = passport(GOOD_WORKS, "werkzaamheden")
    assert [entry.key for entry in result.entries] == list(DEMANDS)
    assert all(entry.reason for entry in result.entries)
    assert sum(result.count(s) for s in ("ok", "aandacht", "nvt")) == len(DEMANDS)


def test_good_works_letter_passes_what_applies():
    result = passport(GOOD_WORKS, "werkzaamheden")
    expected = {"op_tijd": "ok", "kern_voorop": "ok", "samenvatting": "ok", "wie": "ok", "waarom": "ok",
                "wat_doen": "ok", "bijeenkomst": "nvt", "participatie": "nvt", "fouten_erkennen": "nvt",
                "lengte": "ok"}
    assert {key: result[key].status for key in expected} == expected
    assert "28 dagen" in result["op_tijd"].reason
    assert result["wie"].evidence[0].text == "Sanne Bakker"


def test_bad_works_letter_needs_attention():
    result = passport(BAD_WORKS, "werkzaamheden")
    for key in ("op_tijd", "kern_voorop", "samenvatting", "wie", "waarom", "heldere_taal"):
        assert result[key].status == "aandacht", (key, result[key])
    assert "te-laat" in result["op_tijd"].rules
    assert "passport-onderwerp" in result["kern_voorop"].rules or "kernboodschap-niet-voorop" in \
        result["kern_voorop"].rules
    assert "Voorstel" in result["samenvatting"].reason


def test_evidence_points_into_the_text():
    report = helderetaal.check(GOOD_WORKS, config=Config(profile="werkzaamheden"))
    assert report.passport is not None
    for entry in report.passport.entries:
        for evidence in entry.evidence:
            assert GOOD_WORKS[evidence.start:evidence.end] == evidence.text


def test_meeting_nearby():
    assert status(GOOD_INVITATION, "bijeenkomst", "uitnodiging") == "ok"
    assert "De Bron" in passport(GOOD_INVITATION, "uitnodiging")["bijeenkomst"].reason
    assert status(BAD_INVITATION, "bijeenkomst", "uitnodiging") == "aandacht"
    assert status(GOOD_WORKS, "bijeenkomst", "werkzaamheden") == "nvt"


def test_in_time_for_an_invitation_counts_to_the_meeting():
    entry = passport(GOOD_INVITATION, "uitnodiging")["op_tijd"]
    assert entry.status == "ok" and "17 dagen voor de bijeenkomst" in entry.reason


def test_in_time_without_letter_date_asks_for_one():
    text = GOOD_WORKS.replace("Datum: 6 mei 2024\n", "")
    entry = passport(text, "werkzaamheden")["op_tijd"]
    assert entry.status == "aandacht" and "geen datum" in entry.reason


def test_what_to_do():
    assert status(GOOD_WORKS, "wat_doen", "werkzaamheden") == "ok"
    decision = ("Geachte heer, mevrouw,\n\nHet college heeft op 14 mei 2024 besloten de kap van de boom voor uw "
                "woning toe te staan, omdat de boom ziek is.\nHeeft u vragen? Mail Ahmed Yilmaz via boom@gemeente.nl.\n")
    entry = passport(decision, "besluit")["wat_doen"]
    assert entry.status == "aandacht" and "element-actie" in entry.rules


def test_why_not_required_is_not_applicable():
    # what a meeting is about is its reason (issue 10): only an invitation without a topic lacks one
    no_topic = GOOD_INVITATION.replace(" over het nieuwe Mesdagplein", "")
    assert status(no_topic, "waarom", "uitnodiging") == "nvt"
    assert status(GOOD_INVITATION, "waarom", "uitnodiging") == "ok"
    assert status(GOOD_WORKS, "waarom", "werkzaamheden") == "ok"


def test_participation_feedback():
    assert status(ONLY_THANKS, "participatie", "participatie") == "aandacht"
    assert "passport-terugkoppeling" in passport(ONLY_THANKS, "participatie")["participatie"].rules
    assert status(FEEDBACK, "participatie", "participatie") == "ok"
    assert status(NO_INFLUENCE, "participatie", "participatie") == "aandacht"
    assert status(GOOD_WORKS, "participatie", "werkzaamheden") == "nvt"


def test_owning_a_mistake():
    assert status(MISTAKE_UNEXPLAINED, "fouten_erkennen", "werkzaamheden") == "aandacht"
    entry = passport(MISTAKE_OWNED, "werkzaamheden")["fouten_erkennen"]
    assert entry.status == "ok" and "per abuis" in entry.reason
    assert status(EMPTY_APOLOGY, "fouten_erkennen", "werkzaamheden") == "aandacht"
    assert status(GOOD_WORKS, "fouten_erkennen", "werkzaamheden") == "nvt"


def test_summary_block_counts():
    entry = passport(WITH_SUMMARY, "werkzaamheden")["samenvatting"]
    assert entry.status == "ok" and "In het kort" in entry.reason
    assert entry.evidence[0].text.startswith("In het kort")
    without = WITH_SUMMARY.replace("In het kort\n", "")
    assert status(without, "samenvatting", "werkzaamheden") == "aandacht"


def test_length():
    assert status(GOOD_WORKS, "lengte", "werkzaamheden") == "ok"
    entry = passport(LONG, "werkzaamheden")["lengte"]
    assert entry.status == "aandacht" and "twee A4" in entry.reason


def _document(text: str, profile: str) -> tuple[Document, tuple]:
    document = Document(parse_text(text, None))
    report = check_document(document, Config(profile=profile), Config().ruleset())
    return document, report.findings


def test_thresholds_come_from_settings():
    document, findings = _document(GOOD_WORKS, "werkzaamheden")
    strict = build_passport(document, findings, settings=PassportSettings(max_words=20))
    assert strict["lengte"].status == "aandacht"
    settings = PassportSettings.from_mapping({"max_word_findings_per_100": 0, "max_words": 2000})
    assert settings.max_words == 2000
    document, findings = _document(BAD_WORKS, "werkzaamheden")
    assert build_passport(document, findings, settings=settings)["heldere_taal"].status == "aandacht"
    lenient = PassportSettings.from_mapping({"max_word_findings_per_100": 100, "rules": {"heldere_taal": []}})
    assert build_passport(document, findings, settings=lenient)["heldere_taal"].status == "ok"


@pytest.mark.parametrize(("data", "message"), [
    ({"max_wordz": 3}, "onbekende instelling 'max_wordz'"),
    ({"max_words": "veel"}, "'max_words' moet een getal"),
    ({"rules": {"lengte2": ["x"]}}, "'rules' geeft per eis"),
    ({"summary_headings": "in het kort"}, "moet een lijst met teksten zijn"),
])
def test_bad_settings_name_the_file(data, message):
    with pytest.raises(ConfigError) as error:
        PassportSettings.from_mapping(data, "/tmp/x.yaml")
    assert message in str(error.value) and "x.yaml" in str(error.value)


def test_json_field_is_additive():
    report = helderetaal.check(GOOD_WORKS, config=Config(profile="werkzaamheden"))
    data = json.loads(json.dumps(report.to_dict()))
    entries = data["passport"]["entries"]
    assert [entry["key"] for entry in entries] == list(DEMANDS)
    assert set(entries[0]) == {"key", "label", "status", "reason", "evidence", "rules"}
    assert data["passport"]["counts"]["ok"] >= 7
    assert {"path", "findings", "metrics", "elements", "facts", "summary"} <= set(data)


def _cli(*args: str, tmp_path) -> str:
    import subprocess
    import sys
    from pathlib import Path

    letter = tmp_path / "brief.txt"
    letter.write_text(GOOD_WORKS, encoding="utf-8")
    exe = Path(sys.executable).parent / "helderetaal"
    done = subprocess.run([str(exe), "check", "--no-color", "--exit-zero", "--profile", "werkzaamheden", *args,
                           str(letter)], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_cli_shows_the_passport_block_only_when_asked(tmp_path):
    plain = _cli(tmp_path=tmp_path)
    assert "paspoort" not in plain
    shown = _cli("--passport", tmp_path=tmp_path)
    block = [line for line in shown.splitlines() if line.startswith("  ")]
    assert "brief.txt: paspoort (" in shown
    assert [line.split("  ")[1].strip() for line in block] == list(DEMANDS.values())
    assert "Op tijd" in shown and "28 dagen voor de start" in shown
    data = json.loads(_cli("--format", "json", tmp_path=tmp_path))
    assert data["version"] == 1 and data["files"][0]["passport"]["entries"][0]["key"] == "op_tijd"


def test_bad_settings_in_a_config_file_name_the_line(tmp_path):
    from helderetaal.config import load_config

    path = tmp_path / ".helderetaal.yaml"
    path.write_text("profile: auto\npassport:\n  max_words: 400\n  profiel: x\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        PassportSettings.from_mapping(load_config(path).passport, str(path))
    assert error.value.line == 4 and "onbekende instelling 'profiel'" in str(error.value)


def test_a_silenced_participation_finding_still_gives_an_honest_passport_entry():
    """The writer silenced passport-invloed on its line: the passport still says what is missing
    (it used to fail with an IndexError, which cost the writer the whole check)."""
    text = ("Beste bewoner,\n\n<!-- helderetaal-disable-next-line -->\n"
            "De gemeente heeft een nieuw ontwerp gemaakt voor het Mesdagplein. Het ontwerp staat op "
            "www.gemeente.nl/mesdagplein.\nVragen? Mail naar plein@gemeente.nl.\n")
    report = helderetaal.check(text, format="md", config=Config(profile="participatie"))
    assert not [f for f in report.findings if f.rule == "passport-invloed"]
    [entry] = [e for e in report.passport.to_dict()["entries"] if e["key"] == "participatie"]
    assert entry["status"] == "aandacht" and "zegt niet" in entry["reason"]

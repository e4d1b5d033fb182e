"""The passport as a reviewer reads it: every demand with a letter that meets it and one that
does not, and the cases a review of real letters showed the passport judged wrongly.

All letters are our own short texts. Each goes through the whole chain (helderetaal.check ->
Report.passport), so an entry rests on the real findings and facts.
"""

from __future__ import annotations

import pytest

import helderetaal
from helderetaal.config import Config
from helderetaal.passport import DEMANDS, Entry, PassportSettings
from helderetaal.yamlfile import ConfigError

PLAIN = """Datum: 6 mei 2024
Onderwerp: Nieuwe stoep in de Lindelaan vanaf 3 juni

Beste bewoner,

Van maandag 3 juni tot en met vrijdag 28 juni 2024 leggen wij een nieuwe stoep in de Lindelaan. Dat is nodig omdat de tegels los liggen.

Zet uw auto in die weken in de Berkenlaan. U kunt altijd te voet bij uw huis komen.

Heeft u vragen? Bel Sanne Bakker, omgevingsmanager, op 06-12345678.

Met vriendelijke groet,

Sanne Bakker
"""

# Stiff on purpose: officialese, vague words and a general number only.
STIFF = """Datum: 27 mei 2024
Onderwerp: Bewonersbrief Lindelaan

Geachte bewoner(s),

Middels deze brief willen wij u informeren omtrent de werkzaamheden die binnenkort zullen worden uitgevoerd. De gemeente is reeds geruime tijd bezig met de voorbereidingen.

Op maandag 3 juni 2024 vangen de werkzaamheden aan. Gedurende de uitvoering is de rijbaan afgesloten.

Voor vragen kunt u contact opnemen met het algemene nummer 14 070.

Met vriendelijke groet,

De gemeente
"""

INVITATION = """Datum: 2 september 2024

Beste bewoner,

Wij nodigen u uit voor de bewonersavond over de nieuwe speeltuin op donderdag 19 september 2024 van 19.30 tot 21.00 uur in wijkcentrum De Bron, Kerkstraat 4.
Meld u aan voor 16 september via speeltuin@gemeente.nl.

Heeft u vragen? Mail Ahmed Yilmaz via speeltuin@gemeente.nl.
"""

INVITATION_NO_PLACE = INVITATION.replace(" in wijkcentrum De Bron, Kerkstraat 4", "")

# Only hinder to put up with: nothing is asked of the reader.
ONLY_HINDER = """Datum: 6 mei 2024

Beste bewoner,

Van maandag 3 juni tot en met vrijdag 14 juni 2024 snoeien wij de bomen in het Eikenpark, omdat er dode takken in zitten.
U hoort dan overdag het geluid van de zaagmachines. De paden in het park blijven open.

Heeft u vragen? Bel Sanne Bakker op 06-12345678.
"""

SAYS_NOTHING_TO_DO = ONLY_HINDER.replace("De paden in het park blijven open.",
                                          "De paden in het park blijven open. U hoeft niets te doen.")

DECISION_NO_ACTION = """Geachte heer, mevrouw,

Het college heeft op 14 mei 2024 besloten de kap van de boom voor uw woning toe te staan, omdat de boom ziek is.
Heeft u vragen? Mail Ahmed Yilmaz via boom@gemeente.nl.
"""

# A participation round that is announced with a reply-by date.
SURVEY = """Datum: 1 maart 2025

Beste bewoner,

Wij maken een plan voor het Wilgenplein, omdat de speeltoestellen oud zijn. Wat vindt u belangrijk: meer groen of meer plek om te spelen?
Vul de vragenlijst in op www.gemeente.nl/wilgenplein, uiterlijk op 31 maart 2025. De plek van de bomen staat al vast.

Heeft u vragen? Mail Ahmed Yilmaz via wilgenplein@gemeente.nl.
"""

SURVEY_IN_A_HURRY = SURVEY.replace("uiterlijk op 31 maart 2025", "uiterlijk op 5 maart 2025")

CANCELLED_EXPLAINED = """Beste bewoner,

Wij hebben besloten de bewonersavond van donderdag 12 maart 2025 niet door te laten gaan, omdat de zaal onder water is gelopen.
Wij sturen u een nieuwe uitnodiging zodra er een nieuwe datum is. U hoeft niets te doen.

Heeft u vragen? Mail Ahmed Yilmaz via wijk@gemeente.nl.
"""

CANCELLED_BARE = """Beste bewoner,

De bewonersavond over de speeltuin is afgelast.

Heeft u vragen? Mail Ahmed Yilmaz via wijk@gemeente.nl.
"""

PLAN_NO_SAY = """Beste bewoner,

De gemeente heeft een nieuw ontwerp gemaakt voor het Wilgenplein, omdat de speeltoestellen oud zijn. Het ontwerp staat op www.gemeente.nl/wilgenplein.

Heeft u vragen? Mail Ahmed Yilmaz via wilgenplein@gemeente.nl.
"""

INVITATION_ABOUT_A_PLAN = """Datum: 2 september 2024

Beste bewoner,

Wij hebben een plan gemaakt voor de nieuwe speeltuin aan de Kastanjelaan. Op de bewonersavond van donderdag 19 september 2024 laten wij het zien, van 19.30 tot 21.00 uur in wijkcentrum De Bron, Kerkstraat 4.
Over de speeltoestellen kunt u nog meedenken: wij horen graag uw ideeën. De plek van de speeltuin staat al vast.

Heeft u vragen? Mail Ahmed Yilmaz via speeltuin@gemeente.nl.
"""

AFTER_A_SOUNDING_BOARD = """Beste bewoner,

Dit voorjaar kwam de klankbordgroep vier keer bij elkaar. Op donderdag 19 september 2024 krijgt u in wijkcentrum De Bron, Kerkstraat 4, van 19.30 tot 21.00 uur een terugkoppeling van de resultaten.

Heeft u vragen? Mail Ahmed Yilmaz via speeltuin@gemeente.nl.
"""

FEEDBACK_GIVEN = """Beste bewoner,

Bedankt voor uw reactie op het ontwerp voor het Wilgenplein. Er kwamen 54 reacties binnen. De meeste bewoners vroegen om meer bankjes.
Daarom hebben wij het ontwerp aangepast: er komen vier bankjes bij. Een voetbalveld kan niet, omdat het plein daarvoor te klein is.
Het ontwerp ligt nu vast.

Heeft u vragen? Mail Ahmed Yilmaz via wilgenplein@gemeente.nl.
"""

MISTAKE_OWNED = """Beste bewoner,

In onze vorige brief stond per abuis een verkeerde datum: wij snoeien de bomen vanaf 3 juni 2024, niet vanaf 3 mei.
Voor u betekent dit dat de paden in mei gewoon open zijn. Om dit te voorkomen laten wij brieven voortaan door een tweede collega lezen.

Heeft u vragen? Bel Sanne Bakker op 06-12345678.
"""

MISTAKE_BARE = """Beste bewoner,

In onze vorige brief stond per abuis een verkeerde datum. Onze excuses daarvoor.

Heeft u vragen? Bel Sanne Bakker op 06-12345678.
"""

LONG = "Beste bewoner,\n\n" + "\n\n".join(
    "Wij leggen een nieuwe stoep in de Lindelaan, omdat de tegels los liggen. U kunt altijd te voet bij uw huis "
    "komen. Zet uw auto in de Berkenlaan." for _ in range(40)) + "\n\nVragen? Bel Sanne Bakker op 06-12345678.\n"

SUMMARY_BLOCK = """Beste bewoner,

In het kort
- Van 3 juni tot en met 28 juni 2024 leggen wij een nieuwe stoep.
- U kunt dan niet voor de deur parkeren.

""" + "\n\n".join(
    f"In week {23 + n % 4} werken wij aan huisnummer {2 * n} tot en met {2 * n + 8}. Wij leggen daar eerst het zand "
    "recht en dan de nieuwe tegels. U kunt altijd te voet bij uw huis komen." for n in range(12)) + """

Heeft u vragen? Bel Sanne Bakker op 06-12345678.
"""


def entry(text: str, key: str, profile: str) -> Entry:
    report = helderetaal.check(text, config=Config(profile=profile))
    assert report.passport is not None
    return report.passport[key]


# (demand, letter, profile, expected status): for every demand a letter that meets it and one that does not.
CASES = [
    ("op_tijd", PLAIN, "werkzaamheden", "ok"),
    ("op_tijd", STIFF, "werkzaamheden", "aandacht"),
    ("kern_voorop", PLAIN, "werkzaamheden", "ok"),
    ("kern_voorop", STIFF, "werkzaamheden", "aandacht"),
    ("samenvatting", PLAIN, "werkzaamheden", "ok"),
    ("samenvatting", SUMMARY_BLOCK, "werkzaamheden", "ok"),
    ("samenvatting", SUMMARY_BLOCK.replace("In het kort\n", ""), "werkzaamheden", "aandacht"),
    ("wie", PLAIN, "werkzaamheden", "ok"),
    ("wie", STIFF, "werkzaamheden", "aandacht"),
    ("waarom", PLAIN, "werkzaamheden", "ok"),
    ("waarom", STIFF, "werkzaamheden", "aandacht"),
    ("wat_doen", PLAIN, "werkzaamheden", "ok"),
    ("wat_doen", DECISION_NO_ACTION, "besluit", "aandacht"),
    ("bijeenkomst", INVITATION, "uitnodiging", "ok"),
    ("bijeenkomst", INVITATION_NO_PLACE, "uitnodiging", "aandacht"),
    ("bijeenkomst", PLAIN, "werkzaamheden", "nvt"),
    ("heldere_taal", PLAIN, "werkzaamheden", "ok"),
    ("heldere_taal", STIFF, "werkzaamheden", "aandacht"),
    ("participatie", SURVEY, "participatie", "ok"),
    ("participatie", PLAN_NO_SAY, "participatie", "aandacht"),
    ("participatie", PLAIN, "werkzaamheden", "nvt"),
    ("fouten_erkennen", MISTAKE_OWNED, "werkzaamheden", "ok"),
    ("fouten_erkennen", MISTAKE_BARE, "werkzaamheden", "aandacht"),
    ("fouten_erkennen", PLAIN, "werkzaamheden", "nvt"),
    ("lengte", PLAIN, "werkzaamheden", "ok"),
    ("lengte", LONG, "werkzaamheden", "aandacht"),
]


@pytest.mark.parametrize(("key", "text", "profile", "expected"), CASES)
def test_each_demand_both_ways(key, text, profile, expected):
    got = entry(text, key, profile)
    assert got.status == expected, got
    assert got.reason


def test_every_demand_has_a_letter_that_meets_it_and_one_that_does_not():
    for key in DEMANDS:
        statuses = {status for demand, _, _, status in CASES if demand == key}
        assert {"ok", "aandacht"} <= statuses, key


# -- op tijd -------------------------------------------------------------------------------------

def test_in_time_without_a_letter_date_says_the_date_is_missing_not_the_start():
    got = entry(PLAIN.replace("Datum: 6 mei 2024\n", ""), "op_tijd", "werkzaamheden")
    assert got.status == "aandacht" and got.reason.startswith("De brief heeft geen datum")
    assert "begint" not in got.reason


def test_in_time_counts_to_the_reply_by_date_when_there_is_no_start():
    got = entry(SURVEY, "op_tijd", "participatie")
    assert got.status == "ok" and "30 dagen" in got.reason and "reageren" in got.reason
    hurried = entry(SURVEY_IN_A_HURRY, "op_tijd", "participatie")
    assert hurried.status == "aandacht" and "4 dagen" in hurried.reason


def test_reply_days_come_from_settings():
    from helderetaal.document import Document
    from helderetaal.engine import check_document
    from helderetaal.passport import build_passport
    from helderetaal.readers import parse_text

    document = Document(parse_text(SURVEY_IN_A_HURRY, None))
    report = check_document(document, Config(profile="participatie"), Config().ruleset())
    lenient = PassportSettings.from_mapping({"min_reaction_days": 3})
    assert build_passport(document, report.findings, settings=lenient)["op_tijd"].status == "ok"


# -- wat moet ik doen ----------------------------------------------------------------------------

def test_only_hinder_means_nothing_to_do_and_the_passport_says_so():
    got = entry(ONLY_HINDER, "wat_doen", "werkzaamheden")
    assert got.status == "ok"
    assert got.reason.startswith("De brief vraagt niets van de lezer")
    assert got.evidence and "geluid" in got.evidence[0].text


def test_a_letter_that_says_nothing_is_needed():
    got = entry(SAYS_NOTHING_TO_DO, "wat_doen", "werkzaamheden")
    assert got.status == "ok" and got.reason == "De brief zegt dat de lezer niets hoeft te doen."
    assert got.evidence[0].text == "U hoeft niets te doen."


# -- heldere taal --------------------------------------------------------------------------------

def test_tips_do_not_make_a_letter_unclear_unless_configured():
    got = entry(PLAIN, "heldere_taal", "werkzaamheden")
    assert got.status == "ok"
    from helderetaal.document import Document
    from helderetaal.engine import check_document
    from helderetaal.passport import build_passport
    from helderetaal.readers import parse_text

    document = Document(parse_text(STIFF, None))
    report = check_document(document, Config(profile="werkzaamheden"), Config().ruleset())
    tips = [f for f in report.findings if f.severity == "hint" and f.category in ("jargon", "vague", "style")]
    counted = build_passport(document, report.findings, settings=PassportSettings(count_tips=True))["heldere_taal"]
    default = build_passport(document, report.findings, settings=PassportSettings())["heldere_taal"]
    if tips:
        assert "niet meegeteld" in default.reason and "niet meegeteld" not in counted.reason
    with pytest.raises(ConfigError):
        PassportSettings.from_mapping({"count_tips": "ja"})


def test_the_rate_is_compared_as_shown():
    got = entry(STIFF, "heldere_taal", "werkzaamheden")
    shown = got.reason.split("(")[1].split(" per 100")[0].replace(",", ".")
    assert float(shown) > 3 or "leesbaarheid" in got.rules


# -- participatie --------------------------------------------------------------------------------

def test_a_cancellation_has_nothing_to_influence():
    got = entry(CANCELLED_EXPLAINED, "participatie", "besluit")
    assert got.status == "nvt" and "passport-invloed" not in got.rules


def test_a_plan_without_a_say_asks_what_residents_can_still_influence():
    got = entry(PLAN_NO_SAY, "participatie", "participatie")
    assert got.status == "aandacht" and got.rules == ("passport-invloed",)
    assert got.evidence[0].text == "ontwerp"


def test_an_invitation_about_a_plan_says_what_can_still_change():
    assert entry(INVITATION_ABOUT_A_PLAN, "participatie", "uitnodiging").status == "ok"
    assert entry(INVITATION, "participatie", "uitnodiging").status == "nvt"


def test_an_invitation_that_asks_for_ideas_is_participation():
    text = INVITATION.replace("Meld u aan voor 16 september", "Wij horen graag uw ideeën. Meld u aan voor 16 september")
    assert entry(text, "participatie", "uitnodiging").status == "ok"


def test_after_a_sounding_board_the_results_are_owed():
    got = entry(AFTER_A_SOUNDING_BOARD, "participatie", "uitnodiging")
    assert got.status == "aandacht" and "passport-terugkoppeling" in got.rules


def test_feedback_that_is_complete_names_what_it_says():
    got = entry(FEEDBACK_GIVEN, "participatie", "participatie")
    assert got.status == "ok" and "wat daarmee is gedaan" in got.reason
    # the reaction thanked for is no say the reader still has: without "ligt nu vast" the letter
    # does not say whether anything can still change
    unsettled = entry(FEEDBACK_GIVEN.replace("Het ontwerp ligt nu vast.\n", ""), "participatie", "participatie")
    assert unsettled.status == "aandacht" and unsettled.rules == ("passport-invloed",)


# -- fouten erkennen -----------------------------------------------------------------------------

def test_a_cancellation_is_a_change_that_must_be_explained():
    got = entry(CANCELLED_EXPLAINED, "fouten_erkennen", "uitnodiging")
    assert got.status == "ok" and "niet door te laten gaan" in got.reason
    bare = entry(CANCELLED_BARE, "fouten_erkennen", "uitnodiging")
    assert bare.status == "aandacht" and "passport-vertraging-uitleggen" in bare.rules


# -- the README shows real output ----------------------------------------------------------------

def test_readme_passport_blocks_are_the_current_output():
    import re
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    blocks = list(re.finditer(r"^    (examples/\S+): paspoort \(.*?\n(?:^      .*\n)+", readme, re.M))
    assert len(blocks) >= 2
    exe = Path(sys.executable).parent / "helderetaal"
    for shown in blocks:
        path = shown.group(1)
        done = subprocess.run([str(exe), "check", "--passport", "--exit-zero", "--no-color", path], cwd=root,
                              capture_output=True, text=True, encoding="utf-8", timeout=120)
        wanted = [line[4:] for line in shown.group(0).splitlines()]
        got = done.stdout.splitlines()
        assert wanted[0] in got, (path, done.stdout)
        first = got.index(wanted[0])
        assert got[first:first + len(wanted)] == wanted, path


def test_a_paragraph_that_opens_with_the_label_in_het_kort_is_the_summary_block():
    text = ("Datum: 10 februari 2027\n\nBeste bewoner,\n\n**In het kort:** op donderdag 4 maart 2027 kunt u in buurthuis "
            "De Kern de schetsen voor het nieuwe plein bekijken.\n\nDe speeltoestellen zijn oud. Daarom maken wij een "
            "nieuw plein. Vragen? Bel Daan de Boer op 06-44433322.\n\nMet vriendelijke groet,\n\nDaan de Boer\n")
    report = helderetaal.check(text, config=Config(profile="participatie"), format="md")
    assert report.passport is not None
    assert report.passport["samenvatting"].status == "ok"
    assert report.passport["kern_voorop"].status == "ok"  # "kunt u ... bekijken" says what happens

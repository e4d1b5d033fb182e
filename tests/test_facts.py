"""Facts extraction on small texts: dates, times, vague moments, contacts, reasons, actions."""

from __future__ import annotations

import pytest

import helderetaal
from helderetaal.config import Config

HEAD = "Datum: 6 mei 2024\n\nGeachte bewoner,\n\n"


def facts(body: str, head: str = HEAD):
    return helderetaal.check(head + body, config=Config()).facts


def dates(body: str, head: str = HEAD):
    return [(d["text"], d["kind"], d["date"], d["end_date"]) for d in facts(body, head)["dates"] if d["role"] != "letter_date"]


@pytest.mark.parametrize(("body", "expected"), [
    ("Wij beginnen op 3 juni 2024.", ("3 juni 2024", "date", "2024-06-03", None)),
    ("Wij beginnen op maandag 3 juni.", ("maandag 3 juni", "date", "2024-06-03", None)),
    ("Wij beginnen op 03-06-2024.", ("03-06-2024", "date", "2024-06-03", None)),
    ("Wij beginnen op 3/6/2024.", ("3/6/2024", "date", "2024-06-03", None)),
    ("Wij werken in week 23.", ("week 23", "week", "2024-06-03", "2024-06-09")),
    ("Wij werken in de week van 3 juni.", ("in de week van 3 juni", "week_of", "2024-06-03", "2024-06-09")),
    ("Wij werken van 3 tot en met 28 juni.", ("van 3 tot en met 28 juni", "period", "2024-06-03", "2024-06-28")),
    ("Wij werken 3 t/m 28 juni.", ("3 t/m 28 juni", "period", "2024-06-03", "2024-06-28")),
    ("Wij werken van 27 mei tot en met 7 juni.", ("van 27 mei tot en met 7 juni", "period", "2024-05-27", "2024-06-07")),
    ("Wij werken op 12 sept.", ("12 sept.", "date", "2024-09-12", None)),
])
def test_date_forms(body, expected):
    assert expected in dates(body)


def test_a_date_without_year_takes_the_first_later_occurrence():
    # 6 May 2024 letter: 1 March is next year's, 3 June this year's.
    found = dict((t, d) for t, _, d, _ in dates("Wij beginnen op 3 juni en zijn klaar op 1 maart."))
    assert found == {"3 juni": "2024-06-03", "1 maart": "2025-03-01"}


def test_a_date_in_a_past_sentence_takes_the_earlier_occurrence():
    found = facts("Op 12 april hebben wij u een brief gestuurd.")
    assert [(d["date"], d["role"]) for d in found["dates"] if d["role"] != "letter_date"] == [("2024-04-12", "past")]


def test_letter_date_from_place_line():
    found = facts("Wij beginnen op 3 juni.", head="Den Haag, 6 mei 2024\n\nGeachte bewoner,\n\n")
    assert found["letter_date"] == "2024-05-06"
    assert found["start_date"] == "2024-06-03"


def test_no_letter_date_leaves_year_from_the_letter_or_unresolved():
    assert facts("Op 3 juni 2024 en 5 juni beginnen wij.", head="")["dates"][1]["date"] == "2024-06-05"
    assert facts("Op 5 juni beginnen wij.", head="")["dates"][0]["date"] is None


@pytest.mark.parametrize(("body", "start", "end"), [
    ("De avond is van 19.30 - 21.00 uur.", "19:30", "21:00"),
    ("Wij werken van 9.00 tot 17.00 uur.", "09:00", "17:00"),
    ("Wij beginnen om 7.30 uur.", "07:30", None),
    ("Wij beginnen om 08:15.", "08:15", None),
])
def test_times(body, start, end):
    assert [(t["from"], t["to"]) for t in facts(body)["times"]] == [(start, end)]


def test_numbers_that_are_no_times():
    assert facts("Het kost 2.50 euro per 100 meter. Er komen 12 bomen.")["times"] == []


@pytest.mark.parametrize("phrase", ["binnenkort", "in het najaar", "na de zomer", "medio 2025",
                                    "begin volgend jaar", "in de loop van 2025", "op korte termijn",
                                    "in het derde kwartaal"])
def test_vague_moments_are_vague_timing_not_dates(phrase):
    found = facts(f"Wij beginnen {phrase} met het werk.")
    assert [v["text"] for v in found["vague_timing"]] == [phrase]
    assert found["start_date"] is None
    assert not helderetaal.check(HEAD + f"Wij beginnen {phrase} met het werk.").elements["timing"]["present"]


def test_the_summer_as_a_noun_is_not_vague_timing():
    assert facts("De zomer was erg droog, daarom geven wij de bomen water.")["vague_timing"] == []


@pytest.mark.parametrize(("written", "number", "general"), [
    ("070-3537233", "0703537233", False),
    ("(070) 353 72 33", "0703537233", False),
    ("070 - 353 35 35", "0703533535", False),
    ("06-12345678", "0612345678", False),
    ("06 1234 5678", "0612345678", False),
    ("+31 70 353 35 35", "+31 703533535", False),
    ("+31 (0)70 353 35 35", "+31 703533535", False),
    ("14 070", "14 070", True),
    ("14070", "14 070", True),
    ("0800-1234", "0800-1234", True),
    ("0800 123 4567", "0800-1234567", True),
])
def test_phone_forms(written, number, general):
    found = facts(f"Vragen? Bel {written}.")["contacts"]["phones"]
    assert [(p["text"], p["number"], p["general"]) for p in found] == [(written, number, general)]


@pytest.mark.parametrize("text", ["Op 03-06-2024 beginnen wij.", "Postcode 2511 AB, huisnummer 12.",
                                  "Ons kenmerk: 0123456789", "Het kost 1.250.000 euro."])
def test_no_phone_numbers_in_dates_codes_and_amounts(text):
    assert facts(text)["contacts"]["phones"] == []


@pytest.mark.parametrize(("sentence", "name"), [
    ("Vragen? Bel Piet de Vries op 06-12345678.", "Piet de Vries"),
    ("Neem contact op met Anne van den Bosch via 06-12345678.", "Anne van den Bosch"),
    ("Uw contactpersoon is mevrouw Van der Berg, telefoon 06-12345678.", "mevrouw Van der Berg"),
    ("Bel de heer J. ter Horst op 06-12345678.", "de heer J. ter Horst"),
    ("Mail Jeroen Kok: j.kok@gemeente.nl.", "Jeroen Kok"),
])
def test_person_names_with_particles(sentence, name):
    people = facts(sentence)["contacts"]["people"]
    assert [(p["name"], p["contact_person"]) for p in people] == [(name, True)]


def test_role_and_organisation_of_a_person():
    people = facts("Vragen? Bel Sanne Bakker, omgevingsmanager van de gemeente Leiden, op 06-12345678.")["contacts"]["people"]
    assert people[0]["role"] == "omgevingsmanager"
    assert people[0]["organisation"] == "gemeente Leiden"


def test_general_number_and_web_form_are_contact_but_no_person():
    report = helderetaal.check(HEAD + "Vragen? Bel 14 070 of gebruik het contactformulier op onze website.")
    assert report.elements["contact"]["present"]
    assert not report.elements["contact_person"]["present"]
    assert report.facts["contacts"]["web_forms"][0]["text"] == "contactformulier"


def test_a_signer_without_phone_or_mail_is_no_contact_person():
    report = helderetaal.check(HEAD + "Vragen? Bel 14 070.\n\nMet vriendelijke groet,\n\nKarin Smit\nprojectleider\n")
    people = report.facts["contacts"]["people"]
    assert [(p["name"], p["role"], p["contact_person"]) for p in people] == [("Karin Smit", "projectleider", False)]
    assert not report.elements["contact_person"]["present"]


def test_email_website_and_opening_hours():
    found = facts("Mail naar info@leiden.nl of kijk op www.leiden.nl/werk. Wij zijn bereikbaar op werkdagen van 8.30 tot 17.00 uur.")
    contacts = found["contacts"]
    assert [e["address"] for e in contacts["emails"]] == ["info@leiden.nl"]
    assert contacts["emails"][0]["general"] is True
    assert [w["url"] for w in contacts["websites"]] == ["www.leiden.nl/werk"]
    assert contacts["opening_hours"][0]["text"] == "op werkdagen van 8.30 tot 17.00 uur"


@pytest.mark.parametrize(("sentence", "present"), [
    ("Dit is nodig omdat de buizen lekken.", True),
    ("Wij doen dit, zodat u veilig kunt fietsen.", True),
    ("De reden is dat de weg verzakt.", True),
    ("Daarom vervangen wij de stoep.", True),
    ("Aanmelden is niet nodig.", False),
    ("Wij komen om 9.00 uur.", False),
    ("Wij schrijven u om u te informeren over het werk.", False),
])
def test_reasons(sentence, present):
    assert helderetaal.check(HEAD + sentence).elements["reason"]["present"] is present


@pytest.mark.parametrize(("sentence", "present"), [
    ("Wij vragen u uw auto ergens anders te parkeren.", True),
    ("U moet uw container op dinsdag buiten zetten.", True),
    ("U kunt zich aanmelden via de website.", True),
    ("Meld u aan vóór 1 juni.", True),
    ("U hoeft niets te doen.", True),
    ("Heeft u vragen? Bel dan 14 070.", False),
    ("Kijk voor meer informatie op www.leiden.nl.", False),
    ("Wij vragen uw begrip voor de overlast.", False),
])
def test_actions(sentence, present):
    assert helderetaal.check(HEAD + sentence).elements["action"]["present"] is present


def test_action_deadline():
    actions = facts("Meld u aan vóór 1 juni.")["actions"]
    assert actions[0]["deadline"] == "2024-06-01"


def test_an_attachment_is_not_more_information():
    report = helderetaal.check(HEAD + "In de bijlage vindt u meer informatie over het ontwerp.")
    assert not report.elements["more_info"]["present"]
    assert report.facts["attachments"][0]["text"].startswith("In de bijlage")
    report = helderetaal.check(HEAD + "Meer informatie vindt u op www.leiden.nl/ontwerp.")
    assert report.elements["more_info"]["present"]


def test_meeting_with_details_and_registration():
    found = facts("Wij nodigen u uit voor de bewonersavond op dinsdag 11 juni van 19.30 tot 21.00 uur in "
                  "buurthuis De Linde, Lindelaan 4. Meld u uiterlijk 7 juni aan via info@leiden.nl.")
    meeting = found["meetings"][0]
    assert meeting["what"] == "bewonersavond"
    assert meeting["date"] == "2024-06-11"
    assert (meeting["time_from"], meeting["time_to"]) == ("19:30", "21:00")
    assert meeting["place"] == "buurthuis De Linde, Lindelaan 4"
    assert meeting["registration"] is True
    assert meeting["registration_deadline"] == "2024-06-07"


def test_a_past_meeting_is_no_meeting():
    report = helderetaal.check(HEAD + "Tijdens de bewonersavond van 12 maart hebben wij veel reacties gekregen.")
    assert not report.elements["meeting"]["present"]


def test_crlf_and_markdown_offsets():
    text = HEAD.replace("\n", "\r\n") + "Van 3 tot en met 28 juni vervangen wij de stoep.\r\nBel Piet de Vries: 06-12345678.\r\n"
    report = helderetaal.check(text)
    for element in report.elements.values():
        for evidence in element["evidence"]:
            assert text[evidence["start"]:evidence["end"]] == evidence["text"]
    assert report.facts["end_date"] == "2024-06-28"
    md = "**Datum:** 6 mei 2024\n\nBeste bewoner,\n\nKijk op [de website](https://www.leiden.nl/plan) voor het plan.\n"
    found = helderetaal.check(md, path="brief.md").facts
    assert found["letter_date"] == "2024-05-06"
    assert [w["url"] for w in found["contacts"]["websites"]] == ["https://www.leiden.nl/plan"]


@pytest.mark.parametrize("chunk", ["Xx ", "aa-", "week 1 ", "3 juni ", "Op 3 juni bewonersavond. ", "om 7.30 uur ",
                                   "Bel Piet de Vries op 06-12345678. ", "1-2-3 "])
def test_long_repetitive_text_stays_fast(chunk):
    import time

    text = "Geachte bewoner,\n\n" + chunk * (6000 // len(chunk) + 1)
    from helderetaal.document import Document
    from helderetaal.facts import extract_facts
    from helderetaal.readers import parse_text

    document = Document(parse_text(text))
    started = time.monotonic()
    extract_facts(document)
    assert time.monotonic() - started < 3


def test_a_team_name_in_the_sign_off_is_not_a_person():
    text = ("Beste bewoner,\n\nWij vervangen de lamp op 20 januari 2026. Bel dan Femke Jacobs: 0412-555666.\n\n"
            "Met vriendelijke groet,\n\nFemke Jacobs\nTeam Openbare Verlichting\n")
    people = [p["name"] for p in helderetaal.check(text).facts["contacts"]["people"]]
    assert "Openbare Verlichting" not in people and "Femke Jacobs" in people

"""Element decisions on the failure modes seen in real letters (own sentences, issue 10).

Each mechanism has letters that must be recognised and letters that must not.
"""

from __future__ import annotations

import pytest

import helderetaal

HEAD = "Datum: 6 mei 2024\n\nGeachte bewoner,\n\n"
TAIL = "\n\nHeeft u vragen? Bel 14 070.\n\nMet vriendelijke groet,\n\nJan de Vries\n"


def _present(body: str, element: str) -> bool:
    return helderetaal.check(HEAD + body + TAIL).elements[element]["present"]


# -- timing: the time of the works, not of a meeting or a deadline; named months count -----
@pytest.mark.parametrize("body", [
    "Wij vervangen de riolering in de Eikenlaan. Het werk begint op maandag 3 juni 2024.",
    "Eind juni leggen wij nieuwe tegels op de stoep.",
    "In september en oktober vernieuwen wij de bestrating van uw straat.",
    "De aannemer werkt van medio juni tot eind augustus 2024 aan de nieuwe brug.",
    "De nieuwe lantaarnpalen komen in juli 2024.",
])
def test_timing_of_the_works_is_recognised(body):
    assert _present(body, "timing")


@pytest.mark.parametrize("body", [
    # a meeting date is the meeting's time, not the timing of the works
    "Wij vernieuwen het plein. Op dinsdag 4 juni 2024 houden wij een inloopavond in het buurthuis.",
    "Wij nodigen u uit voor een bewonersavond op donderdag 13 juni 2024 in de school.",
    # a deadline to react is not the timing of the works
    "Wij willen het plein vernieuwen. Laat ons uiterlijk 1 juni 2024 weten wat u ervan vindt.",
    # only in the past
    "Wij hebben op 2 april 2024 de bomen gecontroleerd. Een aantal bomen is ziek.",
    # a season is vague, not timing
    "In het najaar vernieuwen wij de bestrating.",
    # called off
    "Wij vernieuwen de bestrating. De bewonersavond op 4 juni 2024 gaat niet door.",
    # a period to take part in the plans, not the works
    "Het ontwerp voor de nieuwe bestrating ligt van 3 juni tot en met 28 juni 2024 ter inzage.",
    # a date something was received is past
    "Op 2 april 2024 ontving de gemeente een brief over de bestrating.",
    # the detail lines of a meeting
    "Wij vernieuwen de bestrating.\n\nWanneer: dinsdag 4 juni 2024\nWaar: buurthuis De Linde\nAanvang: 19.30 uur",
])
def test_meeting_dates_deadlines_past_dates_and_seasons_are_not_timing(body):
    assert not _present(body, "timing")


def test_a_named_month_in_a_past_sentence_is_not_timing():
    assert not _present("In maart hebben wij de bewoners gesproken over het plein.", "timing")


def test_named_months_are_facts_of_their_own():
    facts = helderetaal.check(HEAD + "Eind juni 2024 leggen wij nieuwe tegels." + TAIL).facts
    assert [(m["text"], m["month"], m["year"]) for m in facts["months"]] == [("Eind juni 2024", 6, 2024)]
    # an exact date is not also a named month
    facts = helderetaal.check(HEAD + "Op 3 juni 2024 leggen wij nieuwe tegels." + TAIL).facts
    assert facts["months"] == []


def test_in_a_participation_letter_the_deadline_to_react_answers_when():
    body = "Denk mee over het nieuwe plein! Geef uw mening uiterlijk 1 juni 2024 via de vragenlijst."
    report = helderetaal.check(HEAD + body + TAIL)
    # the element stays the time of the works; the rule (option deadline_counts) accepts the deadline
    assert report.profile == "participatie" and not report.elements["timing"]["present"]
    assert "element-tijd" not in {f.rule for f in report.findings}
    works = helderetaal.check(HEAD + body + TAIL, config=helderetaal.Config(profile="werkzaamheden"))
    assert "element-tijd" in {f.rule for f in works.findings}


def test_a_deadline_in_the_sentence_after_the_request_is_no_timing():
    body = ("Wij maken een nieuw plan voor het grasveld. U kunt uw wensen voor het grasveld opgeven op het formulier. "
            "Dat kan tot en met 30 juni 2024.")
    assert not _present(body, "timing")


# -- action: invitations, inverted and passive requests, far modals, imperatives ------------
@pytest.mark.parametrize("body", [
    "Wij leggen een nieuw plein aan. Wij nodigen u uit om op 4 juni 2024 de plannen te bekijken.",
    "Wij leggen een nieuw plein aan. Iedereen is van harte welkom bij de opening.",
    "Wij leggen een nieuw plein aan. Uw ideeën over de speeltoestellen horen wij graag.",
    "Wij vervangen de leidingen. Tijdens het werk verzoeken wij u om de auto elders te parkeren.",
    "Wij vervangen de leidingen. Bewoners worden verzocht hun kliko's aan de overkant van de straat te zetten.",
    "Wij vervangen de leidingen. U kunt uw auto in die week op het terrein achter de sporthal parkeren.",
    "Wij vervangen de leidingen. Volg de gele borden van de omleiding.",
    "Wij vervangen de leidingen. Voor deze werkzaamheden hoeft u niets te doen.",
    # a request with "willen ... vragen", an offered chance, a hope to see the reader
    "Wij vervangen de leidingen. Wij willen u vriendelijk vragen uw auto die dag ergens anders neer te zetten.",
    "Wij maken een plan voor het park. Wij geven u graag de gelegenheid uw wensen voor de speelplek door te geven.",
    "Wij maken een plan voor het park. Graag hopen wij jullie straks allemaal te ontmoeten in de bibliotheek.",
    "Wij maken een plan voor het park. We hopen op jullie komst!",
    "Wij maken een plan voor het park. We horen graag jullie wensen voor het grasveld.",
    "Wij maken een plan voor het park. Zien wij u dan ook bij de koffie?",
    # a modal of other readers than "u"
    "Wij maken een plan voor het park. Belangstellenden kunnen die middag tussen 14.00 en 16.00 uur binnenlopen.",
    # the answer to "what must I do?"
    "Wat betekent dit voor u?\n\nVoorlopig niets.",
    # a coming meeting with its day and hour can be attended, even without "kom"
    "Bewonersavond over het park\n\nOp dinsdag 4 juni 2024 is er een bewonersavond over het park in buurthuis "
    "De Linde. De avond begint om 20.00 uur.",
])
def test_actions_are_recognised(body):
    assert _present(body, "action")


@pytest.mark.parametrize("body", [
    "Wij vervangen de leidingen. Wilt u iets vragen? Bel dan de aannemer.",
    "Wij vervangen de leidingen. Wij vragen uw begrip voor de overlast.",
    "Wij vervangen de leidingen. U kunt de aannemer bellen als u vragen heeft.",
    "Wij vervangen de leidingen. Let op!",
    "Wij vervangen de leidingen. Laat u niet afschrikken door het lawaai.",
    "Wij vervangen de leidingen. Volg ons ook op Facebook.",
    "Wij vervangen de leidingen. U hoeft geen medelijden met de aannemer te hebben.",
    # hopes and chances that ask nothing of the reader
    "Wij vervangen de leidingen. Wij hopen op droog weer.",
    "Wij vervangen de leidingen. Bewoners kunnen last hebben van stof.",
    "Wij vervangen de leidingen. Zien wij het goed, dan is het werk in juni klaar.",
    # a meeting that was held, or one only announced for later
    "Wij vervangen de leidingen. Op dinsdag 2 april 2024 was er om 20.00 uur een bewonersavond in de school.",
    "Wij vervangen de leidingen. Later dit jaar houden wij een bewonersavond.",
])
def test_contact_prompts_goodwill_and_warnings_are_no_action(body):
    assert not _present(body, "action")


# -- reason: the reason for the work, not a side purpose, a consequence or what it takes ------
@pytest.mark.parametrize("body", [
    "Wij vervangen de waterleiding in de Beukenlaan, omdat de oude leiding vaak lekt.",
    "Wij vervangen de waterleiding in de Beukenlaan. De oude leiding is versleten.",
    "Wij kappen drie bomen aan de Esdoornstraat. De bomen zijn ziek.",
    "Wij verbreden het fietspad op verzoek van bewoners.",
    "Wij plaatsen drempels in de Lindelaan na klachten over te hard rijden.",
    # a cause named as such, an importance, "namelijk"
    "Wij leggen een warmtenet aan in de wijk. De aanleiding is de wens om van het aardgas af te gaan.",
    "Wij leggen een nieuw fietspad aan. Een veilige route is van groot belang voor de kinderen van de school.",
    "Wij stellen het werk uit. De drukte in de haven heeft ertoe geleid dat de schepen later komen.",
    "Wij bouwen de brug opnieuw. De oude brug kan het zware verkeer namelijk niet meer dragen.",
    # a stiff purpose clause is still a purpose ("teneinde" is flagged as stiff by ambtelijk)
    "Wij passen de kruising aan teneinde de verkeersveiligheid te verbeteren.",
    # a state of the old thing, without a connective: its age, a leak, subsidence
    "Wij vervangen de gasleiding in de Beukstraat. De leiding is al meer dan vijftig jaar oud.",
    "Wij vervangen de gasleiding in de Beukstraat. De oude leiding lekt op twee plekken.",
    "Wij herstraten het plein. De tegels verzakken steeds verder.",
    "Wij versterken de dijk. De dijk is te laag voor het hoge water van de toekomst.",
    "Wij vervangen de speeltoestellen. Ze voldoen niet meer aan de veiligheidseisen.",
    "Wij leggen een nieuwe oversteek aan. De oude oversteek is niet veilig voor kinderen.",
    # the answer to a "Waarom ...?" heading
    "Wij sluiten de Molenweg drie weken af.\n\nWaarom gaat de Molenweg dicht?\n\nDe aannemer legt een nieuwe riolering aan.",
    # what a meeting is about is the reason to come
    "Op woensdag 5 juni 2024 houden wij om 19.30 uur een inloopavond over de nieuwe speelplek in de school.",
    "Op woensdag 5 juni 2024 is er om 19.30 uur een bewonersavond in de school. Tijdens de bewonersavond "
    "worden de schetsen besproken.",
])
def test_reasons_for_the_work_are_recognised(body):
    assert _present(body, "reason")


@pytest.mark.parametrize("body", [
    # a purpose attached to a request to the reader
    "Wij werken aan de weg. Om schade aan uw auto te voorkomen, verzoeken wij u elders te parkeren.",
    # side purposes
    "Wij werken aan de weg. Wij werken in de nacht om de hinder voor het verkeer te beperken.",
    "Wij werken aan de weg. Er staan verkeersregelaars bij de kruising zodat het verkeer veilig door kan rijden.",
    # a consequence for the reader
    "Wij werken aan de weg. Hierdoor is de Kerkstraat twee weken afgesloten.",
    # what the work takes
    "Wij werken aan de weg. Hiervoor is het nodig dat wij de stoep openbreken.",
    # why the reader is asked something
    "Wij werken aan de weg. Omdat de aannemer volgende week de planning maakt, vraag ik u uw wensen voor vrijdag "
    "door te geven.",
    # how the hinder is kept small
    "Wij werken aan de weg. Doordat wij de buis onder de grond door boren, beperken wij de overlast.",
    # an explanation of the hinder in the sentence before
    "Wij werken aan de weg. U kunt wat meer verkeershinder merken. Dit vanwege de vele vrachtwagens.",
    # side purposes of the work's organisation
    "Wij werken aan de weg. Er staan twee verkeersregelaars om fietsers te begeleiden.",
    # why something earlier happened (a past stop), why the residents are informed
    "Wij werken weer aan de weg. In mei lag het werk stil. De reden hiervoor was een tekort aan stenen.",
    "Wij werken aan de weg. Op verzoek van de aannemer verzorgt de wijkraad de communicatie over het werk.",
    # a question that is not "why"
    "Wij werken aan de weg.\n\nHoe lang duurt het?\n\nHet werk duurt drie weken.",
])
def test_side_purposes_consequences_and_operational_detail_are_no_reason(body):
    assert not _present(body, "reason")


# -- the letter date ------------------------------------------------------------------------
@pytest.mark.parametrize("head, expected", [
    ("Datum: 6 mei 2024\n\n", "2024-05-06"),
    ("Plaats en datum: Zwolle, 6 mei 2024\n\n", "2024-05-06"),
    ("Zwolle: 6 mei 2024\n\n", "2024-05-06"),
    ("Zwolle, 6 mei 2024.\n\n", "2024-05-06"),
    ("6 mei 2024 Wijkteam Noord\n\n", "2024-05-06"),
    ("Nieuwe stoep Lindelaan\nBrief van de gemeente d.d. 6 mei 2024 aan de bewoners\n\n", "2024-05-06"),
    # without a year: the year of the next date that has one (the letter comes before it)
    ("Brief van 6 mei over de nieuwe stoep\n\n", "2024-05-06"),
    ("Datum: 20 december\n\n", "2023-12-20"),
])
def test_letter_date_forms(head, expected):
    body = ("Geachte bewoner,\n\nWij leggen een nieuwe stoep aan. Reageer vóór 10 januari 2024 als u vragen heeft."
            if "december" in head else
            "Geachte bewoner,\n\nWij leggen een nieuwe stoep aan. Het werk begint op maandag 3 juni 2024.")
    assert helderetaal.check(head + body + TAIL).facts["letter_date"] == expected


def test_a_date_in_a_sentence_near_the_top_is_not_the_letter_date():
    text = "Geachte bewoner,\n\nOp 6 mei 2024 hebben wij de stoep bekeken. Wij leggen een nieuwe stoep aan." + TAIL
    assert helderetaal.check(text).facts["letter_date"] is None


# -- contact person: the signatory where the letter says "mij", or their own e-mail ---------
def _signed(body: str, signoff: str) -> dict:
    text = HEAD + "Wij vervangen de riolering in de Eikenlaan. " + body + "\n\nMet vriendelijke groet,\n\n" + signoff + "\n"
    return helderetaal.check(text).elements["contact_person"]


@pytest.mark.parametrize("body", [
    "Heeft u vragen? Neem dan contact met mij op via 14 070.",
    "Heeft u vragen? U kunt mij bereiken via 14 070.",
    "Heeft u vragen? Bel mij gerust op 14 070.",
    "Stuurt u uw wensen vóór 1 juni 2024 naar mij.",
])
def test_the_signatory_is_the_contact_person_when_the_letter_says_mij(body):
    assert _signed(body, "Petra van Dijk\nprojectleider")["present"]


def test_the_signatorys_own_email_address_links_them():
    found = _signed("Heeft u vragen? Mail naar p.vandijk@voorbeeld.nl.", "Petra van Dijk\nprojectleider")
    assert found["present"] and any("vandijk@" in e["text"] for e in found["evidence"])


@pytest.mark.parametrize("body, signoff", [
    # a signatory who sends the reader to a general number is no contact person
    ("Heeft u vragen? Bel het algemene nummer 14 070.", "Petra van Dijk\nprojectleider"),
    # "mij" without a named signatory
    ("Heeft u vragen? Neem dan contact met mij op via 14 070.", "Team Riolering"),
    # an address of someone else
    ("Heeft u vragen? Mail naar info@voorbeeld.nl.", "Petra van Dijk\nprojectleider"),
    # an organisation is no person, even with "its" address or "mij"
    ("Heeft u vragen? Mail naar noordpark@voorbeeld.nl.", "Wijkteam Noordpark"),
    ("Heeft u vragen? Neem dan contact met mij op via 14 070.", "Projectbureau Noordpark"),
])
def test_no_contact_person_without_a_link(body, signoff):
    assert not _signed(body, signoff)["present"]


# -- more information: a place to read, not the letter itself or a contact prompt -----------
@pytest.mark.parametrize("body, present", [
    ("Wij vernieuwen het plein. Kijk voor de tekeningen op www.voorbeeld.nl/plein.", True),
    ("Wij vernieuwen het plein. Alle tekeningen staan in de nieuwsbrief van de wijk.", True),
    ("Wij vernieuwen het plein. In deze nieuwsbrief leest u wat er verandert.", False),
    ("Wij vernieuwen het plein. Wilt u meer informatie? Neem dan contact op met de aannemer.", False),
    ("Wij vernieuwen het plein. Voor meer informatie kunt u ons bellen.", False),
])
def test_more_info_is_a_place_to_read(body, present):
    assert _present(body, "more_info") is present


def test_a_meeting_that_does_not_take_place_is_no_meeting_and_no_more_info():
    body = "Wij vernieuwen het plein. Helaas kunnen wij geen bijeenkomst houden over de plannen."
    report = helderetaal.check(HEAD + body + TAIL)
    assert report.facts["meetings"] == [] and not report.elements["more_info"]["present"]
    called_off = "Wij vernieuwen het plein. De informatieavond van 4 juni 2024 gaat niet door."
    assert helderetaal.check(HEAD + called_off + TAIL).facts["meetings"] == []


# -- meeting: a meeting only named, without its day or hour, is announced, not yet given ------
def test_a_meeting_without_day_or_hour_is_only_announced():
    body = "Wij vernieuwen het plein. Later dit jaar organiseren wij een bewonersavond over het ontwerp."
    report = helderetaal.check(HEAD + body + TAIL)
    assert not report.elements["meeting"]["present"]
    assert [m["what"] for m in report.facts["meetings"]] == ["bewonersavond"]  # still a fact
    assert report.elements["more_info"]["present"]  # an announced information meeting is more information


def test_a_meeting_with_its_day_is_the_meeting_element():
    body = "Wij vernieuwen het plein. Op dinsdag 4 juni 2024 is er om 19.30 uur een bewonersavond in de school."
    assert _present(body, "meeting")


# -- more_info: an information meeting, also one still undated, or a walk-in hour ---------------
@pytest.mark.parametrize("body", [
    "Wij vernieuwen de kade. In het najaar volgt een informatieavond over het ontwerp.",
    "Wij vernieuwen de kade. Elke woensdag is er van 10.00 tot 11.00 uur een spreekuur in de bouwkeet.",
])
def test_information_meetings_and_walk_in_hours_are_more_information(body):
    assert _present(body, "more_info")


@pytest.mark.parametrize("body", [
    "Wij vernieuwen de kade. Vanwege de drukte kunnen wij geen bewonersavond houden.",
    "Wij vernieuwen de kade. Vorig jaar was er een informatieavond in de school.",
    "Wij vernieuwen de kade. De wijkschouw met de wijkagent is in het voorjaar.",
])
def test_no_meeting_a_past_meeting_or_an_inspection_walk_is_no_more_information(body):
    assert not _present(body, "more_info")


# -- contact_person: a name after or before a role word; "u kunt haar benaderen" ---------------
BARE_TAIL = "\n\nMet vriendelijke groet,\n\nTeam Openbare Ruimte\n"


def test_a_name_after_a_role_word_with_a_phone_in_the_next_sentence_is_the_contact_person():
    body = ("Wij vernieuwen de stoep. Wilt u de oprit gebruiken? Dan belt u met de uitvoerder Bram Oosterhuis. "
            "Hij is elke werkdag bereikbaar op 06 11 22 33 44.")
    report = helderetaal.check(HEAD + body + BARE_TAIL)
    assert report.elements["contact_person"]["present"]


def test_a_named_person_the_reader_is_sent_to_is_a_contact_without_a_channel():
    body = ("Wij vernieuwen de stoep. Wouter Kamphuis is opzichter van het werk. U kunt hem aanspreken als u "
            "iets ziet dat niet klopt.")
    report = helderetaal.check(HEAD + body + BARE_TAIL)
    assert report.elements["contact_person"]["present"] and report.elements["contact"]["present"]


def test_a_named_person_without_a_way_to_reach_them_is_no_contact():
    body = "Wij vernieuwen de stoep. Wouter Kamphuis is opzichter van het werk. Het werk duurt twee weken."
    report = helderetaal.check(HEAD + body + BARE_TAIL)
    assert not report.elements["contact_person"]["present"] and not report.elements["contact"]["present"]


# -- dates: the year from the weekday, near a year written in the text --------------------------
def test_the_year_of_a_date_follows_from_its_weekday_near_a_year_in_the_text():
    text = ("Werk aan de Zandweg (ref. 2023-41)\n\nBeste bewoner,\n\nVan 3 tot en met 20 januari werken wij aan de "
            "Zandweg. Wij beginnen op dinsdag 3 januari.\n\nMet vriendelijke groet,\n\nTeam Wegen\n")
    facts = helderetaal.check(text).facts
    assert facts["start_date"] == "2023-01-03"


def test_without_a_year_in_the_text_a_weekday_gives_no_year():
    text = ("Werk aan de Zandweg\n\nBeste bewoner,\n\nWij beginnen op dinsdag 3 januari aan de Zandweg. Het werk "
            "duurt twee weken.\n\nMet vriendelijke groet,\n\nTeam Wegen\n")
    assert helderetaal.check(text).facts["start_date"] is None


def test_the_date_a_quoted_letter_was_received_is_its_letter_date():
    text = ("Nieuws over het Parkplein\n\nOp 9 april 2024 kreeg de wijkraad onderstaande brief van de gemeente:\n\n"
            "Beste bewoners,\n\nWij vernieuwen het Parkplein in de zomer.\n\nMet vriendelijke groet,\n\nTeam Pleinen\n")
    assert helderetaal.check(text).facts["letter_date"] == "2024-04-09"


def test_a_date_that_only_mentions_an_earlier_letter_is_no_letter_date():
    text = ("Nieuws over het Parkplein\n\nOp 9 april 2024 kreeg u een brief over het plein. Wij vernieuwen het "
            "Parkplein in de zomer.\n\nMet vriendelijke groet,\n\nTeam Pleinen\n")
    assert helderetaal.check(text).facts["letter_date"] is None


def test_the_lines_near_a_date_stay_within_their_window_on_a_long_line():
    from helderetaal.facts import _nearby_lines

    assert len(_nearby_lines("x" * 5000, 2500)) == 800  # 400 characters each way, not the whole text
    text = "a\nb\n\nWanneer: x\n\nWaar: y\n\nAanvang: z\n\nd\ne"
    assert _nearby_lines(text, text.index("Wanneer")) == "a\nb\n\nWanneer: x\n\nWaar: y\n\nAanvang: z"


def test_an_invitation_to_a_meeting_without_day_gets_one_finding_on_its_details():
    body = "Wij nodigen u uit voor een bewonersavond over het nieuwe plein. Meld u aan via plein@gemeente.nl."
    report = helderetaal.check("Onderwerp: Uitnodiging bewonersavond\n\n" + HEAD + body + TAIL)
    rules = [f.rule for f in report.findings if f.rule.startswith("element-bijeenkomst")]
    assert rules == ["element-bijeenkomst-details"]
    without_meeting = "Wij nodigen u graag uit om met ons in gesprek te gaan over het plein. Meld u aan via plein@gemeente.nl."
    report = helderetaal.check("Onderwerp: Uitnodiging gesprek over het plein\n\n" + HEAD + without_meeting + TAIL)
    assert [f.rule for f in report.findings if f.rule.startswith("element-bijeenkomst")] == ["element-bijeenkomst"]


# -- meeting details: a day without a year, a venue by its name, a time without "uur" ----------
def _meeting(body: str) -> dict:
    meetings = helderetaal.check("Geachte bewoner,\n\n" + body + TAIL).facts["meetings"]
    assert len(meetings) == 1, meetings
    return meetings[0]


def test_a_meeting_day_without_a_year_is_a_day_the_reader_knows():
    meeting = _meeting("Wij nodigen u uit voor de bewonersavond op dinsdag 14 oktober om 19.30 uur in buurthuis De Kern.")
    assert meeting["day_text"] == "dinsdag 14 oktober"
    report = helderetaal.check("Geachte bewoner,\n\nWij nodigen u uit voor de bewonersavond op dinsdag 14 oktober "
                               "om 19.30 uur in buurthuis De Kern." + TAIL)
    assert not [f for f in report.findings if f.rule == "element-bijeenkomst-details"]


@pytest.mark.parametrize("body, place, kind", [
    ("Op 4 juni 2024 om 19.30 uur houden wij een bewonersavond in de Zonnehoek.", "de Zonnehoek", "venue"),
    ("Op 4 juni 2024 om 19.30 uur houden wij een bewonersavond in Het Anker.", "Het Anker", "venue"),
    ("Op 4 juni 2024 om 19.30 uur houden wij een digitale bewonersavond.", "online", "online"),
    ("Op 4 juni 2024 om 19.30 uur houden wij een bewonersavond in wijkcentrum De Pijl.", "wijkcentrum De Pijl", "building"),
])
def test_meeting_places(body, place, kind):
    meeting = _meeting(body)
    assert (meeting["place"], meeting["place_kind"]) == (place, kind)


def test_the_area_a_plan_is_about_is_no_venue():
    body = "Op 4 juni 2024 om 19.30 uur houden wij een bewonersavond over de nieuwe speeltuin in de Vogelbuurt."
    assert _meeting(body)["place"] is None
    assert _meeting("Op 4 juni 2024 om 19.30 uur houden wij een bewonersavond over de speeltuin in Zuidwijk.")["place"] is None


def test_a_month_after_in_is_no_venue():
    assert _meeting("Op 4 juni 2024 om 19.30 uur is er een bewonersavond, zoals elk jaar in Juni.")["place"] is None


@pytest.mark.parametrize("body, expected", [
    ("Op 4 juni 2024 is er een bewonersavond in de school, aanvang 19.30.", "19:30"),
    ("Op 4 juni 2024 is er een bewonersavond in de school, vanaf 19.30.", "19:30"),
    ("Op 4 juni 2024 is er een bewonersavond in de school. Koffie vanaf 2.50 euro.", None),
])
def test_a_clock_time_without_uur(body, expected):
    assert _meeting(body)["time_from"] == expected


# -- an earlier letter's date; a letter that only gives the new end ------------------------------
def test_the_date_of_an_earlier_letter_is_no_letter_date_and_no_timing():
    text = ("Onderwerp: Nieuwe planning Beukstraat\n\nBeste bewoner,\n\nIn onze brief van 2 september 2024 schreven wij "
            "dat de stoep op 30 september 2024 klaar zou zijn. Dat lukt helaas niet.\n\nHet werk is nu op vrijdag "
            "18 oktober 2024 klaar." + TAIL)
    report = helderetaal.check(text)
    assert report.facts["letter_date"] is None
    roles = {d["text"]: d["role"] for d in report.facts["dates"]}
    assert roles["2 september 2024"] == "past"
    assert (report.facts["start_date"], report.facts["end_date"]) == (None, "2024-10-18")
    assert "Het werk is op vrijdag 18 oktober 2024 klaar." in (report.summary or "")


def test_a_heading_that_names_this_letters_date_is_still_the_letter_date():
    text = "Brief van 6 mei 2024 over de nieuwe stoep\n\nBeste bewoner,\n\nWij leggen een nieuwe stoep." + TAIL
    assert helderetaal.check(text).facts["letter_date"] == "2024-05-06"


def test_a_decision_date_in_a_past_clause_is_past_though_the_sentence_speaks_of_what_comes():
    text = ("Datum: 6 mei 2024\n\nGeachte bewoner,\n\nHet college heeft op 2 mei 2024 besloten dat vanaf maandag "
            "1 juli 2024 een blauwe zone geldt in uw straat." + TAIL)
    roles = {d["text"]: d["role"] for d in helderetaal.check(text).facts["dates"]}
    assert roles["2 mei 2024"] == "past" and roles["maandag 1 juli 2024"] == "event"


def test_detail_fields_under_a_meeting_title_are_that_meeting():
    text = ("Datum: 10 februari 2027\n\n# Uitnodiging: inloopbijeenkomst over het nieuwe plein\n\nBeste bewoner,\n\n"
            "Wij laten u de schetsen voor het nieuwe plein zien.\n\nWanneer: donderdag 4 maart 2027\n"
            "Tijd: 15.00 tot 18.00 uur\nWaar: buurthuis De Kern, Dorpsstraat 8\n" + TAIL)
    report = helderetaal.check(text)
    [meeting] = report.facts["meetings"]
    assert (meeting["what"], meeting["date"], meeting["time_from"]) == ("inloopbijeenkomst", "2027-03-04", "15:00")
    assert meeting["place"] == "buurthuis De Kern, Dorpsstraat 8"
    assert not [f for f in report.findings if f.rule.startswith("element-bijeenkomst")]


def test_detail_fields_without_a_meeting_named_are_no_meeting():
    text = ("Beste bewoner,\n\nWij vervangen de stoep.\n\nWanneer: maandag 3 juni 2024\nWaar: Lindelaan 1 tot en met 40\n"
            + TAIL)
    assert helderetaal.check(text).facts["meetings"] == []

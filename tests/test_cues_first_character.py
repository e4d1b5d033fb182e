"""The cue patterns skip places where no alternative can start; they find what the plain
alternation finds (same place, same length), also for cues that open with a gap or a wildcard."""

from __future__ import annotations

import re

from helderetaal.config import Config
from helderetaal.kinds.cues import FollowUpKind, compile_cues

TEXTS = [
    "Het is helaas fout gegaan. Wij bieden excuses voor de fout.",
    "BEL ons gerust, of mail: info@example.nl. Bellen kan ook.",
    "  ...  vragen?\nKijk op de website. Uw mening telt: geef  uw mening!",
    "İstanbul, ǅemal en Kelvin (K) schreven ſamen: IS HET FOUT GEGAAN?",
]


def _plain(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(re.sub(r"^\(\?<!\\w\)\(\?=\[[^\]]*\]\)", r"(?<!\\w)", pattern.pattern), pattern.flags)


def _spec():
    return next(rule.spec for rule in Config().ruleset() if isinstance(rule.kind, FollowUpKind))


def test_cue_patterns_find_what_the_plain_alternation_finds() -> None:
    spec = _spec()
    lists = [["is ... fout gegaan", "excuses"], ["bel*", "mail"], ["... vragen", "geef uw mening"],
             ["fout", "* gegaan"], ["ſamen", "kelvin", "istanbul", "ǆemal"]]
    for cues in lists:
        pattern = compile_cues(spec, "cues", cues)
        plain = _plain(pattern)
        for text in TEXTS:
            for start in range(len(text)):
                found, expected = pattern.search(text, start), plain.search(text, start)
                assert (found and found.span()) == (expected and expected.span()), (cues, text, start)


def test_the_bundled_rules_cues_skip_by_their_first_characters() -> None:
    for rule in Config().ruleset():
        if isinstance(rule.kind, FollowUpKind):
            for _label, pattern in rule.kind.requires:
                assert "(?=[" in pattern.pattern


def test_lexicon_patterns_find_what_the_plain_alternation_finds() -> None:
    from pathlib import Path

    from helderetaal.facts.lexicon import alternation, cue_pattern, lexicon

    root = Path(__file__).resolve().parent.parent
    texts = [path.read_text(encoding="utf-8") for path in sorted((root / "examples").glob("*.md"))] + TEXTS
    for name in ("actions", "reasons", "dates", "profiles"):
        for group in lexicon(name):
            pattern = cue_pattern(name, group)
            plain = re.compile(r"\b(?:" + alternation(name, group) + r")\b", re.IGNORECASE)
            for text in texts:
                assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_date_patterns_find_what_they_find_without_their_start_lookahead() -> None:
    from pathlib import Path

    from helderetaal.facts import dates

    root = Path(__file__).resolve().parent.parent
    texts = [path.read_text(encoding="utf-8") for path in sorted((root / "examples").glob("*.md"))] + TEXTS + [
        "Op Maandag 3 juni, di. 4-6-2024, ZO 12 mei en van 3 tot en met 28 juni; ٣ juni en 2/3/24."]
    for pattern in (dates.TEXT_DATE, dates.NUMERIC_DATE, dates.BARE_DAY):
        assert pattern.pattern.startswith(dates._DATE_START)
        plain = re.compile(pattern.pattern[len(dates._DATE_START):], pattern.flags)
        for text in texts:
            assert [(m.span(), m.groupdict()) for m in pattern.finditer(text)] == \
                [(m.span(), m.groupdict()) for m in plain.finditer(text)]


def _letter_texts() -> list[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    paths = sorted((root / "examples").glob("*.*")) + sorted((root / "tests" / "letters").glob("*.txt"))
    return [path.read_text(encoding="utf-8") for path in paths] + TEXTS + [
        "Van 9.00 tot 17.00 uur, OM 7 U, Tussen 19:30-21.00; vanaf 12.50 euro; ٣.٤٥ uur; in het Najaar 2025, "
        "Eind MAART of april, per Januari, rond juni, na oktober, tot december, medio 2026, ſpoedig, t.z.t., Q3 2025, in 2025-3, IN DE LOOP VAN mei."]


def _same_from_every_place(pattern: re.Pattern[str], plain: re.Pattern[str], texts: list[str]) -> None:
    for text in texts:
        for place in range(len(text) + 1):
            mine, theirs = pattern.match(text, place), plain.match(text, place)
            assert (mine and (mine.span(), mine.groupdict())) == (theirs and (theirs.span(), theirs.groupdict()))
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_time_vague_and_month_patterns_find_what_they_find_without_their_start_lookahead() -> None:
    from helderetaal.facts import dates

    texts = _letter_texts()
    for pattern in (dates.TIME_RANGE, dates.VAGUE, dates.MONTH_SPAN):
        lookahead = re.match(r"\(\?=\[[^\]]*\]\)", pattern.pattern)
        assert lookahead is not None
        _same_from_every_place(pattern, re.compile(pattern.pattern[lookahead.end():], pattern.flags), texts)


def test_roles_are_found_as_the_one_pattern_over_a_whole_word_finds_them() -> None:
    from helderetaal.facts.contacts import ROLES, Found, _find_roles_in

    word_pattern = re.compile(r"(?<![\w-])(?:[\w-]*(?:" + "|".join(sorted(ROLES, key=len, reverse=True)) + r"))\b",
                              re.IGNORECASE)
    texts = _letter_texts() + [
        "Medewerker: de hoofd-uitvoerder, projectleider-medewerker en WIJKBEWONERSCONSULENT; wethouders, "
        "wethouder_x, _adviseur, 3adviseur, beleidsmedewerkerS, ſtadsdeeldirecteur, BOA-handhaver-, "
        "omgevingscoördinator/omgevingscoordinator, managermanager en senior-accountmanager.",
        "adviseur", "-adviseur-", "medewerker-adviseur-manager", "co\u0308ordinator, coördinator"]
    for text in texts:
        for begin in range(len(text) + 1):
            part = text[begin:]
            assert _find_roles_in(part) == [Found(m.start(), m.end(), "role", m.group(0).lower())
                                            for m in word_pattern.finditer(part)]


def test_meeting_words_are_what_the_meeting_pattern_finds() -> None:
    from helderetaal.facts import meetings

    extra = ("Wij nodigen u uit voor een avond, een uitnodiging: middag; de Feestelijke opening, OPEN HUIS, "
             "een wijk-schouw, ſtraatgesprekken, de Bewonersavonden, een informatiebijeenkomst en webinars.")
    texts = _letter_texts() + [extra]
    texts += [re.sub("bijeenkomst", "bijeen komst", text, flags=re.IGNORECASE) for text in texts]
    for text in texts:
        if meetings._BIJEENKOMST.search(text) is None:
            _same_from_every_place(meetings._MEETING_BUT_BIJEENKOMST, meetings.MEETING, [text])
        for begin in range(0, len(text) + 1, 7):
            part = text[begin:]
            assert [m.span() for m in meetings.find_meeting_words(part)] == [m.span() for m in meetings.MEETING.finditer(part)]
            found, expected = meetings.search_meeting_word(part), meetings.MEETING.search(part)
            assert (found and found.span()) == (expected and expected.span())


def test_the_invitation_signal_without_bijeenkomst_finds_what_it_finds_where_there_is_none() -> None:
    from helderetaal.facts import profile

    extra = ("U bent van harte Welkom; wij NODIGEN alle bewoners graag uit, meld u aan of Aanmelden via de "
             "webinar-pagina, de uitnodiging voor de inloopavond en een bewonersbijeenkomst.")
    texts = _letter_texts() + [extra]
    texts += [re.sub("bijeenkomst", "bijeen komst", text, flags=re.IGNORECASE) for text in texts]
    signal = profile._SIGNALS["uitnodiging"]
    for text in texts:
        if profile._BIJEENKOMST.search(text) is None:
            _same_from_every_place(profile._INVITATION_BUT_BIJEENKOMST, signal, [text])
        assert profile._count_signals(text) == tuple(len(pattern.findall(text)) for pattern in profile._SIGNALS.values())


def test_date_patterns_match_as_without_their_start_lookahead_from_every_place() -> None:
    from helderetaal.facts import dates

    texts = _letter_texts() + ["MAANDAG 3 juni, Di. 4-6-2024, zO 12 mei, Woensdag, 5 mei, vr 7-6-24 en do 3 tot 5 juni."]
    for pattern in (dates.TEXT_DATE, dates.NUMERIC_DATE, dates.BARE_DAY):
        assert pattern.pattern.startswith(dates._DATE_START)
        _same_from_every_place(pattern, re.compile(pattern.pattern[len(dates._DATE_START):], pattern.flags), texts)


def test_impact_is_found_as_the_impact_pattern_finds_it() -> None:
    from helderetaal.facts import actions

    extra = ("U heeft even last, JE krijgt wat geluid; de weg is afgesloten, ZIJN niet bereikbaar, wordt omgeleid, "
             "blijft dicht, blijven gestremd, is de Dijkweg bij de brug dicht. Rijden u om via, fietsen om via, "
             "de omleiding, niet parkeren, minder parkeren, parkeerverbod, u merkt, hoort u, ziet u, Bouwverkeer, "
             "trillingen, lawaai, geen water, minder stroom, verkeershinder, verhinder, geluidsoverlast.")
    texts = _letter_texts() + [extra]
    texts += [re.sub("hinder|overlast|geluid", "x", text, flags=re.IGNORECASE) for text in texts]
    for text in texts:
        if actions._WORD_ENDS.search(text) is None:
            _same_from_every_place(actions._IMPACT_BUT_WORD_ENDS, actions.IMPACT, [text])
        for begin in range(0, len(text) + 1, 7):
            found, expected = actions.impact_match(text[begin:]), actions.IMPACT.search(text[begin:])
            assert (found and found.span()) == (expected and expected.span())


def test_registration_patterns_find_what_they_find_without_their_start_lookahead() -> None:
    from helderetaal.facts import meetings

    texts = _letter_texts() + [
        "Aanmelden is niet nodig; u hoeft zich niet aan te melden, zonder aanmelding, vrije inloop, geen aanmelding, "
        "loop gerust binnen, kom langs wanneer het u past, inloop is vrij. Meld u vandaag nog aan, opgeven, opgave, "
        "Inschrijving, registreer, registreren, aanmelding."]
    for pattern in (meetings.REGISTRATION_NOT_NEEDED, meetings.REGISTRATION):
        lookahead = re.match(r"\(\?=\[[^\]]*\]\)", pattern.pattern)
        assert lookahead is not None
        _same_from_every_place(pattern, re.compile(pattern.pattern[lookahead.end():], pattern.flags), texts)


def test_the_reason_pattern_finds_what_it_finds_without_its_start_lookahead() -> None:
    from helderetaal.facts import reasons

    texts = _letter_texts() + [
        "Zo wordt de straat veiliger. Anders kan het mis gaan; Aan vervanging toe, i.v.m. de bouw, ten einde, "
        "Jullie vroegen ons om een bank. Klachten over lawaai; bedoeld om, het doel, met als doel, reden is, de reden. "
        "Uw riool lekt, de tegels liggen los, wortels duwen de tegels omhoog, voldoet niet aan, op verzoek van, "
        "na klachten, naar aanleiding van vragen, aanleiding: veiligheid, heeft ertoe geleid, om de weg te verbreden.",
        "zo kunt u weer veilig fietsen", "  Zo blijft het rustiger."]
    lookahead = re.match(r"\(\?=\[[^\]]*\]\)", reasons.REASON.pattern)
    assert lookahead is not None
    _same_from_every_place(reasons.REASON, re.compile(reasons.REASON.pattern[lookahead.end():], reasons.REASON.flags),
                           texts)


def test_web_forms_are_what_the_web_form_pattern_finds() -> None:
    from helderetaal.facts import contacts

    texts = _letter_texts() + ["Vul het Reactieformulier in, of het meld-formulier; FORMULIER, webformulieren, formulier_x."]
    texts += [re.sub("formulier", "formulie r", text, flags=re.IGNORECASE) for text in texts]
    for text in texts:
        assert contacts._find_web_forms_in(text) == [contacts.Found(m.start(), m.end(), "web_form", m.group(0).lower())
                                                     for m in contacts.WEB_FORM.finditer(text)]

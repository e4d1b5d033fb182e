"""A suggested "In het kort" block: 2 to 4 short B1 sentences built only from facts found.

Nothing is added that the letter does not say: a sentence is left out when its facts are
missing, and no summary is made when fewer than two sentences can be built.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from ..dutch import MONTH_NAMES, WEEKDAYS

if TYPE_CHECKING:
    from . import Facts
    from .dates import DateMention

_MAX_ACTION_WORDS = 18


def _day(value: date) -> str:
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def _clock(value: str) -> str:
    hours, minutes = value.split(":")
    return f"{int(hours)}.{minutes}"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _what(facts: Facts) -> str | None:
    subject = facts.subject
    if not subject:
        return None
    subject = re.sub(r"^(?:onderwerp|betreft)\s*:\s*", "", subject, flags=re.IGNORECASE).strip(" .:")
    if not subject or len(subject.split()) > 12:
        return None
    invitation = re.match(r"^uitnodiging\s*(?::|voor)?\s*", subject, re.IGNORECASE)
    if invitation and subject[invitation.end():]:
        rest = subject[invitation.end():]
        rest = rest[0].lower() + rest[1:] if not rest[:2].isupper() else rest
        return f"Dit is een uitnodiging: {rest}."
    lowered = subject[0].lower() + subject[1:] if not subject[:2].isupper() else subject
    return f"Deze brief gaat over: {lowered}."


def _in_doubt(facts: Facts, *mentions: DateMention | None) -> bool:
    """A date a timing check calls wrong is never restated (the writer fixes it first)."""
    return any(m is not None and (m.start, m.end) in facts.doubtful for m in mentions)


def _meeting(facts: Facts) -> str | None:
    meeting = next((m for m in facts.meetings if m.date), None)
    if meeting is None or meeting.date is None or meeting.date in facts.doubtful_dates():
        return None
    parts = [f"De {meeting.what} is op {_day(meeting.date)}"]
    if meeting.time_from and meeting.time_to:
        parts.append(f"van {_clock(meeting.time_from)} tot {_clock(meeting.time_to)} uur")
    elif meeting.time_from:
        parts.append(f"om {_clock(meeting.time_from)} uur")
    sentence = " ".join(parts)
    place, kind = meeting.place, meeting.place_kind
    if place:
        if kind == "address":
            sentence += f", aan de {place}"
        elif kind in ("platform", "online"):
            sentence += f", {place}"
        else:
            sentence += f", in {place}"
    return sentence + "."


def _timing(facts: Facts, profile: str) -> str | None:
    subject = "Het werk" if profile == "werkzaamheden" else "Dit"
    if facts.start is None and facts.end is not None and facts.end_date is not None \
            and not _in_doubt(facts, facts.end):
        return f"{subject} is op {_day(facts.end_date)} klaar."
    if facts.start_date is None or facts.start is None or _in_doubt(facts, facts.start, facts.end):
        return None
    mention = facts.start
    if mention.week is not None:  # say it as the letter does: in week numbers
        weeks = f"week {mention.week}" + (f" tot en met week {mention.week_end}" if mention.week_end else "")
        return f"{subject} is in {weeks} van {facts.start_date.isocalendar()[0]}."
    start = _day(facts.start_date)
    if mention.kind == "week_of":
        return f"{subject} is in de week van {start}."
    if facts.end_date and facts.end_date > facts.start_date:
        return f"{subject} duurt van {start} tot en met {_day(facts.end_date)}."
    if profile == "besluit":
        return f"Dit geldt vanaf {start}."
    return f"{subject} begint op {start}."


def _own_words(text: str) -> str | None:
    """A short action sentence of the letter, lightly tidied ("Dan kunt u" -> "U kunt")."""
    sentence = " ".join(text.split())
    sentence = re.sub(r"^[-*•–]\s+", "", sentence)
    sentence = re.sub(r"^(?:dan|daarna|ook)\s+(kunt|moet|hoeft)\s+u\b", r"U \1", sentence, flags=re.IGNORECASE)
    if len(sentence.split()) > _MAX_ACTION_WORDS or (sentence.endswith("?") and not re.match(r"wilt\s+u\b", sentence, re.I)):
        return None
    sentence = _first_upper(sentence)
    return sentence if sentence[-1:] in ".!?" else sentence + "."


def _action(facts: Facts) -> str | None:
    actions = facts.actions
    for meeting in facts.meetings:
        deadline = meeting.registration_deadline
        if meeting.registration and deadline and deadline not in facts.doubtful_dates():
            if meeting.registration_day_counts:
                return f"Meld u uiterlijk {_day(deadline)} aan."
            return f"Meld u aan vóór {_day(deadline)}."
    ordered = [a for a in actions if a.deadline] + [a for a in actions if a.kind == "action" and not a.deadline] \
        + [a for a in actions if a.kind == "no_action"]
    for action in ordered:
        if any(action.start <= start < action.end for start, _ in facts.doubtful):
            continue  # the letter's own sentence would repeat a wrong date
        sentence = _own_words(action.text)
        if sentence:
            return sentence
    return None


def _contact(facts: Facts) -> str | None:
    phones, emails = facts.phones, facts.emails
    person = next((p for p in facts.people if p.contact_person and (p.phone or p.email)), None)
    if person is not None:
        who = person.name + (f" ({person.role})" if person.role else "")
        phone = next((facts.text_of(p) for p in phones if p.value == person.phone), person.phone)
        how = f"bel {' '.join(str(phone).split())}" if person.phone else f"mail naar {person.email}"
        return f"Vragen? Neem contact op met {who}: {how}."
    person = next((p for p in facts.people if p.contact_person), None)
    if person is not None and (phones or emails):
        how = f"bel {facts.text_of(phones[0])}" if phones else f"mail naar {emails[0].value}"
        return f"Vragen? Neem contact op met {person.name}: {how}."
    if phones:
        return f"Vragen? Bel {' '.join(facts.text_of(phones[0]).split())}."
    if emails:
        return f"Vragen? Mail naar {emails[0].value}."
    if facts.web_forms:
        return "Vragen? Gebruik het " + " ".join(facts.text_of(facts.web_forms[0]).lower().split()) + "."
    return None


def build_summary(facts: Facts, profile: str | None = None) -> str | None:
    """2 to 4 short sentences, or None when the letter holds too few concrete facts."""
    profile = profile or facts.detected_profile
    sentences = [_what(facts)]
    # Without dates of the works the start is a meeting's date: then say the meeting, not "Dit begint".
    if profile == "uitnodiging" or facts.start_date is None or (facts.start is not None and facts.start.role == "meeting"):
        sentences.append(_meeting(facts) or _timing(facts, profile))
    else:
        sentences.append(_timing(facts, profile))
    sentences += [_action(facts), _contact(facts)]
    found = [s for s in sentences if s]
    if len(found) < 2:
        return None
    return " ".join(found[:4])

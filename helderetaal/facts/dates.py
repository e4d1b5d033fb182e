"""Dates, weeks, periods, times and vague moments as Dutch letters write them.

Everything is found on the analysed text (same offsets as the source text). A date without a
year takes the year of its first occurrence on or after the letter date (the last one before
it when the sentence speaks of the past); without a letter date, the year of the nearest full
date written earlier in the letter, else of the first one later; else it stays unresolved.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..dutch import MONTH_ALTERNATION, MONTH_NAMES, WEEKDAY_ALTERNATION, WEEKDAYS
from .chunks import ByParagraph

if TYPE_CHECKING:
    from ..memo import BlockResults

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9, "sep": 9,
    "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAY_ABBR = {"ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6}

_MONTH_RE = (rf"(?:(?:{MONTH_ALTERNATION})\b|"
             r"(?:jan|febr|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec)\b\.?)")
_WD_RE = rf"(?:{WEEKDAY_ALTERNATION}|(?:ma|di|wo|do|vr|za|zo)\.?(?=\s+\d))"
# A date starts with its weekday or its day number: re passes every other place over at once
# instead of trying each weekday there (a third of the time of a search through a letter). The
# weekdays' first letters start many words ("de", "met", "van", "we", "zijn"); their first two
# letters ("ma", "di", ... "zo") pass those over too before the weekdays are tried.
_DATE_START = ("(?=[\\d" + "".join(sorted({day[0] for day in (*WEEKDAYS, *_WEEKDAY_ABBR)})) + "])"
               "(?=\\d|" + "|".join(sorted({day[:2] for day in (*WEEKDAYS, *_WEEKDAY_ABBR)})) + ")")

TEXT_DATE = re.compile(
    _DATE_START +
    rf"(?:\b(?P<wd>{_WD_RE})(?:\s*,\s*|\s+))?\b(?P<day>[0-3]?\d)(?:e|de|ste)?\s+(?P<month>{_MONTH_RE})"
    rf"(?:\s+(?P<year>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(
    _DATE_START +
    rf"(?:\b(?P<wd>{_WD_RE})(?:\s*,\s*|\s+))?(?<![\d/.\-])(?P<day>[0-3]?\d)(?P<sep>[-/.])(?P<month>[01]?\d)(?P=sep)"
    r"(?P<year>(?:19|20)\d\d|\d\d)(?![\d/\-]|\.\d)",
    re.IGNORECASE,
)
# A bare day number that takes its month from the date after it: "van 3 tot en met 28 juni".
BARE_DAY = re.compile(
    _DATE_START +
    rf"(?:\b(?P<wd>{_WD_RE})\s+)?\b(?P<day>[0-3]?\d)(?=\s*(?:tot\s+en\s+met|t/m|t\.?\s?m\.?|tot|-|–|—|en)\s*"
    rf"(?:{_WD_RE}\s+)?[0-3]?\d\s+{_MONTH_RE})",
    re.IGNORECASE,
)
WEEK = re.compile(
    r"\b(?:week(?:nummer)?|wk\.?)\s*(?P<w1>[1-5]?\d)\b(?:\s*(?:tot\s+en\s+met|t/m|-|–|en|tot)\s*"
    r"(?:week\s*)?(?P<w2>[1-5]?\d)\b)?(?:\s+(?:van\s+)?(?P<year>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
WEEK_OF = re.compile(r"\b(?:in\s+)?de\s+week\s+van\s+$", re.IGNORECASE)
_CONNECTOR = re.compile(r"^\s*(tot\s+en\s+met|t/m|t\.?\s?m\.?|tot|-|–|—|en)\s*$", re.IGNORECASE)
_PERIOD_LEAD = re.compile(r"(?:\b(van(?:af)?|tussen)\s+)$", re.IGNORECASE)

_TIME = r"(?:[01]?\d|2[0-4])(?:[.:][0-5]\d)"
# Like _DATE_START: a time starts with its lead word ("van", "tussen", "om", "vanaf") or a digit.
TIME_RANGE = re.compile(
    r"(?=[\dotv])"
    rf"(?:\b(?:van|tussen|om|vanaf)\s+)?(?<![\d.,:])(?P<t1>{_TIME}|(?:[01]?\d|2[0-4])(?=\s*(?:uur|u\b)))"
    rf"(?:\s*(?:uur|u\b))?(?:\s*(?:-|–|—|tot|en)\s*(?P<t2>{_TIME}|(?:[01]?\d|2[0-4])(?=\s*(?:uur|u\b))))?"
    r"(?P<uur>\s*(?:uur|u\b))?",
    re.IGNORECASE,
)

_SEASON = r"(?:voorjaar|najaar|zomer|winter|lente|herfst|zomervakantie|kerstvakantie|meivakantie|herfstvakantie|" \
          r"voorjaarsvakantie|bouwvak(?:antie)?|jaarwisseling|kerst|kerstdagen|feestdagen)"
_MONTH_FULL = rf"(?:{MONTH_ALTERNATION})"
# The first letters of the alternatives below (a season may open the phrase): every other place is
# passed over at once instead of trying each alternative there.
VAGUE = re.compile(
    r"(?=[bdefhijklmnoqrstvwz])\b(?:"
    r"binnenkort|spoedig|binnen\s+afzienbare\s+tijd|op\s+korte\s+termijn|zo\s+snel\s+mogelijk|z\.s\.m\.?|"
    r"zodra\s+(?:het\s+kan|mogelijk)|te\s+zijner\s+tijd|t\.z\.t\.?|"
    r"(?:in\s+)?de\s+komende\s+(?:weken|maanden|periode|tijd|jaren)|over\s+(?:enkele|een\s+aantal|een\s+paar|"
    r"enige)\s+(?:dagen|weken|maanden)|later\s+dit\s+jaar|volgend\s+jaar|"
    r"in\s+de\s+loop\s+van\s+(?:het\s+jaar|dit\s+jaar|volgend\s+jaar|(?:19|20)\d\d|" + _MONTH_FULL + r")|"
    r"(?:begin|eind|einde|half|medio|midden|halverwege)\s+(?:" + _MONTH_FULL + r"|(?:19|20)\d\d|dit\s+jaar|"
    r"volgend\s+jaar|het\s+jaar)(?:\s+(?:19|20)\d\d)?|"
    r"(?:in\s+)?(?:het\s+|de\s+)?(?:" + _SEASON + r")(?:\s+(?:van\s+)?(?:19|20)\d\d)?(?=[\s.,;:!?)]|$)|"
    r"(?:na|voor|vóór|rond|tijdens|in)\s+de\s+" + _SEASON + r"(?:\s+(?:van\s+)?(?:19|20)\d\d)?|"
    r"(?:in\s+)?het\s+(?:eerste|tweede|derde|vierde|laatste)\s+kwartaal(?:\s+van\s+(?:19|20)\d\d)?|"
    r"q[1-4]\s+(?:19|20)\d\d|in\s+(?:19|20)\d\d(?!\s*[-/.]?\d)"
    r")",
    re.IGNORECASE,
)
# A named month is timing of its own ("eind maart", "in maart en april", "september 2025"):
# less exact than a date, more than a season.
MONTH_SPAN = re.compile(
    "(?=[behimnprtv" + "".join(sorted({month[0] for month in MONTH_NAMES})) + "])"
    r"\b(?:(?:(?:begin|eind|einde|half|medio|midden|halverwege|vanaf|per|in|rond|na|tot)\s+(?:de\s+maand\s+)?)"
    r"(?P<m1>" + _MONTH_FULL + r")|(?P<m0>" + _MONTH_FULL + r")(?=\s+(?:19|20)\d\d\b))"
    r"(?:\s+(?:en|of|tot(?:\s+en\s+met)?|t/m|-|–)\s+(?:begin\s+|eind\s+|half\s+|medio\s+)?(?P<m2>" + _MONTH_FULL + r"))?"
    r"(?:\s+(?P<year>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
# A season word alone is vague timing only after a time preposition ("in het najaar"); the
# pattern above also catches "de zomer" inside longer phrases, so plain nouns are rechecked.
_SEASON_NEEDS_LEAD = re.compile(r"^(?:het\s+|de\s+)?" + _SEASON, re.IGNORECASE)

_PAST = re.compile(
    r"\b(hebben|heeft|hadden|had|was|waren|werd|werden|afgelopen|vorige|vorig|eerder|sinds|geleden|"
    r"gestuurd|verstuurd|besloten|gehouden|brief\s+van|gesproken|gemeld|aangekondigd|gestart|begonnen|ontving|ontvingen|"
    r"stuurde|stuurden|schreef|schreven|jongstleden|jl(?=\.)|"
    # Past forms of strong verbs that letters use to look back ("er kwamen 40 bewoners"); not
    # "vroeg", which is also "early" ("wij beginnen vroeg"), nor "ontvangen", which is also the
    # present ("omwonenden ontvangen een brief"; "heeft ... ontvangen" has its "heeft").
    r"kwam|kwamen|ging|gingen|zag|zagen|vond|vonden|liet|lieten|sprak|spraken|kreeg|kregen|gaf|gaven|hield|"
    r"hielden|bleek|bleken|vroegen|zei|zeiden|wilden|deden)\b",
    re.IGNORECASE,
)
_PAST_PRESENT_PERFECT_FUTURE = re.compile(r"\b(gaan|zullen|zal|gaat|komende|volgende|begint|beginnen|start|starten|"
                                          r"geldt|gelden|duurt|duren|wordt|worden|komt|komen|vindt|houden|krijgt|krijgen|"
                                          r"openen|kappen|vervangen)\b", re.IGNORECASE)


@dataclass
class DateMention:
    """A date, week, period or "week of" found in the letter."""

    start: int
    end: int
    kind: str  # date | week | week_of | period
    first: date | None = None  # the (first) day
    last: date | None = None  # the last day (periods, weeks); equals first for a single date
    weekday: str | None = None  # the weekday as written, normalised (maandag ...)
    weekday_span: tuple[int, int] | None = None
    year_explicit: bool = False
    day: int | None = None
    month: int | None = None
    week: int | None = None
    week_end: int | None = None
    parts: list[DateMention] = field(default_factory=list)
    role: str = "event"  # letter_date | deadline | meeting | past | event

    def iso(self) -> str | None:
        return self.first.isoformat() if self.first else None

    def to_dict(self, text: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": text[self.start:self.end], "start": self.start, "end": self.end, "kind": self.kind,
            "date": self.first.isoformat() if self.first else None,
            "end_date": self.last.isoformat() if self.last and self.last != self.first else None,
            "weekday": self.weekday, "role": self.role,
        }
        if self.week is not None:
            data["week"] = self.week
        return data


@dataclass
class TimeMention:
    start: int
    end: int
    begin: str
    finish: str | None

    def to_dict(self, text: str) -> dict[str, Any]:
        return {"text": text[self.start:self.end], "start": self.start, "end": self.end, "from": self.begin,
                "to": self.finish}


@dataclass
class VagueMention:
    start: int
    end: int

    def to_dict(self, text: str) -> dict[str, Any]:
        return {"text": text[self.start:self.end], "start": self.start, "end": self.end}


def _weekday(word: str | None) -> str | None:
    if not word:
        return None
    word = word.lower().rstrip(".")
    if word in WEEKDAYS:
        return word
    if word in _WEEKDAY_ABBR:
        return WEEKDAYS[_WEEKDAY_ABBR[word]]
    return None


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _valid_day_month(day: int, month: int) -> bool:
    try:
        date(2024, month, day)  # a leap year accepts 29 February
        return True
    except ValueError:
        return False


def _find_simple_dates_in(analysed: str) -> list[DateMention]:
    """Single dates (text and numeric), without resolving missing years."""
    found: list[DateMention] = []
    taken = bytearray(len(analysed) + 1)
    for pattern, numeric in ((TEXT_DATE, False), (NUMERIC_DATE, True)):
        for match in pattern.finditer(analysed):
            day = int(match.group("day"))
            month = int(match.group("month")) if numeric else MONTHS[match.group("month").lower().rstrip(".")]
            if not _valid_day_month(day, month):
                continue
            if any(taken[match.start():match.end()]):
                continue
            year_text = match.group("year")
            year = None
            if year_text:
                year = int(year_text)
                if year < 100:
                    year += 2000
            wd = match.group("wd")
            mention = DateMention(
                match.start(), match.end(), "date", weekday=_weekday(wd),
                weekday_span=(match.start("wd"), match.end("wd")) if wd else None,
                year_explicit=year is not None, day=day, month=month,
            )
            if year is not None:
                mention.first = mention.last = _safe_date(year, month, day)
            found.append(mention)
            taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    return sorted(found, key=lambda m: m.start)


def _shifted(mention: DateMention, offset: int) -> DateMention:
    """A copy of a single date found in a paragraph, placed in the letter."""
    # Every date of the letter is copied on every keystroke: a copy of the fields, not
    # dataclasses.replace (which calls __init__ with every field by name), 0.25 ms on ten pages.
    copy = object.__new__(DateMention)
    fields = copy.__dict__
    fields.update(mention.__dict__)
    fields["start"] += offset
    fields["end"] += offset
    fields["parts"] = []
    span = mention.weekday_span
    if span:
        fields["weekday_span"] = (span[0] + offset, span[1] + offset)
    return copy


#: Single dates (text and numeric), without resolving missing years; no date crosses a blank line,
#: so each paragraph is read once (see :mod:`.chunks`).
find_simple_dates = ByParagraph(_find_simple_dates_in, _shifted)


def _bare_days(analysed: str, dates: list[DateMention], results: BlockResults | None = None) -> list[DateMention]:
    """Days without a month ("op dinsdag 4"), except where the day is part of one of ``dates``."""
    return [bare.mention for bare in _all_bare_days(analysed, results)
            if not any(m.start <= bare.day_start < m.end for m in dates)]


@dataclass
class _BareDay:
    start: int
    end: int
    day_start: int
    mention: DateMention


def _find_bare_days_in(analysed: str) -> list[_BareDay]:
    result = []
    for match in BARE_DAY.finditer(analysed):
        wd = match.group("wd")
        mention = DateMention(match.start(), match.end(), "date", weekday=_weekday(wd),
                              weekday_span=(match.start("wd"), match.end("wd")) if wd else None,
                              day=int(match.group("day")))
        result.append(_BareDay(match.start(), match.end(), match.start("day"), mention))
    return result


def _shifted_bare_day(bare: _BareDay, offset: int) -> _BareDay:
    return _BareDay(bare.start + offset, bare.end + offset, bare.day_start + offset, _shifted(bare.mention, offset))


_all_bare_days = ByParagraph(_find_bare_days_in, _shifted_bare_day)


def _iso_week_bounds(year: int, week: int) -> tuple[date, date] | None:
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    return monday, monday + timedelta(days=6)


def find_dates(analysed: str, letter_date: date | None, past_sentence: Callable[[int], bool] | None = None,
               results: BlockResults | None = None) -> list[DateMention]:
    """All date mentions with years resolved; periods combined.

    ``past_sentence(offset)`` tells whether the sentence at an offset speaks of the past.
    """
    simple = find_simple_dates(analysed, results)
    mentions = _months_for_bare_days(sorted(simple + _bare_days(analysed, simple, results), key=lambda m: m.start))
    _resolve_years(mentions, letter_date, past_sentence)
    if letter_date is None and not any(m.year_explicit for m in mentions):
        _years_from_weekdays(analysed, mentions)
    combined = _combine_periods(analysed, mentions)
    combined += _weeks(analysed, combined, letter_date, past_sentence, results)
    _mark_week_of(analysed, combined)
    return sorted(combined, key=lambda m: m.start)


def _months_for_bare_days(mentions: list[DateMention]) -> list[DateMention]:
    """Bare days take the month (and year) of the date right after them."""
    for index, mention in enumerate(mentions):
        if mention.month is None:
            following = mentions[index + 1] if index + 1 < len(mentions) else None
            if following is None or following.month is None:
                mention.month = None
                continue
            mention.month = following.month
            if following.year_explicit and following.first:
                mention.first = mention.last = _safe_date(following.first.year, mention.month, mention.day or 1)
                mention.year_explicit = True
    return [m for m in mentions if m.month is not None and _valid_day_month(m.day or 0, m.month)]


def _period_start(analysed: str, mention: DateMention, following: DateMention) -> int | None:
    """Where the period "A tot en met B" begins (its lead "van" included), or None when the
    two dates are no period."""
    connector = _CONNECTOR.match(analysed[mention.end:following.start])
    lead = _PERIOD_LEAD.search(analysed[max(0, mention.start - 12):mention.start])
    if connector is None or (connector.group(1).lower() == "en" and not (lead and lead.group(1).lower() == "tussen")):
        return None
    return mention.start - len(lead.group(0)) if lead else mention.start


def _combine_periods(analysed: str, mentions: list[DateMention]) -> list[DateMention]:
    """Combine "A tot en met B" into periods."""
    combined: list[DateMention] = []
    index = 0
    while index < len(mentions):
        mention = mentions[index]
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        start = _period_start(analysed, mention, following) if following is not None else None
        if following is not None and start is not None:
            combined.append(DateMention(start, following.end, "period", first=mention.first, last=following.last,
                                        parts=[mention, following]))
            index += 2
            continue
        combined.append(mention)
        index += 1
    return combined


def _weeks(analysed: str, combined: list[DateMention], letter_date: date | None,
           past_sentence: Any, results: BlockResults | None) -> list[DateMention]:
    """Week numbers ("week 23", "week 23 tot en met 25") outside the dates found."""
    taken = span_mask(len(analysed), [(m.start, m.end) for m in combined])
    weeks = []
    for match in _all_week_numbers(analysed, results):
        if any(taken[match.start:match.end]):
            continue
        w1, w2, year = match.week, match.week_end, match.year
        explicit = year is not None
        if year is None and letter_date is not None:
            year = letter_date.isocalendar()[0]
            if w1 < letter_date.isocalendar()[1] and not (past_sentence and past_sentence(match.start)):
                year += 1
        bounds1 = _iso_week_bounds(year, w1) if year else None
        bounds2 = _iso_week_bounds(year, w2) if year and w2 else bounds1
        weeks.append(DateMention(match.start, match.end, "week" if w2 is None else "period",
                                 first=bounds1[0] if bounds1 else None, last=bounds2[1] if bounds2 else None,
                                 year_explicit=explicit, week=w1, week_end=w2))
    return weeks


@dataclass(frozen=True)
class _WeekNumber:
    """A week number as written ("week 23", "week 23 t/m 25 van 2025"), before its year is known."""

    start: int
    end: int
    week: int
    week_end: int | None
    year: int | None


def _find_week_numbers_in(text: str) -> list[_WeekNumber]:
    found = []
    for match in WEEK.finditer(text):
        w1 = int(match.group("w1"))
        w2 = int(match.group("w2")) if match.group("w2") else None
        if not 1 <= w1 <= 53 or (w2 is not None and not w1 <= w2 <= 53):
            continue
        found.append(_WeekNumber(match.start(), match.end(), w1, w2,
                                 int(match.group("year")) if match.group("year") else None))
    return found


_all_week_numbers = ByParagraph(_find_week_numbers_in, lambda week, offset: _WeekNumber(
    week.start + offset, week.end + offset, week.week, week.week_end, week.year))


def _mark_week_of(analysed: str, combined: list[DateMention]) -> None:
    """"in de week van <date>": the date stands for its week."""
    for mention in combined:
        if mention.kind == "date":
            lead = WEEK_OF.search(analysed[max(0, mention.start - 30):mention.start])
            if lead:
                mention.start -= len(lead.group(0))
                mention.kind = "week_of"
                if mention.first:
                    mention.last = mention.first + timedelta(days=6)


def _resolve_years(mentions: list[DateMention], letter_date: date | None,
                   past_sentence: Callable[[int], bool] | None) -> None:
    explicit = [m for m in mentions if m.year_explicit and m.first]
    for mention in mentions:
        if mention.first is not None or mention.month is None or mention.day is None:
            continue
        if letter_date is not None:
            candidate = _safe_date(letter_date.year, mention.month, mention.day)
            if candidate is None:  # 29 February in a common year
                candidate = _safe_date(letter_date.year + 1, mention.month, mention.day)
            in_past = bool(past_sentence and past_sentence(mention.start))
            if candidate is not None and not in_past and candidate < letter_date:
                candidate = _safe_date(candidate.year + 1, mention.month, mention.day)
            elif candidate is not None and in_past and candidate > letter_date:
                candidate = _safe_date(candidate.year - 1, mention.month, mention.day)
            mention.first = mention.last = candidate
            continue
        before = [m for m in explicit if m.start < mention.start]
        source = before[-1] if before else (explicit[0] if explicit else None)
        if source is not None and source.first is not None:
            mention.first = mention.last = _safe_date(source.first.year, mention.month, mention.day)


# A year written in the text: "brief van december 2011", a reference number "(2023-118)".
_TEXT_YEAR = re.compile(r"(?<![\w/.:-])((?:19|20)\d\d)(?![\w/])")


def _years_from_weekdays(analysed: str, mentions: list[DateMention]) -> None:
    """Without a letter date or any full date: a day with its weekday ("dinsdag 3 januari")
    gets the year, at most two from one written in the text, in which that day has that
    weekday; the other days without a year take the same year."""
    years = sorted({int(y) for y in _TEXT_YEAR.findall(analysed)})
    if not years:
        return
    inferred: date | None = None
    for mention in mentions:
        if mention.first is not None or not mention.weekday or mention.month is None or mention.day is None:
            continue
        fits = {y + d for y in years for d in (0, 1, 2, -1)
                if (day := _safe_date(y + d, mention.month, mention.day)) is not None
                and WEEKDAYS[day.weekday()] == mention.weekday}
        if len(fits) == 1:
            year = fits.pop()
            mention.first = mention.last = _safe_date(year, mention.month, mention.day)
            inferred = inferred or mention.first
    if inferred is None:
        return
    for mention in mentions:
        if mention.first is None and mention.month is not None and mention.day is not None:
            mention.first = mention.last = _safe_date(inferred.year, mention.month, mention.day)


def span_mask(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """A byte per character, 1 inside any of ``spans``: overlap tests in constant time per span."""
    mask = bytearray(length + 1)
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


# "aanvang 19.30", "zaal open: 19.00": a time without "uur" that is a time all the same.
_CLOCK_CUE = re.compile(r"\b(?:aanvang|aanvangstijd|zaal\s+open|inloop|start|begint|tijd)\s*:?\s*$", re.IGNORECASE)
# "vanaf 12.50 euro": an amount or a measure, not a time.
_NOT_A_CLOCK = re.compile(r"\s*(?:euro|eur\b|€|meter|m\b|km|kilo|procent|%|cm)", re.IGNORECASE)


def find_times(analysed: str, exclude: list[tuple[int, int]], results: BlockResults | None = None) -> list[TimeMention]:
    """Clock times and time ranges ("7.30 uur", "19.30 - 21.00 uur", "van 9.00 tot 17.00 uur")
    outside the spans in ``exclude``."""
    taken = span_mask(len(analysed), exclude)
    return [time for time in _all_times(analysed, results) if not any(taken[time.start:time.end])]


def _find_times_in(analysed: str) -> list[TimeMention]:
    result = []
    for match in TIME_RANGE.finditer(analysed):
        t1, t2 = match.group("t1"), match.group("t2")
        has_uur = bool(match.group("uur")) or re.search(r"\buur\b|\bu\b", match.group(0), re.IGNORECASE)
        lead = match.group(0).lower().lstrip()
        colon = ":" in t1 or (t2 is not None and ":" in t2)
        clock_lead = lead.startswith(("om ", "vanaf ")) or bool(_CLOCK_CUE.search(analysed[max(0, match.start() - 20):
                                                                                           match.start()]))
        if not (has_uur or colon or (t2 is not None and "." in t1 and "." in t2) or clock_lead):
            continue
        if not has_uur and _NOT_A_CLOCK.match(analysed, match.end()):
            continue
        if t2 is None and "." not in t1 and ":" not in t1 and not has_uur:
            continue
        result.append(TimeMention(match.start(), match.end(), _clock(t1), _clock(t2) if t2 else None))
    return result


_all_times = ByParagraph(_find_times_in, lambda t, offset: TimeMention(t.start + offset, t.end + offset, t.begin,
                                                                           t.finish))


def _clock(value: str) -> str:
    parts = re.split(r"[.:]", value)
    hours = int(parts[0])
    minutes = int(parts[1]) if len(parts) > 1 else 0
    return f"{hours:02d}:{minutes:02d}"


@dataclass
class MonthMention:
    """A named month (or two) as the time of something: "eind maart", "in mei en juni 2025"."""

    start: int
    end: int
    month: int
    year: int | None = None

    def to_dict(self, text: str) -> dict[str, Any]:
        return {"text": text[self.start:self.end], "start": self.start, "end": self.end, "month": self.month,
                "year": self.year}


def find_months(analysed: str, exclude: list[tuple[int, int]], results: BlockResults | None = None
                ) -> list[MonthMention]:
    """Named months outside the spans in ``exclude`` (the dates already found)."""
    taken = span_mask(len(analysed), exclude)
    return [month for month in _all_months(analysed, results) if not any(taken[month.start:month.end])]


def _find_months_in(analysed: str) -> list[MonthMention]:
    found = []
    for match in MONTH_SPAN.finditer(analysed):
        name = (match.group("m1") or match.group("m0")).lower()
        year = int(match.group("year")) if match.group("year") else None
        found.append(MonthMention(match.start(), match.end(), MONTHS[name], year))
    return found


_all_months = ByParagraph(_find_months_in,
                          lambda m, offset: MonthMention(m.start + offset, m.end + offset, m.month, m.year))


def find_vague(analysed: str, exclude: list[tuple[int, int]], results: BlockResults | None = None
               ) -> list[VagueMention]:
    """Vague moments: binnenkort, eind maart, in het najaar, na de zomer, medio 2025 ..."""
    taken = span_mask(len(analysed), exclude)
    return [vague for vague in _all_vague(analysed, results) if not any(taken[vague.start:vague.end])]


def _find_vague_in(analysed: str) -> list[VagueMention]:
    result = []
    for match in VAGUE.finditer(analysed):
        text = match.group(0)
        if _SEASON_NEEDS_LEAD.match(text) and not re.search(r"(?:19|20)\d\d", text):
            continue  # "de zomer" as a plain noun ("de zomer was warm") is not a moment
        result.append(VagueMention(match.start(), match.end()))
    return result


_all_vague = ByParagraph(_find_vague_in, lambda v, offset: VagueMention(v.start + offset, v.end + offset))


_LETTER_FIELD = re.compile(r"^[ \t>*_#-]*(?:(?:plaats\s*(?:en|,|/)\s*)?datum(?:\s+brief)?|verzenddatum|"
                           r"verzonden(?:\s+op)?|dagtekening)\s*:?[ \t]*(.*)$", re.IGNORECASE | re.MULTILINE)
# "Brief van 1 mei", "Brief Liander d.d. 30 mei 2024", "bericht van de gemeente, gedateerd 2 mei".
_LETTER_OF = re.compile(r"\b(?:brief|bewonersbrief|bericht)\b[^.\n]{0,40}?\b(?:van|d\.\s?d\.|gedateerd|verstuurd\s+op)"
                        r"\s+$", re.IGNORECASE)
# "Den Haag, 3 mei 2024", "Den Haag: 3 mei 2024" alone on a line (a colon or a full stop after it too).
_PLACE_LEAD = re.compile(r"^[ \t]*(?:[A-Z][\w'’.-]*(?:[ \t]+[\w'’.-]+){0,3}[ \t]*[,:][ \t]*)?$")


def find_letter_date(document: Any) -> DateMention | None:
    """The letter date: a ``Datum:`` field, ``Plaats, 6 mei 2024`` or a lone date near the top,
    "Brief van 6 mei" or a head line that begins with the date. Without a year it takes the
    year of the next date in the letter that has one (the letter comes before it)."""
    analysed = document.analysed
    first_prose = next((b.start for b in document.blocks if b.kind in ("salutation", "paragraph", "list_item")
                        and not _LETTER_FIELD.match(analysed[b.start:b.end])), len(analysed))
    limit = max(first_prose, min(len(analysed), 600))
    found = _date_in_top(analysed[:limit])
    if found is None:
        return None
    found = replace(found, parts=list(found.parts))  # the kept one stays as it was found
    if found.first is not None:
        return found
    return _with_year_of_next(found, analysed)


# Read on every keystroke, line by line, and the top of a letter seldom changes while it is
# being written (0.2 ms on the benchmark's ten-page letter).
@functools.lru_cache(maxsize=2)
def _date_in_top(top: str) -> DateMention | None:
    """The letter date as the top of the letter (``top``) gives it, its year perhaps missing."""
    return _field_date(top) or _lone_date(top) or _letter_of_date(top) or _quoted_letter_date(top)


def _field_date(top: str) -> DateMention | None:
    for match in _LETTER_FIELD.finditer(top):
        line = top[match.start(1):match.end(1)]
        dates = find_simple_dates(line)
        if dates:
            return replace(dates[0], start=dates[0].start + match.start(1), end=dates[0].end + match.start(1))
    return None


def _lone_date(top: str) -> DateMention | None:
    for number, match in enumerate(re.finditer(r"^[^\r\n]*", top, re.MULTILINE)):
        line = match.group(0)
        dates = [m for m in find_simple_dates(line) if m.first is not None and m.year_explicit]
        if len(dates) != 1:
            continue
        date_, rest = dates[0], line[dates[0].end:].strip()
        alone = rest.strip(".:") == "" and _PLACE_LEAD.match(line[:date_.start])
        # "4 juli 2009 Bewonerscommissie Noord": a head line that opens with the date and a sender.
        opens = number < 6 and line[:date_.start].strip() == "" and 0 < len(rest.split()) <= 5 and not re.search(
            r"[.!?]", rest)
        if alone or opens:
            return replace(date_, start=date_.start + match.start(), end=date_.end + match.start())
    return None


def _letter_of_date(top: str) -> DateMention | None:
    for mention in find_simple_dates(top):
        before = top[max(0, mention.start - 60):mention.start]
        if _LETTER_OF.search(before) and not names_earlier_letter(before):
            return mention
    return None


def names_earlier_letter(before: str) -> bool:
    """Whether the words before a date make it the date of an earlier letter ("in onze brief
    van", "onze vorige bewonersbrief d.d.")."""
    return bool(_LETTER_OF.search(before) and _EARLIER_LETTER.search(before))


# "In onze brief van 2 september schreven wij ...": an earlier letter, not this one's date.
_EARLIER_LETTER = re.compile(r"\b(?:onze|uw|mijn|de\s+vorige|vorige|eerdere|laatste|in\s+de)\s+(?:\w+\s+)?"
                             r"(?:brief|bewonersbrief|bericht)\b[^.\n]{0,40}?$", re.IGNORECASE)


# "Op 22 maart ontving de wijkraad onderstaande e-mail": the date of the letter quoted below.
_QUOTED_LETTER = re.compile(r"[^.\n]{0,60}?\b(?:ontving\w*|kreeg\w*|stuurde\w*|verstuurde\w*|schreef)\b[^.\n]{0,80}?"
                            r"\b(?:onderstaande|onderstaand|volgende|hierna\s+volgende)\s+(?:e-?mail|brief|bericht)\b",
                            re.IGNORECASE)


def _quoted_letter_date(top: str) -> DateMention | None:
    for mention in find_simple_dates(top):
        if mention.year_explicit and _QUOTED_LETTER.match(top, mention.end):
            return mention
    return None


def _with_year_of_next(mention: DateMention, analysed: str) -> DateMention:
    later = [m for m in find_simple_dates(analysed[mention.end:]) if m.first is not None and m.year_explicit]
    if not later or mention.month is None or mention.day is None:
        return mention
    after = later[0].first
    assert after is not None
    year = after.year if (mention.month, mention.day) <= (after.month, after.day) else after.year - 1
    day = _safe_date(year, mention.month, mention.day)
    return replace(mention, first=day, last=day)


def wrong_weekday(part: DateMention) -> str | None:
    """The right weekday when ``part`` names another one ("maandag 4 juni 2024": dinsdag)."""
    if not part.weekday or part.first is None:
        return None
    right = WEEKDAYS[part.first.weekday()]
    return None if right == part.weekday else right


def doubtful_spans(mentions: list[DateMention], letter_date: date | None, start: DateMention | None,
                   end: DateMention | None) -> frozenset[tuple[int, int]]:
    """Spans of the dates the timing checks call wrong: a weekday that does not match, a coming
    date before the letter date, a period (or the works) ending before it begins. Nothing may
    restate such a date as if it were right (the summary leaves it out)."""
    spans: set[tuple[int, int]] = set()
    for mention in mentions:
        parts = mention.parts or [mention]
        if any(wrong_weekday(part) for part in parts):
            spans.add((mention.start, mention.end))
        if letter_date is not None and mention.first is not None and mention.first < letter_date \
                and mention.role in ("event", "meeting", "deadline"):
            spans.add((mention.start, mention.end))
        if mention.kind == "period" and mention.first and mention.last and mention.last < mention.first:
            spans.add((mention.start, mention.end))
    if start is not None and end is not None and start.first and end.last and end.last < start.first:
        spans.update({(start.start, start.end), (end.start, end.end)})
    return frozenset(spans)


# The singular past of a weak verb beside its subject: "Op 8 januari meldde u ...", "u belde ons".
# (The plural, "melden", is also the present; words such as "beste" and "grote" are adjectives.)
_WEAK_PAST = re.compile(r"\b(?:u|hij|zij|ik)\s+vroeg\b|\bvroeg\s+(?:u|hij|zij|ik)\b|"  # "U vroeg op 3 maart om ..."
                        r"\b(?:u|hij|zij|ik)\s+(?!(?:beste|eerste|grote|laatste|late|goede|hele|vaste|echte|mede|"
                        r"volgende|andere|brede|rechte)\b)[a-z]{3,}(?:de|te)\b|"
                        r"\b(?!(?:beste|eerste|grote|laatste|late|goede|hele|vaste|echte|mede|volgende|andere|brede|"
                        r"rechte)\b)[a-z]{3,}(?:de|te)\s+(?:u|hij|zij|ik)\b", re.IGNORECASE)


def is_past_sentence(sentence_text: str) -> bool:
    """Does a sentence speak of the past? (perfect/past tense markers, no future marker)."""
    return bool(_PAST.search(sentence_text) or _WEAK_PAST.search(sentence_text)) \
        and not _PAST_PRESENT_PERFECT_FUTURE.search(sentence_text)


def dutch_date(value: date, weekday: bool = True) -> str:
    """``maandag 3 juni 2024``."""
    text = f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"
    return f"{WEEKDAYS[value.weekday()]} {text}" if weekday else text

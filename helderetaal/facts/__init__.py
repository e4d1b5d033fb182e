"""Facts read from a letter: dates, contacts, meetings, reasons, actions, pointers to more
information; the required elements they add up to and the detected profile. The Letter
(:mod:`helderetaal.letter`) adds the resolved profile and the summary.

The JSON ``facts`` object (stable names; every ``start``/``end`` is an offset into the text as
read, so ``text[start:end] == item["text"]``)::

    letter_date, start_date, end_date   ISO YYYY-MM-DD or null
    profile                             the resolved profile (directive, then CLI/config, then detection)
    detected_profile                    what detection alone chose
    subject                             the Onderwerp/Betreft line or first heading, or null
    dates        [{text,start,end,kind: date|week|week_of|period, date, end_date, weekday, role, week?}]
                 role: letter_date | head | event | meeting | deadline | past
    times        [{text,start,end,from: "HH:MM", to: "HH:MM"|null}]
    vague_timing [{text,start,end}]
    months       [{text,start,end,month,year}]   a named month as timing ("eind maart")
    contacts     {people: [{name,role,organisation,contact_person,phone,email,text,start,end}],
                  phones: [{text,start,end,number,general}], emails: [{text,start,end,address,general}],
                  websites: [{text,start,end,url}], web_forms: [...], opening_hours: [...],
                  organisations: [{text,start,end,name}]}
    meetings     [{what,date,time_from,time_to,place,place_kind,registration (true/false/null),
                   registration_deadline,text,start,end,day_text}]
                 date: ISO or null (also when the day is named without a year: then day_text
                 holds it as written); place_kind: field|building|address|venue|platform|online
    reasons      [{text,start,end,marker}]
    actions      [{text,start,end,deadline,kind: action|no_action}]
    impacts      [{text,start,end}]       what the reader will notice (hinder, afsluiting)
    more_info    [{text,start,end,kind: website|app|meeting|other}]
    attachments  [{text,start,end}]       a 'bijlage' mentioned: not information the reader has
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from ..finding import ELEMENT_KEYS
from ..structure import BODY_KINDS, PROSE_KINDS
from . import actions as act
from . import contacts as con
from . import dates as dt
from . import meetings as mt
from .chunks import ByParagraph
from .profile import DEFAULT_PROFILES, detect_profile, profile_texts
from .lexicon import cue_pattern, lexicon
from .reasons import explains_sentence_before, meeting_purpose, reason_marker, why_question
from .subject import find_subject, first_paragraph

if TYPE_CHECKING:
    from ..document import Document
    from ..structure import Block, Sentence

__all__ = ["DEFAULT_PROFILES", "Evidence", "Facts", "extract_facts"]

_BODY = BODY_KINDS


class _Starts(Protocol):
    start: int


_S = TypeVar("_S", bound=_Starts)
_PROSE = PROSE_KINDS
_START_CUE = re.compile(r"(?:\b(?:vanaf|per|start\w*|begin\w*|beginnen|gaan\s+van\s+start|aan\s+de\s+slag|"
                        r"beginnen|starten|van)\b[^.!?]{0,40})$", re.IGNORECASE)
_END_CUE_BEFORE = re.compile(r"(?:\b(?:tot\s+en\s+met|t/m|tot|uiterlijk|eind(?:igt|igen|e)?|klaar|gereed|afgerond|"
                             r"opgeleverd|duurt|duren)\b[^.!?]{0,40})$", re.IGNORECASE)
_END_CUE_SENTENCE = re.compile(r"\b(?:klaar|gereed|afgerond|opgeleverd|eindigt|eindigen|afronden|duurt\s+tot|"
                               r"duren\s+tot|weer\s+(?:open|bereikbaar|vrij|beschikbaar|te\s+gebruiken|in\s+gebruik))\b",
                               re.IGNORECASE)


@dataclass(frozen=True)
class Evidence:
    """Where in the letter an element was found."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Facts:
    """Everything extracted from one letter.

    ``data`` is the JSON ``facts`` object; the attributes after it keep the parsed objects for
    rules (date mentions with :class:`datetime.date` values, the letter date mention ...).
    """

    elements: dict[str, list[Evidence]] = field(default_factory=lambda: {key: [] for key in ELEMENT_KEYS})
    detected_profile: str = "algemeen"
    letter_date: dt.DateMention | None = None
    dates: list[dt.DateMention] = field(default_factory=list)
    times: list[dt.TimeMention] = field(default_factory=list)
    vague: list[dt.VagueMention] = field(default_factory=list)
    months: list[dt.MonthMention] = field(default_factory=list)
    start: dt.DateMention | None = None
    end: dt.DateMention | None = None
    start_date: date | None = None
    end_date: date | None = None
    impacts: list[Evidence] = field(default_factory=list)
    meetings: tuple[mt.Meeting, ...] = ()
    people: tuple[con.Person, ...] = ()
    actions: tuple[act.Action, ...] = ()
    #: The reader's channels: phone numbers, e-mail addresses and web forms (``general`` when
    #: they reach an organisation's desk rather than a person).
    phones: tuple[con.Found, ...] = ()
    emails: tuple[con.Found, ...] = ()
    web_forms: tuple[con.Found, ...] = ()
    #: The text as read: every ``start``/``end`` above is an offset into it.
    source: str = field(default="", repr=False)
    subject: str | None = None
    first_paragraph: Block | None = None
    scores: dict[str, int] = field(default_factory=dict)
    #: Spans of dates a timing check calls wrong (see :func:`dates.doubtful_spans`).
    doubtful: frozenset[tuple[int, int]] = frozenset()
    #: Makes the JSON ``facts`` object the first time :attr:`data` is read (then dropped): the
    #: language server never reads it, and on ten pages it took 0.5 ms of every keystroke.
    json_maker: Callable[[], dict[str, Any]] | None = field(default=None, repr=False, compare=False)
    _data: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def data(self) -> dict[str, Any]:
        """The JSON ``facts`` object (see the module docstring)."""
        if self._data is None:
            self._data = self.json_maker() if self.json_maker is not None else {}
            self.json_maker = None
        return self._data

    def text_of(self, found: con.Found) -> str:
        """The words of the letter a channel (phone, e-mail, web form) was read from."""
        return self.source[found.start:found.end]

    def doubtful_dates(self) -> frozenset[date]:
        """The days of the dates in doubt (each day of a wrong period too)."""
        days: set[date] = set()
        for mention in self.dates:
            if (mention.start, mention.end) in self.doubtful:
                for part in mention.parts or [mention]:
                    days.update(day for day in (part.first, part.last) if day is not None)
        return frozenset(days)

    def elements_dict(self) -> dict[str, Any]:
        """The JSON ``elements`` object."""
        return {
            key: {"present": bool(self.elements.get(key)), "evidence": [e.to_dict() for e in self.elements.get(key, [])]}
            for key in ELEMENT_KEYS
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON ``facts`` object."""
        return dict(self.data)

    def present(self, key: str) -> bool:
        return bool(self.elements.get(key))


class _Letter:
    """Lookup helpers over one document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self.analysed = document.analysed
        self.blocks = document.blocks
        self._block_starts = [b.start for b in self.blocks]
        self._memo: dict[tuple[str, int], Any] = {}
        #: The language server's per-block results, where the finders keep what each paragraph held.
        self.results = document.block_results

    def block_at(self, offset: int) -> Block | None:
        index = bisect.bisect_right(self._block_starts, offset) - 1
        if index >= 0 and self.blocks[index].start <= offset < self.blocks[index].end:
            return self.blocks[index]
        return None

    def kind_at(self, offset: int) -> str | None:
        block = self.block_at(offset)
        return block.kind if block else None

    def sentence_at(self, offset: int) -> Sentence | None:
        return self.document.sentence_at(offset)

    def memo(self, name: str, offset: int, compute: Callable[[str], Any]) -> Any:
        """``compute(sentence_text)`` once per sentence (long letters stay linear)."""
        sentence = self.sentence_at(offset)
        key = (name, sentence.start if sentence else -1)
        if key not in self._memo:
            self._memo[key] = of_text(compute, self.sentence_text(offset))
        return self._memo[key]

    def sentence_text(self, offset: int) -> str:
        sentence = self.sentence_at(offset)
        return self.analysed[sentence.start:sentence.end] if sentence else ""

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(start, end, self.text[start:end])

    @functools.cached_property
    def prose(self) -> list[tuple[Sentence, str]]:
        """Each prose sentence with its text: several readers walk them all, and each text is
        cut (and hashed, as a key of :func:`of_text`) once."""
        analysed = self.analysed
        return [(s, analysed[s.start:s.end]) for s in self.document.sentences if s.kind in _PROSE]

    @functools.cached_property
    def prose_flags(self) -> tuple[bool, bool, bool]:
        """Whether anywhere in the prose the writer asks to be contacted ("bel mij"), says that
        registering is not needed, and asks to register: one reading per sentence for the three
        (a ten-page letter has hundreds of sentences, and each keystroke asked them thrice)."""
        flags = [of_text(_prose_flags, text) for _, text in self.prose]
        return any(f[0] for f in flags), any(f[1] for f in flags), any(f[2] for f in flags)

    def past(self, offset: int) -> bool:
        """Whether the sentence at ``offset`` speaks of the past."""
        return bool(self.memo("past", offset, dt.is_past_sentence))

    def meeting_sentence(self, offset: int) -> bool:
        """Whether the sentence at ``offset`` is about a meeting."""
        if self.memo("meeting_word", offset, mt.names_meeting):
            return True
        # Detail lines ("Wanneer: ...", "Waar: ...", "Aanvang: ...") are read as a group.
        return bool(of_text(_names_meeting_details, _nearby_lines(self.analysed, offset)))

    def unit_of(self, offset: int) -> tuple[int, int]:
        """The block around an offset; consecutive head or sign-off lines count as one unit."""
        block = self.block_at(offset)
        if block is None:
            return offset, offset
        if block.kind in ("head", "signoff"):
            first = last = block.index
            while first > 0 and self.blocks[first - 1].kind == block.kind:
                first -= 1
            while last + 1 < len(self.blocks) and self.blocks[last + 1].kind == block.kind:
                last += 1
            return self.blocks[first].start, self.blocks[last].end
        return block.start, block.end


#: Results of pure functions of a sentence's text, kept across letters: the language server checks
#: a letter again after every keystroke, and all but one of its sentences are as they were.
_OF_TEXT: dict[tuple[object, str, tuple[Any, ...]], Any] = {}
#: Most results kept, and most characters of text they hold; then the memo starts again (it is a
#: cache, not a record). A longer text is not kept at all: a sentence of a megabyte (a text
#: without full stops) would otherwise stay in memory, once per test.
_OF_TEXT_LIMIT = 20_000
_OF_TEXT_CHARS = 2_000_000
_OF_TEXT_LONGEST = 4_000
_of_text_held = 0


def of_text(function: Callable[..., Any], text: str, *args: Any) -> Any:
    """``function(text, *args)``, remembered: only for a function whose result depends on nothing
    but its arguments (the sentence tests of :mod:`.actions`, :mod:`.reasons`, :mod:`.dates`...).
    A lambda is known by its code; one that closes over a variable is not remembered."""
    global _of_text_held
    identity: object = function
    if getattr(function, "__name__", "") == "<lambda>":
        if getattr(function, "__closure__", None) or getattr(function, "__defaults__", None):
            return function(text, *args)
        identity = getattr(function, "__code__")
    if len(text) > _OF_TEXT_LONGEST:
        return function(text, *args)
    key = (identity, text, args)
    try:
        return _OF_TEXT[key]
    except KeyError:
        pass
    value = function(text, *args)
    if len(_OF_TEXT) >= _OF_TEXT_LIMIT or _of_text_held + len(text) > _OF_TEXT_CHARS:
        _OF_TEXT.clear()
        _of_text_held = 0
    _OF_TEXT[key] = value
    _of_text_held += len(text)
    return value


def _people(letter: _Letter, phones: list[con.Found], emails: list[con.Found], roles: list[con.Found],
            organisations: list[con.Found]) -> tuple[list[con.Person], list[Evidence]]:
    """The people named in the letter, with their role, organisation and channels; the
    evidence of those the reader can contact."""
    analysed = letter.analysed
    cue_cache: dict[int, bool] = {}

    def sentence_cue(offset: int) -> bool:
        sentence = letter.sentence_at(offset)
        key = sentence.start if sentence else -1
        if key not in cue_cache:
            cue_cache[key] = con.has_contact_cue(letter.sentence_text(offset))
        return cue_cache[key]

    def contact_context(offset: int) -> bool:
        kind = letter.kind_at(offset)
        if kind == "signoff":
            return True
        line_start = analysed.rfind("\n", 0, offset) + 1
        before = analysed[line_start:offset]
        if con.is_head_person_field(before):
            return True
        lead = analysed[max(line_start, offset - 40):offset]
        if con.ends_with_role(lead) or con.is_followed_by_role(analysed[offset:offset + 80]):
            return True  # "de uitvoerder Anna Smit", "Anna Smit is uitvoerder": a role names a person
        # "Neem contact op met Anna Smit", "Bel dan Femke Jacobs": the name right after the cue.
        return sentence_cue(offset) and bool(re.search(r"\b(?:met|bij|aan|is|door|:|bel|mail|app|vraag)"
                                                       r"(?:\s+(?:of\s+mail|of\s+bel|dan|gerust|even))*\s*$|,\s*$",
                                                       lead, re.IGNORECASE))

    people_found = [p for p in con.find_people(analysed, contact_context, letter.results) if letter.kind_at(p.start) is not None]
    channels = phones + emails
    # Asked for each person: the phones and e-mail addresses in a stretch, in that order.
    phones_in, emails_in = _Within(phones), _Within(emails)
    role_starts, organisation_starts = [r.start for r in roles], [o.start for o in organisations]
    people: list[con.Person] = []
    person_evidence: list[Evidence] = []
    for person in people_found:
        unit = letter.unit_of(person.start)
        sentence = letter.sentence_at(person.start)
        line_start = analysed.rfind("\n", 0, person.start) + 1
        head_field = con.is_head_person_field(analysed[line_start:person.start])
        in_unit = phones_in(*unit) + emails_in(*unit)
        if letter.kind_at(person.start) in _PROSE and sentence is not None:
            # In prose: this sentence and the next one.
            following = [sentence]
            if sentence.index + 1 < len(letter.document.sentences) and letter.document.sentences[sentence.index + 1].block == sentence.block:
                following.append(letter.document.sentences[sentence.index + 1])
            low, high = following[0].start, following[-1].end
            in_unit = phones_in(low, high) + emails_in(low, high)
        cue = head_field or sentence_cue(person.start)
        is_contact = bool(in_unit) or (cue and bool(channels) and letter.kind_at(person.start) != "signoff")
        if not is_contact and letter.kind_at(person.start) in _PROSE and sentence is not None:
            # "Anna Smit is de uitvoerder. U kunt haar benaderen als ...": a named contact without a channel.
            is_contact = con.sends_reader_to_person(analysed[sentence.start:following[-1].end])
        role = _near(roles, role_starts, person, analysed, 80)
        org = _near(organisations, organisation_starts, person, analysed, 120)
        phone = next((c for c in in_unit if c.kind == "phone"), None)
        email = next((c for c in in_unit if c.kind == "email"), None)
        people.append(con.Person(
            name=person.value, role=role.value if role else None, organisation=org.value if org else None,
            contact_person=is_contact, phone=phone.value if phone else None,
            email=email.value if email else None, text=letter.text[person.start:person.end],
            start=person.start, end=person.end,
        ))
        if is_contact:
            person_evidence.append(letter.evidence(person.start, person.end))
            for channel in in_unit[:2]:
                person_evidence.append(letter.evidence(channel.start, channel.end))
    return _link_signatory(letter, people, emails, person_evidence), person_evidence



def _continues_request(letter: _Letter, sentence: Sentence | None) -> bool:
    """Whether a short sentence ("Dat kan tot en met 30 juni.") continues a request in the
    sentence before it: its date is the request's deadline."""
    if sentence is None or sentence.index == 0:
        return False
    text = letter.analysed[sentence.start:sentence.end]
    if not re.match(r"\W*(?:dat|dit|het)\s+(?:kan|mag|kunt\s+u|moet)\b", text, re.IGNORECASE):
        return False
    before = letter.document.sentences[sentence.index - 1]
    previous = letter.analysed[before.start:before.end]
    return bool(act.DEADLINE_CONTEXT.search(previous) or act.action_match(previous))


def _assign_roles(letter: _Letter, body_mentions: list[dt.DateMention], meeting_spans: list[tuple[int, int]],
                  reference: date | None) -> None:
    """Each date of the body is the works' (event), a meeting's, a deadline or past."""
    analysed = letter.analysed
    for mention in body_mentions:
        sentence = letter.sentence_at(mention.start)
        low = max(sentence.start if sentence else 0, mention.start - 60)
        before = analysed[low:mention.start]
        if dt.names_earlier_letter(before):
            mention.role = "past"  # "in onze brief van 2 september": the date of an earlier letter
        elif act.DEADLINE_LEAD.search(before) and (letter.memo(
                "deadline_context", mention.start,
                lambda text: bool(act.DEADLINE_CONTEXT.search(text) or act.action_match(text)))
                or _continues_request(letter, sentence)):
            mention.role = "deadline"
        elif letter.past(mention.start) and reference is not None and mention.first is not None \
                and (mention.last or mention.first) < reference:
            mention.role = "past"  # "op de bewonersavond van 12 november kwamen 40 bewoners": a meeting that was
        elif any(s <= mention.start < e for s, e in meeting_spans) or letter.meeting_sentence(mention.start):
            mention.role = "meeting"
        elif letter.memo("cancelled", mention.start, lambda text: bool(_cue("cancelled").search(text))):
            mention.role = "past"  # called off: no longer a date of anything
        elif letter.memo("participation", mention.start, lambda text: bool(_cue("participation").search(text))):
            mention.role = "deadline"  # a period to react or take part, not the works
        elif letter.past(mention.start) and (reference is None or mention.first is None
                                                     or (mention.last or mention.first) < reference):
            mention.role = "past"
        elif reference is not None and mention.first is not None and (mention.last or mention.first) < reference \
                and sentence is not None and dt.is_past_sentence(_clause(analysed, sentence, mention)):
            # "Het college heeft op 2 maart besloten dat vanaf 1 mei ... geldt": the decision's date
            # is past, even where the rest of the sentence speaks of what comes.
            mention.role = "past"



_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:dat|omdat|zodat|waardoor|en|maar|want|die|wat|waarin|waarna)\b",
                           re.IGNORECASE)


def _clause(analysed: str, sentence: Sentence, mention: dt.DateMention) -> str:
    """The clause of a sentence that holds a date: from the break before it to the break after it."""
    text = analysed[sentence.start:sentence.end]
    at, until = mention.start - sentence.start, mention.end - sentence.start
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, at)]
    following = _CLAUSE_BREAK.search(text, until)
    return text[starts[-1] if starts else 0:following.start() if following else len(text)]


# An inspection walk or an opening is no place to learn about the plans.
_NOT_INFORMATION_MEETING = re.compile(r"\b(?:\w*schouw|(?:feestelijke\s+)?opening|excursie)\b", re.IGNORECASE)
_WALK_IN = re.compile(r"\b(?:koffie\s*moment|koffieochtend|informatiepunt|infopunt|inloopspreekuur|spreekuur)\b",
                      re.IGNORECASE)


def _names_information_meeting(text: str) -> bool:
    """Whether a sentence names a meeting or walk-in hour that is not called off (its tense aside)."""
    meeting = mt.search_meeting_word(text)
    if meeting is None and not _WALK_IN.search(text):
        return False
    if meeting is not None and (_NOT_INFORMATION_MEETING.fullmatch(meeting.group(0))
                                or re.search(r"\bgeen\s+(?:\w+\s+)?$", text[:meeting.start()], re.IGNORECASE)):
        return False  # "we kunnen geen bijeenkomst houden"
    return not _cue("cancelled").search(text)


def _more_information(text: str, info: str | None, has_url: bool, attachment: bool) -> str | None:
    """Where the sentence sends the reader for more ("website", "app", "other", "meeting"), if anywhere."""
    if not (info or has_url):
        # An information meeting, also one still undated; a past or cancelled one does not count.
        return "meeting" if of_text(_names_information_meeting, text) and not of_text(dt.is_past_sentence, text) \
            else None
    kind = "website" if has_url or (info and re.search(r"website|pagina|kijk|lees|zie", info, re.I)) \
        else "app" if info and "app" in info.lower() else "other"
    if attachment and not has_url and kind != "app" and not re.search(r"website|pagina|nieuwsbrief", text, re.IGNORECASE):
        return None  # "zie de bijlage": the attachment, not a place to read more
    return kind


def _read_sentence(text: str) -> tuple[str | None, str | None, bool, str | None, bool, str | None]:
    """What a prose sentence says on its own: (action, reason marker, impact, pointer to more
    information, attachment, meeting purpose), each the words that say it; read once per sentence text."""
    action = act.action_match(text)
    marker = reason_marker(text, action is not None)
    info = act.info_match(text)
    purpose = meeting_purpose(text)
    return (action.group(0) if action else None, marker.group(0) if marker else None, bool(act.impact_match(text)),
            info.group(0) if info else None, bool(act.mentions_attachment(text)), purpose.group(0) if purpose else None)


def _sentence_outcome(text: str, before_text: str | None, has_url: bool
                      ) -> tuple[str | None, str | None, str | None, bool, str | None, bool]:
    """What a prose sentence gives :func:`_sentence_facts`, from its text, the sentence before it
    (None: there is none) and whether a web address stands in it: (reason marker, or "waarom"
    for the answer to a "Waarom ...?" before it; the meeting purpose when there is no other
    reason; action; impact; where it sends the reader for more; attachment). The purpose counts
    as a reason only in a sentence about a meeting, which the caller asks the letter."""
    action, marker, impact, info, attachment, purpose = of_text(_read_sentence, text)
    if marker and before_text is not None and of_text(explains_sentence_before, text) \
            and of_text(_read_sentence, before_text)[2]:
        marker = None  # "Dit vanwege ..." after a sentence about the hinder explains the hinder
    reason = marker or ("waarom" if before_text is not None and of_text(why_question, before_text) else None)
    return (reason, None if reason else purpose, action, impact, _more_information(text, info, has_url, attachment),
            attachment)


def _sentence_facts(letter: _Letter, urls: list[con.Found]) -> tuple[list[tuple[Sentence, str]], list[tuple[Sentence, str]],
                                                                    list[Sentence], list[tuple[Sentence, str]], list[Sentence]]:
    """Per prose sentence: reasons, actions, impacts, pointers to more information, attachments."""
    analysed = letter.analysed
    reasons: list[tuple[Sentence, str]] = []
    actions_found: list[tuple[Sentence, str]] = []
    impacts: list[Sentence] = []
    infos: list[tuple[Sentence, str]] = []
    attachments: list[Sentence] = []
    url_starts = sorted(u.start for u in urls)
    sentences = letter.document.sentences
    for sentence, text in letter.prose:
        before = sentences[sentence.index - 1] if sentence.index > 0 else None
        before_text = analysed[before.start:before.end] if before is not None else None
        has_url = bisect.bisect_left(url_starts, sentence.start) < bisect.bisect_left(url_starts, sentence.end)
        reason, purpose, action, impact, kind, attachment = of_text(_sentence_outcome, text, before_text, has_url)
        if reason:
            reasons.append((sentence, reason))
        elif purpose and letter.meeting_sentence(sentence.start):
            reasons.append((sentence, purpose))
        if action:
            actions_found.append((sentence, action))
        if impact:
            impacts.append(sentence)
        if kind:
            infos.append((sentence, kind))
        if attachment:
            attachments.append(sentence)

    return reasons, actions_found, impacts, infos, attachments


@dataclass(frozen=True)
class _Found:
    """What :func:`extract_facts` found, on its way into the JSON ``facts`` object."""

    mentions: list[dt.DateMention]
    body_mentions: list[dt.DateMention]
    people: list[con.Person]
    phones: list[con.Found]
    emails: list[con.Found]
    urls: list[con.Found]
    forms: list[con.Found]
    hours: list[con.Found]
    organisations: list[con.Found]
    meetings: list[mt.Meeting]
    reasons: list[tuple[Sentence, str]]
    actions: list[tuple[Sentence, str]]
    infos: list[tuple[Sentence, str]]
    attachments: list[Sentence]


def _fill_elements(facts: Facts, letter: _Letter, found: _Found, person_evidence: list[Evidence]) -> None:
    """The evidence of each element (the Letter adds what depends on the profile)."""
    elements = facts.elements
    # Timing is the time of the works: meeting dates and deadlines are facts of their own.
    elements["timing"] = [letter.evidence(m.start, m.end) for m in found.body_mentions if m.role == "event"]
    elements["timing"] += [letter.evidence(m.start, m.end) for m in facts.months
                           if not letter.past(m.start) and not letter.meeting_sentence(m.start)]
    contact_items = sorted(found.phones + found.emails + found.forms, key=lambda f: f.start)
    elements["contact"] = [letter.evidence(c.start, c.end) for c in contact_items]
    # A named person the reader is sent to is a contact, even without number or address.
    elements["contact"] += [letter.evidence(p.start, p.end) for p in found.people
                            if p.contact_person and not (p.phone or p.email)]
    elements["contact"] = _dedupe(sorted(elements["contact"], key=lambda e: e.start))
    elements["contact_person"] = _dedupe(person_evidence)
    elements["action"] = [letter.evidence(s.start, s.end) for s, _ in found.actions]
    # A coming meeting with its day and hour is something the reader can attend, even when no
    # sentence says "kom" ("De avond begint om 20.00 uur"); an undated one is only announced.
    elements["action"] += [letter.evidence(m.start, m.end) for m in found.meetings
                           if m.date and m.time_from and not letter.past(m.start)]
    elements["action"] = _dedupe(sorted(elements["action"], key=lambda e: e.start))
    elements["reason"] = [letter.evidence(s.start, s.end) for s, _ in found.reasons]
    # A meeting named without its day or hour is only announced ("in januari volgt een
    # bewonersavond"): a fact (and more information), not yet the meeting element.
    elements["meeting"] = [letter.evidence(m.start, m.end) for m in found.meetings
                           if m.date or m.time_from]
    info_evidence = [letter.evidence(s.start, s.end) for s, _ in found.infos]
    info_evidence += [letter.evidence(m.start, m.end) for m in found.meetings
                      if not _NOT_INFORMATION_MEETING.fullmatch(m.what)]
    elements["more_info"] = _dedupe(sorted(info_evidence, key=lambda e: e.start))


def _json(facts: Facts, text: str, found: _Found) -> dict[str, Any]:
    """The JSON ``facts`` object (see the module docstring) of the letter ``text``."""
    return {
        "letter_date": facts.letter_date.iso() if facts.letter_date else None,
        "start_date": facts.start_date.isoformat() if facts.start_date else None,
        "end_date": facts.end_date.isoformat() if facts.end_date else None,
        "profile": facts.detected_profile,
        "subject": facts.subject,
        "dates": [m.to_dict(text) for m in found.mentions],
        "times": [t.to_dict(text) for t in facts.times],
        "vague_timing": [v.to_dict(text) for v in facts.vague],
        "months": [m.to_dict(text) for m in facts.months],
        "contacts": {
            "people": [p.to_dict() for p in facts.people],
            "phones": [{**con.to_dict(p, text), "number": p.value, "general": p.general} for p in found.phones],
            "emails": [{**con.to_dict(e, text), "address": e.value, "general": e.general} for e in found.emails],
            "websites": [{**con.to_dict(u, text), "url": u.value} for u in found.urls],
            "web_forms": [con.to_dict(f, text) for f in found.forms],
            "opening_hours": [con.to_dict(h, text) for h in found.hours],
            "organisations": [{**con.to_dict(o, text), "name": o.value} for o in found.organisations],
        },
        "meetings": [m.to_dict() for m in facts.meetings],
        "reasons": [{"text": text[s.start:s.end], "start": s.start, "end": s.end, "marker": marker}
                    for s, marker in found.reasons],
        "actions": [a.to_dict() for a in facts.actions],
        "impacts": [e.to_dict() for e in facts.impacts],
        "more_info": [{"text": text[s.start:s.end], "start": s.start, "end": s.end, "kind": kind} for s, kind in found.infos]
        + [{"text": m.text, "start": m.start, "end": m.end, "kind": "meeting"} for m in facts.meetings],
        "attachments": [{"text": text[s.start:s.end], "start": s.start, "end": s.end} for s in found.attachments],
    }


def _actions(letter: _Letter, found: list[tuple[Sentence, str]], mentions: list[dt.DateMention]
             ) -> list[act.Action]:
    """The action sentences as facts: ``no_action`` where the reader need do nothing, with the
    deadline a sentence names."""
    # A ten-page letter has hundreds of dates and dozens of actions, and few deadlines.
    deadlines = [m for m in mentions if m.role == "deadline"]

    def deadline_of(sentence: Sentence) -> date | None:
        return next((m.first for m in deadlines if sentence.start <= m.start < sentence.end), None)

    return [act.Action(letter.text[s.start:s.end], s.start, s.end,
                       "no_action" if _NO_ACTION.search(marker) else "action", deadline_of(s))
            for s, marker in found]


_NO_ACTION = re.compile(r"\bhoeft\b|niet\s+nodig|\bniets\b", re.IGNORECASE)


def _channels(letter: _Letter, mentions: list[dt.DateMention]
              ) -> tuple[list[con.Found], list[con.Found], list[con.Found], list[con.Found]]:
    """Phone numbers (none inside a date), e-mail addresses, websites and web forms."""
    analysed = letter.analysed
    in_date = dt.span_mask(len(analysed), [(m.start, m.end) for m in mentions])
    phones = [p for p in con.find_phones(analysed, letter.results) if letter.kind_at(p.start) is not None and not in_date[p.start]]
    for phone in phones:
        if not phone.general and letter.memo("general", phone.start, con.general_by_context):
            phone.general = True
    emails = [e for e in con.find_emails(analysed, letter.results) if letter.kind_at(e.start) is not None]
    urls = [u for u in con.find_urls(letter.text, emails, letter.results) if _in_letter(letter, u.start)]
    forms = [f for f in con.find_web_forms(analysed, letter.results) if letter.kind_at(f.start) in _BODY | {"head", "signoff"}]
    return phones, emails, urls, forms


def extract_facts(document: Document) -> Facts:
    """Read the facts of a letter."""
    letter = _Letter(document)
    facts = Facts(source=document.text)
    analysed = letter.analysed

    # -- dates ---------------------------------------------------------------------------
    letter_date = dt.find_letter_date(document)
    facts.letter_date = letter_date
    reference = letter_date.first if letter_date else None

    mentions = dt.find_dates(analysed, reference, letter.past, letter.results)
    body_mentions = []
    for mention in mentions:
        kind = letter.kind_at(mention.start)
        if letter_date is not None and mention.start <= letter_date.start < mention.end:
            mention.role = "letter_date"
        elif kind not in _BODY:
            mention.role = "head"
        else:
            body_mentions.append(mention)
    facts.dates = mentions
    date_spans = [(m.start, m.end) for m in mentions]
    facts.times = dt.find_times(analysed, date_spans, letter.results)
    facts.times = [t for t in facts.times if letter.kind_at(t.start) in _BODY or letter.kind_at(t.start) == "head"]
    vague = dt.find_vague(analysed, date_spans + [(t.start, t.end) for t in facts.times], letter.results)
    # A vague moment in a sentence about the past ("Eind 2017 heeft de raad besloten") plans nothing.
    facts.vague = [v for v in vague if letter.kind_at(v.start) in _BODY and not letter.past(v.start)]
    facts.months = [m for m in dt.find_months(analysed, date_spans, letter.results) if letter.kind_at(m.start) in _BODY]

    # -- contacts ------------------------------------------------------------------------
    phones, emails, urls, forms = _channels(letter, mentions)
    hours = con.find_opening_hours(analysed, letter.results)
    organisations = con.find_organisations(analysed, letter.results)
    roles = con.find_roles(analysed, letter.results)

    people, person_evidence = _people(letter, phones, emails, roles, organisations)
    facts.people = tuple(people)
    facts.phones, facts.emails, facts.web_forms = tuple(phones), tuple(emails), tuple(forms)

    # -- meetings ------------------------------------------------------------------------
    meetings = _meetings(letter, body_mentions, facts.times)
    facts.meetings = tuple(meetings)
    meeting_spans = [m.context for m in meetings]

    _assign_roles(letter, body_mentions, meeting_spans, reference)

    # -- reasons, actions, impacts, more information -----------------------------------------
    reasons, actions_found, impacts, infos, attachments = _sentence_facts(letter, urls)

    # -- start and end --------------------------------------------------------------------
    _start_end(facts, letter, body_mentions)
    facts.doubtful = dt.doubtful_spans(mentions, reference, facts.start, facts.end)

    # -- subject, opening and profile -------------------------------------------------------
    subject = find_subject(document)
    facts.subject = subject
    facts.first_paragraph = first_paragraph(document)
    facts.detected_profile, facts.scores = detect_profile(*profile_texts(document), document.block_results)

    # -- elements and JSON -------------------------------------------------------------------
    found = _Found(mentions, body_mentions, people, phones, emails, urls, forms, hours, organisations, meetings,
                   reasons, actions_found, infos, attachments)
    _fill_elements(facts, letter, found, person_evidence)
    facts.actions = tuple(_actions(letter, actions_found, body_mentions))
    facts.impacts = [letter.evidence(s.start, s.end) for s in impacts]
    # Made from the text and what was found, not the Document: a report may outlive it.
    facts.json_maker = functools.partial(_json, facts, document.text, found)
    return facts


# The writer asks to be contacted ("bel mij", "neem contact met mij op", "u kunt mij bereiken",
# "mail uw wensen naar mij"): the contact person is the signatory.
_ME = re.compile(r"\b(?:(?:met|naar|aan|bij)\s+mij\b|mij\s+(?:bellen|mailen|bereiken|benaderen|een\s+e-?mail|"
                 r"laten\s+weten)|(?:bel|mail|e-mail|bereik)\s+mij\b|(?:kunt|kan)\s+(?:u\s+)?mij\b)", re.IGNORECASE)


def _asks_me(sentence: str) -> bool:
    """Whether the writer asks to be contacted in ``sentence`` ("bel mij")."""
    return bool(_ME.search(sentence))


def _prose_flags(sentence: str) -> tuple[bool, bool, bool]:
    """What :attr:`_Letter.prose_flags` asks of each prose sentence."""
    return _asks_me(sentence), _says_registration_not_needed(sentence), _asks_registration(sentence)


# Asked for every person and every e-mail address of the letter, on every keystroke.
@functools.lru_cache(maxsize=4096)
def _surname_in(address: str, name: str) -> bool:
    """Whether an e-mail address is the person's own: its local part holds the surname
    ("j.devries@...", "jdevries@...", "devriesadvies@...")."""
    local = re.sub(r"[^a-z]", "", address.split("@", 1)[0].lower())
    parts = [re.sub(r"[^a-z]", "", p.lower()) for p in name.split()[1:]]
    surname = "".join(p for p in parts if p)
    last = parts[-1] if parts else ""
    return any(len(key) >= 4 and key in local for key in (surname, last))


def _nearby_lines(text: str, offset: int, around: int = 2, most: int = 400) -> str:
    """The line at ``offset`` with ``around`` non-blank lines before and after it (at most
    ``most`` characters each way): detail lines of a meeting are often set a blank line apart."""
    floor = max(0, offset - most)
    found = text.rfind("\n", floor, offset)
    low = found + 1 if found != -1 else floor
    limit = min(len(text), offset + most)
    high = text.find("\n", offset, limit)
    high = limit if high == -1 else high
    seen = 0
    while seen < around and low > floor:
        found = text.rfind("\n", floor, low - 1)
        previous = found + 1 if found != -1 else floor
        if text[previous:low].strip():
            seen += 1
        low = previous
    seen = 0
    while seen < around and high < min(len(text), offset + most):
        following = text.find("\n", high + 1, limit)
        following = limit if following == -1 else following
        if text[high:following].strip():
            seen += 1
        high = following
    return text[low:high]


def _names_meeting_details(lines: str) -> bool:
    """Whether ``lines`` hold a meeting's detail lines ("Wanneer: ...", "Waar: ...")."""
    return bool(_cue("meeting_details").search(lines))


@functools.cache
def _cue(group: str) -> re.Pattern[str]:
    """The phrases of one group of ``data/dates.yaml`` as one pattern."""
    return cue_pattern("dates", group)


def _organisation(name: str) -> bool:
    words = lexicon("people")["organisation_words"]
    return any(part.lower().endswith(tuple(words)) for part in name.split())


def _link_signatory(letter: _Letter, people: list[con.Person], emails: list[con.Found],
                    evidence: list[Evidence]) -> list[con.Person]:
    """Link a person to the reader's channel: their own e-mail address anywhere in the letter,
    or the signatory when the letter says "mij" in a sentence that asks to be contacted; the
    people again, with those links made."""
    signatories = [p for p in people if letter.kind_at(p.start) == "signoff" and not _organisation(p.name)]
    asks_me = letter.prose_flags[0]
    linked_people: list[con.Person] = []
    for person in people:
        if _organisation(person.name):
            linked_people.append(person)
            continue  # "Wijkteam Oosterpark" signs, but is no person to ask for
        own = next((e for e in emails if not e.general and _surname_in(e.value, person.name)), None)
        if own is not None and person.email is None:
            person = replace(person, email=own.value)
        linked = own is not None or (asks_me and bool(signatories) and person.start == signatories[-1].start)
        if linked and not person.contact_person:
            person = replace(person, contact_person=True)
            evidence.append(letter.evidence(person.start, person.end))
            if own is not None:
                evidence.append(letter.evidence(own.start, own.end))
        linked_people.append(person)
    return linked_people


def _in_letter(letter: _Letter, offset: int) -> bool:
    if letter.kind_at(offset) is not None:
        return True
    # A Markdown link target is blanked in the analysed text but sits on a line of a block.
    line_start = letter.text.rfind("\n", 0, offset) + 1
    block = letter.block_at(line_start) or letter.block_at(offset - 1)
    return block is not None and block.end >= offset - 200


def _near(items: list[con.Found], starts: list[int], person: con.Found, analysed: str,
          distance: int) -> con.Found | None:
    """The nearest of ``items`` (their ``starts`` beside them, in order) on the same or the next
    line of a person (after or just before the name)."""
    best = None
    items = items[bisect.bisect_left(starts, person.start - distance):bisect.bisect_right(starts, person.end + distance)]
    for item in items:
        if person.start <= item.start < person.end:
            continue
        if item.start >= person.end and item.start - person.end <= distance:
            gap = analysed[person.end:item.start]
            if gap.count("\n") <= 2 and not re.search(r"[.!?]\s", gap):
                if best is None or item.start < best.start:
                    best = item
    if best is not None:
        return best
    for item in items:
        if item.end <= person.start and person.start - item.end <= 25:
            gap = analysed[item.end:person.start]
            if "\n" not in gap:
                best = item
    return best


def _dedupe(evidence: list[Evidence]) -> list[Evidence]:
    seen, result = set(), []
    for item in evidence:
        if (item.start, item.end) not in seen:
            seen.add((item.start, item.end))
            result.append(item)
    return result


@dataclass(frozen=True)
class _MeetingWord:
    """A meeting word found in one paragraph (read like the ``re.Match`` it came from)."""

    at: int
    to: int
    text: str

    def start(self) -> int:
        return self.at

    def end(self) -> int:
        return self.to

    def group(self, index: int = 0) -> str:
        assert index == 0
        return self.text


def _find_meeting_words_in(paragraph: str) -> list[_MeetingWord]:
    return [_MeetingWord(m.start(), m.end(), m.group(0)) for m in mt.find_meeting_words(paragraph)]


# A meeting word never crosses a blank line: each paragraph is searched once (see .chunks).
_meeting_words = ByParagraph(_find_meeting_words_in,
                             lambda word, offset: _MeetingWord(word.at + offset, word.to + offset, word.text))


def _not_a_meeting(letter: _Letter, match: _MeetingWord) -> bool:
    """A meeting word that names no coming meeting: denied, called off or in the past."""
    analysed = letter.analysed
    return bool(re.search(r"\bgeen\s+(?:\w+\s+)?$", analysed[max(0, match.start() - 20):match.start()], re.IGNORECASE)
                or letter.memo("cancelled", match.start(), lambda text: bool(_cue("cancelled").search(text)))
                or letter.past(match.start()))


def _meeting_end_block(letter: _Letter, block: Block) -> int:
    """The index of the last block of a meeting's context: its block and the detail blocks
    right after it (up to a heading that starts something else)."""
    last = block.index
    for following in letter.blocks[block.index + 1: block.index + 4]:
        if following.kind not in _BODY:
            break
        chunk = letter.analysed[following.start:following.end]
        if following.kind == "heading" and (mt.search_meeting_word(chunk) or not re.search(
                r"\b(?:waar|wanneer|aanmelden|tijd|tijdstip|aanvang|datum|plaats|locatie|adres)\b", chunk, re.IGNORECASE)):
            break
        last = following.index
    return last


def _registration(letter: _Letter, context: str, span: tuple[int, int], mentions: list[dt.DateMention]
                  ) -> tuple[bool | None, date | None, bool]:
    """Whether the reader must register for a meeting (None: the letter does not say), by when,
    and whether that day itself still counts ("tot 5 maart", "uiterlijk 5 maart")."""
    prose = letter.memo("prose_registration", -1, lambda _: _prose_registration(letter))
    not_needed, asked = of_text(_says_registration_not_needed, context), of_text(_asks_registration, context)
    if not_needed or (not asked and prose[0]):
        return False, None, False
    if not (asked or prose[1]):
        return None, None, False
    low, high = span
    leads = [m for m in mentions if low <= m.start < high
             and act.DEADLINE_LEAD.search(letter.analysed[max(low, m.start - 25):m.start])]
    # The date in the sentence that asks to register ("aanmelden kan tot 5 maart"), not another
    # deadline nearby ("vul voor 15 maart de vragenlijst in").
    own = [m for m in leads if of_text(_asks_registration, letter.sentence_text(m.start))]
    chosen = own[0] if own else (leads[-1] if leads else None)
    if chosen is None:
        return True, None, False
    lead = letter.analysed[max(low, chosen.start - 25):chosen.start].lower()
    return True, chosen.first, not re.search(r"\bv[oó]{2}r\s+(?:\w+dag\s+)?$", lead)


def _prose_registration(letter: _Letter) -> tuple[bool, bool]:
    """(registration not needed, registration asked) anywhere in the prose: the same for
    every meeting, so searched once."""
    return letter.prose_flags[1], letter.prose_flags[2]


def _says_registration_not_needed(sentence: str) -> bool:
    return bool(mt.REGISTRATION_NOT_NEEDED.search(sentence))


def _asks_registration(sentence: str) -> bool:
    return bool(mt.REGISTRATION.search(sentence))


def _meetings(letter: _Letter, mentions: list[dt.DateMention], times: list[dt.TimeMention]) -> list[mt.Meeting]:
    """The meetings the reader is invited to, with the details their context gives."""
    analysed = letter.analysed
    result: list[mt.Meeting] = []
    used_blocks: set[int] = set()
    within_dates, within_times = _Within(mentions), _Within(times)
    for match in _meeting_words(analysed, letter.results):
        block = letter.block_at(match.start())
        if block is None or block.kind not in _BODY or block.index in used_blocks or _not_a_meeting(letter, match):
            continue
        last = _meeting_end_block(letter, block)
        low, high = block.start, letter.blocks[last].end
        context = analysed[low:high]
        in_dates = [m for m in within_dates(low, high) if not act.DEADLINE_LEAD.search(
            analysed[max(low, m.start - 25):m.start]) and not dt.names_earlier_letter(analysed[max(low, m.start - 60):
                                                                                                 m.start])]
        in_times = within_times(low, high)
        if not (in_dates or in_times or mt.INVITATION.search(context)):
            continue
        # Details belong to the nearest stretch: prefer the keyword's own block.
        own_dates = [m for m in in_dates if block.start <= m.start < block.end] or in_dates
        own_times = [t for t in in_times if block.start <= t.start < block.end] or in_times
        used_blocks.update(range(block.index, last + 1))
        sentence = letter.sentence_at(match.start())
        start, end = (sentence.start, sentence.end) if sentence else (block.start, block.end)
        result.append(_meeting(letter, match, (low, high), (start, end), own_dates, own_times, mentions))
    return result + _detail_blocks(letter, mentions, times, used_blocks, result)


class _Within(Generic[_S]):
    """The items (in their order) that start in [low, high): a long letter names many meetings
    and many dates, and each meeting asks for the dates of its own stretch."""

    def __init__(self, items: list[_S]) -> None:
        self.items = items
        self.starts = [item.start for item in items]
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:]))

    def __call__(self, low: int, high: int) -> list[_S]:
        if not self.ordered:
            return [item for item in self.items if low <= item.start < high]
        return self.items[bisect.bisect_left(self.starts, low):bisect.bisect_left(self.starts, high)]


# A line of a meeting's details: "Wanneer: donderdag 4 maart", "Waar: clubhuis, Rozenlaan 8".
# A table copied from a web page keeps a tab or a run of spaces where the colon was ("Waar     Dorpshuis").
_DETAIL_FIELD = re.compile(r"^[ \t>*_-]*(?:wanneer|datum|dag|tijd|tijdstip|aanvang|waar|locatie|plaats|adres)"
                           r"(?:[ \t*_]*:|\t|[ ]{3,})", re.IGNORECASE | re.MULTILINE)


def _detail_blocks(letter: _Letter, mentions: list[dt.DateMention], times: list[dt.TimeMention],
                   used_blocks: set[int], found: list[mt.Meeting]) -> list[mt.Meeting]:
    """A block of detail fields (when, time, where) in a letter that names a meeting (in its
    title or subject too) is that meeting, where no meeting word stands beside the details."""
    if any(m.has_day or m.time_from for m in found):
        return []
    named = next((m for m in _meeting_words(letter.analysed, letter.results)
                  if letter.kind_at(m.start()) in _BODY | {"head"} and not _not_a_meeting(letter, m)), None)
    if named is None:
        return []
    for low, high in _detail_runs(letter, used_blocks):
        dates = [m for m in mentions if low <= m.start < high]
        in_times = [t for t in times if low <= t.start < high]
        if not (dates or in_times):
            continue
        return [_meeting(letter, named, (low, high), (low, high), dates, in_times, mentions)]
    return []


def _meeting(letter: _Letter, named: _MeetingWord, context: tuple[int, int], shown: tuple[int, int],
             dates: list[dt.DateMention], times: list[dt.TimeMention], mentions: list[dt.DateMention]) -> mt.Meeting:
    """A meeting named by ``named``, with the first of its dates and times and the place and
    registration its ``context`` gives; ``shown`` is the text the meeting is quoted by."""
    low, high = context
    text = letter.analysed[low:high]
    place = of_text(mt.find_place, text)
    registration, deadline, inclusive = _registration(letter, text, context, mentions)
    return mt.Meeting(
        what=" ".join(named.group(0).lower().split()),
        date=dates[0].first if dates else None,
        time_from=times[0].begin if times else None,
        time_to=times[0].finish if times else None,
        place=mt.place_text(place) if place else None,
        place_kind=mt.place_kind(place) if place else None,
        registration=registration, registration_deadline=deadline, registration_day_counts=inclusive,
        text=letter.text[shown[0]:shown[1]], start=shown[0], end=shown[1], context=context,
        day_text=_day_text(letter, dates[0]) if dates else _recurring_day(text),
    )


def _detail_runs(letter: _Letter, used_blocks: set[int]) -> list[tuple[int, int]]:
    """Spans of adjacent body blocks made of detail fields, with at least two fields."""
    runs: list[tuple[int, int]] = []
    low = high = -1
    fields = 0
    for block in [*letter.blocks, None]:
        count = 0
        if block is not None and block.kind in _BODY and block.index not in used_blocks:
            count = len(_DETAIL_FIELD.findall(letter.analysed[block.start:block.end]))
        if block is not None and count:
            low = block.start if fields == 0 else low
            high, fields = block.end, fields + count
            continue
        if fields >= 2:
            runs.append((low, high))
        fields = 0
    return runs


#: A meeting held every week on the same day: "elke dinsdag", "iedere eerste woensdag van de maand".
_RECURRING_DAY = re.compile(r"\b(?:elke|iedere)\s+(?:(?:eerste|tweede|derde|vierde|laatste)\s+)?"
                            r"(?:maan|dins|woens|donder|vrij|zater|zon)dag(?:\s+van\s+de\s+maand)?\b", re.IGNORECASE)


def _recurring_day(context: str) -> str | None:
    """The day of a meeting that comes back every week or month, as written, else None."""
    match = _RECURRING_DAY.search(context)
    return " ".join(match.group(0).split()) if match else None


def _day_text(letter: _Letter, mention: dt.DateMention) -> str | None:
    """A meeting date as written, when it names a day (a week or a month does not)."""
    if mention.kind != "date" or (mention.first is None and mention.day is None):
        return None
    return " ".join(letter.text[mention.start:mention.end].split())


def _start_end(facts: Facts, letter: _Letter, mentions: list[dt.DateMention]) -> None:
    """The start and end of the works: a period, else a date with a start cue (or the first
    date that is no end), with a later date with an end cue as the end; without dates of the
    works, a meeting's date."""
    events = [m for m in mentions if m.role == "event" and m.first is not None]
    period = next((m for m in events if m.kind == "period"), None)
    if period is not None:
        span: tuple[dt.DateMention | None, dt.DateMention | None] = (period, period)
    else:
        span = _start_and_end_dates(letter, events)
    if span[0] is None and span[1] is None:
        meeting_dates = [m for m in mentions if m.role == "meeting" and m.first is not None]
        if meeting_dates:
            first = meeting_dates[0]
            span = (first, first if first.kind == "period" else None)
    start, end = span
    facts.start, facts.end = start, end
    facts.start_date = start.first if start else None
    facts.end_date = end.last if end else None


def _start_and_end_dates(letter: _Letter, events: list[dt.DateMention]
                         ) -> tuple[dt.DateMention | None, dt.DateMention | None]:
    analysed = letter.analysed
    cue_start = [m for m in events if _START_CUE.search(analysed[max(0, m.start - 50):m.start])]
    cue_end = [m for m in events if m.kind == "date" and (
        _END_CUE_BEFORE.search(analysed[max(0, m.start - 50):m.start])
        or letter.memo("end_cue", m.start, lambda text: bool(_END_CUE_SENTENCE.search(text))))]
    candidates = cue_start or [m for m in events if m not in cue_end]
    if not candidates and cue_end:
        # Only an end ("Het werk is nu op vrijdag 18 oktober klaar"): no start to name.
        return None, cue_end[0]
    candidates = candidates or events
    first = candidates[0] if candidates else None
    end = first if first is not None and first.kind in ("week", "week_of") else None
    later_end = [m for m in cue_end if m is not first]
    if later_end:
        end = later_end[0]
    return first, end

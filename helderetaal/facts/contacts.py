"""Contacts: phone numbers, e-mail and web addresses, web forms, opening hours, people (with
Dutch surname particles), their roles and organisations.

A general number (``14 070``, ``0800-...``) or a web form is a way to make contact, but not a
person. A person counts as a *contact person* only when the letter also gives a way to reach
them: a phone number or e-mail address in the same block (sentence, paragraph, head or
sign-off group), or a contact cue ("neem contact op met", "Contactpersoon:", "Ref.:") together
with a phone number or e-mail address anywhere in the letter.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .chunks import ByParagraph
from .dates import span_mask
from .lexicon import starts_with

if TYPE_CHECKING:
    from ..memo import BlockResults

PHONE_CANDIDATE = re.compile(r"(?<![\w@/.,+-])(?:\+|00)?\(?\d[\d \t().\-–]{2,22}\d(?![\d\w])")
_GROUP = re.compile(r"\+?\(?\d+\)?")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
URL = re.compile(
    r"(?<![\w@/.-])(?:https?://[^\s<>()\[\]\"']+|www\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>()\[\]\"']*)?|"
    r"[\w-]+(?:\.[\w-]+)*\.(?:nl|com|org|eu|info|net|be|frl)(?:/[^\s<>()\[\]\"']*)?)(?![\w@])",
    re.IGNORECASE,
)
WEB_FORM = re.compile(r"(?<![\w-])(?:[\w-]*formulier|contactformulier|meldformulier|reactieformulier|webformulier)\b",
                      re.IGNORECASE)
_FORMULIER = re.compile("formulier", re.IGNORECASE)
_GENERAL_CONTEXT = re.compile(r"\b(algeme(?:en|ne)|klantcontactcentrum|kcc|servicenummer|informatienummer|"
                              r"klantenservice|keuze\s+\d|servicelijn|storingsnummer)\b", re.IGNORECASE)
_SKIP_LINE = re.compile(r"^\s*(ons kenmerk|uw kenmerk|kenmerk|zaaknummer|dossiernummer|registratienummer|"
                        r"kvk|iban|bankrekening|postbus|bsn)\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b")
_GENERIC_MAILBOX = re.compile(r"^(info|contact|post|postbus|gemeente|servicepunt|noreply|no-reply|klantcontact|"
                              r"bewoners|project|projecten|omgeving|vragen|secretariaat|communicatie|wijk\w*|"
                              r"bezwaar\w*|meldingen|loket)\b", re.IGNORECASE)

_TITLE = (r"(?:de\s+heer|mevrouw|meneer|mevr\.?|mw\.?|dhr\.?|mr\.|dr\.|ir\.|ing\.|drs\.|prof\.)")
_INITIALS = r"(?:[A-Z]\.[ \t]?){1,4}"
_LOWER = "a-zà-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňŉŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżžß"
_CAP = rf"[A-ZÀ-ÝĀ-Ž][{_LOWER}'’]+(?:-[A-ZÀ-ÝĀ-Ž][{_LOWER}'’]+)?"
_PARTICLE = (r"(?:(?:[Vv]an|[Vv]on)[ \t]+(?:(?:[Dd]e[rn]?|[Hh]et|['’]t)[ \t]+)?|(?:[Dd]e|[Dd]er|[Tt]en|[Tt]er|[Tt]e|"
             r"['’]t|[Ll]a|[Ll]e|[Dd]u|[Dd]i|[Dd]a|[Ee]l|[Aa]l|[Bb]en)[ \t]+|[Ii]n[ \t]+['’]t[ \t]+)?")
PERSON_TITLED = re.compile(rf"\b{_TITLE}[ \t]+(?:{_INITIALS}|{_CAP}[ \t]+)?{_PARTICLE}{_CAP}")
PERSON_INITIALS = re.compile(rf"(?<![\w.])(?:{_INITIALS}){_PARTICLE}{_CAP}")
PERSON_NAMED = re.compile(rf"\b(?P<first>{_CAP})[ \t]+{_PARTICLE}{_CAP}(?:[ \t]+{_CAP})?")

ROLES = (
    "omgevingsmanager", "omgevingscoördinator", "omgevingscoordinator", "projectleider", "projectmanager",
    "wijkmanager", "wijkregisseur", "wijkcoördinator", "wijkcoordinator", "gebiedsmanager", "gebiedsregisseur",
    "communicatieadviseur", "communicatiemedewerker", "toezichthouder", "uitvoerder", "opzichter",
    "bewonersconsulent", "bewonersbegeleider", "accountmanager", "directievoerder",
    "wethouder", "burgemeester", "beleidsmedewerker", "beleidsadviseur", "adviseur", "medewerker",
    "coördinator", "coordinator", "teamleider", "afdelingshoofd", "manager", "participatiemedewerker",
    "boa", "handhaver", "stadsdeeldirecteur", "stadsdeelmanager", "projectsecretaris",
)
# A role ends a word ("projectleider", "hoofd-uitvoerder", "wijkbewonersconsulent"): the word that
# runs back from the last place in it where a role (the longest first) ends at a word boundary.
# As one pattern ("[\w-]*(?:roles)\b") re walked every word back letter by letter and tried all
# the roles at each letter; here re only tries, at a letter a role can start with, the roles that
# start with it (in the same order), and the word's start is found back from the few places found.
_ROLE_GROUPS: dict[str, list[str]] = {}
for _role in sorted(ROLES, key=len, reverse=True):
    _ROLE_GROUPS.setdefault(_role[0], []).append(_role[1:])
_ROLE_AT = re.compile(starts_with(_ROLE_GROUPS) + "(?=(?P<role>"
                      + "|".join(first + "(?:" + "|".join(rests) + ")" for first, rests in _ROLE_GROUPS.items())
                      + r")\b)", re.IGNORECASE)
_WORD_OR_DASH = re.compile(r"[\w-]")
ORGANISATION = re.compile(
    r"\b(?:[Gg]emeente(?:[ \t]+(?:[A-Z][\w'’-]+)(?:[ \t]+[A-Z][\w'’-]+)?)?|"
    r"(?:aannemer|aannemersbedrijf|bouwbedrijf|aannemingsbedrijf|netbeheerder|woningcorporatie|stichting|"
    r"waterschap|hoogheemraadschap|provincie)[ \t]+[A-Z][\w'’&-]+(?:[ \t]+[A-Z][\w'’&-]+)?|"
    r"[A-Z][\w'’&-]+(?:[ \t]+[A-Z][\w'’&-]+)?[ \t]+(?:B\.?V\.?|N\.?V\.?|Infra|Groep|Bouw|Wonen)\b|"
    r"(?:Stedin|Liander|Enexis|Dunea|Vitens|Evides|Eneco|Waternet|ProRail|Rijkswaterstaat|HTM|RET|GVB|KPN|"
    r"Ziggo|Eurofiber|Brabant\s+Water|PWN|Oasen|Staedion|Haagwonen|Vestia|Ymere|Eigen\s+Haard)\b)"
)
_CONTACT_CUE = re.compile(
    r"\b(contact\w*|contactpersoon|aanspreekpunt|bel\w*|mail\w*|e-mail\w*|bereikbaar|bereiken|terecht\s+bij|"
    r"vragen|inlichtingen|behandeld\s+door|ref\.?|referentie)\b", re.IGNORECASE)
_HEAD_PERSON_FIELD = re.compile(r"^\s*(contactpersoon|behandeld\s+door|ref(?:erentie)?\.?|inlichtingen(?:\s+bij)?|"
                                r"uw\s+contactpersoon)\s*:", re.IGNORECASE)
OPENING_HOURS = re.compile(
    r"(?:\b(?:op\s+)?(?:werkdagen|(?:maandag|ma\.?)\s*(?:t/m|tot\s+en\s+met|-|–)\s*(?:vrijdag|vr\.?|zaterdag|za\.?|"
    r"donderdag|do\.?))\b[^.\n]{0,25}?(?:van|tussen)?\s*\d{1,2}[.:]\d{2}\s*(?:uur\s*)?(?:-|–|tot|en)\s*\d{1,2}[.:]\d{2}"
    r"(?:\s*uur)?)",
    re.IGNORECASE,
)

# Capitalised words that start a sentence or name a place, never a first name.
_NOT_NAMES = frozenset("""
    gemeente met wij we u uw de het een dit deze die dat daar hier als bij voor van vanaf tot op in aan om naar
    na door over onder tijdens sinds zodra wanneer waar wat wie hoe waarom omdat want daarom ook ons onze
    geachte beste beste hallo heeft hebt heb bent is zijn was kunt kan moet wilt zal zullen gaan gaat komt kom
    bel mail meld stuur neem kijk lees vul geef zet houd let zorg ga laat
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart april mei juni juli
    augustus september oktober november december den haag rotterdam amsterdam utrecht stadsdeel wijk straat
    afdeling team project onderwerp datum betreft kenmerk ref telefoon tel e-mail email postbus
    vriendelijke groet hartelijke namens college burgemeester wethouders wethouder omgevingsmanager
    projectleider bewoners bewoner buurt centrum laan weg plein kade park noord zuid oost west nieuw nieuwe
    oude grote kleine sint
""".split())

FIRST_NAMES = frozenset("""
    jan piet kees henk gerrit willem hans peter paul mark marco martin michel mike niels bas bram daan tim tom
    thomas lucas luuk sander stefan jeroen joost jos johan john erik eric frank frans gert gijs hendrik herman
    jacob jaap jasper joris koen kevin lars leon maarten marcel martijn matthijs menno nick pieter rob robert
    roel ruben rutger sjoerd tom wim wouter yusuf mohammed mohamed ahmed ali hassan mustafa mehmet ibrahim
    omar youssef said karim rachid anna anne annemarie anouk astrid bianca carla chantal daphne els ellen
    emma esther eva fatima fleur hanneke ilse ingrid inge iris jolanda karin kim laura linda lisa lotte
    manon maria marieke marloes mirjam monique nathalie nicole noor petra renate sandra sanne saskia sophie
    susan tamara vera wendy yvonne zeynep ayse ayşe aysel samira nadia naima khadija sarah sara julia lieke
    merel floor ineke joke gerda trudy marjolein marianne ria annelies hester nienke lidwien evelien
    ron ronald richard rene rené dennis edwin erwin arjan arjen harm dirk ad ton theo huub bart bert
    """.split())


@dataclass(frozen=True)
class Person:
    """A person named in the letter; ``contact_person`` when the reader can reach them
    (a phone number or e-mail address of their own, a contact cue, or "bel mij" from the
    signatory)."""

    name: str
    role: str | None
    organisation: str | None
    contact_person: bool
    phone: str | None
    email: str | None
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (an item of ``facts.contacts.people``)."""
        return {"name": self.name, "role": self.role, "organisation": self.organisation,
                "contact_person": self.contact_person, "phone": self.phone, "email": self.email,
                "text": self.text, "start": self.start, "end": self.end}


@dataclass
class Found:
    start: int
    end: int
    kind: str
    value: str = ""
    general: bool = False


def _normalise_phone(raw: str) -> tuple[str, bool] | None:
    """(number in a standard form, general) or None when ``raw`` is no Dutch phone number."""
    digits = re.sub(r"\D", "", raw)
    stripped = raw.strip()
    if stripped.startswith("+") or digits.startswith("0031"):
        rest = digits[2:] if stripped.startswith("+") else digits[4:]
        if not digits.startswith("31") and stripped.startswith("+"):
            return None
        if rest.startswith("0"):
            rest = rest[1:]
        if len(rest) == 9:
            return "+31 " + rest, False
        return None
    if digits.startswith("14") and len(digits) in (5, 6) and digits[2] == "0":
        return digits[:2] + " " + digits[2:], True
    if digits[:4] in ("0800", "0900", "0880", "0880") and len(digits) in (8, 11):
        return digits[:4] + "-" + digits[4:], True
    if digits.startswith("0") and len(digits) == 10 and not digits.startswith("00"):
        return digits, False
    return None


def _find_phones_in(analysed: str) -> list[Found]:
    """Dutch phone numbers in their common written forms."""
    found = []
    for match in PHONE_CANDIDATE.finditer(analysed):
        line_start = analysed.rfind("\n", 0, match.start()) + 1
        if _SKIP_LINE.match(analysed[line_start:match.start()]):
            continue
        raw = match.group(0)
        if _NUMERIC_DATE.fullmatch(raw.strip()):
            continue
        # Try the whole candidate, else its longest valid prefix of digit groups.
        groups = list(_GROUP.finditer(raw))
        position = 0
        while position < len(groups):
            best = None
            for last in range(len(groups) - 1, position - 1, -1):
                piece = raw[groups[position].start():groups[last].end()]
                if _NUMERIC_DATE.search(piece):
                    continue
                normal = _normalise_phone(piece)
                if normal:
                    best = (last, piece, normal)
                    break
            if best is None:
                position += 1
                continue
            last, piece, (number, general) = best
            start = match.start() + groups[position].start()
            end = match.start() + groups[last].end()
            # Keep a closing parenthesis only when its opener is inside.
            text = analysed[start:end]
            if text.startswith("(") and ")" not in text:
                start += 1
            if text.endswith(")") and "(" not in text:
                end -= 1
            found.append(Found(start, end, "phone", number, general))
            position = last + 1
    return found


def _find_emails_in(analysed: str) -> list[Found]:
    result = []
    for match in EMAIL.finditer(analysed):
        local = match.group(0).split("@")[0]
        result.append(Found(match.start(), match.end(), "email", match.group(0).lower(),
                            bool(_GENERIC_MAILBOX.match(local))))
    return result


def find_urls(text: str, emails: list[Found], results: BlockResults | None = None) -> list[Found]:
    """Web addresses, except the domain part of the e-mail addresses in ``emails``."""
    inside = span_mask(len(text), ((e.start, e.end) for e in emails))
    return [url for url in _all_urls(text, results) if not inside[url.start]]


def _find_urls_in(text: str) -> list[Found]:
    result = []
    for match in URL.finditer(text):
        start = match.start()
        value = match.group(0).rstrip(".,;:!?")
        end = start + len(value)
        host = re.sub(r"^https?://", "", value, flags=re.IGNORECASE).split("/")[0]
        # "o.a.nl" style accidents: require a domain part of 2+ characters.
        if "." not in host or len(host.split(".")[-2]) < 2:
            continue
        result.append(Found(start, end, "url", value))
    return result


def find_people(analysed: str, contact_context: Callable[[int], bool],
                results: BlockResults | None = None) -> list[Found]:
    """Person names. Titles and initials always make a name; a first name plus surname counts
    when the first name is a known first name or ``contact_context(start)`` says so.

    What the text alone decides is read per paragraph (kept in ``results``: no name crosses a
    blank line); only the names that need ``contact_context`` are weighed again on every check."""
    found: list[Found] = []
    taken = bytearray(len(analysed) + 1)
    for candidate in _name_candidates(analysed, results):
        start, end = candidate.start, candidate.end
        if candidate.test is not _Test.NONE and any(taken[start:end]):
            continue  # a name found earlier has these words
        if candidate.test is _Test.CONTEXT and not contact_context(start):
            continue
        found.append(Found(start, end, "person", candidate.name))
        taken[start:end] = b"\x01" * (end - start)
    return sorted(found, key=lambda f: f.start)


class _Test(enum.Enum):
    """What a :class:`_NameCandidate` must pass to be a name when the letter is read."""

    #: Nothing: a title or initials make a name (it won over the others in its paragraph already).
    NONE = 0
    #: No name found before it may hold its words: a known first name with a surname, or alone
    #: before a phone number.
    FREE = 1
    #: Free, and the letter's context must make it a name ("Neem contact op met Anna Smit").
    CONTEXT = 2


@dataclass(frozen=True)
class _NameCandidate:
    """A possible person name in a paragraph, weighed by :func:`find_people`."""

    start: int
    end: int
    name: str
    test: _Test


def _find_name_candidates_in(paragraph: str) -> list[_NameCandidate]:
    """The names of one paragraph that its text alone decides, and those that need the letter's
    context (see :class:`_Test`)."""
    candidates: list[_NameCandidate] = []
    fixed = bytearray(len(paragraph) + 1)
    for pattern in (PERSON_TITLED, PERSON_INITIALS):
        for match in pattern.finditer(paragraph):
            if not any(fixed[match.start():match.end()]) and _plausible(match.group(0)):
                candidates.append(_NameCandidate(match.start(), match.end(), " ".join(match.group(0).split()),
                                                 _Test.NONE))
                fixed[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    for word in re.finditer(r"(?<![\w'’-])[A-ZÀ-ÝĀ-Ž]", paragraph):
        named = PERSON_NAMED.match(paragraph, word.start())
        if named is None:
            continue
        first = named.group("first")
        start, end = named.start(), named.end()
        words = named.group(0).split()
        if any(fixed[start:end]) or first.lower() in _NOT_NAMES:
            continue
        if any(word.lower() in _NOT_NAMES for word in words[1:] if word[0].isupper() and word.lower() not in
               ("van", "de", "den", "der", "ter", "ten")):
            continue
        if _UNIT_BEFORE.search(paragraph, max(0, start - 20), start):
            continue  # "team Openbare Verlichting", "afdeling Vergunningen": a part of the organisation
        candidates.append(_NameCandidate(start, end, " ".join(words),
                                         _Test.FREE if first.lower() in FIRST_NAMES else _Test.CONTEXT))
    # A first name alone with a number right after it: "bel Mirjam (06-11223344)".
    for match in _FIRST_NAME_WITH_NUMBER.finditer(paragraph):
        if match.group(1).lower() in FIRST_NAMES and not any(fixed[match.start(1):match.end(1)]):
            candidates.append(_NameCandidate(match.start(1), match.end(1), match.group(1), _Test.FREE))
    # In the order of the text: titles and initials had first pick above, and of the other
    # names the one that starts first takes the words (a first name before a phone number ends
    # where it starts to be weighed, so no later name can reach into it).
    return sorted(candidates, key=lambda candidate: candidate.start)


_FIRST_NAME_WITH_NUMBER = re.compile(r"(?<![\w'’-])([A-ZÀ-Ý][a-zà-ÿ]+)[ \t]*\([ \t]*(?:0|\+31)\d")
#: A word that makes the capitalised words after it the name of a part of an organisation.
_UNIT_BEFORE = re.compile(r"\b(?:team|afdeling|bureau|cluster|sector|dienst|directie|programma|project)[ \t]+$",
                          re.IGNORECASE)


def _plausible(name: str) -> bool:
    last = name.split()[-1]
    return last.lower() not in _NOT_NAMES


def _find_roles_in(analysed: str) -> list[Found]:
    found: list[Found] = []
    for match in _ROLE_AT.finditer(analysed):
        start, end = match.start(), match.end("role")
        while start and _WORD_OR_DASH.match(analysed, start - 1):
            start -= 1
        role = Found(start, end, "role", analysed[start:end].lower())
        if found and found[-1].start == start:
            found[-1] = role  # a later role in the same word ends the word's mention
        else:
            found.append(role)
    return found


def _find_organisations_in(analysed: str) -> list[Found]:
    return [Found(m.start(), m.end(), "organisation", " ".join(m.group(0).split())) for m in ORGANISATION.finditer(analysed)]


def _find_web_forms_in(analysed: str) -> list[Found]:
    # Every web form ends in "formulier": a paragraph without it is not walked back word by word.
    if not _FORMULIER.search(analysed):
        return []
    return [Found(m.start(), m.end(), "web_form", m.group(0).lower()) for m in WEB_FORM.finditer(analysed)]


def _find_opening_hours_in(analysed: str) -> list[Found]:
    return [Found(m.start(), m.end(), "opening_hours", " ".join(m.group(0).split())) for m in OPENING_HOURS.finditer(analysed)]


def general_by_context(sentence_text: str) -> bool:
    return bool(_GENERAL_CONTEXT.search(sentence_text))


_ROLE_LEAD = re.compile(r"\b(?:" + "|".join(sorted(ROLES, key=len, reverse=True)) + r")[ \t]*$", re.IGNORECASE)


def ends_with_role(text: str) -> bool:
    """Whether ``text`` ends with a role word ("... de uitvoerder "): a name after it is a person."""
    return bool(_ROLE_LEAD.search(text))


_ROLE_AFTER = re.compile(r"[^\s,.]+(?:[ \t]+[^\s,.]+){1,3}[ \t]+is[ \t]+(?:de[ \t]+|onze[ \t]+|uw[ \t]+|ons[ \t]+)?[\w-]*(?:"
                         + "|".join(sorted(ROLES, key=len, reverse=True)) + r")\b", re.IGNORECASE)
# "U kunt hem benaderen", "bel haar gerust": the reader is sent to the person named just before.
_REACH_THEM = re.compile(r"\b(?:(?:u|je)\s+kunt\s+(?:hem|haar)\b|(?:bel|mail|benader|spreek)\s+(?:hem|haar)\b|"
                         r"contact\s+met\s+(?:hem|haar)\b|(?:hij|zij|ze)\s+is\s+(?:\w+\s+){0,4}?bereikbaar)",
                         re.IGNORECASE)


def is_followed_by_role(text: str) -> bool:
    """Whether ``text`` starts with a name and then "is <role>" ("Anna Smit is uitvoerder")."""
    return bool(_ROLE_AFTER.match(text))


def sends_reader_to_person(text: str) -> bool:
    """Whether ``text`` sends the reader to a person named before it ("U kunt haar bellen")."""
    return bool(_REACH_THEM.search(text))


def has_contact_cue(text: str) -> bool:
    return bool(_CONTACT_CUE.search(text))


def is_head_person_field(line: str) -> bool:
    return bool(_HEAD_PERSON_FIELD.match(line))


def to_dict(found: Found, text: str) -> dict[str, Any]:
    return {"text": text[found.start:found.end], "start": found.start, "end": found.end}


def _shifted(found: Found, offset: int) -> Found:
    return Found(found.start + offset, found.end + offset, found.kind, found.value, found.general)


# Each reads nothing but the text, and no match crosses a blank line: worked out per paragraph.
find_phones = ByParagraph(_find_phones_in, _shifted)
find_emails = ByParagraph(_find_emails_in, _shifted)
find_roles = ByParagraph(_find_roles_in, _shifted)
find_organisations = ByParagraph(_find_organisations_in, _shifted)
find_web_forms = ByParagraph(_find_web_forms_in, _shifted)
find_opening_hours = ByParagraph(_find_opening_hours_in, _shifted)
_all_urls = ByParagraph(_find_urls_in, _shifted)
_name_candidates = ByParagraph(_find_name_candidates_in, lambda candidate, offset: _NameCandidate(
    candidate.start + offset, candidate.end + offset, candidate.name, candidate.test))

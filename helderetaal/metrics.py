"""Readability metrics for Dutch, over the prose of a letter.

- Flesch-Douma = 206.835 - 0.93 x (words per sentence) - 77 x (syllables per word)
- Leesindex A (Brouwer) = 195 - 2 x (words per sentence) - 66.67 x (syllables per word)

Sentences are counted by helderetaal's own splitter (textstat's splits at every period, as in
"i.v.m."), and a title or list line without a full stop counts as a sentence of its own
(:func:`helderetaal.lines.sentence_parts`). Syllables are the larger of pyphen's Dutch hyphenation
and a vowel-group count.
Word frequency comes from wordfreq (Zipf scale); a compound counts as common when its head is.
No Dutch measure has a validated mapping to B1, so the result is an indication, not a verdict.
"""

from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from .lines import is_unwrapped, sentence_parts

if TYPE_CHECKING:
    from .document import Document
    from .structure import Sentence

#: A word with more syllables than this counts as long.
LONG_WORD_SYLLABLES = 3
#: Words below this Zipf frequency count as uncommon.
UNCOMMON_ZIPF = 3.0

# A diaeresis starts a new syllable, which may go on as a diphthong: be-ëin-di-gen, ge-ïn-for-meerd.
_VOWEL_GROUP = re.compile(r"[aeiouyàáâèéêìíîòóôùúû]+|[äëïöü][aeiouyàáâèéêìíîòóôùúû]*", re.IGNORECASE)
_LETTERS = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")


@lru_cache(maxsize=1)
def _hyphenator() -> Any:
    import pyphen

    _preload_patterns(pyphen)
    return pyphen.Pyphen(lang="nl_NL")


def _preload_patterns(pyphen: Any) -> None:
    """Put the Dutch hyphenation patterns into pyphen's own cache from the user cache: pyphen
    parses its ``.dic`` file on every start, which costs more than the check of a letter."""
    from .cache import cached, package_version

    try:
        path = pyphen.LANGUAGES[pyphen.language_fallback("nl_NL")]
        if path in pyphen.hdcache:
            return
        stat = path.stat()

        def build() -> Any:
            parsed = pyphen.HyphDict(path)
            patterns = {key: (start, tuple(values)) for key, (start, values) in parsed.patterns.items()}
            # Plain ints only: alternative spellings (pyphen's DataInt) cannot be stored.
            if any(type(value) is not int for _, values in patterns.values() for value in values):
                return None
            return patterns

        patterns = cached("nl-hyphenation", (package_version("pyphen"), str(path), str(stat.st_size),
                                             str(stat.st_mtime_ns)), build)
        if not patterns:
            return
        hyph_dict = pyphen.HyphDict.__new__(pyphen.HyphDict)
        hyph_dict.patterns = patterns
        hyph_dict.cache = {}
        hyph_dict.maxlen = max(len(key) for key in patterns)
        pyphen.hdcache[path] = hyph_dict
    except (AttributeError, KeyError, OSError, TypeError, ValueError):
        return  # another pyphen: let it read its file itself


#: Longer "words" are codes, URLs or noise: no hyphenation or compound search (both grow with length).
MAX_WORD_LENGTH = 40


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Number of syllables in a Dutch word (at least 1)."""
    lower = word.lower()
    by_vowels = len(_VOWEL_GROUP.findall(lower))
    if len(lower) > MAX_WORD_LENGTH:
        return max(1, by_vowels)
    by_hyphenation = len(_hyphenator().positions(lower)) + 1
    return max(1, by_hyphenation, by_vowels)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    # One dictionary lookup per word: wordfreq's zipf_frequency re-tokenises its argument on
    # every call, which made the compound search the slowest part of a check.
    from wordfreq import get_frequency_dict

    return get_frequency_dict("nl")


def _zipf_of(word: str) -> float:
    frequency = _frequencies().get(word, 0.0)
    return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0


@lru_cache(maxsize=1)
def _known_words() -> dict[str, float]:
    """Zipf frequency of every Dutch word that has at least 2.0: all that deciding "uncommon"
    needs (a third of wordfreq's list), cached on disk so a cold start skips wordfreq."""
    from .cache import cached, package_version

    def build() -> dict[str, float]:
        known = {}
        for word in _frequencies():
            score = _zipf_of(word)
            if score >= _MODIFIER_ZIPF:
                known[word] = score
        return known

    return cached("nl-known-words", (package_version("wordfreq"), str(_MODIFIER_ZIPF)), build)


#: A compound's modifier must be at least this frequent for its head to count.
_MODIFIER_ZIPF = 2.0


@lru_cache(maxsize=65536)
def is_uncommon(word: str) -> bool:
    """Exactly ``zipf(word) < UNCOMMON_ZIPF``, decided from :func:`_known_words` alone."""
    lower = word.lower()
    known = _known_words()
    if known.get(lower, 0.0) >= UNCOMMON_ZIPF:
        return False
    if len(lower) < 8 or len(lower) > MAX_WORD_LENGTH:
        return True
    for cut in range(3, len(lower) - 3):
        if known.get(lower[cut:], 0.0) < UNCOMMON_ZIPF:
            continue
        modifier = lower[:cut]
        candidates = (modifier, modifier[:-1]) if modifier[-1:] in ("s", "e") else (modifier,)
        if any(known.get(part, 0.0) >= _MODIFIER_ZIPF for part in candidates if len(part) >= 3):
            return False
    return True


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Zipf frequency of a word in Dutch; a compound scores as its most common head."""
    lower = word.lower()
    score = _zipf_of(lower)
    if score >= UNCOMMON_ZIPF or len(lower) < 8 or len(lower) > MAX_WORD_LENGTH:
        return score
    best = score
    for cut in range(3, len(lower) - 3):
        head = lower[cut:]
        modifier = lower[:cut]
        head_score = _zipf_of(head)
        if head_score < UNCOMMON_ZIPF:
            continue
        # Dutch compounds often join with -s- or -e(n)-: "gemeentehuis", "verkeersbord".
        candidates = (modifier, modifier[:-1]) if modifier[-1:] in ("s", "e") else (modifier,)
        if any(_zipf_of(part) >= _MODIFIER_ZIPF for part in candidates if len(part) >= 3):
            best = max(best, head_score)
            break
    return best


#: A block's share of the metrics: sentences as the reader counts them, words, each distinct word
#: with how often it occurs, and the words written with a capital inside a sentence.
_Share = tuple[int, int, tuple[tuple[str, int], ...], frozenset[str]]


def _block_share(document: Document, sentences: list[Sentence]) -> _Share:
    """What the prose ``sentences`` of one block add to :func:`compute_metrics`."""
    parts = 0
    words = 0
    counts: dict[str, int] = {}
    names: set[str] = set()
    for sentence in sentences:
        texts, starts = document.word_texts(sentence)
        if not texts:
            continue
        # A title or list line without a full stop is a sentence of its own to the reader (a
        # part counts when a word starts in it; the starts are in order).
        parts += sum(1 for start, end in sentence_parts(document, sentence)
                     if bisect.bisect_left(starts, start) < bisect.bisect_left(starts, end))
        words += len(texts)
        for text in texts:
            counts[text] = counts.get(text, 0) + 1
        names.update(text for text in texts[1:] if text[:1].isupper())
    return parts, words, tuple(counts.items()), frozenset(names)


def b1_indication(avg_sentence_length: float, flesch_douma: float, uncommon_share: float) -> str:
    """A cautious B1 indication from three signals."""
    if not avg_sentence_length:
        return "onbekend"
    signals = [avg_sentence_length <= 15, flesch_douma >= 60, uncommon_share <= 0.05]
    if all(signals):
        return "waarschijnlijk B1 of eenvoudiger"
    if sum(signals) == 2:
        return "mogelijk boven B1"
    return "waarschijnlijk boven B1"


def compute_metrics(document: Document) -> dict[str, Any]:
    """Readability metrics of the letter's prose (paragraphs and list items).

    Worked out per block and added up: with the document's
    :attr:`~helderetaal.document.Document.block_results`, a block's share is kept by its text.
    Which words are names (capitalised inside a sentence anywhere in the letter) is decided for
    the letter as a whole, from the blocks' shares.
    """
    from .kinds.base import blocks_in_scope

    results = document.block_results
    sentence_count = 0
    word_count = 0
    counts: dict[str, int] = {}
    proper: set[str] = set()
    keys = document.block_keys() if results is not None else []
    for block, sentences in blocks_in_scope(document, "prose"):
        if results is None:
            share = _block_share(document, sentences)
        else:
            share = results.get(("metrics", is_unwrapped(document), keys[block.index]), block.end - block.start,
                                partial(_block_share, document, sentences))
        parts, words, distinct, names = share
        sentence_count += parts
        word_count += words
        for word, count in distinct:
            counts[word] = counts.get(word, 0) + count
        proper.update(names)
    if not word_count:
        return {
            "words": 0,
            "sentences": 0,
            "avg_sentence_length": 0.0,
            "flesch_douma": None,
            "brouwer_leesindex": None,
            "long_words_share": 0.0,
            "uncommon_words_share": 0.0,
            "uncommon_words": [],
            "b1_indicatie": "onbekend",
        }
    syllable_total = 0
    long_words = 0
    uncommon: dict[str, None] = {}
    lettered = 0
    for word, count in counts.items():
        syllable_count = syllables(word)
        syllable_total += syllable_count * count
        if syllable_count > LONG_WORD_SYLLABLES:
            long_words += count
        if not _LETTERS.match(word) or word in proper:
            continue  # numbers, codes and names are not vocabulary
        lettered += count
        if len(word) > 2 and is_uncommon(word):
            uncommon.setdefault(word.lower(), None)
    uncommon_occurrences = sum(count for word, count in counts.items() if word.lower() in uncommon and word not in proper)
    per_sentence = word_count / sentence_count
    per_word = syllable_total / word_count
    flesch_douma = 206.835 - 0.93 * per_sentence - 77 * per_word
    brouwer = 195 - 2 * per_sentence - 66.67 * per_word
    uncommon_share = uncommon_occurrences / lettered if lettered else 0.0
    return {
        "words": word_count,
        "sentences": sentence_count,
        "avg_sentence_length": round(per_sentence, 1),
        "flesch_douma": round(flesch_douma, 1),
        "brouwer_leesindex": round(brouwer, 1),
        "long_words_share": round(long_words / word_count, 3),
        "uncommon_words_share": round(uncommon_share, 3),
        "uncommon_words": sorted(uncommon),
        "b1_indicatie": b1_indication(per_sentence, flesch_douma, uncommon_share),
    }

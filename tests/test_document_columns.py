"""A keystroke in the editor reads the token columns of the blocks it changed, not of the whole
letter: the stretches it reads alone must equal the whole Doc's columns, and so must the words."""

from __future__ import annotations

from pathlib import Path

from helderetaal.document import Document, _STRETCHES_READ_ALONE
from helderetaal.memo import BlockResults
from helderetaal.readers import parse_text

HERE = Path(__file__).parent
LETTERS = sorted([*HERE.glob("letters/*.txt"), *HERE.glob("corpus/*/*.txt")])
NAMES = ("ORTH", "LOWER", "LEMMA", "IDX", "IS_ALPHA", "LIKE_NUM", "IS_SPACE")


def test_stretches_read_alone_equal_the_whole_docs_columns() -> None:
    assert len(LETTERS) >= 10
    for path in LETTERS:
        text = path.read_text(encoding="utf-8") + "\r\nTot ziens 👋 op café De Brug.\r\n"
        document = Document(parse_text(text, str(path)), results=BlockResults())
        whole = document.spacy.to_array(list(NAMES))
        size = len(document.spacy)
        # More stretches than are read alone: the later ones come from the whole Doc's array.
        stretches = [(first, min(size, first + 7)) for first in range(0, size, max(1, size // 40))]
        assert len(stretches) > _STRETCHES_READ_ALONE
        for first, last in stretches:
            assert document.token_columns(NAMES, first, last).tolist() == whole[first:last].tolist()


def test_the_words_of_a_sentence_are_the_same_read_alone_or_from_the_whole_letter() -> None:
    for path in LETTERS:
        text = path.read_text(encoding="utf-8")
        editor = Document(parse_text(text, str(path)), results=BlockResults())
        batch = Document(parse_text(text, str(path)))
        for sentence, same in zip(editor.sentences, batch.sentences):
            texts, starts = editor.word_texts(sentence)
            expected_texts, expected_starts = batch.word_texts(same)
            assert (texts, list(starts)) == (expected_texts, list(expected_starts))


def test_the_tokens_and_words_of_a_sentence_are_the_same_read_alone_or_from_the_whole_letter() -> None:
    for path in LETTERS:
        text = path.read_text(encoding="utf-8") + "\r\n– Tot ziens 👋, café ‘De Brug’!\r\nMail info@example.nl of kijk op www.example.nl.\r\n"
        editor = Document(parse_text(text, str(path)), results=BlockResults())
        batch = Document(parse_text(text, str(path)))
        for sentence, same in zip(editor.sentences, batch.sentences):
            assert [t.i for t in editor.words(sentence)] == [t.i for t in batch.words(same)]
            for lowers in (batch.sentence_lowers(same), frozenset({"u", "uw", "je", "de", "."})):
                assert editor.sentence_tokens_among(sentence, lowers) == batch.sentence_tokens_among(same, lowers)
            assert editor.sentence_lowers(sentence) == batch.sentence_lowers(same)
            assert list(editor.read_word_starts(sentence)) == list(batch.read_word_starts(same))

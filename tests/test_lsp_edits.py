"""The text edits behind the language server's code actions, checked against the real engine:
a directive the server writes must be read back by helderetaal, an allow-list edit must keep the
rest of `.helderetaal.yaml`."""

from __future__ import annotations

import pytest
import yaml

import helderetaal
from helderetaal.config import config_from_mapping
from helderetaal.lsp.edits import allow_edit, allowable, disable_file_edit, disable_line_edit, summary_edit
from helderetaal.lsp.positions import PositionMap

LETTER = ("Geachte bewoner,{nl}{nl}Wij informeren u middels deze brief.{nl}"
          "Wij sturen u door middel van een tweede brief een uitnodiging.{nl}")


def middels_lines(text: str, path: str) -> list[int]:
    return [f.line for f in helderetaal.check(text, path=path).findings if f.rule == "ambtelijk"]


@pytest.mark.parametrize("path", ["brief.txt", "brief.md"])
@pytest.mark.parametrize("nl", ["\n", "\r\n"])
def test_disable_line_directive_is_read_by_the_engine(path, nl):
    text = LETTER.format(nl=nl)
    assert middels_lines(text, path) == [3, 4]
    positions = PositionMap(text)
    edit = disable_line_edit(text, positions, 2, "ambtelijk")
    changed = edit.apply(text)
    assert changed.split(nl)[2].endswith("brief. <!-- helderetaal-disable-line ambtelijk -->")
    assert middels_lines(changed, path) == [4]
    # A second rule on the same line joins the existing directive.
    again = disable_line_edit(changed, PositionMap(changed), 2, "zinslengte").apply(changed)
    assert "<!-- helderetaal-disable-line ambtelijk, zinslengte -->" in again
    assert disable_line_edit(again, PositionMap(again), 2, "ambtelijk") is None


@pytest.mark.parametrize("path,fmt", [("brief.txt", "txt"), ("brief.md", "md")])
def test_disable_file_directive_is_read_by_the_engine(path, fmt):
    text = LETTER.format(nl="\n")
    changed = disable_file_edit(text, fmt, "ambtelijk").apply(text)
    assert changed.startswith("<!-- helderetaal-disable-file ambtelijk -->\n")
    assert middels_lines(changed, path) == []
    assert not [f for f in helderetaal.check(changed, path=path).findings if f.rule == "onbekende-regel"]
    extended = disable_file_edit(changed, fmt, "vaag").apply(changed)
    assert extended.startswith("<!-- helderetaal-disable-file ambtelijk, vaag -->\n")


def test_disable_file_goes_below_markdown_front_matter():
    text = "---\ntitel: Riolering\n---\n" + LETTER.format(nl="\n")
    changed = disable_file_edit(text, "md", "ambtelijk").apply(text)
    assert changed.startswith("---\ntitel: Riolering\n---\n<!-- helderetaal-disable-file ambtelijk -->\n")
    assert middels_lines(changed, "brief.md") == []


def test_hash_directive_in_plain_text_is_extended():
    text = "# helderetaal-disable-file vaag\n" + LETTER.format(nl="\n")
    changed = disable_file_edit(text, "txt", "ambtelijk").apply(text)
    assert changed.startswith("# helderetaal-disable-file vaag, ambtelijk\n")
    assert middels_lines(changed, "brief.txt") == []


@pytest.mark.parametrize("fmt,heading", [("txt", "In het kort\n"), ("md", "## In het kort\n\n")])
def test_summary_goes_right_after_the_salutation(fmt, heading):
    text = LETTER.format(nl="\n")
    edit = summary_edit(text, text, fmt, "Het werk begint op 2 juni.\nBel bij vragen 14 070.")
    changed = edit.apply(text)
    assert changed.startswith(f"Geachte bewoner,\n\n{heading}Het werk begint op 2 juni.\nBel bij vragen 14 070.\n\nWij ")
    assert summary_edit(changed, changed, fmt, "Nog eens.") is None  # already there


def test_summary_without_salutation_goes_before_the_message():
    text = "Werk aan de riolering\n\nWij vervangen de buizen.\n"
    changed = summary_edit(text, text, "txt", "Het werk begint op 2 juni.").apply(text)
    assert changed.startswith("In het kort\nHet werk begint op 2 juni.\n\nWerk aan de riolering")


def test_summary_is_placed_by_the_documents_own_blocks():
    # The checked Document's blocks decide (the text is not split a second time): a Markdown
    # letter read by its real parser puts the summary after the salutation the Document found.
    from helderetaal.document import Document
    from helderetaal.readers import parse_markdown

    text = "# Werk aan de weg\n\nBeste buren,\n\nWij leggen een nieuwe stoep aan. 🚧 Dat duurt één week.\n"
    document = Document(parse_markdown(text, "brief.md"))
    assert [block.kind for block in document.blocks][:2] == ["head", "salutation"]
    changed = summary_edit(text, document.analysed, "md", "De stoep is in mei klaar.",
                           blocks=document.blocks).apply(text)
    assert changed.startswith("# Werk aan de weg\n\nBeste buren,\n\n## In het kort\n\nDe stoep is in mei klaar.\n\nWij ")
    # Blocks that say something else win over what a new split of the text would find.
    from helderetaal.structure import Block

    first_line_only = [Block(0, "paragraph", len("# Werk aan de weg\n\n"), len(text))]
    moved = summary_edit(text, text, "txt", "Kort.", blocks=first_line_only).apply(text)
    assert moved.startswith("# Werk aan de weg\n\nIn het kort\nKort.\n\nBeste buren,")


CONFIGS = [
    "",
    "profile: auto\n",
    "# huisregels\nallow: [Binckhorst, omgevingsdienst]  # namen\nprofile: auto\n",
    "allow:\n  - Binckhorst\n\n  # straten\n  - Lindelaan\nrules:\n  ambtelijk: info\n",
    "allow:\r\n- Binckhorst\r\nprofile: auto\r\n",
    "allow: []\n",
    "allow:\nprofile: auto\n",
    "rules:\n  ambtelijk: info",
]


@pytest.mark.parametrize("config_text", CONFIGS)
def test_allow_edit_adds_the_word_and_keeps_the_rest(config_text):
    before = yaml.safe_load(config_text) or {}
    changed = allow_edit(config_text, "middels").apply(config_text)
    after = yaml.safe_load(changed)
    assert after == {**before, "allow": [*(before.get("allow") or []), "middels"]}
    for line in config_text.splitlines():
        if line.lstrip().startswith("#"):
            assert line in changed  # comments stay
    config = config_from_mapping(after)
    report = helderetaal.check(LETTER.format(nl="\n"), config=config)
    assert not [f for f in report.findings if f.text == "middels"]
    assert allow_edit(changed, "middels") is None  # already allowed


def test_allow_edit_refuses_what_it_cannot_edit_safely():
    assert allow_edit("allow: [a,\n  b]\n", "middels") is None  # a flow list over several lines
    assert allow_edit("allow: {a: 1}\n", "middels") is None
    assert allow_edit("allow: [unclosed\n", "middels") is None


@pytest.mark.parametrize("text,word", [("middels", "middels"), ("Ter Zake", "ter zake"), ("i.v.m.", "i.v.m"),
                                       ("vangen op maandag 3 juni aan", None), ("", None), ("14 070", None)])
def test_allowable_words(text, word):
    assert allowable(text) == word

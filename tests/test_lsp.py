"""End-to-end tests of `helderetaal lsp` over stdio (a real subprocess), as VS Code would drive it.

One server for the module (push diagnostics, UTF-16 positions, no debounce unless a test sets it).
Expected positions are computed here from the text, independently of the server's conversion.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
import yaml
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient, client_capabilities

sys.path.insert(0, str(Path(__file__).parent / "lsp"))
from lsp_testkit import (apply_edits, as_tuple, config, edits_for, position, published, span, units,  # noqa: E402
                         wait_for)

import helderetaal  # noqa: E402
from helderetaal.ruleset import load_ruleset  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")

LETTER = (
    "Geachte bewoner,\n"
    "\n"
    "Wij informeren u middels deze brief over werk aan de riolering in uw straat.\n"
    "Wij sturen u middels een tweede brief een uitnodiging voor de bijeenkomst.\n"
    "\n"
    "Met vriendelijke groet,\n"
    "\n"
    "Jan de Vries\n"
)


@pytest_lsp.fixture(scope="module", config=config())
async def client(lsp_client: LanguageClient, tmp_path_factory):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=from_fs_path(str(tmp_path_factory.getbasetemp())),
        initialization_options={"helderetaal": {"debounce": 0}},
    ))
    yield
    await lsp_client.shutdown_session()


_counter = iter(range(1, 10_000))


def new_uri(folder: Path, suffix: str = ".txt") -> str:
    path = folder / f"brief{next(_counter)}{suffix}"
    return from_fs_path(str(path))


async def open_letter(client: LanguageClient, uri: str, text: str, language: str = "plaintext"):
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    return await published(client, uri, 1)


async def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


def close(client: LanguageClient, uri: str) -> None:
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))


def expected_findings(text: str, path: str = "brief.txt", encoding: str = "utf-16"):
    """What the library finds, with ranges converted by the test's own code."""
    report = helderetaal.check(text, path=path)
    return sorted((f.rule, (position(text, f.start, encoding), position(text, f.end, encoding)))
                  for f in report.findings)


def got(diagnostics) -> list:
    return sorted((d.code, as_tuple(d.range)) for d in diagnostics)


async def test_diagnostics_have_exact_ranges_and_metadata(client: LanguageClient, tmp_path):
    uri = new_uri(tmp_path)
    diagnostics = await open_letter(client, uri, LETTER)
    middels = [d for d in diagnostics if d.code == "ambtelijk" and as_tuple(d.range) == span(LETTER, "middels")]
    assert len(middels) == 1
    # Once per letter: the second 'middels' is the first one's related information.
    assert [as_tuple(r.location.range) for r in middels[0].related_information] == [span(LETTER, "middels", nth=1)]
    rule = load_ruleset().get("ambtelijk")
    severity = {"error": 1, "warning": 2, "info": 3, "hint": 4}[rule.spec.severity]
    assert middels[0].severity == severity
    assert middels[0].source == "helderetaal"
    assert "middels" in middels[0].message
    assert got(diagnostics) == expected_findings(LETTER)
    close(client, uri)


async def test_utf16_positions_with_emoji_accents_and_crlf(client: LanguageClient, tmp_path):
    text = ("Geachte bewoner,\r\n\r\n"
            "Wij 😀 hebben het plan geëvalueerd 👍🏽 en informeren u middels deze brief.\r\n"
            "Café ‘De Hoek’ 🎉 blijft open; wij melden dat middels een bord.")  # no final newline
    uri = new_uri(tmp_path)
    diagnostics = await open_letter(client, uri, text)
    first, second = span(text, "middels"), span(text, "middels", nth=1)
    assert first[0][1] != text.splitlines()[2].index("middels")  # the emoji really shift the column
    assert first in [as_tuple(d.range) for d in diagnostics if d.code == "ambtelijk"]
    assert second in [as_tuple(r.location.range) for d in diagnostics if d.code == "ambtelijk"
                      for r in d.related_information or []]
    assert got(diagnostics) == expected_findings(text)
    close(client, uri)


async def test_finding_at_the_very_end_without_final_newline(client: LanguageClient, tmp_path):
    text = "Geachte bewoner,\n\nDit melden wij middels"
    uri = new_uri(tmp_path)
    diagnostics = await open_letter(client, uri, text)
    ranges = [as_tuple(d.range) for d in diagnostics if d.code == "ambtelijk"]
    assert ((2, 15), (2, 22)) in ranges  # the end is on the last line, not one line further
    assert got(diagnostics) == expected_findings(text)
    close(client, uri)


async def test_markdown_positions_skip_markup(client: LanguageClient, tmp_path):
    text = "# Werk aan de weg\n\nGeachte bewoner,\n\nWij informeren u **middels** deze brief. `middels`\n"
    uri = new_uri(tmp_path, ".md")
    diagnostics = await open_letter(client, uri, text, "markdown")
    ranges = [as_tuple(d.range) for d in diagnostics if d.code == "ambtelijk"]
    assert ranges == [span(text, "middels")]  # the code span is not prose
    assert got(diagnostics) == expected_findings(text, "brief.md")
    close(client, uri)


async def code_actions(client: LanguageClient, uri: str, rng: types.Range):
    return await asyncio.wait_for(client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=rng,
        context=types.CodeActionContext(diagnostics=[]))), 30)


def lsp_range(bounds) -> types.Range:
    (l1, c1), (l2, c2) = bounds
    return types.Range(start=types.Position(line=l1, character=c1), end=types.Position(line=l2, character=c2))


async def test_replace_with_suggestion_is_applied_and_rechecked(client: LanguageClient, tmp_path):
    text = "Geachte bewoner,\n\nWij 😀 informeren u middels deze brief.\n"
    uri = new_uri(tmp_path)
    await open_letter(client, uri, text)
    suggestions = next(f.suggestions for f in helderetaal.check(text).findings if f.text == "middels")
    assert suggestions
    actions = await code_actions(client, uri, lsp_range(span(text, "middels")))
    replace = [a for a in actions if a.title.startswith("Vervang")]
    assert [a.title for a in replace] == [f"Vervang 'middels' door '{s}'" for s in suggestions]
    assert replace[0].is_preferred
    new_text = apply_edits(text, edits_for(replace[0].edit, uri))
    assert new_text == text.replace("middels", suggestions[0])
    await change(client, uri, 2, new_text)
    diagnostics = await published(client, uri, 2)
    assert not [d for d in diagnostics if d.code == "ambtelijk"]
    close(client, uri)


@pytest.mark.parametrize("suffix,language", [(".txt", "plaintext"), (".md", "markdown")])
async def test_disable_rule_on_line_and_in_file(client: LanguageClient, tmp_path, suffix, language):
    uri = new_uri(tmp_path, suffix)
    await open_letter(client, uri, LETTER, language)
    actions = await code_actions(client, uri, lsp_range(span(LETTER, "middels")))
    line_action = next(a for a in actions if a.title == "Zet regel 'ambtelijk' uit op deze regel")
    text = apply_edits(LETTER, edits_for(line_action.edit, uri))
    assert "<!-- helderetaal-disable-line ambtelijk -->" in text.splitlines()[2]
    await change(client, uri, 2, text)
    diagnostics = await published(client, uri, 2)
    ambtelijk = [as_tuple(d.range) for d in diagnostics if d.code == "ambtelijk"]
    assert ambtelijk == [span(text, "middels", nth=1)]  # only the other line keeps its finding

    actions = await code_actions(client, uri, lsp_range(span(text, "middels", nth=1)))
    file_action = next(a for a in actions if a.title == "Zet regel 'ambtelijk' uit in deze brief")
    text = apply_edits(text, edits_for(file_action.edit, uri))
    assert text.startswith("<!-- helderetaal-disable-file ambtelijk -->\n")
    await change(client, uri, 3, text)
    diagnostics = await published(client, uri, 3)
    assert not [d for d in diagnostics if d.code == "ambtelijk"]
    assert not [d for d in diagnostics if d.code == "onbekende-regel"]
    close(client, uri)


async def test_hover_explains_the_rule(client: LanguageClient, tmp_path):
    uri = new_uri(tmp_path)
    await open_letter(client, uri, LETTER)
    (line, character), _ = span(LETTER, "middels")
    result = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=line, character=character + 3))), 30)
    rule = load_ruleset().get("ambtelijk")
    value = result.contents.value
    for part in (rule.spec.explanation.wat, rule.spec.explanation.waarom, rule.spec.explanation.beter):
        assert part in value
    assert "**Wat**" in value and "**Waarom**" in value and "**Beter**" in value
    # Known problems as explain shows them; the example is left out (the writer's sentence is one).
    assert f"**Bekende problemen**: {rule.spec.explanation.bekende_problemen}" in value
    assert "**Voorbeeld**" not in value
    for suggestion in next(f.suggestions for f in helderetaal.check(LETTER).findings if f.text == "middels"):
        assert suggestion in value
    assert as_tuple(result.range) == span(LETTER, "middels")
    covered = {i for f in helderetaal.check(LETTER).findings for i in range(f.start, f.end)}
    free = next(i for i, char in enumerate(LETTER) if i not in covered and char.isalpha())
    (line, character) = position(LETTER, free)
    nothing = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=character))),
        30)
    assert nothing is None
    close(client, uri)


def allow_command(action: types.CodeAction | types.Command) -> tuple[str, list]:
    """The command behind an allow action. lsprotocol's client-side hook decodes a CodeAction
    that has a "command" as a Command, with the nested command in ``command``."""
    assert getattr(action, "edit", None) is None
    nested = action.command
    if isinstance(nested, str):
        import ast

        nested = ast.literal_eval(nested)
        return nested["command"], nested["arguments"]
    return nested.command, nested.arguments


async def test_allow_list_command_keeps_the_config_and_rechecks_at_once(client: LanguageClient, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    config_file = project / ".helderetaal.yaml"
    before = "# huisregels van de gemeente\nprofile: auto\nallow:\n  - Binckhorst\n"
    config_file.write_text(before, encoding="utf-8")
    letter = project / "brief.txt"
    uri = from_fs_path(str(letter))
    await open_letter(client, uri, LETTER)
    actions = await code_actions(client, uri, lsp_range(span(LETTER, "middels")))
    allow = next(a for a in actions if a.title.startswith("Zet 'middels' op de lijst"))
    name, arguments = allow_command(allow)
    assert name == "helderetaal.allowWord" and arguments == [str(config_file), "middels"]
    count = len(client.published)
    await asyncio.wait_for(client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=name, arguments=arguments)), 30)
    after = config_file.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # the comment and other settings stay
    assert yaml.safe_load(after) == {"profile": "auto", "allow": ["Binckhorst", "middels"]}
    await wait_for(lambda: any(p.uri == uri for p in client.published[count:]), what="re-check")
    assert not [d for d in client.diagnostics[uri] if d.code == "ambtelijk"]  # no edit needed
    close(client, uri)


async def test_allow_list_edits_the_config_when_it_is_open_in_the_editor(client: LanguageClient, tmp_path):
    project = tmp_path / "open"
    project.mkdir()
    config_file = project / ".helderetaal.yaml"
    on_disk = "profile: auto\n"
    config_file.write_text(on_disk, encoding="utf-8")
    config_uri = from_fs_path(str(config_file))
    in_editor = "profile: auto\nallow: [Binckhorst]\n"  # not saved yet
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=config_uri, language_id="yaml", version=1, text=in_editor)))
    uri = from_fs_path(str(project / "brief.txt"))
    await open_letter(client, uri, LETTER)
    actions = await code_actions(client, uri, lsp_range(span(LETTER, "middels")))
    allow = next(a for a in actions if a.title.startswith("Zet 'middels' op de lijst"))
    assert allow.command is None
    edited = apply_edits(in_editor, edits_for(allow.edit, config_uri))
    assert yaml.safe_load(edited) == {"profile": "auto", "allow": ["Binckhorst", "middels"]}
    assert config_file.read_text(encoding="utf-8") == on_disk  # the server left the file alone
    config_file.write_text(edited, encoding="utf-8")  # the writer saves
    count = len(client.published)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(
        uri=config_uri)))
    await wait_for(lambda: any(p.uri == uri for p in client.published[count:]), what="re-check after saving")
    assert not [d for d in client.diagnostics[uri] if d.code == "ambtelijk"]
    close(client, uri)
    close(client, config_uri)


async def test_allow_list_creates_the_config_when_missing(client: LanguageClient, tmp_path):
    letter = tmp_path / "nieuw" / "brief.txt"
    letter.parent.mkdir()
    uri = from_fs_path(str(letter))
    await open_letter(client, uri, LETTER)
    actions = await code_actions(client, uri, lsp_range(span(LETTER, "middels")))
    allow = next(a for a in actions if a.title.startswith("Zet 'middels' op de lijst"))
    name, (path, word) = allow_command(allow)
    target = Path(path)
    assert name == "helderetaal.allowWord" and word == "middels"
    assert target.name == ".helderetaal.yaml" and not target.exists()
    # The innermost workspace folder that holds the letter (here the session's root).
    assert target.parent in (tmp_path / "nieuw", *(tmp_path / "nieuw").parents)
    close(client, uri)


async def test_configuration_change_rechecks_open_documents(client: LanguageClient, tmp_path):
    uri = new_uri(tmp_path)
    await open_letter(client, uri, LETTER)
    count = len(client.published)
    try:
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
            settings={"helderetaal": {"debounce": 0, "rules": {"ambtelijk": "error"}}}))
        await wait_for(lambda: any(p.uri == uri for p in client.published[count:]), what="re-check")
        ambtelijk = [d for d in client.diagnostics[uri] if d.code == "ambtelijk"]
        assert ambtelijk and all(d.severity == types.DiagnosticSeverity.Error for d in ambtelijk)

        count = len(client.published)
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
            settings={"helderetaal": {"debounce": 0, "rules": {"ambtelijk": "off"}}}))
        await wait_for(lambda: any(p.uri == uri for p in client.published[count:]), what="re-check")
        assert not [d for d in client.diagnostics[uri] if d.code == "ambtelijk"]
    finally:
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
            settings={"helderetaal": {"debounce": 0}}))
    await wait_for(lambda: [d for d in client.diagnostics[uri] if d.code == "ambtelijk"], what="rules back on")
    close(client, uri)


async def test_debounce_gives_one_publish_for_quick_edits(client: LanguageClient, tmp_path):
    uri = new_uri(tmp_path)
    await open_letter(client, uri, LETTER)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"helderetaal": {"debounce": 300}}))
    await asyncio.sleep(0.5)  # the re-check after the settings change
    try:
        start = len(client.published)
        text = LETTER
        for version in range(2, 6):
            text = text.replace("Jan", "Jan" + "n", 1)
            await change(client, uri, version, text)
            await asyncio.sleep(0.05)
        await published(client, uri, 5)
        await asyncio.sleep(0.6)
        mine = [p for p in client.published[start:] if p.uri == uri]
        assert [p.version for p in mine] == [5]
    finally:
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
            settings={"helderetaal": {"debounce": 0}}))
        await asyncio.sleep(0.2)
    close(client, uri)


async def test_results_for_stale_versions_are_dropped(client: LanguageClient, tmp_path):
    uri = new_uri(tmp_path)
    await open_letter(client, uri, LETTER)
    start = len(client.published)
    text = LETTER
    for version in range(2, 8):  # no debounce, no pauses: checks overtake each other
        text = text.replace("middels", "met", 1) if version == 7 else text + "Nog een zin.\n"
        await change(client, uri, version, text)
    diagnostics = await published(client, uri, 7)
    await asyncio.sleep(0.5)
    versions = [p.version for p in client.published[start:] if p.uri == uri]
    assert versions == sorted(set(versions)) and versions[-1] == 7  # never an older result after a newer one
    # How many intermediate versions get skipped depends on how fast a check is compared with
    # the edits; only the order and the final result are guaranteed.
    assert got(diagnostics) == expected_findings(text)
    close(client, uri)


async def test_close_clears_diagnostics(client: LanguageClient, tmp_path):
    uri = new_uri(tmp_path)
    diagnostics = await open_letter(client, uri, LETTER)
    assert diagnostics
    close(client, uri)
    await wait_for(lambda: client.published[-1].uri == uri and len(client.published[-1].diagnostics) == 0,
                   what="empty diagnostics after close")


async def test_summary_is_inserted_after_the_salutation(client: LanguageClient, tmp_path):
    letter = (Path(__file__).parent / "lsp" / "brief_werkzaamheden.txt").read_text(encoding="utf-8")
    summary = helderetaal.check(letter).summary
    if not summary:
        pytest.skip("the facts extractor gives no summary for this letter yet")
    uri = new_uri(tmp_path)
    await open_letter(client, uri, letter)
    salutation = next(i for i, line in enumerate(letter.splitlines()) if line.startswith("Geachte"))
    actions = await code_actions(client, uri, lsp_range(((salutation, 0), (salutation, 0))))
    action = next(a for a in actions if "In het kort" in a.title)
    new_text = apply_edits(letter, edits_for(action.edit, uri))
    lines = new_text.splitlines()
    assert lines[salutation + 1] == "" and lines[salutation + 2].lstrip("# ").startswith("In het kort")
    assert summary.splitlines()[0].strip() in new_text
    await change(client, uri, 2, new_text)
    await published(client, uri, 2)
    again = await code_actions(client, uri, lsp_range(((salutation, 0), (salutation, 0))))
    assert not [a for a in again or [] if "In het kort" in a.title]
    close(client, uri)


async def test_utf16_columns_count_surrogate_pairs(client: LanguageClient, tmp_path):
    prefix = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 é "
    text = f"Geachte bewoner,\n\n{prefix}Wij informeren u middels deze brief.\n"
    uri = new_uri(tmp_path)
    diagnostics = await open_letter(client, uri, text)
    (line, character), _ = [as_tuple(d.range) for d in diagnostics if d.code == "ambtelijk"][0]
    assert line == 2
    assert character == units(prefix) + len("Wij informeren u ") == len(prefix) + 7 + 17
    close(client, uri)


async def test_allow_word_and_settings_changes_recheck_every_open_letter_at_once(client: LanguageClient, tmp_path):
    first, second = new_uri(tmp_path), new_uri(tmp_path, ".md")
    await open_letter(client, first, LETTER)
    await open_letter(client, second, LETTER, "markdown")

    def republished(since: int) -> set[str]:
        return {p.uri for p in client.published[since:] if p.uri in (first, second)}

    count = len(client.published)
    config_file = tmp_path / ".helderetaal.yaml"
    written = await asyncio.wait_for(client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="helderetaal.allowWord", arguments=[str(config_file), "middels"])), 30)
    assert written is True
    await wait_for(lambda: republished(count) == {first, second}, what="both letters re-checked")
    for uri in (first, second):  # without an edit, with the new allow-list
        assert not [d for d in client.diagnostics[uri] if d.code == "ambtelijk"]

    config_file.unlink()
    count = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"helderetaal": {"debounce": 0, "rules": {"ambtelijk": "error"}}}))
    try:
        await wait_for(lambda: republished(count) == {first, second}, what="both letters re-checked")
        for uri in (first, second):
            ambtelijk = [d for d in client.diagnostics[uri] if d.code == "ambtelijk"]
            assert ambtelijk and all(d.severity == types.DiagnosticSeverity.Error for d in ambtelijk)
    finally:
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
            settings={"helderetaal": {"debounce": 0}}))
    close(client, first)
    close(client, second)


async def test_nested_configs_are_merged_as_the_cli_merges_them(client: LanguageClient, tmp_path):
    """Issue 17 ("two config resolvers"): the server used the nearest config only, the CLI merges them all."""
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / ".helderetaal.yaml").write_text("allow: [middels]\n", encoding="utf-8")
    folder = project / "brieven"
    folder.mkdir()
    (folder / ".helderetaal.yaml").write_text("rules:\n  ambtelijk: error\n", encoding="utf-8")
    text = "Geachte bewoner,\n\nWij informeren u middels deze brief. Dit is reeds besloten.\n"
    path = folder / "brief.txt"
    path.write_text(text, encoding="utf-8")
    uri = from_fs_path(str(path))
    diagnostics = await open_letter(client, uri, text)
    assert not [d for d in diagnostics if as_tuple(d.range) == span(text, "middels")]  # the outer config's allow
    reeds = [d for d in diagnostics if as_tuple(d.range) == span(text, "reeds")]
    assert [(d.code, d.severity) for d in reeds] == [("ambtelijk", types.DiagnosticSeverity.Error)]  # the inner one
    cli = helderetaal.check_file(path)
    assert got(diagnostics) == sorted((f.rule, (position(text, f.start, "utf-16"), position(text, f.end, "utf-16")))
                                      for f in cli.findings)
    close(client, uri)

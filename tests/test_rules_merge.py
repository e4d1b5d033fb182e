"""Vague wording on the words of a timing finding is one finding (helderetaal.finding.merge_overlapping_wording)."""

from __future__ import annotations

from helderetaal.finding import Finding, merge_overlapping_wording


def _finding(rule: str, category: str, start: int, end: int, severity: str = "info") -> Finding:
    return Finding(rule=rule, category=category, severity=severity, message="-", start=start, end=end,
                   line=1, column=start + 1, end_line=1, end_column=end + 1, text="-" * (end - start))


def _kept(findings: list[Finding]) -> list[tuple[str, int, int]]:
    return sorted((f.rule, f.start, f.end) for f in merge_overlapping_wording(findings))


def test_a_timing_finding_on_the_same_words_wins_over_vague_wording():
    assert _kept([_finding("vaag", "vague", 3, 19), _finding("vage-planning", "timing", 0, 19)]) == [
        ("vage-planning", 0, 19)]


def test_a_stiff_split_construction_around_a_vague_word_keeps_both():
    # "vangen medio juni aan": stiff wording around vague timing, two things to fix.
    assert _kept([_finding("ambtelijk", "jargon", 0, 21, "warning"), _finding("vage-planning", "timing", 7, 17)]) == [
        ("ambtelijk", 0, 21), ("vage-planning", 7, 17)]


def test_overlapping_word_list_findings_are_left_to_the_rules():
    # The word lists settle their overlaps themselves (defer_to), knowing a split construction's gap.
    assert _kept([_finding("ambtelijk", "jargon", 0, 6, "warning"), _finding("vaag", "vague", 0, 12)]) == [
        ("ambtelijk", 0, 6), ("vaag", 0, 12)]


def test_the_remaining_rule_still_reports_when_the_other_is_absent():
    assert _kept([_finding("vaag", "vague", 3, 19)]) == [("vaag", 3, 19)]


def test_findings_about_sentences_and_elements_are_kept():
    findings = [_finding("zinslengte", "length", 0, 300), _finding("element-tijd", "structure", 0, 5),
                _finding("vaag", "vague", 10, 20), _finding("ambtelijk", "jargon", 30, 36)]
    assert _kept(findings) == sorted([("zinslengte", 0, 300), ("element-tijd", 0, 5), ("vaag", 10, 20),
                                      ("ambtelijk", 30, 36)])


def test_many_findings_merge_in_reasonable_time():
    findings = [_finding("vaag" if i % 2 else "vage-planning", "vague" if i % 2 else "timing", i * 3, i * 3 + 5)
                for i in range(20_000)]
    kept = merge_overlapping_wording(findings)
    assert 0 < len(kept) < len(findings)

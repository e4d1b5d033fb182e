"""Names vulture reports as unused that are used, each with the reason (run: ``vulture``).

vulture reads this file with the package (see ``[tool.vulture]`` in pyproject.toml); a name
written here counts as used. Add a name only with the reason it is not dead.
"""

# ruff: noqa
# mypy: ignore-errors
from typing import Any

_: Any = None

# helderetaal/cli.py -- click reads these from a ClickException subclass.
_.exit_code
_.show
# helderetaal/cli.py -- commands registered by @main.command(); click calls them.
_.make_baseline
_.list_rules
_.lsp
_.show_config
# helderetaal/__init__.py -- a module __getattr__ (PEP 562): Python calls it for lazy attributes.
_.__getattr__

# helderetaal/metrics.py -- pyphen reads maxlen on the HyphDict it gets from its cache.
_.maxlen
# helderetaal/metrics.py -- public helper: the Zipf frequency that is_uncommon decides from (tested).
_.zipf
# helderetaal/nlp.py -- spaCy reads nlp.max_length before it tokenises a text.
_.max_length

# lsp/compat.py -- pygls calls this on its TextDocument for every incremental change.
_._apply_incremental_change
_._source
# lsp/server.py -- pygls calls this hook when a handler raises.
_.report_server_error
# lsp/server.py -- handlers registered with @server.feature / @server.command; pygls calls them.
_.did_open
_.did_change
_.did_save
_.did_close
_.did_change_configuration
_.pull_diagnostics
_.hover
_.code_action
_.allow_word
# lsp/worker.py -- read by tests/test_lsp_worker.py to see which worker processes run.
_.worker_pids

# helderetaal/kinds/*.py -- options declared in an Options dataclass are read through the
# Options mapping (options["min_sentences"]) and by message templates ({lead_days}).
_.impact_counts
_.deadline_counts
_.min_sentences
_.skip_profiles
_.when_profiles
_.first_only
_.skip_if_expanded
_.defer_to
_.lead_days
_.every_occurrence
# helderetaal/kinds/timing.py -- each check is the method "_" + the rule's 'check' key.
_._too_late
_._before_letter_date
_._end_before_start
_._vague

# helderetaal/letter.py -- public fields of the typed Letter's people and meetings (library API:
# letter_of(document).people / .meetings); the rules read other fields, users and tests these.
_.organisation
_.contact_person
_.time_to
_.registration_deadline
_.profile_source
# helderetaal/nlp.py -- overrides spaCy's Tokenizer.pipe with its signature (batch_size is spaCy's argument).
_.pipe
_.batch_size

# helderetaal/passport.py -- one method per demand, called by name: getattr(self, "_" + key)() in
# Passport.entry, for each key of DEMANDS.
_._op_tijd
_._samenvatting
_._wie
_._waarom
_._wat_doen
_._bijeenkomst
_._heldere_taal
_._participatie
_._fouten_erkennen
_._lengte

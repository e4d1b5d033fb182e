"""The helderetaal language server (pygls)."""

"""The helderetaal language server (pygls): ``helderetaal lsp`` (stdio) or
``helderetaal lsp --tcp --port N`` (127.0.0.1 only)."""

from __future__ import annotations


def serve(tcp: bool = False, port: int = 2087) -> None:
    """Run the language server until the client says ``exit``."""
    from .server import serve as _serve

    _serve(tcp=tcp, port=port)


__all__ = ["serve"]

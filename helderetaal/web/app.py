"""The local web page (``helderetaal serve``): Starlette on uvicorn, on 127.0.0.1 only.

Routes:

- ``GET /``: the page; ``GET /static/<name>``: its script and style, shipped in the package.
- ``POST /api/check``: the ``--format json`` contract for one letter, for applications that
  are not Python. Body: JSON ``{"text": "...", "name": "brief.md"}`` (``name`` optional, picks
  Markdown), or the file's bytes with ``?name=brief.docx``.
- ``POST /api/page``: what the page needs to show one letter: the contract plus the text the
  offsets refer to, the place of letter-level findings and the rules' explanations.
- ``POST /api/annotate``: the letter back with comments (:mod:`helderetaal.annotate`).

Nothing is written to disk: bodies are read into memory up to :data:`MAX_UPLOAD_BYTES`.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..config import Config
from ..engine import Report, check_source
from ..readers.base import InputError, SourceText

#: The largest letter the page accepts (a Word file with a logo stays far below this).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
HOST = "127.0.0.1"

_STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
_SECURITY_HEADERS = {
    # The page loads nothing from elsewhere and sends letters only to this server.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class PortTaken(Exception):
    """The port is already in use; the message is for the writer, in Dutch."""


class _TooLarge(Exception):
    pass


def _asset(name: str) -> bytes:
    return resources.files("helderetaal.web").joinpath("static", name).read_bytes()


def _limit_message() -> str:
    return (f"Het bestand is te groot. Het mag hoogstens {MAX_UPLOAD_BYTES // (1024 * 1024)} MB zijn. "
            "Haal grote plaatjes uit het document of plak alleen de tekst.")


async def _body(request: Request) -> bytes:
    """The request body, refused as soon as it passes the limit (never kept on disk)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES:
        raise _TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_UPLOAD_BYTES:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _source(request: Request, body: bytes) -> tuple[SourceText, bytes, str]:
    """Read the letter in a request: (source, the raw bytes of a file, its name)."""
    from ..readers import parse_markdown, parse_text, read_bytes, refuse_long_text

    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise InputError("<tekst>", "de gegevens zijn geen geldige JSON") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            raise InputError("<tekst>", 'stuur JSON met een veld "text" (de tekst van de brief)')
        name = payload.get("name") if isinstance(payload.get("name"), str) else None
        text = payload["text"]
        refuse_long_text(text, name)
        markdown = bool(name and name.lower().endswith((".md", ".markdown")))
        source = parse_markdown(text, name) if markdown else parse_text(text, name)
        return source, text.encode("utf-8"), name or "brief.txt"
    name = request.query_params.get("name") or "brief.txt"
    name = name.replace("\\", "/").rsplit("/", 1)[-1] or "brief.txt"
    return read_bytes(body, name), body, name


def _error_contract(path: str, message: str) -> dict[str, Any]:
    from ..formatters.json_format import VERSION

    return {"version": VERSION, "files": [], "errors": [{"path": path, "message": message}]}


def create_app(config: Config | None = None) -> Starlette:
    """The web application; ``config`` applies to every letter checked."""
    config = config if config is not None else Config()
    ruleset = config.ruleset()

    def check(source: SourceText) -> Report:
        return check_source(source, config, ruleset)

    def contract(report: Report) -> dict[str, Any]:
        from ..formatters.json_format import as_dict
        from ..runner import RunResult

        return as_dict(RunResult(reports=[report], fingerprints=[report.fingerprints]))

    async def read(request: Request) -> tuple[SourceText, bytes, str] | JSONResponse:
        try:
            body = await _body(request)
        except _TooLarge:
            return JSONResponse(_error_contract(request.query_params.get("name") or "<tekst>", _limit_message()),
                                status_code=413)
        try:
            return await run_in_threadpool(_source, request, body)
        except InputError as error:
            return JSONResponse(_error_contract(error.path, error.reason), status_code=400)

    async def index(_: Request) -> Response:
        return Response(_asset("index.html"), media_type="text/html; charset=utf-8", headers=_SECURITY_HEADERS)

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return Response("Niet gevonden", status_code=404, media_type="text/plain; charset=utf-8")
        return Response(_asset(name), media_type=_STATIC[name], headers=_SECURITY_HEADERS)

    async def api_check(request: Request) -> Response:
        read_result = await read(request)
        if isinstance(read_result, JSONResponse):
            return read_result
        report = await run_in_threadpool(check, read_result[0])
        return JSONResponse(contract(report))

    async def api_page(request: Request) -> Response:
        read_result = await read(request)
        if isinstance(read_result, JSONResponse):
            return read_result
        source = read_result[0]
        report = await run_in_threadpool(check, source)
        from ..letter import ELEMENTS

        rules: dict[str, dict[str, str]] = {}
        for finding in report.findings:
            rule = ruleset.get(finding.rule)
            if rule is not None and finding.rule not in rules:
                explanation = rule.spec.explanation
                rules[finding.rule] = {"title": rule.spec.title, "wat": explanation.wat,
                                       "waarom": explanation.waarom, "voorbeeld": explanation.voorbeeld,
                                       "beter": explanation.beter}
        return JSONResponse({
            "result": contract(report),
            "text": source.text,
            "format": source.format,
            "anchor": list(report.anchor),
            "rules": rules,
            "elements": [{"key": spec.key, "label": spec.label} for spec in ELEMENTS],
        }, headers={"Cache-Control": "no-store"})

    async def api_annotate(request: Request) -> Response:
        from ..annotate import AnnotateError, annotate_bytes, explanations

        read_result = await read(request)
        if isinstance(read_result, JSONResponse):
            return read_result
        source, data, name = read_result
        report = await run_in_threadpool(check, source)
        try:
            document, suffix = await run_in_threadpool(annotate_bytes, data, source, report,
                                                       explanations(ruleset))
        except AnnotateError as error:
            return JSONResponse(_error_contract(name, str(error)), status_code=400)
        stem = name.rsplit(".", 1)[0] or "brief"
        filename = f"{stem}-opmerkingen{suffix}"
        media = ("application/vnd.oasis.opendocument.text" if suffix == ".odt" else
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        return Response(document, media_type=media, headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}", "Cache-Control": "no-store"})

    return Starlette(routes=[
        Route("/", index),
        Route("/static/{name}", static),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/page", api_page, methods=["POST"]),
        Route("/api/annotate", api_annotate, methods=["POST"]),
    ])


def run(port: int = 8765, config: Config | None = None) -> None:
    """Serve the page on 127.0.0.1 until Ctrl+C."""
    import socket

    import uvicorn

    # Find a taken port before the pipeline loads, and say so in one line (uvicorn would log a traceback).
    with socket.socket() as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            raise PortTaken(f"poort {port} op {HOST} is al in gebruik; kies een andere met --port") from None
    app = create_app(config)
    print(f"helderetaal: open http://{HOST}:{port} in uw browser (stoppen: Ctrl+C)", flush=True)
    uvicorn.run(app, host=HOST, port=port, log_level="warning")


__all__ = ["HOST", "MAX_UPLOAD_BYTES", "PortTaken", "create_app", "run"]

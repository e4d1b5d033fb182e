"""The local web page (``helderetaal serve``); see :mod:`helderetaal.web.app`."""

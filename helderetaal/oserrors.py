"""Why a file could not be read or written, in Dutch.

Python's ``OSError.strerror`` is the C library's English text ("No such file or directory");
every message to a writer that names an operating-system error takes its reason from here.
"""

from __future__ import annotations

import errno

_REASONS: dict[int, str] = {
    errno.ENOENT: "het bestand of de map bestaat niet",
    errno.EACCES: "geen toestemming",
    errno.EPERM: "geen toestemming",
    errno.EISDIR: "dit is een map, geen bestand",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte voor deze gebruiker is op",
    errno.EROFS: "de schijf is alleen te lezen",
    errno.EEXIST: "het bestand bestaat al",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.ELOOP: "het pad verwijst in een kring naar zichzelf",
    errno.EMFILE: "te veel bestanden tegelijk open",
    errno.ENFILE: "te veel bestanden tegelijk open",
    errno.EIO: "lees- of schrijffout op de schijf",
    errno.EBUSY: "het bestand is in gebruik",
    errno.ETXTBSY: "het bestand is in gebruik",
    errno.EFBIG: "het bestand is te groot",
    errno.EPIPE: "de uitvoer wordt niet meer gelezen",
    errno.EINVAL: "ongeldige naam of waarde",
    errno.ENXIO: "het apparaat is er niet",
    errno.ENODEV: "het apparaat is er niet",
    errno.EAGAIN: "het bestand is nu niet beschikbaar",
    errno.ETIMEDOUT: "de schijf of het netwerk antwoordt niet op tijd",
}


def reason(error: OSError) -> str:
    """The Dutch reason for ``error`` ("het bestand of de map bestaat niet"); an error number
    without a Dutch text keeps the system's text after "systeemfout"."""
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    if error.errno:
        return f"systeemfout {error.errno} ({error.strerror or errno.errorcode.get(error.errno, '?')})"
    return f"systeemfout ({error})"

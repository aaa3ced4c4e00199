"""Checking and re-encoding an uploaded logo: judged by its content, never by its name."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from partnercenter.directory.errors import LogoRefused

MAX_BYTES = 2 * 1024 * 1024
"""The largest logo file accepted (2 MB)."""
MAX_SIDE = 4000
"""The largest width or height accepted, in pixels (a decompression-bomb guard too)."""
STORED_SIDE = 512
"""Logos are stored at most this many pixels a side."""
FORMATS = {"PNG", "JPEG", "WEBP"}


def logo_reencode(data: bytes) -> bytes:
    """The logo as a clean PNG (no metadata, ≤ 512 px a side), or LogoRefused saying why."""
    if len(data) > MAX_BYTES:
        raise LogoRefused(f"The logo is {len(data) / 1048576:.1f} MB; at most 2 MB is accepted.")
    if not data:
        raise LogoRefused("The logo file is empty.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            if kind not in FORMATS:
                raise LogoRefused("The logo must be a PNG, JPEG or WebP image.")
            if width > MAX_SIDE or height > MAX_SIDE:
                raise LogoRefused(
                    f"The logo is {width}×{height} pixels; at most {MAX_SIDE}×{MAX_SIDE}."
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            clean = image.convert("RGBA")
    except LogoRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise LogoRefused("The file is not a readable PNG, JPEG or WebP image.") from None
    clean.thumbnail((STORED_SIDE, STORED_SIDE))
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)  # a new image: no EXIF, text chunks or ICC
    return out.getvalue()

"""Entry images: their size (width and height on the page, so nothing jumps as they load) and
smaller copies for srcset, so a phone downloads a phone-sized image."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image, UnidentifiedImageError

WIDTHS = (480, 960, 1600)  # the copies made, each only when the original is wider
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}


class ImageError(ValueError):
    pass


@dataclass(frozen=True)
class Picture:
    src: str  # the original, below the site's root: "images/portraits/wong.jpg"
    width: int
    height: int
    srcset: tuple[tuple[str, int], ...]  # (file below the site's root, its width), narrowest first


def size_of(path: Path) -> tuple[int, int]:
    try:
        with Image.open(path) as image:
            image.verify()
            return image.size
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ImageError(str(error)) from error


def picture(src: str, source: Path) -> tuple[Picture, dict[str, bytes]]:
    """The picture of an image in content/images/, and the copies to write: {name: bytes}."""
    original = PurePosixPath("images", src)
    copies: dict[str, bytes] = {}
    srcset = []
    with Image.open(source) as image:
        image.load()
        width, height = image.size
        kind = FORMATS.get(image.format or "", "PNG")
        suffix = ".png" if kind == "PNG" and image.format != "PNG" else original.suffix
        for target in (w for w in WIDTHS if w < width):
            name = str(original.with_name(f"{original.stem}-{target}w{suffix}"))
            copies[name] = _resized(image, target, round(height * target / width), kind)
            srcset.append((name, target))
    srcset.append((str(original), width))
    return Picture(str(original), width, height, tuple(srcset)), copies


def _resized(image: Image.Image, width: int, height: int, kind: str) -> bytes:
    """A smaller copy, the same bytes for the same input: no metadata, fixed settings."""
    copy = image.convert("RGB" if kind == "JPEG" else "RGBA").resize(
        (width, height), Image.Resampling.LANCZOS
    )
    buffer = io.BytesIO()
    settings: dict[str, dict[str, Any]] = {
        "JPEG": {"quality": 82, "optimize": True},
        "PNG": {"optimize": True},
        "WEBP": {"quality": 82, "method": 6},
    }
    options = settings[kind]
    copy.save(buffer, format=kind, **options)
    return buffer.getvalue()

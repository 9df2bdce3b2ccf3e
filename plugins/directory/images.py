"""Entry images: the one place that decides what may be published from content/images/, their
size (width and height on the page, so nothing jumps as they load) and smaller copies for srcset,
so a phone downloads a phone-sized image.

Only real JPEG, PNG, WebP and GIF images are published, named with their format's extension:
an SVG can hold scripts that run on the site's own origin, and any other file (HTML above all) is
served as whatever its name says. Each file is read once, without following a symbolic link, at
most MAX_IMAGE_BYTES; decoded in full (every frame, not only Pillow's verify(), which passes a PNG
whose data stream is broken) once per build, by content hash; and refused past Pillow's
MAX_IMAGE_PIXELS, which Pillow itself only warns about. The bytes checked are the bytes published.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image, UnidentifiedImageError

from .loading import IMAGES_FOLDER, FoundImage

WIDTHS = (480, 960, 1600)  # the copies made, each only when the original is wider
# Pillow's format -> the extensions a file of it may have, the first being the one suggested.
EXTENSIONS = {
    "JPEG": (".jpg", ".jpeg"),
    "PNG": (".png",),
    "WEBP": (".webp",),
    "GIF": (".gif",),
}
OPENERS = tuple(EXTENSIONS)  # the only Pillow plugins ever run on a file
SAME_AS = {"MPO": "JPEG"}  # a camera's multi-picture JPEG is a JPEG to browsers
COPY_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
SVG_EXTENSIONS = (".svg", ".svgz")
MAX_IMAGE_BYTES = 50_000_000
EXPECTED = "expected a JPEG, PNG, WebP or GIF image"
NAMED = "named .jpg, .jpeg, .png, .webp or .gif"
SYMLINK = "a symbolic link: expected the image file itself, not a link to it"
NOT_REGULAR = "not a regular file: expected an image file"
SVG = f"an SVG file, which can run scripts on the site: {EXPECTED} (export it as PNG)"
UNREADABLE_IMAGE = "cannot be read as an image: expected a JPEG, PNG, WebP or GIF file"
BROKEN = (
    "the image data is damaged or cut short: expected a JPEG, PNG, WebP or GIF file that "
    "decodes in full"
)


class Refused(Exception):
    """A file content/images/ may not publish; its message says why and what was expected."""


@dataclass(frozen=True)
class Picture:
    src: str  # the original, below the site's root: "images/portraits/wong.jpg"
    width: int
    height: int
    srcset: tuple[tuple[str, int], ...]  # (file below the site's root, its width), narrowest first


@dataclass(frozen=True)
class Decoded:
    """What decoding an image's bytes found, kept for the build."""

    format: str  # Pillow's: JPEG, PNG, WEBP or GIF
    width: int
    height: int
    copies: tuple[tuple[int, bytes], ...] | None  # (width, bytes), narrowest first; None: not made


@dataclass(frozen=True)
class Accepted:
    src: str  # below content/images/, with forward slashes: "portraits/wong.jpg"
    data: bytes  # what was checked, and what is published
    decoded: Decoded


@dataclass
class ImageCatalog:
    """The files of content/images/: those that may be published, and why the others may not."""

    folder: str  # content/images as messages show it
    accepted: dict[str, Accepted] = field(default_factory=dict)  # src -> image
    refused: dict[str, tuple[str, str]] = field(default_factory=dict)  # src -> (relpath, why)

    def picture(self, src: str) -> tuple[Picture, dict[str, bytes]]:
        """The picture of an accepted image, and its smaller copies to write: {name: bytes}."""
        image = self.accepted[src].decoded
        if image.copies is None:
            raise ValueError(f"{src}: its copies were not made when it was checked")
        original = PurePosixPath(IMAGES_FOLDER, src)
        converted = COPY_FORMATS[image.format] != image.format
        suffix = ".png" if converted else original.suffix
        copies, srcset = {}, []
        for width, data in image.copies:
            name = str(original.with_name(f"{original.stem}-{width}w{suffix}"))
            copies[name] = data
            srcset.append((name, width))
        srcset.append((str(original), image.width))
        return Picture(str(original), image.width, image.height, tuple(srcset)), copies

    def files(self) -> dict[str, bytes]:
        """Every accepted image, by its path below the site's root."""
        return {f"{IMAGES_FOLDER}/{src}": image.data for src, image in self.accepted.items()}


def check_images(folder: str, found: list[FoundImage], *, copies_of: set[str]) -> ImageCatalog:
    """Check every file found in content/images/, decoding each distinct content once; the
    smaller copies are made for the srcs in copies_of (those entries show) while decoding."""
    catalog = ImageCatalog(folder)
    read: dict[str, tuple[FoundImage, bytes, str]] = {}
    for image in found:
        try:
            data = _read(image.path)
        except Refused as refusal:
            catalog.refused[image.src] = (image.relpath, str(refusal))
            continue
        read[image.src] = (image, data, hashlib.sha256(data).hexdigest())
    wanted = {digest for src, (_, _, digest) in read.items() if src in copies_of}
    decoded: dict[str, Decoded | Refused] = {}
    for src, (image, data, digest) in read.items():
        if digest not in decoded:
            try:
                decoded[digest] = decode(data, copies=digest in wanted)
            except Refused as refusal:
                decoded[digest] = refusal
        result = decoded[digest]
        if isinstance(result, Refused):
            catalog.refused[src] = (image.relpath, str(result))
        elif problem := _misnamed(src, result.format):
            catalog.refused[src] = (image.relpath, problem)
        else:
            catalog.accepted[src] = Accepted(src, data, result)
    return catalog


def _read(path: Path) -> bytes:
    """The bytes of a regular file named like an image, never following a symbolic link, and
    never more than one byte past MAX_IMAGE_BYTES."""
    if path.is_symlink():
        raise Refused(SYMLINK)
    suffix = path.suffix.lower()
    if suffix in SVG_EXTENSIONS:
        raise Refused(SVG)
    if suffix not in {e for names in EXTENSIONS.values() for e in names}:
        what = f"a {suffix} file, not an image" if suffix else "a file without an extension"
        raise Refused(f"{what}: {EXPECTED} {NAMED}")
    try:
        # O_NONBLOCK: a FIFO named like an image must not hang the build.
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ELOOP:  # made a link since it was looked at
            raise Refused(SYMLINK) from error
        reason = error.strerror or type(error).__name__
        raise Refused(f"cannot be read ({reason}): expected a file the build can read") from error
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise Refused(NOT_REGULAR)
        size = status.st_size
        data = b"" if size > MAX_IMAGE_BYTES else file.read(MAX_IMAGE_BYTES + 1)
    size = max(size, len(data))
    if size > MAX_IMAGE_BYTES:
        raise Refused(
            f"file is {size / 1_000_000:.1f} MB ({size:,} bytes): expected at most "
            f"{MAX_IMAGE_BYTES // 1_000_000} MB ({MAX_IMAGE_BYTES:,} bytes) per image"
        )
    return data


def decode(data: bytes, *, copies: bool) -> Decoded:
    """Decode an image in full, every frame, and make its smaller copies if asked; Refused when
    it is not a JPEG, PNG, WebP or GIF image, is damaged, or has too many pixels."""
    limit = Image.MAX_IMAGE_PIXELS or 0
    too_large = Refused(
        f"more than {limit:,} pixels: expected at most {limit:,} (a larger image may be a "
        "decompression bomb)"
    )
    with warnings.catch_warnings():
        # Pillow warns past MAX_IMAGE_PIXELS and refuses only past twice as many.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=OPENERS) as image:
                image.verify()  # the checksums, which decoding does not check everywhere
            with Image.open(io.BytesIO(data), formats=OPENERS) as image:
                kind = SAME_AS.get(image.format or "", image.format or "")
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
                if limit and width * height * frames > limit:
                    raise too_large
                image.load()
                made = _copies(image, COPY_FORMATS[kind]) if copies else None
                for frame in range(1, frames):
                    image.seek(frame)
                    image.load()
        except Refused:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            raise too_large from error
        except UnidentifiedImageError as error:
            raise Refused(UNREADABLE_IMAGE) from error
        except Exception as error:  # Pillow's decoders raise OSError, SyntaxError, ValueError...
            raise Refused(BROKEN) from error
    return Decoded(kind, width, height, made)


def _misnamed(src: str, kind: str) -> str:
    """The problem of an image whose extension is not its format's, or ''."""
    suffix = PurePosixPath(src).suffix.lower()
    expected = EXTENSIONS[kind]
    if suffix in expected:
        return ""
    return f"a {kind} image named {suffix}: expected the extension {' or '.join(expected)}"


def _copies(image: Image.Image, kind: str) -> tuple[tuple[int, bytes], ...]:
    width, height = image.size
    return tuple(
        (target, _resized(image, target, round(height * target / width), kind))
        for target in WIDTHS
        if target < width
    )


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

"""What content/images/ may publish: real JPEG, PNG, WebP and GIF images, each decoded in full once
per build, inside the folder, of a sane size; everything else is a problem with its own line, and
nothing refused is ever written to the output."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from plugins.directory import images
from plugins.directory.errors import ContentError
from plugins.directory.pipeline import build_directory
from tests.support import ROOT, SMALL_DIRECTORY, build, image_bytes, write_tree

ARTIST = "name: {en: Ho Fan, zh: 何藩}\norigin: local\n"
EXPECTED = "expected a JPEG, PNG, WebP or GIF image"
MAX_PIXELS = Image.MAX_IMAGE_PIXELS
BOMB = (
    f"more than {MAX_PIXELS:,} pixels: expected at most {MAX_PIXELS:,} (a larger image may be a "
    "decompression bomb)"
)
BROKEN = (
    "the image data is damaged or cut short: expected a JPEG, PNG, WebP or GIF file that "
    "decodes in full"
)
SVG = (
    "an SVG file, which can run scripts on the site: expected a JPEG, PNG, WebP or GIF image "
    "(export it as PNG)"
)
SVG_TEXT = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def with_image(src: str) -> str:
    return ARTIST + f"image: {{src: {src}, alt: A portrait}}\n"


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, pixels: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def broken_png() -> bytes:
    """Every chunk's checksum is right (Pillow's verify() passes), its data stream is not."""
    stream = zlib.compress(b"".join(b"\0" + bytes(range(24)) for _ in range(8)))
    return png(8, 8, stream[:10] + b"\xff\xff\xff\xff" + stream[14:])


def header_only_png(width: int, height: int) -> bytes:
    """A few bytes that claim width × height pixels."""
    return png(width, height, zlib.compress(b""))


def problems_for(tmp_path: Path, files: dict) -> list[str]:
    content = write_tree(tmp_path / "content", files)
    return [str(p) for p in build_directory(content, tmp_path).problems]


def published(output: Path) -> list[str]:
    return sorted(p.relative_to(output).as_posix() for p in (output / "images").rglob("*"))


def test_verify_alone_passes_the_broken_png():
    with Image.open(io.BytesIO(broken_png())) as image:
        image.verify()  # the checksums are right: only decoding it finds the damage


def test_an_image_with_a_broken_data_stream_is_a_problem_on_its_entry(tmp_path):
    files = {"artists/a.yaml": with_image("a.png"), "images/a.png": broken_png()}
    assert problems_for(tmp_path, files) == [
        f"content/artists/a.yaml:3: image.src: content/images/a.png: {BROKEN}"
    ]


def test_make_html_with_a_broken_image_stops_before_writing_anything(tmp_path):
    files = {**SMALL_DIRECTORY, "artists/a.yaml": with_image("a.png"), "images/a.png": broken_png()}
    content = write_tree(tmp_path / "content", files)
    with pytest.raises(ContentError):
        build(content, tmp_path / "output")
    assert not (tmp_path / "output" / "en").exists()


@pytest.mark.parametrize(
    ("name", "body", "reason"),
    [
        pytest.param("x.svg", SVG_TEXT, SVG, id="svg"),
        pytest.param("x.SVG", SVG_TEXT, SVG, id="svg-upper-case"),
        pytest.param("x.svgz", b"\x1f\x8b", SVG, id="svgz"),
        pytest.param(
            "x.html",
            "<script>alert(1)</script>",
            f"a .html file, not an image: {EXPECTED} named .jpg, .jpeg, .png, .webp or .gif",
            id="html",
        ),
        pytest.param(
            "polyglot.html",
            image_bytes(8, 8, "PNG"),
            f"a .html file, not an image: {EXPECTED} named .jpg, .jpeg, .png, .webp or .gif",
            id="image-named-html",
        ),
        pytest.param(
            "README",
            "notes",
            f"a file without an extension: {EXPECTED} named .jpg, .jpeg, .png, .webp or .gif",
            id="no-extension",
        ),
        pytest.param(
            "x.jpg",
            b"GIF?",
            "cannot be read as an image: expected a JPEG, PNG, WebP or GIF file",
            id="not-an-image",
        ),
        pytest.param(
            "x.png",
            SVG_TEXT,
            "cannot be read as an image: expected a JPEG, PNG, WebP or GIF file",
            id="svg-named-png",
        ),
        pytest.param(
            "x.jpg",
            image_bytes(8, 8, "PNG"),
            "a PNG image named .jpg: expected the extension .png",
            id="wrong-extension",
        ),
        pytest.param(
            "x.gif",
            image_bytes(8, 8, "JPEG"),
            "a JPEG image named .gif: expected the extension .jpg or .jpeg",
            id="jpeg-named-gif",
        ),
        pytest.param("x.png", broken_png(), BROKEN, id="broken-data-stream"),
        pytest.param("x.jpg", image_bytes(64, 64)[:300], BROKEN, id="truncated-jpeg"),
        pytest.param("x.png", header_only_png(10_000, 9_000), BOMB, id="bomb-warning-size"),
        pytest.param("x.png", header_only_png(100_000, 100_000), BOMB, id="bomb-error-size"),
    ],
)
def test_a_stray_file_that_is_not_a_publishable_image_is_one_line(tmp_path, name, body, reason):
    files = {"artists/a.yaml": ARTIST, f"images/{name}": body}
    assert problems_for(tmp_path, files) == [f"content/images/{name}:1: {reason}"]


def test_an_entry_using_an_svg_is_a_problem_on_the_entry_only(tmp_path):
    files = {"artists/a.yaml": with_image("logo.svg"), "images/logo.svg": SVG_TEXT}
    assert problems_for(tmp_path, files) == [
        f"content/artists/a.yaml:3: image.src: content/images/logo.svg: {SVG}"
    ]


def test_an_animation_counts_the_pixels_of_every_frame(tmp_path):
    frames = [Image.new("P", (2_000, 2_000), i) for i in range(23)]  # 92,000,000 pixels
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    files = {"artists/a.yaml": ARTIST, "images/many.gif": buffer.getvalue()}
    assert problems_for(tmp_path, files) == [f"content/images/many.gif:1: {BOMB}"]


def test_a_later_frame_that_is_broken_is_found(tmp_path):
    frames = [Image.new("RGB", (32, 32), (i * 40, 0, 0)) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    data = buffer.getvalue()
    files = {"artists/a.yaml": ARTIST, "images/anim.gif": data[: len(data) - 12]}
    assert problems_for(tmp_path, files) == [f"content/images/anim.gif:1: {BROKEN}"]


def test_a_file_over_the_size_limit_is_refused_without_being_read(tmp_path):
    content = write_tree(tmp_path / "content", {"artists/a.yaml": ARTIST})
    (content / "images").mkdir()
    with open(content / "images" / "huge.jpg", "wb") as file:
        file.truncate(20 * 10**9)  # sparse: no room taken unless it is read
    assert [str(p) for p in build_directory(content, tmp_path).problems] == [
        "content/images/huge.jpg:1: file is 20000.0 MB (20,000,000,000 bytes): expected at most "
        "50 MB (50,000,000 bytes) per image"
    ]


def test_symlinks_out_of_and_within_the_folder_are_refused(tmp_path):
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(image_bytes(8, 8))
    files = {
        "artists/a.yaml": with_image("linked.jpg"),
        "images/real.jpg": image_bytes(8, 8),
        "images/sub/b.jpg": image_bytes(8, 8),
    }
    content = write_tree(tmp_path / "content", files)
    (content / "images" / "linked.jpg").symlink_to(outside)
    (content / "images" / "inside.jpg").symlink_to(content / "images" / "real.jpg")
    (content / "images" / "folder").symlink_to(tmp_path)
    (content / "images" / "loop.jpg").symlink_to(content / "images" / "loop.jpg")
    link = "a symbolic link: expected the image file itself, not a link to it"
    assert [str(p) for p in build_directory(content, tmp_path).problems] == [
        f"content/artists/a.yaml:3: image.src: content/images/linked.jpg: {link}",
        f"content/images/folder:1: {link}",
        f"content/images/inside.jpg:1: {link}",
        f"content/images/loop.jpg:1: {link}",
    ]


def test_the_images_folder_itself_must_be_a_folder(tmp_path):
    elsewhere = write_tree(tmp_path / "elsewhere", {"a.jpg": image_bytes(8, 8)})
    content = write_tree(tmp_path / "content", {"artists/a.yaml": with_image("a.jpg")})
    (content / "images").symlink_to(elsewhere)
    assert [str(p) for p in build_directory(content, tmp_path).problems] == [
        "content/artists/a.yaml:3: image.src: no file content/images/a.jpg: expected the path of "
        "an image in content/images/",
        "content/images:1: a symbolic link: expected the folder of images itself, not a link to it",
    ]


def test_a_fifo_is_refused_without_waiting_for_it(tmp_path):
    content = write_tree(tmp_path / "content", {"artists/a.yaml": ARTIST})
    (content / "images").mkdir()
    os.mkfifo(content / "images" / "pipe.jpg")
    assert [str(p) for p in build_directory(content, tmp_path).problems] == [
        "content/images/pipe.jpg:1: not a regular file: expected an image file"
    ]


def test_hidden_files_and_drafts_are_neither_checked_nor_published(tmp_path):
    files = {
        **SMALL_DIRECTORY,
        "images/.DS_Store": b"\0\0\0\1Bud1",
        "images/_draft.svg": SVG_TEXT,
        "images/_drafts/x.html": "<script></script>",
        "images/ok.jpg": image_bytes(8, 8),
    }
    content = write_tree(tmp_path / "content", files)
    assert build_directory(content, tmp_path).problems == []
    site = build(content, tmp_path / "output")
    assert published(site.output) == ["images/ok.jpg"]


def test_nothing_refused_is_written_and_what_is_gone_is_removed(tmp_path):
    files = {
        **SMALL_DIRECTORY,
        "artists/a.yaml": with_image("people/a.jpg"),
        "images/people/a.jpg": image_bytes(600, 400),
        "images/unused.webp": image_bytes(8, 8, "WEBP"),
        "images/x.svg": SVG_TEXT,
        "images/page.html": "<script>alert(1)</script>",
        "images/broken.png": broken_png(),
    }
    content = write_tree(tmp_path / "content", files)
    output = tmp_path / "output"
    (output / "images").mkdir(parents=True)
    (output / "images" / "old.svg").write_text(SVG_TEXT)  # written by an earlier version
    site = build(content, output, DIRECTORY={"ON_ERROR": "skip"})
    assert published(site.output) == [
        "images/people",
        "images/people/a-480w.jpg",
        "images/people/a.jpg",
        "images/unused.webp",
    ]
    assert (output / "images/people/a.jpg").read_bytes() == files["images/people/a.jpg"]
    refused = {"x.svg", "page.html", "broken.png", "old.svg"}
    assert not [p for p in output.rglob("*") if p.name in refused]


def test_the_bytes_checked_are_the_bytes_published(tmp_path, monkeypatch):
    """A file swapped after it was checked is not what is published: the checked bytes are."""
    good = image_bytes(8, 8)
    content = write_tree(tmp_path / "content", {**SMALL_DIRECTORY, "images/a.jpg": good})
    real_check = images.check_images

    def check_then_swap(*args, **kwargs):
        found = real_check(*args, **kwargs)
        (content / "images" / "a.jpg").write_text("<script>alert(1)</script>")
        return found

    monkeypatch.setattr("plugins.directory.pipeline.check_images", check_then_swap)
    site = build(content, tmp_path / "output")
    assert (site.output / "images" / "a.jpg").read_bytes() == good


def test_each_image_is_decoded_once_per_build(tmp_path, monkeypatch):
    photo = image_bytes(1000, 500)
    files = {
        **SMALL_DIRECTORY,
        "artists/a.yaml": with_image("a.jpg"),
        "artists/b.yaml": with_image("copy/a.jpg"),
        "images/a.jpg": photo,
        "images/copy/a.jpg": photo,
        "images/other.png": image_bytes(8, 8, "PNG"),
    }
    content = write_tree(tmp_path / "content", files)
    decoded = []
    real_decode = images.decode

    def counting_decode(data, **kwargs):
        decoded.append(data)
        return real_decode(data, **kwargs)

    monkeypatch.setattr(images, "decode", counting_decode)
    site = build(content, tmp_path / "output")
    assert sorted(decoded) == sorted([photo, files["images/other.png"]])  # none at render time
    assert published(site.output) == [
        "images/a-480w.jpg",
        "images/a-960w.jpg",
        "images/a.jpg",
        "images/copy",
        "images/copy/a-480w.jpg",
        "images/copy/a-960w.jpg",
        "images/copy/a.jpg",
        "images/other.png",
    ]


def test_make_validate_prints_one_line_per_bad_file(tmp_path):
    files = {
        "artists/a.yaml": with_image("a.png"),
        "images/a.png": broken_png(),
        "images/x.svg": SVG_TEXT,
    }
    content = write_tree(tmp_path / "content", files)
    result = subprocess.run(
        [sys.executable, "-m", "plugins.directory", "validate", "content"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"content/artists/a.yaml:3: image.src: content/images/a.png: {BROKEN}",
        f"content/images/x.svg:1: {SVG}",
        "2 problem(s) in 2 file(s); 0 entries are valid",
    ]
    assert "Traceback" not in result.stderr
    assert content.is_dir()


def test_the_readme_gives_the_limits_the_messages_give():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    size = f"at most {images.MAX_IMAGE_BYTES // 1_000_000} MB ({images.MAX_IMAGE_BYTES:,} bytes)"
    assert f"{size} per file" in readme
    assert f"at most {MAX_PIXELS:,} pixels per image" in readme
    assert f"{SVG[: SVG.index(':')]}" in readme and "no SVG" in readme

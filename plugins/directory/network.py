"""An artist's collaboration network, drawn at build time as an accessible SVG: the artist in the
middle, collaborators around, a line to each as thick as what they made together."""

from __future__ import annotations

import math

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 440  # wide, so that names beside the nodes on the left and right fit
CX, CY = WIDTH / 2, HEIGHT / 2
RX, RY = 190, 165  # the ring of collaborators
MOST = 16  # collaborators drawn; the full list is in the text beside the picture


def network_svg(artist, collaborators, name_of, *, title: str, description: str) -> Markup:
    """collaborators: [(artist entry, shared entries, crosses the harbour)], any order.

    role="img" with a title and a description that says the same in words; the picture has
    no links of its own (the list beside it has them)."""
    chosen = sorted(collaborators, key=lambda c: (-len(c[1]), name_of(c[0]), c[0].slug))[:MOST]
    parts = [
        f'<svg class="network" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="network-title network-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="network-title">{escape(title)}</title>',
        f'<desc id="network-desc">{escape(description)}</desc>',
    ]
    nodes = []
    for index, (other, shared, crossing) in enumerate(chosen):
        angle = 2 * math.pi * index / len(chosen) - math.pi / 2
        x, y = CX + RX * math.cos(angle), CY + RY * math.sin(angle)
        width = min(1 + len(shared), 6)
        edge = "edge crossing" if crossing else "edge"
        parts.append(
            f'<line class="{edge}" x1="{CX}" y1="{CY}" x2="{x:.1f}" '
            f'y2="{y:.1f}" stroke-width="{width}"/>'
        )
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else "start" if x > CX else "end"
        dx = 0 if anchor == "middle" else (12 if anchor == "start" else -12)
        dy = 26 if y > CY and anchor == "middle" else (-14 if anchor == "middle" else 6)
        nodes.append(
            f'<circle class="node {_origin(other)}" cx="{x:.1f}" cy="{y:.1f}" r="7"/>'
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">'
            f"{escape(_short(name_of(other)))}</text>"
        )
    parts += nodes
    parts.append(
        f'<circle class="node centre {_origin(artist)}" cx="{CX}" cy="{CY}" r="12"/>'
        f'<text class="centre-name" x="{CX}" y="{CY + 34}" text-anchor="middle">'
        f"{escape(_short(name_of(artist)))}</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def _origin(entry) -> str:
    return entry.fields.get("origin") or "unknown"


def _short(name: str, most: int = 20) -> str:
    return name if len(name) <= most else name[: most - 1] + "…"

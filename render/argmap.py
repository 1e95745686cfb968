"""Argument maps as drawable views: the whole base, or one claim's neighbourhood.

`render.layout` places the boxes once per graph; `map_view` adds what depends on
the page's language (wrapped labels, titles) and the SVG path of every edge;
`draw` writes the SVG that the template ``_map.html`` puts in the page.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import networkx as nx
from markupsafe import Markup, escape

from kb.base import KnowledgeBase
from render import i18n, urls
from render.layout import Layout, layout

FONT_PX = 12.0
LINES = 3
PADDING = 8.0
LOCAL_LIMIT = 24


@dataclass(frozen=True)
class MapNode:
    id: str
    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]
    title: str
    verdict: str
    source: str
    tags: str
    current: bool


@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    relation: str
    d: str


@dataclass(frozen=True)
class MapGroup:
    id: str
    label: str
    x: float
    width: float
    height: float


@dataclass(frozen=True)
class MapView:
    width: float
    height: float
    nodes: list[MapNode]
    edges: list[MapEdge]
    groups: list[MapGroup]


def base_layout(base: KnowledgeBase, ids: list[str] | None = None) -> Layout:
    """Lay out ``ids`` (default: every claim) grouped by source, essays first."""
    chosen = set(base.claims if ids is None else ids)
    rank = source_rank(base)
    claims = sorted((base.claims[i] for i in chosen), key=lambda c: (rank[c.source], c.id))
    G = base.graph
    edges = sorted({(u, v, d["relation"]) for u in chosen for _, v, d in G.out_edges(u, data=True)
                    if v in chosen and not d.get("implied")})   # what a question adds is not drawn
    return layout([(c.id, c.source) for c in claims], edges)


def source_rank(base: KnowledgeBase) -> dict[str, tuple]:
    """Order of sources on maps and the home page: essays by date, then the rest by id."""
    return {s.id: (s.kind.value != "essay", s.published is None, s.published or 0, s.id) for s in base.sources.values()}


def neighbourhood(G: nx.MultiDiGraph, node: str, depth: int = 2, limit: int = LOCAL_LIMIT) -> tuple[list[str], int]:
    """Claims within ``depth`` links of ``node`` (either direction), nearest first, at most ``limit``.

    Returns the chosen ids and how many there were in all.

    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("d", "c"), ("e", "d")])
    >>> neighbourhood(G, "b")
    (['b', 'a', 'c', 'd'], 4)
    """
    return Neighbours(G).around(node, depth, limit)


class Neighbours:
    """A graph's links in either direction, as plain sets, for many `neighbourhood` queries."""

    def __init__(self, G: nx.MultiDiGraph):
        self.links = {n: set(G.predecessors(n)) | set(G.successors(n)) for n in G}

    def around(self, node: str, depth: int = 2, limit: int = LOCAL_LIMIT) -> tuple[list[str], int]:
        """See `neighbourhood`."""
        distance, frontier = {node: 0}, [node]
        for step in range(1, depth + 1):
            frontier = [v for u in frontier for v in self.links[u] if v not in distance]
            distance.update(dict.fromkeys(frontier, step))
        ordered = sorted(distance, key=lambda n: (distance[n], n))
        return ordered[:limit], len(ordered)


def map_view(base: KnowledgeBase, placed: Layout, lang: str, current: str | None = None) -> MapView:
    """What the template draws for ``placed`` in ``lang``; ``current`` is highlighted."""
    nodes = []
    for claim_id, box in placed.boxes.items():
        claim = base.claims[claim_id]
        statement = claim.statement_zh if lang == "zh" else claim.statement
        verdict = base.results[claim_id].verdict
        title = f"{statement} ({i18n.verdict(lang, verdict)})"
        nodes.append(MapNode(claim_id, box.x, box.y, box.w, box.h, wrap(statement, box.w - 2 * PADDING, LINES), title,
                             verdict, claim.source, " ".join(claim.tags), claim_id == current))
    groups = [MapGroup(c.group, base.sources[c.group].author, c.x, c.width, c.height) for c in placed.columns]
    edges = [MapEdge(r.source, r.target, r.relation, r.d) for r in placed.routes]
    return MapView(round(placed.width), round(placed.height), nodes, edges, groups)


def draw(view: MapView, label: str, svg_id: str, lang: str, here: str) -> Markup:
    """The SVG of ``view`` for the page at ``here``: columns, edges, then linked nodes.

    Written here rather than as a template macro: a 10,000-claim map has 40,000
    elements, and Jinja's per-element calls made it the slowest page to render.
    Everything taken from claim files is escaped.

    >>> view = MapView(100, 50, [MapNode("a/x", 0, 0, 90, 40, ("<b>",), "<b> (?)", "unchecked", "a", "", True)], [], [])
    >>> print(draw(view, "Map", "m", "en", "claims/a/x/index.html").splitlines()[11])
      <a class="node node-unchecked current" href="index.html" data-id="a/x" data-source="a" data-tags="" data-verdict="unchecked" aria-label="&lt;b&gt; (?)" aria-current="page">
    """
    i, e = escape(svg_id), escape
    out = [f'<svg class="argmap" id="{i}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {view.width} {view.height}" '
           f'width="{view.width}" height="{view.height}" role="group" aria-label="{e(label)}">', "<defs>"]
    for relation in ("supports", "premise", "rebuts"):
        out.append(f'  <marker id="{i}-arrow-{relation}" class="arrow-{relation}" viewBox="0 0 10 10" refX="9" refY="5" '
                   'markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>')
    out += ["</defs>", '<g class="columns">']
    for col in view.groups:
        out.append(f'  <rect class="column" x="{col.x - 6}" y="2" width="{col.width + 12}" height="{col.height}" rx="8"/>')
        out.append(f'  <text class="column-title" x="{col.x + 4}" y="22">{e(col.label)}</text>')
    out += ["</g>", '<g class="edges">']
    for edge in view.edges:
        out.append(f'  <path class="edge edge-{e(edge.relation)}" d="{e(edge.d)}" data-from="{e(edge.source)}" '
                   f'data-to="{e(edge.target)}" marker-end="url(#{i}-arrow-{e(edge.relation)})"/>')
    out += ["</g>", '<g class="nodes">']
    for n in view.nodes:
        current, aria = (" current", ' aria-current="page"') if n.current else ("", "")
        href = urls.relative(urls.claim_page(n.id, lang), here)
        out.append(f'  <a class="node node-{e(n.verdict)}{current}" href="{e(href)}" data-id="{e(n.id)}" data-source="{e(n.source)}" '
                   f'data-tags="{e(n.tags)}" data-verdict="{e(n.verdict)}" aria-label="{e(n.title)}"{aria}>')
        out.append(f"    <title>{e(n.title)}</title>")
        out.append(f'    <rect x="{n.x}" y="{n.y}" width="{n.w}" height="{n.h}" rx="6"/>')
        spans = "".join(f'<tspan x="{n.x + 8}" dy="{15 if k else 0}">{e(line)}</tspan>' for k, line in enumerate(n.lines))
        out.append(f'    <text x="{n.x + 8}" y="{n.y + 17}">{spans}</text>')
        out.append("  </a>")
    out += ["</g>", "</svg>"]
    return Markup("\n".join(out))


def text_width(text: str, font_px: float = FONT_PX) -> float:
    """Roughly how wide ``text`` renders: wide (CJK) characters take a full em."""
    return sum(map(_widths(font_px).__getitem__, text))


class _Widths(dict):
    """Character → its width at one font size, filled on first sight of each character."""

    def __init__(self, font_px: float):
        super().__init__()
        self.font_px = font_px

    def __missing__(self, char: str) -> float:
        width = self[char] = self.font_px if _is_wide(char) else self.font_px * 0.56
        return width


_widths = functools.lru_cache(maxsize=8)(_Widths)


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


@functools.lru_cache(maxsize=65536)
def wrap(text: str, width: float, lines: int = LINES, font_px: float = FONT_PX) -> tuple[str, ...]:
    """Break ``text`` into at most ``lines`` lines that fit ``width`` pixels, ending in "…" if cut.

    Latin text breaks between words, Chinese between characters. Labels recur on
    many local maps, so results are memoised.

    >>> wrap("The answer is not forty-two at all, whatever they say.", 120, 2)
    ('The answer is not', 'forty-two at all…')
    >>> wrap("答案不是四十二。", 60)
    ('答案不是四', '十二。')
    """
    tokens: list[str] = []
    for word in text.split(" "):
        tokens += list(word) if any(map(_is_wide, word)) else [word]
        tokens.append(" ")
    result, line = [], ""
    for token in tokens[:-1]:
        if text_width((line + token).rstrip(), font_px) <= width or not line.strip():
            line += token
            continue
        result.append(line.strip())
        line = token.lstrip()
        if len(result) == lines:
            break
    if len(result) < lines and line.strip():
        result.append(line.strip())
    shown = "".join(result).replace(" ", "")
    if len(shown) < len(text.replace(" ", "")):
        result[-1] = _ellipsis(result[-1], width, font_px)
    return tuple(result)


def _ellipsis(line: str, width: float, font_px: float) -> str:
    while line and text_width(line + "…", font_px) > width:
        line = line[:-1]
    return line.rstrip() + "…"

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
from kb.cache.reads import memo
from render import i18n, urls
from render.debate import essays, source_rank
from render.layout import Box, Layout, flow, layout

FONT_PX = 12.0
LINES = 3
PADDING = 8.0
LOCAL_LIMIT = 24
ANSWER_LIMIT = 4  # claims per answer on the questions map besides the premises of arguments


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
    page: str = ""  # the site page it links to (default: the claim's page)
    kind: str = "claim"  # or "argument", "question"


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
    edges = sorted(
        {
            (u, v, d["relation"])
            for u in chosen
            for _, v, d in G.out_edges(u, data=True)
            if v in chosen and not d.get("implied")
        }
    )  # what a question adds is not drawn
    nodes = [(c.id, c.source) for c in claims]
    return memo(base, "layouts", (nodes, edges), lambda: layout(nodes, edges))


def neighbourhood(G: nx.MultiDiGraph, node: str, depth: int = 2, limit: int = LOCAL_LIMIT) -> tuple[list[str], int]:
    """Claims within ``depth`` links of ``node`` (either direction), nearest first, at most ``limit``.

    Returns the chosen ids and how many there were in all.

    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("d", "c"), ("e", "d")])
    >>> neighbourhood(G, "b")
    (['b', 'a', 'c', 'd'], 4)
    """
    return Neighbours(G).around(node, depth, limit)


class Neighbours:
    """A graph's links in either direction, as plain sets, read claim by claim as queries reach them."""

    def __init__(self, G: nx.MultiDiGraph):
        self.G = G
        self._links: dict[str, set[str]] = {}

    def links(self, node: str) -> set[str]:
        """The claims linked to ``node`` either way."""
        if node not in self._links:
            self._links[node] = set(self.G.predecessors(node)) | set(self.G.successors(node))
        return self._links[node]

    def around(self, node: str, depth: int = 2, limit: int = LOCAL_LIMIT) -> tuple[list[str], int]:
        """See `neighbourhood`."""
        distance, frontier = {node: 0}, [node]
        for step in range(1, depth + 1):
            frontier = [v for u in frontier for v in self.links(u) if v not in distance]
            distance.update(dict.fromkeys(frontier, step))
        ordered = sorted(distance, key=lambda n: (distance[n], n))
        return ordered[:limit], len(ordered)


def map_view(base: KnowledgeBase, placed: Layout, lang: str, current: str | None = None) -> MapView:
    """What the template draws for ``placed`` in ``lang``; ``current`` is highlighted."""
    nodes = []
    for claim_id, box in placed.boxes.items():
        if claim_id not in base.claims:
            nodes.append(_other_node(base, claim_id, box, lang))
            continue
        claim = base.claims[claim_id]
        statement = claim.statement_zh if lang == "zh" else claim.statement
        verdict = base.results[claim_id].verdict
        title = f"{statement} ({i18n.verdict(lang, verdict)})"
        nodes.append(
            MapNode(
                claim_id,
                box.x,
                box.y,
                box.w,
                box.h,
                wrap(statement, box.w - 2 * PADDING, LINES),
                title,
                verdict,
                claim.source,
                " ".join(claim.tags),
                claim_id == current,
                urls.claim_page(claim_id, lang),
            )
        )
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
      <a class="node node-claim node-unchecked current" href="index.html" data-id="a/x" data-kind="claim" data-source="a" data-tags="" data-verdict="unchecked" aria-current="page">
    """
    i, e = escape(svg_id), escape
    out = [
        f'<svg class="argmap" id="{i}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {view.width} {view.height}" '
        f'width="{view.width}" height="{view.height}" role="group" aria-label="{e(label)}">',
        "<defs>",
    ]
    for relation in ("supports", "premise", "rebuts"):
        out.append(
            f'  <marker id="{i}-arrow-{relation}" class="arrow-{relation}" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>'
        )
    out += ["</defs>", '<g class="columns">']
    for col in view.groups:
        out.append(
            f'  <rect class="column" x="{col.x - 6}" y="2" width="{col.width + 12}" height="{col.height}" rx="8"/>'
        )
        out.append(f'  <text class="column-title" x="{col.x + 4}" y="22">{e(col.label)}</text>')
    out += ["</g>", '<g class="edges">']
    for edge in view.edges:
        arrow = f' marker-end="url(#{i}-arrow-{e(edge.relation)})"' if edge.relation != "answer" else ""
        out.append(
            f'  <path class="edge edge-{e(edge.relation)}" d="{e(edge.d)}" data-from="{e(edge.source)}" '
            f'data-to="{e(edge.target)}"{arrow}/>'
        )
    out += ["</g>", '<g class="nodes">']
    for n in view.nodes:
        current, aria = (" current", ' aria-current="page"') if n.current else ("", "")
        href = urls.relative(n.page or urls.claim_page(n.id, lang), here)
        verdict = f" node-{e(n.verdict)}" if n.verdict else ""
        out.append(
            f'  <a class="node node-{e(n.kind)}{verdict}{current}" href="{e(href)}" data-id="{e(n.id)}" '
            f'data-kind="{e(n.kind)}" data-source="{e(n.source)}" data-tags="{e(n.tags)}" data-verdict="{e(n.verdict)}"{aria}>'
        )
        out.append(f"    <title>{e(n.title)}</title>")
        out.append(f'    <rect x="{n.x}" y="{n.y}" width="{n.w}" height="{n.h}" rx="6"/>')
        spans = "".join(
            f'<tspan x="{n.x + 8}" dy="{15 if k else 0}">{e(line)}</tspan>' for k, line in enumerate(n.lines)
        )
        out.append(f'    <text x="{n.x + 8}" y="{n.y + 17}">{spans}</text>')
        out.append("  </a>")
    out += ["</g>", "</svg>"]
    return Markup("\n".join(out))  # noqa: S704 - every text and attribute above went through escape()


def questions_graph(base: KnowledgeBase, question_ids: list[str]) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The nodes and edges of the questions map: the theses, their linked arguments that rest on
    a question, the premises and (at most `ANSWER_LIMIT` more) claims on each answer, and the
    questions. Each edge is ``(left, right, relation)``: the first essay's thesis stands at the
    left, the questions in the middle, the other essays' theses at the right.
    """

    sides = essays(base)
    left_source = sides[0].source.id if sides else None
    premises = {
        p: (thesis.id, i)
        for e in sides
        for thesis in e.theses
        for i, a in enumerate(thesis.arguments)
        for p in a.premises
    }
    nodes: dict[str, None] = {}
    edges: list[tuple[str, str, str]] = []
    used: set[tuple[str, int]] = set()
    for question_id in question_ids:
        question = base.questions[question_id]
        q = f"question:{question_id}"
        nodes[q] = None
        for answer in question.answers:
            answer_claims = [base.claims[c] for c in answer.claims]
            sources = [c.source for c in answer_claims]
            on_left = (
                bool(sources) and max(set(sources), key=lambda s: (sources.count(s), s == left_source)) == left_source
            )
            chosen = [c for c in answer.claims if c in premises]
            rest = sorted(
                (c for c in answer.claims if c not in premises),
                key=lambda c: (base.claims[c].check is None, -base.assessment.strengths[c], c),
            )
            for claim_id in chosen + rest[:ANSWER_LIMIT]:
                nodes.setdefault(claim_id)
                edges.append((claim_id, q, "answer") if on_left else (q, claim_id, "answer"))
                if claim_id in premises:
                    used.add(premises[claim_id])
    for side in sides:
        first = side.source.id == left_source
        for thesis in side.theses:
            for index, argument in enumerate(thesis.arguments):
                if (thesis.id, index) not in used:
                    continue
                a = f"argument:{thesis.id}:{index}"
                nodes.setdefault(thesis.id)
                nodes[a] = None
                edges.append((thesis.id, a, "supports") if first else (a, thesis.id, "supports"))
                for premise in argument.premises:
                    if premise in nodes:
                        edges.append((a, premise, "premise") if first else (premise, a, "premise"))
    return list(nodes), list(dict.fromkeys(edges))


def questions_layout(base: KnowledgeBase, question_ids: list[str]) -> Layout:
    """The questions map laid out in layers (see `questions_graph`): the questions in the middle
    layer, whether or not an argument rests on them."""
    nodes, edges = questions_graph(base, question_ids)
    ranks = {n: 3 for n in nodes if n.startswith("question:")}
    ranks |= {right: 4 for left, right, relation in edges if relation == "answer" and left.startswith("question:")}
    ranks |= {left: 2 for left, right, relation in edges if relation == "answer" and right.startswith("question:")}
    return memo(base, "layouts", ("flow", nodes, edges, ranks), lambda: flow(nodes, edges, ranks))


def _other_node(base: KnowledgeBase, node: str, box: Box, lang: str) -> MapNode:
    """A node of the questions map that is not a claim: a question, or a thesis's linked argument."""
    kind, _, rest = node.partition(":")
    zh = lang == "zh"
    if kind == "question":
        question = base.questions[rest]
        text, page, source = (question.question_zh if zh else question.question), urls.question_page(rest, lang), ""
    else:
        claim_id, _, index = rest.rpartition(":")
        argument = base.claims[claim_id].arguments[int(index)]
        text = argument.label_zh if zh else argument.label
        page, source = urls.claim_page(claim_id, lang) + "#arguments-heading", base.claims[claim_id].source
    lines = wrap(text, box.w - 2 * PADDING, LINES)
    return MapNode(node, box.x, box.y, box.w, box.h, lines, text, "", source, "", False, page, kind)


def text_width(text: str, font_px: float = FONT_PX) -> float:
    """Roughly how wide ``text`` renders: wide (CJK) characters take a full em."""
    return sum(map(_widths(font_px).__getitem__, text))


class _Widths(dict[str, float]):
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

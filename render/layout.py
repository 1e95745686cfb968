"""Laying out an argument graph at build time with grandalf's Sugiyama (layered) layout.

Claims are grouped in columns, one per group (the source that makes them).
Inside a column each connected component is layered by grandalf and turned on
its side, so that layers run across: a claim sits beside the claims it supports
or rebuts, a thesis at the column's outer edge. Every second column is mirrored,
so two essays face each other and their detailed claims meet in the middle.
Components are stacked down the column; edges between columns are curves.
The result depends only on the input order, so builds stay reproducible.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

import networkx as nx
from grandalf.graphs import Edge, Vertex, graph_core
from grandalf.layouts import SugiyamaLayout, VertexViewer

Point = tuple[float, float]
Placer = Callable[[float, float, Point], Point]  # (bx, by, point of a block at bx, by) → site point

NODE_W, NODE_H = 190.0, 64.0
GAP_X, GAP_Y = 48.0, 16.0  # between layers (across), between boxes of a layer (down)
GUTTER = 110.0  # between columns, where cross-column edges run
HEADER = 34.0  # room for a column's title
MARGIN = 12.0
DEEP = 150  # layers from which a component is laid out without grandalf (`_deep_layer`)
ANCHOR = "\x00anchor:"  # the hidden nodes of `flow` (no claim id starts with a control character)


@dataclass(frozen=True)
class Box:
    """A claim's rectangle; ``x``, ``y`` are its top-left corner."""

    id: str
    x: float
    y: float
    w: float = NODE_W
    h: float = NODE_H

    @property
    def centre(self) -> Point:
        return self.x + self.w / 2, self.y + self.h / 2


@dataclass(frozen=True)
class Route:
    """An edge from ``source`` (the supporting or rebutting claim) to ``target``.

    ``points`` is a polyline, or with ``curved`` the four points of a cubic Bézier;
    ``d`` is the same as SVG path data, made once (a cached layout keeps it).

    >>> Route("a", "b", "supports", ((0, 0), (10, 5.25))).d
    'M0,0 L10,5.2'
    """

    source: str
    target: str
    relation: str
    points: tuple[Point, ...]
    curved: bool = False
    d: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        text = [f"{x:.1f},{y:.1f}".replace(".0,", ",").removesuffix(".0") for x, y in self.points]
        d = f"M{text[0]} C{text[1]} {text[2]} {text[3]}" if self.curved else "M" + " L".join(text)
        object.__setattr__(self, "d", d)


@dataclass(frozen=True)
class Column:
    group: str
    x: float
    width: float
    height: float


@dataclass
class Layout:
    boxes: dict[str, Box] = field(default_factory=dict)
    routes: list[Route] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0


class _EdgeView:
    """What grandalf calls to hand over an edge's route."""

    def __init__(self) -> None:
        self.points: list[Point] = []

    def setpath(self, points: list[Point]) -> None:
        self.points = [(float(x), float(y)) for x, y in points]


@dataclass
class _Block:
    """A laid-out component of one column, with coordinates from its own origin."""

    centres: dict[str, Point]
    paths: dict[tuple[str, str], list[Point]]
    width: float
    height: float


def layout(nodes: Sequence[tuple[str, str]], edges: Sequence[tuple[str, str, str]]) -> Layout:
    """Place ``nodes`` (id, group) and route ``edges`` (source, target, relation).

    Groups become columns in the order they first appear; the second is mirrored.

    >>> L = layout([("a", "g"), ("b", "g"), ("c", "h")], [("b", "a", "supports"), ("c", "a", "rebuts")])
    >>> L.boxes["a"].x < L.boxes["b"].x, [c.group for c in L.columns], L.routes[1].curved
    (True, ['g', 'h'], True)
    """
    groups: dict[str, list[str]] = {}
    for node, group in nodes:
        groups.setdefault(group, []).append(node)
    group_of = dict(nodes)
    result, left = Layout(), MARGIN
    for index, (group, members) in enumerate(groups.items()):
        inside = [(u, v) for u, v, _ in edges if group_of.get(u) == group == group_of.get(v)]
        blocks = _pack([_layer(component, inside) for component in _components(members, inside)])
        width = max(bx + b.width for bx, _, b in blocks)
        height = max(by + b.height for _, by, b in blocks)
        place = _placer(left, width, mirrored=index % 2 == 1)
        _place_blocks(result, blocks, place)
        result.columns.append(Column(group, left, width, HEADER + height))
        result.routes += [
            _inner_route(result.boxes, u, v, r, blocks)
            for u, v, r in edges
            if group_of.get(u) == group == group_of.get(v)
        ]
        left += width + GUTTER
    boxes_of = {group: [result.boxes[m] for m in members] for group, members in groups.items()}
    column = {node: boxes_of[group] for node, group in group_of.items()}
    result.routes += [
        _cross_route(result.boxes[u], result.boxes[v], r, column)
        for u, v, r in edges
        if u in group_of and v in group_of and group_of[u] != group_of[v]
    ]
    result.width = left - GUTTER + MARGIN
    result.height = max((c.height for c in result.columns), default=0.0) + MARGIN
    return result


def flow(nodes: Sequence[str], edges: Sequence[tuple[str, str, str]], ranks: dict[str, int] | None = None) -> Layout:
    """Lay out ``nodes`` in layers running left to right, without columns: each edge
    ``(left, right, relation)`` puts ``left`` in a layer before ``right``, and ``ranks`` gives
    nodes the least layer they stand in (layer 0 is the leftmost). Connected parts are laid out
    by grandalf one by one and packed down the page.

    A least layer is kept by a chain of hidden anchors, one per layer, each linked to the nodes
    that must stand after it (the invisible edges of Graphviz), dropped once laid out.

    >>> L = flow(["t", "a", "q"], [("t", "a", "premise"), ("a", "q", "answer")])
    >>> L.boxes["t"].x < L.boxes["a"].x < L.boxes["q"].x, [(r.source, r.target) for r in L.routes]
    (True, [('t', 'a'), ('a', 'q')])
    """
    pairs = [(right, left) for left, right, _ in edges]  # `_layer` puts a pair's target first
    anchors = [f"{ANCHOR}{r}" for r in range(max((ranks or {}).values(), default=0))]
    pairs += [(anchors[i + 1], anchors[i]) for i in range(len(anchors) - 1)]
    pairs += [(node, anchors[rank - 1]) for node, rank in (ranks or {}).items() if rank > 0]
    blocks = _pack([_layer(component, pairs) for component in _components([*anchors, *nodes], pairs)])
    for block in blocks:
        for anchor in anchors:
            block[2].centres.pop(anchor, None)
    result = Layout()
    place: Placer = lambda bx, by, p: (MARGIN + bx + p[0], MARGIN + by + p[1])
    _place_blocks(result, blocks, place)
    for left, right, relation in edges:
        route = _inner_route(result.boxes, right, left, relation, blocks)
        result.routes.append(Route(left, right, relation, route.points[::-1]))
    result.width = max((b.x + b.w for b in result.boxes.values()), default=0.0) + MARGIN
    result.height = max((b.y + b.h for b in result.boxes.values()), default=0.0) + MARGIN
    return result


def crop(placed: Layout, group: str, members: Collection[str]) -> Layout:
    """The column of ``group`` (whose nodes are ``members``) alone, moved to the left margin,
    with the routes inside it.

    >>> L = layout([("a", "g"), ("b", "g"), ("c", "h")], [("b", "a", "supports"), ("c", "a", "rebuts")])
    >>> C = crop(L, "h", ["c"])
    >>> sorted(C.boxes), C.boxes["c"].x - L.boxes["c"].x == MARGIN - L.columns[1].x, C.routes
    (['c'], True, [])
    """
    column = next(c for c in placed.columns if c.group == group)
    dx = MARGIN - column.x
    boxes = {i: Box(i, placed.boxes[i].x + dx, placed.boxes[i].y) for i in members}
    routes = [
        Route(r.source, r.target, r.relation, tuple((x + dx, y) for x, y in r.points), r.curved)
        for r in placed.routes
        if r.source in boxes and r.target in boxes
    ]
    return Layout(
        boxes,
        routes,
        [Column(group, MARGIN, column.width, column.height)],
        column.width + 2 * MARGIN,
        column.height + MARGIN,
    )


def _place_blocks(result: Layout, blocks: list[tuple[float, float, _Block]], place: Placer) -> None:
    """Put the boxes of ``blocks`` into ``result`` and move their edges' paths, by ``place``."""
    for bx, by, block in blocks:
        for node, centre in block.centres.items():
            cx, cy = place(bx, by, centre)
            result.boxes[node] = Box(node, cx - NODE_W / 2, cy - NODE_H / 2)
        for pair, path in block.paths.items():
            block.paths[pair] = [place(bx, by, p) for p in path]


def _placer(left: float, width: float, mirrored: bool) -> Placer:
    """Map a point of a block at (bx, by) in its column to site coordinates."""

    def place(bx: float, by: float, point: Point) -> Point:
        x = bx + point[0]
        return (left + (width - x if mirrored else x), HEADER + by + point[1])

    return place


def _components(members: list[str], edges: list[tuple[str, str]]) -> list[list[str]]:
    G = nx.Graph()
    G.add_nodes_from(members)
    G.add_edges_from(edges)
    order = {node: i for i, node in enumerate(members)}
    found = [sorted(c, key=order.__getitem__) for c in nx.connected_components(G)]
    return sorted(found, key=lambda c: (-len(c), order[c[0]]))


def _layer(members: list[str], edges: list[tuple[str, str]]) -> _Block:
    """Lay out one connected component, its layers running left to right.

    grandalf layers top to bottom, so it gets each box turned (width and height
    swapped) and its answer is transposed. Edges are reversed so that a target
    comes before the claims that support or rebut it.
    """
    if len(members) == 1:
        return _Block({members[0]: (NODE_W / 2, NODE_H / 2)}, {}, NODE_W, NODE_H)
    inside = set(members)
    pairs = list(dict.fromkeys((u, v) for u, v in edges if u in inside and v in inside))
    layers = _layers(members, pairs)
    if max(layers.values()) >= DEEP:
        return _deep_layer(members, pairs, layers)
    vertices = {node: Vertex(node) for node in members}
    for vertex in vertices.values():
        vertex.view = VertexViewer(w=NODE_H, h=NODE_W)
    links = {pair: Edge(vertices[pair[1]], vertices[pair[0]]) for pair in pairs}
    for link in links.values():
        link.view = _EdgeView()
    sugiyama = SugiyamaLayout(graph_core(list(vertices.values()), list(links.values())))
    sugiyama.xspace, sugiyama.yspace = GAP_Y, GAP_X
    sugiyama.init_all()
    sugiyama.draw(N=4)
    turn: Callable[[Point], Point] = lambda p: (p[1], p[0])
    centres = {node: turn(v.view.xy) for node, v in vertices.items()}
    paths = {pair: [turn(p) for p in link.view.points[::-1]] for pair, link in links.items()}
    xs = [x for x, _ in centres.values()]
    ys = [y for _, y in centres.values()] + [y for p in paths.values() for _, y in p]
    left, top = min(xs) - NODE_W / 2, min(ys) - NODE_H / 2
    shift: Callable[[Point], Point] = lambda p: (p[0] - left, p[1] - top)
    return _Block(
        {n: shift(c) for n, c in centres.items()},
        {k: [shift(p) for p in v] for k, v in paths.items()},
        max(xs) - min(xs) + NODE_W,
        max(ys) - min(ys) + NODE_H,
    )


def _layers(members: list[str], pairs: list[tuple[str, str]]) -> dict[str, int]:
    """Each node's layer: 0 for a node no pair puts after another, else one more than the deepest
    target it has (``(u, v)`` puts ``u`` after ``v``); a cycle shares one layer. Computed without
    recursion, so any depth is measured safely."""
    G = nx.DiGraph()
    G.add_nodes_from(members)
    G.add_edges_from((v, u) for u, v in pairs)
    parts = nx.condensation(G)
    depth: dict[int, int] = {}
    for part in nx.topological_sort(parts):
        depth[part] = max((depth[p] + 1 for p in parts.predecessors(part)), default=0)
    return {node: depth[part] for node, part in parts.graph["mapping"].items()}


def _deep_layer(members: list[str], pairs: list[tuple[str, str]], layers: dict[str, int]) -> _Block:
    """A component too deep for grandalf (whose search for cycles recurses once per layer): its
    layers left to right, each ordered by where its nodes' targets stand, edges drawn straight."""
    placed: dict[str, float] = {}
    targets: dict[str, list[str]] = {}
    for u, v in pairs:
        targets.setdefault(u, []).append(v)
    by_layer: dict[int, list[str]] = {}
    for node in members:
        by_layer.setdefault(layers[node], []).append(node)
    centres: dict[str, Point] = {}
    for layer in sorted(by_layer):
        known = {n: [placed[t] for t in targets.get(n, []) if t in placed] for n in by_layer[layer]}
        order = sorted(by_layer[layer], key=lambda n: (sum(known[n]) / len(known[n]) if known[n] else 0.0, n))
        for row, node in enumerate(order):
            placed[node] = float(row)
            centres[node] = (NODE_W / 2 + layer * (NODE_W + GAP_X), NODE_H / 2 + row * (NODE_H + GAP_Y))
    paths = {(u, v): [centres[u], centres[v]] for u, v in pairs}
    width = max(x for x, _ in centres.values()) + NODE_W / 2
    height = max(y for _, y in centres.values()) + NODE_H / 2
    return _Block(centres, paths, width, height)


def _pack(blocks: list[_Block]) -> list[tuple[float, float, _Block]]:
    """Stack blocks down the column, side by side where they fit in its width."""
    limit = max([b.width for b in blocks] + [2 * NODE_W + GAP_X])
    placed, x, y, row = [], 0.0, 0.0, 0.0
    for block in blocks:
        if x > 0 and x + block.width > limit:
            x, y, row = 0.0, y + row + GAP_Y * 2, 0.0
        placed.append((x, y, block))
        x, row = x + block.width + GAP_X, max(row, block.height)
    return placed


def _inner_route(
    boxes: dict[str, Box], u: str, v: str, relation: str, blocks: list[tuple[float, float, _Block]]
) -> Route:
    path = next(b.paths[(u, v)] for _, _, b in blocks if (u, v) in b.paths)
    points = [*path]
    points[0] = _clip(boxes[u], points[1])
    points[-1] = _clip(boxes[v], points[-2])
    return Route(u, v, relation, tuple(points))


def _clip(box: Box, towards: Point) -> Point:
    """Where the segment from ``box``'s centre towards a point leaves the box."""
    cx, cy = box.centre
    dx, dy = towards[0] - cx, towards[1] - cy
    if dx == dy == 0:
        return cx, cy
    t = min(box.w / 2 / abs(dx) if dx else math.inf, box.h / 2 / abs(dy) if dy else math.inf)
    return cx + dx * t, cy + dy * t


def _cross_route(a: Box, b: Box, relation: str, columns: dict[str, list[Box]]) -> Route:
    """A curve between the sides of ``a`` and ``b`` that face each other.

    Where another box of the same column stands in the way of a side, the curve
    leaves (or enters) through the box's top or bottom instead.
    """
    rightwards = b.centre[0] > a.centre[0]
    start, c1 = _port(a, rightwards, b.centre[1] >= a.centre[1], columns[a.id])
    end, c2 = _port(b, not rightwards, a.centre[1] >= b.centre[1], columns[b.id])
    return Route(a.id, b.id, relation, (start, c1, c2, end), True)


def _port(box: Box, right: bool, downwards: bool, column: list[Box]) -> tuple[Point, Point]:
    """Where a cross-column curve meets ``box`` (on its ``right`` or left side), and its control point."""
    cx, cy = box.centre
    blocked = any(
        o is not box
        and o.y < box.y + box.h
        and o.y + o.h > box.y
        and (o.x >= box.x + box.w if right else o.x + o.w <= box.x)
        for o in column
    )
    if blocked:
        y = box.y + box.h if downwards else box.y
        return (cx, y), (cx, y + (GUTTER if downwards else -GUTTER) * 0.6)
    x = box.x + box.w if right else box.x
    return (x, cy), (x + (GUTTER if right else -GUTTER), cy)

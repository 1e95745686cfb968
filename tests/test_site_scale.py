"""The site at scale: a synthetic base of N claims builds fast and lays out fast.

Timings of whole builds against Hugo: ``python benchmarks/run.py`` (no timing is asserted here
beyond generous limits that catch an algorithm gone quadratic).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

import pytest

from kb.base import KnowledgeBase
from kb.models import Claim, Quote, Source
from render.argmap import base_layout
from render.build import build_site
from render.settings import Settings

TAGS = ["training", "inference", "hardware", "scaling", "mfu", "fp8", "clusters", "agi", "energy", "memory"]


def synthetic_base(n: int, sources: int = 6, seed: int = 7, root: Path = Path("claims")) -> KnowledgeBase:
    """``n`` claims from ``sources`` essays: each supports an earlier claim of its own essay, some rebut
    another essay's, every tenth is a prediction; text in both languages, some of it hostile HTML."""
    rng = random.Random(seed)
    records = {
        f"essay-{i}": Source(
            id=f"essay-{i}",
            title=f"Essay {i}",
            author=f"Author {i}",
            language="en",
            kind="essay",
            url=f"https://example.org/{i}",
            published=dt.date(2025, 1 + i, 1),
        )
        for i in range(sources)
    }
    claims: dict[str, Claim] = {}
    for k in range(n):
        source = f"essay-{k % sources}"
        same = [c for c in claims if c.startswith(f"{source}/")]
        other = [c for c in claims if not c.startswith(f"{source}/")]
        fields = {}
        if k % 10 == 9:
            fields = {
                "kind": "prediction",
                "resolves_by": dt.date(2025 + k % 5, 1 + k % 12, 1),
                "resolution": "A third party can check it.",
                "status": "open",
            }
        claims[f"{source}/c{k}"] = Claim(
            id=f"{source}/c{k}",
            source=source,
            kind=fields.pop("kind", "qualitative"),
            **fields,
            statement=f"Claim {k}: compute grows <b>{k}</b>× & GPUs {'improve' if k % 2 else 'stall'} by then.",
            statement_zh=f"論點 {k}:算力增長 {k} 倍,訓練效率{'提升' if k % 2 else '停滯'}。",
            tags=rng.sample(TAGS, 2),
            quotes=[Quote(source=source, text=f"quote {k}")],
            supports=[rng.choice(same)] if same else [],
            rebuts=[rng.choice(other)] if other and rng.random() < 0.3 else [],
        )
    return KnowledgeBase(root, records, dict(sorted(claims.items())))


def test_layout_of_a_thousand_claims_is_quick_and_stable() -> None:
    base = synthetic_base(1000)
    start = time.perf_counter()
    first = base_layout(base)
    elapsed = time.perf_counter() - start
    assert elapsed < 10, f"layout took {elapsed:.1f}s"
    assert len(first.boxes) == 1000 and len(first.routes) == base.graph.number_of_edges()
    assert base_layout(synthetic_base(1000)).boxes == first.boxes


def test_boxes_do_not_overlap() -> None:
    placed = base_layout(synthetic_base(300))
    boxes = sorted(placed.boxes.values(), key=lambda b: (b.x, b.y))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if b.x >= a.x + a.w:
                break
            assert b.y >= a.y + a.h or a.y >= b.y + b.h, f"{a.id} overlaps {b.id}"


@pytest.mark.slow
@pytest.mark.parametrize("n", [200])
def test_a_synthetic_base_builds(tmp_path: Path, n: int) -> None:
    base = synthetic_base(n, root=tmp_path / "claims")
    start = time.perf_counter()
    build_site(base, tmp_path / "site", Settings())
    elapsed = time.perf_counter() - start
    assert elapsed < 60, f"building {n} claims took {elapsed:.1f}s"
    page = (tmp_path / "site/claims/essay-1/c7/index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;7&lt;/b&gt;" in page and "<b>7</b>" not in page

"""The argument graph in other tools' formats: GraphML, node-link JSON, Graphviz DOT, Argdown."""

from __future__ import annotations

import io
import json
import re
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from kb.base import KnowledgeBase
    from kb.models import Claim

FORMATS = ("graphml", "json", "dot", "argdown")
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold


def export_graph(base: KnowledgeBase, fmt: str) -> str:
    """The graph of ``base`` as text in ``fmt`` (one of `FORMATS`).

    >>> import kb
    >>> print(export_graph(kb.load("tests/data/valid"), "argdown").splitlines()[0])
    [alpha/answer]: The answer is 42. #answers
    """
    return {"graphml": to_graphml, "json": to_json, "dot": to_dot, "argdown": to_argdown}[fmt](base)


def plain_graph(base: KnowledgeBase) -> nx.MultiDiGraph:
    """The graph with string/number attributes only (what GraphML and JSON can hold).

    >>> import kb
    >>> base = kb.load("tests/data/valid")
    >>> plain_graph(base).nodes["beta/answer"]["verdict"]
    'unchecked'
    """
    H = nx.MultiDiGraph()
    for claim in base:
        result = base.results[claim.id]
        H.add_node(
            claim.id,
            statement=claim.statement,
            statement_zh=claim.statement_zh,
            source=claim.source,
            kind=claim.kind.value,
            tags=" ".join(claim.tags),
            verdict=result.verdict,
            strength=round(base.strength(claim.id), 6),
            label=base.label(claim.id),
        )
    for u, v, key, data in sorted(base.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        H.add_edge(
            u,
            v,
            key=key,
            **{name: data[name] for name in ("relation", "argument", "question", "answer", "implied") if name in data},
        )
    return H


def to_graphml(base: KnowledgeBase) -> str:
    """GraphML (for Gephi, yEd, Cytoscape). Control characters, which XML cannot hold, become U+FFFD.

    >>> import kb
    >>> base = kb.load("tests/data/valid")
    >>> to_graphml(base).count("<node ")
    3
    """
    H = plain_graph(base)
    for _, data in H.nodes(data=True):
        data.update({name: NOT_XML.sub("\ufffd", value) for name, value in data.items() if isinstance(value, str)})
    buffer = io.BytesIO()
    nx.write_graphml(H, buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def to_json(base: KnowledgeBase) -> str:
    """networkx node-link JSON.

    >>> import kb
    >>> base = kb.load("tests/data/valid")
    >>> import json; len(json.loads(to_json(base))["edges"])   # a support, a rebuttal, and the one its question adds back
    3
    """
    data = nx.node_link_data(plain_graph(base), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def to_dot(base: KnowledgeBase) -> str:
    """Graphviz DOT: supports in green (premises bold), rebuts dashed red (dotted where a question adds them).

    >>> import kb
    >>> base = kb.load("tests/data/valid")
    >>> [line for line in to_dot(base).splitlines() if "->" in line][1]
    '  "alpha/premise" -> "alpha/answer" [label="supports", color=darkgreen];'
    """
    lines = ["digraph crux {", "  rankdir=LR;", "  node [shape=box, style=rounded];"]
    for claim in base:
        lines.append(
            f"  {_dot_string(claim.id)} [label={_dot_string(claim.text)}, "
            f"verdict={_dot_string(base.results[claim.id].verdict)}];"
        )
    for u, v, data in sorted(
        base.graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"], e[2].get("question", ""))
    ):
        relation = data["relation"]
        style = {"supports": "color=darkgreen", "premise": "color=darkgreen, style=bold"}.get(
            relation, "color=red, style=dashed"
        )
        if data.get("implied"):
            relation, style = f"rebuts (question {data['question']})", "color=red, style=dotted"
        lines.append(f"  {_dot_string(u)} -> {_dot_string(v)} [label={_dot_string(relation)}, {style}];")
    return "\n".join([*lines, "}"]) + "\n"


def _argdown_text(text: str) -> str:
    return " ".join(text.replace("[", "(").replace("]", ")").replace("<", "‹").replace(">", "›").split())


def to_argdown(base: KnowledgeBase) -> str:
    """Argdown: one statement per claim (``[id]: text #tags``), with ``+>``/``->`` to what it
    supports/rebuts; each linked argument as a premise–conclusion structure (``<id#n>: label``,
    numbered premises, a rule, the conclusion); each question as a comment with its answers.

    >>> import kb
    >>> base = kb.load("tests/data/valid")
    >>> print(to_argdown(base).split(chr(10) * 2)[2].rstrip())
    [beta/answer]: The answer is not 42. #answers #replies
      -> [alpha/answer]
    """
    blocks = []
    for claim in base:
        tags = "".join(f" #{t}" for t in claim.tags)
        lines = [f"[{claim.id}]: {_argdown_text(claim.text)}{tags}"]
        lines += [f"  +> [{target}]" for target in claim.supports]
        lines += [f"  -> [{target}]" for target in claim.rebuts]
        blocks.append("\n".join(lines))
    for claim in base:
        for index, argument in enumerate(claim.arguments, start=1):
            lines = [f"<{claim.id}#{index}>: {_argdown_text(argument.text)}", ""]
            lines += [f"({n}) [{premise}]" for n, premise in enumerate(argument.premises, start=1)]
            lines += ["----", f"({len(argument.premises) + 1}) [{claim.id}]"]
            blocks.append("\n".join(lines))
    for question in base.questions.values():
        lines = [f"// question {question.id}: {_argdown_text(question.text)}"]
        for index, answer in enumerate(question.answers, start=1):
            lines.append(
                f"// answer {index}, {_argdown_text(answer.text)}: " + ", ".join(f"[{c}]" for c in answer.claims)
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def coverage_markdown(base: KnowledgeBase, source_id: str) -> str:
    """A Markdown table: each section of a source, in the order the seed presents them, and its claims.

    Sections come from the claims' ``section`` field; their order and the claims' order
    follow where each claim's first archived quote occurs in its archive.

    >>> import kb
    >>> print(coverage_markdown(kb.load("tests/data/valid"), "alpha"))
    | section | claims |
    |---|---|
    | — | `alpha/answer`, `alpha/premise` |
    """
    from kb.quotes import position

    claims = [c for c in base if c.source == source_id]

    def place(claim: Claim) -> int:
        quote = next((q for q in claim.quotes if q.source in base.archives), None)
        found = position(quote.text, base.archives[quote.source]) if quote else None
        return 10**9 if found is None else found

    order = {c.id: place(c) for c in claims}
    sections: dict[str, list[str]] = {}
    for claim in sorted(claims, key=lambda c: (order[c.id], c.id)):
        sections.setdefault(claim.section or "—", []).append(claim.id)
    rows = [f"| {name} | {', '.join(f'`{i}`' for i in ids)} |" for name, ids in sections.items()]
    return "\n".join(["| section | claims |", "|---|---|", *rows])

"""The shipped claims folder: valid in strict mode, with the design's headline claims."""

import pytest

import kb
from kb import graph as g
from kb.words import say
from tests.conftest import REPO

HEADLINE = [
    "dettmers/gpu-perf-per-cost-peaked-2018",
    "fu/deepseek-v3-mfu-20pct",
    "fu/llama4-mfu-20pct",
    "fu/fp4-9x-flops",
    "fu/cluster-growth-50x",
]


def test_shipped_claims_pass_strict_validation() -> None:
    base = kb.load(REPO / "claims", strict=True)
    assert set(HEADLINE) <= set(base.claims)


def test_every_shipped_quote_is_verified_against_the_seed_archive(shipped) -> None:
    base = shipped
    for claim in base:
        assert claim.quotes, claim.id
        assert all(base.quote_verified(q) for q in claim.quotes), claim.id


def test_fu_answers_dettmers(shipped) -> None:
    base = shipped
    pairs = list(g.disagreements(base.graph))
    assert ("fu/thesis", "dettmers/thesis") not in pairs  # the theses disagree through the questions
    for question in base.questions.values():
        sources = [{base.claims[c].source for c in answer.claims} for answer in question.answers]
        assert any("dettmers-2025-why-agi-will-not-happen" in s for s in sources), question.id
        assert any("fu-2025-yes-agi-can-happen" in s for s in sources), question.id
    fu_answers = {(u, v) for u, v in pairs if u.startswith("fu/") and v.startswith("dettmers/")}
    assert len(fu_answers) >= 15
    assert all(u.split("/")[0] in {"fu", "editor"} and v.startswith("dettmers/") for u, v in pairs)


REQUIRED_CHECKS = [
    "dettmers/gpu-perf-per-cost-peaked-2018",
    "dettmers/linear-progress-exponential-resources",
    "fu/b200-attention-exp-bound",
    "fu/b300-doubles-exp-throughput",
    "fu/blackwell-fp8-2.2x",
    "fu/bloom-mfu-50pct",
    "fu/cluster-growth-50x",
    "fu/deepseek-v3-mfu-20pct",
    "fu/fp4-9x-flops",
    "fu/inference-mbu-70pct",
    "fu/inference-mfu-under-5pct",
    "fu/llama4-mfu-20pct",
    "dettmers/further-gains-are-tradeoffs",
]


def test_verdicts_match_what_editors_accepted() -> None:
    """A code or data change that flips a verdict fails here until an editor updates expected_verdict."""
    base = kb.load(REPO / "claims", strict=True)
    assert all(base.claim(i).check is not None and base.claim(i).expected_verdict for i in REQUIRED_CHECKS)
    accepted = {c.id: c.expected_verdict.value for c in base if c.expected_verdict}
    assert {i: base.result(i).verdict for i in accepted} == accepted


def test_every_shipped_break_even_flips_the_verdict(shipped) -> None:
    from tests.test_checks import _flips

    base = shipped
    flips = [(claim_id, *flip) for claim_id in REQUIRED_CHECKS for flip in _flips(base, claim_id)]
    assert len(flips) >= 15
    assert all(below != above for _, _, below, above in flips), flips


def test_fp4_break_even_names_the_utilisation_where_9x_stops_holding(shipped) -> None:
    result = shipped.result("fu/fp4-9x-flops")
    assert result.break_even["target_mfu"] == pytest.approx(0.396, abs=0.001)
    assert result.value == pytest.approx(9000 / 1978.9 * 0.41 / 0.2, rel=1e-9)


def test_hidden_choices_are_shown_as_readings_with_their_own_verdicts(shipped) -> None:
    base = shipped
    deepseek = base.result("fu/deepseek-v3-mfu-20pct")
    assert deepseek.value == pytest.approx(19.5, abs=0.1)
    assert [(r.verdict, round(r.value, 1)) for r in deepseek.readings] == [("contradicted", 39.0)]
    bloom = base.result("fu/bloom-mfu-50pct")
    assert bloom.value == pytest.approx(36.06, abs=0.01)
    assert [(r.verdict, round(r.value, 1)) for r in bloom.readings] == [("supported", 48.1)]


def test_every_dataset_value_and_check_input_has_a_source_and_a_place(shipped) -> None:
    base = shipped
    measurements = base.data.measurements()
    assert len(measurements) > 100
    for dataset, entry, name, m in measurements:
        assert m.source in base.sources and m.at, (dataset, entry.label, name)
    for result in base.results.values():
        for row in result.inputs:
            assert row.source in base.sources and row.at, (result.claim_id, row.name)


def test_every_claim_has_a_strength_a_label_and_an_explanation(shipped) -> None:
    for claim in shipped:
        assert 0.0 <= shipped.strength(claim.id) <= 1.0
        assert shipped.label(claim.id) in {"in", "out", "undecided"}
        assert shipped.explain(claim.id).sentence().startswith("Strength ")
    assert shipped.assessment.semantics.converged


def test_cruxes_between_the_essays(shipped) -> None:
    cruxes = shipped.cruxes()
    assert cruxes and all(
        c.rebutter.split("/")[0] in {"fu", "editor"} and c.target.startswith("dettmers/") for c in cruxes
    )
    assert [round(c.weight, 6) for c in cruxes] == sorted((round(c.weight, 6) for c in cruxes), reverse=True)
    assert any(c.checkable for c in cruxes) and any(not c.checkable for c in cruxes)


def test_readme_coverage_tables_match_the_claims(runner) -> None:
    import re

    from kb.cli import main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- coverage:start -->\n(.*)\n<!-- coverage:end -->", readme, re.S).group(1)
    generated = runner.invoke(main, ["coverage", "--claims", str(REPO / "claims")]).output.strip()
    assert block == generated, "regenerate the README block with `kb coverage`"


def test_predictions_can_be_judged(shipped) -> None:
    predictions = shipped.where(kind="prediction")
    assert {
        "dettmers/one-to-two-years-of-scaling-left",
        "dettmers/rack-advantages-run-out-2026-2027",
        "fu/accelerated-waiting",
    } <= {c.id for c in predictions}
    for claim in predictions:
        assert claim.resolves_by and len(say(claim.resolution, "en", "en")[0]) > 40 and claim.status


def test_every_claim_has_both_statements_a_section_and_an_edge(shipped) -> None:
    for claim in shipped:
        assert claim.statement and claim.statement_zh and claim.section, claim.id
        assert shipped.graph.degree(claim.id) > 0, claim.id
    assert (
        70
        <= len(shipped.where(source="dettmers-2025-why-agi-will-not-happen"))
        + len(shipped.where(source="fu-2025-yes-agi-can-happen"))
        <= 120
    )


def test_every_number_in_a_statement_comes_from_its_quotes_or_its_check(shipped) -> None:
    """A reviewer's pass, kept: the `unquoted-number` rule holds for every shipped claim, unwaived."""
    from kb.lint import lint

    assert not [c.id for c in shipped if "unquoted-number" in c.waive]
    assert not [w for w in lint(shipped.claims, shipped.data) if "[unquoted-number]" in w[2]]


def test_no_verdict_hangs_on_a_rounding(shipped) -> None:
    """The B200's per-SM tensor rate is derived unrounded (8,174 FLOP/clock, not 8,192), and the
    rounding of the stated clock is a bound: the exponential-bound claim reads inconclusive."""
    result = shipped.result("fu/b200-attention-exp-bound")
    per_sm = next(s for s in result.steps if s.label == "tensor FLOP per clock per SM")
    assert per_sm.value == pytest.approx(2.25e15 / (148 * 1.86e9), rel=1e-9)
    assert result.value == pytest.approx(2.25e15 / (148 * 1.86e9) / (4 * 128 * 16), rel=1e-9)
    assert result.low < 1 < result.high and result.verdict == "inconclusive"
    assert [r.verdict for r in result.readings] == ["contradicted"]  # the H100: matmul-bound, ratio 0.5


def test_fu_s_own_mbu_figure_is_the_input_and_the_measured_one_a_reading(shipped) -> None:
    result = shipped.result("fu/inference-mfu-under-5pct")
    assert result.input("mbu").value == 0.7 and result.input("mbu").source == "jiqizhixin-2025-agi-debate"
    assert [r.changed for r in result.readings] == [
        {"mbu": "78% (Hazy Research low-latency megakernel, Llama-3.2-1B on H100)"}
    ]
    assert result.value == pytest.approx(result.readings[0].value * 0.7 / 0.78, rel=1e-9)


def test_a_weak_test_says_so_and_counts_as_weak_evidence(shipped) -> None:
    result = shipped.result("dettmers/linear-progress-exponential-resources")
    assert result.verdict == "supported" and "by construction" in say(result.weak, "en", "en")[0]
    assert (
        shipped.assessment.base_scores["dettmers/linear-progress-exponential-resources"]
        == shipped.scoring.weakly_supported
    )

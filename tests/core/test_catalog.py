"""The catalog: fifteen moves as validated data, doses as the article writes them."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from gethip.core.catalog import (
    BreathHoldDose,
    Catalog,
    MultiPhaseRepsDose,
    Phase,
    RangeThenHoldDose,
    RepsDose,
    Sidedness,
    TimedDose,
    describe_dose,
    parse_catalog,
    parse_move,
)
from gethip.core.errors import CatalogError, UnknownMove

WARMUP_IDS = ("high-knees", "butt-kicks", "skipping", "running-backward")
STRENGTH_IDS = (
    "step-ups",
    "single-leg-toe-touches",
    "walking-lunges",
    "lateral-lunges",
    "air-squats",
    "jump-squats",
)
OPENER_IDS = (
    "skating-squat",
    "low-lunge-variation",
    "one-legged-bridge",
    "crescent-lunge-knee-up",
    "full-range-figure-four",
)


def raw_move(catalog: Catalog, move_id: str) -> dict[str, Any]:
    """A move's data as a coach would write it in its YAML file."""
    return catalog.get(move_id).model_dump(mode="json")


def raw_sources(catalog: Catalog) -> dict[str, Any]:
    return {f"moves/{move.id}.yaml": move.model_dump(mode="json") for move in catalog}


# -- the fifteen moves --------------------------------------------------------


def test_catalog_has_fifteen_moves_in_program_order(catalog: Catalog) -> None:
    assert len(catalog) == 15
    assert catalog.ids == WARMUP_IDS + STRENGTH_IDS + OPENER_IDS


@pytest.mark.parametrize(
    ("phase", "ids"),
    [(Phase.WARMUP, WARMUP_IDS), (Phase.STRENGTH, STRENGTH_IDS), (Phase.OPENER, OPENER_IDS)],
)
def test_each_phase_holds_its_moves_four_six_five(
    catalog: Catalog, phase: Phase, ids: tuple[str, ...]
) -> None:
    assert tuple(m.id for m in catalog.in_phase(phase)) == ids


def test_every_move_validates_again_from_its_own_data(catalog: Catalog) -> None:
    for move in catalog:
        assert parse_move(f"moves/{move.id}.yaml", raw_move(catalog, move.id)) == move


def test_rebuilding_the_catalog_from_its_data_gives_the_same_moves(catalog: Catalog) -> None:
    rebuilt = parse_catalog(raw_sources(catalog), catalog.ids)
    assert rebuilt.moves == catalog.moves


def test_order_list_sets_presentation_within_a_phase(catalog: Catalog) -> None:
    reversed_openers = tuple(reversed(OPENER_IDS))
    rebuilt = parse_catalog(raw_sources(catalog), reversed_openers)
    assert tuple(m.id for m in rebuilt.in_phase(Phase.OPENER)) == reversed_openers
    # The phases still come warm-up, strength, openers whatever the order list says.
    assert [m.phase for m in rebuilt] == [Phase.WARMUP] * 4 + [Phase.STRENGTH] * 6 + [
        Phase.OPENER
    ] * 5


# -- doses as the article writes them -----------------------------------------


def test_skating_squat_is_sixty_seconds_alternating_legs(catalog: Catalog) -> None:
    dose = catalog.get("skating-squat").dose
    assert isinstance(dose, TimedDose)
    assert (dose.seconds, dose.sets, dose.sidedness) == (60, 1, Sidedness.ALTERNATING)


def test_low_lunge_is_five_deep_breaths_each_side(catalog: Catalog) -> None:
    dose = catalog.get("low-lunge-variation").dose
    assert isinstance(dose, BreathHoldDose)
    assert (dose.breaths, dose.sidedness) == (5, Sidedness.EACH)


def test_bridge_is_eight_reps_of_two_five_breath_holds_each_leg(catalog: Catalog) -> None:
    dose = catalog.get("one-legged-bridge").dose
    assert isinstance(dose, MultiPhaseRepsDose)
    assert (dose.reps, dose.sidedness) == (8, Sidedness.EACH)
    assert [(p.name, p.breaths) for p in dose.phases] == [
        ("Leg extended", 5),
        ("Leg hovering", 5),
    ]


def test_crescent_lunge_is_ten_reps_each_leg_in_one_set(catalog: Catalog) -> None:
    dose = catalog.get("crescent-lunge-knee-up").dose
    assert isinstance(dose, RepsDose)
    assert (dose.reps, dose.sets, dose.sidedness) == (10, 1, Sidedness.EACH)


def test_figure_four_is_slow_range_then_five_breaths_each_side(catalog: Catalog) -> None:
    dose = catalog.get("full-range-figure-four").dose
    assert isinstance(dose, RangeThenHoldDose)
    assert dose.range_seconds > 0
    assert (dose.breaths, dose.sidedness) == (5, Sidedness.EACH)


def test_all_five_openers_take_their_dose_from_the_article(catalog: Catalog) -> None:
    for move in catalog.in_phase(Phase.OPENER):
        assert move.dose.from_article, move.id
        assert move.dose.source.startswith("Article:"), move.id


def test_warmup_and_strength_doses_are_ours_and_say_where_they_come_from(
    catalog: Catalog,
) -> None:
    for move in catalog.in_phase(Phase.WARMUP):
        assert not move.dose.from_article, move.id
        # The article only gives the whole warm-up's length.
        assert "2 to 3 minutes" in move.dose.source, move.id
    for move in catalog.in_phase(Phase.STRENGTH):
        assert not move.dose.from_article, move.id
        assert "ACSM" in move.dose.source or "NSCA" in move.dose.source, move.id


# -- a bad move file names the file and the field -----------------------------


def test_a_move_id_that_is_not_kebab_case_is_rejected_naming_file_and_field(
    catalog: Catalog,
) -> None:
    raw = raw_move(catalog, "skating-squat")
    raw["id"] = "Skating Squat"
    with pytest.raises(CatalogError) as caught:
        parse_move("moves/skating-squat.yaml", raw)
    assert caught.value.source == "moves/skating-squat.yaml"
    assert caught.value.field == "id"
    assert "kebab-case" in str(caught.value)
    assert str(caught.value).startswith("moves/skating-squat.yaml: field 'id':")


def test_a_missing_field_is_rejected_naming_it(catalog: Catalog) -> None:
    raw = raw_move(catalog, "low-lunge-variation")
    del raw["summary"]
    with pytest.raises(CatalogError) as caught:
        parse_move("moves/low-lunge-variation.yaml", raw)
    assert caught.value.source == "moves/low-lunge-variation.yaml"
    assert caught.value.field == "summary"
    assert "required" in caught.value.problem.lower()


def test_an_unknown_dose_kind_is_rejected_listing_the_kinds(catalog: Catalog) -> None:
    raw = raw_move(catalog, "skating-squat")
    raw["dose"]["kind"] = "forever"
    with pytest.raises(CatalogError) as caught:
        parse_move("moves/skating-squat.yaml", raw)
    assert caught.value.field == "dose"
    for kind in ("timed", "reps", "breath-hold", "range-then-hold", "multi-phase-reps"):
        assert kind in caught.value.problem


def test_a_bad_number_inside_the_dose_names_the_dose_field(catalog: Catalog) -> None:
    raw = raw_move(catalog, "skating-squat")
    raw["dose"]["seconds"] = 0
    with pytest.raises(CatalogError) as caught:
        parse_move("moves/skating-squat.yaml", raw)
    assert caught.value.field.startswith("dose.")
    assert caught.value.field.endswith(".seconds")


def test_a_field_the_model_does_not_know_is_rejected(catalog: Catalog) -> None:
    raw = raw_move(catalog, "skipping")
    raw["colour"] = "red"
    with pytest.raises(CatalogError) as caught:
        parse_move("moves/skipping.yaml", raw)
    assert caught.value.field == "colour"


def test_a_bridge_with_a_single_phase_is_rejected(catalog: Catalog) -> None:
    raw = raw_move(catalog, "one-legged-bridge")
    raw["dose"]["phases"] = raw["dose"]["phases"][:1]
    with pytest.raises(CatalogError) as caught:
        parse_move("moves/one-legged-bridge.yaml", raw)
    assert caught.value.field.endswith("phases")


def test_an_id_that_does_not_match_its_file_name_is_rejected(catalog: Catalog) -> None:
    sources = raw_sources(catalog)
    sources["moves/skating-squat.yaml"]["id"] = "skater-squat"
    with pytest.raises(CatalogError) as caught:
        parse_catalog(sources)
    assert caught.value.source == "moves/skating-squat.yaml"
    assert caught.value.field == "id"
    assert "skater-squat" in caught.value.problem


def test_two_files_with_the_same_id_are_rejected_naming_the_second_file(
    catalog: Catalog,
) -> None:
    sources = raw_sources(catalog)
    sources["extra/skipping.yml"] = copy.deepcopy(sources["moves/skipping.yaml"])
    with pytest.raises(CatalogError) as caught:
        parse_catalog(sources)
    assert caught.value.source == "extra/skipping.yml"
    assert caught.value.field == "id"
    assert "moves/skipping.yaml" in caught.value.problem


def test_a_bad_file_among_good_ones_fails_the_whole_catalog_naming_it(
    catalog: Catalog,
) -> None:
    sources = raw_sources(catalog)
    del sources["moves/jump-squats.yaml"]["dose"]["reps"]
    with pytest.raises(CatalogError) as caught:
        parse_catalog(sources, catalog.ids)
    assert caught.value.source == "moves/jump-squats.yaml"
    assert caught.value.field.endswith(".reps")


# -- doses in words, and unknown moves ----------------------------------------


@pytest.mark.parametrize(
    ("move_id", "text"),
    [
        ("skating-squat", "60 s, alternating sides"),
        ("low-lunge-variation", "hold 5 deep breaths each side"),
        (
            "one-legged-bridge",
            "8 reps each side; each rep: leg extended 5 breaths, leg hovering 5 breaths",
        ),
        ("crescent-lunge-knee-up", "10 reps each side"),
        ("full-range-figure-four", "30 s slow range, then hold 5 breaths each side"),
        ("high-knees", "40 s, alternating sides"),
        ("step-ups", "2 sets of 10 reps each side, 45 s rest"),
        ("walking-lunges", "2 sets of 10 reps per side, alternating, 45 s rest"),
        ("air-squats", "2 sets of 12 reps, 45 s rest"),
        ("jump-squats", "2 sets of 8 reps, 60 s rest"),
    ],
)
def test_describe_dose_says_it_as_a_runner_would(catalog: Catalog, move_id: str, text: str) -> None:
    assert describe_dose(catalog.get(move_id).dose) == text


def test_describe_dose_leaves_out_a_rest_of_zero() -> None:
    dose = TimedDose(
        seconds=20,
        sets=3,
        rest_seconds=0,
        sidedness=Sidedness.BOTH,
        from_article=False,
        source="a test dose, no source",
    )
    assert describe_dose(dose) == "3 sets of 20 s"


def test_an_unknown_move_lists_every_valid_choice(catalog: Catalog) -> None:
    with pytest.raises(UnknownMove) as caught:
        catalog.get("pigeon-pose")
    assert caught.value.name == "pigeon-pose"
    assert caught.value.choices == catalog.ids
    message = str(caught.value)
    assert message.startswith("unknown move 'pigeon-pose'; choose one of:")
    for move_id in catalog.ids:
        assert move_id in message


def test_membership_is_by_id(catalog: Catalog) -> None:
    assert "one-legged-bridge" in catalog
    assert "one-legged-bridges" not in catalog

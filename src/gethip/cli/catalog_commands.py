"""`gethip moves`, `gethip show MOVE_ID`, `gethip sessions`: the program, browsable."""

from __future__ import annotations

from typing import Annotated

import typer

from gethip.cli.options import JsonFlag

# Only Typer loads with the module: the catalog, its Pydantic models and Rich load
# inside the commands, so every command (and `gethip moves --json`) starts fast.


def moves(as_json: JsonFlag = False) -> None:
    """List every move in the program."""
    from gethip.cli.output import print_json
    from gethip.content import load_catalog
    from gethip.shapes import move_json

    catalog = load_catalog()
    if as_json:
        print_json([move_json(move) for move in catalog])
        return
    from rich.table import Table

    from gethip.cli.output import console
    from gethip.core.catalog import describe_dose

    table = Table(title="The moves", title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("name")
    table.add_column("phase")
    table.add_column("dose")
    table.add_column("planes")
    for move in catalog:
        table.add_row(
            move.id,
            move.name,
            move.phase.value,
            describe_dose(move.dose) + ("" if move.dose.from_article else " *"),
            ", ".join(p.value for p in move.planes),
        )
    console.print(table)
    console.print("* a default of ours where the article gives no number (see `gethip show ID`)")


def show(
    move_id: Annotated[str, typer.Argument(help="A move id, as `gethip moves` lists them.")],
    as_json: JsonFlag = False,
) -> None:
    """Everything about one move: steps, dose, cues, what it does, variants and safety."""
    from gethip.cli.output import print_json
    from gethip.content import load_catalog
    from gethip.shapes import move_json

    move = load_catalog().get(move_id)
    if as_json:
        print_json(move_json(move))
        return
    from rich.panel import Panel

    from gethip.cli.output import console
    from gethip.core.catalog import describe_dose

    steps = "\n".join(f"{number}. {step}" for number, step in enumerate(move.steps, 1))
    body = (
        f"[dim]{move.summary}[/]\n\n{steps}\n\n"
        f"[bold]Dose[/]  {describe_dose(move.dose)}\n[dim]{move.dose.source}[/]\n\n"
        f"[bold]Does[/]  {move.benefits}\n"
        f"[bold]Muscles[/]  {', '.join(move.muscles)}\n"
        f"[bold]Planes[/]  {', '.join(p.value for p in move.planes)}\n"
        f"[bold]Equipment[/]  {', '.join(move.equipment) or 'none'}\n"
        f"[bold]Cues[/]  {' / '.join(move.cues)}\n\n"
        f"[bold]Easier[/]  {move.easier.name}: {move.easier.how}\n"
        f"[bold]Harder[/]  {move.harder.name}: {move.harder.how}\n\n"
        + "\n".join(f"[yellow]![/] {note}" for note in move.safety)
    )
    console.print(Panel(body, title=f"{move.name}  [dim]({move.id}, {move.phase.value})[/]"))


def sessions(as_json: JsonFlag = False) -> None:
    """List the built-in sessions."""
    from gethip.app.timelines import compiled
    from gethip.cli.output import print_json
    from gethip.content import load_sessions
    from gethip.shapes import session_json

    book = load_sessions()
    data = [session_json(session, compiled(session.id).total_seconds) for session in book]
    if as_json:
        print_json(data)
        return
    from rich.table import Table

    from gethip.cli.output import console

    table = Table(title="Sessions", title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("name")
    table.add_column("when")
    table.add_column("length", justify="right")
    table.add_column("moves")
    for session, info in zip(book, data, strict=True):
        minutes, seconds = divmod(round(info["total_seconds"]), 60)
        table.add_row(
            session.id,
            session.name,
            session.when,
            f"{minutes}:{seconds:02d}",
            str(len(session.moves)),
        )
    console.print(table)

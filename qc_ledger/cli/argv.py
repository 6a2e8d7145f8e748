"""Reading a command line before Typer does: which command it names."""

from __future__ import annotations


def command_name(argv: list[str]) -> str | None:
    """The command named on a command line: the first word that is not a global option."""
    words = iter(argv)
    for word in words:
        if word == "--root":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None

"""The help screen at 80x24: a description too long for its line wraps under itself,
not back under the keys."""

from __future__ import annotations

from app_helpers import make_app, small_meeting, utc_zone  # noqa: F401 - autouse fixture

from csp_tui.screens.help import HelpScreen


async def test_wrapped_help_lines_keep_their_indent(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = app.screen.query_one("#help-text")
        lines = str(help_text.render()).splitlines()
        width = help_text.content_size.width
        assert 0 < width < 80
        assert max(map(len, lines)) <= width  # wrapped here, not by Textual
        # A key's description: its second line starts under its first.
        row = next(i for i, line in enumerate(lines) if line.startswith("  A "))
        start = lines[row].index("Add action")
        assert lines[row + 1].strip() and lines[row + 1][:start].isspace()
        # A slash command's description: every line is indented by six spaces.
        commands = lines[lines.index("Slash commands") + 1:]
        action = commands[1:commands.index("  /agreed TEXT")]
        assert len(action) > 1
        assert all(line.startswith(" " * 6) and line[6] != " " for line in action)
        # The capture area's paragraph: its second line is indented as its first.
        plain = next(i for i, line in enumerate(lines) if line.startswith("  Enter adds"))
        assert lines[plain + 1].startswith("  ") and lines[plain + 1][2] != " "

"""An option list that takes its options a page at a time, as they come into view.

Textual's :class:`OptionList` draws only the lines in view, but it measures (wraps)
every option as soon as it is given, to know how tall the list is. An item of 3,000
lines, or 20,000 carried actions, would be wrapped whole each time it is shown. This
list is given the first :data:`PAGE` options; the others wait (built, or not even
read: ``more`` fetches them) until the view, or the highlight, comes near the end of
those given. The scrollbar grows as the list does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.geometry import Region
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

#: Options given to the list at a time: more than a screen of lines, so a short item
#: is given whole, exactly as a plain OptionList shows it.
PAGE = 100


class LazyOption:
    """An option made only when the list is given it (the lines of a long item that
    wait below the view are not even made); ``key`` says what it will show."""

    __slots__ = ("key", "_make")

    def __init__(self, key: tuple, make: Callable[[], Option]) -> None:
        self.key = key
        self._make = make

    def __call__(self) -> Option:
        return self._make()


def _made(options: list[Option | LazyOption]) -> list[Option]:
    return [o() if isinstance(o, LazyOption) else o for o in options]


class PagedOptionList(OptionList):
    """An :class:`OptionList` that is given its options as they come into view."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Options built but not yet given to the list.
        self._waiting: list[Option | LazyOption] = []
        #: Where the options after the waiting ones come from (None: no more).
        self._more: Callable[[], list[Option | LazyOption]] | None = None
        #: How many options the list had been given before it was last shown afresh.
        self._reach = PAGE
        #: The width the given options were wrapped at (0: none yet).
        self._wrapped_at = 0

    def show_options(self, options: list[Option | LazyOption],
                     more: Callable[[], list[Option | LazyOption]] | None = None, *,
                     keep_scroll: bool = False) -> None:
        """Show ``options`` afresh (the first page of them now); ``more`` returns the
        next options after them each time it is called, an empty list at the end.
        ``keep_scroll``: the same list again, as it stands now (another program's
        change, say): the view stays where it was rather than going to the top."""
        # A line looked for again after this (the highlight kept) is at most as far
        # down as the list had come, not the whole way down a list of 20,000.
        self._reach = max(self.option_count, PAGE)
        scroll_y = self.scroll_y if keep_scroll else 0
        # Nothing waits while the list is emptied (setting it scrolls to the top).
        self._waiting, self._more = [], None
        self.set_options(_made(options[:PAGE]))
        self._waiting, self._more = options[PAGE:], more
        self._fill(int(scroll_y))
        if scroll_y:
            self.scroll_to(y=scroll_y, animate=False, immediate=True)

    def append_options(self, options: list[Option | LazyOption]) -> None:
        """Add ``options`` at the end (after any still waiting)."""
        if self._has_more:
            self._waiting.extend(options)
        else:
            self.add_options(_made(options))
        self._fill()

    @property
    def _has_more(self) -> bool:
        return bool(self._waiting) or self._more is not None

    def _next_page(self) -> bool:
        """Give the list its next page of options; False when there are none."""
        if not self._waiting and self._more is not None:
            self._waiting = list(self._more())
            if not self._waiting:
                self._more = None
        if not self._waiting:
            return False
        page, self._waiting = self._waiting[:PAGE], self._waiting[PAGE:]
        self.add_options(_made(page))
        return True

    def _fill(self, scroll_y: int | None = None) -> None:
        """Give the list options until they reach past the bottom of the view (of the
        view scrolled to ``scroll_y``, if given)."""
        height = self.scrollable_content_region.height
        if not height:
            return  # not laid out yet: the first resize fills it
        wanted = int(self.scroll_y if scroll_y is None else scroll_y) + height + 1
        while len(self._lines) < wanted and self._next_page():
            pass

    def load_all(self) -> None:
        """Give the list every option (before going to the end)."""
        while self._next_page():
            pass

    def option_index(self, option_id: str) -> int | None:
        """The index of the option ``option_id``, giving the list pages until it is
        there, but not past where the list had come before (a line that has gone, say
        just deleted, does not read in every page); None if it is not there."""
        while (index := self._given(option_id)) is None:
            if self.option_count > self._reach + PAGE or not self._next_page():
                return None
        return index

    def reveal(self, option_id: str) -> None:
        """Scroll the option ``option_id`` into view once the list has measured it, if
        the list has been given it (one on a page still to come is left to its page:
        the view is not taken down a long list for it); the highlight stays."""
        if self._given(option_id) is not None:
            self.call_after_refresh(self._reveal_now, option_id)

    def _given(self, option_id: str) -> int | None:
        """The index of the option ``option_id`` if the list has been given it."""
        try:
            return self.get_option_index(option_id)
        except OptionDoesNotExist:
            return None

    def _reveal_now(self, option_id: str) -> None:
        # Looked up again: the list may have been shown afresh meanwhile.
        index = self._given(option_id)
        self._update_lines()
        y = self._index_to_line.get(index) if index is not None else None
        if index is None or y is None:
            return
        self.scroll_to_region(Region(0, y, self.scrollable_content_region.width,
                                     self._heights[index]), animate=False, immediate=True)

    def _update_lines(self) -> None:
        """Wrap the options given since the last call, all of them again if the width
        changed since they were wrapped.

        OptionList wraps its options once, at the width it has then, and wraps them
        again only on a Resize. A scroll bar coming (or going) narrows (widens) the
        content without resizing the list: the options wrapped before it came kept the
        heights they had at the old width, while each is drawn at the new one, one line
        longer, and its last line was cut off (a bullet's last word, the end of an
        action). Every option is wrapped at the width it is drawn at."""
        width = self.scrollable_content_region.width
        if width and width != self._wrapped_at:
            if self._wrapped_at:
                self._line_cache.clear()
                self._option_render_cache.clear()
                self.refresh()
            self._wrapped_at = width
        super()._update_lines()

    # The list is given more as the view or the highlight nears the end.

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._fill()

    def _on_resize(self) -> None:
        super()._on_resize()
        self._fill()

    def action_cursor_up(self) -> None:
        """Move the highlight up (round to the very last option from the top)."""
        if self.highlighted is not None and not any(
                not o.disabled for o in self.options[:self.highlighted]):
            self.load_all()
        super().action_cursor_up()

    def action_last(self) -> None:
        """Move the highlight to the very last option."""
        self.load_all()
        super().action_last()

    def action_page_down(self) -> None:
        """Move the highlight down a page."""
        if self.highlighted is not None:
            while (self.highlighted + self.scrollable_content_region.height
                   >= self.option_count and self._next_page()):
                pass
        super().action_page_down()

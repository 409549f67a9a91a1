"""The papers attached to agenda items (issue 27): their details journaled like the
minutes, their bytes stored once by SHA-256 in ``paper_files`` (see the migration)."""

from __future__ import annotations

import hashlib
from typing import Any

from csp_tui.domain.papers import Paper
from csp_tui.storage.convert import parse_ts, ts
from csp_tui.storage.journal import Store


class PapersStore(Store):
    """The papers attached to agenda items."""

    @staticmethod
    def _paper(r: dict[str, Any]) -> Paper:
        return Paper(id=r["id"], meeting_id=r["meeting_id"], item_id=r["item_id"],
                     position=r["position"], title=r["title"], filename=r["filename"],
                     kind=r["kind"], size=r["size"], sha256=r["sha256"],
                     added=parse_ts(r["added"]))

    def papers(self, meeting_id: int) -> list[Paper]:
        """The meeting's papers, in agenda order (items, then each item's papers)."""
        return [self._paper(r) for r in self.journal.query(
            "SELECT papers.* FROM papers JOIN items ON items.id = papers.item_id "
            "LEFT JOIN items AS parent ON parent.id = items.parent_id "
            "WHERE papers.meeting_id = ? ORDER BY coalesce(parent.position, items.position), "
            "items.parent_id IS NOT NULL, items.position, papers.position, papers.id",
            [meeting_id])]

    def paper(self, paper_id: int) -> Paper:
        """One paper; LookupError when there is none."""
        row = self.journal.row("papers", paper_id)
        if row is None:
            raise LookupError(f"no paper with id {paper_id} (see `csp agenda list`)")
        return self._paper(row)

    def paper_content(self, paper: Paper) -> bytes:
        """The paper's bytes, as attached."""
        row = self.conn.execute("SELECT content FROM paper_files WHERE sha256 = ?",
                                (paper.sha256,)).fetchone()
        if row is None:
            raise LookupError(f"the file of paper {paper.id} ({paper.title}) is missing "
                              "from the database")
        return bytes(row[0])

    def attach_paper(self, item_id: int, title: str, filename: str, kind: str,
                     content: bytes, *, replace: int | None = None) -> Paper:
        """Attach ``content`` to the item as its last paper (or in the place of paper
        ``replace``, which goes); one undoable step."""
        item = self.journal.row("items", item_id)
        if item is None:
            raise LookupError(f"no item with id {item_id}")
        sha = hashlib.sha256(content).hexdigest()
        label = f"attach paper {title}"
        with self.journal.transaction(label):
            # The bytes first, outside the journal: written once whatever undo does.
            self.conn.execute("INSERT OR IGNORE INTO paper_files (sha256, content) "
                              "VALUES (?, ?)", (sha, content))
            position = None
            if replace is not None:
                old = self.paper(replace)
                if old.item_id != item_id:
                    raise LookupError(f"paper {replace} is not on that item")
                position = old.position
                self.journal.delete("papers", replace)
            if position is None:
                position = self.conn.execute(
                    "SELECT coalesce(max(position), -1) + 1 FROM papers WHERE item_id = ?",
                    (item_id,)).fetchone()[0]
            pid = self.journal.insert("papers", {
                "meeting_id": item["meeting_id"], "item_id": item_id, "position": position,
                "title": title, "filename": filename, "kind": kind, "size": len(content),
                "sha256": sha, "added": ts(self.journal.clock())})
            self._forget_unused_files()
        return self.paper(pid)

    def detach_paper(self, paper_id: int) -> Paper:
        """Remove a paper from its item (undo brings it back)."""
        paper = self.paper(paper_id)
        with self.journal.transaction(f"detach paper {paper.title}"):
            self.journal.delete("papers", paper_id)
            self._forget_unused_files()
        return paper

    def _forget_unused_files(self) -> None:
        # A file neither a paper nor any journal row names can never come back: undo
        # restores rows from the journal, which names the file by its hash.
        self.conn.execute(
            "DELETE FROM paper_files WHERE sha256 NOT IN (SELECT sha256 FROM papers) "
            "AND NOT EXISTS (SELECT 1 FROM journal WHERE tbl = 'papers' AND "
            "instr(coalesce(before, '') || coalesce(after, ''), paper_files.sha256) > 0)")

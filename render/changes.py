"""The site's record of change: the Changes page (newest commit first, each with what it changed and
what that did to the argument), its Atom feed (``changes.xml``, written by feedgen) and its JSON
twin (``changes.json``), all from the base's timeline (`kb.timeline`).

>>> import kb
>>> view = changes_view(kb.load("tests/data/valid"))
>>> all(c.commit for c in view.commits)
True
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from feedgen.feed import FeedGenerator
from markupsafe import escape

from kb.base import KnowledgeBase
from kb.diff import Flip, Move
from kb.timeline import Moment
from render import urls
from render.twins import json_bytes

PAGE_COMMITS = 100  # the newest commits the Changes page lists (the JSON twin has them all)
FEED_COMMITS = 50  # the newest commits the feed carries
RELATIVE_NOTE = (
    "Links are relative to this feed's address: set url in the base's crux.yaml (or KB_SITE_URL) for absolute links."
)


@dataclass(frozen=True)
class RecordChange:
    """What one commit changed in one record: its kind (claim, source, question, value, settings),
    its id and the changes in words."""

    kind: str
    id: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class CommitView:
    commit: str
    date: str
    author: str
    message: str
    records: list[RecordChange]
    flipped: list[tuple[Flip, str]]  # each flip with the changes that flipped it, in words
    theses: list[Move]  # the theses whose strength moved
    hinges: list[Move]  # the questions whose hinge moved (both before and after known)
    added: int
    removed: int
    changed: int
    notes: list[str]

    @property
    def anchor(self) -> str:
        return f"c-{self.commit[:10]}"


@dataclass(frozen=True)
class ChangesView:
    commits: list[CommitView]  # newest first, at most PAGE_COMMITS
    total: int  # how many commits touched the base
    notes: list[str]


def changes_view(base: KnowledgeBase, limit: int | None = PAGE_COMMITS) -> ChangesView:
    """The commits that touched ``base``, newest first (the newest ``limit`` of them)."""
    moments, notes = base.changes()
    newest = list(reversed(moments))
    return ChangesView([_commit_view(m) for m in newest[:limit]], len(moments), list(notes))


def _commit_view(moment: Moment) -> CommitView:
    step, difference = moment.step, moment.difference
    records = [RecordChange(*key.partition(":")[::2], words) for key, words in sorted(step.changes.items())]
    return CommitView(
        step.commit,
        step.date,
        step.author,
        step.message,
        records,
        [(f, "; ".join(moment.causes.get(f.claim, ()))) for f in difference.flipped],
        [m for m in difference.strengths if m.thesis],
        [m for m in difference.hinges if m.was is not None and m.now is not None],
        len(difference.added),
        len(difference.removed),
        len(difference.changed),
        difference.notes,
    )


def changes_json(base: KnowledgeBase) -> bytes:
    """The JSON twin of the Changes page: every commit, newest first, with what it changed in each
    record and what it did to the argument (`kb.diff.Difference.to_dict`)."""
    moments, notes = base.changes()
    commits = [
        {
            "commit": m.step.commit,
            "date": m.step.date,
            "author": m.step.author,
            "message": m.step.message,
            "changes": {key: list(words) for key, words in sorted(m.step.changes.items())},
            "argument": m.difference.to_dict(),
            "flipped_by": {claim: list(causes) for claim, causes in sorted(m.causes.items())},
        }
        for m in reversed(moments)
    ]
    return json_bytes({"notes": list(notes), "commits": commits})


def feed_bytes(base: KnowledgeBase, site_url: str | None = None) -> bytes:
    """The Atom feed of the newest commits: one entry per commit, linking to its place on the
    Changes page (absolute from the site's URL, else relative to the feed, with a note)."""
    view = changes_view(base, FEED_COMMITS)
    site_url = site_url or base.config.url
    page = urls.changes_page("en")
    link = (lambda path: urls.absolute(site_url, path)) if site_url else (lambda path: path)
    title = base.config.say("title", "en")[0]
    feed = FeedGenerator()
    feed.id(link(page) if site_url else _urn(f"changes of {title}"))
    feed.title(f"{title}: changes")
    feed.link(href=link(page), rel="alternate")
    feed.link(href=link(urls.CHANGES_FEED), rel="self")
    feed.language(base.config.languages[0])
    feed.subtitle(
        " ".join([*view.notes, *([] if site_url else [RELATIVE_NOTE])]) or f"What each commit changed in {title}"
    )
    feed.updated(_when(view.commits[0].date) if view.commits else dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    for commit in reversed(view.commits):  # feedgen puts the entry added last first
        entry = feed.add_entry()
        entry.id(_urn(f"git commit {commit.commit}"))
        entry.title(commit.message)
        entry.link(href=f"{link(page)}#{commit.anchor}")
        entry.author({"name": commit.author})
        entry.published(_when(commit.date))
        entry.updated(_when(commit.date))
        entry.content(_summary(base, commit), type="html")
    return bytes(feed.atom_str(pretty=True))


def _summary(base: KnowledgeBase, commit: CommitView) -> str:
    """A commit's entry in the feed, as HTML: what it did to the argument, then each record's changes."""
    items = [
        f"{_claim(base, flip.claim)}: verdict {flip.was} → {flip.now}" + (f" (by {cause})" if cause else "")
        for flip, cause in commit.flipped
    ]
    items += [f"{_claim(base, m.id)}: strength {m.was:.2f} → {m.now:.2f}" for m in commit.theses]
    items += [f"question {m.id}: hinge {m.was:.2f} → {m.now:.2f}" for m in commit.hinges]
    items += [f"{r.kind} {r.id}: {'; '.join(r.words)}" for r in commit.records]
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def _claim(base: KnowledgeBase, claim_id: str) -> str:
    claim = base.claims.get(claim_id)
    return f"{claim_id} ({claim.text})" if claim is not None else claim_id


def _when(date: str) -> dt.datetime:
    return dt.datetime.fromisoformat(date)


def _urn(name: str) -> str:
    """A stable Atom id for ``name`` (the same commit always has the same id)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'crux:{name}')}"

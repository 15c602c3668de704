"""Who is asking, through which store, from where: the first argument of every service call."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.store.db import Store
from jixiao.workflow import Actor


@dataclass(frozen=True, slots=True)
class Context:
    store: Store
    actor: Actor
    origin: str = ""  # "cli", or the client's address for a web request

    @property
    def user_id(self) -> int | None:
        """The acting user's row, None for the command line acting on its own."""
        return self.actor.user_id or None

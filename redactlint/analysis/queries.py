"""What an ORM query gives: instances of the model class it queries.

``session.query(Run).filter_by(id=run_id).one()``, ``Run.query.first()`` (Flask-SQLAlchemy),
``session.exec(select(Run)).one()`` (SQLModel) and ``session.scalars(select(Run)).first()``
(SQLAlchemy 2) all give a ``Run``; then ``run.id`` is what the model's column says. A
query is kept as an object of a class that names its stage (``QUERY``, ``SELECT``,
``RESULT``) whose items are the model's instances. Only a class the project maps to a
table is taken as a model (it or a base defines ``__tablename__``, is declared
``table=True``, or derives from Flask-SQLAlchemy's or SQLModel's model), so a method
called ``query`` elsewhere is not mistaken for one. These names are the whole of what
the checker assumes about SQLAlchemy, Flask-SQLAlchemy and SQLModel; it never reads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .kinds import NONE, NUMBER, UNKNOWN, Kind, Safety, Value, join

if TYPE_CHECKING:
    from .facts import ProjectFacts

QUERY = "sqlalchemy.orm.Query"
SELECT = "sqlalchemy.sql.Select"
RESULT = "sqlalchemy.engine.Result"
STAGES = frozenset({QUERY, SELECT, RESULT})

SELECTS = frozenset({
    "sqlalchemy.select", "sqlalchemy.sql.select", "sqlalchemy.sql.expression.select",
    "sqlalchemy.future.select", "sqlmodel.select", "sqlmodel.sql.expression.select",
})
# Methods that refine a query and give it back.
_CHAIN = frozenset({
    "filter", "filter_by", "where", "order_by", "limit", "offset", "join", "outerjoin",
    "options", "distinct", "group_by", "having", "with_for_update", "execution_options",
    "params", "select_from", "populate_existing", "yield_per", "unique", "scalars",
})
_ONE = frozenset({"one", "scalar_one"})
_MAYBE = frozenset({"first", "one_or_none", "scalar", "scalar_one_or_none", "get"})
_ALL = frozenset({"all", "fetchall"})
# Session methods that run a ``select(...)``.
_RUN = frozenset({"exec", "execute", "scalars"})
_MODEL_BASES = ("flask_sqlalchemy.", "sqlmodel.")
# Every method name this module may answer for (others are not worth asking).
METHODS = _CHAIN | _ONE | _MAYBE | _ALL | _RUN | {"query", "count"}


def stage(classes: frozenset[str], items: Value) -> Value:
    return Value(Kind.OBJECT, Safety.UNKNOWN, classes, items=items)


def model(facts: ProjectFacts, value: Value) -> Value | None:
    """An instance of the one mapped model class ``value`` names, else None."""
    if value.kinds != Kind.CLASS or len(value.classes) != 1:
        return None
    (cls,) = value.classes
    order = facts.mro(cls)
    for base in order:
        if base.startswith(_MODEL_BASES) or ".SQLAlchemy.Model" in base:
            return facts.instance(cls)
        found = facts.class_summary(base)
        if found is None:
            continue
        summary = found[0]
        if "__tablename__" in summary.values or summary.keywords.get("table") == "True":
            return facts.instance(cls)
    return None


def method(
    facts: ProjectFacts, base: Value, name: str, arguments: list[Value]
) -> Value | None:
    """``base.name(*arguments)`` where ``base`` is a query stage, or a call that makes
    one (``session.query(Model)``, ``session.exec(select(Model))``,
    ``session.get(Model, key)``); None for any other call."""
    if base.classes and base.classes <= STAGES and base.items is not None:
        items = base.items
        if name in _CHAIN:
            return stage(frozenset({RESULT}) if base.classes == {RESULT} else base.classes,
                         items)
        if name in _ONE:
            return items
        if name in _MAYBE:
            return join(items, NONE)
        if name in _ALL:
            return Value(Kind.SEQUENCE, Safety.UNKNOWN, items=items)
        if name == "count":
            return NUMBER
        return UNKNOWN
    if not arguments or base.kinds & (Kind.TEXT | Kind.MAPPING | Kind.SEQUENCE) == base.kinds:
        return None  # text and containers have methods of these names
    first = arguments[0]
    if name == "query" and len(arguments) == 1:
        found = model(facts, first)
        return stage(frozenset({QUERY}), found) if found is not None else None
    if name == "get" and len(arguments) == 2:
        found = model(facts, first)
        return join(found, NONE) if found is not None else None
    if name in _RUN and first.classes == {SELECT} and first.items is not None:
        return stage(frozenset({RESULT}), first.items)
    return None

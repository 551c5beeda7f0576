"""What a field library's class-level descriptor holds on an instance.

A traitlets class says ``name = Unicode()``, a SQLAlchemy model ``id =
Column(Integer)`` and a Django model ``uuid = models.UUIDField(default=uuid.uuid4)``: the
class holds a descriptor, and ``obj.name`` or ``obj.id`` on an instance is the value it
describes. These tables are the whole of what the checker
assumes about those libraries; it never reads them.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .kinds import (
    BOOL,
    DATETIME,
    MAPPING,
    NONE,
    NUMBER,
    SEQUENCE,
    UNKNOWN,
    UNKNOWN_BYTES,
    UNKNOWN_TEXT,
    Kind,
    Safety,
    Value,
    instance_of,
    join,
)

if TYPE_CHECKING:
    from .facts import ProjectFacts
    from .safety import Evaluator
    from .scopes import Scope

# A traitlets attribute (the Jupyter configuration system's descriptors), by the
# trait's name. ``Instance(Cls)`` is read apart: an object of ``Cls``.
TRAITS: dict[str, Value] = {
    **{name: BOOL for name in ("Bool", "CBool")},
    **{name: NUMBER for name in ("Int", "CInt", "Integer", "Float", "CFloat", "Complex")},
    **{name: UNKNOWN_TEXT for name in ("Unicode", "CUnicode", "ObjectName", "DottedObjectName")},
    **{name: SEQUENCE for name in ("List", "Tuple", "Set")},
    "Dict": MAPPING,
}

# A SQLAlchemy column, by the name of its type (``sqlalchemy.types`` and the SQL
# standard spellings). A type the table does not name (a project's TypeDecorator,
# JSON, a dialect's own) holds a value of unknown kind.
COLUMN_TYPES: dict[str, Value] = {
    **{name: NUMBER for name in (
        "Integer", "BigInteger", "SmallInteger", "Float", "Double", "Numeric", "INTEGER",
        "INT", "BIGINT", "SMALLINT", "FLOAT", "REAL", "DOUBLE", "DOUBLE_PRECISION",
        "NUMERIC", "DECIMAL",
    )},
    **{name: BOOL for name in ("Boolean", "BOOLEAN")},
    **{name: DATETIME for name in (
        "DateTime", "Date", "Time", "Interval", "DATETIME", "DATE", "TIME", "TIMESTAMP",
    )},
    **{name: UNKNOWN_TEXT for name in (
        "String", "Text", "Unicode", "UnicodeText", "VARCHAR", "NVARCHAR", "CHAR", "NCHAR",
        "TEXT", "CLOB",
    )},
    **{name: UNKNOWN_BYTES for name in ("LargeBinary", "BLOB", "BINARY", "VARBINARY")},
}
_COLUMN_CALLS = frozenset({
    "sqlalchemy.Column", "sqlalchemy.schema.Column", "sqlalchemy.sql.schema.Column",
    "sqlalchemy.orm.mapped_column", "sqlalchemy.orm._orm_constructors.mapped_column",
})
# A Django model field, by its class's name (``django.db.models``). ``UUIDField`` and the
# relations are read apart; a field the table does not name holds a value of unknown kind.
DJANGO_FIELDS: dict[str, Value] = {
    **{name: NUMBER for name in (
        "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
        "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
        "PositiveSmallIntegerField", "FloatField", "DecimalField",
    )},
    **{name: BOOL for name in ("BooleanField", "NullBooleanField")},
    **{name: DATETIME for name in ("DateTimeField", "DateField", "TimeField", "DurationField")},
    **{name: UNKNOWN_TEXT for name in (
        "CharField", "TextField", "EmailField", "SlugField", "URLField", "FilePathField",
        "GenericIPAddressField", "IPAddressField",
    )},
    "BinaryField": UNKNOWN_BYTES,
}
_DJANGO_RELATIONS = frozenset({"ForeignKey", "OneToOneField"})
_UUID = frozenset({"uuid.UUID"})
# ``Mapped[int]`` annotates a mapped attribute: on an instance, an ``int``.
MAPPED = frozenset({"sqlalchemy.orm.Mapped", "sqlalchemy.orm.base.Mapped"})


def instance_value(facts: ProjectFacts, module: str, text: str | None) -> Value | None:
    """What the class attribute bound to ``text`` in ``module`` holds on an instance
    when it is a descriptor this module knows, else None."""
    found = facts.expression(module, text)
    if found is None:
        return None
    evaluator, node = found
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "tag"
    ):
        node = node.func.value  # ``Unicode().tag(config=True)``
    if not isinstance(node, ast.Call):
        return None
    scope = evaluator.scopes.module
    callee = evaluator.scopes.resolve(node.func, scope) or ""
    if callee.startswith("traitlets."):
        name = callee.rsplit(".", 1)[-1]
        if name in TRAITS:
            return TRAITS[name]
        if name == "Instance" and node.args:
            cls = _class_named(node.args[0], evaluator, facts)
            return facts.instance(cls) if cls is not None else None
        return None
    if callee in _COLUMN_CALLS or _flask_sqlalchemy(node.func, evaluator, scope, "Column"):
        return _column(node, evaluator, scope, facts)
    if callee.startswith("django.db.models."):
        return _django_field(node, callee.rsplit(".", 1)[-1], evaluator, facts)
    return None


def _django_field(
    node: ast.Call, name: str, evaluator: Evaluator, facts: ProjectFacts
) -> Value | None:
    """``models.IntegerField(null=True)``: the field's value, or None too when nullable.
    A ``UUIDField`` whose default is ``uuid.uuid4`` holds a random id (safe); any other
    holds a UUID of unknown safety (``uuid5`` of a name is a hash of it). A relation
    holds an object of the model it names."""
    keywords = {k.arg: k.value for k in node.keywords if k.arg}
    value: Value | None
    if name == "UUIDField":
        default = keywords.get("default")
        random = default is not None and evaluator.scopes.resolve(
            default, evaluator.scopes.module
        ) == "uuid.uuid4"
        value = Value(Kind.OBJECT, Safety.SAFE, _UUID) if random else instance_of(_UUID)
    elif name in _DJANGO_RELATIONS:
        target = node.args[0] if node.args else keywords.get("to")
        cls = _class_named(target, evaluator, facts) if target is not None else None
        value = facts.instance(cls) if cls is not None else None
    else:
        value = DJANGO_FIELDS.get(name)
    if value is None:
        return None
    nullable = keywords.get("null")
    if isinstance(nullable, ast.Constant) and nullable.value is True:
        return join(value, NONE)
    return value


def _column(node: ast.Call, evaluator: Evaluator, scope: Scope, facts: ProjectFacts) -> Value:
    """``Column("name", Integer, ForeignKey(...), nullable=False)``: its type's value,
    or None too unless it is a primary key or declared not nullable."""
    arguments = list(node.args)
    if arguments and isinstance(arguments[0], ast.Constant) and isinstance(
        arguments[0].value, str
    ):
        arguments = arguments[1:]  # the column's name
    typed = next((k.value for k in node.keywords if k.arg == "type_"), None)
    typed = typed or (arguments[0] if arguments else None)
    value = _column_type(typed, evaluator, scope, facts) if typed is not None else UNKNOWN
    never_none = any(
        isinstance(k.value, ast.Constant)
        and (k.arg, k.value.value) in (("primary_key", True), ("nullable", False))
        for k in node.keywords
    )
    return value if never_none else join(value, NONE)


def _column_type(
    node: ast.expr, evaluator: Evaluator, scope: Scope, facts: ProjectFacts
) -> Value:
    call = node if isinstance(node, ast.Call) else None
    named = call.func if call is not None else node
    qualname = evaluator.scopes.resolve(named, scope) or ""
    name = qualname.rsplit(".", 1)[-1]
    if not qualname.startswith("sqlalchemy.") and not (
        isinstance(named, ast.Attribute)
        and _flask_sqlalchemy(named, evaluator, scope, named.attr)
    ):
        return UNKNOWN
    if isinstance(named, ast.Attribute) and not qualname:
        name = named.attr
    if name == "Enum" and call is not None and call.args:
        # ``Enum(Status)``: the members of a Python enum.
        cls = _class_named(call.args[0], evaluator, facts)
        return facts.instance(cls) if cls is not None and facts.is_enum(cls) else UNKNOWN_TEXT
    return COLUMN_TYPES.get(name, UNKNOWN)


def _class_named(node: ast.expr, evaluator: Evaluator, facts: ProjectFacts) -> str | None:
    """The qualified name of the class ``node`` names in the evaluator's module (imported
    or defined there), or None."""
    cls = evaluator.scopes.resolve(node, evaluator.scopes.module)
    if cls is None and isinstance(node, ast.Name):
        cls = f"{evaluator.scopes.module_name}.{node.id}"
    symbol = facts.symbol(cls) if cls is not None else None
    return symbol.qualname if symbol is not None else None


def _flask_sqlalchemy(func: ast.expr, evaluator: Evaluator, scope: Scope, attribute: str) -> bool:
    """``db.Column`` / ``db.Integer`` where ``db`` is Flask-SQLAlchemy's extension object,
    which re-exports SQLAlchemy's names as attributes."""
    if not isinstance(func, ast.Attribute) or func.attr != attribute:
        return False
    made_by = evaluator.scopes.resolve(func.value, scope)  # ``db = SQLAlchemy()`` here
    for _ in range(4):  # ``from app.extensions import db``: where that module made it
        if made_by is None or made_by.startswith("flask_sqlalchemy."):
            break
        module, _, name = made_by.rpartition(".")
        there = evaluator.facts.evaluator(module) if module else None
        if there is None:
            break
        made_by = there.scopes.resolve(ast.Name(id=name, ctx=ast.Load()), there.scopes.module)
    if made_by is not None and made_by.startswith("flask_sqlalchemy."):
        return True
    owner = evaluator.value(func.value, {}, scope)  # the environment says what it is
    return any(cls.startswith("flask_sqlalchemy.") for cls in owner.classes)

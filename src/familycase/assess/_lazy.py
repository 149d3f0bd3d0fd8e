"""Output models whose costly fields are built when first read.

An ``Assessment`` holds texts in three languages, a reason per rule, a duty board with
the nearest misses of every duty that is not triggered, and summaries of the persons and
of who is responsible. Most callers read a few of them;
``evaluate`` therefore leaves those fields *pending*: each is built on first read, by
attribute or by any serialisation (``model_dump``, ``model_dump_json``, a ``TypeAdapter``
over a containing type, FastAPI), by equality, iteration, copying and pickling. The JSON
and every value read are the same as if they had been built at once.

A pending model is made by ``LazyModel.pending(values, later, fill, parts)``: ``values``
are the fields built now; ``fill()`` returns those named in ``later``. ``parts`` (optional)
gives some of the ``later`` fields a fill of their own, so that reading one of them builds
only it (and the fields its fill builds with it), not the costly rest: an assessment's
summaries of the persons are cheap beside its duty board. Anything else (another pending
field, serialising, equality, copying, pickling) builds every field still pending. Models
made by validation (``model_validate``, the constructor) are complete and never pending.

``trusted(cls, values)`` makes a complete output model of values familycase built itself
from validated parts, without validating them again (validation would only copy them).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer
from pydantic.fields import FieldInfo

#: Fills are rare and short: one lock for all (reentrant, as one fill may read another
#: pending model: an unclear duty's questions are the questions' texts).
_LOCK = threading.RLock()
_Fill = Callable[[], dict[str, Any]]
_PENDING = "__familycase_fill__"


_DEFAULTED: dict[type[BaseModel], list[tuple[str, FieldInfo]]] = {}
_NAMES: dict[type[BaseModel], tuple[str, ...]] = {}
#: Each class's fields, for the fields set of a pending instance that sets all of them.
_ALL: dict[type[BaseModel], frozenset[str]] = {}
_M = TypeVar("_M", bound=BaseModel)

# A model instance's four slots, set directly: ``pending`` makes one instance per
# suggestion and question of every evaluation, and ``object.__setattr__`` looks each name
# up again on every call.
_new = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def _defaulted(cls: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """The fields of ``cls`` that have a default (looked up once per class)."""
    found = _DEFAULTED.get(cls)
    if found is None:
        found = _DEFAULTED[cls] = [
            (name, info) for name, info in cls.__pydantic_fields__.items() if not info.is_required()
        ]
    return found


def trusted(cls: type[_M], values: dict[str, Any]) -> _M:
    """An instance of ``cls`` holding ``values`` as they are: not validated, so only for
    values familycase's own code built from validated parts, of the fields' types, each
    list and dict made for this instance (validation would copy them). The instance is the
    one the constructor would make of them: the same fields in the same order, the fields
    not given at their defaults, the fields set those given. ``values`` becomes the
    instance's ``__dict__`` when it names every field in order (else it is copied)."""
    names = _NAMES.get(cls)
    if names is None:
        if cls.__private_attributes__ or cls.model_config.get("extra") == "allow":
            raise TypeError(f"{cls.__name__}: only models without private or extra fields")
        names = _NAMES[cls] = tuple(cls.__pydantic_fields__)
    data = values
    if tuple(values) != names:
        unknown = values.keys() - cls.__pydantic_fields__.keys()
        if unknown:
            raise TypeError(f"{cls.__name__} has no field {sorted(unknown)[0]!r}")
        data = {}
        for name, info in cls.__pydantic_fields__.items():
            if name in values:
                data[name] = values[name]
            elif info.is_required():
                raise TypeError(f"{cls.__name__} needs its field {name!r}")
            else:
                data[name] = info.get_default(call_default_factory=True)
    made = cls.__new__(cls)
    object.__setattr__(made, "__dict__", data)
    object.__setattr__(made, "__pydantic_fields_set__", set(values))
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made


class LazyModel(BaseModel):
    """A frozen output model whose pending fields are built on first use."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def pending(
        cls,
        values: dict[str, Any],
        later: tuple[str, ...],
        fill: _Fill,
        parts: Mapping[str, _Fill] | None = None,
    ) -> Any:
        """An instance holding ``values`` now (trusted: not validated) and the fields named
        in ``later`` when ``fill()`` has given them. Other fields take their defaults. The
        fields set are those of ``values`` and ``later``, as for a constructor given them.
        ``values`` and ``later`` name distinct fields of ``cls``; ``values`` becomes the
        instance's ``__dict__`` (not copied: one is made per instance by the caller).

        ``parts`` maps fields of ``later`` to fills of their own: such a fill returns that
        field (and possibly others of ``parts``, which then share the fill), and ``fill()``
        returns the fields of ``later`` that are not in ``parts``."""
        every = _ALL.get(cls)
        if every is None:
            every = _ALL[cls] = frozenset(cls.__pydantic_fields__)
        if len(values) + len(later) < len(every):  # some field is left out: its default
            fields_set = {*values, *later}
            for name, info in _defaulted(cls):
                if name not in fields_set:
                    values[name] = info.get_default(call_default_factory=True)
        else:
            fields_set = set(every)
        values[_PENDING] = (fill, parts) if parts else fill
        made = _new(cls)
        _set_dict(made, values)
        _set_fields_set(made, fields_set)
        _set_extra(made, None)
        _set_private(made, None)
        return made

    def _fill(self, name: str | None = None) -> None:
        """Build the pending fields now (nothing if none are pending): only the part
        ``name`` belongs to if it is one that can be built alone, else all of them."""
        if _PENDING not in self.__dict__:
            return
        with _LOCK:
            data = self.__dict__
            fill = data.get(_PENDING)
            if fill is None:
                return  # another thread filled it meanwhile
            if fill.__class__ is tuple:  # (the fill of the rest, the parts' fills)
                rest, parts = fill
                part = parts.get(name) if name is not None else None
                if part is not None:
                    if name not in data:  # else another thread built it meanwhile
                        grown = dict(data)  # swapped in at once, as below
                        for built, value in part().items():
                            grown.setdefault(built, value)
                        object.__setattr__(self, "__dict__", grown)
                    return
                values = rest()
                for built, part in parts.items():
                    if built not in data and built not in values:  # a shared fill: once
                        values.update(part())
            else:
                values = fill()
            # in the fields' order, as validation would have put them; swapped in at once,
            # so that a reader never sees a field missing
            ordered = {
                name: data[name] if name in data else values[name]
                for name in type(self).__pydantic_fields__
            }
            object.__setattr__(self, "__dict__", ordered)

    if not TYPE_CHECKING:  # for mypy, attributes are the declared fields only

        def __getattr__(self, name: str) -> Any:
            if _PENDING in self.__dict__ and name in type(self).__pydantic_fields__:
                self._fill(name)
                return self.__dict__[name]
            return super().__getattr__(name)

    # no return type: with one, pydantic would publish that type as the model's schema
    @model_serializer(mode="wrap")
    def _serialise(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        if _PENDING in self.__dict__:
            self._fill()
        return handler(self)

    def __eq__(self, other: object) -> bool:
        self._fill()
        if isinstance(other, LazyModel):
            other._fill()
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # lists inside: as pydantic's frozen models

    def __iter__(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        self._fill()
        return super().__iter__()

    def __getstate__(self) -> dict[Any, Any]:
        self._fill()
        return super().__getstate__()

    def __copy__(self) -> Any:
        self._fill()
        return super().__copy__()

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Any:
        self._fill()
        return super().__deepcopy__(memo)

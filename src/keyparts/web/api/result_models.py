"""Response models derived from the engines' frozen result dataclasses, so that the OpenAPI
schema of a route cannot drift from what the engine's ``to_dict()`` returns.

:func:`result_model` walks a dataclass's typed fields (``typing.get_type_hints``) and maps
each type to its JSON form: floats and NumPy arrays (a vectorised engine's batch answer) to
``float | list[float]``, tuples to lists, nested result dataclasses to their own derived
model, ``Any`` to any JSON. Fields that ``to_dict()`` leaves out (``repr=False`` internals,
or named in ``drop``) are not in the model; keys that ``to_dict()`` adds beyond the fields
are named in ``add`` with their type. ``tests/web/test_engineering_api.py`` checks, for every
model here, that its fields are exactly the keys of an engine result's ``to_dict()``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, Union, get_args, get_origin

import numpy as np
from pydantic import BaseModel, ConfigDict, create_model

_MODELS: dict[tuple, type[BaseModel]] = {}


def _json_type(t: Any, nullable_floats: bool) -> Any:
    """The JSON-side type of a dataclass field type."""
    if t is Any or t is object:
        return Any
    if t is float:
        return float | None if nullable_floats else float
    if t in (int, str, bool, type(None)):
        return t
    if t is np.ndarray or get_origin(t) is np.ndarray:
        return list[float]
    origin, args = get_origin(t), get_args(t)
    if origin in (Union, types.UnionType):
        mapped = tuple(dict.fromkeys(_json_type(a, nullable_floats) for a in args))
        out = mapped[0]
        for m in mapped[1:]:
            out = out | m if not (m is Any or out is Any) else Any
        return out
    if origin is typing.Literal:
        return t
    if origin in (tuple, list, set, frozenset):
        inner = [a for a in args if a is not Ellipsis]
        return list[_json_type(inner[0], nullable_floats)] if inner else list[Any]
    if origin is dict:
        return dict[_json_type(args[0], False), _json_type(args[1], nullable_floats)] if args else dict[str, Any]
    if dataclasses.is_dataclass(t):
        return result_model(t, nullable_floats=nullable_floats)
    return Any


def result_model(cls: type, *, name: str | None = None, drop: tuple[str, ...] = (),
                 rename: dict[str, str] | None = None, add: dict[str, Any] | None = None,
                 nullable_floats: bool = False, optional: tuple[str, ...] = (),
                 base: type[BaseModel] | None = None) -> type[BaseModel]:
    """A pydantic model of ``cls().to_dict()`` built from the dataclass ``cls``'s fields.

    ``drop``: fields ``to_dict()`` leaves out; ``rename``: field -> key where ``to_dict()``
    names it otherwise; ``add``: keys ``to_dict()`` adds (name -> type); ``nullable_floats``:
    every float may be null (engines write a non-finite value as null); ``optional``: fields
    that may be null or absent (a variant of the result that has no such value). Cached.
    """
    key = (cls, name, drop, tuple(sorted((rename or {}).items())), tuple((add or {}).items()), nullable_floats,
           optional, base)
    if key in _MODELS:
        return _MODELS[key]
    hints = typing.get_type_hints(cls)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if not f.repr or f.name in drop or f.name.startswith("_"):
            continue
        t = _json_type(hints[f.name], nullable_floats)
        if f.name in optional:
            t = t | None
        may_be_none = type(None) in get_args(t) or t is Any
        fields[(rename or {}).get(f.name, f.name)] = (t, None if may_be_none else ...)
    for k, t in (add or {}).items():
        fields[k] = (t, None if (type(None) in get_args(t) or t is Any) else ...)
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    model = create_model(name or f"{cls.__name__}Out", __base__=base or BaseModel, __doc__=doc or None, **fields)
    _MODELS[key] = model
    return model


class Open(BaseModel):
    """A result that may carry keys beyond its declared ones (a fit's method-specific
    extras such as rank regression's ``rho``)."""

    model_config = ConfigDict(extra="allow")

"""Reading one JSON object per line, the format of comity's data files and inputs."""

from __future__ import annotations

import json
from typing import Any


def json_object(line: str) -> dict[str, Any]:
    """Parse one line as a JSON object; ValueError says, in a few words, why it is not one."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(value, dict):
        raise ValueError(f"not a JSON object but {json_type_name(value)}")
    return value


_JSON_TYPE_NAMES: dict[type, str] = {
    type(None): "null",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "an object",
}


def json_type_name(value: object) -> str:
    """The JSON name of a decoded value's type: "a number", "an array", "null" ..."""
    return _JSON_TYPE_NAMES.get(type(value), "a value")

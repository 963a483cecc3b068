"""`rasa …` with one speed-up of Rasa 3.6 applied; `bot/stack.py` starts the server so.

Rasa checks every answer of the action server with `jsonschema.validate(answer, spec)`,
which first validates the spec itself against its meta-schema, on every call. That was
most of the time a turn with a custom action costs Rasa beyond one without (py-spy, see
docs/benchmarks.md). Here the validator is built, and the spec checked, once; answers are
checked against the same spec as before and a bad answer fails as before.
"""

import sys
from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction


@lru_cache(maxsize=1)
def _answer_validator() -> Any:
    spec = RemoteAction.action_response_format_spec()
    validator_class = validator_for(spec)
    validator_class.check_schema(spec)
    return validator_class(spec)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _answer_validator().validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            "from the Action endpoint is valid."
        )
        raise
    return True


def apply() -> None:
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


def main() -> None:
    apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()

"""What every record shares: ids, non-empty texts, and `Record`, which refuses unknown keys and hidden characters."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StringConstraints,
    field_validator,
)

from kb.text import check_text, not_blank

ID_PATTERN = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*(?:/[a-z0-9]+(?:[-.][a-z0-9]+)*)*$"
ID_RE = re.compile(ID_PATTERN)
MAX_ID_LENGTH = 120

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(not_blank)]
Ref = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ID_LENGTH)]


class Record(BaseModel):
    """Common configuration: unknown keys are errors, so typos are caught; hidden characters too."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_hidden_characters(cls, value: Any) -> Any:
        """No text of a record may hold a bidirectional or other control character (`kb.text`)."""
        return check_text(value)

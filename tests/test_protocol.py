"""grader.protocol: what the parent and the job agree on, across the process boundary."""
from __future__ import annotations

import json

import pytest

from grader.protocol import JobRequest


def test_a_job_request_travels_as_json_and_comes_back_the_same():
    request = JobRequest(memory_bytes=4 << 30, cwd="/tmp/grader-x", keep=("/tmp/venv",), lock_down=False)
    assert JobRequest.from_message(json.loads(json.dumps(request.to_message()))) == request


@pytest.mark.parametrize("message", [{}, [1], "x", {"memory_bytes": "4G", "cwd": "/x"},
                                     {"memory_bytes": 1, "cwd": "/x", "keep": [3]},
                                     {"memory_bytes": 1, "cwd": "/x", "shell": "rm -rf /"}])
def test_a_message_of_another_shape_is_refused(message):
    with pytest.raises((TypeError, ValueError)):
        JobRequest.from_message(message)

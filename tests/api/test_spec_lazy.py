"""The API's JSON schemas are written when the OpenAPI document is first asked for, not when a
process starts (decision 0080): validation uses the model classes, only the document reads
the schemas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

SCRIPT = """
import json, sys
from kenme import create_app
from kenme.api.spec import spec
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "TESTING": True,
                  "SECRET_KEY": "test-secret-key-that-is-long-enough-123456"})
before = len(spec.models)
document = app.test_client().get("/api/v1/openapi.json").get_json()
print(json.dumps({"before": before, "after": len(spec.models),
                  "schemas": len(document["components"]["schemas"])}))
"""


def test_starting_the_app_writes_no_json_schema_until_the_document_is_asked_for(tmp_path):
    # A fresh interpreter: in this one other tests may have asked for the document already.
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", SCRIPT, f"sqlite:///{tmp_path / 'spec.sqlite3'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert counts["before"] == 0
    assert counts["after"] > 40  # every request and response model, added on the first ask
    assert counts["schemas"] >= counts["after"]


def test_requests_are_validated_whether_or_not_the_document_was_written(api_as, member):
    # Validation reads the model classes, not the schemas: a body without its field is our 400
    # before the document is written (in a fresh process) and after it.
    from kenme.api.spec import spec

    api = api_as(member)
    refused = api.post("/privacy/scan", {})
    assert refused.status_code == 400
    assert refused.json["error"]["code"] == "validation_error"
    assert spec.spec["components"]["schemas"]["ScanIn"]
    assert api.post("/privacy/scan", {}).status_code == 400

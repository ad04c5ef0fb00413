"""A CRM API on 127.0.0.1 for the CRM sync tests: it takes HubSpot's contacts and companies
batch-update and Salesforce's sObject collections update (Leads, Accounts) as their public
documentation describes them,
refuses any request of another shape (answering 400 and recording why), and can be told to
fail: answer 500, 429 with Retry-After, or be slower than the client's time-out.

Each HubSpot body is also read back through hubspot-api-client's own request model
(BatchInputSimplePublicObjectBatchInput of contacts or companies), so a payload the official
client could not have sent is refused too."""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from hubspot.crm import companies, contacts

HUBSPOT_PATH = "/crm/v3/objects/contacts/batch/update"
HUBSPOT_COMPANIES_PATH = "/crm/v3/objects/companies/batch/update"
SALESFORCE_PATH = re.compile(r"/services/data/v\d+\.\d+/composite/sobjects")
HUBSPOT_LIMIT, SALESFORCE_LIMIT = 100, 200


def hubspot_problems(body: Any, objects: str = "contacts") -> list[str]:
    """What is wrong with a contacts (matched by e-mail) or companies (matched by domain)
    batch-update body (empty when nothing)."""
    if not isinstance(body, dict) or set(body) != {"inputs"}:
        return ["the body must be {'inputs': [...]}"]
    inputs = body["inputs"]
    problems = []
    if not isinstance(inputs, list) or not 1 <= len(inputs) <= HUBSPOT_LIMIT:
        return [f"inputs must hold 1 to {HUBSPOT_LIMIT} items"]
    for item in inputs:
        if set(item) - {"id", "idProperty", "properties", "objectWriteTraceId"}:
            problems.append(f"unknown keys in {item}")
        if objects == "contacts" and (
            item.get("idProperty") != "email" or "@" not in str(item.get("id", ""))
        ):
            problems.append(f"contacts are matched by e-mail: {item}")
        if objects == "companies" and (
            item.get("idProperty") != "domain" or "." not in str(item.get("id", ""))
        ):
            problems.append(f"companies are matched by domain: {item}")
        properties = item.get("properties")
        if not isinstance(properties, dict) or not all(
            isinstance(value, str) for value in properties.values()
        ):
            problems.append(f"property values are text: {item}")
    # HubSpot refuses a batch that names one object twice (ids match in any case)
    ids = [str(item.get("id", "")).lower() for item in inputs]
    if len(set(ids)) < len(ids):
        problems.append(f"a batch names each object once: {sorted(ids)}")
    if not problems:  # the official client's own model takes it
        model = {"contacts": contacts, "companies": companies}[objects]
        model.BatchInputSimplePublicObjectBatchInput(
            inputs=[
                model.SimplePublicObjectBatchInput(
                    id=item["id"], id_property=item["idProperty"], properties=item["properties"]
                )
                for item in inputs
            ]
        )
    return problems


def salesforce_problems(body: Any) -> list[str]:
    if not isinstance(body, dict) or set(body) - {"allOrNone", "records"}:
        return ["the body must be {'allOrNone': bool, 'records': [...]}"]
    records = body.get("records")
    if not isinstance(records, list) or not 1 <= len(records) <= SALESFORCE_LIMIT:
        return [f"records must hold 1 to {SALESFORCE_LIMIT} items"]
    return [
        f"each record needs attributes.type and an id: {record}"
        for record in records
        if not (record.get("attributes", {}).get("type") and record.get("id"))
    ]


class CrmServer:
    def __init__(self, token: str = "secret-token", port: int = 0) -> None:
        self.token = token
        self.requests: list[dict[str, Any]] = []  # every request that got through, in order
        self.problems: list[str] = []
        self.faults: list[tuple[str, float]] = []  # ("500" | "429" | "slow", seconds) next
        self.refuse: set[str] = set()  # record ids the CRM does not know
        self.bare_answers = False  # answer a bare 200, no body, as a minimal endpoint might
        self.records: dict[str, dict[str, Any]] = {}  # the CRM's state: id -> fields
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status: int, body: Any = None, headers: dict | None = None) -> None:
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError):  # the client gave up waiting
                    self.wfile.write(data)

            def _handle(self, method: str) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fault, seconds = server.faults.pop(0) if server.faults else ("", 0)
                if fault not in ("", "slow"):
                    headers = {"Retry-After": str(int(seconds))} if fault == "429" else {}
                    return self._answer(int(fault), {"message": fault}, headers)
                if self.headers.get("Authorization") != f"Bearer {server.token}":
                    server.problems.append(f"auth header {self.headers.get('Authorization')!r}")
                    return self._answer(401, {"message": "unauthorized"})
                if method == "POST" and self.path == HUBSPOT_PATH:
                    problems, answer = hubspot_problems(body), server._hubspot
                elif method == "POST" and self.path == HUBSPOT_COMPANIES_PATH:
                    problems, answer = hubspot_problems(body, "companies"), server._hubspot
                elif method == "PATCH" and SALESFORCE_PATH.fullmatch(self.path):
                    problems, answer = salesforce_problems(body), server._salesforce
                else:
                    problems, answer = [f"no such endpoint: {method} {self.path}"], None
                if problems:
                    server.problems.extend(problems)
                    return self._answer(400, {"message": "; ".join(problems)})
                server.requests.append(
                    {
                        "method": method,
                        "path": self.path,
                        "body": body,
                        "key": self.headers.get("Idempotency-Key"),
                    }
                )
                answered = answer(body)
                time.sleep(seconds)  # "slow": applied, but answered after the client gave up
                self._answer(*((200, None) if server.bare_answers else answered))

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                self._handle("POST")

            def do_PATCH(self) -> None:  # noqa: N802
                self._handle("PATCH")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _hubspot(self, body: dict) -> tuple[int, dict]:
        now = datetime.now(UTC).isoformat()
        results, errors = [], []
        for item in body["inputs"]:
            if item["id"] in self.refuse:
                errors.append(
                    {
                        "status": "error",
                        "category": "OBJECT_NOT_FOUND",
                        "message": "Could not get some CONTACT objects",
                        "context": {"ids": [item["id"]]},
                    }
                )
                continue
            self.records[item["id"]] = item["properties"]
            results.append(
                {
                    "id": str(len(self.records)),
                    "properties": item["properties"],
                    "createdAt": now,
                    "updatedAt": now,
                    "archived": False,
                }
            )
        answer = {"status": "COMPLETE", "results": results, "startedAt": now, "completedAt": now}
        if errors:
            return 207, {**answer, "errors": errors, "numErrors": len(errors)}
        return 200, answer

    def _salesforce(self, body: dict) -> tuple[int, list]:
        results = []
        for record in body["records"]:
            if record["id"] in self.refuse:
                results.append(
                    {
                        "id": record["id"],
                        "success": False,
                        "errors": [{"statusCode": "ENTITY_IS_DELETED", "message": "deleted"}],
                    }
                )
                continue
            self.records[record["id"]] = {k: v for k, v in record.items() if k != "attributes"}
            results.append({"id": record["id"], "success": True, "errors": []})
        return 200, results

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def sent_ids(self) -> list[str]:
        """The record ids of every request that got through, in order."""
        return [
            item["id"]
            for request in self.requests
            for item in request["body"].get("inputs", request["body"].get("records", []))
        ]

    def __enter__(self) -> CrmServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

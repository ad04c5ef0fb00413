"""Sending one batch to the CRM. HubSpot through its official client (hubspot-api-client),
pointed at the configured base URL; Salesforce with a plain HTTPS request, because its
client (simple-salesforce) always builds https://<host> addresses from an instance URL and
cannot be pointed at another base. Both answer with SendError, which says whether the batch
may be tried again and how long the CRM asked to wait (429 with Retry-After)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

import urllib3
from hubspot import HubSpot
from hubspot.crm import companies, contacts

# answers that may succeed when tried again; any other 4xx is the batch's own fault
_RETRYABLE = {408, 409, 425, 429, 500, 502, 503, 504}


class SendError(Exception):
    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass(frozen=True)
class Answer:
    refused: dict[str, str]  # record key -> why the CRM refused that record


def _retry_after(headers: Any) -> float | None:
    value = (headers or {}).get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date: wait as the backoff says


def _http_error(status: int, headers: Any, body: str) -> SendError:
    return SendError(
        f"the CRM answered {status}: {body[:300]}",
        retryable=status in _RETRYABLE,
        retry_after=_retry_after(headers) if status == 429 else None,
    )


def send_hubspot(
    base_url: str, token: str, objects: str, body: dict[str, Any], *, key: str, timeout: float
) -> Answer:
    """One batch update of HubSpot `objects` (contacts or companies)."""
    client = HubSpot(access_token=token, host=base_url.rstrip("/"), retry=False)
    models = {"contacts": contacts, "companies": companies}[objects]
    batch = models.BatchInputSimplePublicObjectBatchInput(
        inputs=[
            models.SimplePublicObjectBatchInput(
                id=item["id"], id_property=item["idProperty"], properties=item["properties"]
            )
            for item in body["inputs"]
        ]
    )
    try:
        # the answer is read here, not by the client's models: a 200 or 207 is all that counts
        response = getattr(client.crm, objects).batch_api.update(
            batch_input_simple_public_object_batch_input=batch,
            _headers={"Idempotency-Key": key},
            _request_timeout=timeout,
            _preload_content=False,
        )
        answer = json.loads(response.data or b"{}")
    except models.ApiException as error:
        raise _http_error(error.status or 0, error.headers, str(error.body or "")) from error
    except (urllib3.exceptions.HTTPError, OSError) as error:
        raise SendError(f"the CRM is unreachable: {error}", retryable=True) from error
    except ValueError:  # an answer that is not JSON: nothing refused that it could name
        answer = {}
    # 207: some inputs refused (e.g. no contact with that e-mail), each error naming them
    refused = {
        str(input_id): error.get("message", "refused")
        for error in (answer.get("errors") or [] if isinstance(answer, dict) else [])
        for input_id in ((error.get("context") or {}).get("ids") or ["?"])
    }
    return Answer(refused)


def send_salesforce(
    base_url: str, path: str, token: str, body: dict[str, Any], *, key: str, timeout: float
) -> Answer:
    request = urllib.request.Request(
        base_url.rstrip("/") + path,
        data=json.dumps(body).encode(),
        method="PATCH",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
    except urllib.error.HTTPError as error:
        body_text = error.read().decode(errors="replace")
        raise _http_error(error.code, error.headers, body_text) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SendError(f"the CRM is unreachable: {error}", retryable=True) from error
    try:
        results = json.loads(text or b"[]")
    except ValueError:  # a 2xx that is not JSON: nothing refused that it could name
        results = []
    # one result per record, in order: {"id", "success", "errors": [{"message", ...}]}
    refused = {}
    for record, result in zip(
        body["records"], results if isinstance(results, list) else [], strict=False
    ):
        if isinstance(result, dict) and not result.get("success", True):
            messages = "; ".join(e.get("message", "") for e in result.get("errors", []))
            refused[record["id"]] = messages or "refused"
    return Answer(refused)


def send(
    crm: Any, base_url: str, token: str, body: dict[str, Any], *, key: str, timeout: float
) -> Answer:
    if crm.name == "hubspot":
        return send_hubspot(base_url, token, crm.objects, body, key=key, timeout=timeout)
    return send_salesforce(base_url, crm.path, token, body, key=key, timeout=timeout)

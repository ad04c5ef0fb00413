"""The two CRM payloads of SPEC §7, as their public batch APIs document them.

- hubspot: `POST {base}/crm/v3/objects/contacts/batch/update`, at most 100 inputs a request,
  each `{"id": <e-mail>, "idProperty": "email", "properties": {...}}`; property values are
  text. Contacts are matched by e-mail, the address as marts.lead_profiles has it (trimmed,
  lower-cased, null unless valid: dbt_project/macros/email_address.sql): a lead without one
  is skipped.
- salesforce: `PATCH {base}/services/data/v<version>/composite/sobjects`, at most 200 records
  a request, each `{"attributes": {"type": "Lead"}, "id": <lead_id>, <field>: <value>}`, with
  `allOrNone` false so that one refused record does not hold back the others.

The score fields are custom properties (HubSpot) or custom fields (Salesforce) the CRM's
administrator creates once; README "CRM sync" lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SALESFORCE_API_VERSION = "62.0"


def score_fields(profile: dict[str, Any]) -> dict[str, Any]:
    """A lead's score fields: whole-point total (halves away from zero, as SQL's round), tier,
    grade, matrix cell, MQL flag and top reasons."""
    return {
        "score": int(Decimal(profile["total_score"]).quantize(Decimal(1), ROUND_HALF_UP)),
        "tier": profile["tier"],
        "grade": profile["grade"],
        "score_matrix": profile["score_matrix"],
        "is_mql": bool(profile["is_mql"]),
        "top_reasons": profile["top_reasons"] or "",
    }


@dataclass(frozen=True)
class HubSpot:
    name = "hubspot"
    batch_size = 100
    method = "POST"
    path = "/crm/v3/objects/contacts/batch/update"
    # score field -> contact property
    properties = {
        "score": "leadscore_score",
        "tier": "leadscore_tier",
        "grade": "leadscore_grade",
        "score_matrix": "leadscore_score_matrix",
        "is_mql": "leadscore_is_mql",
        "top_reasons": "leadscore_top_reasons",
    }

    def record(self, profile: dict[str, Any]) -> dict[str, Any] | None:
        email = profile.get("email")
        if not email:
            return None
        fields = score_fields(profile)
        return {
            "id": email,
            "idProperty": "email",
            "properties": {
                prop: str(fields[field]).lower() if field == "is_mql" else str(fields[field])
                for field, prop in self.properties.items()
            },
        }

    def body(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        return {"inputs": records}


@dataclass(frozen=True)
class Salesforce:
    name = "salesforce"
    batch_size = 200
    method = "PATCH"
    path = f"/services/data/v{SALESFORCE_API_VERSION}/composite/sobjects"
    # score field -> Lead custom field
    fields = {
        "score": "Lead_Score__c",
        "tier": "Lead_Tier__c",
        "grade": "Lead_Grade__c",
        "score_matrix": "Lead_Score_Matrix__c",
        "is_mql": "Is_MQL__c",
        "top_reasons": "Lead_Score_Reasons__c",
    }

    def record(self, profile: dict[str, Any]) -> dict[str, Any] | None:
        fields = score_fields(profile)
        return {
            "attributes": {"type": "Lead"},
            "id": profile["lead_id"],
            **{name: fields[field] for field, name in self.fields.items()},
        }

    def body(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        return {"allOrNone": False, "records": records}


FORMATS = {"hubspot": HubSpot(), "salesforce": Salesforce()}

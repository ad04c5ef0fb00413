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
administrator creates once; README "CRM sync" lists them. With `send_probability` (setting
LEADSCORE_CRM_SEND_PROBABILITY) a record also carries the predictive model's conversion
probability (SPEC §9), to four decimals, empty when no model scores the lead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SALESFORCE_API_VERSION = "62.0"


def score_fields(profile: dict[str, Any], send_probability: bool) -> dict[str, Any]:
    """A lead's score fields: whole-point total (halves away from zero, as SQL's round), tier,
    grade, matrix cell, MQL flag and top reasons; and the conversion probability when asked."""
    fields = {
        "score": int(Decimal(profile["total_score"]).quantize(Decimal(1), ROUND_HALF_UP)),
        "tier": profile["tier"],
        "grade": profile["grade"],
        "score_matrix": profile["score_matrix"],
        "is_mql": bool(profile["is_mql"]),
        "top_reasons": profile["top_reasons"] or "",
    }
    if send_probability:
        probability = profile.get("conversion_probability")
        fields["conversion_probability"] = (
            None if probability is None else round(float(probability), 4)
        )
    return fields


@dataclass(frozen=True)
class HubSpot:
    send_probability: bool = False
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
        "conversion_probability": "leadscore_conversion_probability",
    }

    def record(self, profile: dict[str, Any]) -> dict[str, Any] | None:
        email = profile.get("email")
        if not email:
            return None
        fields = score_fields(profile, self.send_probability)
        return {
            "id": email,
            "idProperty": "email",
            "properties": {
                prop: _property_text(fields[field])
                for field, prop in self.properties.items()
                if field in fields
            },
        }

    def body(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        return {"inputs": records}


@dataclass(frozen=True)
class Salesforce:
    send_probability: bool = False
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
        "conversion_probability": "Lead_Conversion_Probability__c",
    }

    def record(self, profile: dict[str, Any]) -> dict[str, Any] | None:
        fields = score_fields(profile, self.send_probability)
        return {
            "attributes": {"type": "Lead"},
            "id": profile["lead_id"],
            **{name: fields[field] for field, name in self.fields.items() if field in fields},
        }

    def body(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        return {"allOrNone": False, "records": records}


def _property_text(value: Any) -> str:
    """HubSpot's property values are text: booleans lower-case, nothing as empty text."""
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


FORMATS = {"hubspot": HubSpot(), "salesforce": Salesforce()}


def with_probability(crm: Any, send_probability: bool) -> Any:
    return replace(crm, send_probability=send_probability)

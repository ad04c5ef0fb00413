"""The CRM payloads of contract §7 (leads) and §10 (companies), as the public batch APIs document
them.

- hubspot: `POST {base}/crm/v3/objects/contacts/batch/update`, at most 100 inputs a request,
  each `{"id": <e-mail>, "idProperty": "email", "properties": {...}}`; property values are
  text. Contacts are matched by e-mail, the address as marts.lead_profiles has it (trimmed,
  lower-cased, null unless valid: dbt_project/macros/email_address.sql): a lead without one
  is skipped.
- salesforce: `PATCH {base}/services/data/v<version>/composite/sobjects`, at most 200 records
  a request, each `{"attributes": {"type": "Lead"}, "id": <lead_id>, <field>: <value>}`, with
  `allOrNone` false so that one refused record does not hold back the others.

Companies (the primary sheet's accounts, marts.account_profiles): HubSpot companies matched
by `domain` (`POST {base}/crm/v3/objects/companies/batch/update`, 100 a request; an account
without a domain is skipped), Salesforce Accounts by id (the same composite endpoint, 200 a
request), with the account's whole-point score, tier, buying-group coverage and MQA flag.

The score fields are custom properties (HubSpot) or custom fields (Salesforce) the CRM's
administrator creates once; README "CRM sync" lists them. With `send_probability` (setting
LEADSCORE_CRM_SEND_PROBABILITY) a record also carries the predictive model's conversion
probability (contract §9), to four decimals, empty when no model scores the lead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SALESFORCE_API_VERSION = "62.0"


def score_fields(profile: dict[str, Any], send_probability: bool) -> dict[str, Any]:
    """A lead's score fields: whole-point total, tier, grade, matrix cell, MQL flag and top
    reasons; and the conversion probability when asked."""
    fields = {
        "score": whole_points(profile["total_score"]),
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


PROFILES_SQL = (
    "select lead_id, email, total_score, tier, grade, score_matrix, is_mql, top_reasons,"
    " conversion_probability from marts.lead_profiles order by lead_id"
)
ACCOUNTS_SQL = (
    "select account_id, domain, total_score, tier, buying_group_coverage, is_mqa"
    " from marts.account_profiles order by account_id"
)


def whole_points(score: Any) -> int:
    """A score in whole points, halves away from zero, as SQL's round."""
    return int(Decimal(score).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class HubSpot:
    send_probability: bool = False
    name = "hubspot"
    # what a record is made from, and the column that names the record in the sync's queue
    source_sql = PROFILES_SQL
    key_column = "lead_id"
    noun = "lead"
    skip_reason = "no valid e-mail"
    batch_size = 100
    method = "POST"
    objects = "contacts"
    path = f"/crm/v3/objects/{objects}/batch/update"
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
    source_sql = PROFILES_SQL
    key_column = "lead_id"
    noun = "lead"
    skip_reason = ""
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


def account_fields(account: dict[str, Any]) -> dict[str, Any]:
    """An account's score fields: whole-point total, tier, buying-group coverage (0 to 1, none
    on a sheet without roles) and MQA flag."""
    coverage = account["buying_group_coverage"]
    return {
        "score": whole_points(account["total_score"]),
        "tier": account["tier"],
        "buying_group_coverage": None if coverage is None else float(coverage),
        "is_mqa": bool(account["is_mqa"]),
    }


@dataclass(frozen=True)
class HubSpotCompanies:
    name = "hubspot"
    source_sql = ACCOUNTS_SQL
    key_column = "account_id"
    noun = "account"
    skip_reason = "no domain"
    batch_size = 100
    method = "POST"
    objects = "companies"
    path = f"/crm/v3/objects/{objects}/batch/update"
    # score field -> company property
    properties = {
        "score": "leadscore_account_score",
        "tier": "leadscore_account_tier",
        "buying_group_coverage": "leadscore_buying_group_coverage",
        "is_mqa": "leadscore_is_mqa",
    }

    def record(self, account: dict[str, Any]) -> dict[str, Any] | None:
        if not account.get("domain"):
            return None
        fields = account_fields(account)
        return {
            "id": account["domain"],
            "idProperty": "domain",
            "properties": {
                prop: _property_text(fields[field]) for field, prop in self.properties.items()
            },
        }

    def body(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        return {"inputs": records}


@dataclass(frozen=True)
class SalesforceAccounts:
    name = "salesforce"
    source_sql = ACCOUNTS_SQL
    key_column = "account_id"
    noun = "account"
    skip_reason = ""
    batch_size = 200
    method = "PATCH"
    path = f"/services/data/v{SALESFORCE_API_VERSION}/composite/sobjects"
    # score field -> Account custom field
    fields = {
        "score": "Account_Score__c",
        "tier": "Account_Tier__c",
        "buying_group_coverage": "Buying_Group_Coverage__c",
        "is_mqa": "Is_MQA__c",
    }

    def record(self, account: dict[str, Any]) -> dict[str, Any] | None:
        fields = account_fields(account)
        return {
            "attributes": {"type": "Account"},
            "id": account["account_id"],
            **{name: fields[field] for field, name in self.fields.items()},
        }

    def body(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        return {"allOrNone": False, "records": records}


FORMATS = {"hubspot": HubSpot(), "salesforce": Salesforce()}
COMPANY_FORMATS = {"hubspot": HubSpotCompanies(), "salesforce": SalesforceAccounts()}


def with_probability(crm: Any, send_probability: bool) -> Any:
    return replace(crm, send_probability=send_probability)

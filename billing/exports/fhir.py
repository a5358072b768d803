"""A claim (and optionally its signed note) as a FHIR R4B collection Bundle.

R4B, not fhir.resources' default R5: the US payer APIs (CARIN Blue Button, Da Vinci) are on R4/R4B, and
R4B's Claim/ChargeItem/DocumentReference match R4. The bundle is built as plain dicts (fast, JSON-ready)
and `validate_bundle` runs it through the fhir.resources R4B pydantic models, which check structure,
cardinality and primitive formats — not terminology bindings, so the codes here are chosen with care.

Identifiers are uuid5 values derived from the claim id, so exporting the same claim twice gives the
same bundle (idempotent re-sends, stable test fixtures).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import uuid
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from billing.exports.npi import is_valid_npi
from billing.exports.types import (
    Address,
    ClaimExportError,
    ClaimForExport,
    PersonName,
)

CPT_SYSTEM = "http://www.ama-assn.org/go/cpt"
HCPCS_SYSTEM = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
ICD10CM_SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"
NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi"
EIN_SYSTEM = "urn:oid:2.16.840.1.113883.4.4"
NUCC_SYSTEM = "http://nucc.org/provider-taxonomy"
LOINC_SYSTEM = "http://loinc.org"
# CMS place of service code set, as used by CARIN Blue Button (verify against the IG in use).
POS_SYSTEM = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"
CLAIM_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/claim-type"
CARE_TEAM_ROLE_SYSTEM = "http://terminology.hl7.org/CodeSystem/claimcareteamrole"
PRIORITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/processpriority"
DIAGNOSIS_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/ex-diagnosistype"
ORG_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/organization-type"
IDENTIFIER_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0203"
RELATIONSHIP_SYSTEM = "http://terminology.hl7.org/CodeSystem/subscriber-relationship"

# LOINC document types for the progress note by discipline. VERIFY against loinc.org before production:
# 11508-9 Physical therapy Progress note, 11507-1 Occupational therapy Progress note,
# 11512-1 Speech therapy Progress note (as given in billing-rules.md, not yet checked at the source).
NOTE_LOINC: dict[str, tuple[str, str]] = {
    "pt": ("11508-9", "Physical therapy Progress note"),
    "ot": ("11507-1", "Occupational therapy Progress note"),
    "slp": ("11512-1", "Speech therapy Progress note"),
}
# LOINC section codes for SOAP sections. VERIFY: 61150-9 Subjective, 61149-1 Objective,
# 51848-0 Evaluation note (assessment), 18776-5 Plan of care note.
SECTION_LOINC: dict[str, tuple[str, str]] = {
    "subjective": ("61150-9", "Subjective"),
    "objective": ("61149-1", "Objective"),
    "assessment": ("51848-0", "Assessment"),
    "plan": ("18776-5", "Plan"),
}
_GENDER = {"F": "female", "M": "male", "U": "unknown"}
_CENT = Decimal("0.01")
_NS = uuid.UUID("6f1c2f0e-6a4b-5d0e-9c57-5a1f3c2b7e10")


class FhirValidationError(ValueError):
    """The bundle does not conform to the FHIR R4B models (or has a dangling internal reference)."""


def _money(value: Decimal) -> dict[str, Any]:
    return {"value": float(value.quantize(_CENT, rounding=ROUND_HALF_UP)), "currency": "USD"}


def _human_name(name: PersonName) -> dict[str, Any]:
    given = [g for g in (name.first, name.middle) if g]
    out: dict[str, Any] = {"family": name.last, "given": given}
    if name.suffix:
        out["suffix"] = [name.suffix]
    return out


def _address(addr: Address) -> dict[str, Any]:
    digits = "".join(ch for ch in addr.postal_code if ch.isdigit())
    postal = f"{digits[:5]}-{digits[5:]}" if len(digits) == 9 else addr.postal_code
    return {
        "line": [ln for ln in (addr.line1, addr.line2) if ln],
        "city": addr.city,
        "state": addr.state,
        "postalCode": postal,
        "country": addr.country,
    }


def _npi_identifier(npi: str, who: str) -> dict[str, str]:
    if not is_valid_npi(npi):
        raise ClaimExportError(f"{who}: NPI {npi!r} is not a valid NPI")
    return {"system": NPI_SYSTEM, "value": npi}


def _icd10_dotted(code: str) -> str:
    """ICD-10-CM in FHIR keeps the dot (M17.11), unlike the 837P."""
    c = code.replace(".", "").strip().upper()
    return c if len(c) <= 3 else f"{c[:3]}.{c[3:]}"


def _modifier_coding(mod: str) -> dict[str, str]:
    # Numeric modifiers (59, 25) are CPT's; letters (GP, CQ, KX, XU) are HCPCS Level II.
    system = CPT_SYSTEM if mod.isdigit() else HCPCS_SYSTEM
    return {"system": system, "code": mod}


def _narrative(paragraphs: Sequence[str]) -> dict[str, str]:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) or "<p>(none documented)</p>"
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def _note_sections(note: Mapping[str, Any]) -> dict[str, list[str]]:
    """SOAP section name -> statement texts; accepts the draft contract's whole object or its `note`."""
    inner = note.get("note", note)
    sections = inner.get("sections", {}) if isinstance(inner, Mapping) else {}
    if not isinstance(sections, Mapping):
        raise ClaimExportError("note.sections must be an object of SOAP sections")
    out: dict[str, list[str]] = {}
    for name, items in sections.items():
        texts: list[str] = []
        for item in items if isinstance(items, list) else [items]:
            text = item.get("text", "") if isinstance(item, Mapping) else str(item)
            if text:
                texts.append(str(text))
        out[str(name)] = texts
    return out


def claim_bundle(
    claim: ClaimForExport,
    note: Mapping[str, Any] | None = None,
    *,
    created: dt.datetime | None = None,
) -> dict[str, Any]:
    """A collection Bundle: Patient, Practitioners, Organizations, Coverage, Claim, one ChargeItem per line,
    and with `note` a Composition (SOAP sections as narrative) and a DocumentReference to it.

    `note` is a draft-contract object (`{"note": {"sections": ...}}`) or just `{"sections": ...}`; an
    optional `"status": "signed"` makes the Composition final. `created` defaults to the date of service.
    """
    if not claim.lines:
        raise ClaimExportError(f"claim {claim.claim_id}: no service lines")
    if not claim.diagnoses:
        raise ClaimExportError(f"claim {claim.claim_id}: at least one diagnosis is required")

    def urn(kind: str) -> str:
        return f"urn:uuid:{uuid.uuid5(_NS, f'{claim.claim_id}/{kind}')}"

    when = created or dt.datetime.combine(claim.date_of_service, dt.time(12, 0), tzinfo=dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    dos = claim.date_of_service.isoformat()
    entries: list[dict[str, Any]] = []

    def add(full_url: str, resource: dict[str, Any]) -> dict[str, str]:
        resource["id"] = full_url.rsplit(":", 1)[1]
        entries.append({"fullUrl": full_url, "resource": resource})
        return {"reference": full_url}

    pt = claim.patient
    patient_ref = add(
        urn("patient"),
        {
            "resourceType": "Patient",
            "identifier": [
                {
                    "type": {"coding": [{"system": IDENTIFIER_TYPE_SYSTEM, "code": "MB"}]},
                    "system": f"urn:x-payer:{claim.payer.payer_id}:member",
                    "value": pt.member_id,
                }
            ],
            "name": [_human_name(pt.name)],
            "gender": _GENDER[pt.sex],
            "birthDate": pt.birth_date.isoformat(),
            "address": [_address(pt.address)],
        },
    )
    bp = claim.billing_provider
    org_ref = add(
        urn("billing-provider"),
        {
            "resourceType": "Organization",
            "identifier": [
                _npi_identifier(bp.npi, "billing provider"),
                {"system": EIN_SYSTEM, "value": bp.tax_id},
            ],
            "active": True,
            "type": [{"coding": [{"system": ORG_TYPE_SYSTEM, "code": "prov"}]}],
            "name": bp.org_name,
            "address": [_address(bp.address)],
        },
    )
    payer_ref = add(
        urn("payer"),
        {
            "resourceType": "Organization",
            "identifier": [{"system": "urn:x-payer-id", "value": claim.payer.payer_id}],
            "active": True,
            "type": [{"coding": [{"system": ORG_TYPE_SYSTEM, "code": "pay"}]}],
            "name": claim.payer.name,
        },
    )
    coverage_ref = add(
        urn("coverage"),
        {
            "resourceType": "Coverage",
            "status": "active",
            "subscriberId": pt.member_id,
            "beneficiary": patient_ref,
            "relationship": {"coding": [{"system": RELATIONSHIP_SYSTEM, "code": "self"}]},
            "payor": [payer_ref],
        },
    )

    care_team: list[dict[str, Any]] = []

    def practitioner(
        kind: str, name: PersonName, npi: str, taxonomy: str, credentials: str
    ) -> dict[str, str]:
        res: dict[str, Any] = {
            "resourceType": "Practitioner",
            "identifier": [_npi_identifier(npi, kind)],
            "active": True,
            "name": [_human_name(name)],
        }
        if taxonomy or credentials:
            code: dict[str, Any] = {"text": credentials or taxonomy}
            if taxonomy:
                code["coding"] = [{"system": NUCC_SYSTEM, "code": taxonomy}]
            res["qualification"] = [{"code": code}]
        return add(urn(kind), res)

    def team(ref: dict[str, str], role: str, text: str, responsible: bool, taxonomy: str = "") -> int:
        member: dict[str, Any] = {
            "sequence": len(care_team) + 1,
            "provider": ref,
            "responsible": responsible,
            "role": {"coding": [{"system": CARE_TEAM_ROLE_SYSTEM, "code": role}], "text": text},
        }
        if taxonomy:
            member["qualification"] = {"coding": [{"system": NUCC_SYSTEM, "code": taxonomy}]}
        care_team.append(member)
        return int(member["sequence"])

    rp = claim.rendering_provider
    rendering_ref = practitioner("rendering", rp.name, rp.npi, rp.taxonomy, rp.credentials)
    sp = claim.supervising_provider
    # With a supervisor, the rendering clinician is an assistant or clinical fellow: "assist", and the
    # supervising therapist is the responsible party. Without one, the clinician is "primary".
    service_team = [
        team(
            rendering_ref,
            "assist" if sp else "primary",
            "rendering (assistant)" if sp else "rendering",
            responsible=sp is None,
            taxonomy=rp.taxonomy,
        )
    ]
    supervisor_ref: dict[str, str] | None = None
    if sp is not None:
        supervisor_ref = practitioner("supervising", sp.name, sp.npi, sp.taxonomy, sp.credentials)
        service_team.append(team(supervisor_ref, "supervisor", "supervising", True, sp.taxonomy))
    if claim.referring_provider is not None:
        ref = claim.referring_provider
        referring_ref = practitioner("referring", ref.name, ref.npi, "", "")
        team(referring_ref, "other", "referring / certifying physician", False)

    diagnoses = [
        {
            "sequence": i,
            "diagnosisCodeableConcept": {"coding": [{"system": ICD10CM_SYSTEM, "code": _icd10_dotted(code)}]},
            "type": [
                {"coding": [{"system": DIAGNOSIS_TYPE_SYSTEM, "code": "principal" if i == 1 else "clinical"}]}
            ],
        }
        for i, code in enumerate(claim.diagnoses, start=1)
    ]
    pos = {"coding": [{"system": POS_SYSTEM, "code": claim.place_of_service}]}
    items: list[dict[str, Any]] = []
    charge_refs: list[dict[str, str]] = []
    for n, line in enumerate(claim.lines, start=1):
        if line.units <= 0:
            raise ClaimExportError(f"claim {claim.claim_id} line {n}: units must be positive")
        for p in line.diagnosis_pointers:
            if not 1 <= p <= len(claim.diagnoses):
                raise ClaimExportError(f"claim {claim.claim_id} line {n}: diagnosis pointer {p} out of range")
        served = (line.date_of_service or claim.date_of_service).isoformat()
        product = {"coding": [{"system": CPT_SYSTEM, "code": line.cpt}]}
        item: dict[str, Any] = {
            "sequence": n,
            "careTeamSequence": service_team,
            "diagnosisSequence": list(line.diagnosis_pointers),
            "productOrService": product,
            "servicedDate": served,
            "locationCodeableConcept": pos,
            "quantity": {"value": line.units},
            "unitPrice": _money(line.charge / line.units),
            "net": _money(line.charge),
        }
        if line.modifiers:
            item["modifier"] = [{"coding": [_modifier_coding(m)]} for m in line.modifiers]
        items.append(item)
        performers = [{"actor": rendering_ref}] + ([{"actor": supervisor_ref}] if supervisor_ref else [])
        charge_refs.append(
            add(
                urn(f"charge/{n}"),
                {
                    "resourceType": "ChargeItem",
                    "status": "billable",
                    # ChargeItem has no modifier element in R4B; the claim item carries them.
                    "code": {**product, "text": " ".join([line.cpt, *line.modifiers])},
                    "subject": patient_ref,
                    "occurrenceDateTime": served,
                    "performer": performers,
                    "performingOrganization": org_ref,
                    "quantity": {"value": line.units},
                    "priceOverride": _money(line.charge),
                    "reason": [
                        {
                            "coding": [
                                {"system": ICD10CM_SYSTEM, "code": _icd10_dotted(claim.diagnoses[p - 1])}
                            ]
                        }
                        for p in line.diagnosis_pointers
                    ],
                },
            )
        )

    claim_resource: dict[str, Any] = {
        "resourceType": "Claim",
        "identifier": [{"system": "urn:x-rehab-scribe:claim", "value": claim.claim_id}],
        "status": "active",
        "type": {"coding": [{"system": CLAIM_TYPE_SYSTEM, "code": "professional"}]},
        "use": "claim",
        "patient": patient_ref,
        "billablePeriod": {"start": dos, "end": dos},
        "created": when.isoformat(),
        "insurer": payer_ref,
        "provider": org_ref,
        "priority": {"coding": [{"system": PRIORITY_SYSTEM, "code": "normal"}]},
        "careTeam": care_team,
        "diagnosis": diagnoses,
        "insurance": [{"sequence": 1, "focal": True, "coverage": coverage_ref}],
        "item": items,
        "total": _money(claim.total_charge),
    }
    if claim.prior_authorization:
        claim_resource["insurance"][0]["preAuthRef"] = [claim.prior_authorization]
    add(urn("claim"), claim_resource)

    if note is not None:
        _add_note(claim, note, when, add, urn, patient_ref, rendering_ref, supervisor_ref, org_ref)

    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(_NS, f"{claim.claim_id}/bundle")),
        "type": "collection",
        "timestamp": when.isoformat(),
        "entry": entries,
    }


def _add_note(
    claim: ClaimForExport,
    note: Mapping[str, Any],
    when: dt.datetime,
    add: Any,
    urn: Any,
    patient_ref: dict[str, str],
    rendering_ref: dict[str, str],
    supervisor_ref: dict[str, str] | None,
    org_ref: dict[str, str],
) -> None:
    discipline = str(note.get("discipline") or claim.discipline)
    if discipline not in NOTE_LOINC:
        raise ClaimExportError(f"unknown discipline {discipline!r} for the note")
    loinc, title = NOTE_LOINC[discipline]
    doc_type = {"coding": [{"system": LOINC_SYSTEM, "code": loinc, "display": title}]}
    signed = str(note.get("status", "")).lower() in ("signed", "final", "cosigned")
    sections = _note_sections(note)
    authors = [rendering_ref] + ([supervisor_ref] if supervisor_ref else [])
    comp_sections: list[dict[str, Any]] = []
    text_lines: list[str] = []
    for name, texts in sections.items():
        code, display = SECTION_LOINC.get(name, ("", name.title()))
        section: dict[str, Any] = {"title": display, "text": _narrative(texts)}
        if code:
            section["code"] = {"coding": [{"system": LOINC_SYSTEM, "code": code, "display": display}]}
        comp_sections.append(section)
        text_lines.append(f"{display.upper()}:")
        text_lines.extend(f"  {t}" for t in texts)
    composition_ref = add(
        urn("composition"),
        {
            "resourceType": "Composition",
            "status": "final" if signed else "preliminary",
            "type": doc_type,
            "subject": patient_ref,
            "date": when.isoformat(),
            "author": authors,
            "title": f"{title}, {claim.date_of_service.isoformat()}",
            "custodian": org_ref,
            "event": [{"period": {"start": claim.date_of_service.isoformat()}}],
            "section": comp_sections,
        },
    )
    body = "\n".join(text_lines).encode("utf-8")
    add(
        urn("document-reference"),
        {
            "resourceType": "DocumentReference",
            "status": "current",
            "docStatus": "final" if signed else "preliminary",
            "type": doc_type,
            "subject": patient_ref,
            "date": when.isoformat(),
            "author": authors,
            "custodian": org_ref,
            "description": f"{title} supporting claim {claim.claim_id}",
            "content": [
                {
                    "attachment": {
                        "contentType": "text/plain; charset=utf-8",
                        "data": base64.b64encode(body).decode("ascii"),
                        "url": composition_ref["reference"],
                        "title": title,
                        "creation": when.isoformat(),
                    }
                }
            ],
            "context": {"period": {"start": claim.date_of_service.isoformat()}},
        },
    )


def _references(node: Any) -> list[str]:
    found: list[str] = []
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, Mapping):
            ref = cur.get("reference")
            if isinstance(ref, str):
                found.append(ref)
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)
    return found


def validate_bundle(d: Mapping[str, Any]) -> None:
    """Raise FhirValidationError unless `d` parses as an R4B Bundle whose urn:uuid references resolve.

    The R4B models check required elements, cardinality, primitive formats and unknown keys; the
    reference check catches a resource dropped from the bundle that another one still points at.
    """
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    if not isinstance(d, Mapping) or d.get("resourceType") != "Bundle":
        raise FhirValidationError("not a Bundle: resourceType must be 'Bundle'")
    try:
        Bundle.model_validate(dict(d))
    except ValidationError as exc:
        raise FhirValidationError(f"invalid R4B Bundle: {exc}") from exc
    except (KeyError, ValueError, TypeError) as exc:  # fhir_core raises KeyError for an unknown resourceType
        raise FhirValidationError(f"invalid R4B Bundle: {type(exc).__name__}: {exc}") from exc
    full_urls = {e.get("fullUrl") for e in d.get("entry", []) if isinstance(e, Mapping)}
    dangling = sorted(
        {r for r in _references(d.get("entry", [])) if r.startswith("urn:uuid:") and r not in full_urls}
    )
    if dangling:
        raise FhirValidationError(f"references to resources not in the bundle: {', '.join(dangling)}")

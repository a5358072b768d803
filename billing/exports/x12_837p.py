"""ANSI X12 837P (005010X222A1) professional claims, written by hand and checked with pyx12.

No maintained Python library builds 837P files, and the subset a therapy practice needs is small: one
billing provider loop per practice, one subscriber loop per patient (the patient is the subscriber), one
CLM per visit. The writer is a list of segments joined once, so 10,000 claims take well under a second.

Separators: element '*', component ':', repetition '^', segment '~' (one segment per line for
readability; pyx12 and clearinghouses accept the newline after the terminator).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from billing.exports.npi import is_valid_npi
from billing.exports.types import (
    Address,
    BillingProvider,
    ClaimExportError,
    ClaimForExport,
    Patient,
    PersonName,
)

ELEMENT = "*"
COMPONENT = ":"
REPETITION = "^"
TERMINATOR = "~"
VERSION = "005010X222A1"

MAX_MODIFIERS = 4
MAX_POINTERS = 4
MAX_DIAGNOSES = 12
MAX_LINES = 50

_UNSAFE = re.compile(r"[*:~^\r\n\t]+")
_SPACES = re.compile(r" {2,}")
_CENT = Decimal("0.01")
_OBJECT_REPR = re.compile(r'"<[^>]*object at 0x[0-9a-f]+>"')


def _text(value: str, max_len: int | None = None) -> str:
    """Upper-case free text with the separators removed, so a name can never break the file's structure."""
    out = _SPACES.sub(" ", _UNSAFE.sub(" ", value)).strip().upper()
    return out[:max_len] if max_len else out


def _amount(value: Decimal) -> str:
    """Dollars as X12 'R' values: two decimals, no sign for positives ('90.00')."""
    q = Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)
    if q < 0:
        raise ClaimExportError(f"negative amount {value}")
    return f"{q:.2f}"


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _icd10(code: str) -> str:
    """ICD-10-CM as it goes in HI: upper case, no dot."""
    out = code.replace(".", "").strip().upper()
    if not re.fullmatch(r"[A-Z][0-9][0-9A-Z]{1,5}", out):
        raise ClaimExportError(f"{code!r} does not look like an ICD-10-CM code")
    return out


def _d8(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _check_npi(npi: str, who: str) -> str:
    if not is_valid_npi(npi):
        raise ClaimExportError(f"{who}: NPI {npi!r} is not a valid NPI (10 digits, Luhn check with 80840)")
    return npi


class _SegmentWriter:
    """Collects segments; trailing empty elements are dropped, as the X12 syntax requires."""

    __slots__ = ("segments",)

    def __init__(self) -> None:
        self.segments: list[str] = []

    def add(self, *elements: str) -> None:
        els = list(elements)
        while els and els[-1] == "":
            els.pop()
        self.segments.append(ELEMENT.join(els) + TERMINATOR)

    def __len__(self) -> int:
        return len(self.segments)


def _name_segments(w: _SegmentWriter, entity: str, name: PersonName, id_qual: str, ident: str) -> None:
    w.add(
        "NM1",
        entity,
        "1",
        _text(name.last, 60),
        _text(name.first, 35),
        _text(name.middle, 25),
        "",
        _text(name.suffix, 10),
        id_qual,
        ident,
    )


def _address_segments(w: _SegmentWriter, addr: Address, *, nine_digit_zip: bool = False) -> None:
    if addr.line2:
        w.add("N3", _text(addr.line1, 55), _text(addr.line2, 55))
    else:
        w.add("N3", _text(addr.line1, 55))
    zip_code = _digits(addr.postal_code)
    if len(zip_code) not in (5, 9) or (nine_digit_zip and len(zip_code) != 9):
        need = "9 digits" if nine_digit_zip else "5 or 9 digits"
        raise ClaimExportError(f"postal code {addr.postal_code!r} must be {need}")
    country = "" if addr.country in ("", "US", "USA") else addr.country
    w.add("N4", _text(addr.city, 30), _text(addr.state, 2), zip_code, country)


def _billing_provider(w: _SegmentWriter, hl: int, bp: BillingProvider) -> None:
    w.add("HL", str(hl), "", "20", "1")
    if bp.taxonomy:
        w.add("PRV", "BI", "PXC", _text(bp.taxonomy))
    w.add(
        "NM1", "85", "2", _text(bp.org_name, 60), "", "", "", "", "XX", _check_npi(bp.npi, "billing provider")
    )
    _address_segments(w, bp.address, nine_digit_zip=True)
    ein = _digits(bp.tax_id)
    if len(ein) != 9:
        raise ClaimExportError(f"billing provider tax id {bp.tax_id!r} must be 9 digits (EIN)")
    w.add("REF", "EI", ein)


def _subscriber(w: _SegmentWriter, hl: int, parent: int, claim: ClaimForExport) -> None:
    pt: Patient = claim.patient
    w.add("HL", str(hl), str(parent), "22", "0")
    # SBR02 18 = the patient is the subscriber; SBR09 is the payer's claim filing indicator.
    w.add("SBR", "P", "18", _text(pt.group_number, 50), "", "", "", "", "", claim.payer.claim_filing_code)
    if not pt.member_id:
        raise ClaimExportError(f"claim {claim.claim_id}: the patient has no member id")
    _name_segments(w, "IL", pt.name, "MI", _text(pt.member_id, 80))
    _address_segments(w, pt.address)
    w.add("DMG", "D8", _d8(pt.birth_date), pt.sex)
    w.add(
        "NM1", "PR", "2", _text(claim.payer.name, 60), "", "", "", "", "PI", _text(claim.payer.payer_id, 80)
    )


def _claim(w: _SegmentWriter, claim: ClaimForExport) -> None:
    if not claim.lines:
        raise ClaimExportError(f"claim {claim.claim_id}: no service lines")
    if len(claim.lines) > MAX_LINES:
        raise ClaimExportError(
            f"claim {claim.claim_id}: {len(claim.lines)} lines; the 837P allows {MAX_LINES}"
        )
    if not claim.diagnoses:
        raise ClaimExportError(f"claim {claim.claim_id}: at least one diagnosis is required")
    if len(claim.diagnoses) > MAX_DIAGNOSES:
        raise ClaimExportError(f"claim {claim.claim_id}: more than {MAX_DIAGNOSES} diagnoses")
    clm01 = _text(claim.claim_id, 38)
    if not clm01:
        raise ClaimExportError("a claim needs a claim id (patient control number)")
    pos = claim.place_of_service
    if not (len(pos) == 2 and pos.isdigit()):
        raise ClaimExportError(f"claim {claim.claim_id}: place of service {pos!r} must be two digits")
    total = sum((ln.charge for ln in claim.lines), Decimal("0"))
    # CLM05: place of service : B (place of service codes for professional services) : 1 (original claim).
    w.add("CLM", clm01, _amount(total), "", "", COMPONENT.join((pos, "B", "1")), "Y", "A", "Y", "Y")
    if claim.prior_authorization:
        w.add("REF", "G1", _text(claim.prior_authorization, 50))
    dx = [_icd10(c) for c in claim.diagnoses]
    hi = [f"ABK{COMPONENT}{dx[0]}"] + [f"ABF{COMPONENT}{c}" for c in dx[1:]]
    w.add("HI", *hi)
    if claim.referring_provider is not None:
        ref = claim.referring_provider
        _name_segments(w, "DN", ref.name, "XX", _check_npi(ref.npi, "referring provider"))
    rp = claim.rendering_provider
    _name_segments(w, "82", rp.name, "XX", _check_npi(rp.npi, "rendering provider"))
    if rp.taxonomy:
        w.add("PRV", "PE", "PXC", _text(rp.taxonomy))
    if claim.supervising_provider is not None:
        sp = claim.supervising_provider
        _name_segments(w, "DQ", sp.name, "XX", _check_npi(sp.npi, "supervising provider"))
    for n, line in enumerate(claim.lines, start=1):
        where = f"claim {claim.claim_id} line {n} ({line.cpt})"
        if len(line.modifiers) > MAX_MODIFIERS:
            raise ClaimExportError(f"{where}: {len(line.modifiers)} modifiers; at most {MAX_MODIFIERS}")
        if not line.diagnosis_pointers or len(line.diagnosis_pointers) > MAX_POINTERS:
            raise ClaimExportError(f"{where}: 1 to {MAX_POINTERS} diagnosis pointers are required")
        for p in line.diagnosis_pointers:
            if not 1 <= p <= len(dx):
                raise ClaimExportError(f"{where}: diagnosis pointer {p} but {len(dx)} diagnoses")
        if line.units <= 0:
            raise ClaimExportError(f"{where}: units must be positive, got {line.units}")
        code = _text(line.cpt)
        if not re.fullmatch(r"[0-9A-Z]{5}", code):
            raise ClaimExportError(f"{where}: {line.cpt!r} is not a CPT/HCPCS code")
        mods = [_text(m) for m in line.modifiers]
        if any(len(m) != 2 for m in mods):
            raise ClaimExportError(f"{where}: modifiers are two characters, got {line.modifiers}")
        w.add("LX", str(n))
        w.add(
            "SV1",
            COMPONENT.join(["HC", code, *mods]),
            _amount(line.charge),
            "UN",
            str(line.units),
            "",
            "",
            COMPONENT.join(str(p) for p in line.diagnosis_pointers),
        )
        w.add("DTP", "472", "D8", _d8(line.date_of_service or claim.date_of_service))


def _isa_id(value: str, what: str) -> str:
    v = _text(value)
    if not v or len(v) > 15:
        raise ClaimExportError(f"{what} {value!r} must be 1 to 15 characters")
    return v


def write_837p(
    batch: Sequence[ClaimForExport],
    *,
    sender_id: str,
    receiver_id: str,
    control_number: int,
    created: dt.datetime,
    receiver_name: str = "CLEARINGHOUSE",
    submitter_name: str | None = None,
    submitter_contact: str | None = None,
    submitter_phone: str | None = None,
    production: bool = False,
) -> str:
    """One interchange (ISA) with one functional group and one 837 transaction holding every claim.

    `control_number` (1..999999999) is used for ISA13, GS06 and BHT03; the caller must not reuse it with
    the same receiver. The submitter defaults to the first claim's billing provider and its contact.
    `production=False` writes ISA15 'T' so a clearinghouse treats the file as a test.
    """
    if not batch:
        raise ClaimExportError("an 837P needs at least one claim")
    if not 0 < control_number < 10**9:
        raise ClaimExportError(f"control number {control_number} must be 1..999999999")
    sender = _isa_id(sender_id, "sender id")
    receiver = _isa_id(receiver_id, "receiver id")
    first_bp = batch[0].billing_provider
    sub_name = _text(submitter_name or first_bp.org_name, 60)
    contact = _text(submitter_contact or first_bp.contact_name or first_bp.org_name, 60)
    phone = _digits(submitter_phone or first_bp.contact_phone)
    if len(phone) != 10:
        raise ClaimExportError("the submitter needs a 10-digit contact phone (1000A PER)")

    ctl9 = f"{control_number:09d}"
    w = _SegmentWriter()
    w.add(
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        "ZZ",
        sender.ljust(15),
        "ZZ",
        receiver.ljust(15),
        created.strftime("%y%m%d"),
        created.strftime("%H%M"),
        REPETITION,
        "00501",
        ctl9,
        "0",
        "P" if production else "T",
        COMPONENT,
    )
    w.add(
        "GS",
        "HC",
        sender,
        receiver,
        _d8(created),
        created.strftime("%H%M"),
        str(control_number),
        "X",
        VERSION,
    )
    st_start = len(w)
    w.add("ST", "837", "0001", VERSION)
    # BHT06 CH: chargeable (fee-for-service) claims.
    w.add("BHT", "0019", "00", str(control_number), _d8(created), created.strftime("%H%M"), "CH")
    w.add("NM1", "41", "2", sub_name, "", "", "", "", "46", sender)
    w.add("PER", "IC", contact, "TE", phone)
    w.add("NM1", "40", "2", _text(receiver_name, 60), "", "", "", "", "46", receiver)

    hl = 0
    for bp, claims in _group_by_billing_provider(batch):
        hl += 1
        bp_hl = hl
        _billing_provider(w, bp_hl, bp)
        for claim in claims:
            # One subscriber loop per claim keeps each claim self-contained; payers accept repeats.
            hl += 1
            _subscriber(w, hl, bp_hl, claim)
            _claim(w, claim)
    se_count = len(w) - st_start + 1
    w.add("SE", str(se_count), "0001")
    w.add("GE", "1", str(control_number))
    w.add("IEA", "1", ctl9)
    return "\n".join(w.segments) + "\n"


def _group_by_billing_provider(
    batch: Iterable[ClaimForExport],
) -> list[tuple[BillingProvider, list[ClaimForExport]]]:
    groups: dict[BillingProvider, list[ClaimForExport]] = {}
    for claim in batch:
        groups.setdefault(claim.billing_provider, []).append(claim)
    return list(groups.items())


def validate_837p(text: str) -> tuple[bool, list[str]]:
    """pyx12's verdict on an 837P and its error messages (from its JSON error report and its log).

    pyx12 returns False for any syntax, loop, code-set or count error; the `x12valid` script's exit code
    is not a verdict, so the library function is called directly.
    """
    import logging

    import pyx12.params
    import pyx12.x12n_document

    param = pyx12.params.ParamsBase()  # defaults only: no user config files change the verdict
    fd_json = io.StringIO()
    fd_999 = io.StringIO()
    log_lines: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            log_lines.append(record.getMessage())

    logger = logging.getLogger("pyx12")
    handler = _Collect(level=logging.ERROR)
    logger.addHandler(handler)
    try:
        try:
            ok = bool(
                pyx12.x12n_document.x12n_document(
                    param=param, src_file=io.StringIO(text), fd_997=fd_999, fd_html=None, fd_json=fd_json
                )
            )
        except Exception as exc:  # pyx12 raises on some malformed input instead of reporting it
            return False, [f"pyx12 could not parse the file: {type(exc).__name__}: {exc}"]
    finally:
        logger.removeHandler(handler)
    # The JSON report and the log repeat each other; the log alone speaks when the file is not X12 at all.
    errors = _json_errors(fd_json.getvalue()) or [_OBJECT_REPR.sub("the input", ln) for ln in log_lines]
    if not ok and not errors:
        errors = [f"pyx12 rejected the file; 999: {fd_999.getvalue().strip()}"]
    return ok, errors


def _json_errors(raw: str) -> list[str]:
    if not raw:
        return []
    doc: dict[str, Any] = json.loads(raw)
    out: list[str] = []

    def errs(node: dict[str, Any], where: str) -> None:
        for e in node.get("errors", []):
            val = f" (value {e['err_val']!r})" if e.get("err_val") else ""
            out.append(f"{where}: {e['err_cde']} {e['err_str']}{val}")

    for isa in doc.get("interchanges", []):
        errs(isa, "ISA")
        for gs in isa.get("groups", []):
            errs(gs, "GS")
            for st in gs.get("transactions", []):
                errs(st, "ST")
                for seg in st.get("segments", []):
                    where = f"line {seg.get('cur_line')} {seg.get('seg_id')}"
                    errs(seg, where)
                    for ele in seg.get("elements", []):
                        pos = ele.get("ele_pos")
                        sub = ele.get("subele_pos")
                        errs(ele, f"{where}{pos:02d}" + (f"-{sub}" if sub else "") if pos else where)
    return out

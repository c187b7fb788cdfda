"""A certification decision: its own file kind, apart from the audits it rests on.

``assessments/<kommunkod>-<namn>/<datum>-decision-<n>.yaml``. An audit recommends; a decision,
made by someone outside the audit team, grants, refuses, suspends, withdraws or restores a
certificate (ISO/IEC 17021-1 for the function, ISO/IEC 17024 for persons; DESIGN §6). The
decision names the audits it rests on by path and SHA-256, so that a later change to an audit
is seen.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from lotscert.models.assessment import CatalogRef, Municipality
from lotscert.models.catalog import RecertificationRoute
from lotscert.models.common import Identifier, StrictModel

DecisionSubject = Literal["function", "persons"]
DecisionOutcome = Literal["granted", "refused", "suspended", "withdrawn", "restored"]
DECISION_OUTCOMES: tuple[DecisionOutcome, ...] = (
    "granted",
    "refused",
    "suspended",
    "withdrawn",
    "restored",
)
#: A certificate number as the issuing body writes it: letters, digits and - / . _ (no spaces).
CertificateNumber = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9/._-]*$", min_length=1, max_length=60),
]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class DecisionMaker(StrictModel):
    """The person who took the decision: never a member of the audit team."""

    name: str = Field(min_length=1, description="Namn. / Name.")
    role: str | None = Field(default=None, description="Roll. / Role.")
    organisation: str | None = Field(default=None, description="Organisation.")


class IssuingBody(StrictModel):
    """The certification body that issues the certificate."""

    name: str = Field(min_length=1, description="Certifieringsorganets namn. / The body's name.")
    accreditation: str | None = Field(
        default=None,
        description="Ackreditering, t.ex. 'Swedac ackr. nr 1234'. / Accreditation, if any.",
    )
    address: str | None = Field(default=None, description="Adress. / Address.")


class AuditReference(StrictModel):
    """An audit the decision rests on, by path and digest."""

    path: str = Field(
        min_length=1,
        description="Sökväg till revisionsfilen, relativt beslutsfilens mapp. / Path of the audit "
        "file, relative to the decision file's folder.",
    )
    sha256: Sha256 = Field(
        description="Revisionsfilens SHA-256 när beslutet togs (sha256sum FIL). / The audit "
        "file's SHA-256 when the decision was taken."
    )


class DevelopmentActivity(StrictModel):
    """One piece of continuing professional development (recertification without an exam)."""

    activity: str = Field(min_length=1, description="Vad. / What.")
    date: dt.date = Field(description="Datum. / Date.")
    hours: Decimal = Field(gt=0, description="Timmar. / Hours.")
    ref: str | None = Field(default=None, description="Underlag, t.ex. intyg. / Evidence.")


class PersonCertificate(StrictModel):
    """One person's certificate in a persons decision."""

    person: Identifier = Field(
        description="Personens pseudonyma id i revisionen, t.ex. lots-01. / The person's "
        "pseudonymous id in the audit."
    )
    name: str = Field(
        min_length=1,
        description="Innehavarens namn: krävs, det står på certifikatet (i registret och andra "
        "rapporter visas bara id). / The holder's name: required, it is printed on the "
        "certificate (the register and other reports show only the id).",
    )
    certificate: CertificateNumber = Field(description="Certifikatnummer. / Certificate number.")
    outcome: DecisionOutcome | None = Field(
        default=None,
        description="Utfall för just denna person; annars beslutets. / The outcome for this "
        "person; otherwise the decision's.",
    )
    route: Literal["initial"] | RecertificationRoute = Field(
        default="initial",
        description="initial (första certifiering), exam (förnyelse genom nytt prov) eller "
        "continuing_development (förnyelse genom fortbildning). / How the certificate was earned "
        "or renewed.",
    )
    development: list[DevelopmentActivity] = Field(
        default_factory=list,
        description="Fortbildning (för continuing_development). / Development (for "
        "continuing_development).",
    )
    reason: str | None = Field(default=None, description="Motivering. / Reason.")


class CertificationDecision(StrictModel):
    """A certification decision about a municipality's function or its persons."""

    decision: DecisionSubject = Field(
        description="function (kommunens lotsfunktion) eller persons (personcertifikat). / "
        "function (the municipality's pilot function) or persons (person certificates)."
    )
    catalog: CatalogRef = Field(description="Katalog som id@version. / Catalogue as id@version.")
    municipality: Municipality = Field(description="Kommunen. / The municipality.")
    outcome: DecisionOutcome = Field(
        description="granted (beviljat), refused (avslaget), suspended (tillfälligt indraget), "
        "withdrawn (återkallat) eller restored (återinfört)."
    )
    date: dt.date = Field(
        description="Beslutsdatum; giltigheten räknas härifrån. / Decision date; validity counts "
        "from here."
    )
    decided_by: DecisionMaker = Field(
        description="Beslutsfattaren, som inte får ha ingått i revisionsteamet. / The "
        "decision-maker, who must not have been in the audit team."
    )
    issuer: IssuingBody = Field(description="Certifieringsorganet. / The issuing body.")
    based_on: list[AuditReference] = Field(
        default_factory=list,
        description="Revisioner beslutet vilar på. / Audits the decision rests on.",
    )
    certificate: CertificateNumber | None = Field(
        default=None,
        description="Funktionscertifikatets nummer (decision: function). / The function "
        "certificate's number.",
    )
    scope: list[Identifier] = Field(
        default_factory=list,
        description="Omfattning: förvaltningarnas id (decision: function). / Scope: the "
        "departments' ids.",
    )
    persons: list[PersonCertificate] = Field(
        default_factory=list,
        description="Personcertifikat (decision: persons). / Person certificates.",
    )
    reason: str | None = Field(
        default=None,
        description="Motivering; krävs vid avslag, indragning och återkallelse. / Reason; "
        "required when refusing, suspending or withdrawing.",
    )
    signatory: DecisionMaker | None = Field(
        default=None,
        description="Den som skriver under certifikatet, om inte beslutsfattaren. / Who signs "
        "the certificate, if not the decision-maker.",
    )

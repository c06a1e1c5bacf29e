"""Plain objects describing one flux, independent of Odoo and of XML.

The Odoo side converts its records into these dataclasses, then calls
:func:`flux.check_flux`, :func:`flux.build_flux` / :func:`flux.write_flux` and
:func:`flux.split_flux`. Conventions: dates are :class:`datetime.date`; the timestamp
is a timezone-aware :class:`datetime.datetime`; enumerations are the XSD strings
(``"PAR_ADMISSION"``, ``"EN_PRESENTIEL"``, ``"MENTION_BIEN"``, ``"B2"``,
``"CONGES_VAE"``, ``"CERTIFIE"``, ``"M"``/``"F"``...); ``None`` means "unknown": the
builder then writes ``xsi:nil="true"`` for the fields the dictionary marks
*Obligatoire (sauf nil)* and omits the others. Free strings are trimmed and
collapsed to one line when written.

Tree (XML element in brackets)::

    Flux [flux]
      sender_id [emetteur/idClient], version, action [action], flux_id [idFlux],
      timestamp [horodatage]
      certifier: Certifier [certificateur]
        client_id [idClient], contract_id [idContrat]
        certifications: list[Certification] [certification]
          type [type], code [code], depositor_nature [natureDeposant]
          passages: list[Passage] [passageCertification]
            technical_id [idTechnique], holder: Holder | TrainingFile | NationalId
            [identificationTitulaire], ... (see Passage)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .dictionary import LATEST_VERSION


@dataclass(slots=True)
class Holder:
    """Holder identified by civil status (``titulaire``, bloc 8).

    Attributes:
        birth_name: nomNaissance, birth (patronymic) name, 1-60 characters.
        first_name: prenom1, first given name, 1-60 characters.
        sex: sexe, ``"M"`` or ``"F"``.
        birth_year: anneeNaissance (1900-2099).
        birth_month: moisNaissance (1-12), None = unknown (nil).
        birth_day: jourNaissance (1-31), None = unknown (nil).
        usage_name: nomUsage, usage or married name, None = nil.
        first_name_2, first_name_3: prenom2 / prenom3, omitted when None.
        birth_insee_code: INSEE code of the birth commune (5 characters, ``2A``/``2B``
            for Corsica) or, for people born abroad, the INSEE country code
            ``99xxx``: written in codeInseeNaissance/codeInsee.
        birth_postcode: postcode of the birth commune, used only when
            ``birth_insee_code`` is None (codePostalNaissance/codePostal, nil if
            both are None).
        birth_commune_name: libelleCommuneNaissance, omitted when None.
        birth_country_code: codePaysNaissance; leave None: for a ``99xxx`` INSEE
            code the builder writes its last three digits.
        birth_country_name: libellePaysNaissance, omitted when None.
        nir: optional NIR (13 or 15 characters), never written in this branch; the
            checker compares it with sex, birth year and month.
    """

    birth_name: str
    first_name: str
    sex: str
    birth_year: int
    birth_month: int | None = None
    birth_day: int | None = None
    usage_name: str | None = None
    first_name_2: str | None = None
    first_name_3: str | None = None
    birth_insee_code: str | None = None
    birth_postcode: str | None = None
    birth_commune_name: str | None = None
    birth_country_code: str | None = None
    birth_country_name: str | None = None
    nir: str | None = None

    @property
    def display_name(self) -> str:
        return _display_name(self.birth_name, self.first_name)


@dataclass(slots=True)
class TrainingFile:
    """Holder identified by CPF training file (``dossierFormation``, bloc 9).

    Attributes:
        file_id: idDossier, CPF file number, 1-13 characters.
        last_name: nomTitulaire, holder's name as in the CPF file, 1-30 characters.
        first_name: prenom1Titulaire, 1-20 characters.
    """

    file_id: str
    last_name: str
    first_name: str

    @property
    def display_name(self) -> str:
        return _display_name(self.last_name, self.first_name)


@dataclass(slots=True)
class NationalId:
    """Holder identified by NIR (``identifiantNational``, XSD 1.1.5 only).

    Attributes:
        nir: NIR, 13 characters, or 15 with its key (the key is checked, then
            dropped: the flux carries 13 characters).
        birth_name: nomNaissance, 1-60 characters.
        first_name: not written; used for display and messages only.
        sex, birth_year, birth_month: not written; when given, the checker
            compares them with the NIR.
    """

    nir: str
    birth_name: str
    first_name: str | None = None
    sex: str | None = None
    birth_year: int | None = None
    birth_month: int | None = None

    @property
    def display_name(self) -> str:
        return _display_name(self.birth_name, self.first_name)


Identification = Holder | TrainingFile | NationalId


@dataclass(slots=True)
class DigitalResult:
    """One DigComp competence result (``resultat``, bloc 6).

    Attributes: level (niveau, 1-8), area_id (domaineCompetenceId, "1"-"5"),
    competence_id (competenceId, one character); each omitted when None.
    """

    level: int | None = None
    area_id: str | None = None
    competence_id: str | None = None


@dataclass(slots=True)
class DigitalLevel:
    """European digital level (``niveauNumeriqueEuropeen``, bloc 6).

    Attributes: general_score (scoreGeneral, 1-1000), results (list of
    :class:`DigitalResult`, written in ``resultats`` when not empty).
    """

    general_score: int | None = None
    results: list[DigitalResult] = field(default_factory=list)


@dataclass(slots=True)
class Registration:
    """Registration data (``modalitesInscription``, bloc 7).

    Attributes:
        access_mode: modaliteAcces (``"VAE"``, ``"CANDIDAT_LIBRE"``...), None = nil.
        vae_route: voieAccessVAE (``"CONGES_VAE"``/``"VAE_CLASSIQUE"``), only for VAE.
        initiative: initiativeInscription (``"CERTIFIE"``, ``"OF"``...).
        registration_date: dateInscription.
    """

    access_mode: str | None = None
    vae_route: str | None = None
    initiative: str | None = None
    registration_date: date | None = None


@dataclass(slots=True)
class Passage:
    """One holder having obtained one certification (``passageCertification``).

    Attributes:
        technical_id: idTechnique, unique for every passage of the sender.
        holder: identificationTitulaire, one of :class:`Holder` (titulaire),
            :class:`TrainingFile` (dossierFormation), :class:`NationalId`
            (identifiantNational, 1.1.5 only).
        obtention: obtentionCertification, ``"PAR_ADMISSION"``/``"PAR_SCORING"``.
        certified: donneeCertifiee, True when the result is final.
        validity_start: dateDebutValidite, issue date.
        validity_end: dateFinValidite, None = nil (no end of validity).
        exam_start, exam_end: dateDebutExamen / dateFinExamen, omitted when None.
        exam_mode: modalitePassageExamen (``"A_DISTANCE"``...).
        exam_center_postcode: codePostalCentreExamen.
        proof_url: urlPreuve. option_label: libelleOption. verbatim: verbatim.
        language_level: niveauLangueEuropeen (``"B2"``...); presenceNiveauLangueEuro
            is written True when given, False otherwise.
        digital_level: bloc 6 (:class:`DigitalLevel`); presenceNiveauNumeriqueEuro
            likewise follows it.
        language_level_present, digital_level_present: explicit presence flags;
            leave None to derive them (the checker flags a disagreement).
        scoring: scoring, None = nil. honours: mentionValidee, None = nil.
        registration: bloc 7 (:class:`Registration`); None = nil under 1.1.5
            (mandatory under 1.1.2).
    """

    technical_id: str
    holder: Identification
    obtention: str | None = None
    certified: bool | None = None
    validity_start: date | None = None
    validity_end: date | None = None
    exam_start: date | None = None
    exam_end: date | None = None
    exam_mode: str | None = None
    exam_center_postcode: str | None = None
    proof_url: str | None = None
    option_label: str | None = None
    language_level: str | None = None
    digital_level: DigitalLevel | None = None
    language_level_present: bool | None = None
    digital_level_present: bool | None = None
    scoring: str | None = None
    honours: str | None = None
    registration: Registration | None = None
    verbatim: str | None = None

    @property
    def has_language_level(self) -> bool:
        if self.language_level_present is not None:
            return self.language_level_present
        return self.language_level is not None

    @property
    def has_digital_level(self) -> bool:
        if self.digital_level_present is not None:
            return self.digital_level_present
        return self.digital_level is not None


@dataclass(slots=True)
class Certification:
    """One RNCP/RS certification and its passages (``certification``, bloc 4).

    Attributes: type (``"RNCP"``/``"RS"``), code (``"RNCP12345"``, ``"RS1234"``),
    depositor_nature (natureDeposant, ``"CERTIFICATEUR"``/``"TIERS_CONFIANCE"``,
    omitted when None), passages (at least one).
    """

    type: str
    code: str
    passages: list[Passage] = field(default_factory=list)
    depositor_nature: str | None = None


@dataclass(slots=True)
class Certifier:
    """The certifier (``certificateur``, bloc 3): exactly one per file.

    Attributes: client_id (idClient, 8 characters), contract_id (idContrat,
    1-20 characters), certifications.
    """

    client_id: str
    contract_id: str
    certifications: list[Certification] = field(default_factory=list)


@dataclass(slots=True)
class Flux:
    """One file to deposit.

    Attributes:
        sender_id: emetteur/idClient, 8 characters (the certifier's own client
            number, or the trusted depositor's).
        certifier: the :class:`Certifier`.
        version: target XSD, ``"1.1.5"`` (default) or ``"1.1.2"``.
        action: ``"CREATION"`` (default) or ``"SUPPRESSION"`` (1.1.5 only).
        flux_id: idFlux; None = a fresh UUID4 at each build.
        timestamp: horodatage; None = now. Written in Europe/Paris time.
    """

    sender_id: str
    certifier: Certifier
    version: str = LATEST_VERSION
    action: str = "CREATION"
    flux_id: str | None = None
    timestamp: datetime | None = None

    def iter_passages(self):
        """Yield ``(certification, passage)`` for every passage of the file."""
        for certification in self.certifier.certifications:
            for passage in certification.passages:
                yield certification, passage

    @property
    def passage_count(self) -> int:
        return sum(len(c.passages) for c in self.certifier.certifications)


def _display_name(last_name: str | None, first_name: str | None) -> str:
    """ "NOM Prénom" as shown to users (values that are not texts are left out)."""
    last = " ".join(_shown(last_name).split()).upper()
    first = " ".join(_shown(first_name).split())
    return " ".join(part for part in (last, first) if part)


def _shown(value) -> str:
    return value[:200] if isinstance(value, str) else ""

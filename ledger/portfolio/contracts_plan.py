"""The contract part of a generated agreement: entities, amendments, Customers, Term, provisions.

Shaped like the seed: a customer group of about twenty entities under one holding company, Customers
evidenced by a recital or added by an amendment (some from a date before it, some removed later), a
Term set and extended by amendments, and provisions each amendment adds or amends.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.text import slugify

from contracts.models import (
    Agreement,
    Amendment,
    CustomerMembership,
    EntityName,
    LegalEntity,
    LegalForm,
    Provision,
    ProvisionVersion,
    Signature,
    TermVersion,
)
from ledger.portfolio.plan import Plan, PlanBuilder, recorded_from
from ledger.portfolio.vocabulary import (
    AMENDMENT_SECTIONS,
    BASE_PROVISIONS,
    ORDINALS,
    ROMAN,
    SELLER,
    SIGNATORIES,
    STATES,
    STEMS,
)

CUSTOMERS = 20
ORIGINAL_CUSTOMERS = 4  # evidenced by the first amendment's recital, as in the seed


@dataclass
class Contracts:
    """What the pricing and release parts of the plan build on."""

    agreement: Agreement
    stem: str
    amendments: list[Amendment]
    acting: list[Amendment]  # the amendments whose text is known: only they change anything
    customers: list[LegalEntity]
    provisions: dict[str, Provision] = field(default_factory=dict)


def build_contracts(b: PlanBuilder) -> Contracts:
    rng = b.rng
    stem = rng.choice(STEMS)
    effective = date(1996, 1, 2) + timedelta(days=rng.randint(0, 1400))
    b.plan = Plan(b.index, f"LNM{effective:%y%m%d}MP-{b.tag.upper()}", recorded_from(b.index))
    holding, customers = _entities(b, stem)
    seller = b.seller
    if seller is None:
        raise ValueError("The plan needs the seller entity, saved")
    agreement = b.add(
        "agreements",
        Agreement(
            title="General Agreement",
            contract_number=b.plan.contract_number,
            effective_date=effective,
            seller=seller,
            seller_division=SELLER["division"],
            seller_address=SELLER["address"],
            source=f"generated portfolio, seed {b.seed}",
        ),
    )
    amendments = _amendments(b, agreement, stem)
    acting = [a for a in amendments if a.text_available]
    contracts = Contracts(agreement, stem, amendments, acting, customers)
    _signatures(b, contracts, holding)
    _memberships(b, contracts)
    term_amendments = _term_versions(b, contracts)
    _provisions(b, contracts, term_amendments)
    return contracts


def _entity(b: PlanBuilder, step: str, name: str, **values) -> LegalEntity:
    slug = f"{slugify(name)}-p{b.seed}"
    return b.add(step, LegalEntity(slug=slug, name=name, **values))


def _entities(b: PlanBuilder, stem: str) -> tuple[LegalEntity, list[LegalEntity]]:
    """A holding company and its Customers: "<stem> Telecom of <State> <n>, Inc." and the like."""
    rng = b.rng
    base = b.index * 100
    address = f"{rng.randint(100, 9999)} Route {rng.randint(1, 300)}, Suite {rng.randint(1, 9)}00"
    holding = _entity(b, "entity_parents", f"{stem} Telecom Holdings {base}, Inc.", jurisdiction="Delaware")
    states = rng.sample(STATES, 14)
    customers = []
    for position in range(CUSTOMERS):
        number = base + position + 1
        if position < 14:
            state = states[position]
            name = f"{stem} Telecom of {state} {number}, Inc."
            form = rng.choice([LegalForm.CORPORATION, LegalForm.PUBLIC_SERVICE_COMPANY, ""])
            jurisdiction = state
        elif position < 17:
            name = f"{stem} Telecom Leasing {ROMAN[position - 14]} {number} LLC"
            form, jurisdiction = LegalForm.LLC, "Delaware"
        else:
            name = f"{stem} Telecom {ROMAN[position - 16]} {number}, Inc."
            form, jurisdiction = LegalForm.CORPORATION, "Delaware"
        entity = _entity(
            b,
            "entities",
            name,
            legal_form=form,
            jurisdiction=jurisdiction,
            address=address if b.chance(0.7) else "",
            parent=holding,
            note="" if b.chance(0.8) else f"Named in the subsidiaries list of {holding.name}.",
        )
        customers.append(entity)
        _entity_names(b, entity, stem, number, state=jurisdiction)
    return holding, customers


def _entity_names(b: PlanBuilder, entity: LegalEntity, stem: str, number: int, *, state: str) -> None:
    names = []
    if b.chance(0.4):
        names.append((f"{stem}-{state} {number}", EntityName.Kind.DEFINED_TERM, "Amendment preamble (defined term)"))
    if b.chance(0.12):
        names.append((f"{stem} Services {number} LLC", EntityName.Kind.FORMER, "Subsidiaries list (formerly)"))
    if b.chance(0.1):
        names.append((entity.name.upper().replace(",", ""), EntityName.Kind.VARIANT, "Signature block"))
    for name, kind, source in names:
        b.add("entity_names", EntityName(entity=entity, name=name, kind=kind, source=source))


def _amendments(b: PlanBuilder, agreement: Agreement, stem: str) -> list[Amendment]:
    rng = b.rng
    count = rng.randint(8, 12)
    day = b.days_after(agreement.effective_date, 150, 330)
    amendments = []
    first_known = b.chance(0.5)  # as in the seed, Amendment 1 is often known only from the recitals
    for number in range(1, count + 1):
        known = number > 1 or first_known
        title = (
            f"AMENDMENT NUMBER {ORDINALS[number - 1]} TO THE GENERAL AGREEMENT AMONG {stem.upper()} TELECOM "
            "AND ITS SUBSIDIARIES AND LUCENT TECHNOLOGIES INC."
        )
        recitals = (
            f"WHEREAS, Customer and Seller previously entered into the General Agreement No. "
            f'{agreement.contract_number} effective {agreement.effective_date:%B %d, %Y} (the "General Agreement"); and'
            "\n\nWHEREAS, Customer and Seller desire to amend the General Agreement as set forth below."
        )
        amendment = Amendment(
            agreement=agreement,
            number=number,
            effective_date=day,
            contract_number="" if known else f"LNM{day:%y%m%d}MP",
            exhibit_label=f"EX-10.{6 + number}" if known else "",
            title=title if known else f"Amendment Number {number}",
            text_available=known,
            recitals=recitals if known else "",
            note="" if known else "Known only by reference in the recitals of later amendments.",
            source=f"generated portfolio, seed {b.seed}",
        )
        amendments.append(b.add("amendments", amendment))
        day = b.days_after(day, 60, 240)
    return amendments


def _signatures(b: PlanBuilder, contracts: Contracts, holding: LegalEntity) -> None:
    for amendment in contracts.acting:
        signers = b.rng.sample(contracts.customers, 2) + [contracts.agreement.seller]
        for position, entity in enumerate(signers, start=1):
            signatory, title = b.rng.choice(SIGNATORIES)
            by = f"By: {holding.name}, as Sole Member" if "Leasing" in entity.name else ""
            b.add(
                "signatures",
                Signature(
                    amendment=amendment,
                    position=position,
                    entity=entity,
                    by_as_written=by,
                    signatory=signatory,
                    title=title,
                ),
            )


def _memberships(b: PlanBuilder, contracts: Contracts) -> None:
    """The first few Customers are evidenced by the first known amendment; the others join by amendments."""
    acting = contracts.acting
    for position, entity in enumerate(contracts.customers):
        if position < ORIGINAL_CUSTOMERS:
            membership = CustomerMembership(agreement=contracts.agreement, entity=entity, evidenced_by=acting[0])
        else:
            added_by = acting[min(len(acting) - 1, (position - ORIGINAL_CUSTOMERS) * len(acting) // 16)]
            valid_from = added_by.effective_date
            if b.chance(0.2):  # joined before the amendment that says so
                valid_from = max(
                    contracts.agreement.effective_date, valid_from - timedelta(days=b.rng.randint(30, 120))
                )
            later = [a for a in acting if a.effective_date > valid_from]
            valid_to = later[-1].effective_date - timedelta(days=1) if later and b.chance(0.1) else None
            membership = CustomerMembership(
                agreement=contracts.agreement,
                entity=entity,
                added_by=added_by,
                valid_from=valid_from,
                valid_to=valid_to,
                section="1",
                note="Removed as Customer by a later amendment." if valid_to else "",
            )
        b.add("memberships", membership)


def _term_versions(b: PlanBuilder, contracts: Contracts) -> list[tuple[Amendment, date]]:
    """The first known amendment sets the Term; about every third one after it extends it."""
    expiry = _years_after(contracts.agreement.effective_date, 6)
    setters = [contracts.acting[0]] + [a for a in contracts.acting[1:] if b.chance(0.3)]
    versions = []
    for amendment in setters:
        b.add(
            "term_versions",
            TermVersion(
                agreement=contracts.agreement,
                amendment=amendment,
                section="2",
                provision_section="1.2",
                expiry_date=expiry,
            ),
        )
        versions.append((amendment, expiry))
        expiry = _years_after(expiry, b.rng.randint(1, 3))
    return versions


def _years_after(day: date, years: int) -> date:
    return date(day.year + years, day.month, min(day.day, 28))


def _provisions(b: PlanBuilder, contracts: Contracts, term: list[tuple[Amendment, date]]) -> None:
    agreement = contracts.agreement
    for key, part, section, title in BASE_PROVISIONS:
        contracts.provisions[key] = b.add(
            "provisions", Provision(agreement=agreement, key=key, part=part, section=section, title=title)
        )
    for amendment, expiry in term:
        _version(
            b,
            contracts.provisions["General Agreement 1.2"],
            amendment,
            "2",
            ProvisionVersion.Action.AMEND,
            f"Section 1.2 of the General Agreement is hereby amended to provide that the Term expires on "
            f"{expiry:%B %d, %Y}.",
        )
    for amendment in contracts.acting:
        _version(
            b,
            contracts.provisions["General Agreement SCOPE OF GENERAL AGREEMENT"],
            amendment,
            "1",
            ProvisionVersion.Action.AMEND,
            'The definition of "Customer" contained in the General Agreement is hereby amended to include the '
            "entities named in the preamble of this Amendment.",
        )
    for key, action in (
        ("Appendix A A-1.2", ProvisionVersion.Action.EXTEND),
        ("Appendix A A-1.5", ProvisionVersion.Action.ADD),
        ("Appendix A A-1.23", ProvisionVersion.Action.ADD),
        ("Appendix A A-1.24", ProvisionVersion.Action.ADD),
        ("Appendix A MODIFICATIONS TO APPENDIX A", ProvisionVersion.Action.AMEND),
        ("Appendix A ADDITIONS TO APPENDIX A", ProvisionVersion.Action.EXTEND),
    ):
        amendment = b.rng.choice(contracts.acting)
        _version(b, contracts.provisions[key], amendment, "4", action, f"{key} as set out in this Amendment.")
    for amendment in contracts.acting:
        for number, title in enumerate(b.rng.sample(AMENDMENT_SECTIONS, 2), start=5):
            key = f"Amendment {amendment.number} {number}"
            provision = b.add(
                "provisions",
                Provision(agreement=agreement, key=key, part="Amendment", section=str(number), title=title),
            )
            _version(b, provision, amendment, str(number), ProvisionVersion.Action.ADD, f"{title}. {key} as printed.")


def _version(b: PlanBuilder, provision, amendment, section, action, text, *, valid_from=None) -> None:
    b.add(
        "provision_versions",
        ProvisionVersion(
            provision=provision,
            amendment=amendment,
            amendment_section=section,
            action=action,
            text=text,
            valid_from=valid_from or amendment.effective_date,
        ),
    )


def schedule_provision(b: PlanBuilder, contracts: Contracts, section: str, title: str) -> Provision:
    key = f"Appendix A {section}"
    provision = Provision(agreement=contracts.agreement, key=key, part="Appendix A", section=section, title=title)
    contracts.provisions[key] = b.add("provisions", provision)
    return provision


def table_provision_version(b: PlanBuilder, provision: Provision, amendment, action: str, valid_from: date) -> None:
    _version(
        b, provision, amendment, "4", action, f"{provision.title} as printed in this Amendment.", valid_from=valid_from
    )

"""The contracts part of an agreement data file, written from the database (the inverse of
`contracts.loading_sections`): `source`, `entities`, `agreement` and `amendments`.

Everything a record keeps is written; what the reader derives (a provision's key, a membership's
default start) is written so that reading it back derives the same. Empty text is `null`.
"""

from contracts.citations import document_references
from contracts.models import CustomerMembership, EntityName, LegalEntity, Provision, ProvisionVersion, TermVersion


def text(value):
    return value if value not in ("", None) else None


def with_cites(row, record, agreement):
    """`row` with the record's `cites` (where a document prints it), when it cites one."""
    if record.cited_document_id:
        document = document_references(agreement)[record.cited_document_id]
        row["cites"] = {"document": document, "place": record.cited_place}
    return row


def export(agreement):
    return {
        "source": {
            "file": text(agreement.source),
            "note": text(agreement.source_note),
            "exhibits": [
                {
                    "label": e.get("label"),
                    "sequence": text(e.get("sequence")),
                    "description": text(e.get("description")),
                }
                for e in agreement.source_exhibits
            ],
        },
        "entities": [_entity(entity) for entity in _entities(agreement)],
        "agreement": {
            "title": agreement.title,
            "contract_number": agreement.contract_number,
            "effective_date": agreement.effective_date,
            "seller": agreement.seller.slug,
            "seller_division": text(agreement.seller_division),
            "seller_address": text(agreement.seller_address),
            "customer_term": agreement.customer_term,
            "requires_second_approval": agreement.requires_second_approval,
            "note": text(agreement.note),
        },
        "amendments": [_amendment(amendment) for amendment in agreement.amendments.order_by("number")],
    }


def _entities(agreement):
    """The entities the agreement names, with their corporate families (every ancestor and its subsidiaries)."""
    named = {agreement.seller_id}
    named.update(CustomerMembership.objects.filter(agreement=agreement).values_list("entity_id", flat=True))
    named.update(LegalEntity.objects.filter(signatures__amendment__agreement=agreement).values_list("id", flat=True))
    parents = dict(LegalEntity.objects.values_list("id", "parent_id"))
    roots = set()
    for entity in named:
        while parents.get(entity):
            entity = parents[entity]
        roots.add(entity)
    family, frontier = set(roots), set(roots)
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - family
        family |= frontier
    return LegalEntity.objects.filter(id__in=family).select_related("parent").order_by("slug")


def _entity(entity):
    names = list(EntityName.objects.filter(entity=entity).order_by("name"))
    plain_former = [n for n in names if n.kind == EntityName.Kind.FORMER and not n.source and not n.note]
    return {
        "key": entity.slug,
        "name": entity.name,
        "legal_form": text(entity.legal_form),
        "jurisdiction": text(entity.jurisdiction),
        "address": text(entity.address),
        "parent": entity.parent.slug if entity.parent else None,
        "former_names": [n.name for n in plain_former],
        "aliases": [
            {"name": n.name, "kind": n.kind, "source": text(n.source), "note": text(n.note)}
            for n in names
            if n not in plain_former
        ],
        "note": text(entity.note),
    }


def _amendment(amendment):
    spellings = [line for line in amendment.contract_number_as_written.split("\n") if line]
    recitals = [part for part in amendment.recitals.split("\n\n") if part] if amendment.recitals else []
    return {
        "number": amendment.number,
        "contract_number": text(amendment.contract_number),
        "contract_number_as_written": spellings,
        "effective_date": amendment.effective_date,
        "exhibit_label": text(amendment.exhibit_label),
        "title": text(amendment.title),
        "text_available": amendment.text_available,
        "parties": list(amendment.parties),
        "preamble": text(amendment.preamble),
        "recitals": recitals,
        "testimonium": text(amendment.testimonium),
        "signatures": [_signature(s) for s in amendment.signatures.select_related("entity").order_by("position")],
        "note": text(amendment.note),
        **({"source": amendment.source} if amendment.source != amendment.agreement.source else {}),
        "changes": _changes(amendment),
    }


def _signature(signature):
    return {
        "entity": signature.entity.slug if signature.entity else None,
        "by_as_written": text(signature.by_as_written),
        "signature_as_written": text(signature.signature_as_written),
        "signatory": text(signature.signatory),
        "title": text(signature.title),
        "title_as_written": text(signature.title_as_written),
        "date": signature.date,
        "date_as_written": text(signature.date_as_written),
        "note": text(signature.note),
    }


def _changes(amendment):
    memberships = CustomerMembership.objects.filter(agreement=amendment.agreement).select_related("entity")
    added = memberships.filter(added_by=amendment).order_by("entity__slug")
    confirmed = memberships.filter(added_by=None, evidenced_by=amendment).order_by("entity__slug")
    changes: dict[str, object] = {
        "customers_added": [
            {
                "entity": m.entity.slug,
                "defined_term": text(m.defined_term),
                "section": text(m.section),
                "valid_from": m.valid_from if m.valid_from != amendment.effective_date else None,
                "valid_to": m.valid_to,
                "note": text(m.note),
            }
            for m in added
        ],
        "customers_confirmed": [{"entity": m.entity.slug, "note": text(m.note)} for m in confirmed],
    }
    term = TermVersion.objects.filter(agreement=amendment.agreement, amendment=amendment).first()
    if term is not None:
        changes["term"] = {
            "expiry_date": term.expiry_date,
            "section": text(term.section),
            "provision": text(term.provision_section),
        }
    versions = ProvisionVersion.objects.filter(amendment=amendment).select_related("provision")
    ordered = sorted(versions, key=lambda v: (v.provision.key, v.amendment_section, v.valid_from, v.pk))
    changes["provisions"] = [_provision(version, amendment) for version in ordered]
    return changes


def _provision(version, amendment):
    provision: Provision = version.provision
    row = {
        "key": text(version.key),
        "part": provision.part,
        "section": text(provision.section),
        "title": text(version.title or provision.title),
        "action": version.action,
        "amendment_section": text(version.amendment_section),
        "valid_from": version.valid_from if version.valid_from != amendment.effective_date else None,
        "valid_to": version.valid_to,
        "text": text(version.text),  # empty only for a deletion that quotes nothing
        "note": text(version.note),
    }
    return with_cites(row, version, amendment.agreement)

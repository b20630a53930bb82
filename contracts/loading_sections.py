"""Section loader for the contracts part of an agreement file.

Reads `entities`, `agreement` and `amendments` (signatures, customers, term, provisions); see
`data/README.md` for the format.
"""

from dataclasses import dataclass, field

from contracts.citations import document_named
from contracts.datafile import DataError, DataFileError
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

_ALIAS_KINDS = {"defined_term", "variant", "former"}


@dataclass
class ContractsPlan:
    entities: list = field(default_factory=list)
    names: list = field(default_factory=list)
    agreement: dict = field(default_factory=dict)
    amendments: list = field(default_factory=list)


def read(root):
    plan = ContractsPlan()
    keys = _read_entities(root, plan)
    _read_agreement(root, plan, keys)
    _read_amendments(root, plan, keys)
    return plan


def _read_entities(root, plan):
    keys: dict[str, str] = {}  # entity key -> where the data file first uses it
    nodes = root.items("entities", required=True)
    for node in nodes:
        key = node.text("key", required=True, max_length=80)
        if key in keys:
            node.error(f"duplicate key {key!r} (first used at {keys[key]})", "key")
        keys[key] = node.path
        legal_form = node.text("legal_form")
        if legal_form and legal_form not in LegalForm.values:
            node.error(f"{legal_form!r} is not one of {', '.join(LegalForm.values)}", "legal_form")
        plan.entities.append(
            {
                "path": node.path,
                "slug": key,
                "parent": node.text("parent"),
                "values": {
                    "name": node.text("name", required=True, max_length=200),
                    "legal_form": legal_form,
                    "jurisdiction": node.text("jurisdiction", max_length=80),
                    "address": node.text("address", max_length=300),
                    "note": node.text("note"),
                },
            }
        )
        for former in node.strings("former_names"):
            plan.names.append(
                {
                    "path": f"{node.path}.former_names",
                    "entity": key,
                    "name": former,
                    "kind": "former",
                    "source": "",
                    "note": "",
                }
            )
        for alias in node.items("aliases"):
            if isinstance(alias.value, str):
                name, source, note, kind = alias.value, "", "", "variant"
            else:
                name = alias.text("name", required=True, max_length=200)
                source, note = alias.text("source", max_length=200), alias.text("note")
                kind = alias.text("kind") or "variant"
                if kind not in _ALIAS_KINDS:
                    alias.error(f"{kind!r} is not one of {', '.join(sorted(_ALIAS_KINDS))}", "kind")
            plan.names.append(
                {
                    "path": alias.path,
                    "entity": key,
                    "name": name,
                    "kind": kind,
                    "source": source,
                    "note": note,
                }
            )
    parents = {e["slug"]: e["parent"] for e in plan.entities}
    for entity in plan.entities:
        if entity["parent"] and entity["parent"] not in keys:
            root.errors.append(_unknown(f"{entity['path']}.parent", entity["parent"]))
        seen, current = {entity["slug"]}, parents.get(entity["parent"]) if entity["parent"] else None
        while current:
            if current in seen:
                root.errors.append(DataError(f"{entity['path']}.parent", "parents form a cycle"))
                break
            seen.add(current)
            current = parents.get(current)
    return keys


def _unknown(path, key):
    return DataError(path, f"no entity has the key {key!r}")


def _entity_ref(node, name, keys, required=False):
    key = node.text(name, required=required)
    if key and key not in keys:
        node.error(f"no entity has the key {key!r}", name)
        return ""
    return key


def _read_agreement(root, plan, keys):
    node = root.child("agreement", required=True)
    source = root.child("source")
    plan.agreement = {
        "path": node.path,
        "contract_number": node.text("contract_number", required=True, max_length=40),
        "seller": _entity_ref(node, "seller", keys, required=True),
        "values": {
            "title": node.text("title", required=True, max_length=200),
            "effective_date": node.date("effective_date", required=True),
            "seller_division": node.text("seller_division", max_length=200),
            "seller_address": node.text("seller_address", max_length=300),
            "customer_term": node.text("customer_term", max_length=80) or "Customer",
            "source": source.text("file", max_length=200),
            "source_note": source.text("note"),
            "source_exhibits": [_read_exhibit(exhibit) for exhibit in source.items("exhibits")],
            "note": node.text("note"),
            "requires_second_approval": node.boolean("requires_second_approval"),
        },
    }


def _read_exhibit(node):
    return {
        "label": node.text("label", required=True, max_length=20),
        "sequence": node.text("sequence", max_length=20),
        "description": node.text("description"),
    }


def _parties(node, keys):
    parties = []
    for item in node.items("parties"):
        key = item.value.strip() if isinstance(item.value, str) else ""
        if not key:
            item.error("expected an entity key")
        elif key not in keys:
            item.error(f"no entity has the key {key!r}")
        elif key in parties:
            item.error(f"{key!r} is listed twice")
        else:
            parties.append(key)
    return parties


def _read_amendments(root, plan, keys):
    numbers = set()
    for node in root.items("amendments", required=True):
        number = node.integer("number", required=True, minimum=1)
        if number in numbers:
            node.error(f"amendment {number} appears twice", "number")
        numbers.add(number)
        spellings = []
        for item in node.items("contract_number_as_written"):
            if isinstance(item.value, dict):
                spellings.append(f"{item.text('text')} ({item.text('source')})".replace(" ()", ""))
            else:
                spellings.append(str(item.value))
        recitals = node.strings("recitals")
        amendment = {
            "path": node.path,
            "number": number,
            "values": {
                "contract_number": node.text("contract_number", max_length=40),
                "contract_number_as_written": "\n".join(spellings),
                "effective_date": node.date("effective_date", required=True),
                "exhibit_label": node.text("exhibit_label", max_length=20),
                "title": node.text("title"),
                "text_available": node.boolean("text_available", default=True),
                "parties": _parties(node, keys),
                "preamble": node.text("preamble"),
                "recitals": "\n\n".join(recitals),
                "testimonium": node.text("testimonium"),
                "note": node.text("note"),
                # An executed draft names its signed document; the seed's amendments share the file's.
                "source": node.text("source", max_length=200) or root.child("source").text("file", max_length=200),
            },
            "signatures": [_read_signature(s, keys) for s in node.items("signatures")],
        }
        changes = node.child("changes")
        amendment["customers_added"] = [
            {
                "path": c.path,
                "entity": _entity_ref(c, "entity", keys, required=True),
                "defined_term": c.text("defined_term", max_length=80),
                "section": c.text("section", max_length=40),
                "valid_from": c.date("valid_from"),
                "valid_to": c.date("valid_to"),
                "note": c.text("note"),
            }
            for c in changes.items("customers_added")
        ]
        amendment["customers_confirmed"] = [
            {"path": c.path, "entity": _entity_ref(c, "entity", keys, required=True), "note": c.text("note")}
            for c in changes.items("customers_confirmed")
        ]
        amendment["term"] = None
        if changes.has("term"):
            term = changes.child("term")
            amendment["term"] = {
                "path": term.path,
                "expiry_date": term.date("expiry_date", required=True),
                "section": term.text("section", max_length=40),
                "provision_section": term.text("provision", max_length=40),
            }
        amendment["provisions"] = [_read_provision(p, number) for p in changes.items("provisions")]
        plan.amendments.append(amendment)


def _read_signature(node, keys):
    date_value = node.date("date") if node.has("date") else None
    return {
        "path": node.path,
        "entity": _entity_ref(node, "entity", keys),
        "values": {
            "by_as_written": node.text("by_as_written", max_length=300),
            "signature_as_written": node.text("signature_as_written", max_length=300),
            "signatory": node.text("signatory", max_length=200),
            "title": node.text("title", max_length=200),
            "title_as_written": node.text("title_as_written", max_length=200),
            "date": date_value,
            "date_as_written": node.text("date_as_written", max_length=60),
            "note": node.text("note"),
        },
    }


def _read_provision(node, amendment_number):
    # The file's `key` names this entry (the version) for readers of the file; the provision's key is
    # derived below from its part and section, which is what ties versions across amendments.
    part = node.choice("part", set(Provision.Part.values), required=True)
    section = node.text("section", max_length=40)
    title = node.text("title", max_length=200)
    if not section and not title:
        node.error("a provision needs its section, or a title when the document gives no section", "section")
    # Versions of one provision share a key: replaced by one amendment and extended by the
    # next is one provision. An amendment's own sections are distinct per amendment.
    label = section or title
    key = f"Amendment {amendment_number} {label}" if part == Provision.Part.AMENDMENT else f"{part} {label}"
    action = node.choice("action", set(ProvisionVersion.Action.values), required=True)
    return {
        "path": node.path,
        "key": key[:80],
        "part": part,
        "section": section,
        "title": title,
        "action": action,
        "amendment_section": node.text("amendment_section", max_length=40),
        "entry_key": node.text("key", max_length=80),
        "valid_from": node.date("valid_from"),
        "valid_to": node.date("valid_to"),
        # A deletion ends the provision; it may quote no text.
        "text": node.text("text", required=action != ProvisionVersion.Action.DELETE),
        "note": node.text("note"),
        "cites": read_cites(node),
    }


def read_cites(node):
    """A row's `cites: {document, place}` (where a document prints it), or None."""
    if not node.has("cites"):
        return None
    cites = node.child("cites")
    document = cites.text("document", required=True, max_length=200)
    place = cites.text("place", required=True, max_length=100)
    return {"path": cites.path, "line": cites.line, "document": document, "place": place}


def cited(cites, context):
    """The `cited_document` and `cited_place` of a row: its cite resolved among the agreement's documents."""
    if cites is None:
        return {"cited_document": None, "cited_place": ""}
    document, problem = document_named(context.agreement, cites["document"])
    if document is None:
        raise DataFileError(context.source, [DataError(f"{cites['path']}.document", problem, cites["line"])])
    return {"cited_document": document, "cited_place": cites["place"]}


def load(plan, context):
    for entity in _parents_first(plan.entities):
        parent = context.entities[entity["parent"]] if entity["parent"] else None
        context.entities[entity["slug"]] = context.upsert(
            LegalEntity, {"slug": entity["slug"]}, {**entity["values"], "parent": parent}, entity["path"]
        )
    for name in plan.names:
        context.upsert(
            EntityName,
            {"entity": context.entities[name["entity"]], "name": name["name"]},
            {"kind": name["kind"], "source": name["source"], "note": name["note"]},
            name["path"],
        )
    spec = plan.agreement
    agreement = context.upsert(
        Agreement,
        {"contract_number": spec["contract_number"]},
        {**spec["values"], "seller": context.entities[spec["seller"]]},
        spec["path"],
    )
    context.agreement = agreement
    for spec in plan.amendments:
        context.amendments[spec["number"]] = context.upsert(
            Amendment, {"agreement": agreement, "number": spec["number"]}, spec["values"], spec["path"]
        )
    provisions = {}
    for spec in plan.amendments:
        for item in spec["provisions"]:
            # The first amendment that names a provision gives its title; later ones only add versions.
            if item["key"] not in provisions:
                provisions[item["key"]] = context.upsert(
                    Provision,
                    {"agreement": agreement, "key": item["key"]},
                    {"part": item["part"], "section": item["section"], "title": item["title"]},
                    item["path"],
                )
    for spec in plan.amendments:
        _load_amendment_changes(spec, context, provisions)


def _parents_first(entities):
    """Order entities so each parent is written before its subsidiaries (one history row each)."""
    pending, done, ordered = list(entities), set(), []
    while pending:
        ready = [e for e in pending if not e["parent"] or e["parent"] in done]
        if not ready:
            raise ValueError("entity parents form a cycle: " + ", ".join(e["slug"] for e in pending))
        for entity in ready:
            ordered.append(entity)
            done.add(entity["slug"])
        pending = [e for e in pending if e["slug"] not in done]
    return ordered


def _load_amendment_changes(spec, context, provisions):
    agreement = context.agreement
    amendment = context.amendments[spec["number"]]
    for position, signature in enumerate(spec["signatures"], start=1):
        entity = context.entities.get(signature["entity"]) if signature["entity"] else None
        context.upsert(
            Signature,
            {"amendment": amendment, "position": position},
            {**signature["values"], "entity": entity},
            signature["path"],
        )
    for added in spec["customers_added"]:
        context.upsert(
            CustomerMembership,
            {"agreement": agreement, "entity": context.entities[added["entity"]]},
            {
                "added_by": amendment,
                "evidenced_by": None,
                "defined_term": added["defined_term"],
                "section": added["section"],
                "valid_from": added["valid_from"] or amendment.effective_date,
                "valid_to": added["valid_to"],
                "note": added["note"],
            },
            added["path"],
        )
    for confirmed in spec["customers_confirmed"]:
        context.upsert(
            CustomerMembership,
            {"agreement": agreement, "entity": context.entities[confirmed["entity"]]},
            {"added_by": None, "evidenced_by": amendment, "valid_from": None, "note": confirmed["note"]},
            confirmed["path"],
        )
    if spec["term"]:
        term = spec["term"]
        context.upsert(
            TermVersion,
            {"agreement": agreement, "amendment": amendment},
            {
                "expiry_date": term["expiry_date"],
                "section": term["section"],
                "provision_section": term["provision_section"],
            },
            term["path"],
        )
    for item in spec["provisions"]:
        provision = provisions[item["key"]]
        context.upsert(
            ProvisionVersion,
            {"provision": provision, "amendment": amendment, "amendment_section": item["amendment_section"]},
            {
                "key": item["entry_key"],
                # The provision keeps the first amendment's title; a later one may write it otherwise.
                "title": item["title"] if item["title"] != provision.title else "",
                "action": item["action"],
                "text": item["text"],
                "valid_from": item["valid_from"] or amendment.effective_date,
                "valid_to": item["valid_to"],
                "note": item["note"],
                **cited(item["cites"], context),
            },
            item["path"],
        )


def owned(agreement):
    """The agreement's records this section describes, parents first (see `ledger.loading`).

    Entities are shared by agreements and never removed by a load; their other names are (an
    alias dropped from the file is reported).
    """
    if agreement is None:
        return []
    entities = {agreement.seller_id}
    entities.update(agreement.memberships.values_list("entity_id", flat=True))
    return [
        Amendment.objects.filter(agreement=agreement),
        Provision.objects.filter(agreement=agreement),
        Signature.objects.filter(amendment__agreement=agreement),
        CustomerMembership.objects.filter(agreement=agreement),
        TermVersion.objects.filter(agreement=agreement),
        ProvisionVersion.objects.filter(provision__agreement=agreement),
        EntityName.objects.filter(entity_id__in=entities),
    ]

"""How strong each finding's evidence is, computed from the data, and the rules it must meet.

For every finding: how many sources it cites, how many independent origins they
trace back to (a source that relays a publisher or another source counts as that
origin, so two outlets repeating one ministry count once), their spread by
affiliation, primary versus secondary, and each source's stance. The editor's
confidence level is then checked against that profile.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .citations import cited_keys
from .model import Corpus, Explainer, Finding, Source
from .problems import Problem

EVIDENCE = ["limited", "medium", "robust"]
AGREEMENT = ["low", "medium", "high"]
LEVELS = ["very-low", "low", "medium", "high", "very-high"]
# The level each sum of evidence and agreement steps gives on the scale (IPCC-style: more and
# better evidence that agrees more allows more confidence). A level above or below it needs a
# written justification, shown to readers.
SCALE_BY_SCORE = {0: "low", 1: "medium", 2: "medium", 3: "high", 4: "very-high"}
ROBUST_NEEDS_ORIGINS = 3


def scale_level(evidence: str, agreement: str) -> str:
    return SCALE_BY_SCORE[EVIDENCE.index(evidence) + AGREEMENT.index(agreement)]


@dataclass(frozen=True)
class Circle:
    """A relay that goes round in a circle: `source`'s relay number `index` names `target`, which
    leads back to `source`. `path` is the circle, when it is short enough to print."""

    source: Source
    index: int
    target: str
    path: tuple[str, ...] | None


SHOWN_CIRCLE = 12  # a longer circle is described by its length


class RelayGraph:
    """Every source's origins, traced through `relays` to their ends, and every circle.

    Linear in the graph: Tarjan's strongly connected components, iteratively (no recursion, so a
    chain of any length is fine), then each component's origins as the union of what its members
    relay, in one pass over the components in the order Tarjan finishes them (targets first).
    A source in a circle gets the origins of everything the circle reaches. Origins are kept as
    bit sets over the publishers, so a union costs a few machine words, not a set per source.
    A relay to a source that is not in `sources` (a broken file, reported elsewhere) adds nothing.
    """

    def __init__(self, sources: Mapping[str, Source]):
        bits: dict[str, int] = {}
        self._publishers: list[str] = []

        def bit(publisher: str) -> int:
            if publisher not in bits:
                bits[publisher] = 1 << len(self._publishers)
                self._publishers.append(publisher)
            return bits[publisher]

        edges: dict[str, list[tuple[int, str]]] = {}
        own: dict[str, int] = {}
        for sid, source in sources.items():
            edges[sid] = [
                (k, r.source) for k, r in enumerate(source.relays) if r.source is not None and r.source in sources
            ]
            mask = 0 if source.relays else bit(source.publisher)
            for relay in source.relays:
                if relay.publisher is not None:
                    mask |= bit(relay.publisher)
            own[sid] = mask
        self._component: dict[str, int] = {}
        self._masks: list[int] = []
        self.circles: list[Circle] = []
        for number, members in enumerate(_components(edges)):  # targets before their relayers
            for sid in members:
                self._component[sid] = number
            mask = 0
            for sid in members:
                mask |= own[sid]
                for _, target in edges[sid]:
                    if self._component[target] != number:
                        mask |= self._masks[self._component[target]]
            self._masks.append(mask)
            inside = [(sid, k, t) for sid in members for k, t in edges[sid] if self._component[t] == number]
            for sid, k, target in inside:
                path = _path_back(edges, target, sid, set(members)) if len(members) <= SHOWN_CIRCLE else None
                self.circles.append(Circle(sources[sid], k, target, path))

    def origins(self, source_id: str) -> set[str]:
        """The publishers a source's claim comes from, following `relays` to the end of the chain."""
        mask, found = self._masks[self._component[source_id]], set()
        while mask:
            low = mask & -mask
            found.add(self._publishers[low.bit_length() - 1])
            mask ^= low
        return found


def _components(edges: Mapping[str, list[tuple[int, str]]]) -> list[list[str]]:
    """Strongly connected components (Tarjan), iteratively; each comes after those it reaches."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            children, descended = edges[node], False
            while i < len(children):
                child = children[i][1]
                i += 1
                if child not in index:
                    work.append((node, i))
                    work.append((child, 0))
                    descended = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if descended:
                continue
            if low[node] == index[node]:
                members = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    members.append(top)
                    if top == node:
                        break
                out.append(members)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


def _path_back(edges: Mapping[str, list[tuple[int, str]]], start: str, goal: str, allowed: set[str]) -> tuple[str, ...]:
    """The circle `goal` → `start` → … → `goal`, by the shortest way back inside one (small) component."""
    before: dict[str, str] = {start: start}
    queue = [start]
    for node in queue:
        if node == goal:
            break
        for _, child in edges[node]:
            if child in allowed and child not in before:
                before[child] = node
                queue.append(child)
    back = [goal]
    while back[-1] != start:
        back.append(before[back[-1]])
    return (goal, *reversed(back))


@dataclass
class Profile:
    """A finding's evidence, as counted from the data."""

    sources: list[str]
    origins: list[str]
    source_affiliations: Counter[str] = field(default_factory=Counter)
    origin_affiliations: Counter[str] = field(default_factory=Counter)
    primary: int = 0
    secondary: int = 0
    stances: dict[str, str] = field(default_factory=dict)

    @property
    def single_affiliation(self) -> str | None:
        """The one affiliation every origin shares, if they all share one."""
        return next(iter(self.origin_affiliations)) if len(self.origin_affiliations) == 1 else None

    def with_stance(self, stance: str) -> list[str]:
        return [s for s in self.sources if self.stances[s] == stance]


def profile(finding: Finding, corpus: Corpus, relays: RelayGraph) -> Profile:
    found = _profile(finding, corpus, relays)
    assert found is not None, "a checked corpus names only sources and publishers it has"
    return found


def _profile(finding: Finding, corpus: Corpus, relays: RelayGraph) -> Profile | None:
    """The finding's profile, or None when a source, publisher or affiliation it needs is not in
    `corpus` (checking a corpus whose broken files were left out: those are reported already)."""
    keys: list[str] = []
    for text in [finding.text, *finding.editor_notes]:
        keys += [item.key for item in cited_keys(text) if item.key not in keys]
    all_origins: list[str] = []
    result = Profile(sources=keys, origins=all_origins)
    for key in keys:
        source = corpus.sources.get(key)
        affiliation = _affiliation(corpus, source.publisher) if source else None
        if source is None or affiliation is None:
            return None
        result.source_affiliations[affiliation] += 1
        result.primary += source.primary
        result.secondary += not source.primary
        result.stances[key] = finding.stance(key)
        for origin in sorted(relays.origins(key)):
            if origin not in all_origins:
                origin_affiliation = _affiliation(corpus, origin)
                if origin_affiliation is None:
                    return None
                all_origins.append(origin)
                result.origin_affiliations[origin_affiliation] += 1
    return result


def _affiliation(corpus: Corpus, publisher_id: str) -> str | None:
    publisher = corpus.publishers.get(publisher_id)
    return publisher.affiliation if publisher and publisher.affiliation in corpus.affiliations else None


def integrity_problems(
    corpus: Corpus,
    relays: RelayGraph | None = None,
    of_explainer: Callable[[Explainer, Corpus, RelayGraph], list[Problem]] | None = None,
) -> list[Problem]:
    """Rules about the evidence: relay chains end, stances name cited sources, confidence is earned.

    They run on whatever part of the corpus could be read: a finding whose profile needs a source
    or publisher that is not there (its file is broken, and reported) skips only the rules that
    count origins. `relays`: the corpus's RelayGraph, where the caller has it. `of_explainer`:
    explainer_problems, or where a caller keeps them (IntegrityMemo)."""
    relays = relays or RelayGraph(corpus.sources)
    problems = [_circle_problem(circle) for circle in relays.circles]
    for explainer in corpus.explainers.values():
        problems += (of_explainer or explainer_problems)(explainer, corpus, relays)
    return problems


def explainer_problems(explainer: Explainer, corpus: Corpus, relays: RelayGraph) -> list[Problem]:
    """The rules about one explainer's findings. They read the explainer, the sources its
    findings cite (`explainer_reads`), the publishers and affiliations, and the relays."""
    problems = []
    for finding in explainer.findings:  # its number says where it is in the file
        problems += _finding_problems(explainer, finding.number - 1, finding, corpus, relays)
    return problems


def explainer_reads(explainer: Explainer) -> frozenset[str]:
    """The ids of the sources an explainer's findings cite (in their text or editor notes)."""
    return frozenset(
        item.key for f in explainer.findings for text in [f.text, *f.editor_notes] for item in cited_keys(text)
    )


class IntegrityMemo:
    """What the rules found for each explainer and the relays traced, kept between loads of the
    same folder (`mkdocs serve`): each is found again only when something it reads is not the
    very object it read last time (a loader gives an unchanged file's object again)."""

    def __init__(self) -> None:
        self._relays: tuple[dict[str, Source], RelayGraph] | None = None
        # by explainer id: the explainer, what it read (sources by id, None where missing;
        # publishers; affiliations; relays), and the problems found
        self._found: dict[str, tuple[Explainer, dict[str, Source | None], object, object, RelayGraph, list[Problem]]]
        self._found = {}

    def relays(self, sources: Mapping[str, Source]) -> RelayGraph:
        """The RelayGraph of `sources`: the last one while every source has the same publisher
        and relays as then (what the graph is made from) and there is no circle in it."""
        if self._relays is not None:
            last, graph = self._relays
            if not graph.circles and last.keys() == sources.keys():
                moved = (s for k, s in sources.items() if last[k] is not s)
                if all(s.publisher == last[s.id].publisher and s.relays == last[s.id].relays for s in moved):
                    self._relays = (dict(sources), graph)
                    return graph
        graph = RelayGraph(sources)
        self._relays = (dict(sources), graph)
        return graph

    def problems(self, explainer: Explainer, corpus: Corpus, relays: RelayGraph) -> list[Problem]:
        """explainer_problems, or the last ones found where the explainer read the same objects."""
        kept = self._found.get(explainer.id)
        if (
            kept is not None
            and kept[0] is explainer
            and kept[2] is corpus.publishers
            and kept[3] is corpus.affiliations
            and kept[4] is relays
            and all(corpus.sources.get(k) is s for k, s in kept[1].items())
        ):
            return kept[5]
        found = explainer_problems(explainer, corpus, relays)
        read = {k: corpus.sources.get(k) for k in explainer_reads(explainer)}
        self._found[explainer.id] = (explainer, read, corpus.publishers, corpus.affiliations, relays, found)
        return found


def _circle_problem(circle: Circle) -> Problem:
    source = circle.source.id
    shown = " → ".join(circle.path) if circle.path else f"{source} → {circle.target} → … → {source}"
    return Problem(
        circle.source.doc.mark(("relays", circle.index, "source")),
        f"relays go round in a circle: {shown}",
        "a source relays what it got from elsewhere; break the circle",
    )


def _finding_problems(
    explainer: Explainer, i: int, finding: Finding, corpus: Corpus, relays: RelayGraph
) -> list[Problem]:
    doc, out = explainer.doc, []
    cited = {item.key for text in [finding.text, *finding.editor_notes] for item in cited_keys(text)}
    for key in finding.stances:
        if key not in cited:
            out.append(
                Problem(
                    doc.key_mark(("findings", i, "stances", key)),
                    f"a stance for '{key}', which this finding does not cite",
                    "cite the source in the finding's text, or remove its stance",
                )
            )
    conf = finding.confidence
    if not conf:
        return out
    where = doc.key_mark(("findings", i, "confidence"))
    level, evidence, agreement = conf.level, conf.evidence, conf.agreement
    if level not in LEVELS or evidence not in EVIDENCE or agreement not in AGREEMENT:
        return out  # the schema reports it
    scale = scale_level(evidence, agreement)
    if level != scale and not conf.justification:
        direction = "above" if LEVELS.index(level) > LEVELS.index(scale) else "below"
        out.append(
            Problem(
                where,
                f"confidence '{level}' is {direction} the '{scale}' that {evidence} evidence and {agreement} "
                "agreement give on the scale",
                f"add `justification:` saying why, for readers, or set the level to '{scale}' "
                "(or change evidence or agreement if the sources call for it)",
            )
        )
    if conf.justification:
        return out
    prof = _profile(finding, corpus, relays)
    if prof is None:
        return out
    single = prof.single_affiliation
    if LEVELS.index(level) >= LEVELS.index("high") and single:
        name = corpus.affiliations[single].name
        out.append(
            Problem(
                where,
                f"confidence '{level}' rests on sources of one affiliation ({name})",
                "add `justification:` saying why that is enough, or lower the level",
            )
        )
    if evidence == "robust" and len(prof.origins) < ROBUST_NEEDS_ORIGINS:
        out.append(
            Problem(
                where,
                f"'robust' evidence from {len(prof.origins)} independent origin{'s' if len(prof.origins) != 1 else ''}",
                f"add `justification:`, or call the evidence medium or limited "
                f"(robust needs {ROBUST_NEEDS_ORIGINS} origins without one)",
            )
        )
    if agreement == "high" and prof.with_stance("contradicts"):
        out.append(
            Problem(
                where,
                "'high' agreement although a cited source contradicts the finding",
                "add `justification:`, or lower the agreement",
            )
        )
    return out

"""How strong each finding's evidence is, computed from the data, and the rules it must meet.

For every finding: how many sources it cites, how many independent origins they
trace back to (a source that relays a publisher or another source counts as that
origin, so two outlets repeating one ministry count once), their spread by
affiliation, primary versus secondary, and each source's stance. The editor's
confidence level is then checked against that profile.
"""

from __future__ import annotations

from collections import Counter
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


def origins(source: Source, corpus: Corpus, seen: frozenset[str] = frozenset()) -> set[str]:
    """The publishers a source's claim comes from, following `relays` to the end of the chain."""
    if not source.relays:
        return {source.publisher}
    found: set[str] = set()
    for relay in source.relays:
        if relay.publisher is not None:
            found.add(relay.publisher)
        elif relay.source is not None and relay.source not in seen:
            found |= origins(corpus.sources[relay.source], corpus, seen | {source.id})
    return found


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


def profile(finding: Finding, corpus: Corpus) -> Profile:
    keys: list[str] = []
    for text in [finding.text, *finding.editor_notes]:
        keys += [item.key for item in cited_keys(text) if item.key not in keys]
    all_origins: list[str] = []
    result = Profile(sources=keys, origins=all_origins)
    for key in keys:
        source = corpus.sources[key]
        result.source_affiliations[corpus.publishers[source.publisher].affiliation] += 1
        result.primary += source.primary
        result.secondary += not source.primary
        result.stances[key] = finding.stance(key)
        for origin in sorted(origins(source, corpus)):
            if origin not in all_origins:
                all_origins.append(origin)
                result.origin_affiliations[corpus.publishers[origin].affiliation] += 1
    return result


def integrity_problems(corpus: Corpus) -> list[Problem]:
    """Rules about the evidence: relay chains end, stances name cited sources, confidence is earned."""
    problems = []
    for source in corpus.sources.values():
        problems += _relay_cycle(source, corpus)
    if problems:
        return problems  # profiles cannot be counted through a cycle
    for explainer in corpus.explainers.values():
        for i, finding in enumerate(explainer.findings):
            problems += _finding_problems(explainer, i, finding, corpus)
    return problems


def _relay_cycle(source: Source, corpus: Corpus) -> list[Problem]:
    path, current = [source.id], source
    while True:
        nexts = [r.source for r in current.relays if r.source is not None]
        if not nexts:
            return []
        for nxt in nexts:
            if nxt == source.id:
                chain = " → ".join(path + [nxt])
                index = next(k for k, r in enumerate(source.relays) if r.source is not None)
                return [
                    Problem(
                        source.doc.mark(("relays", index, "source")),
                        f"relays go round in a circle: {chain}",
                        "a source relays what it got from elsewhere; break the circle",
                    )
                ]
        if nexts[0] in path:
            return []  # a circle that does not include this source: reported on its members
        path.append(nexts[0])
        current = corpus.sources[nexts[0]]


def _finding_problems(explainer: Explainer, i: int, finding: Finding, corpus: Corpus) -> list[Problem]:
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
    prof = profile(finding, corpus)
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

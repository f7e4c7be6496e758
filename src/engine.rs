//! Runs rules over a document and weighs the safeguards found nearby.
//!
//! For a clause rule, each trigger match in operative text is a candidate.
//! Its clause (the paragraph that holds it) and unit (the article or section)
//! bound where the rule's `requires` and `unless` patterns, and each
//! mitigation, are looked for. A rule raises at most one finding per clause:
//! a reader wants "Article 20(1) allows real-time collection", once.
//!
//! An absence rule looks at the whole text: if its triggers show the text is
//! the kind it speaks to (it creates offences, say) and none of its `expects`
//! patterns occurs anywhere, it raises one finding with no location.

use crate::document::{Document, Role, UnitKind};
use crate::report::{Finding, Location, Passage, Report, Utf16Index};
use crate::rules::{Effect, Kind, Mitigation, Region, Rule, RuleSet, Scope, Severity};
use crate::matcher::{PatternId, Scan};
use crate::text::Normalized;
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
#[cfg(not(target_arch = "wasm32"))]
use std::collections::HashMap;
use std::fmt::Write;
use std::ops::Range;
use std::sync::Arc;

/// Checks `text` against every rule in `rules`.
pub fn check(text: &str, rules: &RuleSet) -> Report {
    let doc = Document::parse(text);
    let norm = Normalized::new(text, &doc.noise);
    check_parsed(text, &doc, &norm, rules).0
}

/// Checks `text`, split into `doc` and normalised as `norm`; also returns
/// the first matches in the body and in parts that the rules looked up.
pub(crate) fn check_parsed(text: &str, doc: &Document, norm: &Normalized, rules: &RuleSet) -> (Report, FirstMatches) {
    let ctx = Context::new(text, doc, norm, rules, rules.patterns.scan(&norm.text), None);
    let mut findings = ctx.clause_findings_in(rules);
    findings.extend(ctx.absence_findings(rules));
    let known = ctx.into_first_matches().expect("a whole check looks everything up");
    (finish(findings), known)
}

/// A report of `findings`, put in order and with their ids made unique.
pub(crate) fn finish(mut findings: Vec<Finding>) -> Report {
    // A rule raises at most one finding per clause, so no two findings have
    // the same key: the order needs no stable sort (and its buffer).
    findings.sort_unstable_by(report_order);
    make_ids_unique(&mut findings);
    Report::new(findings)
}

/// The order of findings in a report: clause findings in text order, the
/// more severe first at one place, then absence findings.
pub(crate) fn report_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    (a.kind, a.byte_start, std::cmp::Reverse(a.severity), &a.rule).cmp(&(b.kind, b.byte_start, std::cmp::Reverse(b.severity), &b.rule))
}

/// What a check of part of a text ([`crate::incremental`]) tells the rules.
pub(crate) struct Around {
    /// The normalised ranges (in order, apart) where trigger hits are looked at.
    pub triggers: Vec<Range<usize>>,
    /// The same for rules that read a whole part ([`reads_parts`]).
    pub wide_triggers: Vec<Range<usize>>,
    /// The first matches in the provisions and in parts, known already.
    pub known: FirstMatches,
}

/// The first match of each pattern in the provisions (the normalised body),
/// by pattern id, where it was looked up: what document-scope passages and
/// absence rules look for.
pub(crate) type BodyMatches = Vec<Option<Option<Range<usize>>>>;

/// The first match of a pattern in a part or chapter, by the part's
/// normalised range and the pattern, where it was looked up: what
/// part-scope conditions and passages look for.
pub(crate) type PartMatches = Vec<((usize, usize, PatternId), Option<Range<usize>>)>;

/// The lookups over long stretches a check made, which a check of part of
/// an edited text takes over where the edit cannot change them.
#[derive(Default)]
pub(crate) struct FirstMatches {
    pub body: BodyMatches,
    pub parts: PartMatches,
}

/// Whether `rule` counts hits in text outside any article or section,
/// whose clause is then the whole part, which its search skips to the end
/// of: a check around an edit reads whole parts for it. (What a rule looks
/// for in a whole part is kept per part, [`PartMatches`].)
pub(crate) fn reads_parts(rule: &Rule) -> bool {
    rule.spec.also_in.contains(&Region::Preamble)
}

/// A trigger's match, read inside its clause.
struct Hit {
    /// Where it is in the normalised text.
    hit: Range<usize>,
    /// Where it is in the original text.
    span: Range<usize>,
    /// The innermost unit holding its start, if any.
    innermost: Option<usize>,
    /// The clause holding its start, if any.
    clause: Option<usize>,
    /// Where its clause ends in the normalised text (the text's end outside any unit).
    clause_end: usize,
}

/// Numbers repeated ids (`#3f2a9c1d-2`) in text order, so each is unique.
pub(crate) fn make_ids_unique(findings: &mut [Finding]) {
    // Findings in order of id, and in text order within one id.
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&a, &b| findings[a].id.cmp(&findings[b].id));
    // `first` is where the current id begins in `order`; its finding keeps the id.
    let mut first = 0;
    for k in 1..order.len() {
        if findings[order[k]].id == findings[order[first]].id {
            let f = &mut findings[order[k]];
            // One allocation, at its length: a long text repeats many clauses.
            let number = k - first + 1;
            let mut id = String::with_capacity(f.id.len() + 1 + decimal_len(number));
            id.push_str(&f.id);
            id.push('-');
            write!(id, "{number}").expect("a String takes any text");
            f.id = id;
        } else {
            first = k;
        }
    }
}

/// How many decimal digits `n` takes.
fn decimal_len(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |digits| digits as usize + 1)
}

/// FNV-1a: a small hash whose value never changes between builds. With
/// `fold_first`, the first part's ASCII letters count as lower case.
fn fnv1a(parts: &[&[u8]], fold_first: bool) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        let fold = fold_first && i == 0;
        for byte in part.iter().map(|&b| if fold { b.to_ascii_lowercase() } else { b }).chain([0xff]) {
            hash = (hash ^ byte as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// `rule#3f2a9c1d`: a clause finding's id, written without `format!` (one
/// per finding) and at its exact length.
fn clause_id(rule: &str, fingerprint: u32) -> String {
    let mut id = String::with_capacity(rule.len() + 9);
    id.push_str(rule);
    id.push('#');
    for shift in (0..8).rev() {
        id.push(char::from(b"0123456789abcdef"[(fingerprint >> (shift * 4)) as usize & 0xf]));
    }
    id
}

/// A rule's long texts, made once per check and shared by its findings,
/// and its message cut at its placeholders, also once per check.
struct RuleTexts<'r> {
    id: Arc<str>,
    category: Arc<str>,
    title: Arc<str>,
    why: Arc<str>,
    references: Arc<[String]>,
    suggestion: Arc<str>,
    message: Template<'r>,
    /// The names of the message's placeholders.
    placeholders: Vec<&'r str>,
}

impl<'r> RuleTexts<'r> {
    fn of(rule: &'r Rule) -> RuleTexts<'r> {
        let message = Template::of(&rule.spec.message);
        RuleTexts {
            id: rule.spec.id.as_str().into(),
            category: rule.spec.category.as_str().into(),
            title: rule.spec.title.as_str().into(),
            why: rule.spec.why.as_str().into(),
            references: rule.spec.references.as_slice().into(),
            suggestion: rule.spec.suggestion.as_str().into(),
            placeholders: message.parts.iter().map(|&(_, name, _)| name).collect(),
            message,
        }
    }
}

/// Document-scope passages of one rule, each looked for once per text
/// when first needed (by its index in the rule's list).
#[derive(Default)]
struct DocumentCache {
    mitigations: Vec<Option<Option<Passage>>>,
    context: Vec<Option<Option<Passage>>>,
}

/// The locations made so far in one check, and where each unit's is in
/// `made` (`u32::MAX` for none yet): four bytes a unit, where a location
/// slot per unit took 56 and a quarter of the input at the peak.
#[cfg(not(target_arch = "wasm32"))]
struct Locations {
    made: Vec<Location>,
    at: Vec<u32>,
}

/// What every rule needs to see of one text.
pub(crate) struct Context<'a> {
    text: &'a str,
    doc: &'a Document,
    norm: &'a Normalized,
    /// Where each pattern may start in the normalised text (around an edit
    /// only, when `triggers` is not the whole text).
    scan: Scan<'a>,
    utf16: Utf16Index<'a>,
    /// The original byte range of the provisions: the text after any
    /// preamble, which is where document-scope patterns are looked for.
    body: Range<usize>,
    /// `body` in the normalised text.
    body_normalized: Range<usize>,
    /// Where trigger hits are looked at in the normalised text, by rules
    /// that read a whole part and by the others.
    triggers: Vec<Range<usize>>,
    wide_triggers: Vec<Range<usize>>,
    /// First matches in the body, looked up once per text and kept.
    in_body: RefCell<BodyMatches>,
    /// First matches in parts, the same.
    in_parts: RefCell<PartMatches>,
    /// Whether a body lookup was not known and `scan` covers only part of
    /// the text: then this check is not the whole check's.
    missed: Cell<bool>,
    /// Each unit's location, made the first time a finding or passage
    /// lies in it and shared by the others there (natively: in the
    /// browser the cache made the download larger).
    #[cfg(not(target_arch = "wasm32"))]
    locations: RefCell<Locations>,
    /// Each clause's fingerprint, by the clause's unit, once worked out.
    #[cfg(not(target_arch = "wasm32"))]
    fingerprints: RefCell<HashMap<usize, u32>>,
}

impl<'a> Context<'a> {
    /// The context of `text` for the rules of `rules`; with `around`, the
    /// check of part of an edited text.
    pub(crate) fn new(
        text: &'a str,
        doc: &'a Document,
        norm: &'a Normalized,
        rules: &'a RuleSet,
        scan: Scan<'a>,
        around: Option<Around>,
    ) -> Context<'a> {
        let body = doc.body_start()..text.len();
        let body_normalized = norm.normalized_range(body.clone());
        let (triggers, wide_triggers, known) = match around {
            Some(a) => (a.triggers, a.wide_triggers, a.known),
            None => {
                let all: Vec<_> = std::iter::once(0..usize::MAX).collect();
                (all.clone(), all, FirstMatches { body: vec![None; rules.patterns.len()], parts: PartMatches::new() })
            }
        };
        Context {
            text,
            doc,
            norm,
            scan,
            utf16: Utf16Index::new(text),
            body,
            body_normalized,
            triggers,
            wide_triggers,
            in_body: RefCell::new(known.body),
            in_parts: RefCell::new(known.parts),
            missed: Cell::new(false),
            #[cfg(not(target_arch = "wasm32"))]
            locations: RefCell::new(Locations { made: Vec::new(), at: vec![u32::MAX; doc.units.len()] }),
            #[cfg(not(target_arch = "wasm32"))]
            fingerprints: RefCell::default(),
        }
    }

    /// The clause findings of every rule whose trigger hit starts in `triggers`.
    pub(crate) fn clause_findings_in(&self, rules: &RuleSet) -> Vec<Finding> {
        let mut findings = Vec::new();
        for rule in rules.rules.iter().filter(|r| r.spec.kind == Kind::Clause) {
            self.clause_findings(rule, &mut findings);
        }
        findings
    }

    /// The absence findings of every rule.
    pub(crate) fn absence_findings(&self, rules: &RuleSet) -> Vec<Finding> {
        rules.rules.iter().filter(|r| r.spec.kind == Kind::Absence).filter_map(|r| self.absence_finding(r)).collect()
    }

    /// The UTF-16 offset of byte `at` of the text.
    pub(crate) fn utf16(&self, at: usize) -> usize {
        self.utf16.utf16(at)
    }

    /// The first matches in the body and in parts looked up in this check;
    /// `None` if the check of part of a text needed one it did not know.
    pub(crate) fn into_first_matches(self) -> Option<FirstMatches> {
        (!self.missed.get()).then(|| FirstMatches { body: self.in_body.into_inner(), parts: self.in_parts.into_inner() })
    }

    /// Whether this check reads the whole text (not part of an edited one).
    fn whole(&self) -> bool {
        self.triggers.first().is_some_and(|r| r.start == 0 && r.end == usize::MAX)
    }

    /// The first match of pattern `id` within `range` (normalised), which
    /// `scope` gave: a lookup over a whole part is answered once per text
    /// and part, as one over the body is.
    fn find_in(&self, id: PatternId, range: Range<usize>, scope: Scope) -> Option<Range<usize>> {
        if scope != Scope::Part || range == self.body_normalized {
            return self.find(id, range);
        }
        let key = (range.start, range.end, id);
        // A few parts, a few patterns: a short list.
        if let Some((_, known)) = self.in_parts.borrow().iter().find(|(k, _)| *k == key) {
            return known.clone();
        }
        if !self.whole() {
            self.missed.set(true);
            return None;
        }
        let found = self.scan.find(id, range);
        self.in_parts.borrow_mut().push((key, found.clone()));
        found
    }

    /// The first match of pattern `id` within `range` (normalised); a
    /// lookup over the whole body is answered once per text.
    fn find(&self, id: PatternId, range: Range<usize>) -> Option<Range<usize>> {
        if range != self.body_normalized {
            return self.scan.find(id, range);
        }
        if let Some(known) = &self.in_body.borrow()[id] {
            return known.clone();
        }
        if !self.whole() {
            self.missed.set(true);
            return None;
        }
        let found = self.scan.find(id, range);
        self.in_body.borrow_mut()[id] = Some(found.clone());
        found
    }

    /// The next hit of `trigger` at or after `from` that starts in
    /// `ranges`; moves `from` past the places skipped.
    fn next_hit(&self, trigger: PatternId, ranges: &[Range<usize>], from: &mut usize) -> Option<Range<usize>> {
        loop {
            let range = ranges.iter().find(|r| r.end > *from)?;
            *from = (*from).max(range.start);
            let hit = self.scan.find(trigger, *from..self.norm.text.len())?;
            if hit.start < range.end {
                return Some(hit);
            }
            *from = range.end;
        }
    }

    fn is_match(&self, id: PatternId, range: Range<usize>) -> bool {
        self.find(id, range).is_some()
    }

    fn clause_findings(&self, rule: &Rule, out: &mut Vec<Finding>) {
        // One finding per clause. A hit whose conditions fail doesn't close
        // the clause: another hit may stand in an item of its own. Where
        // nothing is read item by item, every hit in a clause sees the same
        // text, so the clause is settled by its first hit.
        let by_item = rule.spec.scope == Scope::Item
            || rule.mitigations.iter().chain(&rule.context).any(|m| m.scope == Scope::Item);
        let ranges = if reads_parts(rule) { &self.wide_triggers } else { &self.triggers };
        let mut raised = BTreeSet::new();
        let mut evaluated = BTreeSet::new();
        let mut document_cache = DocumentCache::default();
        let mut texts = None;
        // The trigger and `requires` matches of the hit being weighed.
        let mut matched = Vec::new();
        for &trigger in &rule.triggers {
            let mut from = 0;
            while let Some(found) = self.next_hit(trigger, ranges, &mut from) {
                if found.is_empty() {
                    from = found.end + 1;
                    continue;
                }
                let Hit { hit, span, innermost, clause, clause_end } = match self.within_clause(trigger, found) {
                    Ok(hit) => hit,
                    // No match of the trigger fits in this clause from here on.
                    Err(clause_end) => {
                        from = clause_end;
                        continue;
                    }
                };
                from = hit.end;
                if !self.counts_at(rule, innermost, span.start) {
                    continue;
                }
                // Past a clause that has its finding, look no further in it.
                if raised.contains(&clause) {
                    from = from.max(clause_end);
                    continue;
                }
                let key = if by_item { innermost } else { clause };
                if !evaluated.insert(key) {
                    continue;
                }
                if !by_item {
                    // Every hit in this clause would see the same text.
                    from = from.max(clause_end);
                }
                matched.clear();
                matched.push((trigger, hit));
                let scope = self.scope_ranges(rule.spec.scope, innermost);
                if !self.conditions_hold(rule, scope, &mut matched) {
                    continue;
                }
                let weighed = self.weigh(rule, innermost, &mut document_cache);
                let Some((severity, mitigations, context)) = weighed else { continue };
                raised.insert(clause);
                from = from.max(clause_end);
                let texts = texts.get_or_insert_with(|| RuleTexts::of(rule));
                out.push(Finding {
                    id: clause_id(&rule.spec.id, self.clause_fingerprint(innermost)),
                    rule: texts.id.clone(),
                    category: texts.category.clone(),
                    severity,
                    kind: Kind::Clause,
                    location: innermost.map(|u| self.location(u)),
                    start: self.utf16.utf16(span.start),
                    end: self.utf16.utf16(span.end),
                    byte_start: span.start,
                    byte_end: span.end,
                    text: self.text[span.clone()].to_string(),
                    title: texts.title.clone(),
                    message: self.message(texts, &matched),
                    why: texts.why.clone(),
                    references: texts.references.clone(),
                    suggestion: texts.suggestion.clone(),
                    mitigations,
                    context,
                    searched_for: None,
                });
            }
        }
    }

    /// `found` read inside the clause where it starts: a match that runs on
    /// past the clause's end (a bounded gap reaching across a heading into
    /// the next article) is replaced by the trigger's first match that lies
    /// wholly inside the clause. Where there is none, the end of the clause,
    /// where the search goes on.
    fn within_clause(&self, trigger: PatternId, found: Range<usize>) -> Result<Hit, usize> {
        let span = self.norm.original_range(found.clone(), self.text);
        let innermost = self.doc.innermost(span.start);
        let clause = innermost.map(|u| self.doc.clause_of(u));
        let clause_end = clause.map_or(self.norm.text.len(), |c| self.norm.to_normalized(self.doc.units[c].span.end));
        if found.end <= clause_end {
            return Ok(Hit { hit: found, span, innermost, clause, clause_end });
        }
        let resume = clause_end.max(found.start + 1);
        let hit = self.scan.find(trigger, found.start..clause_end).filter(|h| !h.is_empty()).ok_or(resume)?;
        // A later start in the same clause, perhaps in another of its items.
        let span = self.norm.original_range(hit.clone(), self.text);
        let innermost = self.doc.innermost(span.start);
        Ok(Hit { hit, span, innermost, clause, clause_end })
    }

    fn absence_finding(&self, rule: &Rule) -> Option<Finding> {
        let body = self.body_normalized.clone();
        let relevant = rule.triggers.iter().any(|&t| self.is_match(t, body.clone()));
        if !relevant {
            return None;
        }
        let mut matched = Vec::new();
        if !self.conditions_hold(rule, Ranges::one(self.body.clone()), &mut matched) {
            return None;
        }
        if rule.expects.iter().any(|&e| self.is_match(e, body.clone())) {
            return None;
        }
        let (severity, mitigations, context) = self.weigh(rule, None, &mut DocumentCache::default())?;
        let texts = RuleTexts::of(rule);
        let message = self.message(&texts, &matched);
        Some(Finding {
            id: format!("{}#document", rule.spec.id),
            rule: texts.id,
            category: texts.category,
            severity,
            kind: Kind::Absence,
            location: None,
            start: 0,
            end: 0,
            byte_start: 0,
            byte_end: 0,
            text: String::new(),
            title: texts.title,
            message,
            why: texts.why,
            references: texts.references,
            suggestion: texts.suggestion,
            mitigations,
            context,
            searched_for: rule.spec.searched_for.clone(),
        })
    }

    /// Looks for the rule's mitigations and context around unit `innermost`
    /// (the whole text for `None`) and works out the severity. `None` when a
    /// mitigation suppresses the finding.
    fn weigh(
        &self,
        rule: &Rule,
        innermost: Option<usize>,
        cache: &mut DocumentCache,
    ) -> Option<(Severity, Vec<Passage>, Vec<Passage>)> {
        let mut severity = rule.spec.severity;
        let mut found = [Vec::new(), Vec::new()];
        for (list, (patterns, cached)) in
            [(&rule.mitigations, &mut cache.mitigations), (&rule.context, &mut cache.context)].into_iter().enumerate()
        {
            for (i, m) in patterns.iter().enumerate() {
                let hit = if m.scope == Scope::Document || innermost.is_none() {
                    cached.resize(patterns.len(), None);
                    cached[i].get_or_insert_with(|| self.find_passage(m, std::slice::from_ref(&self.body))).clone()
                } else {
                    self.find_passage(m, &self.scope_ranges(m.scope, innermost))
                };
                let Some(hit) = hit else { continue };
                match m.effect {
                    Effect::Suppress => return None,
                    Effect::Lower => severity = severity.lowered(),
                    Effect::Raise => severity = severity.raised(),
                    Effect::Note => {}
                }
                found[list].push(hit);
            }
        }
        let [mut mitigations, mut context] = found;
        // A Vec's first push makes room for four; a large text has thousands of findings.
        mitigations.shrink_to_fit();
        context.shrink_to_fit();
        Some((severity, mitigations, context))
    }

    /// [`Context::fingerprint`] as a finding's id carries it, worked out
    /// once per clause and check (natively): the rules that flag one clause
    /// would each hash its words again.
    #[cfg(not(target_arch = "wasm32"))]
    fn clause_fingerprint(&self, innermost: Option<usize>) -> u32 {
        // The clause and its provision, all the fingerprint reads, are the
        // same for every unit in the clause.
        let Some(clause) = innermost.map(|u| self.doc.clause_of(u)) else { return self.fingerprint(None) as u32 };
        *self.fingerprints.borrow_mut().entry(clause).or_insert_with(|| self.fingerprint(Some(clause)) as u32)
    }

    /// [`Context::fingerprint`] as a finding's id carries it.
    #[cfg(target_arch = "wasm32")]
    fn clause_fingerprint(&self, innermost: Option<usize>) -> u32 {
        self.fingerprint(innermost) as u32
    }

    /// A fingerprint of where a finding is that does not use numbers: the
    /// provision's title and the normalised words of the clause.
    fn fingerprint(&self, innermost: Option<usize>) -> u64 {
        let Some(unit) = innermost else { return fnv1a(&[], false) };
        let title = self.doc.provision_of(unit).and_then(|p| self.doc.units[p].title.as_deref()).unwrap_or("");
        let clause = &self.doc.units[self.doc.clause_of(unit)];
        // Leave out the heading and the clause's own number, so renumbering keeps the identity.
        let body = self.norm.normalized_range(clause.heading.end.max(clause.span.start)..clause.span.end);
        let words = self.norm.text[body].trim_start_matches(|c: char| !c.is_alphabetic());
        fnv1a(&[title.as_bytes(), words.as_bytes()], true)
    }

    /// Whether a trigger at original offset `at`, in unit `innermost`,
    /// counts for `rule`.
    fn counts_at(&self, rule: &Rule, innermost: Option<usize>, at: usize) -> bool {
        if self.doc.in_heading_of(innermost, at) {
            return false;
        }
        match self.doc.role_in(innermost) {
            Role::Operative => true,
            Role::Preamble => rule.spec.also_in.contains(&Region::Preamble),
            Role::Definitions => rule.spec.also_in.contains(&Region::Definitions),
        }
    }

    /// `requires` all match and `unless` none, within `scope` (original
    /// bytes). Adds each `requires` match to `matched`.
    fn conditions_hold(&self, rule: &Rule, scope: Ranges, matched: &mut Vec<(PatternId, Range<usize>)>) -> bool {
        let ranges = self.normalized(scope);
        let scope = rule.spec.scope;
        for &pattern in &rule.requires {
            match ranges.iter().find_map(|r| self.find_in(pattern, r.clone(), scope)) {
                Some(hit) => matched.push((pattern, hit)),
                None => return false,
            }
        }
        !rule.unless.iter().any(|&p| ranges.iter().any(|r| self.find_in(p, r.clone(), scope).is_some()))
    }

    /// The rule's message filled from the named groups of the `matched`
    /// patterns, first match first. Groups are worked out only here, for a
    /// finding that is kept: that takes an NFA run, far slower than the DFA.
    fn message(&self, texts: &RuleTexts, matched: &[(PatternId, Range<usize>)]) -> String {
        let wanted = &texts.placeholders;
        let mut names = Vec::new();
        if !wanted.is_empty() {
            for (id, hit) in matched {
                for (name, span) in self.scan.named_groups(*id, hit.clone(), wanted) {
                    let span = self.norm.original_range(span, self.text);
                    names.push((name, &self.text[span]));
                }
            }
        }
        texts.message.fill(&names)
    }

    /// Where unit `unit` is, made once per check.
    #[cfg(not(target_arch = "wasm32"))]
    fn location(&self, unit: usize) -> Location {
        let mut locations = self.locations.borrow_mut();
        let Locations { made, at } = &mut *locations;
        if at[unit] == u32::MAX {
            at[unit] = made.len() as u32;
            made.push(Location::of(self.doc, unit));
        }
        made[at[unit] as usize].clone()
    }

    /// Where unit `unit` is.
    #[cfg(target_arch = "wasm32")]
    fn location(&self, unit: usize) -> Location {
        Location::of(self.doc, unit)
    }

    fn find_passage(&self, m: &Mitigation, scope: &[Range<usize>]) -> Option<Passage> {
        let hit = scope
            .iter()
            .map(|r| self.norm.normalized_range(r.clone()))
            .find_map(|range| m.patterns.iter().filter_map(|&p| self.find_in(p, range.clone(), m.scope)).min_by_key(|h| h.start))?;
        let span = self.norm.original_range(hit, self.text);
        Some(Passage {
            name: m.name.clone(),
            effect: m.effect,
            scope: m.scope,
            location: self.doc.innermost(span.start).map(|u| self.location(u)),
            text: self.text[span.clone()].into(),
            start: self.utf16.utf16(span.start),
            end: self.utf16.utf16(span.end),
        })
    }

    /// The original byte ranges, in text order, that `scope` covers around
    /// unit `innermost`.
    fn scope_ranges(&self, scope: Scope, innermost: Option<usize>) -> Ranges {
        let units = &self.doc.units;
        let Some(unit) = innermost else { return Ranges::one(self.body.clone()) };
        let clause = self.doc.clause_of(unit);
        match scope {
            Scope::Document => Ranges::one(self.body.clone()),
            Scope::Clause => Ranges::one(units[clause].span.clone()),
            Scope::Unit => Ranges::one(units[self.doc.provision_of(unit).unwrap_or(clause)].span.clone()),
            // The outermost division: Budapest's Chapter II, not the "Title"
            // inside its Section 2 that holds one power.
            Scope::Part => self
                .doc
                .ancestors(unit)
                .filter(|&a| matches!(units[a].kind, UnitKind::Part | UnitKind::Chapter))
                .last()
                .map_or_else(|| Ranges::one(self.body.clone()), |p| Ranges::one(units[p].span.clone())),
            Scope::Item => {
                // The item itself, then the lead-in of each unit above it up to the clause.
                let lead_in = |a: usize| {
                    let first_child = units.get(a + 1).filter(|c| c.parent == Some(a));
                    units[a].span.start..first_child.map_or(units[a].span.end, |c| c.span.start)
                };
                let mut ranges = vec![units[unit].span.clone()];
                if unit != clause {
                    for a in self.doc.ancestors(unit).skip(1) {
                        ranges.push(lead_in(a));
                        if a == clause {
                            break;
                        }
                    }
                }
                ranges.reverse();
                Ranges::Many(ranges)
            }
        }
    }

    /// `ranges` (original bytes) in the normalised text, in place.
    fn normalized(&self, mut ranges: Ranges) -> Ranges {
        for range in ranges.iter_mut() {
            *range = self.norm.normalized_range(range.clone());
        }
        ranges
    }
}

/// The ranges a scope covers: nearly always one, which needs no list
/// (a check asks for thousands).
enum Ranges {
    One([Range<usize>; 1]),
    Many(Vec<Range<usize>>),
}

impl Ranges {
    fn one(range: Range<usize>) -> Ranges {
        Ranges::One([range])
    }
}

impl std::ops::Deref for Ranges {
    type Target = [Range<usize>];

    fn deref(&self) -> &[Range<usize>] {
        match self {
            Ranges::One(one) => one,
            Ranges::Many(many) => many,
        }
    }
}

impl std::ops::DerefMut for Ranges {
    fn deref_mut(&mut self) -> &mut [Range<usize>] {
        match self {
            Ranges::One(one) => one,
            Ranges::Many(many) => many,
        }
    }
}

/// A message cut at its `{name}` and `{name|fallback}` placeholders, once
/// per rule: filling it for each finding is then only copying.
struct Template<'r> {
    /// Each placeholder after the text before it: (text, name, fallback).
    parts: Vec<(&'r str, &'r str, &'r str)>,
    /// The text after the last placeholder.
    rest: &'r str,
}

impl<'r> Template<'r> {
    fn of(message: &'r str) -> Template<'r> {
        let mut parts = Vec::new();
        let mut rest = message;
        while let Some((before, name, fallback, after)) = next_placeholder(rest) {
            parts.push((before, name, fallback));
            rest = after;
        }
        Template { parts, rest }
    }

    /// The message with each placeholder filled from `names`, or its fallback.
    fn fill(&self, names: &[(String, &str)]) -> String {
        let value = |name: &str, fallback: &'r str| names.iter().find(|(n, _)| n == name).map_or(fallback, |&(_, v)| v);
        // Made at its exact length: a large text has thousands of findings.
        let len = self.parts.iter().map(|&(before, name, fallback)| before.len() + value(name, fallback).len()).sum::<usize>();
        let mut out = String::with_capacity(len + self.rest.len());
        for &(before, name, fallback) in &self.parts {
            out.push_str(before);
            out.push_str(value(name, fallback));
        }
        out.push_str(self.rest);
        out
    }
}

/// The first `{name}` or `{name|fallback}` in `s`: the text before it, the
/// name, the fallback and the text after it.
fn next_placeholder(s: &str) -> Option<(&str, &str, &str, &str)> {
    let open = s.bytes().position(|b| b == b'{')?;
    let close = open + s[open..].bytes().position(|b| b == b'}')?;
    let inner = &s[open + 1..close];
    let (name, fallback) = inner.split_once('|').unwrap_or((inner, ""));
    Some((&s[..open], name, fallback, &s[close + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_ids_carry_eight_hex_digits() {
        assert_eq!(clause_id("secrecy/gag", 0x3f2a_9c1d), "secrecy/gag#3f2a9c1d");
        assert_eq!(clause_id("scope/any-crime", 0xab), "scope/any-crime#000000ab");
    }

    #[test]
    fn repeated_clauses_are_numbered_in_text_order() {
        // One clause flagged in twelve articles of the same words and no
        // titles: the same id, numbered from the second on (past 9 too).
        let rules = RuleSet::builtin();
        let rule = rules.rules.iter().find(|r| r.spec.kind == Kind::Clause).expect("a clause rule");
        let clause = &rule.spec.examples.flag[0];
        let text: String = (1..=12).map(|n| format!("Article {n}\n\n{clause}\n\n")).collect();
        let report = check(&text, &rules);
        let ids: Vec<&str> = report.findings.iter().filter(|f| *f.rule == *rule.spec.id).map(|f| f.id.as_str()).collect();
        assert_eq!(ids.len(), 12, "{ids:?}");
        let first = ids[0];
        let expected: Vec<String> =
            std::iter::once(first.to_string()).chain((2..=12).map(|k| format!("{first}-{k}"))).collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn fills_named_groups_and_fallbacks() {
        let names = vec![("actor".to_string(), "A police officer")];
        let message = Template::of("{actor} may order it on {ground|no stated ground}.");
        assert_eq!(message.fill(&names), "A police officer may order it on no stated ground.");
    }
}

import { isCorrection, type Finding, type FindingSource } from './finding';
import { findingsOf } from './marked';
import { slugify } from '../text/slug';
import type { MarkedDocument } from './model';

const PREFIX: Record<FindingSource, string> = { glossary: 'c', quality: 'f', suggestion: 's' };

const cache = new WeakMap<MarkedDocument, Map<Finding, string>>();

/** `anchorIds` of every finding of a document, computed once per document object. */
export function documentAnchorIds(doc: MarkedDocument): Map<Finding, string> {
	let ids = cache.get(doc);
	if (!ids) cache.set(doc, (ids = anchorIds(findingsOf(doc))));
	return ids;
}

/**
 * Anchor ids of a document's findings, from their content: the rule (glossary entry), the text
 * found and its ordinal among equal occurrences, `c-meng-wanzhou--meng-hung-boat-2`. A link a
 * reader shared keeps pointing at the same words when the glossary gains or loses entries.
 */
export function anchorIds(findings: Iterable<Finding>): Map<Finding, string> {
	const ids = new Map<Finding, string>();
	const seen = new Map<string, number>();
	for (const finding of findings) {
		const key = `${PREFIX[finding.source]}-${slugify(finding.rule, 'rule')}--${slugify(finding.actual, 'x')}`;
		const ordinal = (seen.get(key) ?? 0) + 1;
		seen.set(key, ordinal);
		ids.set(finding, `${key}-${ordinal}`);
	}
	return ids;
}

/** `c-12-0-3`: the positional ids links used before (block or `title`, paragraph, correction). */
export const LEGACY_ANCHOR = /^c-(title|\d+)-(\d+)-(\d+)$/;

/** The content id that a positional correction id of the same document points at. */
export function fromLegacyAnchor(
	doc: MarkedDocument,
	ids: Map<Finding, string>,
	legacy: string
): string | undefined {
	const match = LEGACY_ANCHOR.exec(legacy);
	if (!match) return undefined;
	const [, where, paragraph, index] = match;
	const block = where === 'title' ? doc.title && { paragraphs: [doc.title] } : doc.blocks[+where!];
	const correction = block?.paragraphs[+paragraph!]?.findings.filter(isCorrection)[+index!];
	return correction && ids.get(correction);
}

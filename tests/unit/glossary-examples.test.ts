import { describe, expect, it } from 'vitest';
import { applyCorrections } from '../../src/lib/document/normalize';
import { realGlossary, realMatcher } from '../helpers';

// The glossary is its own regression suite: every entry's examples run through the normalizer.
const matcher = realMatcher();
const cases = realGlossary().entries.flatMap((entry) =>
	entry.examples.map((example) => ({ id: entry.id, ...example }))
);

describe('glossary examples', () => {
	it('exist for most entries', () => {
		expect(cases.length).toBeGreaterThan(25);
	});

	it.each(cases)('$id: $from', ({ from, to, transcript }) => {
		expect(applyCorrections(from, matcher.findAlone(from, { transcript }))).toBe(to);
	});
});

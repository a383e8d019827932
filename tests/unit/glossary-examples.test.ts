import { describe, expect, it } from 'vitest';
import { applyCorrections } from '../../src/lib/document/normalize';
import { GlossaryMatcher } from '../../src/lib/glossary/matcher';
import type { GlossaryEntry, Variant } from '../../src/lib/glossary/types';
import { foldKey } from '../../src/lib/text/fold';
import { realGlossary, realMatcher } from '../helpers';

// The glossary is its own regression suite: every entry's examples run through the normalizer.
const { entries } = realGlossary();
const matcher = realMatcher();
const cases = entries.flatMap((entry) =>
	entry.examples.map((example) => ({ id: entry.id, ...example }))
);

/**
 * True when some example of the glossary (any entry's: "Kang and mai" exercises Kovrig and
 * Spavor at once) has a correction to `entry` made by `variant`. The matcher does not say which
 * variant made a correction, and one text may be listed twice with different rules ("Kang"
 * where the detainees are named, "Kang" before "and Mai"): each is tried on a glossary where
 * its entry keeps its other forms but not the other listings of its text, so an example counts
 * for a variant only where that variant's own rule holds.
 */
function exercised(entry: GlossaryEntry, variant: Variant, glossary = entries): boolean {
	const key = foldKey(variant.text);
	const twice = entry.variants.some((v) => v !== variant && foldKey(v.text) === key);
	const alone = glossary.map((e) =>
		e === entry
			? { ...e, variants: e.variants.filter((v) => v === variant || foldKey(v.text) !== key) }
			: e
	);
	// The real matcher serves when the text is listed once (the usual case): no rebuild.
	const only = !twice && glossary === entries ? matcher : new GlossaryMatcher(alone);
	return cases.some(({ from, transcript }) =>
		only
			.findAlone(from, { transcript })
			.some((c) => c.rule === entry.id && foldKey(c.actual) === key)
	);
}

describe('glossary examples', () => {
	it('exist for most entries', () => {
		expect(cases.length).toBeGreaterThan(25);
	});

	it.each(cases)('$id: $from', ({ from, to, transcript }) => {
		expect(applyCorrections(from, matcher.findAlone(from, { transcript }))).toBe(to);
	});

	it('exercise every variant of every entry', () => {
		const missing = entries.flatMap((entry) =>
			entry.variants
				.map((variant, i) => ({ variant, i }))
				.filter(({ variant }) => !exercised(entry, variant))
				.map(
					({ variant, i }) =>
						`glossary/${entry.file}:${entry.line}: entry ${entry.id}, variants[${i}] "${variant.text}": no example corrects it`
				)
		);
		expect(missing).toEqual([]);
		expect(entries.some((e) => e.variants.length > 0)).toBe(true);
	});

	it('counts an example for a variant only where the variant’s own rule holds', () => {
		const thaad = entries.find((e) => e.id === 'thaad')!;
		const saad = thaad.variants[0]!;
		expect(exercised(thaad, saad)).toBe(true);
		// The same examples, but a rule none of them meets: "Saad missile system" no longer counts.
		const strict = { ...saad, followedBy: '\\s+never-in-an-example\\b' };
		const changed = { ...thaad, variants: [strict] };
		const glossary = entries.map((e) => (e === thaad ? changed : e));
		expect(exercised(changed, strict, glossary)).toBe(false);
		// Of two listings of one text, each is judged by its own rule ("Kang" ×2 in Kovrig).
		const kovrig = entries.find((e) => e.id === 'michael-kovrig')!;
		const kangs = kovrig.variants.filter((v) => v.text === 'Kang');
		expect(kangs).toHaveLength(2);
		const unmet = { ...kangs[1]!, followedBy: '\\s+never-in-an-example\\b' };
		const twice = { ...kovrig, variants: kovrig.variants.map((v) => (v === kangs[1] ? unmet : v)) };
		const withUnmet = entries.map((e) => (e === kovrig ? twice : e));
		expect(exercised(twice, kangs[0]!, withUnmet)).toBe(true);
		expect(exercised(twice, unmet, withUnmet)).toBe(false);
	});
});

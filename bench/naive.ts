/**
 * The baselines: what a script would do without the engine.
 *
 * - naive: one case-insensitive, whole-word RegExp replace per glossary form, applied one after
 *   the other. The RegExps are compiled before timing starts, which is kinder to the baseline
 *   than a script that builds them in its loop.
 * - alternation: what a competent engineer writes first, one RegExp of every form
 *   (`new RegExp(forms.map(escape).join('|'), 'giu')`) with the engine's word boundaries, and
 *   its ASCII variant (`gi`, `\b`), what the same engineer writes after measuring the first.
 */
import type { GlossaryEntry } from '../src/lib/glossary/types';
import type { GlossaryMatcher } from '../src/lib/glossary/matcher';
import { applyCorrections } from '../src/lib/document/normalize';

export interface NaiveRule {
	pattern: RegExp;
	replacement: string;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One rule per variant, in glossary order; with `canonicals`, also one per canonical name. */
export function naiveRules(entries: readonly GlossaryEntry[], canonicals = false): NaiveRule[] {
	const rules: NaiveRule[] = [];
	for (const entry of entries) {
		// `$` in a replacement string is special; no canonical name here has one.
		if (entry.canonical.includes('$')) throw new Error(`canonical name with $: ${entry.canonical}`);
		const forms = entry.variants.map((v) => v.text);
		if (canonicals) forms.push(entry.canonical);
		for (const form of forms) {
			// Flags `gi` and not `u`: with `u` V8's case-insensitive matching is far slower, and a
			// script writer who measured would drop it too.
			rules.push({
				pattern: new RegExp(`\\b${escapeRegExp(form)}\\b`, 'gi'),
				replacement: entry.canonical
			});
		}
	}
	return rules;
}

/** One RegExp of every form, longest first, and the canonical name of each form. */
export interface AlternationRule {
	pattern: RegExp;
	canonicalOf: Map<string, string>;
}

/** A word character as the engine sees it (fold.ts): a letter, a mark or a digit. */
const WORD = '[\\p{L}\\p{M}\\p{N}]';

/**
 * Every variant (with `canonicals`, every canonical name too) in one alternation, longest first
 * so that the longest form at a place wins, as in the engine. `unicode` (the default): flags
 * `giu` and the engine's word boundaries, (?<!letter|mark|digit) and (?!…); otherwise flags
 * `gi` and `\b`, ASCII word boundaries, which V8 runs thousands of times faster.
 */
export function alternationRule(
	entries: readonly GlossaryEntry[],
	{ canonicals = false, unicode = true }: { canonicals?: boolean; unicode?: boolean } = {}
): AlternationRule {
	const canonicalOf = new Map<string, string>();
	for (const entry of entries) {
		const forms = entry.variants.map((v) => v.text);
		if (canonicals) forms.push(entry.canonical);
		for (const form of forms) canonicalOf.set(form.toLowerCase(), entry.canonical);
	}
	const alternatives = [...canonicalOf.keys()]
		.sort((a, b) => b.length - a.length)
		.map(escapeRegExp)
		.join('|');
	const pattern = unicode
		? new RegExp(`(?<!${WORD})(?:${alternatives})(?!${WORD})`, 'giu')
		: new RegExp(`\\b(?:${alternatives})\\b`, 'gi');
	return { pattern, canonicalOf };
}

export function alternationNormalize(text: string, rule: AlternationRule): string {
	return text.replace(rule.pattern, (form) => rule.canonicalOf.get(form.toLowerCase()) ?? form);
}

export function naiveNormalize(text: string, rules: readonly NaiveRule[]): string {
	let out = text;
	for (const rule of rules) out = out.replace(rule.pattern, rule.replacement);
	return out;
}

/** The engine's full result: every correction with its offsets, and the normalized text. */
export function engineNormalize(
	matcher: GlossaryMatcher,
	text: string
): { normalized: string; corrections: number } {
	const corrections = matcher.find(text);
	const normalized = applyCorrections(text, corrections);
	// Reading a character flattens the rope of concatenations into one string, as writing the
	// text out would; the figure includes that copy.
	normalized.charCodeAt(normalized.length >> 1);
	return { normalized, corrections: corrections.length };
}

/**
 * Correctness before speed: on a glossary where both are defined (ASCII forms, no form inside
 * another, no context rules) the engine and the naive loop must produce the same text. The
 * naive side also gets a rule per canonical name, because the engine fixes a canonical name's
 * case (`LIN HUA` → `Lin Hua`) too. Returns the number of corrections the check covered.
 */
export function checkAgainstNaive(
	matcher: GlossaryMatcher,
	entries: readonly GlossaryEntry[],
	text: string
): number {
	const engine = engineNormalize(matcher, text);
	const naive = naiveNormalize(text, naiveRules(entries, true));
	if (engine.normalized !== naive) {
		let at = 0;
		while (engine.normalized[at] === naive[at]) at++;
		throw new Error(
			`engine and naive baseline disagree at ${at}:\n  engine: …${engine.normalized.slice(at - 40, at + 60)}…\n  naive:  …${naive.slice(at - 40, at + 60)}…`
		);
	}
	if (engine.corrections === 0) throw new Error('the correctness check found nothing to correct');
	return engine.corrections;
}

/** The same check for the alternation baselines (both of them), on the same terms. */
export function checkAgainstAlternation(
	matcher: GlossaryMatcher,
	entries: readonly GlossaryEntry[],
	text: string
): number {
	const engine = engineNormalize(matcher, text);
	for (const unicode of [true, false]) {
		const other = alternationNormalize(
			text,
			alternationRule(entries, { canonicals: true, unicode })
		);
		if (engine.normalized !== other) {
			let at = 0;
			while (engine.normalized[at] === other[at]) at++;
			throw new Error(
				`engine and alternation baseline (${unicode ? 'giu' : 'gi'}) disagree at ${at}:\n  engine:      …${engine.normalized.slice(at - 40, at + 60)}…\n  alternation: …${other.slice(at - 40, at + 60)}…`
			);
		}
	}
	if (engine.corrections === 0) throw new Error('the correctness check found nothing to correct');
	return engine.corrections;
}

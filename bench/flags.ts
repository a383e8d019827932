/**
 * The flag checks' workload: paragraphs as markDocument sees them (parsed once, outside the
 * timing), each with the corrections the glossary matcher finds in it, so that a timed run does
 * only what markDocument adds for flags (`checker.flags(raw, offset, corrections)`), or only
 * what normalizing does (`matcher.find` + `applyCorrections`), over the same paragraphs.
 */
import path from 'node:path';
import { markDocument, paragraphsOf, speakerLookup } from '../src/lib/document/mark';
import type { Finding } from '../src/lib/document/finding';
import { glossaryWords, loadQualityRules, QualityChecker } from '../src/lib/flags/checks';
import type { GlossaryEntry } from '../src/lib/glossary/types';
import { englishWords } from '../src/lib/server/english';
import { flagsOf } from '../src/lib/document/quality';
import type { GlossaryMatcher } from '../src/lib/glossary/matcher';
import { applyCorrections } from '../src/lib/document/normalize';
import { parseTranscript } from '../src/lib/document/parse';
import { readYamlFiles } from '../src/lib/server/yaml-folder';
import { prepareText } from '../src/lib/text/prepare';

export interface FlagParagraph {
	raw: string;
	offset: number;
	corrections: readonly Finding[];
}

export interface FlagWorkload {
	paragraphs: FlagParagraph[];
	/** Slug for glossary entries scoped to some transcripts, as markDocument gets it. */
	transcript?: string;
	/** Paragraphs' UTF-8 bytes (labels and line breaks left out). */
	bytes: number;
	corrections: number;
}

/**
 * The real rules folder through the real loader, with the unknown-name check's word lists as
 * the app builds them (`compile` in src/lib/server/builder.ts); any problem is a bug here.
 * `fresh()` makes a checker whose caches are empty: the unknown-name check keeps one word cache
 * for the last pair of word sets it was given, so a copy of the glossary's words starts a new
 * one (and drops the one before: a warm case fills it again before it is timed).
 */
export async function loadChecker(
	dir: string,
	entries: readonly GlossaryEntry[]
): Promise<{
	checker: QualityChecker;
	fresh: () => QualityChecker;
	rules: number;
	files: string[];
}> {
	const files = await readYamlFiles(dir);
	const { rules, repetitions, problems } = loadQualityRules(files);
	if (problems.length > 0) {
		throw new Error(
			`${path.basename(dir)}/ has ${problems.length} problem(s): ${JSON.stringify(problems[0])}`
		);
	}
	const english = englishWords();
	const known = glossaryWords(entries);
	const fresh = () =>
		new QualityChecker({ rules, repetitions }, { english, known: new Set(known) });
	return {
		checker: new QualityChecker({ rules, repetitions }, { english, known }),
		fresh,
		rules: rules.length,
		files: files.map((f) => f.name)
	};
}

/** A transcript's paragraphs as markDocument parses them, each with its corrections. */
export function flagWorkload(
	input: string,
	matcher: GlossaryMatcher,
	transcript?: string
): FlagWorkload {
	const parsed = parseTranscript(prepareText(input), speakerLookup(matcher.entries.values()));
	let bytes = 0;
	let corrections = 0;
	const paragraphs = paragraphsOf(parsed).map(({ raw, offset }) => {
		const found = matcher.find(raw, { transcript, offset });
		bytes += Buffer.byteLength(raw);
		corrections += found.length;
		return { raw, offset, corrections: found };
	});
	return { paragraphs, transcript, bytes, corrections };
}

/** What markDocument adds for flags: every paragraph's flags. Returns how many. */
export function flagAll(checker: QualityChecker, w: FlagWorkload): number {
	let n = 0;
	for (const p of w.paragraphs) n += checker.flags(p.raw, p.offset, p.corrections).length;
	return n;
}

/** Normalizing the same paragraphs: find the corrections, apply them. Returns a checksum. */
export function normalizeAll(matcher: GlossaryMatcher, w: FlagWorkload): number {
	let n = 0;
	for (const p of w.paragraphs) {
		const found = matcher.find(p.raw, { transcript: w.transcript, offset: p.offset });
		const normalized = applyCorrections(p.raw, found, p.offset);
		// Reading a character flattens the rope, as writing the text out would (see engineNormalize).
		n += found.length + normalized.charCodeAt(normalized.length >> 1);
	}
	return n;
}

/**
 * The bench's loop must flag what markDocument flags: the same count over the same text.
 * Returns the number of flags.
 */
export function checkAgainstDocument(
	input: string,
	matcher: GlossaryMatcher,
	checker: QualityChecker,
	w: FlagWorkload
): number {
	const doc = markDocument(input, matcher, { transcript: w.transcript, checker });
	const expected = paragraphsOf(doc).reduce((n, p) => n + flagsOf(p).length, 0);
	const got = flagAll(checker, w);
	if (got !== expected) {
		throw new Error(`the bench's flag loop found ${got} flags, markDocument ${expected}`);
	}
	return got;
}

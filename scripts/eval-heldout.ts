/**
 * `npm run eval:heldout`: the glossary and parser on annotated machine translations. Prints a
 * report and writes bench/heldout-eval.json.
 *
 * - Garbles (`<name>.annotations.yaml` of the corpus, see scripts/corpus.ts): of the
 *   garbles of entries the glossary has, the share it corrects to the right entry (recall); and
 *   of its corrections that change a name, the share that fix an annotated garble (precision).
 *   A correction that only fixes a name's case or accents is counted apart.
 * - Protected names (annotated as right): how many the glossary alters.
 * - Clean English (the corpus's clean texts, and for the development set the three
 *   china-canada-* seeds): corrections that change a name, which must be none.
 * - Turns: the labels the parser finds against the annotated ones (texts without `turns` must
 *   have none).
 *
 * `--glossary <dir>` evaluates another glossary (an older one, for a before/after figure);
 * `--corpus DIR` (and `--clean DIR`) another corpus (scripts/corpus.ts). Only the development set
 * with the repository's glossary writes bench/heldout-eval.json.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { findingsOf, markDocument } from '../src/lib/document/mark';
import { isCorrection, type Correcting } from '../src/lib/document/finding';
import { GlossaryMatcher } from '../src/lib/glossary/matcher';
import { prepareText } from '../src/lib/text/prepare';
import type { Glossary } from '../src/lib/glossary/types';
import {
	corpusFromArgs,
	describeCorpus,
	glossaryIn,
	namedTexts,
	nameSpans,
	percent,
	ROOT,
	cleanTexts,
	wordsIn,
	type Corpus,
	runIfMain
} from './corpus';

/** A correction that only changes case or accents ("HUAWEI", "Melanie Joly"). */
const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const casing = (c: Correcting) => plain(c.actual) === plain(c.fix);

/** The figures `npm run eval:heldout` prints, for a corpus and a glossary. */
export function evaluateNames(corpus: Corpus, glossary: Glossary) {
	const matcher = new GlossaryMatcher(glossary.entries);
	const known = new Set(glossary.entries.map((e) => e.id));
	const texts = namedTexts(corpus, known);
	const corrections = (text: string, slug: string) =>
		findingsOf(markDocument(text, matcher, { transcript: slug })).filter(isCorrection);

	let garbles = 0;
	let fixed = 0;
	let unknownEntry = 0;
	let changing = 0;
	let right = 0;
	let casingFixes = 0;
	let protectedAltered = 0;
	let turnsExact = 0;
	const missed: string[] = [];
	const wrong: string[] = [];
	const altered: string[] = [];
	const rows = [];
	for (const { name, slug, text, names: annotation } of texts) {
		const prepared = prepareText(text);
		const found = corrections(text, slug);
		const spans = nameSpans(prepared, annotation);
		let rowGarbles = 0;
		let rowFixed = 0;
		for (const { start, end, text: garble, entry } of spans.garbles) {
			if (!known.has(entry)) {
				unknownEntry++;
				continue;
			}
			rowGarbles++;
			const hit = found.some((c) => c.rule === entry && c.start < end && c.end > start);
			if (hit) rowFixed++;
			else missed.push(`${slug}: "${garble}" → ${entry}`);
		}
		for (const c of found) {
			if (casing(c)) {
				casingFixes++;
				continue;
			}
			changing++;
			if (spans.garbles.some((s) => s.entry === c.rule && s.start < c.end && c.start < s.end))
				right++;
			else wrong.push(`${slug}: "${c.actual}" → ${c.fix}`);
		}
		for (const { start, end, text: name } of spans.protected) {
			const hit = found.find((c) => !casing(c) && c.start < end && c.end > start);
			if (hit) {
				protectedAltered++;
				altered.push(`${slug}: "${name}" altered by "${hit.actual}" → ${hit.fix}`);
			}
		}
		const doc = markDocument(text, matcher, { transcript: slug });
		const labels = doc.blocks.filter((b) => b.type === 'turn').map((b) => b.label ?? '');
		const expected = annotation.turns?.labels ?? [];
		const exact = labels.length === expected.length && labels.every((l, i) => l === expected[i]);
		if (exact) turnsExact++;
		garbles += rowGarbles;
		fixed += rowFixed;
		rows.push({ text: name, garbles: rowGarbles, fixed: rowFixed, turnsExact: exact, labels });
	}

	const clean = cleanTexts(corpus);
	let cleanWords = 0;
	const cleanChanges: string[] = [];
	for (const { slug, text } of clean) {
		cleanWords += wordsIn(text);
		for (const c of corrections(text, slug)) {
			if (!casing(c)) cleanChanges.push(`${slug}: "${c.actual}" → ${c.fix}`);
		}
	}
	return {
		annotated: {
			texts: texts.length,
			garblesOfKnownEntries: garbles,
			fixed,
			recall: percent(fixed, garbles),
			garblesOfEntriesNotInGlossary: unknownEntry,
			correctionsChangingText: changing,
			ofAnnotatedGarbles: right,
			precision: percent(right, changing),
			casingFixes,
			protectedAltered,
			turnsExact,
			missed,
			wrong,
			altered,
			rows
		},
		clean: { texts: clean.length, words: cleanWords, corrections: cleanChanges }
	};
}

function main(args: string[]) {
	const at = args.indexOf('--glossary');
	const corpus = corpusFromArgs(args);
	console.log(describeCorpus(corpus));
	const glossaryDir = at >= 0 ? path.resolve(args[at + 1]!) : undefined;
	const { annotated, clean } = evaluateNames(corpus, glossaryIn(glossaryDir));
	if (corpus.isDevelopmentSet && at < 0) {
		const result = { glossary: 'glossary', heldout: annotated, clean };
		writeFileSync(
			path.join(ROOT, 'bench/heldout-eval.json'),
			JSON.stringify(result, null, '\t') + '\n'
		);
	}
	const line = (label: string, value: string) => console.log(label.padEnd(44) + value);
	line('annotated texts', String(annotated.texts));
	line(
		'garbles of known entries fixed',
		`${annotated.fixed}/${annotated.garblesOfKnownEntries} (recall ${annotated.recall} %)`
	);
	line(
		'corrections that fix a garble',
		`${annotated.ofAnnotatedGarbles}/${annotated.correctionsChangingText} (precision ${annotated.precision} %)`
	);
	line('case- or accent-only fixes', String(annotated.casingFixes));
	line('garbles of entries not in glossary', String(annotated.garblesOfEntriesNotInGlossary));
	line('protected names altered', String(annotated.protectedAltered));
	line('texts with exact turns', `${annotated.turnsExact}/${annotated.texts}`);
	for (const m of annotated.missed) console.log(`  missed: ${m}`);
	for (const w of annotated.wrong) console.log(`  unannotated: ${w}`);
	for (const a of annotated.altered) console.log(`  protected: ${a}`);
	line(
		`clean English (${clean.texts} texts, ${clean.words} words)`,
		`${clean.corrections.length} corrections`
	);
	for (const c of clean.corrections) console.log(`  clean: ${c}`);
}

runIfMain(import.meta.url, main);

/**
 * `npm run eval:suggest`: how well the suggester finds garbles the glossary does not list.
 * Prints a table and writes bench/suggest-eval.json (for the development set).
 *
 * - Leave-one-out: each plain variant is removed from the glossary in turn; is it proposed for
 *   its entry where it occurs in the seed transcripts (or, if it occurs in none, in the entry's
 *   example sentences)? Shares of variants and of occurrences.
 * - Annotated recall: the garbles annotated in the corpus's `<name>.annotations.yaml` (see
 *   scripts/corpus.ts) of entries the glossary has, that the glossary does not already correct:
 *   the share proposed for the right entry.
 * - Precision: suggestions that are no annotated garble, per 10,000 words, distinct (entry and
 *   spelling) and by occurrence: on the annotated texts, on the seed transcripts (every suggestion
 *   there is counted wrong: their garbles are all in the glossary) and on clean English.
 *
 * `--corpus DIR` (and `--clean DIR`) evaluates another corpus (scripts/corpus.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { findingsOf } from '../src/lib/document/mark';
import type { GlossaryEntry } from '../src/lib/glossary/types';
import { englishWords } from '../src/lib/server/english';
import { isSuggestion } from '../src/lib/suggest/group';
import type { SuggestionFinding } from '../src/lib/suggest/suggester';
import { foldKey } from '../src/lib/text/fold';
import { prepareText } from '../src/lib/text/prepare';
import {
	corpusFromArgs,
	describeCorpus,
	glossaryIn,
	namedTexts,
	nameSpans,
	cleanTexts,
	percent,
	ROOT,
	textsIn,
	wordsIn,
	type Corpus,
	type Text,
	runIfMain
} from './corpus';
import { leaveOneOut, markWith, suggestingEngine } from './leave-one-out';

interface Wrong {
	set: string;
	text: string;
	actual: string;
	entry: string;
	rule: string;
	score: number;
}

const per10k = (n: number, words: number) => (words ? Math.round((n / words) * 100000) / 10 : 0);

/** Leave-one-out over the seed transcripts (scripts/leave-one-out.ts), summed up. */
export function leaveOneOutFigures(entries: GlossaryEntry[]) {
	const english = englishWords();
	const seeds = textsIn(path.join(ROOT, 'transcripts'));
	const { rows } = leaveOneOut(entries, seeds, (w) => english.has(w));
	const recovered = rows.filter((l) => l.recovered > 0).length;
	const occurrencesRecovered = rows.reduce((n, l) => n + l.recovered, 0);
	const occurrences = rows.reduce((n, l) => n + l.occurrences, 0);
	return {
		variants: rows.length,
		variantsRecovered: recovered,
		variantShare: percent(recovered, rows.length),
		occurrences,
		occurrencesRecovered,
		occurrenceShare: percent(occurrencesRecovered, occurrences),
		missed: rows.filter((l) => l.recovered < l.occurrences)
	};
}

/** Recall and precision of the suggester on a corpus, with the glossary's entries. */
export function evaluateSuggestions(corpus: Corpus, entries: GlossaryEntry[]) {
	const english = englishWords();
	const seeds = textsIn(path.join(ROOT, 'transcripts'));
	const known = new Set(entries.map((e) => e.id));
	const full = suggestingEngine(entries, (w) => english.has(w));
	const mark = markWith;
	const suggestionsIn = (text: string, slug: string) =>
		findingsOf(mark(full, text, slug)).filter(isSuggestion) as SuggestionFinding[];

	// ── Recall and precision on the annotated texts ──────────────────────────────────────────
	const rows: Record<string, unknown>[] = [];
	const misses: string[] = [];
	const wrong: Wrong[] = [];
	let unseen = 0;
	let proposedRight = 0;
	let corrected = 0;
	const annotatedWrong = { words: 0, distinct: new Set<string>(), occurrences: 0 };
	for (const { name, slug, text, names } of namedTexts(corpus, known)) {
		const prepared = prepareText(text);
		const findings = findingsOf(mark(full, text, slug));
		const suggestions = findings.filter(isSuggestion) as SuggestionFinding[];
		const goodSpans = nameSpans(prepared, names).garbles;
		let rowUnseen = 0;
		let rowRight = 0;
		for (const { start, end, text: garble, entry } of goodSpans) {
			if (!known.has(entry)) continue;
			const fixed = findings.some(
				(f) => f.source === 'glossary' && f.rule === entry && f.start < end && f.end > start
			);
			if (fixed) {
				corrected++;
				continue;
			}
			rowUnseen++;
			const hit = suggestions.some((f) => f.entry === entry && f.start < end && f.end > start);
			if (hit) rowRight++;
			else misses.push(`${name}: "${garble}" → ${entry}`);
		}
		unseen += rowUnseen;
		proposedRight += rowRight;
		const words = wordsIn(prepared);
		annotatedWrong.words += words;
		const bad = suggestions.filter(
			(f) => !goodSpans.some((g) => g.entry === f.entry && g.start < f.end && g.end > f.start)
		);
		for (const f of bad) {
			annotatedWrong.distinct.add(`${f.entry}\u0000${foldKey(f.actual)}`);
			annotatedWrong.occurrences++;
			wrong.push({ set: 'annotated', text: name, ...pick(f) });
		}
		rows.push({ text: name, words, unseen: rowUnseen, proposed: rowRight, wrong: bad.length });
	}

	/** Every suggestion on `list` counted wrong (texts whose garbles the glossary lists, or clean). */
	const wrongOn = (set: string, list: Text[]) => {
		let words = 0;
		const distinct = new Set<string>();
		let occurrences = 0;
		for (const { name, slug, text } of list) {
			words += wordsIn(prepareText(text));
			for (const f of suggestionsIn(text, slug)) {
				distinct.add(`${f.entry}\u0000${foldKey(f.actual)}`);
				occurrences++;
				wrong.push({ set, text: name, ...pick(f) });
			}
		}
		return {
			texts: list.length,
			words,
			distinct: distinct.size,
			occurrences,
			distinctPer10k: per10k(distinct.size, words),
			occurrencesPer10k: per10k(occurrences, words)
		};
	};
	const seedWrong = wrongOn('seeds', seeds);
	const cleanWrong = wrongOn('clean', cleanTexts(corpus));

	return {
		annotated: {
			texts: rows.length,
			garblesCorrectedByGlossary: corrected,
			unseenGarbles: unseen,
			proposedForRightEntry: proposedRight,
			recall: percent(proposedRight, unseen),
			missed: misses,
			rows
		},
		precision: {
			annotated: {
				words: annotatedWrong.words,
				distinct: annotatedWrong.distinct.size,
				occurrences: annotatedWrong.occurrences,
				distinctPer10k: per10k(annotatedWrong.distinct.size, annotatedWrong.words),
				occurrencesPer10k: per10k(annotatedWrong.occurrences, annotatedWrong.words)
			},
			seeds: seedWrong,
			clean: cleanWrong,
			wrong
		}
	};
}

const pick = (f: SuggestionFinding) => ({
	actual: f.actual,
	entry: f.entry,
	rule: f.rule,
	score: f.score
});

function main(args: string[]) {
	const corpus = corpusFromArgs(args);
	console.log(describeCorpus(corpus));
	const { entries } = glossaryIn();
	const result = {
		leaveOneOut: leaveOneOutFigures(entries),
		...evaluateSuggestions(corpus, entries)
	};
	if (corpus.isDevelopmentSet) {
		writeFileSync(
			path.join(ROOT, 'bench/suggest-eval.json'),
			JSON.stringify(result, null, '\t') + '\n'
		);
	}
	const { leaveOneOut: loo, annotated, precision } = result;
	const line = (label: string, value: string) => console.log(label.padEnd(36) + value);
	line(
		'leave-one-out variants',
		`${loo.variantsRecovered}/${loo.variants} (${loo.variantShare} %)`
	);
	line(
		'leave-one-out occurrences',
		`${loo.occurrencesRecovered}/${loo.occurrences} (${loo.occurrenceShare} %)`
	);
	for (const m of loo.missed) {
		console.log(
			`  missed: ${m.variant} (${m.entry}, ${m.recovered}/${m.occurrences} in ${m.where})${m.proposed.length ? ' proposed: ' + m.proposed.join('; ') : ''}`
		);
	}
	line(
		'annotated unseen garbles proposed',
		`${annotated.proposedForRightEntry}/${annotated.unseenGarbles} (${annotated.recall} %) in ${annotated.texts} texts`
	);
	for (const m of annotated.missed) console.log(`  missed: ${m}`);
	for (const set of ['annotated', 'seeds', 'clean'] as const) {
		const q = precision[set];
		line(
			`wrong on ${set} (${q.words} words)`,
			`${q.distinct} distinct (${q.distinctPer10k}/10k), ${q.occurrences} occurrences (${q.occurrencesPer10k}/10k)`
		);
	}
	for (const w of precision.wrong) {
		console.log(`  wrong [${w.set}] ${w.text}: "${w.actual}" → ${w.entry} (${w.rule} ${w.score})`);
	}
	if (corpus.isDevelopmentSet) console.log('written to bench/suggest-eval.json');
}

runIfMain(import.meta.url, main);

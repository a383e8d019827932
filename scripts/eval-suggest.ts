/**
 * `npm run eval:suggest`: how well the suggester finds garbles the glossary does not list, on
 * real texts. Prints a table and writes bench/suggest-eval.json.
 *
 * - Leave-one-out: each plain variant is removed from the glossary in turn; is it proposed for
 *   its entry where it occurs in the seed transcripts (or, if it occurs in none, in the entry's
 *   example sentences)? Shares of variants and of occurrences.
 * - Held-out recall: the garbles annotated in tests/fixtures/heldout/*.annotations.yaml (written
 *   before any tuning) of entries the glossary has, that the glossary does not already correct:
 *   the share proposed for the right entry.
 * - Precision: suggestions that are no annotated garble, per 10,000 words, distinct (entry and
 *   spelling) and by occurrence: on the held-out texts, on the seed transcripts (every suggestion
 *   there is counted wrong: their garbles are all in the glossary) and on clean English.
 *
 * The held-out and clean texts are not committed (see their SOURCES.md); without them those
 * parts are reported as skipped.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { findingsOf } from '../src/lib/document/mark';
import { foldKey } from '../src/lib/text/fold';
import { englishWords } from '../src/lib/server/english';
import { isSuggestion } from '../src/lib/suggest/group';
import type { SuggestionFinding } from '../src/lib/suggest/suggester';
import { prepareText } from '../src/lib/text/prepare';
import {
	CLEAN,
	glossaryIn,
	heldout as heldoutTexts,
	occurrencesOf,
	percent as pct,
	ROOT as root,
	textsIn,
	wordsIn
} from './heldout';
import { leaveOneOut } from './leave-one-out';

const english = englishWords();
const isEnglish = (w: string) => english.has(w);
const glossary = glossaryIn();
const seeds = textsIn(path.join(root, 'transcripts'));
const known = new Set(glossary.entries.map((e) => e.id));
const heldout = heldoutTexts(known);
const clean = textsIn(CLEAN);

const { mark, full, rows: loo } = leaveOneOut(glossary.entries, seeds, isEnglish);
const looVariants = loo.filter((l) => l.recovered > 0).length;
const looOccurrences = loo.reduce((n, l) => n + l.recovered, 0);
const looTotal = loo.reduce((n, l) => n + l.occurrences, 0);

// ── Held-out recall and precision ─────────────────────────────────────────────────────────────
const heldoutRows: Record<string, unknown>[] = [];
const misses: string[] = [];
const wrong: {
	set: string;
	text: string;
	actual: string;
	entry: string;
	rule: string;
	score: number;
}[] = [];
let unseen = 0;
let proposedRight = 0;
let corrected = 0;
const precision = { heldout: { words: 0, distinct: new Set<string>(), occurrences: 0 } };

for (const { name, slug, text, annotation } of heldout) {
	const prepared = prepareText(text);
	const doc = mark(full, text, slug);
	const findings = findingsOf(doc);
	const suggestions = findings.filter(isSuggestion);
	const garbles = annotation.garbles ?? [];
	const texts = [...garbles.map((g) => g.text), ...(annotation.protected ?? []).map((p) => p.text)];
	const goodSpans: { start: number; end: number; entry: string }[] = [];
	let rowUnseen = 0;
	let rowRight = 0;
	for (const g of garbles) {
		for (const [start, end] of occurrencesOf(prepared, g.text, texts)) {
			goodSpans.push({ start, end, entry: g.entry });
			if (!known.has(g.entry)) continue;
			const fixed = findings.some(
				(f) => f.source === 'glossary' && f.rule === g.entry && f.start < end && f.end > start
			);
			if (fixed) {
				corrected++;
				continue;
			}
			rowUnseen++;
			const hit = suggestions.some((f) => f.entry === g.entry && f.start < end && f.end > start);
			if (hit) rowRight++;
			else misses.push(`${name}: "${g.text}" → ${g.entry}`);
		}
	}
	unseen += rowUnseen;
	proposedRight += rowRight;
	const words = wordsIn(prepared);
	precision.heldout.words += words;
	const bad = suggestions.filter(
		(f) => !goodSpans.some((g) => g.entry === f.entry && g.start < f.end && g.end > f.start)
	);
	for (const f of bad) {
		precision.heldout.distinct.add(`${f.entry}\u0000${foldKey(f.actual)}`);
		precision.heldout.occurrences++;
		wrong.push({
			set: 'heldout',
			text: name,
			actual: f.actual,
			entry: f.entry,
			rule: f.rule,
			score: f.score
		});
	}
	heldoutRows.push({ text: name, words, unseen: rowUnseen, proposed: rowRight, wrong: bad.length });
}

function wrongOn(set: string, list: { name: string; slug: string; text: string }[]) {
	let words = 0;
	const distinct = new Set<string>();
	let occurrences = 0;
	for (const { name, slug, text } of list) {
		words += wordsIn(prepareText(text));
		const found = findingsOf(mark(full, text, slug)).filter(isSuggestion) as SuggestionFinding[];
		for (const f of found) {
			distinct.add(`${f.entry}\u0000${foldKey(f.actual)}`);
			occurrences++;
			wrong.push({
				set,
				text: name,
				actual: f.actual,
				entry: f.entry,
				rule: f.rule,
				score: f.score
			});
		}
	}
	return { texts: list.length, words, distinct: distinct.size, occurrences };
}
const per10k = (n: number, words: number) => (words ? Math.round((n / words) * 100000) / 10 : 0);
const seedWrong = wrongOn('seeds', seeds);
const cleanSet = [...clean, ...seeds.filter((s) => s.name.startsWith('china-canada-'))];
const cleanWrong = wrongOn('clean', cleanSet);

const result = {
	leaveOneOut: {
		variants: loo.length,
		variantsRecovered: looVariants,
		variantShare: pct(looVariants, loo.length),
		occurrences: looTotal,
		occurrencesRecovered: looOccurrences,
		occurrenceShare: pct(looOccurrences, looTotal),
		missed: loo.filter((l) => l.recovered < l.occurrences)
	},
	heldout: heldout.length
		? {
				texts: heldoutRows.length,
				garblesCorrectedByGlossary: corrected,
				unseenGarbles: unseen,
				proposedForRightEntry: proposedRight,
				recall: pct(proposedRight, unseen),
				missed: misses,
				rows: heldoutRows
			}
		: 'skipped: held-out texts not present (see tests/fixtures/heldout/SOURCES.md)',
	precision: {
		heldout: heldout.length
			? {
					words: precision.heldout.words,
					distinct: precision.heldout.distinct.size,
					occurrences: precision.heldout.occurrences,
					distinctPer10k: per10k(precision.heldout.distinct.size, precision.heldout.words),
					occurrencesPer10k: per10k(precision.heldout.occurrences, precision.heldout.words)
				}
			: 'skipped',
		seeds: {
			...seedWrong,
			distinctPer10k: per10k(seedWrong.distinct, seedWrong.words),
			occurrencesPer10k: per10k(seedWrong.occurrences, seedWrong.words)
		},
		clean: {
			...cleanWrong,
			distinctPer10k: per10k(cleanWrong.distinct, cleanWrong.words),
			occurrencesPer10k: per10k(cleanWrong.occurrences, cleanWrong.words)
		},
		wrong
	}
};

writeFileSync(
	path.join(root, 'bench/suggest-eval.json'),
	JSON.stringify(result, null, '\t') + '\n'
);
const line = (label: string, value: string) => console.log(label.padEnd(34) + value);
line(
	'leave-one-out variants',
	`${looVariants}/${loo.length} (${result.leaveOneOut.variantShare} %)`
);
line(
	'leave-one-out occurrences',
	`${looOccurrences}/${looTotal} (${result.leaveOneOut.occurrenceShare} %)`
);
for (const m of result.leaveOneOut.missed) {
	console.log(
		`  missed: ${m.variant} (${m.entry}, ${m.recovered}/${m.occurrences} in ${m.where})${m.proposed.length ? ' proposed: ' + m.proposed.join('; ') : ''}`
	);
}
if (typeof result.heldout === 'string') console.log(result.heldout);
else {
	line(
		'held-out unseen garbles proposed',
		`${proposedRight}/${unseen} (${result.heldout.recall} %) in ${result.heldout.texts} texts`
	);
	for (const m of misses) console.log(`  missed: ${m}`);
}
for (const [set, p] of Object.entries(result.precision)) {
	if (set === 'wrong' || typeof p === 'string') continue;
	const q = p as {
		words: number;
		distinct: number;
		occurrences: number;
		distinctPer10k: number;
		occurrencesPer10k: number;
	};
	line(
		`wrong on ${set} (${q.words} words)`,
		`${q.distinct} distinct (${q.distinctPer10k}/10k), ${q.occurrences} occurrences (${q.occurrencesPer10k}/10k)`
	);
}
for (const w of wrong)
	console.log(`  wrong [${w.set}] ${w.text}: "${w.actual}" → ${w.entry} (${w.rule} ${w.score})`);
console.log('written to bench/suggest-eval.json');

import type { Severity } from './finding';
import type { MarkedDocument, MarkedParagraph } from './model';
import { FLAG_KINDS, type Flag, type FlagKind } from '../flags/types';

/** How trustworthy a transcript's translation looks: see README, "Quality". */
export interface Quality {
	/** Share of sentences with no warning or error, 0 to 1 (1 when there is no sentence). */
	score: number;
	words: number;
	counts: Record<FlagKind, number>;
	severities: Record<Severity, number>;
	/** Per turn: its number, its score and how many flags it has. */
	turns: { turn: number; score: number; flags: number }[];
}

const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;
/** A sentence: text up to and with its closing punctuation (and closing quotes), or the end. */
const SENTENCE = /[^.!?。！？]+(?:[.!?。！？]+["”’)\]]*|$)/gu;

/** The flags among a paragraph's findings: quality flags and suggestions (`unknown-garble`). */
export function flagsOf(paragraph: MarkedParagraph): Flag[] {
	return paragraph.findings.filter((f): f is Flag => f.source !== 'glossary' && 'kind' in f);
}

/** Sentences of a paragraph and whether a warning or error lies on each. */
function sentences({ raw, offset, findings }: MarkedParagraph): { flagged: boolean }[] {
	// Suggestions are left out: a garble the glossary does not list yet is no more a sign of a
	// bad translation than one it corrects.
	const serious = findings.filter((f) => f.source === 'quality' && f.severity !== 'info');
	return [...raw.matchAll(SENTENCE)]
		.filter((m) => m[0].trim() !== '')
		.map((m) => {
			const start = offset + m.index!;
			const end = start + m[0].length;
			return { flagged: serious.some((f) => f.start < end && f.end > start) };
		});
}

const scoreOf = (list: { flagged: boolean }[]) =>
	list.length === 0 ? 1 : round(list.filter((s) => !s.flagged).length / list.length);
const round = (n: number) => Math.round(n * 1000) / 1000;

export function qualityOf(doc: MarkedDocument): Quality {
	const counts = Object.fromEntries(FLAG_KINDS.map((k) => [k, 0])) as Record<FlagKind, number>;
	const severities: Record<Severity, number> = { info: 0, warning: 0, error: 0 };
	const all: { flagged: boolean }[] = [];
	let words = 0;
	const turns: Quality['turns'] = [];
	const title = doc.title ? [{ turn: null, paragraphs: [doc.title] }] : [];
	for (const block of [...title, ...doc.blocks]) {
		const own: { flagged: boolean }[] = [];
		let flags = 0;
		const count = (f: Flag) => {
			counts[f.kind]++;
			severities[f.severity]++;
			flags++;
		};
		if ('labelFindings' in block) (block.labelFindings as Flag[]).forEach(count);
		for (const p of block.paragraphs) {
			own.push(...sentences(p));
			words += p.raw.match(WORD)?.length ?? 0;
			flagsOf(p).forEach(count);
		}
		const turn = block.turn;
		all.push(...own);
		if (turn !== null) turns.push({ turn, score: scoreOf(own), flags });
	}
	return { score: scoreOf(all), words, counts, severities, turns };
}

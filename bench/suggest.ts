/**
 * The suggester's workload: the same paragraphs as the flag checks' (flags.ts), each with its
 * corrections, so a timed run does only what markDocument adds for suggestions.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GlossaryEntry } from '../src/lib/glossary/types';
import { englishWords } from '../src/lib/server/english';
import { Dictionary, dictionary, type CedictData } from '../src/lib/suggest/dictionary';
import { Suggester } from '../src/lib/suggest/suggester';
import type { FlagWorkload } from './flags';
import { memoryOf, sink } from './measure';

export function makeSuggester(entries: readonly GlossaryEntry[]): Suggester {
	const english = englishWords();
	return new Suggester(entries, dictionary(), (w) => english.has(w));
}

/** What markDocument adds for suggestions: every paragraph's. Returns how many. */
export function suggestAll(suggester: Suggester, w: FlagWorkload): number {
	let n = 0;
	for (const p of w.paragraphs) {
		n += suggester.find(p.raw, {
			offset: p.offset,
			transcript: w.transcript,
			corrections: p.corrections
		}).length;
	}
	return n;
}

/**
 * Start-up cost of the dictionary: reading and parsing the CC-CEDICT subset, indexing it, and
 * building the suggester for the real glossary (its dictionary lookups and proper-noun index
 * included), fresh objects each time, in ms.
 */
export function suggesterStartup(
	root: string,
	entries: readonly GlossaryEntry[],
	count: number
): number[] {
	const file = path.join(root, 'src/lib/suggest/cedict.json');
	const times: number[] = [];
	for (let i = 0; i < count; i++) {
		const t = performance.now();
		const data = JSON.parse(readFileSync(file, 'utf8')) as CedictData;
		const suggester = new Suggester(entries, new Dictionary(data), () => false);
		times.push(performance.now() - t);
		sink.value += suggester ? 1 : 0;
	}
	return times;
}

/** Heap growth of building the suggester and running it over `w` (its caches filled), in MB. */
export async function suggesterMemory(
	entries: readonly GlossaryEntry[],
	w: FlagWorkload,
	count: number
): Promise<number[]> {
	englishWords();
	dictionary();
	return memoryOf(() => {
		const suggester = makeSuggester(entries);
		suggestAll(suggester, w);
		return suggester;
	}, count);
}

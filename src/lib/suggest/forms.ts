import { isConditional, type GlossaryEntry } from '../glossary/types';
import { joinedKey, wordKey } from './words';

/**
 * What the suggester knows of one glossary entry: the ways machine translation renders its
 * source form (孟晚舟) — pinyin readings of each character, English glosses of characters and
 * words, a character read as the start of a longer proper noun (孟 as in 孟加拉 "Bangladesh") —
 * and the entry's own spellings (canonical name, variants, and the forms ruled out).
 */

/** The dictionary the forms are read from (`dictionary.ts`, a CC-CEDICT subset). */
export interface SourceDictionary {
	/** Toneless pinyin syllables of a character, every reading. */
	readings(char: string): string[];
	/** English glosses of a character. */
	glosses(char: string): string[];
	/** The dictionary words inside `text`, with their readings and glosses. */
	words(text: string): { word: string; index: number; glosses: string[] }[];
	/** Proper nouns of two or more characters that start with `char`. */
	properNounsStartingWith(char: string): { word: string; glosses: string[] }[];
}

/** One character of a source form, or a run of Latin letters or digits (`2035`). */
export interface SourceUnit {
	text: string;
	/** Pinyin readings (a digit or letter run reads as itself). */
	readings: string[];
}

/** English that may render a stretch of the source: each gloss as its word keys. */
export interface SpanGloss {
	/** Units `[from, to)` of the source. */
	from: number;
	to: number;
	words: string[];
	/** What the gloss renders: `舟 (gloss)`, `孟 as in 孟加拉 Bangladesh`. */
	how: 'gloss' | 'proper';
	/** The dictionary word glossed, for evidence. */
	source: string;
}

export interface EntryForms {
	entry: GlossaryEntry;
	units: SourceUnit[];
	glosses: SpanGloss[];
	/** The source read as pinyin, joined (`mengwanzhou`): several when a character has several readings. */
	pinyinKeys: string[];
	/** Joined keys of the canonical name and every variant: what the glossary already knows. */
	knownKeys: string[];
	/** Keys of the words of the canonical name and variants, camel-case parts too (`vander`). */
	ownWords: Set<string>;
	/** Keys of the canonical name's words: a window of these alone is the name, shortened. */
	canonicalWords: Set<string>;
	/** The same, in order: `['michael', 'spavor']`. */
	canonicalWordList: string[];
	/** Joined keys of the forms an editor ruled out (`not_variants`). */
	ruledOut: Set<string>;
}

/** How many pinyin spellings of one source form to generate at most (characters with many readings). */
const MAX_READINGS = 64;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;
const UNIT = /[\u3400-\u9fff\uf900-\ufaff]|[A-Za-z]+|[0-9]+/gu;

/** Abbreviations a gloss is written as in names: 山 "mountain" is `Mt.` in "Mt. Vander". */
const ABBREVIATIONS: Record<string, string> = { mountain: 'mt', mount: 'mt', saint: 'st' };
/** The adjective of a country gloss: 中国 "China" is rendered "Chinese standard 2035". */
const DEMONYMS: Record<string, string> = {
	china: 'chinese',
	canada: 'canadian',
	america: 'american',
	japan: 'japanese',
	britain: 'british',
	france: 'french',
	germany: 'german'
};

export function entryForms(entry: GlossaryEntry, dictionary: SourceDictionary): EntryForms {
	const source = entry.source ?? '';
	const units: SourceUnit[] = [...source.matchAll(UNIT)].map(([text]) => ({
		text,
		readings: CJK.test(text) ? dictionary.readings(text) : [text.toLowerCase()]
	}));
	const glosses: SpanGloss[] = [];
	const addGloss = (from: number, to: number, text: string, how: SpanGloss['how'], src: string) => {
		const words = text
			.split(/\s+/)
			.map(wordKey)
			.map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
			.filter(Boolean);
		if (words.length === 0 || words.length > 3) return;
		glosses.push({ from, to, words, how, source: src });
		const last = words.length - 1;
		for (const table of [ABBREVIATIONS, DEMONYMS]) {
			const other = table[words[last]!];
			if (other)
				glosses.push({ from, to, words: [...words.slice(0, last), other], how, source: src });
		}
	};
	units.forEach((unit, i) => {
		if (!CJK.test(unit.text)) return;
		for (const g of dictionary.glosses(unit.text)) addGloss(i, i + 1, g, 'gloss', unit.text);
		for (const noun of dictionary.properNounsStartingWith(unit.text)) {
			for (const g of noun.glosses) addGloss(i, i + 1, g, 'proper', noun.word);
		}
	});
	// Dictionary words of the source (肺炎 "pneumonia", 外交 "diplomacy"), located by units.
	const unitAt = new Map<number, number>();
	let code = 0;
	units.forEach((u, i) => {
		code = source.indexOf(u.text, code);
		unitAt.set(code, i);
		code += u.text.length;
	});
	for (const word of dictionary.words(source)) {
		const from = unitAt.get(word.index);
		if (from === undefined) continue;
		for (const g of word.glosses)
			addGloss(from, from + [...word.word].length, g, 'gloss', word.word);
	}

	// A canonical name that renders the source word for word ("dual circulation" = 双循环)
	// glosses each of its words: "dual cycle" is then half canonical, half gloss.
	const canonicalWords = entry.canonical.split(/\s+/);
	const segments = segmentation(units.length, glosses);
	if (segments && segments.length === canonicalWords.length && segments.length > 1) {
		segments.forEach(([from, to], i) =>
			addGloss(
				from,
				to,
				canonicalWords[i]!,
				'gloss',
				units
					.slice(from, to)
					.map((u) => u.text)
					.join('')
			)
		);
	}

	const pinyinKeys = new Set<string>();
	const readingsOf = (list: SourceUnit[]) => combine(list.map((u) => u.readings));
	for (const key of readingsOf(units)) pinyinKeys.add(key);
	// A transliterated foreign name (迈克尔·斯帕弗): its last part (the surname) alone too.
	const parts = source.split(/[·•・]/u).filter((p) => p.trim());
	const last = parts.length > 1 ? [...parts.at(-1)!.matchAll(UNIT)].length : 0;
	if (last >= 2) for (const key of readingsOf(units.slice(-last))) pinyinKeys.add(key);

	// Conditional variants are neither known spellings nor own words: "Trudeau" is Carney only
	// in some sentences.
	const forms = [
		entry.canonical,
		...entry.variants.filter((v) => !isConditional(entry, v)).map((v) => v.text)
	];
	const ownWords = new Set<string>();
	for (const form of forms) {
		// Whole words, and camel-case parts too: `VanderKlippe` gives `vander` and `klippe`.
		const words = [
			...form.split(/[^\p{L}\p{M}\p{N}]+/u),
			...form.split(/[^\p{L}\p{M}\p{N}]+|(?<=\p{Ll})(?=\p{Lu})/u)
		];
		for (const w of words) if (w.length >= 3) ownWords.add(wordKey(w));
	}
	return {
		entry,
		units,
		glosses,
		pinyinKeys: [...pinyinKeys].filter((k) => k.length > 0),
		knownKeys: [...new Set(forms.map(joinedKey))],
		ownWords,
		canonicalWordList: entry.canonical
			.split(/[^\p{L}\p{M}\p{N}]+/u)
			.filter(Boolean)
			.map(wordKey),
		canonicalWords: new Set(
			entry.canonical
				.split(/[^\p{L}\p{M}\p{N}]+/u)
				.filter(Boolean)
				.map(wordKey)
		),
		ruledOut: new Set((entry.notVariants ?? []).map(joinedKey))
	};
}

/** The source cut into glossed pieces, longest first (双循环 → 双 | 循环), or null. */
function segmentation(length: number, glosses: SpanGloss[]): [number, number][] | null {
	const pieces: [number, number][] = [];
	for (let at = 0; at < length;) {
		const to = Math.max(
			0,
			...glosses.filter((g) => g.from === at && g.how === 'gloss').map((g) => g.to)
		);
		if (to <= at) return null;
		pieces.push([at, to]);
		at = to;
	}
	return pieces;
}

const spanCache = new WeakMap<EntryForms, Map<number, string[]>>();

/** Joined pinyin readings of units [from, to) of an entry's source (`kangming`), cached. */
export function spanReadings(forms: EntryForms, from: number, to: number): string[] {
	let cache = spanCache.get(forms);
	if (!cache) spanCache.set(forms, (cache = new Map()));
	const id = from * 1024 + to;
	let readings = cache.get(id);
	if (!readings) {
		readings = combine(forms.units.slice(from, to).map((u) => u.readings));
		cache.set(id, readings);
	}
	return readings;
}

/** Every concatenation of one reading per unit, at most MAX_READINGS of them. */
function combine(readings: string[][]): string[] {
	let out = [''];
	for (const options of readings) {
		if (options.length === 0) return [];
		const next: string[] = [];
		for (const prefix of out) for (const r of options) next.push(prefix + r);
		out = next.slice(0, MAX_READINGS);
	}
	return out;
}

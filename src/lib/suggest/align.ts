import { editDistance } from '../text/edit-distance';
import { spanReadings, type EntryForms } from './forms';
import { STOPWORDS } from './words';

/**
 * Whether a window of words renders an entry's source form piece by piece: each word is the
 * pinyin of one or more characters ("Meng" = 孟, "Deshan" = 德山), a gloss of a character or
 * word ("boat" = 舟, "pneumonia" = 肺炎), or the proper noun a character starts ("Bangladesh" = 孟
 * as in 孟加拉), in the source's order and covering all of it (`alignCharacters`); or is made of
 * the entry's own words and glosses in any order ("Mt. Vander", `alignOwnWords`).
 */

export interface Alignment {
	/** 0–1: how well the words are explained (unexplained words count 0). */
	score: number;
	/** One piece per word a reader can check: `boat=舟 (gloss)`, `hung≈?`. */
	evidence: string[];
	/** The window is explained by glosses alone (no pinyin, no proper noun, no own word). */
	glossesOnly: boolean;
	/** Words explained only approximately: a pinyin syllable one edit off, or not at all. */
	inexact: number;
}

interface Step {
	score: number;
	unknown: number;
	inexact: number;
	evidence: string[];
	glossesOnly: boolean;
}

const PINYIN = 1;
const PINYIN_NEAR = 0.75;
const GLOSS = 0.9;
const PROPER = 0.8;
const GLOSS_HEAD = 0.6;

/**
 * The best piece-by-piece reading of `words` (the window's word keys, `texts` as written) as the
 * whole source form of `forms`, or null. One word in the middle of three or more may stay
 * unexplained ("Meng hung boat": hung≈?).
 */
export function alignCharacters(
	forms: EntryForms,
	words: readonly string[],
	texts: readonly string[],
	isEnglish: (word: string) => boolean
): Alignment | null {
	const n = words.length;
	const m = forms.units.length;
	if (n < 2 || m === 0) return null;
	// best[i][j]: best reading of words [0, i) as units [0, j).
	const best: (Step | undefined)[][] = Array.from({ length: n + 1 }, () => new Array(m + 1));
	best[0]![0] = { score: 0, unknown: 0, inexact: 0, evidence: [], glossesOnly: true };
	const offer = (i: number, j: number, from: Step, gain: number, piece: string, gloss: boolean) => {
		const unknown = from.unknown + (gain === 0 ? 1 : 0);
		if (unknown > 1) return;
		const score = from.score + gain;
		const here = best[i]![j];
		if (here && (here.score > score || (here.score === score && here.unknown <= unknown))) return;
		best[i]![j] = {
			score,
			unknown,
			inexact: from.inexact + (gain === 0 || gain === PINYIN_NEAR ? 1 : 0),
			evidence: [...from.evidence, piece],
			glossesOnly: from.glossesOnly && gloss
		};
	};
	for (let i = 0; i < n; i++) {
		for (let j = 0; j < m; j++) {
			const from = best[i]![j];
			if (!from) continue;
			const word = words[i]!;
			const text = texts[i]!;
			// Pinyin (or a digit run) of units [j, k).
			for (let k = j + 1; k <= Math.min(m, j + 4); k++) {
				const span = forms.units.slice(j, k);
				const chars = span.map((u) => u.text).join('');
				const readings = spanReadings(forms, j, k);
				if (readings.includes(word)) {
					offer(i + 1, k, from, PINYIN, `${text}=${chars} ${word} (pinyin)`, false);
				} else if (word.length >= 4 && !isEnglish(word)) {
					const near = readings.find((r) => editDistance(word, r, 1) === 1);
					if (near) offer(i + 1, k, from, PINYIN_NEAR, `${text}≈${chars} ${near} (pinyin)`, false);
				}
			}
			// Glosses starting at unit j, over one or more words.
			for (const g of forms.glosses) {
				if (g.from !== j) continue;
				const how = g.how === 'proper' ? `as in ${g.source} (proper noun)` : '(gloss)';
				const chars = forms.units
					.slice(g.from, g.to)
					.map((u) => u.text)
					.join('');
				// A proper noun is written capitalized ("Bangladesh"); a function word glosses nothing.
				if (g.how === 'proper' && !/^\p{Lu}/u.test(text)) continue;
				if (STOPWORDS.has(word)) continue;
				if (i + g.words.length <= n && g.words.every((w, k) => words[i + k] === w)) {
					const said = texts.slice(i, i + g.words.length).join(' ');
					// Every word of a phrase gloss is explained: "foreign affairs" = 外交.
					const gain = (g.how === 'proper' ? PROPER : GLOSS) * g.words.length;
					offer(
						i + g.words.length,
						g.to,
						from,
						gain,
						`${said}=${chars} ${how}`,
						g.how !== 'proper'
					);
				} else if (
					g.how === 'gloss' &&
					g.words.length > 1 &&
					g.words[0] === word &&
					word.length >= 5
				) {
					offer(i + 1, g.to, from, GLOSS_HEAD, `${text}=${chars} ${how}`, true);
				}
			}
			// One word in the middle left unexplained.
			if (i > 0 && i < n - 1 && n >= 3) offer(i + 1, j + 1, from, 0, `${text}≈?`, true);
		}
	}
	const end = best[n]![m];
	if (!end) return null;
	return {
		score: (end.score / n) * (end.unknown ? 0.85 : 1),
		evidence: end.evidence,
		glossesOnly: end.glossesOnly,
		inexact: end.inexact
	};
}

/**
 * `words` made only of the entry's own words ("Vander" from VanderKlippe) and glosses of its
 * characters ("Hill" = 山), in any order, at least one of them an own word that is not English.
 */
export function alignOwnWords(
	forms: EntryForms,
	words: readonly string[],
	texts: readonly string[],
	isEnglish: (word: string) => boolean
): Alignment | null {
	if (words.length < 2) return null;
	const evidence: string[] = [];
	let score = 0;
	let ownForeign = false;
	for (const [i, word] of words.entries()) {
		if (forms.ownWords.has(word)) {
			score += 1;
			ownForeign ||= !isEnglish(word);
			evidence.push(`${texts[i]} (in ${forms.entry.canonical} or its variants)`);
			continue;
		}
		const g = forms.glosses.find(
			(g) => g.how === 'gloss' && g.to - g.from === 1 && g.words.length === 1 && g.words[0] === word
		);
		if (!g) return null;
		score += GLOSS;
		evidence.push(`${texts[i]}=${g.source} (gloss)`);
	}
	if (!ownForeign) return null;
	return { score: score / words.length, evidence, glossesOnly: false, inexact: 0 };
}

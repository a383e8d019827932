import { fc, test } from '@fast-check/vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Flag } from '../../src/lib/flags/types';
import {
	CHINESE_SPELLING,
	findUnknownNames,
	NOT_PINYIN,
	ORDINARY,
	SUFFIXES
} from '../../src/lib/flags/unknown-names';
import { INLINE_SPACES } from '../../src/lib/text/chars';
import { SYLLABLES } from '../../src/lib/text/pinyin';
import { propertyRuns } from '../budget';
import { LU_KANG, ROOT, realGlossary, transcript, transcripts } from '../helpers';

const SYLLABLE_SET: ReadonlySet<string> = new Set(SYLLABLES);
/** Generous: a property's budget is its count of runs, never a time. */
const TIMEOUT = 120_000;

const english: ReadonlySet<string> = new Set(
	JSON.parse(
		readFileSync(path.join(ROOT, 'node_modules/an-array-of-english-words/index.json'), 'utf8')
	) as string[]
);
/**
 * Every lowercase word of every glossary canonical name and variant, as the caller builds it;
 * less relations.yaml, which now lists the spokespeople these tests use as unknown names
 * ("Zhao Lijian"): the last test checks that, listed, they are known.
 */
const known: ReadonlySet<string> = new Set(
	realGlossary()
		.entries.filter((entry) => entry.file !== 'relations.yaml')
		.flatMap((entry) =>
			[entry.canonical, ...entry.variants.map((v) => v.text)].flatMap((name) =>
				name
					.toLowerCase()
					.split(/[^\p{L}\p{M}\p{N}]+/u)
					.filter(Boolean)
			)
		)
);

/** Every flag of `text`, checked for the invariants of a finding at `offset`. */
function flags(text: string, offset = 0) {
	const found = findUnknownNames(text, { offset, english, known });
	for (const f of found) {
		expect(text.slice(f.start - offset, f.end - offset)).toBe(f.actual);
		expect(f).toMatchObject({
			source: 'quality',
			kind: 'unknown-name',
			severity: 'info',
			expected: []
		});
		expect(f.form).toBeUndefined();
		expect(f.rule).toMatch(/^unknown-name\/(not-a-word|romanized)$/);
	}
	return found;
}

const found = (text: string) => flags(text).map((f) => [f.rule.split('/')[1], f.actual]);

/** Each line of `text` with its offset, as a reader's paragraphs would be checked. */
function lines(text: string): { line: string; offset: number }[] {
	let offset = 0;
	return text.split('\n').map((line) => {
		const at = { line, offset };
		offset += line.length + 1;
		return at;
	});
}

const byLine = (text: string) => lines(text).flatMap(({ line, offset }) => flags(line, offset));

describe('the word list and the glossary, as the detector is given them', () => {
	it('lowercase English, and the glossary words', () => {
		expect(english.size).toBeGreaterThan(250_000);
		expect(english.has('beijing')).toBe(false); // hence ORDINARY
		expect(known.has('cummingkai')).toBe(true);
		expect(known.has('wang')).toBe(true); // Wang Yi: "Wang Wenbin" is flagged for Wenbin
		expect(known.has('zhangwenbo')).toBe(false);
	});
});

describe('flagged', () => {
	// [text, rule, actual]
	it.each([
		['the zhangwenbo case was raised', 'not-a-word', 'zhangwenbo'],
		['they met zhangwenbo’s lawyer', 'not-a-word', 'zhangwenbo'],
		['Now similar tiktok is on the other issue', 'not-a-word', 'tiktok'],
		['as Zhao Lijian said yesterday', 'romanized', 'Zhao Lijian'],
		['Zhao Lijian said yesterday', 'romanized', 'Zhao Lijian'],
		['spokeswoman Hua Chunying told reporters', 'romanized', 'Hua Chunying'],
		['spokesman Wang Wenbin said', 'romanized', 'Wang Wenbin'],
		['spokesperson Mao Ning of the Foreign Ministry', 'romanized', 'Mao Ning'],
		['the Nobel Prize was awarded to Liu Xiaobo, Japan', 'romanized', 'Liu Xiaobo'],
		['Zhào Lìjiān said', 'romanized', 'Zhào Lìjiān'],
		['in Beijing Zhao Lijian said', 'romanized', 'Zhao Lijian'],
		['Zhao Lijian’s remarks', 'romanized', 'Zhao Lijian'],
		['Wandezhan: this year', 'romanized', 'Wandezhan'], // wan+de+zhan, one word
		['asked Zhao about it', 'romanized', 'Zhao'],
		['when He Yafei said', 'romanized', 'He Yafei'], // He is a surname too, mid-sentence
		['the Chang’an avenue', 'romanized', 'Chang’an'],
		// Decided: Vietnamese and other names spelled with pinyin syllables are flagged (info).
		['the province of Dong Nai', 'romanized', 'Dong Nai']
	])('%s', (text, rule, actual) => {
		expect(found(text)).toEqual([[rule, actual]]);
	});

	it('both kinds in one text, at exact offsets', () => {
		const text = 'Hua Chunying said the zhangwenbo case and Lu Kang.';
		const result = flags(text, 1000);
		expect(result.map((f) => [f.start, f.end, f.actual])).toEqual([
			[1000, 1012, 'Hua Chunying'],
			[1022, 1032, 'zhangwenbo']
		]);
		expect(result[0]!.message).toBe(
			'‘Hua Chunying’ looks like a romanized Chinese name the glossary does not know: add it, or its garbled form, if it needs a note'
		);
		expect(result[1]!.message).toBe(
			'‘zhangwenbo’ is not an English word: it may be a garbled name; check the glossary'
		);
	});

	it('after an over-long run, the next name', () => {
		expect(found('Zhao Lijian Hua Chunying Wang Wenbin, and Mao Ning')).toEqual([
			['romanized', 'Mao Ning']
		]);
	});

	it('a possessive ends an over-long run too, and the next name is flagged', () => {
		// Found by the reference: the over-long run used to go on through the possessive.
		expect(found('Zhao Lijian Hua Chunying’s Wang Wenbin said')).toEqual([
			['romanized', 'Wang Wenbin']
		]);
		expect(found('Zhao Lijian Hua Chunying Wang’s Mao Ning said')).toEqual([
			['romanized', 'Mao Ning']
		]);
	});

	it('a name at the very end of the text', () => {
		expect(found('said Zhao Lijian')).toEqual([['romanized', 'Zhao Lijian']]);
	});
});

describe('not flagged', () => {
	it.each([
		// English, inflected English
		'the ambassador reiterated the ministries’ positions',
		'they were reassessing it, recalibrated and unsanctioned',
		// sentence-initial lowercase
		'zhangwenbo was there.',
		'He left. zhangwenbo was there.',
		'Lu Kang: zhangwenbo was there.',
		'• zhangwenbo was there.',
		// known glossary names and their garbles
		'Lu Kang said the cummingkai case and Meng Wanzhou',
		'Meng Wan Zhou and Shang Pengfei met Wang Yi and Xi Jinping',
		// English that spells pinyin
		'Long Island',
		'the Dong',
		'Sun and Man',
		'He said so. She can. Can Susan come?',
		'China and Canada',
		// Western names and places that spell pinyin
		'Linda, Susan, Karen, Julie, Natalie and Naomi met in June in Kenya, Haiti and Busan',
		'Angela Merkel and Le Devoir',
		// ordinary English place names from Chinese
		'Beijing, Shanghai, Xinjiang, Taiwan, Hong Kong, Xi’an and Xinhua',
		// an English word opening a sentence is no part of a name, and Yafei alone looks Western
		'He Yafei said',
		// numbers, URLs, addresses, handles
		'in 2020 and 1970s, 5G, COVID-19',
		'see https://www.theglobeandmail.com/world/article-lukang and www.fmprc.gov.cn',
		'write to press@zhangwenbo.org or @zhangwenbo',
		// never inside a word: hyphens, contractions, other scripts
		'Sino-Canadian, people-to-people, zhang-wenbo, Zhao-Lijian',
		'they shouldn’t, wouldn’t and mustn’t',
		'ZHAO LIJIAN said, McZhao',
		'the café and naïveté',
		'陆慷 said',
		// four pinyin words in a row are no single name
		'Zhao Lijian Hua Chunying',
		'Zhao Lijian Hua Chunying Wang Wenbin'
	])('%s', (text) => {
		expect(found(text)).toEqual([]);
	});
});

describe('on the transcripts', () => {
	// Human-written seeds: few flags, each defensible, and info only by construction.
	it.each([
		['china-canada-joly-beijing-2024-b', []],
		['china-canada-wang-yi-garneau', []],
		['china-canada-wang-yi-joly-2024-a', []]
	])('%s', (slug, expected) => {
		const result = byLine(transcript(slug));
		expect(result.map((f) => f.actual)).toEqual(expected);
	});

	it('the Lu Kang interview: a real name, and a brand written lowercase', () => {
		expect(byLine(transcript(LU_KANG)).map((f) => [f.rule, f.actual])).toEqual([
			['unknown-name/romanized', 'Liu Xiaobo'],
			['unknown-name/not-a-word', 'tiktok']
		]);
	});

	it('line by line and whole, the same flags at the same offsets', () => {
		for (const { text } of transcripts()) {
			const whole = flags(text);
			expect(byLine(text)).toEqual(whole);
		}
	});

	it('only info, on every transcript', () => {
		for (const { text } of transcripts()) {
			for (const f of flags(text)) expect(f.severity).toBe('info');
		}
	});
});

describe('the same flags as the reference', () => {
	// Random texts of the words the detector cares about: capitalized and lowercase pinyin (with
	// tone marks, apostrophes, possessives), runs of one to five name words, English words that
	// spell pinyin, glossary words and garbles, hyphens, contractions, URLs and handles, letters
	// that only look like tone marks, combining marks, astral letters, emoji and lone surrogates,
	// between spaces and punctuation.
	const syllable = fc.constantFrom(
		...['zhao', 'li', 'jian', 'hua', 'chun', 'ying', 'wang', 'wen', 'bin', 'mao', 'ning'],
		...['xi', 'an', 'ou', 'er', 'dong', 'long', 'sun', 'man', 'he', 'can', 'lin', 'da', 'su'],
		...['san', 'ka', 'ren', 'ju', 'ne', 'zhu', 'qiang', 'nv', 'lue', 'bei', 'jing', 'xin'],
		...['hai', 'ke', 'zi', 'a', 'e', 'o', 'zhe', 'jiang', 'shan', 'kang', 'lu', 'meng', 'yi'],
		...['tai', 'wan', 'zhuang', 'le', 'fu', 'na', 'omi']
	);
	/** Tone marks on the vowels whose bit is set in `marks`, and look-alikes that are not pinyin. */
	const MARKED: Record<string, string> = {
		a: 'āáǎàâ',
		e: 'ēéěèë',
		i: 'īíǐìï',
		o: 'ōóǒòö',
		u: 'ūúǔùüǖǘǚǜ'
	};
	const toned = (word: string, marks: number, which: number) =>
		[...word]
			.map((c, k) =>
				(marks >> k) & 1 && MARKED[c] ? MARKED[c][(which + k) % MARKED[c].length]! : c
			)
			.join('');
	const pinyin = fc
		.tuple(
			fc.array(syllable, { minLength: 1, maxLength: 5 }),
			fc.constantFrom('', '', '', '’', "'"),
			fc.nat(63),
			fc.nat(8),
			fc.boolean()
		)
		.map(([syllables, apostrophe, marks, which, tones]) => {
			const word = syllables.join(apostrophe);
			return tones ? toned(word, marks, which) : word;
		});
	const other = fc.constantFrom(
		...['the', 'said', 'minister', 'ambassador', 'reiterated', 'ministries', 'countries'],
		...['agreed', 'closing', 'quickly', 'tiktok', 'cummingkai', 'zhangwenbo', 'wandeshan'],
		...['beijing', 'xinjiang', 'angela', 'naomi', 'linda', 'kenya', 'june', 'china', 'canada'],
		...['island', 'sino', 'canadian', 'shouldn’t', "don't", 'café', 'naïveté', '陆慷', 'covid'],
		...['19', '2020', '5g', 'mcZhao', 'le', 'devoir', 'yafei', 'wenbin', 'lijian', 'chunying'],
		...['xiaobo', 'a', 'i'],
		// around the length of a packed key (11 letters), and longer
		...['cooperation', 'development', 'relationship', 'spokesperson', 'consultations'],
		...['unprecedented', 'interpretation', 'counterproductive', 'heilongjiang'],
		...['shijiazhuang', 'zhongguoxinwenshe', 'zhangwenbozhao'],
		// astral letters, emoji, combining marks, lone surrogates, dotted İ
		...['𠀀', '𠀀zhao', 'zhao𠀀', '😀', 'zhang😀', 'zhao\u0301', 'e\u0301', '\u0301'],
		...['\ud800', 'zhao\udc00', '𝐙hao', 'İstanbul', 'ǅemal']
	);
	const cased = (word: string, how: number) =>
		how === 0
			? word
			: how === 1
				? word.charAt(0).toUpperCase() + word.slice(1)
				: word.toUpperCase();
	const tail = fc.constantFrom('', '', '', '’s', "'s", '’S', '-', 's', 'ing');
	const word = fc
		.tuple(fc.oneof(pinyin, other), fc.constantFrom(0, 1, 1, 2), tail)
		.map(([w, how, end]) => cased(w, how) + end);
	/** One to five capitalized pinyin words between spaces, any of them possessive. */
	const name = fc
		.array(
			fc.tuple(
				pinyin,
				fc.constantFrom('', '', '', '', '’s'),
				fc.constantFrom(' ', ' ', '\u00a0', '  ')
			),
			{ minLength: 1, maxLength: 5 }
		)
		.map((words) => words.map(([w, end, space]) => cased(w, 1) + end + space).join(''));
	const address = fc.constantFrom(
		'https://www.zhangwenbo.com/world/article-lukang',
		'www.fmprc.gov.cn',
		'press@zhangwenbo.org',
		'@zhangwenbo',
		'a/b_zhao',
		'zhao.lijian'
	);
	const separator = fc.constantFrom(
		...[' ', ' ', ' ', ' ', '  ', '\u00a0', '\t', '\u3000', '\u2003', '\u200b', '\n', '\r\n'],
		...[', ', '. ', '.', '! ', '? ', ': ', '; ', '… ', ' “', '” ', ' ‘', '’ ', ' (', ') '],
		...[' - ', ' – ', '-', '‐', '—', '• ', "'", '’', '*', '😀 ']
	);
	const text = fc
		.array(
			fc.tuple(
				fc.oneof(
					{ weight: 12, arbitrary: word },
					{ weight: 4, arbitrary: name },
					{ weight: 1, arbitrary: address }
				),
				separator
			),
			{ maxLength: 30 }
		)
		.chain((parts) =>
			fc
				.constantFrom('', ' ', '. ', '\n', '“')
				.map((lead) => lead + parts.map(([w, s]) => w + s).join(''))
		);

	// Small sets as well as the real ones: a caller may pass others, and the caches must follow.
	const smallEnglish: ReadonlySet<string> = new Set([
		'long',
		'island',
		'he',
		'can',
		'the',
		'said',
		'close',
		'agree',
		'country',
		'quick',
		'china'
	]);
	const smallKnown: ReadonlySet<string> = new Set(['wang', 'lijian', 'zhao', 'tiktok']);

	test.prop([text, fc.nat(100_000), fc.boolean()], propertyRuns(300, 3000))(
		'random texts, real and small word lists',
		(sample, offset, small) => {
			const options = small
				? { offset, english: smallEnglish, known: smallKnown }
				: { offset, english, known };
			expect(findUnknownNames(sample, options)).toEqual(referenceFindUnknownNames(sample, options));
		},
		// The budget is the count of runs: a slow or loaded machine must not fail the full one.
		TIMEOUT
	);

	it(
		'the transcripts, line by line and whole',
		() => {
			for (const { text: whole } of transcripts()) {
				expect(findUnknownNames(whole, { english, known })).toEqual(
					referenceFindUnknownNames(whole, { english, known })
				);
				for (const { line, offset } of lines(whole)) {
					expect(findUnknownNames(line, { offset, english, known })).toEqual(
						referenceFindUnknownNames(line, { offset, english, known })
					);
				}
			}
		},
		TIMEOUT
	);
});

/**
 * The reference: the module comment of `unknown-names.ts`, read as a specification and written
 * as plainly as possible, for clarity and not speed: a word is found by a loop over code units,
 * a run of capitalized words is an array, a pinyin word is split by trying every syllable at
 * every letter, and the English suffixes are tried by building each stem. It shares nothing
 * with the detector but its data: the syllables, ORDINARY, NOT_PINYIN, CHINESE_SPELLING,
 * SUFFIXES and the spaces that join a name (a mistake in those is a mistake of data, which the
 * example tables catch). What a word, a capital and a tone mark are it works out itself, from
 * Unicode properties and decompositions, and so checks the character table the detector reads.
 */
function referenceFindUnknownNames(
	text: string,
	{
		offset = 0,
		english,
		known
	}: { offset?: number; english: ReadonlySet<string>; known: ReadonlySet<string> }
): Flag[] {
	/** A word code unit: a letter, mark or digit, or half of a surrogate pair (an emoji too). */
	const isWordUnit = (unit: string) =>
		/[\p{L}\p{M}\p{N}]/u.test(unit) || /^[\ud800-\udfff]$/.test(unit);
	/** A vowel with a tone mark, or ü (with or without one): what pinyin adds to a–z. */
	const isToned = (unit: string) =>
		/^[aeiou][\u0300\u0301\u0304\u030c]$|^u\u0308[\u0300\u0301\u0304\u030c]?$/i.test(
			unit.normalize('NFD')
		);
	const isCapital = (unit: string) =>
		/^[A-Z]$/.test(unit) || (isToned(unit) && unit !== unit.toLowerCase());
	const isSmallLetter = (unit: string) =>
		/^[a-z]$/.test(unit) || (isToned(unit) && unit === unit.toLowerCase());
	/** A pinyin letter as a–z: tone marks and the dots of ü dropped. */
	const plainLetter = (unit: string) => unit.normalize('NFD')[0]!.toLowerCase();
	const isApostrophe = (unit: string) => unit === "'" || unit === '’';
	const isSpace = (unit: string) => INLINE_SPACES.includes(unit);

	/** True when `text[at]` opens a sentence: only spaces, quotes, brackets, bullets, dashes since the start, a line break, or . ! ? : ; … */
	const opensSentence = (at: number) =>
		/(?:^|[.!?:;…\n])(?:(?!\n)[\s"“‘'([{«*•·\-–—])*$/u.test(text.slice(0, at));
	/** True when the word at `[start, end)` is in a chunk without spaces that has @ / \ # _ = ~ | & % + < > or a dot between two letters or digits. */
	const inAddress = (start: number, end: number) => {
		const chunk =
			/\S*$/.exec(text.slice(0, start))![0] +
			text.slice(start, end) +
			/^\S*/.exec(text.slice(end))![0];
		return /[@/\\#_=~|&%+<>]/.test(chunk) || /[\p{L}\p{N}]\.[\p{L}\p{N}]/u.test(chunk);
	};
	/** True when lowercase `word` is English, or English with one of SUFFIXES (closing: close, countries: country). */
	const isEnglish = (word: string) => {
		const stems = [word];
		for (const suffix of SUFFIXES) {
			if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue;
			const stem = word.slice(0, -suffix.length);
			stems.push(stem);
			if (suffix === 'ing' || suffix === 'ed') stems.push(`${stem}e`);
			if ((suffix === 'es' || suffix === 'ed') && stem.endsWith('i'))
				stems.push(`${stem.slice(0, -1)}y`);
		}
		return stems.some((stem) => english.has(stem));
	};
	/**
	 * The fewest syllables that spell `letters`, Infinity for none. A syllable that starts with
	 * a, e or o follows another only after an apostrophe, so each part between apostrophes is
	 * spelled on its own.
	 */
	const syllablesOf = (letters: string) => {
		const fewest = [0, ...Array<number>(letters.length).fill(Infinity)];
		for (let at = 0; at < letters.length; at++) {
			if (at > 0 && 'aeo'.includes(letters[at]!)) continue;
			for (let end = at + 1; end <= letters.length; end++) {
				if (SYLLABLE_SET.has(letters.slice(at, end)))
					fewest[end] = Math.min(fewest[end]!, fewest[at]! + 1);
			}
		}
		return fewest[letters.length]!;
	};

	interface NameWord {
		start: number;
		end: number;
		english: boolean;
		unknown: boolean;
		looksChinese: boolean;
	}
	/** A capitalized word (without any 's) as a word of a romanized name, or undefined. */
	const asNameWord = (start: number, end: number): NameWord | undefined => {
		const word = text.slice(start, end);
		const units = word.split('');
		if (units.length < 2 || !units.slice(1).every((u) => isSmallLetter(u) || isApostrophe(u)))
			return undefined;
		const parts = units
			.map((u) => (isApostrophe(u) ? "'" : plainLetter(u)))
			.join('')
			.split("'");
		if (parts.map(syllablesOf).reduce((a, b) => a + b) > 4) return undefined;
		const folded = parts.join('');
		if (ORDINARY.has(folded) || NOT_PINYIN.has(folded)) return undefined;
		const isEnglishWord = english.has(folded);
		return {
			start,
			end,
			english: isEnglishWord,
			unknown: !isEnglishWord && !known.has(word.toLowerCase()) && !known.has(folded),
			looksChinese: SYLLABLE_SET.has(folded) || CHINESE_SPELLING.test(folded)
		};
	};

	const flags: Flag[] = [];
	/** The capitalized pinyin words read since the last word of another kind, or other gap. */
	let run: NameWord[] = [];
	/** Flags the run when it is a name: 1–3 words (four are a heading or a list), one unknown. */
	const closeRun = () => {
		let name = run;
		run = [];
		if (name.length === 0 || name.length > 3) return;
		// An English word opening a sentence is no part of the name ("He", "Can").
		if (name.length > 1 && name[0]!.english && opensSentence(name[0]!.start)) name = name.slice(1);
		if (!name.some((w) => w.unknown)) return;
		if (name.length === 1 && !name[0]!.looksChinese) return;
		const [start, end] = [name[0]!.start, name.at(-1)!.end];
		const actual = text.slice(start, end);
		flags.push({
			source: 'quality',
			kind: 'unknown-name',
			rule: 'unknown-name/romanized',
			start: offset + start,
			end: offset + end,
			actual,
			expected: [],
			message: `‘${actual}’ looks like a romanized Chinese name the glossary does not know: add it, or its garbled form, if it needs a note`,
			severity: 'info'
		});
	};

	let previousEnd = -1;
	let at = 0;
	while (at < text.length) {
		if (!isWordUnit(text[at]!)) {
			at++;
			continue;
		}
		// A word: word units, and an apostrophe or hyphen between two of them.
		const start = at;
		while (at < text.length) {
			if (isWordUnit(text[at]!)) at++;
			else if (/['’\-‐]/.test(text[at]!) && at + 1 < text.length && isWordUnit(text[at + 1]!)) at++;
			else break;
		}
		const end = at;
		const possessive = /['’][sS]$/.test(text.slice(start, end));
		const stemEnd = possessive ? end - 2 : end;
		const afterSpaces =
			previousEnd >= 0 &&
			start > previousEnd &&
			text.slice(previousEnd, start).split('').every(isSpace);
		previousEnd = end;

		if (isCapital(text[start]!)) {
			const nameWord = asNameWord(start, stemEnd);
			// A name's words have only spaces between them, and a possessive ends it.
			if (!nameWord || !afterSpaces) closeRun();
			if (!nameWord) continue;
			run.push(nameWord);
			if (possessive) closeRun();
			continue;
		}
		closeRun();
		const word = text.slice(start, stemEnd);
		if (!/^[a-z]{4,}$/.test(word) || isEnglish(word) || known.has(word)) continue;
		if (opensSentence(start) || inAddress(start, end)) continue;
		flags.push({
			source: 'quality',
			kind: 'unknown-name',
			rule: 'unknown-name/not-a-word',
			start: offset + start,
			end: offset + stemEnd,
			actual: word,
			expected: [],
			message: `‘${word}’ is not an English word: it may be a garbled name; check the glossary`,
			severity: 'info'
		});
	}
	closeRun();
	return flags;
}

describe('with the whole glossary', () => {
	it('knows the names it lists: Zhao Lijian is no unknown name once relations.yaml has him', () => {
		const all = new Set(
			realGlossary().entries.flatMap((e) => e.canonical.toLowerCase().split(/[^\p{L}]+/u))
		);
		expect(findUnknownNames('as Zhao Lijian said', { english, known: all })).toEqual([]);
		expect(flags('as Zhao Lijian said')).toHaveLength(1);
	});
});

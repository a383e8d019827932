import { fc, test } from '@fast-check/vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Flag } from '../../src/lib/flags/types';
import { findUnknownNames } from '../../src/lib/flags/unknown-names';
import { SYLLABLES } from '../../src/lib/text/pinyin';
import { LU_KANG, ROOT, realGlossary, transcript, transcripts } from '../helpers';

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

describe('the same flags as the reference implementation', () => {
	// Random texts of the words the detector cares about: capitalized and lowercase pinyin (with
	// tone marks, apostrophes, possessives), English words that spell pinyin, glossary words and
	// garbles, hyphens, contractions, URLs and handles, between spaces and punctuation.
	const syllable = fc.constantFrom(
		'zhao',
		'li',
		'jian',
		'hua',
		'chun',
		'ying',
		'wang',
		'wen',
		'bin',
		'mao',
		'ning',
		'xi',
		'an',
		'ou',
		'er',
		'dong',
		'long',
		'sun',
		'man',
		'he',
		'can',
		'lin',
		'da',
		'su',
		'san',
		'ka',
		'ren',
		'ju',
		'ne',
		'zhu',
		'qiang',
		'nv',
		'lue',
		'bei',
		'jing',
		'xin',
		'hai',
		'ke',
		'zi',
		'a',
		'e',
		'o',
		'zhe',
		'jiang',
		'shan',
		'kang',
		'lu',
		'meng',
		'yi',
		'tai',
		'wan'
	);
	const toned = (word: string, marks: number) =>
		[...word]
			.map((c, k) =>
				(marks >> k) & 1
					? (({ a: 'ā', e: 'é', i: 'ǐ', o: 'ò', u: 'ü' } as Record<string, string>)[c] ?? c)
					: c
			)
			.join('');
	const pinyin = fc
		.tuple(
			fc.array(syllable, { minLength: 1, maxLength: 5 }),
			fc.boolean(),
			fc.nat(63),
			fc.boolean()
		)
		.map(([syllables, apostrophe, marks, tones]) => {
			const word = syllables.join(apostrophe ? '’' : '');
			return tones ? toned(word, marks) : word;
		});
	const other = fc.constantFrom(
		'the',
		'said',
		'minister',
		'ambassador',
		'reiterated',
		'ministries',
		'countries',
		'agreed',
		'closing',
		'quickly',
		'tiktok',
		'cummingkai',
		'zhangwenbo',
		'wandeshan',
		'beijing',
		'xinjiang',
		'angela',
		'naomi',
		'linda',
		'kenya',
		'june',
		'china',
		'canada',
		'island',
		'sino',
		'canadian',
		'shouldn’t',
		"don't",
		'café',
		'naïveté',
		'陆慷',
		'covid',
		'19',
		'2020',
		'5g',
		'mcZhao',
		'le',
		'devoir',
		'yafei',
		'wenbin',
		'lijian',
		'chunying',
		'xiaobo',
		'a',
		'i',
		// around the length of a packed key (11 letters), and longer
		'cooperation',
		'development',
		'relationship',
		'spokesperson',
		'consultations',
		'unprecedented',
		'interpretation',
		'counterproductive',
		'heilongjiang',
		'shijiazhuang',
		'zhongguoxinwenshe',
		'zhangwenbozhao'
	);
	const cased = (word: string, how: number) =>
		how === 0
			? word
			: how === 1
				? word.charAt(0).toUpperCase() + word.slice(1)
				: word.toUpperCase();
	const word = fc
		.tuple(
			fc.oneof(pinyin, other),
			fc.constantFrom(0, 1, 1, 2),
			fc.constantFrom('', '', '', '’s', "'s", '-', 's', 'ing')
		)
		.map(([w, how, tail]) => cased(w, how) + tail);
	const address = fc.constantFrom(
		'https://www.zhangwenbo.com/world/article-lukang',
		'www.fmprc.gov.cn',
		'press@zhangwenbo.org',
		'@zhangwenbo',
		'a/b_zhao',
		'zhao.lijian'
	);
	const separator = fc.constantFrom(
		' ',
		' ',
		' ',
		' ',
		'  ',
		'\u00a0',
		'\t',
		'\u3000',
		'\n',
		', ',
		'. ',
		'.',
		'! ',
		'? ',
		': ',
		'; ',
		'… ',
		' “',
		'” ',
		' ‘',
		'’ ',
		' (',
		') ',
		' - ',
		' – ',
		'-',
		'—',
		'• ',
		"'",
		'’',
		'*'
	);
	const text = fc
		.array(
			fc.tuple(
				fc.oneof({ weight: 12, arbitrary: word }, { weight: 1, arbitrary: address }),
				separator
			),
			{
				maxLength: 30
			}
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

	test.prop([text, fc.nat(100_000), fc.boolean()], { numRuns: 3000 })(
		'random texts, real and small word lists',
		(sample, offset, small) => {
			const options = small
				? { offset, english: smallEnglish, known: smallKnown }
				: { offset, english, known };
			expect(findUnknownNames(sample, options)).toEqual(referenceFindUnknownNames(sample, options));
		}
	);

	it('the transcripts, line by line and whole', () => {
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
	});
});

/**
 * The reference: src/lib/flags/unknown-names.ts as it was before it was made faster (a string
 * and a pinyin segmentation per capitalized word, a hash table probe per lowercase word),
 * verbatim but for its imports and exports, kept to prove that the faster one flags the same.
 */
const referenceFindUnknownNames = (() => {
	/**
	 * The unknown-name check: machine translation renders a Chinese name it does not know either
	 * as a lowercase non-word ("visit cummingkai") or as bare pinyin ("Zhao Lijian said"). Both
	 * are flagged at `info` so that a reader can add the name, or its garble, to the glossary.
	 *
	 * - `unknown-name/not-a-word`: a lowercase word of 4+ ASCII letters, not opening a sentence,
	 *   that is not English (`options.english`, also tried without a final s, es, ed, ing, ly, 's),
	 *   not a glossary word (`options.known`) and not part of a URL, address or handle.
	 * - `unknown-name/romanized`: a run of 1–3 capitalized words, each made only of Hanyu Pinyin
	 *   syllables, that holds a word that is neither English nor a glossary word ("Wang Wenbin":
	 *   Wang is known from Wang Yi, Wenbin is not). English-looking pinyin alone ("Dong", "Long
	 *   Island", "Sun") is left alone, and so are the Chinese words of ORDINARY ("Beijing"). An
	 *   English word opening a sentence is no part of a name ("He", "Can"), and a name of one word
	 *   must look Chinese (CHINESE_SPELLING), or "Linda", "Susan" and "Kenya" would be flagged.
	 *
	 * Whole words only: a hyphenated word ("Sino-Canadian"), a contraction ("don't"), a word with
	 * digits or letters outside ASCII (tone marks aside) is never flagged. Vietnamese or other
	 * names spelled with pinyin syllables ("Dong Nai") are flagged too: nothing tells them apart,
	 * and `info` says "probably fine".
	 *
	 * Pure and allocation-light: the text is scanned code unit by code unit through lookup
	 * tables, and a lowercase word is looked up in `english` where it stands (WordTable, built
	 * once per set); a word becomes a string only when it is not English, or when it is a
	 * capitalized word that spells pinyin.
	 */

	type UnknownNameFlag = Flag & { kind: 'unknown-name' };

	interface UnknownNameOptions {
		/** Where `text` starts in the prepared transcript text: added to every offset. */
		offset?: number;
		/**
		 * Lowercase English words (`an-array-of-english-words`, passed in by the caller). Pass the
		 * same set to every call: a hash table of it is built on first use (≈ 70 ms) and kept.
		 */
		english: ReadonlySet<string>;
		/** Lowercase words of every glossary canonical name and variant. */
		known: ReadonlySet<string>;
	}

	// The syllables are data shared with the app (src/lib/pinyin.ts), not part of what is compared.

	/**
	 * Chinese words that are ordinary English in a text about China, though the word list lacks
	 * them (it has no proper nouns): provinces, large cities, Xinhua, feng shui. Never flagged, and
	 * they end a run ("in Beijing Zhao Lijian said" flags "Zhao Lijian").
	 */
	const ORDINARY = new Set(
		`beijing tianjin chongqing guangzhou shenzhen wuhan nanjing hangzhou chengdu xiamen qingdao
		dalian shenyang kunming xian changsha zhengzhou jinan fuzhou hefei nanning guiyang lanzhou
		xining yinchuan taiyuan shijiazhuang haikou nanchang changchun suzhou ningbo wenzhou macao
		taipei guangdong fujian zhejiang jiangsu shandong hebei henan hubei hunan sichuan yunnan
		guizhou guangxi hainan anhui jiangxi shanxi shaanxi gansu qinghai ningxia jilin liaoning
		heilongjiang xinjiang xizang taiwan xinhua feng shui fu`.split(/\s+/)
	);

	/**
	 * Non-Chinese names and words that happen to spell pinyin and that a rule below would still
	 * flag ("Angela" = an+ge+la, "Naomi" = nao+mi, "Le Devoir"): treated as not pinyin. Found by
	 * segmenting lists of countries, cities and Western given names; not a list of every such name.
	 */
	const NOT_PINYIN = new Set(
		`angela naomi shane zane anne anna hanna juan sao zen suga le cuba`.split(/\s+/)
	);

	/**
	 * Spellings that a Western name seldom has and a Chinese name often does: zh ch sh x q, and
	 * the finals -ao -ou -ui -iu -uo -ng -ian -uan. Alone, a capitalized word is flagged only when
	 * it is one syllable ("Zhao") or has one of these: "Linda" (lin+da), "Susan" (su+san), "Karen"
	 * (ka+ren), "June" (ju+ne), "Kenya", "Haiti" all spell pinyin, and none of them is flagged.
	 */
	const CHINESE_SPELLING = /zh|ch|sh|x|q|ao|ou|ui|iu|uo|ng|ian|uan/;
	const SYLLABLE_SET: ReadonlySet<string> = new Set(SYLLABLES);

	/** Longest a pinyin word may be, in letters and in syllables ("Heilongjiang" = 3). */
	const MAX_LETTERS = 24;
	const MAX_SYLLABLES = 4;
	/** Longest run of capitalized pinyin words flagged: a name is 1–3 words ("Ou Yang Ming"). */
	const MAX_RUN = 3;
	/** Shortest lowercase word checked by `not-a-word`. */
	const MIN_LETTERS = 4;

	// Character classes, one table lookup per code unit.
	const LOWER = 1; // a-z
	const UPPER = 2; // A-Z
	const TONE_LOWER = 4; // ā á ǎ à … ü ǖ: pinyin letters outside ASCII
	const TONE_UPPER = 8; // Ā Á Ǎ À …
	const OTHER = 16; // any other word code unit: digits, other letters, marks, surrogates
	const APOSTROPHE = 32; // ' ’ (inside a word)
	const HYPHEN = 64; // - ‐ (inside a word)
	const SPACE = 128; // what may separate two words of a name: spaces, never a line break
	const LETTER_BITS = LOWER | UPPER | TONE_LOWER | TONE_UPPER;
	const WORD_BITS = LETTER_BITS | OTHER;

	const CLASS = new Uint8Array(0x10000);
	/** The letter a code unit folds to, 1–26 for a–z (tone marks and ü removed), 0 for none. */
	const LETTER = new Uint8Array(0x10000);

	// Word code units, as fold.ts's isWordCode: letters, marks, digits, and surrogates.
	{
		const word = /[\p{L}\p{M}\p{N}]/u;
		for (let code = 0; code < 0x10000; code++) {
			if ((code >= 0xd800 && code <= 0xdfff) || word.test(String.fromCharCode(code))) {
				CLASS[code] = OTHER;
			}
		}
		for (let i = 0; i < 26; i++) {
			CLASS[0x61 + i] = LOWER;
			LETTER[0x61 + i] = i + 1;
			CLASS[0x41 + i] = UPPER;
			LETTER[0x41 + i] = i + 1;
		}
		const tones: [string, string][] = [
			['a', 'āáǎà'],
			['e', 'ēéěè'],
			['i', 'īíǐì'],
			['o', 'ōóǒò'],
			['u', 'ūúǔùüǖǘǚǜ']
		];
		for (const [base, marked] of tones) {
			for (const char of marked) {
				const lower = char.charCodeAt(0);
				const upper = char.toUpperCase().charCodeAt(0);
				CLASS[lower] = TONE_LOWER;
				LETTER[lower] = base.charCodeAt(0) - 0x60;
				if (upper !== lower) {
					CLASS[upper] = TONE_UPPER;
					LETTER[upper] = base.charCodeAt(0) - 0x60;
				}
			}
		}
		CLASS[0x27] = CLASS[0x2019] = APOSTROPHE;
		CLASS[0x2d] = CLASS[0x2010] = HYPHEN;
		for (const space of [0x20, 0x09, 0xa0, 0x202f, 0x3000]) CLASS[space] = SPACE;
		for (let code = 0x2000; code <= 0x200a; code++) CLASS[code] = SPACE;
	}

	/**
	 * SYLLABLES as a trie over letters 1–26: node `n`'s child for letter `l` is `TRIE[n * 27 + l]`
	 * (0: none), and `END[n]` is 1 when the path to `n` spells a syllable. Node 0 is the root.
	 */
	const { TRIE, END } = (() => {
		const children: number[] = new Array(27).fill(0);
		const end: number[] = [0];
		for (const syllable of SYLLABLES) {
			let node = 0;
			for (const char of syllable) {
				const slot = node * 27 + (char.charCodeAt(0) - 0x60);
				if (children[slot] === 0) {
					children[slot] = end.length;
					end.push(0);
					children.push(...new Array(27).fill(0));
				}
				node = children[slot]!;
			}
			end[node] = 1;
		}
		return { TRIE: Int32Array.from(children), END: Uint8Array.from(end) };
	})();

	/** Letters (1–26) of the word being segmented, and 1 where an apostrophe precedes a letter. */
	const LETTERS = new Uint8Array(MAX_LETTERS);
	const AFTER_APOSTROPHE = new Uint8Array(MAX_LETTERS);
	const VOWEL_A = 1;
	const VOWEL_E = 5;
	const VOWEL_O = 15;

	/**
	 * True when `LETTERS[at, length)` is a sequence of at most `left` syllables, the longest
	 * syllable tried first. As in pinyin spelling, a syllable starting with a, e or o follows
	 * another only after an apostrophe (Xi'an), and an apostrophe ends a syllable.
	 */
	function segments(at: number, length: number, left: number): boolean {
		if (at === length) return true;
		if (left === 0) return false;
		const first = LETTERS[at]!;
		if (
			at > 0 &&
			AFTER_APOSTROPHE[at] === 0 &&
			(first === VOWEL_A || first === VOWEL_E || first === VOWEL_O)
		) {
			return false;
		}
		// The ends of every syllable starting at `at`, found by walking the trie once.
		let ends = 0; // bit k set: a syllable of k + 1 letters
		let node = 0;
		for (let k = at; k < length; k++) {
			if (k > at && AFTER_APOSTROPHE[k] === 1) break;
			node = TRIE[node * 27 + LETTERS[k]!]!;
			if (node === 0) break;
			if (END[node] === 1) ends |= 1 << (k - at);
		}
		for (let size = 6; size >= 1; size--) {
			if (ends & (1 << (size - 1)) && segments(at + size, length, left - 1)) return true;
		}
		return false;
	}

	/** True when `text[start, end)` (a capitalized word, apostrophes allowed) spells pinyin. */
	function isPinyin(text: string, start: number, end: number): boolean {
		let length = 0;
		let apostrophe = 0;
		for (let at = start; at < end; at++) {
			const code = text.charCodeAt(at);
			if (CLASS[code] === APOSTROPHE) {
				apostrophe = 1;
				continue;
			}
			if (length === MAX_LETTERS) return false;
			LETTERS[length] = LETTER[code]!;
			AFTER_APOSTROPHE[length++] = apostrophe;
			apostrophe = 0;
		}
		return segments(0, length, MAX_SYLLABLES);
	}

	/** A pinyin word of `text` lowercased, tone marks and ü folded, apostrophes left out: "xian". */
	function asciiLower(text: string, start: number, end: number): string {
		let out = '';
		for (let at = start; at < end; at++) {
			const letter = LETTER[text.charCodeAt(at)]!;
			if (letter) out += String.fromCharCode(0x60 + letter);
		}
		return out;
	}

	/** Final parts that make an English word from a stem: "ascertained" from "ascertain". */
	const SUFFIXES = ['s', 'es', 'ed', 'ing', 'ly'] as const;

	/** True when lowercase `word` is English, or an English word plus a common ending. */
	function isEnglish(word: string, english: ReadonlySet<string>): boolean {
		if (english.has(word)) return true;
		for (const suffix of SUFFIXES) {
			if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
				const stem = word.slice(0, -suffix.length);
				if (english.has(stem)) return true;
				// closing → close, agreed → agree; countries → country.
				if ((suffix === 'ing' || suffix === 'ed') && english.has(`${stem}e`)) return true;
				if ((suffix === 'es' || suffix === 'ed') && stem.endsWith('i')) {
					if (english.has(`${stem.slice(0, -1)}y`)) return true;
				}
			}
		}
		return false;
	}

	/** Characters that glue a word to a URL, address, handle, path or identifier. */
	const GLUE = /[@/\\#_=~|&%+<>]/;

	/** True when `text[start, end)` is part of a URL, email, handle or file name. */
	function inAddress(text: string, start: number, end: number): boolean {
		let from = start;
		while (from > 0 && !/\s/.test(text[from - 1]!)) from--;
		let to = end;
		while (to < text.length && !/\s/.test(text[to]!)) to++;
		const chunk = text.slice(from, to);
		// A dot between two word characters: "theglobeandmail.com", "www.fmprc.gov.cn".
		return GLUE.test(chunk) || /[\p{L}\p{N}]\.[\p{L}\p{N}]/u.test(chunk);
	}

	/** True at the start of the text or a line, or after . ! ? : ; … (opening quotes and bullets skipped). */
	function opensSentence(text: string, at: number): boolean {
		while (at > 0 && /[\s"“‘'([{«*•·\-–—]/u.test(text[at - 1]!) && text[at - 1] !== '\n') at--;
		return at === 0 || /[.!?:;…\n]/u.test(text[at - 1]!);
	}

	/** FNV-1a over UTF-16 code units: `hashStep(hash, code)` from `HASH_SEED`. */
	const HASH_SEED = 0x811c9dc5 | 0;
	function hashStep(hash: number, code: number): number {
		return Math.imul(hash ^ code, 0x01000193);
	}

	/**
	 * A set of words as an open-addressing hash table over code units: a word of the text is
	 * looked up where it stands, without being made a string (most words of a text are English,
	 * and a string per word is most of the cost of a scan).
	 */
	class WordTable {
		readonly size: number;
		private readonly slots: Int32Array; // word number + 1, 0 for an empty slot
		private readonly hashes: Int32Array;
		private readonly starts: Int32Array; // word k is chars[starts[k], starts[k + 1])
		private readonly chars: Uint16Array;
		private readonly mask: number;

		constructor(words: ReadonlySet<string>) {
			this.size = words.size;
			let total = 0;
			for (const word of words) total += word.length;
			this.chars = new Uint16Array(total);
			this.starts = new Int32Array(words.size + 1);
			this.hashes = new Int32Array(words.size);
			let capacity = 1024;
			while (capacity < words.size * 2) capacity *= 2;
			this.slots = new Int32Array(capacity);
			this.mask = capacity - 1;
			let k = 0;
			let at = 0;
			for (const word of words) {
				let hash = HASH_SEED;
				this.starts[k] = at;
				for (let i = 0; i < word.length; i++) {
					const code = word.charCodeAt(i);
					this.chars[at++] = code;
					hash = hashStep(hash, code);
				}
				this.hashes[k] = hash;
				let slot = hash & this.mask;
				while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
				this.slots[slot] = ++k;
			}
			this.starts[k] = at;
		}

		/** True when `text[start, end)`, whose hash is `hash`, is one of the words. */
		has(text: string, start: number, end: number, hash: number): boolean {
			const length = end - start;
			for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
				const k = this.slots[slot]! - 1;
				if (k < 0) return false;
				if (this.hashes[k] !== hash) continue;
				const from = this.starts[k]!;
				if (this.starts[k + 1]! - from !== length) continue;
				let i = 0;
				while (i < length && this.chars[from + i] === text.charCodeAt(start + i)) i++;
				if (i === length) return true;
			}
		}
	}

	/** One table per word set, built on first use; rebuilt if the set's size changed. */
	const TABLES = new WeakMap<ReadonlySet<string>, WordTable>();
	function tableOf(words: ReadonlySet<string>): WordTable {
		let table = TABLES.get(words);
		if (table?.size !== words.size) TABLES.set(words, (table = new WordTable(words)));
		return table;
	}

	/** The words of an open run of capitalized pinyin words: starts, and ends without any 's. */
	const RUN_STARTS = new Int32Array(MAX_RUN + 1);
	const RUN_ENDS = new Int32Array(MAX_RUN + 1);

	/**
	 * Flags lowercase non-words and romanized names the glossary does not know in `text`, which
	 * starts at `offset` of the prepared transcript text. Every flag is `info`.
	 */
	function findUnknownNames(text: string, options: UnknownNameOptions): UnknownNameFlag[] {
		const offset = options.offset ?? 0;
		const { english, known } = options;
		const englishTable = tableOf(english);
		const flags: UnknownNameFlag[] = [];
		const length = text.length;
		/** Words in the open run; -1 when the run is too long to be a name (it is never flagged). */
		let run = 0;
		/** Where the previous word ended: a name's words have only SPACE between them. */
		let previousEnd = -1;

		let at = 0;
		while (at < length) {
			let cls = CLASS[text.charCodeAt(at)]!;
			if (!(cls & WORD_BITS)) {
				at++;
				continue;
			}
			// A word: word code units, with inner apostrophes and hyphens.
			const start = at;
			const firstClass = cls;
			let all = 0; // classes of every code unit after the first
			let apostrophes = 0;
			let lastApostrophe = -1;
			at++;
			for (;;) {
				while (at < length && (cls = CLASS[text.charCodeAt(at)]!) & WORD_BITS) {
					all |= cls;
					at++;
				}
				if (at + 1 >= length || !(cls & (APOSTROPHE | HYPHEN))) break;
				if (!(CLASS[text.charCodeAt(at + 1)]! & WORD_BITS)) break;
				all |= cls;
				if (cls === APOSTROPHE) {
					apostrophes++;
					lastApostrophe = at;
				}
				at++;
			}
			const end = at;
			// A final 's or ’s is a possessive: the word is what precedes it.
			let stemEnd = end;
			if (
				apostrophes > 0 &&
				lastApostrophe === end - 2 &&
				(text.charCodeAt(end - 1) === 0x73 || text.charCodeAt(end - 1) === 0x53)
			) {
				stemEnd = end - 2;
				apostrophes--;
			}
			const spaced = previousEnd >= 0 && onlySpaces(text, previousEnd, start);
			previousEnd = end;

			if (firstClass & (UPPER | TONE_UPPER)) {
				// Capitalized: a word of a romanized name when its other letters are lowercase pinyin.
				const rest = stemEnd === end ? all : restClasses(text, start + 1, stemEnd);
				const pinyin =
					!(rest & ~(LOWER | TONE_LOWER | APOSTROPHE)) &&
					stemEnd - start >= 2 &&
					isPinyin(text, start, stemEnd) &&
					!excluded(asciiLower(text, start, stemEnd));
				if (!pinyin) {
					run = closeRun(text, run, offset, english, known, flags);
					continue;
				}
				if (run !== 0 && !spaced) run = closeRun(text, run, offset, english, known, flags);
				if (run === -1) continue; // still the over-long run
				if (run === MAX_RUN) {
					run = -1; // four pinyin words in a row: a heading or a list, not one name
					continue;
				}
				RUN_STARTS[run] = start;
				RUN_ENDS[run++] = stemEnd;
				// A possessive ends the name: "Zhao Lijian's".
				if (stemEnd !== end) run = closeRun(text, run, offset, english, known, flags);
				continue;
			}
			run = closeRun(text, run, offset, english, known, flags);
			// Lowercase ASCII letters only, with at most a possessive 's.
			if (firstClass !== LOWER || stemEnd - start < MIN_LETTERS || apostrophes > 0) continue;
			if ((stemEnd === end ? all : restClasses(text, start + 1, stemEnd)) & ~LOWER) continue;
			let hash = HASH_SEED;
			for (let k = start; k < stemEnd; k++) hash = hashStep(hash, text.charCodeAt(k));
			if (englishTable.has(text, start, stemEnd, hash)) continue;
			const word = text.slice(start, stemEnd);
			if (isEnglish(word, english) || known.has(word)) continue;
			if (opensSentence(text, start) || inAddress(text, start, end)) continue;
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
		closeRun(text, run, offset, english, known, flags);
		return flags;
	}

	/** Flags the open run of `run` words if it is a name (`romanized`); the new run length, 0. */
	function closeRun(
		text: string,
		run: number,
		offset: number,
		english: ReadonlySet<string>,
		known: ReadonlySet<string>,
		flags: UnknownNameFlag[]
	): number {
		if (run > 0) romanized(text, run, offset, english, known, flags);
		return 0;
	}

	/** True when a pinyin-spelled word is a listed place or non-Chinese name. */
	function excluded(word: string): boolean {
		return ORDINARY.has(word) || NOT_PINYIN.has(word);
	}

	/** The classes of `text[from, to)`, or-ed. */
	function restClasses(text: string, from: number, to: number): number {
		let all = 0;
		for (let at = from; at < to; at++) all |= CLASS[text.charCodeAt(at)]!;
		return all;
	}

	/** True when `text[from, to)` is one or more SPACE code units. */
	function onlySpaces(text: string, from: number, to: number): boolean {
		if (from >= to) return false;
		for (let at = from; at < to; at++) if (CLASS[text.charCodeAt(at)] !== SPACE) return false;
		return true;
	}

	/**
	 * Flags the run of `count` capitalized pinyin words in RUN_STARTS/RUN_ENDS when one of its
	 * words is neither English nor a glossary word. An English word opening a sentence is not
	 * part of the name ("He", "Can", "Long"); a name of one word must look Chinese (see
	 * CHINESE_SPELLING).
	 */
	function romanized(
		text: string,
		count: number,
		offset: number,
		english: ReadonlySet<string>,
		known: ReadonlySet<string>,
		flags: UnknownNameFlag[]
	): void {
		let first = 0;
		let unknown = false;
		let lone = '';
		for (let k = 0; k < count; k++) {
			const folded = asciiLower(text, RUN_STARTS[k]!, RUN_ENDS[k]!);
			const isEnglish = english.has(folded);
			if (k === 0 && count > 1 && isEnglish && opensSentence(text, RUN_STARTS[0]!)) {
				first = 1;
				continue;
			}
			const written = text.slice(RUN_STARTS[k]!, RUN_ENDS[k]!).toLowerCase();
			if (!isEnglish && !known.has(written) && !known.has(folded)) unknown = true;
			lone = folded;
		}
		if (!unknown) return;
		if (count - first === 1 && !SYLLABLE_SET.has(lone) && !CHINESE_SPELLING.test(lone)) return;
		const start = RUN_STARTS[first]!;
		const end = RUN_ENDS[count - 1]!;
		const name = text.slice(start, end);
		flags.push({
			source: 'quality',
			kind: 'unknown-name',
			rule: 'unknown-name/romanized',
			start: offset + start,
			end: offset + end,
			actual: name,
			expected: [],
			message: `‘${name}’ looks like a romanized Chinese name the glossary does not know: add it, or its garbled form, if it needs a note`,
			severity: 'info'
		});
	}

	return findUnknownNames;
})();

describe('with the whole glossary', () => {
	it('knows the names it lists: Zhao Lijian is no unknown name once relations.yaml has him', () => {
		const all = new Set(
			realGlossary().entries.flatMap((e) => e.canonical.toLowerCase().split(/[^\p{L}]+/u))
		);
		expect(findUnknownNames('as Zhao Lijian said', { english, known: all })).toEqual([]);
		expect(flags('as Zhao Lijian said')).toHaveLength(1);
	});
});

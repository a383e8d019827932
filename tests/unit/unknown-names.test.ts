import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findUnknownNames } from '../../src/lib/flags/unknown-names';
import { LU_KANG, ROOT, realGlossary, transcript, transcripts } from '../helpers';

const english: ReadonlySet<string> = new Set(
	JSON.parse(
		readFileSync(path.join(ROOT, 'node_modules/an-array-of-english-words/index.json'), 'utf8')
	) as string[]
);
/** Every lowercase word of every glossary canonical name and variant, as the caller builds it. */
const known: ReadonlySet<string> = new Set(
	realGlossary().entries.flatMap((entry) =>
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

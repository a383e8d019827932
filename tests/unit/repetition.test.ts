import { fc, test } from '@fast-check/vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldKey } from '../../src/lib/text/fold';
import {
	findRepetitions,
	loadRepetitionExceptions,
	type RepetitionExceptions
} from '../../src/lib/flags/repetition';
import { LU_KANG, ROOT, transcript } from '../helpers';

const FILE = {
	name: 'repetitions.yaml',
	text: readFileSync(path.join(ROOT, 'rules', 'repetitions.yaml'), 'utf8')
};
const { exceptions, problems } = loadRepetitionExceptions(FILE);
const message = (word: string) =>
	`Unexpected repetition of '${word}': the second may be a translation artifact; read it once.`;

/** Every flag of `text`, checked for the invariants of a finding at `offset`. */
function flags(text: string, offset = 0, list: RepetitionExceptions = exceptions) {
	const found = findRepetitions(text, { offset, exceptions: list });
	for (const f of found) {
		expect(text.slice(f.start - offset, f.end - offset)).toBe(f.actual);
		expect(f).toMatchObject({ source: 'quality', rule: 'repeated-word', kind: 'repeated-word' });
		expect(f.severity).toBe('warning');
	}
	return found;
}

/** Each line of `text` with its offset, as a reader's paragraphs would be checked. */
function lines(text: string): { line: string; offset: number }[] {
	let offset = 0;
	return text.split('\n').map((line) => {
		const at = { line, offset };
		offset += line.length + 1;
		return at;
	});
}

describe('invalid: flagged', () => {
	// [sentence, actual, expected, the word in the message]
	it.each([
		['China China disputes with China over China.', 'China China', 'China', 'China'],
		[
			'occurred before the outbreak of the outbreak of the new pneumonia epidemic',
			'the outbreak of the outbreak',
			'the outbreak',
			'outbreak'
		],
		[
			'China may have tried its best to explain and explain these documents.',
			'explain and explain',
			'explain',
			'explain'
		],
		['the government of Canada and Canada began to plan', 'Canada and Canada', 'Canada', 'Canada'],
		[
			'has China improved and improved its domestic policies',
			'improved and improved',
			'improved',
			'improved'
		],
		[
			'they voted for upholding and upholding the purposes',
			'upholding and upholding',
			'upholding',
			'upholding'
		],
		['Explain and explain again.', 'Explain and explain', 'Explain', 'explain'],
		['He said: “Explain and explain.”', 'Explain and explain', 'Explain', 'explain'],
		['We discussed the issue the issue today.', 'the issue the issue', 'the issue', 'issue'],
		['It was an outbreak of the outbreak.', 'outbreak of the outbreak', 'outbreak', 'outbreak'],
		['It is a part of a part.', 'a part of a part', 'a part', 'part'],
		['Trade to trade matters.', 'Trade to trade', 'Trade', 'trade'],
		['This is important important.', 'important important', 'important', 'important'],
		['CHINA CHINA relations', 'CHINA CHINA', 'CHINA', 'CHINA'],
		['China’s relations\trelations with Canada', 'relations\trelations', 'relations', 'relations'],
		['bilateral\u00a0bilateral ties', 'bilateral\u00a0bilateral', 'bilateral', 'bilateral'],
		['people to the people', 'people to the people', 'people', 'people']
	])('%j', (sentence, actual, expected, word) => {
		expect(flags(sentence)).toEqual([
			expect.objectContaining({ actual, expected: [expected], message: message(word) })
		]);
	});

	it('flags a word said three times twice, overlapping', () => {
		expect(flags('China China China relations').map((f) => [f.start, f.end])).toEqual([
			[0, 11],
			[6, 17]
		]);
	});

	it('puts offsets in the whole text', () => {
		const [found] = flags('Yes. China China disputes.', 100);
		expect(found).toMatchObject({ start: 105, end: 116, actual: 'China China' });
	});
});

describe('valid: not flagged', () => {
	it.each([
		// Real English, by exception (rules/repetitions.yaml).
		'More and more Canadian students study in China.',
		'We have said again and again that the door is open.',
		'More and more and more people came.',
		'Bye bye, and thank you.',
		'It is a very very important relationship.',
		'The two ministers met face to face in Beijing.',
		'Duran Duran played Toronto.',
		'let’s let the government go first and talk about the people to people and business exchanges',
		'China is ready for win win cooperation.',
		'From time to time the two sides disagree.',
		'These are the best of the best.',
		// Function words: never flagged.
		'the most heartening exhibition they had had since',
		'He said that that was wrong.',
		'The food was so so.',
		'They argued on and on, over and over.',
		'He is a diplomat through and through.',
		'the the',
		// Not joined by of, the, and, a, an, to.
		'We will move step by step, day by day, side by side, one by one, little by little.',
		'public opinion is the opinion of the people',
		'China has a dispute with China over China novel coronavirus pneumonia.',
		'to firmly voice its voice',
		// Hyphenated or inflected: not the same word.
		'people-to-people exchanges, win-win results',
		'Boutros Boutros-Ghali and Baden-Baden',
		'China’s China policy',
		'concern and concerns',
		// Across punctuation or a line break.
		'Canada. Canada is a partner.',
		'Canada! Canada',
		'Canada? Canada',
		'Canada; Canada',
		'Canada: Canada',
		'Lu Kang: Canada\nCanada began',
		'to carry out the experiment in Canada, and Canada has also approved',
		'including their concerns, concerns, problems',
		'the outbreak (the outbreak)',
		// Numbers and single letters.
		'In 2019 2019 was a hard year.',
		'G20 G20',
		'one to one, two and two',
		'D D will pop up',
		// Case differs mid-sentence (a name, a lost sentence end).
		'I think Will will come.',
		'we will work Work is hard',
		// More than two joiners between.
		'trade and of the trade'
	])('%j', (sentence) => {
		expect(flags(sentence)).toEqual([]);
	});
});

describe('the Lu Kang interview (machine translation)', () => {
	const text = transcript(LU_KANG);

	it('flags every doubling, with exact offsets', () => {
		expect(flags(text).map((f) => [f.start, f.actual, f.expected[0]])).toEqual([
			[1149, 'the outbreak of the outbreak', 'the outbreak'],
			[3179, 'Canada and Canada', 'Canada'],
			[26133, 'China China', 'China'],
			[32947, 'explain and explain', 'explain'],
			[38223, 'improved and improved', 'improved'],
			[40427, 'upholding and upholding', 'upholding']
		]);
	});

	it('gives the same flags line by line as on the whole text', () => {
		const byLine = lines(text).flatMap(({ line, offset }) => flags(line, offset));
		expect(byLine).toEqual(flags(text));
	});
});

describe('the human-written seeds', () => {
	it.each([
		'china-canada-joly-beijing-2024-b',
		'china-canada-wang-yi-garneau',
		'china-canada-wang-yi-joly-2024-a'
	])('%s has no flag on any line', (slug) => {
		const text = transcript(slug);
		expect(flags(text)).toEqual([]);
		for (const { line, offset } of lines(text)) expect(flags(line, offset), line).toEqual([]);
	});
});

describe('rules/repetitions.yaml', () => {
	it('loads without problems', () => {
		expect(problems).toEqual([]);
		expect(exceptions.size).toBeGreaterThan(50);
	});

	it('needs every entry: its note is flagged without it, and not with it', () => {
		for (const [key, entry] of exceptions) {
			const without = new Map(exceptions);
			without.delete(key);
			expect(flags(entry.note, 0, without).length, key).toBeGreaterThan(0);
			expect(flags(entry.note), key).toEqual([]);
		}
	});

	it('names file, line, entry and field for a broken entry, and keeps the others', () => {
		const broken = loadRepetitionExceptions({
			name: 'repetitions.yaml',
			text: `- words: [more, and, more]
  note: More and more people.
- words: [step, by, step]
  note: Step by step.
- words: [had, had]
  note: They had had enough.
- words: [face, to, hand]
  note: face to hand
- words: [day, to, day]
- words: [More, and, more]
  note: Ever more and more.
- words: [year, to, year]
  note: Every year.
- words: [two words, two words]
  note: x
  source: here
- just a string
- words: [case, to, case]
  note: It varies from case to case.
`
		});
		expect([...broken.exceptions.values()].map((e) => [e.words.join(' '), e.line])).toEqual([
			['more and more', 1],
			['case to case', 18]
		]);
		const never = 'is never flagged, no exception needed';
		expect(broken.problems.map((p) => [p.file, p.line, p.rule, p.field, p.message])).toEqual([
			[
				'repetitions.yaml',
				3,
				'step by step',
				'words[1]',
				`not one of of, the, and, a, an, to: "step by step" ${never}`
			],
			[
				'repetitions.yaml',
				5,
				'had had',
				'words[0]',
				`a function word, number or single letter: "had had" ${never}`
			],
			[
				'repetitions.yaml',
				7,
				'face to hand',
				'words',
				'the first and last word must be the same word'
			],
			['repetitions.yaml', 9, 'day to day', 'note', 'is required'],
			['repetitions.yaml', 10, 'more and more', 'words', 'duplicate: already listed at line 1'],
			[
				'repetitions.yaml',
				13,
				'year to year',
				'note',
				'must quote a sentence that says "year to year"'
			],
			['repetitions.yaml', 14, 'two words two words', 'words[0]', 'must be one word'],
			['repetitions.yaml', 14, 'two words two words', 'words[1]', 'must be one word'],
			['repetitions.yaml', 16, 'two words two words', 'source', 'Unrecognized key: "source"'],
			['repetitions.yaml', 17, '#9', '', 'Invalid input: expected object, received string']
		]);
	});

	it('reports invalid YAML and a file that is not a list, with lines', () => {
		const unclosed = '- words: [more, and, more]\n  note: "unclosed\n- x';
		expect(loadRepetitionExceptions({ name: 'r.yaml', text: unclosed }).problems).toEqual([
			{
				file: 'r.yaml',
				line: 3,
				rule: '-',
				field: '',
				message: 'invalid YAML: Missing closing "quote'
			}
		]);
		expect(
			loadRepetitionExceptions({ name: 'r.yaml', text: '\n\nwords: [more, and, more]' }).problems
		).toEqual([
			{
				file: 'r.yaml',
				line: 3,
				rule: '-',
				field: '',
				message: 'must be a list of exceptions (`- words: [more, and, more]`)'
			}
		]);
		expect(loadRepetitionExceptions({ name: 'r.yaml', text: '' })).toEqual({
			exceptions: new Map(),
			problems: []
		});
	});
});

/**
 * The first implementation of `findRepetitions`, kept as the reference: one match, string and
 * key per word, obviously right and about five times slower. The fast one must agree with it.
 */
const reference = (() => {
	const JOINERS = new Set(['of', 'the', 'and', 'a', 'an', 'to']);
	const MAX_JOINERS = 2;
	const FUNCTION_WORDS = new Set(
		`the a an this that these those some any each every no all both either neither such what
		which whose whatever much many few several own other another
		of to in on at by for with from into onto over under about above below after before through
		between among around against during without within upon across along behind beyond near off
		out up down since until till toward towards via per than like
		i me my mine we us our ours you your yours he him his she her hers it its they them their
		theirs who whom myself yourself himself herself itself ourselves themselves one ones
		be am is are was were been being have has had having do does did done will would shall
		should can could may might must ought
		and or but nor so yet if because as though although while whether when where then not
		two three four five six seven eight nine ten hundred thousand million billion`.split(/\s+/)
	);
	const WORD = /[\p{L}\p{M}\p{N}]+(?:['’‐-][\p{L}\p{M}\p{N}]+)*/gu;
	const SPACE = /^[ \t\u00a0\u2000-\u200a\u202f\u3000]+$/u;
	const CAPITAL = /^\p{Lu}/u;
	const ARTICLES = new Set(['the', 'a', 'an']);
	const neverFlagged = (key: string) =>
		FUNCTION_WORDS.has(key) || /\p{N}/u.test(key) || key.length < 2;
	function opensSentence(text: string, at: number): boolean {
		while (at > 0 && /[ \t"“‘'([]/u.test(text[at - 1]!)) at--;
		return at === 0 || /[.!?:;\n]/u.test(text[at - 1]!);
	}
	return function findRepetitions(
		text: string,
		options: { offset?: number; exceptions: RepetitionExceptions }
	) {
		const offset = options.offset ?? 0;
		const words = [...text.matchAll(WORD)].map((m) => ({
			text: m[0],
			key: foldKey(m[0]),
			start: m.index,
			end: m.index + m[0].length
		}));
		const spaced = (i: number) => SPACE.test(text.slice(words[i - 1]!.end, words[i]!.start));
		const flags = [];
		for (let i = 0; i < words.length - 1; i++) {
			const first = words[i]!;
			if (neverFlagged(first.key)) continue;
			let j = i + 1;
			while (j - i <= MAX_JOINERS && j < words.length && spaced(j) && JOINERS.has(words[j]!.key))
				j++;
			const second = words[j];
			if (!second || second.key !== first.key || !spaced(j)) continue;
			const gap = words.slice(i + 1, j).map((w) => w.key);
			if (options.exceptions.has([first.key, ...gap, second.key].join(' '))) continue;
			const capital = CAPITAL.test(first.text);
			if (capital !== CAPITAL.test(second.text) && !(capital && opensSentence(text, first.start))) {
				continue;
			}
			const article = gap.at(-1);
			const before = words[i - 1];
			const start =
				article && ARTICLES.has(article) && before?.key === article && spaced(i)
					? before.start
					: first.start;
			flags.push({
				source: 'quality',
				kind: 'repeated-word',
				rule: 'repeated-word',
				start: offset + start,
				end: offset + second.end,
				actual: text.slice(start, second.end),
				expected: [text.slice(start, first.end)],
				message: `Unexpected repetition of '${second.text}': the second may be a translation artifact; read it once.`,
				severity: 'warning'
			});
		}
		return flags;
	};
})();

describe('the fast scan agrees with the reference', () => {
	// Doubled, listed and function words, joiners, in case and apostrophe variants; numbers, single
	// letters, marks, letters that fold to two (İ) or not at all (𐐀), astral letters and emoji.
	const word = fc.constantFrom(
		...['China', 'china', 'CHINA', 'chinA', 'China’s', "China's", 'china’S', 'Chinaʼs'],
		...['outbreak', 'Outbreak', 'more', 'More', 'again', 'face', 'time', 'best', 'very', 'win'],
		...['people', 'people-to-people', 'people‐to‐people', 'Duran', 'bye', 'Bye'],
		...['of', 'the', 'The', 'THE', 'and', 'And', 'a', 'A', 'an', 'to', 'To', 'ot', 'tho'],
		...['had', 'that', 'so', 'one', 'two', 'Will', 'will', 'D', 'd', '2019', 'G20', 'x1'],
		...['café', 'cafe\u0301', 'CAFÉ', 'İstanbul', 'i̇stanbul', 'straße', 'STRASSE'],
		...['𐐀𐐀', '𐐨𐐨', '𝐀𝐁', '𝐚𝐛', 'a😀', '😀', '\ud800', 'x\udc00y', 'ǅemal', 'ǆemal']
	);
	// Spaces, line breaks, punctuation, quotes, hyphens and apostrophes between words (or nothing).
	const between = fc.constantFrom(
		...[
			' ',
			' ',
			' ',
			'  ',
			'\t',
			'\u00a0',
			'\u2000',
			'\u2009',
			'\u200a',
			'\u202f',
			'\u3000',
			'\u200b',
			'\n',
			''
		],
		...[', ', '. ', '! ', '? ', ': ', '; ', ' "', ' “', ' (', '( ', ' ‘', "'", '’', '‘', 'ʼ'],
		...['-', '‐', '--', ' - ', '—', "' ", " '", '-\n', '\r\n']
	);
	// Mostly spaces inside a doubling, so that many texts have one.
	const space = fc.oneof(
		{ arbitrary: fc.constantFrom(' ', '  ', '\t', '\u00a0', '\u200a', '\u3000'), weight: 4 },
		{ arbitrary: between, weight: 1 }
	);
	const cased = (w: string, how: number) =>
		[w, w.toLowerCase(), w.toUpperCase(), w.charAt(0).toUpperCase() + w.slice(1)][how]!;
	const doubling = fc
		.tuple(word, fc.array(fc.tuple(space, word), { maxLength: 3 }), space, fc.nat(3))
		.map(([w, gap, last, how]) => w + gap.flat().join('') + last + cased(w, how));
	const joiner = fc.constantFrom('of', 'the', 'The', 'and', 'a', 'A', 'an', 'to', 'TO');
	const joined = fc
		.tuple(word, fc.array(fc.tuple(space, joiner), { maxLength: 3 }), space, fc.nat(3))
		.map(([w, gap, last, how]) => w + gap.flat().join('') + last + cased(w, how));
	const text = fc
		.array(fc.tuple(fc.oneof(word, doubling, joined), between), { maxLength: 16 })
		.chain((parts) =>
			fc.tuple(fc.constant(parts), between).map(([ps, lead]) => lead + ps.flat().join(''))
		);
	const offset = fc.nat({ max: 1000 });

	test.prop([text, offset], { numRuns: 3000 })('on texts of words', (text, offset) => {
		expect(findRepetitions(text, { offset, exceptions })).toEqual(
			reference(text, { offset, exceptions })
		);
	});

	const char = fc.constantFrom(..."aAbB é-‐'’ʼ.\n\t\u00a01𝐀😀\ud800\u0301İ");
	test.prop([fc.string({ unit: char, maxLength: 40 }), offset], { numRuns: 3000 })(
		'on texts of characters',
		(text, offset) => {
			expect(findRepetitions(text, { offset, exceptions })).toEqual(
				reference(text, { offset, exceptions })
			);
		}
	);

	it('on every transcript, whole and line by line', () => {
		for (const slug of [
			LU_KANG,
			'china-canada-joly-beijing-2024-b',
			'china-canada-wang-yi-garneau',
			'china-canada-wang-yi-joly-2024-a'
		]) {
			const text = transcript(slug);
			expect(findRepetitions(text, { exceptions })).toEqual(reference(text, { exceptions }));
			for (const { line, offset } of lines(text)) {
				expect(findRepetitions(line, { offset, exceptions })).toEqual(
					reference(line, { offset, exceptions })
				);
			}
		}
	});
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDocument } from '../../src/lib/document/mark';
import { parseTranscript } from '../../src/lib/document/parse';
import { prepareText } from '../../src/lib/text/prepare';
import { LU_KANG, realMatcher, ROOT, transcript, transcripts } from '../helpers';

const matcher = realMatcher();
const luKang = buildDocument(transcript(LU_KANG), matcher, { transcript: LU_KANG });
const turns = luKang.blocks.filter((b) => b.type === 'turn');
const firstParagraph = (startsWith: string) =>
	luKang.blocks.findIndex((b) => b.paragraphs.some((p) => p.raw.startsWith(startsWith)));

describe('the Lu Kang interview', () => {
	it('has the first line as its title although it contains "Lu Kang:"', () => {
		expect(luKang.title?.raw).toMatch(
			/^The Ministry of foreign affairs Lu Kang: the United States/
		);
		expect(luKang.title?.normalized).toContain('detain Meng Wanzhou');
	});

	it('reads "Original title: …" as metadata, not a speaker', () => {
		expect(luKang.meta).toEqual([
			{
				key: 'Original title',
				value: expect.stringMatching(/^Lu Kang, director of the US Department/)
			}
		]);
		expect(luKang.speakers.map((s) => s.labels).flat()).not.toContain('Original title');
	});

	it('has exactly 148 turns alternating interviewer and Lu Kang, 74 each', () => {
		expect(turns).toHaveLength(148);
		const count = (id: string) => turns.filter((t) => t.speaker === id).length;
		expect(count('nathan-vanderklippe')).toBe(74);
		expect(count('lu-kang')).toBe(74);
		turns.forEach((t, i) =>
			expect(t.speaker).toBe(i % 2 === 0 ? 'nathan-vanderklippe' : 'lu-kang')
		);
		expect(turns.map((t) => t.turn)).toEqual(turns.map((_, i) => i + 1));
	});

	it('resolves all six garbled interviewer labels to Nathan VanderKlippe and keeps each raw label', () => {
		const interviewer = luKang.speakers.find((s) => s.id === 'nathan-vanderklippe');
		expect(interviewer?.name).toBe('Nathan VanderKlippe');
		expect([...(interviewer?.labels ?? [])].sort()).toEqual(
			['Mt. Vander', 'Vander Hill', 'Vandershan', 'Vandeshan', 'Wan Deshan', 'Wandeshan'].sort()
		);
		const labels = new Set(
			turns.filter((t) => t.speaker === 'nathan-vanderklippe').map((t) => t.label)
		);
		expect(labels.size).toBe(6);
		expect(luKang.speakers).toHaveLength(2);
	});

	it('finds the same 148 turns from evidence alone, without a glossary', () => {
		const parsed = parseTranscript(prepareText(transcript(LU_KANG)));
		const bare = parsed.blocks.filter((b) => b.type === 'turn');
		expect(bare.map((b) => b.label)).toEqual(turns.map((t) => t.label));
		// Labels that differ only in spacing are one speaker even then.
		expect(parsed.speakers.find((s) => s.labels.includes('Wandeshan'))?.labels).toContain(
			'Wan Deshan'
		);
	});

	it('reads the lone line between two turns as a caption', () => {
		const captions = luKang.blocks.filter((b) => b.type === 'caption');
		expect(captions.map((c) => c.paragraphs[0]!.raw)).toEqual([
			'Lu Kang, director of the US Department of Foreign Affairs'
		]);
		const at = luKang.blocks.indexOf(captions[0]!);
		expect(luKang.blocks[at - 1]!.type).toBe('turn');
		expect(luKang.blocks[at + 1]!.type).toBe('turn');
	});

	it.each(['First of all, when', 'Secondly, as I said', 'Third, although', 'Similarly, the scale'])(
		'keeps "%s…" in the Lu Kang turn before it',
		(start) => {
			const block = luKang.blocks[firstParagraph(start)]!;
			expect(block.type).toBe('turn');
			expect(block.speaker).toBe('lu-kang');
			expect(block.paragraphs[0]!.raw.startsWith(start)).toBe(false);
		}
	);

	it('keeps the preamble before the first turn as a plain paragraph', () => {
		expect(luKang.blocks[0]!.type).toBe('paragraph');
		expect(luKang.blocks[0]!.paragraphs[0]!.raw).toMatch(/^In September 3rd, Lu Kang/);
	});
});

describe('articles', () => {
	it.each(transcripts().filter((t) => t.slug !== LU_KANG))(
		'$slug parses to paragraphs, no turns',
		({ slug, text }) => {
			const doc = buildDocument(text, matcher, { transcript: slug });
			expect(doc.blocks.filter((b) => b.type === 'turn')).toHaveLength(0);
			expect(doc.speakers).toHaveLength(0);
			expect(doc.blocks.filter((b) => b.type === 'paragraph').length).toBeGreaterThan(5);
		}
	);

	it('finds titles, dates and bylines where the articles have them', () => {
		const titled = (slug: string) => buildDocument(transcript(slug), matcher).title?.raw;
		expect(titled('china-canada-wang-yi-garneau')).toMatch(/^China Signals Desire/);
		expect(titled('china-canada-wang-yi-joly-2024-a')).toMatch(/^China Urges Canada/);
		// A 201-character opening sentence is a lede, not a title.
		expect(titled('china-canada-joly-beijing-2024-b')).toBeUndefined();
		const joly = buildDocument(transcript('china-canada-wang-yi-joly-2024-a'), matcher);
		expect(joly.meta).toContainEqual({ key: 'Date', value: 'Sat Jul 20 2024' });
		const observers = buildDocument(transcript('observers-network-carney-china-2025'), matcher);
		expect(observers.meta.map((m) => m.key)).toEqual(['Byline', 'Original', 'Statement']);
		expect(
			observers.blocks.filter((b) => b.type === 'caption').map((b) => b.paragraphs[0]!.raw)
		).toEqual(["Kaner's end-of-year interview, screenshot from CBC video"]);
	});
});

describe('round trip', () => {
	it.each(transcripts())(
		'$slug: every paragraph sits at its offset and together they hold all the text',
		({ text }) => {
			const prepared = prepareText(text);
			const doc = buildDocument(text, matcher);
			const paragraphs = [
				...(doc.title ? [doc.title] : []),
				...doc.blocks.flatMap((b) => b.paragraphs)
			];
			let rebuilt = prepared;
			for (const p of paragraphs) {
				expect(prepared.slice(p.offset, p.offset + p.raw.length)).toBe(p.raw);
				rebuilt =
					rebuilt.slice(0, p.offset) +
					' '.repeat(p.raw.length) +
					rebuilt.slice(p.offset + p.raw.length);
			}
			// What no paragraph covers is white space and the speaker labels of turns.
			const labels = doc.blocks.filter((b) => b.label).map((b) => b.label!);
			const leftover = rebuilt
				.split('\n')
				.map((l) => l.trim())
				.filter(Boolean);
			expect(leftover).toEqual(labels.map((l) => `${l}:`));
		}
	);
});

describe('input formats', () => {
	const speakersOf = (text: string) => {
		const parsed = parseTranscript(prepareText(text));
		return parsed.blocks
			.filter((b) => b.type === 'turn')
			.map((b) => [b.label, b.paragraphs.length]);
	};

	it('strips a BOM, accepts CRLF and CR line ends and normalizes to NFC', () => {
		const text = '\ufeffTitle\r\nQ: one\r\rA: Me\u0301lanie\r\n';
		const doc = buildDocument(text, matcher);
		expect(doc.title?.raw).toBe('Title');
		expect(doc.blocks.map((b) => b.paragraphs[0]!.raw)).toEqual(['one', 'Mélanie']);
		expect(doc.blocks[1]!.paragraphs[0]!.raw).toHaveLength(7);
	});

	it('reads Q:/A:, ALL-CAPS, timestamped and bold labels', () => {
		expect(speakersOf('Q: Why?\nA: Because.\nMore.\nQ: Really?')).toEqual([
			['Q', 1],
			['A', 2],
			['Q', 1]
		]);
		expect(
			speakersOf('JANE DOE: Hello.\nLU KANG: Hi.\nJANE DOE: Bye.\nLU KANG: Bye.')
		).toHaveLength(4);
		expect(
			speakersOf(
				'[00:12:03] Lu Kang: a\n00:12:09 Jane Doe: b\n[00:13:00] Lu Kang: c\n00:14:00 Jane Doe: d'
			)
		).toEqual([
			['Lu Kang', 1],
			['Jane Doe', 1],
			['Lu Kang', 1],
			['Jane Doe', 1]
		]);
		expect(speakersOf('**Lu Kang:** a\n**Jane Doe**: b\n**Lu Kang:** c\n**Jane Doe**: d')).toEqual([
			['Lu Kang', 1],
			['Jane Doe', 1],
			['Lu Kang', 1],
			['Jane Doe', 1]
		]);
	});

	it('names ALL-CAPS speakers in title case and merges labels that differ only in spacing', () => {
		const parsed = parseTranscript('JANE DOE: a\nWan Deshan: b\nJANE DOE: c\nWandeshan: d');
		expect(parsed.speakers.map((s) => [s.name, s.labels])).toEqual([
			['Jane Doe', ['JANE DOE']],
			['Wan Deshan', ['Wan Deshan', 'Wandeshan']]
		]);
	});

	it('takes a one-off name between two turns of one speaker for an interjection, by alternation', () => {
		const text =
			'Jane Doe: a\nLu Kang: b\nJane Doe: c\nLu Kang: d\nVander Hill: e\nLu Kang: f\nSecondly: g\nJane Doe: h';
		const parsed = parseTranscript(text);
		expect(parsed.blocks.map((b) => b.label)).toEqual([
			'Jane Doe',
			'Lu Kang',
			'Jane Doe',
			'Lu Kang',
			'Vander Hill',
			'Lu Kang',
			'Jane Doe'
		]);
		// `Secondly:` sits between Lu Kang and Jane Doe: it continues Lu Kang's turn.
		expect(parsed.blocks[5]!.paragraphs.map((p) => p.raw)).toEqual(['f', 'Secondly: g']);
	});

	it('does not take a one-off "Word:" in an article for a speaker', () => {
		const parsed = parseTranscript(
			'Headline\nBEIJING: China said so.\nAnother paragraph: with a colon.'
		);
		expect(parsed.blocks.every((b) => b.type === 'paragraph')).toBe(true);
	});

	it('tolerates blank lines anywhere and empty input', () => {
		expect(
			parseTranscript('\n\n\nQ: a\n\n\n\nmore\n\nA: b\n\n').blocks.map((b) => b.paragraphs.length)
		).toEqual([2, 1]);
		expect(parseTranscript('')).toEqual({ title: null, meta: [], speakers: [], blocks: [] });
	});

	it('keeps every label offset, pointing at the label as written', () => {
		const text = '[00:01:02] **Q:** a\nA: b\n  Mt. Vander : c\nA: d';
		const parsed = parseTranscript(text);
		for (const block of parsed.blocks) {
			expect(text.slice(block.labelOffset!, block.labelOffset! + block.label!.length)).toBe(
				block.label
			);
		}
		expect(parsed.blocks.map((b) => b.labelOffset)).toEqual([13, 20, 27, 42]);
	});

	// Regression: looking up the speakers around every one-off label was quadratic. The work is
	// counted in lookups of a label (a time would depend on the machine): twice the labels, at
	// most twice the lookups. The timeout is a safety net only.
	it('reads 10,000 one-off labels in linear time', { timeout: 60_000 }, () => {
		// A distinct capitalized name per visitor (`Visitor Bcd`), each asking Jane Doe once.
		const name = (i: number) =>
			[...i.toString(26)].map((d, k) => (k ? 'a' : 'A').charCodeAt(0) + parseInt(d, 26));
		const parse = (labels: number) => {
			const lines = Array.from({ length: labels }, (_, i) =>
				i % 2 ? `Visitor ${String.fromCharCode(...name(i))}: Why ${i}?` : `Jane Doe: ${i}`
			);
			let lookups = 0;
			const parsed = parseTranscript(lines.join('\n'), () => void lookups++);
			return { parsed, lookups };
		};
		const half = parse(5_000);
		const { parsed, lookups } = parse(10_000);
		expect(half.lookups).toBeGreaterThan(0);
		expect(lookups).toBeLessThanOrEqual(2 * half.lookups);
		expect(parsed.blocks.length).toBe(10_000);
		expect(parsed.blocks.every((b) => b.type === 'turn')).toBe(true);
	});
});

describe('transcript formats beyond the seeds (tests/fixtures/formats)', () => {
	const FORMATS = path.join(ROOT, 'tests/fixtures/formats');
	const parsed = (name: string) =>
		parseTranscript(prepareText(readFileSync(path.join(FORMATS, `${name}.txt`), 'utf8')));
	const turnsOf = (name: string) =>
		parsed(name)
			.blocks.filter((b) => b.type === 'turn')
			.map((b) => [b.label, b.paragraphs.length]);

	it('reads a press conference: the first question, one question per outlet, answers of several paragraphs', () => {
		const doc = parsed('press-conference');
		expect(doc.title?.raw).toBe(
			"Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on January 14, 2019"
		);
		expect(doc.meta).toEqual([{ key: 'Date', value: 'January 14, 2019' }]);
		expect(turnsOf('press-conference')).toEqual([
			['CCTV', 1],
			['Geng Shuang', 2],
			['Reuters', 1],
			// `The reason is simple: Canada …` and `Secondly, …` continue the answer.
			['Geng Shuang', 3],
			['China Daily', 1],
			['Geng Shuang', 1],
			['AFP', 1],
			['Geng Shuang', 1],
			['Bloomberg', 1],
			['Geng Shuang', 1],
			['Global Times', 1],
			// `Note: …` after the last answer is part of it.
			['Geng Shuang', 2]
		]);
		expect(doc.speakers.map((s) => s.name)).toEqual([
			'CCTV',
			'Geng Shuang',
			'Reuters',
			'China Daily',
			'AFP',
			'Bloomberg',
			'Global Times'
		]);
	});

	it('reads a press conference opening with remarks, follow-ups and a last question left unanswered', () => {
		const doc = parsed('press-conference-opening-remarks');
		expect(doc.meta).toEqual([{ key: 'Date', value: 'Tuesday, March 12, 2019' }]);
		expect(turnsOf('press-conference-opening-remarks').map(([label]) => label)).toEqual([
			'Lu Kang',
			'Phoenix TV',
			'Lu Kang',
			'Follow-up',
			'Lu Kang',
			'Kyodo News',
			'Lu Kang',
			'Follow-up',
			'Lu Kang',
			'Voice of America'
		]);
	});

	it('reads Q:/A: with a title, a date line, a preamble and answers of several paragraphs', () => {
		const doc = parsed('qa-interview');
		expect(doc.title?.raw).toBe('Interview with the Ambassador on Trade and Consular Affairs');
		expect(doc.meta).toEqual([{ key: 'Date', value: '2020-06-03' }]);
		expect(doc.blocks.map((b) => b.type)).toEqual([
			'meta',
			'paragraph',
			...Array<string>(6).fill('turn')
		]);
		expect(turnsOf('qa-interview')).toEqual([
			['Q', 1],
			['A', 2],
			['Q', 1],
			['A', 2],
			['Q', 1],
			['A', 1]
		]);
	});

	it('reads "Q." / "A." labels where the text writes both', () => {
		expect(parsed('qa-dotted').meta).toEqual([{ key: 'Date', value: 'June 3rd, 2021' }]);
		expect(turnsOf('qa-dotted')).toEqual([
			['Q', 1],
			['A', 1],
			['Q', 1],
			['A', 2],
			['Q', 1],
			['A', 1]
		]);
	});

	it('reads numbered questions and answers, each side one speaker', () => {
		const doc = parsed('numbered-questions');
		expect(doc.meta).toEqual([{ key: 'Date', value: '2021/08/28' }]);
		expect(turnsOf('numbered-questions')).toEqual([
			['Question 1', 1],
			['Answer 1', 1],
			['Question 2', 1],
			['Answer 2', 2],
			['Question 3', 1],
			['Answer 3', 1]
		]);
		expect(doc.speakers.map((s) => [s.id, s.name, s.labels.length])).toEqual([
			['speaker-question', 'Question', 3],
			['speaker-answer', 'Answer', 3]
		]);
	});

	it.each([
		['host-bracketed-timestamps', ['HOST', 'MARIA LOPEZ'], ['00:00:05', '00:00:14']],
		['host-parenthesised-timestamps', ['HOST', 'DAVID CHEN'], ['00:00:03', '00:00:09']],
		['host-bare-timestamps', ['Host', 'Reporter'], ['00:00:02', '00:00:09']],
		['rev-style', ['Speaker 1', 'Speaker 2'], ['00:00', '00:04']]
	])('%s: labels exact, the timestamp kept on the turn', (name, [host, guest], [t1, t2]) => {
		const doc = parsed(name);
		const turns = doc.blocks.filter((b) => b.type === 'turn');
		expect(turns.map((t) => t.label)).toEqual(
			turns.map((_, i) => (i % 2 ? guest : host)).slice(0, turns.length)
		);
		expect(turns.length).toBeGreaterThanOrEqual(4);
		expect(turns.slice(0, 2).map((t) => t.time)).toEqual([t1, t2]);
		expect(turns.every((t) => /^\d/.test(t.time!))).toBe(true);
		// Timestamps are neither in the label nor in the speech.
		for (const t of turns) for (const p of t.paragraphs) expect(p.raw).not.toMatch(/^\W*\d+:\d\d/);
		expect(doc.speakers).toHaveLength(2);
	});

	it('reads a label alone on its line as speaking in the line below (Rev-style)', () => {
		expect(turnsOf('rev-style')).toEqual([
			['Speaker 1', 1],
			['Speaker 2', 1],
			['Speaker 1', 2],
			['Speaker 2', 1]
		]);
		// The short first answer without a full stop is speech, not a caption.
		expect(parsed('rev-style').blocks[0]!.paragraphs[0]!.raw).toBe(
			'Thank you all for coming tonight'
		);
	});

	it.each(['article-colons', 'article-recurring-rubric'])(
		'%s: sentences with colons are not speakers',
		(name) => {
			const doc = parsed(name);
			expect(doc.blocks.filter((b) => b.type === 'turn')).toEqual([]);
			expect(doc.speakers).toEqual([]);
		}
	);

	it('reads page metadata among the colons of an article', () => {
		expect(parsed('article-colons').meta).toEqual([
			{ key: 'Former title', value: 'Exporters worried about new inspections' },
			{ key: 'Editor in charge', value: 'Zhang San' }
		]);
	});

	it.each(readdirSync(FORMATS).filter((n) => n.endsWith('.txt')))(
		'%s: every paragraph sits at its offset; what is left is labels and timestamps',
		(file) => {
			const text = prepareText(readFileSync(path.join(FORMATS, file), 'utf8'));
			const doc = parseTranscript(text);
			let rest = text;
			for (const p of [
				...(doc.title ? [doc.title] : []),
				...doc.blocks.flatMap((b) => b.paragraphs)
			]) {
				expect(text.slice(p.offset, p.offset + p.raw.length)).toBe(p.raw);
				rest =
					rest.slice(0, p.offset) + ' '.repeat(p.raw.length) + rest.slice(p.offset + p.raw.length);
			}
			for (const b of doc.blocks.filter((b) => b.label)) {
				expect(text.slice(b.labelOffset!, b.labelOffset! + b.label!.length)).toBe(b.label);
			}
			const leftover = rest
				.split('\n')
				.map((l) => l.trim())
				.filter(Boolean);
			const labels = doc.blocks.filter((b) => b.label);
			expect(leftover).toHaveLength(labels.length);
			leftover.forEach((l, i) => {
				expect(l).toContain(labels[i]!.label!);
				if (labels[i]!.time) expect(l).toContain(labels[i]!.time!);
			});
		}
	);
});

describe('evidence for one-off labels', () => {
	const labels = (text: string) =>
		parseTranscript(text)
			.blocks.filter((b) => b.type === 'turn')
			.map((b) => b.label);

	it('never takes reported speech, clauses or rubrics for speakers, even between two turns of one speaker', () => {
		const text = [
			'Jane Doe: a?',
			'Lu Kang: b',
			'Note: c',
			'Lu Kang: d',
			'She added: e',
			'Lu Kang: f',
			'The reason is simple: g',
			'Lu Kang: h',
			'Friedland says: i',
			'Lu Kang: j',
			'Jane Doe: k?'
		].join('\n');
		expect(labels(text)).toEqual([
			'Jane Doe',
			'Lu Kang',
			'Lu Kang',
			'Lu Kang',
			'Lu Kang',
			'Lu Kang',
			'Jane Doe'
		]);
	});

	it('takes a label that recurs only after itself for a rubric, not a speaker', () => {
		expect(labels('Headline\nUpdate: one.\nUpdate: two.\nMore text.')).toEqual([]);
		expect(labels('Headline\nOttawa: one.\nOttawa: two.\nVancouver: three.')).toEqual([]);
	});

	it('needs a question from a one-off partner to make a recurring label a speaker', () => {
		// A round-up of datelines: Ottawa recurs between one-off headings that ask nothing.
		const roundup = 'Round-up\nOttawa: a.\nVancouver: b.\nOttawa: c.\nToronto: d.\nOttawa: e.';
		expect(labels(roundup)).toEqual([]);
		// The same shape where the others ask: a spokesperson answering outlets.
		const briefing = roundup.replace('b.', 'b?').replace('d.', 'd?');
		expect(labels(briefing)).toEqual(['Ottawa', 'Vancouver', 'Ottawa', 'Toronto', 'Ottawa']);
	});

	it('takes a first question before any alternation only next to a speaker who answers others', () => {
		const conference = (first: string) =>
			labels(
				[
					'Briefing on Monday',
					first,
					'Geng Shuang: Answer one.',
					'Reuters: Question two?',
					'Geng Shuang: Answer two.',
					'Kyodo News: Question three?',
					'Geng Shuang: Answer three.'
				].join('\n')
			)[0];
		// An outlet, or a name that asks.
		expect(conference('CCTV: The vice premier travels tomorrow.')).toBe('CCTV');
		expect(conference('Sun Wei: Will the visit go ahead?')).toBe('Sun Wei');
		// Neither: a dateline.
		expect(conference('BEIJING: The ministry held its briefing.')).toBe('Geng Shuang');
		// Next to a Q/A interview, a heading that asks is not a speaker.
		expect(labels('Intro\nCanada: Will it act?\nQ: One?\nA: Two.\nQ: Three?\nA: Four.')[0]).toBe(
			'Q'
		);
	});

	it('keeps the first line a title unless it is an outlet asking the spokesperson', () => {
		const rest = '\nGeng Shuang: One.\nReuters: Two?\nGeng Shuang: Three.';
		expect(parseTranscript(`Canada: Will it act?${rest}`).title?.raw).toBe('Canada: Will it act?');
		const asked = parseTranscript(`AFP: Will it act?${rest}`);
		expect(asked.title).toBeNull();
		expect(asked.blocks[0]!.label).toBe('AFP');
	});

	it('reads "Q." and "A." only where both occur', () => {
		expect(labels('Q. One?\nA. Two.')).toEqual(['Q', 'A']);
		expect(
			labels('Title\nA. J. Smith: Hello.\nLu Kang: Hi.\nA. J. Smith: Bye.\nLu Kang: Bye.')
		).toEqual(['A. J. Smith', 'Lu Kang', 'A. J. Smith', 'Lu Kang']);
		expect(labels('Title\nA. Smith wrote the report.\nIt was long.')).toEqual([]);
	});

	it('groups numbered questions under one speaker', () => {
		const parsed = parseTranscript('Q1: a?\nA1: b\nQ2: c?\nA2: d');
		expect(parsed.speakers.map((s) => [s.id, s.name, s.labels])).toEqual([
			['speaker-q', 'Q', ['Q1', 'Q2']],
			['speaker-a', 'A', ['A1', 'A2']]
		]);
	});

	it('reads timestamps before, inside and after the label', () => {
		const text = [
			'(00:01) Host: a',
			'Guest [00:02]: b',
			'Host: [00:03] c',
			'Guest: 10:30 is late'
		].join('\n');
		const parsed = parseTranscript(text);
		expect(parsed.blocks.map((b) => [b.label, b.time, b.paragraphs[0]!.raw])).toEqual([
			['Host', '00:01', 'a'],
			['Guest', '00:02', 'b'],
			['Host', '00:03', 'c'],
			['Guest', undefined, '10:30 is late']
		]);
		expect(parsed.blocks.map((b) => b.labelOffset)).toEqual([8, 16, 33, 49]);
	});
});

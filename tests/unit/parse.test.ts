import { describe, expect, it } from 'vitest';
import { buildDocument } from '../../src/lib/document';
import { parseTranscript } from '../../src/lib/parse';
import { prepareText } from '../../src/lib/text';
import { LU_KANG, realMatcher, transcript, transcripts } from '../helpers';

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

	// Regression: looking up the speakers around every one-off label was quadratic.
	it('reads 60,000 one-off labels in linear time', () => {
		const lines = Array.from({ length: 60_000 }, (_, i) =>
			i % 2 ? `Visitor ${i.toString(36)}: ${i}` : `Jane Doe: ${i}`
		);
		const start = performance.now();
		const parsed = parseTranscript(lines.join('\n'));
		expect(performance.now() - start).toBeLessThan(5_000);
		expect(parsed.blocks.length).toBe(60_000);
	});
});

import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { buildDocument } from '../../src/lib/document/mark';
import { loadGlossary } from '../../src/lib/glossary/load';
import { GlossaryMatcher } from '../../src/lib/glossary/matcher';
import { applyCorrections } from '../../src/lib/document/normalize';
import { LU_KANG, realGlossary, realMatcher, transcript, transcripts } from '../helpers';
import { propertyRuns } from '../budget';

const matcher = realMatcher();
const normalize = (text: string, slug = LU_KANG) =>
	applyCorrections(text, matcher.findAlone(text, { transcript: slug }));

describe('precision', () => {
	it('never alters Lu Kang, and only fixes its casing', () => {
		expect(normalize('Lu Kang said, then Lu Kang’s team')).toBe(
			'Lu Kang said, then Lu Kang’s team'
		);
		expect(normalize('LU KANG said')).toBe('Lu Kang said');
		expect(matcher.find('Lu Kang, Lu Kang', { transcript: LU_KANG })).toEqual([]);
	});

	it('keeps Hong Kong the city unless ", Mai" follows in a text about the detainees', () => {
		const about = 'Kang Mingkai is held. ';
		expect(normalize(about + 'issues such as Xinjiang or Hong Kong are')).toBe(
			'Michael Kovrig is held. issues such as Xinjiang or Hong Kong are'
		);
		expect(normalize(about + 'citizens of Hong Kong, Mai or Canada', 'any-text')).toBe(
			'Michael Kovrig is held. citizens of Michael Kovrig, Michael Spavor or Canada'
		);
		expect(normalize('citizens of Hong Kong, Mai Po or Canada', 'any-text')).toBe(
			'citizens of Hong Kong, Mai Po or Canada'
		);
	});

	it('reads Michael as Spavor only after a Kovrig mention, and never inside Michael Chong', () => {
		expect(normalize('Kang Mingkai and Michael were arrested', 'any-text')).toBe(
			'Michael Kovrig and Michael Spavor were arrested'
		);
		expect(normalize('Michael said hello')).toBe('Michael said hello');
		expect(normalize('Kovrig and Michael Chong')).toBe('Kovrig and Michael Chong');
	});

	it('reads "Kang and Mai" as the pair anywhere, and Kang alone only where a detainee is named', () => {
		expect(normalize('visit Kang and mai', 'some-other-text')).toBe(
			'visit Michael Kovrig and Michael Spavor'
		);
		expect(normalize('visit Kang in Beijing', 'some-other-text')).toBe('visit Kang in Beijing');
		expect(normalize('Spavor’s case. visit Kang in Beijing', 'some-other-text')).toBe(
			'Spavor’s case. visit Michael Kovrig in Beijing'
		);
		// A text about Lu Kang alone: his name, and "Kang said", stay.
		expect(normalize('Lu Kang spoke. Kang said no.')).toBe('Lu Kang spoke. Kang said no.');
		expect(normalize('Kovrig is held. Kang said no.')).toBe('Kovrig is held. Kang said no.');
	});

	it('produces no correction for text that is already right', () => {
		const right =
			'Meng Wanzhou, Michael Kovrig, Michael Spavor, Nathan VanderKlippe, the Globe and Mail, CGTN, 5G';
		expect(matcher.find(right, { transcript: LU_KANG })).toEqual([]);
		for (const { slug } of transcripts()) {
			const doc = buildDocument(transcript(slug), matcher, { transcript: slug });
			const normalized = doc.blocks
				.flatMap((b) => b.paragraphs.map((p) => p.normalized))
				.join('\n');
			expect(matcher.find(normalized, { transcript: slug }), slug).toEqual([]);
		}
	});

	it('matches whole words only, case-insensitively, and keeps what follows', () => {
		expect(normalize('Kang Mingkai’s father')).toBe('Michael Kovrig’s father');
		expect(normalize('KANG MINGKAI and cummingkai')).toBe('Michael Kovrig and Michael Kovrig');
		expect(normalize('Kaneria and Kanerva and xKaner')).toBe('Kaneria and Kanerva and xKaner');
		expect(normalize('Kangaroo Saadiyat cummingkais')).toBe('Kangaroo Saadiyat cummingkais');
	});

	it('fixes miscased correct names', () => {
		expect(normalize('Michael kovrig, Isabel crook, the globe and Mail, cgtn')).toBe(
			'Michael Kovrig, Isabel Crook, the Globe and Mail, CGTN'
		);
	});

	it('prefers the leftmost, then the longest match', () => {
		const { entries } = loadGlossary([
			{
				name: 't.yaml',
				text: `- { id: a, canonical: Alpha, kind: term, variants: [meng late] }
- { id: b, canonical: Beta, kind: term, variants: [meng late boat, late boat incident] }`
			}
		]);
		const m = new GlossaryMatcher(entries);
		expect(
			applyCorrections('the meng late boat incident', m.find('the meng late boat incident'))
		).toBe('the Beta incident');
		expect(applyCorrections('meng late, boat', m.find('meng late, boat'))).toBe('Alpha, boat');
	});
});

describe('transcript scopes', () => {
	const { entries } = loadGlossary([
		{
			name: 't.yaml',
			text: `- { id: thaad, canonical: THAAD, kind: term, transcripts: [one], variants: [Saad] }
- { id: kang, canonical: Kang Ban, kind: person, variants: [thaad kang] }`
		}
	]);
	const m = new GlossaryMatcher(entries);
	const fix = (text: string, transcript: string) =>
		applyCorrections(text, m.find(text, { transcript }));

	it('fixes an entry scoped to some transcripts only there, casing of its name included', () => {
		expect(fix('the thaad and Saad systems', 'one')).toBe('the THAAD and THAAD systems');
		expect(fix('the thaad and Saad systems', 'other')).toBe('the thaad and Saad systems');
	});

	it('still lets its name shield its words elsewhere, and lets longer forms win', () => {
		expect(m.find('thaad', { transcript: 'other' })).toEqual([]);
		expect(fix('Thaad Kang came', 'other')).toBe('Kang Ban came');
	});
});

describe('the corrections of the real transcripts', () => {
	const lu = buildDocument(transcript(LU_KANG), matcher, { transcript: LU_KANG });
	const found = [lu.title!, ...lu.blocks.flatMap((b) => b.paragraphs)].flatMap(
		(p) => p.corrections
	);
	const count = (original: string) => found.filter((c) => c.original === original).length;

	it('correct every garbled Meng Wanzhou', () => {
		for (const garble of [
			'Meng late boat',
			'Meng hung boat',
			'Bangladesh evening boat',
			'Meng evening boat',
			'Meng Wan Zhou'
		]) {
			expect(count(garble), garble).toBeGreaterThan(0);
			expect(
				found.filter((c) => c.original === garble).every((c) => c.replacement === 'Meng Wanzhou')
			).toBe(true);
		}
	});

	it('leave no known garble behind', () => {
		const normalized = [lu.title!, ...lu.blocks.flatMap((b) => b.paragraphs)]
			.map((p) => p.normalized)
			.join('\n');
		for (const garble of [
			/\bcumming?kai\b/i,
			/Kang Mingkai/,
			/evening boat/,
			/hung boat/,
			/Shang Pengfei/,
			/war wolf/,
			/\bSaad\b/,
			/\bconconor\b/
		]) {
			expect(normalized).not.toMatch(garble);
		}
		expect(normalized).toContain('Lu Kang');
	});

	it('record offsets that point at the original words', () => {
		for (const p of [lu.title!, ...lu.blocks.flatMap((b) => b.paragraphs)]) {
			for (const c of p.corrections) expect(p.raw.slice(c.start, c.end)).toBe(c.original);
		}
		expect(lu.corrections).toBe(found.length);
	});
});

// The timeout is a safety net only: the property's budget is a count of runs.
describe('applyCorrections', { timeout: 60_000 }, () => {
	it('rebuilds every normalized paragraph of every transcript from raw text and corrections', () => {
		for (const { slug, text } of transcripts()) {
			const doc = buildDocument(text, matcher, { transcript: slug });
			for (const p of doc.blocks.flatMap((b) => b.paragraphs)) {
				// The contract's corrections, as a consumer of the JSON would apply them.
				const fixes = p.corrections.map((c) => ({ ...c, fix: c.replacement }));
				expect(applyCorrections(p.raw, fixes)).toBe(p.normalized);
			}
		}
	});

	it('refuses overlapping corrections', () => {
		const c = { fix: 'x' };
		expect(() =>
			applyCorrections('abc', [
				{ ...c, start: 0, end: 2 },
				{ ...c, start: 1, end: 3 }
			])
		).toThrow(RangeError);
	});

	const variants = realGlossary().entries.flatMap((e) => [
		e.canonical,
		...e.variants.map((v) => v.text)
	]);
	const paragraphs = transcripts().flatMap(({ text }) => text.split('\n').filter(Boolean));

	test.prop(
		[
			fc.array(
				fc.oneof(fc.constantFrom(...variants), fc.constantFrom(...paragraphs), fc.string()),
				{ maxLength: 12 }
			),
			fc.constantFrom(...transcripts().map((t) => t.slug))
		],
		propertyRuns(100, 1000)
	)(
		'gives sorted, disjoint, exact corrections on any mix of real text and glossary forms',
		(parts, slug) => {
			const text = parts.join(' ');
			const corrections = matcher.find(text, { transcript: slug });
			let at = 0;
			for (const c of corrections) {
				expect(c.start).toBeGreaterThanOrEqual(at);
				expect(text.slice(c.start, c.end)).toBe(c.actual);
				at = c.end;
			}
			const normalized = applyCorrections(text, corrections);
			let rebuilt = '';
			let last = 0;
			for (const c of corrections) {
				rebuilt += text.slice(last, c.start) + c.fix;
				last = c.end;
			}
			expect(normalized).toBe(rebuilt + text.slice(last));
		}
	);
});

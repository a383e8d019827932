/**
 * A made-up archive for tests/e2e/archive.test.ts: small press-briefing transcripts with
 * varied dates, outlets, speakers and metadata, some with garbled names ("cummingkai",
 * "Kang Mingkai", "Meng late boat"), some with a translation flag, some with a word to search
 * for. Each transcript's facts are returned with it, so the tests know what to expect without
 * asking the app.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface Generated {
	slug: string;
	title: string;
	date: string | null;
	outlet: string | null;
	machineTranslated: boolean;
	/** The speaker label of the answers, besides the standard `Q`. */
	speaker: string;
	/** Garbled forms of Michael Kovrig in it. */
	kovrigGarbles: string[];
	/** A literal idiom, "one hand cannot make a sound" (a warning flag). */
	flagged: boolean;
	/** Says "soybeans" (for full-text search). */
	soybeans: boolean;
}

const TOPICS = [
	'Trade and tariffs',
	'Consular cases',
	'Climate cooperation',
	'Canola exports',
	'Student visas',
	'Arctic policy',
	'Fentanyl controls'
];
export const OUTLETS = ['Xinhua', 'CBC News', 'The Globe and Mail', 'Reuters', 'South China Post'];
/** Lu Kang is a glossary speaker; the other two are speakers because their labels recur. */
export const SPEAKERS = ['Lu Kang', 'Hua Chunying', 'Zhao Lijian'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The facts of generated transcript `i`. */
export function facts(i: number): Generated {
	// Two or three mentions in each of 12 transcripts: with the bundled and the hostile ones, more
	// than a page of mentions (50), in fewer transcripts than the 20 the "most mentions" list shows.
	const kovrigGarbles =
		i % 30 === 2
			? ['cummingkai', 'cummingkai']
			: i % 30 === 12
				? ['Kang Mingkai', 'cummingkai']
				: i % 30 === 22
					? ['cummingkai', 'Kang Mingkai']
					: [];
	return {
		slug: `briefing-${pad(i, 3)}`,
		title: `${TOPICS[i % TOPICS.length]}: briefing ${pad(i, 3)}`,
		date:
			i % 10 === 9
				? null
				: `${2018 + (i % 8)}-${pad(((i * 7) % 12) + 1)}-${pad(((i * 3) % 28) + 1)}`,
		outlet: i % 11 === 10 ? null : OUTLETS[i % OUTLETS.length]!,
		machineTranslated: i % 3 === 0,
		speaker: SPEAKERS[i % SPEAKERS.length]!,
		kovrigGarbles,
		flagged: i % 4 === 1,
		soybeans: i % 10 === 4
	};
}

/** The text of a generated transcript. */
export function text(f: Generated, i: number): string {
	const answer = [
		`We have always handled this matter in accordance with the law.`,
		...f.kovrigGarbles.map((g, k) =>
			g === 'Kang Mingkai'
				? `The case of Kang Mingkai is being handled by the competent authorities.`
				: k === 0
					? `The rights of ${g} are protected, and the consular visit went ahead.`
					: `We told the Canadian side that ${g} is in good health.`
		),
		...(i % 30 === 22 ? ['Michael Kovrig met his family last month.'] : []),
		...(i % 6 === 3 ? ['Canada detained Meng late boat without reason.'] : []),
		...(f.flagged ? ['But one hand cannot make a sound, and Canada must also act.'] : []),
		...(f.soybeans ? ['Exports of soybeans and canola were discussed at length.'] : [])
	].join(' ');
	return [
		f.title,
		`${f.speaker}: Good afternoon. Today's briefing is about ${f.title.split(':')[0]!.toLowerCase()}.`,
		`Q: What is the position of the ministry on this question?`,
		`${f.speaker}: ${answer}`,
		`Q: Is there anything else you can tell us?`,
		`${f.speaker}: That is all I have today. Thank you.`
	].join('\n');
}

/** YAML for a transcript's `.meta.yaml` (every value JSON-quoted: valid YAML, never markup). */
export function meta(fields: Record<string, string | boolean | null>): string {
	return (
		Object.entries(fields)
			.filter(([, v]) => v !== null)
			.map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
			.join('\n') + '\n'
	);
}

/** Writes `count` generated transcripts into `dir` and returns their facts. */
export async function writeCorpus(dir: string, count: number): Promise<Generated[]> {
	const all = Array.from({ length: count }, (_, i) => facts(i));
	await Promise.all(
		all.map(async (f, i) => {
			await writeFile(
				path.join(dir, `${f.slug}.meta.yaml`),
				meta({
					title: f.title,
					date: f.date,
					outlet: f.outlet,
					source_language: f.machineTranslated ? 'zh' : 'en',
					machine_translated: f.machineTranslated
				})
			);
			await writeFile(path.join(dir, `${f.slug}.txt`), text(f, i));
		})
	);
	return all;
}

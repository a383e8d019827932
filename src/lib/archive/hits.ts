/**
 * What a reader sees of a hit: the sentence around a mention, the query's words in a passage,
 * mentions over time. Pure text work on what the index returns.
 */

/** Longest context shown on either side of a mention when its sentence is long. */
const CONTEXT = 160;
/** The end of a sentence: its punctuation, closing quotes or brackets, and the space after. */
const SENTENCE_END = /[.!?。！？]["”’)\]]*\s+/g;

/**
 * The sentence of `raw` around `[start, end)` (offsets in `raw`), cut to `CONTEXT` characters
 * on either side at a word (marked "…"): `{ sentence, at }` with the mention at
 * `sentence.slice(at)`. Only the text near the mention is read, however long the paragraph.
 */
export function sentenceAround(
	raw: string,
	start: number,
	end: number
): { sentence: string; at: number } {
	const before = Math.max(0, start - CONTEXT);
	let from = before > 0 ? wordStart(raw, before) : 0;
	let lead = before > 0;
	SENTENCE_END.lastIndex = before;
	for (let m; (m = SENTENCE_END.exec(raw)) && m.index + m[0].length <= start;) {
		from = m.index + m[0].length;
		lead = false;
	}
	SENTENCE_END.lastIndex = end;
	const next = SENTENCE_END.exec(raw);
	let to = raw.length;
	let tail = false;
	if (next && next.index < end + CONTEXT) to = next.index + next[0].trimEnd().length;
	else if (raw.length - end > CONTEXT) {
		to = wordEnd(raw, end + CONTEXT);
		tail = true;
	}
	from = Math.min(from, start);
	const text = (lead ? '…' : '') + raw.slice(from, to) + (tail ? '…' : '');
	return { sentence: text, at: start - from + (lead ? 1 : 0) };
}

/** The start of the first word at or after `i`. */
function wordStart(text: string, i: number): number {
	if (i <= 0) return 0;
	const space = text.indexOf(' ', i);
	return space < 0 ? i : space + 1;
}

/** The end of the last word before `i`. */
function wordEnd(text: string, i: number): number {
	if (i >= text.length) return text.length;
	const space = text.lastIndexOf(' ', i);
	return space <= 0 ? i : space;
}

/** The words of a full-text query, lowercased, as full-text search reads them. */
export function queryWords(query: string): string[] {
	return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [])];
}

/** Where the query's words are in `text`, whole words, case-insensitive; in order, not overlapping. */
export function wordMatches(
	text: string,
	words: readonly string[]
): { start: number; end: number }[] {
	if (words.length === 0) return [];
	const wanted = new Set(words);
	const found: { start: number; end: number }[] = [];
	for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
		if (wanted.has(m[0].toLowerCase()))
			found.push({ start: m.index!, end: m.index! + m[0].length });
	}
	return found;
}

/** More rows than this and the quiet periods stay out of a timeline. */
const MAX_ROWS = 120;
/** Empty periods in a row from which they are one row (`2020-10 – 2024-06`). */
const QUIET_RUN = 3;

/**
 * Counts per date grouped for a timeline: per month, or per year when the dates span more
 * than five years; undated counts last, as "undated". The periods between with no count are
 * there too, so that the bars are evenly spaced in time (`2018, 2019: 0, 2020`); a quiet
 * stretch of three or more is one row, so two mentions four years apart make no fifty empty
 * months.
 */
export function timeline(
	counts: readonly { date: string | null; count: number }[]
): { period: string; count: number }[] {
	const isDated = (c: { date: string | null }) => c.date !== null && /^\d{4}-\d{2}/.test(c.date);
	const dated = counts.filter(isDated);
	const years = dated.map((c) => Number(c.date!.slice(0, 4)));
	const byYear = years.length > 0 && Math.max(...years) - Math.min(...years) > 5;
	// Periods as numbers: years, or months since year 0.
	const periodOf = (date: string) =>
		byYear
			? Number(date.slice(0, 4))
			: Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
	const label = (i: number) =>
		byYear ? String(i) : `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
	const periods = new Map<number, number>();
	for (const c of dated) {
		const period = periodOf(c.date!);
		periods.set(period, (periods.get(period) ?? 0) + c.count);
	}
	const sorted = [...periods.keys()].sort((a, b) => a - b);
	const out: { period: string; count: number }[] = [];
	const [first, last] = [sorted[0], sorted.at(-1)];
	if (first !== undefined && last !== undefined && last - first < MAX_ROWS) {
		for (let i = first; i <= last; i++) {
			const count = periods.get(i);
			if (count !== undefined) {
				out.push({ period: label(i), count });
				continue;
			}
			let end = i;
			while (!periods.has(end + 1)) end++;
			if (end - i + 1 >= QUIET_RUN) out.push({ period: `${label(i)} – ${label(end)}`, count: 0 });
			else for (let k = i; k <= end; k++) out.push({ period: label(k), count: 0 });
			i = end;
		}
	} else {
		for (const i of sorted) out.push({ period: label(i), count: periods.get(i)! });
	}
	const undated = counts.filter((c) => !isDated(c)).reduce((n, c) => n + c.count, 0);
	return undated ? [...out, { period: 'undated', count: undated }] : out;
}

/** A piece of a full-text hit as the search page draws it: text, or a word of the query. */
export interface Piece {
	text: string;
	/** A word of the query: drawn in a <mark>. */
	match: boolean;
}

/** A paragraph up to this long is shown whole. */
const WHOLE = 480;
/** Context kept on either side of a match in a longer one. */
const AROUND = 120;
/** Parts of a long paragraph shown at most. */
const PARTS = 3;

/**
 * What the search page shows of a full-text hit: the paragraph, or for a long one the parts
 * around its first matches, cut at words, as pieces of text (never HTML), the matches marked.
 */
export function excerpt(text: string, matches: readonly { start: number; end: number }[]): Piece[] {
	const parts: [number, number][] = [];
	if (text.length <= WHOLE) parts.push([0, text.length]);
	else if (matches.length === 0) parts.push([0, wordEnd(text, WHOLE)]);
	else {
		for (const m of matches) {
			const from = Math.min(m.start, wordStart(text, m.start - AROUND));
			const to = Math.max(m.end, wordEnd(text, m.end + AROUND));
			const last = parts.at(-1);
			if (last && from <= last[1]) last[1] = Math.max(last[1], to);
			else if (parts.length < PARTS) parts.push([from, to]);
			else break;
		}
	}
	const pieces: Piece[] = [];
	const plain = (t: string) => t && pieces.push({ text: t, match: false });
	parts.forEach(([from, to], i) => {
		if (from > 0) plain(i > 0 ? ' … ' : '…');
		let at = from;
		for (const m of matches) {
			if (m.start < from || m.end > to) continue;
			plain(text.slice(at, m.start));
			pieces.push({ text: text.slice(m.start, m.end), match: true });
			at = m.end;
		}
		plain(text.slice(at, to));
	});
	if (parts.at(-1)![1] < text.length) plain('…');
	return pieces;
}

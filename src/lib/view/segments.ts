import { byPosition, type Finding } from '../document/finding';
import type { MarkedParagraph } from '../document/model';

/**
 * A paragraph cut at every finding edge, as a tree: plain text, and marks that contain text and
 * further marks. Findings may overlap (a flag inside a correction, a suggestion across a flag);
 * a finding that crosses the edge of a mark it started inside is cut into pieces, one per mark,
 * so marks always nest. Every view renders this one tree.
 */
export type Segment = string | MarkSegment;

export interface MarkSegment {
	finding: Finding;
	/** Whether this piece holds the finding's start: the first piece carries its anchor id. */
	first: boolean;
	/** Whether this piece holds the finding's end: a correction's replacement follows the last. */
	last: boolean;
	/** The piece, in offsets relative to the paragraph. */
	start: number;
	end: number;
	children: Segment[];
}

const withFlags = new WeakMap<MarkedParagraph, Segment[]>();
const corrected = new WeakMap<MarkedParagraph, Segment[]>();

/**
 * The segments of a marked paragraph, with its flags or with its corrections only, cut once per
 * paragraph object (pages share them).
 */
export function paragraphSegments(paragraph: MarkedParagraph, flags = true): Segment[] {
	const cache = flags ? withFlags : corrected;
	let segments = cache.get(paragraph);
	if (!segments) {
		const findings = flags
			? paragraph.findings
			: paragraph.findings.filter((f) => f.fix !== undefined);
		segments = segmentsOf(paragraph.raw, paragraph.offset, findings);
		cache.set(paragraph, segments);
	}
	return segments;
}

/**
 * The segments of `raw` (which starts at `offset` in the transcript) for `findings` (absolute
 * offsets). Empty findings and the parts of findings outside the paragraph are left out.
 * Outer marks come first: of two findings, the one that starts earlier, or the longer.
 */
export function segmentsOf(raw: string, offset: number, findings: readonly Finding[]): Segment[] {
	const spans = findings
		.map((finding) => ({
			finding,
			start: Math.max(0, finding.start - offset),
			end: Math.min(raw.length, finding.end - offset)
		}))
		.filter((s) => s.start < s.end)
		.sort((a, b) => a.start - b.start || b.end - a.end || byPosition(a.finding, b.finding));
	if (spans.length === 0) return raw ? [raw] : [];

	const edges = [...new Set([0, raw.length, ...spans.flatMap((s) => [s.start, s.end])])].sort(
		(a, b) => a - b
	);
	const root: Segment[] = [];
	const open: MarkSegment[] = [];
	let active: typeof spans = [];
	let next = 0;
	const ends = new Map(spans.map((s) => [s.finding, s.end]));
	const endOf = (mark: MarkSegment) => ends.get(mark.finding);
	for (let e = 0; e + 1 < edges.length; e++) {
		const [from, to] = [edges[e]!, edges[e + 1]!];
		active = active.filter((s) => s.end > from);
		while (next < spans.length && spans[next]!.start === from) active.push(spans[next++]!);
		// Keep the open marks that are still the outermost active findings, in order; open the rest.
		let kept = 0;
		while (kept < open.length && open[kept]!.finding === active[kept]?.finding) kept++;
		for (const closed of open.splice(kept)) closed.last = closed.end === endOf(closed);
		for (const span of active.slice(kept)) {
			const mark: MarkSegment = {
				finding: span.finding,
				first: span.start === from,
				last: true,
				start: from,
				end: to,
				children: []
			};
			(open.at(-1)?.children ?? root).push(mark);
			open.push(mark);
		}
		for (const mark of open) mark.end = to;
		const children = open.at(-1)?.children ?? root;
		const text = raw.slice(from, to);
		if (typeof children.at(-1) === 'string') children[children.length - 1] += text;
		else children.push(text);
	}
	for (const closed of open) closed.last = true;
	return root;
}

/** The text a list of segments covers, in order. */
export function textOf(segments: readonly Segment[]): string {
	return segments.map((s) => (typeof s === 'string' ? s : textOf(s.children))).join('');
}

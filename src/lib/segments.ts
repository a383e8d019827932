import type { Correction, SlimParagraph } from './types';

export type Segment = { text: string } | { correction: Correction; index: number };

/** A paragraph cut at its corrections, for the inline view: text, correction, text, … */
export function segmentsOf(paragraph: SlimParagraph): Segment[] {
	const segments: Segment[] = [];
	let at = 0;
	paragraph.corrections.forEach((correction, index) => {
		if (correction.start > at) segments.push({ text: paragraph.raw.slice(at, correction.start) });
		segments.push({ correction, index });
		at = correction.end;
	});
	if (at < paragraph.raw.length) segments.push({ text: paragraph.raw.slice(at) });
	return segments;
}

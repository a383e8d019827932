import type { Finding } from './finding';

/**
 * The one function that builds normalized text: the span of each finding that has a `fix`
 * replaced by it. Offsets are absolute; `offset` is where `text` starts in the prepared
 * transcript. Fixes must be sorted and must not overlap; findings without a fix are skipped.
 */
export function applyCorrections(
	text: string,
	findings: readonly Pick<Finding, 'start' | 'end' | 'fix'>[],
	offset = 0
): string {
	let out = '';
	let at = 0;
	for (const f of findings) {
		if (f.fix === undefined) continue;
		const start = f.start - offset;
		const end = f.end - offset;
		if (start < at || end < start || end > text.length) {
			throw new RangeError(`correction ${f.start}-${f.end} overlaps or leaves the text`);
		}
		out += text.slice(at, start) + f.fix;
		at = end;
	}
	return out + text.slice(at);
}

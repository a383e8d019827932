import type { Correction, SlimParagraph } from './types';

/** The text between the previous correction and this one, then the correction. */
export interface Piece {
	before: string;
	correction: Correction;
	/** The correction's index in its paragraph. */
	index: number;
}

/**
 * A paragraph cut at its corrections: `pieces`, then the text after the last correction.
 * Shaped so a view renders each piece without asking what kind of segment it is.
 */
export function piecesOf(paragraph: SlimParagraph): { pieces: Piece[]; rest: string } {
	let at = 0;
	const pieces = paragraph.corrections.map((correction, index) => {
		const before = paragraph.raw.slice(at, correction.start);
		at = correction.end;
		return { before, correction, index };
	});
	return { pieces, rest: paragraph.raw.slice(at) };
}

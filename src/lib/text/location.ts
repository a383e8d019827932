/**
 * Offsets of a text as 1-based line and column (in UTF-16 code units), after vfile-location:
 * the line starts are found once, then each look-up is a binary search.
 */
export function locator(text: string): (offset: number) => { line: number; column: number } {
	const starts = [0];
	for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
	return (offset) => {
		let low = 0;
		let high = starts.length - 1;
		while (low < high) {
			const mid = (low + high + 1) >> 1;
			if (starts[mid]! <= offset) low = mid;
			else high = mid - 1;
		}
		return { line: low + 1, column: offset - starts[low]! + 1 };
	};
}

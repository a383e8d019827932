/**
 * The optimal-string-alignment form of the Damerau–Levenshtein distance: insertions, deletions,
 * substitutions and swaps of two neighbours each cost 1. Stops early once every path exceeds
 * `max`, returning `max + 1`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
	if (Math.abs(a.length - b.length) > max) return max + 1;
	let before = new Array<number>(b.length + 1).fill(0);
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		let best = i;
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				d = Math.min(d, before[j - 2]! + 1);
			}
			current.push(d);
			best = Math.min(best, d);
		}
		if (best > max) return max + 1;
		before = previous;
		previous = current;
	}
	return previous[b.length]!;
}

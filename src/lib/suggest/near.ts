import { editDistance } from '../text/edit-distance';

/**
 * Keys within a small edit distance of a query, found without comparing the query with every
 * key: each key is stored under every string made by deleting up to `MAX_EDITS` of its letters
 * (symmetric deletion, as in SymSpell), and a query looks up its own deletions. Two strings
 * within distance d share such a deletion; the candidates are then checked with the real
 * Damerau–Levenshtein distance. Building costs about L²/2 strings per key of length L.
 */
export const MAX_EDITS = 2;

export class NearIndex<T> {
	#byDeletion = new Map<string, Entry<T>[]>();
	#added = new Map<string, Set<T>>();

	add(key: string, value: T): void {
		const values = this.#added.get(key) ?? new Set();
		if (values.has(value)) return;
		this.#added.set(key, values.add(value));
		const entry = { key, value };
		for (const d of deletions(key, MAX_EDITS)) {
			const list = this.#byDeletion.get(d);
			if (list) list.push(entry);
			else this.#byDeletion.set(d, [entry]);
		}
	}

	/** Stored keys at distance 1..`max` from `query` (an equal key is no near key), nearest first. */
	find(query: string, max: number): (Entry<T> & { distance: number })[] {
		const seen = new Set<Entry<T>>();
		const found: (Entry<T> & { distance: number })[] = [];
		for (const d of deletions(query, max)) {
			for (const entry of this.#byDeletion.get(d) ?? []) {
				if (seen.has(entry)) continue;
				seen.add(entry);
				const distance = editDistance(query, entry.key, max);
				if (distance >= 1 && distance <= max) found.push({ ...entry, distance });
			}
		}
		return found.sort((a, b) => a.distance - b.distance);
	}
}

interface Entry<T> {
	key: string;
	value: T;
}

/** `key` and every string made from it by deleting 1..`depth` letters. */
function deletions(key: string, depth: number): Set<string> {
	const out = new Set([key]);
	let layer = [key];
	for (let level = 0; level < depth; level++) {
		const next: string[] = [];
		for (const s of layer) {
			for (let i = 0; i < s.length; i++) {
				const d = s.slice(0, i) + s.slice(i + 1);
				if (!out.has(d)) {
					out.add(d);
					next.push(d);
				}
			}
		}
		layer = next;
	}
	return out;
}

/**
 * Which positions of `a` an optimal alignment with `b` edits (substitutes, deletes, swaps, or
 * inserts next to): to tell whether the edits fall inside words that are not English.
 */
export function editedPositions(a: string, b: string): number[] {
	const rows = a.length + 1;
	const cols = b.length + 1;
	const d = Array.from({ length: rows }, (_, i) =>
		Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
	);
	for (let i = 1; i < rows; i++) {
		for (let j = 1; j < cols; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				v = Math.min(v, d[i - 2]![j - 2]! + 1);
			}
			d[i]![j] = v;
		}
	}
	const edited: number[] = [];
	let i = a.length;
	let j = b.length;
	while (i > 0 || j > 0) {
		const here = d[i]![j]!;
		if (i > 0 && j > 0 && a[i - 1] === b[j - 1] && d[i - 1]![j - 1] === here) {
			(i--, j--);
		} else if (i > 0 && j > 0 && d[i - 1]![j - 1]! + 1 === here) {
			(edited.push(--i), j--);
		} else if (i > 0 && d[i - 1]![j]! + 1 === here) {
			edited.push(--i);
		} else if (j > 0 && d[i]![j - 1]! + 1 === here) {
			// An insertion into `a`: blame the letter before it (or the first letter).
			(edited.push(Math.max(0, i - 1)), j--);
		} else {
			(edited.push(i - 1, i - 2), (i -= 2), (j -= 2));
		}
	}
	return edited;
}

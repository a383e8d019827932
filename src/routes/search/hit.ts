/** Where a hit is in the reader: its turn's anchor when it is in a turn. */
export function hitHref(hit: { transcript: string; turn: number | null }): string {
	return hit.turn === null ? `/t/${hit.transcript}` : `/t/${hit.transcript}#turn-${hit.turn}`;
}

export const count = (n: number) => n.toLocaleString('en-US');

/** `1 mention`, `12 mentions`. */
export const counted = (n: number, noun: string, plural = `${noun}s`) =>
	`${count(n)} ${n === 1 ? noun : plural}`;

/** `2.0 MB`, `448 KB`: sizes as readers read them (1 MB = 1024 KB = 1024² bytes). */
export function formatBytes(bytes: number): string {
	return bytes >= 1024 * 1024
		? `${(bytes / 1024 / 1024).toFixed(1)} MB`
		: `${Math.round(bytes / 1024)} KB`;
}

/** `10,000`: counts as readers read them, whatever the browser's locale. */
export function formatCount(n: number): string {
	return n.toLocaleString('en-US');
}

/** `1 mention`, `12 mentions`. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
	return `${formatCount(n)} ${n === 1 ? noun : plural}`;
}

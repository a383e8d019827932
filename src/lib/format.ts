/** `2.0 MB`, `448 KB`: sizes as readers read them (1 MB = 1024 KB = 1024² bytes). */
export function formatBytes(bytes: number): string {
	return bytes >= 1024 * 1024
		? `${(bytes / 1024 / 1024).toFixed(1)} MB`
		: `${Math.round(bytes / 1024)} KB`;
}

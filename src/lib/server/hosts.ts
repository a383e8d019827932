/** Host names that always mean this machine. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a request's `Host` header names this server: the host of `ORIGIN` when it is set
 * (with `ALLOWED_HOSTS`, a comma-separated list, for other names), else a loopback name on any
 * port. Anything else may be a DNS-rebinding page trying to read the app from a victim's
 * browser, so it is refused.
 */
export function isAllowedHost(
	host: string | null,
	{ origin, allowed }: { origin?: string; allowed?: string } = {}
): boolean {
	if (!host) return false;
	const name = host.toLowerCase().replace(/:\d+$/, '');
	const extra = (allowed ?? '')
		.split(',')
		.map((h) => h.trim().toLowerCase())
		.filter(Boolean);
	if (extra.includes(name) || extra.includes(host.toLowerCase())) return true;
	if (origin) {
		try {
			return new URL(origin).host.toLowerCase() === host.toLowerCase();
		} catch {
			return false;
		}
	}
	return LOOPBACK.has(name);
}

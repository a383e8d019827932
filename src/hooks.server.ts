import type { Handle, ServerInit } from '@sveltejs/kit';
import { appLibrary } from '$lib/server/instance';
import { isAllowedHost } from '$lib/server/hosts';

/**
 * Sent with every response the app makes: pages, JSON, exports, errors and 404s. The
 * Content-Security-Policy is not here: SvelteKit adds it to the pages it renders, with a nonce
 * for its own inline script (`kit.csp` in svelte.config.js). Files under `/_app/` are served by
 * adapter-node before this hook runs, so they go without these headers.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	// A JSON or Markdown export must never be sniffed into HTML or script.
	'x-content-type-options': 'nosniff',
	// Transcript slugs and search words in the URL stay on this site.
	'referrer-policy': 'same-origin'
};

/**
 * The library is opened when the server starts, so that the archive index is brought up to
 * date (in the background) before the first reader asks for it.
 */
export const init: ServerInit = () => {
	appLibrary();
};

/** Requests for a host that is not this server's are refused (see `isAllowedHost`). */
export const handle: Handle = async ({ event, resolve }) => {
	const host = event.request.headers.get('host');
	if (!isAllowedHost(host, { origin: process.env.ORIGIN, allowed: process.env.ALLOWED_HOSTS })) {
		return new Response(`This server does not answer for the host "${host ?? ''}".\n`, {
			status: 421,
			headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }
		});
	}
	// SvelteKit copies these onto whatever `resolve` answers, error pages included.
	event.setHeaders(SECURITY_HEADERS);
	return resolve(event);
};

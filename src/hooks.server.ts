import type { Handle } from '@sveltejs/kit';
import { isAllowedHost } from '$lib/server/hosts';

/** Requests for a host that is not this server's are refused (see `isAllowedHost`). */
export const handle: Handle = async ({ event, resolve }) => {
	const host = event.request.headers.get('host');
	if (!isAllowedHost(host, { origin: process.env.ORIGIN, allowed: process.env.ALLOWED_HOSTS })) {
		return new Response(`This server does not answer for the host "${host ?? ''}".\n`, {
			status: 421,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	return resolve(event);
};

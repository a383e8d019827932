import type { Cookies } from '@sveltejs/kit';
import { appReview } from './review';

/** The cookie that holds a reviewer's session token (the database keeps only its hash). */
export const SESSION_COOKIE = 'session';

/** The signed-in reviewer of a request, or null: checked on the server for every write. */
export function reviewerOf(cookies: Cookies): string | null {
	return appReview().store.reviewer(cookies.get(SESSION_COOKIE));
}

export function setSession(cookies: Cookies, url: URL, token: string, expires: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires
	});
}

export function clearSession(cookies: Cookies): void {
	appReview().store.signOut(cookies.get(SESSION_COOKIE));
	cookies.delete(SESSION_COOKIE, { path: '/' });
}

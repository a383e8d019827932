import { fail, redirect } from '@sveltejs/kit';
import { reviewerOf, setSession } from '$lib/server/auth';
import { appReview, StoreError } from '$lib/server/review';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ cookies }) => ({ reviewer: reviewerOf(cookies) });

export const actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData().catch(() => undefined);
		const name = String(form?.get('name') ?? '').trim();
		const password = String(form?.get('password') ?? '');
		if (!name || !password) {
			return fail(400, { name, error: 'Give your reviewer name and password.' });
		}
		let session;
		try {
			session = appReview().store.signIn(name, password, getClientAddress());
		} catch (error) {
			if (error instanceof StoreError) return fail(error.status, { name, error: error.message });
			throw error;
		}
		if (!session) return fail(403, { name, error: 'That name and password do not match.' });
		setSession(cookies, url, session.token, session.expires);
		redirect(303, '/review');
	}
} satisfies Actions;

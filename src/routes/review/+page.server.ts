import { fail, redirect } from '@sveltejs/kit';
import { clearSession, reviewerOf } from '$lib/server/auth';
import { appLibrary } from '$lib/server/instance';
import {
	acceptSuggestion,
	appReview,
	previewSuggestions,
	rejectSuggestion,
	StoreError,
	WriteConflict
} from '$lib/server/review';
import type { Actions, PageServerLoad } from './$types';

/** Previews are built for this many of the newest pending suggestions per page. */
const PREVIEWS = 25;

export const load: PageServerLoad = async ({ cookies }) => {
	const review = appReview();
	const { suggestions, perTranscript } = review.store.pending();
	const shown = suggestions.slice(0, PREVIEWS);
	const previews = await previewSuggestions(review, shown);
	const { glossary } = await appLibrary().glossary();
	return {
		canonical: Object.fromEntries(glossary.entries.map((e) => [e.id, e.canonical])),
		reviewer: reviewerOf(cookies),
		pending: suggestions.length,
		perTranscript,
		counts: review.store.count(),
		items: shown.map((suggestion, i) => ({ suggestion, preview: previews[i]! }))
	};
};

/** The id a form names, or a 400. */
function idOf(form: FormData | undefined): number | null {
	const id = Number(form?.get('id'));
	return Number.isInteger(id) && id > 0 ? id : null;
}

async function decide(
	cookies: Parameters<typeof reviewerOf>[0],
	request: Request,
	run: (reviewer: string, id: number, form: FormData) => Promise<unknown>
) {
	const reviewer = reviewerOf(cookies);
	// Checked here, not by hiding buttons: a reader posting by hand gets the same 403.
	if (!reviewer) return fail(403, { error: 'Only a signed-in reviewer may accept or reject.' });
	const form = await request.formData().catch(() => undefined);
	const id = idOf(form);
	if (!form || id === null) return fail(400, { error: 'Which suggestion? The form named none.' });
	try {
		await run(reviewer, id, form);
	} catch (error) {
		if (error instanceof StoreError) return fail(error.status, { id, error: error.message });
		if (error instanceof WriteConflict) return fail(409, { id, error: error.message });
		throw error;
	}
	return { id, done: true };
}

export const actions = {
	accept: ({ cookies, request }) =>
		decide(cookies, request, async (reviewer, id, form) => {
			const hash = String(form.get('hash') ?? '');
			if (!/^[0-9a-f]{32}$/.test(hash))
				throw new StoreError(400, 'the preview this decision was made on is missing: reload');
			await acceptSuggestion(appReview(), id, reviewer, hash);
		}),
	reject: ({ cookies, request }) =>
		decide(cookies, request, async (reviewer, id, form) => {
			const reason = String(form.get('reason') ?? '').trim();
			if (!reason)
				throw new StoreError(400, 'a rejection needs a reason, for the reader and the log');
			if (reason.length > 500)
				throw new StoreError(400, 'the reason is longer than 500 characters');
			await rejectSuggestion(appReview(), id, reviewer, reason);
		}),
	signout: ({ cookies }) => {
		clearSession(cookies);
		redirect(303, '/review');
	}
} satisfies Actions;

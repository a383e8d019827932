import { fail, redirect } from '@sveltejs/kit';
import { appLibrary } from '$lib/server/instance';
import { MAX_TRANSCRIPT_BYTES } from '$lib/server/transcripts';
import { readSubmission } from '$lib/server/upload';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const transcripts = (await appLibrary().transcripts()).map((t) => t.summary);
	return { transcripts, maxBytes: MAX_TRANSCRIPT_BYTES };
};

export const actions = {
	add: async ({ request }) => {
		const form = await request.formData();
		const library = appLibrary();
		let submission = await readSubmission(form);
		if ('text' in submission) {
			const tooLarge = await library.tooLarge(submission.text);
			if (tooLarge) submission = { error: `This transcript is too large to show: ${tooLarge}.` };
		}
		if ('error' in submission) {
			return fail(400, {
				error: submission.error,
				title: String(form.get('title') ?? ''),
				text: String(form.get('text') ?? '').slice(0, MAX_TRANSCRIPT_BYTES)
			});
		}
		const slug = await library.save(submission.name, submission.text, {
			title: String(form.get('title') ?? '').trim() || undefined,
			date: new Date().toISOString().slice(0, 10),
			note: 'Added through the library page.'
		});
		redirect(303, `/t/${slug}`);
	}
} satisfies Actions;

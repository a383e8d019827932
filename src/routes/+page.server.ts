import { fail, redirect } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { appLibrary, uploadRules } from '$lib/server/instance';
import { folderBytes } from '$lib/server/quota';
import { formatBytes } from '$lib/view/format';
import { libraryQuery } from '$lib/archive/query';
import { readSubmission } from '$lib/server/upload';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const library = appLibrary();
	await library.firstIndex();
	const { archive } = library;
	return {
		library: archive.library(libraryQuery(url.searchParams)),
		facets: archive.facets(),
		progress: library.indexer.progress(),
		maxBytes: uploadRules(dev).maxBytes
	};
};

export const actions = {
	add: async ({ request, getClientAddress }) => {
		const rules = uploadRules(dev);
		const form = await request.formData().catch(() => undefined);
		// What the reader sent comes back with the message, so the form is not lost.
		const refuse = (status: number, error: string) =>
			fail(status, {
				error,
				title: String(form?.get('title') ?? ''),
				text: String(form?.get('text') ?? '').slice(0, rules.maxBytes)
			});
		if (!form) {
			return refuse(
				400,
				'The form could not be read: send it as multipart/form-data or URL-encoded.'
			);
		}
		const wait = rules.perClient.take(getClientAddress());
		if (wait !== undefined) {
			return refuse(
				429,
				`Too many uploads from your address: at most ${rules.perClient.limit} an hour. Try again in ${Math.ceil(wait / 60)} minute(s).`
			);
		}
		const library = appLibrary();
		const submission = await readSubmission(form, rules.maxBytes);
		if ('error' in submission) return refuse(400, submission.error);
		const tooLarge = await library.tooLarge(submission.text);
		if (tooLarge) return refuse(400, `This transcript is too large to show: ${tooLarge}.`);
		const used = await folderBytes(library.transcriptsDir);
		if (used + Buffer.byteLength(submission.text) > rules.quotaBytes) {
			return refuse(
				507,
				`The library is full: it holds ${formatBytes(used)} of ${formatBytes(rules.quotaBytes)}. Ask its operator to make room.`
			);
		}
		const slug = await library.save(submission.name, submission.text, {
			title: String(form.get('title') ?? '').trim() || undefined,
			date: new Date().toISOString().slice(0, 10),
			note: 'Added through the library page.'
		});
		redirect(303, `/t/${slug}`);
	}
} satisfies Actions;

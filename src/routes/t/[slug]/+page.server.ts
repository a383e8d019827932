import { fail } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { checkSubmission } from '$lib/review/submission';
import { appLibrary, transcriptOr404 } from '$lib/server/instance';
import { readerPayloadFor } from '$lib/server/reader';
import { appReview } from '$lib/server/review';
import { ReaderSource } from '$lib/view/reader-source';
import { prepareText } from '$lib/text/prepare';
import { readTranscript } from '$lib/server/transcripts';
import type { Actions, PageServerLoad } from './$types';

/** The reader's name, remembered for their next suggestion. */
const READER_COOKIE = 'reader';

export const load: PageServerLoad = async ({ params, cookies }) => {
	const payload = await readerPayloadFor(appLibrary(), await transcriptOr404(params.slug));
	// `payload.data` is the cached object every request shares: the page only reads it.
	const url = `/t/${params.slug}/reader.json?v=${payload.tag}`;
	const { glossary } = await appLibrary().glossary();
	return {
		source: new ReaderSource(url, payload.data),
		suggest: {
			// A new key per form shown: the same submission sent twice is stored once.
			key: randomUUID(),
			reader: cookies.get(READER_COOKIE) ?? '',
			entries: glossary.entries.map((e) => ({ id: e.id, canonical: e.canonical }))
		}
	};
};

export const actions = {
	suggest: async ({ params, request, cookies, url }) => {
		const library = appLibrary();
		const form = Object.fromEntries(
			[...((await request.formData().catch(() => undefined)) ?? new FormData())].map(([k, v]) => [
				k,
				typeof v === 'string' ? v : ''
			])
		);
		const stored = await readTranscript(params.slug, library.transcriptsDir);
		if (!stored)
			return fail(404, { suggest: { values: form, errors: { transcript: 'no such transcript' } } });
		const { glossary } = await library.glossary();
		const checked = checkSubmission(form, {
			transcriptText: prepareText(stored.text),
			entries: glossary.entries
		});
		if (!checked.ok) return fail(400, { suggest: { values: form, errors: checked.errors } });
		const submission = { ...checked.submission, transcript: params.slug };
		const { id } = appReview().store.suggest(submission);
		cookies.set(READER_COOKIE, submission.reader, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 60 * 60 * 24 * 365
		});
		return { suggest: { sent: id, text: submission.text } };
	}
} satisfies Actions;

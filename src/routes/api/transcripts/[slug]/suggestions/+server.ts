import { json } from '@sveltejs/kit';
import { transcriptOr404 } from '$lib/server/instance';
import type { RequestHandler } from './$types';

/** Garbles the glossary may be missing, as `npm run cli -- suggest` prints them. */
export const GET: RequestHandler = async ({ params }) =>
	json((await transcriptOr404(params.slug)).suggestions);

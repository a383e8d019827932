import { json } from '@sveltejs/kit';
import { transcriptOr404 } from '$lib/server/instance';
import type { RequestHandler } from './$types';

/** The document of the CLI's JSON contract (`npm run cli -- parse`). */
export const GET: RequestHandler = async ({ params }) =>
	json((await transcriptOr404(params.slug)).contract);

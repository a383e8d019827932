import { formatBytes } from '../view/format';
import { decodeText, prepareText, unreadableReason } from '../text/prepare';
import { MAX_TRANSCRIPT_BYTES } from './transcripts';

/** Room left in a request body for the form's other fields and multipart headers. */
const FORM_OVERHEAD = 64 * 1024;

/**
 * The largest transcript a request can carry: the app's own limit, or less when the server's
 * body limit (adapter-node's `BODY_SIZE_LIMIT`, 512K unless set) is smaller, so that the page
 * never promises more than the server accepts. `undefined` means no body limit (the dev server).
 */
export function uploadLimit(bodySizeLimit: string | undefined): number {
	if (bodySizeLimit === undefined) return MAX_TRANSCRIPT_BYTES;
	const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(bodySizeLimit.trim());
	if (!match)
		return bodySizeLimit.trim() === 'Infinity' ? MAX_TRANSCRIPT_BYTES : 512 * 1024 - FORM_OVERHEAD;
	const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase()]!;
	return Math.max(0, Math.min(MAX_TRANSCRIPT_BYTES, Number(match[1]) * unit - FORM_OVERHEAD));
}

/** A transcript a reader pasted or uploaded, checked; `error` says what is wrong in words. */
export type Submission = { text: string; name: string } | { error: string };

/**
 * Reads the add-transcript form: pasted text or a `.txt` file (not both), valid UTF-8,
 * within the size limit, not empty, not binary. The name for the slug comes from the
 * title field, else the file name, else the text's first line.
 */
export async function readSubmission(
	form: FormData,
	maxBytes = MAX_TRANSCRIPT_BYTES
): Promise<Submission> {
	const pasted = String(form.get('text') ?? '');
	const file = form.get('file');
	const upload = file instanceof File && file.size > 0 ? file : null;
	const title = String(form.get('title') ?? '').trim();
	if (upload && pasted.trim()) return { error: 'Paste text or choose a file, not both.' };
	if (!upload && !pasted.trim()) return { error: 'Paste a transcript or choose a .txt file.' };

	const size = upload ? upload.size : Buffer.byteLength(pasted);
	if (size > maxBytes) {
		return {
			error: `The transcript is ${formatBytes(size)}; the limit is ${formatBytes(maxBytes)}.`
		};
	}
	let text = pasted;
	if (upload) {
		if (!/\.txt$/i.test(upload.name)) return { error: `"${upload.name}" is not a .txt file.` };
		const decoded = decodeText(new Uint8Array(await upload.arrayBuffer()));
		if ('error' in decoded) return { error: `"${upload.name}" ${decoded.error}.` };
		text = decoded.text;
	}
	const unreadable = unreadableReason(text);
	if (unreadable) return { error: `Cannot read this transcript: ${unreadable}.` };
	const firstLine =
		prepareText(text)
			.split('\n')
			.find((l) => l.trim()) ?? '';
	const name = title || upload?.name.replace(/\.txt$/i, '') || firstLine.trim().slice(0, 80);
	return { text, name };
}

import { prepareText, unreadableReason } from '../text';
import { MAX_TRANSCRIPT_BYTES } from './transcripts';

/** A transcript a reader pasted or uploaded, checked; `error` says what is wrong in words. */
export type Submission = { text: string; name: string } | { error: string };

/**
 * Reads the add-transcript form: pasted text or a `.txt` file (not both), valid UTF-8,
 * within the size limit, not empty, not binary. The name for the slug comes from the
 * title field, else the file name, else the text's first line.
 */
export async function readSubmission(form: FormData): Promise<Submission> {
	const pasted = String(form.get('text') ?? '');
	const file = form.get('file');
	const upload = file instanceof File && file.size > 0 ? file : null;
	const title = String(form.get('title') ?? '').trim();
	if (upload && pasted.trim()) return { error: 'Paste text or choose a file, not both.' };
	if (!upload && !pasted.trim()) return { error: 'Paste a transcript or choose a .txt file.' };

	const size = upload ? upload.size : Buffer.byteLength(pasted);
	if (size > MAX_TRANSCRIPT_BYTES) {
		const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
		return {
			error: `The transcript is ${mb(size)} MB; the limit is ${mb(MAX_TRANSCRIPT_BYTES)} MB.`
		};
	}
	let text = pasted;
	if (upload) {
		if (!/\.txt$/i.test(upload.name)) return { error: `"${upload.name}" is not a .txt file.` };
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(await upload.arrayBuffer());
		} catch {
			return { error: `"${upload.name}" is not UTF-8 text.` };
		}
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

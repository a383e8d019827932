/**
 * Text as a user pastes or uploads it, made ready for offsets: no BOM, `\n` line ends, NFC.
 * Every offset the engine reports is a UTF-16 index into text prepared by this function.
 */
export function prepareText(input: string): string {
	let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	text = text.replace(/\r\n?/g, '\n');
	return text.normalize('NFC');
}

/** Why a text cannot be read as a transcript, or `undefined` when it can. */
export function unreadableReason(text: string): string | undefined {
	if (text.trim() === '') return 'the text is empty';
	// NUL and most C0 controls never occur in a real transcript; they mean a binary file.
	if (/[\u0000-\u0008\u000e-\u001f]/.test(text))
		return 'the text contains binary control characters';
	if (text.includes('\ufffd'))
		return 'the text is not valid UTF-8 (it contains replacement characters)';
	return undefined;
}

/**
 * Bytes of a transcript file as text: UTF-8, or UTF-16 when the file says so with its byte
 * order mark (as Windows editors save "Unicode" text). `error` completes "the file …".
 */
export function decodeText(bytes: Uint8Array): { text: string } | { error: string } {
	const bom =
		bytes[0] === 0xff && bytes[1] === 0xfe
			? 'le'
			: bytes[0] === 0xfe && bytes[1] === 0xff
				? 'be'
				: '';
	const encoding = bom ? `utf-16${bom}` : 'utf-8';
	if (!bom && looksLikeUtf16(bytes)) {
		return { error: 'looks like UTF-16 text without a byte order mark: save it as UTF-8' };
	}
	try {
		return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
	} catch {
		return { error: `is not ${encoding.toUpperCase()} text` };
	}
}

/** Text in UTF-16: in its first bytes, one of each pair is nearly always zero, the other never. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
	const sample = bytes.subarray(0, 4096);
	const zeros = [0, 0];
	sample.forEach((b, i) => b === 0 && zeros[i % 2]!++);
	const half = sample.length / 2;
	return half >= 4 && Math.max(...zeros) > half * 0.6 && Math.min(...zeros) < half * 0.05;
}

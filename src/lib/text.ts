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

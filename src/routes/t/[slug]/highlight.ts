/**
 * Highlights the words of a search in the text shown, with the CSS Custom Highlight API: no
 * element is added to the text, so marks, links and offsets are untouched. Words of two letters
 * or more, case-insensitive; the search itself is fuzzy (see `createBlockSearch`), so a turn may
 * be shown without a highlight (it matched a near spelling, or only its raw text).
 */
export function highlightSearch(root: HTMLElement, query: string): void {
	if (typeof CSS === 'undefined' || !('highlights' in CSS)) return;
	CSS.highlights.delete('search');
	const words = query
		.toLowerCase()
		.split(/\s+/)
		.filter((w) => w.length >= 2);
	if (words.length === 0) return;
	const ranges: Range[] = [];
	const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
	for (let node = walker.nextNode(); node; node = walker.nextNode()) {
		const text = node.nodeValue!.toLowerCase();
		for (const word of words) {
			for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
				const range = new Range();
				range.setStart(node, at);
				range.setEnd(node, at + word.length);
				ranges.push(range);
			}
		}
	}
	CSS.highlights.set('search', new Highlight(...ranges));
}

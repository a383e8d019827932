/** The one correction tooltip open on the page, shared by every correction. */
export class Tooltip {
	/** Anchor id of the correction whose tooltip shows, if any. */
	open = $state<string | null>(null);
}

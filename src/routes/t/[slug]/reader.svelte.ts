import { getContext, setContext, tick } from 'svelte';
import { pushState, replaceState } from '$app/navigation';
import { page } from '$app/state';
import { documentAnchorIds } from '$lib/document/anchors';
import type { Finding } from '$lib/document/finding';
import type { Quality } from '$lib/document/quality';
import type { EntryInfo } from '$lib/glossary/types';
import { createBlockSearch, queryProblem } from '$lib/view/search';
import type { MarkedBlock, MarkedDocument } from '$lib/document/model';
import type { View } from '$lib/view/views';

interface ReaderInput {
	doc: MarkedDocument;
	entries: Record<string, EntryInfo>;
	/** The view the URL asked for; shallow routing (`page.state.view`) overrides it. */
	view: View;
	query: string;
	speaker: string;
	/** Whether flags are shown (`?flags=off` hides them). */
	flags: boolean;
	quality: Quality;
}

/** A suggestion being written: the text, and what the reader says about it. */
export interface SuggestionDraft {
	text: string;
	kind: 'variant' | 'entry' | 'wrong';
	entry?: string;
}

/**
 * What the parts of the reader page share: the document, the view, the anchor id of every
 * finding, and the one tooltip open at a time. The page makes it; components get it by context.
 */
export class ReaderState {
	readonly doc: MarkedDocument;
	readonly entries: Record<string, EntryInfo>;
	readonly view: View;
	/** Whether the text shows flags. */
	readonly flags: boolean;
	/** Per turn number: its score and number of flags. */
	readonly turnQuality: Map<number, { score: number; flags: number }>;
	readonly quality: Quality;
	/** Anchor id of every finding, from its content (see `anchorIds`). */
	readonly ids: Map<Finding, string>;
	readonly speakerNames: Map<string, string>;
	/** One of three speaker styles, by order of appearance. */
	readonly speakerClass: Map<string, string>;
	/** Until JavaScript runs, the page offers only what works without it. */
	interactive = $state(false);
	/** The filters start from the URL (so they work without JavaScript), then follow the inputs. */
	query = $state('');
	speaker = $state('');
	readonly queryProblem = $derived(queryProblem(this.query));
	/** Indexes of the blocks the query matches, or null when there is no query. */
	readonly matches: Set<number> | null;
	#tooltip = $state<string | null>(null);
	/** The mark last hovered or focused: the page offers to report it. */
	current = $state<Finding | null>(null);
	/** What the "Suggest a fix" form starts from: a selection, a mark's action. */
	draft = $state<SuggestionDraft | null>(null);

	constructor(input: () => ReaderInput) {
		this.doc = $derived(input().doc);
		this.entries = $derived(input().entries);
		this.view = $derived(page.state.view ?? input().view);
		this.flags = $derived(input().flags);
		this.quality = $derived(input().quality);
		this.turnQuality = $derived(new Map(this.quality.turns.map((t) => [t.turn, t])));
		this.ids = $derived(documentAnchorIds(this.doc));
		this.speakerNames = $derived(new Map(this.doc.speakers.map((s) => [s.id, s.name])));
		this.speakerClass = $derived(
			new Map(this.doc.speakers.map((s, i) => [s.id, `speaker-${(i % 3) + 1}`]))
		);
		const search = $derived(createBlockSearch(this.doc.blocks));
		this.matches = $derived(search(this.query));
		this.query = input().query;
		this.speaker = input().speaker;
	}

	/** The query when it is one the search runs (not refused by `queryProblem`), else ''. */
	get problemFreeQuery(): string {
		return this.queryProblem ? '' : this.query.trim();
	}

	get filtering(): boolean {
		return Boolean(this.speaker) || this.matches !== null;
	}

	isVisible(block: MarkedBlock, index: number): boolean {
		return (
			(!this.speaker || block.speaker === this.speaker) &&
			(!this.matches || this.matches.has(index))
		);
	}

	/** This page's URL with some query parameters changed (the default view is left out). */
	urlWith(changes: Record<string, string>): string {
		const url = new URL(page.url);
		for (const [key, value] of Object.entries(changes)) {
			if (value && !(key === 'view' && value === 'inline')) url.searchParams.set(key, value);
			else url.searchParams.delete(key);
		}
		url.hash = '';
		return url.pathname + url.search;
	}

	/** Puts the filters in the URL without a navigation. */
	updateFilters(): void {
		replaceState(
			this.urlWith({ q: this.query.trim(), speaker: this.speaker, view: this.view }),
			page.state
		);
	}

	/** Switches views without a reload, keeping the block at the top of the screen where it was. */
	async switchView(next: View): Promise<void> {
		if (next === this.view) return;
		const blocks = [...document.querySelectorAll<HTMLElement>('.text > *')];
		const anchor = blocks.find((el) => el.getBoundingClientRect().bottom > 0);
		const before = anchor?.getBoundingClientRect().top ?? 0;
		pushState(this.urlWith({ view: next }), { view: next });
		await tick();
		if (anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - before);
	}

	/** The anchor id of the finding whose tooltip is open, if any. */
	get tooltip(): string | null {
		return this.#tooltip;
	}

	showTooltip(id: string): void {
		this.#tooltip = id;
		this.current = [...this.ids].find(([, i]) => i === id)?.[0] ?? null;
	}

	/** Closes the tooltip of `id`, or whichever is open. */
	hideTooltip(id?: string): void {
		if (id === undefined || this.#tooltip === id) this.#tooltip = null;
	}
}

const KEY = Symbol('reader');

export function setReader(reader: ReaderState): ReaderState {
	return setContext(KEY, reader);
}

export function getReader(): ReaderState {
	return getContext<ReaderState>(KEY);
}

import type { View } from '$lib/view/views';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		/** Shallow-routing state of the reader: the view switch changes it without a reload. */
		interface PageState {
			view?: View;
		}
	}
}

export {};

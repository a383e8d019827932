import { formatProblem } from '$lib/glossary/types';
import { appLibrary } from '$lib/server/instance';

export async function load() {
	const { glossary } = await appLibrary().glossary();
	return { glossaryProblems: glossary.problems.map((p) => formatProblem(p)) };
}

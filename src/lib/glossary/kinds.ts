/** The kinds of glossary entry: a module of its own so that pages need not load the schema (zod). */
export const KINDS = ['person', 'organization', 'place', 'term'] as const;
export type Kind = (typeof KINDS)[number];

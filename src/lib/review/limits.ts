/** The longest a suggestion's fields may be: the form and the server check share them. */
export const LIMITS = { text: 100, canonical: 100, source: 40, note: 500, reason: 500, reader: 60 };

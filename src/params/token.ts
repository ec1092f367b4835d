import type { ParamMatcher } from '@sveltejs/kit';

/** Personal-link tokens: lower-case base32, 20–64 characters. */
export const match: ParamMatcher = (param) => /^[a-z2-7]{20,64}$/.test(param);
